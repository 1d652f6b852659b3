"""Poison input: every bad message is dead-lettered with its reason, nothing after it is lost."""

from __future__ import annotations

import asyncio
import unicodedata

import orjson
import pytest

from workers.broker import EmbeddedBroker
from workers.kafka import produce
from workers.pipeline.route import Outbound

from .conftest import TopicSet, WorkerFactory
from .streams import events_of, read_until

pytestmark = pytest.mark.integration
KEY = b"poison-blog"


def page(stamp: str, headline: str, body: str = "Calm text.") -> bytes:
    return f"2024-07-01\n\n{stamp} GMT — {headline}\n\n{body}".encode()


def envelope(content: str, content_type: str = "text/html") -> bytes:
    return orjson.dumps({"blog_id": KEY.decode(), "content_type": content_type, "content": content})


def test_poison_messages_are_dead_lettered_and_the_stream_goes_on(
    broker: EmbeddedBroker, topics: TopicSet, start_worker: WorkerFactory
) -> None:
    deep = (
        "<div>" * 5_000
        + '<article><time datetime="2024-07-01T08:00:00Z"></time><h2>Deep entry</h2></article>'
        + "</div>" * 5_000
    )
    nasty = page(
        "0700", "Con\u202etrol\x07 chars", "Body\x00 with \u200fmarks\u200b and <b>tags</b>."
    )
    bad = [
        (b"\xff\xfe\x00 not utf-8", "UndecodableMessage"),
        (b"{not json", "InvalidEnvelope"),
        (b'{"blog_id": "poison-blog", "content": 42}', "InvalidEnvelope"),
        (b"", "EmptyMessage"),
        (b"just prose, no entry markers at all", "NoEntriesFound"),
        (b"0900 GMT - x\n\n" + b"y" * (5 * 1024 * 1024), "MessageTooLarge"),
        (
            page("2561", "Impossible time") + "\n\n0600 GMT — Partly good\n\nFine.".encode(),
            "InvalidEntry",
        ),
    ]
    good = [envelope(deep), nasty, page("1000", "After the poison")]
    records = [Outbound(topics.raw, KEY, value) for value, _ in bad] + [
        Outbound(topics.raw, KEY, v) for v in good
    ]
    asyncio.run(produce(broker.bootstrap_servers, records, max_request_size=8 * 1024 * 1024))
    worker = start_worker()

    def after_poison(recs):  # type: ignore[no-untyped-def]
        return "After the poison" in {e.headline for e in events_of(recs)}

    stored = events_of(
        asyncio.run(read_until(broker.bootstrap_servers, topics.storage, after_poison, timeout=120))
    )
    assert sorted(e.headline for e in stored) == [
        "After the poison",
        "Control chars",
        "Deep entry",
        "Partly good",
    ]
    [cleaned] = [e for e in stored if e.headline == "Control chars"]
    assert cleaned.body == "Body with marks and tags."
    assert not any(
        unicodedata.category(c) in ("Cc", "Cf")
        for c in cleaned.headline + cleaned.body.replace("\n", "")
    )

    dead = asyncio.run(
        read_until(broker.bootstrap_servers, topics.dlq, lambda r: len(r) >= len(bad), timeout=120)
    )
    classes = [
        dict(r.headers)["__connect.errors.exception.class.name"].decode().rsplit(".", 1)[-1]
        for r in dead
    ]
    assert classes == [name for _, name in bad]
    offsets = [int(dict(r.headers)["__connect.errors.offset"]) for r in dead]
    assert offsets == sorted(offsets)
    too_large = dead[5]
    assert (
        dict(too_large.headers)["__liveblog.errors.value.truncated.from"]
        == str(len(bad[5][0])).encode()
    )
    assert len(too_large.value) == 1_048_576
    assert worker.poll() is None, "the worker must survive all of it"

"""The whole worker, as a process, against a real Kafka-protocol broker (Tansu)."""

from __future__ import annotations

import asyncio
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime

import orjson
import pytest

from schemas import LiveBlogEvent
from workers.broker import EmbeddedBroker, free_port
from workers.demo import sample_files
from workers.inputs import raw_message_for
from workers.kafka import collect, partition_counts, produce
from workers.pipeline.process import Pipeline
from workers.pipeline.route import Outbound

from ..conftest import seed_document
from .conftest import TopicSet, WorkerFactory

pytestmark = pytest.mark.integration
TIMEOUT = 90.0


def _events(records: list) -> list[LiveBlogEvent]:  # type: ignore[type-arg]
    return [LiveBlogEvent.model_validate_json(record.value) for record in records]


# The seed's entries, newest first (its page has no date line: 2023-09-04 from context).
SEED_TIMES = ["20:31", "19:24", "12:10", "12:00", "11:38", "10:36", "10:04"]


def test_a_live_blog_page_gives_one_event_per_entry_with_utc_times(
    broker: EmbeddedBroker, topics: TopicSet, start_worker: WorkerFactory
) -> None:
    """The seed when it is beside the repo, else a shipped sample (crossing midnight): the
    worker's events are the offline pipeline's, one per entry, in UTC."""
    seed = seed_document()
    page = seed or next(path for path in sample_files() if path.name == "storm-surge.txt")
    message = raw_message_for(str(page), blog_id="seed-blog")
    offline = Pipeline().process(message, now=datetime.now(UTC))
    expected_alerts = sum(event.alert is not None for event in offline.events)

    asyncio.run(
        produce(broker.bootstrap_servers, [Outbound(topics.raw, message.key, message.value)])
    )
    start_worker()

    stored = asyncio.run(
        collect(
            broker.bootstrap_servers, [topics.storage], count=len(offline.events), timeout=TIMEOUT
        )
    )
    events = sorted(_events(stored), key=lambda e: e.published_at, reverse=True)
    assert [e.published_at for e in events] == [e.published_at for e in offline.events]
    if seed is not None:
        assert [e.published_at.strftime("%H:%M") for e in events] == SEED_TIMES
        assert {e.published_at.date().isoformat() for e in events} == {"2023-09-04"}
    else:
        assert len(events) == 8
        assert events[-1].published_at.date() < events[0].published_at.date()  # midnight
    assert all(
        record.key == e.event_id.encode() for record, e in zip(stored, _events(stored), strict=True)
    )
    assert {e.blog_id for e in events} == {"seed-blog"}
    assert all(e.origin is not None and e.origin.topic == topics.raw for e in events)
    assert [e.event_id for e in events] == [e.event_id for e in offline.events]
    raw_json = orjson.loads(stored[0].value)
    assert raw_json["published_at"].endswith("Z")

    alerts = asyncio.run(
        collect(broker.bootstrap_servers, [topics.alerts], count=expected_alerts, timeout=TIMEOUT)
    )
    assert len(alerts) == expected_alerts
    assert all(e.alert is not None for e in _events(alerts))
    # Nothing more than the alerting events reached the alert topic.
    extra = asyncio.run(
        collect(broker.bootstrap_servers, [topics.alerts], count=expected_alerts + 1, timeout=3)
    )
    assert len(extra) == expected_alerts


def test_bad_messages_are_dead_lettered_and_later_ones_still_processed(
    broker: EmbeddedBroker, topics: TopicSet, start_worker: WorkerFactory
) -> None:
    good = "date 2024-03-01\n\n0930 GMT — First good entry\n\nA calm paragraph.\n"
    later = "date 2024-03-01\n\n1015 GMT — Second good entry\n\nAnother calm paragraph.\n"
    key = b"dlq-blog"  # one key: one partition, so order is kept
    sent = [
        Outbound(topics.raw, key, good.encode(), (("trace-id", b"abc"),)),
        Outbound(topics.raw, key, b"\xff\xfe not utf-8"),
        Outbound(topics.raw, key, b'{"content": 42}'),
        Outbound(topics.raw, key, b"no markers here, only prose"),
        Outbound(topics.raw, key, later.encode()),
    ]
    asyncio.run(produce(broker.bootstrap_servers, sent))
    start_worker()

    stored = _events(
        asyncio.run(collect(broker.bootstrap_servers, [topics.storage], count=2, timeout=TIMEOUT))
    )
    # Events are keyed by event_id, so they may sit on different storage partitions.
    stored.sort(key=lambda e: e.published_at)
    assert [e.headline for e in stored] == ["First good entry", "Second good entry"]

    dead = asyncio.run(collect(broker.bootstrap_servers, [topics.dlq], count=3, timeout=TIMEOUT))
    assert [record.value for record in dead] == [sent[1].value, sent[2].value, sent[3].value]
    assert all(record.key == key for record in dead)
    headers = [dict(record.headers) for record in dead]
    assert [h["__connect.errors.exception.class.name"] for h in headers] == [
        b"workers.pipeline.errors.UndecodableMessage",
        b"workers.pipeline.errors.InvalidEnvelope",
        b"workers.pipeline.errors.NoEntriesFound",
    ]
    assert b"content" in headers[1]["__connect.errors.exception.message"]
    partition = str(stored[0].origin.partition).encode() if stored[0].origin else b""
    for offset, h in enumerate(headers, start=1):
        assert h["__connect.errors.topic"] == topics.raw.encode()
        assert h["__connect.errors.partition"] == partition
        assert h["__connect.errors.offset"] == str(offset).encode()
        assert int(h["__liveblog.errors.timestamp"]) > 0
    assert all(
        record.timestamp == int(h["__liveblog.errors.timestamp"])
        for record, h in zip(dead, headers, strict=True)
    )


def test_shipped_samples_flow_through_the_worker(
    broker: EmbeddedBroker, topics: TopicSet, start_worker: WorkerFactory
) -> None:
    messages = [raw_message_for(str(path)) for path in sample_files()]
    now = datetime.now(UTC)
    expected = [event for m in messages for event in Pipeline().process(m, now=now).events]
    assert len(expected) >= 10
    asyncio.run(
        produce(broker.bootstrap_servers, [Outbound(topics.raw, m.key, m.value) for m in messages])
    )
    start_worker()
    stored = _events(
        asyncio.run(
            collect(
                broker.bootstrap_servers, [topics.storage], count=len(expected), timeout=TIMEOUT
            )
        )
    )
    assert sorted(e.event_id for e in stored) == sorted(e.event_id for e in expected)
    assert {e.content_hash for e in stored} == {e.content_hash for e in expected}


def test_worker_declares_the_topics_it_owns_with_their_partitions(
    broker: EmbeddedBroker, start_worker: WorkerFactory
) -> None:
    prefix = f"declared-{time.monotonic_ns()}"
    names = {
        "LIVEBLOG_APP_ID": f"{prefix}-app",
        "LIVEBLOG_RAW_TOPIC": f"{prefix}.raw",
        "LIVEBLOG_STORAGE_TOPIC": f"{prefix}.storage",
        "LIVEBLOG_ALERTS_TOPIC": f"{prefix}.alerts",
        "LIVEBLOG_DLQ_TOPIC": f"{prefix}.dlq",
    }
    start_worker(LIVEBLOG_TOPIC_PARTITIONS="3", **names)

    async def declared() -> dict[str, int]:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            counts = await partition_counts(broker.bootstrap_servers)
            if all(topic in counts for topic in names.values() if "." in topic):
                return counts
            await asyncio.sleep(0.2)  # polling the broker's state, not waiting for time
        return await partition_counts(broker.bootstrap_servers)

    counts = asyncio.run(declared())
    assert {name: counts.get(name) for name in names.values() if "." in name} == {
        name: 3 for name in names.values() if "." in name
    }


def test_health_and_readiness_endpoints(
    broker: EmbeddedBroker, topics: TopicSet, start_worker: WorkerFactory
) -> None:
    port = free_port()
    worker = start_worker(LIVEBLOG_WEB_ENABLED="true", LIVEBLOG_WEB_PORT=str(port))

    def get(path: str) -> tuple[int, dict[str, object]]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
                return response.status, orjson.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, orjson.loads(error.read())
        except OSError:
            return 0, {}

    deadline = time.monotonic() + TIMEOUT
    status, body = get("/ready")
    while status != 200 and time.monotonic() < deadline and worker.poll() is None:
        time.sleep(0.2)  # polling an endpoint for a state change, bounded by the deadline
        status, body = get("/ready")
    assert (status, body) == (200, {"ready": True, "recovered": True, "rebalancing": False})
    assert get("/health") == (200, {"status": "ok"})

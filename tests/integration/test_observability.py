"""What consumers and operators see of a running worker: CloudEvents headers on its records,
Prometheus metrics at /metrics, JSON log lines."""

from __future__ import annotations

import asyncio
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from prometheus_client.parser import text_string_to_metric_families

from schemas import LiveBlogEvent
from workers.broker import EmbeddedBroker, free_port
from workers.demo import sample_files
from workers.inputs import raw_message_for
from workers.kafka import produce
from workers.pipeline.cloudevents import DEFAULT_DATASCHEMA
from workers.pipeline.process import Pipeline
from workers.pipeline.route import Outbound

from .conftest import TopicSet, WorkerFactory
from .streams import Record, read_until
from .waiting import eventually

pytestmark = pytest.mark.integration
TIMEOUT = 90.0
PREFIX = "com.example.news"


Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def scrape(port: int) -> tuple[str, Samples]:
    """The /metrics content type and every sample, keyed by name and sorted labels."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
            content_type = response.headers["Content-Type"]
            text = response.read().decode()
    except OSError:
        return "", {}
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }
    return content_type, samples


def total(samples: Samples, name: str, **labels: str) -> float:
    """The sum of ``name`` over the series whose labels include ``labels``."""
    return sum(
        value
        for (sample, series), value in samples.items()
        if sample == name and set(labels.items()) <= set(series)
    )


def test_cloudevents_headers_metrics_and_json_logs(
    broker: EmbeddedBroker, topics: TopicSet, start_worker: WorkerFactory, tmp_path: Path
) -> None:
    messages = [raw_message_for(str(path)) for path in sample_files()]
    now = datetime.now(UTC)
    outcomes = [Pipeline().process(m, now=now, require_blog_key=True) for m in messages]
    assert all(o.rekey is None and o.error is None for o in outcomes)
    rekey_envelope = orjson.dumps({
        "blog_id": "rekey-blog",
        "content": "date 2024-03-01\n\n0930 GMT — A calm entry\n\nNothing happened.\n",
    })  # fmt: skip
    sent = [
        *(Outbound(topics.raw, m.key, m.value) for m in messages),
        Outbound(topics.raw, b"bad-blog", b"\xff\xfe not utf-8"),
        Outbound(topics.raw, b"bad-blog", b'{"content": 42}'),
        Outbound(topics.raw, b"scraper-7", rekey_envelope),  # re-keyed, then processed
    ]
    expected_events = sum(len(o.events) for o in outcomes) + 1
    expected_alerts = sum(e.alert is not None for o in outcomes for e in o.events)
    assert expected_alerts > 0
    port = free_port()
    start_worker(
        LIVEBLOG_WEB_ENABLED="true",
        LIVEBLOG_WEB_PORT=str(port),
        LIVEBLOG_CLOUDEVENTS_TYPE_PREFIX=PREFIX,
        LIVEBLOG_LOG_FORMAT="json",
        LIVEBLOG_LOG_LEVEL="debug",  # a line per published event
    )
    asyncio.run(produce(broker.bootstrap_servers, sent))

    # ---- CloudEvents headers, read back from the broker ----
    def read(topic: str, count: int) -> list[Record]:
        return asyncio.run(
            read_until(
                broker.bootstrap_servers, topic, lambda rs: len(rs) >= count, timeout=TIMEOUT
            )
        )

    stored = read(topics.storage, expected_events)
    alerted = read(topics.alerts, expected_alerts)
    assert (len(stored), len(alerted)) == (expected_events, expected_alerts)
    for record, copy in [*((r, "storage") for r in stored), *((r, "alert") for r in alerted)]:
        event = LiveBlogEvent.model_validate_json(record.value)
        headers = {name: value.decode() for name, value in record.headers}
        assert len(headers) == len(record.headers), "a header is repeated"
        kind = "alert" if copy == "alert" else event.kind
        assert headers == {
            "ce_specversion": "1.0",
            "ce_id": f"{event.event_id}-{event.revision}" + ("-alert" if copy == "alert" else ""),
            "ce_source": f"/liveblog/{event.blog_id}",
            "ce_type": f"{PREFIX}.liveblog.{kind}",
            "ce_time": headers["ce_time"],
            "ce_dataschema": DEFAULT_DATASCHEMA,
            "content-type": "application/json",
        }
        assert headers["ce_time"].endswith("Z")
        assert datetime.fromisoformat(headers["ce_time"]) == event.published_at
    assert {LiveBlogEvent.model_validate_json(r.value).blog_id for r in stored} >= {"rekey-blog"}

    # ---- /metrics ----
    expected_consumed = len(sent) + 1  # the re-keyed message comes round again

    def settled(scraped: tuple[str, Samples]) -> bool:
        samples = scraped[1]
        lag = [v for (n, _), v in samples.items() if n == "liveblog_consumer_lag"]
        return (
            total(samples, "liveblog_records_produced_total", topic=topics.dlq) == 2
            and total(samples, "liveblog_processing_seconds_count") == expected_consumed
            and bool(lag)
            and sum(lag) == 0
        )

    content_type, samples = eventually(lambda: scrape(port), settled, "metrics")
    assert content_type.startswith("text/plain; version=")
    assert total(samples, "liveblog_messages_consumed_total") == expected_consumed
    assert total(samples, "liveblog_messages_consumed_total", topic=topics.raw) == expected_consumed
    produced = {
        topic: total(samples, "liveblog_records_produced_total", topic=topic)
        for topic in (topics.raw, topics.storage, topics.alerts, topics.dlq)
    }
    assert produced == {
        topics.raw: 1,
        topics.storage: expected_events,
        topics.alerts: expected_alerts,
        topics.dlq: 2,
    }
    assert total(samples, "liveblog_dead_letters_total", reason="UndecodableMessage") == 1
    assert total(samples, "liveblog_dead_letters_total", reason="InvalidEnvelope") == 1
    assert total(samples, "liveblog_dead_letters_total") == 2
    assert total(samples, "liveblog_rekeyed_messages_total") == 1
    assert total(samples, "liveblog_events_total", kind="entry.created") == expected_events
    assert total(samples, "liveblog_processing_seconds_bucket", le="+Inf") == expected_consumed
    lag_partitions = {
        dict(series)["partition"]
        for (name, series), _ in samples.items()
        if name == "liveblog_consumer_lag" and dict(series)["topic"] == topics.raw
    }
    assert lag_partitions, "no consumer lag series for the raw topic"

    # ---- JSON log lines ----
    log_path = tmp_path / "worker-0.log"

    def json_lines() -> list[dict[str, object]]:
        text = log_path.read_text(errors="replace")
        return [orjson.loads(line) for line in text.splitlines() if line.startswith("{")]

    def ours(lines: list[dict[str, object]], start: str) -> list[dict[str, object]]:
        return [
            line
            for line in lines
            if line["logger"] == "liveblog.worker" and str(line["message"]).startswith(start)
        ]

    lines = eventually(
        json_lines, lambda ls: len(ours(ls, "published")) >= expected_events, "log lines"
    )
    published = ours(lines, "published")
    assert len(published) == expected_events
    stored_ids = {LiveBlogEvent.model_validate_json(r.value).event_id for r in stored}
    assert {line["event_id"] for line in published} == stored_ids
    for line in published:
        assert line["topic"] == topics.raw
        assert isinstance(line["partition"], int)
        assert isinstance(line["offset"], int)
        assert line["level"] == "debug"
        assert line["blog_id"]
    dead = ours(lines, "dead-lettered")
    assert sorted(str(line["error"]) for line in dead) == ["InvalidEnvelope", "UndecodableMessage"]
    assert {line["blog_id"] for line in dead} == {"bad-blog"}
    assert all(line["level"] == "warning" and line["topic"] == topics.raw for line in dead)
    assert len({(line["partition"], line["offset"]) for line in dead}) == 2
    [rekeyed] = ours(lines, "re-keyed")
    assert (rekeyed["blog_id"], rekeyed["topic"]) == ("rekey-blog", topics.raw)
    # Faust's own log lines go through the same formatter.
    assert any(str(line["logger"]).startswith("faust") for line in lines)

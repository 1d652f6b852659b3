from datetime import UTC, datetime

from schemas import Alert, LiveBlogEvent
from workers.pipeline.errors import InvalidEnvelope
from workers.pipeline.model import RawMessage
from workers.pipeline.process import Outcome
from workers.pipeline.route import Topics, dead_letter, records_for, route_event

TOPICS = Topics(raw="r", storage="s", alerts="a", dlq="d")


def event(alert: Alert | None = None) -> LiveBlogEvent:
    stamp = datetime(2024, 1, 1, tzinfo=UTC)
    return LiveBlogEvent(
        event_id="f" * 32, kind="entry.created", revision=1, blog_id="b", published_at=stamp,
        headline="h", body="", severity=80 if alert else 0, alert=alert, content_hash="0" * 64,
        ingested_at=stamp, processed_at=stamp,
    )  # fmt: skip


def test_every_event_is_stored_keyed_by_event_id() -> None:
    [record] = route_event(event(), TOPICS)
    assert (record.topic, record.key) == ("s", b"f" * 32)
    assert LiveBlogEvent.model_validate_json(record.value) == event()


def test_alerting_events_also_go_to_alerts() -> None:
    alerting = event(Alert(level="high", reasons=["violence"]))
    assert [(r.topic, r.key) for r in route_event(alerting, TOPICS)] == [
        ("s", b"f" * 32),
        ("a", b"f" * 32),
    ]


def test_dead_letter_keeps_the_original_and_says_why() -> None:
    raw = RawMessage(
        value=b"{bad", key=b"k", headers=(("trace", b"1"),), topic="raw", partition=2, offset=7,
        timestamp=datetime(2024, 1, 1, 0, 0, 0, 123000, tzinfo=UTC),
    )  # fmt: skip
    record = dead_letter(raw, InvalidEnvelope("envelope: Invalid JSON"), topic="d", app_id="app")
    assert (record.topic, record.key, record.value) == ("d", b"k", b"{bad")
    assert record.timestamp_ms == 1704067200123
    assert dict(record.headers) == {
        "trace": b"1",
        "__connect.errors.topic": b"raw",
        "__connect.errors.partition": b"2",
        "__connect.errors.offset": b"7",
        "__connect.errors.connector.name": b"app",
        "__connect.errors.exception.class.name": b"workers.pipeline.errors.InvalidEnvelope",
        "__connect.errors.exception.message": b"envelope: Invalid JSON",
        "__liveblog.errors.timestamp": b"1704067200123",
    }


def test_dead_letter_message_is_bounded() -> None:
    record = dead_letter(
        RawMessage(value=b"x"), InvalidEnvelope("y" * 10_000), topic="d", app_id="a"
    )
    assert len(dict(record.headers)["__connect.errors.exception.message"]) <= 2_000 * 3
    assert "__connect.errors.offset" not in dict(record.headers)


def test_records_for_a_partly_bad_message() -> None:
    outcome = Outcome(events=[event()], error=InvalidEnvelope("e"))
    records = records_for(RawMessage(value=b"x"), outcome, topics=TOPICS, app_id="a")
    assert [r.topic for r in records] == ["s", "d"]


def test_a_message_keyed_by_something_else_is_rekeyed_by_blog_id() -> None:
    raw = RawMessage(value=b"{}", key=b"scraper-7", headers=(("h", b"1"),))
    [record] = records_for(raw, Outcome(rekey="blog-1"), topics=TOPICS, app_id="a")
    assert (record.topic, record.key, record.value) == ("r", b"blog-1", b"{}")
    assert record.headers == (("h", b"1"), ("__liveblog.rekeyed.from", b"scraper-7"))


def test_oversized_dead_letter_value_is_cut_and_says_so() -> None:
    raw = RawMessage(value=b"x" * 5_000, topic="raw", partition=0, offset=1)
    record = dead_letter(raw, InvalidEnvelope("big"), topic="d", app_id="a", max_value_bytes=1_000)
    assert record.value == b"x" * 1_000
    assert dict(record.headers)["__liveblog.errors.value.truncated.from"] == b"5000"

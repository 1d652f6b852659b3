"""The whole pure pipeline on one message: what the worker and ``liveblog parse`` run."""

from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from workers.pipeline.errors import InternalError, InvalidEntry, NoEntriesFound, SchemaViolation
from workers.pipeline.model import RawMessage
from workers.pipeline.process import Pipeline

NOW = datetime(2024, 3, 12, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(alert_threshold=60)


def text_message(text: str, key: bytes = b"blog", **kwargs: object) -> RawMessage:
    return RawMessage(value=text.encode(), key=key, **kwargs)  # type: ignore[arg-type]


def test_seed_document(pipeline: Pipeline, seed_path: Path) -> None:
    outcome = pipeline.process(RawMessage(seed_path.read_bytes(), key=b"seed"), now=NOW)
    assert outcome.error is None
    assert [e.published_at.strftime("%Y-%m-%d %H:%M") for e in outcome.events] == [
        "2023-09-04 20:31", "2023-09-04 19:24", "2023-09-04 12:10", "2023-09-04 12:00",
        "2023-09-04 11:38", "2023-09-04 10:36", "2023-09-04 10:04",
    ]  # fmt: skip
    for event in outcome.events:
        assert "More updates" not in event.body
        assert "Related Live blog" not in event.body
    romania = outcome.events[5]
    assert any(
        q.speaker == "Luminita Odobescu" and q.text.startswith("We have seen")
        for q in romania.quotes
    )
    assert "We have seen that Russia" not in romania.body
    assert len({e.event_id for e in outcome.events}) == 7


def test_fixture_text_and_html_pages_agree(pipeline: Pipeline, fixtures_dir: Path) -> None:
    text = pipeline.process(text_message((fixtures_dir / "harbour-fire.txt").read_text()), now=NOW)
    html_value = orjson.dumps(
        {
            "blog_id": "blog",
            "content_type": "text/html",
            "content": (fixtures_dir / "harbour-fire.html").read_text(),
        }
    )
    html = pipeline.process(RawMessage(html_value), now=NOW)
    assert text.error is None
    assert html.error is None
    # The same entries at the same instants get the same ids, whatever the format.
    assert [e.event_id for e in text.events] == [e.event_id for e in html.events]


def test_event_ids_are_stable_across_snapshots_and_edits(pipeline: Pipeline) -> None:
    first = "2024-03-12\n\n0900 GMT — Older entry\n\nBody one.\n\n0800 GMT — Oldest\n\nBody."
    later = (
        "2024-03-12\n\n1000 GMT — Brand new\n\nNew body.\n\n"
        "0900 GMT — Older entry, headline edited\n\nBody one, corrected.\n\n0800 GMT — Oldest\n\nBody."
    )
    a = pipeline.process(text_message(first), now=NOW).events
    b = pipeline.process(text_message(later), now=NOW).events
    assert [e.event_id for e in b[1:]] == [e.event_id for e in a]
    assert b[1].content_hash != a[0].content_hash
    assert b[2].content_hash == a[1].content_hash
    other_blog = pipeline.process(text_message(first, key=b"other"), now=NOW).events
    assert {e.event_id for e in other_blog}.isdisjoint({e.event_id for e in a})


def test_entries_sharing_a_minute_get_distinct_stable_ids(pipeline: Pipeline) -> None:
    one = "2024-03-12\n\n0900 GMT — Second at nine\n\nB.\n\n0900 GMT — First at nine\n\nA."
    two = "2024-03-12\n\n0900 GMT — Third at nine\n\nC.\n\n" + one.split("\n\n", 1)[1]
    a = pipeline.process(text_message(one), now=NOW).events
    b = pipeline.process(text_message(two), now=NOW).events
    assert len({e.event_id for e in a}) == 2
    assert [e.event_id for e in b[1:]] == [e.event_id for e in a]


def test_no_date_line_uses_fetched_at_then_message_time(pipeline: Pipeline) -> None:
    text = "2350 GMT — Late entry\n\nBody."
    by_envelope = pipeline.process(
        RawMessage(
            orjson.dumps({"blog_id": "b", "fetched_at": "2024-03-12T00:10:00Z", "content": text})
        ),
        now=NOW,
    )
    assert by_envelope.events[0].published_at == datetime(2024, 3, 11, 23, 50, tzinfo=UTC)
    by_timestamp = pipeline.process(
        text_message(text, timestamp=datetime(2024, 5, 1, 23, 59, tzinfo=UTC)), now=NOW
    )
    assert by_timestamp.events[0].published_at == datetime(2024, 5, 1, 23, 50, tzinfo=UTC)
    assert by_timestamp.events[0].ingested_at == datetime(2024, 5, 1, 23, 59, tzinfo=UTC)


def test_origin_is_set_from_the_kafka_position(pipeline: Pipeline) -> None:
    raw = text_message("0900 GMT — H\n\nB.", topic="liveblog.raw", partition=3, offset=42)
    [event] = pipeline.process(raw, now=NOW).events
    assert event.origin is not None
    assert (event.origin.topic, event.origin.partition, event.origin.offset) == (
        "liveblog.raw",
        3,
        42,
    )
    [offline] = pipeline.process(text_message("0900 GMT — H\n\nB."), now=NOW).events
    assert offline.origin is None
    assert offline.processed_at == NOW


def test_partly_bad_page_keeps_good_entries_and_reports_the_rest(pipeline: Pipeline) -> None:
    text = "2024-03-12\n\n1000 GMT — Fine\n\nOk.\n\n2561 GMT — Impossible\n\nLost."
    outcome = pipeline.process(text_message(text), now=NOW)
    assert [e.headline for e in outcome.events] == ["Fine"]
    assert isinstance(outcome.error, InvalidEntry)
    assert "1 of 2 entries skipped" in str(outcome.error)
    assert "2561 GMT" in str(outcome.error)


def test_entry_breaking_the_schema_is_a_schema_violation(pipeline: Pipeline) -> None:
    outcome = pipeline.process(text_message("0900 GMT — " + "x" * 2_000 + "\n\nBody."), now=NOW)
    assert outcome.events == []
    assert isinstance(outcome.error, SchemaViolation)
    assert "headline" in str(outcome.error)


def test_page_without_entries(pipeline: Pipeline) -> None:
    outcome = pipeline.process(text_message("Nothing to see here."), now=NOW)
    assert outcome.events == []
    assert isinstance(outcome.error, NoEntriesFound)


def test_a_bug_is_dead_lettered_not_raised(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("workers.pipeline.process.parse_text", broken)
    outcome = pipeline.process(text_message("0900 GMT — H\n\nB."), now=NOW)
    assert isinstance(outcome.error, InternalError)
    assert str(outcome.error) == "ZeroDivisionError: boom"

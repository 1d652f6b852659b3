"""Snapshots, deduplication and revisions, on the pure pipeline with a dict as memory."""

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from workers.pipeline.errors import InvalidEntry, MessageTooLarge
from workers.pipeline.model import RawMessage
from workers.pipeline.process import Limits, Outcome, Pipeline
from workers.pipeline.state import BlogMemory

NOW = datetime(2024, 3, 12, 12, 0, tzinfo=UTC)


def page(*entries: tuple[str, str, str]) -> RawMessage:
    """A plain-text snapshot of (HHMM, headline, body) entries, newest first."""
    text = "2024-03-12\n\n" + "\n\n".join(f"{t} GMT — {h}\n\n{b}" for t, h, b in entries)
    return RawMessage(value=text.encode(), key=b"blog")


def run(
    pipeline: Pipeline, raw: RawMessage, memory: dict[str, Any], require_blog_key: bool = False
) -> Outcome:
    """Process and, as the worker does once events are published, remember."""
    outcome = pipeline.process(raw, now=NOW, memory=memory, require_blog_key=require_blog_key)
    outcome.remember(memory)
    return outcome


@pytest.fixture
def pipeline() -> Pipeline:
    return Pipeline()


OLD = ("0900", "Ferry sinks", "All passengers rescued.")
NEWER = ("1000", "Second update", "More details.")


def test_polling_the_same_page_gives_one_event_per_entry(pipeline: Pipeline) -> None:
    memory: dict[str, Any] = {}
    counts = [len(run(pipeline, page(NEWER, OLD), memory).events) for _ in range(100)]
    assert counts == [2] + [0] * 99
    assert run(pipeline, page(NEWER, OLD), memory).unchanged == 2


def test_new_entry_on_top_is_the_only_event(pipeline: Pipeline) -> None:
    memory: dict[str, Any] = {}
    [first] = run(pipeline, page(OLD), memory).events
    [added] = run(pipeline, page(NEWER, OLD), memory).events
    assert (added.headline, added.kind, added.revision) == ("Second update", "entry.created", 1)
    assert added.event_id != first.event_id


def test_edits_are_revisions_of_the_same_entry(pipeline: Pipeline) -> None:
    memory: dict[str, Any] = {}
    [created] = run(pipeline, page(OLD), memory).events
    edited = ("0900", "Ferry sinks off Crete", "All passengers rescued.")
    [update] = run(pipeline, page(edited), memory).events
    assert (update.kind, update.revision, update.event_id) == ("entry.updated", 2, created.event_id)
    assert update.headline == "Ferry sinks off Crete"
    assert update.content_hash != created.content_hash
    assert run(pipeline, page(edited), memory).events == []
    [back] = run(pipeline, page(OLD), memory).events
    assert (back.kind, back.revision) == ("entry.updated", 3)


def test_processing_never_writes_memory_itself(pipeline: Pipeline) -> None:
    memory: dict[str, Any] = {}
    outcome = pipeline.process(page(OLD), now=NOW, memory=memory)
    assert memory == {}
    assert outcome.memory_update is not None
    outcome.remember(memory)
    assert pipeline.process(page(OLD), now=NOW, memory=memory).memory_update is None


def test_memory_survives_a_json_round_trip(pipeline: Pipeline) -> None:
    memory: dict[str, Any] = {}
    run(pipeline, page(NEWER, OLD), memory)
    restored = json.loads(json.dumps(memory))
    assert pipeline.process(page(NEWER, OLD), now=NOW, memory=restored).events == []


def test_blogs_are_remembered_separately(pipeline: Pipeline) -> None:
    memory: dict[str, Any] = {}
    run(pipeline, page(OLD), memory)
    other = RawMessage(value=page(OLD).value, key=b"other-blog")
    assert len(run(pipeline, other, memory).events) == 1
    assert set(memory) == {"blog", "other-blog"}


def test_unchanged_polls_do_not_rewrite_memory(pipeline: Pipeline) -> None:
    writes: list[str] = []

    class Recording(dict[str, Any]):
        def __setitem__(self, key: str, value: Any) -> None:
            writes.append(key)
            super().__setitem__(key, value)

    memory = Recording()
    for _ in range(5):
        run(pipeline, page(NEWER, OLD), memory)
    assert writes == ["blog"]


def test_entries_beyond_the_horizon_are_forgotten_and_never_reannounced() -> None:
    pipeline = Pipeline(limits=Limits(horizon_seconds=3600))
    memory: dict[str, Any] = {}
    early = ("0700", "Early", "x.")
    assert len(run(pipeline, page(early), memory).events) == 1
    late = ("0930", "Late", "y.")
    assert [e.headline for e in run(pipeline, page(late, early), memory).events] == ["Late"]
    state = BlogMemory.load(memory["blog"])
    assert len(state.entries) == 1  # "Early" is 2.5 h older than "Late": forgotten
    assert state.cut == int(datetime(2024, 3, 12, 8, 30, tzinfo=UTC).timestamp())
    # Re-sent, or even edited, it stays forgotten rather than being announced again.
    edited_early = ("0700", "Early, edited", "x!")
    assert run(pipeline, page(late, edited_early), memory).events == []


def test_a_new_blog_backfill_is_announced_whatever_its_age() -> None:
    pipeline = Pipeline(limits=Limits(horizon_seconds=3600))
    entries = [(f"{h:02d}00", f"Entry {h}", "z.") for h in range(11, 0, -1)]
    assert len(pipeline.process(page(*entries), now=NOW, memory={}).events) == 11


def test_remembered_entries_per_blog_are_capped() -> None:
    pipeline = Pipeline(limits=Limits(max_remembered_entries=3))
    memory: dict[str, Any] = {}
    entries = [(f"{h:02d}00", f"Entry {h}", "z.") for h in range(9, 3, -1)]
    run(pipeline, page(*entries), memory)
    assert sorted(BlogMemory.load(memory["blog"]).entries.values(), key=lambda e: e[2])[0][
        2
    ] == int((datetime(2024, 3, 12, 7, tzinfo=UTC)).timestamp())
    assert len(BlogMemory.load(memory["blog"]).entries) == 3


def test_unknown_memory_values_count_as_empty(pipeline: Pipeline) -> None:
    memory: dict[str, Any] = {"blog": {"v": 99}}
    assert len(run(pipeline, page(OLD), memory).events) == 1


def test_too_many_entries_keeps_the_newest_and_reports_the_rest() -> None:
    pipeline = Pipeline(limits=Limits(max_entries_per_message=2))
    entries = [("1100", "A", "a."), ("1000", "B", "b."), ("0900", "C", "c.")]
    outcome = pipeline.process(page(*entries), now=NOW)
    assert [e.headline for e in outcome.events] == ["A", "B"]
    assert isinstance(outcome.error, InvalidEntry)
    assert "1 entries beyond the limit of 2" in str(outcome.error)


def test_too_large_message_is_not_parsed() -> None:
    pipeline = Pipeline(limits=Limits(max_message_bytes=2_000))
    big = RawMessage(value=b"0900 GMT - x\n\n" + b"y" * 5_000, key=b"blog")
    outcome = pipeline.process(big, now=NOW)
    assert outcome.events == []
    assert isinstance(outcome.error, MessageTooLarge)


def test_a_message_not_keyed_by_its_blog_is_returned_for_rekeying(pipeline: Pipeline) -> None:
    value = json.dumps({"blog_id": "b-7", "content": "0900 GMT — H\n\nB."}).encode()
    memory: dict[str, Any] = {}
    outcome = run(pipeline, RawMessage(value=value, key=b"x"), memory, require_blog_key=True)
    assert (outcome.rekey, outcome.events, memory) == ("b-7", [], {})
    keyed = run(pipeline, RawMessage(value=value, key=b"b-7"), memory, require_blog_key=True)
    assert (keyed.rekey, len(keyed.events)) == (None, 1)


def test_decide_and_prune_directly() -> None:
    memory = BlogMemory()
    stamp = datetime(2024, 1, 1, tzinfo=UTC)
    decision = memory.decide("a" * 32, "f" * 64, stamp)
    assert decision is not None
    assert (decision.kind, decision.revision) == ("entry.created", 1)
    memory.remember("a" * 32, 1, "f" * 64, stamp)
    memory.remember("b" * 32, 1, "e" * 64, stamp + timedelta(hours=5))
    memory.prune(horizon_seconds=3600, max_entries=10)
    assert list(memory.entries) == ["b" * 32]
    assert memory.decide("a" * 32, "f" * 64, stamp) is None


def test_a_reworded_page_text_with_the_same_wording_is_no_update(pipeline: Pipeline) -> None:
    memory: dict[str, Any] = {}
    run(pipeline, page(OLD), memory)
    [(fingerprint_before)] = [item[3] for item in memory["blog"]["e"].values()]
    # Extra spaces inside the body change the page text, not what a reader sees.
    spaced = ("0900", "Ferry sinks", "All   passengers\nrescued.")
    outcome = run(pipeline, page(spaced), memory)
    assert (outcome.events, outcome.unchanged) == ([], 1)
    [(fingerprint_after)] = [item[3] for item in memory["blog"]["e"].values()]
    assert fingerprint_after != fingerprint_before  # the next poll is recognised unread
    assert pipeline.process(page(spaced), now=NOW, memory=memory).memory_update is None


def test_memory_written_before_fingerprints_still_deduplicates(pipeline: Pipeline) -> None:
    memory: dict[str, Any] = {}
    run(pipeline, page(NEWER, OLD), memory)
    legacy = {
        "v": 1,
        "cut": memory["blog"]["cut"],
        "e": {event_id: item[:3] for event_id, item in memory["blog"]["e"].items()},
    }
    memory = {"blog": legacy}
    outcome = run(pipeline, page(NEWER, OLD), memory)
    assert (outcome.events, outcome.unchanged) == ([], 2)
    assert all(len(item) == 4 and item[3] for item in memory["blog"]["e"].values())
    assert legacy["e"] != memory["blog"]["e"]  # the stored value itself was not modified


def test_an_edit_is_found_whether_or_not_the_entry_was_read(pipeline: Pipeline) -> None:
    memory: dict[str, Any] = {}
    run(pipeline, page(NEWER, OLD), memory)
    edited = ("0900", "Ferry sinks", "All passengers rescued, one missing.")
    [update] = run(pipeline, page(NEWER, edited), memory).events
    assert (update.kind, update.revision, update.body) == (
        "entry.updated", 2, "All passengers rescued, one missing.",
    )  # fmt: skip

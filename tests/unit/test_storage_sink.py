"""examples/storage_sink.py's upsert, on an in-memory SQLite database."""

from __future__ import annotations

import importlib.util
import sqlite3
from datetime import UTC, datetime
from types import ModuleType

import pytest

from schemas import LiveBlogEvent
from tests.conftest import REPO_ROOT


def load_sink() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "storage_sink", REPO_ROOT / "examples" / "storage_sink.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SINK = load_sink()
STAMP = datetime(2024, 1, 1, 9, 30, tzinfo=UTC)


def value(event_id: str, revision: int, headline: str) -> bytes:
    return LiveBlogEvent(
        event_id=event_id, kind="entry.created" if revision == 1 else "entry.updated",
        revision=revision, blog_id="b", published_at=STAMP, headline=headline, body="",
        severity=0, content_hash="0" * 64, ingested_at=STAMP, processed_at=STAMP,
    ).model_dump_json().encode()  # fmt: skip


def rows(connection: sqlite3.Connection) -> list[tuple[object, ...]]:
    return connection.execute(
        "SELECT event_id, revision, headline FROM t ORDER BY event_id"
    ).fetchall()


def test_highest_revision_wins_whatever_the_order() -> None:
    connection = sqlite3.connect(":memory:")
    sink = SINK.Sink(connection, "t", "?")
    a1, a2, b1 = value("a" * 32, 1, "first"), value("a" * 32, 2, "edited"), value("b" * 32, 1, "b")
    assert sink.write([a1, b1, a2]) == 3
    expected = [("a" * 32, 2, "edited"), ("b" * 32, 1, "b")]
    assert rows(connection) == expected
    # Re-delivery, in any order, of older and equal revisions changes nothing.
    sink.write([a2, a1, b1])
    sink.write([a1])
    assert rows(connection) == expected
    [stored] = connection.execute("SELECT event FROM t WHERE event_id = ?", ["a" * 32]).fetchone()
    assert stored.encode() == a2


def test_table_name_must_be_a_plain_identifier() -> None:
    with pytest.raises(ValueError, match="identifier"):
        SINK.Sink(sqlite3.connect(":memory:"), "t; DROP TABLE x", "?")

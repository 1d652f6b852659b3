"""Deterministic live-blog workloads for the throughput benchmark (``bench/run.py``).

Entries are recombined from the shipped samples and the dev set (real headlines, real
paragraphs, so enrichment does its usual work), about 100 words each, in many blogs keyed
by blog id:

- :func:`single_entries`: workload (a), one plain-text entry per message;
- :class:`Poller`: workload (b), each message a 50-entry snapshot of one blog, newest
  first; each poll adds 1-3 new entries at the top and now and then edits one.

Everything is derived from a seed, so every contestant gets byte-identical input.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from workers.demo import sample_files
from workers.inputs import raw_message_for
from workers.pipeline.model import RawMessage
from workers.pipeline.process import Pipeline

# The first batch of the dev set: the corpus the benchmark figures were first taken with.
DEVSET = Path(__file__).resolve().parent / "devset" / "batch1.jsonl"
BASE = datetime(2024, 3, 12, 6, 0, tzinfo=UTC)
SNAPSHOT_ENTRIES = 50
TARGET_WORDS = 100


@dataclass(frozen=True, slots=True)
class Message:
    """One raw record: its key (the blog id), value, and how many entries / events it holds."""

    key: bytes
    value: bytes
    entries: int
    new_events: int


@cache
def corpus() -> tuple[list[str], list[str]]:
    """Headlines and body paragraphs of the samples and the dev set, as the pipeline sees them."""
    pipeline = Pipeline()
    now = datetime(2024, 6, 1, 12, tzinfo=UTC)
    raws = [raw_message_for(str(path)) for path in sample_files()]
    raws += [
        RawMessage(value=json.loads(line)["content"].encode(), key=b"dev")
        for line in DEVSET.read_text(encoding="utf-8").splitlines()
    ]
    headlines: list[str] = []
    paragraphs: list[str] = []
    for raw in raws:
        for event in pipeline.process(raw, now=now).events:
            headlines.append(event.headline)
            paragraphs.extend(p for p in event.body.split("\n\n") if p.strip())
    return sorted(set(headlines)), sorted(set(paragraphs))


@dataclass(slots=True)
class Entry:
    published_at: datetime
    headline: str
    paragraphs: list[str]

    def render(self) -> str:
        body = "\n\n".join(self.paragraphs)
        return f"{self.published_at:%H%M} GMT — {self.headline}\n\n{body}\n"


def _entry(rng: random.Random, published_at: datetime) -> Entry:
    headlines, paragraphs = corpus()
    chosen: list[str] = []
    words = 0
    while words < TARGET_WORDS - 15:
        paragraph = rng.choice(paragraphs)
        if paragraph in chosen:
            continue
        chosen.append(paragraph)
        words += len(paragraph.split())
    return Entry(published_at, rng.choice(headlines), chosen)


def blog_id(index: int) -> str:
    return f"blog-{index:05d}"


class SingleEntries:
    """Workload (a): one entry per message, blogs interleaved, each blog's clock advancing."""

    def __init__(self, seed: int, blogs: int) -> None:
        self._rng = random.Random(seed)
        self._clocks = [BASE + timedelta(minutes=index % 600) for index in range(blogs)]

    def take(self, count: int) -> list[Message]:
        messages = []
        for _ in range(count):
            index = self._rng.randrange(len(self._clocks))
            self._clocks[index] += timedelta(minutes=self._rng.randint(1, 9))
            entry = _entry(self._rng, self._clocks[index])
            value = f"date {entry.published_at:%Y-%m-%d}\n\n{entry.render()}".encode()
            messages.append(Message(blog_id(index).encode(), value, 1, 1))
        return messages


@dataclass(slots=True)
class _Blog:
    key: bytes
    clock: datetime
    entries: list[Entry] = field(default_factory=list)  # newest first
    polls: int = 0


class Poller:
    """Workload (b): snapshots of the newest 50 entries of each blog, polled round-robin.

    The first poll of a blog announces its 50 entries; each later poll adds 1-3 new entries
    at the top and, one time in six, edits one older entry still on the page.
    """

    def __init__(self, seed: int, blogs: int) -> None:
        self._rng = random.Random(seed)
        self._blogs = [
            _Blog(blog_id(index).encode(), BASE + timedelta(minutes=7 * (index % 60)))
            for index in range(blogs)
        ]
        self._order: list[_Blog] = []

    def _poll(self, blog: _Blog) -> Message:
        rng = self._rng
        fresh = SNAPSHOT_ENTRIES if blog.polls == 0 else rng.randint(1, 3)
        for _ in range(fresh):
            blog.clock += timedelta(minutes=rng.randint(2, 7))
            blog.entries.insert(0, _entry(rng, blog.clock))
        del blog.entries[SNAPSHOT_ENTRIES:]
        edited = 0
        if blog.polls > 0 and rng.random() < 1 / 6:
            target = blog.entries[rng.randrange(fresh, len(blog.entries))]
            replacement = rng.choice([p for p in corpus()[1] if p not in target.paragraphs])
            target.paragraphs = [*target.paragraphs[:-1], replacement]
            edited = 1
        blog.polls += 1
        page = "\n".join(entry.render() for entry in blog.entries)
        value = f"date {blog.entries[0].published_at:%Y-%m-%d}\n\n{page}".encode()
        return Message(blog.key, value, len(blog.entries), fresh + edited)

    def take(self, count: int) -> list[Message]:
        """The next ``count`` snapshots: every blog once, in a shuffled order, then again."""
        messages = []
        for _ in range(count):
            if not self._order:
                self._order = list(self._blogs)
                self._rng.shuffle(self._order)
            messages.append(self._poll(self._order.pop()))
        return messages

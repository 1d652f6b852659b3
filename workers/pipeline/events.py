"""Parsed entries → enriched, validated :class:`LiveBlogEvent` objects."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from pydantic import ValidationError

from schemas import LiveBlogEvent, Origin, Quote
from schemas.event import EventKind
from workers.pipeline.enrich import Enricher
from workers.pipeline.identity import event_id
from workers.pipeline.model import Document, Entry, ParsedEntry, RawMessage


def _merge_quotes(first: list[Quote], second: list[Quote]) -> list[Quote]:
    seen: set[str] = set()
    merged: list[Quote] = []
    for quote in (*first, *second):
        if quote.text not in seen:
            seen.add(quote.text)
            merged.append(quote)
    return merged


def with_positions(entries: Sequence[Entry]) -> list[tuple[Entry, int]]:
    """Pair each entry with its index among entries of the same timestamp, oldest first.

    Pages list entries newest first, so counting from the bottom keeps an entry's index
    stable when newer entries with the same timestamp are added above it.
    """
    counts: Counter[datetime] = Counter()
    positions = [0] * len(entries)
    for index in range(len(entries) - 1, -1, -1):
        stamp = entries[index].published_at
        positions[index] = counts[stamp]
        counts[stamp] += 1
    return list(zip(entries, positions, strict=True))


@dataclass(frozen=True, slots=True)
class Identified:
    """An entry with its stable id."""

    entry: Entry
    event_id: str


def identify(blog_id: str, entries: Sequence[Entry]) -> list[Identified]:
    """Ids for a page's entries: cheap, before any entry is read in full."""
    return [
        Identified(entry=entry, event_id=event_id(blog_id, entry.published_at, position))
        for entry, position in with_positions(entries)
    ]


def build_event(
    entry: ParsedEntry,
    *,
    event_id: str,
    content_hash: str,
    kind: EventKind,
    revision: int,
    document: Document,
    raw: RawMessage,
    enricher: Enricher,
    now: datetime,
) -> LiveBlogEvent:
    """One enriched, validated event for one entry; raises ``pydantic.ValidationError``."""
    body = entry.body
    found = enricher.enrich(entry.headline, body, entry.pull_quotes)
    quotes = _merge_quotes(found.pull_quotes, found.quotes)
    origin = None
    if raw.topic is not None and raw.partition is not None and raw.offset is not None:
        origin = Origin(topic=raw.topic, partition=raw.partition, offset=raw.offset)
    return LiveBlogEvent(
        event_id=event_id,
        kind=kind,
        revision=revision,
        blog_id=document.blog_id,
        source=document.source,
        url=document.url,
        published_at=entry.published_at,
        headline=entry.headline,
        body=body,
        quotes=quotes,
        people=found.people,
        organizations=found.organizations,
        locations=found.locations,
        attributions=found.attributions,
        topics=found.topics,
        event_type=found.event_type,
        tone=found.tone,
        severity=found.severity,
        alert=enricher.alert_for(found),
        content_hash=content_hash,
        ingested_at=raw.timestamp or now,
        processed_at=now,
        origin=origin,
    )


def describe_validation_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}"

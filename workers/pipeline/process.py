"""One raw message in, events and (maybe) a failure out. Never raises for bad input."""

from __future__ import annotations

import logging
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from schemas import LiveBlogEvent
from workers.pipeline.decode import decode
from workers.pipeline.enrich import Enricher
from workers.pipeline.errors import (
    InternalError,
    InvalidEntry,
    MessageTooLarge,
    ParseError,
    SchemaViolation,
)
from workers.pipeline.events import build_event, describe_validation_error, identify
from workers.pipeline.html import parse_html
from workers.pipeline.identity import content_hash
from workers.pipeline.model import Document, Page, RawMessage
from workers.pipeline.state import BlogMemory
from workers.pipeline.text import parse_text
from workers.settings import Settings

log = logging.getLogger("liveblog.pipeline")

Memory = MutableMapping[str, Any]
"""Per-blog state, keyed by blog id: a dict offline, a Faust table in the worker."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one message may cost, and on what is remembered per blog."""

    max_message_bytes: int = 1_048_576
    max_entries_per_message: int = 500
    horizon_seconds: int = 7 * 24 * 3600
    max_remembered_entries: int = 5_000


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of a raw message.

    ``error`` is set when the message, or part of it, could not be used: with no events
    the whole message failed; with events, only the entries it describes were skipped.
    ``rekey`` is set when the message's key is not its blog id: it must be re-published
    under that key (so every message of a blog, and its state, share one partition).
    ``memory_update`` is the blog's new memory; store it with :meth:`remember` only once
    the events are safely published, or a crash in between would lose them.
    """

    events: list[LiveBlogEvent] = field(default_factory=list)
    error: ParseError | None = None
    rekey: str | None = None
    unchanged: int = 0
    """Entries already announced in the same wording, so skipped."""
    memory_update: tuple[str, dict[str, Any]] | None = None

    def remember(self, memory: Memory) -> None:
        """Store what this message taught about its blog in ``memory``."""
        if self.memory_update is not None:
            blog_id, value = self.memory_update
            memory[blog_id] = value


class Pipeline:
    """decode → split → parse → dedup → enrich → validate, one message at a time."""

    def __init__(
        self,
        *,
        alert_threshold: int = 60,
        limits: Limits | None = None,
        alert_rules: Path | None = None,
    ) -> None:
        self._enricher = Enricher(alert_threshold=alert_threshold, alert_rules=alert_rules)
        self.limits = limits or Limits()

    @classmethod
    def from_settings(cls, settings: Settings) -> Pipeline:
        return cls(
            alert_threshold=settings.alert_threshold,
            alert_rules=settings.alert_rules_path,
            limits=Limits(
                max_message_bytes=settings.max_message_bytes,
                max_entries_per_message=settings.max_entries_per_message,
                horizon_seconds=round(settings.state_horizon_hours * 3600),
                max_remembered_entries=settings.max_remembered_entries,
            ),
        )

    def process(
        self,
        raw: RawMessage,
        *,
        now: datetime,
        memory: Mapping[str, Any] | None = None,
        require_blog_key: bool = False,
    ) -> Outcome:
        """Events for the entries of ``raw`` that ``memory`` has not seen in this wording.

        ``memory`` is only read; see :attr:`Outcome.memory_update`. Without it every entry
        is new. With ``require_blog_key`` a message whose key
        is not its blog id is not processed but returned for re-keying.
        """
        try:
            if len(raw.value) > self.limits.max_message_bytes:
                raise MessageTooLarge(
                    f"message of {len(raw.value):,} bytes exceeds the limit of "
                    f"{self.limits.max_message_bytes:,}"
                )
            document = decode(raw)
            if require_blog_key and raw.key != document.blog_id.encode():
                return Outcome(rekey=document.blog_id)
            return self._process(raw, document, now, {} if memory is None else memory)
        except ParseError as exc:
            return Outcome(error=exc)
        except Exception as exc:  # a bug must not stop the stream: dead-letter and go on
            log.exception(
                "pipeline failed on %s[%s]@%s", raw.topic, raw.partition, raw.offset,
                extra={
                    "blog_id": None if raw.key is None else raw.key.decode("utf-8", "replace"),
                    "topic": raw.topic, "partition": raw.partition, "offset": raw.offset,
                    "error": type(exc).__name__,
                },
            )  # fmt: skip
            return Outcome(error=InternalError(f"{type(exc).__name__}: {exc}"))

    def _parse(self, raw: RawMessage, document: Document, now: datetime) -> Page:
        if document.content_type == "text/html":
            return parse_html(document.content)
        reference = document.fetched_at or raw.timestamp or now
        return parse_text(document.content, reference=reference)

    def _process(
        self, raw: RawMessage, document: Document, now: datetime, memory: Mapping[str, Any]
    ) -> Outcome:
        page = self._parse(raw, document, now)
        problems = list(page.problems)
        entries = page.entries
        limit = self.limits.max_entries_per_message
        if len(entries) > limit:
            problems.append(f"{len(entries) - limit} entries beyond the limit of {limit}")
            entries = entries[:limit]  # newest first: keep the newest

        blog = BlogMemory.load(memory.get(document.blog_id))
        events: list[LiveBlogEvent] = []
        schema_failures = 0
        unchanged = 0
        for item in identify(document.blog_id, entries):
            found = item.entry
            if blog.known(item.event_id, found.published_at, found.fingerprint):
                unchanged += 1  # announced in this very text, or beyond the horizon
                continue
            entry = found.parse()
            hashed = content_hash(entry.headline, entry.body, entry.pull_quotes)
            decision = blog.decide(item.event_id, hashed, entry.published_at)
            if decision is None:
                blog.refingerprint(item.event_id, found.fingerprint)
                unchanged += 1
                continue
            try:
                event = build_event(
                    entry,
                    event_id=item.event_id,
                    content_hash=hashed,
                    kind=decision.kind,
                    revision=decision.revision,
                    document=document,
                    raw=raw,
                    enricher=self._enricher,
                    now=now,
                )
            except ValidationError as exc:
                schema_failures += 1
                problems.append(
                    f"entry {entry.headline[:60]!r} breaks the event schema: "
                    f"{describe_validation_error(exc)}"
                )
                continue
            events.append(event)
            blog.remember(
                item.event_id, decision.revision, hashed, event.published_at, found.fingerprint
            )
        blog.prune(
            horizon_seconds=self.limits.horizon_seconds,
            max_entries=self.limits.max_remembered_entries,
        )
        update = (document.blog_id, blog.dump()) if blog.changed else None

        if not problems:
            return Outcome(events=events, unchanged=unchanged, memory_update=update)
        total = len(page.entries) + len(page.problems)
        skipped = total - len(events) - unchanged
        summary = f"{skipped} of {total} entries skipped: " + "; ".join(problems)
        if not events and not unchanged and schema_failures == len(problems):
            return Outcome(error=SchemaViolation(summary))
        return Outcome(
            events=events, error=InvalidEntry(summary), unchanged=unchanged, memory_update=update
        )

"""One raw message in, events and (maybe) a failure out. Never raises for bad input."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from pydantic import ValidationError

from schemas import LiveBlogEvent
from workers.pipeline.decode import decode
from workers.pipeline.enrich import Enricher
from workers.pipeline.errors import InvalidEntry, ParseError, SchemaViolation
from workers.pipeline.events import build_event, describe_validation_error, with_positions
from workers.pipeline.html import parse_html
from workers.pipeline.model import Page, RawMessage
from workers.pipeline.text import parse_text


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of a raw message.

    ``error`` is set when the message, or part of it, could not be used: with no events
    the whole message failed; with events, only the entries it describes were skipped.
    """

    events: list[LiveBlogEvent] = field(default_factory=list)
    error: ParseError | None = None


class Pipeline:
    """decode → split entries → parse → enrich → validate, for one message at a time."""

    def __init__(self, *, alert_threshold: int = 60) -> None:
        self._enricher = Enricher(alert_threshold=alert_threshold)

    def process(self, raw: RawMessage, *, now: datetime) -> Outcome:
        try:
            return self._process(raw, now)
        except ParseError as exc:
            return Outcome(error=exc)

    def _process(self, raw: RawMessage, now: datetime) -> Outcome:
        document = decode(raw)
        page: Page
        if document.content_type == "text/html":
            page = parse_html(document.content)
        else:
            reference = document.fetched_at or raw.timestamp or now
            page = parse_text(document.content, reference=reference)

        problems = list(page.problems)
        schema_failures = 0
        events: list[LiveBlogEvent] = []
        for entry, position in with_positions(page.entries):
            try:
                events.append(
                    build_event(
                        entry,
                        position,
                        document=document,
                        raw=raw,
                        enricher=self._enricher,
                        now=now,
                    )
                )
            except ValidationError as exc:
                schema_failures += 1
                problems.append(
                    f"entry {entry.headline[:60]!r} breaks the event schema: "
                    f"{describe_validation_error(exc)}"
                )
        if not problems:
            return Outcome(events=events)
        total = len(page.entries) + len(page.problems)
        summary = f"{total - len(events)} of {total} entries skipped: " + "; ".join(problems)
        if not events and schema_failures == len(problems):
            return Outcome(error=SchemaViolation(summary))
        return Outcome(events=events, error=InvalidEntry(summary))

"""Plain-text live blogs: an optional date line, then entries headed by time markers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from schemas import Quote
from workers.pipeline.cleaning import clean_text, squeeze
from workers.pipeline.errors import NoEntriesFound
from workers.pipeline.model import Page, ParsedEntry
from workers.pipeline.quotes import split_pull_quote
from workers.pipeline.times import ZONE_OFFSETS, LocalTime, parse_date_line, resolve_newest_first

# `2031 GMT — Headline`, `19:24 GMT – Headline`, `10.04 CET -Headline`. Out-of-range
# times and unknown zones still match, so they are reported instead of merged into a body.
_MARKER = re.compile(
    r"^(?:(?P<h4>\d{2})(?P<m4>\d{2})|(?P<h>\d{1,2})[:.](?P<m>\d{2}))"
    r"\s*(?P<zone>[A-Z]{1,5})\s*[—–-]\s*(?P<headline>.*)$"
)

# Lines that belong to the page around the entries, not to any entry.
_FURNITURE = re.compile(
    r"^(?:more updates\b.*|related live ?blogs?\b.*|related:.*|read more\b.*|advertisement"
    r"|scroll (?:down|up)\b.*|follow (?:our|the) live\b.*|share this\b.*|sign up\b.*"
    r"|key events?:?|show key events only|[\W_]+)$",
    re.IGNORECASE,
)


@dataclass
class _Block:
    marker: str
    local: LocalTime | None
    headline: str
    paragraphs: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


def is_furniture(line: str) -> bool:
    """True for page furniture such as ``More updates:👇`` or ``Related Live blog: …``."""
    return bool(_FURNITURE.match(line))


def _paragraphs(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines; blank lines separate paragraphs."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return paragraphs


def _local_time(match: re.Match[str]) -> LocalTime | None:
    hour = int(match["h4"] or match["h"])
    minute = int(match["m4"] or match["m"])
    zone = match["zone"]
    if hour > 23 or minute > 59 or zone not in ZONE_OFFSETS:
        return None
    return LocalTime(hour, minute, zone)


def parse_text(content: str, *, reference: datetime) -> Page:
    """Split a plain-text page into entries with UTC timestamps.

    ``reference`` (the fetch time, else the message time) dates the entries when the page
    has no date line. Malformed markers are reported in ``Page.problems`` and their
    entries skipped; a page without any entry raises :class:`NoEntriesFound`.
    """
    page_date = None
    blocks: list[_Block] = []
    pending: list[str] = []
    for raw_line in clean_text(content).split("\n"):
        line = squeeze(raw_line)
        match = _MARKER.match(line)
        if match:
            if blocks:
                _close(blocks[-1], pending)
            pending = []
            blocks.append(_Block(line, _local_time(match), match["headline"].strip()))
        elif not blocks:
            if page_date is None and line:
                page_date = parse_date_line(line)
        elif not line or not is_furniture(line):
            pending.append(line)
    if blocks:
        _close(blocks[-1], pending)
    else:
        raise NoEntriesFound("no entry marker such as '2031 GMT — Headline' found")

    problems: list[str] = []
    good: list[_Block] = []
    for block in blocks:
        if block.local is None:
            problems.append(f"invalid time or zone in marker {block.marker[:80]!r}")
        elif not block.headline:
            problems.append(f"entry {block.marker[:80]!r} has no headline")
        else:
            good.append(block)
    times = resolve_newest_first(
        [block.local for block in good if block.local], page_date=page_date, reference=reference
    )
    entries = [
        ParsedEntry(
            published_at=published_at,
            headline=block.headline,
            paragraphs=tuple(block.paragraphs),
            pull_quotes=tuple(block.quotes),
        )
        for block, published_at in zip(good, times, strict=True)
    ]
    return Page(entries=entries, problems=problems)


def _close(block: _Block, lines: list[str]) -> None:
    for paragraph in _paragraphs(lines):
        quote = split_pull_quote(paragraph)
        if quote is not None:
            block.quotes.append(quote)
        else:
            block.paragraphs.append(paragraph)
    if not block.headline and block.paragraphs:
        block.headline = block.paragraphs.pop(0)

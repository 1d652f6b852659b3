"""Plain-text live blogs: an optional date line, then entries headed by time markers.

Entries are located (time, headline) at once and read (paragraphs, pull quotes) on first
use: a re-polled page is mostly entries already announced, which their fingerprint (a hash
of their text on the page) recognises without reading them.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime

from schemas import Quote
from workers.pipeline.cleaning import clean_lines
from workers.pipeline.errors import NoEntriesFound
from workers.pipeline.model import Page, ParsedEntry
from workers.pipeline.quotes import split_pull_quote
from workers.pipeline.times import ZONE_OFFSETS, LocalTime, parse_date_line, resolve_newest_first

# `2031 GMT — Headline`, `19:24 GMT – Headline`, `10.04 CET -Headline`. Out-of-range
# times and unknown zones still match, so they are reported instead of merged into a body.
# Each line of the page is searched with its leading "\n", which lets the regex engine
# jump from line start to line start; whitespace within a marker never spans lines.
_MARKER = re.compile(
    r"\n(?:(?P<h4>\d{2})(?P<m4>\d{2})|(?P<h>\d{1,2})[:.](?P<m>\d{2}))"
    r"[^\S\n]*(?P<zone>[A-Z]{1,5})[^\S\n]*[—–-][^\S\n]*(?P<headline>.*)"
)

# Lines that belong to the page around the entries, not to any entry.
_FURNITURE_WORDS = (
    r"more updates\b.*|related live ?blogs?\b.*|related:.*|read more\b.*|advertisement"
    r"|scroll (?:down|up)\b.*|follow (?:our|the) live\b.*|share this\b.*|sign up\b.*"
    r"|key events?:?|show key events only"
)
_FURNITURE = re.compile(rf"^(?:{_FURNITURE_WORDS}|[\W_]+)$", re.IGNORECASE)
# The lookahead only rules out, quickly, lines that start with none of the words' first
# letters and with a word character.
_FURNITURE_LINES = re.compile(
    rf"\n(?=[amrsfk]|[^\w\n]|_)(?:{_FURNITURE_WORDS}|(?:[^\w\n]|_)+)(?=\n|\Z)",
    re.IGNORECASE,
)


def is_furniture(line: str) -> bool:
    """True for page furniture such as ``More updates:👇`` or ``Related Live blog: …``."""
    return bool(_FURNITURE.match(line))


def _paragraphs(lines: str) -> list[str]:
    """Paragraphs of ``"\\n"``-prefixed squeezed lines: blank lines separate them, and
    hard-wrapped lines are joined."""
    return [part.strip("\n").replace("\n", " ") for part in lines.split("\n\n") if part.strip("\n")]


def _local_time(match: re.Match[str]) -> LocalTime | None:
    hour = int(match["h4"] or match["h"])
    minute = int(match["m4"] or match["m"])
    zone = match["zone"]
    if hour > 23 or minute > 59 or zone not in ZONE_OFFSETS:
        return None
    return LocalTime(hour, minute, zone)


def _page_date(preamble: str) -> date | None:
    """The first date written on a line above the first entry."""
    for line in preamble.split("\n"):
        if line and (found := parse_date_line(line)) is not None:
            return found
    return None


def parse_text(content: str, *, reference: datetime) -> Page:
    """Split a plain-text page into entries with UTC timestamps.

    ``reference`` (the fetch time, else the message time) dates the entries when the page
    has no date line. Malformed markers are reported in ``Page.problems`` and their
    entries skipped; a page without any entry raises :class:`NoEntriesFound`.
    """
    page = "\n" + clean_lines(content)
    first = _MARKER.search(page)
    if first is None:
        raise NoEntriesFound("no entry marker such as '2031 GMT — Headline' found")
    page_date = _page_date(page[: first.start()])
    entries_text = page[first.start() :]
    if _FURNITURE_LINES.search(entries_text):
        entries_text = _FURNITURE_LINES.sub("", entries_text)
    markers = list(_MARKER.finditer(entries_text))
    ends = [following.start() for following in markers[1:]] + [len(entries_text)]

    problems: list[str] = []
    good: list[tuple[LocalTime, str, str, int, _Details | None]] = []
    for marker, end in zip(markers, ends, strict=True):
        local = _local_time(marker)
        headline = marker["headline"].strip()
        details: _Details | None = None
        if not headline:  # the first paragraph stands in: read the entry now
            paragraphs, quotes = _split_quotes(_paragraphs(entries_text[marker.end() : end]))
            if paragraphs:
                headline = paragraphs.pop(0)
                details = (tuple(paragraphs), tuple(quotes))
        if local is None:
            problems.append(f"invalid time or zone in marker {marker[0][1:81]!r}")
        elif not headline:
            problems.append(f"entry {marker[0][1:81]!r} has no headline")
        else:
            text = entries_text[marker.start() : end]
            good.append((local, headline, text, marker.end() - marker.start(), details))
    times = resolve_newest_first(
        [local for local, *_ in good], page_date=page_date, reference=reference
    )
    entries = [
        TextEntry(published_at, headline, text, body_start, details)
        for (_, headline, text, body_start, details), published_at in zip(good, times, strict=True)
    ]
    return Page(entries=entries, problems=problems)


_Details = tuple[tuple[str, ...], tuple[Quote, ...]]
"""An entry's paragraphs and pull quotes."""


class TextEntry:
    """A plain-text entry: time, headline and fingerprint now, the rest on :meth:`parse`."""

    __slots__ = ("_body_start", "_details", "_text", "fingerprint", "headline", "published_at")

    def __init__(
        self,
        published_at: datetime,
        headline: str,
        text: str,
        body_start: int,
        details: _Details | None = None,
    ) -> None:
        self.published_at = published_at
        self.headline = headline
        self._text = text  # the marker line and the body, cleaned; the body from body_start
        self._body_start = body_start
        self._details = details
        self.fingerprint: str | None = hashlib.blake2b(text.encode(), digest_size=8).hexdigest()

    def parse(self) -> ParsedEntry:
        """The entry read in full (paragraphs and pull quotes split once, then kept)."""
        if self._details is None:
            body, quotes = _split_quotes(_paragraphs(self._text[self._body_start :]))
            self._details = (tuple(body), tuple(quotes))
        return ParsedEntry(self.published_at, self.headline, *self._details)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return self.parse().paragraphs

    @property
    def pull_quotes(self) -> tuple[Quote, ...]:
        return self.parse().pull_quotes

    @property
    def body(self) -> str:
        return self.parse().body


def _split_quotes(paragraphs: list[str]) -> tuple[list[str], list[Quote]]:
    """Body paragraphs and pull quotes, each in page order."""
    body: list[str] = []
    quotes: list[Quote] = []
    for paragraph in paragraphs:
        quote = split_pull_quote(paragraph)
        if quote is None:
            body.append(paragraph)
        else:
            quotes.append(quote)
    return body, quotes

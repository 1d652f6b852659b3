"""Plain data passed between the pipeline stages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from schemas import Quote

ContentType = Literal["text/plain", "text/html"]


@dataclass(frozen=True, slots=True)
class RawMessage:
    """A message from the raw topic, or a file given to ``liveblog parse``."""

    value: bytes
    key: bytes | None = None
    headers: tuple[tuple[str, bytes], ...] = ()
    topic: str | None = None
    partition: int | None = None
    offset: int | None = None
    timestamp: datetime | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded raw message: the page or entry text and what we know about its blog."""

    content: str
    content_type: ContentType
    blog_id: str
    source: str | None = None
    url: str | None = None
    fetched_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    """One entry as found on the page, with its timestamp resolved to UTC."""

    published_at: datetime
    headline: str
    paragraphs: tuple[str, ...]
    pull_quotes: tuple[Quote, ...] = ()
    position: int = 0
    """Index among entries with the same ``published_at``, counted from the oldest."""

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def fingerprint(self) -> None:
        """Read in full already: nothing to spare (see :class:`Entry`)."""
        return None

    def parse(self) -> ParsedEntry:
        return self


class Entry(Protocol):
    """An entry a parser located: its time at once, the rest when :meth:`parse` is called.

    ``fingerprint`` hashes the entry's text as it stands on the page (``None`` when the
    parser has none): equal fingerprints parse to equal entries, so an entry remembered
    with its fingerprint is known unchanged without being parsed.
    """

    @property
    def published_at(self) -> datetime: ...

    @property
    def fingerprint(self) -> str | None: ...

    def parse(self) -> ParsedEntry: ...


@dataclass(frozen=True, slots=True)
class Page:
    """What a parser found: the good entries and the problems with the rest."""

    entries: Sequence[Entry]
    problems: list[str] = field(default_factory=list)

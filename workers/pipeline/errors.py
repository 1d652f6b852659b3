"""The project's own parse errors. Every reason a raw message becomes a DLQ record is one."""

from __future__ import annotations


class ParseError(Exception):
    """A raw message, or part of one, cannot be turned into events."""


class UndecodableMessage(ParseError):
    """The value is not UTF-8 text."""


class EmptyMessage(ParseError):
    """The value is empty or only whitespace."""


class InvalidEnvelope(ParseError):
    """The value looks like a JSON envelope but is not valid JSON or breaks its schema."""


class MissingBlogId(ParseError):
    """Neither the envelope, the Kafka key nor the URL says which blog this is."""


class NoEntriesFound(ParseError):
    """The content holds no live-blog entry."""


class InvalidEntry(ParseError):
    """One entry is malformed (an impossible time, an unknown zone, no headline)."""


class SchemaViolation(ParseError):
    """An event built from the message does not validate against ``LiveBlogEvent``."""


class MessageTooLarge(ParseError):
    """The value is larger than the configured limit; it is not parsed at all."""


class InternalError(ParseError):
    """A bug of ours met this message; it is dead-lettered so the stream goes on."""

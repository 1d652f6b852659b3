"""Field types shared by the schema models."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, PlainSerializer, WithJsonSchema


def _to_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _format_utc(value: datetime) -> str:
    # ISO 8601 with a literal "Z"; microseconds only when present.
    timespec = "microseconds" if value.microsecond else "seconds"
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec=timespec) + "Z"


UtcDatetime = Annotated[
    AwareDatetime,
    AfterValidator(_to_utc),
    PlainSerializer(_format_utc, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "description": "UTC instant, ISO 8601 with a trailing Z.",
        }
    ),
]
"""A timezone-aware datetime, normalised to UTC and serialised with a ``Z`` suffix."""

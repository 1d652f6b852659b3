"""``LiveBlogEvent``: the message published on the storage and alert topics."""

from __future__ import annotations

from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from schemas._types import UtcDatetime

SCHEMA_VERSION: Final = "1.1"
"""Bumped on every contract change: minor for additions, major for breaking ones.

1.1 added ``Location.kind``, ``LiveBlogEvent.event_type`` and ``LiveBlogEvent.tone``."""

EventKind = Literal["entry.created", "entry.updated"]
AlertLevel = Literal["low", "medium", "high", "critical"]
LocationKind = Literal["country", "region", "city"]

ShortText = Annotated[str, StringConstraints(min_length=1, max_length=300)]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


class _Model(BaseModel):
    # Every field is always serialised, so the exported schema marks defaulted fields required.
    model_config = ConfigDict(
        extra="forbid", frozen=True, json_schema_serialization_defaults_required=True
    )


class Quote(_Model):
    """Quoted speech; ``speaker`` is null when the text does not name one."""

    text: Annotated[str, StringConstraints(min_length=1, max_length=5_000)]
    speaker: ShortText | None = None


class Person(_Model):
    """A named person, with the role the text gives them (``Defence Minister``)."""

    name: ShortText
    role: ShortText | None = None


class Organization(_Model):
    """A named organisation: a government body, army, agency, alliance or news outlet."""

    name: ShortText


class Location(_Model):
    """A place mentioned in the entry, geocoded."""

    name: ShortText
    country_code: CountryCode = Field(description="ISO 3166-1 alpha-2 code.")
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    kind: LocationKind = Field(default="city", description="What kind of place (since 1.1).")


class EventType(_Model):
    """The entry's main action as a CAMEO root category, the coding of GDELT and Phoenix."""

    code: Annotated[str, StringConstraints(pattern=r"^(0[1-9]|1[0-9]|20)$")] = Field(
        default="01", description="CAMEO root code, 01..20."
    )
    label: ShortText = Field(default="Make public statement", description="CAMEO root label.")
    goldstein: float = Field(
        default=0.0, ge=-10, le=10, description="Goldstein scale value of the root category."
    )


class Alert(_Model):
    """Set when the entry's severity reaches the alert threshold."""

    level: AlertLevel
    reasons: list[ShortText] = Field(min_length=1)


class Origin(_Model):
    """Where the raw message that produced this event was read from."""

    topic: ShortText
    partition: int = Field(ge=0)
    offset: int = Field(ge=0)


class LiveBlogEvent(_Model):
    """One live-blog entry, parsed and enriched (schema version 1)."""

    schema_version: Literal["1.1"] = SCHEMA_VERSION
    event_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")] = Field(
        description=(
            "Stable id of the entry: the same entry of the same blog gets the same id "
            "in every snapshot and on every worker, whatever its wording."
        )
    )
    kind: EventKind
    revision: int = Field(ge=1)
    blog_id: ShortText
    source: ShortText | None = None
    url: Annotated[str, StringConstraints(max_length=2_000)] | None = None
    published_at: UtcDatetime
    headline: Annotated[str, StringConstraints(min_length=1, max_length=1_000)]
    body: Annotated[str, StringConstraints(max_length=100_000)] = Field(
        description="Plain text; paragraphs separated by one blank line."
    )
    quotes: list[Quote] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    organizations: list[Organization] = Field(default_factory=list)
    locations: list[Location] = Field(default_factory=list)
    attributions: list[ShortText] = Field(
        default_factory=list,
        description="Sources the entry cites: a news agency, a newspaper, Telegram, X.",
    )
    topics: list[ShortText] = Field(default_factory=list)
    event_type: EventType = Field(
        default_factory=EventType,
        description="CAMEO root category of the entry (since 1.1); 01 when nothing fits.",
    )
    tone: float = Field(
        default=0.0,
        ge=-100,
        le=100,
        description="VADER compound sentiment of the entry, scaled to -100..100 (since 1.1).",
    )
    severity: int = Field(ge=0, le=100)
    alert: Alert | None = None
    content_hash: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] = Field(
        description="SHA-256 of the headline, body and quotes: changes when the wording does."
    )
    ingested_at: UtcDatetime = Field(description="When the raw message reached Kafka.")
    processed_at: UtcDatetime = Field(description="When the worker built this event.")
    origin: Origin | None = Field(
        default=None, description="The raw message's topic, partition and offset; null offline."
    )

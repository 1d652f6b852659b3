"""Where each result goes: storage, alerts, or the dead-letter topic."""

from __future__ import annotations

from dataclasses import dataclass

from schemas import LiveBlogEvent
from workers.pipeline.cleaning import truncate
from workers.pipeline.errors import ParseError
from workers.pipeline.model import RawMessage

Headers = tuple[tuple[str, bytes], ...]
_MAX_ERROR_MESSAGE = 2_000


@dataclass(frozen=True, slots=True)
class Topics:
    """The output topics' names."""

    storage: str
    alerts: str
    dlq: str


@dataclass(frozen=True, slots=True)
class Outbound:
    """A record to publish."""

    topic: str
    key: bytes | None
    value: bytes
    headers: Headers = ()
    timestamp_ms: int | None = None


def route_event(event: LiveBlogEvent, topics: Topics) -> list[Outbound]:
    """Every event to storage, keyed by ``event_id``; alerting ones to alerts as well."""
    key = event.event_id.encode()
    value = event.model_dump_json().encode()
    records = [Outbound(topics.storage, key, value)]
    if event.alert is not None:
        records.append(Outbound(topics.alerts, key, value))
    return records


def dead_letter(raw: RawMessage, error: ParseError, *, topic: str, app_id: str) -> Outbound:
    """The original record, untouched, plus Kafka Connect style ``__connect.errors.*``
    headers saying where it came from and why it failed."""
    error_class = type(error)
    error_name = f"{error_class.__module__}.{error_class.__qualname__}"
    timestamp_ms = None if raw.timestamp is None else round(raw.timestamp.timestamp() * 1000)
    context: dict[str, str | None] = {
        "__connect.errors.topic": raw.topic,
        "__connect.errors.partition": None if raw.partition is None else str(raw.partition),
        "__connect.errors.offset": None if raw.offset is None else str(raw.offset),
        "__connect.errors.connector.name": app_id,
        "__connect.errors.exception.class.name": error_name,
        "__connect.errors.exception.message": truncate(str(error), _MAX_ERROR_MESSAGE),
        # Connect has no header for this; the record's own timestamp also keeps it.
        "__liveblog.errors.timestamp": None if timestamp_ms is None else str(timestamp_ms),
    }
    headers = raw.headers + tuple(
        (name, value.encode()) for name, value in context.items() if value is not None
    )
    return Outbound(topic, raw.key, raw.value, headers, timestamp_ms)


def records_for(
    raw: RawMessage,
    events: list[LiveBlogEvent],
    error: ParseError | None,
    *,
    topics: Topics,
    app_id: str,
) -> list[Outbound]:
    """Everything one raw message produces: its events, and a DLQ record if any part failed."""
    records = [record for event in events for record in route_event(event, topics)]
    if error is not None:
        records.append(dead_letter(raw, error, topic=topics.dlq, app_id=app_id))
    return records

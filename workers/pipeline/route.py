"""Where each result goes: storage, alerts, or the dead-letter topic."""

from __future__ import annotations

from dataclasses import dataclass

from schemas import LiveBlogEvent
from workers.pipeline.cleaning import truncate
from workers.pipeline.cloudevents import CloudEventsConfig, cloudevent_headers
from workers.pipeline.errors import ParseError
from workers.pipeline.model import RawMessage
from workers.pipeline.process import Outcome

Headers = tuple[tuple[str, bytes], ...]
_MAX_ERROR_MESSAGE = 2_000


@dataclass(frozen=True, slots=True)
class Topics:
    """The names of the topics the worker reads and writes."""

    raw: str
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


_DEFAULT_CLOUDEVENTS = CloudEventsConfig()


def route_event(
    event: LiveBlogEvent, topics: Topics, cloudevents: CloudEventsConfig = _DEFAULT_CLOUDEVENTS
) -> list[Outbound]:
    """Every event to storage, keyed by ``event_id``; alerting ones to alerts as well.

    Each record carries CloudEvents headers (binary content mode, see
    :mod:`workers.pipeline.cloudevents`); the alert copy is its own CloudEvent.
    """
    key = event.event_id.encode()
    value = event.model_dump_json().encode()
    records = [
        Outbound(topics.storage, key, value, cloudevent_headers(event, "storage", cloudevents))
    ]
    if event.alert is not None:
        headers = cloudevent_headers(event, "alert", cloudevents)
        records.append(Outbound(topics.alerts, key, value, headers))
    return records


def dead_letter(
    raw: RawMessage,
    error: ParseError,
    *,
    topic: str,
    app_id: str,
    max_value_bytes: int = 1_048_576,
) -> Outbound:
    """The original record plus Kafka Connect style ``__connect.errors.*`` headers saying
    where it came from and why it failed.

    A value over ``max_value_bytes`` is cut to that size (headers say so and give the
    original size); the whole record stays on the source topic at the offset given.
    """
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
    value = raw.value
    if len(value) > max_value_bytes:
        context["__liveblog.errors.value.truncated.from"] = str(len(value))
        value = value[:max_value_bytes]
    headers = raw.headers + tuple(
        (name, text.encode()) for name, text in context.items() if text is not None
    )
    return Outbound(topic, raw.key, value, headers, timestamp_ms)


def rekeyed(raw: RawMessage, blog_id: str, topic: str) -> Outbound:
    """The same message keyed by its blog id, so it lands on its blog's partition."""
    headers = raw.headers
    if raw.key is not None:
        headers += (("__liveblog.rekeyed.from", raw.key),)
    return Outbound(topic, blog_id.encode(), raw.value, headers)


def records_for(
    raw: RawMessage,
    outcome: Outcome,
    *,
    topics: Topics,
    app_id: str,
    max_value_bytes: int = 1_048_576,
    cloudevents: CloudEventsConfig = _DEFAULT_CLOUDEVENTS,
) -> list[Outbound]:
    """Everything one raw message produces: its events, a DLQ record if any part failed,
    or the message itself re-keyed by its blog id.

    Dead letters and re-keyed messages keep the original record's headers and get no
    CloudEvents headers: they are the raw input, not events of ours."""
    if outcome.rekey is not None:
        return [rekeyed(raw, outcome.rekey, topics.raw)]
    records = [
        record for event in outcome.events for record in route_event(event, topics, cloudevents)
    ]
    if outcome.error is not None:
        records.append(
            dead_letter(
                raw, outcome.error, topic=topics.dlq, app_id=app_id, max_value_bytes=max_value_bytes
            )
        )
    return records

"""CloudEvents Kafka protocol binding (binary content mode) for the records we publish.

Every record on the storage and alert topics carries the event's CloudEvents attributes as
``ce_*`` headers (UTF-8) plus ``content-type: application/json``; the value stays the
``LiveBlogEvent`` JSON, byte for byte. The headers come from the maintained ``cloudevents``
SDK (``cloudevents.core.bindings.kafka.to_binary``), which writes exactly these names.

Attribute choices (README, "CloudEvents headers"):

- ``id``: ``<event_id>-<revision>`` on storage, ``<event_id>-<revision>-alert`` on alerts.
  ``source`` + ``id`` is unique per distinct CloudEvent (the alert copy is a different
  event type, so it gets its own id); a re-delivered pair keeps its id, so consumers can
  deduplicate on it.
- ``source``: ``/liveblog/<blog_id>`` (blog id percent-encoded), a URI-reference that is
  always there, unlike the blog's ``url``.
- ``type``: ``<prefix>.liveblog.entry.created`` / ``.entry.updated`` on storage,
  ``<prefix>.liveblog.alert`` on alerts (``LIVEBLOG_CLOUDEVENTS_TYPE_PREFIX``).
- ``time``: the entry's ``published_at`` (the occurrence is the live-blog entry).
- ``dataschema``: ``LIVEBLOG_CLOUDEVENTS_DATASCHEMA``, by default the URN
  ``urn:liveblog-stream:schema:liveblog-event:<schema_version>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal
from urllib.parse import quote

from cloudevents.core.bindings.kafka import to_binary
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent

from schemas import SCHEMA_VERSION, LiveBlogEvent

Headers = tuple[tuple[str, bytes], ...]
Copy = Literal["storage", "alert"]

SPEC_VERSION: Final = "1.0"
CONTENT_TYPE: Final = "application/json"
DEFAULT_TYPE_PREFIX: Final = "org.liveblogstream"
DEFAULT_DATASCHEMA: Final = f"urn:liveblog-stream:schema:liveblog-event:{SCHEMA_VERSION}"
_FORMAT = JSONFormat()


@dataclass(frozen=True, slots=True)
class CloudEventsConfig:
    """The deployment-specific CloudEvents attributes."""

    type_prefix: str = DEFAULT_TYPE_PREFIX
    dataschema: str = DEFAULT_DATASCHEMA


_DEFAULT = CloudEventsConfig()


def ce_source(blog_id: str) -> str:
    """``/liveblog/<blog_id>``, the blog id percent-encoded into one path segment."""
    return "/liveblog/" + quote(blog_id, safe="")


def ce_type(event: LiveBlogEvent, copy: Copy, type_prefix: str = DEFAULT_TYPE_PREFIX) -> str:
    """``<prefix>.liveblog.entry.created|entry.updated`` (storage) or ``….liveblog.alert``."""
    name = "alert" if copy == "alert" else event.kind
    return f"{type_prefix}.liveblog.{name}"


def ce_id(event: LiveBlogEvent, copy: Copy) -> str:
    """``<event_id>-<revision>``, with ``-alert`` appended for the alert copy."""
    base = f"{event.event_id}-{event.revision}"
    return f"{base}-alert" if copy == "alert" else base


def cloudevent_headers(
    event: LiveBlogEvent,
    value: bytes,
    copy: Copy,
    config: CloudEventsConfig | None = None,
) -> Headers:
    """The Kafka headers (binary content mode) of ``event`` serialised as ``value``."""
    config = config or _DEFAULT
    cloud_event = CloudEvent(
        {
            "specversion": SPEC_VERSION,
            "id": ce_id(event, copy),
            "source": ce_source(event.blog_id),
            "type": ce_type(event, copy, config.type_prefix),
            "time": event.published_at,
            "dataschema": config.dataschema,
            "datacontenttype": CONTENT_TYPE,
        },
        value,
    )
    # Bytes data pass through to the message value unchanged (unit-tested); the key stays
    # ours (event_id), so the binding's partitionkey mapping is not used.
    message = to_binary(cloud_event, _FORMAT, key_mapper=lambda _: None)
    return tuple(message.headers.items())

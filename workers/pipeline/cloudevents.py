"""CloudEvents Kafka protocol binding (binary content mode) for the records we publish.

Every record on the storage and alert topics carries the event's CloudEvents attributes as
``ce_*`` headers (UTF-8) plus ``content-type: application/json``; the value stays the
``LiveBlogEvent`` JSON, byte for byte. The headers are written here rather than through the
``cloudevents`` SDK (``cloudevents.core.bindings.kafka.to_binary``), which costs several
microseconds a record on the hot path; ``tests/unit/test_cloudevents.py`` checks them
against the SDK's, byte for byte, and reads our records back with it.

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

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final, Literal
from urllib.parse import quote

from schemas import SCHEMA_VERSION, LiveBlogEvent

Headers = tuple[tuple[str, bytes], ...]
Copy = Literal["storage", "alert"]

SPEC_VERSION: Final = "1.0"
CONTENT_TYPE: Final = "application/json"
DEFAULT_TYPE_PREFIX: Final = "org.liveblogstream"
DEFAULT_DATASCHEMA: Final = f"urn:liveblog-stream:schema:liveblog-event:{SCHEMA_VERSION}"
_SPEC_VERSION_HEADER: Final = ("ce_specversion", SPEC_VERSION.encode())
_CONTENT_TYPE_HEADER: Final = ("content-type", CONTENT_TYPE.encode())


def _type_value(type_prefix: str, name: str) -> str:
    return f"{type_prefix}.liveblog.{name}"


def _type_name(event: LiveBlogEvent, copy: Copy) -> str:
    return "alert" if copy == "alert" else event.kind


@dataclass(frozen=True, slots=True)
class CloudEventsConfig:
    """The deployment-specific CloudEvents attributes."""

    type_prefix: str = DEFAULT_TYPE_PREFIX
    dataschema: str = DEFAULT_DATASCHEMA
    _types: dict[str, bytes] = field(init=False, repr=False, compare=False)
    _dataschema: tuple[str, bytes] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # The header values that depend on the configuration alone, encoded once.
        names = ("entry.created", "entry.updated", "alert")
        types = {name: _type_value(self.type_prefix, name).encode() for name in names}
        object.__setattr__(self, "_types", types)
        object.__setattr__(self, "_dataschema", ("ce_dataschema", self.dataschema.encode()))


_DEFAULT = CloudEventsConfig()


def ce_source(blog_id: str) -> str:
    """``/liveblog/<blog_id>``, the blog id percent-encoded into one path segment."""
    return "/liveblog/" + quote(blog_id, safe="")


@lru_cache(maxsize=4096)
def _source_header(blog_id: str) -> bytes:
    return ce_source(blog_id).encode()


def ce_type(event: LiveBlogEvent, copy: Copy, type_prefix: str = DEFAULT_TYPE_PREFIX) -> str:
    """``<prefix>.liveblog.entry.created|entry.updated`` (storage) or ``….liveblog.alert``."""
    return _type_value(type_prefix, _type_name(event, copy))


def ce_id(event: LiveBlogEvent, copy: Copy) -> str:
    """``<event_id>-<revision>``, with ``-alert`` appended for the alert copy."""
    base = f"{event.event_id}-{event.revision}"
    return f"{base}-alert" if copy == "alert" else base


def ce_time(event: LiveBlogEvent) -> str:
    """``published_at`` in RFC 3339, ``Z`` for UTC (as the SDK writes a datetime)."""
    stamp = event.published_at.isoformat()
    return stamp[:-6] + "Z" if stamp.endswith("+00:00") else stamp


def cloudevent_headers(
    event: LiveBlogEvent, copy: Copy, config: CloudEventsConfig | None = None
) -> Headers:
    """The Kafka headers (binary content mode) of ``event``; its value is its JSON."""
    config = config or _DEFAULT
    return (
        _SPEC_VERSION_HEADER,
        ("ce_id", ce_id(event, copy).encode()),
        ("ce_source", _source_header(event.blog_id)),
        ("ce_type", config._types[_type_name(event, copy)]),
        ("ce_time", ce_time(event).encode()),
        config._dataschema,
        _CONTENT_TYPE_HEADER,
    )

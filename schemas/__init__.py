"""Public contract of liveblog-stream: the models consumers validate our messages with.

>>> from schemas import LiveBlogEvent
>>> event = LiveBlogEvent.model_validate_json(message.value)  # doctest: +SKIP
"""

from schemas.envelope import RawEnvelope
from schemas.event import (
    SCHEMA_VERSION,
    Alert,
    EventType,
    LiveBlogEvent,
    Location,
    Organization,
    Origin,
    Person,
    Quote,
)

__all__ = [
    "SCHEMA_VERSION",
    "Alert",
    "EventType",
    "LiveBlogEvent",
    "Location",
    "Organization",
    "Origin",
    "Person",
    "Quote",
    "RawEnvelope",
]

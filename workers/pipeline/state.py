"""What a worker remembers about each blog: which entries it announced, and in which wording.

The memory is a plain ``MutableMapping[str, dict]`` keyed by blog id: a dict offline, a
Faust table (backed by its changelog topic) in the worker. Values are JSON-ready dicts:

``{"v": 1, "cut": <epoch s>, "e": {event_id: [revision, hash prefix, published epoch s]}}``

``cut`` is the horizon watermark: entries published before it may have been forgotten,
so they are never announced again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

_HASH_PREFIX = 16  # 64 bits of the content hash are plenty to notice an edit
_FORMAT = 1

Kind = Literal["entry.created", "entry.updated"]


@dataclass(frozen=True, slots=True)
class Decision:
    """What to announce for one entry; ``None`` from :meth:`BlogMemory.decide` means nothing."""

    kind: Kind
    revision: int


@dataclass(slots=True)
class BlogMemory:
    """The entries of one blog seen so far."""

    entries: dict[str, tuple[int, str, int]] = field(default_factory=dict)
    cut: int = 0
    changed: bool = False

    @classmethod
    def load(cls, value: Any) -> BlogMemory:
        """From a stored value; an unknown or missing value is an empty memory."""
        if not isinstance(value, dict) or value.get("v") != _FORMAT:
            return cls()
        entries = {
            str(event_id): (int(item[0]), str(item[1]), int(item[2]))
            for event_id, item in value.get("e", {}).items()
        }
        return cls(entries=entries, cut=int(value.get("cut", 0)))

    def dump(self) -> dict[str, Any]:
        return {
            "v": _FORMAT,
            "cut": self.cut,
            "e": {event_id: list(item) for event_id, item in self.entries.items()},
        }

    def decide(self, event_id: str, content_hash: str, published_at: datetime) -> Decision | None:
        """Whether an entry found in a message is new, edited, or already announced."""
        stamp = int(published_at.timestamp())
        if stamp < self.cut:
            return None  # older than the horizon: may have been announced and forgotten
        seen = self.entries.get(event_id)
        if seen is None:
            return Decision("entry.created", 1)
        if seen[1] == content_hash[:_HASH_PREFIX]:
            return None
        return Decision("entry.updated", seen[0] + 1)

    def remember(
        self, event_id: str, revision: int, content_hash: str, published_at: datetime
    ) -> None:
        self.entries[event_id] = (
            revision,
            content_hash[:_HASH_PREFIX],
            int(published_at.timestamp()),
        )
        self.changed = True

    def prune(self, *, horizon_seconds: int, max_entries: int) -> None:
        """Forget entries older than the newest one minus the horizon, and the oldest ones
        beyond ``max_entries``; raise the watermark so they are never re-announced."""
        if not self.entries:
            return
        stamps = sorted(item[2] for item in self.entries.values())
        cut = stamps[-1] - horizon_seconds if horizon_seconds > 0 else 0
        if len(stamps) > max_entries:
            cut = max(cut, stamps[len(stamps) - max_entries])
        if cut <= self.cut:
            return
        self.entries = {key: item for key, item in self.entries.items() if item[2] >= cut}
        self.cut = cut
        self.changed = True

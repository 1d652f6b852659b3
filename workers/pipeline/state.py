"""What a worker remembers about each blog: which entries it announced, and in which wording.

The memory is a plain ``MutableMapping[str, dict]`` keyed by blog id: a dict offline, a
Faust table (backed by its changelog topic) in the worker. Values are JSON-ready dicts:

``{"v": 1, "cut": <epoch s>, "e": {event_id: [revision, hash prefix, published epoch s,
fingerprint]}}``

``cut`` is the horizon watermark: entries published before it may have been forgotten,
so they are never announced again. The fingerprint (absent or null in values stored
before it was added) hashes the entry's text as it stood on the page: while it is the
same, the entry need not even be parsed to know it is unchanged.

A :class:`BlogMemory` reads a stored value in place and copies it on its first change, so a
poll that changes nothing costs nothing per remembered entry.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

_HASH_PREFIX = 16  # 64 bits of the content hash are plenty to notice an edit
_FORMAT = 1

Kind = Literal["entry.created", "entry.updated"]
Item = list[Any]
"""``[revision, hash prefix, published epoch s, fingerprint or None]``; older values lack
the fingerprint."""


@dataclass(frozen=True, slots=True)
class Decision:
    """What to announce for one entry; ``None`` from :meth:`BlogMemory.decide` means nothing."""

    kind: Kind
    revision: int


@dataclass(slots=True)
class BlogMemory:
    """The entries of one blog seen so far."""

    entries: dict[str, Item] = field(default_factory=dict)
    """Shared with the stored value until :attr:`changed`; items are never modified."""
    cut: int = 0
    changed: bool = False

    @classmethod
    def load(cls, value: Any) -> BlogMemory:
        """From a stored value; an unknown or missing value is an empty memory."""
        if not isinstance(value, dict) or value.get("v") != _FORMAT:
            return cls()
        entries = value.get("e")
        if not isinstance(entries, dict):
            return cls()
        return cls(entries=entries, cut=int(value.get("cut", 0)))

    def dump(self) -> dict[str, Any]:
        return {"v": _FORMAT, "cut": self.cut, "e": self.entries}

    def known(self, event_id: str, published_at: datetime, fingerprint: str | None) -> bool:
        """True when the entry needs no further look: older than the horizon, or remembered
        with this very page text."""
        if int(published_at.timestamp()) < self.cut:
            return True
        if fingerprint is None:
            return False
        seen = self.entries.get(event_id)
        return seen is not None and len(seen) > 3 and seen[3] == fingerprint

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
        self,
        event_id: str,
        revision: int,
        content_hash: str,
        published_at: datetime,
        fingerprint: str | None = None,
    ) -> None:
        item = [revision, content_hash[:_HASH_PREFIX], int(published_at.timestamp()), fingerprint]
        self._own()[event_id] = item

    def refingerprint(self, event_id: str, fingerprint: str | None) -> None:
        """Note a new page text for an entry whose wording did not change (white space,
        page furniture), so that the next poll recognises it without parsing."""
        seen = self.entries.get(event_id)
        if seen is None or fingerprint is None or (len(seen) > 3 and seen[3] == fingerprint):
            return
        self._own()[event_id] = [*seen[:3], fingerprint]

    def prune(self, *, horizon_seconds: int, max_entries: int) -> None:
        """Forget entries older than the newest one minus the horizon, and the oldest ones
        beyond ``max_entries``; raise the watermark so they are never re-announced."""
        if not self.changed or not self.entries:
            return  # only a new entry moves the horizon or passes the cap
        stamps = [item[2] for item in self.entries.values()]
        cut = max(stamps) - horizon_seconds if horizon_seconds > 0 else 0
        if len(stamps) > max_entries:  # keep the newest max_entries: cut at the next oldest
            cut = max(cut, heapq.nsmallest(len(stamps) - max_entries + 1, stamps)[-1])
        if cut <= self.cut:
            return
        self.cut = cut
        if min(stamps) < cut:
            self.entries = {key: item for key, item in self.entries.items() if item[2] >= cut}

    def _own(self) -> dict[str, Item]:
        """The entries, copied from the stored value on the first change."""
        if not self.changed:
            self.entries = dict(self.entries)
            self.changed = True
        return self.entries

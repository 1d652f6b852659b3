"""The entry's CAMEO root category (``data/event_types.toml``) from cue phrases. The
headline decides: its first cue wins, a weak cue (an outcome: ``kills``, ``hit``) only when
it has no other; a headline without cues takes the body's most frequent category (ties go
to the category listed first); no cue at all is ``01 Make public statement``."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final

from schemas import EventType

DEFAULT: Final = EventType()


@dataclass(frozen=True, slots=True)
class EventTypes:
    types: tuple[EventType, ...]
    cues: dict[str, tuple[int, ...]]
    """Cue phrase → indices into ``types``."""
    weak: frozenset[str]

    def classify(self, hits: Iterable[tuple[int, str]], headline_end: int) -> EventType:
        """The category for the keyword ``hits`` (``(position, phrase)``, by position)."""
        strong: list[int] = []
        weak: list[int] = []
        scores = [0] * len(self.types)
        for position, phrase in hits:
            indices = self.cues.get(phrase, ())
            if not indices:
                continue
            if position < headline_end:
                (weak if phrase in self.weak else strong).append(indices[0])
            else:
                for index in indices:
                    scores[index] += 1
        if strong or weak:
            return self.types[(strong or weak)[0]]
        best = max(range(len(scores)), key=lambda i: (scores[i], -i), default=None)
        return DEFAULT if best is None or scores[best] == 0 else self.types[best]


@cache
def bundled_event_types() -> EventTypes:
    source = resources.files("workers.pipeline") / "data" / "event_types.toml"
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    types: list[EventType] = []
    cues: dict[str, list[int]] = {}
    for item in data["type"]:
        types.append(EventType(code=item["code"], label=item["label"], goldstein=item["goldstein"]))
        for cue in item["cues"]:
            cues.setdefault(str(cue), []).append(len(types) - 1)
    return EventTypes(
        tuple(types),
        {cue: tuple(indices) for cue, indices in cues.items()},
        frozenset(str(cue) for cue in data.get("weak", [])),
    )

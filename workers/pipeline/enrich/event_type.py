"""The entry's CAMEO root category (``data/event_types.toml``) from cue phrases. The
headline decides: a decisive cue wherever it stands (``anniversary``), else its first cue,
a weak cue (an outcome: ``kills``, ``hit``) only when it has no other; talks or a visit
(04) that the headline announces (an intent phrase: ``to resume``, ``ready for``) are 03.
A headline without cues takes the body's most frequent category (ties go to the category
listed first); no cue at all is ``01 Make public statement``."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Final

from schemas import EventType

DEFAULT: Final = EventType()
_CONSULT: Final = "04"
_INTENT: Final = "03"


@dataclass(frozen=True, slots=True)
class EventTypes:
    types: tuple[EventType, ...]
    cues: dict[str, tuple[int, ...]]
    """Cue phrase → indices into ``types``."""
    weak: frozenset[str]
    decisive: dict[str, int] = field(default_factory=dict)
    """Cue phrase → the index into ``types`` it decides, wherever it stands."""
    intent: frozenset[str] = frozenset()

    @property
    def phrases(self) -> frozenset[str]:
        """Every phrase :meth:`decide` looks at."""
        return frozenset(self.cues) | frozenset(self.decisive) | self.intent

    def decide(self, hits: Iterable[tuple[int, str]], headline_end: int) -> tuple[EventType, bool]:
        """The category for the keyword ``hits`` (``(position, phrase)``, by position), and
        whether a cue of the headline decided it, rather than the body's cues or the
        default."""
        strong: list[int] = []
        weak: list[int] = []
        intent = False
        scores = [0] * len(self.types)
        for position, phrase in hits:
            if position < headline_end:
                if phrase in self.decisive:
                    return self.types[self.decisive[phrase]], True
                intent = intent or phrase in self.intent
            indices = self.cues.get(phrase, ())
            if not indices:
                continue
            if position < headline_end:
                (weak if phrase in self.weak else strong).append(indices[0])
            else:
                for index in indices:
                    scores[index] += 1
        if strong or weak:
            chosen = self.types[(strong or weak)[0]]
            if intent and chosen.code == _CONSULT:
                chosen = next((t for t in self.types if t.code == _INTENT), chosen)
            return chosen, True
        best = max(range(len(scores)), key=lambda i: (scores[i], -i), default=None)
        return (DEFAULT if best is None or scores[best] == 0 else self.types[best]), False


@cache
def bundled_event_types() -> EventTypes:
    source = resources.files("workers.pipeline") / "data" / "event_types.toml"
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    types: list[EventType] = []
    cues: dict[str, list[int]] = {}
    decisive: dict[str, int] = {}
    for item in data["type"]:
        types.append(EventType(code=item["code"], label=item["label"], goldstein=item["goldstein"]))
        for cue in item["cues"]:
            cues.setdefault(str(cue), []).append(len(types) - 1)
        for cue in item.get("decisive", []):
            decisive.setdefault(str(cue), len(types) - 1)
    return EventTypes(
        tuple(types),
        {cue: tuple(indices) for cue, indices in cues.items()},
        frozenset(str(cue) for cue in data.get("weak", [])),
        decisive,
        frozenset(str(phrase) for phrase in data.get("intent", [])),
    )

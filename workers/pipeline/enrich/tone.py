"""Tone: sentiment of the headline and body from the VADER lexicon (``vaderSentiment``
ships it), as VADER's compound score (-1..1) scaled to -100..100, one decimal.

VADER's own ``polarity_scores`` costs ~600 µs for a 100-word entry, three times the whole
enrichment budget, so the score is computed here from the same lexicon, booster words,
negations and normalisation, with VADER's main rules: a booster or a negation among the
three words before a sentiment word scales it, and ``but`` halves what precedes it and
raises what follows by half. Idioms, capitals and punctuation emphasis are left out; on
the dev set the result stays close to VADER's (see ``tests/unit/test_tone.py``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Final

# [a-z]+(?:['’][a-z]+)*, spelled so that re can skip to the words (a leading character
# class) and never backtracks (possessive repeats).
_WORD: Final = re.compile(r"[a-z][a-z]*+(?:['’][a-z][a-z]*+)*+")
_NOT: Final = ("n't", "n’t")
_NEGATION_SCALAR: Final = -0.74
_NORMALISATION_ALPHA: Final = 15
_DAMPING: Final = (1.0, 0.95, 0.9)


@dataclass(frozen=True, slots=True)
class _Vader:
    lexicon: dict[str, float]
    boosters: dict[str, float]
    negations: frozenset[str]
    modifiers: frozenset[str]
    """Boosters and negations: a sentiment word with none of these before it is as listed."""
    wanted: frozenset[str]
    """The lexicon's words and "but": the only words that need a look."""


@cache
def _vader() -> _Vader:
    """VADER's lexicon, booster words and negations, read once."""
    from vaderSentiment import vaderSentiment as vader  # reads its lexicon file

    analyzer = vader.SentimentIntensityAnalyzer()
    lexicon = {str(word): float(value) for word, value in analyzer.lexicon.items()}
    boosters = {str(word): float(value) for word, value in vader.BOOSTER_DICT.items()}
    negations = frozenset(str(word) for word in vader.NEGATE)
    return _Vader(
        lexicon, boosters, negations, frozenset(boosters) | negations, frozenset([*lexicon, "but"])
    )


def tone(text: str, *, folded: str | None = None) -> float:
    """-100 (most negative) .. 100 (most positive); 0 when no word carries sentiment.

    ``folded`` is ``text.lower()``, when the caller has it already.
    """
    vader = _vader()
    lexicon, boosters = vader.lexicon, vader.boosters
    folded = text.lower() if folded is None else folded
    words = _WORD.findall(folded)
    # Only the few words in the lexicon (or "but") need work.
    wanted = vader.wanted
    hits = [index for index, word in enumerate(words) if word in wanted]
    if not hits:
        return 0.0
    contracted = any(ending in folded for ending in _NOT)  # "don't" negates too
    modifiers = vader.modifiers
    valences: list[float] = []
    but_at: int | None = None
    for index in hits:
        word = words[index]
        if word == "but":
            but_at = len(valences)
            continue
        if word in boosters:
            continue
        valence = lexicon[word]
        window = words[max(0, index - 3) : index]
        if not contracted and modifiers.isdisjoint(window):
            valences.append(valence)
            continue
        negated = False
        for damping, previous in zip(_DAMPING, reversed(window), strict=False):  # nearest first
            scalar = boosters.get(previous)
            if scalar is not None:
                valence += math.copysign(scalar * damping, valence)
            if not negated:
                negated = previous in vader.negations or previous.endswith(_NOT)
        valences.append(valence * _NEGATION_SCALAR if negated else valence)
    if but_at is not None:
        valences = [v * 0.5 for v in valences[:but_at]] + [v * 1.5 for v in valences[but_at:]]
    total = sum(valences)
    compound = total / math.sqrt(total * total + _NORMALISATION_ALPHA)
    return round(max(-1.0, min(1.0, compound)) * 100, 1)


def warm_up() -> None:
    """Read the lexicon now rather than on the first entry."""
    _vader()

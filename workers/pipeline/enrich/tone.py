"""Tone: sentiment of the headline and body from the VADER lexicon (``vaderSentiment``
ships it), as VADER's compound score (-1..1) scaled to -100..100, one decimal.

VADER's own ``polarity_scores`` costs ~600 µs for a 100-word entry, three times the whole
enrichment budget, so the score is computed here from the same lexicon, booster words,
negations and normalisation, with VADER's main rules: a booster or a negation among the
three words before a sentiment word scales it, and ``but`` halves what precedes it and
raises what follows by half. Idioms, capitals and punctuation emphasis are left out; on
the dev set the result stays close to VADER's (see ``test_tone_follows_vader`` in
``tests/unit/test_enrich_rules.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Final

_NOT: Final = b"n't"
_NEGATION_SCALAR: Final = -0.74
_NORMALISATION_ALPHA: Final = 15
_DAMPING: Final = (1.0, 0.95, 0.9)
# Bytes of a word: ASCII letters and the apostrophe; everything else (UTF-8 bytes of other
# letters included) becomes a space.
_WORD_BYTES: Final = bytes(
    byte if chr(byte) in "abcdefghijklmnopqrstuvwxyz'" else ord(" ") for byte in range(256)
)


def words(folded: str) -> list[bytes]:
    """The words of lowercased text, as ``re.findall(r"[a-z]+(?:['’][a-z]+)*", folded)``
    finds them (with ``’`` read as ``'``), in UTF-8: ``str.translate`` and ``split`` in C
    rather than a regex, which was half of the tone's cost."""
    spaced = b" " + folded.replace("’", "'").encode().translate(_WORD_BYTES) + b" "
    if b"'" in spaced:  # an apostrophe that is not between two letters is no part of a word
        spaced = spaced.replace(b"''", b"  ").replace(b" '", b"  ").replace(b"' ", b"  ")
    return spaced.split()


@dataclass(frozen=True, slots=True)
class _Vader:
    lexicon: dict[bytes, float]
    boosters: dict[bytes, float]
    negations: frozenset[bytes]
    modifiers: frozenset[bytes]
    """Boosters and negations: a sentiment word with none of these before it is as listed."""
    wanted: frozenset[bytes]
    """The lexicon's words and "but": the only words that need a look."""


@cache
def _vader() -> _Vader:
    """VADER's lexicon, booster words and negations, read once."""
    from vaderSentiment import vaderSentiment as vader  # reads its lexicon file

    analyzer = vader.SentimentIntensityAnalyzer()
    lexicon = {str(word).encode(): float(value) for word, value in analyzer.lexicon.items()}
    boosters = {str(word).encode(): float(value) for word, value in vader.BOOSTER_DICT.items()}
    negations = frozenset(str(word).encode() for word in vader.NEGATE)
    return _Vader(
        lexicon, boosters, negations, frozenset(boosters) | negations, frozenset([*lexicon, b"but"])
    )


def tone(text: str, *, folded: str | None = None) -> float:
    """-100 (most negative) .. 100 (most positive); 0 when no word carries sentiment.

    ``folded`` is ``text.lower()``, when the caller has it already.
    """
    vader = _vader()
    lexicon, boosters = vader.lexicon, vader.boosters
    folded = text.lower() if folded is None else folded
    found = words(folded)
    wanted = vader.wanted  # only the few words in the lexicon (or "but") need work
    hits = [index for index, word in enumerate(found) if word in wanted]
    if not hits:
        return 0.0
    contracted = "n't" in folded or "n’t" in folded  # "don't" negates too
    modifiers = vader.modifiers
    valences: list[float] = []
    but_at: int | None = None
    for index in hits:
        word = found[index]
        if word == b"but":
            but_at = len(valences)
            continue
        if word in boosters:
            continue
        valence = lexicon[word]
        window = found[max(0, index - 3) : index]
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

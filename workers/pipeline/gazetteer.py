"""Offline place lookup: names, spelling variants and demonyms → geocoded locations.

A small hand-curated baseline (``data/places.json``). A full offline gazetteer will replace
the data later; callers only rely on :class:`Gazetteer` and :class:`Place`. The fast
vocabulary helpers (``literal_alternation``, ``word_matches``) are shared with enrichment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, TypeAlias

from schemas import Location

_Trie: TypeAlias = dict[str, "_Trie"]
_END = ""  # marks "a word ends here" in a trie node


def literal_alternation(words: Iterable[str]) -> str:
    """A regex source matching any of ``words``, longest first.

    Built as a prefix trie, so ``re`` decides at each character instead of trying every
    word in turn: one pass over the text whatever the vocabulary size.
    """
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _trie_regex(trie)


def _trie_regex(node: _Trie) -> str:
    branches = [
        re.escape(char) + _trie_regex(child) for char, child in sorted(node.items()) if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Greedy optional tail: the longer word is tried first, the shorter one on backtrack.
    return f"(?:{body})?" if _END in node else body


def word_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` less the matches that start inside a word.

    For vocabularies of capitalised words: checking the left word boundary here rather than
    with ``\\b`` or a lookbehind in the pattern keeps re's first-character scan, which then
    only stops at the few capital letters.
    """
    for match in pattern.finditer(text):
        start = match.start()
        if start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"):
            yield match


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry; ``adjective`` and ``blocs`` are only set for countries."""

    location: Location
    is_country: bool = False
    adjective: str | None = None
    blocs: frozenset[str] = frozenset()


class Gazetteer:
    """Finds places in text with one precompiled, case-sensitive, word-bounded alternation."""

    def __init__(
        self, entries: Iterable[tuple[Place, Iterable[str]]], stop: Iterable[str] = ()
    ) -> None:
        """``entries`` pairs each place with its aliases; ``stop`` phrases match to nothing.

        Stop phrases (``New York Times``, ``Latin America``) are consumed by the alternation,
        so no place is found inside them.
        """
        self._by_alias: dict[str, Place | None] = {}
        for place, aliases in entries:
            for alias in aliases:
                self._by_alias.setdefault(alias, place)
        for phrase in stop:
            self._by_alias[phrase] = None
        self._pattern = re.compile(rf"(?:{literal_alternation(self._by_alias)})(?!\w)")

    @classmethod
    def default(cls) -> Gazetteer:
        """The bundled baseline gazetteer, loaded and compiled on first use, then shared."""
        return _bundled()

    def find(self, text: str) -> list[Location]:
        """Places mentioned in ``text``, deduplicated, in order of first mention."""
        seen: dict[str, Location] = {}
        for _start, _end, place in self.matches(text):
            seen.setdefault(place.location.name, place.location)
        return list(seen.values())

    def matches(self, text: str) -> Iterator[tuple[int, int, Place]]:
        """Every place mention as ``(start, end, place)``, in text order."""
        for match in word_matches(self._pattern, text):
            place = self._by_alias[match.group()]
            if place is not None:
                yield match.start(), match.end(), place

    def lookup(self, alias: str) -> Place | None:
        """The place an exact alias (``Kiev``, ``Romanian``) stands for, if any."""
        return self._by_alias.get(alias)

    def aliases(self, where: Callable[[Place], bool]) -> list[str]:
        """All aliases of the places for which ``where`` is true."""
        return [alias for alias, place in self._by_alias.items() if place and where(place)]


def _plurals(demonyms: list[str]) -> list[str]:
    # Russians, Israelis, Filipinos; "Polish" or "Swiss" have no such plural.
    return [d + "s" for d in demonyms if d.endswith(("n", "i", "o"))]


def _location(item: dict[str, Any]) -> Location:
    return Location(
        name=str(item["name"]),
        country_code=str(item["cc"]),
        latitude=float(item["lat"]),
        longitude=float(item["lon"]),
    )


def parse_places(document: str) -> Gazetteer:
    """Build a gazetteer from the JSON layout of ``data/places.json``."""
    data = json.loads(document)
    entries: list[tuple[Place, Iterable[str]]] = []
    for item in data["countries"]:
        demonyms = [str(d) for d in item.get("demonyms", [])]
        place = Place(
            _location(item),
            is_country=True,
            adjective=demonyms[0] if demonyms else None,
            blocs=frozenset(str(b) for b in item.get("blocs", [])),
        )
        variants = [str(v) for v in item.get("variants", [])]
        entries.append((place, [place.location.name, *variants, *demonyms, *_plurals(demonyms)]))
    for item in data["places"]:
        variants = [str(v) for v in item.get("variants", [])]
        entries.append((Place(_location(item)), [str(item["name"]), *variants]))
    return Gazetteer(entries, stop=[str(s) for s in data.get("stop", [])])


@cache
def _bundled() -> Gazetteer:
    source = resources.files(__package__ or __name__) / "data" / "places.json"
    return parse_places(source.read_text(encoding="utf-8"))

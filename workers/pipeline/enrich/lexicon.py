"""The bundled word lists (``data/organizations.json``, ``data/lexicon.json``) and the
lowercase keyword automaton every vocabulary of an :class:`Enricher` is matched with.

Topics (``lexicon.json``; whole words, case-insensitive; first mention first)
    military      war, troops, army, drones, missiles, shelling, offensive, drills, weapons
    diplomacy     talks, summit, diplomat, ambassador, envoy, treaty, ceasefire, sanctions
    politics      election, parliament, government, opposition, resignation, referendum
    humanitarian  civilians, refugees, aid, evacuation, grain, hospital, prisoner exchange
    economy       economy, sanctions, exports, trade, inflation, prices, budget, currency
    energy        energy, gas, oil, pipeline, electricity, power grid/plant, blackout
    nuclear       nuclear, radiation, reactor, uranium, IAEA, warhead
    cyber         cyberattack, hackers, malware, ransomware, DDoS
    legal         court, trial, verdict, sentenced, prosecutor, war crimes, law
    disaster      earthquake, flooding, storm, wildfire, hurricane, tsunami, dam breach
    crime         crime, arrested, police, corruption, bribery, fraud, smuggling
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Generic, TypeVar

from ahocorasick_rs import AhoCorasick, Implementation, MatchKind

T = TypeVar("T")

MINISTRY_KINDS = {
    "defence": "Defence", "defense": "Defence", "foreign": "Foreign",
    "foreign affairs": "Foreign", "interior": "Interior", "the interior": "Interior",
    "finance": "Finance", "economy": "Economy", "energy": "Energy", "justice": "Justice",
    "health": "Health", "emergencies": "Emergencies", "emergency situations": "Emergencies",
    "agriculture": "Agriculture", "trade": "Trade", "culture": "Culture",
    "education": "Education", "environment": "Environment", "transport": "Transport",
    "communications": "Communications", "information": "Information", "labour": "Labour",
    "electricity": "Electricity", "navy": "Navy",
    "external affairs": "External Affairs", "commerce": "Commerce", "food": "Food",
    "water resources": "Water Resources", "disaster management": "Disaster Management",
    "industry": "Industry", "mines": "Mines",
}  # fmt: skip


EMBASSY = "Embassy"


@dataclass(frozen=True, slots=True)
class Lexicon:
    organizations: dict[str, str]
    """Alias (case-sensitive) → canonical organisation name."""
    outlets: frozenset[str]
    roles: list[str]
    name_stop: frozenset[str]
    institution_words: frozenset[str]
    topics: dict[str, tuple[str, ...]]
    """Lowercase phrase → the topics it signals."""
    leadership_words: frozenset[str]
    """Words worth checking a sentence for a leadership change."""
    weapon_words: frozenset[str]
    """Words worth checking a sentence for an attack on NATO/EU territory."""
    ministries: dict[str, str]
    """``defence ministry`` / ``ministry of defence`` → ``Defence Ministry``; ``embassy``
    → ``Embassy`` (named only with its country)."""
    organization_heads: frozenset[str]
    """Capitalised last words of organisations' names (``Forces``, ``Party``, ``Agency``)."""
    organization_kinds: frozenset[str]
    """Lowercase nouns beside an organisation's name (``the LockBit ransomware group``,
    ``energy company OMV``)."""
    media_kinds: frozenset[str]
    """Lowercase nouns that make such an organisation a news outlet (``broadcaster``)."""
    titles: frozenset[str]
    """Ranks, honorifics and role words that come before a name, never in it."""

    @property
    def every_kind(self) -> frozenset[str]:
        """Every lowercase kind of organisation, news outlets' included."""
        return self.organization_kinds | self.media_kinds

    @property
    def role_words(self) -> frozenset[str]:
        """Titles and every word of a role, capitalised (``Minister``, ``Colonel``): words
        that are never part of a person's or an organisation's name."""
        return self.titles | {word.title() for role in self.roles for word in role.split()}


# The smallest automaton in memory. A DFA runs fewer instructions per character, but
# inside the pipeline, where every other stage evicts it from the caches between two
# entries, its pass took 1.6 times as long (bench/RESULTS.md).
COMPACT = Implementation.ContiguousNFA


class KeywordIndex(Generic[T]):
    """One Aho-Corasick automaton over lowercase phrases, each with a payload; reports
    whole-word matches only, overlapping ones included (``drones struck`` and ``drones``)."""

    def __init__(self, phrases: Mapping[str, T]) -> None:
        # By pattern index: (-length, phrase, payload).
        self._entries = [(-len(phrase), phrase, payload) for phrase, payload in phrases.items()]
        self._automaton = (
            AhoCorasick(list(phrases), matchkind=MatchKind.Standard, implementation=COMPACT)
            if phrases
            else None
        )

    def scan(self, lowered: str) -> list[tuple[int, int, str, T]]:
        """``(start, -length, phrase, payload)`` of every whole-word match in ``lowered``,
        by start, the longest first at one start."""
        if self._automaton is None:
            return []
        found = []
        size = len(lowered)
        entries = self._entries
        for index, start, end in self._automaton.find_matches_as_indexes(lowered, overlapping=True):
            # is_word_at(), inlined: this runs for every match, whole word or not.
            if start and ((before := lowered[start - 1]).isalnum() or before == "_"):
                continue
            if end < size and ((after := lowered[end]).isalnum() or after == "_"):
                continue
            shorter, phrase, payload = entries[index]
            found.append((start, shorter, phrase, payload))
        found.sort()  # (start, -length) is unique: the rest is never compared
        return found


class NameIndex:
    """Case-sensitive names (organisations, platforms) found as ``re.finditer`` of their
    alternation followed by ``(?![\\w…])`` would find them, less the matches that start
    inside a word: leftmost first, the longest name that no word character (nor one of
    ``also_after``) follows. One Aho-Corasick pass instead of a large regex."""

    def __init__(self, names: Iterable[str], also_after: str = "") -> None:
        self._names = sorted(set(names))
        self._automaton = AhoCorasick(
            self._names, matchkind=MatchKind.Standard, implementation=COMPACT
        )
        self._also_after = also_after

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, name)`` of each name found, in text order."""
        matches = self._automaton.find_matches_as_indexes(text, overlapping=True)
        if not matches:
            return []
        matches.sort(key=lambda match: (match[1], -match[2]))
        found = []
        reached = 0
        size = len(text)
        also_after = self._also_after
        for index, start, end in matches:
            if start < reached:
                continue
            if end < size and (
                (after := text[end]).isalnum() or after == "_" or after in also_after
            ):
                continue  # the regex would try a shorter name here, or the next position
            reached = end
            if start and ((before := text[start - 1]).isalnum() or before == "_"):
                continue  # matched by the regex, but inside a word: dropped
            found.append((start, end, self._names[index]))
        return found


def read_json(name: str) -> Any:
    source = resources.files("workers.pipeline") / "data" / name
    return json.loads(source.read_text(encoding="utf-8"))


@cache
def bundled_lexicon() -> Lexicon:
    """The bundled word lists, read on first use, then shared."""
    orgs = read_json("organizations.json")
    organizations: dict[str, str] = {}
    outlets: set[str] = set()
    for section in ("organizations", "outlets"):
        for item in orgs[section]:
            name = str(item["name"])
            for alias in (name, *item.get("aliases", [])):
                organizations.setdefault(str(alias), name)
            if section == "outlets":
                outlets.add(name)

    words = read_json("lexicon.json")
    roles = [str(role) for role in words["roles"]]
    for kind in words["ministries"]:
        roles += [f"{kind} minister", f"deputy {kind} minister"]
    topics: dict[str, list[str]] = {}
    for topic, phrases in words["topics"].items():
        for phrase in phrases:
            topics.setdefault(str(phrase), []).append(str(topic))
    ministries = {}
    for kind, label in MINISTRY_KINDS.items():
        ministries[f"{kind} ministry"] = ministries[f"ministry of {kind}"] = f"{label} Ministry"
    ministries["embassy"] = EMBASSY
    return Lexicon(
        organizations=organizations,
        outlets=frozenset(outlets),
        roles=roles,
        name_stop=frozenset(map(str, words["name_stop"])),
        institution_words=frozenset(map(str, words["institution_words"])),
        topics={phrase: tuple(names) for phrase, names in topics.items()},
        leadership_words=frozenset(map(str, words["leadership_words"])),
        weapon_words=frozenset(map(str, words["weapon_words"])),
        ministries=ministries,
        organization_heads=frozenset(map(str, words["organization_heads"])),
        organization_kinds=frozenset(map(str, words["organization_kinds"])),
        media_kinds=frozenset(map(str, words["media_kinds"])),
        titles=frozenset(map(str, words["titles"])),
    )

"""Organisations (curated names, ministries named after their country) and the sources an
entry cites: ``on Telegram``/``on X``, ``according to <outlet>``, ``told <outlet>``,
``<outlet> reported/quoted/said``."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Final

from workers.pipeline.enrich.common import GAP as _GAP
from workers.pipeline.enrich.common import UPPER as _UPPER
from workers.pipeline.enrich.common import find_word, first_seen
from workers.pipeline.enrich.lexicon import EMBASSY, Lexicon, NameIndex
from workers.pipeline.enrich.organizations import NamedBodies
from workers.pipeline.gazetteer import Gazetteer, literal_alternation

_PLATFORMS: Final = {
    "Telegram": "Telegram", "X": "X", "Twitter": "X", "Facebook": "Facebook",
    "Instagram": "Instagram", "YouTube": "YouTube", "TikTok": "TikTok",
    "VKontakte": "VKontakte", "VK": "VKontakte", "Truth Social": "Truth Social",
    "WhatsApp": "WhatsApp", "Weibo": "Weibo",
}  # fmt: skip
_PLATFORM_NAMES: Final = NameIndex(_PLATFORMS, also_after="-")  # not "X-ray"
# Matched against the text just before a platform name ("said on Telegram", "in a post on
# his official Telegram channel") or just after it ("in a Telegram post").
_PLATFORM_BEFORE: Final = re.compile(
    r"(?i:\b(?:on|via)\s+(?:(?:his|her|its|their|the)\s+)?(?:(?:official|personal)\s+)?"
    r"(?:(?:messaging\s+app|social\s+media(?:\s+platform)?|social\s+network|platform|app)\s+)?"
    r"|\b(?P<in>in)\s+an?\s+)$"
)
_PLATFORM_AFTER: Final = re.compile(r"(?i:\s+(?:post|message|video|statement|update)s?\b)")
# Before an outlet: "according to Russia's state news agency TASS", "told the BBC", never
# "told reporters that Reuters"; after it: "Reuters reported", "RIA quoted".
_OUTLET_BEFORE: Final = re.compile(
    r"(?i:\b(?:according\s+to|told|tells|telling|(?:spoke|speaking|talking)\s+to"
    r"|interview\s+with|(?:quoted|cited|reported|seen|obtained|reviewed)\s+by|confirmed\s+to"
    r"|on|(?:broadcast|aired|published|carried|shown)\s+(?:by|on)"
    r"|(?:wrote|writes|writing)\s+in|(?:article|op-ed|column)\s+(?:in|for)"
    r"|(?:reports?|story|investigation)\s+(?:by|in|from))\s+)"
    r"(?:(?:(?i:the|a|an|state|state-run|state-owned|state-controlled|independent|news|agency"
    r"|newspaper|daily|weekly|broadcaster|outlet|wire|service|channel|network|radio|station|television"
    rf"|public|national|private|regional|local|online|financial|business|satellite"
    rf"|opposition|site|portal|website|magazine|footage"
    rf"|its|his|her|their|[\w-]+['’]s"
    rf"|[a-z]+-(?:run|owned|backed|based|controlled|funded|affiliated|aligned|language)|pro-[\w-]+)"
    rf"|[{_UPPER}][\w'’-]*){_GAP}){{0,4}}$"
)
_OUTLET_AFTER: Final = re.compile(
    rf",{_GAP}citing\b|(?:{_GAP}(?i:news\s+agency|agency|newspaper|channel|broadcaster))?"
    rf"(?:{_GAP}(?i:correspondents?|reporters?|journalists?|staff|television|footage))?"
    rf"(?:{_GAP}(?i:had|has))?"
    rf"(?:{_GAP}(?i:later|also|earlier|first|separately|itself|quickly))?{_GAP}"
    r"(?i:reported|reports|quoted|quotes|cited|cites|said|says|wrote|writes|carried"
    r"|published|learned|has\s+learned|obtained|reviewed|was\s+told|announced|showed|aired"
    r"|broadcast|revealed|reveals|disclosed)\b"
)
_LOOK_BEHIND: Final = 80  # characters searched before a platform, outlet or ministry


@dataclass(frozen=True, slots=True)
class Organizations:
    """What :meth:`Sources.organizations` found."""

    names: list[str]
    """Canonical names, in order of first mention."""
    outlets: list[tuple[int, int, str]]
    """``(start, end, name)`` of each news outlet mentioned."""
    mentions: list[tuple[int, int, str]]
    """Every mention (ministries by the words that name them)."""
    listed: list[tuple[int, int, str]]
    """The mentions of names from the curated list: no place is read inside them
    (``Voice of America``), while a place in a name found by its shape is the place
    it says (``South Sudan People's Defence Forces``)."""


class _NotNames:
    """People's names (and their words) and platforms: no organisation is named so.
    Answers ``in`` without building a set for the entries that find no organisation."""

    def __init__(self, people: Collection[str]) -> None:
        self._people = people

    def __contains__(self, name: object) -> bool:
        return name in _PLATFORMS or any(
            name == person or name in person.split() for person in self._people
        )


class Sources:
    """Finds organisations and citations; build once per :class:`Enricher`."""

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer, organizations: NameIndex) -> None:
        self._lexicon = lexicon
        self._gazetteer = gazetteer
        self._names = organizations
        self._bodies = NamedBodies(lexicon, gazetteer)
        countries = gazetteer.aliases(lambda place: place.is_country)
        self._country_before = re.compile(
            rf"(?<!\w)(?P<country>{literal_alternation(countries)})(?:['’]s)?{_GAP}$"
        )

    def body_named(self, phrase: str) -> str | None:
        """The organisation ``phrase`` names as a whole (see :meth:`NamedBodies.named`)."""
        return self._bodies.named(phrase)

    def organizations(
        self,
        text: str,
        ministries: list[tuple[int, int, str]],
        bodies: list[tuple[int, str]] = (),  # type: ignore[assignment]
        taken: list[tuple[int, int]] = (),  # type: ignore[assignment]
        people: Collection[str] = (),
    ) -> Organizations:
        """The organisations of ``text`` (see :class:`Organizations`).

        ``ministries`` are ``(start, end, name)`` mentions; a country before one names it
        (``Russia's defence ministry`` → ``Russian Defence Ministry``). ``bodies`` are
        where organisations' head words and kinds start (see :mod:`.organizations`);
        ``taken`` are spans known to name something else, ``people`` the names of the
        people found: neither is an organisation.
        """
        lexicon = self._lexicon
        found: list[tuple[int, str]] = []
        outlets: list[tuple[int, int, str]] = []
        mentions: list[tuple[int, int, str]] = []
        # "Office of the UN High Commissioner for Human Rights (OHCHR)": the full name, and
        # its acronym for it elsewhere in the entry (even where the list knows another).
        defined = self._bodies.defined(text) if " (" in text else []
        named = self._names.find(text)  # by the list
        acronyms: dict[str, str] = {}
        spans: list[tuple[int, int]] = []
        curated: list[tuple[int, int, str]] = []  # found by the list of names
        for body, acronym in defined:
            start, end, name = body.start, body.end, body.name
            from_list = name in lexicon.organizations
            for s, e, alias in named:
                if s <= start and end <= e and e - s > end - start:
                    break  # a part of a longer listed name: the list reads the name
                if e == end and s > start and not text[start:s].istitle():
                    start, name, from_list = s, alias, True  # "Trucks of the <listed name> (…)"
            else:
                name = lexicon.organizations.get(name, name)
                acronyms[acronym] = name
                found.append((start, name))
                mentions.append((start, end, name))
                if from_list:
                    curated.append((start, end, name))
                after = end + len(acronym) + 3  # past " (ACRONYM)"
                spans.append((start, after))
                if body.outlet or name in lexicon.outlets:
                    outlets.append((start, after, name))
        for start, end, alias in named:
            if any(s < end and start < e for s, e in spans):
                continue  # "UN" in "Office of the UN High Commissioner …", "(JNIM)"
            name = acronyms.get(alias) or lexicon.organizations[alias]
            found.append((start, name))
            mentions.append((start, end, name))
            curated.append((start, end, name))
            if name in lexicon.outlets:
                outlets.append((start, end, name))
        for acronym, name in acronyms.items():  # "the JCS said": a mention, for quotes
            start = find_word(text, acronym)
            while start != -1:
                end = start + len(acronym)
                if not any(s <= start < e for s, e in spans) and (start, end, name) not in mentions:
                    mentions.append((start, end, name))
                start = find_word(text[end:], acronym)
                start = start + end if start != -1 else -1
        qualified: dict[str, str] = {}  # ministry → the country adjective that named it
        unqualified: list[tuple[int, int, str]] = []
        for start, end, ministry in ministries:
            country = self._country_before.search(text, max(0, start - _LOOK_BEHIND), start)
            place = self._gazetteer.lookup(country["country"]) if country else None
            if country is None or place is None:
                unqualified.append((start, end, ministry))
                continue
            adjective = place.adjective or place.location.name
            found.append((country.start(), f"{adjective} {ministry}"))
            mentions.append((start, end, f"{adjective} {ministry}"))
            qualified.setdefault(ministry, adjective)
        # "the defence ministry" after "Russia's defence ministry" is that same ministry;
        # when one country names the entry's ministries, it names the others too.
        adjectives = set(qualified.values())
        for start, end, ministry in unqualified:
            if ministry in qualified:
                name = f"{qualified[ministry]} {ministry}"
            elif len(adjectives) == 1:
                name = f"{next(iter(adjectives))} {ministry}"
                found.append((start, name))
            elif ministry != EMBASSY:
                name = ministry
                found.append((start, name))
            else:
                continue
            mentions.append((start, end, name))
        if bodies:
            spans = [(start, end) for start, end, _name in mentions]
            not_names = _NotNames(people)
            # A body may replace a listed name it holds: "the Nepali Congress", not "Congress".
            listed = [(start, end) for start, end, _name in curated]
            for body in self._bodies.find(text, bodies, [*spans, *taken], not_names, listed):
                for held in [m for m in curated if body.start <= m[0] and m[1] <= body.end]:
                    mentions.remove(held)
                    found.remove((held[0], held[2]))
                    if held in outlets:
                        outlets.remove(held)
                found.append((body.start, body.name))
                mentions.append((body.start, body.end, body.name))
                if body.outlet:
                    outlets.append((body.start, body.end, body.name))
        return Organizations(first_seen(found), outlets, mentions, curated)

    def attributions(self, text: str, outlets: list[tuple[int, int, str]]) -> list[str]:
        found: list[tuple[int, str]] = []
        for start, end, platform in _PLATFORM_NAMES.find(text):
            lead = _PLATFORM_BEFORE.search(text, max(0, start - _LOOK_BEHIND), start)
            if lead and (not lead["in"] or _PLATFORM_AFTER.match(text, end)):
                found.append((start, _PLATFORMS[platform]))
        for start, end, outlet in outlets:
            if _OUTLET_AFTER.match(text, end) or _OUTLET_BEFORE.search(
                text, max(0, start - _LOOK_BEHIND), start
            ):
                found.append((start, outlet))
        return first_seen(found)

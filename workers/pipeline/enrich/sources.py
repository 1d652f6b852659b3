"""Organisations (curated names, ministries named after their country) and the sources an
entry cites: ``on Telegram``/``on X``, ``according to <outlet>``, ``told <outlet>``,
``<outlet> reported/quoted/said``."""

from __future__ import annotations

import re
from typing import Final

from workers.pipeline.enrich.common import GAP as _GAP
from workers.pipeline.enrich.common import UPPER as _UPPER
from workers.pipeline.enrich.common import first_seen
from workers.pipeline.enrich.lexicon import Lexicon
from workers.pipeline.gazetteer import Gazetteer, literal_alternation, word_matches

_PLATFORMS: Final = {
    "Telegram": "Telegram", "X": "X", "Twitter": "X", "Facebook": "Facebook",
    "Instagram": "Instagram", "YouTube": "YouTube", "TikTok": "TikTok",
    "VKontakte": "VKontakte", "VK": "VKontakte", "Truth Social": "Truth Social",
    "WhatsApp": "WhatsApp", "Weibo": "Weibo",
}  # fmt: skip
_PLATFORM: Final = re.compile(rf"(?:{literal_alternation(_PLATFORMS)})(?![\w-])")
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
    r"|interview\s+with|(?:quoted|cited|reported)\s+by|confirmed\s+to)\s+)"
    r"(?:(?:(?i:the|a|an|state|state-run|state-owned|state-controlled|independent|news|agency"
    rf"|newspaper|daily|broadcaster|outlet|wire|service|channel|network|radio|television)"
    rf"|[{_UPPER}][\w'’-]*){_GAP}){{0,4}}$"
)
_OUTLET_AFTER: Final = re.compile(
    rf"(?:{_GAP}(?i:news\s+agency|agency|newspaper))?{_GAP}"
    r"(?i:reported|reports|quoted|quotes|cited|cites|said|says|wrote|writes|carried"
    r"|published|learned|has\s+learned|obtained|reviewed|was\s+told)\b"
)
_LOOK_BEHIND: Final = 80  # characters searched before a platform, outlet or ministry


class Sources:
    """Finds organisations and citations; build once per :class:`Enricher`."""

    def __init__(
        self, lexicon: Lexicon, gazetteer: Gazetteer, organizations: re.Pattern[str]
    ) -> None:
        self._lexicon = lexicon
        self._gazetteer = gazetteer
        self._organizations = organizations
        # re skips quickly to the capital letters the aliases start with, but stops at every
        # "a" for "al-Qaeda": the few other aliases are looked for first, as plain strings,
        # and the whole pattern only used when one of them is there.
        capitalised = [alias for alias in lexicon.organizations if alias[:1].isupper()]
        self._others = tuple(alias for alias in lexicon.organizations if not alias[:1].isupper())
        self._capitalised = re.compile(rf"(?:{literal_alternation(capitalised)})(?!\w)")
        countries = gazetteer.aliases(lambda place: place.is_country)
        self._country_before = re.compile(
            rf"(?<!\w)(?P<country>{literal_alternation(countries)})(?:['’]s)?{_GAP}$"
        )

    def organizations(
        self, text: str, ministries: list[tuple[int, str]]
    ) -> tuple[list[str], list[tuple[int, int, str]], list[tuple[int, int]]]:
        """Canonical names in mention order, outlet mentions, and named organisations' spans.

        ``ministries`` are ``(position, kind)`` mentions; a country before one names it
        (``Russia's defence ministry`` → ``Russian Defence Ministry``).
        """
        lexicon = self._lexicon
        found: list[tuple[int, str]] = []
        outlets: list[tuple[int, int, str]] = []
        spans: list[tuple[int, int]] = []
        others = any(alias in text for alias in self._others)
        for match in word_matches(self._organizations if others else self._capitalised, text):
            name = lexicon.organizations[match.group()]
            start, end = match.span()
            found.append((start, name))
            spans.append((start, end))
            if name in lexicon.outlets:
                outlets.append((start, end, name))
        qualified: set[str] = set()
        unqualified: list[tuple[int, str]] = []
        for start, kind in ministries:
            country = self._country_before.search(text, max(0, start - _LOOK_BEHIND), start)
            place = self._gazetteer.lookup(country["country"]) if country else None
            if country is None or place is None:
                unqualified.append((start, f"{kind} Ministry"))
                continue
            adjective = place.adjective or place.location.name
            found.append((country.start(), f"{adjective} {kind} Ministry"))
            qualified.add(kind)
        # "the defence ministry" after "Russia's defence ministry" is that same ministry.
        found += [(pos, name) for pos, name in unqualified if name.split()[0] not in qualified]
        return first_seen(found), outlets, spans

    def attributions(self, text: str, outlets: list[tuple[int, int, str]]) -> list[str]:
        found: list[tuple[int, str]] = []
        for match in word_matches(_PLATFORM, text):
            start, end = match.span()
            lead = _PLATFORM_BEFORE.search(text, max(0, start - _LOOK_BEHIND), start)
            if lead and (not lead["in"] or _PLATFORM_AFTER.match(text, end)):
                found.append((start, _PLATFORMS[match.group()]))
        for start, end, outlet in outlets:
            if _OUTLET_AFTER.match(text, end) or _OUTLET_BEFORE.search(
                text, max(0, start - _LOOK_BEHIND), start
            ):
                found.append((start, outlet))
        return first_seen(found)

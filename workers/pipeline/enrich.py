"""Baseline enrichment of one entry: people, organisations, places, cited sources, inline
quotes, topics and a 0-100 severity score. Synchronous, rule based, no network.

Patterns are compiled when an :class:`Enricher` is built; the hand-curated word lists in
``data/`` (``places.json``, ``organizations.json``, ``lexicon.json``) are read on the first
build. Vocabularies are matched as prefix tries (see ``literal_alternation``); all the
lowercase ones (topics, severity terms, trigger words, ministries) in a single pass.

People
    ``<role> <Capitalised Name>`` with a curated role list (``Defence Minister Sergei
    Shoigu``, ``Bryansk governor Alexander Bogomaz``, ``Pope Francis``), plus quote
    speakers. Later surname-only mentions (``Shoigu``, ``Kim``) resolve to the person
    already found and never create one.
Quotes
    Double-quoted passages of at least four words in the body, attributed by the reporting
    verb around them (``"…," X said``, ``"…," said X``, ``X said: "…"``, ``RIA quoted X as
    saying``). ``he``/``she`` is the last named speaker, else the person mentioned last; a
    paragraph that is only a quote continues the previous paragraph's speaker.
Attributions
    Citations only: ``on Telegram``/``on X``, ``according to <outlet>``, ``told <outlet>``,
    ``<outlet> reported/quoted/said``.
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
Severity (weights and caps in ``lexicon.json``)
    Each distinct reason adds its weight once and a group never adds more than its cap:
    deaths 40, ten or more 20 more; injuries 25; strikes and explosions 25 each, capped at
    50; drones or missiles hitting a NATO/EU member's territory 30; nuclear incident 50;
    leadership change (head of state or government, king or queen, army chief, defence,
    foreign or interior minister resigns, is dismissed or killed) 60; martial law,
    mobilisation, coup, war declared 60; state of emergency 40; sabotage 20, hostages 30,
    terror attack 40; cyber 15-25; disasters 25-40; evacuation 10. Words in a sentence that
    denies them (``denied that …``, ``no casualties``) do not count; a claim both made and
    denied takes 10 off (``disputed``). Clamped to 0..100.
Alerts
    None below ``alert_threshold``; otherwise the level by absolute severity: ≥90
    critical, ≥75 high, ≥60 medium, lower (only with a threshold under 60) low.
"""

from __future__ import annotations

import json
import re
import string
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import product
from typing import Any, Final

from schemas import Alert, Location, Organization, Person, Quote
from schemas.event import AlertLevel
from workers.pipeline.gazetteer import Gazetteer, literal_alternation, word_matches


@dataclass(frozen=True, slots=True)
class Enrichment:
    """What :meth:`Enricher.enrich` found; every list is deduplicated, first mention first."""

    people: list[Person]
    organizations: list[Organization]
    locations: list[Location]
    attributions: list[str]
    topics: list[str]
    quotes: list[Quote]
    """Inline quotes found in the body text (pull quotes are not repeated here)."""
    severity: int
    """0..100."""
    severity_reasons: list[str]


_GAP: Final = r"[^\S\n]+"  # spaces within a paragraph
# Lowercase vocabularies start with one consumed non-word character as their left word
# boundary: unlike \b or a lookbehind, it keeps re's fast first-character scan (capitalised
# ones use word_matches instead). They run on text that starts with a non-word character.
_W: Final = r"\W"
_ASCII_LOWER: Final = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _lowercase(text: str) -> str:
    """``text`` lowercased, every offset kept (``İ`` would lengthen with ``str.lower``)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.translate(_ASCII_LOWER)


# -- names -------------------------------------------------------------------------------

_UPPER: Final = "".join(c for c in map(chr, range(0x41, 0x250)) if c.isupper())
# A capitalised name token (Zelenskyy, O'Brien, Jean-Yves, al-Sudani, Zelenskyy's) or an
# initial (W.).
_TOKEN: Final = rf"(?:(?:al|el)-)?[{_UPPER}](?:[^\W\d_]+(?:['’-][^\W\d_]+)*|\.)"
_PARTICLES: Final = frozenset(
    ["al", "el", "bin", "ibn", "de", "da", "di", "del", "der", "den", "du", "la", "le", "van",
     "von", "dos", "das"]
)  # fmt: skip
_NAME: Final = rf"{_TOKEN}(?:{_GAP}(?:{literal_alternation(_PARTICLES)}{_GAP})*{_TOKEN}){{0,4}}"
_HONORIFICS: Final = frozenset(["Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Sir"])
_ROMAN: Final = re.compile(r"[IVX]{1,4}")


def _case_variants(phrase: str) -> set[str]:
    """``defence minister`` → also ``Defence Minister``, ``Defence minister``; ``MP``."""
    options = []
    for word in phrase.split(" "):
        forms = {word, word[:1].upper() + word[1:], word.title()}
        if len(word) <= 3:
            forms.add(word.upper())
        options.append(forms)
    return {" ".join(words) for words in product(*options)}


def _strip_possessive(token: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if token.endswith(suffix):
            return token[: -len(suffix)]
    return token


def _same_person(short: list[str], long: list[str]) -> bool:
    """Whether two spellings name the same person (``Putin`` / ``Vladimir Putin``)."""
    if len(short) > len(long):
        short, long = long, short
    if short == long[-len(short) :]:
        return True
    # Family name first (Kim Jong Un, Xi Jinping): the first token alone names them too.
    return len(short) == 1 and len(long) >= 3 and short[0] == long[0]


def _is_word_at(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "_" or after.isalnum() or after == "_")


def _find_word(text: str, word: str, *, last_before: int | None = None) -> int:
    """Index of the first (or last before ``last_before``) whole-word ``word``; -1 if none."""
    if last_before is None:
        index = text.find(word)
        while index != -1 and not _is_word_at(text, index, index + len(word)):
            index = text.find(word, index + 1)
        return index
    index = text.rfind(word, 0, last_before)
    while index != -1 and not _is_word_at(text, index, index + len(word)):
        index = text.rfind(word, 0, index)
    return index


@dataclass(slots=True)
class _Found:
    name: str
    role: str | None
    first: int

    def mentions(self) -> list[str]:
        """Strings that name this person: full name, surname, first token (Kim)."""
        tokens = self.name.split()
        first = tokens[:1] if len(tokens) >= 3 else []
        return [self.name, tokens[-1], *first]


class _People:
    """The people of one entry; a shorter and a fuller spelling are one person."""

    def __init__(self) -> None:
        self.found: list[_Found] = []

    def resolve(self, name: str) -> _Found | None:
        tokens = [token for token in name.split() if token not in _HONORIFICS]
        if not tokens:
            return None
        return next((f for f in self.found if _same_person(tokens, f.name.split())), None)

    def add(self, name: str, role: str | None, position: int) -> _Found:
        known = self.resolve(name)
        if known is None:
            known = _Found(name, role, position)
            self.found.append(known)
            return known
        if len(name.split()) > len(known.name.split()):
            known.name = name
        known.role = known.role or role
        known.first = min(known.first, position)
        return known

    def last_mentioned(self, text: str, before: int) -> _Found | None:
        best: tuple[int, _Found | None] = (-1, None)
        for found in self.found:
            for mention in found.mentions():
                index = _find_word(text, mention, last_before=before)
                if index > best[0]:
                    best = (index, found)
        return best[1]

    def ordered(self, text: str) -> list[Person]:
        def first(found: _Found) -> int:
            hits = [i for m in found.mentions() if (i := _find_word(text, m)) != -1]
            return min([found.first, *hits])

        return [Person(name=f.name, role=f.role) for f in sorted(self.found, key=first)]


# -- quotes ------------------------------------------------------------------------------

_VERBS: Final = (
    r"(?:said|says|say|told|tells|added|adds|wrote|writes|stated|states|insisted|insists"
    r"|explained|noted|warned|warns|posted|declared|stressed|asked|replied|continued"
    r"|claimed|claims|argued|argues|urged|urges|announced|acknowledged|admitted|recalled"
    r"|commented|remarked|cautioned|tweeted|was\s+quoted\s+as\s+saying)"
)
# An opening quote mark without its closing one runs to the end of the paragraph.
_QUOTE: Final = re.compile(r"[\"“](?P<text>[^\"“”\n]+)[\"”]|[\"“](?P<open>[^\"“”\n]+)$")
_MIN_QUOTE_WORDS: Final = 4
_MAX_SPEAKER_WORDS: Final = 10
# (pattern, whether it reads the text after the quote, whether the speaker follows the verb)
_ATTRIBUTIONS: Final = (
    (re.compile(r"^[\s,]*[^\"“”.!?]{0,80}?\bquoted\s+(?P<who>[^\"“”.!?,]{1,60}?)\s+as\s+saying\b"),
     True, False),
    (re.compile(rf"^[\s,]*{_VERBS}\s+(?P<who>[^\"“”.!?,;:]{{1,80}})"), True, True),
    (re.compile(rf"^[\s,]*(?P<who>[^\"“”.!?;:]{{1,100}}?)\s+{_VERBS}\b"), True, False),
    (re.compile(r"\bquoted\s+(?P<who>[^\"“”.!?,]{1,60}?)\s+as\s+saying\b[^\"“”.!?]{0,40}$"),
     False, False),
    (re.compile(rf"^\s*(?P<who>[^\"“”.!?;]{{1,100}}?)\s+{_VERBS}\b[^\"“”.!?]{{0,80}}$"),
     False, False),
)  # fmt: skip
_SENTENCE_END: Final = re.compile(r"[.!?][\"”’')]*\s+")
_PRONOUNS: Final = frozenset({"he", "she"})
_OTHER_PRONOUNS: Final = frozenset({"they", "we", "i", "you", "it", "one"})

# -- organisations and citations -----------------------------------------------------------

_MINISTRY_KINDS: Final = {
    "defence": "Defence", "defense": "Defence", "foreign": "Foreign",
    "foreign affairs": "Foreign", "interior": "Interior", "the interior": "Interior",
    "finance": "Finance", "economy": "Economy", "energy": "Energy", "justice": "Justice",
    "health": "Health", "emergencies": "Emergencies", "emergency situations": "Emergencies",
    "agriculture": "Agriculture",
}  # fmt: skip
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

# -- severity ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rule:
    group: str
    weight: int
    reason: str


_SCALE: Final = _Rule("scale", 20, "casualties: ten or more killed")
_MASS_CASUALTIES: Final = re.compile(  # on the lowercased text
    r"\b(?:(?P<count>\d[\d,]*)|dozens|scores|hundreds|thousands)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:(?:were|was|have\s+been|had\s+been)\s+)?(?:killed|dead|died)\b"
    r"|\bkill(?:ed|s|ing)\s+(?:at\s+least\s+)?(?P<object>\d[\d,]*)"
    r"|\bdeath\s+toll\b[^.!?]{0,40}?\b(?P<toll>\d[\d,]*)"
)
_MASS_COUNT: Final = 10
_DENIAL_PENALTY: Final = 10
_DENIAL_REASON: Final = "disputed: denial reported"
_TERRITORY: Final = _Rule("territory", 30, "attack on NATO/EU territory")
_LEADERSHIP_WEIGHT: Final = 60
_SENTENCE_BREAK: Final = re.compile(r"[.!?][\"”’')]*\s+|\n\n+")
_DENIAL: Final = re.compile(  # on the lowercased text
    r"\b(?:den(?:y|ies|ied|ying)|refut\w+"
    r"|(?:reject|dismiss)(?:s|ed|es)?\s+(?:the\s+)?(?:claims?|reports?|allegations?)"
    r"|no\s+(?:casualties|injuries|deaths|damage)|no\s+one\s+was\s+(?:hurt|injured|killed)"
    r"|not\s+(?:been\s+)?(?:hit|struck|damaged|killed|injured|hurt|wounded)|unharmed|unhurt"
    r"|false\s+(?:claims?|reports?)|ruled\s+out|rules\s+out"
    r"|(?:refused|refuses|will\s+not|won't|no\s+intention)\s+(?:to\s+|of\s+)?resign\w*)\b"
)
_LEAD_ROLE: Final = (
    r"(?i:(?:vice[- ])?president|prime\s+minister|premier|chancellor"
    r"|(?:defen[cs]e|foreign|interior)\s+minister"
    r"|minister\s+of\s+(?:defen[cs]e|foreign\s+affairs|the\s+interior)"
    r"|(?:defen[cs]e|foreign|home)\s+secretary|secretary\s+of\s+state|head\s+of\s+state"
    r"|supreme\s+leader|king|queen|army\s+chief|commander-in-chief"
    r"|chief\s+of\s+(?:the\s+)?general\s+staff)"
)
_NAME_GAP: Final = rf"(?:{_GAP}{_TOKEN}){{0,4}}"
# Only run on the sentences that have one of the lexicon's leadership words.
_LEADERSHIP: Final = re.compile(
    # the defence minister ... resigned / handed in his resignation
    rf"\b(?P<r1>{_LEAD_ROLE})\b[^.!?\n]{{0,100}}?"
    r"(?i:\b(?:resign(?:s|ed|ing|ation)?|stepp(?:ed|ing)\s+down|steps?\s+down"
    r"|quit(?:s|ting)?)\b)"
    rf"|(?i:\bresignation\s+of\s+(?:(?:the|his|her|its)\s+)?(?:\w+\s+){{0,2}}?)"
    rf"(?P<r2>{_LEAD_ROLE})\b"
    # the defence minister (Name) was dismissed / X dismissed his defence minister
    rf"|\b(?P<r3>{_LEAD_ROLE}){_NAME_GAP}{_GAP}(?i:(?:was|has\s+been|had\s+been|is\s+being"
    r"|were)\s+(?:dismissed|sacked|fired|ousted|removed|replaced|impeached|toppled"
    r"|overthrown))\b"
    r"|(?i:\b(?:dismiss(?:ed|es)?|sack(?:ed|s)?|fire[sd]?|oust(?:ed|s)?|remov(?:ed|es|e)"
    r"|replac(?:ed|es|e))\s+(?:(?:the|his|her|its|their)\s+)?)"
    rf"(?:{_TOKEN}{_GAP})?(?P<r4>{_LEAD_ROLE})\b(?!['’]s)"
    # the president (Name) was killed / has died
    rf"|\b(?P<r5>{_LEAD_ROLE}){_NAME_GAP}{_GAP}(?i:(?:(?:was|has\s+been|had\s+been|is|were)"
    r"\s+(?P<killed>killed|assassinated|shot\s+dead|dead)|(?:has\s+)?(?P<died>died|dies)))\b"
    rf"|(?i:\bassassination\s+of\s+(?:the\s+)?(?:\w+\s+){{0,2}}?)(?P<r6>{_LEAD_ROLE})\b"
)
_ROLE_LABELS: Final = {
    "minister of defence": "defence minister",
    "minister of foreign affairs": "foreign minister",
    "minister of the interior": "interior minister",
    "vice-president": "vice president",
}


def _is_mass_count(digits: str) -> bool:
    """Ten or more, and not a year ("the 2014 war killed")."""
    count = int(digits.replace(",", ""))
    return count >= _MASS_COUNT and not (1900 <= count <= 2100 and "," not in digits)


def _leadership_reason(match: re.Match[str]) -> str:
    role = next(match[group] for group in ("r1", "r2", "r3", "r4", "r5", "r6") if match[group])
    role = " ".join(role.lower().replace("defense", "defence").split())
    role = _ROLE_LABELS.get(role, role)
    if match["r1"] or match["r2"]:
        event = "resigns"
    elif match["r6"] or match["killed"]:
        event = "killed"
    elif match["died"]:
        event = "dies"
    else:
        event = "dismissed"
    return f"leadership change: {role} {event}"


# -- bundled word lists --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Keyword:
    """What one lowercase keyword phrase means, including every shorter phrase inside it
    (``drones struck``: a drone strike, the military topic, a weapon)."""

    topics: tuple[str, ...] = ()
    rules: tuple[_Rule, ...] = ()
    leadership: bool = False
    """Worth checking the sentence for a leadership change."""
    weapon: bool = False
    """Worth checking the sentence for an attack on NATO/EU territory."""
    ministry: str | None = None
    """``Defence`` for ``defence ministry`` or ``ministry of defence``."""


@dataclass(frozen=True, slots=True)
class _Lexicon:
    organizations: dict[str, str]
    """Alias (case-sensitive) → canonical organisation name."""
    outlets: frozenset[str]
    roles: list[str]
    name_stop: frozenset[str]
    institution_words: frozenset[str]
    keywords: dict[str, _Keyword]
    severity_caps: dict[str, int]


def _read_json(name: str) -> Any:
    source = resources.files(__package__ or __name__) / "data" / name
    return json.loads(source.read_text(encoding="utf-8"))


def _strike_phrases(weapon: str) -> list[str]:
    phrases = [f"{weapon} {noun}" for noun in ("strike", "strikes", "attack", "attacks")]
    for subject, aux in product((weapon, f"{weapon}s"), ("", "has ", "have ", "had ")):
        for verb in ("struck", "hit", "attacked", "slammed into", "crashed into"):
            phrases.append(f"{subject} {aux}{verb}")
    return phrases


def _keywords(words: Any) -> dict[str, _Keyword]:
    topics: dict[str, list[str]] = {}
    for topic, phrases in words["topics"].items():
        for phrase in phrases:
            topics.setdefault(str(phrase), []).append(str(topic))
    rules: dict[str, _Rule] = {}
    for item in words["severity"]:
        rule = _Rule(str(item["group"]), int(item["weight"]), str(item["reason"]))
        rules |= dict.fromkeys(map(str, item["phrases"]), rule)
    for weapon, reason in words["strike_weapons"].items():
        rules |= dict.fromkeys(_strike_phrases(weapon), _Rule("strikes", 25, str(reason)))
    leadership = set(map(str, words["leadership_words"]))
    weapons = set(map(str, words["weapon_words"]))
    ministries = {f"{kind} ministry": label for kind, label in _MINISTRY_KINDS.items()}
    ministries |= {f"ministry of {kind}": label for kind, label in _MINISTRY_KINDS.items()}

    keywords: dict[str, _Keyword] = {}
    for phrase in {*topics, *rules, *leadership, *weapons, *ministries}:
        tokens = phrase.split(" ")
        inner = [
            " ".join(tokens[i:j]) for i in range(len(tokens)) for j in range(i + 1, len(tokens) + 1)
        ]
        keywords[phrase] = _Keyword(
            topics=tuple(dict.fromkeys(t for part in inner for t in topics.get(part, ()))),
            rules=tuple(rules[part] for part in inner if part in rules),
            leadership=any(part in leadership for part in inner),
            weapon=any(part in weapons for part in inner),
            ministry=ministries.get(phrase),
        )
    return keywords


@cache
def _bundled_lexicon() -> _Lexicon:
    orgs = _read_json("organizations.json")
    organizations: dict[str, str] = {}
    outlets: set[str] = set()
    for section in ("organizations", "outlets"):
        for item in orgs[section]:
            name = str(item["name"])
            for alias in (name, *item.get("aliases", [])):
                organizations.setdefault(str(alias), name)
            if section == "outlets":
                outlets.add(name)

    words = _read_json("lexicon.json")
    roles = [str(role) for role in words["roles"]]
    for kind in words["ministries"]:
        roles += [f"{kind} minister", f"deputy {kind} minister"]
    return _Lexicon(
        organizations=organizations,
        outlets=frozenset(outlets),
        roles=roles,
        name_stop=frozenset(map(str, words["name_stop"])),
        institution_words=frozenset(map(str, words["institution_words"])),
        keywords=_keywords(words),
        severity_caps={str(group): int(cap) for group, cap in words["severity_caps"].items()},
    )


def _first_seen(items: Iterable[tuple[int, str]]) -> list[str]:
    return list(dict.fromkeys(name for _position, name in sorted(items, key=lambda i: i[0])))


@dataclass(slots=True)
class _KeywordHits:
    """The keywords of one entry, by kind, with their positions."""

    topics: dict[str, None]
    rules: list[tuple[int, _Rule]]
    leadership: list[int]
    weapons: list[int]
    ministries: list[tuple[int, str]]


class Enricher:
    """Holds precompiled patterns/data; build once, call many times."""

    def __init__(self, alert_threshold: int = 60) -> None:
        if not 1 <= alert_threshold <= 100:
            raise ValueError(f"alert_threshold must be within 1..100, not {alert_threshold}")
        self._alert_threshold = alert_threshold
        self._gazetteer = Gazetteer.default()
        self._lexicon = lexicon = _bundled_lexicon()

        roles = {variant for role in lexicon.roles for variant in _case_variants(role)}
        role = literal_alternation(roles)
        self._titled = re.compile(rf"{_W}(?P<role>{role}){_GAP}(?P<name>{_NAME})")
        # "a spokesperson for Salvamento Marítimo" names an organisation, not a person.
        self._role_of = re.compile(
            rf"{_W}(?:{role}){_GAP}(?:for|of|at|from){_GAP}(?:the{_GAP})?(?P<name>{_NAME})"
        )
        self._name_run = re.compile(rf"{_W}(?P<name>{_NAME})")
        self._organizations = re.compile(rf"(?:{literal_alternation(lexicon.organizations)})(?!\w)")
        self._keywords = re.compile(rf"{_W}(?P<word>{literal_alternation(lexicon.keywords)})(?!\w)")
        countries = self._gazetteer.aliases(lambda place: place.is_country)
        self._country_before = re.compile(
            rf"(?<!\w)(?P<country>{literal_alternation(countries)})(?:['’]s)?{_GAP}$"
        )
        members = literal_alternation(
            self._gazetteer.aliases(lambda place: bool(place.blocs & {"NATO", "EU"}))
        )
        # Only run on the sentences that name a weapon.
        self._territory = re.compile(
            rf"(?<!\w)(?:{members})(?:['’]s)?{_GAP}"
            r"(?i:territory|airspace|soil|village|town|port|coast)\b"
            r"|(?i:\b(?:struck|hits?|fell|falls?|crash(?:ed|es)|land(?:ed|s)|exploded"
            r"|violat(?:ed|es)|enter(?:ed|s)|strikes?|attack(?:ed|s))\s+"
            r"(?:(?:in|on|into|inside|over)\s+)?(?:nato[- ]member\s+)?)"
            rf"(?:{members})(?!\w)"
            rf"|(?<!\w)(?:{members}){_GAP}(?i:(?:was|had\s+been|has\s+been)\s+"
            r"(?:hit|struck|attacked))\b"
        )

    # -- public API ---------------------------------------------------------------------

    def enrich(self, headline: str, body: str, pull_quotes: Sequence[Quote] = ()) -> Enrichment:
        """Find people, organisations, places, sources, quotes, topics and severity."""
        # Positions below are offsets in ``text``, which starts with a non-word character.
        text = f"\n{headline}\n\n{body}" if body else f"\n{headline}"
        lowered = _lowercase(text)
        people = _People()
        person_spans: list[tuple[int, int]] = []
        for match in self._titled.finditer(text):
            name = self._titled_name(match["name"])
            if name is not None:
                people.add(name, " ".join(match["role"].split()), match.start("name"))
                person_spans.append(match.span("name"))
        for index, quote in enumerate(pull_quotes):
            if quote.speaker:
                self._speaker(quote.speaker, people, len(text) + index, text, inverted=False)
        pulled = {quote.text for quote in pull_quotes}
        quotes = self._inline_quotes(text, len(text) - len(body), people, pulled)

        keywords = self._scan_keywords(lowered)
        organizations, outlets, org_spans = self._find_organizations(text, keywords.ministries)
        # No place inside a person's or an organisation's name (The New York Times).
        taken = {i for start, end in (*person_spans, *org_spans) for i in range(start, end)}
        locations: dict[str, Location] = {}
        for start, end, place in self._gazetteer.matches(text):
            if start not in taken and end - 1 not in taken:
                locations.setdefault(place.location.name, place.location)
        severity, reasons = self._severity(text, lowered, keywords)
        return Enrichment(
            people=people.ordered(text),
            organizations=[Organization(name=name) for name in organizations],
            locations=list(locations.values()),
            attributions=self._attributions(text, outlets),
            topics=list(keywords.topics),
            quotes=quotes,
            severity=severity,
            severity_reasons=reasons,
        )

    def alert_for(self, enrichment: Enrichment) -> Alert | None:
        """An alert when severity reaches the threshold, with the severity reasons."""
        severity = enrichment.severity
        if severity < self._alert_threshold:
            return None
        level: AlertLevel
        if severity >= 90:
            level = "critical"
        elif severity >= 75:
            level = "high"
        elif severity >= 60:
            level = "medium"
        else:
            level = "low"
        return Alert(level=level, reasons=enrichment.severity_reasons or [f"severity {severity}"])

    # -- people and quotes ----------------------------------------------------------------

    def _is_entity(self, token: str) -> bool:
        return self._gazetteer.lookup(token) is not None or token in self._lexicon.organizations

    def _clean_name(self, raw: str, *, skip_leading: bool) -> str | None:
        """The person name in a capitalised run: stop words end it, institutions void it.

        With ``skip_leading``, places and stop words before the name are skipped
        (``Ukraine's Zelenskyy``, ``The paper``).
        """
        kept: list[str] = []
        for token in raw.split():
            base = _strip_possessive(token)
            acronym = base.isupper() and len(base) > 1 and not (kept and _ROMAN.fullmatch(base))
            if (
                base in self._lexicon.name_stop
                or acronym
                or (skip_leading and self._is_entity(base))
            ):
                if kept or not skip_leading:
                    break
                continue
            if base in self._lexicon.institution_words:
                return None
            kept.append(base)
            if base != token:
                break  # a possessive ends the name
        while kept and (kept[-1] in _PARTICLES or kept[-1].endswith(".")):
            kept.pop()
        return " ".join(kept) or None

    def _titled_name(self, raw: str) -> str | None:
        name = self._clean_name(raw, skip_leading=False)
        if name is None or self._is_entity(name):
            return None  # "head Wagner", "President Ukraine"
        return name

    def _speaker(
        self, phrase: str, people: _People, position: int, text: str, *, inverted: bool
    ) -> str | None:
        """The canonical speaker an attribution phrase names; registers new people.

        A bare surname that no one found has yet is completed from ``text`` when it spells
        the name out (``Kim`` → ``Kim Jong Un``).
        """
        phrase = f" {phrase}"
        for match in self._titled.finditer(phrase):
            name = self._titled_name(match["name"])
            if name is not None:
                return people.add(name, " ".join(match["role"].split()), position).name
        for match in self._role_of.finditer(phrase):
            body = self._clean_name(match["name"], skip_leading=True)
            if body is not None:
                return self._lexicon.organizations.get(body, body)
        role_reference = phrase.lower().strip().removeprefix("the ").strip()
        for found in people.found:
            if found.role and found.role.lower() == role_reference:
                return found.name  # "said the governor"
        names = [
            name
            for match in self._name_run.finditer(phrase)
            if (name := self._clean_name(match["name"], skip_leading=True))
        ]
        if names:
            name = names[0] if inverted else names[-1]
            known = people.resolve(name)
            if known is not None:
                return known.name
            if " " not in name:
                name = self._fuller_name(text, name)
            return people.add(name, None, position).name
        organization = next(word_matches(self._organizations, phrase), None)
        return self._lexicon.organizations[organization.group()] if organization else None

    def _fuller_name(self, text: str, name: str) -> str:
        for match in self._name_run.finditer(text):
            candidate = self._clean_name(match["name"], skip_leading=True)
            if candidate and " " in candidate and _same_person([name], candidate.split()):
                return candidate
        return name

    def _attribution(
        self, tail: str, pre: str, text: str, position: int, people: _People, last: str | None
    ) -> tuple[bool, str | None]:
        """``(attributed, speaker)`` from the text after and before a quote.

        ``he``/``she`` is ``last`` (the last named speaker), else the person mentioned last
        before ``position`` in ``text``.
        """
        for pattern, after, inverted in _ATTRIBUTIONS:
            match = pattern.search(tail if after else pre)
            if match is None or len(match["who"].split()) > _MAX_SPEAKER_WORDS:
                continue
            phrase = match["who"].strip(" ,")
            lowered = phrase.lower()
            if lowered in _PRONOUNS:
                found = people.last_mentioned(text, position) if last is None else None
                return True, last or (found.name if found else None)
            if lowered in _OTHER_PRONOUNS:
                return True, None
            speaker = self._speaker(phrase, people, position, text, inverted=inverted)
            if speaker is not None:  # else ", but said …" or "the ministry said": read on
                return True, speaker
        return False, None

    def _inline_quotes(
        self, text: str, body_start: int, people: _People, pulled: set[str]
    ) -> list[Quote]:
        quotes: dict[str, Quote] = {}
        last_person: str | None = None  # the last named person speaker, for he/she
        previous_speaker: str | None = None  # the previous paragraph's last speaker
        start = body_start
        while start < len(text):
            end = text.find("\n\n", start)
            end = len(text) if end == -1 else end
            paragraph = text[start:end]
            speaker_here: str | None = None
            matches = list(_QUOTE.finditer(paragraph))
            previous_end = 0
            for index, match in enumerate(matches):
                quoted = (match["text"] or match["open"]).strip().rstrip(",").strip()
                if len(quoted.split()) < _MIN_QUOTE_WORDS:  # scare quotes
                    previous_end = match.end()
                    continue
                next_start = matches[index + 1].start() if index + 1 < len(matches) else None
                sentence_start = max(
                    (m.end() for m in _SENTENCE_END.finditer(paragraph, 0, match.start())),
                    default=0,
                )
                pre = paragraph[max(previous_end, sentence_start) : match.start()]
                # A quote that ends its sentence is not followed by its attribution.
                tail = "" if quoted.endswith(".") else paragraph[match.end() : next_start]
                position = start + match.start()
                attributed, speaker = self._attribution(
                    tail, pre, text, position, people, last_person
                )
                if not attributed:
                    whole = not paragraph[: match.start()].strip() and (
                        len(paragraph.rstrip(" .")) <= match.end()
                    )
                    speaker = speaker_here or (previous_speaker if whole else None)
                if quoted not in pulled:
                    quotes.setdefault(quoted, Quote(text=quoted, speaker=speaker))
                if speaker is not None:
                    speaker_here = speaker
                    if people.resolve(speaker):
                        last_person = speaker
                previous_end = match.end()
            previous_speaker = speaker_here
            start = end + 2
        return list(quotes.values())

    # -- organisations, citations, keywords -----------------------------------------------

    def _find_organizations(
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
        for match in word_matches(self._organizations, text):
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
        return _first_seen(found), outlets, spans

    def _attributions(self, text: str, outlets: list[tuple[int, int, str]]) -> list[str]:
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
        return _first_seen(found)

    def _scan_keywords(self, lowered: str) -> _KeywordHits:
        hits = _KeywordHits(topics={}, rules=[], leadership=[], weapons=[], ministries=[])
        for match in self._keywords.finditer(lowered):
            keyword = self._lexicon.keywords[match["word"]]
            start = match.start("word")
            for topic in keyword.topics:
                hits.topics.setdefault(topic)
            hits.rules += [(start, rule) for rule in keyword.rules]
            if keyword.leadership:
                hits.leadership.append(start)
            if keyword.weapon:
                hits.weapons.append(start)
            if keyword.ministry:
                hits.ministries.append((start, keyword.ministry))
        return hits

    # -- severity -------------------------------------------------------------------------

    def _severity(self, text: str, lowered: str, keywords: _KeywordHits) -> tuple[int, list[str]]:
        hits = list(keywords.rules)
        if not (hits or keywords.leadership or keywords.weapons):
            return 0, []
        starts = [0, *(m.end() for m in _SENTENCE_BREAK.finditer(text))]
        ends = [*starts[1:], len(text)]

        def sentences(positions: Iterable[int]) -> list[int]:
            return sorted({bisect_right(starts, position) - 1 for position in positions})

        # The costlier patterns only run on the sentences that have their trigger words.
        for index in sentences(keywords.leadership):
            for match in _LEADERSHIP.finditer(text, starts[index], ends[index]):
                rule = _Rule("leadership", _LEADERSHIP_WEIGHT, _leadership_reason(match))
                hits.append((match.start(), rule))
        for index in sentences(keywords.weapons):
            for match in self._territory.finditer(text, starts[index], ends[index]):
                hits.append((match.start(), _TERRITORY))

        for index in sentences(p for p, rule in keywords.rules if rule.group == "deaths"):
            mass = _MASS_CASUALTIES.search(lowered, starts[index], ends[index])
            if mass is None:
                continue
            count = mass["count"] or mass["object"] or mass["toll"]
            if count is None or _is_mass_count(count):
                hits.append((mass.end() - 1, _SCALE))

        # A rule only counts from sentences that do not deny it; one both asserted and
        # denied ("Kyiv said drones hit Romania; Bucharest denied it") is disputed.
        counted: dict[str, _Rule] = {}
        denied_reasons: set[str] = set()
        denied: dict[int, bool] = {}
        for position, rule in sorted(hits, key=lambda hit: hit[0]):
            index = bisect_right(starts, position) - 1
            if index not in denied:
                denied[index] = _DENIAL.search(lowered, starts[index], ends[index]) is not None
            if denied[index]:
                denied_reasons.add(rule.reason)
            else:
                counted.setdefault(rule.reason, rule)
        disputed = not denied_reasons.isdisjoint(counted)
        caps = self._lexicon.severity_caps
        totals: dict[str, int] = {}
        for rule in counted.values():
            totals[rule.group] = min(caps[rule.group], totals.get(rule.group, 0) + rule.weight)
        score = sum(totals.values())
        reasons = list(counted)
        if disputed:
            score -= _DENIAL_PENALTY
            reasons.append(_DENIAL_REASON)
        return (min(100, score), reasons) if score > 0 else (0, [])

"""Signals: facts that need more than a keyword, found by code and named in alert rules
(``signals = ["leadership_change"]``). Each detector only reads the sentences that hold one
of its trigger words.

``leadership_change``
    A head of state or government, king or queen, army chief, defence or foreign minister
    resigns, is dismissed, dies or is killed.
``member_territory``
    A drone, missile, shell or debris hits, lands in or violates a NATO/EU member's
    territory or airspace (``Russian drones struck Romanian territory``).
``mass_casualties``
    Ten or more killed (``at least 12 people were killed``, ``death toll rose to 40``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Final

from workers.pipeline.enrich.common import GAP as _GAP
from workers.pipeline.enrich.common import TOKEN as _TOKEN
from workers.pipeline.gazetteer import Gazetteer, literal_alternation

SIGNALS: Final = frozenset({"leadership_change", "member_territory", "mass_casualties"})
# Clauses joined by "; " or ", but"/", adding that" are judged apart: "a drone set fire to
# a depot, adding that no one was hurt" denies the injuries, not the fire.
# Every branch starts with a literal character, so that re skips to the candidates.
_SENTENCE_BREAK: Final = re.compile(
    r"\.[\"”’')]*\s+|![\"”’')]*\s+|\?[\"”’')]*\s+|\n\n+|;\s+"
    r"|,\s+(?=(?:but|adding|although|though|while)\b)"
)
DENIAL: Final = re.compile(  # on the lowercased text
    r"\b(?:den(?:y|ies|ied|ying)|refut\w+"
    r"|(?:reject|dismiss)(?:s|ed|es)?\s+(?:the\s+)?(?:claims?|reports?|allegations?)"
    r"|no\s+(?:casualties|injuries|deaths|damage)|no\s+one\s+was\s+(?:hurt|injured|killed)"
    r"|none\s+of\s+them\s+(?:had\s+|have\s+)?(?:crossed|entered|violated|hit|struck|landed)"
    r"|no\s+(?:airspace\s+)?(?:violations?|incursions?|breach(?:es)?)\s+(?:of|into|was|were)"
    r"|no\s+(?:immediate\s+)?reports?\s+of\s+(?:any\s+)?(?:casualties|injuries|deaths|damage)"
    r"|not\s+(?:been\s+)?(?:hit|struck|damaged|killed|injured|hurt|wounded)|unharmed|unhurt"
    r"|false\s+(?:claims?|reports?)|ruled\s+out|rules\s+out"
    r"|(?:refused|refuses|will\s+not|would\s+not|won't|wouldn't|no\s+intention)\s+"
    r"(?:to\s+|of\s+)?(?:resign\w*|step\s+down|quit)"
    r"|(?:reject\w*|rebuff\w*|dismiss\w*|resist\w*)\s+calls?\s+(?:for\s+\w+\s+)?"
    r"to\s+(?:resign|step\s+down|quit))\b"
)
# The whole words a DENIAL match starts with, but refut…: see denied().
DENIAL_LEADS: Final = frozenset(
    ["deny", "denies", "denied", "denying", "reject", "rejects", "rejected", "rejectes",
     "dismiss", "dismisss", "dismissed", "dismisses", "no", "not", "unharmed", "unhurt",
     "false", "ruled", "rules", "refused", "refuses", "will", "would", "won't", "wouldn't",
     "rebuff", "rebuffs", "rebuffed", "resist", "resists", "resisted", "resisting",
     "rejecting", "dismissing", "none"]
)  # fmt: skip
_LEAD_ROLE: Final = (
    r"(?i:(?:vice[- ])?president|prime\s+minister|premier|chancellor"
    r"|(?:defen[cs]e|foreign)\s+minister"
    r"|minister\s+of\s+(?:defen[cs]e|foreign\s+affairs)"
    r"|(?:defen[cs]e|foreign)\s+secretary|secretary\s+of\s+state|head\s+of\s+state"
    r"|supreme\s+leader|king|queen|army\s+chief|commander-in-chief"
    r"|chief\s+of\s+(?:the\s+)?general\s+staff)"
)
_NAME_GAP: Final = rf"(?:{_GAP}{_TOKEN}){{0,4}}"
# Only run on the sentences that have one of the lexicon's leadership words.
_LEADERSHIP: Final = re.compile(
    # Every branch starts at a word boundary with one of these letters: checking that first
    # spares trying every branch at every word.
    r"\b(?=(?i:[acdfhikmopqrsv]))(?:"
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
    r")"
)
# A cheap first look (on the lowercased text) before the leadership pattern.
_ROLE_HINT: Final = re.compile(
    r"president|minister|premier|chancellor|secretary|head of state|leader|king|queen|chief"
    r"|commander"
)
_ROLE_LABELS: Final = {
    "minister of defence": "defence minister",
    "minister of foreign affairs": "foreign minister",
    "vice-president": "vice president",
}


def _leadership_detail(match: re.Match[str]) -> str:
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
    return f"{role} {event}"


_DEPUTIES: Final = ("deputy ", "deputy-", "assistant ", "junior ")
# After a resignation, up to the end of its sentence (not clause: "…, but the president
# refused to accept it"): it did not take effect.
_SENTENCE_END: Final = re.compile(r"[.!?][\"”’')]*\s|\n")
_RESIGNATION_REFUSED: Final = re.compile(
    r"\b(?:refus\w*|declin\w*|did\s+not|would\s+not|will\s+not)\s+(?:to\s+)?accept"
    r"\s+(?:it|(?:the|his|her|this)\s+resignation)\b"
    r"|\breject\w*\s+(?:the|his|her|this)\s+resignation\b"
)
# Between the role and the resignation: the role-holder acts on someone else's.
_ACTS_ON: Final = re.compile(r"accept|reject|refus|declin")
# Right before the role: "refuses the defence minister's resignation".
_REFUSED_BEFORE: Final = re.compile(
    r"\b(?:refus|reject|declin)\w*\s+(?:to\s+accept\s+)?(?:(?:the|his|her|its)\s+)?$"
)


def _not_the_leader(lowered: str, match: re.Match[str]) -> bool:
    """Whether the leader is a deputy ("the deputy defence minister resigned"), accepts or
    rejects someone else's resignation ("the defence minister accepted the resignation"), or
    offers a resignation the sentence says was refused ("…, but the president refused to
    accept it")."""
    group = next(group for group in ("r1", "r2", "r3", "r4", "r5", "r6") if match[group])
    start = match.start(group)
    if lowered[max(0, start - 10) : start].endswith(_DEPUTIES):
        return True
    if group not in ("r1", "r2"):
        return False
    if group == "r1" and _ACTS_ON.search(lowered, match.end(group), match.end()):
        return True  # "the president accepted (or rejected) the resignation"
    if _REFUSED_BEFORE.search(lowered, max(0, start - 40), start):
        return True  # "Pashinyan refuses defence minister's resignation"
    end = _SENTENCE_END.search(lowered, match.end())
    return bool(
        _RESIGNATION_REFUSED.search(lowered, match.end(), end.start() if end else len(lowered))
    )


_MASS_CASUALTIES: Final = re.compile(  # on the lowercased text
    r"\b(?=[\ddhkst])(?:"  # the first characters of the branches, as in _LEADERSHIP
    r"\b(?:(?P<count>\d[\d,]*)|dozens|scores|hundreds|thousands)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:(?:were|was|have\s+been|had\s+been)\s+)?(?:killed|dead|died)\b"
    r"|\bkill(?:ed|s|ing)\s+(?:at\s+least\s+)?(?P<object>\d[\d,]*)"
    r"|\bdeath\s+toll\b[^.!?]{0,40}?\b(?P<toll>\d[\d,]*)"
    r")"
)
_MASS_COUNT: Final = 10


def _is_mass_count(digits: str) -> bool:
    """Ten or more, and not a year ("the 2014 war killed")."""
    count = int(digits.replace(",", ""))
    return count >= _MASS_COUNT and not (1900 <= count <= 2100 and "," not in digits)


class Sentences:
    """Sentence (clause) boundaries of one text: a blank line, ``.``/``!``/``?`` and a
    space, ``;``, or a comma before ``but``, ``adding``, ``although``, ``though``, ``while``."""

    def __init__(self, text: str) -> None:
        self.ends = list(map(re.Match.end, _SENTENCE_BREAK.finditer(text)))
        self.starts = [0, *self.ends]
        self.ends.append(len(text))

    def index(self, position: int) -> int:
        return bisect_right(self.starts, position) - 1


def denied(lowered: str, sentences: Sentences, candidates: int, leads: Iterable[int]) -> int:
    """The ``candidates`` sentences (a bit mask) in which DENIAL matches, as a mask.

    ``leads`` (ascending) are where a word of :data:`DENIAL_LEADS` starts in ``lowered``:
    the pattern is only tried there, not at every word of every sentence.
    """
    starts, ends = sentences.starts, sentences.ends
    found = 0
    if "refut" in lowered:  # refut\w+ starts no word of DENIAL_LEADS: search every sentence
        for index in _indices(candidates):
            if DENIAL.search(lowered, starts[index], ends[index]):
                found |= 1 << index
        return found
    for position in leads:
        index = bisect_right(starts, position) - 1
        bit = 1 << index
        if candidates & bit and not found & bit and DENIAL.match(lowered, position, ends[index]):
            found |= bit
    return found


def _indices(mask: int) -> Iterator[int]:
    """The sentence indices of a bit mask, ascending."""
    index = 0
    while mask:
        if mask & 1:
            yield index
        mask >>= 1
        index += 1


@dataclass(frozen=True, slots=True)
class Signal:
    name: str
    position: int
    detail: str | None = None


class Detectors:
    """The signal detectors; build once per :class:`Enricher` (the territory pattern holds
    the gazetteer's NATO/EU member names)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        members = literal_alternation(
            gazetteer.aliases(lambda place: place.is_country and bool(place.blocs & {"NATO", "EU"}))
        )
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

    def detect(
        self,
        text: str,
        lowered: str,
        sentences: Sentences,
        *,
        leadership: int,
        weapons: int,
        deaths: int,
    ) -> list[Signal]:
        """Signals in the sentences (bit masks) holding the trigger words (``weapons``:
        the sentences with a weapon and a NATO/EU member's name)."""
        found: list[Signal] = []
        if not (leadership or weapons or deaths):
            return found
        starts, ends = sentences.starts, sentences.ends
        for index in _indices(leadership):
            if not _ROLE_HINT.search(lowered, starts[index], ends[index]):
                continue
            for match in _LEADERSHIP.finditer(text, starts[index], ends[index]):
                if not _not_the_leader(lowered, match):
                    found.append(
                        Signal("leadership_change", match.start(), _leadership_detail(match))
                    )
        for index in _indices(weapons):
            for match in self._territory.finditer(text, starts[index], ends[index]):
                found.append(Signal("member_territory", match.start()))
        for index in _indices(deaths):
            mass = _MASS_CASUALTIES.search(lowered, starts[index], ends[index])
            if mass is None:
                continue
            count = mass["count"] or mass["object"] or mass["toll"]
            if count is None or _is_mass_count(count):
                found.append(Signal("mass_casualties", mass.end() - 1))
        return found

"""The :class:`Enricher`: one entry's headline, body and pull quotes → :class:`Enrichment`."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from schemas import Alert, EventType, Location, Organization, Person, Quote
from schemas.event import AlertLevel
from workers.pipeline.enrich import severity as scoring
from workers.pipeline.enrich.common import lowercase
from workers.pipeline.enrich.event_type import DEFAULT as DEFAULT_EVENT_TYPE
from workers.pipeline.enrich.event_type import bundled_event_types
from workers.pipeline.enrich.lexicon import KeywordIndex, bundled_lexicon
from workers.pipeline.enrich.people import Names, People
from workers.pipeline.enrich.rules import load_rules
from workers.pipeline.enrich.signals import DENIAL_LEADS, Detectors, Sentences, denied
from workers.pipeline.enrich.sources import Sources
from workers.pipeline.enrich.speech import inline_quotes
from workers.pipeline.enrich.tone import tone, warm_up
from workers.pipeline.gazetteer import Gazetteer, Place

_MEMBERS = frozenset({"NATO", "EU"})
# What a keyword may be dated by (years, "last month's"): phrases of the keyword automaton,
# found in its pass.
_YEARS = [str(year) for year in range(1900, 2100)]
_PAST = [f"last {span}{end}" for span in ("week", "month", "year") for end in ("", "'s", "’s")]
_MONTHS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"}
)  # fmt: skip
_DATED_WORDS = 3  # "last month's Srinagar grenade attack": the words a date modifies
_DEATH_WORDS = frozenset({"killed", "kills", "killing", "dead", "died", "death toll", "deaths"})
# A full name before these is a person's ("Oleksandr Prokudin said"), and after those.
_SPEECH_VERBS = frozenset(
    {"said", "says", "told", "tells", "added", "wrote", "writes", "announced", "stated",
     "warned", "confirmed", "tweeted", "posted", "insisted", "noted", "explained"}
)  # fmt: skip
_PERSON_VERBS = frozenset(
    {"appointed", "appoints", "named", "nominated", "replaced", "replaces", "met", "meets",
     "met with", "congratulated", "thanked", "invited", "sacked", "dismissed", "fired",
     "sentenced", "arrested", "detained", "jailed", "charged", "convicted", "released",
     "freed", "pardoned", "extradited", "led by", "headed by", "killed", "assassinated",
     "kidnapped", "abducted", "captured", "executed"}
)  # fmt: skip


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``start`` or the last character before ``end`` lies in one of ``spans``."""
    for s, e in spans:  # noqa: SIM110 - a plain loop: any() of a generator costs more here
        if s <= start < e or s < end <= e:
            return True
    return False


def _dated(lowered: str, dates: list[tuple[int, int]]) -> tuple[set[int], set[int]]:
    """Where a keyword dated by one of the ``dates`` (where each starts and ends) would
    start ("the 2021 coup", "last month's grenade attack": one of the few words after
    it) and where one would end ("seized power in 2021", "in March 2019", "the attack last
    month": right before it): events of the past, named as background."""
    starts: set[int] = set()
    ends: set[int] = set()
    for start, end in dates:
        year = lowered[end - 1].isdigit()
        if lowered[end : end + 1] == " ":
            # A year dates the word after it; "the 1973 military coup", "last month's
            # Srinagar grenade attack" a few more ("2000 people were killed" is a count),
            # a verb among them too ("the 2014 war killed soldiers": background as well).
            count = _DATED_WORDS if not year or lowered[start - 4 : start] == "the " else 1
            after = end + 1
            for _ in range(count):
                starts.add(after)
                space = lowered.find(" ", after, after + 30)
                if space < 0 or not lowered[space - 1].isalpha():
                    break  # the phrase ends ("last month's attack, which")
                after = space + 1
        if year:  # "in 2021", "in March 2021", "on 12 March 2021"
            words = lowered[max(0, start - 24) : start - 1].split(" ")
            before = start - 1  # the space before the year, then before each word popped
            while words and (words[-1] in _MONTHS or words[-1].rstrip(",").isdigit()):
                before -= len(words.pop()) + 1
            if words and words[-1] in ("in", "on"):
                ends.add(before - len(words[-1]) - 1)
        elif lowered[start - 1 : start] == " " and not _possessive(lowered, end):
            ends.add(start - 1)  # "the attack last month", not "condemns last month's"
    return starts, ends


def _possessive(lowered: str, end: int) -> bool:
    """Whether the phrase ending at ``end`` is (or is followed by) a possessive ``'s``."""
    return lowered[end - 2 : end] in ("'s", "’s") or lowered[end : end + 1] in ("'", "’")


def _inside(position: int, spans: list[tuple[int, int, str]]) -> bool:
    """Whether ``position`` lies inside one of ``spans`` (``(start, end, name)``)."""
    return any(start <= position < end for start, end, _name in spans)


@dataclass(frozen=True, slots=True)
class _Phrase:
    """What a phrase of the keyword automaton means to the enrichment."""

    keyword: bool
    """A fact for the alert rules: every phrase but a role that is only a role."""
    topics: tuple[str, ...] = ()
    ministry: str | None = None
    leadership: bool = False
    weapon: bool = False
    death: bool = False
    cue: bool = False
    role: bool = False
    """A titled name (``President X``) may start here."""
    denial: bool = False
    """A denial (``denied``, ``no casualties``) may start here."""
    body: bool = False
    """An organisation's head word (``Forces``) or kind (``militia``): see organizations."""
    verb: int = 0
    """A person's name may stand before it (``said``: 1) or after it (``appointed``: 2)."""
    date: bool = False
    """A year (1900-2099) or "last month('s)": a keyword it dates is background."""
    marks: bool = False
    """Any of ``role``, ``denial``, ``body``, ``verb``; ``special``: any of ``ministry``,
    ``leadership``, ``weapon``, ``death``, ``cue`` (so that most matches test two flags)."""
    special: bool = False

    def finished(self) -> _Phrase:
        marks = self.role or self.denial or self.body or bool(self.verb)
        special = bool(self.ministry) or self.leadership or self.weapon or self.death or self.cue
        return replace(self, marks=marks, special=special)


@dataclass(slots=True)
class _Hits:
    """The keyword automaton's whole-word matches in one entry, sorted out in one pass."""

    keywords: dict[str, int] = field(default_factory=dict)
    """Phrase → sentences (a bit mask, see ``severity.Sentences``)."""
    topics: dict[str, None] = field(default_factory=dict)
    ministries: list[tuple[int, int, str]] = field(default_factory=list)
    leadership: int = 0
    """Sentences (a mask) holding a leadership word; likewise ``weapons`` and ``deaths``."""
    weapons: int = 0
    deaths: int = 0
    cues: list[tuple[int, str]] = field(default_factory=list)
    """Event type cues, less those after "no " or "not " ("no air raid alerts")."""
    roles: list[tuple[int, int]] = field(default_factory=list)
    """Where the longest role at each start starts and ends: a titled name may follow."""
    denials: list[int] = field(default_factory=list)
    """Where a denial may start."""
    bodies: list[tuple[int, str]] = field(default_factory=list)
    """Where an organisation's head word or kind starts, and which."""
    verbs: list[tuple[int, int, bool]] = field(default_factory=list)
    """Where a verb next to a person's name starts and ends, and whether the name follows."""


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
    """``<rule id>: <what>`` of each alert rule that fired, strongest first."""
    event_type: EventType = field(default=DEFAULT_EVENT_TYPE)
    tone: float = 0.0
    """-100..100, see :mod:`workers.pipeline.enrich.tone`."""
    rules: list[str] = field(default_factory=list)
    """Ids of the alert rules that fired."""
    pull_quotes: list[Quote] = field(default_factory=list)
    """The entry's pull quotes, each speaker as the entry's people name them (no rank,
    title or role)."""


class Enricher:
    """Holds precompiled patterns and data; build once, call many times.

    ``alert_rules`` is a TOML rules file (see :mod:`workers.pipeline.enrich.rules`); the
    bundled default policy without it. A bad file raises ``RulesError`` (a ``ValueError``).
    """

    def __init__(self, alert_threshold: int = 60, alert_rules: Path | None = None) -> None:
        if not 1 <= alert_threshold <= 100:
            raise ValueError(f"alert_threshold must be within 1..100, not {alert_threshold}")
        self._alert_threshold = alert_threshold
        self._rules = scoring.RuleBook(load_rules(alert_rules))
        self._gazetteer = Gazetteer.default()
        self._lexicon = lexicon = bundled_lexicon()
        self._event_types = bundled_event_types()
        self._names = Names(lexicon, self._gazetteer)
        self._sources = Sources(lexicon, self._gazetteer, self._names.organizations)
        self._detectors = Detectors(self._gazetteer)
        rule_phrases = {
            phrase
            for rule in self._rules.rules
            for phrases in (*rule.keywords, rule.unless)
            for phrase in phrases
        }
        keywords = [
            *lexicon.topics,
            *lexicon.leadership_words,
            *lexicon.weapon_words,
            *lexicon.ministries,
            *rule_phrases,
            *self._event_types.phrases,
            *_DEATH_WORDS,
        ]
        phrases = {phrase: self._phrase(phrase) for phrase in keywords}

        def mark(words: Iterable[str], **flag: Any) -> None:
            """Set ``flag`` on each of ``words``, a phrase of its own if no keyword."""
            for word in words:
                phrases[word] = replace(phrases.get(word) or _Phrase(keyword=False), **flag)

        mark(self._names.role_phrases, role=True)
        mark(DENIAL_LEADS, denial=True)
        heads = (head.lower() for head in lexicon.organization_heads)
        mark((*heads, *lexicon.every_kind), body=True)
        mark(_SPEECH_VERBS, verb=1)
        mark(_PERSON_VERBS, verb=2)
        mark((*_YEARS, *_PAST), date=True)
        self._keywords = KeywordIndex({phrase: m.finished() for phrase, m in phrases.items()})
        # Only the places and organisations some rule asks for are worth recording.
        self._place_tags = frozenset(tag for rule in self._rules.rules for tag in rule.places)
        # A place's tags among place_tags, by id: hashing a Place hashes its Location model.
        self._tags_of: dict[int, frozenset[str]] = {}
        self._rule_organizations = frozenset(
            name for rule in self._rules.rules for name in rule.organizations
        )
        warm_up()

    def _phrase(self, phrase: str) -> _Phrase:
        lexicon = self._lexicon
        return _Phrase(
            keyword=True,
            topics=lexicon.topics.get(phrase, ()),
            ministry=lexicon.ministries.get(phrase),
            leadership=phrase in lexicon.leadership_words,
            weapon=phrase in lexicon.weapon_words,
            death=phrase in _DEATH_WORDS,
            cue=phrase in self._event_types.phrases,
        )

    # -- public API ---------------------------------------------------------------------

    def enrich(self, headline: str, body: str, pull_quotes: Sequence[Quote] = ()) -> Enrichment:
        """Find people, organisations, places, sources, quotes, topics, type, tone, severity."""
        # Positions below are offsets in ``text``, which starts with a non-word character.
        text = f"\n{headline}\n\n{body}" if body else f"\n{headline}"
        folded = text.lower()
        lowered = lowercase(text, folded)
        sentences = Sentences(text)
        hits = self._hits(lowered, sentences)
        people = People()
        person_spans = self._names.titled_people(text, people, hits.roles)
        found = self._sources.organizations(
            text, hits.ministries, hits.bodies, person_spans, [f.name for f in people.found]
        )
        if found.listed and people.found:  # "the Estado Mayor Central": no Mayor Central
            people.found = [f for f in people.found if not _inside(f.first, found.listed)]
        mentions = found.mentions
        org_spans = [(start, end) for start, end, _name in mentions]
        if hits.verbs:
            person_spans += self._names.mentioned_people(
                text, people, hits.verbs, [*person_spans, *org_spans]
            )
        pulled_quotes = list(pull_quotes)
        cited: list[str] = []  # organisations that only a pull quote's cite names
        for index, quote in enumerate(pull_quotes):
            if quote.speaker:
                named = self._sources.body_named(quote.speaker)
                if named is not None:  # "— Venezuelan Foreign Ministry"
                    if named not in found.names and named not in cited:
                        cited.append(named)
                    pulled_quotes[index] = Quote(text=quote.text, speaker=named)
                    continue
                position = len(text) + index
                speaker = self._names.speaker(quote.speaker, people, position, text, inverted=False)
                if speaker is not None and speaker != quote.speaker:
                    # "Colonel Ana Vidal, commander of the task force": the person's name
                    pulled_quotes[index] = Quote(text=quote.text, speaker=speaker)
        pulled = {quote.text for quote in pull_quotes}
        quotes = inline_quotes(self._names, text, len(text) - len(body), people, pulled, mentions)

        # No place inside a person's name or a listed organisation's (Voice of America),
        # nor a town that is a surname of someone the entry names ("Anand told", "Rangel").
        spans = [*person_spans, *((start, end) for start, end, _name in found.listed)]
        surnames = {token for f in people.found for token in f.tokens[1:]}
        places = [
            (start, place)
            for start, end, place in self._gazetteer.matches(text)
            if not (spans and _overlaps(start, end, spans))
            and (not surnames or place.is_country or text[start:end] not in surnames)
        ]
        locations: dict[str, Location] = {}
        for _start, place in places:
            locations.setdefault(place.location.name, place.location)

        facts = self._facts(text, lowered, sentences, hits, places, mentions)
        event_type, from_headline = self._event_types.decide(hits.cues, len(headline) + 1)
        if from_headline:
            facts.headline_type = event_type.code
        severity, reasons, fired = scoring.score(self._rules, facts)
        return Enrichment(
            people=people.ordered(text),
            organizations=[Organization(name=name) for name in (*found.names, *cited)],
            locations=list(locations.values()),
            attributions=self._sources.attributions(text, found.outlets),
            topics=list(hits.topics),
            quotes=quotes,
            pull_quotes=pulled_quotes,
            severity=severity,
            severity_reasons=reasons,
            event_type=event_type,
            tone=tone(text, folded=folded),
            rules=fired,
        )

    def alert_for(self, enrichment: Enrichment) -> Alert | None:
        """An alert when severity reaches the threshold, listing the rules that fired."""
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

    # -- internals ------------------------------------------------------------------------

    def _hits(self, lowered: str, sentences: Sentences) -> _Hits:
        hits = _Hits()
        starts = sentences.starts
        keywords, topics = hits.keywords, hits.topics
        found = self._keywords.scan(lowered)
        dated_starts: set[int] | None = None
        dated_ends: set[int] = set()
        dated = False  # whether a keyword was dated yet
        dates = [
            (start, start - shorter) for start, shorter, _phrase, meaning in found if meaning.date
        ]
        if dates:
            dated_starts, dated_ends = _dated(lowered, dates)
        for position, longest, phrase, meaning in found:
            if meaning.marks:
                if meaning.role and (not hits.roles or hits.roles[-1][0] != position):
                    hits.roles.append((position, position - longest))  # the longest only
                if meaning.denial:
                    hits.denials.append(position)
                if meaning.body:
                    hits.bodies.append((position, phrase))
                if meaning.verb:
                    hits.verbs.append((position, position - longest, meaning.verb == 2))
            if not meaning.keyword:
                continue
            for topic in meaning.topics:
                topics.setdefault(topic)
            if (
                dated_starts is not None
                and (
                    position in dated_starts
                    or position - longest in dated_ends
                    # "last month's bombing … the night of the attack": the same past event
                    or (dated and lowered[position - 4 : position] == "the ")
                )
            ):
                dated = True
                continue  # "the 2021 coup", "seized power in 2021": background, not news
            bit = 1 << (bisect_right(starts, position) - 1)
            keywords[phrase] = keywords.get(phrase, 0) | bit
            if not meaning.special:
                continue
            if meaning.ministry:
                hits.ministries.append((position, position - longest, meaning.ministry))
            if meaning.leadership:
                hits.leadership |= bit
            if meaning.weapon:
                hits.weapons |= bit
            if meaning.death:
                hits.deaths |= bit
            if (
                meaning.cue
                and lowered[position - 3 : position] != "no "
                and lowered[position - 4 : position] != "not "
            ):
                hits.cues.append((position, phrase))
        return hits

    def _facts(
        self,
        text: str,
        lowered: str,
        sentences: Sentences,
        hits: _Hits,
        places: list[tuple[int, Place]],
        mentions: list[tuple[int, int, str]],
    ) -> scoring.Facts:
        facts = scoring.Facts(
            sentences=len(sentences.starts), keywords=hits.keywords, topics=set(hits.topics)
        )
        # Where a NATO/EU member is named: only asked for in the sentences with a weapon.
        members = 0
        for position, place in places if hits.weapons else ():
            if place.is_country and place.blocs & _MEMBERS:
                members |= 1 << sentences.index(position)
        for signal in self._detectors.detect(
            text,
            lowered,
            sentences,
            leadership=hits.leadership,
            weapons=hits.weapons & members,
            deaths=hits.deaths,
        ):
            facts.signals.setdefault(signal.name, []).append(
                (sentences.index(signal.position), signal.detail)
            )
        place_tags = self._place_tags
        tags_of = self._tags_of
        for position, place in places if place_tags else ():
            tags = tags_of.get(id(place))
            if tags is None:
                tags = tags_of[id(place)] = place_tags.intersection(
                    (place.location.country_code, *place.blocs)
                )
            if tags:
                bit = 1 << sentences.index(position)
                for tag in tags:
                    facts.places[tag] = facts.places.get(tag, 0) | bit
        for start, _end, name in mentions:
            if name in self._rule_organizations:
                bit = 1 << sentences.index(start)
                facts.organizations[name] = facts.organizations.get(name, 0) | bit
        if hits.denials or "refut" in lowered:  # else nothing can be denied: see denied()
            candidates = 0
            for found in facts.keywords.values():
                candidates |= found
            for sentence, _detail in (s for found in facts.signals.values() for s in found):
                candidates |= 1 << sentence
            facts.denied = denied(lowered, sentences, candidates, hits.denials)
        return facts

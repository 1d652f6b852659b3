"""The :class:`Enricher`: one entry's headline, body and pull quotes → :class:`Enrichment`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from schemas import Alert, EventType, Location, Organization, Person, Quote
from schemas.event import AlertLevel
from workers.pipeline.enrich import severity as scoring
from workers.pipeline.enrich.common import lowercase
from workers.pipeline.enrich.event_type import DEFAULT as DEFAULT_EVENT_TYPE
from workers.pipeline.enrich.event_type import bundled_event_types
from workers.pipeline.enrich.lexicon import KeywordIndex, bundled_lexicon
from workers.pipeline.enrich.people import Names, People
from workers.pipeline.enrich.rules import load_rules
from workers.pipeline.enrich.signals import DENIAL, Detectors, Sentences
from workers.pipeline.enrich.sources import Sources
from workers.pipeline.enrich.speech import inline_quotes
from workers.pipeline.enrich.tone import tone, warm_up
from workers.pipeline.gazetteer import Gazetteer, Place

_MEMBERS = frozenset({"NATO", "EU"})
_DEATH_WORDS = frozenset({"killed", "kills", "killing", "dead", "died", "death toll", "deaths"})


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
        self._keywords = KeywordIndex(
            [
                *lexicon.topics,
                *lexicon.leadership_words,
                *lexicon.weapon_words,
                *lexicon.ministries,
                *rule_phrases,
                *self._event_types.cues,
                *_DEATH_WORDS,
            ]
        )
        warm_up()

    # -- public API ---------------------------------------------------------------------

    def enrich(self, headline: str, body: str, pull_quotes: Sequence[Quote] = ()) -> Enrichment:
        """Find people, organisations, places, sources, quotes, topics, type, tone, severity."""
        # Positions below are offsets in ``text``, which starts with a non-word character.
        text = f"\n{headline}\n\n{body}" if body else f"\n{headline}"
        lowered = lowercase(text)
        people = People()
        person_spans = self._names.titled_people(text, people)
        for index, quote in enumerate(pull_quotes):
            if quote.speaker:
                self._names.speaker(quote.speaker, people, len(text) + index, text, inverted=False)
        pulled = {quote.text for quote in pull_quotes}
        quotes = inline_quotes(self._names, text, len(text) - len(body), people, pulled)

        hits = self._keywords.scan(lowered)
        topics: dict[str, None] = {}
        ministries: list[tuple[int, str]] = []
        for position, phrase in hits:
            for topic in self._lexicon.topics.get(phrase, ()):
                topics.setdefault(topic)
            ministry = self._lexicon.ministries.get(phrase)
            if ministry:
                ministries.append((position, ministry))
        organizations, outlets, org_spans = self._sources.organizations(text, ministries)
        # No place inside a person's or an organisation's name (The New York Times).
        spans = [*person_spans, *org_spans]
        places = [
            (start, place)
            for start, end, place in self._gazetteer.matches(text)
            if not any(s <= start < e or s < end <= e for s, e in spans)
        ]
        locations: dict[str, Location] = {}
        for _start, place in places:
            locations.setdefault(place.location.name, place.location)

        sentences = Sentences(text)
        facts = self._facts(text, lowered, sentences, hits, places, org_spans, set(topics))
        severity, reasons, fired = scoring.score(self._rules, facts)
        return Enrichment(
            people=people.ordered(text),
            organizations=[Organization(name=name) for name in organizations],
            locations=list(locations.values()),
            attributions=self._sources.attributions(text, outlets),
            topics=list(topics),
            quotes=quotes,
            severity=severity,
            severity_reasons=reasons,
            event_type=self._event_types.classify(
                # "no air raid alerts" is no air raid.
                [
                    (p, w)
                    for p, w in hits
                    if lowered[p - 3 : p] != "no " and lowered[p - 4 : p] != "not "
                ],
                len(headline) + 1,
            ),
            tone=tone(text),
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

    def _facts(
        self,
        text: str,
        lowered: str,
        sentences: Sentences,
        hits: list[tuple[int, str]],
        places: list[tuple[int, Place]],
        org_spans: list[tuple[int, int]],
        topics: set[str],
    ) -> scoring.Facts:
        facts = scoring.Facts(sentences=len(sentences.starts), topics=topics)
        lexicon = self._lexicon
        leadership: list[int] = []
        weapons: list[int] = []
        deaths: list[int] = []
        for position, phrase in hits:
            facts.keywords.setdefault(phrase, set()).add(sentences.index(position))
            if phrase in lexicon.leadership_words:
                leadership.append(position)
            if phrase in lexicon.weapon_words:
                weapons.append(position)
            if phrase in _DEATH_WORDS:
                deaths.append(position)
        members = [p for p, place in places if place.is_country and place.blocs & _MEMBERS]
        for signal in self._detectors.detect(
            text,
            lowered,
            sentences,
            leadership=leadership,
            weapons=weapons,
            members=members,
            deaths=deaths,
        ):
            facts.signals.setdefault(signal.name, []).append(
                (sentences.index(signal.position), signal.detail)
            )
        for position, place in places:
            sentence = sentences.index(position)
            for tag in (place.location.country_code, *place.blocs):
                facts.places.setdefault(tag, set()).add(sentence)
        for start, end in org_spans:
            name = lexicon.organizations.get(text[start:end])
            if name:
                facts.organizations.setdefault(name, set()).add(sentences.index(start))
        candidates = {s for found in facts.keywords.values() for s in found}
        candidates |= {s for found in facts.signals.values() for s, _detail in found}
        for index in candidates:
            if DENIAL.search(lowered, sentences.starts[index], sentences.ends[index]):
                facts.denied.add(index)
        return facts

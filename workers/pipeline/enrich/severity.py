"""Severity 0..100 from the alert rules that fire on an entry, and the alert it makes.

The severity is the weight of the strongest rule that fired plus a quarter of the others'
weights, less 10 when something it counts is also denied in the entry (``disputed``),
clamped to 0..100. With the default rules only a policy rule (weight ≥ 60) reaches the
default threshold; the lighter ones (violence without harm, deaths, evacuation) grade it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final

from workers.pipeline.enrich.rules import AlertRule

DISPUTED_PENALTY: Final = 10
DISPUTED_REASON: Final = "disputed: denial reported"
_MISS: Final = (False, False, None)


Sentences = int
"""A set of sentence indices as a bit mask: sentence ``i`` is bit ``1 << i``."""


@dataclass(slots=True)
class Facts:
    """What one entry offers the rules, each fact with the sentences it is in (masks)."""

    sentences: int
    keywords: dict[str, Sentences] = field(default_factory=dict)
    signals: dict[str, list[tuple[int, str | None]]] = field(default_factory=dict)
    """Signal name → ``(sentence index, detail)`` of each time it was found."""
    places: dict[str, Sentences] = field(default_factory=dict)
    """ISO code or bloc → sentences."""
    organizations: dict[str, Sentences] = field(default_factory=dict)
    topics: set[str] = field(default_factory=set)
    denied: Sentences = 0
    headline_type: str | None = None
    """The event type code when the headline's cues decide it."""


@dataclass(frozen=True, slots=True)
class Plan:
    """A rule with its conditions as sets, ready to test against :class:`Facts`."""

    rule: AlertRule
    keywords: tuple[frozenset[str], ...]
    unless: frozenset[str]
    signals: tuple[str, ...]
    """Sorted, so that ties between signal details break the same way every time."""

    @classmethod
    def of(cls, rule: AlertRule) -> Plan:
        return cls(
            rule,
            tuple(frozenset(group) for group in rule.keywords),
            frozenset(rule.unless),
            tuple(sorted(rule.signals)),
        )


def _sentences(keys: Iterable[str], found: Mapping[str, Sentences]) -> Sentences:
    """The union of ``found``'s sentences for ``keys`` (those ``found`` has)."""
    union = 0
    for key in found.keys() & keys:
        union |= found[key]
    return union


def _signalled(names: Iterable[str], facts: Facts) -> Sentences:
    mask = 0
    for name in names:
        for sentence, _detail in facts.signals.get(name, ()):
            mask |= 1 << sentence
    return mask


def _conditions(plan: Plan, facts: Facts) -> list[Sentences] | None:
    """Each condition's sentences; ``None`` when one holds nowhere."""
    rule = plan.rule
    conditions = [_sentences(group, facts.keywords) for group in plan.keywords]
    if plan.signals:
        conditions.append(_signalled(plan.signals, facts))
    if rule.places:
        conditions.append(_sentences(rule.places, facts.places))
    if rule.organizations:
        conditions.append(_sentences(rule.organizations, facts.organizations))
    return None if not all(conditions) else conditions


def _detail(plan: Plan, facts: Facts, where: Sentences) -> str | None:
    """The detail of the first signal in one of the sentences ``where``."""
    details = [
        (sentence, detail)
        for name in plan.signals
        for sentence, detail in facts.signals.get(name, ())
        if detail and where >> sentence & 1
    ]
    return min(details)[1] if details else None


def evaluate(plan: Plan, facts: Facts) -> tuple[bool, bool, str | None]:
    """``(fired, disputed, detail)`` of ``plan``'s rule on ``facts``."""
    rule = plan.rule
    if rule.topics and not rule.topics & facts.topics:
        return _MISS
    if facts.headline_type in rule.unless_types:
        return _MISS
    conditions = _conditions(plan, facts)
    if conditions is None:  # a condition that holds in no sentence: nothing can fire
        return _MISS
    unless = _sentences(plan.unless, facts.keywords) if plan.unless else 0
    denied = facts.denied if rule.deniable else 0
    everywhere = (1 << facts.sentences) - 1
    if rule.scope == "sentence":
        candidates = everywhere
        for condition in conditions:
            candidates &= condition
        candidates &= ~unless
        kept = candidates & ~denied
        if not kept:
            return _MISS
        detail = _detail(plan, facts, kept) if plan.signals else None
        return True, bool(candidates & denied), detail
    if unless & ~denied:
        return _MISS
    disputed = False
    if denied:  # else every condition holds (in some sentence) and none is disputed
        if not all(condition & ~denied for condition in conditions):
            return _MISS
        disputed = all(condition & denied for condition in conditions)
    if not plan.signals:
        return True, disputed, None
    return True, disputed, _detail(plan, facts, everywhere & ~denied)


class RuleBook:
    """The rules, indexed by what can make them fire (a phrase of their first keyword
    group, else one of their signals), so that an entry only evaluates the few rules that
    may fire on it."""

    def __init__(self, rules: Iterable[AlertRule]) -> None:
        self.rules = tuple(rules)
        self._plans = tuple(Plan.of(rule) for rule in self.rules)
        self._always: list[int] = []
        self._by_phrase: dict[str, list[int]] = {}
        self._by_signal: dict[str, list[int]] = {}
        for index, rule in enumerate(self.rules):
            if rule.keywords:
                for phrase in rule.keywords[0]:
                    self._by_phrase.setdefault(phrase, []).append(index)
            elif rule.signals:
                for name in rule.signals:
                    self._by_signal.setdefault(name, []).append(index)
            else:
                self._always.append(index)

    def candidates(self, facts: Facts) -> list[Plan]:
        indices = set(self._always)
        for phrase in self._by_phrase.keys() & facts.keywords.keys():
            indices.update(self._by_phrase[phrase])
        for name in self._by_signal.keys() & facts.signals.keys():
            indices.update(self._by_signal[name])
        return [self._plans[index] for index in sorted(indices)]


def score(book: RuleBook, facts: Facts) -> tuple[int, list[str], list[str]]:
    """``(severity, reasons, fired rule ids)``; reasons read ``<rule id>: <what>``."""
    fired: list[tuple[AlertRule, str | None]] = []
    disputed = False
    for plan in book.candidates(facts):
        hit, contested, detail = evaluate(plan, facts)
        if hit:
            fired.append((plan.rule, detail))
            disputed = disputed or contested
    if not fired:
        return 0, [], []
    fired.sort(key=lambda item: -item[0].weight)
    weights = [rule.weight for rule, _detail in fired]
    severity = weights[0] + sum(weights[1:]) / 4 - (DISPUTED_PENALTY if disputed else 0)
    reasons = [f"{rule.id}: {detail or rule.description}" for rule, detail in fired]
    if disputed:
        reasons.append(DISPUTED_REASON)
    return max(0, min(100, round(severity))), reasons, [rule.id for rule, _detail in fired]

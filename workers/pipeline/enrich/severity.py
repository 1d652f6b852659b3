"""Severity 0..100 from the alert rules that fire on an entry, and the alert it makes.

The severity is the weight of the strongest rule that fired plus a quarter of the others'
weights, less 10 when something it counts is also denied in the entry (``disputed``),
clamped to 0..100. With the default rules only a policy rule (weight ≥ 60) reaches the
default threshold; the lighter ones (violence without harm, deaths, evacuation) grade it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from workers.pipeline.enrich.rules import AlertRule

DISPUTED_PENALTY: Final = 10
DISPUTED_REASON: Final = "disputed: denial reported"


@dataclass(slots=True)
class Facts:
    """What one entry offers the rules, each fact with the sentences it is in."""

    sentences: int
    keywords: dict[str, set[int]] = field(default_factory=dict)
    signals: dict[str, list[tuple[int, str | None]]] = field(default_factory=dict)
    places: dict[str, set[int]] = field(default_factory=dict)
    """ISO code or bloc → sentences."""
    organizations: dict[str, set[int]] = field(default_factory=dict)
    topics: set[str] = field(default_factory=set)
    denied: set[int] = field(default_factory=set)


def _union(sets: Iterable[set[int]]) -> set[int]:
    found: set[int] = set()
    for item in sets:
        found |= item
    return found


def _conditions(rule: AlertRule, facts: Facts) -> list[set[int]]:
    conditions = [_union(facts.keywords.get(p, set()) for p in group) for group in rule.keywords]
    if rule.signals:
        conditions.append(
            {s for name in rule.signals for s, _detail in facts.signals.get(name, [])}
        )
    if rule.places:
        conditions.append(_union(facts.places.get(tag, set()) for tag in rule.places))
    if rule.organizations:
        conditions.append(_union(facts.organizations.get(o, set()) for o in rule.organizations))
    return conditions


def _detail(rule: AlertRule, facts: Facts, where: set[int]) -> str | None:
    details = [
        (sentence, detail)
        for name in sorted(rule.signals)
        for sentence, detail in facts.signals.get(name, [])
        if detail and sentence in where
    ]
    return min(details)[1] if details else None


def evaluate(rule: AlertRule, facts: Facts) -> tuple[bool, bool, str | None]:
    """``(fired, disputed, detail)`` of ``rule`` on ``facts``."""
    if rule.topics and not rule.topics & facts.topics:
        return False, False, None
    conditions = _conditions(rule, facts)
    everywhere = set(range(facts.sentences))
    unless = _union(facts.keywords.get(p, set()) for p in rule.unless)
    denied = facts.denied if rule.deniable else set()
    if rule.scope == "sentence":
        candidates = set.intersection(*conditions) if conditions else everywhere
        candidates -= unless
        kept = candidates - denied
        return bool(kept), bool(kept and candidates & denied), _detail(rule, facts, kept)
    if unless - denied:
        return False, False, None
    fired = all(condition - denied for condition in conditions)
    disputed = fired and all(condition & denied for condition in conditions) and bool(denied)
    return fired, disputed, _detail(rule, facts, everywhere - denied) if fired else None


class RuleBook:
    """The rules, indexed by the phrases that can make them fire, so that an entry only
    evaluates the few rules whose keywords it contains."""

    def __init__(self, rules: Iterable[AlertRule]) -> None:
        self.rules = tuple(rules)
        self._always: list[int] = []
        self._by_phrase: dict[str, list[int]] = {}
        for index, rule in enumerate(self.rules):
            if rule.keywords:
                for phrase in rule.keywords[0]:
                    self._by_phrase.setdefault(phrase, []).append(index)
            else:
                self._always.append(index)

    def candidates(self, facts: Facts) -> list[AlertRule]:
        indices = set(self._always)
        for phrase in facts.keywords:
            indices.update(self._by_phrase.get(phrase, ()))
        return [self.rules[index] for index in sorted(indices)]


def score(book: RuleBook, facts: Facts) -> tuple[int, list[str], list[str]]:
    """``(severity, reasons, fired rule ids)``; reasons read ``<rule id>: <what>``."""
    fired: list[tuple[AlertRule, str | None]] = []
    disputed = False
    for rule in book.candidates(facts):
        hit, contested, detail = evaluate(rule, facts)
        if hit:
            fired.append((rule, detail))
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

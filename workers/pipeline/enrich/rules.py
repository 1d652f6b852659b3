"""Alert rules: data, read from a TOML file (the bundled ``data/alert_rules.toml`` or one
given by path), never code.

A rule fires when all of its conditions hold, within one sentence (``scope = "sentence"``,
the default) or anywhere in the entry (``scope = "entry"``):

``keywords``
    Lowercase phrases matched as whole words. A list of strings: any of them; a list of
    lists: one of each list.
``signals``
    Any of the facts found by code (see :mod:`workers.pipeline.enrich.signals`).
``places``
    A place of one of these blocs (``NATO``, ``EU``) or ISO country codes is mentioned.
``organizations``
    One of these canonical organisation names is mentioned.
``topics``
    The entry has one of these topics (checked on the whole entry).
``unless``
    None of these phrases is in the sentence (the entry, for entry rules).
``unless_types``
    The entry's event type (CAMEO root code) is none of these when its headline decides it:
    an entry whose headline reports a reaction (a denial, a demand) is not the act itself.

Sentences that deny what they report (``denied that``, ``no casualties``) are left out
unless ``deniable = false``. ``weight`` (1..100) is what the rule adds to the severity.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Final, Literal

from workers.pipeline.enrich.signals import SIGNALS

Scope = Literal["sentence", "entry"]
_CAMEO_ROOTS: Final = frozenset(f"{code:02d}" for code in range(1, 21))
_KEYS: Final = frozenset(
    {"id", "description", "weight", "scope", "keywords", "signals", "places", "organizations",
     "topics", "unless", "unless_types", "deniable"}
)  # fmt: skip


class RulesError(ValueError):
    """An alert rules file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class AlertRule:
    id: str
    description: str
    weight: int
    scope: Scope = "sentence"
    keywords: tuple[tuple[str, ...], ...] = ()
    signals: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    organizations: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    unless: tuple[str, ...] = ()
    unless_types: frozenset[str] = frozenset()
    deniable: bool = True


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{where} must be a list of non-empty strings")
    return tuple(value)


def _phrases(value: Any, where: str) -> tuple[str, ...]:
    phrases = _strings(value, where)
    for phrase in phrases:
        if phrase != phrase.lower() or phrase != " ".join(phrase.split()):
            raise ValueError(f"{where}: {phrase!r} must be lowercase, single-spaced")
    return phrases


def _rule(item: Any, index: int) -> AlertRule:
    if not isinstance(item, dict):
        raise ValueError(f"rule #{index} must be a table")
    where = f"rule {item.get('id', f'#{index}')!r}"
    unknown = sorted(set(item) - _KEYS)
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(unknown)}")
    for key in ("id", "description"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise ValueError(f"{where}: {key} must be a non-empty string")
    weight = item.get("weight")
    if not isinstance(weight, int) or isinstance(weight, bool) or not 1 <= weight <= 100:
        raise ValueError(f"{where}: weight must be an integer within 1..100")
    scope = item.get("scope", "sentence")
    if scope not in ("sentence", "entry"):
        raise ValueError(f"{where}: scope must be 'sentence' or 'entry', not {scope!r}")
    keywords: list[tuple[str, ...]] = []
    raw_keywords = item.get("keywords", [])
    if raw_keywords and all(isinstance(group, list) for group in raw_keywords):
        keywords = [_phrases(group, f"{where}: keywords") for group in raw_keywords]
    elif raw_keywords:
        keywords = [_phrases(raw_keywords, f"{where}: keywords")]
    signals = frozenset(_strings(item.get("signals", []), f"{where}: signals"))
    if signals - SIGNALS:
        raise ValueError(
            f"{where}: unknown signal(s) {', '.join(sorted(signals - SIGNALS))}; "
            f"known: {', '.join(sorted(SIGNALS))}"
        )
    unless_types = frozenset(_strings(item.get("unless_types", []), f"{where}: unless_types"))
    if unless_types - _CAMEO_ROOTS:
        raise ValueError(
            f"{where}: unless_types must be CAMEO root codes '01'..'20', not "
            f"{', '.join(sorted(unless_types - _CAMEO_ROOTS))}"
        )
    deniable = item.get("deniable", True)
    if not isinstance(deniable, bool):
        raise ValueError(f"{where}: deniable must be true or false")
    rule = AlertRule(
        id=item["id"].strip(),
        description=" ".join(item["description"].split()),
        weight=weight,
        scope=scope,
        keywords=tuple(keywords),
        signals=signals,
        places=frozenset(_strings(item.get("places", []), f"{where}: places")),
        organizations=frozenset(_strings(item.get("organizations", []), f"{where}: organizations")),
        topics=frozenset(_strings(item.get("topics", []), f"{where}: topics")),
        unless=_phrases(item.get("unless", []), f"{where}: unless"),
        unless_types=unless_types,
        deniable=deniable,
    )
    if not (rule.keywords or rule.signals or rule.places or rule.organizations or rule.topics):
        raise ValueError(f"{where}: needs at least one condition")
    return rule


def parse_rules(document: str, source: str) -> tuple[AlertRule, ...]:
    """The rules of a TOML document; raises :class:`RulesError` naming ``source``."""
    try:
        data = tomllib.loads(document)
        items = data.get("rule")
        if not isinstance(items, list) or not items:
            raise ValueError("no [[rule]] tables")
        unknown = sorted(set(data) - {"rule"})
        if unknown:
            raise ValueError(f"unknown top-level key(s) {', '.join(unknown)}")
        rules = tuple(_rule(item, index) for index, item in enumerate(items, 1))
        ids = [rule.id for rule in rules]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate rule id(s) {', '.join(duplicates)}")
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise RulesError(f"alert rules {source}: {exc}") from None
    return rules


@cache
def load_rules(path: Path | None = None) -> tuple[AlertRule, ...]:
    """The rules in ``path``, or the bundled default policy; read once per path."""
    if path is None:
        source = resources.files("workers.pipeline") / "data" / "alert_rules.toml"
        return parse_rules(source.read_text(encoding="utf-8"), "(bundled alert_rules.toml)")
    try:
        document = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(f"alert rules {path}: cannot be read ({exc})") from None
    return parse_rules(document, str(path))

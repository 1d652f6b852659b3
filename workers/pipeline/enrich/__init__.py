"""Enrichment of one live-blog entry: people, organisations, geocoded places, cited
sources, quotes, topics, CAMEO event type, tone, severity and alerts. Synchronous, rule
based, offline; data is read once per process, when the first :class:`Enricher` is built.

Modules: ``people`` (titled names, surname resolution), ``speech`` (inline quotes and
their speakers), ``sources`` (organisations, citations), ``lexicon`` (word lists and the
keyword automaton), ``signals`` (facts found by code: leadership change, strikes on
NATO/EU territory, mass casualties), ``rules`` (the alert rules file), ``severity``
(scoring), ``event_type`` (CAMEO), ``tone`` (VADER), ``enricher`` (the orchestration).
"""

from workers.pipeline.enrich.enricher import Enricher, Enrichment
from workers.pipeline.enrich.rules import AlertRule, RulesError

__all__ = ["AlertRule", "Enricher", "Enrichment", "RulesError"]

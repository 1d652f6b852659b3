"""Prometheus metrics of the worker, served at ``/metrics`` by Faust's web server.

One :class:`WorkerMetrics` per app, on a registry the app factory creates and passes in
(nothing is registered at import). Per raw message the worker touches a few pre-resolved
counter children and one histogram; consumer lag is computed every few seconds from what
the consumer already knows (no broker round trip).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

# Parsing and enriching one raw message takes milliseconds; a big snapshot, up to seconds.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Partition(NamedTuple):
    topic: str
    partition: int


def consumer_lag(
    assigned: Iterable[Partition],
    highwater: Callable[[Partition], int | None],
    next_offset: Mapping[Partition, int],
    committed: Mapping[Partition, int | None],
) -> dict[Partition, int]:
    """Messages not processed yet per assigned partition: highwater minus the next offset
    to process (after the last message processed here, or the committed offset, whichever
    is further: a partition may come back after another worker moved it on).

    Partitions whose highwater or position is unknown yet are left out.
    """
    lag = {}
    for tp in assigned:
        end = highwater(tp)
        known = [p for p in (next_offset.get(tp), committed.get(tp)) if p is not None]
        if end is None or not known:
            continue
        lag[tp] = max(0, end - max(known))
    return lag


class WorkerMetrics:
    """The worker's counters, histogram and lag gauge, on ``registry``."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self._consumed = Counter(
            "liveblog_messages_consumed",
            "Raw messages consumed, by topic and partition.",
            ["topic", "partition"],
            registry=registry,
        )
        self._produced = Counter(
            "liveblog_records_produced",
            "Records published and acknowledged by the broker, by topic.",
            ["topic"],
            registry=registry,
        )
        self._dead_letters = Counter(
            "liveblog_dead_letters",
            "Raw messages dead-lettered, by reason (the error's class name).",
            ["reason"],
            registry=registry,
        )
        self._events = Counter(
            "liveblog_events",
            "Events built, by kind (entry.created, entry.updated).",
            ["kind"],
            registry=registry,
        )
        self.rekeyed = Counter(
            "liveblog_rekeyed_messages",
            "Raw messages re-published under their blog id.",
            registry=registry,
        )
        self.processing_seconds = Histogram(
            "liveblog_processing_seconds",
            "Pipeline time (decode, parse, dedup, enrich, validate) per raw message.",
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self._lag = Gauge(
            "liveblog_consumer_lag",
            "Raw messages not yet processed, per assigned partition (highwater - position).",
            ["topic", "partition"],
            registry=registry,
        )
        self._lag_series: set[Partition] = set()
        self._children: dict[Any, Any] = {}

    def _child(self, metric: Any, *labels: str) -> Any:
        key = (id(metric), labels)
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = metric.labels(*labels)
        return child

    def consumed(self, topic: str, partition: int) -> None:
        self._child(self._consumed, topic, str(partition)).inc()

    def produced(self, topics: Iterable[str]) -> None:
        for topic in topics:
            self._child(self._produced, topic).inc()

    def dead_lettered(self, reason: str) -> None:
        self._child(self._dead_letters, reason).inc()

    def event_built(self, kind: str) -> None:
        self._child(self._events, kind).inc()

    def set_lag(self, lag: Mapping[Partition, int]) -> None:
        """Replace the lag series: partitions no longer assigned disappear."""
        for tp in self._lag_series - set(lag):
            self._lag.remove(tp.topic, str(tp.partition))
        for tp, value in lag.items():
            self._lag.labels(tp.topic, str(tp.partition)).set(value)
        self._lag_series = set(lag)

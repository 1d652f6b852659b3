"""The worker's Prometheus metrics and consumer-lag arithmetic (workers/metrics.py)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, generate_latest

from workers.metrics import Partition, WorkerMetrics, consumer_lag

P0, P1, P2 = (Partition("raw", n) for n in range(3))


def test_lag_is_highwater_minus_the_next_offset_to_process() -> None:
    highwaters = {P0: 10, P1: 5, P2: None}
    lag = consumer_lag(
        [P0, P1, P2],
        highwaters.get,
        next_offset={P0: 7},
        committed={P0: 3, P1: 5, P2: 0},
    )
    # P0: processed up to 6 here (committed lags behind); P1: nothing processed, all
    # committed; P2: highwater unknown yet, left out.
    assert lag == {P0: 3, P1: 0}


def test_lag_uses_the_furthest_known_position_and_is_never_negative() -> None:
    # Processed up to 4 here, then another worker committed 9 before it came back.
    assert consumer_lag([P0], {P0: 12}.get, {P0: 5}, {P0: 9}) == {P0: 3}
    assert consumer_lag([P0], {P0: 12}.get, {P0: 15}, {}) == {P0: 0}
    assert consumer_lag([P0], {P0: 12}.get, {}, {P0: None}) == {}


def sample(registry: CollectorRegistry, name: str, **labels: str) -> float | None:
    return registry.get_sample_value(name, labels)


def test_counters_histogram_and_lag_series() -> None:
    registry = CollectorRegistry()
    metrics = WorkerMetrics(registry)
    metrics.consumed("raw", 1)
    metrics.consumed("raw", 1)
    metrics.produced(["storage", "alerts", "storage"])
    metrics.dead_lettered("InvalidEnvelope")
    metrics.event_built("entry.created")
    metrics.rekeyed.inc()
    metrics.processing_seconds.observe(0.003)
    metrics.set_lag({P0: 4, P1: 0})
    assert sample(registry, "liveblog_messages_consumed_total", topic="raw", partition="1") == 2
    assert sample(registry, "liveblog_records_produced_total", topic="storage") == 2
    assert sample(registry, "liveblog_records_produced_total", topic="alerts") == 1
    assert sample(registry, "liveblog_dead_letters_total", reason="InvalidEnvelope") == 1
    assert sample(registry, "liveblog_events_total", kind="entry.created") == 1
    assert sample(registry, "liveblog_rekeyed_messages_total") == 1
    assert sample(registry, "liveblog_processing_seconds_count") == 1
    assert sample(registry, "liveblog_processing_seconds_bucket", le="0.005") == 1
    assert sample(registry, "liveblog_processing_seconds_bucket", le="0.0025") == 0
    assert sample(registry, "liveblog_consumer_lag", topic="raw", partition="0") == 4
    # A revoked partition's series disappears.
    metrics.set_lag({P1: 2})
    assert sample(registry, "liveblog_consumer_lag", topic="raw", partition="0") is None
    assert sample(registry, "liveblog_consumer_lag", topic="raw", partition="1") == 2
    assert b'liveblog_dead_letters_total{reason="InvalidEnvelope"} 1.0' in generate_latest(registry)


def test_each_app_has_its_own_registry() -> None:
    # Two metric sets never collide: nothing is registered globally.
    first, second = CollectorRegistry(), CollectorRegistry()
    WorkerMetrics(first).consumed("raw", 0)
    WorkerMetrics(second)
    assert sample(first, "liveblog_messages_consumed_total", topic="raw", partition="0") == 1
    assert sample(second, "liveblog_messages_consumed_total", topic="raw", partition="0") is None

import pytest
from pydantic import ValidationError

from workers.settings import Settings


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KAFKA_BOOTSTRAP_SERVERS", "LIVEBLOG_RAW_TOPIC", "LIVEBLOG_ALERT_THRESHOLD"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.kafka_bootstrap_servers == "localhost:9092"
    assert (settings.raw_topic, settings.storage_topic, settings.alerts_topic, settings.dlq_topic) == (
        "liveblog.raw", "liveblog.storage", "liveblog.alerts", "liveblog.dlq",
    )  # fmt: skip


def test_environment_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092")
    monkeypatch.setenv("LIVEBLOG_RAW_TOPIC", "in")
    monkeypatch.setenv("LIVEBLOG_ALERT_THRESHOLD", "75")
    settings = Settings()
    assert (settings.kafka_bootstrap_servers, settings.raw_topic, settings.alert_threshold) == (
        "k1:9092,k2:9092", "in", 75,
    )  # fmt: skip


def test_invalid_values_are_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVEBLOG_ALERT_THRESHOLD", "250")
    with pytest.raises(ValidationError):
        Settings()

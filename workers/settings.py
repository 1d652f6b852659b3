"""All configuration, read from the environment in one place.

Kafka connection settings use the conventional ``KAFKA_*`` names; everything else is
``LIVEBLOG_*``. Build a :class:`Settings` once (``Settings()``) and pass it down.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Worker configuration. Each field's environment variable is in the README table."""

    model_config = SettingsConfigDict(
        env_prefix="LIVEBLOG_", frozen=True, populate_by_name=True, extra="ignore"
    )

    kafka_bootstrap_servers: str = Field(
        default="localhost:9092",
        validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS", "kafka_bootstrap_servers"),
        description="Comma-separated host:port list of the Kafka cluster.",
    )

    app_id: str = Field(
        default="liveblog-stream", description="Faust app id; also the consumer group id."
    )
    raw_topic: str = "liveblog.raw"
    storage_topic: str = "liveblog.storage"
    alerts_topic: str = "liveblog.alerts"
    dlq_topic: str = "liveblog.dlq"
    topic_partitions: int = Field(default=4, ge=1, description="Partitions of the topics we own.")
    topic_replication_factor: int = Field(default=1, ge=1)

    alert_threshold: int = Field(
        default=60, ge=1, le=100, description="Severity at or above which an event is an alert."
    )
    alert_rules_path: Path | None = Field(
        default=None, description="Alert rules TOML file; the bundled default policy if unset."
    )

    max_message_bytes: int = Field(
        default=1_048_576,
        ge=1_024,
        description="Raw messages larger than this go to the DLQ unparsed (value truncated).",
    )
    max_entries_per_message: int = Field(
        default=500, ge=1, description="Entries of one snapshot beyond this are skipped."
    )
    state_table: str = Field(
        default="liveblog-entries", description="Faust table of seen entries per blog."
    )
    state_horizon_hours: float = Field(
        default=168.0,
        ge=0,
        description="Entries older than a blog's newest entry by more than this are "
        "forgotten and never announced again (0: never forget by age).",
    )
    max_remembered_entries: int = Field(
        default=5_000, ge=1, description="Entries remembered per blog, newest first."
    )

    broker_session_timeout: float = Field(default=30.0, gt=0, description="Seconds.")
    broker_rebalance_timeout: float = Field(default=60.0, gt=0, description="Seconds.")
    broker_heartbeat_interval: float = Field(default=3.0, gt=0, description="Seconds.")
    consumer_auto_offset_reset: str = Field(default="earliest", pattern="^(earliest|latest)$")

    data_dir: Path = Field(
        default=Path(".liveblog-data"), description="Faust's local state directory."
    )
    web_enabled: bool = Field(default=False, description="Start Faust's web server.")
    web_port: int = Field(default=6066, ge=1, le=65535)
    log_level: str = Field(default="info", pattern="(?i)^(debug|info|warning|error)$")

    broker_port: int = Field(
        default=9092, ge=1, le=65535, description="Port of the embedded broker (demo, broker)."
    )

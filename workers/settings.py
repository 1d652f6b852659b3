"""All configuration, read from the environment in one place.

Kafka connection settings use the conventional ``KAFKA_*`` names; everything else is
``LIVEBLOG_*``. Build a :class:`Settings` once (``Settings()``) and pass it down.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Self

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from workers.pipeline.cloudevents import DEFAULT_DATASCHEMA, DEFAULT_TYPE_PREFIX


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

    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        default="PLAINTEXT",
        validation_alias=AliasChoices("KAFKA_SECURITY_PROTOCOL", "kafka_security_protocol"),
    )
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = Field(
        default="PLAIN",
        validation_alias=AliasChoices("KAFKA_SASL_MECHANISM", "kafka_sasl_mechanism"),
    )
    kafka_sasl_username: str | None = Field(
        default=None,
        validation_alias=AliasChoices("KAFKA_SASL_USERNAME", "kafka_sasl_username"),
    )
    kafka_sasl_password: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("KAFKA_SASL_PASSWORD", "kafka_sasl_password"),
        description="Never logged: kept as a SecretStr until handed to the Kafka client.",
    )
    kafka_ssl_cafile: Path | None = Field(
        default=None, validation_alias=AliasChoices("KAFKA_SSL_CAFILE", "kafka_ssl_cafile")
    )
    kafka_ssl_certfile: Path | None = Field(
        default=None, validation_alias=AliasChoices("KAFKA_SSL_CERTFILE", "kafka_ssl_certfile")
    )
    kafka_ssl_keyfile: Path | None = Field(
        default=None, validation_alias=AliasChoices("KAFKA_SSL_KEYFILE", "kafka_ssl_keyfile")
    )
    kafka_ssl_check_hostname: bool = Field(
        default=True,
        validation_alias=AliasChoices("KAFKA_SSL_CHECK_HOSTNAME", "kafka_ssl_check_hostname"),
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
    max_in_flight: int = Field(
        default=500,
        ge=1,
        description="Messages whose outputs may await the broker's ack while the next "
        "messages are processed.",
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
    consumer_fetch_max_wait_ms: int = Field(
        default=100,
        ge=1,
        le=60_000,
        description="How long a fetch may wait at the broker for data (Faust fixes 1,500).",
    )
    consumer_auto_offset_reset: str = Field(default="earliest", pattern="^(earliest|latest)$")

    cloudevents_type_prefix: str = Field(
        default=DEFAULT_TYPE_PREFIX,
        pattern=r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$",
        description="Reverse-DNS prefix of the CloudEvents ce_type of published events.",
    )
    cloudevents_dataschema: str = Field(
        default=DEFAULT_DATASCHEMA,
        min_length=1,
        description="CloudEvents ce_dataschema URI of published events.",
    )

    data_dir: Path = Field(
        default=Path(".liveblog-data"), description="Faust's local state directory."
    )
    web_enabled: bool = Field(default=False, description="Start Faust's web server.")
    web_port: int = Field(default=6066, ge=1, le=65535)
    log_level: str = Field(default="info", pattern="(?i)^(debug|info|warning|error)$")
    log_format: Literal["json", "text"] = Field(
        default="json", description="The worker's logs: JSON lines, or Faust's coloured text."
    )

    broker_port: int = Field(
        default=9092, ge=1, le=65535, description="Port of the embedded broker (demo, broker)."
    )

    @model_validator(mode="after")
    def _sasl_needs_credentials(self) -> Self:
        if self.kafka_security_protocol.startswith("SASL_") and not (
            self.kafka_sasl_username and self.kafka_sasl_password
        ):
            raise ValueError(
                f"KAFKA_SECURITY_PROTOCOL={self.kafka_security_protocol} needs "
                "KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD"
            )
        return self


def environment_variables() -> dict[str, str]:
    """Each setting's environment variable, mapped to its field name."""
    names = {}
    for field_name, field in Settings.model_fields.items():
        choices = getattr(field.validation_alias, "choices", None)
        names[str(choices[0]) if choices else f"LIVEBLOG_{field_name.upper()}"] = field_name
    return names

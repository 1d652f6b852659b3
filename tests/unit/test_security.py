"""TLS and SASL settings reach the Kafka clients; the password reaches nothing else."""

import logging

import faust
import pytest
from pydantic import ValidationError

from workers.app import create_app
from workers.security import client_options, faust_credentials, ssl_context
from workers.settings import Settings

SECRET = "s3cr3t-Pa55word"


def sasl_settings(protocol: str = "SASL_SSL", mechanism: str = "SCRAM-SHA-512") -> Settings:
    return Settings(
        kafka_security_protocol=protocol,
        kafka_sasl_mechanism=mechanism,
        kafka_sasl_username="liveblog",
        kafka_sasl_password=SECRET,
    )


def test_plaintext_by_default() -> None:
    settings = Settings()
    assert faust_credentials(settings) is None
    assert ssl_context(settings) is None
    assert client_options(settings) == {"security_protocol": "PLAINTEXT"}


def test_tls_only() -> None:
    settings = Settings(kafka_security_protocol="SSL", kafka_ssl_check_hostname=False)
    credentials = faust_credentials(settings)
    assert isinstance(credentials, faust.SSLCredentials)
    context = client_options(settings)["ssl_context"]
    assert context.check_hostname is False


@pytest.mark.parametrize("mechanism", ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
@pytest.mark.parametrize("protocol", ["SASL_PLAINTEXT", "SASL_SSL"])
def test_sasl(protocol: str, mechanism: str) -> None:
    settings = sasl_settings(protocol, mechanism)
    credentials = faust_credentials(settings)
    assert isinstance(credentials, faust.SASLCredentials)
    assert credentials.mechanism.value == mechanism
    assert credentials.protocol.value == protocol
    options = client_options(settings)
    assert options["security_protocol"] == protocol
    assert options["sasl_mechanism"] == mechanism
    assert options["sasl_plain_password"] == SECRET
    assert ("ssl_context" in options) == (protocol == "SASL_SSL")


def test_sasl_needs_a_username_and_password() -> None:
    with pytest.raises(ValidationError, match="KAFKA_SASL_USERNAME"):
        Settings(kafka_security_protocol="SASL_SSL", kafka_sasl_username="u")


def test_secret_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "u")
    monkeypatch.setenv("KAFKA_SASL_PASSWORD", SECRET)
    settings = Settings()
    assert settings.kafka_sasl_password is not None
    assert settings.kafka_sasl_password.get_secret_value() == SECRET


def test_the_password_is_never_shown(caplog: pytest.LogCaptureFixture) -> None:
    settings = sasl_settings()
    caplog.set_level(logging.DEBUG)
    app = create_app(settings)
    shown = [
        repr(settings),
        str(settings),
        repr(faust_credentials(settings)),
        repr(app.conf.broker_credentials),
        caplog.text,
    ]
    assert not any(SECRET in text for text in shown)

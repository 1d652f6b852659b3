"""CloudEvents Kafka protocol binding (binary content mode) of the records we publish."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from cloudevents.core.bindings.kafka import KafkaMessage, from_binary_event, to_binary
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent

from schemas import SCHEMA_VERSION, Alert, LiveBlogEvent
from workers.pipeline.cloudevents import (
    DEFAULT_DATASCHEMA,
    CloudEventsConfig,
    Copy,
    ce_id,
    ce_source,
    ce_type,
    cloudevent_headers,
)
from workers.pipeline.errors import InvalidEnvelope
from workers.pipeline.model import RawMessage
from workers.pipeline.process import Outcome
from workers.pipeline.route import Topics, records_for, route_event
from workers.settings import Settings

TOPICS = Topics(raw="r", storage="s", alerts="a", dlq="d")
PUBLISHED = datetime(2024, 2, 11, 21, 40, tzinfo=UTC)


def event(
    *, revision: int = 1, alert: Alert | None = None, blog_id: str = "storm-surge"
) -> LiveBlogEvent:
    return LiveBlogEvent(
        event_id="232fd86d6fe630be4f08a5c7b9f71ce3",
        kind="entry.created" if revision == 1 else "entry.updated", revision=revision,
        blog_id=blog_id, published_at=PUBLISHED, headline="h", body="",
        severity=80 if alert else 0, alert=alert, content_hash="0" * 64,
        ingested_at=PUBLISHED, processed_at=PUBLISHED,
    )  # fmt: skip


ALERT = Alert(level="high", reasons=["violence"])


def test_storage_record_has_the_binary_mode_headers() -> None:
    [record] = route_event(event(), TOPICS)
    assert record.headers == (
        ("ce_specversion", b"1.0"),
        ("ce_id", b"232fd86d6fe630be4f08a5c7b9f71ce3-1"),
        ("ce_source", b"/liveblog/storm-surge"),
        ("ce_type", b"org.liveblogstream.liveblog.entry.created"),
        ("ce_time", b"2024-02-11T21:40:00Z"),
        ("ce_dataschema", f"urn:liveblog-stream:schema:liveblog-event:{SCHEMA_VERSION}".encode()),
        ("content-type", b"application/json"),
    )
    # The body stays the LiveBlogEvent, byte for byte.
    assert record.value == event().model_dump_json().encode()


def test_updated_entries_and_alert_copies_are_their_own_types_and_ids() -> None:
    storage, alert = route_event(event(revision=3, alert=ALERT), TOPICS)
    s, a = dict(storage.headers), dict(alert.headers)
    assert (s["ce_type"], s["ce_id"]) == (
        b"org.liveblogstream.liveblog.entry.updated", b"232fd86d6fe630be4f08a5c7b9f71ce3-3",
    )  # fmt: skip
    assert (a["ce_type"], a["ce_id"]) == (
        b"org.liveblogstream.liveblog.alert", b"232fd86d6fe630be4f08a5c7b9f71ce3-3-alert",
    )  # fmt: skip
    assert s["ce_source"] == a["ce_source"]
    assert storage.value == alert.value


def test_prefix_and_dataschema_come_from_the_settings() -> None:
    config = CloudEventsConfig(
        type_prefix="com.example.news", dataschema="https://x.example/s.json"
    )
    [record] = route_event(event(), TOPICS, config)
    headers = dict(record.headers)
    assert headers["ce_type"] == b"com.example.news.liveblog.entry.created"
    assert headers["ce_dataschema"] == b"https://x.example/s.json"
    settings = Settings.model_construct()
    assert (settings.cloudevents_type_prefix, settings.cloudevents_dataschema) == (
        "org.liveblogstream", DEFAULT_DATASCHEMA,
    )  # fmt: skip


@pytest.mark.parametrize("prefix", ["", "com..example", "com.example.", "com example"])
def test_a_malformed_type_prefix_is_rejected(prefix: str) -> None:
    with pytest.raises(ValueError, match="cloudevents_type_prefix"):
        Settings(cloudevents_type_prefix=prefix)


def test_source_is_one_percent_encoded_path_segment() -> None:
    assert ce_source("storm-surge") == "/liveblog/storm-surge"
    assert ce_source("a b/c?é") == "/liveblog/a%20b%2Fc%3F%C3%A9"
    headers = dict(cloudevent_headers(event(blog_id="a b/c"), "storage"))
    assert headers["ce_source"] == b"/liveblog/a%20b%2Fc"


def _sdk_headers(event: LiveBlogEvent, copy: Copy, config: CloudEventsConfig) -> dict[str, bytes]:
    """What the CloudEvents SDK's Kafka binding writes for ``event``."""
    cloud_event = CloudEvent(
        {
            "specversion": "1.0",
            "id": ce_id(event, copy),
            "source": ce_source(event.blog_id),
            "type": ce_type(event, copy, config.type_prefix),
            "time": event.published_at,
            "dataschema": config.dataschema,
            "datacontenttype": "application/json",
        },
        event.model_dump_json().encode(),
    )
    return dict(to_binary(cloud_event, JSONFormat(), key_mapper=lambda _: None).headers)


@pytest.mark.parametrize("copy", ["storage", "alert"])
@pytest.mark.parametrize(
    "config",
    [CloudEventsConfig(), CloudEventsConfig(type_prefix="com.example", dataschema="https://s/1")],
)
def test_our_headers_are_the_sdk_binding_byte_for_byte(
    copy: Copy, config: CloudEventsConfig
) -> None:
    for revision, blog_id, published in (
        (1, "storm-surge", PUBLISHED),
        (4, "a b/c?é", PUBLISHED.replace(microsecond=250)),
    ):
        built = event(revision=revision, blog_id=blog_id, alert=ALERT).model_copy(
            update={"published_at": published}
        )
        ours = cloudevent_headers(built, copy, config)
        assert dict(ours) == _sdk_headers(built, copy, config)
        assert len(ours) == len(dict(ours))


def test_the_sdk_reads_our_records_back_as_cloudevents() -> None:
    for record in route_event(event(alert=ALERT), TOPICS):
        parsed = from_binary_event(KafkaMessage(dict(record.headers), record.key, record.value))
        assert parsed.get_specversion() == "1.0"
        assert parsed.get_time() == PUBLISHED
        assert parsed.get_datacontenttype() == "application/json"
        assert LiveBlogEvent.model_validate(parsed.get_data()) == event(alert=ALERT)


def test_dead_letters_and_rekeyed_messages_keep_only_their_own_headers() -> None:
    raw = RawMessage(
        value=b"{bad", key=b"k", headers=(("trace", b"1"),), topic="r", partition=0, offset=1
    )
    [dead] = records_for(raw, Outcome(error=InvalidEnvelope("e")), topics=TOPICS, app_id="a")
    [rekeyed] = records_for(raw, Outcome(rekey="blog"), topics=TOPICS, app_id="a")
    for record in (dead, rekeyed):
        assert not [name for name, _ in record.headers if name.startswith("ce_")]
        assert "content-type" not in dict(record.headers)

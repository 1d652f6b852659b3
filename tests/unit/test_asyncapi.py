"""schemas/asyncapi.yaml is a valid AsyncAPI 3.0 document and agrees with the code.

Validated offline against the official AsyncAPI 3.0.0 JSON Schema, vendored from the npm
package @asyncapi/specs (tests/schemas/README.md). The payloads are $refs to the committed
JSON Schema files, which tests/unit/test_schemas.py keeps equal to the models; here we check
that the refs point at the right files and that those files describe the models' fields.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from pydantic import BaseModel

from schemas import SCHEMA_VERSION, LiveBlogEvent, RawEnvelope
from schemas.export import EXPORTS, SCHEMA_DIR
from tests.conftest import REPO_ROOT
from workers.settings import Settings

DOCUMENT = REPO_ROOT / "schemas" / "asyncapi.yaml"
SPEC_SCHEMA = REPO_ROOT / "tests" / "schemas" / "asyncapi-3.0.0.json"
# sha256 of @asyncapi/specs 6.11.1 schemas/3.0.0.json, as recorded in tests/schemas/README.md.
SPEC_SHA256 = "d4571a420e6ffb7fcc7066c95a6db1202f299a3c51daa103d0706bf30f95e626"
DRAFT_2020_12 = "application/schema+json;version=draft-2020-12"

# Which model each message's payload describes.
PAYLOAD_MODELS: dict[str, type[BaseModel]] = {
    "liveBlogEvent": LiveBlogEvent,
    "rawEnvelope": RawEnvelope,
}
DEFAULTS = Settings.model_construct()


def load_document() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
    return data


def spec_validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SPEC_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


def resolve(doc: dict[str, Any], ref: str) -> Any:
    """A local ``#/a/b`` reference of the document."""
    assert ref.startswith("#/"), ref
    node: Any = doc
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def message(doc: dict[str, Any], name: str) -> dict[str, Any]:
    msg: dict[str, Any] = doc["components"]["messages"][name]
    return msg


# ---- the document against the official AsyncAPI 3.0.0 schema ----


def test_vendored_spec_schema_is_the_pinned_official_file() -> None:
    assert hashlib.sha256(SPEC_SCHEMA.read_bytes()).hexdigest() == SPEC_SHA256
    assert json.loads(SPEC_SCHEMA.read_text())["title"] == "AsyncAPI 3.0.0 schema."


def test_document_is_valid_asyncapi_3() -> None:
    doc = load_document()
    assert doc["asyncapi"] == "3.0.0"
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in spec_validator().iter_errors(doc)
    ]
    assert not errors, errors


def _set(*path_and_value: Any) -> Any:
    *parents, last, value = path_and_value

    def mutate(doc: dict[str, Any]) -> None:
        node = doc
        for part in parents:
            node = node[part]
        node[last] = value

    return mutate


BROKEN = {
    "no info.version": lambda d: d["info"].pop("version"),
    "AsyncAPI 2 verb": _set("operations", "consumeRaw", "action", "subscribe"),
    "zero partitions": _set("channels", "storage", "bindings", "kafka", "partitions", 0),
    "cleanup.policy not a list": _set(
        "channels",
        "storage",
        "bindings",
        "kafka",
        "topicConfiguration",
        "cleanup.policy",
        "compact",
    ),
    "unknown binding field": _set("channels", "raw", "bindings", "kafka", "retention", 1),
    "unknown message field": _set("components", "messages", "deadLetter", "key", "blog id"),
    "operation without channel": lambda d: d["operations"]["publishEvent"].pop("channel"),
}


@pytest.mark.parametrize("mutation", BROKEN.values(), ids=BROKEN.keys())
def test_spec_schema_rejects_broken_documents(mutation: Any) -> None:
    doc = copy.deepcopy(load_document())
    mutation(doc)
    assert not spec_validator().is_valid(doc)


# ---- the document against the code ----


def test_channels_are_the_default_topics() -> None:
    channels = load_document()["channels"]
    assert {name: channel["address"] for name, channel in channels.items()} == {
        "raw": DEFAULTS.raw_topic,
        "storage": DEFAULTS.storage_topic,
        "alerts": DEFAULTS.alerts_topic,
        "dlq": DEFAULTS.dlq_topic,
    }


def dlq_retention_ms() -> int:
    """The DLQ retention deploy/topics.sh creates the topic with."""
    match = re.search(
        r"^dlq_retention_ms=(\d+)", (REPO_ROOT / "deploy" / "topics.sh").read_text(), re.M
    )
    assert match, "deploy/topics.sh no longer sets dlq_retention_ms"
    return int(match.group(1))


def test_kafka_channel_bindings_match_the_topics_we_create() -> None:
    channels = load_document()["channels"]
    for name, channel in channels.items():
        binding = channel["bindings"]["kafka"]
        assert binding["partitions"] == DEFAULTS.topic_partitions, name
        assert binding["replicas"] == DEFAULTS.topic_replication_factor, name
    config = {
        name: c["bindings"]["kafka"].get("topicConfiguration", {}) for name, c in channels.items()
    }
    assert config == {
        "raw": {},
        "storage": {"cleanup.policy": ["compact"]},
        "alerts": {},
        "dlq": {"retention.ms": dlq_retention_ms()},
    }


def test_operations_receive_raw_and_send_the_outputs() -> None:
    doc = load_document()
    actions = sorted(
        (resolve(doc, op["channel"]["$ref"])["address"], op["action"])
        for op in doc["operations"].values()
    )
    assert actions == sorted([
        (DEFAULTS.raw_topic, "receive"),
        # Messages not keyed by their blog id go back to the raw topic, re-keyed.
        (DEFAULTS.raw_topic, "send"),
        (DEFAULTS.storage_topic, "send"),
        (DEFAULTS.alerts_topic, "send"),
        (DEFAULTS.dlq_topic, "send"),
    ])  # fmt: skip
    group = doc["operations"]["consumeRaw"]["bindings"]["kafka"]["groupId"]
    assert group["enum"] == [DEFAULTS.app_id]


def test_operation_messages_belong_to_their_channel() -> None:
    doc = load_document()
    for name, op in doc["operations"].items():
        channel_ref = op["channel"]["$ref"]
        channel_messages = resolve(doc, channel_ref)["messages"]
        assert op["messages"], name
        for ref in (m["$ref"] for m in op["messages"]):
            assert ref.startswith(channel_ref + "/messages/"), (name, ref)
            assert ref.rsplit("/", 1)[1] in channel_messages, (name, ref)


def model_payload_files(doc: dict[str, Any]) -> dict[str, Path]:
    """Message name -> the JSON Schema file its multi-format payload refers to."""
    files = {}
    for name, msg in doc["components"]["messages"].items():
        payload = msg["payload"]
        if "schemaFormat" in payload:
            assert payload["schemaFormat"] == DRAFT_2020_12, name
            files[name] = (DOCUMENT.parent / payload["schema"]["$ref"]).resolve()
    return files


def test_payload_refs_point_at_the_committed_model_schemas() -> None:
    files = model_payload_files(load_document())
    assert set(files) == set(PAYLOAD_MODELS)
    for name, path in files.items():
        assert path.parent == SCHEMA_DIR.resolve(), path
        assert path.is_file(), f"{name}: {path} does not exist"
        # test_schemas.py keeps each exported file equal to its model.
        assert EXPORTS[path.name][0] is PAYLOAD_MODELS[name], name
    assert {p.name for p in files.values()} == set(EXPORTS), (
        "a committed schema is not in the document"
    )


def test_payload_schemas_describe_the_models_fields() -> None:
    files = model_payload_files(load_document())
    event = json.loads(files["liveBlogEvent"].read_text())
    fields = {f.serialization_alias or n for n, f in LiveBlogEvent.model_fields.items()}
    # Every field of an event is always serialised, so every one is required.
    assert set(event["required"]) == set(event["properties"]) == fields
    envelope = json.loads(files["rawEnvelope"].read_text())
    assert set(envelope["properties"]) == set(RawEnvelope.model_fields)
    assert set(envelope["required"]) == {
        n for n, f in RawEnvelope.model_fields.items() if f.is_required()
    }


def test_event_key_is_the_event_id() -> None:
    doc = load_document()
    key = message(doc, "liveBlogEvent")["bindings"]["kafka"]["key"]
    event_id = LiveBlogEvent.model_json_schema(mode="serialization")["properties"]["event_id"]
    assert key["type"] == event_id["type"] == "string"
    assert key["pattern"] == event_id["pattern"]
    for channel in ("storage", "alerts"):
        refs = [m["$ref"] for m in doc["channels"][channel]["messages"].values()]
        assert refs == ["#/components/messages/liveBlogEvent"], channel


def test_raw_key_is_a_blog_id() -> None:
    doc = load_document()
    blog_id = RawEnvelope.model_json_schema()["properties"]["blog_id"]["anyOf"][0]
    for ref in (m["$ref"] for m in doc["channels"]["raw"]["messages"].values()):
        key = resolve(doc, ref)["bindings"]["kafka"]["key"]
        assert (key["type"], key["minLength"], key["maxLength"]) == (
            "string", blog_id["minLength"], blog_id["maxLength"],
        )  # fmt: skip


def test_version_is_the_event_schema_version() -> None:
    assert load_document()["info"]["version"] == f"{SCHEMA_VERSION}.0"


def test_examples_are_valid_messages() -> None:
    doc = load_document()
    for example in message(doc, "liveBlogEvent")["examples"]:
        event = LiveBlogEvent.model_validate(example["payload"])
        assert event.alert is not None
        # Exactly what the worker publishes: every field, serialised the same way.
        assert json.loads(event.model_dump_json()) == example["payload"]
        assert example["payload"]["schema_version"] == SCHEMA_VERSION
    for example in message(doc, "rawEnvelope")["examples"]:
        RawEnvelope.model_validate_json(json.dumps(example["payload"]))
    headers = jsonschema.Draft7Validator(message(doc, "deadLetter")["headers"])
    for example in message(doc, "deadLetter")["examples"]:
        headers.validate(example["headers"])


def test_dead_letter_headers_are_what_the_worker_writes() -> None:
    from workers.pipeline.errors import InvalidEnvelope
    from workers.pipeline.model import RawMessage
    from workers.pipeline.route import dead_letter

    schema = message(load_document(), "deadLetter")["headers"]
    validator = jsonschema.Draft7Validator(schema)
    raw = RawMessage(
        value=b"\xff not utf-8",
        key=b"storm-surge",
        headers=(("traceparent", b"00-abc-def-01"),),
        topic=DEFAULTS.raw_topic,
        partition=3,
        offset=1187,
        timestamp=datetime(2024, 2, 11, 22, 5, tzinfo=UTC),
    )
    error = InvalidEnvelope("content: Field required")
    seen: set[str] = set()
    for limit in (len(raw.value), 4):  # as it came, and cut
        record = dead_letter(
            raw, error, topic=DEFAULTS.dlq_topic, app_id=DEFAULTS.app_id, max_value_bytes=limit
        )
        assert record.headers[: len(raw.headers)] == raw.headers
        added = {name: value.decode() for name, value in record.headers[len(raw.headers) :]}
        assert set(schema["required"]) <= set(added) <= set(schema["properties"])
        validator.validate(dict(added, traceparent="kept"))
        assert record.key == raw.key
        assert raw.value.startswith(record.value)
        seen |= set(added)
    assert seen == set(schema["properties"]), "a documented header is never written"


def test_document_names_only_real_settings() -> None:
    known = {f"LIVEBLOG_{name.upper()}" for name in Settings.model_fields}
    used = set(re.findall(r"\bLIVEBLOG_[A-Z_]+\b", DOCUMENT.read_text()))
    assert used <= known, sorted(used - known)


def test_event_headers_are_the_cloudevents_the_worker_writes() -> None:
    from workers.pipeline.route import Topics, route_event

    doc = load_document()
    msg = message(doc, "liveBlogEvent")
    schema = msg["headers"]
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    topics = Topics(
        raw=DEFAULTS.raw_topic,
        storage=DEFAULTS.storage_topic,
        alerts=DEFAULTS.alerts_topic,
        dlq=DEFAULTS.dlq_topic,
    )
    [example] = msg["examples"]
    event = LiveBlogEvent.model_validate(example["payload"])
    storage, alert = route_event(event, topics)
    written = [{name: value.decode() for name, value in r.headers} for r in (storage, alert)]
    for headers in written:
        validator.validate(headers)
        # Exactly the documented headers, no more.
        assert set(headers) == set(schema["required"]) == set(schema["properties"])
    assert example["headers"] == written[0], "the example is not what the worker writes"
    # The documented patterns tell the two copies apart.
    assert written[0]["ce_type"].endswith(".liveblog.entry.created")
    assert written[1]["ce_type"].endswith(".liveblog.alert")
    assert written[1]["ce_id"] == f"{event.event_id}-{event.revision}-alert"
    wrong = dict(written[0], ce_type="org.liveblogstream.liveblog.entry.deleted")
    assert not validator.is_valid(wrong)
    assert not validator.is_valid(dict(written[0], ce_id=event.event_id))
    assert not validator.is_valid({k: v for k, v in written[0].items() if k != "ce_time"})

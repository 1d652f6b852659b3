import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from schemas import SCHEMA_VERSION, LiveBlogEvent
from schemas.export import EXPORTS, SCHEMA_DIR, render


@pytest.mark.parametrize("filename", sorted(EXPORTS))
def test_committed_json_schema_matches_the_models(filename: str) -> None:
    model, mode = EXPORTS[filename]
    committed = (SCHEMA_DIR / filename).read_text(encoding="utf-8")
    assert committed == render(model, mode), (
        f"run `make schemas`: {filename} drifted from {model.__name__}"
    )


def test_no_stray_schema_files() -> None:
    assert sorted(p.name for p in SCHEMA_DIR.glob("*.json")) == sorted(EXPORTS)


def minimal_event(**overrides: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "event_id": "0" * 32, "kind": "entry.created", "revision": 1, "blog_id": "b",
        "published_at": datetime(2024, 1, 1, 12, tzinfo=timezone(timedelta(hours=2))),
        "headline": "h", "body": "", "severity": 0, "content_hash": "a" * 64,
        "ingested_at": datetime(2024, 1, 1, tzinfo=UTC), "processed_at": datetime(2024, 1, 1, tzinfo=UTC),
    }  # fmt: skip
    fields.update(overrides)
    return fields


def test_timestamps_serialise_as_utc_with_z() -> None:
    event = LiveBlogEvent.model_validate(minimal_event())
    data = json.loads(event.model_dump_json())
    assert data["published_at"] == "2024-01-01T10:00:00Z"
    assert data["schema_version"] == SCHEMA_VERSION
    assert LiveBlogEvent.model_validate_json(event.model_dump_json()) == event


def test_every_field_is_serialised() -> None:
    data = json.loads(LiveBlogEvent.model_validate(minimal_event()).model_dump_json())
    schema = LiveBlogEvent.model_json_schema(mode="serialization")
    assert set(data) == set(schema["properties"]) == set(schema["required"])


@pytest.mark.parametrize(
    "override",
    [
        {"unknown_field": 1},
        {"published_at": datetime(2024, 1, 1)},  # noqa: DTZ001 - naive on purpose
        {"severity": 101},
        {"revision": 0},
        {"kind": "entry.deleted"},
        {"event_id": "not-hex"},
        {"headline": ""},
        {"locations": [{"name": "X", "country_code": "xx", "latitude": 0, "longitude": 0}]},
        {"alert": {"level": "high", "reasons": []}},
    ],
)
def test_contract_violations_are_rejected(override: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        LiveBlogEvent.model_validate(minimal_event(**override))

"""Export the JSON Schema files committed under ``schemas/json/``.

Run ``python -m schemas.export`` after changing a model; ``tests/unit/test_schema_files.py``
fails while the committed files differ from the models.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from schemas.envelope import RawEnvelope
from schemas.event import SCHEMA_VERSION, LiveBlogEvent

SCHEMA_DIR = Path(__file__).parent / "json"
_MAJOR = SCHEMA_VERSION.split(".")[0]

EXPORTS: dict[str, tuple[type[BaseModel], str]] = {
    f"liveblog-event.v{_MAJOR}.schema.json": (LiveBlogEvent, "serialization"),
    f"raw-envelope.v{_MAJOR}.schema.json": (RawEnvelope, "validation"),
}


def render(model: type[BaseModel], mode: str) -> str:
    """The JSON Schema of ``model`` as the exact text committed to the repository."""
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **model.model_json_schema(mode=mode),  # type: ignore[arg-type]
    }
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> int:
    SCHEMA_DIR.mkdir(exist_ok=True)
    for filename, (model, mode) in EXPORTS.items():
        path = SCHEMA_DIR / filename
        path.write_text(render(model, mode), encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

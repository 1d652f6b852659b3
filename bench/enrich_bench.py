"""Parse + enrich time per typical entry (~100 words), one core, no Kafka, no validation.

    .venv/bin/python bench/enrich_bench.py [--seconds 3]

Entries are the shipped samples' and the dev set's, each rendered as a single plain-text
entry. Prints the mean words per entry and the microseconds per entry for parsing alone,
enrichment alone and both; the target for parse + enrich is under 200 µs.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from workers.demo import sample_files
from workers.inputs import raw_message_for
from workers.pipeline.enrich import Enricher
from workers.pipeline.model import RawMessage
from workers.pipeline.process import Pipeline
from workers.pipeline.text import parse_text

DEVSET = Path(__file__).resolve().parent / "devset" / "devset.jsonl"
NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)


def entries() -> list[str]:
    """Single plain-text entries (``HHMM GMT — headline`` and body) from samples and dev set."""
    pipeline = Pipeline()
    raws = [raw_message_for(str(path)) for path in sample_files()]
    raws += [
        RawMessage(value=json.loads(line)["content"].encode(), key=b"dev")
        for line in DEVSET.read_text(encoding="utf-8").splitlines()
    ]
    texts = []
    for raw in raws:
        for event in pipeline.process(raw, now=NOW).events:
            texts.append(f"{event.published_at:%H%M} GMT — {event.headline}\n\n{event.body}\n")
    return texts


def per_entry(run: Callable[[], None], count: int, seconds: float) -> float:
    rounds = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        run()
        rounds += 1
    return (time.perf_counter() - started) / (rounds * count) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    texts = entries()
    enricher = Enricher()
    parsed = [parse_text(text, reference=NOW).entries[0] for text in texts]
    words = sum(len(text.split()) for text in texts) / len(texts)

    def parse() -> None:
        for text in texts:
            parse_text(text, reference=NOW)

    def enrich() -> None:
        for entry in parsed:
            enricher.enrich(entry.headline, entry.body, entry.pull_quotes)

    def both() -> None:
        for text in texts:
            entry = parse_text(text, reference=NOW).entries[0]
            enricher.enrich(entry.headline, entry.body, entry.pull_quotes)

    print(f"{len(texts)} entries, {words:.0f} words on average")
    for name, run in (("parse", parse), ("enrich", enrich), ("parse + enrich", both)):
        print(f"{name:<16}{per_entry(run, len(texts), args.seconds):>8.1f} µs/entry")


if __name__ == "__main__":
    main()

"""Field-by-field quality of the pipeline on the labelled dev set (``bench/devset/``).

    .venv/bin/python bench/quality.py [--split all|tuning|held-out] [--batch N] [--errors]

The dev set is the ``batch*.jsonl`` files of ``bench/devset/``; ``--batch 3`` scores one.

Each dev-set record is one raw message (a plain-text page, a single entry or an HTML
envelope) with the labels an analyst would give each of its entries, newest first. People,
organisations, attributions and quote speakers are compared as sets of names
(case-insensitive; an alias of the bundled organisation list counts as its canonical name),
locations as sets of ISO country codes; precision and recall are
micro-averaged over entries. Event type (CAMEO root code) and alert (yes/no) are accuracies.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from schemas import LiveBlogEvent
from workers.pipeline.enrich.lexicon import bundled_lexicon
from workers.pipeline.model import RawMessage
from workers.pipeline.process import Pipeline

DEVSET = Path(__file__).resolve().parent / "devset"
SET_FIELDS = ("people", "organizations", "locations", "attributions", "quote_speakers")
_ORGANIZATION_FIELDS = frozenset({"organizations", "attributions", "quote_speakers"})
NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


def load(folder: Path = DEVSET, batch: int | None = None) -> list[dict[str, Any]]:
    """The records of every batch file (or of ``batch`` alone), each with its ``batch``."""
    records = []
    for path in sorted(folder.glob("batch*.jsonl"), key=lambda p: int(p.stem[5:])):
        number = int(path.stem[5:])
        if batch is not None and number != batch:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line:
                records.append({**json.loads(line), "batch": number})
    return records


def found_labels(event: LiveBlogEvent) -> dict[str, set[str]]:
    return {
        "people": {p.name for p in event.people},
        "organizations": {o.name for o in event.organizations},
        "locations": {loc.country_code for loc in event.locations},
        "attributions": set(event.attributions),
        "quote_speakers": {q.speaker for q in event.quotes if q.speaker},
    }


def _fold(names: Iterable[str], aliases: dict[str, str] | None = None) -> set[str]:
    """Names compared case-insensitively; with ``aliases``, an alias counts as the name it
    stands for (``Associated Press`` is ``AP``): a label names the organisation, not a
    spelling of it."""
    folded = {name.casefold() for name in names}
    return {aliases.get(name, name) for name in folded} if aliases else folded


def _aliases() -> dict[str, str]:
    """Every alias of the bundled organisation list → its canonical name, case-folded."""
    return {
        alias.casefold(): name.casefold() for alias, name in bundled_lexicon().organizations.items()
    }


def score(records: list[dict[str, Any]], pipeline: Pipeline | None = None) -> dict[str, Any]:
    """Counts per set field and accuracies, over every entry of ``records``."""
    pipeline = pipeline or Pipeline()
    sets = {name: Counts() for name in SET_FIELDS}
    aliases = _aliases()
    event_type, alert = Accuracy(), Accuracy()
    for record in records:
        raw = RawMessage(value=record["content"].encode(), key=record["id"].encode())
        outcome = pipeline.process(raw, now=NOW)
        events = outcome.events
        if len(events) != len(record["expected"]):
            raise ValueError(f"{record['id']}: {len(events)} events, expected labels for "
                             f"{len(record['expected'])} ({outcome.error})")  # fmt: skip
        for index, (event, expected) in enumerate(zip(events, record["expected"], strict=True)):
            where = f"{record['id']}#{index}"
            found = found_labels(event)
            for name in SET_FIELDS:
                names = aliases if name in _ORGANIZATION_FIELDS else None
                want, got = _fold(expected[name], names), _fold(found[name], names)
                counts = sets[name]
                counts.tp += len(want & got)
                counts.fp += len(got - want)
                counts.fn += len(want - got)
                if want != got:
                    counts.misses.append(
                        f"{where}: missing {sorted(want - got)} extra {sorted(got - want)}"
                    )
            for accuracy, want_value, got_value in (
                (event_type, expected["event_type"], event.event_type.code),
                (alert, expected["alert"], event.alert is not None),
            ):
                accuracy.total += 1
                if want_value == got_value:
                    accuracy.right += 1
                else:
                    accuracy.misses.append(
                        f"{where}: expected {want_value!r}, got {got_value!r} "
                        f"(severity {event.severity}, {event.alert.reasons if event.alert else []})"
                    )
    return {**sets, "event_type": event_type, "alert": alert}


def table(results: dict[str, Any], entries: int) -> str:
    lines = [
        "| field | precision | recall | F1 / accuracy | n |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name in SET_FIELDS:
        c: Counts = results[name]
        n = c.tp + c.fn
        lines.append(f"| {name} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} | {n} |")
    for name in ("event_type", "alert"):
        a: Accuracy = results[name]
        lines.append(f"| {name} (accuracy) | | | {a.value:.3f} | {a.total} |")
    lines.append(f"\n{entries} entries")
    return "\n".join(lines)


def select(records: list[dict[str, Any]], split: str) -> list[dict[str, Any]]:
    if split == "tuning":
        return [r for r in records if not r["held_out"]]
    if split == "held-out":
        return [r for r in records if r["held_out"]]
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["all", "tuning", "held-out"], default="all")
    parser.add_argument("--batch", type=int, help="only this batch of the dev set")
    parser.add_argument("--errors", action="store_true", help="list every mismatch")
    args = parser.parse_args()
    records = select(load(batch=args.batch), args.split)
    results = score(records)
    print(table(results, sum(len(r["expected"]) for r in records)))
    if args.errors:
        for name, result in results.items():
            for miss in result.misses:
                print(f"{name}: {miss}")


if __name__ == "__main__":
    main()

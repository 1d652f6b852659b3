"""Pure pipeline speed (parse + enrich + validate + serialise), no Kafka, one core.

    .venv/bin/python bench/pipeline_bench.py [--seconds 5]

Prints entries per second and microseconds per entry for single-entry messages and for
whole-page snapshots built from the shipped samples.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime

from workers.demo import sample_files
from workers.inputs import raw_message_for
from workers.pipeline.model import RawMessage
from workers.pipeline.process import Pipeline
from workers.pipeline.route import Topics, records_for

TOPICS = Topics(raw="r", storage="s", alerts="a", dlq="d")


def single_entry_messages(pages: list[RawMessage], pipeline: Pipeline) -> list[RawMessage]:
    """One plain-text message per entry of the plain-text samples."""
    now = datetime.now(UTC)
    messages = []
    for page in pages:
        if page.value.lstrip().startswith(b"{"):
            continue
        for event in pipeline.process(page, now=now).events:
            stamp = event.published_at.strftime("%Y-%m-%d\n\n%H%M GMT")
            text = f"{stamp} — {event.headline}\n\n{event.body}\n"
            messages.append(RawMessage(value=text.encode(), key=page.key))
    return messages


def measure(pipeline: Pipeline, messages: list[RawMessage], seconds: float) -> tuple[int, float]:
    entries = 0
    started = time.perf_counter()
    deadline = started + seconds
    while time.perf_counter() < deadline:
        now = datetime.now(UTC)
        for message in messages:
            outcome = pipeline.process(message, now=now)
            records_for(message, outcome, topics=TOPICS, app_id="bench")
            entries += len(outcome.events)
    return entries, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    pipeline = Pipeline()  # no memory: every entry counts as new, the worst case
    pages = [raw_message_for(str(path)) for path in sample_files()]
    singles = single_entry_messages(pages, pipeline)
    words = sum(len(m.value.split()) for m in singles) / len(singles)
    print(f"{'workload':<28}{'entries/s':>12}{'µs/entry':>12}")
    for name, messages in [
        (f"single entry (~{words:.0f} words)", singles),
        ("sample pages", pages),
    ]:
        entries, elapsed = measure(pipeline, messages, args.seconds)
        print(f"{name:<28}{entries / elapsed:>12,.0f}{elapsed / entries * 1e6:>12.1f}")


if __name__ == "__main__":
    main()

"""What a blog's memory costs per poll as it grows, no Kafka, one core.

    .venv/bin/python bench/state_bench.py [--seconds 2]

One blog polled as in workload (b) (``bench/workload.py``: a 50-entry snapshot, one to
three entries new each time) until its memory holds N entries; then the next 20 polls are
timed through ``Pipeline.process``, each with the memory as it stood before it. Also the
stored value's JSON size: what each poll that changes something writes to the table's
changelog. With the default ``LIVEBLOG_MAX_REMEMBERED_ENTRIES`` (5,000) the largest size
shown is the worst case.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime
from typing import Any

import orjson
from workload import Poller  # bench/ is on sys.path when run as a script

from workers.pipeline.model import RawMessage
from workers.pipeline.process import Limits, Pipeline

SIZES = (100, 1_000, 5_000)
NOW = datetime(2030, 1, 1, tzinfo=UTC)  # after every generated entry: nothing is too new


def grown(pipeline: Pipeline, poller: Poller, entries: int) -> tuple[str, Any]:
    """Poll one blog until its memory holds ``entries`` entries: (blog id, stored value)."""
    memory: dict[str, Any] = {}
    while True:
        message = poller.take(1)[0]
        outcome = pipeline.process(
            RawMessage(value=message.value, key=message.key), now=NOW, memory=memory
        )
        outcome.remember(memory)
        blog_id, value = next(iter(memory.items()))
        if len(value["e"]) >= entries:
            return blog_id, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="per size")
    args = parser.parse_args()
    # No time horizon: the generated blog would otherwise forget entries before N.
    pipeline = Pipeline(limits=Limits(horizon_seconds=0, max_remembered_entries=max(SIZES)))
    print(f"{'remembered':>10}{'µs / poll':>11}{'events / poll':>15}{'stored KB':>11}")
    for size in SIZES:
        poller = Poller(seed=3, blogs=1)
        blog_id, value = grown(pipeline, poller, size)
        # The next polls, each with the memory as it stood before it (values are never
        # modified in place, so keeping them is enough).
        pairs = []
        memory = {blog_id: value}
        for message in poller.take(20):
            raw = RawMessage(value=message.value, key=message.key)
            pairs.append((raw, memory))
            outcome = pipeline.process(raw, now=NOW, memory=memory)
            memory = dict(memory)
            outcome.remember(memory)
        events = rounds = 0
        best = float("inf")
        deadline = time.perf_counter() + args.seconds
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            for raw, before in pairs:
                events += len(pipeline.process(raw, now=NOW, memory=before).events)
            best = min(best, time.perf_counter() - started)
            rounds += 1
        polls = pairs
        per_poll = best / len(polls) * 1e6
        stored = len(orjson.dumps(value)) / 1024
        per_event = events / rounds / len(polls)
        print(f"{len(value['e']):>10,}{per_poll:>11,.0f}{per_event:>15.1f}{stored:>11,.0f}")


if __name__ == "__main__":
    main()

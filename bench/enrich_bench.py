"""Parse + enrich time per entry, by entry length, one core, no Kafka, no validation.

    .venv/bin/python bench/enrich_bench.py [--seconds 3]

Entries are single plain-text entries built like the throughput benchmark's workload (a)
(``bench/workload.py``: real headlines and paragraphs of the shipped samples and the dev
set, recombined), in three sizes around 50, 100 and 200 words. Prints microseconds per
entry for parsing alone, enrichment alone and both; issue #3's target is parse + enrich
under 200 µs for a typical ~100-word entry.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime

from workload import Entry, corpus  # bench/ is on sys.path when run as a script

from workers.pipeline.enrich import Enricher
from workers.pipeline.text import parse_text

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)
SIZES = (50, 100, 200)  # target words per entry
PER_SIZE = 200


def entries(words: int, count: int, seed: int = 5) -> list[str]:
    """``count`` single plain-text entries of about ``words`` words (headline included)."""
    rng = random.Random(seed)
    headlines, paragraphs = corpus()
    texts = []
    while len(texts) < count:
        headline = rng.choice(headlines)
        chosen: list[str] = []
        total = len(headline.split())
        while total < words * 0.9:
            paragraph = rng.choice(paragraphs)
            if paragraph not in chosen:
                chosen.append(paragraph)
                total += len(paragraph.split())
        if total <= words * 1.1:  # within 10 % of the size asked for
            texts.append(Entry(NOW, headline, chosen).render())
    return texts


def per_entry(run: Callable[[], None], count: int, seconds: float) -> float:
    """Microseconds per entry: the best of repeated rounds within ``seconds``."""
    best = float("inf")
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best / count * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="per measurement")
    args = parser.parse_args()
    enricher = Enricher()
    print(f"{'words':>6}{'entries':>9}{'parse µs':>10}{'enrich µs':>11}{'both µs':>9}")
    for size in SIZES:
        texts = entries(size, PER_SIZE)
        words = sum(len(text.split()) - 2 for text in texts) / len(texts)  # less "HHMM GMT"
        parsed = [parse_text(text, reference=NOW).entries[0].parse() for text in texts]

        def parse(texts: list[str] = texts) -> None:
            for text in texts:
                parse_text(text, reference=NOW).entries[0].parse()

        def enrich(parsed: list = parsed) -> None:  # type: ignore[type-arg]
            for entry in parsed:
                enricher.enrich(entry.headline, entry.body, entry.pull_quotes)

        def both(texts: list[str] = texts) -> None:
            for text in texts:
                entry = parse_text(text, reference=NOW).entries[0].parse()
                enricher.enrich(entry.headline, entry.body, entry.pull_quotes)

        timings = [per_entry(run, len(texts), args.seconds) for run in (parse, enrich, both)]
        print(f"{words:>6.0f}{len(texts):>9}" + "".join(f"{t:>10.1f}" for t in timings))


if __name__ == "__main__":
    main()

"""Instructions and cache misses per parse + enrich of a ~100-word entry, under valgrind.

    .venv/bin/python bench/instructions.py

Timings on a shared VM move by 10-20 % from one minute to the next; instruction counts do
not. This runs the entries of ``enrich_bench.py`` (100-word size) through parse + enrich
once and three times under ``valgrind --tool=cachegrind`` with a simulated cache (32 KiB
L1i, 48 KiB L1d, 1 MiB L2, as on the machine in ``RESULTS.md``) and prints the difference
per entry, so that start-up and set-up cancel out. Needs valgrind (``apt install
valgrind``); takes about a minute.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENTRIES = 200  # enrich_bench.PER_SIZE
CACHES = ["--I1=32768,8,64", "--D1=49152,12,64", "--LL=1048576,16,64"]
RUN = """
import sys
sys.path.insert(0, {here!r})
from enrich_bench import NOW, entries
from workers.pipeline.enrich import Enricher
from workers.pipeline.text import parse_text
enricher = Enricher()
texts = entries(100, {entries})
for _ in range(int(sys.argv[1])):
    for text in texts:
        entry = parse_text(text, reference=NOW).entries[0].parse()
        enricher.enrich(entry.headline, entry.body, entry.pull_quotes)
"""


def counts(valgrind: str, script: Path, rounds: int, out: Path) -> dict[str, int]:
    """cachegrind's totals for ``rounds`` rounds: event name → count."""
    subprocess.run(
        [valgrind, "--tool=cachegrind", "--cache-sim=yes", *CACHES,
         f"--cachegrind-out-file={out}", sys.executable, str(script), str(rounds)],
        check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "0"},
    )  # fmt: skip
    lines = out.read_text().splitlines()
    events = next(line for line in lines if line.startswith("events:")).split()[1:]
    summary = next(line for line in lines if line.startswith("summary:")).split()[1:]
    return dict(zip(events, map(int, summary), strict=True))


def main() -> None:
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        sys.exit("instructions.py: valgrind is not installed")
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "run.py"
        script.write_text(RUN.format(here=str(HERE), entries=ENTRIES))
        once = counts(valgrind, script, 1, Path(folder) / "once")
        thrice = counts(valgrind, script, 3, Path(folder) / "thrice")
    per = {event: (thrice[event] - once[event]) / (2 * ENTRIES) for event in once}
    rows = [
        ("instructions", per["Ir"]),
        ("L1i misses", per["I1mr"]),
        ("L1d misses", per["D1mr"] + per["D1mw"]),
        ("L2 misses", per["ILmr"] + per["DLmr"] + per["DLmw"]),
    ]
    print("per parse + enrich of a ~100-word entry")
    for label, value in rows:
        print(f"{label:>14} {value:>12,.0f}")


if __name__ == "__main__":
    main()

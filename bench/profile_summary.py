"""Where the worker's time goes, from a py-spy profile in raw (collapsed stack) format.

    .venv/bin/python bench/run.py --quick --no-write --profile /tmp/liveblog-profile
    .venv/bin/python bench/profile_summary.py /tmp/liveblog-profile/worker-a.txt [--top 15]

``bench/run.py --profile`` attaches ``py-spy record --format raw`` to the worker from its
first output to the end of the backlog. This prints the share of samples per thread, per
layer (the innermost frame that belongs to a known layer decides, so pydantic called from
the enricher counts as pydantic), inclusive shares of the functions that matter, and the
top self-time frames. Idle samples are not recorded by py-spy, so shares are of busy time.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

# (layer, pattern on a frame's file path); the first match, leaf upwards, takes the sample.
LAYERS: list[tuple[str, re.Pattern[str]]] = [
    ("pipeline: enrichment", re.compile(r"workers/pipeline/enrich/")),
    ("pipeline: pydantic validate / serialise", re.compile(r"(^|/)(pydantic\w*|schemas)/")),
    ("pipeline: decode, parse, ids, dedup, route", re.compile(r"workers/pipeline/")),
    ("worker glue (workers/app.py)", re.compile(r"workers/app\.py")),
    ("Faust / mode (streams, tables, producer)", re.compile(r"(^|/)(faust|mode)/")),
    ("aiokafka (client, protocol, records)", re.compile(r"(^|/)aiokafka/")),
    ("JSON (json / orjson)", re.compile(r"(^|/)json/|orjson")),
    ("asyncio / selectors / sockets", re.compile(r"(^|/)asyncio/|selectors\.py|socket\.py")),
]

# Inclusive shares: a sample counts when any of its frames matches. Frames read
# ``function (path/file.py:line)`` (py-spy 0.4.1) or ``Class.method (…)`` (some versions),
# so the patterns name the function and its file.
FUNCTIONS: list[tuple[str, re.Pattern[str]]] = [
    ("process (all of the pipeline)", re.compile(r"^(\w+\.)?process \(workers/pipeline/process")),
    ("  decode", re.compile(r"^decode \(workers/pipeline/decode")),
    ("  parse_text / parse_html", re.compile(r"^(parse_text|parse_html) \(")),
    ("  identify (event ids, content hashes)", re.compile(r"^identify \(")),
    ("  blog memory (state.py)", re.compile(r"\(workers/pipeline/state\.py")),
    ("  build_event (enrich + LiveBlogEvent)", re.compile(r"^build_event \(")),
    ("    enrich", re.compile(r"^(\w+\.)?enrich \(workers/pipeline/enrich/enricher")),
    ("records_for (route, model_dump_json)", re.compile(r"^records_for \(")),
    ("send (Faust send of a message's records)", re.compile(r"^(\w+\.)?send \(workers/app\.py")),
    ("settle (acks, blog memory, commits)", re.compile(r"^(\w+\.)?settle \(workers/app\.py")),
    ("raw_message (Faust message → RawMessage)", re.compile(r"^raw_message \(")),
    ("Faust ack", re.compile(r"ack \(faust/")),
    ("Faust stream iteration", re.compile(r"\(faust/streams\.py")),
    ("aiokafka producer (send, sender)", re.compile(r"aiokafka/producer/")),
    ("aiokafka consumer (fetcher)", re.compile(r"aiokafka/consumer/")),
    ("Faust consumer thread", re.compile(r"^_bootstrap \(threading\.py")),
]

_COUNT = re.compile(r"^(?P<stack>.*) (?P<count>\d+)$")


def load(path: Path) -> list[tuple[list[str], int]]:
    samples = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        match = _COUNT.match(line.strip())
        if match:
            samples.append((match["stack"].split(";"), int(match["count"])))
    return samples


def _file(frame: str) -> str:
    match = re.search(r"\(([^()]*):\d+\)$", frame)
    return match[1] if match else ""


def summarise(path: Path, top: int) -> str:
    samples = load(path)
    total = sum(count for _, count in samples) or 1
    threads: Counter[str] = Counter()
    layers: Counter[str] = Counter()
    functions: Counter[str] = Counter()
    selfs: Counter[str] = Counter()
    for frames, count in samples:
        code = [f for f in frames if _file(f)]
        in_thread = bool(frames) and frames[0].startswith("_bootstrap (threading.py")
        threads["other thread (Faust's consumer)" if in_thread else "main thread"] += count
        for frame in reversed(code):
            layer = next((name for name, rx in LAYERS if rx.search(_file(frame))), None)
            if layer is not None:
                layers[layer] += count
                break
        else:
            layers["other"] += count
        for name, rx in FUNCTIONS:
            if any(rx.search(frame) for frame in code):
                functions[name] += count
        if code:
            leaf = code[-1]
            selfs[re.sub(r":\d+\)$", ")", leaf)] += count

    def pct(n: int) -> str:
        return f"{100 * n / total:5.1f} %"

    lines = [f"{path}: {total:,} busy samples"]
    lines += ["", "threads:"] + [f"  {pct(n)}  {name}" for name, n in threads.most_common()]
    lines += ["", "layer (innermost known frame):"]
    lines += [f"  {pct(n)}  {name}" for name, n in layers.most_common()]
    lines += ["", "inclusive:"] + [f"  {pct(functions[name])}  {name}" for name, _ in FUNCTIONS]
    lines += ["", f"top {top} self frames:"]
    lines += [f"  {pct(n)}  {name}" for name, n in selfs.most_common(top)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profiles", nargs="+", type=Path)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    print("\n\n".join(summarise(path, args.top) for path in args.profiles))


if __name__ == "__main__":
    main()

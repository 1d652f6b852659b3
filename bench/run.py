"""Stream throughput benchmark (issue #5): ceiling, Faust floor and our worker, side by side.

    .venv/bin/python bench/run.py [--quick] [--no-write] [--profile DIR]      (or: make bench)

One embedded Tansu broker; two generated workloads (``bench/workload.py``, seeded):
(a) one ~100-word entry per message, (b) 50-entry snapshots of which 1-3 entries are new
each poll. Each contestant runs as its own process on fresh topics holding the same
pre-loaded backlog:

- ``ceiling``: a plain aiokafka loop forwarding each raw message (bench/contestants/ceiling.py);
- ``floor``: a Faust agent with the worker's app settings forwarding each message unchanged
  (bench/contestants/faust_forward.py);
- ``worker``: ``python -m workers worker``, full parsing, dedup and enrichment.

Per run: input entries/s and output events/s over the backlog (first to last output record
timestamp on the storage topic), CPU seconds per 1,000 entries (the contestant's
/proc/<pid>/stat between its first and last output; the broker's alongside), peak RSS
(VmHWM), then end-to-end latency at a fixed offered load of 500 entries/s (storage record
received by the bench − raw record timestamp set when the bench produced it). Also: the
pure pipeline (no Kafka, one core) and two worker processes against one on workload (a).
Prints a table and, unless ``--no-write``, replaces the issue #5 section of bench/RESULTS.md.
``--profile DIR`` also records py-spy profiles (raw collapsed stacks) of the worker's
backlog phases into DIR; summarise them with ``bench/profile_summary.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workload import Message, Poller, SingleEntries

from workers.broker import EmbeddedBroker
from workers.demo import stop_process
from workers.kafka import create_topics

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Stream throughput: ceiling, Faust floor, worker (issue #5)"
PARTITIONS = 4
OFFERED_LOAD = 500  # entries per second in the latency phase
CLK_TCK = os.sysconf("SC_CLK_TCK")
Popen = subprocess.Popen[bytes]

CONTESTANTS: dict[str, list[str]] = {
    "ceiling": [sys.executable, str(ROOT / "bench" / "contestants" / "ceiling.py")],
    "floor": [sys.executable, str(ROOT / "bench" / "contestants" / "faust_forward.py")],
    "worker": [sys.executable, "-m", "workers", "worker"],
}
LABELS = {
    "ceiling": "aiokafka forward (ceiling)",
    "floor": "Faust forward (floor)",
    "worker": "worker",
    "worker×2": "2 workers",
}


@dataclass(frozen=True)
class Sizes:
    single_backlog: int  # messages (= entries) of workload (a)
    single_blogs: int
    snapshot_backlog: int  # snapshots of workload (b)
    snapshot_blogs: int
    live_seconds: float  # latency phase per run
    pure_seconds: float


DEFAULT = Sizes(4_000, 300, 1_000, 20, 8.0, 4.0)
QUICK = Sizes(1_500, 100, 300, 10, 5.0, 2.0)


@dataclass(frozen=True)
class Workload:
    name: str
    description: str
    backlog: list[Message]
    live: list[Message]
    live_rate: float  # messages per second for OFFERED_LOAD entries per second

    @property
    def entries(self) -> int:
        return sum(m.entries for m in self.backlog)

    def outputs(self, contestant: str, messages: Sequence[Message]) -> int:
        """Records the contestant writes to the storage topic for ``messages``."""
        if contestant.startswith("worker"):
            return sum(m.new_events for m in messages)
        return len(messages)


@dataclass
class Result:
    contestant: str
    workload: str
    entries: int
    outputs: int = 0
    expected: int = 0
    window: float = 0.0
    cpu: float = 0.0
    broker_cpu: float = 0.0
    peak_rss_mb: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    live_outputs: int = 0
    live_expected: int = 0
    note: str = ""

    @property
    def entries_per_s(self) -> float:
        return self.entries / self.window if self.window > 0 else 0.0

    @property
    def events_per_s(self) -> float:
        return self.outputs / self.window if self.window > 0 else 0.0

    @property
    def cpu_per_1k(self) -> float:
        return self.cpu / self.entries * 1000 if self.entries else 0.0

    @property
    def broker_cpu_per_1k(self) -> float:
        return self.broker_cpu / self.entries * 1000 if self.entries else 0.0

    def percentile(self, q: float) -> float | None:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else None
        return statistics.quantiles(self.latencies_ms, n=1000, method="inclusive")[
            round(q * 1000) - 1
        ]


# --- processes -------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """utime + stime of ``pid`` so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def peak_rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(match[1]) / 1024 if match else 0.0


def assigned_partitions(log: Path, topic: str) -> set[int]:
    """The partitions of ``topic`` in the last assignment a Faust worker logged (plain-text
    table or JSON log lines, which print the ``TopicPartition`` set)."""
    text = log.read_text(errors="replace") if log.exists() else ""
    last = text.rfind("Setting newly assigned partitions")
    if last < 0:
        return set()
    tail = text[last:]
    end = tail.find("_on_partitions_assigned")
    tail = tail if end < 0 else tail[:end]
    name = re.escape(topic)
    found = {int(n) for n in re.findall(rf"topic='{name}', partition=(\d+)", tail)}
    match = re.search(rf"^\|\s*{name}\s*\|\s*\{{([^}}]*)\}}", tail, re.MULTILINE)
    for part in (match[1] if match else "").split(","):
        low, _, high = part.strip().partition("-")
        if low.isdigit():
            found.update(range(int(low), int(high or low) + 1))
    return found


def spawn(command: list[str], env: Mapping[str, str], log: Path | None) -> Popen:
    """A child process, its output to ``log`` (or nowhere)."""
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(log.open("wb")) if log is not None else subprocess.DEVNULL
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)


# --- Kafka side ------------------------------------------------------------------------


class Reader:
    """Reads the storage topic from the beginning, timing what arrives.

    The first ``backlog`` records are the backlog's outputs (their record timestamps give
    the throughput window, and the contestant's CPU is sampled at the first and the last);
    records after them are the latency phase's, matched to the raw record they came from.
    """

    def __init__(
        self, bootstrap: str, topic: str, backlog: int, pids: Callable[[], list[int]]
    ) -> None:
        self.bootstrap = bootstrap
        self.topic = topic
        self.backlog = backlog
        self.pids = pids
        self.broker_pid = 0
        self.count = 0
        self.first_ts = self.last_ts = 0
        self.cpu_at_first = self.cpu_at_last = 0.0
        self.broker_at_first = self.broker_at_last = 0.0
        self.backlog_done = asyncio.Event()
        self.on_first: Callable[[], None] | None = None
        self.live: list[tuple[float, bytes]] = []
        self.last_arrival = time.monotonic()

    def _cpu(self) -> tuple[float, float]:
        return sum(cpu_seconds(pid) for pid in self.pids()), cpu_seconds(self.broker_pid)

    async def run(self) -> None:
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap,
            group_id=None,
            enable_auto_commit=False,
            fetch_max_wait_ms=5,
            max_partition_fetch_bytes=8 * 1_048_576,
        )
        await consumer.start()
        try:
            await consumer.topics()
            tps = [TopicPartition(self.topic, p) for p in range(PARTITIONS)]
            consumer.assign(tps)
            await consumer.seek_to_beginning(*tps)
            while True:
                batches = await consumer.getmany(timeout_ms=50, max_records=100_000)
                received = time.time() * 1000
                for batch in batches.values():
                    self.last_arrival = time.monotonic()
                    for record in batch:
                        self._record(received, record.timestamp, record.value or b"")
                if batches and 1 < self.count < self.backlog:
                    self.cpu_at_last, self.broker_at_last = self._cpu()
        finally:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(5):
                    await consumer.stop()

    def _record(self, received: float, timestamp: int, value: bytes) -> None:
        self.count += 1
        if self.count <= self.backlog:
            if self.count == 1:
                self.first_ts = self.last_ts = timestamp
                self.cpu_at_first, self.broker_at_first = self._cpu()
                if self.on_first is not None:
                    self.on_first()
            self.first_ts = min(self.first_ts, timestamp)
            self.last_ts = max(self.last_ts, timestamp)
            if self.count == self.backlog:
                self.end_backlog()
        else:
            self.live.append((received, value))

    def end_backlog(self) -> None:
        """The backlog is over at the records counted so far: sample CPU, wake waiters."""
        self.backlog = self.count
        self.cpu_at_last, self.broker_at_last = self._cpu()
        self.backlog_done.set()

    async def wait_for(self, count: int, *, stall: float, limit: float) -> bool:
        """Until ``count`` records arrived; False after ``stall`` s without any or ``limit`` s."""
        deadline = time.monotonic() + limit
        while self.count < count:
            now = time.monotonic()
            if now > deadline or now - self.last_arrival > stall:
                return False
            await asyncio.sleep(0.05)
        return True


async def recount(bootstrap: str, topic: str, limit: float = 30) -> int:
    """Records in ``topic``, read from the start up to each partition's fetch highwater.

    Fetch highwaters, not ListOffsets: Tansu answers the latter with the last batch's base
    offset + 1, which would stop the count short.
    """
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False
    )
    await consumer.start()
    count = 0
    try:
        tps = [TopicPartition(topic, p) for p in range(PARTITIONS)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=200, max_records=100_000)
            count += sum(len(batch) for batch in batches.values())
            positions = [await consumer.position(tp) for tp in tps]
            ends = [consumer.highwater(tp) for tp in tps]
            if all(end is not None and at >= end for at, end in zip(positions, ends, strict=True)):
                break
    finally:
        with contextlib.suppress(Exception):
            async with asyncio.timeout(5):
                await consumer.stop()
    return count


async def preload(bootstrap: str, topic: str, messages: Sequence[Message]) -> None:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", max_request_size=2 * 1_048_576, linger_ms=5
    )
    await producer.start()
    try:
        stamp = int(time.time() * 1000)
        futures = [
            await producer.send(topic, m.value, key=m.key, timestamp_ms=stamp) for m in messages
        ]
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


async def paced(
    bootstrap: str, topic: str, messages: Sequence[Message], rate: float
) -> dict[bytes, float]:
    """Send ``messages`` at ``rate`` per second, each stamped with its send time (ms)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=0)
    await producer.start()
    sent: dict[bytes, float] = {}
    try:
        tick = max(0.01, 1 / rate)
        per_tick = rate * tick
        started = time.monotonic()
        futures = []
        due = 0.0
        index = 0
        while index < len(messages):
            due += per_tick
            while index < min(len(messages), int(due)):
                message = messages[index]
                stamp = time.time() * 1000
                sent[message.value] = stamp
                futures.append(
                    await producer.send(
                        topic, message.value, key=message.key, timestamp_ms=int(stamp)
                    )
                )
                index += 1
            started += tick
            await asyncio.sleep(max(0.0, started - time.monotonic()))
        await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return sent


def latency_ms(received: float, value: bytes, sent: dict[bytes, float]) -> float | None:
    """Receive time − the raw record's timestamp: by value for forwarders, else the
    event's ``ingested_at`` (the raw record's timestamp)."""
    stamp = sent.get(value)
    if stamp is None:
        with contextlib.suppress(ValueError, KeyError, TypeError):
            ingested = datetime.fromisoformat(orjson.loads(value)["ingested_at"])
            stamp = ingested.timestamp() * 1000
    return None if stamp is None else received - stamp


# --- one run ---------------------------------------------------------------------------

_run_counter = 0


async def run_contestant(
    broker: EmbeddedBroker,
    contestant: str,
    workload: Workload,
    workdir: Path,
    *,
    processes: int = 1,
    profile_dir: Path | None = None,
) -> Result:
    """Start the contestant on fresh topics, let it consume the backlog, then the paced load.

    One process: the backlog is loaded before it starts. Several: they are started first
    and the backlog loaded once their group has settled, so no rebalance falls inside the
    measured window.
    """
    global _run_counter
    _run_counter += 1
    kind = contestant.split("×")[0]
    tag = f"b{os.getpid()}-{_run_counter}-{kind}-{workload.name}"
    names = {s: f"{tag}.{s}" for s in ("raw", "storage", "alerts", "dlq")}
    bootstrap = broker.bootstrap_servers
    await create_topics(bootstrap, names.values(), partitions=PARTITIONS)
    result = Result(
        contestant,
        workload.name,
        workload.entries,
        expected=workload.outputs(kind, workload.backlog),
        live_expected=workload.outputs(kind, workload.live),
    )
    if processes == 1:
        await preload(bootstrap, names["raw"], workload.backlog)

    started: list[Popen] = []
    logs = [workdir / f"{tag}-{index}.log" for index in range(processes)]
    env = {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "LIVEBLOG_APP_ID": f"{tag}-app",
        "LIVEBLOG_RAW_TOPIC": names["raw"],
        "LIVEBLOG_STORAGE_TOPIC": names["storage"],
        "LIVEBLOG_ALERTS_TOPIC": names["alerts"],
        "LIVEBLOG_DLQ_TOPIC": names["dlq"],
        "LIVEBLOG_TOPIC_PARTITIONS": str(PARTITIONS),
        "LIVEBLOG_BROKER_SESSION_TIMEOUT": "6",
        "LIVEBLOG_BROKER_REBALANCE_TIMEOUT": "6",
        "LIVEBLOG_BROKER_HEARTBEAT_INTERVAL": "1",
    }
    reader = Reader(bootstrap, names["storage"], result.expected, lambda: [p.pid for p in started])
    broker_process = getattr(broker, "_process", None)
    reader.broker_pid = broker_process.pid if broker_process is not None else 0
    profiler: Popen | None = None

    def start_profiler() -> None:
        nonlocal profiler
        if profile_dir is None or kind != "worker" or processes != 1:
            return
        output = profile_dir / f"worker-{workload.name}.txt"
        command = [str(Path(sys.executable).parent / "py-spy"), "record", "--pid"]
        command += [str(started[0].pid), "--format", "raw", "--rate", "200", "--nonblocking"]
        profiler = spawn([*command, "-o", str(output)], os.environ, None)

    reader.on_first = start_profiler
    reading = asyncio.create_task(reader.run())
    try:
        for index, log_path in enumerate(logs):
            data_dir = {"LIVEBLOG_DATA_DIR": str(workdir / f"{tag}-data-{index}")}
            started.append(spawn(CONTESTANTS[kind], {**env, **data_dir}, log_path))
        if processes > 1:
            await _settled(logs, names["raw"], started)
            await preload(bootstrap, names["raw"], workload.backlog)
        reader.last_arrival = time.monotonic() + 30  # startup and group join
        if not await reader.wait_for(result.expected, stall=20, limit=240):
            # A second, fresh read tells a reader-side miss from records never written.
            recounted = await recount(bootstrap, names["storage"])
            if recounted >= result.expected:
                # Tansu's fetch can skip a record batch (see its compatibility notes): the
                # records are there, the bench's reader missed them; go on from here.
                result.note = (
                    f"the bench's reader missed {result.expected - reader.count} records that "
                    "a fresh read of the topic finds"
                )
                reader.end_backlog()
            else:
                result.note = (
                    f"backlog: {reader.count} of {result.expected} outputs "
                    f"(a fresh read of the topic finds {recounted})"
                )
        if profiler is not None:
            profiler.send_signal(signal.SIGINT)
            await asyncio.to_thread(profiler.wait, 30)
        # All of them when the reader missed some that a fresh read found (note above).
        result.outputs = result.expected if reader.backlog < result.expected else reader.count
        result.outputs = min(result.outputs, result.expected)
        if reader.count > 1:  # a stalled backlog still gives figures for what arrived
            result.entries = round(workload.entries * result.outputs / result.expected)
            result.window = (reader.last_ts - reader.first_ts) / 1000
            result.cpu = reader.cpu_at_last - reader.cpu_at_first
            result.broker_cpu = reader.broker_at_last - reader.broker_at_first
        if not reader.backlog_done.is_set():
            result.peak_rss_mb = max(peak_rss_mb(p.pid) for p in started)
            return result
        sent = await paced(bootstrap, names["raw"], workload.live, workload.live_rate)
        total = reader.backlog + result.live_expected
        if not await reader.wait_for(total, stall=10, limit=60):
            result.note = f"live: {reader.count - reader.backlog} of {result.live_expected}"
        result.live_outputs = len(reader.live)
        result.latencies_ms = [
            ms
            for received, value in reader.live
            if (ms := latency_ms(received, value, sent)) is not None
        ]
        result.peak_rss_mb = max(peak_rss_mb(p.pid) for p in started)
        return result
    finally:
        reading.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reading
        if profiler is not None and profiler.poll() is None:
            profiler.kill()
        for process in started:
            if process.poll() is not None and not result.note:
                result.note = f"exited {process.returncode}, see {logs[started.index(process)]}"
        await asyncio.gather(*(asyncio.to_thread(stop_process, p, timeout=15) for p in started))


async def _settled(logs: list[Path], raw: str, started: list[Popen]) -> None:
    """Until every process holds some raw partitions and together they hold all of them."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        held = [assigned_partitions(log, raw) for log in logs]
        if (
            all(held)
            and sum(map(len, held)) == PARTITIONS
            and set().union(*held) == set(range(PARTITIONS))
        ):
            await asyncio.sleep(1.0)  # let the last rebalance's fetchers start
            return
        if any(p.poll() is not None for p in started):
            raise RuntimeError(f"a worker exited during startup, see {logs}")
        await asyncio.sleep(0.2)
    raise RuntimeError(f"workers' group did not settle in 90 s, see {logs}")


# --- pure pipeline ---------------------------------------------------------------------


def pure_pipeline(workloads: dict[str, Workload], seconds: float) -> dict[str, float]:
    """Entries/s of ``Pipeline.process`` + ``records_for`` alone, one core, no Kafka.

    (a) every message a new entry (no memory, as in ``pipeline_bench.py``); (b) the
    snapshot backlog once through, with the per-blog memory in a dict (dedup at work).
    """
    from pipeline_bench import TOPICS, measure

    from workers.pipeline.model import RawMessage
    from workers.pipeline.process import Pipeline
    from workers.pipeline.route import records_for

    with contextlib.suppress(OSError):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    pipeline = Pipeline()
    try:
        singles = [RawMessage(value=m.value, key=m.key) for m in workloads["a"].backlog]
        entries, elapsed = measure(pipeline, singles, seconds)
        rates = {"a": entries / elapsed}
        now = datetime.now(UTC)
        memory: dict[str, object] = {}
        started = time.perf_counter()
        count = 0
        for message in workloads["b"].backlog:
            raw = RawMessage(value=message.value, key=message.key)
            outcome = pipeline.process(raw, now=now, memory=memory, require_blog_key=True)
            records_for(raw, outcome, topics=TOPICS, app_id="bench")
            outcome.remember(memory)
            count += message.entries
        rates["b"] = count / (time.perf_counter() - started)
    finally:
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
    return rates


# --- report ----------------------------------------------------------------------------


def machine() -> dict[str, str]:
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {model}",
        "python": f"CPython {platform.python_version()}",
        "commit": commit(),
    }


def commit() -> str:
    """HEAD's short hash, read from .git without running git (working tree may differ)."""
    git = ROOT / ".git"
    with contextlib.suppress(OSError):
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head[:7]
        ref = head[5:]
        if (git / ref).exists():
            return (git / ref).read_text().strip()[:7]
        for line in (git / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line[:7]
    return "unknown"


def fmt_ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def table(results: list[Result]) -> list[str]:
    ceilings = {r.workload: r.entries_per_s for r in results if r.contestant == "ceiling"}
    lines = [
        "| workload | contestant | entries/s | events/s | × ceiling | CPU s / 1k entries "
        "| broker CPU s / 1k | peak RSS MB | p50 ms | p99 ms | note |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        ceiling = ceilings.get(r.workload, 0)
        ratio = f"{r.entries_per_s / ceiling:.2f}" if ceiling else "–"
        lines.append(
            f"| {r.workload} | {LABELS[r.contestant]} | {r.entries_per_s:,.0f} "
            f"| {r.events_per_s:,.0f} | {ratio} | {r.cpu_per_1k:.3f} | {r.broker_cpu_per_1k:.3f} "
            f"| {r.peak_rss_mb:,.0f} | {fmt_ms(r.percentile(0.5))} | {fmt_ms(r.percentile(0.99))} "
            f"| {r.note} |"
        )
    return lines


def targets(results: list[Result], pure: dict[str, float]) -> list[str]:
    def get(contestant: str, workload: str) -> Result | None:
        return next(
            (r for r in results if r.contestant == contestant and r.workload == workload), None
        )

    rows: list[tuple[str, str, bool]] = [
        ("pure pipeline ≥ 10,000 entries/s (a)", f"{pure['a']:,.0f} entries/s", pure["a"] >= 1e4)
    ]
    worker_a, floor_a = get("worker", "a"), get("floor", "a")
    if worker_a and floor_a and floor_a.entries_per_s:
        ratio = worker_a.entries_per_s / floor_a.entries_per_s
        rows.append(("worker (a) ≥ 0.9 × Faust floor (a)", f"{ratio:.2f} ×", ratio >= 0.9))
    worker_b, ceiling_b = get("worker", "b"), get("ceiling", "b")
    if worker_b:
        rate = worker_b.entries_per_s
        rows.append(("worker (b) ≥ 20,000 entries/s", f"{rate:,.0f} entries/s", rate >= 2e4))
        if ceiling_b and ceiling_b.entries_per_s:
            ratio = rate / ceiling_b.entries_per_s
            rows.append(("worker (b) ≥ 0.3 × ceiling (b)", f"{ratio:.2f} ×", ratio >= 0.3))
    for worker in (worker_a, worker_b):
        if worker:
            p99 = worker.percentile(0.99)
            rows.append(
                (
                    f"worker ({worker.workload}) p99 ≤ 100 ms at {OFFERED_LOAD} entries/s",
                    f"{fmt_ms(p99)} ms",
                    p99 is not None and p99 <= 100,
                )
            )
    pair = get("worker×2", "a")
    if worker_a and pair and worker_a.entries_per_s:
        ratio = pair.entries_per_s / worker_a.entries_per_s
        rows.append(("2 workers ≥ 1.7 × 1 worker (a)", f"{ratio:.2f} ×", ratio >= 1.7))
    lines = ["| target | measured | |", "| --- | ---: | --- |"]
    lines += [f"| {name} | {value} | {'met' if ok else '**missed**'} |" for name, value, ok in rows]
    return lines


def report(
    info: dict[str, str],
    workloads: dict[str, Workload],
    pure: dict[str, float],
    results: list[Result],
    command: str,
    elapsed: float,
) -> str:
    lines = [
        SECTION,
        "",
        f"- Date: {info['date']}, commit `{info['commit']}` (plus the working tree), "
        f"{info['machine']}, {info['python']}.",
        f"- Command: `{command}` (whole run: {elapsed:.0f} s). Embedded Tansu broker, "
        f"{PARTITIONS} partitions, everything on this machine (broker, contestants and the "
        "bench's producer/reader share the cores).",
    ]
    for workload in workloads.values():
        lines.append(f"- Workload ({workload.name}): {workload.description}")
    lines += [
        "- entries/s and events/s: the backlog's input entries and storage records over the "
        "window from the first to the last output record timestamp. CPU: the contestant "
        "process(es) over that window (/proc stat), the broker's alongside. Peak RSS: VmHWM. "
        f"Latency: {OFFERED_LOAD} entries/s offered after the backlog; storage record received "
        "by the bench − raw record timestamp.",
        "",
        f"Pure pipeline (parse + dedup + enrich + validate + serialise, no Kafka, one core): "
        f"(a) **{pure['a']:,.0f}** entries/s; (b) **{pure['b']:,.0f}** input entries/s.",
        "",
        *table(results),
        "",
        *targets(results, pure),
        "",
    ]
    return "\n".join(lines)


def write_section(text: str) -> None:
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    start = current.find(SECTION)
    if start < 0:
        updated = current.rstrip("\n") + "\n\n" + text
    else:
        following = current.find("\n## ", start + len(SECTION))
        tail = "" if following < 0 else current[following:]
        updated = current[:start] + text.rstrip("\n") + "\n" + tail
    RESULTS.write_text(updated.rstrip("\n") + "\n", encoding="utf-8")


# --- main ------------------------------------------------------------------------------


def build_workloads(sizes: Sizes) -> dict[str, Workload]:
    singles = SingleEntries(seed=5, blogs=sizes.single_blogs)
    poller = Poller(seed=7, blogs=sizes.snapshot_blogs)
    a_backlog = singles.take(sizes.single_backlog)
    b_backlog = poller.take(sizes.snapshot_backlog)
    b_rate = OFFERED_LOAD / 50
    a = Workload(
        "a",
        f"{len(a_backlog):,} single-entry plain-text messages (~100 words) over "
        f"{sizes.single_blogs} blogs; latency phase {OFFERED_LOAD} messages/s.",
        a_backlog,
        singles.take(round(OFFERED_LOAD * sizes.live_seconds)),
        OFFERED_LOAD,
    )
    b_new = sum(m.new_events for m in b_backlog)
    b = Workload(
        "b",
        f"{len(b_backlog):,} 50-entry snapshots of {sizes.snapshot_blogs} blogs "
        f"({sum(m.entries for m in b_backlog):,} input entries, {b_new:,} new or edited, "
        f"incl. each blog's first, all-new poll); latency phase {b_rate:.0f} snapshots/s.",
        b_backlog,
        poller.take(round(b_rate * sizes.live_seconds)),
        b_rate,
    )
    return {"a": a, "b": b}


async def run_all(
    workloads: dict[str, Workload],
    workdir: Path,
    profile_dir: Path | None,
    only: set[str] | None = None,
) -> list[Result]:
    results: list[Result] = []
    with EmbeddedBroker(log_path=workdir / "tansu.log") as broker:
        runs: list[tuple[str, str, int]] = [
            (c, w, 1) for w in ("a", "b") for c in ("ceiling", "floor", "worker")
        ]
        runs.append(("worker×2", "a", 2))
        if only:
            runs = [run for run in runs if f"{run[0]}:{run[1]}" in only]
        for contestant, name, processes in runs:
            began = time.monotonic()
            result = await run_contestant(
                broker,
                contestant,
                workloads[name],
                workdir,
                processes=processes,
                profile_dir=profile_dir,
            )
            results.append(result)
            print(
                f"  ({name}) {LABELS[contestant]:<28} {result.entries_per_s:>9,.0f} entries/s "
                f"{result.events_per_s:>8,.0f} events/s  p99 {fmt_ms(result.percentile(0.99))} "
                f"ms  [{time.monotonic() - began:.0f} s] {result.note}",
                flush=True,
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller workloads (~1.5 min)")
    parser.add_argument("--no-write", action="store_true", help="do not touch bench/RESULTS.md")
    parser.add_argument("--profile", type=Path, help="write py-spy profiles of the worker here")
    parser.add_argument("--keep", action="store_true", help="keep logs (printed path)")
    parser.add_argument(
        "--only", action="append", help="run only e.g. worker:a or worker×2:a (repeatable)"
    )
    args = parser.parse_args()
    sizes = QUICK if args.quick else DEFAULT
    began = time.monotonic()
    info = machine()
    workloads = build_workloads(sizes)
    print(f"pure pipeline, one core, {sizes.pure_seconds:.0f} s ...", flush=True)
    pure = pure_pipeline(workloads, sizes.pure_seconds)
    print(f"  (a) {pure['a']:,.0f} entries/s   (b) {pure['b']:,.0f} input entries/s", flush=True)
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="liveblog-bench-"))
    incomplete = True  # keep the logs if the run fails
    try:
        results = asyncio.run(
            run_all(workloads, workdir, args.profile, set(args.only) if args.only else None)
        )
        incomplete = any(r.note for r in results)
    finally:
        if args.keep or incomplete:
            print(f"logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    command = ".venv/bin/python bench/run.py" + (" --quick" if args.quick else "")
    text = report(info, workloads, pure, results, command, time.monotonic() - began)
    print()
    print(text)
    if not args.no_write and not args.only:
        write_section(text)
        print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

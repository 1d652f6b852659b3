"""``liveblog demo``: broker, worker and sample blogs, end to end, on this machine."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from rich.console import Console

from schemas import LiveBlogEvent
from workers.broker import EmbeddedBroker
from workers.inputs import raw_message_for
from workers.kafka import consume, create_topics, produce
from workers.pipeline.model import RawMessage
from workers.pipeline.process import Pipeline
from workers.pipeline.route import Outbound
from workers.render import event_panel, print_record
from workers.settings import Settings

# Short group timeouts: the first consumer-group join on Tansu takes ~30 s with the defaults.
_FAST_GROUP_ENV = {
    "LIVEBLOG_BROKER_SESSION_TIMEOUT": "6",
    "LIVEBLOG_BROKER_REBALANCE_TIMEOUT": "6",
    "LIVEBLOG_BROKER_HEARTBEAT_INTERVAL": "1",
}


class DemoError(Exception):
    """The demo did not see the events it expected."""


def sample_files() -> list[Path]:
    """The sample live blogs shipped with the package."""
    folder = resources.files("workers") / "samples"
    return sorted(
        Path(str(item)) for item in folder.iterdir() if item.name.endswith((".txt", ".json"))
    )


def worker_command() -> list[str]:
    return [sys.executable, "-m", "workers", "worker"]


def start_worker(settings: Settings, bootstrap: str, log_path: Path) -> subprocess.Popen[bytes]:
    """The worker as a child process, configured like ``settings`` plus ``bootstrap``."""
    env = {
        **os.environ,
        **_FAST_GROUP_ENV,
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "LIVEBLOG_APP_ID": settings.app_id,
        "LIVEBLOG_RAW_TOPIC": settings.raw_topic,
        "LIVEBLOG_STORAGE_TOPIC": settings.storage_topic,
        "LIVEBLOG_ALERTS_TOPIC": settings.alerts_topic,
        "LIVEBLOG_DLQ_TOPIC": settings.dlq_topic,
        "LIVEBLOG_DATA_DIR": str(log_path.parent / "worker-data"),
    }
    with log_path.open("ab") as log:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and module
            worker_command(), env=env, stdout=log, stderr=subprocess.STDOUT
        )


def stop_process(process: subprocess.Popen[bytes], *, timeout: float = 20.0) -> int:
    """SIGTERM, then SIGKILL after ``timeout`` seconds; the exit status."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def expected_counts(messages: list[RawMessage], settings: Settings) -> tuple[int, int]:
    """How many events and alerts the samples make, from the same pipeline run offline."""
    pipeline = Pipeline.from_settings(settings)
    now = datetime.now(UTC)
    events = [e for message in messages for e in pipeline.process(message, now=now).events]
    return len(events), sum(event.alert is not None for event in events)


async def _follow(console: Console, bootstrap: str, settings: Settings) -> None:
    topics = [settings.storage_topic, settings.alerts_topic, settings.dlq_topic]
    async for record in consume(bootstrap, topics):
        headers = {name: value.decode("utf-8", "replace") for name, value in record.headers}
        print_record(console, record.topic, record.value, headers)


async def _collect(
    bootstrap: str, settings: Settings, *, events: int, alerts: int, timeout: float
) -> tuple[list[LiveBlogEvent], list[LiveBlogEvent]]:
    stored: list[LiveBlogEvent] = []
    alerted: list[LiveBlogEvent] = []
    topics = [settings.storage_topic, settings.alerts_topic]
    async for record in consume(bootstrap, topics, timeout=timeout):
        event = LiveBlogEvent.model_validate_json(record.value)
        (alerted if record.topic == settings.alerts_topic else stored).append(event)
        if len(stored) >= events and len(alerted) >= alerts:
            break
    return stored, alerted


def _print_summary(
    console: Console, stored: list[LiveBlogEvent], alerted: list[LiveBlogEvent]
) -> None:
    for event in sorted(stored, key=lambda e: (e.blog_id, e.published_at), reverse=True):
        console.print(event_panel(event))
    console.rule(f"[bold red]{len(alerted)} alert(s) on the alerts topic")
    for event in sorted(alerted, key=lambda e: e.published_at):
        assert event.alert is not None  # noqa: S101 - only alerting events are on that topic
        console.print(
            f"[red]{event.alert.level.upper():<8}[/] {event.published_at:%Y-%m-%d %H:%M}Z "
            f"{event.headline} [dim]({'; '.join(event.alert.reasons)})[/]"
        )


def run_demo(settings: Settings, *, follow: bool, port: int | None, timeout: float) -> None:
    """Run the whole demo; raise :class:`DemoError` if the events do not all arrive."""
    console = Console()
    messages = [raw_message_for(str(path)) for path in sample_files()]
    expected, alerts = expected_counts(messages, settings)
    workdir = Path(tempfile.mkdtemp(prefix="liveblog-demo-"))
    with EmbeddedBroker(port, log_path=workdir / "broker.log") as broker:
        bootstrap = broker.bootstrap_servers
        console.print(f"[green]embedded broker (Tansu) on {bootstrap}[/]")
        asyncio.run(
            create_topics(
                bootstrap,
                [
                    settings.raw_topic,
                    settings.storage_topic,
                    settings.alerts_topic,
                    settings.dlq_topic,
                ],
                partitions=settings.topic_partitions,
            )
        )
        worker = start_worker(settings, bootstrap, workdir / "worker.log")
        console.print(f"[green]worker started (pid {worker.pid}); logs in {workdir}[/]")
        try:
            records = [
                Outbound(settings.raw_topic, message.key, message.value) for message in messages
            ]
            asyncio.run(produce(bootstrap, records))
            console.print(
                f"[green]published {len(records)} sample blog(s) to {settings.raw_topic}; "
                f"waiting for {expected} events and {alerts} alerts[/]"
            )
            if follow:
                asyncio.run(_follow(console, bootstrap, settings))
                return
            started = time.monotonic()
            stored, alerted = asyncio.run(
                _collect(bootstrap, settings, events=expected, alerts=alerts, timeout=timeout)
            )
            elapsed = time.monotonic() - started
            _print_summary(console, stored, alerted)
            if len(stored) < expected or len(alerted) < alerts:
                raise DemoError(
                    f"saw {len(stored)} of {expected} events and {len(alerted)} of {alerts} "
                    f"alerts in {timeout:.0f}s; see {workdir / 'worker.log'}"
                )
            console.print(
                f"[bold green]{len(stored)} events, {len(alerted)} alerts, "
                f"{elapsed:.1f}s from publish to last event[/]"
            )
        finally:
            status = stop_process(worker)
            console.print(f"worker stopped (exit status {status}); broker stopping")

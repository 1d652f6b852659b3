"""A real Tansu broker for the session, and workers run as real processes against it."""

from __future__ import annotations

import asyncio
import itertools
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from workers.broker import EmbeddedBroker
from workers.demo import stop_process
from workers.kafka import create_topics

PARTITIONS = 4
_counter = itertools.count()


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBroker]:
    log = tmp_path_factory.mktemp("broker") / "tansu.log"
    with EmbeddedBroker(log_path=log) as running:
        yield running


@dataclass(frozen=True)
class TopicSet:
    """Unique topic names and consumer group for one test."""

    app_id: str
    raw: str
    storage: str
    alerts: str
    dlq: str

    def env(self) -> dict[str, str]:
        return {
            "LIVEBLOG_APP_ID": self.app_id,
            "LIVEBLOG_RAW_TOPIC": self.raw,
            "LIVEBLOG_STORAGE_TOPIC": self.storage,
            "LIVEBLOG_ALERTS_TOPIC": self.alerts,
            "LIVEBLOG_DLQ_TOPIC": self.dlq,
        }


@pytest.fixture
def topics(broker: EmbeddedBroker, request: pytest.FixtureRequest) -> TopicSet:
    """Fresh topics, created with their partitions, so tests never share state."""
    name = f"t{os.getpid()}-{next(_counter)}-{request.node.name[:30]}".replace("[", "-")
    name = "".join(c if c.isalnum() or c in "-." else "-" for c in name)
    names = TopicSet(
        app_id=f"{name}-app",
        raw=f"{name}.raw",
        storage=f"{name}.storage",
        alerts=f"{name}.alerts",
        dlq=f"{name}.dlq",
    )
    asyncio.run(
        create_topics(
            broker.bootstrap_servers,
            [names.raw, names.storage, names.alerts, names.dlq],
            partitions=PARTITIONS,
        )
    )
    return names


WorkerFactory = Callable[..., subprocess.Popen[bytes]]


@pytest.fixture
def start_worker(
    broker: EmbeddedBroker, topics: TopicSet, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[WorkerFactory]:
    """Start ``liveblog worker`` processes against the broker; all are stopped at teardown.

    A failing test prints the workers' logs.
    """
    started: list[tuple[subprocess.Popen[bytes], Path]] = []

    def start(**extra_env: str) -> subprocess.Popen[bytes]:
        index = len(started)
        log_path = tmp_path / f"worker-{index}.log"
        env = {
            **os.environ,
            **topics.env(),
            "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers,
            "LIVEBLOG_DATA_DIR": str(tmp_path / f"data-{index}"),
            "LIVEBLOG_TOPIC_PARTITIONS": str(PARTITIONS),
            "LIVEBLOG_BROKER_SESSION_TIMEOUT": "6",
            "LIVEBLOG_BROKER_REBALANCE_TIMEOUT": "6",
            "LIVEBLOG_BROKER_HEARTBEAT_INTERVAL": "1",
            **extra_env,
        }
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "workers", "worker"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        started.append((process, log_path))
        return process

    yield start

    statuses = [stop_process(process) for process, _ in started]
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        for (_, log_path), status in zip(started, statuses, strict=True):
            sys.stderr.write(f"\n--- {log_path.name} (exit {status}) ---\n")
            sys.stderr.write(log_path.read_text(errors="replace")[-20_000:])


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    report = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report

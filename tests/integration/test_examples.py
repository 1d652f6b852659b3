"""The examples, run as a downstream developer runs them, against the real broker."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from tests.conftest import REPO_ROOT
from workers.broker import EmbeddedBroker
from workers.demo import sample_files
from workers.inputs import raw_message_for
from workers.kafka import produce
from workers.pipeline.process import Pipeline
from workers.pipeline.route import Outbound

from .conftest import TopicSet, WorkerFactory

pytestmark = pytest.mark.integration


def test_print_alerts_prints_every_alert(
    broker: EmbeddedBroker, topics: TopicSet, start_worker: WorkerFactory
) -> None:
    messages = [raw_message_for(str(path)) for path in sample_files()]
    now = datetime.now(UTC)
    alerts = [
        event
        for message in messages
        for event in Pipeline().process(message, now=now).events
        if event.alert is not None
    ]
    assert alerts, "the samples should hold at least one alert"
    asyncio.run(
        produce(broker.bootstrap_servers, [Outbound(topics.raw, m.key, m.value) for m in messages])
    )
    start_worker()
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "examples" / "print_alerts.py"),
         "--topic", topics.alerts, "--group", f"{topics.app_id}-example", "--limit", str(len(alerts))],
        env={**os.environ, "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(alerts)
    assert sorted(line.split("Z ", 1)[1].split(" (")[0] for line in lines) == sorted(
        f"{event.blog_id}: {event.headline}" for event in alerts
    )

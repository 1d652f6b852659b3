"""``liveblog publish`` and ``liveblog tail`` as processes, against the real broker."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workers.broker import EmbeddedBroker

from .conftest import TopicSet, WorkerFactory

pytestmark = pytest.mark.integration


def liveblog(
    broker: EmbeddedBroker, topics: TopicSet, *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **topics.env(), "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers}
    return subprocess.run(
        [sys.executable, "-m", "workers", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_publish_then_tail_shows_events_and_dead_letters(
    broker: EmbeddedBroker, topics: TopicSet, start_worker: WorkerFactory, tmp_path: Path
) -> None:
    blog = tmp_path / "river-blog.txt"
    blog.write_text(
        "2024-04-02\n\n1410 GMT — Ferry service resumes on the Danube\n\nBoats sail again.\n"
    )
    broken = tmp_path / "broken.json"
    broken.write_text('{"blog_id": "x", "content": ')

    published = liveblog(broker, topics, "publish", str(blog), str(broken))
    assert published.returncode == 0, published.stderr
    assert "published 2 message(s)" in published.stderr
    start_worker()

    tail = liveblog(
        broker, topics, "tail", topics.storage, topics.dlq, "--max-records", "2", "--timeout", "90"
    )
    assert tail.returncode == 0, tail.stderr
    assert "Ferry service resumes on the Danube" in tail.stdout
    assert "2024-04-02 14:10 UTC" in tail.stdout
    assert "dead letter from" in tail.stdout
    assert "InvalidEnvelope" in tail.stdout


def test_publish_to_an_unreachable_broker_fails_in_one_line(
    topics: TopicSet, broker: EmbeddedBroker, tmp_path: Path
) -> None:
    blog = tmp_path / "b.txt"
    blog.write_text("0900 GMT — H\n\nB.")
    env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1"}
    result = subprocess.run(
        [sys.executable, "-m", "workers", "publish", str(blog)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "cannot publish to 127.0.0.1:1" in result.stderr

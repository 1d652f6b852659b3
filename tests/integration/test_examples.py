"""The examples, run as a downstream developer runs them, against the real broker."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from schemas import LiveBlogEvent
from tests.conftest import REPO_ROOT
from workers.broker import EmbeddedBroker
from workers.demo import sample_files
from workers.inputs import raw_message_for
from workers.kafka import produce
from workers.pipeline.model import RawMessage
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


class _Webhook(BaseHTTPRequestHandler):
    """Records every POST; answers with the server's ``status``."""

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        server = self.server
        assert isinstance(server, _WebhookServer)
        # Header names are case-insensitive (urllib sends "Ce-id"): compare them lower-cased.
        headers = {name.lower(): value for name, value in self.headers.items()}
        server.received.append((self.path, headers, body))
        self.send_response(server.status)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class _WebhookServer(ThreadingHTTPServer):
    def __init__(self, status: int) -> None:
        super().__init__(("127.0.0.1", 0), _Webhook)
        self.status = status
        self.received: list[tuple[str, dict[str, str], bytes]] = []


@contextlib.contextmanager
def webhook(status: int = 204) -> Iterator[_WebhookServer]:
    server = _WebhookServer(status)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def test_print_alerts_posts_every_alert_to_a_webhook(
    broker: EmbeddedBroker, topics: TopicSet, start_worker: WorkerFactory
) -> None:
    messages = [raw_message_for(str(path)) for path in sample_files()]
    now = datetime.now(UTC)
    alerts = {
        event.event_id: event
        for message in messages
        for event in Pipeline().process(message, now=now).events
        if event.alert is not None
    }
    assert alerts
    asyncio.run(
        produce(broker.bootstrap_servers, [Outbound(topics.raw, m.key, m.value) for m in messages])
    )
    start_worker()

    def run(url: str, group: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(REPO_ROOT / "examples" / "print_alerts.py"), "--topic", topics.alerts,
             "--group", group, "--limit", str(len(alerts)), "--webhook", url],
            env={**os.environ, "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers},
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip

    with webhook() as server:
        port = server.server_address[1]
        result = run(f"http://127.0.0.1:{port}/hooks/alerts", f"{topics.app_id}-hook")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == len(alerts)
    assert len(server.received) == len(alerts)
    posted = {}
    for path, headers, body in server.received:
        assert path == "/hooks/alerts"
        event = LiveBlogEvent.model_validate_json(body)
        assert event.alert is not None
        posted[event.event_id] = event
        # The record's CloudEvents headers, as the CloudEvents HTTP binary binding.
        assert headers["content-type"] == "application/json"
        assert headers["ce-specversion"] == "1.0"
        assert headers["ce-type"] == "org.liveblogstream.liveblog.alert"
        assert headers["ce-id"] == f"{event.event_id}-{event.revision}-alert"
        assert headers["ce-source"] == f"/liveblog/{event.blog_id}"
    assert set(posted) == set(alerts)
    assert {e.headline for e in posted.values()} == {e.headline for e in alerts.values()}

    # A webhook that fails stops the consumer with an error (nothing is committed).
    with webhook(status=500) as failing:
        port = failing.server_address[1]
        result = run(f"http://127.0.0.1:{port}/", f"{topics.app_id}-failing")
    assert result.returncode != 0
    assert "500" in result.stderr
    assert len(failing.received) == 1


def _sink(broker: EmbeddedBroker, topics: TopicSet, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "examples" / "storage_sink.py"), "--topic", topics.storage,
         "--group", f"{topics.app_id}-sink", *args],
        env={**os.environ, "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[list[str], Any]]:
    """Sink arguments and a DB-API connection to read the sink's table with."""
    table = f"sink_{os.getpid()}_{time.monotonic_ns()}"
    if request.param == "sqlite":
        path = tmp_path / "events.sqlite3"
        connection = sqlite3.connect(path)
        yield ["--db", str(path), "--table", table], connection
        connection.close()
        return
    psycopg = pytest.importorskip("psycopg")
    dsn = os.environ.get("TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/test")
    try:
        connection = psycopg.connect(dsn, connect_timeout=5, autocommit=True)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL path not tested: no server at {dsn} (TEST_POSTGRES_DSN): {exc}")
    try:
        yield ["--dsn", dsn, "--table", table], connection
    finally:
        connection.execute(f"DROP TABLE IF EXISTS {table}")
        connection.close()


def test_storage_sink_upserts_latest_revisions_idempotently(
    broker: EmbeddedBroker,
    topics: TopicSet,
    start_worker: WorkerFactory,
    database: tuple[list[str], Any],
) -> None:
    args, connection = database
    table = args[args.index("--table") + 1]
    edited_blog = "date 2024-03-01\n\n1015 GMT — Ferry service resumes\n\nBoats run again.\n\n0930 GMT — Port closed\n\nThe port is shut.\n"
    messages = [raw_message_for(str(path)) for path in sample_files()]
    messages += [
        RawMessage(value=edited_blog.replace("again", "hourly").encode(), key=b"port-blog"),
        RawMessage(value=edited_blog.encode(), key=b"port-blog"),
    ]
    # Offline, in order, with memory: every record the worker will publish to storage.
    memory: dict[str, Any] = {}
    now = datetime.now(UTC)
    published = []
    for message in messages:
        outcome = Pipeline().process(message, now=now, memory=memory)
        outcome.remember(memory)
        published.extend(outcome.events)
    latest = {}
    for event in published:
        latest[event.event_id] = max(
            latest.get(event.event_id, event), event, key=lambda e: e.revision
        )
    assert len(published) > len(latest), "an entry should have been edited"
    assert max(e.revision for e in latest.values()) == 2

    asyncio.run(
        produce(broker.bootstrap_servers, [Outbound(topics.raw, m.key, m.value) for m in messages])
    )
    start_worker()
    _sink(broker, topics, *args, "--limit", str(len(published)))

    def rows() -> list[tuple[Any, ...]]:
        cursor = connection.execute(
            f"SELECT event_id, revision, kind, headline, severity, event FROM {table} ORDER BY event_id"  # noqa: S608
        )
        return [tuple(row) for row in cursor.fetchall()]

    first = rows()
    assert [(r[0], r[1], r[3]) for r in first] == sorted(
        (e.event_id, e.revision, e.headline) for e in latest.values()
    )
    for row in first:
        assert LiveBlogEvent.model_validate_json(row[5]).revision == row[1]
    edited = [r for r in first if r[1] == 2]
    assert [(r[2], r[3]) for r in edited] == [("entry.updated", "Ferry service resumes")]
    assert "Boats run again." in LiveBlogEvent.model_validate_json(edited[0][5]).body

    # Re-delivery of everything, older revisions after newer: nothing changes.
    _sink(broker, topics, *args, "--from-beginning", "--limit", str(len(published)))
    assert rows() == first

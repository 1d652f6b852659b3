"""The Faust app: wires the raw topic to the pipeline and the pipeline to the output topics.

No logic lives here; see :mod:`workers.pipeline`. Build an app with :func:`create_app`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, cast

import faust

from workers.pipeline.model import RawMessage
from workers.pipeline.process import Outcome, Pipeline
from workers.pipeline.route import Outbound, Topics, records_for
from workers.settings import Settings

log = logging.getLogger("liveblog.worker")


def raw_message(message: Any) -> RawMessage:
    """A Faust/aiokafka message as the pipeline's :class:`RawMessage`."""
    headers = message.headers or ()
    if isinstance(headers, dict):
        headers = headers.items()
    return RawMessage(
        value=message.value or b"",
        key=message.key,
        headers=tuple((str(name), bytes(value or b"")) for name, value in headers),
        topic=message.topic,
        partition=message.partition,
        offset=message.offset,
        timestamp=datetime.fromtimestamp(message.timestamp, UTC) if message.timestamp else None,
    )


def _log_outcome(raw: RawMessage, outcome: Outcome) -> None:
    where = f"{raw.topic}[{raw.partition}]@{raw.offset}"
    if outcome.rekey is not None:
        log.info("re-keyed %s to its blog id %r", where, outcome.rekey)
    if outcome.error is not None:
        log.warning("dead-lettered %s: %s: %s", where, type(outcome.error).__name__, outcome.error)


def create_app(settings: Settings) -> faust.App:
    """A new Faust app for ``settings``; nothing connects until it is started."""
    app = faust.App(
        settings.app_id,
        broker=[f"kafka://{host.strip()}" for host in settings.kafka_bootstrap_servers.split(",")],
        key_serializer="raw",
        value_serializer="raw",
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=settings.topic_replication_factor,
        broker_session_timeout=settings.broker_session_timeout,
        broker_rebalance_timeout=settings.broker_rebalance_timeout,
        broker_heartbeat_interval=settings.broker_heartbeat_interval,
        consumer_auto_offset_reset=settings.consumer_auto_offset_reset,
        producer_acks=-1,
        datadir=str(settings.data_dir),
        web_enabled=settings.web_enabled,
        web_port=settings.web_port,
        store="memory://",
        # A dead letter may carry a value of up to max_message_bytes, plus headers.
        producer_max_request_size=max(1_048_576, settings.max_message_bytes + 65_536),
    )

    def owned(name: str) -> faust.TopicT:
        # internal=True: Faust declares the topic, with our partition count, before use.
        return app.topic(name, partitions=settings.topic_partitions, internal=True)

    topics = Topics(
        raw=settings.raw_topic,
        storage=settings.storage_topic,
        alerts=settings.alerts_topic,
        dlq=settings.dlq_topic,
    )
    channels = {
        name: owned(name) for name in (topics.raw, topics.storage, topics.alerts, topics.dlq)
    }
    # Seen entries per blog, co-partitioned with the raw topic (keyed by blog id) and
    # recovered from its changelog topic after a restart or rebalance.
    memory = app.Table(
        settings.state_table,
        default=None,
        partitions=settings.topic_partitions,
        schema=faust.Schema(key_serializer="json", value_serializer="json"),
        help="Entries announced per blog: revision, content hash, publication time.",
    )
    pipeline = Pipeline.from_settings(settings)

    async def publish(records: Iterable[Outbound]) -> None:
        pending = [
            await channels[record.topic].send(
                key=record.key,
                value=record.value,
                headers=list(record.headers),
                timestamp=None if record.timestamp_ms is None else record.timestamp_ms / 1000,
            )
            for record in records
        ]
        await asyncio.gather(*pending)

    @app.agent(channels[topics.raw], name="liveblog.process")
    async def process(stream: faust.StreamT[bytes]) -> None:
        # Declared before the first send, so none is auto-created with the broker's default.
        for channel in channels.values():
            await channel.maybe_declare()
        # Faust acks an event when the loop body is left, even by cancellation at
        # shutdown, which would commit a message whose outputs were never sent. So acks
        # are ours: only after the broker has acknowledged everything the message made.
        events = cast("faust.Stream[bytes]", stream).noack()
        async for event in events.events():
            raw = raw_message(event.message)
            outcome = pipeline.process(
                raw, now=datetime.now(UTC), memory=memory, require_blog_key=True
            )
            _log_outcome(raw, outcome)
            await publish(
                records_for(
                    raw,
                    outcome,
                    topics=topics,
                    app_id=settings.app_id,
                    max_value_bytes=settings.max_message_bytes,
                )
            )
            outcome.remember(memory)  # only now: the events it records are on the broker
            await events.ack(event)

    return app


def run_worker(settings: Settings) -> None:
    """Run the worker in the foreground until SIGINT/SIGTERM."""
    app = create_app(settings)
    worker = faust.Worker(
        app, loglevel=settings.log_level.lower(), redirect_stdouts=False, quiet=True
    )
    worker.execute_from_commandline()

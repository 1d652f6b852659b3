"""The Faust app: wires the raw topic to the pipeline and the pipeline to the output topics.

No logic lives here; see :mod:`workers.pipeline`. Build an app with :func:`create_app`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import faust

from workers.pipeline.model import RawMessage
from workers.pipeline.process import Pipeline
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
    )

    def owned(name: str) -> faust.TopicT:
        # internal=True: Faust declares the topic, with our partition count, before use.
        return app.topic(name, partitions=settings.topic_partitions, internal=True)

    raw_topic = owned(settings.raw_topic)
    outputs = {
        name: owned(name)
        for name in (settings.storage_topic, settings.alerts_topic, settings.dlq_topic)
    }
    topics = Topics(
        storage=settings.storage_topic, alerts=settings.alerts_topic, dlq=settings.dlq_topic
    )
    pipeline = Pipeline(alert_threshold=settings.alert_threshold)

    async def publish(records: Iterable[Outbound]) -> None:
        pending = [
            await outputs[record.topic].send(
                key=record.key,
                value=record.value,
                headers=list(record.headers),
                timestamp=None if record.timestamp_ms is None else record.timestamp_ms / 1000,
            )
            for record in records
        ]
        # At-least-once: the raw message is acked only after its outputs are on the broker.
        await asyncio.gather(*pending)

    @app.agent(raw_topic, name="liveblog.process")
    async def process(stream: faust.StreamT[bytes]) -> None:
        # Declared before the first send, so none is auto-created with the broker's default.
        for topic in outputs.values():
            await topic.maybe_declare()
        async for event in stream.events():
            raw = raw_message(event.message)
            outcome = pipeline.process(raw, now=datetime.now(UTC))
            if outcome.error is not None:
                log.warning(
                    "dead-lettered %s[%s]@%s: %s: %s",
                    raw.topic,
                    raw.partition,
                    raw.offset,
                    type(outcome.error).__name__,
                    outcome.error,
                )
            await publish(
                records_for(
                    raw, outcome.events, outcome.error, topics=topics, app_id=settings.app_id
                )
            )

    return app


def run_worker(settings: Settings) -> None:
    """Run the worker in the foreground until SIGINT/SIGTERM."""
    app = create_app(settings)
    worker = faust.Worker(
        app, loglevel=settings.log_level.lower(), redirect_stdouts=False, quiet=True
    )
    worker.execute_from_commandline()

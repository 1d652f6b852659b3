"""The Faust app: wires the raw topic to the pipeline and the pipeline to the output topics.

No logic lives here; see :mod:`workers.pipeline`. Build an app with :func:`create_app`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import Any, cast

import faust
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from workers.inflight import Sent, StagedMemory, acting_for, drain, put
from workers.logs import logging_config
from workers.metrics import Partition, WorkerMetrics, consumer_lag
from workers.monitor import QuietMonitor
from workers.pipeline.cloudevents import CloudEventsConfig
from workers.pipeline.model import RawMessage
from workers.pipeline.process import Outcome, Pipeline
from workers.pipeline.route import Outbound, Topics, records_for
from workers.security import faust_credentials
from workers.settings import Settings
from workers.transport import fetch_wait_transport

log = logging.getLogger("liveblog.worker")
_LAG_INTERVAL = 2.0  # seconds between consumer-lag updates (reads local consumer state only)


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
    """One structured line per re-key and dead letter, and at DEBUG per published event
    (at thousands of events a second, formatting those lines would cost more than
    publishing them); logged once the broker has acknowledged the outputs."""
    events = outcome.events if log.isEnabledFor(logging.DEBUG) else ()
    if not events and outcome.rekey is None and outcome.error is None:
        return
    where = f"{raw.topic}[{raw.partition}]@{raw.offset}"
    origin = {"topic": raw.topic, "partition": raw.partition, "offset": raw.offset}
    for event in events:
        log.debug(
            "published %s %s rev %d from %s",
            event.kind, event.event_id, event.revision, where,
            extra={"blog_id": event.blog_id, "event_id": event.event_id, **origin},
        )  # fmt: skip
    if outcome.rekey is not None:
        log.info(
            "re-keyed %s to its blog id %r", where, outcome.rekey,
            extra={"blog_id": outcome.rekey, **origin},
        )  # fmt: skip
    if outcome.error is not None:
        error = type(outcome.error).__name__
        blog_id = outcome.events[0].blog_id if outcome.events else None
        if blog_id is None and raw.key is not None:
            blog_id = raw.key.decode("utf-8", "replace")
        log.warning(
            "dead-lettered %s: %s: %s", where, error, outcome.error,
            extra={"blog_id": blog_id, "error": error, **origin},
        )  # fmt: skip


def create_app(settings: Settings, registry: CollectorRegistry | None = None) -> faust.App:
    """A new Faust app for ``settings``; nothing connects until it is started.

    Its metrics go to ``registry`` (a new one by default), served at ``/metrics``.
    """
    registry = CollectorRegistry() if registry is None else registry
    metrics = WorkerMetrics(registry)
    cloudevents = CloudEventsConfig(
        type_prefix=settings.cloudevents_type_prefix, dataschema=settings.cloudevents_dataschema
    )
    next_offsets: dict[Partition, int] = {}  # per raw partition: after the last processed
    app = faust.App(
        settings.app_id,
        broker=[f"kafka://{host.strip()}" for host in settings.kafka_bootstrap_servers.split(",")],
        broker_credentials=faust_credentials(settings),
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
        # Faust's Monitor keeps statistics of every event for its own web views, which we
        # do not serve (/metrics is ours): see workers.monitor.
        Monitor=QuietMonitor,
    )

    app.transport = fetch_wait_transport(app, settings.consumer_fetch_max_wait_ms)

    @app.on_rebalance_complete.connect  # type: ignore[arg-type]
    async def hold_flow_until_seeked(sender: Any, **kwargs: Any) -> None:
        """Work around faust-streaming#596, which loses messages after every rebalance.

        After table recovery Faust un-pauses the stream partitions and seeks them to the
        committed offsets while the fetcher runs, then clears the stream buffers: records
        fetched in between are thrown away with their offsets already marked read, so the
        refetch drops them too. This signal comes just before that; stopping the flow here
        (Faust resumes it when recovery ends) leaves nothing to throw away.
        """
        consumer = cast(Any, app.consumer)  # the aiokafka consumer: has seek_to_committed
        consumer.stop_flow()
        if settings.consumer_auto_offset_reset != "earliest":
            return
        # Faust seeks only partitions with a committed offset; one that never had a commit
        # may have been fetched to its end while recovery held it "inactive". Rewind it.
        committed = await consumer.seek_to_committed()
        for tp in consumer.assignment():
            if tp.topic == settings.raw_topic and not committed.get(tp):
                await consumer.seek(tp, 0)

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

    async def send(records: list[Outbound]) -> list[Awaitable[Any]]:
        """Hands ``records`` to the producer; the futures resolve when the broker acks them."""
        producer = app.producer
        return [
            await producer.send(
                record.topic,
                record.key,
                record.value,
                None,
                None if record.timestamp_ms is None else record.timestamp_ms / 1000,
                list(record.headers),
            )
            for record in records
        ]

    async def settle(
        window: asyncio.Queue[Sent[Any]], stream: faust.StreamT[bytes], staged: StagedMemory
    ) -> None:
        """Finishes sent messages in order: once the broker has every record of one, stores
        what it taught and acks it. A failed send stops the worker unacked."""
        try:
            while True:
                sent = await window.get()
                await sent.acknowledged()
                raw, outcome = sent.raw, sent.outcome
                metrics.produced(sent.topics)
                _count_outcome(metrics, outcome)
                _log_outcome(raw, outcome)
                with acting_for(sent.token):  # a table write goes to the event's partition
                    staged.store(outcome)
                await stream.ack(sent.token)
                next_offsets[Partition(cast(str, raw.topic), cast(int, raw.partition))] = (
                    cast(int, raw.offset) + 1
                )
                window.task_done()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.exception("publishing failed; stopping with the message unacknowledged")
            await app.crash(exc)

    @app.agent(channels[topics.raw], name="liveblog.process")
    async def process(stream: faust.StreamT[bytes]) -> None:
        # Declared before the first send, so none is auto-created with the broker's default.
        for channel in channels.values():
            await channel.maybe_declare()
        # Faust acks an event when the loop body is left, even by cancellation at
        # shutdown, which would commit a message whose outputs were never sent. So acks
        # are ours: only after the broker has acknowledged everything the message made.
        events = cast("faust.Stream[bytes]", stream).noack()
        # Per actor: an actor restarted after a rebalance must not see values its
        # predecessor staged for messages it never acked.
        staged = StagedMemory(memory)
        window: asyncio.Queue[Sent[Any]] = asyncio.Queue(maxsize=settings.max_in_flight)
        settler = asyncio.ensure_future(settle(window, events, staged))
        try:
            async for event in events.events():
                raw = raw_message(event.message)
                metrics.consumed(event.message.topic, event.message.partition)
                started = time.perf_counter()
                outcome = pipeline.process(
                    raw, now=datetime.now(UTC), memory=staged, require_blog_key=True
                )
                records = records_for(
                    raw,
                    outcome,
                    topics=topics,
                    app_id=settings.app_id,
                    max_value_bytes=settings.max_message_bytes,
                    cloudevents=cloudevents,
                )
                metrics.processing_seconds.observe(time.perf_counter() - started)
                sent = Sent(event, raw, outcome, await send(records), [r.topic for r in records])
                staged.stage(outcome)
                await put(window, sent, settler)
        finally:
            await drain(window, settler, timeout=settings.broker_session_timeout / 2)

    @app.page("/health")
    async def health(view: Any, request: Any) -> Any:
        """Liveness: the process and its event loop answer."""
        return view.json({"status": "ok"})

    @app.page("/metrics")
    async def metrics_page(view: Any, request: Any) -> Any:
        """Prometheus text exposition of the worker's metrics."""
        # aiohttp refuses a charset in content_type=, but takes the whole header.
        return view.bytes(generate_latest(registry), headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def update_lag() -> None:
        consumer = cast(Any, app.consumer)
        try:
            assigned = [
                Partition(tp.topic, tp.partition)
                for tp in consumer.assignment()
                if tp.topic == topics.raw
            ]
            # Faust's record of committed offsets: the position of a partition this
            # worker has not processed a message of yet.
            committed = getattr(consumer, "_committed_offset", {})
            metrics.set_lag(consumer_lag(assigned, consumer.highwater, next_offsets, committed))
        except Exception:  # not started or rebalancing: the next tick will do
            log.debug("consumer lag not available yet", exc_info=True)

    app.timer(interval=_LAG_INTERVAL)(update_lag)

    @app.page("/ready")
    async def ready(view: Any, request: Any) -> Any:
        """Readiness: partitions assigned, state recovered, not rebalancing."""
        recovered = cast(Any, app.tables).recovery.completed.is_set()
        is_ready = recovered and not app.rebalancing
        return view.json(
            {"ready": is_ready, "recovered": recovered, "rebalancing": app.rebalancing},
            status=200 if is_ready else 503,
        )

    return app


def _count_outcome(metrics: WorkerMetrics, outcome: Outcome) -> None:
    for event in outcome.events:
        metrics.event_built(event.kind)
    if outcome.rekey is not None:
        metrics.rekeyed.inc()
    if outcome.error is not None:
        metrics.dead_lettered(type(outcome.error).__name__)


def run_worker(settings: Settings) -> None:
    """Run the worker in the foreground until SIGINT/SIGTERM.

    With ``LIVEBLOG_LOG_FORMAT=json`` every log line, Faust's included, is a JSON object.
    """
    app = create_app(settings)
    worker = faust.Worker(
        app,
        loglevel=settings.log_level.lower(),
        redirect_stdouts=False,
        quiet=True,
        logging_config=logging_config(settings.log_format, settings.log_level),
    )
    worker.execute_from_commandline()

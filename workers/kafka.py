"""Small aiokafka helpers for the CLI, the demo and the tests (the worker itself uses Faust)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from workers.pipeline.route import Outbound

Options = Mapping[str, Any]
"""Extra aiokafka client arguments: security settings (see ``workers.security``)."""


async def create_topics(
    bootstrap_servers: str,
    names: Iterable[str],
    *,
    partitions: int,
    replication: int = 1,
    options: Options | None = None,
) -> None:
    """Create topics that do not exist yet; existing ones are left as they are."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, **(options or {}))
    try:
        await admin.start()
        for name in names:
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics([NewTopic(name, partitions, replication)])
    finally:
        await admin.close()


async def produce(
    bootstrap_servers: str,
    records: Iterable[Outbound],
    *,
    max_request_size: int = 1_048_576,
    options: Options | None = None,
    on_acked: Callable[[], None] | None = None,
) -> int:
    """Send ``records`` and wait until the broker has acknowledged all of them.

    ``on_acked`` is called once per record the broker acknowledged (progress bars)."""
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers,
        acks="all",
        max_request_size=max_request_size,
        **(options or {}),
    )
    try:
        await producer.start()
        futures = [
            await producer.send(
                record.topic,
                record.value,
                key=record.key,
                headers=list(record.headers) or None,
                timestamp_ms=record.timestamp_ms,
            )
            for record in records
        ]
        if on_acked is not None:
            callback = on_acked

            def acked(done: asyncio.Future[Any]) -> None:
                if not done.cancelled() and done.exception() is None:
                    callback()

            for future in futures:
                future.add_done_callback(acked)
        await asyncio.gather(*futures)
        return len(futures)
    finally:
        await producer.stop()


async def consume(
    bootstrap_servers: str,
    topics: Sequence[str],
    *,
    limit: int | None = None,
    timeout: float | None = None,
    from_beginning: bool = True,
    options: Options | None = None,
) -> AsyncIterator[ConsumerRecord[bytes, bytes]]:
    """Yield records from ``topics`` (no consumer group) until ``limit`` records were
    yielded or ``timeout`` seconds passed; without either, forever."""
    consumer = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest" if from_beginning else "latest",
        **(options or {}),
    )
    seen = 0
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        await consumer.start()
        while limit is None or seen < limit:
            wait_ms = 500
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return
                wait_ms = max(1, min(wait_ms, int(remaining * 1000)))
            batches = await consumer.getmany(timeout_ms=wait_ms)
            for batch in batches.values():
                for record in batch:
                    yield record
                    seen += 1
                    if limit is not None and seen >= limit:
                        return
    finally:
        await consumer.stop()


async def collect(
    bootstrap_servers: str, topics: Sequence[str], *, count: int, timeout: float
) -> list[ConsumerRecord[bytes, bytes]]:
    """Exactly the first ``count`` records of ``topics``, or fewer if ``timeout`` runs out."""
    return [
        record async for record in consume(bootstrap_servers, topics, limit=count, timeout=timeout)
    ]


async def partition_counts(
    bootstrap_servers: str, *, options: Options | None = None
) -> dict[str, int]:
    """The number of partitions of every topic on the cluster.

    Describing a topic by name may auto-create it on some brokers (Tansu does), so this
    only describes the topics that are listed as existing.
    """
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, **(options or {}))
    try:
        await admin.start()
        names = await admin.list_topics()
        described = await admin.describe_topics(names) if names else []
    finally:
        await admin.close()
    return {topic["topic"]: len(topic["partitions"]) for topic in described}

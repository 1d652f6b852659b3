"""Reading whole topics in tests, without trusting ListOffsets (see README, Reliability)."""

from __future__ import annotations

import time
from collections.abc import Callable

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

from schemas import LiveBlogEvent

Record = ConsumerRecord[bytes, bytes]


async def read_until(
    bootstrap: str,
    topic: str,
    done: Callable[[list[Record]], bool],
    *,
    timeout: float,
    on_record: Callable[[Record], None] | None = None,
) -> list[Record]:
    """All records of ``topic`` from the beginning, until ``done(records)`` holds and every
    partition has been read up to the highwater mark of its latest fetch.

    Tansu's ListOffsets(latest) can stop short of the log end, but fetch highwaters are
    right, so "read to the end" is decided from fetches, never from ``end_offsets()``.
    """
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False
    )
    await consumer.start()
    try:
        await consumer.topics()  # loads the cluster's metadata
        partitions = consumer.partitions_for_topic(topic) or set()
        assert partitions, f"no topic {topic}"
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        records: list[Record] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=200)
            for batch in batches.values():
                for record in batch:
                    records.append(record)
                    if on_record is not None:
                        on_record(record)
            if done(records) and await _caught_up(consumer, tps):
                return records
        raise TimeoutError(
            f"{topic}: condition not met after {timeout:.0f}s ({len(records)} records)"
        )
    finally:
        await consumer.stop()


async def _caught_up(consumer: AIOKafkaConsumer, tps: list[TopicPartition]) -> bool:
    for tp in tps:
        highwater = consumer.highwater(tp)
        if highwater is None or await consumer.position(tp) < highwater:
            return False
    return True


def events_of(records: list[Record]) -> list[LiveBlogEvent]:
    return [LiveBlogEvent.model_validate_json(record.value) for record in records]

"""Reading whole topics in tests, without trusting ListOffsets (see README, Reliability)."""

from __future__ import annotations

import asyncio
import contextlib
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
    records: list[Record] = []
    next_offset: dict[TopicPartition, int] = {}
    await consumer.start()
    try:
        async with asyncio.timeout(timeout):
            await consumer.topics()  # loads the cluster's metadata
            partitions = consumer.partitions_for_topic(topic) or set()
            assert partitions, f"no topic {topic}"
            tps = [TopicPartition(topic, p) for p in sorted(partitions)]
            consumer.assign(tps)
            await consumer.seek_to_beginning(*tps)
            while True:
                batches = await consumer.getmany(timeout_ms=200)
                for tp, batch in batches.items():
                    for record in batch:
                        records.append(record)
                        next_offset[tp] = record.offset + 1
                        if on_record is not None:
                            on_record(record)
                if done(records) and _caught_up(consumer, tps, next_offset):
                    return records
    except TimeoutError:
        raise TimeoutError(
            f"{topic}: condition not met after {timeout:.0f}s ({len(records)} records)"
        ) from None
    finally:
        # Never let a test hang on a client that cannot close cleanly.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(10):
                await consumer.stop()


def _caught_up(
    consumer: AIOKafkaConsumer, tps: list[TopicPartition], next_offset: dict[TopicPartition, int]
) -> bool:
    """Every partition read up to the highwater mark its latest fetch reported."""
    for tp in tps:
        highwater = consumer.highwater(tp)
        if highwater is None or next_offset.get(tp, 0) < highwater:
            return False
    return True


def events_of(records: list[Record]) -> list[LiveBlogEvent]:
    return [LiveBlogEvent.model_validate_json(record.value) for record in records]


async def beyond_listed_end(bootstrap: str, topic: str) -> tuple[set[bytes], list[Record]]:
    """The keys of ``topic``'s records that ListOffsets(latest) leaves out, and all records.

    Tansu answers ListOffsets(latest) with the base offset of a partition's last record
    batch + 1, so a reader that stops there (Faust's table recovery does) misses the rest
    of that batch. The keys returned are those whose latest record lies in that blind spot.
    """
    records = await read_until(bootstrap, topic, lambda records: True, timeout=30)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await consumer.start()
    try:
        tps = {TopicPartition(topic, record.partition) for record in records}
        listed = await consumer.end_offsets(list(tps))
    finally:
        await consumer.stop()
    latest: dict[bytes | None, Record] = {record.key: record for record in records}
    return {
        key
        for key, record in latest.items()
        if key is not None and record.offset >= listed[TopicPartition(topic, record.partition)]
    }, records

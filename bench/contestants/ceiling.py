"""The ceiling: a plain aiokafka loop, raw topic in, one message per input out, no parsing.

    KAFKA_BOOTSTRAP_SERVERS=... LIVEBLOG_RAW_TOPIC=... python bench/contestants/ceiling.py

Configured from the worker's environment variables (``workers.settings.Settings``): same
group id, topics, group timeouts, fetch wait and ``acks=all``. Offsets are committed only
after the broker acknowledged the forwarded records (at least once, like the worker).
"""

from __future__ import annotations

import asyncio
import signal

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from workers.settings import Settings


async def run(settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    consumer = AIOKafkaConsumer(
        settings.raw_topic,
        bootstrap_servers=settings.kafka_bootstrap_servers,
        group_id=settings.app_id,
        enable_auto_commit=False,
        auto_offset_reset=settings.consumer_auto_offset_reset,
        session_timeout_ms=int(settings.broker_session_timeout * 1000),
        rebalance_timeout_ms=int(settings.broker_rebalance_timeout * 1000),
        heartbeat_interval_ms=int(settings.broker_heartbeat_interval * 1000),
        fetch_max_wait_ms=settings.consumer_fetch_max_wait_ms,
    )
    producer = AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        acks="all",
        max_request_size=max(1_048_576, settings.max_message_bytes + 65_536),
    )
    await producer.start()
    await consumer.start()
    # One fetched batch in flight: it is sent while the previous one's acks are awaited,
    # and the previous batch's offsets are committed once the broker has acknowledged it.
    in_flight: list[asyncio.Future[object]] = []
    offsets: dict[TopicPartition, int] = {}
    try:
        while not stop.is_set():
            batches = await consumer.getmany(timeout_ms=200)
            sent = [
                await producer.send(
                    settings.storage_topic,
                    record.value,
                    key=record.key,
                    headers=list(record.headers) or None,
                )
                for batch in batches.values()
                for record in batch
            ]
            if in_flight:
                await asyncio.gather(*in_flight)
                await consumer.commit(offsets)
            in_flight = sent
            offsets = {tp: batch[-1].offset + 1 for tp, batch in batches.items() if batch}
        if in_flight:
            await asyncio.gather(*in_flight)
            await consumer.commit(offsets)
    finally:
        await consumer.stop()
        await producer.stop()


if __name__ == "__main__":
    asyncio.run(run(Settings()))

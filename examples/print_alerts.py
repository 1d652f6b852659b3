"""Subscribe to the alerts topic and print each alert: the smallest downstream consumer.

    KAFKA_BOOTSTRAP_SERVERS=localhost:9092 python examples/print_alerts.py [--group my-alerts]

It needs only ``aiokafka`` and the ``schemas`` package of this project.
"""

from __future__ import annotations

import argparse
import asyncio
import os

from aiokafka import AIOKafkaConsumer

from schemas import LiveBlogEvent


async def main(topic: str, group: str, limit: int | None) -> None:
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
        group_id=group,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        seen = 0
        async for record in consumer:
            event = LiveBlogEvent.model_validate_json(record.value)
            assert event.alert is not None  # only alerting events are published there
            print(
                f"[{event.alert.level.upper()}] {event.published_at:%Y-%m-%d %H:%M}Z "
                f"{event.blog_id}: {event.headline} ({'; '.join(event.alert.reasons)})",
                flush=True,
            )
            seen += 1
            if limit is not None and seen >= limit:
                break
    finally:
        await consumer.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Print alerts from liveblog-stream.")
    parser.add_argument(
        "--topic", default=os.environ.get("LIVEBLOG_ALERTS_TOPIC", "liveblog.alerts")
    )
    parser.add_argument("--group", default="liveblog-print-alerts")
    parser.add_argument("--limit", type=int, help="Exit after this many alerts.")
    args = parser.parse_args()
    asyncio.run(main(args.topic, args.group, args.limit))

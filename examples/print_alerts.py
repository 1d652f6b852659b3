"""Subscribe to the alerts topic and print each alert, optionally POSTing it to a webhook.

    KAFKA_BOOTSTRAP_SERVERS=localhost:9092 python examples/print_alerts.py [--group my-alerts]
    KAFKA_BOOTSTRAP_SERVERS=localhost:9092 python examples/print_alerts.py --webhook URL

It needs only ``aiokafka`` and the ``schemas`` package of this project (the webhook uses the
standard library). With ``--webhook`` each alert is POSTed as the event's JSON, as a
CloudEvent in HTTP binary content mode: the record's ``ce_*`` Kafka headers become
``ce-*`` HTTP headers. An offset is committed only after its alert was printed (and
POSTed): a failed POST stops the consumer, and the alert comes again on the next run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import urllib.request
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer

from schemas import LiveBlogEvent


def http_headers(kafka_headers: Sequence[tuple[str, bytes]]) -> dict[str, str]:
    """CloudEvents Kafka binding headers as CloudEvents HTTP binding headers."""
    headers = {"Content-Type": "application/json"}
    for name, value in kafka_headers:
        if name.startswith("ce_"):
            headers["ce-" + name[3:]] = value.decode("ascii", "replace")
    return headers


def post(url: str, body: bytes, headers: dict[str, str], timeout: float = 10.0) -> int:
    """POST ``body``; raises for a non-2xx answer or an unreachable server."""
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"not an http(s) URL: {url}")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        status: int = response.status
        return status


async def main(topic: str, group: str, limit: int | None, webhook: str | None) -> None:
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
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
            if webhook is not None:
                headers = http_headers(record.headers)
                await asyncio.to_thread(post, webhook, record.value, headers)
            await consumer.commit()
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
    parser.add_argument("--webhook", metavar="URL", help="Also POST each alert (JSON) to URL.")
    args = parser.parse_args()
    try:
        asyncio.run(main(args.topic, args.group, args.limit, args.webhook))
    except OSError as exc:  # the webhook refused or is unreachable (urllib errors are OSErrors)
        sys.exit(f"webhook {args.webhook}: {exc}")

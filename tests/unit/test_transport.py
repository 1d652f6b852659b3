"""The worker's consumer takes its fetch wait from the settings, not Faust's fixed 1.5 s."""

from __future__ import annotations

from typing import Any

from workers.app import create_app
from workers.settings import Settings


async def test_the_consumer_fetch_wait_comes_from_the_settings() -> None:
    settings = Settings(kafka_bootstrap_servers="127.0.0.1:9", consumer_fetch_max_wait_ms=42)
    app = create_app(settings)
    consumer: Any = app.consumer
    # Building the aiokafka consumer does not connect; its fetcher reads this at start.
    client = consumer._thread._create_worker_consumer(app.transport)
    assert client._fetch_max_wait_ms == 42
    await client.stop()

"""Faust's aiokafka transport with the consumer's fetch wait made configurable.

Faust 0.15 builds its consumer with ``fetch_max_wait_ms=1500`` and no setting to change
it. A broker holds a fetch that finds no data for up to that long; Apache Kafka answers
as soon as data arrives, but Tansu (the embedded broker) only when the wait expires, so
there every quiet moment adds up to 1.5 s of latency. This transport passes
``LIVEBLOG_CONSUMER_FETCH_MAX_WAIT_MS`` instead.
"""

from __future__ import annotations

from typing import Any

import faust
from faust.transport.drivers import aiokafka as faust_aiokafka


def fetch_wait_transport(app: faust.App, fetch_max_wait_ms: int) -> faust_aiokafka.Transport:
    """The transport ``app`` would build for its brokers, with ``fetch_max_wait_ms``."""

    class ConsumerThread(faust_aiokafka.AIOKafkaConsumerThread):
        def _create_worker_consumer(self, transport: Any) -> Any:
            consumer = super()._create_worker_consumer(transport)
            # Read by AIOKafkaConsumer.start() when it creates its fetcher.
            consumer._fetch_max_wait_ms = fetch_max_wait_ms
            return consumer

    class Consumer(faust_aiokafka.Consumer):
        def _new_consumer_thread(self) -> faust_aiokafka.AIOKafkaConsumerThread:
            return ConsumerThread(self, loop=self.loop, beacon=self.beacon)

    class Transport(faust_aiokafka.Transport):
        pass

    Transport.Consumer = Consumer
    return Transport(app.conf.broker_consumer, app)

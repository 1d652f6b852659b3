"""Keep a table of the latest revision of every event: a storage topic sink.

    KAFKA_BOOTSTRAP_SERVERS=localhost:9092 python examples/storage_sink.py [--db events.sqlite3]
    KAFKA_BOOTSTRAP_SERVERS=localhost:9092 python examples/storage_sink.py \\
        --dsn postgresql://user@localhost/db

Consumes ``liveblog.storage`` in a consumer group and upserts each event by ``event_id``
into SQLite (the default, standard library) or PostgreSQL (``--dsn``, needs ``psycopg``:
``pip install 'liveblog-stream[examples]'``). A row keeps the highest revision seen: a
re-delivered or late older revision never overwrites a newer one, and re-delivering the same
revision changes nothing, so the sink is idempotent under Kafka's at-least-once delivery.
Offsets are committed after the database transaction holding their rows.

Besides aiokafka it needs only the ``schemas`` package of this project.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sqlite3
from collections.abc import Iterable
from typing import Any, Protocol

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition

from schemas import LiveBlogEvent

COLUMNS = (
    "event_id", "revision", "kind", "blog_id", "published_at", "headline", "severity",
    "alert_level", "event",
)  # fmt: skip
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


class Connection(Protocol):
    def execute(self, sql: str, params: Any = ..., /) -> Any: ...
    def commit(self) -> None: ...
    def close(self) -> None: ...


def create_table_sql(table: str) -> str:
    return (
        f"CREATE TABLE IF NOT EXISTS {table} ("
        " event_id TEXT PRIMARY KEY, revision INTEGER NOT NULL, kind TEXT NOT NULL,"
        " blog_id TEXT NOT NULL, published_at TEXT NOT NULL, headline TEXT NOT NULL,"
        " severity INTEGER NOT NULL, alert_level TEXT, event TEXT NOT NULL)"
    )


def upsert_sql(table: str, placeholder: str) -> str:
    """Insert, or replace the row only by a strictly higher revision (SQLite and PostgreSQL
    share this ``ON CONFLICT … DO UPDATE … WHERE`` syntax)."""
    updates = ", ".join(f"{c} = excluded.{c}" for c in COLUMNS[1:])
    return (
        f"INSERT INTO {table} ({', '.join(COLUMNS)})"  # noqa: S608 - a checked identifier
        f" VALUES ({', '.join([placeholder] * len(COLUMNS))})"
        f" ON CONFLICT (event_id) DO UPDATE SET {updates}"
        f" WHERE excluded.revision > {table}.revision"
    )


def row(event: LiveBlogEvent, value: bytes) -> tuple[Any, ...]:
    return (
        event.event_id,
        event.revision,
        event.kind,
        event.blog_id,
        event.published_at.isoformat().replace("+00:00", "Z"),
        event.headline,
        event.severity,
        None if event.alert is None else event.alert.level,
        value.decode(),
    )


class Sink:
    """Upserts events into one table of a DB-API connection."""

    def __init__(self, connection: Connection, table: str, placeholder: str) -> None:
        if not _IDENTIFIER.match(table):
            raise ValueError(f"not a plain SQL identifier: {table!r}")
        self.connection = connection
        self._upsert = upsert_sql(table, placeholder)
        connection.execute(create_table_sql(table))
        connection.commit()

    def write(self, values: Iterable[bytes]) -> int:
        """Upsert every event of ``values`` in one transaction; the number of values."""
        count = 0
        for value in values:
            event = LiveBlogEvent.model_validate_json(value)
            self.connection.execute(self._upsert, row(event, value))
            count += 1
        self.connection.commit()
        return count


def open_sink(db: str, dsn: str | None, table: str) -> Sink:
    if dsn is None:
        return Sink(sqlite3.connect(db), table, "?")
    import psycopg  # only needed for PostgreSQL

    return Sink(psycopg.connect(dsn), table, "%s")


class FromBeginning(ConsumerRebalanceListener):  # type: ignore[misc]
    """Re-read assigned partitions from their first offset (a deliberate re-delivery)."""

    def __init__(self, consumer: AIOKafkaConsumer) -> None:
        self.consumer = consumer

    async def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
        pass

    async def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        if assigned:
            await self.consumer.seek_to_beginning(*assigned)


async def main(args: argparse.Namespace) -> None:
    sink = open_sink(args.db, args.dsn, args.table)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
        group_id=args.group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    listener = FromBeginning(consumer) if args.from_beginning else None
    consumer.subscribe([args.topic], listener=listener)
    seen = 0
    try:
        while args.limit is None or seen < args.limit:
            batches = await consumer.getmany(timeout_ms=1_000)
            values = [record.value for batch in batches.values() for record in batch]
            if not values:
                continue
            seen += sink.write(values)
            await consumer.commit()  # after the rows are committed: at least once
            print(f"upserted {len(values)} event(s), {seen} in all", flush=True)
    finally:
        await consumer.stop()
        sink.connection.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Upsert liveblog-stream events into a table.")
    parser.add_argument(
        "--topic", default=os.environ.get("LIVEBLOG_STORAGE_TOPIC", "liveblog.storage")
    )
    parser.add_argument("--group", default="liveblog-storage-sink")
    parser.add_argument("--db", default="liveblog-events.sqlite3", help="SQLite file.")
    parser.add_argument("--dsn", help="PostgreSQL DSN (postgresql://…); replaces --db.")
    parser.add_argument("--table", default="liveblog_events")
    parser.add_argument(
        "--from-beginning", action="store_true", help="Re-read the topic, ignoring offsets."
    )
    parser.add_argument("--limit", type=int, help="Exit after this many records.")
    asyncio.run(main(parser.parse_args()))

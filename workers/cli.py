"""The ``liveblog`` command line."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import click
from rich.console import Console

from workers.settings import Settings


def _settings() -> Settings:
    try:
        return Settings()
    except ValueError as exc:
        raise click.ClickException(f"invalid configuration: {exc}".replace("\n", " ")) from exc


@click.group()
@click.version_option(package_name="liveblog-stream")
def main() -> None:
    """liveblog-stream: live-blog pages in, enriched events out."""


def _quiet_kafka_client() -> None:
    # Client commands report a failure in one line of their own; the Kafka client's
    # connection-retry logs would only repeat it. The worker keeps its full logging.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)


@main.command()
def worker() -> None:
    """Run the stream worker (configured from the environment)."""
    from workers.app import run_worker

    run_worker(_settings())


@main.command()
@click.argument("file", type=str)
@click.option("--blog-id", help="Blog id (default: the envelope's, else the file name).")
@click.option("--source", help="Source name for a plain-text or HTML file.")
def parse(file: str, blog_id: str | None, source: str | None) -> None:
    """Parse FILE (or - for stdin) offline: one JSON event per line on stdout."""
    from workers.inputs import InputError, raw_message_for
    from workers.pipeline.process import Pipeline

    try:
        raw = raw_message_for(file, blog_id=blog_id)
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc
    settings = _settings()
    outcome = Pipeline.from_settings(settings).process(raw, now=datetime.now(UTC))
    for event in outcome.events:
        if source and event.source is None:
            event = event.model_copy(update={"source": source})
        click.echo(event.model_dump_json())
    if outcome.error is not None:
        name = type(outcome.error).__name__
        raise click.ClickException(f"{file}: {name}: {outcome.error}")


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--blog-id", help="Message key (default: the envelope's blog_id, else file name).")
@click.option("--topic", help="Topic (default: LIVEBLOG_RAW_TOPIC).")
def publish(files: tuple[str, ...], blog_id: str | None, topic: str | None) -> None:
    """Publish each FILE as one message on the raw topic."""
    from workers.inputs import InputError, raw_message_for
    from workers.kafka import produce
    from workers.pipeline.route import Outbound
    from workers.security import client_options

    _quiet_kafka_client()
    settings = _settings()
    try:
        messages = [raw_message_for(path, blog_id=blog_id) for path in files]
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc
    target = topic or settings.raw_topic
    records = [Outbound(target, message.key, message.value) for message in messages]
    try:
        with publish_progress(len(records), target) as acked:
            sent = asyncio.run(
                produce(
                    settings.kafka_bootstrap_servers,
                    records,
                    options=client_options(settings),
                    on_acked=acked,
                )
            )
    except Exception as exc:
        raise click.ClickException(
            f"cannot publish to {settings.kafka_bootstrap_servers}: {type(exc).__name__}: {exc}"
        ) from exc
    click.echo(f"published {sent} message(s) to {target}", err=True)


@contextlib.contextmanager
def publish_progress(
    total: int, target: str, console: Console | None = None
) -> Iterator[Callable[[], None]]:
    """A callback advancing a rich progress bar on stderr when it is a terminal; a no-op
    otherwise (the command prints a plain summary line either way)."""
    console = console or Console(stderr=True)
    if not console.is_terminal:
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("publishing to {task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(target, total=total)
        yield lambda: progress.advance(task)


@main.command()
@click.argument("topics", nargs=-1)
@click.option("--from-beginning/--from-now", default=True, show_default=True)
@click.option("--max-records", type=int, help="Stop after this many records.")
@click.option("--timeout", type=float, help="Stop after this many seconds.")
def tail(
    topics: tuple[str, ...], from_beginning: bool, max_records: int | None, timeout: float | None
) -> None:
    """Pretty-print records of TOPICS (default: storage, alerts and DLQ) as they arrive."""
    from workers.kafka import consume
    from workers.render import print_record
    from workers.security import client_options

    _quiet_kafka_client()
    settings = _settings()
    names = list(topics) or [settings.storage_topic, settings.alerts_topic, settings.dlq_topic]
    console = Console()

    async def run() -> None:
        async for record in consume(
            settings.kafka_bootstrap_servers,
            names,
            limit=max_records,
            timeout=timeout,
            from_beginning=from_beginning,
            options=client_options(settings),
        ):
            headers = {name: value.decode("utf-8", "replace") for name, value in record.headers}
            print_record(console, record.topic, record.value, headers)

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())


@main.command()
@click.option("--port", type=int, help="Port (default: LIVEBLOG_BROKER_PORT, 9092).")
def broker(port: int | None) -> None:
    """Run the embedded Tansu broker in the foreground (in-memory storage)."""
    from workers.broker import BrokerError, broker_command

    settings = _settings()
    try:
        command = broker_command(port or settings.broker_port)
    except BrokerError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Tansu on 127.0.0.1:{port or settings.broker_port} (Ctrl-C stops it)", err=True)
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(subprocess.call(command))  # noqa: S603 - our own binary, fixed arguments


@main.command()
@click.option("--follow", is_flag=True, help="Keep running and printing until Ctrl-C.")
@click.option("--port", type=int, help="Broker port (default: a free one).")
@click.option(
    "--timeout", type=float, default=120, show_default=True, help="Seconds to wait for all events."
)
def demo(follow: bool, port: int | None, timeout: float) -> None:
    """Start a broker and a worker, publish the sample blogs, print the events."""
    from workers.broker import BrokerError
    from workers.demo import DemoError, run_demo

    _quiet_kafka_client()
    try:
        run_demo(_settings(), follow=follow, port=port, timeout=timeout)
    except (DemoError, BrokerError) as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        pass

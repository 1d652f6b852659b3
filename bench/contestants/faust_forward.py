"""The framework's floor: a Faust agent that forwards each raw message unchanged.

    KAFKA_BOOTSTRAP_SERVERS=... LIVEBLOG_RAW_TOPIC=... python bench/contestants/faust_forward.py

The ``faust.App`` is built with exactly the arguments ``workers.app.create_app`` passes
(captured at run time, so it follows edits of the worker), minus the worker's table and
pipeline: the difference between this and the worker is what our code costs.
"""

from __future__ import annotations

from typing import Any

import faust

import workers.app
from workers.settings import Settings
from workers.transport import fetch_wait_transport


class _Captured(Exception):
    def __init__(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        super().__init__("captured")
        self.args_ = args
        self.kwargs = kwargs


def worker_app_arguments(settings: Settings) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The positional and keyword arguments ``create_app(settings)`` gives ``faust.App``."""

    def capture(*args: Any, **kwargs: Any) -> faust.App:
        raise _Captured(args, kwargs)

    module: Any = faust  # create_app looks faust.App up at call time
    original = module.App
    module.App = capture
    try:
        workers.app.create_app(settings)
    except _Captured as captured:
        return captured.args_, captured.kwargs
    finally:
        module.App = original
    raise RuntimeError("create_app did not build a faust.App")


def create_forwarder(settings: Settings) -> faust.App:
    args, kwargs = worker_app_arguments(settings)
    app = faust.App(*args, **kwargs)
    app.transport = fetch_wait_transport(app, settings.consumer_fetch_max_wait_ms)
    raw = app.topic(settings.raw_topic, partitions=settings.topic_partitions, internal=True)
    out = app.topic(settings.storage_topic, partitions=settings.topic_partitions, internal=True)

    @app.agent(raw, name="bench.forward")
    async def forward(stream: faust.StreamT[bytes]) -> None:
        async for event in stream.events():
            message = event.message
            await out.send(key=message.key, value=message.value, headers=message.headers)

    return app


def main() -> None:
    settings = Settings()
    app = create_forwarder(settings)
    worker = faust.Worker(
        app, loglevel=settings.log_level.lower(), redirect_stdouts=False, quiet=True
    )
    worker.execute_from_commandline()


if __name__ == "__main__":
    main()

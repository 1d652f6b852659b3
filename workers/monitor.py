"""Faust's Monitor without its per-event bookkeeping.

Faust's ``Monitor`` sensor counts and times every message, stream event, table access and
send, for Faust's own web views, which the worker does not serve (its ``/metrics`` are
ours, see :mod:`workers.metrics`). This subclass keeps what Faust itself reads from it
(end offsets, commit and rebalance bookkeeping) and drops the per-event hooks.
"""

from __future__ import annotations

from typing import Any

from faust.sensors import Monitor


class QuietMonitor(Monitor):
    """``Monitor`` minus the hooks Faust calls for every message and event."""

    def on_message_in(self, tp: Any, offset: int, message: Any) -> None:
        return None

    def on_stream_event_in(self, tp: Any, offset: int, stream: Any, event: Any) -> None:
        return None

    def on_stream_event_out(
        self, tp: Any, offset: int, stream: Any, event: Any, state: Any = None
    ) -> None:
        return None

    def on_message_out(self, tp: Any, offset: int, message: Any) -> None:
        return None

    def on_table_get(self, table: Any, key: Any) -> None:
        return None

    def on_table_set(self, table: Any, key: Any, value: Any) -> None:
        return None

    def on_table_del(self, table: Any, key: Any) -> None:
        return None

    def on_send_initiated(
        self, producer: Any, topic: str, message: Any, keysize: int, valsize: int
    ) -> None:
        return None

    def on_send_completed(self, producer: Any, state: Any, metadata: Any) -> None:
        return None

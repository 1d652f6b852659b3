"""Bookkeeping for messages whose outputs are sent but not yet acknowledged by the broker.

The worker does not wait for the broker after each message: it sends a message's records,
moves on to the next message, and settles messages (stores what they taught, acks them)
in order once their records are acknowledged. Meanwhile the next snapshot of the same blog
must already be deduplicated against the previous one, so the pipeline reads blog memory
through a :class:`StagedMemory`, which shows the staged, not yet stored, value first.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from faust.streams import _current_event

from workers.pipeline.model import RawMessage
from workers.pipeline.process import Outcome

T = TypeVar("T")


class StagedMemory(Mapping[str, Any]):
    """Blog memory as the pipeline must see it: staged values over the stored ones.

    :meth:`stage` records a message's memory update as soon as its records are sent;
    :meth:`store` writes it to the backing table once they are acknowledged. A crash in
    between loses only staged values, whose messages were not acked either.
    """

    def __init__(self, stored: MutableMapping[str, Any]) -> None:
        self._stored = stored
        self._staged: dict[str, tuple[Any, int]] = {}  # blog id → (newest value, pending)

    def __getitem__(self, blog_id: str) -> Any:
        staged = self._staged.get(blog_id)
        return self._stored[blog_id] if staged is None else staged[0]

    def get(self, blog_id: str, default: Any = None) -> Any:
        staged = self._staged.get(blog_id)
        if staged is not None:
            return staged[0]
        return self._stored.get(blog_id, default)

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(self._stored), **dict.fromkeys(self._staged)})

    def __len__(self) -> int:
        return sum(1 for _ in self)

    @property
    def staged(self) -> int:
        """Blogs with a value not yet stored."""
        return len(self._staged)

    def stage(self, outcome: Outcome) -> None:
        if outcome.memory_update is None:
            return
        blog_id, value = outcome.memory_update
        pending = self._staged.get(blog_id, (None, 0))[1]
        self._staged[blog_id] = (value, pending + 1)

    def store(self, outcome: Outcome) -> None:
        """Write ``outcome``'s update to the stored memory (call in the order of staging)."""
        if outcome.memory_update is None:
            return
        outcome.remember(self._stored)
        blog_id = outcome.memory_update[0]
        value, pending = self._staged[blog_id]
        if pending == 1:
            del self._staged[blog_id]
        else:
            self._staged[blog_id] = (value, pending - 1)


@dataclass(slots=True)
class Sent(Generic[T]):
    """One consumed message whose records are on their way to the broker."""

    token: T
    """What the consumer needs to ack it (a Faust event)."""
    raw: RawMessage
    outcome: Outcome
    acks: list[Awaitable[Any]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    """The topic of each record, for the metrics."""

    async def acknowledged(self) -> None:
        """Returns once the broker has acknowledged every record; raises if one failed."""
        if self.acks:
            await asyncio.gather(*self.acks)


async def put(window: asyncio.Queue[T], item: T, settler: asyncio.Future[Any]) -> None:
    """Queue ``item``, waiting for room; raises if ``settler`` stops meanwhile."""
    if settler.done():
        settler.result()
        raise RuntimeError("the settling task has stopped")
    if not window.full():
        window.put_nowait(item)
        return
    putter = asyncio.ensure_future(window.put(item))
    await asyncio.wait({putter, settler}, return_when=asyncio.FIRST_COMPLETED)
    if not putter.done():
        putter.cancel()
        settler.result()
        raise RuntimeError("the settling task has stopped")


async def drain(window: asyncio.Queue[Any], settler: asyncio.Future[Any], timeout: float) -> None:
    """Let what was sent settle (at most ``timeout`` seconds), then stop ``settler``.

    Runs when the consuming loop ends, also by cancellation at shutdown: messages settled
    here are not consumed again after a restart. What is left is, unacked.
    """
    try:
        if not settler.done():
            joined = asyncio.ensure_future(window.join())
            await asyncio.wait({joined, settler}, timeout=timeout)
            joined.cancel()
    finally:
        settler.cancel()


@contextmanager
def acting_for(event: Any) -> Iterator[None]:
    """Make ``event`` Faust's current event, which a table write takes its partition from.

    Faust reads it from a context variable that its stream sets for the consuming task;
    a message settled by another task has to set it for itself.
    """
    token = _current_event.set(weakref.ref(event))
    try:
        yield
    finally:
        _current_event.reset(token)

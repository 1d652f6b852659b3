"""Staged blog memory and the in-flight window, without a broker."""

from __future__ import annotations

import asyncio

import pytest

from workers.inflight import StagedMemory, drain, put
from workers.pipeline.process import Outcome


def update(blog_id: str, value: object) -> Outcome:
    return Outcome(memory_update=(blog_id, {"v": value}))


def test_staged_values_shadow_stored_ones_until_stored() -> None:
    stored: dict[str, object] = {"a": {"v": 0}}
    staged = StagedMemory(stored)
    first, second = update("a", 1), update("a", 2)
    staged.stage(first)
    staged.stage(second)
    assert staged.get("a") == {"v": 2}
    assert stored == {"a": {"v": 0}}

    staged.store(first)
    assert stored == {"a": {"v": 1}}
    assert staged.get("a") == {"v": 2}, "the newer staged value still wins"
    staged.store(second)
    assert stored == {"a": {"v": 2}}
    assert staged.staged == 0


def test_a_blog_without_staged_value_reads_through() -> None:
    staged = StagedMemory({"a": {"v": 0}})
    staged.stage(Outcome())  # nothing to remember
    assert staged.get("a") == {"v": 0}
    assert staged.get("b") is None
    assert staged["a"] == {"v": 0}
    with pytest.raises(KeyError):
        staged["b"]
    staged.stage(update("b", 1))
    assert sorted(staged) == ["a", "b"]
    assert len(staged) == 2


async def test_put_waits_for_room_and_fails_when_the_settler_stops() -> None:
    window: asyncio.Queue[int] = asyncio.Queue(maxsize=1)
    stopped = asyncio.get_running_loop().create_future()
    await put(window, 1, stopped)
    waiting = asyncio.ensure_future(put(window, 2, stopped))
    await asyncio.sleep(0)
    assert not waiting.done()
    stopped.set_exception(RuntimeError("broker gone"))
    with pytest.raises(RuntimeError, match="broker gone"):
        await waiting
    assert window.qsize() == 1


async def test_drain_lets_the_window_settle_then_stops_the_settler() -> None:
    window: asyncio.Queue[int] = asyncio.Queue()
    settled: list[int] = []

    async def settle() -> None:
        while True:
            settled.append(await window.get())
            window.task_done()

    for item in range(3):
        window.put_nowait(item)
    settler = asyncio.ensure_future(settle())
    await drain(window, settler, timeout=5)
    assert settled == [0, 1, 2]
    with pytest.raises(asyncio.CancelledError):
        await settler

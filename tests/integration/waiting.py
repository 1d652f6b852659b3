"""Waiting for a condition in integration tests, bounded by a deadline."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import pytest

T = TypeVar("T")


def eventually(
    probe: Callable[[], T], done: Callable[[T], bool], what: str, *, timeout: float = 90.0
) -> T:
    """Poll ``probe`` until ``done`` holds for its value, or fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    value = probe()
    while not done(value):
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not reached after {timeout:.0f}s; last value: {value!r}"[:3000])
        time.sleep(0.2)  # polling a condition, bounded by the deadline
        value = probe()
    return value

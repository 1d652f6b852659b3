"""Files given to the CLI, as raw messages."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson

from workers.pipeline.model import RawMessage


class InputError(Exception):
    """A file cannot be read."""


def read_input(path: str) -> tuple[bytes, str]:
    """The bytes of ``path`` (``-`` for stdin) and a default blog id for them."""
    if path == "-":
        return sys.stdin.buffer.read(), "stdin"
    file = Path(path)
    try:
        return file.read_bytes(), file.stem
    except OSError as exc:
        raise InputError(f"cannot read {path!r}: {exc.strerror or exc}") from exc


def envelope_blog_id(value: bytes) -> str | None:
    """The ``blog_id`` of a JSON envelope, if ``value`` is one and has it."""
    if not value.lstrip().startswith(b"{"):
        return None
    try:
        document = orjson.loads(value)
    except orjson.JSONDecodeError:
        return None
    blog_id = document.get("blog_id") if isinstance(document, dict) else None
    return blog_id if isinstance(blog_id, str) and blog_id else None


def raw_message_for(path: str, *, blog_id: str | None = None) -> RawMessage:
    """A file as the raw message ``liveblog publish`` would send: its blog id is the key."""
    value, default_id = read_input(path)
    key = blog_id or envelope_blog_id(value) or default_id
    return RawMessage(value=value, key=key.encode())

"""Deterministic identities: which entry an event is about, and which wording it has."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

from schemas import Quote

_SEP = "\x1f"


def event_id(blog_id: str, published_at: datetime, position: int) -> str:
    """Identify an entry by its blog, its UTC timestamp and its place among entries
    sharing that timestamp (oldest first), never by its wording."""
    key = _SEP.join((blog_id, published_at.isoformat(), str(position)))
    return hashlib.blake2b(key.encode(), digest_size=16).hexdigest()


def content_hash(headline: str, body: str, quotes: Iterable[Quote]) -> str:
    """SHA-256 over what a reader sees; changes exactly when the wording does."""
    digest = hashlib.sha256()
    for part in (headline, body, *(f"{q.text}{_SEP}{q.speaker or ''}" for q in quotes)):
        digest.update(part.encode())
        digest.update(_SEP.encode())
    return digest.hexdigest()

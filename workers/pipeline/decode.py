"""Raw message bytes → :class:`Document`: plain text, HTML, or a JSON envelope."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from pydantic import ValidationError

from schemas import RawEnvelope
from workers.pipeline.errors import (
    EmptyMessage,
    InvalidEnvelope,
    MissingBlogId,
    UndecodableMessage,
)
from workers.pipeline.model import ContentType, Document, RawMessage

_HTML_START = re.compile(r"^\s*<(?:!doctype\s+html|html|body|article|main|div)\b", re.I)
_SLUG = re.compile(r"[^a-z0-9]+")


def _blog_id_from_url(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    slug = _SLUG.sub("-", f"{parts.netloc}{parts.path}".lower()).strip("-")
    return slug[:300] or None


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "envelope"
    return f"{where}: {first['msg']}"


def decode(raw: RawMessage) -> Document:
    """Decode a raw message, or raise the :class:`ParseError` that says why not.

    A value starting with ``{`` is a JSON envelope; one starting with an HTML tag is an
    HTML page; anything else is plain text. The blog id comes from the envelope, else
    the Kafka key, else the page URL.
    """
    try:
        text = raw.value.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UndecodableMessage(f"value is not UTF-8: {exc.reason} at byte {exc.start}") from exc
    stripped = text.strip()
    if not stripped:
        raise EmptyMessage("message value is empty")

    key = raw.key.decode("utf-8", errors="replace").strip() if raw.key else None
    if stripped.startswith("{"):
        try:
            envelope = RawEnvelope.model_validate_json(stripped)
        except ValidationError as exc:
            raise InvalidEnvelope(_describe(exc)) from exc
        if not envelope.content.strip():
            raise EmptyMessage("envelope content is empty")
        blog_id = envelope.blog_id or key or _blog_id_from_url(envelope.url)
        if not blog_id:
            raise MissingBlogId("no blog_id in the envelope, no message key and no url")
        return Document(
            content=envelope.content,
            content_type=envelope.content_type,
            blog_id=blog_id,
            source=envelope.source,
            url=envelope.url,
            fetched_at=envelope.fetched_at,
        )

    if not key:
        raise MissingBlogId("a bare page needs the blog id as its message key")
    content_type: ContentType = "text/html" if _HTML_START.match(stripped) else "text/plain"
    return Document(content=text, content_type=content_type, blog_id=key)

from datetime import UTC, datetime

import orjson
import pytest

from workers.pipeline.decode import decode
from workers.pipeline.errors import EmptyMessage, InvalidEnvelope, MissingBlogId, UndecodableMessage
from workers.pipeline.model import RawMessage


def envelope(**fields: object) -> bytes:
    return orjson.dumps(fields)


def test_plain_text_takes_blog_id_from_key() -> None:
    doc = decode(RawMessage(value=b"0930 GMT - x", key=b"my-blog"))
    assert (doc.blog_id, doc.content_type, doc.fetched_at) == ("my-blog", "text/plain", None)


def test_bare_html_is_sniffed() -> None:
    doc = decode(RawMessage(value=b"<!DOCTYPE html><html></html>", key=b"b"))
    assert doc.content_type == "text/html"


def test_full_envelope() -> None:
    value = envelope(
        blog_id="env-blog", source="Herald", url="https://example.org/live", content_type="text/html",
        fetched_at="2024-06-09T23:30:00+02:00", content="<p>x</p>",
    )  # fmt: skip
    doc = decode(RawMessage(value=value, key=b"ignored-key"))
    assert doc.blog_id == "env-blog"
    assert doc.source == "Herald"
    assert doc.content_type == "text/html"
    assert doc.fetched_at == datetime(2024, 6, 9, 21, 30, tzinfo=UTC)


def test_envelope_blog_id_falls_back_to_key_then_url() -> None:
    assert decode(RawMessage(value=envelope(content="x"), key=b"k")).blog_id == "k"
    doc = decode(
        RawMessage(value=envelope(content="x", url="https://News.example.org/live/war-day-3"))
    )
    assert doc.blog_id == "news-example-org-live-war-day-3"


def test_envelope_ignores_unknown_fields() -> None:
    doc = decode(RawMessage(value=envelope(content="x", scraper_version="2.1"), key=b"k"))
    assert doc.content == "x"


def test_utf8_bom_is_tolerated() -> None:
    assert decode(RawMessage(value="\ufeff0930 GMT - x".encode(), key=b"k")).content.startswith(
        "0930"
    )


@pytest.mark.parametrize(
    ("value", "error", "words"),
    [
        (b"", EmptyMessage, "empty"),
        (b"  \n\t ", EmptyMessage, "empty"),
        (b"\xff\xfe\x00garbage", UndecodableMessage, "UTF-8"),
        (b"{not json", InvalidEnvelope, "JSON"),
        (b'{"content": 42}', InvalidEnvelope, "content"),
        (b'{"blog_id": "b"}', InvalidEnvelope, "content"),
        (b'{"content": "x", "content_type": "application/pdf"}', InvalidEnvelope, "content_type"),
        (b'{"content": "x", "fetched_at": "2024-01-01T00:00:00"}', InvalidEnvelope, "fetched_at"),
        (b'{"content": "   "}', EmptyMessage, "empty"),
        (b"[1, 2]", MissingBlogId, "key"),
    ],
)
def test_bad_values_raise_a_clear_parse_error(
    value: bytes, error: type[Exception], words: str
) -> None:
    key = None if error is MissingBlogId else b"k"
    with pytest.raises(error, match=words):
        decode(RawMessage(value=value, key=key))


def test_no_blog_id_anywhere() -> None:
    with pytest.raises(MissingBlogId):
        decode(RawMessage(value=envelope(content="0930 GMT - x")))
    with pytest.raises(MissingBlogId):
        decode(RawMessage(value=b"0930 GMT - x"))

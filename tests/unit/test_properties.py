"""Property-based tests: whatever the input, the pipeline returns valid events or its own
parse error, and never lets markup or control characters into a headline or body."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from datetime import UTC, datetime

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas import LiveBlogEvent
from workers.pipeline.errors import InternalError, ParseError
from workers.pipeline.html import parse_html
from workers.pipeline.model import RawMessage
from workers.pipeline.process import Pipeline
from workers.pipeline.text import parse_text

NOW = datetime(2024, 3, 12, 12, 0, tzinfo=UTC)
PIPELINE = Pipeline()
TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

words = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=40)
zones = st.sampled_from(
    ["GMT", "UTC", "BST", "CET", "CEST", "EET", "MSK", "EST", "PDT", "XYZ", "Z"]
)
dashes = st.sampled_from(["—", "–", "-", " — ", "—", " -"])
clock = st.tuples(st.integers(0, 29), st.integers(0, 99), st.sampled_from(["", ":", "."]))


@st.composite
def text_blogs(draw: st.DrawFn) -> str:
    lines = []
    if draw(st.booleans()):
        lines.append(
            draw(
                st.sampled_from(
                    ["date 2023-09-04", "4 Sep 2023", "Monday 4 September 2023", "2023-02-30"]
                )
            )
        )
    for _ in range(draw(st.integers(0, 6))):
        hour, minute, sep = draw(clock)
        stamp = (
            f"{hour:02d}{sep}{minute:02d}"
            if sep or draw(st.booleans())
            else f"{hour:02d}{minute:02d}"
        )
        lines.append(f"{stamp} {draw(zones)}{draw(dashes)}{draw(words)}")
        for _ in range(draw(st.integers(0, 3))):
            lines.append(
                draw(
                    st.one_of(
                        words,
                        st.sampled_from(
                            ["More updates:👇", "Related Live blog: x", "a - Minister Ana Costa"]
                        ),
                    )
                )
            )
    return "\n\n".join(lines)


@st.composite
def html_blogs(draw: st.DrawFn) -> str:
    parts = ["<html><body><nav>menu</nav>"]
    for _ in range(draw(st.integers(0, 5))):
        stamp = draw(
            st.sampled_from(
                ["2024-06-09T22:45:00+02:00", "2024-06-09T20:00:00Z", "2024-06-09T20:00:00", "soon"]
            )
        )
        tag = draw(st.sampled_from(["article", "div", "section", "li"]))
        heading = draw(words).replace("<", "&lt;")
        body = draw(words)
        parts.append(
            f'<{tag}><time datetime="{stamp}">t</time><h2>{heading}</h2><p>{body}</p></{tag}>'
        )
    parts.append("</body></html>")
    html = "".join(parts)
    if draw(st.booleans()):  # mutate: cut somewhere, or splice junk in
        cut = draw(st.integers(0, len(html)))
        html = (
            html[:cut]
            + draw(st.sampled_from(["", "<", "</p>", "<div", "\x00", "&#0;", "<!--"]))
            + html[cut:]
        )
    return html


def assert_clean(events: list[LiveBlogEvent]) -> None:
    for event in events:
        assert LiveBlogEvent.model_validate_json(event.model_dump_json()) == event
        for text in (event.headline, event.body.replace("\n", "")):
            assert not TAG.search(text), text
            assert not any(unicodedata.category(c) in ("Cc", "Cf") for c in text), repr(text)


@PROPERTY
@given(text_blogs())
def test_generated_text_blogs(text: str) -> None:
    with contextlib.suppress(ParseError):
        parse_text(text, reference=NOW)
    outcome = PIPELINE.process(RawMessage(value=text.encode(), key=b"blog"), now=NOW)
    assert outcome.events or outcome.error is not None
    assert not isinstance(outcome.error, InternalError), outcome.error
    assert_clean(outcome.events)


@PROPERTY
@given(html_blogs())
def test_generated_html_blogs(html: str) -> None:
    with contextlib.suppress(ParseError):
        parse_html(html)
    value = orjson.dumps({"blog_id": "b", "content_type": "text/html", "content": html})
    outcome = PIPELINE.process(RawMessage(value=value), now=NOW)
    assert outcome.events or outcome.error is not None
    assert not isinstance(outcome.error, InternalError), outcome.error
    assert_clean(outcome.events)


@PROPERTY
@given(text_blogs(), st.lists(st.tuples(st.integers(0, 10_000), st.binary(max_size=4)), max_size=5))
def test_mutated_bytes(text: str, edits: list[tuple[int, bytes]]) -> None:
    value = bytearray(text.encode())
    for position, junk in edits:
        at = position % (len(value) + 1)
        value[at : at + len(junk)] = junk
    outcome = PIPELINE.process(RawMessage(value=bytes(value), key=b"blog"), now=NOW)
    assert outcome.events or outcome.error is not None
    assert not isinstance(outcome.error, InternalError), outcome.error
    assert_clean(outcome.events)


@PROPERTY
@given(st.binary(max_size=300))
def test_arbitrary_bytes(value: bytes) -> None:
    outcome = PIPELINE.process(RawMessage(value=value, key=b"blog"), now=NOW)
    assert outcome.events or outcome.error is not None
    assert not isinstance(outcome.error, InternalError), outcome.error
    assert_clean(outcome.events)

"""The whole-text fast paths of the text parser agree with the line-by-line rules."""

from __future__ import annotations

import re
import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from workers.pipeline import cleaning, quotes, text
from workers.pipeline.cleaning import clean_line, clean_lines, clean_text, squeeze

# Characters the fast paths treat specially, mixed with ordinary text.
TRICKY = " \t\n\r\x85\u2028\u00a0\u1680\u2003\u200b\u00ad\x07\ufeff-–—<>!/_👇aAkKſsSmMrRfF0123:."
tricky_text = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), max_size=80)
lines = st.lists(
    st.sampled_from(
        ["", " ", "More updates:👇", "related: x", "ſhare this", "Advertisement ", "— —", "_", "x"]
    )
    | tricky_text,
    max_size=8,
)
FAST = settings(max_examples=300, deadline=None)


def test_every_printable_character_is_plain() -> None:
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isprintable():
            assert not cleaning._INVISIBLE.match(char), hex(code)
            assert not cleaning._LINE_BREAKS.match(char), hex(code)
            assert not char.isspace() or char == " ", hex(code)
    assert cleaning._PRINTABLE_IS_PLAIN


@FAST
@given(tricky_text)
def test_clean_text_fast_path_matches_the_regexes(value: str) -> None:
    expected = unicodedata.normalize("NFC", value)
    expected = cleaning._INVISIBLE.sub("", cleaning._LINE_BREAKS.sub("\n", expected))
    expected = cleaning._MARKUP.sub("", expected)
    assert clean_text(value) == expected
    assert clean_line(value) == squeeze(expected.replace("\n", " "))


@FAST
@given(st.lists(tricky_text, max_size=6).map("\n".join))
def test_clean_lines_squeezes_each_line(value: str) -> None:
    assert clean_lines(value) == "\n".join(squeeze(line) for line in clean_text(value).split("\n"))


@FAST
@given(lines)
def test_furniture_lines_are_the_lines_is_furniture_accepts(page_lines: list[str]) -> None:
    squeezed = [squeeze(clean_text(line).replace("\n", " ")) for line in page_lines]
    kept = [line for line in squeezed if not line or not text.is_furniture(line)]
    page = "\n0930 GMT — H" + "".join(f"\n{line}" for line in squeezed)
    assert text._FURNITURE_LINES.sub("", page) == "\n0930 GMT — H" + "".join(
        f"\n{line}" for line in kept
    )


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(" \t\u1680\u2003-–—aB.,\n"), max_size=300)
    | st.builds(
        lambda head, gap, who: f"{head} -{gap}{who}",
        st.text(min_size=0, max_size=200),
        st.text(alphabet=" \t\u1680\u3000", min_size=1, max_size=150),
        st.text(alphabet="ab —–.", max_size=130),
    )
)
def test_dash_precheck_never_hides_an_attribution(paragraph: str) -> None:
    if quotes._ATTRIBUTED.match(paragraph):
        assert quotes._may_be_attributed(paragraph)


def test_markers_match_line_by_line_rules() -> None:
    line_rule = re.compile(
        r"^(?:(?P<h4>\d{2})(?P<m4>\d{2})|(?P<h>\d{1,2})[:.](?P<m>\d{2}))"
        r"\s*(?P<zone>[A-Z]{1,5})\s*[—–-]\s*(?P<headline>.*)$"
    )
    for line in ["0930 GMT — H", "9.30 CET-x", "١٢٣٠ GMT — y", "0930 GMT", "0930 gmt — z", "x"]:
        whole = text._MARKER.match("\n" + line)
        single = line_rule.match(line)
        assert (whole and whole.groupdict()) == (single and single.groupdict())

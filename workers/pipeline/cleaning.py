"""Text hygiene: what may reach a headline or body, and what may not."""

from __future__ import annotations

import re
import unicodedata

# Control characters (Cc, but tab and newline) and every format character (Cf: soft
# hyphen, zero-width characters, bidi marks, embeddings and isolates, invisible operators,
# BOM, interlinear annotations, tags), as of Unicode 15.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\xad"
    "\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
# Anything that still looks like markup in text: tags, comments, processing instructions.
_MARKUP = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<[!?][^<>]*>", re.S)
_LINE_BREAKS = re.compile("\r\n?|[\x85\u2028\u2029]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def clean_text(text: str) -> str:
    """NFC-normalise, unify line breaks to ``\\n``, drop control/invisible characters and
    anything that looks like an HTML tag."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", text))
    return _MARKUP.sub("", text) if "<" in text else text


def squeeze(line: str) -> str:
    """Collapse runs of whitespace in already-cleaned text to one space; trim."""
    return _SPACES.sub(" ", line).strip()


def clean_line(text: str) -> str:
    """Any text as a single clean line."""
    return squeeze(clean_text(text).replace("\n", " "))


def truncate(text: str, limit: int) -> str:
    """At most ``limit`` characters, ending in an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"

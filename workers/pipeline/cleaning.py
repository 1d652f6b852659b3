"""Text hygiene: what may reach a headline or body, and what may not."""

from __future__ import annotations

import re
import unicodedata

# Control characters (Cc, but tab and newline) and every format character (Cf: soft
# hyphen, zero-width characters, bidi marks, embeddings and isolates, invisible operators,
# BOM, interlinear annotations, tags), as of Unicode 15.
_INVISIBLE_RANGES = (
    (0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x84), (0x86, 0x9F), (0xAD, 0xAD),
    (0x600, 0x605), (0x61C, 0x61C), (0x6DD, 0x6DD), (0x70F, 0x70F), (0x890, 0x891),
    (0x8E2, 0x8E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064),
    (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD),
    (0x110CD, 0x110CD), (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)  # fmt: skip
_INVISIBLE = re.compile(
    "[" + "".join(rf"\U{first:08x}-\U{last:08x}" for first, last in _INVISIBLE_RANGES) + "]"
)
# Anything that still looks like markup in text: tags, comments, processing instructions.
_MARKUP = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<[!?][^<>]*>", re.S)
_LINE_BREAKS = re.compile("\r\n?|[\x85\u2028\u2029]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_SPACE_RUNS = re.compile("  +")


def _no_invisible_is_printable() -> bool:
    """True if every character ``clean_text`` drops or rewrites, and every whitespace
    character but the space, is non-printable in this Python's Unicode database."""
    dropped = [chr(c) for first, last in _INVISIBLE_RANGES for c in range(first, last + 1)]
    rewritten = "\r\x85\u2028\u2029\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    rewritten += "\u2007\u2008\u2009\u200a\u202f\u205f\u3000\x0b\x0c\x1c\x1d\x1e\x1f"
    return not any(c.isprintable() for c in [*dropped, *rewritten])


# Text that is printable apart from its newlines holds no invisible character, no line
# break but "\n" and no whitespace but " " and "\n": the fast paths below rely on it.
_PRINTABLE_IS_PLAIN = _no_invisible_is_printable()


def _is_plain(text: str) -> bool:
    return _PRINTABLE_IS_PLAIN and text.replace("\n", " ").isprintable()


def _clean(text: str) -> tuple[str, bool]:
    """``clean_text`` of ``text``, and whether its only whitespace is " " and "\n"."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    plain = _is_plain(text)
    if not plain:
        text = _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", text))
    # Dropping markup cannot add a character, so plain text stays plain.
    return (_MARKUP.sub("", text) if "<" in text else text), plain


def clean_text(text: str) -> str:
    """NFC-normalise, unify line breaks to ``\\n``, drop control/invisible characters and
    anything that looks like an HTML tag."""
    return _clean(text)[0]


def squeeze(line: str) -> str:
    """Collapse runs of whitespace in already-cleaned text to one space; trim."""
    return _SPACES.sub(" ", line).strip()


def clean_lines(text: str) -> str:
    """Any text as clean lines, each squeezed (as :func:`squeeze` would)."""
    text, plain = _clean(text)
    # Runs of spaces never span a line break, so the whole text is squeezed at once.
    if not plain:
        text = _SPACES.sub(" ", text)
    elif "  " in text:
        text = _SPACE_RUNS.sub(" ", text)
    return "\n".join([line.strip() for line in text.split("\n")])


def clean_line(text: str) -> str:
    """Any text as a single clean line."""
    text, plain = _clean(text)
    text = text.replace("\n", " ")
    if not plain:
        return squeeze(text)
    return (_SPACE_RUNS.sub(" ", text) if "  " in text else text).strip()


def truncate(text: str, limit: int) -> str:
    """At most ``limit`` characters, ending in an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"

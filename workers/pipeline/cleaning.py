"""Text hygiene: what may reach a headline or body, and what may not."""

from __future__ import annotations

import re
import unicodedata

# Control and invisible formatting characters (C0/C1 controls, bidi embeddings and isolates,
# zero-width characters, soft hyphen, BOM). Newlines and tabs are handled by the caller.
_INVISIBLE = dict.fromkeys(
    [c for c in range(0x20) if c not in (0x09, 0x0A)]
    + list(range(0x7F, 0xA0))
    + [0xAD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF]
    + list(range(0x202A, 0x202F))
    + list(range(0x2066, 0x206A)),
    None,
)
# Some characters of other categories behave like line breaks or spaces.
_INVISIBLE.update({0x0D: 0x0A, 0x2028: 0x0A, 0x2029: 0x0A, 0x85: 0x0A})
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def clean_text(text: str) -> str:
    """NFC-normalise, drop control/invisible characters, keep newlines."""
    return unicodedata.normalize("NFC", text).translate(_INVISIBLE)


def clean_line(text: str) -> str:
    """A single line: cleaned, inner whitespace collapsed to one space, trimmed."""
    return _SPACES.sub(" ", clean_text(text).replace("\n", " ")).strip()


def truncate(text: str, limit: int) -> str:
    """At most ``limit`` characters, ending in an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"

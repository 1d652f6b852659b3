"""Text helpers shared by the enrichment modules: name tokens, word search, ordering."""

from __future__ import annotations

import re
import string
from typing import Final

from workers.pipeline.gazetteer import literal_alternation

GAP: Final = r"[^\S\n]+"  # spaces within a paragraph
# Lowercase regex vocabularies start with one consumed non-word character as their left word
# boundary: unlike \b or a lookbehind, it keeps re's fast first-character scan. They run on
# text that starts with a non-word character.
W: Final = r"\W"
_ASCII_LOWER: Final = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)

UPPER: Final = "".join(c for c in map(chr, range(0x41, 0x250)) if c.isupper())
# A capitalised name token (Zelenskyy, O'Brien, N'Guessan, Jean-Yves, al-Sudani,
# Zelenskyy's) or initials (W., M.K.).
TOKEN: Final = (
    rf"(?:(?:al|el)-)?[{UPPER}](?:['’](?=[{UPPER}]))?"
    rf"(?:[^\W\d_]+(?:['’-][^\W\d_]+)*|\.(?:[{UPPER}]\.)*)"
)
# A token of initials only: "W.", "M.K.", "U.S.".
INITIALS: Final = re.compile(r"(?:[A-Z]\.)+")
PARTICLES: Final = frozenset(
    ["al", "el", "bin", "ibn", "de", "da", "di", "del", "der", "den", "du", "la", "le", "van",
     "von", "dos", "das"]
)  # fmt: skip
NAME: Final = rf"{TOKEN}(?:{GAP}(?:{literal_alternation(PARTICLES)}{GAP})*{TOKEN}){{0,4}}"


def lowercase(text: str, folded: str | None = None) -> str:
    """``text`` lowercased, every offset kept (``İ`` would lengthen with ``str.lower``):
    ``text.lower()`` (or ``folded``, the caller's) if that keeps them, else A-Z lowered."""
    lowered = text.lower() if folded is None else folded
    return lowered if len(lowered) == len(text) else ascii_lowercase(text)


def ascii_lowercase(text: str) -> str:
    """``text`` with A-Z lowercased and every other character kept."""
    return text.translate(_ASCII_LOWER)


def is_word_at(text: str, start: int, end: int, joiners: str = "_") -> bool:
    """Whether ``text[start:end]`` is a whole word: no letter, digit or one of ``joiners``
    either side."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in joiners or after.isalnum() or after in joiners)


def find_word(
    text: str,
    word: str,
    *,
    last_before: int | None = None,
    before: int | None = None,
    joiners: str = "_",
) -> int:
    """Index of the first whole-word ``word`` (starting before ``before``), or of the last
    one starting before ``last_before``; -1 if none. ``joiners`` join words into one
    (``"_-"``: a name's ``Mahamat`` is not in ``Mahamat-Issa``)."""
    if last_before is None:
        end = len(text) if before is None else before + len(word) - 1
        index = text.find(word, 0, end)
        while index != -1 and not is_word_at(text, index, index + len(word), joiners):
            index = text.find(word, index + 1, end)
        return index
    index = text.rfind(word, 0, last_before)
    while index != -1 and not is_word_at(text, index, index + len(word), joiners):
        index = text.rfind(word, 0, index)
    return index


def word_before(text: str, position: int, *, spaced: bool = True) -> tuple[int, str]:
    """The word (a run of non-space characters) that ends before ``position`` and the
    spaces there (at least one unless not ``spaced``), with where it starts;
    ``(position, "")`` at a line break or the start. Found with ``rfind``: cheaper than
    searching backwards with a regex. ``text`` is cleaned text: its only white space is
    single spaces and line breaks."""
    end = position
    while end > 0 and text[end - 1] == " ":
        end -= 1
    if end == 0 or (spaced and end == position) or text[end - 1] == "\n":
        return position, ""
    space = text.rfind(" ", 0, end)
    newline = text.rfind("\n", space + 1, end)
    start = (newline if newline != -1 else space) + 1
    return start, text[start:end]


def first_seen(items: list[tuple[int, str]]) -> list[str]:
    """The names of ``(position, name)`` pairs, deduplicated, in order of position."""
    if len(items) < 2:  # the usual case
        return [name for _position, name in items]
    return list(dict.fromkeys(name for _position, name in sorted(items, key=lambda i: i[0])))

"""Pull-quote lines: ``words - Speaker Name, role`` or ``words - Role Speaker Name``."""

from __future__ import annotations

import re

from schemas import Quote

# The last spaced dash of the line separates the quote from its attribution.
_ATTRIBUTED = re.compile(r"^(?P<text>.{12,})\s+[—–-]\s+(?P<who>[^—–]{3,120})$")
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’.-]*|(?:al|bin|de|da|del|der|di|du|la|le|van|von|ibn)-?)$")
# Words that make up roles, never names.
_ROLE_WORDS = frozenset(
    """
    president vice prime minister deputy foreign defence defense interior finance health
    secretary state general chief spokesman spokeswoman spokesperson governor mayor
    leader chancellor king queen pope prince ambassador envoy senator commander head
    director minister's chairman chairwoman chair speaker mp official officer adviser
    advisor national security council attorney justice judge premier emir sheikh crown
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_NATIONALITY = re.compile(r"^[A-Z][a-z]+(?:an|ian|ish|ese|i|ic|ch)$")
# Last words of a body's name: "Venezuelan Foreign Ministry" is no role and a name.
_BODIES = frozenset({"Ministry", "Embassy", "Commission", "Council", "Office", "Agency"})
_TRAILING_QUOTE_CHARS = "\"'“”‘’«» "
# An attribution is at most 120 characters after the dash and the spaces that follow it,
# so the dash lies in the last 122 characters unless a run of spaces reaches back there.
_DASH_REACH = 122


def _is_role_token(token: str) -> bool:
    return token.lower().strip(",.") in _ROLE_WORDS


def parse_attribution(who: str) -> tuple[str, str | None] | None:
    """Split an attribution into (name, role), or None if it is not one."""
    if who.rstrip().endswith((".", "!", "?", ":", ";")):
        return None
    name_part, _, role_part = who.partition(",")
    tokens = name_part.split()
    if not tokens or len(tokens) > 9:
        return None
    if not all(_NAME_TOKEN.match(t) or _is_role_token(t) for t in tokens):
        return None
    if tokens[-1] in _BODIES:
        return name_part.strip(), role_part.strip() or None  # the enrichment names it
    last_role = max((i for i, t in enumerate(tokens) if _is_role_token(t)), default=-1)
    name_tokens = tokens[last_role + 1 :]
    if not name_tokens or len(name_tokens) > 4:
        return None
    if last_role < 0 and (len(name_tokens) < 2 or _NATIONALITY.match(name_tokens[0])):
        # A bare capitalised phrase of one word (or led by a nationality) is no speaker.
        return None
    role_tokens = tokens[: last_role + 1]
    role = " ".join(role_tokens) or role_part.strip() or None
    if role_part.strip() and role_tokens:
        role = f"{role}, {role_part.strip()}"
    return " ".join(name_tokens), role


def _may_be_attributed(paragraph: str) -> bool:
    """False only when ``_ATTRIBUTED`` cannot match: no dash where its separator could be."""
    start = len(paragraph) - _DASH_REACH
    tail = paragraph[start:] if start > 0 and not paragraph[start].isspace() else paragraph
    return "-" in tail or "–" in tail or "—" in tail


def split_pull_quote(paragraph: str) -> Quote | None:
    """A :class:`Quote` if ``paragraph`` is a pull quote with an attribution, else None."""
    if not _may_be_attributed(paragraph):
        return None
    match = _ATTRIBUTED.match(paragraph)
    if match is None:
        return None
    speaker = parse_attribution(match["who"].strip())
    text = match["text"].strip(_TRAILING_QUOTE_CHARS)
    if speaker is None or len(text.split()) < 4:
        return None
    return Quote(text=text, speaker=speaker[0])

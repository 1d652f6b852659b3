"""Organisations the curated list lacks, found by the shape of their names.

- A capitalised name ending in an organisation's head word: ``Rapid Support Forces``,
  ``Eastern Theater Command``, ``Sudan News Agency``, or followed by ``of`` and a name:
  ``Bank of Japan``.
- A capitalised name beside a lowercase kind of organisation: ``the LockBit ransomware
  group``, ``Fano militia fighters``, ``energy company OMV``, ``state broadcaster MRTV``.
- A capitalised name that defines an acronym: ``Group for the Support of Islam and Muslims
  (JNIM)``; the acronym then names it wherever it stands in the entry.

Both start from positions the keyword automaton found already (head words and kinds are
phrases of it), so an entry without any costs nothing here. A place (``West Bank``), a
demonym (``a Russian group``) or a lone capitalised first word (``Police said``) is no
organisation. Media kinds (``broadcaster``, ``news agency``) and names such as
``… Broadcasting`` or ``… Times`` make the organisation a news outlet.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from typing import Final

from workers.pipeline.enrich.common import INITIALS, word_before
from workers.pipeline.enrich.lexicon import Lexicon
from workers.pipeline.gazetteer import Gazetteer

_CONNECTORS: Final = frozenset(
    {"of", "for", "and", "on", "the", "de", "del", "der", "di", "da", "do", "du", "des", "la",
     "le", "y"}
)  # fmt: skip
# "a Kurdish group", "Iraqi militias": an adjective of a people, not a name.
_PEOPLE_ADJECTIVE: Final = re.compile(r"[A-Z][a-z]+(?:ian|ish|ese)")
_MAX_TOKENS: Final = 7
_WEEKDAYS: Final = frozenset(
    {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
)
# Last words of a government body the keyword automaton finds by its lowercase kind.
_SEATS: Final = frozenset({"Ministry", "Embassy"})
_MAX_MODIFIERS: Final = 2  # lowercase words between a name and its kind: "ransomware group"
# Lowercase words that end a name rather than describe its kind ("X told state broadcaster").
_NOT_MODIFIERS: Final = _CONNECTORS | frozenset(
    {
        "told",
        "tells",
        "said",
        "says",
        "to",
        "by",
        "with",
        "from",
        "at",
        "in",
        "as",
        "a",
        "an",
        "its",
        "his",
        "her",
        "their",
        "our",
        "that",
        "which",
        "who",
        "joined",
        "led",
        "leads",
        "backed",
        "quoted",
        "cited",
        "reported",
        "than",
        "or",
        "but",
        "into",
        "against",
    }
)
# The word after a position (and the spaces before it); see word_before() for the other way.
_WORD_AFTER: Final = re.compile(r"[^\S\n]+([\w'’&./-]+)")
_MEDIA_HEADS: Final = frozenset(
    {"Broadcasting", "Television", "Radio", "Times", "Post", "Journal", "Herald", "Gazette",
     "Tribune", "Zeitung", "News", "Press", "Presse", "TV", "FM", "Online", "Observer"}
)  # fmt: skip
# Head words that may come first: "Radio Tamazuj", "Channel 12".
_LEADING_HEADS: Final = frozenset({"Radio", "Television", "Channel"})
_NAME_POSSESSIVES: Final = frozenset({"People's", "People’s", "Workers'", "Workers’"})
_REACH: Final = 40  # characters read before a one-word name for what comes before it
_MAX_ACRONYM: Final = 12
# Words after a head word's "of"/"for": "Headquarters for the Treatment of Prisoners of War".
_MAX_OF_TOKENS: Final = 7
_AND: Final = frozenset({"and", "y", "et", "und"})
# Connectors inside a name that follows its kind ("Geoservicios del Norte").
_INNER_CONNECTORS: Final = frozenset(
    {"of", "for", "de", "del", "der", "di", "da", "do", "dos", "das", "du", "des", "la", "le",
     "y", "van", "von"}
)  # fmt: skip
# What joins a head word to the rest of its name: "Bank of Japan", "Committee for
# National Security".
_OF: Final = frozenset({"of", "for"})
# The people of an organisation, named before it: "Fighters of the M23 rebel group".
_MEMBERS: Final = frozenset(
    {"fighters", "members", "leaders", "supporters", "militants", "commanders", "officials",
     "gunmen", "followers", "loyalists", "troops", "soldiers"}
)  # fmt: skip
# A name that defines an acronym may hold "in": "Islamic Resistance in Iraq (IRI)".
_IN: Final = frozenset({"in"})


@dataclass(frozen=True, slots=True)
class Body:
    """An organisation found by its name's shape."""

    start: int
    end: int
    name: str
    outlet: bool


def _name_word(word: str) -> bool:
    """A word that can be part of a name: capitalised (``Forces``, ``LockBit``, ``M23``),
    not ``Kurdish-led`` nor a possessive (but ``People's``), nor a word ending a sentence
    (``U.S.`` may)."""
    if word in _NAME_POSSESSIVES:
        return True
    if not word[:1].isupper() or word.endswith(("'s", "’s", "'", "’")):
        return False
    if not word[-1].isalnum() and not INITIALS.fullmatch(word):
        return False  # "Thursday," or "Forces." ends where a name cannot go on
    if word in _WEEKDAYS:
        return False  # "the Federal Court of Cassation on Thursday"
    last = word.rsplit("-", 1)[-1]
    return not (last != word and last.islower())


class NamedBodies:
    """Finds :class:`Body` mentions; build once per :class:`Enricher`."""

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer) -> None:
        self._lexicon = lexicon
        self._gazetteer = gazetteer
        self._heads = lexicon.organization_heads
        self._institutions = lexicon.institution_words
        self._media = lexicon.media_kinds
        self._kinds = lexicon.every_kind
        self._roles = lexicon.role_words

    def named(self, phrase: str) -> str | None:
        """The organisation a whole phrase names, if it is one (a pull quote's cite:
        ``Venezuelan Foreign Ministry``, ``Kenya National Commission on Human Rights``)."""
        listed = self._lexicon.organizations.get(phrase)
        if listed is not None:
            return listed
        words = phrase.split()
        if len(words) < 2 or words[-1] in _CONNECTORS:
            return None
        if not all(word[0].isupper() or word in _CONNECTORS for word in words):
            return None  # "a spokeswoman for the Commission"
        if words[-1] in _SEATS or any(word in self._heads for word in words):
            return phrase
        return None

    def defined(self, text: str) -> list[tuple[Body, str]]:
        """Each ``Full Name (ACRONYM)`` of ``text``: the body and its acronym."""
        found: list[tuple[Body, str]] = []
        opening = text.find(" (")
        while opening != -1:
            close = text.find(")", opening + 2, opening + 2 + _MAX_ACRONYM)
            acronym = text[opening + 2 : close] if close != -1 else ""
            if _is_acronym(acronym) and self._gazetteer.lookup(acronym) is None:
                tokens, start = self._words_before(
                    text, opening + 1, _MAX_TOKENS + 3, connectors=True, extra=_IN
                )
                if len(tokens) > 1 and tokens[-1] in self._heads:  # "Troops of the … Force"
                    kept, start = self._after_holder(tokens[:-1], start)
                    tokens = [*kept, tokens[-1]]
                elif tokens and tokens[0] in self._heads:  # "… Prosecutor's Office (EPPO)"
                    possessed = self._possessor_before(text, start)
                    if possessed is not None:
                        tokens, start = [*possessed[0], *tokens], possessed[1]
                body = self._body(text, tokens, start, opening, outlet=False, shortest=2)
                if body is not None:
                    found.append((body, acronym))
            opening = text.find(" (", opening + 2)
        return found

    def find(
        self,
        text: str,
        hits: list[tuple[int, str]],
        taken: list[tuple[int, int]],
        not_names: Container[str] = (),
        replaceable: list[tuple[int, int]] = (),  # type: ignore[assignment]
    ) -> list[Body]:
        """Organisations around ``hits`` (where a head word or a kind starts, case aside,
        and which phrase), outside the ``taken`` spans (names known already) and other
        than ``not_names`` (people's names, platforms); a body may hold ``replaceable``
        spans (listed names: "the Nepali Congress" holds "Congress")."""
        candidates: list[Body | None] = []
        for position, phrase in hits:
            if text[position].isupper():
                candidates.append(self._headed(text, position, phrase))
            elif phrase in self._kinds:
                media = phrase in self._media
                end = position + len(phrase)
                after = self._after_kind(text, end, media) if _may_start_name(text, end) else None
                if after is not None:
                    # "the Mapuche group Coordinadora Arauco-Malleco": the name follows,
                    # the word before only describes it.
                    candidates.append(after)
                elif text[position - 2 : position - 1].isalnum():  # a word right before
                    candidates.append(self._before_kind(text, position, media))
        found: list[Body] = []
        for body in candidates:
            if body is None or body.name in not_names:
                continue
            if _overlaps(body, taken, replaceable, found):
                continue
            found.append(body)
        return sorted(found, key=lambda body: body.start)

    def _headed(self, text: str, position: int, phrase: str) -> Body | None:
        """``Rapid Support Forces``, ``Bank of Japan``: a head word at ``position``."""
        head = text[position : position + len(phrase)]
        if head not in self._heads:
            return None  # lowercase: "the forces", "police said"
        following = _WORD_AFTER.match(text, position + len(phrase))
        if following is not None and following[1].rstrip(".,;:") in self._heads:
            return None  # "Cyprus News Agency": the next head word ends the name
        tokens, start = self._words_before(text, position, _MAX_TOKENS - 1, connectors=True)
        if tokens:
            tokens, start = self._after_holder(tokens, start)
        if (number := _number_before(text, start)) is not None:
            # "the 444 Brigade", "the 45th Panzer Brigade"
            tokens, start = [number[1], *tokens], number[0]
        if not tokens and (possessed := self._possessor_before(text, position)) is not None:
            tokens, start = possessed
        end = position + len(head)
        if head in _LEADING_HEADS and not tokens:
            after = self._after_kind(text, end, media=True)  # "Radio Tamazuj"
            if after is not None:
                return Body(position, after.end, f"{head} {after.name}", True)
        tail, end = self._of_name(text, end)
        return self._body(text, [*tokens, head, *tail], start, end, outlet=head in _MEDIA_HEADS)

    def _possessor_before(self, text: str, position: int) -> tuple[list[str], int] | None:
        """The words of a possessor that is no place before a head word at ``position``
        (``the Sofia City Prosecutor's Office``), with where they start."""
        possessor_start, possessor = word_before(text, position)
        base = possessor[:-2] if possessor.endswith(("'s", "’s")) else ""
        if not base[:1].isupper() or self._gazetteer.lookup(base) is not None:
            return None
        more, before = self._words_before(text, possessor_start, _MAX_TOKENS - 2, connectors=True)
        if self._gazetteer.lookup(" ".join([*more, base])) is not None:  # "South Africa's"
            return None
        return [*more, possessor], before if more else possessor_start

    def _after_holder(self, tokens: list[str], start: int) -> tuple[list[str], int]:
        """``Troops of the Rwanda Defence``, ``Grace Kim of the Royal Australian``: the words
        after the last ``of``/``for``, unless a head word before it makes it part of the name
        (``Union of Journalists``, ``Ministry of Defence Press``)."""
        for index in range(len(tokens) - 1, 0, -1):
            if tokens[index] in _OF:
                before, after = tokens[:index], tokens[index + 1 :]
                if (
                    self._heads.isdisjoint(before)
                    and self._institutions.isdisjoint(before)
                    and any(token not in _CONNECTORS for token in after)  # Chiefs of Staff
                ):
                    start += len(" ".join(tokens[: index + 1])) + 1
                    return tokens[index + 1 :], start
                break
        return tokens, start

    def _before_kind(self, text: str, position: int, media: bool) -> Body | None:
        """``the LockBit ransomware group``: a name, up to two lowercase words, the kind."""
        cursor = position
        for _ in range(_MAX_MODIFIERS + 1):
            start, word = word_before(text, cursor)
            if _name_word(word):
                break
            if not (word.isalpha() and word.islower()) or word in _NOT_MODIFIERS:
                return None
            cursor = start
        else:
            return None
        tokens, start = self._words_before(text, cursor, 4, connectors=True)
        end = start + len(" ".join(tokens))
        if tokens and tokens[0].lower() in _MEMBERS and "of" in tokens:
            # "Fighters of the M23 rebel group": the M23 ("Mothers of Srebrenica" stays)
            held = tokens.index("of") + 1
            start += len(" ".join(tokens[:held])) + 1
            tokens = tokens[held:]
        return self._body(text, tokens, start, end, outlet=media)

    def _after_kind(self, text: str, end: int, media: bool) -> Body | None:
        """``energy company OMV``: the kind ends at ``end``, a name follows."""
        tokens: list[str] = []
        start = right = end
        while len(tokens) < 5:
            following = _WORD_AFTER.match(text, right)
            if following is None:
                break
            word = following[1]
            if not tokens and word == "the":
                right = following.end()
                continue
            clean = word.rstrip(".,;:")
            if tokens and clean == word and clean in _INNER_CONNECTORS:
                # "Geoservicios del Norte": a connector only when a name word follows it.
                after = _WORD_AFTER.match(text, following.end())
                following_word = after[1].rstrip(".,;:") if after else ""
                if not _name_word(following_word) or following_word in self._lexicon.name_stop:
                    break
                tokens.append(clean)
                right = following.end()
                continue
            if not clean or not (
                _name_word(clean) or (tokens and clean.isdigit()) or _brand_word(clean)
            ):
                break
            if not tokens:
                start = following.start(1)
            tokens.append(clean)
            right = following.start(1) + len(clean)
            if clean != word:
                break
        if not tokens or tokens[0] in self._roles:
            return None  # "party leader", "the group's Chairman Smith"
        return self._body(text, tokens, start, right, outlet=media)

    def _words_before(
        self,
        text: str,
        position: int,
        most: int,
        *,
        connectors: bool,
        extra: frozenset[str] = frozenset(),
    ) -> tuple[list[str], int]:
        """The name words (and, with ``connectors``, ``of``/``the``… and ``extra``) right
        before ``position``, and where the first starts."""
        tokens: list[str] = []
        start = position
        while len(tokens) < most:
            before, word = word_before(text, start)
            if not word or not (
                _name_word(word) or (connectors and (word in _CONNECTORS or word in extra))
            ):
                break
            if word == "the" and word_before(text, before)[1] not in _CONNECTORS:
                break  # "In Washington the State Department", not "Bank of the South"
            tokens.insert(0, word)
            start = before
        return tokens, start

    def _of_name(self, text: str, end: int) -> tuple[list[str], int]:
        """``of Japan`` or ``for National Security`` after a head word: the words and where
        they end (``end`` if none)."""
        following = _WORD_AFTER.match(text, end)
        if following is None or following[1] not in _OF:
            return [], end
        tokens, kept, right = [following[1]], 0, following.end()
        while len(tokens) < _MAX_OF_TOKENS:
            following = _WORD_AFTER.match(text, right)
            if following is None:
                break
            word = following[1]
            clean = word.rstrip(".,;:")
            if clean in _CONNECTORS and clean == word:
                tokens.append(word)
                right = following.end()
                continue
            if not clean or not _name_word(clean):
                break
            tokens.append(clean)
            kept, right = len(tokens), following.start(1) + len(clean)
            if clean != word:
                break
        return (tokens[:kept], right) if kept else ([], end)

    def _distinct(self, text: str, start: int, word: str) -> bool:
        """Whether a one-word name stands out as one (``FARC``, ``LockBit``, a capital
        mid-sentence), rather than being a capitalised first word."""
        if word.isupper() or not word[1:].islower():
            return True
        before = text[max(0, start - _REACH) : start].rstrip(" \t")
        return bool(before) and (before[-1].isalpha() or before[-1] == ",")

    def _body(
        self,
        text: str,
        tokens: list[str],
        start: int,
        end: int,
        *,
        outlet: bool,
        shortest: int = 1,
    ) -> Body | None:
        # Not part of the name: leading stop words ("The", "On") and connectors, and a
        # title before "of" ("President of the European Commission").
        stop = self._lexicon.name_stop
        cut = 0
        for index, token in enumerate(tokens):
            if (
                token in _CONNECTORS
                and token not in _AND  # "State Security and Peace Commission": no title
                and index
                and all(t in self._roles or t in stop or t in _CONNECTORS for t in tokens[:index])
            ):
                cut = index + 1
        while tokens and tokens[-1] in _CONNECTORS:
            tokens.pop()
        lookup = self._gazetteer.lookup
        for index, token in enumerate(tokens):
            if (
                token in _AND
                and index > cut
                and (
                    tokens[index + 1 : index + 2] == ["the"]
                    or all(lookup(t) is not None for t in tokens[cut:index] if t not in _CONNECTORS)
                )
            ):
                # "Georgian and European Union", "the EU and the European Union": the second
                # alone ("Nuclear Safety and Safeguards Commission" is one name).
                cut = index + 1
        while cut < len(tokens) and (tokens[cut] in _CONNECTORS or tokens[cut] in stop):
            if tokens[cut] == "The" and cut == 0 and _after_lowercase(text, start):
                break  # "told The Daily Star": the article is part of the name
            cut += 1
        for dropped in tokens[:cut]:
            start = text.find(dropped, start) + len(dropped)
        tokens = tokens[cut:]
        if not tokens:
            return None
        start = text.find(tokens[0], start)
        content = [token for token in tokens if token not in _CONNECTORS]
        if len(content) < shortest:
            return None
        if len(content) == 1 and (
            content[0] in self._heads
            or _PEOPLE_ADJECTIVE.fullmatch(content[0])
            or not self._distinct(text, start, content[0])
        ):
            return None
        name = " ".join(tokens)
        lookup = self._gazetteer.lookup
        if lookup(name) is not None or all(lookup(token) is not None for token in content):
            return None  # a place, or a demonym: "West Bank", "a Russian group"
        name = self._lexicon.organizations.get(name, name)
        outlet = outlet or any(token in _MEDIA_HEADS for token in content)
        return Body(start, end, name, outlet)


def _number_before(text: str, position: int) -> tuple[int, str] | None:
    """``444`` or ``3rd`` with where it starts, when it stands between ``the`` and
    ``position``: a unit named by its number."""
    start, word = word_before(text, position)
    if not word[:1].isdigit() or not (word.isdigit() or word[-2:] in ("st", "nd", "rd", "th")):
        return None
    _before, article = word_before(text, start)
    # "Ukraine's 45th Panzer Brigade" too; a bare number needs its article ("killed 12 …")
    ordinal = not word.isdigit()
    return (start, word) if ordinal or article in ("the", "The") else None


def _brand_word(word: str) -> bool:
    """``14ymedio``, ``bTV``: a name that does not start with a capital letter."""
    return word.isalnum() and (
        (word[0].isdigit() and not word.isdigit()) or (word[0].islower() and not word.islower())
    )


def _may_start_name(text: str, end: int) -> bool:
    """Whether a capitalised word follows ``end`` after a space (or after "the ")."""
    if text[end : end + 1] != " ":
        return False
    if text.startswith("the ", end + 1):
        end += 4
    first = text[end + 1 : end + 2]
    return first.isupper() or first.isdigit() or text[end + 2 : end + 3].isupper()


def _after_lowercase(text: str, start: int) -> bool:
    """Whether a lowercase word and a space come right before ``start`` (mid-sentence)."""
    return start > 1 and text[start - 1] == " " and text[start - 2].islower()


def _holds(body: Body, span: tuple[int, int], replaceable: list[tuple[int, int]]) -> bool:
    """Whether ``span`` is one of ``replaceable`` and lies inside ``body``, strictly."""
    start, end = span
    return (
        span in replaceable
        and body.start <= start
        and end <= body.end
        and (end - start) < (body.end - body.start)
    )


def _is_acronym(word: str) -> bool:
    """``JNIM``, ``FARDC``, ``NoName057``, ``Confemin``: a capitalised short word with no
    spaces, and two capitals at least unless it is a single capitalised word."""
    return (
        1 < len(word) <= _MAX_ACRONYM
        and word[0].isupper()
        and word.replace("-", "").replace(".", "").isalnum()
    )


def _overlaps(
    body: Body,
    taken: list[tuple[int, int]],
    replaceable: list[tuple[int, int]],
    found: list[Body],
) -> bool:
    """Whether ``body`` overlaps a known name it does not hold (see :func:`_holds`) or a
    body found already."""
    for span in taken:
        if span[0] < body.end and body.start < span[1] and not _holds(body, span, replaceable):
            return True
    return any(other.start < body.end and body.start < other.end for other in found)

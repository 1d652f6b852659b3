"""People: titled names (``Defence Minister Sergei Shoigu``), quote speakers, and the
resolution of later mentions (``Shoigu``, ``Kim``) to the person already found."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import product
from typing import Final

from schemas import Person
from workers.pipeline.enrich.common import (
    GAP,
    NAME,
    PARTICLES,
    W,
    ascii_lowercase,
    find_word,
    lowercase,
)
from workers.pipeline.enrich.lexicon import KeywordIndex, Lexicon
from workers.pipeline.gazetteer import Gazetteer, literal_alternation, word_matches

_HONORIFICS: Final = frozenset(["Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Sir"])
_ROMAN: Final = re.compile(r"[IVX]{1,4}")


def _case_variants(phrase: str) -> set[str]:
    """``defence minister`` → also ``Defence Minister``, ``Defence minister``; ``MP``."""
    options = []
    for word in phrase.split(" "):
        forms = {word, word[:1].upper() + word[1:], word.title()}
        if len(word) <= 3:
            forms.add(word.upper())
        options.append(forms)
    return {" ".join(words) for words in product(*options)}


def strip_possessive(token: str) -> str:
    """``Zelenskyy's`` → ``Zelenskyy``; also ``’s`` and a bare ``'`` or ``’``."""
    last = token[-1:]
    if last == "s":
        return token[:-2] if token.endswith(("'s", "’s")) else token
    return token[:-1] if last in ("'", "’") else token


def _same_person(short: list[str], long: list[str]) -> bool:
    """Whether two spellings name the same person (``Putin`` / ``Vladimir Putin``)."""
    if len(short) > len(long):
        short, long = long, short
    if short == long[-len(short) :]:
        return True
    # Family name first (Kim Jong Un, Xi Jinping): the first token alone names them too.
    return len(short) == 1 and len(long) >= 3 and short[0] == long[0]


@dataclass(slots=True)
class Found:
    name: str
    role: str | None
    first: int

    def mentions(self) -> list[str]:
        """Strings that name this person: full name, surname, first token (Kim)."""
        tokens = self.name.split()
        first = tokens[:1] if len(tokens) >= 3 else []
        return [self.name, tokens[-1], *first]


class People:
    """The people of one entry; a shorter and a fuller spelling are one person."""

    def __init__(self) -> None:
        self.found: list[Found] = []

    def resolve(self, name: str) -> Found | None:
        if not self.found:
            return None
        tokens = [token for token in name.split() if token not in _HONORIFICS]
        if not tokens:
            return None
        return next((f for f in self.found if _same_person(tokens, f.name.split())), None)

    def add(self, name: str, role: str | None, position: int) -> Found:
        known = self.resolve(name)
        if known is None:
            known = Found(name, role, position)
            self.found.append(known)
            return known
        if len(name.split()) > len(known.name.split()):
            known.name = name
        known.role = known.role or role
        known.first = min(known.first, position)
        return known

    def last_mentioned(self, text: str, before: int) -> Found | None:
        best: tuple[int, Found | None] = (-1, None)
        for found in self.found:
            for mention in found.mentions():
                index = find_word(text, mention, last_before=before)
                if index > best[0]:
                    best = (index, found)
        return best[1]

    def ordered(self, text: str) -> list[Person]:
        def first(found: Found) -> int:
            hits = [i for m in found.mentions() if (i := find_word(text, m)) != -1]
            return min([found.first, *hits])

        people = sorted(self.found, key=first) if len(self.found) > 1 else self.found
        return [Person(name=f.name, role=f.role) for f in people]


def _at_roles(
    pattern: re.Pattern[str], text: str, role_starts: Iterable[int]
) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` yields, for a pattern that starts with a non-word
    character and a role (``titled``).

    ``role_starts`` (ascending) are where a role starts as a whole word in ``lowercase(text)``:
    the only places such a match can start, so the pattern is tried there alone rather than
    at every non-word character.
    """
    end = 0
    for start in role_starts:
        if start <= end:  # inside the previous match, or tried already
            continue
        match = pattern.match(text, start - 1)
        end = start if match is None else match.end()
        if match is not None:
            yield match


class Names:
    """Precompiled name patterns and the rules that turn a capitalised run into a person."""

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer) -> None:
        self._lexicon = lexicon
        self._gazetteer = gazetteer
        roles = {variant for role in lexicon.roles for variant in _case_variants(role)}
        role = literal_alternation(roles)
        # Where a titled name can start, as lowercase() spells the role in either of its modes.
        self.role_phrases = frozenset(
            form for variant in roles for form in (variant.lower(), ascii_lowercase(variant))
        )
        self._roles = KeywordIndex(dict.fromkeys(self.role_phrases))
        self.titled = re.compile(rf"{W}(?P<role>{role}){GAP}(?P<name>{NAME})")
        # "a spokesperson for Salvamento Marítimo" names an organisation, not a person.
        self._role_of = re.compile(
            rf"{W}(?:{role}){GAP}(?:for|of|at|from){GAP}(?:the{GAP})?(?P<name>{NAME})"
        )
        self.name_run = re.compile(rf"{W}(?P<name>{NAME})")
        self.organizations = re.compile(rf"(?:{literal_alternation(lexicon.organizations)})(?!\w)")

    def titled_people(
        self, text: str, people: People, role_starts: Iterable[int]
    ) -> list[tuple[int, int]]:
        """Adds every ``<role> <Name>`` of ``text`` to ``people``; returns the names' spans.

        ``role_starts`` (ascending) are where one of :attr:`role_phrases` starts as a whole
        word in the lowercased text (see :func:`_at_roles`).
        """
        spans = []
        for match in _at_roles(self.titled, text, role_starts):
            name = self.titled_name(match["name"])
            if name is not None:
                people.add(name, " ".join(match["role"].split()), match.start("name"))
                spans.append(match.span("name"))
        return spans

    def is_entity(self, token: str) -> bool:
        return self._gazetteer.lookup(token) is not None or token in self._lexicon.organizations

    def clean_name(self, raw: str, *, skip_leading: bool) -> str | None:
        """The person name in a capitalised run: stop words end it, institutions void it.

        With ``skip_leading``, places and stop words before the name are skipped
        (``Ukraine's Zelenskyy``, ``The paper``).
        """
        kept: list[str] = []
        for token in raw.split():
            base = strip_possessive(token)
            acronym = base.isupper() and len(base) > 1 and not (kept and _ROMAN.fullmatch(base))
            if (
                base in self._lexicon.name_stop
                or acronym
                or (skip_leading and self.is_entity(base))
            ):
                if kept or not skip_leading:
                    break
                continue
            if base in self._lexicon.institution_words:
                return None
            kept.append(base)
            if base != token:
                break  # a possessive ends the name
        while kept and (kept[-1] in PARTICLES or kept[-1].endswith(".")):
            kept.pop()
        return " ".join(kept) or None

    def titled_name(self, raw: str) -> str | None:
        name = self.clean_name(raw, skip_leading=False)
        if name is None or self.is_entity(name):
            return None  # "head Wagner", "President Ukraine"
        return name

    def speaker(
        self, phrase: str, people: People, position: int, text: str, *, inverted: bool
    ) -> str | None:
        """The canonical speaker an attribution phrase names; registers new people.

        A bare surname that no one found has yet is completed from ``text`` when it spells
        the name out (``Kim`` → ``Kim Jong Un``).
        """
        phrase = f" {phrase}"
        roles = [start for start, *_ in self._roles.scan(lowercase(phrase))]
        for match in _at_roles(self.titled, phrase, roles):
            name = self.titled_name(match["name"])
            if name is not None:
                return people.add(name, " ".join(match["role"].split()), position).name
        for match in _at_roles(self._role_of, phrase, roles):
            body = self.clean_name(match["name"], skip_leading=True)
            if body is not None:
                return self._lexicon.organizations.get(body, body)
        role_reference = phrase.lower().strip().removeprefix("the ").strip()
        for found in people.found:
            if found.role and found.role.lower() == role_reference:
                return found.name  # "said the governor"
        names = [
            name
            for match in self.name_run.finditer(phrase)
            if (name := self.clean_name(match["name"], skip_leading=True))
        ]
        if names:
            name = names[0] if inverted else names[-1]
            known = people.resolve(name)
            if known is not None:
                return known.name
            if " " not in name:
                name = self._fuller_name(text, name)
            return people.add(name, None, position).name
        organization = next(word_matches(self.organizations, phrase), None)
        return self._lexicon.organizations[organization.group()] if organization else None

    def _fuller_name(self, text: str, name: str) -> str:
        for match in self.name_run.finditer(text):
            run = match["name"]
            if name not in run:  # every token of a cleaned name is part of its run
                continue
            candidate = self.clean_name(run, skip_leading=True)
            if candidate and " " in candidate and _same_person([name], candidate.split()):
                return candidate
        return name

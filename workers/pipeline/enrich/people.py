"""People: titled names (``Defence Minister Sergei Shoigu``), quote speakers, and the
resolution of later mentions (``Shoigu``, ``Kim``) to the person already found."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import product
from typing import Final

from schemas import Person
from workers.pipeline.enrich.common import (
    GAP,
    INITIALS,
    NAME,
    PARTICLES,
    TOKEN,
    W,
    ascii_lowercase,
    find_word,
    lowercase,
    word_before,
)
from workers.pipeline.enrich.lexicon import MINISTRY_KINDS, KeywordIndex, Lexicon, NameIndex
from workers.pipeline.gazetteer import Gazetteer, literal_alternation

# Burmese "Daw" (a woman) and "U" (a man) too: "Daw Aung San Suu Kyi".
_HONORIFICS: Final = frozenset(
    ["Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Sir", "Daw", "U"]
)
_ROMAN: Final = re.compile(r"[IVX]{1,4}")
_NAME_JOINERS: Final = "_-"  # "Mahamat" is a mention of its own, not in "Mahamat-Issa"
# A name set off by a comma after its role ends at a comma or the end of its sentence.
_APPOSED: Final = rf"(?={NAME}(?:,|\.(?:\s|$)|$))"
# Where a role is held, between it and its apposed name: "its ambassador in Vilnius, Name,".
_POST: Final = rf"(?:{GAP}(?:in|to|at){GAP}(?:the{GAP})?{TOKEN}(?:{GAP}{TOKEN})?)?"
_POST_WORDS: Final = frozenset({" in ", " to ", " at "})
# Last words of what a role is "of" besides institutions: a ministry's field ("Minister of
# Foreign Affairs", "of Health"), or a force ("Commissioner of Police").
_FIELDS: Final = frozenset(
    {word for kind in MINISTRY_KINDS.values() for word in kind.split()}
    | {"Affairs", "Defense", "Police", "Staff", "Security"}
)
_APPOSITION_REACH: Final = 60  # characters between a name's comma and its role, at most
_MAX_NAME_WORDS: Final = 7  # words (particles included) walked back over for a name


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


def _bare(token: str) -> str:
    """``al-Burhan`` → ``Burhan``: how a later mention spells an Arabic family name."""
    return token[3:] if token[:3] in ("al-", "Al-", "el-", "El-") else token


def _same_person(short: list[str], long: list[str]) -> bool:
    """Whether two spellings name the same person (``Putin`` / ``Vladimir Putin``)."""
    if len(short) > len(long):
        short, long = long, short
    last = short[-1]
    if (last == long[-1] or last == _bare(long[-1])) and (
        short == long[-len(short) :] or short == [_bare(token) for token in long[-len(short) :]]
    ):
        return True
    # A longer name is often shortened to another of its parts: the family name first
    # (Kim Jong Un, Xi Jinping), the paternal surname of two (Pérez of María Alejandra Pérez
    # Gutiérrez), the name a leader goes by (Lula of Luiz Inácio Lula da Silva).
    # Two words: the given name a leader goes by (Anwar of Anwar Ibrahim).
    return len(short) == 1 and (
        (len(long) >= 3 and any(last == _bare(token) for token in long))
        or (len(long) == 2 and last == long[0])
    )


@dataclass(slots=True)
class Found:
    name: str
    role: str | None
    first: int
    tokens: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.tokens = self.name.split()

    def mentions(self) -> list[str]:
        """Strings that name this person: full name, surname, and of a longer name its
        other words too (Kim of Kim Jong Un, Londoño of Iván Darío Londoño Zapata)."""
        tokens = self.name.split()
        if len(tokens) < 3:
            return [self.name, tokens[-1]]
        others = [t for t in tokens[:-1] if t not in PARTICLES and not t.endswith(".")]
        return [self.name, tokens[-1], *others]


class People:
    """The people of one entry; a shorter and a fuller spelling are one person."""

    def __init__(self) -> None:
        self.found: list[Found] = []

    def resolve(self, name: str) -> Found | None:
        if not self.found:
            return None
        tokens = name.split()
        if not _HONORIFICS.isdisjoint(tokens):
            tokens = [token for token in tokens if token not in _HONORIFICS]
            if not tokens:
                return None
        for found in self.found:
            if _same_person(tokens, found.tokens):
                return found
        return None

    def add(self, name: str, role: str | None, position: int) -> Found:
        known = self.resolve(name)
        if known is None:
            known = Found(name, role, position)
            self.found.append(known)
            return known
        if len(name.split()) > len(known.tokens):
            known.name = name
            known.tokens = name.split()
        known.role = known.role or role
        known.first = min(known.first, position)
        return known

    def last_mentioned(self, text: str, before: int) -> tuple[int, Found | None]:
        """The person mentioned last before ``before`` and where (-1 if no one)."""
        best: tuple[int, Found | None] = (-1, None)
        for found in self.found:
            for mention in found.mentions():
                index = find_word(text, mention, last_before=before, joiners=_NAME_JOINERS)
                if index > best[0]:
                    best = (index, found)
        return best

    def ordered(self, text: str) -> list[Person]:
        def first(found: Found) -> int:
            best = found.first
            for mention in found.mentions():  # only an earlier mention can change it
                index = find_word(text, mention, before=best, joiners=_NAME_JOINERS)
                if index != -1:
                    best = index
            return best

        people = sorted(self.found, key=first) if len(self.found) > 1 else self.found
        return [Person(name=f.name, role=f.role) for f in people]


def _capital_after(text: str, end: int) -> bool:
    """Whether a capitalised word (or ``al-``/``el-``) follows ``end``, after spaces or
    after a comma and spaces, or where the role is held follows it ("in Vilnius")."""
    if text[end : end + 4] in _POST_WORDS:
        return True
    if text[end : end + 1] == ",":
        end += 1
    start = end
    while text[end : end + 1] in (" ", "\t"):
        end += 1
    return end > start and (text[end : end + 1].isupper() or text[end : end + 3] in ("al-", "el-"))


def _name_start(text: str, end: int) -> int:
    """Where a name right after a role ending at ``end`` starts (after ``, `` and spaces)."""
    if text[end : end + 1] == ",":
        end += 1
    while text[end : end + 1] == " ":
        end += 1
    return end


class Names:
    """Precompiled name patterns and the rules that turn a capitalised run into a person."""

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer) -> None:
        self._lexicon = lexicon
        self._gazetteer = gazetteer
        self._institutions = lexicon.institution_words | lexicon.organization_heads
        self.kinds = lexicon.every_kind
        """Lowercase kinds of organisation (``party``, ``broadcaster``)."""
        self._role_words = lexicon.role_words
        roles = {variant for role in lexicon.roles for variant in _case_variants(role)}
        self._role_variants = frozenset(roles)
        # Where a titled name can start, as lowercase() spells the role in either of its modes.
        self.role_phrases = frozenset(
            form for variant in roles for form in (variant.lower(), ascii_lowercase(variant))
        )
        self._roles = KeywordIndex(dict.fromkeys(self.role_phrases))
        # After a role: "<role> Name" or "<role>, Name," ("A Fano commander, Zemene Kassie,"
        # or "the US ambassador, Ronald Johnson.").
        self._name_after_role = re.compile(rf"(?:{GAP}|{_POST},{GAP}{_APPOSED})(?P<name>{NAME})")
        # A name that starts at a given position and ends where it should (see _name_before).
        self._name_at = re.compile(rf"(?P<name>{NAME})")
        self._after_verb = re.compile(rf"{GAP}(?P<name>{NAME})")
        # "a spokesperson for Salvamento Marítimo" names an organisation, not a person.
        self._of_after_role = re.compile(
            rf"{GAP}(?:for|of|at|from){GAP}(?:the{GAP})?(?P<name>{NAME})"
        )
        self.name_run = re.compile(rf"{W}(?P<name>{NAME})")
        self._of_then_name = re.compile(rf" of{GAP}(?:the{GAP})?(?P<run>{NAME})")
        self.organizations = NameIndex(lexicon.organizations)

    @cached_property
    def titled(self) -> re.Pattern[str]:
        """``<role> <Name>`` anywhere: what the search from the roles the keyword automaton
        found must agree with (the tests check it); too big a pattern for the hot path."""
        roles = literal_alternation(self._role_variants)
        return re.compile(rf"{W}(?P<role>{roles})(?:{GAP}|{_POST},{GAP}{_APPOSED})(?P<name>{NAME})")

    def _after_roles(
        self, text: str, roles: Iterable[tuple[int, int]], pattern: re.Pattern[str]
    ) -> Iterator[tuple[str, re.Match[str]]]:
        """``(role, match)`` for each role (``(start, end)``, ascending) as written in
        ``text`` that ``pattern`` matches right after; roles inside a match are skipped."""
        reached = 0
        for start, end in roles:
            if start < reached:
                continue
            role = text[start:end]
            if role not in self._role_variants:
                continue  # "DEFENCE MINISTER": not how a role is written before a name
            match = pattern.match(text, end)
            if match is not None:
                reached = match.end()
                yield role, match

    def titled_people(
        self, text: str, people: People, roles: Iterable[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """Adds every ``<role> <Name>`` (and ``<Name>, a <role>``) of ``text`` to ``people``;
        returns the names' spans.

        ``roles`` (ascending) are where the longest of :attr:`role_phrases` starting there
        as a whole word in the lowercased text starts and ends (see :meth:`_after_roles`).
        """
        spans = []
        roles = list(roles)
        # Only a capital letter after the role (or after ", ") can start a name.
        named = [(start, end) for start, end in roles if _capital_after(text, end)]
        for role, match in self._after_roles(text, named, self._name_after_role):
            name = self.titled_name(match["name"])
            if name is not None:
                people.add(name, role, match.start("name"))
                spans.append(match.span("name"))
        spans += self._after_role_of(text, people, roles, spans)
        # A role that a name follows is that name's, not the one before its comma ("the
        # commander of the Coast Guard, Lieutenant General Pham Hoa").
        titled = {start for start, _end in spans}
        # "Adam Rijal, a spokesman for", "Jimmy Chérizier, the former police officer": a
        # name, a comma, at most four lowercase words, the role.
        for start, end in roles:
            if titled and _name_start(text, end) in titled:
                continue
            comma = text.rfind(",", max(0, start - _APPOSITION_REACH), start)
            if comma < 1 or not text[comma - 1].isalpha() or any(s <= comma < e for s, e in spans):
                continue  # the name must end right at the comma
            between = text[comma + 1 : start]
            words = between.split()
            if (
                not between[:1].isspace()
                or len(words) > 4
                or not all(
                    (word.islower() and word.replace("-", "").isalpha())
                    or self.is_entity(strip_possessive(word))  # ", the Taliban's"
                    for word in words
                )
            ):
                continue  # ", the Dutch envoy": lowercase words, or a demonym
            found = self._name_before(text, comma, spaced=False)
            if found is None:
                continue
            name = self.titled_name(found[1])
            if name is not None and (" " in name or people.resolve(name)):
                people.add(name, None, found[0])
                spans.append((found[0], comma))
        return spans

    def _after_role_of(
        self,
        text: str,
        people: People,
        roles: list[tuple[int, int]],
        taken: list[tuple[int, int]],
    ) -> list[tuple[int, int]]:
        """Adds each ``<role> of <body> <Name>`` ("Commissioner of Police Sanjay Rawat",
        "Minister of Foreign Affairs Ana Duarte"): the name after the body's last word
        (an institution, a field such as ``Affairs``, a place); returns the names' spans."""
        spans = []
        for start, end in roles:
            if text[end : end + 4] != " of " or any(s <= end < e for s, e in taken):
                continue
            match = self._of_then_name.match(text, end)
            if match is None:
                continue
            words = list(re.finditer(r"\S+", match["run"]))
            tokens = [word[0] for word in words]
            body = max((i for i, token in enumerate(tokens) if self._ends_body(token)), default=-1)
            if body < 0 or body + 1 == len(tokens):
                continue
            name = self.titled_name(" ".join(tokens[body + 1 :]))
            if name is None or " " not in name:
                continue
            role = f"{text[start:end]} of {' '.join(tokens[: body + 1])}"
            position = match.start("run") + words[body + 1].start()
            people.add(name, role, position)
            spans.append((position, match.end()))
        return spans

    def _ends_body(self, token: str) -> bool:
        """Whether a word may end the body a role is "of" (``Police``, ``Affairs``)."""
        return token in self._institutions or token in _FIELDS or self.is_entity(token)

    def mentioned_people(
        self,
        text: str,
        people: People,
        verbs: Iterable[tuple[int, int, bool]],
        taken: list[tuple[int, int]],
    ) -> list[tuple[int, int]]:
        """Adds the full names (two words or more) right before a verb of speech or right
        after a verb that takes a person: ``verbs`` are ``(start, end, name_after)``, not
        inside ``taken`` spans (names found already). Returns the names' spans."""
        spans = []
        for position, end, after in verbs:
            if after:
                if not text[end + 1 : end + 2].isupper():
                    continue  # "appointed him", "met with the president"
                match = self._after_verb.match(text, end)
                if match is None:
                    continue
                start, stop = match.span("name")
                run = match["name"]
            else:
                word_start, word = word_before(text, position)
                if not word[:1].isupper() or any(s <= word_start < e for s, e in taken):
                    continue  # "officials said", ", he said", "Defence Minister Shoigu said"
                if word.endswith(","):  # "a soldier at the scene, Abdullahi Hassan Nur, told"
                    found = self._name_before(text, word_start + len(word) - 1, spaced=False)
                    if found is None or text[: found[0]].rstrip()[-1:] != ",":
                        continue
                else:
                    found = self._name_before(text, position)
                if found is None:
                    continue
                start, run = found
                stop = start + len(run)
            if " " not in run or any(s < stop and start < e for s, e in taken):
                continue
            # "Kyiv Mayor Vitali Klitschko said": places and role words up to the last
            # role word come before the name.
            tokens = run.split()
            if any(strip_possessive(token) in self._institutions for token in tokens):
                continue  # "the Sofia City Prosecutor's Office said": an organisation
            cut = 0
            for index, token in enumerate(tokens[:-1]):
                if token in self._role_words and all(
                    t in self._role_words or self.is_entity(t) for t in tokens[:index]
                ):
                    cut = index + 1
            # No initials here: a name found by its verb alone may start a sentence.
            name = self.titled_name(" ".join(tokens[cut:]), initials=False)
            if name is not None and " " in name:
                people.add(name, None, start)
                spans.append((start, stop))
        return spans

    def _name_before(self, text: str, end: int, *, spaced: bool = True) -> tuple[int, str] | None:
        """The capitalised run (as the name pattern reads it) that ends right before
        ``end`` (and the spaces before it, if ``spaced``), with where it starts; found by
        walking back over words rather than by searching backwards with a regex."""
        start, word = word_before(text, end, spaced=spaced)
        stop = start + len(word)
        first = -1
        for _ in range(_MAX_NAME_WORDS):
            if not (word[:1].isupper() or word in PARTICLES or word[:3] in ("al-", "el-")):
                break
            first = start
            if start == 0 or text[start - 1] != " ":
                break
            start, word = word_before(text, start)
        if first == -1:
            return None
        match = self._name_at.match(text, first)
        # The name pattern must read the same run: no punctuation inside it.
        if match is None or match.end() != stop:
            return None
        return first, match["name"]

    def _is_area(self, token: str) -> bool:
        """A country or region (not a city: ``Hassan``, ``Vladimir`` are first names too)."""
        place = self._gazetteer.lookup(token)
        return place is not None and place.location.kind != "city"

    def places_in(self, text: str) -> list[tuple[int, int]]:
        """Where ``text`` names places, in order."""
        return [(start, end) for start, end, _place in self._gazetteer.matches(text)]

    def is_entity(self, token: str) -> bool:
        return self._gazetteer.lookup(token) is not None or token in self._lexicon.organizations

    def clean_name(self, raw: str, *, skip_leading: bool, initials: bool = True) -> str | None:
        """The person name in a capitalised run: stop words end it, institutions void it.

        Titles and ranks before the name are skipped (``General``, ``Prince``); with
        ``skip_leading``, so are places and stop words (``Ukraine's Zelenskyy``, ``The
        paper``). With ``initials``, ``S.`` or ``M.K.`` may be part of the name, else
        they end it like an acronym (``on X. Residents said``).
        """
        kept: list[str] = []
        tokens = raw.split()
        for index, token in enumerate(tokens):
            base = strip_possessive(token)
            if not kept and base == token and (base in self._role_words or base in _HONORIFICS):
                continue  # "General", "Prince", "Chief Cabinet Secretary", "Mr": not the name
            acronym = (
                base.isupper()
                and len(base) > 1
                and not (kept and _ROMAN.fullmatch(base))
                and not (
                    initials and INITIALS.fullmatch(base) and self._gazetteer.lookup(base) is None
                )
            )
            if (
                base in self._lexicon.name_stop
                or acronym
                or (
                    skip_leading
                    and self.is_entity(base)
                    and not (kept and base == token and self._name_goes_on(tokens, index + 1))
                )
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

    def _name_goes_on(self, tokens: list[str], index: int) -> bool:
        """Whether ``tokens[index]`` continues a name that a place's name interrupts
        ("Carlos Enrique Rangel Bastidas": Rangel is a town in Angola too)."""
        if index >= len(tokens):
            return False
        base = strip_possessive(tokens[index])
        return (
            base[:1].isupper()
            and not base.isupper()
            and base not in self._lexicon.name_stop
            and base not in self._role_words
            and not self.is_entity(base)
        )

    def titled_name(self, raw: str, *, initials: bool = True) -> str | None:
        # "Supreme Allied Commander Europe General Christopher Cavoli": a place before a
        # rank belongs to the role; a place alone may be a first name (Vladimir, Hassan).
        tokens = raw.split()
        while len(tokens) > 1 and tokens[1] in self._role_words and self._is_area(tokens[0]):
            tokens = tokens[2:]
        name = self.clean_name(" ".join(tokens), skip_leading=False, initials=initials)
        if name is None or self.is_entity(name):
            return None  # "head Wagner", "President Ukraine"
        if not self._lexicon.organization_heads.isdisjoint(name.split()):
            return None  # "General Confederation of Labour", "Vietnam Coast Guard"
        return name

    def speaker(
        self, phrase: str, people: People, position: int, text: str, *, inverted: bool
    ) -> str | None:
        """The canonical speaker an attribution phrase names; registers new people.

        A bare surname that no one found has yet is completed from ``text`` when it spells
        the name out (``Kim`` → ``Kim Jong Un``).
        """
        phrase = f" {phrase}"
        roles: list[tuple[int, int]] = []
        for start, shorter, *_ in self._roles.scan(lowercase(phrase)):
            if not roles or roles[-1][0] != start:  # the longest role at each start
                roles.append((start, start - shorter))
        comma = phrase.find(",")
        if roles and 0 < comma < roles[0][0]:
            # "Kim Yo Jong, the sister of leader Kim Jong Un": the name before the apposition
            apposed = self._apposed_name(phrase[: comma + 1])
            if apposed is not None:
                known = people.resolve(apposed)
                return known.name if known else people.add(apposed, None, position).name
        for role, match in self._after_roles(phrase, roles, self._name_after_role):
            name = self.titled_name(match["name"])
            if name is not None:
                return people.add(name, role, position).name
        apposed = self._apposed_name(phrase)
        if apposed is not None:  # "the mayor of Nabatieh, Ali Hamdan Shehadeh"
            known = people.resolve(apposed)
            return known.name if known else people.add(apposed, None, position).name
        for _role, match in self._after_roles(phrase, roles, self._of_after_role):
            body = self.clean_name(match["name"], skip_leading=True)
            if body is not None:
                return self._lexicon.organizations.get(body, body)
        role_reference = phrase.lower().strip().removeprefix("the ").strip()
        for found in people.found:
            if found.role and found.role.lower() == role_reference:
                return found.name  # "said the governor"
        runs = [match["name"] for match in self.name_run.finditer(phrase)]
        names = [name for run in runs if (name := self.clean_name(run, skip_leading=True))]
        if not names and people.found:
            # "Anand told": a place's name, but the surname of someone the entry named
            for run in runs:
                known = people.resolve(strip_possessive(run))
                if known is not None:
                    return known.name
        if names:
            name = names[0] if inverted else names[-1]
            known = people.resolve(name)
            if known is not None:
                return known.name
            name = self._fuller_name(text, name)
            return people.add(name, None, position).name
        # "The Kremlin said", not "a senior Hamas official told": the organisation ends it.
        organizations = self.organizations.find(phrase.rstrip(" ,"))
        if organizations and organizations[-1][1] == len(phrase.rstrip(" ,")):
            return self._lexicon.organizations[organizations[-1][2]]
        return None

    def _apposed_name(self, phrase: str) -> str | None:
        """In ``Andrés Tzoc Batz, president of the 48 Cantones`` or ``the mayor of
        Nabatieh, Ali Hamdan Shehadeh``, the part between commas that is only a name."""
        if "," not in phrase:
            return None
        for part in phrase.split(","):
            part = part.strip()
            match = self._name_at.fullmatch(part) if " " in part else None
            if match is not None:
                name = self.titled_name(part)
                if name is not None and " " in name:
                    return name
        return None

    def _fuller_name(self, text: str, name: str) -> str:
        """The first name spelled out in ``text`` that ``name`` is a part of, else ``name``.

        Only the lines holding ``name`` are read: no name run spans a line break, so
        reading from the line break before one finds the runs a scan of the whole text
        would."""
        index = text.find(name)
        while index != -1:
            line_start = max(0, text.rfind("\n", 0, index))
            line_end = text.find("\n", index)
            line_end = len(text) if line_end == -1 else line_end
            for match in self.name_run.finditer(text, line_start, line_end):
                run = match["name"]
                if name not in run:  # every token of a cleaned name is part of its run
                    continue
                candidate = self.clean_name(run, skip_leading=True)
                if (
                    candidate
                    and len(candidate) > len(name)
                    and _same_person(name.split(), candidate.split())
                ):
                    return candidate
            index = text.find(name, line_end)
        return name

"""Inline quotes: double-quoted passages of at least three words, attributed by the reporting
verb around them (``"…," X said``, ``"…," said X``, ``X said: "…"``, ``RIA quoted X as
saying``). ``he``/``she`` is the person mentioned last if named since the last named
speaker's quote, else that speaker; a paragraph that is only a quote continues the
previous paragraph's speaker."""

from __future__ import annotations

import re
from typing import Final

from schemas import Quote
from workers.pipeline.enrich.people import Names, People, strip_possessive

_VERBS: Final = (
    r"(?:said|says|say|told|tells|added|adds|wrote|writes|stated|states|insisted|insists"
    r"|explained|noted|warned|warns|posted|declared|stressed|asked|replied|continued"
    r"|claimed|claims|argued|argues|urged|urges|announced|acknowledged|admitted|recalled"
    r"|commented|remarked|cautioned|tweeted|accused|accusing|called|calling|condemned"
    r"|denounced|described|describing|vowed|pledged|promised|welcomed|demanded|rejected"
    r"|confirmed|saying|adding|telling|responded|retorted|answered|dismissed|shouted|shouts"
    r"|was\s+quoted\s+as\s+saying)"
)
# An opening quote mark without its closing one runs to the end of the paragraph.
_QUOTE: Final = re.compile(r"[\"“](?P<text>[^\"“”\n]+)[\"”]|[\"“](?P<open>[^\"“”\n]+)$")
_MIN_QUOTE_WORDS: Final = 3
_MAX_SPEAKER_WORDS: Final = 10
# A speaker set off by commas may be longer: "the commander of the Vietnam Coast Guard,
# Lieutenant General Pham Duc Hoa, said".
_MAX_APPOSED_SPEAKER_WORDS: Final = 14
_MAX_APPOSED_NAME_WORDS: Final = 5
# Speaker text: no sentence end, but the period of an initial ("spokesman S. Rao told").
_WHO: Final = r"(?:[^\"“”.!?;:]|(?<=\b[A-Z])\.)"
# "quoted X as saying", "quoted X, the sister of Y, as warning"
_QUOTED: Final = r"\bquoted\s+(?P<who>[^\"“”.!?]{1,100}?)\s+as\s+(?:saying|[a-z]+ing)\b"
# Reported speech up to the quote: no sentence end, but a decimal point ("$1.5 billion").
_CLAUSE: Final = r"(?:[^\"“”.!?]|(?<=\d)\.(?=\d))"
# (pattern, whether it reads the text after the quote, whether the speaker follows the verb,
# a word the pattern needs: without it, no need to run it)
_ATTRIBUTIONS: Final = (
    (re.compile(rf"^[\s,]*[^\"“”.!?]{{0,80}}?{_QUOTED}"),
     True, False, "quoted"),
    # "said a resident", not "accusing him of …"
    (re.compile(rf"^[\s,]*{_VERBS}\s+(?!(?:him|her|them|it|us|me|you)\b)"
                rf"(?P<who>[^\"“”.!?,;:]{{1,80}})"), True, True, ""),
    (re.compile(rf"^[\s,]*(?P<who>{_WHO}{{1,160}}?)\s+{_VERBS}\b"), True, False, ""),
    (re.compile(rf"{_QUOTED}[^\"“”.!?]{{0,40}}$"),
     False, False, "quoted"),
    (re.compile(rf"^\s*(?P<who>[^\"“”.!?;]{{1,160}}?)\s+{_VERBS}\b{_CLAUSE}{{0,200}}$"),
     False, False, ""),
    (re.compile(r"\b[Aa]ccording\s+to\s+(?P<who>[^\"“”.!?;]{1,160}?),?\s*$"),
     False, False, "ccording"),
)  # fmt: skip
# A person who speaks in the sentence that names them ("X, a spokesman, told Y that …").
_REPORTS: Final = re.compile(rf"[^.!?\"“”\n]{{0,150}}?\b{_VERBS}\b")
_SENTENCE_END: Final = re.compile(r"[.!?][\"”’')]*\s+")
_BLANK_QUOTES: Final = str.maketrans({'"': " ", "“": " ", "”": " "})
# What may follow an organisation that speaks: its acronym, where it sits, its spokesperson,
# when ("The Russian Embassy in Tallinn said", "The Israel Defense Forces (IDF) said", "a BBC
# spokesperson said", "China's foreign ministry on Thursday accused").
_AFTER_SPEAKER: Final = re.compile(
    r"(?:\s+\([A-Z][\w.-]*\)|\s+(?:in|at)\s+[A-Z][\w'’-]*|\s+spokes(?:man|woman|person)"
    r"|\s+(?:(?:late|early|earlier)\s+)?on\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
    r"|\s+(?:earlier|today|yesterday|overnight))$"
)
# A speaker after a dash: '"…" — Name, role' (a sentence may end inside the quote).
_DASHED: Final = re.compile(r"[^\S\n]*[—–-][^\S\n]+(?P<who>[^\"“”,.!?;:()\n]{3,80}?)(?:,|\.?$)")
_PRONOUNS: Final = frozenset({"he", "she"})
_ARTICLES: Final = frozenset({"The", "A", "An"})
_OTHER_PRONOUNS: Final = frozenset({"they", "we", "i", "you", "one"})
# "it said", "the Jeddah-based body said": the organisation named just before the quote.
_THE_BODY: Final = re.compile(r"it|the (?:[\w-]+ ){0,3}(?:body|bloc|organisation|organization)")
_BODY_REACH = 300  # how far before the quote that organisation may be named


def _attribution(
    names: Names,
    around: tuple[tuple[str, int], tuple[str, int]],
    text: str,
    position: int,
    people: People,
    last: tuple[str, int] | None,
    organizations: list[tuple[int, int, str]],
) -> tuple[bool, str | None]:
    """``(attributed, speaker)`` from the text after and before a quote (``around``: each
    with where it starts in ``text``).

    ``he``/``she`` is the person mentioned last before ``position`` in ``text`` if they
    spoke after ``last`` (the last named speaker and where their quote ends), else that
    speaker. A phrase naming no person but one of the entry's ``organizations``
    (``China's Foreign Ministry warned``) gives that organisation.
    """
    for pattern, after, inverted, needs in _ATTRIBUTIONS:
        words, offset = around[0] if after else around[1]
        if needs not in words:
            continue
        match = pattern.search(words)
        if match is None:
            continue
        who_words = match["who"].split()
        most = _MAX_APPOSED_SPEAKER_WORDS if match["who"][-1:] == "," else _MAX_SPEAKER_WORDS
        if len(who_words) > most and not _named_first(who_words):
            continue
        phrase = match["who"].strip(" ,")
        lowered = phrase.lower()
        if lowered in _PRONOUNS:
            # "X said … Y confirmed it. She said: '…'": Y, who spoke since X's quote.
            index, found = people.last_mentioned(text, position)
            if found is not None and (
                last is None or (index > last[1] and _REPORTS.match(text, index, position))
            ):
                return True, found.name
            return True, last[0] if last else None
        if lowered in _OTHER_PRONOUNS:
            return True, None
        if _THE_BODY.fullmatch(lowered):
            return True, _named_before(organizations, position, text)
        referred = _referred(lowered, organizations)
        if referred is not None:  # "the ministry said": the entry's one ministry
            return True, referred
        if inverted and words[match.end("who") : match.end("who") + 1] == ",":
            # "said a resident, Gatluak Ruach Kuol, reached by phone": the name apposed
            apposition = words[match.end("who") + 1 :].split(",", 1)[0].strip()
            phrase = f"{phrase}, {apposition}"
        who_start = offset + match.start("who")
        who_end = who_start + len(match["who"])
        named = _organization_only(names, text, who_start, who_end, organizations)
        if named is not None:  # "The ruling Frelimo party said", "Médecins Sans Frontières"
            return True, named
        speaker = names.speaker(phrase, people, position, text, inverted=inverted)
        if speaker is None:
            # "China's Foreign Ministry warned", not "a senior Hamas official told": the
            # organisation must end the phrase.
            who = match["who"].rstrip(" ,")
            who = _AFTER_SPEAKER.sub("", who)
            ends = {offset + match.start("who") + len(who)}
            if "," in who:  # "The Mainland Affairs Council, Taiwan's top body for …, called"
                ends.add(offset + match.start("who") + len(who.split(",", 1)[0]))
            speaker = next((n for s, e, n in organizations if e in ends), None)
        if speaker is not None:  # else ", but said …" or "the ministry said": read on
            return True, speaker
    return False, None


def _organization_only(
    names: Names, text: str, start: int, end: int, organizations: list[tuple[int, int, str]]
) -> str | None:
    """The organisation a speaker phrase (``text[start:end]``) names, when it names no
    one else: it ends with the organisation (and its acronym, or its kind: "the ruling
    Frelimo party"), and holds no other capitalised word but an article or a place
    ("South Korea's Joint Chiefs of Staff (JCS)", "the ship's manager, Aegean Star
    Management,")."""
    inside = [(s, e, n) for s, e, n in organizations if start <= s and e <= end]
    if not inside:
        return None
    after = _AFTER_SPEAKER.sub("", text[max(e for _s, e, _n in inside) : end].rstrip(" ,"))
    if any(word not in names.kinds for word in after.split()):
        return None  # "a senior Hamas official told": someone of the organisation
    rest = text[start:end]
    for s, e, _name in sorted(inside, reverse=True):
        rest = rest[: s - start] + " " + rest[e - start :]
    for s, e in reversed(names.places_in(rest)):  # "South Korea's"
        rest = rest[:s] + " " + rest[e:]
    for raw in rest.split():
        if raw.startswith("("):
            continue  # an acronym: "(JCS)"
        word = raw.strip(",")
        if (
            word[:1].isupper()
            and word not in _ARTICLES
            and not names.is_entity(strip_possessive(word))
        ):
            return None
    return max(inside, key=lambda mention: mention[1])[2]  # the one that ends the phrase


def _named_first(words: list[str]) -> bool:
    """Whether a long speaker phrase starts with a name set off by a comma ("Sigrid Berg,
    a spokeswoman for the UN Relief and Works Agency for Palestine Refugees (UNRWA),")."""
    for index, word in enumerate(words[:_MAX_APPOSED_NAME_WORDS]):
        if not word[:1].isupper():
            return False
        if word.endswith(","):
            return index > 0
    return False


def _named_before(
    organizations: list[tuple[int, int, str]], position: int, text: str
) -> str | None:
    """The organisation that "it" before ``position`` stands for: the first one named in
    the sentence that names one last, when that is close enough (the subject: "The OIC
    condemned the burning outside the Turkish Embassy. The body said: …" is the OIC)."""
    before = sorted((start, end, name) for start, end, name in organizations if end <= position)
    if not before or position - before[-1][1] > _BODY_REACH:
        return None
    first = len(before) - 1
    while first:
        gap = text[before[first - 1][1] : before[first][0]]
        if "\n" in gap or _SENTENCE_END.search(gap):
            break
        first -= 1
    return before[first][2]


def _referred(phrase: str, organizations: list[tuple[int, int, str]]) -> str | None:
    """The organisation ``the ministry`` (``the agency``, ``the embassy``…) refers to: the
    entry's only one whose name ends with that word."""
    if not phrase.startswith("the ") or " " in phrase[4:]:
        return None
    kind = phrase[4:]
    names = {name for _s, _e, name in organizations if name.lower().endswith(f" {kind}")}
    return names.pop() if len(names) == 1 else None


def inline_quotes(
    names: Names,
    text: str,
    body_start: int,
    people: People,
    pulled: set[str],
    organizations: list[tuple[int, int, str]] = (),  # type: ignore[assignment]
) -> list[Quote]:
    """The quotes of ``text`` from ``body_start`` on, less the pull quotes ``pulled``;
    ``organizations`` (``(start, end, name)``) may be speakers too."""
    if text.find('"', body_start) == -1 and text.find("“", body_start) == -1:
        return []  # every quote opens with one of these
    quotes: dict[str, Quote] = {}
    last_person: tuple[str, int] | None = None  # the last person speaker and their quote's end
    previous_speaker: str | None = None  # the previous paragraph's last speaker
    start = body_start
    while start < len(text):
        end = text.find("\n\n", start)
        end = len(text) if end == -1 else end
        paragraph = text[start:end]
        speaker_here: str | None = None
        matches = list(_QUOTE.finditer(paragraph))
        previous_end = 0
        for index, match in enumerate(matches):
            quoted = (match["text"] or match["open"]).strip().rstrip(",").strip()
            if len(quoted.split()) < _MIN_QUOTE_WORDS:  # scare quotes: read on over them
                continue
            next_start = matches[index + 1].start() if index + 1 < len(matches) else None
            sentence_start = max(
                (m.end() for m in _SENTENCE_END.finditer(paragraph, 0, match.start())),
                default=0,
            )
            pre_start = max(previous_end, sentence_start)
            # Scare quotes before it ('called the accusations "groundless" and said …') are
            # words of the sentence: blanked, so that offsets stay.
            pre = paragraph[pre_start : match.start()].translate(_BLANK_QUOTES)
            # A quote that ends its sentence is not followed by its attribution.
            tail = "" if quoted.endswith(".") else paragraph[match.end() : next_start]
            position = start + match.start()
            around = ((tail, start + match.end()), (pre, start + pre_start))
            dashed = _DASHED.match(paragraph, match.end())
            speaker = None
            if dashed is not None:
                who = dashed["who"].strip()
                speaker = names.speaker(who, people, position, text, inverted=False)
            attributed = speaker is not None
            if not attributed:
                attributed, speaker = _attribution(
                    names, around, text, position, people, last_person, organizations
                )
            if not attributed:
                whole = not paragraph[: match.start()].strip() and (
                    len(paragraph.rstrip(" .")) <= match.end()
                )
                speaker = speaker_here or (previous_speaker if whole else None)
            if quoted not in pulled:
                quotes.setdefault(quoted, Quote(text=quoted, speaker=speaker))
            if speaker is not None:
                speaker_here = speaker
                if people.resolve(speaker):
                    last_person = (speaker, start + match.end())
            previous_end = match.end()
        previous_speaker = speaker_here
        start = end + 2
    return list(quotes.values())

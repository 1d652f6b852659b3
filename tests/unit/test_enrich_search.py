"""The shortcuts that keep enrichment fast find exactly what a plain search finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workers.pipeline.enrich.common import lowercase
from workers.pipeline.enrich.lexicon import KeywordIndex, NameIndex, bundled_lexicon
from workers.pipeline.enrich.people import Names, People
from workers.pipeline.enrich.rules import AlertRule
from workers.pipeline.enrich.severity import Facts, RuleBook, score
from workers.pipeline.enrich.signals import DENIAL, DENIAL_LEADS, Sentences, denied
from workers.pipeline.enrich.sources import Sources
from workers.pipeline.enrich.tone import tone, words
from workers.pipeline.gazetteer import Gazetteer, literal_alternation

TEXTS = [
    "\nStrike on depot\n\nThe army denied that any village was shelled; no one was hurt.",
    "\nNo casualties\n\nOfficials said no casualties were reported. Drones struck a depot.",
    "\nPM won't resign\n\nThe prime minister won't resign, he said. Ministers refuted the claims.",
    "\nRumours\n\nThe ministry dismissed the reports, adding the plant was not damaged.",
    "\nCLAIMS REJECTED\n\nKYIV REJECTED THE CLAIMS. THE TOWN WAS NOT HIT.",
    "\nNothing\n\nNobody knows; notably the rules were not changed, and willpower remained.",
]


@pytest.fixture(scope="module")
def names() -> Names:
    return Names(bundled_lexicon(), Gazetteer.default())


def _lead_starts(lowered: str) -> list[int]:
    index = KeywordIndex(dict.fromkeys(DENIAL_LEADS, None))
    return [start for start, _longest, _phrase, _payload in index.scan(lowered)]


@pytest.mark.parametrize(
    "phrase",
    [
        "denies", "refuted the report", "rejected the claims", "dismisses reports",
        "no deaths", "no one was injured", "not been struck", "unharmed", "false claims",
        "ruled out", "refused to resign", "will not resign", "won't resign", "no intention of resigning",
    ],
)  # fmt: skip
def test_every_denial_starts_with_a_lead_word(phrase: str) -> None:
    match = DENIAL.search(f"officials {phrase} today")
    assert match is not None
    first = match.group().split()[0]
    assert first in DENIAL_LEADS or first.startswith("refut")


@pytest.mark.parametrize("text", TEXTS)
def test_denied_finds_what_a_search_of_every_sentence_finds(text: str) -> None:
    lowered = lowercase(text)
    sentences = Sentences(text)
    count = len(sentences.starts)
    expected = sum(
        1 << index
        for index in range(count)
        if DENIAL.search(lowered, sentences.starts[index], sentences.ends[index])
    )
    assert denied(lowered, sentences, (1 << count) - 1, _lead_starts(lowered)) == expected


def test_keyword_index_reports_whole_words_longest_first() -> None:
    index = KeywordIndex({"drones": 1, "drones struck": 2, "struck": 3, "aid": 4})
    assert index.scan("\ndrones struck, officials said; aid") == [
        (1, -13, "drones struck", 2),
        (1, -6, "drones", 1),
        (8, -6, "struck", 3),
        (32, -3, "aid", 4),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "\nDefence Minister Sergei Shoigu met President Putin and PRIME MINISTER Li Qiang.",
        "\nThe defence minister, Prime Minister Irena Sokol’s aide Tom Ross, left.",
        "\nİstanbul: Interior Minister Ana Sofia Correia and spokesman Paulo Meireles spoke.",
    ],
)
def test_titled_people_only_tried_at_roles_finds_what_finditer_finds(
    names: Names, text: str
) -> None:
    expected = [
        match.span("name")
        for match in names.titled.finditer(text)
        if names.titled_name(match["name"]) is not None
    ]
    roles = KeywordIndex(dict.fromkeys(names.role_phrases, None))
    found = roles.scan(lowercase(text))
    longest = [(start, start - shorter) for start, shorter, *_ in found]
    starts = [
        role for index, role in enumerate(longest) if not index or role[0] != longest[index - 1][0]
    ]
    assert names.titled_people(text, People(), starts) == expected


ORGANIZATION_TEXTS = [
    "\nAn al-Qaeda affiliate and NATO met.",
    "\nNATO and the UN met in Geneva.",
    "\nThe Wagner Groups, UNHCR's staff and xNATO (not NATO_) met RIA Novostis.",
    "\nU.N.-backed talks: the UN Security Councils and The Times of Israel reported.",
]


def _regex_matches(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    """What a regex alternation of the names finds, less matches inside a word."""
    return [
        (match.start(), match.end(), match.group())
        for match in pattern.finditer(text)
        if not (
            match.start() and (text[match.start() - 1].isalnum() or text[match.start() - 1] == "_")
        )
    ]


@pytest.mark.parametrize("text", ORGANIZATION_TEXTS)
def test_name_index_finds_what_the_regex_alternation_finds(text: str) -> None:
    aliases = list(bundled_lexicon().organizations)
    pattern = re.compile(rf"(?:{literal_alternation(aliases)})(?!\w)")
    assert NameIndex(aliases).find(text) == _regex_matches(pattern, text)


@given(
    st.lists(
        st.sampled_from(
            [
                "NATO",
                "UN",
                "UN Security Council",
                "Wagner",
                "Wagner Group",
                "RIA",
                "RIA Novosti",
                " ",
                "s",
                "'s",
                "-",
                "x",
                ".",
                "\n",
            ]
        ),
        max_size=12,
    )
)
def test_name_index_agrees_with_the_regex_on_made_up_text(parts: list[str]) -> None:
    names = ["NATO", "UN", "UN Security Council", "Wagner", "Wagner Group", "RIA", "RIA Novosti"]
    text = "\n" + "".join(parts)
    pattern = re.compile(rf"(?:{literal_alternation(names)})(?![\w-])")
    assert NameIndex(names, also_after="-").find(text) == [
        (start, end, name) for start, end, name in _regex_matches(pattern, text)
    ]


@pytest.mark.parametrize("text", ORGANIZATION_TEXTS[:2])
def test_organizations_with_or_without_lowercase_aliases(names: Names, text: str) -> None:
    lexicon = bundled_lexicon()
    sources = Sources(lexicon, Gazetteer.default(), names.organizations)
    expected = [
        lexicon.organizations[alias] for _start, _end, alias in names.organizations.find(text)
    ]
    assert sources.organizations(text, []).names == list(dict.fromkeys(expected))


def test_rule_book_leaves_out_rules_whose_signals_are_absent() -> None:
    rules = [
        AlertRule(id="coup", description="coup", weight=70, keywords=(("coup",),)),
        AlertRule(id="lead", description="leader", weight=70, signals=frozenset({"leadership_change"})),
        AlertRule(id="nato", description="NATO", weight=20, places=frozenset({"NATO"})),
    ]  # fmt: skip
    book = RuleBook(rules)
    facts = Facts(sentences=2, keywords={"coup": 0b10}, places={"NATO": 0b01})
    assert [plan.rule.id for plan in book.candidates(facts)] == ["coup", "nato"]
    assert score(book, facts) == (75, ["coup: coup", "nato: NATO"], ["coup", "nato"])
    facts.signals["leadership_change"] = [(0, "president resigns")]
    assert [plan.rule.id for plan in book.candidates(facts)] == ["coup", "lead", "nato"]


@pytest.mark.parametrize(
    "text", ["It was a good day.", "It was not a good day.", "It wasn’t a very good day, but fine."]
)
def test_tone_is_the_same_with_or_without_the_lowered_text(text: str) -> None:
    assert tone(text) == tone(text, folded=text.lower())


@given(
    st.lists(
        st.sampled_from(
            ["don", "'", "’", "t", "a", "good", " ", "\n", "-", "é", "9", "''", "_", "İ"]
        ),
        max_size=14,
    )
)
def test_tone_words_are_the_regex_words(parts: list[str]) -> None:
    folded = "".join(parts).lower()
    expected = re.findall(r"[a-z]+(?:['’][a-z]+)*", folded)
    assert [word.decode() for word in words(folded)] == [w.replace("’", "'") for w in expected]


def test_sentence_breaks() -> None:
    text = 'One. "Two!" Three? Four; five, but six\n\nseven, and eight'
    sentences = Sentences(text)
    assert [text[s:e] for s, e in zip(sentences.starts, sentences.ends, strict=True)] == [
        "One. ",
        '"Two!" ',
        "Three? ",
        "Four; ",
        "five, ",
        "but six\n\n",
        "seven, and eight",
    ]
    assert sentences.index(len(text) - 1) == 6

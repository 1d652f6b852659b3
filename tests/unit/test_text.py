from datetime import UTC, datetime
from pathlib import Path

import pytest

from schemas import Quote
from workers.pipeline.errors import NoEntriesFound
from workers.pipeline.quotes import split_pull_quote
from workers.pipeline.text import is_furniture, parse_text

REF = datetime(2024, 3, 12, 9, 0, tzinfo=UTC)


def test_fixture_page(fixtures_dir: Path) -> None:
    page = parse_text((fixtures_dir / "harbour-fire.txt").read_text(), reference=REF)
    assert page.problems == []
    assert [(e.published_at.isoformat(), e.headline) for e in page.entries] == [
        ("2024-03-12T07:15:00+00:00", "Firefighters contain blaze at Gdansk container terminal"),
        ("2024-03-12T01:40:00+00:00", "Explosion reported at port of Gdansk"),
        ("2024-03-11T23:50:00+00:00", "Ships diverted as smoke spreads over the bay"),
    ]
    first, second, _ = page.entries
    assert first.body.startswith("Polish fire services said")
    assert "More updates" not in first.body
    assert "Related Live blog" not in second.body
    assert second.pull_quotes == (Quote(text="The cause is not yet known", speaker="Agata Nowak"),)
    assert "Agata Nowak" not in second.body


@pytest.mark.parametrize(
    "marker",
    [
        "0930 GMT — Headline here",
        "09:30 GMT — Headline here",
        "09.30 GMT — Headline here",
        "9:30 GMT – Headline here",
        "0930 GMT - Headline here",
        "0930 GMT—Headline here",
        "0930 GMT —Headline here",
        "0930 GMT-Headline here",
    ],
)
def test_marker_forms(marker: str) -> None:
    page = parse_text(f"2024-03-12\n\n{marker}\n\nBody text.", reference=REF)
    [entry] = page.entries
    assert entry.headline == "Headline here"
    assert entry.published_at == datetime(2024, 3, 12, 9, 30, tzinfo=UTC)
    assert entry.body == "Body text."


def test_paragraphs_are_separated_by_one_blank_line_and_wrapped_lines_joined() -> None:
    text = "0930 GMT — H\n\nline one\ncontinues here\n\n\n\nsecond   paragraph\n"
    [entry] = parse_text(text, reference=REF).entries
    assert entry.body == "line one continues here\n\nsecond paragraph"


def test_marker_without_headline_takes_the_first_paragraph() -> None:
    [entry] = parse_text("0930 GMT —\n\nThe real headline\n\nBody.", reference=REF).entries
    assert (entry.headline, entry.body) == ("The real headline", "Body.")


@pytest.mark.parametrize(
    "marker", ["2561 GMT — Bad hour", "0975 GMT — Bad minute", "0930 XYZ — Bad zone"]
)
def test_impossible_markers_are_reported_and_good_entries_kept(marker: str) -> None:
    text = f"2024-03-12\n\n1000 GMT — Good one\n\nFine.\n\n{marker}\n\nLost body.\n\n0900 GMT — Older\n\nOk."
    page = parse_text(text, reference=REF)
    assert [e.headline for e in page.entries] == ["Good one", "Older"]
    assert len(page.problems) == 1
    assert marker[:8] in page.problems[0]
    assert all("Lost body" not in e.body for e in page.entries)


def test_no_marker_is_an_error() -> None:
    with pytest.raises(NoEntriesFound):
        parse_text("Just some prose.\n\nAnd more.", reference=REF)


def test_control_and_bidi_characters_never_reach_the_text() -> None:
    text = "0930 GMT — Head\u202eline\x07\n\nBo\u200bdy\x00 text\u200f."
    [entry] = parse_text(text, reference=REF).entries
    assert (entry.headline, entry.body) == ("Headline", "Body text.")


@pytest.mark.parametrize(
    "line",
    [
        "More updates:👇",
        "Related Live blog: Pope says something",
        "Advertisement",
        "READ MORE: x",
        "👇",
    ],
)
def test_furniture(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize("line", ["More than 20 people were injured.", "Related talks ended."])
def test_not_furniture(line: str) -> None:
    assert not is_furniture(line)


@pytest.mark.parametrize(
    ("line", "speaker"),
    [
        ("We will rebuild every house we lost - Prime Minister Rui Valente", "Rui Valente"),
        (
            "There was no risk to the public at any time - Marta Lindqvist, fire chief",
            "Marta Lindqvist",
        ),
        ("Talks will go on as long as needed – UN envoy Hans Grunberg", "Hans Grunberg"),
        ("“The ceasefire must hold” - Foreign Minister Ana Duarte", "Ana Duarte"),
        # a body whose name holds role words: the whole name, not "Ministry"
        ("“We do not recognise the ruling” — Chilean Foreign Ministry", "Chilean Foreign Ministry"),
    ],
)
def test_pull_quotes(line: str, speaker: str) -> None:
    quote = split_pull_quote(line)
    assert quote is not None
    assert quote.speaker == speaker
    assert not quote.text.endswith(("-", "–", "”"))


@pytest.mark.parametrize(
    "line",
    [
        "Kyiv - the capital - was hit overnight.",
        "Prices rose sharply - analysts expect more.",
        "The ministry said the strike hit a depot - Reuters.",
        "Too short - Anna Berg",
        "He left the room - Romanian officials said later that evening.",
    ],
)
def test_not_pull_quotes(line: str) -> None:
    assert split_pull_quote(line) is None

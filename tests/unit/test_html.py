from datetime import UTC, datetime
from pathlib import Path

import pytest

from schemas import Quote
from workers.pipeline.errors import NoEntriesFound
from workers.pipeline.html import parse_html

CHROME_WORDS = [
    "cookies",
    "Share on",
    "Advertisement",
    "Coastal Courier",
    "Home",
    "Related",
    "analytics",
    "margin",
]


def test_fixture_page(fixtures_dir: Path) -> None:
    page = parse_html((fixtures_dir / "harbour-fire.html").read_text())
    assert page.problems == []
    assert [(e.published_at, e.headline) for e in page.entries] == [
        (
            datetime(2024, 3, 12, 7, 15, tzinfo=UTC),
            "Firefighters contain blaze at Gdansk container terminal",
        ),
        (datetime(2024, 3, 12, 1, 40, tzinfo=UTC), "Explosion reported at port of Gdansk"),
        (datetime(2024, 3, 11, 23, 50, tzinfo=UTC), "Ships diverted as smoke spreads"),
    ]
    first, second, _ = page.entries
    assert (
        first.body
        == "Polish fire services said the fire at the port’s container terminal was under control."
    )
    assert second.body == (
        "Residents reported a loud blast, local broadcaster TVN said.\n\n"
        "Emergency crews & police sealed off the area."
    )
    assert second.pull_quotes == (Quote(text="The cause is not yet known.", speaker="Agata Nowak"),)
    for entry in page.entries:
        text = entry.headline + entry.body
        assert "<" not in text
        assert not any(word in text for word in CHROME_WORDS)


def test_single_entry_div_with_header_and_page_chrome() -> None:
    html = """<html><body><header><h1>Site</h1></header>
    <div class="post"><header><h3>Polls close</h3><time datetime="2024-06-09T21:00:00Z">21:00</time></header>
    <p>Voting ended.</p><footer>Posted by the desk</footer></div><footer><p>About us</p></footer></body></html>"""
    [entry] = parse_html(html).entries
    assert (entry.headline, entry.body) == ("Polls close", "Voting ended.")


def test_a_blockquote_ending_in_its_speaker_has_that_speaker() -> None:
    html = """<article><h2>Ferry capsizes on the Irrawaddy</h2>
    <time datetime="2024-06-09T21:00:00Z">21:00</time>
    <p>Boats searched the river until dark.</p>
    <blockquote>“Nobody knows how many were aboard” — Aye Chan, ferry company manager</blockquote>
    <blockquote><p>Every family here knows someone on it.</p><cite>Daw Khin Myint</cite></blockquote>
    </article>"""
    [entry] = parse_html(html).entries
    assert entry.body == "Boats searched the river until dark."
    assert entry.pull_quotes == (
        Quote(text="Nobody knows how many were aboard", speaker="Aye Chan"),
        Quote(text="Every family here knows someone on it.", speaker="Daw Khin Myint"),
    )


def test_a_blockquote_after_a_colon_continues_its_paragraph() -> None:
    html = """<article><h2>Missile test</h2><time datetime="2024-06-09T21:00:00Z"></time>
    <p>Spokesman Colonel Park Min-ho told a briefing:</p>
    <blockquote>“We condemn this provocation.”</blockquote></article>"""
    [entry] = parse_html(html).entries
    assert (
        entry.body
        == "Spokesman Colonel Park Min-ho told a briefing: “We condemn this provocation.”"
    )
    assert entry.pull_quotes == ()


def test_entry_without_heading_uses_first_paragraph() -> None:
    html = '<article><time datetime="2024-06-09T21:00:00Z"></time><p>Lead</p><p>Rest</p></article>'
    [entry] = parse_html(html).entries
    assert (entry.headline, entry.body) == ("Lead", "Rest")


def test_naive_or_bad_timestamps_are_reported() -> None:
    html = (
        '<article><time datetime="2024-06-09T21:00:00">x</time><h2>Naive</h2></article>'
        '<article><time datetime="2024-06-09T20:00:00+00:00">x</time><h2>Good</h2></article>'
    )
    page = parse_html(html)
    assert [e.headline for e in page.entries] == ["Good"]
    assert len(page.problems) == 1


def test_no_time_elements_is_an_error() -> None:
    with pytest.raises(NoEntriesFound):
        parse_html("<html><body><h1>Hello</h1><p>No entries</p></body></html>")


def test_deeply_nested_markup_is_parsed() -> None:
    depth = 2_000
    html = (
        "<div>" * depth
        + '<article><time datetime="2024-01-01T00:00:00Z"></time><h2>Deep</h2></article>'
        + "</div>" * depth
    )
    [entry] = parse_html(html).entries
    assert entry.headline == "Deep"

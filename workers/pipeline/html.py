"""HTML live-blog pages: every entry is an element holding a ``<time datetime="…">``.

An entry's element is the largest one around its ``<time>`` that holds no other entry's
time (an ``<article>`` always ends the search). Page chrome is removed before anything is
read: navigation, scripts, styles, forms, ads, share widgets, cookie banners, and any
header, footer or aside outside an entry.
"""

from __future__ import annotations

import re
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser, LexborNode

from schemas import Quote
from workers.pipeline.cleaning import clean_line
from workers.pipeline.errors import NoEntriesFound
from workers.pipeline.model import Page, ParsedEntry
from workers.pipeline.quotes import parse_attribution, split_pull_quote
from workers.pipeline.text import is_furniture
from workers.pipeline.times import parse_iso_instant

_DROPPED_TAGS = [
    "script", "style", "noscript", "template", "iframe", "svg", "form", "button", "nav",
    "object", "embed", "canvas", "select", "input", "textarea", "dialog",
]  # fmt: skip
# Class or id tokens of page chrome: ads, share widgets, promos, cookie banners.
_CHROME_TOKEN = re.compile(
    r"^(?:ads?|ad[-_].*|.*[-_]ads?|advert.*|.*[-_]advert.*|share.*|.*[-_]share.*|social.*"
    r"|promo.*|.*[-_]promo|sponsor.*|newsletter.*|cookie.*|.*[-_]cookies?|related.*"
    r"|.*[-_]related|outbrain.*|taboola.*|paywall.*|subscribe.*|breadcrumbs?|skip-link)$",
    re.IGNORECASE,
)
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog"}
_OUTSIDE_ENTRIES = {"nav", "aside", "footer", "header"}
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCKS = _HEADINGS | {"p", "li", "blockquote", "figcaption"}


def _is_chrome(node: LexborNode) -> bool:
    attrs = node.attributes
    if attrs.get("aria-hidden") == "true" or attrs.get("hidden") is not None:
        return True
    if (attrs.get("role") or "") in _CHROME_ROLES:
        return True
    tokens = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".split()
    return any(_CHROME_TOKEN.match(token) for token in tokens)


def _ancestors(node: LexborNode, stop: LexborNode | None = None) -> list[LexborNode]:
    found = []
    parent = node.parent
    while parent is not None and (stop is None or parent.mem_id != stop.mem_id):
        found.append(parent)
        parent = parent.parent
    return found


def _time_counts(time_nodes: list[LexborNode]) -> dict[int, int]:
    """How many of ``time_nodes`` each element holds, itself included, by ``mem_id``."""
    counts: dict[int, int] = {}
    for time_node in time_nodes:
        node: LexborNode | None = time_node
        while node is not None:
            counts[node.mem_id] = counts.get(node.mem_id, 0) + 1
            node = node.parent
    return counts


def _container(time_node: LexborNode, counts: dict[int, int]) -> LexborNode:
    """The largest element around ``time_node`` that holds no other entry's time."""
    node = time_node
    while node.tag != "article":
        parent = node.parent
        if parent is None or parent.tag in ("body", "html"):
            break
        if counts.get(parent.mem_id, 0) > 1:
            break
        node = parent
    return node


def _text(node: LexborNode) -> str:
    # No separator: inline markup (<a>, <em>) must not split words from punctuation.
    return clean_line(node.text(deep=True, separator=""))


def parse_html(content: str) -> Page:
    """Split an HTML page into entries; page chrome never reaches them."""
    tree = LexborHTMLParser(content)
    tree.strip_tags(_DROPPED_TAGS)
    for line_break in tree.css("br"):
        line_break.replace_with(" ")
    for node in tree.css("[class], [id], [role], [aria-hidden], [hidden]"):
        if _is_chrome(node):
            node.decompose()

    located: list[tuple[LexborNode, LexborNode, str]] = []
    time_nodes = tree.css("time[datetime]")
    counts = _time_counts(time_nodes)
    for time_node in time_nodes:
        container = _container(time_node, counts)
        if container.tag in _OUTSIDE_ENTRIES or any(
            a.tag in _OUTSIDE_ENTRIES for a in _ancestors(container)
        ):
            continue  # a "last updated" stamp in the page header, a date in a sidebar
        located.append((container, time_node, time_node.attributes.get("datetime") or ""))

    entries: list[ParsedEntry] = []
    problems: list[str] = []
    for container, time_node, stamp in located:
        published_at = parse_iso_instant(stamp)
        if published_at is None:
            problems.append(f"entry time {stamp[:60]!r} is not ISO 8601 with an offset")
            continue
        entry = _entry(container, time_node, published_at)
        # A time with no heading or paragraph beside it is page metadata ("Updated 23:25").
        if entry is not None:
            entries.append(entry)
    if not entries and not problems:
        raise NoEntriesFound('no entry element with a <time datetime="…"> found')
    return Page(entries=entries, problems=problems)


def _entry(
    container: LexborNode, time_node: LexborNode, published_at: datetime
) -> ParsedEntry | None:
    # Headers around the entry's own time belong to the entry; any other header is chrome.
    own = {a.mem_id for a in _ancestors(time_node, stop=container)}
    time_node.decompose()  # "22:45" is markup, not body text
    headline = ""
    paragraphs: list[str] = []
    quotes: list[Quote] = []
    seen: set[int] = set()
    container_id = container.mem_id
    # In document order, the container itself included, like ``container.css(...)``;
    # walking the subtree is cheaper than a CSS query. Listed before anything is removed.
    blocks = [node for node in container.traverse() if node.tag in _BLOCKS]
    for block in blocks:
        parent = block.parent
        # A child of the container (the usual case) has no ancestor to check.
        if parent is not None and parent.mem_id != container_id:
            path = _ancestors(block, stop=container)
            if any(a.mem_id in seen for a in path):
                continue  # already taken with an enclosing block (a <p> inside a <blockquote>)
            if any(a.tag in _OUTSIDE_ENTRIES and a.mem_id not in own for a in path):
                continue
        seen.add(block.mem_id)
        tag = block.tag or ""
        if tag == "blockquote":
            quote = _quote(block)
            if quote is None:
                continue
            if quote.speaker is None and paragraphs and paragraphs[-1].endswith(":"):
                # "The spokesman told a briefing:" and the quote: one sentence, read inline
                paragraphs[-1] += f" “{quote.text}”"
            else:
                quotes.append(quote)
            continue
        text = _text(block)
        if not text or is_furniture(text):
            continue
        if not headline and tag in _HEADINGS:
            headline = text
        else:
            paragraphs.append(text)
    if not headline and paragraphs:
        headline = paragraphs.pop(0)
    if not headline:
        return None
    return ParsedEntry(
        published_at=published_at,
        headline=headline,
        paragraphs=tuple(paragraphs),
        pull_quotes=tuple(quotes),
    )


def _quote(block: LexborNode) -> Quote | None:
    speaker = None
    cite = block.css_first("cite, footer, figcaption")
    if cite is not None:
        who = _text(cite).lstrip("—–- ")
        cite.decompose()
        attribution = parse_attribution(who)
        speaker = attribution[0] if attribution else (who or None)
    text = _text(block)
    if speaker is None and (attributed := split_pull_quote(text)) is not None:
        return attributed  # the speaker after a dash inside the quote: "“…” — Name, role"
    text = text.strip("\"'“”‘’«» ")
    return Quote(text=text, speaker=speaker) if text else None

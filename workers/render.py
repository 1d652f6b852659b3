"""Readable terminal output of events and dead letters (rich)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from schemas import LiveBlogEvent

_LEVEL_STYLE = {"low": "yellow", "medium": "dark_orange", "high": "red", "critical": "bold red"}


def event_panel(event: LiveBlogEvent) -> Panel:
    """One event as a panel: time, headline, enrichment summary, alert."""
    lines: list[Text] = [Text(event.headline, style="bold")]
    if event.body:
        first = event.body.split("\n\n", 1)[0]
        lines.append(Text(first if len(first) <= 240 else first[:239] + "…", style="dim"))
    facts = [
        ("people", ", ".join(p.name + (f" ({p.role})" if p.role else "") for p in event.people)),
        ("places", ", ".join(f"{loc.name} [{loc.country_code}]" for loc in event.locations)),
        ("orgs", ", ".join(o.name for o in event.organizations)),
        ("sources", ", ".join(event.attributions)),
        ("topics", ", ".join(event.topics)),
    ]
    lines.extend(Text.assemble((f"{name}: ", "cyan"), value) for name, value in facts if value)
    for quote in event.quotes:
        text = quote.text if len(quote.text) <= 160 else quote.text[:159] + "…"
        lines.append(Text(f"“{text}” — {quote.speaker or 'unattributed'}", style="italic"))
    if event.alert is not None:
        style = _LEVEL_STYLE[event.alert.level]
        reasons = "; ".join(event.alert.reasons)
        lines.append(Text(f"ALERT {event.alert.level}: {reasons}", style=style))
    published = event.published_at.strftime("%Y-%m-%d %H:%M UTC")
    title = f"{published} · {event.blog_id} · severity {event.severity}"
    border = _LEVEL_STYLE[event.alert.level] if event.alert else "blue"
    return Panel(Group(*lines), title=title, title_align="left", border_style=border)


def dead_letter_panel(headers: dict[str, str], value: bytes) -> Panel:
    """A DLQ record: why it failed, where it came from, the start of its value."""
    reason = headers.get("__connect.errors.exception.message", "?")
    error = headers.get("__connect.errors.exception.class.name", "?").rsplit(".", 1)[-1]
    where = "{}[{}]@{}".format(
        headers.get("__connect.errors.topic", "?"),
        headers.get("__connect.errors.partition", "?"),
        headers.get("__connect.errors.offset", "?"),
    )
    preview = value[:160].decode("utf-8", errors="replace")
    body = Group(Text(f"{error}: {reason}", style="red"), Text(preview, style="dim"))
    return Panel(body, title=f"dead letter from {where}", title_align="left", border_style="red")


def print_record(console: Console, topic: str, value: bytes, headers: dict[str, str]) -> None:
    """Render any record we publish: events as panels, dead letters with their reason."""
    if "__connect.errors.exception.class.name" in headers:
        console.print(dead_letter_panel(headers, value))
        return
    try:
        event = LiveBlogEvent.model_validate_json(value)
    except ValueError:
        console.print(Text(f"{topic}: not a LiveBlogEvent: {value[:120]!r}", style="yellow"))
        return
    console.print(event_panel(event))

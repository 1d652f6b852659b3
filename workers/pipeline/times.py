"""Dates and times: zone abbreviations, date lines, and newest-first day resolution."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

# Fixed offsets of the abbreviations live blogs print. Ambiguous ones (IST, CST) take
# their most common news use: India, US Central.
ZONE_OFFSETS: dict[str, timedelta] = {
    name: timedelta(hours=hours)
    for name, hours in {
        "GMT": 0, "UTC": 0, "Z": 0, "WET": 0, "WEST": 1, "BST": 1, "IST": 5.5,
        "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3, "TRT": 3, "AST": 3,
        "GST": 4, "PKT": 5, "ICT": 7, "HKT": 8, "SGT": 8, "CST": -6, "CDT": -5,
        "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
        "EST": -5, "EDT": -4, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
        "AKST": -9, "AKDT": -8, "HST": -10,
    }.items()
}  # fmt: skip
_ZONES = {name: timezone(offset, name) for name, offset in ZONE_OFFSETS.items()}
_OFFSET_MINUTES = {
    name: round(offset.total_seconds()) // 60 for name, offset in ZONE_OFFSETS.items()
}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_DAY = _EPOCH.date()
_DAY = 24 * 60  # minutes

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS = (
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    re.compile(
        rf"\b(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.I
    ),
    re.compile(
        rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MONTH})\.?,?\s+(?P<y>\d{{4}})\b", re.I
    ),
)


def parse_date_line(line: str) -> date | None:
    """The first valid calendar date written in ``line`` (ISO, ``September 4, 2023``,
    ``Monday 4 September 2023``, ``4 Sep 2023``), or None."""
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(line):
            parts = match.groupdict()
            month = int(parts["m"]) if parts.get("m") else _MONTHS[parts["mon"].lower()]
            try:
                return date(int(parts["y"]), month, int(parts["d"]))
            except ValueError:
                continue
    return None


@dataclass(frozen=True, slots=True)
class LocalTime:
    """A time of day as printed on a marker line, in a fixed-offset zone."""

    hour: int
    minute: int
    zone: str

    @property
    def tzinfo(self) -> timezone:
        return _ZONES[self.zone]

    def on(self, day: date) -> datetime:
        return datetime(day.year, day.month, day.day, self.hour, self.minute, tzinfo=self.tzinfo)


def resolve_newest_first(
    times: Sequence[LocalTime], *, page_date: date | None, reference: datetime
) -> list[datetime]:
    """UTC instants for times listed newest first.

    The top entry is on ``page_date`` (its local date), or, without one, on the date of
    ``reference`` in its zone, moved a day back if that would put it after ``reference``.
    Going down, an entry that would be later than the one above it crossed midnight and
    belongs to the day before.
    """
    # In whole minutes since the epoch: a page of 200 entries needs 200 instants, and
    # integer arithmetic spares building and comparing a datetime for each step.
    resolved: list[int] = []
    previous: int | None = None
    day = None if page_date is None else (page_date - _EPOCH_DAY).days
    for local in times:
        clock = local.hour * 60 + local.minute - _OFFSET_MINUTES[local.zone]
        if day is None:
            day = (reference.astimezone(local.tzinfo).date() - _EPOCH_DAY).days
            if (day * _DAY + clock) * 60 > reference.timestamp():
                day -= 1
        instant = day * _DAY + clock
        if previous is not None and instant > previous:
            day -= -(-(instant - previous) // _DAY)  # back as many days as it takes
            instant = day * _DAY + clock
        resolved.append(instant)
        previous = instant
    return [_EPOCH + timedelta(minutes=instant) for instant in resolved]


def parse_iso_instant(value: str) -> datetime | None:
    """An ISO 8601 timestamp with an offset, in UTC; None if malformed or naive."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return None
    return parsed.astimezone(UTC)

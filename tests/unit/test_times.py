from datetime import UTC, date, datetime

import pytest

from workers.pipeline.times import (
    LocalTime,
    parse_date_line,
    parse_iso_instant,
    resolve_newest_first,
)

REF = datetime(2024, 5, 20, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "line",
    [
        "date 2023-09-04 September 4, 2023 — Monday",
        "September 4, 2023",
        "Monday 4 September 2023",
        "4 Sep 2023",
        "2023-09-04",
        "Sept. 4th, 2023",
    ],
)
def test_date_line_forms(line: str) -> None:
    assert parse_date_line(line) == date(2023, 9, 4)


@pytest.mark.parametrize("line", ["Breaking news", "2023-02-30", "32 March 2024", ""])
def test_not_a_date_line(line: str) -> None:
    assert parse_date_line(line) is None


@pytest.mark.parametrize(
    ("zone", "utc_hour"),
    [("GMT", 10), ("UTC", 10), ("BST", 9), ("CET", 9), ("CEST", 8), ("EET", 8), ("EEST", 7),
     ("MSK", 7), ("EST", 15), ("EDT", 14), ("PST", 18), ("PDT", 17)],
)  # fmt: skip
def test_zone_abbreviations_convert_to_utc(zone: str, utc_hour: int) -> None:
    [instant] = resolve_newest_first(
        [LocalTime(10, 0, zone)], page_date=date(2024, 1, 10), reference=REF
    )
    assert instant == datetime(2024, 1, 10, utc_hour, 0, tzinfo=UTC)


def test_entry_later_than_the_one_above_crossed_midnight() -> None:
    times = [LocalTime(1, 10, "GMT"), LocalTime(0, 5, "GMT"), LocalTime(23, 40, "GMT"),
             LocalTime(22, 0, "GMT"), LocalTime(23, 59, "GMT")]  # fmt: skip
    resolved = resolve_newest_first(times, page_date=date(2024, 3, 2), reference=REF)
    assert [r.isoformat() for r in resolved] == [
        "2024-03-02T01:10:00+00:00",
        "2024-03-02T00:05:00+00:00",
        "2024-03-01T23:40:00+00:00",
        "2024-03-01T22:00:00+00:00",
        "2024-02-29T23:59:00+00:00",
    ]


def test_equal_times_stay_on_the_same_day() -> None:
    times = [LocalTime(9, 0, "GMT"), LocalTime(9, 0, "GMT")]
    resolved = resolve_newest_first(times, page_date=date(2024, 3, 2), reference=REF)
    assert resolved[0] == resolved[1]


def test_crossing_compares_instants_across_zones() -> None:
    # 01:30 CET is 00:30 UTC; 00:45 GMT is later in UTC, so it belongs to the day before.
    times = [LocalTime(1, 30, "CET"), LocalTime(0, 45, "GMT")]
    resolved = resolve_newest_first(times, page_date=date(2024, 3, 2), reference=REF)
    assert resolved == [
        datetime(2024, 3, 2, 0, 30, tzinfo=UTC),
        datetime(2024, 3, 1, 0, 45, tzinfo=UTC),
    ]


def test_without_date_line_the_reference_moment_dates_entries() -> None:
    reference = datetime(2024, 5, 20, 9, 30, tzinfo=UTC)
    times = [LocalTime(9, 15, "GMT"), LocalTime(8, 0, "GMT")]
    assert resolve_newest_first(times, page_date=None, reference=reference) == [
        datetime(2024, 5, 20, 9, 15, tzinfo=UTC),
        datetime(2024, 5, 20, 8, 0, tzinfo=UTC),
    ]


def test_entry_later_in_the_day_than_the_reference_is_from_the_day_before() -> None:
    reference = datetime(2024, 5, 20, 0, 20, tzinfo=UTC)
    times = [LocalTime(23, 55, "GMT"), LocalTime(21, 0, "GMT")]
    assert resolve_newest_first(times, page_date=None, reference=reference) == [
        datetime(2024, 5, 19, 23, 55, tzinfo=UTC),
        datetime(2024, 5, 19, 21, 0, tzinfo=UTC),
    ]


def test_reference_date_is_taken_in_the_entry_zone() -> None:
    # 23:30 UTC on the 19th is already 01:30 on the 20th in Moscow.
    reference = datetime(2024, 5, 19, 23, 30, tzinfo=UTC)
    [instant] = resolve_newest_first([LocalTime(1, 0, "MSK")], page_date=None, reference=reference)
    assert instant == datetime(2024, 5, 19, 22, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-06-09T22:45:00+02:00", datetime(2024, 6, 9, 20, 45, tzinfo=UTC)),
        ("2024-06-09T20:45:00Z", datetime(2024, 6, 9, 20, 45, tzinfo=UTC)),
        ("2024-06-09T22:45:00", None),
        ("yesterday", None),
    ],
)
def test_iso_instants(value: str, expected: datetime | None) -> None:
    assert parse_iso_instant(value) == expected

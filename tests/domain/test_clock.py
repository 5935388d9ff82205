"""The 72-hour clock and reading what a person types, with a fixed `now`."""

from datetime import UTC, datetime, timedelta

import pytest

from playbook.domain.clock import (
    WhenError,
    ZoneError,
    deadline_for,
    describe_clock,
    format_local,
    parse_when,
    read_clock,
    zone,
)

LONDON = zone("Europe/London")
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def london(text: str) -> datetime:
    return parse_when(text, now=NOW, local_zone=LONDON)


@pytest.mark.parametrize(
    ("aware_local", "deadline_local"),
    [
        pytest.param(
            "2026-10-24 09:30",
            "2026-10-27 08:30 GMT",
            id="autumn-clock-change-moves-wall-time-back-an-hour",
        ),
        pytest.param(
            "2026-03-28 10:00",
            "2026-03-31 11:00 BST",
            id="spring-clock-change-moves-wall-time-on-an-hour",
        ),
        pytest.param(
            "2026-07-01 16:45", "2026-07-04 16:45 BST", id="summer-no-change-same-wall-time"
        ),
    ],
)
def test_deadline_is_72_elapsed_hours_across_clock_changes(aware_local, deadline_local):
    aware = london(aware_local)
    deadline = deadline_for(aware)
    assert deadline - aware == timedelta(hours=72)
    assert format_local(deadline, LONDON) == deadline_local


@pytest.mark.parametrize(
    ("hours_since_aware", "state"),
    [
        (0, "ok"),
        (47.9, "ok"),
        (48.5, "due_24h"),
        (66.5, "due_6h"),
        (71.99, "due_6h"),
        (72, "overdue"),
        (100, "overdue"),
    ],
)
def test_clock_state_by_time_left(hours_since_aware, state):
    aware = NOW - timedelta(hours=hours_since_aware)
    assert read_clock(aware, NOW).state == state


def test_overdue_clock_says_by_how_long():
    reading = read_clock(NOW - timedelta(hours=75, minutes=5), NOW)
    assert reading.overdue
    assert describe_clock(reading) == "3h 05m late"


def test_time_left_under_an_hour_shows_seconds():
    reading = read_clock(NOW - timedelta(hours=71, minutes=15, seconds=10), NOW)
    assert describe_clock(reading) == "44m 50s left"


@pytest.mark.parametrize(
    ("typed", "expected_utc"),
    [
        ("now", NOW),
        ("2026-10-24 09:30", datetime(2026, 10, 24, 8, 30, tzinfo=UTC)),
        ("24 Oct 9:30am", datetime(2026, 10, 24, 8, 30, tzinfo=UTC)),
        ("24 October 2026 09:30", datetime(2026, 10, 24, 8, 30, tzinfo=UTC)),
        ("yesterday 14:00", datetime(2026, 11, 20, 14, 0, tzinfo=UTC)),
        ("today 9am", datetime(2026, 11, 21, 9, 0, tzinfo=UTC)),
        ("today 9", datetime(2026, 11, 21, 9, 0, tzinfo=UTC)),
        ("yesterday 23", datetime(2026, 11, 20, 23, 0, tzinfo=UTC)),
        ("2 hours ago", NOW - timedelta(hours=2)),
        ("90 minutes ago", NOW - timedelta(minutes=90)),
        ("3 days ago", NOW - timedelta(days=3)),
        ("2026-10-24T09:30:00+02:00", datetime(2026, 10, 24, 7, 30, tzinfo=UTC)),
        ("2026-11-01T10:00Z", datetime(2026, 11, 1, 10, 0, tzinfo=UTC)),
    ],
)
def test_accepted_ways_of_writing_a_time(typed, expected_utc):
    assert london(typed) == expected_utc


def test_a_date_without_a_year_is_the_most_recent_one():
    january = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)
    assert parse_when("24 Oct 9:30am", now=january, local_zone=LONDON) == datetime(
        2026, 10, 24, 8, 30, tzinfo=UTC
    )


def test_29_february_without_a_year_is_the_last_leap_day():
    leap_january = datetime(2028, 1, 15, 12, 0, tzinfo=UTC)
    assert parse_when("29 Feb 10:00", now=leap_january, local_zone=LONDON) == datetime(
        2024, 2, 29, 10, 0, tzinfo=UTC
    )
    leap_day = datetime(2028, 2, 29, 12, 0, tzinfo=UTC)
    assert parse_when("29 Feb 10:00", now=leap_day, local_zone=LONDON) == datetime(
        2028, 2, 29, 10, 0, tzinfo=UTC
    )


def test_a_wall_time_skipped_by_the_spring_change_moves_past_the_gap():
    assert london("2026-03-29 01:30") == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_a_time_without_a_day_is_the_most_recent_one():
    assert london("9am") == datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    assert london("23:30") == datetime(2026, 11, 20, 23, 30, tzinfo=UTC)  # yesterday's


@pytest.mark.parametrize("typed", ["tomorrow 9am", "tomorrow", "2027-01-01 10:00"])
def test_a_future_time_is_refused_as_one(typed):
    with pytest.raises(WhenError, match="is in the future"):
        london(typed)


@pytest.mark.parametrize("typed", ["tomorrow 9am", "2027-01-01 10:00", "in 2 hours"])
def test_future_or_unreadable_times_are_refused_with_an_example(typed):
    with pytest.raises(WhenError) as refused:
        london(typed)
    assert "2 hours ago" in str(refused.value)


@pytest.mark.parametrize("typed", ["", "   ", "blah", "32 Oct", "9999999999999999999 hours ago"])
def test_non_times_are_refused(typed):
    with pytest.raises(WhenError):
        london(typed)


def test_unknown_zone_is_a_clear_error():
    with pytest.raises(ZoneError, match="Mars/Olympus"):
        zone("Mars/Olympus")

"""The 72-hour clock and the times a person types.

Every function takes the current time as an argument (`now=`), so the rules are testable.
Times inside the domain are timezone-aware UTC; a zone (`tzinfo`) is applied only when reading
what a person typed and when displaying.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from dateutil import parser as date_parser
from dateutil import tz as date_tz

from playbook.domain.errors import PlaybookError

NOTIFY_WITHIN = timedelta(hours=72)
CLOCK_STATES = ("ok", "due_24h", "due_6h", "overdue")
# Time left at or under which a clock enters a state, most urgent first (after `overdue` at 0).
STATE_THRESHOLDS = (("due_6h", timedelta(hours=6)), ("due_24h", timedelta(hours=24)))
WHEN_EXAMPLE = "'now', '2026-10-24 09:30', '24 Oct 9:30am', 'yesterday 14:00' or '2 hours ago'"

_AGO = re.compile(r"^(\d+(?:\.\d+)?)\s*(minute|min|hour|hr|day|week)s?\s+ago$")
_RELATIVE_DAY = re.compile(r"^(today|yesterday|tomorrow)(?:\s+(?:at\s+)?(.+))?$")
_YEAR_FIRST = re.compile(r"^\d{4}[-/.]")
_UNIT_SECONDS = {"minute": 60, "min": 60, "hour": 3600, "hr": 3600, "day": 86400, "week": 604800}


class WhenError(PlaybookError):
    """What a person typed is not a time the playbook accepts."""


class ZoneError(PlaybookError):
    """A configured time zone name is not known."""


@dataclass(frozen=True)
class ClockReading:
    """Where an incident stands against its 72-hour deadline at one moment."""

    deadline: datetime
    time_left: timedelta
    state: str

    @property
    def overdue(self) -> bool:
        """True once the deadline has passed."""
        return self.state == "overdue"


def zone(name: str) -> tzinfo:
    """Return the time zone called `name` (an IANA name such as Europe/London)."""
    found = date_tz.gettz(name)
    if found is None:
        raise ZoneError(
            f"'{name}' is not a known time zone; use an IANA name such as Europe/London."
        )
    return found


def deadline_for(aware_at: datetime) -> datetime:
    """The Art. 33 deadline: 72 elapsed hours after the organisation became aware."""
    return aware_at.astimezone(UTC) + NOTIFY_WITHIN


def read_clock(aware_at: datetime, now: datetime) -> ClockReading:
    """Read the clock for an incident that became known at `aware_at`."""
    deadline = deadline_for(aware_at)
    left = deadline - now.astimezone(UTC)
    return ClockReading(deadline=deadline, time_left=left, state=clock_state(left))


def clock_state(time_left: timedelta) -> str:
    """The state of a clock with `time_left` before its deadline."""
    if time_left <= timedelta(0):
        return "overdue"
    for state, threshold in STATE_THRESHOLDS:
        if time_left <= threshold:
            return state
    return "ok"


def format_duration(span: timedelta) -> str:
    """A span as a person reads it: '2d 03h 15m', '45m 10s' under an hour."""
    seconds = int(abs(span.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours:02d}h {minutes:02d}m"
    if hours:
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m {secs:02d}s"


def deadline_note(role: object) -> str:
    """What the 72 hours mean for the organisation's role ("" for a controller or unknown).

    A processor does not report to the ICO: it tells its controller without undue delay, and
    the controller's 72 hours start when the controller becomes aware (Art. 33(2)).
    """
    if role == "processor":
        return (
            "as processor: tell the controller without undue delay; the 72 hours are the "
            "controller's, from when it is told"
        )
    return ""


def describe_clock(reading: ClockReading) -> str:
    """One phrase for the clock, the same everywhere: '41h 20m left' or '3h 05m late'."""
    if reading.overdue:
        return f"{format_duration(reading.time_left)} late"
    return f"{format_duration(reading.time_left)} left"


def format_local(moment: datetime, local_zone: tzinfo) -> str:
    """A UTC moment in the local zone with the zone's abbreviation: '2026-10-27 08:30 GMT'."""
    local = moment.astimezone(local_zone)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def parse_when(text: str, *, now: datetime, local_zone: tzinfo) -> datetime:
    """Read a time a person typed and return it in UTC; refuse a future time or non-time."""
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise WhenError(f"No time was given; try {WHEN_EXAMPLE}.")
    moment = _parse_shorthand(cleaned, now, local_zone) or _parse_written(text, now, local_zone)
    if moment > now + timedelta(minutes=1):
        raise WhenError(
            f"'{_echo(text)}' is in the future; give the time it happened, e.g. {WHEN_EXAMPLE}."
        )
    return moment.astimezone(UTC)


def _parse_shorthand(cleaned: str, now: datetime, local_zone: tzinfo) -> datetime | None:
    if cleaned == "now":
        return now
    ago = _AGO.match(cleaned)
    if ago:
        try:
            return now - timedelta(seconds=float(ago.group(1)) * _UNIT_SECONDS[ago.group(2)])
        except (OverflowError, ValueError) as error:
            raise WhenError(f"'{_echo(cleaned)}' is too far back; try {WHEN_EXAMPLE}.") from error
    relative = _RELATIVE_DAY.match(cleaned)
    if relative:
        day = now.astimezone(local_zone).date()
        if relative.group(1) == "yesterday":
            day -= timedelta(days=1)
        elif relative.group(1) == "tomorrow":  # read, so that it is refused as a future time
            day += timedelta(days=1)
        midnight = datetime(day.year, day.month, day.day)
        if relative.group(2) is None:
            return _localise(midnight, local_zone)
        typed_time = relative.group(2)
        if typed_time.isdecimal():  # "today 9" is nine o'clock, not the ninth of the month
            typed_time += ":00"
        clock_time = _dateutil_parse(typed_time, midnight, cleaned)
        return _localise(clock_time.replace(tzinfo=None), local_zone)
    return None


def _parse_written(text: str, now: datetime, local_zone: tzinfo) -> datetime:
    local_now = now.astimezone(local_zone).replace(tzinfo=None)
    today = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
    parsed = _dateutil_parse(text, today, text)
    if parsed.tzinfo is not None:
        return parsed
    # A date typed without a year means the most recent such date, never one in the future.
    # Parsing again with a default that differs in year, month and day shows what was typed.
    probe_default = datetime(
        today.year - 4, 2 if today.month == 1 else 1, 2 if today.day == 1 else 1
    )
    probe = _dateutil_parse(text, probe_default, text)
    typed_day_without_year = probe.year != parsed.year and (probe.month, probe.day) == (
        parsed.month,
        parsed.day,
    )
    if typed_day_without_year and parsed > local_now + timedelta(minutes=1):
        parsed = _most_recent_year_before(parsed)
    # A time typed without a day ('9am') means the most recent such time: yesterday's when
    # today's is still to come.
    typed_time_only = (probe.date(), parsed.date()) == (probe_default.date(), today.date())
    if typed_time_only and parsed > local_now + timedelta(minutes=1):
        parsed -= timedelta(days=1)
    return _localise(parsed, local_zone)


def _most_recent_year_before(moment: datetime) -> datetime:
    """The same day and time in the latest earlier year that has it (29 February: a leap year)."""
    for years_back in range(1, 9):
        try:
            return moment.replace(year=moment.year - years_back)
        except ValueError:
            continue
    raise WhenError(f"No recent year has that date; try {WHEN_EXAMPLE}.")


def _dateutil_parse(text: str, default: datetime, original: str) -> datetime:
    try:
        # Written dates are day-first (24/10/2026); ISO dates (2026-10-24) are year-first.
        year_first = bool(_YEAR_FIRST.match(text.strip()))
        parsed = date_parser.parse(
            text, default=default, dayfirst=not year_first, yearfirst=year_first
        )
        parsed.utcoffset()  # an offset of a day or more ('UTC+9999') is refused here
        return parsed
    except (ValueError, OverflowError, TypeError) as error:
        raise WhenError(f"'{_echo(original)}' is not a time; try {WHEN_EXAMPLE}.") from error


def _echo(text: str) -> str:
    """What was typed, quoted back on one line without control characters."""
    return "".join(character for character in " ".join(text.split()) if character.isprintable())


def _localise(naive: datetime, local_zone: tzinfo) -> datetime:
    """Attach the local zone; a wall time skipped by a clock change moves forward past the gap."""
    aware = naive.replace(tzinfo=local_zone)
    return date_tz.resolve_imaginary(aware)

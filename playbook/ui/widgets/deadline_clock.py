"""The 72-hour countdown shown above every step of an incident."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo

from textual.timer import Timer
from textual.widgets import Static

from playbook.domain.clock import (
    CLOCK_STATES,
    ClockReading,
    describe_clock,
    format_local,
    read_clock,
)

_FAST_BELOW = timedelta(hours=1)


def clock_class(state: str) -> str:
    """The CSS class that shows a clock state, e.g. `-overdue` or `-due-6h`."""
    return "-" + state.replace("_", "-")


class DeadlineClock(Static):
    """Time left until the Art. 33 deadline; every second in the last hour, every minute before.

    The state is shown by one of the classes `-ok`, `-due-24h`, `-due-6h`, `-overdue`, or
    `-closed` once the incident is closed.
    """

    def __init__(
        self,
        aware_at: datetime,
        *,
        now: Callable[[], datetime],
        zone: tzinfo,
        closed_at: datetime | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.aware_at = aware_at
        self.closed_at = closed_at
        self.now = now
        self.zone = zone
        self.reading: ClockReading | None = None
        self._timer: Timer | None = None

    def on_mount(self) -> None:
        """Show the clock and start ticking."""
        self.tick()

    def show_closed(self, closed_at: datetime) -> None:
        """Stop the countdown: the incident is closed."""
        self.closed_at = closed_at
        self.tick()

    def tick(self) -> None:
        """Read the clock, show it, and wait until the figure shown next changes."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        for state in (*CLOCK_STATES, "closed"):
            self.remove_class(clock_class(state))
        if self.closed_at is not None:
            self.add_class("-closed")
            self.update(f"closed {format_local(self.closed_at, self.zone)}")
            return
        self.reading = read_clock(self.aware_at, self.now())
        self.add_class(clock_class(self.reading.state))
        deadline = self.reading.deadline.astimezone(self.zone)
        self.update(
            f"{describe_clock(self.reading)} · due {deadline:%a %d %b %H:%M} {deadline.tzname()}"
        )
        self._timer = self.set_timer(seconds_to_next_change(self.reading.time_left), self.tick)


def seconds_to_next_change(time_left: timedelta) -> float:
    """Under an hour either side of the deadline the seconds show; otherwise the minutes do."""
    if abs(time_left) < _FAST_BELOW:
        return 1.0
    into_minute = time_left.total_seconds() % 60
    return into_minute or 60.0

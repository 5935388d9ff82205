"""The deadline clock: its text, its state classes, and how often it ticks."""

from __future__ import annotations

from datetime import timedelta

import pytest

from playbook.store.incidents import create_incident
from playbook.ui.screens.workspace import IncidentScreen
from playbook.ui.widgets.deadline_clock import DeadlineClock, seconds_to_next_change
from tests.conftest import FIXED_NOW


@pytest.mark.parametrize(
    ("time_left", "wait"),
    [
        (timedelta(minutes=59, seconds=59), 1.0),  # the last hour: every second
        (timedelta(minutes=-30), 1.0),  # the first hour overdue: every second
        (timedelta(hours=5, minutes=3, seconds=20), 20.0),  # else: when the minute turns
        (timedelta(hours=30), 60.0),
    ],
)
def test_the_clock_ticks_every_second_in_the_last_hour_and_every_minute_before(time_left, wait):
    assert seconds_to_next_change(time_left) == wait


async def test_the_clock_counts_down_and_turns_overdue(make_app, db):
    clock_now = [FIXED_NOW]
    incident = create_incident(
        db,
        title="Report sent to a stranger",
        aware_at=FIXED_NOW - timedelta(hours=71, minutes=30),
        now=FIXED_NOW,
        author="Test Responder",
    )
    app = make_app()
    app.now = lambda: clock_now[0]
    async with app.run_test() as pilot:
        await app.push_screen(IncidentScreen(incident.id, step="log"))
        await pilot.pause()
        clock = app.screen.query_one(DeadlineClock)
        assert str(clock.render()).startswith("30m 00s left · due Sun 25 Oct 12:30 GMT")
        assert clock.has_class("-due-6h") and not clock.has_class("-overdue")
        clock_now[0] += timedelta(seconds=1)
        clock.tick()
        assert str(clock.render()).startswith("29m 59s left")
        clock_now[0] += timedelta(minutes=45)
        clock.tick()
        assert str(clock.render()).startswith("15m 01s late")
        assert clock.has_class("-overdue") and not clock.has_class("-due-6h")

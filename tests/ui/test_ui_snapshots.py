"""Snapshots of the screens that matter, at the fixed clock and fixed sizes.

Made with `pytest tests/ui --snapshot-update` and reviewed (the SVGs under __snapshots__) before
they were committed: a change to a screen shows here as a failing test with a visual report.
"""

from __future__ import annotations

import pytest

from playbook.ui.screens.workspace import IncidentScreen


def on_step(incident_id: str, step: str):
    """A run_before that opens the incident's workspace on `step`."""

    async def open_it(pilot) -> None:
        await pilot.app.push_screen(IncidentScreen(incident_id, step=step))
        await pilot.pause()

    return open_it


def test_the_register_at_80x24(snap_compare, make_app, imported, late):
    assert snap_compare(make_app(), terminal_size=(80, 24))


@pytest.mark.parametrize("step", ["contain", "assess", "decide", "notify", "log"])
def test_each_step_at_110x32(snap_compare, make_app, drafting_config, imported, step):
    app = make_app(drafting_config)
    assert snap_compare(app, terminal_size=(110, 32), run_before=on_step(imported.id, step))


def test_contain_at_80x24(snap_compare, make_app, imported):
    assert snap_compare(
        make_app(), terminal_size=(80, 24), run_before=on_step(imported.id, "contain")
    )


def test_the_decision_dialog_past_the_deadline(snap_compare, make_app, late):
    app = make_app()
    assert snap_compare(
        app, press=["o", "enter"], terminal_size=(80, 30), run_before=on_step(late.id, "decide")
    )


def test_the_overdue_clock(snap_compare, make_app, late):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=on_step(late.id, "log"))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("step", ["contain", "assess", "decide"])
def test_long_values_are_cut_with_an_ellipsis(snap_compare, make_app, long_values, step, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=on_step(long_values.id, step))


def test_the_decision_dialog_past_the_deadline_at_80x24(snap_compare, make_app, late):
    assert snap_compare(
        make_app(),
        press=["o", "enter"],
        terminal_size=(80, 24),
        run_before=on_step(late.id, "decide"),
    )

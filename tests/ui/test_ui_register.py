"""The register and the new-incident dialog, driven by keys through Pilot."""

from __future__ import annotations

from textual.widgets import Input

from playbook.store.events import list_events
from playbook.store.incidents import list_incidents
from playbook.ui.dialogs.new_incident import NewIncidentDialog
from playbook.ui.screens.register import RegisterScreen, RegisterTable
from playbook.ui.screens.workspace import IncidentScreen
from tests.conftest import FIXED_NOW


async def test_the_register_lists_the_most_urgent_incident_first(make_app, survey, late):
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        table = app.screen.query_one(RegisterTable)
        assert [key for key, _ in table.all_rows] == [late.id, survey.id]
        assert str(table.cells_of(late.id)[1]) == "3h 30m late"
        assert str(table.cells_of(survey.id)[1]) == "2d 04h 00m left"
        assert table.cells_of(survey.id)[2] == "—"  # no assessment yet
        assert "Discount-card" in str(app.screen.query_one("#register-detail").render())


async def test_the_filter_narrows_the_register(make_app, survey, late):
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("slash", *"tenant")
        table = app.screen.query_one(RegisterTable)
        assert [key for key, _ in table.all_rows] == [survey.id]
        await pilot.press("enter")
        assert app.focused is table
        await pilot.press("slash", "escape")  # escape empties and closes the filter
        await pilot.pause()
        assert app.focused is table and len(table.all_rows) == 2


async def test_the_filter_matches_the_clock_column_and_counts_what_it_shows(make_app, survey, late):
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("slash", *"late")  # what the Clock column shows for `late`
        await pilot.pause()
        table = app.screen.query_one(RegisterTable)
        assert [key for key, _ in table.all_rows] == [late.id]
        assert app.screen.sub_title == "incident register · 1 of 2"


async def test_enter_opens_the_highlighted_incident_and_escape_comes_back(make_app, survey, late):
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, IncidentScreen)
        assert app.screen.incident_id == survey.id
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RegisterScreen)
        assert app.screen.highlighted_id() == survey.id


async def test_the_new_incident_dialog_reads_the_time_as_you_type(make_app):
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("n")
        dialog = app.screen
        assert isinstance(dialog, NewIncidentDialog)
        dialog.query_one("#title", Input).value = "Wrong list"
        await pilot.press("tab", "ctrl+u", *"9:00")
        assert str(dialog.query_one("#aware-parsed").render()).startswith("→ 2026-10-25 09:00 GMT")
        dialog.query_one("#aware", Input).value = "yesterday 14:00"
        await pilot.pause()
        parsed = str(dialog.query_one("#aware-parsed").render())
        assert parsed.startswith("→ 2026-10-24 14:00 BST")
        assert "2026-10-27 13:00 GMT" in parsed  # 72 elapsed hours across the clock change
        await pilot.press(*" x")
        assert "not a time" in str(dialog.query_one("#aware-parsed").render())
        assert dialog.query_one("#aware-parsed").has_class("-invalid")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, NewIncidentDialog)  # refused, nothing written
        assert "not readable" in str(dialog.query_one("#dialog-problem").render())
        assert list_incidents(app.db) == []


async def test_a_new_incident_is_created_and_opened(make_app):
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("n", *"Wrong", "enter", "ctrl+u", *"10:00", "enter")
        await pilot.press("enter")  # the optional message path, left empty, submits
        await app.workers.wait_for_complete()
        await pilot.pause()
        [incident] = list_incidents(app.db)
        assert incident.title == "Wrong"
        assert incident.aware_at == FIXED_NOW.replace(hour=10)
        assert isinstance(app.screen, IncidentScreen)
        assert app.screen.incident_id == incident.id
        [created] = list_events(app.db, incident.id)
        assert created.kind == "incident.created"
        assert created.author == "Test Responder"


async def test_a_new_incident_needs_a_title_and_a_real_file(make_app, tmp_path):
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("n", "ctrl+s")
        assert isinstance(app.screen, NewIncidentDialog)
        assert "title" in str(app.screen.query_one("#dialog-problem").render())
        await pilot.press(*"Wrong")
        app.screen.query_one("#message-path", Input).value = str(tmp_path / "missing.eml")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, NewIncidentDialog)
        assert "no file" in str(app.screen.query_one("#dialog-problem").render())
        await pilot.press("escape")
        assert isinstance(app.screen, RegisterScreen)
        assert list_incidents(app.db) == []


async def test_a_file_that_is_not_a_message_opens_no_incident(make_app, tmp_path):
    not_a_message = tmp_path / "photo.eml"
    not_a_message.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("n", *"Wrong list", "enter", "enter")
        app.screen.query_one("#message-path", Input).value = str(not_a_message)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, RegisterScreen)
        assert list_incidents(app.db) == []
        assert app.db["events"].count == 0
        shown = [notification.message for notification in app._notifications]
        assert any("not" in message for message in shown), shown


async def test_an_incident_opened_with_its_message_dates_the_breach_to_the_sending(
    make_app, sent_message
):
    from playbook.config import Config
    from playbook.reporting.reports import ico_report

    app = make_app()
    async with app.run_test() as pilot:
        await pilot.press("n", *"Survey in Cc", "enter", "enter")
        app.screen.query_one("#message-path", Input).value = str(sent_message)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        [incident] = list_incidents(app.db)
        assert isinstance(app.screen, IncidentScreen)
        assert app.db["recipients"].count == 6
    assert incident.occurred_at is not None
    assert incident.occurred_at.isoformat() == "2026-10-24T14:30:00+00:00"
    report = ico_report(app.db, incident.id, renderer=app.renderer, config=Config(), now=FIXED_NOW)
    assert "When did the breach happen?** 2026-10-24 15:30 BST" in report


async def test_the_board_view_shows_the_figures_a_chart_and_containment_bars(
    make_app, imported, late, db
):
    from textual.widgets import ProgressBar
    from textual_plotext import PlotextPlot

    from playbook.store.containment import request_all_external, set_recipient_status
    from playbook.ui.screens.board import BoardScreen

    request_all_external(db, imported.id, author="Dee", now=FIXED_NOW)
    set_recipient_status(
        db,
        imported.id,
        "ann.archer@gmail.com",
        "confirmed",
        how="email",
        note="Deleted",
        author="Dee",
        now=FIXED_NOW,
    )
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        figures = str(app.screen.query_one("#board-figures").render())
        assert figures.startswith("2 incidents · no ICO reports yet · no decisions yet")
        assert "3 confirmations outstanding" in figures  # 4 asked, 1 confirmed
        assert app.screen.query_one(PlotextPlot)
        bars = {bar.total: bar.progress for bar in app.screen.query(ProgressBar)}
        assert bars[4] == 1  # the survey: 1 of its 4 external recipients confirmed
        await pilot.press("escape")
        assert isinstance(app.screen, RegisterScreen)

"""Step 5, Log: the timeline, verify, notes and closing, driven by keys."""

from __future__ import annotations

from textual.widgets import TextArea

from playbook.assessing.facts import record_facts
from playbook.store.events import list_events
from playbook.store.incidents import add_note, get_incident
from playbook.ui.dialogs.text import TextDialog
from playbook.ui.screens.workspace import IncidentScreen
from playbook.ui.steps.log import LogStep
from playbook.ui.widgets.deadline_clock import DeadlineClock
from playbook.ui.widgets.flex_table import FlexTable
from tests.conftest import FIXED_NOW


async def open_log(app, pilot, incident_id: str) -> None:
    """Open the incident's workspace straight on its Log step."""
    await app.push_screen(IncidentScreen(incident_id, step="log"))
    await pilot.pause()


async def test_the_log_shows_the_timeline_and_verifies_it(make_app, survey, db):
    add_note(db, survey.id, "Recall attempted; it failed outside.", author="Dee", now=FIXED_NOW)
    app = make_app()
    async with app.run_test() as pilot:
        await open_log(app, pilot, survey.id)
        step = app.screen.query_one(LogStep)
        timeline = step.query_one("#timeline", FlexTable)
        assert [cells[3] for _, cells in timeline.all_rows] == [
            "incident opened: Tenant survey sent with every address in Cc",
            "note: Recall attempted; it failed outside.",
        ]
        await pilot.press("v")
        result = step.query_one("#verify-result")
        assert str(result.render()) == "The timeline is intact: 2 events checked."
        assert result.has_class("-intact")
        add_note(db, survey.id, "Spoke to the recipient.", author="Dee", now=FIXED_NOW)
        step.reload()
        await pilot.pause()
        assert str(result.render()) == ""  # the check said nothing about the new event


async def test_the_log_says_what_it_checked_and_writes_words_not_keys(make_app, survey, late, db):
    author = "Information Governance Team"
    record_facts(
        db,
        survey.id,
        {"recipient_trust": "unknown"},
        source="confirmed",
        author=author,
        at=FIXED_NOW,
    )
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await open_log(app, pilot, survey.id)
        step = app.screen.query_one(LogStep)
        timeline = step.query_one("#timeline", FlexTable)
        last_line = timeline.render_line(timeline.total_rows).text
        assert author in last_line  # the Who column is as wide as its longest name
        assert "recipient trust unknown" in last_line and "recipient_trust" not in last_line
        await pilot.press("v")
        result = str(step.query_one("#verify-result").render())
        assert result.startswith("This timeline is intact (2 events)")
        assert "3 events" in result  # the other incident's one as well


async def test_verify_names_the_first_broken_event(make_app, survey, db):
    add_note(db, survey.id, "First note", author="Dee", now=FIXED_NOW)
    db.execute("UPDATE events SET author = 'Mallory' WHERE seq = 2")
    db.conn.commit()
    app = make_app()
    async with app.run_test() as pilot:
        await open_log(app, pilot, survey.id)
        await pilot.press("v")
        result = app.screen.query_one("#verify-result")
        assert "broken at event 2" in str(result.render())
        assert result.has_class("-broken")


async def test_a_note_then_closing_with_the_lessons_stops_the_clock(make_app, survey, db):
    app = make_app()
    async with app.run_test() as pilot:
        await open_log(app, pilot, survey.id)
        await pilot.press("a")
        assert isinstance(app.screen, TextDialog)
        app.screen.query_one(TextArea).text = "Rang the recipient"
        await pilot.press("ctrl+s")
        await pilot.pause()
        note = list_events(db, survey.id)[-1]
        assert (note.kind, note.personal, note.author) == (
            "note",
            {"text": "Rang the recipient"},
            "Test Responder",
        )
        assert app.screen.query_one("#timeline", FlexTable).total_rows == 2
        await pilot.press("x", "ctrl+s")
        assert isinstance(app.screen, TextDialog)  # empty lessons are refused
        assert get_incident(db, survey.id).status == "open"
        app.screen.query_one(TextArea).insert("Bulk mail goes through the mailing tool")
        await pilot.press("ctrl+s")
        await pilot.pause()
        incident = get_incident(db, survey.id)
        assert incident.status == "closed"
        assert incident.lessons == "Bulk mail goes through the mailing tool"
        assert list_events(db, survey.id)[-1].kind == "incident.closed"
        clock = app.screen.query_one(DeadlineClock)
        assert clock.has_class("-closed")
        assert str(clock.render()).startswith("closed 2026-10-25")


async def test_closing_shows_what_is_open_and_a_closed_incident_takes_no_change(
    make_app, imported, db
):
    from playbook.store.containment import load_checklist
    from playbook.ui.dialogs.confirm import ConfirmDialog

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_log(app, pilot, imported.id)
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.query_one("Static").render())
        assert "4 of 4 outside recipients have not confirmed deletion" in question
        assert "Not yet decided: whether to tell the ICO and whether to tell the people" in question
        await pilot.press("escape")  # not closed after all
        assert get_incident(db, imported.id).status == "open"
        await pilot.press("x", "ctrl+s")
        app.screen.query_one(TextArea).insert("Bulk mail goes through the mailing tool")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert get_incident(db, imported.id).status == "closed"
        closing = list_events(db, imported.id)[-1]
        assert "4 of 4 outside recipients" in " ".join(closing.data["outstanding"])
        await pilot.press("1", "down", "d")  # mark a checklist item done in Contain
        await pilot.pause()
        assert {item.state for item in load_checklist(db, imported.id, now=FIXED_NOW)} == {"open"}
        assert any("is closed" in note.message for note in app._notifications)
        await pilot.press("5", "x")
        assert isinstance(app.screen, TextDialog)
        app.screen.query_one(TextArea).insert("A recipient wrote back")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert get_incident(db, imported.id).status == "open"
        assert list_events(db, imported.id)[-1].kind == "incident.reopened"

"""The Notify step's notice counts and the dialog that records a person's notice (Pilot)."""

from __future__ import annotations

from textual.widgets import Input, RadioSet

from playbook.config import Config
from playbook.intake.importing import import_file
from playbook.notify.notices import record_group
from playbook.store.incidents import create_incident
from playbook.store.notices import latest_notices
from playbook.ui.dialogs.notice import NoticeDialog
from playbook.ui.screens.workspace import IncidentScreen
from playbook.ui.steps.notify import NotifyStep
from playbook.ui.widgets.flex_table import FlexTable
from tests.builders import council_tenant_survey
from tests.conftest import FIXED_NOW
from tests.ui.conftest import AUTHOR

MANY = 3000


async def open_dialog(app, pilot, incident_id: str) -> NoticeDialog:
    await app.push_screen(IncidentScreen(incident_id, step="notify"))
    await pilot.pause()
    await pilot.press("n")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, NoticeDialog)
    return app.screen


def counts_line(app) -> str:
    return str(app.screen.query_one(NotifyStep).query_one("#notice-counts").render())


async def test_the_step_counts_the_states_and_the_dialog_records_a_call(make_app, imported, db):
    record_group(
        db, imported.id, "without_email", "posted", note="2nd class", author=AUTHOR, now=FIXED_NOW
    )
    app = make_app(Config(keymap={"notify.notice": "N", "dialog.submit": "ctrl+r"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(IncidentScreen(imported.id, step="notify"))
        await pilot.pause()
        line = counts_line(app)
        assert line.startswith("Told 12 of 15: posted 12 · not recorded 3")
        assert line.endswith("N records one")  # the hint follows the keymap
        await pilot.press("N")
        await app.workers.wait_for_complete()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoticeDialog)
        assert "ctrl+r records" in str(dialog.query_one(".hint").render())
        await pilot.press(*"bob.b")
        await pilot.pause()
        people = dialog.query_one("#notice-people", FlexTable)
        assert [key for key, _ in people.all_rows] == ["bob.baker@hotmail.co.uk"]
        await pilot.press("enter", "enter")  # to the list, then choose the person
        assert dialog.query_one("#notice-state", RadioSet).has_focus
        await pilot.press("right", "right", "space")  # phoned
        await pilot.press("ctrl+r")
        assert "what was said on the call" in str(dialog.query_one("#dialog-problem").render())
        dialog.query_one("#notice-note", Input).value = "Told him; he had deleted it"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not isinstance(app.screen, NoticeDialog)
        assert "phoned 1" in counts_line(app)
    stored = latest_notices(db, imported.id)["bob.baker@hotmail.co.uk"]
    assert (stored.state, stored.note, stored.by) == (
        "phoned",
        "Told him; he had deleted it",
        AUTHOR,
    )


async def test_escape_cancels_and_writes_nothing(make_app, imported, db):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(app, pilot, imported.id)
        assert dialog.query_one("#notice-people", FlexTable).total_rows == 15
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, NoticeDialog)
    assert db["notices"].count == 0


async def test_thousands_of_people_are_read_and_filtered_in_workers(make_app, db, tmp_path):
    incident = create_incident(
        db, title="Every tenant in Cc", aware_at=FIXED_NOW, now=FIXED_NOW, author=AUTHOR
    )
    survey = council_tenant_survey(tmp_path / "mail", personal=MANY, at_work=0)
    import_file(db, incident.id, survey, config=Config(), author=AUTHOR, now=FIXED_NOW)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_dialog(app, pilot, incident.id)
        people = dialog.query_one("#notice-people", FlexTable)
        assert people.total_rows == MANY
        await pilot.press(*"2999@")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert people.total_rows == 1
        assert "1 of 1 shown (of 3,000)" in str(dialog.query_one("#notice-person").render())


async def test_the_log_says_in_words_who_was_told_how(make_app, imported, db):
    from playbook.notify.notices import record_notice
    from playbook.store.messages import load_people
    from playbook.ui.steps.log import LogStep

    person = next(p for p in load_people(db, imported.id) if p.name and p.email)
    record_notice(
        db, imported.id, person.email, "phoned", note="Will watch for scams", author=AUTHOR,
        now=FIXED_NOW,
    )  # fmt: skip
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await app.push_screen(IncidentScreen(imported.id, step="log"))
        await pilot.pause()
        timeline = app.screen.query_one(LogStep).query_one("#timeline", FlexTable)
        _, cells = timeline.all_rows[-1]
        assert cells[3] == f"{person.name}: phoned; Will watch for scams"

"""Step 4, Notify, the ICO report pack, and importing a message from the app (thread workers)."""

from __future__ import annotations

import stat

from textual.widgets import Input, Tabs

from playbook.store.events import list_events
from playbook.store.messages import load_recipients
from playbook.ui.dialogs.confirm import ConfirmDialog
from playbook.ui.dialogs.path import PathDialog
from playbook.ui.screens.report import ReportScreen
from playbook.ui.screens.workspace import IncidentScreen
from playbook.ui.steps.notify import NotifyStep
from playbook.ui.widgets.draft_preview import DraftPreview
from playbook.ui.widgets.flex_table import FlexTable
from playbook.ui.widgets.recipient_table import RecipientTable


async def open_notify(app, pilot, incident_id: str) -> NotifyStep:
    await app.push_screen(IncidentScreen(incident_id, step="notify"))
    await pilot.pause()
    return app.screen.query_one(NotifyStep)


async def finish_work(app, pilot) -> None:
    """Wait for the thread workers, then for the screen to take their results."""
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_each_person_s_draft_is_previewed(make_app, drafting_config, imported):
    app = make_app(drafting_config)
    async with app.run_test(size=(100, 30)) as pilot:
        step = await open_notify(app, pilot, imported.id)
        people = step.query_one("#addressees", FlexTable)
        assert [key for key, _ in people.all_rows] == [
            "ann.archer@gmail.com",
            "bob.baker@hotmail.co.uk",
            "dan.d@yahoo.com",
        ]
        preview = str(step.query_one("#draft-text").render())
        assert preview.startswith("To: Ann Archer <ann.archer@gmail.com>")
        assert "bob.baker" not in preview
        people.move_cursor(row=1)
        await pilot.pause()
        assert "To: bob.baker@hotmail.co.uk" in str(step.query_one("#draft-text").render())
        await pilot.press("t")
        assert step.kind == "deletion_request"
        assert step.query_one(Tabs).active == "deletion_request"
        assert people.total_rows == 4  # every outside recipient, including the lettings agent


async def test_the_gate_runs_in_a_worker_and_w_writes_the_outbox(
    make_app, drafting_config, imported, db, tmp_path
):
    app = make_app(drafting_config)
    async with app.run_test(size=(100, 30)) as pilot:
        step = await open_notify(app, pilot, imported.id)
        await pilot.press("g")
        await finish_work(app, pilot)
        gate = step.query_one("#gate-result")
        assert str(gate.render()).startswith("All 3 drafts pass the safety gate")
        assert gate.has_class("-passed")
        await pilot.press("w")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await finish_work(app, pilot)
        written = sorted((tmp_path / "outbox").rglob("*.eml"))
        assert len(written) == 3
        assert all(path.read_bytes().count(b"@gmail.com") <= 1 for path in written)
        event = [e for e in list_events(db, imported.id) if e.kind == "drafts.written"][-1]
        assert (event.data["template"], event.data["count"]) == ("apology", 3)
        assert "Wrote 3 drafts" in str(gate.render())
        assert not app.screen.query_one("#work-line").has_class("-busy")


async def test_drafting_without_a_contact_point_says_what_to_set(make_app, imported):
    app = make_app()
    async with app.run_test() as pilot:
        step = await open_notify(app, pilot, imported.id)
        preview = step.query_one(DraftPreview)
        assert preview.has_class("-empty")
        assert "Set organisation in the config file" in str(step.query_one("#draft-text").render())
        await pilot.press("w")
        assert isinstance(app.screen, IncidentScreen)  # nothing to confirm, nothing written


async def test_the_palette_command_writes_deletion_requests(make_app, drafting_config, imported):
    app = make_app(drafting_config)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(IncidentScreen(imported.id))
        await pilot.pause()
        titles = {command.title: command for command in app.get_system_commands(app.screen)}
        assert {"incident: new", "message: import", "open the ICO report"} - set(titles) == {
            "incident: new"
        }
        workspace = app.screen
        await titles["drafts: write deletion requests"].callback()
        await pilot.pause()
        assert workspace.query_one(NotifyStep).kind == "deletion_request"
        assert isinstance(app.screen, ConfirmDialog)
        assert "Write 4 deletion requests" in str(app.screen.query_one("Static").render())


async def test_the_ico_report_pack_holds_no_one_s_address(
    make_app, drafting_config, imported, tmp_path
):
    app = make_app(drafting_config)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(IncidentScreen(imported.id))
        await pilot.pause()
        await pilot.press("r")
        report = app.screen
        assert isinstance(report, ReportScreen)
        assert "@" not in report.text.replace("dpo@council.example", "")
        await pilot.press("s")
        saved = list((tmp_path / "outbox").glob(f"{imported.id}-ico-report-*.md"))
        assert [path.read_text() for path in saved] == [report.text]
        await pilot.press("escape")
        assert isinstance(app.screen, IncidentScreen)


async def test_a_message_is_imported_in_a_worker(make_app, survey, sent_message, db):
    app = make_app()
    async with app.run_test() as pilot:
        await app.push_screen(IncidentScreen(survey.id))
        await pilot.pause()
        assert app.screen.query_one(RecipientTable).total_rows == 0
        await pilot.press("i")
        assert isinstance(app.screen, PathDialog)
        app.screen.query_one(Input).value = str(sent_message)
        await pilot.press("enter")
        await finish_work(app, pilot)
        assert len(load_recipients(db, survey.id)) == 6
        assert app.screen.query_one(RecipientTable).total_rows == 6
        assert list_events(db, survey.id)[1].kind == "message.imported"


async def test_notify_says_the_people_are_not_to_be_told_and_writes_no_apology(
    make_app, drafting_config, imported, db, tmp_path
):
    from playbook.assessing.decisions import record_decision
    from playbook.domain.decisions import Decision
    from tests.conftest import FIXED_NOW

    record_decision(
        db,
        imported.id,
        Decision(about="individuals", notify=False, why="Deleted unread", by="The DPO"),
        now=FIXED_NOW,
    )
    app = make_app(drafting_config)
    async with app.run_test(size=(100, 30)) as pilot:
        step = await open_notify(app, pilot, imported.id)
        count_line = str(step.query_one("#notify-count").render())
        assert "The DPO decided" in count_line and "not to tell the people" in count_line
        assert step.query_one("#addressees", FlexTable).total_rows == 0
        await pilot.press("w")
        await finish_work(app, pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        assert not (tmp_path / "outbox").exists() or not any((tmp_path / "outbox").iterdir())
        assert not [e for e in list_events(db, imported.id) if e.kind == "drafts.written"]


async def test_saving_the_ico_report_never_follows_a_link_planted_in_the_outbox(
    make_app, drafting_config, imported, tmp_path
):
    app = make_app(drafting_config)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(IncidentScreen(imported.id))
        await pilot.pause()
        await pilot.press("r")
        report = app.screen
        bashrc = tmp_path / "bashrc"
        bashrc.write_text("alias ls='ls -F'\n")
        report.save_path.parent.mkdir(parents=True, exist_ok=True)
        report.save_path.symlink_to(bashrc)
        await pilot.press("s")
        assert bashrc.read_text() == "alias ls='ls -F'\n"
        saved = report.save_path.with_name(f"{report.save_path.stem}-2.md")
        assert saved.read_text() == report.text
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600


async def test_the_ico_report_pack_is_drawn_from_its_markdown(make_app, drafting_config, imported):
    from textual.widgets import Markdown
    from textual.widgets._markdown import MarkdownHeader

    app = make_app(drafting_config)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(IncidentScreen(imported.id))
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        report = app.screen
        assert report.query_one(Markdown)
        assert report.query(MarkdownHeader)  # headings drawn as headings, not '#' characters
        assert report.text.lstrip().startswith("#")


async def test_letters_and_the_call_list_are_written_from_the_notify_step(
    make_app, drafting_config, db, survey, tmp_path
):
    from pypdf import PdfReader

    from playbook.config import Config
    from playbook.intake.importing import import_file
    from tests.builders import students_union_spreadsheet
    from tests.conftest import FIXED_NOW
    from tests.ui.conftest import AUTHOR

    message = students_union_spreadsheet(tmp_path, holders=3, by_post=2, by_phone=1)
    import_file(db, survey.id, message, config=Config(), author=AUTHOR, now=FIXED_NOW)
    app = make_app(drafting_config)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(IncidentScreen(survey.id, step="notify"))
        await pilot.pause()
        count = str(app.screen.query_one("#notify-count").render())
        assert "3 have no email address: l writes their letters and the call list." in count
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Write 2 letters (PDF) and the call list of 1 person" in app.screen.question
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        result = str(app.screen.query_one("#gate-result").render())
        assert "Wrote 2 of 2 letters" in result and "The call list of 1 person" in result
        await pilot.press("l", "enter")  # again: the same letters are kept, and it says so
        await app.workers.wait_for_complete()
        await pilot.pause()
        again = str(app.screen.query_one("#gate-result").render())
        assert "Wrote 0 of 2 letters" in again and "2 already there the same were kept" in again
        await pilot.press("5")
        await pilot.pause()
        timeline = [cells[3] for _, cells in app.screen.query_one("#timeline").all_rows]
        assert "2 letter drafts written (pdf)" in timeline
        assert "2 letter drafts written (pdf), 0 new, 2 already there the same" in timeline
    letters = tmp_path / "outbox" / f"{survey.id}-letters"
    assert len(PdfReader(letters / "letters.pdf").pages) >= 2
    assert (tmp_path / "outbox" / f"{survey.id}-phone-list" / "phone-list.csv").is_file()

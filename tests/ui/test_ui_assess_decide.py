"""Steps 2 and 3, Assess and Decide: facts, the live verdict, saving, and decisions with reasons."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Input, RadioSet, SelectionList, Static, TextArea

from playbook.domain.risk import assess_facts
from playbook.store.assessments import latest_assessment, load_assessments, load_decisions
from playbook.store.events import list_events
from playbook.store.facts import load_facts
from playbook.ui.dialogs.choice import ChoiceDialog
from playbook.ui.dialogs.decision import DecisionDialog
from playbook.ui.dialogs.multi_choice import MultiChoiceDialog
from playbook.ui.dialogs.number import NumberDialog
from playbook.ui.screens.register import RegisterScreen, RegisterTable
from playbook.ui.screens.workspace import IncidentScreen
from playbook.ui.steps.assess import AssessStep
from playbook.ui.widgets.fact_form import FactForm
from playbook.ui.widgets.verdict_panel import VerdictPanel
from tests.conftest import FIXED_NOW


async def open_step(app, pilot, incident_id: str, step: str) -> None:
    """Open the incident's workspace on one step."""
    await app.push_screen(IncidentScreen(incident_id, step=step))
    await pilot.pause()


def verdict_text(app) -> str:
    return str(app.screen.query_one("#verdict-text").render())


async def test_detected_facts_are_marked_and_confirmed_with_c(make_app, imported, db):
    app = make_app()
    async with app.run_test() as pilot:
        await open_step(app, pilot, imported.id, "assess")
        form = app.screen.query_one(FactForm)
        assert app.focused is form
        cells = dict(form.all_rows)
        assert str(cells["people"][1]) == "15"
        assert str(cells["people"][2]) == "detected?"
        assert str(cells["subjects"][1]) == "not known"
        form.move_cursor(row=list(cells).index("people"))
        await pilot.press("c")
        await pilot.pause()
        assert load_facts(db, imported.id)["people"].source == "confirmed"
        assert str(dict(form.all_rows)["people"][2]) == "confirmed"


async def test_answers_update_the_verdict_live_and_ctrl_s_saves_it(make_app, imported, db):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_step(app, pilot, imported.id, "assess")
        panel = app.screen.query_one(VerdictPanel)
        assert panel.has_class("-unsaved")
        assert not app.screen.query_one(AssessStep).has_class("-narrow")
        form = app.screen.query_one(FactForm)
        form.move_cursor(row=list(dict(form.all_rows)).index("subjects"))
        await pilot.press("enter")
        assert isinstance(app.screen, MultiChoiceDialog)
        selection = app.screen.query_one(SelectionList)
        selection.select("children")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert load_facts(db, imported.id)["subjects"].value == ["children"]
        assert "children" in str(dict(form.all_rows)["subjects"][1])
        facts = {key: fact.value for key, fact in load_facts(db, imported.id).items()}
        expected = assess_facts(facts)
        assert expected.outcome == "notify_ico_and_individuals"
        assert panel.has_class("-notify-ico-and-individuals")
        assert "Notify the ICO and tell the individuals" in verdict_text(app)
        form.move_cursor(row=list(dict(form.all_rows)).index("recipients"))
        await pilot.press("enter")
        assert isinstance(app.screen, NumberDialog)
        await pilot.press("ctrl+u", "5", "enter")
        await pilot.pause()
        assert load_facts(db, imported.id)["recipients"].value == 5
        form.move_cursor(row=list(dict(form.all_rows)).index("malicious"))
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert load_facts(db, imported.id)["malicious"].value is False
        await pilot.press("ctrl+s")
        await pilot.pause()
        [saved] = load_assessments(db, imported.id)
        assert saved.assessment.outcome == "notify_ico_and_individuals"
        assert not panel.has_class("-unsaved")
        assert "Saved as the latest assessment." in verdict_text(app)
        await pilot.press("ctrl+s")  # nothing changed: no second assessment
        assert len(load_assessments(db, imported.id)) == 1
        kinds = [event.kind for event in list_events(db, imported.id)]
        assert kinds.count("facts.set") == 4  # the import's, then three answers
        assert kinds[-1] == "assessment.saved"
        await app.push_screen(RegisterScreen())
        await pilot.pause()
        assert app.screen.query_one(RegisterTable).cells_of(imported.id)[2] == "ICO + people"


async def test_at_80_columns_the_verdict_goes_below_the_facts(make_app, imported):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_step(app, pilot, imported.id, "assess")
        step = app.screen.query_one(AssessStep)
        assert step.has_class("-narrow")
        facts = app.screen.query_one(FactForm).region
        verdict = app.screen.query_one(VerdictPanel).region
        assert verdict.y >= facts.bottom


async def test_a_decision_needs_why_and_who(make_app, imported, db):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_step(app, pilot, imported.id, "decide")
        await pilot.press("o")
        dialog = app.screen
        assert isinstance(dialog, DecisionDialog)
        await pilot.press("ctrl+s")
        assert "Choose yes or no" in str(dialog.query_one("#dialog-problem").render())
        await pilot.press("enter")  # the first answer: yes, notify the ICO
        assert dialog.answer is True
        assert dialog.query_one("#ico-yes-fields").display
        assert not dialog.query_one("#late-fields").display  # still inside the 72 hours
        await pilot.press("ctrl+s")
        assert "Write why" in str(dialog.query_one("#dialog-problem").render())
        dialog.query_one("#why", TextArea).insert("Hundreds of tenants' addresses in Cc")
        dialog.query_one("#by", Input).value = ""
        await pilot.press("ctrl+s")
        assert "who decided" in str(dialog.query_one("#dialog-problem").render())
        dialog.query_one("#by", Input).value = "Dana Protection"
        dialog.query_one("#reference", Input).value = "IC-1234"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [decision] = load_decisions(db, imported.id)
        assert (decision.about, decision.notify, decision.by, decision.reference) == (
            "ico",
            True,
            "Dana Protection",
            "IC-1234",
        )
        assert decision.phase == "initial"
        event = list_events(db, imported.id)[-1]
        assert (event.kind, event.author) == ("decision.recorded", "Dana Protection")
        rows = app.screen.query_one("#decisions").all_rows
        assert rows[0][1][1:3] == ("ICO", "yes")


async def test_past_72_hours_notifying_needs_the_reasons_for_delay(make_app, late, db):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_step(app, pilot, late.id, "decide")
        assert "was 2026-10-25 08:30 GMT" in str(
            app.screen.query_one("#decision-deadline").render()
        )
        await pilot.press("o", "enter")
        dialog = app.screen
        assert dialog.query_one("#late-fields").display
        dialog.query_one("#why", TextArea).insert("Spreadsheet of 3,396 holders")
        await pilot.press("ctrl+s")
        assert "reasons for the delay" in str(dialog.query_one("#dialog-problem").render())
        dialog.query_one("#late-reason", TextArea).insert("Found over the weekend")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [decision] = load_decisions(db, late.id)
        assert decision.late_reason == "Found over the weekend"
        assert decision.at == FIXED_NOW
        assert decision.at - late.aware_at > timedelta(hours=72)


async def test_not_telling_the_people_can_rely_on_an_exemption(make_app, imported, db):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_step(app, pilot, imported.id, "decide")
        await pilot.press("p")
        dialog = app.screen
        buttons = list(dialog.query_one("#notify", RadioSet).query("RadioButton"))
        buttons[1].value = True
        await pilot.pause()
        assert dialog.query_one("#exemption-fields").display
        exemptions = list(dialog.query_one("#exemption", RadioSet).query("RadioButton"))
        exemptions[2].value = True  # (b) later measures
        dialog.query_one("#why", TextArea).insert("All recipients confirmed deletion")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [decision] = load_decisions(db, imported.id)
        assert (decision.about, decision.notify, decision.exemption) == ("individuals", False, "b")


async def test_the_decision_dialog_keeps_its_buttons_on_screen_at_80x24(make_app, late):
    from textual.widgets import Button

    app = make_app(open_incident=late.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "o", "enter")  # yes: the ICO's fields and the late reason show
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DecisionDialog)
        for button in dialog.query(Button):
            x, y = button.region.center
            assert button.region.bottom <= 23  # above the footer
            assert dialog.get_widget_at(x, y)[0] is button  # drawn there, not scrolled away


async def test_the_people_dialog_says_what_the_recommended_answer_is(make_app, imported, db):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_step(app, pilot, imported.id, "assess")
        await pilot.press("ctrl+s")  # save the assessment as it stands
        await pilot.pause()
        assert latest_assessment(db, imported.id).assessment.outcome == (
            "notify_ico_and_individuals"
        )
        await pilot.press("3", "p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DecisionDialog)
        said = " ".join(str(static.render()) for static in dialog.query(Static))
        assert "Recommended answer: Yes: tell the people" in said


async def test_at_80x24_the_highlighted_last_fact_is_in_view(make_app, imported):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_step(app, pilot, imported.id, "assess")
        form = app.screen.query_one(FactForm)
        form.focus()
        for _ in range(form.total_rows):
            await pilot.press("down")
        await pilot.pause()
        last_label = form.row_cells(form.all_rows[-1])[0]
        assert form.cursor_row == form.total_rows - 1
        drawn = [form.render_line(y).text for y in range(form.scrollable_content_region.height)]
        assert any(last_label in line for line in drawn)

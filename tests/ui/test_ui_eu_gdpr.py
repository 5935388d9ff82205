"""Under the EU GDPR the Decide step and its dialog ask about the configured supervisory
authority, and the Log names it, where a UK incident's say the ICO."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Input, Label, RadioButton, TextArea

from playbook.config import Config
from playbook.domain.citations import authority_for
from playbook.store.assessments import load_decisions
from playbook.store.incidents import create_incident
from playbook.ui.dialogs.decision import DecisionDialog
from playbook.ui.screens.register import short_outcome
from playbook.ui.screens.workspace import STEPS, IncidentScreen, sidebar_keys, step_class
from tests.conftest import FIXED_NOW
from tests.ui.conftest import AUTHOR


async def test_the_decision_is_about_the_configured_authority(make_app, db):
    incident = create_incident(
        db,
        title="Newsletter sent in Cc",
        aware_at=FIXED_NOW - timedelta(hours=20),
        now=FIXED_NOW,
        author=AUTHOR,
        regime="eu_gdpr",
    )
    app = make_app(Config(supervisory_authority="CNIL"))
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(IncidentScreen(incident.id, step="decide"))
        await pilot.pause()
        deadline = str(app.screen.query_one("#decision-deadline").render())
        assert deadline.startswith("The CNIL deadline is")
        intro = str(app.screen.query_one("#decide .step-intro").render())
        assert "decide about the CNIL" in intro
        help_text = " ".join(app.screen.help_markdown().split())
        assert "decision about the CNIL" in help_text and "the CNIL case reference" in help_text
        sidebar = str(app.screen.query_one("#sidebar-keys").render())
        assert "CNIL pack" in sidebar and "ICO" not in sidebar
        await pilot.press("o")
        dialog = app.screen
        assert isinstance(dialog, DecisionDialog)
        labels = [str(label.render()) for label in dialog.query(Label)]
        assert labels[0] == "Tell the CNIL?"
        assert "CNIL case reference, if you have one" in labels
        answers = [str(button.label) for button in dialog.query(RadioButton)]
        assert answers[0] == "Yes: notify the CNIL (Art. 33(1))"
        await pilot.press("enter")
        dialog.query_one("#why", TextArea).insert("Addresses shown to every subscriber.")
        dialog.query_one("#reference", Input).value = "CNIL-42"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [decision] = load_decisions(db, incident.id)
        assert (decision.about, decision.reference) == ("ico", "CNIL-42")
        rows = app.screen.query_one("#decisions").all_rows
        assert rows[0][1][1:3] == ("CNIL", "yes")
        await pilot.press("5")
        await pilot.pause()
        timeline = [row[1][3] for row in app.screen.query_one("#timeline").all_rows]
        assert any(
            line.startswith("decided to tell the CNIL: Addresses shown") for line in timeline
        ), timeline
        await pilot.press("4")
        await pilot.pause()
        intro = str(app.screen.query_one("#notify .step-intro").render())
        assert "CNIL pack" in intro and "ICO" not in intro


def test_the_registers_outcome_names_the_authority_its_reports_go_to():
    cnil, unnamed = authority_for("eu_gdpr", "CNIL"), authority_for("eu_gdpr")

    assert short_outcome("notify_ico", authority_for("uk_gdpr")) == "notify ICO"
    assert short_outcome("notify_ico_and_individuals", cnil) == "CNIL + people"
    assert short_outcome("notify_ico", unnamed) == "notify authority"
    assert short_outcome("record_only", cnil) == "record only"


def test_the_sidebar_names_the_pack_when_the_name_fits_its_twelve_columns():
    def pack_hint(authority):
        return dict(sidebar_keys(authority))["report.ico"]

    assert pack_hint(authority_for("uk_gdpr")) == "ICO pack"
    assert pack_hint(authority_for("eu_gdpr", "CNIL")) == "CNIL pack"
    assert pack_hint(authority_for("eu_gdpr")) == "report"
    assert pack_hint(authority_for("eu_gdpr", "Data Protection Commission (Ireland)")) == "report"


def test_every_steps_help_names_the_authority_and_nothing_is_left_to_fill():
    named = {"authority": "the CNIL", "short": "CNIL"}
    for step_id in STEPS:
        text = step_class(step_id).HELP.format_map(named)
        assert "{" not in text and "ICO" not in text.replace("ICO's", ""), step_id

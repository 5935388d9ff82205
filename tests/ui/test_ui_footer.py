"""The footer shows the keys of whatever has the focus, and follows the focus as it moves."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from playbook.ui.widgets.key_footer import KeyFooter


def footer_descriptions(app) -> list[str]:
    return [key.description for key in app.screen.query_one(KeyFooter).query(FooterKey)]


async def test_the_footer_follows_the_focus_from_the_checklist_to_the_recipients(
    make_app, imported
):
    app = make_app(open_incident=imported.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        on_checklist = footer_descriptions(app)
        assert "Done" in on_checklist
        assert "Status" not in on_checklist
        await pilot.press("tab")
        await pilot.pause()
        on_recipients = footer_descriptions(app)
        assert "Status" in on_recipients
        assert "Done" not in on_recipients


@pytest.fixture
def footer_builds(monkeypatch) -> list[str]:
    """The name of the screen of each footer rebuilt, in order."""
    built: list[str] = []
    recompose = KeyFooter.recompose

    async def counted(footer):
        built.append(type(footer.screen).__name__)
        await recompose(footer)

    monkeypatch.setattr(KeyFooter, "recompose", counted)
    return built


async def test_the_footer_is_built_once_when_the_app_opens_an_incident(
    make_app, imported, footer_builds
):
    app = make_app(open_incident=imported.id)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert footer_builds == ["IncidentScreen"]


async def test_the_footer_is_built_once_when_an_incident_is_opened_and_left(
    make_app, imported, footer_builds
):
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer_builds.clear()
        await pilot.press("enter")
        await pilot.pause()
        assert footer_builds == ["IncidentScreen"]
        footer_builds.clear()
        await pilot.press("escape")
        await pilot.pause()
        assert footer_builds == []  # the register's keys are as they were


async def test_a_dialog_shows_its_own_keys_and_f1_opens_its_help(make_app, survey):
    from playbook.ui.dialogs.decision import DecisionDialog
    from playbook.ui.screens.help import HelpScreen

    app = make_app(open_incident=survey.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "o")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DecisionDialog)
        shown = [str(key.description) for key in app.screen.query_one(KeyFooter).query(FooterKey)]
        assert "Save" in shown and "Cancel" in shown
        assert "Decide ICO" not in shown  # the keys of the step behind do not work here
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "ctrl+s" in app.screen.topic_markdown
        await pilot.press("escape")
        assert isinstance(app.screen, DecisionDialog)

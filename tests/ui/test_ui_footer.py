"""The footer shows the keys of whatever has the focus, and follows the focus as it moves."""

from __future__ import annotations

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


async def test_the_footer_is_built_once_when_a_screen_opens(make_app, imported, monkeypatch):
    built = []
    recompose = KeyFooter.recompose

    async def counted(footer):
        built.append(footer)
        await recompose(footer)

    monkeypatch.setattr(KeyFooter, "recompose", counted)
    app = make_app(open_incident=imported.id)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert len(built) == 1

"""The app draws hostile text as data: no control character reaches a strip, no markup is read."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets._toast import Toast

from playbook.config import Config
from playbook.domain.text import visible
from playbook.intake.importing import import_file
from playbook.render.environment import Renderer
from playbook.store.database import open_database
from playbook.store.incidents import add_note, create_incident
from playbook.ui.app import PlaybookApp
from playbook.ui.screens.report import ReportScreen
from playbook.ui.screens.workspace import STEPS, IncidentScreen
from playbook.ui.steps.notify import NotifyStep
from playbook.ui.text import shown, shown_lines
from playbook.ui.widgets.flex_table import FlexTable
from playbook.ui.widgets.path_input import complete_path
from tests.conftest import FIXED_NOW, LONDON
from tests.hostile import HOSTILE_TEXT, PAYLOADS, hostile_message, raw_controls
from tests.ui.conftest import AUTHOR


def screen_text(app) -> str:
    """Every character the compositor would send for the current screen, toasts included."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def _hostile_incident(db, folder, payload: str):
    incident = create_incident(
        db,
        title=f"[EXT] Survey {payload}",
        reporter=f"Alice [Home Person{payload}",
        aware_at=FIXED_NOW,
        now=FIXED_NOW,
        author=AUTHOR,
    )
    path = hostile_message(folder, payload)
    import_file(db, incident.id, path, config=Config(), author=AUTHOR, now=FIXED_NOW)
    add_note(db, incident.id, f"note [b]{payload}", author=AUTHOR, now=FIXED_NOW)
    return incident


async def _every_screen_is_clean(app, pilot, incident_id: str) -> list[str]:
    texts = [screen_text(app)]  # the register
    for step in STEPS:
        await app.push_screen(IncidentScreen(incident_id, step=step))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        texts.append(screen_text(app))
        app.pop_screen()
        await pilot.pause()
    await app.push_screen(IncidentScreen(incident_id, step="log"))
    await pilot.pause()
    app.screen.action_ico_report()  # the ICO pack: the incident's title and the file names
    await pilot.pause()
    assert isinstance(app.screen, ReportScreen)
    texts.append(screen_text(app))
    assert raw_controls(app.screen.text) == []  # what it copies and saves
    for text in texts:
        assert raw_controls(text) == [], text
    return texts


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
async def test_every_step_draws_hostile_text_as_escapes(
    make_app, drafting_config, db, tmp_path, payload
):
    incident = _hostile_incident(db, tmp_path, payload)
    app = make_app(drafting_config)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        texts = await _every_screen_is_clean(app, pilot, incident.id)
    assert "[EXT] Survey" in texts[0]  # the register's row and detail keep the brackets


async def test_notify_shows_a_bracketed_name_as_it_is(make_app, drafting_config, db, tmp_path):
    """`Alice [Home Person` once crashed Notify with a MarkupError; `[EXT] Alice` vanished."""
    incident = _hostile_incident(db, tmp_path, "\x1b]0;t\x07")
    app = make_app(drafting_config)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await app.push_screen(IncidentScreen(incident.id, step="notify"))
        await pilot.pause()
        step = app.screen.query_one(NotifyStep)
        step.query_one("#addressees", FlexTable).move_cursor(row=1)  # Alice, named as she came
        await pilot.pause()
        shown = screen_text(app)
        preview = str(step.query_one("#draft-text").render())
        assert "To: [EXT] [b]bold[/b] Alice [Home Person [link=x]\\x1b]0;t\\x07 Alice" in preview
        assert "[EXT] [b]bold[/b] Alice [Home Person" in shown
        assert raw_controls(shown) == [] and raw_controls(preview) == []


async def test_an_import_notification_names_the_file_safely(make_app, db, tmp_path):
    """Notifications read markup: a warning naming a hostile file must not be parsed."""
    incident = _hostile_incident(db, tmp_path, "\x9b2J")
    app = make_app()
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await app.push_screen(IncidentScreen(incident.id, step="contain"))
        await pilot.pause()
        app.screen._import_failed("No file [/b] e\x1b]52;c;eA==\x07.eml")
        await pilot.pause(0.2)  # the toast is mounted on the next refresh
        [toast] = app.screen.query(Toast)
        shown = screen_text(app)
        assert "[/b] e\\x1b]52;c;eA==\\x07.eml" in str(toast.render())
        assert "[/b] e\\x1b]52;c;eA==\\x07.eml" in shown
        assert raw_controls(shown) == []


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("[]/\\$=@#ab EXT\x1b\x07\u202e:;"), max_size=30))
def test_markup_escaping_gives_back_exactly_the_text(text):
    from textual.content import Content

    assert Content.from_markup(shown(text)).plain == visible(text)
    assert Content.from_markup(shown_lines(text)).plain == visible(text, lines=True)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payload=HOSTILE_TEXT)
def test_fuzz_the_app_with_escape_sequences_and_markup(payload):
    """Generated mixes of escape sequences and markup in every field: every screen draws."""
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "p.db")
        try:
            incident = _hostile_incident(db, Path(folder), payload)
            config = Config(outbox_dir=str(Path(folder) / "outbox"))
            app = PlaybookApp(
                db,
                config=config,
                now=lambda: FIXED_NOW,
                author=AUTHOR,
                renderer=Renderer(config, LONDON),
            )

            async def run() -> None:
                async with app.run_test(size=(120, 36), notifications=True) as pilot:
                    await _every_screen_is_clean(app, pilot, incident.id)

            asyncio.run(run())
        finally:
            db.close()


def test_path_completion_offers_no_name_holding_control_characters(tmp_path):
    """The path box draws its suggestion raw, so a file named with escapes is not offered."""
    (tmp_path / "survey\x1b]52;c;eA==\x07.eml").write_bytes(b"")
    (tmp_path / "survey.eml").write_bytes(b"")

    assert complete_path(str(tmp_path / "sur")) == str(tmp_path / "survey.eml")
    (tmp_path / "survey.eml").unlink()
    assert complete_path(str(tmp_path / "sur")) is None

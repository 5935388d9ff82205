"""Keys by id, the keymap in config, the palette, help, and the table that shows rows as needed."""

from __future__ import annotations

from textual.app import App

from playbook.config import Config
from playbook.ui.dialogs.new_incident import NewIncidentDialog
from playbook.ui.keys import COMMANDS, bindings
from playbook.ui.screens.help import HelpScreen
from playbook.ui.screens.register import RegisterScreen
from playbook.ui.screens.workspace import IncidentScreen
from playbook.ui.widgets.flex_table import FlexTable, TableColumn


def test_every_command_has_an_id_keys_and_a_description():
    for command_id, command in COMMANDS.items():
        [binding] = bindings(command_id)
        assert (binding.id, binding.key, binding.description) == (
            command_id,
            command.keys,
            command.description,
        )
        assert command.description and command.keys


async def test_a_keymap_in_config_remaps_a_command_by_id(make_app):
    app = make_app(Config(keymap={"incident.new": "ctrl+o", "incident.nwe": "N"}))
    async with app.run_test(notifications=True) as pilot:
        [note] = app._notifications  # the misspelt id is reported, not ignored
        assert "incident.nwe" in note.message
        await pilot.press("n")
        assert isinstance(app.screen, RegisterScreen)
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, NewIncidentDialog)


async def test_the_palette_offers_the_commands_of_the_screen(make_app, survey):
    app = make_app()
    async with app.run_test() as pilot:
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"incident: new", "register: filter", "help: keys and this step"} <= titles
        new = next(c for c in app.get_system_commands(app.screen) if c.title == "incident: new")
        await new.callback()
        await pilot.pause()
        assert isinstance(app.screen, NewIncidentDialog)


async def run_palette(app, pilot, typed: str) -> None:
    """Open the palette, type, and run the best match, as a person would."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*typed)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def test_the_palette_goes_to_an_incident_a_step_and_the_ico_report(make_app, survey, late):
    from playbook.ui.screens.report import ReportScreen
    from playbook.ui.steps.decide import DecideStep

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await run_palette(app, pilot, f"go to {late.id}")
        assert isinstance(app.screen, IncidentScreen) and app.screen.incident_id == late.id
        await run_palette(app, pilot, f"go to {survey.id}")
        assert isinstance(app.screen, IncidentScreen) and app.screen.incident_id == survey.id
        await run_palette(app, pilot, "step: Decide")
        assert isinstance(app.screen.current_step, DecideStep)
        await run_palette(app, pilot, "open the ICO report")
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("escape")
        await pilot.press("escape")  # out of the workspace: the register, not a blank screen
        await pilot.pause()
        assert isinstance(app.screen, RegisterScreen)


async def test_help_shows_the_step_in_view_and_its_keys(make_app, survey):
    app = make_app(Config(keymap={"log.verify": "V"}))
    async with app.run_test(size=(100, 40)) as pilot:
        await app.push_screen(IncidentScreen(survey.id, step="log"))
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.topic_markdown.startswith("## Step 5: Log")
        keys = str(app.screen.query_one("#help-keys").render())
        assert "log.verify" in keys and "V" in keys
        assert "incident.close" in keys
        await pilot.press("escape")
        assert isinstance(app.screen, IncidentScreen)


class CountingTable(FlexTable):
    """A FlexTable that counts the rows whose cells it made."""

    cells_made = 0

    def row_cells(self, row):
        self.cells_made += 1
        return super().row_cells(row)


class TableApp(App):
    """A bare app holding one FlexTable of many rows."""

    def compose(self):
        yield CountingTable(
            (
                TableColumn("address", "Address"),
                TableColumn("status", "Status", 13),
                TableColumn("kind", "Kind", 10, min_table_width=100),
            )
        )


def drawn(table: FlexTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


async def test_the_table_draws_only_the_rows_in_view_and_fits_its_width():
    rows = [
        (f"person{n}@example.org", (f"person{n}@example.org", "requested", "personal"))
        for n in range(100_000)
    ]
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(CountingTable)
        table.show_rows(rows)
        await pilot.pause()
        assert table.total_rows == 100_000
        assert table.cells_made <= 24  # the rows on screen, no more
        assert [key for key, _ in table.shown_columns] == ["address", "status"]
        assert sum(width + 2 for _, width in table.shown_columns) <= 80
        table.focus()
        await pilot.press("pagedown", "pagedown", "pagedown")
        assert table.cursor_row > 60
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_key() == "person99999@example.org"
        assert "person99999@example.org" in drawn(table)[-1]
        assert table.cells_made < 150
        await pilot.press("home")
        assert table.cursor_key() == "person0@example.org"
        table.show_rows(rows[:10], select_key="person5@example.org")  # replaced while scrolled
        await pilot.pause()
        assert table.cursor_key() == "person5@example.org"
        await pilot.resize_terminal(120, 24)
        await pilot.pause()
        assert [key for key, _ in table.shown_columns] == ["address", "status", "kind"]
        assert "personal" in drawn(table)[1]
        assert table.cursor_key() == "person5@example.org"


async def test_a_cell_cut_short_ends_in_an_ellipsis_and_e_shows_the_whole_row():
    long_address = "a.very.long.address.of.someone.at.work" + "x" * 60 + "@example.org"
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(CountingTable)
        table.show_rows([(long_address, (long_address, "requested", "personal"))])
        table.focus()
        await pilot.pause()
        first_row = drawn(table)[1]
        assert "…" in first_row and long_address not in first_row
        await pilot.press("e")
        await pilot.pause()
        assert any(long_address in str(n.message) for n in app._notifications)

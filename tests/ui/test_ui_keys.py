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


class TableApp(App):
    """A bare app holding one FlexTable of many rows."""

    def compose(self):
        yield FlexTable(
            (
                TableColumn("address", "Address"),
                TableColumn("status", "Status", 13),
                TableColumn("kind", "Kind", 10, min_table_width=100),
            )
        )


async def test_the_table_shows_rows_as_they_are_needed_and_fits_its_width():
    rows = [
        (f"person{n}@example.org", (f"person{n}@example.org", "requested", "personal"))
        for n in range(3396)
    ]
    app = TableApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(FlexTable)
        table.show_rows(rows)
        await pilot.pause()
        assert table.total_rows == 3396
        assert table.row_count <= 60
        assert [column.key.value for column in table.ordered_columns] == ["address", "status"]
        assert sum(column.get_render_width(table) for column in table.ordered_columns) <= 80
        await pilot.press("pagedown", "pagedown", "pagedown")
        assert table.row_count > 60
        await pilot.press("end")  # the last row, not the last one shown so far
        assert (table.row_count, table.cursor_key()) == (3396, "person3395@example.org")
        await pilot.press("home")
        assert table.cursor_key() == "person0@example.org"
        table.show_rows(rows[:10], select_key="person5@example.org")  # rebuilt while scrolled
        await pilot.pause()
        assert table.cursor_key() == "person5@example.org"
        await pilot.resize_terminal(120, 24)
        assert [column.key.value for column in table.ordered_columns] == [
            "address",
            "status",
            "kind",
        ]
        assert table.cursor_key() == "person5@example.org"

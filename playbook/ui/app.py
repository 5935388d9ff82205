"""PlaybookApp: the wiring. It holds the store, config, renderer and clock it is given, the global
keys and the command palette; the screens do the work."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database
from textual.app import App, SystemCommand
from textual.screen import Screen

from playbook.config import Config
from playbook.domain.clock import zone
from playbook.runtime.clock import clock
from playbook.ui.keys import COMMANDS, bindings, key_hint, key_hints, unknown_keymap_ids

if TYPE_CHECKING:
    from playbook.render.environment import Renderer


class PlaybookApp(App[None]):
    """The responder's app: the register of incidents, then one workspace per incident."""

    CSS_PATH = "playbook.tcss"
    TITLE = "playbook"
    BINDINGS = bindings("app.help")

    def __init__(
        self,
        db: Database,
        *,
        config: Config,
        now: Callable[[], datetime],
        author: str,
        renderer: Renderer | None = None,
        open_incident: str | None = None,
    ) -> None:
        """`renderer` is a `playbook.render.environment.Renderer`; when None one is made on first use, so
        that Jinja is imported only when a draft or report is asked for."""
        super().__init__()
        self.db = db
        self.config = config
        self.now = now
        self.author = author
        self.zone = zone(config.timezone)
        self._renderer = renderer
        self._open_incident = open_incident
        from playbook.store.database import database_file

        self.db_path = database_file(db)

    @property
    def renderer(self) -> Renderer:
        """The one template renderer (made on first use when none was given)."""
        if self._renderer is None:
            from playbook.render.environment import Renderer

            self._renderer = Renderer(self.config, self.zone)
        return self._renderer

    def open_worker_database(self) -> Database:
        """A connection of its own for a thread worker (SQLite connections stay in one thread)."""
        from playbook.store.database import open_database

        return open_database(self.db_path)

    def on_mount(self) -> None:
        """Apply the user's keymap, then show the register (or the incident asked for)."""
        _freeze_startup_objects()
        self.set_keymap(self.config.keymap)
        unknown = unknown_keymap_ids(self.config.keymap)
        if unknown:
            self.notify(
                f"The [keymap] in config names commands that do not exist ({', '.join(unknown)}); "
                "press F1 to see the command ids.",
                severity="warning",
                timeout=10,
            )
        if self._open_incident:
            from playbook.ui.screens.workspace import IncidentScreen

            # The register is built only once it is needed: when the incident is left.
            self.push_screen(
                IncidentScreen(self._open_incident), callback=lambda _: self.show_register()
            )
        else:
            self.show_register()

    def show_register(self) -> None:
        """Show the register of incidents."""
        from playbook.ui.screens.register import RegisterScreen

        self.push_screen(RegisterScreen())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette: Textual's own commands, then every command reachable here by a key."""
        yield from super().get_system_commands(screen)
        offered: set[str] = set()
        for active in screen.active_bindings.values():
            command = COMMANDS.get(active.binding.id or "")
            if command is None or not command.palette or command.id in offered:
                continue
            if not active.enabled:
                continue
            offered.add(command.id)
            key = self.get_key_display(active.binding)
            yield SystemCommand(
                command.palette,
                f"{command.description} (key: {key})",
                partial(self.run_action, active.binding.action, active.node),
            )
        yield from self._go_to_commands(screen)

    def _go_to_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """'go to PB-2026-0002': one command an incident, from the register or a workspace."""
        from playbook.store.incidents import list_incidents
        from playbook.ui.screens.register import RegisterScreen
        from playbook.ui.screens.workspace import IncidentScreen

        if not isinstance(screen, RegisterScreen | IncidentScreen):
            return
        for incident in list_incidents(self.db):
            yield SystemCommand(
                f"go to {incident.id}",
                f"open {incident.title} ({incident.status})",
                partial(self.go_to_incident, incident.id),
            )

    def go_to_incident(self, incident_id: str) -> None:
        """Open an incident's workspace from the register or from another workspace."""
        from playbook.ui.screens.workspace import IncidentScreen

        if isinstance(self.screen, IncidentScreen):
            if self.screen.incident_id == incident_id:
                return
            self.pop_screen()
        self.push_screen(
            IncidentScreen(incident_id), callback=lambda _: self._back_in_register(incident_id)
        )

    def _back_in_register(self, incident_id: str) -> None:
        from playbook.ui.screens.register import RegisterScreen

        if isinstance(self.screen, RegisterScreen):
            self.screen.reload(incident_id)
        else:
            self.show_register()

    def _fatal_error(self) -> None:
        """Textual's crash report, without the values of local variables: they can hold the
        addresses and names of the people affected, which must not reach the terminal's log."""
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        report = Traceback(show_locals=False, width=None)
        self._exit_renderables.append(Segments(self.console.render(report, self.console.options)))
        self._close_messages_no_wait()

    def key_hint(self, command_id: str) -> str:
        """The key that runs a command under the user's keymap, as markup: '[b]w[/b]'."""
        return key_hint(command_id, self.config.keymap)

    def key_hints(self, *hints: tuple[str, str]) -> str:
        """A line of key hints (command id, what it does) under the user's keymap."""
        return key_hints(self.config.keymap, *hints)

    def action_help(self) -> None:
        """Show the help for what is on screen, with the keys that work here."""
        from playbook.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        topic = getattr(self.screen, "help_markdown", None)
        self.push_screen(HelpScreen(topic() if topic else "", self.screen.active_bindings))


def _freeze_startup_objects() -> None:
    """Leave what starting the app made out of the garbage collector's work, once per process.

    The modules, styles and bindings loaded by now (some 45,000 objects) live as long as the
    process, yet every full collection walked them again, and so did the interpreter's last
    collections at exit (about 150 ms when opening a large incident and quitting). Garbage
    cycles made later are collected as before; the screens' data is all made after this.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()


def run_app(db: Database, *, config: Config, author: str, open_incident: str | None = None) -> int:
    """Open the app for a command-line run (`playbook`, `playbook demo`) and wait for it to end."""
    app = PlaybookApp(db, config=config, now=clock(), author=author, open_incident=open_incident)
    app.run()
    return app.return_code or 0

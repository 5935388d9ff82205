"""The help screen: what to do on the step in view, and every key that works there."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from playbook.ui.keys import bindings

GENERAL_HELP = """\
**playbook** walks you through an email sent to the wrong people: *contain* the spread,
*assess* the risk, *decide* whether to tell the ICO and the people, *notify* them, and keep
the *log*. The 72-hour clock runs from when you became aware.

Press **ctrl+p** for the command palette: every command below is there by name.
"""


class HelpScreen(ModalScreen[None]):
    """Help for one screen or step, with its keys and their ids (remap them in `[keymap]`)."""

    BINDINGS = bindings("dialog.close")

    def __init__(self, topic_markdown: str, active: dict[str, ActiveBinding]) -> None:
        super().__init__(classes="dialog")
        self.topic_markdown = topic_markdown or GENERAL_HELP
        self.active = active

    def compose(self) -> ComposeResult:
        """The topic, then the keys."""
        with VerticalScroll(id="help-body", classes="dialog-body"):
            yield Markdown(self.topic_markdown, id="help-topic")
            yield Static(self._keys_table(), id="help-keys")
            yield Static("Press escape to close.", classes="hint")

    def _keys_table(self) -> str:
        keys_by_id: dict[str, list[str]] = {}
        descriptions: dict[str, str] = {}
        for active in self.active.values():
            binding = active.binding
            if not binding.id or binding.system:
                continue
            keys_by_id.setdefault(binding.id, []).append(self.app.get_key_display(binding))
            descriptions[binding.id] = binding.description
        lines = ["[b]Keys here[/b]  (key, what it does, and its id for \\[keymap] in config)"]
        for command_id, keys in keys_by_id.items():
            shown_keys = " or ".join(keys)
            lines.append(
                f"  [b]{shown_keys:>10}[/b]  {descriptions[command_id]:<24}[dim]{command_id}[/dim]"
            )
        return "\n".join(lines)

    def action_cancel(self) -> None:
        """Close the help."""
        self.dismiss(None)

"""`self.app` typed as the PlaybookApp every screen and step runs in."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual import getters
    from textual.message_pump import MessagePump

    from playbook.ui.app import PlaybookApp

    class InPlaybookApp(MessagePump):
        app = getters.app(PlaybookApp)

else:

    class InPlaybookApp:
        """Mixed in first by a screen or step: `self.app` is the PlaybookApp, to the type
        checker (at run time the class adds nothing)."""

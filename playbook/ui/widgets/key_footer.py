"""The footer of keys, rebuilt once however many times the keys change before the next refresh."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's footer, rebuilding its keys at most once per refresh.

    Textual's own footer rebuilds every time the screen says its keys changed; opening a screen
    says so three times in a row (the screen resumes, the focus lands, the keys are refreshed),
    and each rebuild makes and styles every key again. This one waits for the refresh and then
    shows the keys as they are by then.
    """

    def __init__(self) -> None:
        super().__init__()
        self._rebuild_pending = False

    def bindings_changed(self, screen: Screen) -> None:
        """Rebuild after the next refresh, unless a rebuild is already waiting for it."""
        self._bindings_ready = True
        if not screen.app.app_focus or self._rebuild_pending:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        await self.recompose()

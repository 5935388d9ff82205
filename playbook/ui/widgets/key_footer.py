"""The footer of keys, rebuilt only when the keys it shows have changed."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer

KeysShown = tuple[tuple[str, str, str, bool, bool, str], ...]


class KeyFooter(Footer):
    """Textual's footer, rebuilt at most once per refresh and only when its keys changed.

    Textual's own footer rebuilds every time the screen says its keys may have changed; opening
    a screen says so three or four times in a row (the screen resumes, the focus lands, the keys
    are refreshed after that), and each rebuild makes and styles every key again. This one waits
    for the refresh, then rebuilds only if the keys differ from those it shows.
    """

    def __init__(self) -> None:
        super().__init__()
        self._rebuild_pending = False
        self._keys_shown: KeysShown | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Look again after the next refresh, unless a look is already waiting for it."""
        self._bindings_ready = True
        if not screen.app.app_focus or self._rebuild_pending:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    def _keys_to_show(self) -> KeysShown:
        return tuple(
            (binding.key, binding.action, binding.description, binding.show, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
        )

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached:
            return  # its screen was closed meanwhile
        keys = self._keys_to_show()
        if keys != self._keys_shown:
            self._keys_shown = keys
            await self.recompose()

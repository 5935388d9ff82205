"""What the five steps of the workspace share."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, Concatenate, ParamSpec, TypeVar, cast

from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget

from playbook.domain.errors import PlaybookError
from playbook.domain.incident import Incident
from playbook.store.incidents import get_incident
from playbook.ui.text import shown_lines
from playbook.ui.typed_app import InPlaybookApp

if TYPE_CHECKING:
    from playbook.ui.screens.workspace import IncidentScreen

Node = TypeVar("Node", bound=Widget)
Params = ParamSpec("Params")
Result = TypeVar("Result")


def shows_refusals(
    handler: Callable[Concatenate[Node, Params], Result],
) -> Callable[Concatenate[Node, Params], Result | None]:
    """Wrap a handler that writes: a refusal by the playbook's rules becomes a notification
    (nothing was written), and the app carries on."""

    @functools.wraps(handler)
    def wrapper(self: Node, /, *args: Params.args, **kwargs: Params.kwargs) -> Result | None:
        try:
            return handler(self, *args, **kwargs)
        except PlaybookError as problem:
            self.notify(
                shown_lines(str(problem)), title="Nothing was changed", severity="error", timeout=12
            )
            return None

    return wrapper


class IncidentChanged(Message):
    """Something about the incident was written; every step and the header should read again."""


class Step(InPlaybookApp, Vertical):
    """One step of an incident's workspace; it reads the store when it is shown."""

    STEP_ID: ClassVar[str]
    TITLE: ClassVar[str]
    # Markdown; {authority} and {short} name who the incident's reports go to ("the ICO", "ICO").
    HELP: ClassVar[str]

    def __init__(self, incident_id: str) -> None:
        super().__init__(id=self.STEP_ID, classes="step")
        self.incident_id = incident_id

    @property
    def workspace(self) -> IncidentScreen:
        """The incident's workspace: the screen every step is shown in."""
        return cast("IncidentScreen", self.screen)

    @property
    def incident(self) -> Incident:
        """The incident as stored now."""
        return get_incident(self.app.db, self.incident_id)

    def reload(self) -> None:
        """Read the store again and show it; each step fills this in."""
        raise NotImplementedError

    def changed(self) -> None:
        """Say that this step wrote something, so the header and the other steps read again."""
        self.post_message(IncidentChanged())

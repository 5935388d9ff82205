"""What is still open when an incident is about to close, and the rule for changing a closed one.

Closing does not need everything done (a recipient may never answer), but it must be a choice
made knowing what is outstanding. Once closed, the record takes no change until it is reopened,
with who and why on the timeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from playbook.domain.citations import authority_for
from playbook.domain.containment import ChecklistItem, is_external
from playbook.domain.decisions import ABOUT, Decision
from playbook.domain.incident import Recipient
from playbook.domain.labels import counted, human_join

PURGED_KIND = "incident.purged"  # the erasure of a closed incident's personal data
# The events a closed incident still takes: its closing, its reopening, and its erasure.
EVENTS_WHEN_CLOSED = frozenset({"incident.closed", "incident.reopened", PURGED_KIND})


@dataclass(frozen=True)
class Outstanding:
    """What is not finished: confirmations awaited, checklist items open, decisions not made."""

    awaiting_confirmation: int
    outside_recipients: int
    open_items: tuple[str, ...]
    undecided: tuple[str, ...]

    @property
    def is_clear(self) -> bool:
        """True when nothing is outstanding."""
        return not (self.awaiting_confirmation or self.open_items or self.undecided)

    def lines(self) -> list[str]:
        """One sentence per kind of thing still open."""
        lines = []
        if self.awaiting_confirmation:
            lines.append(
                f"{self.awaiting_confirmation:,} of {counted(self.outside_recipients, 'outside recipient')} "
                "have not confirmed deletion."
            )
        if self.open_items:
            lines.append(
                f"{counted(len(self.open_items), 'checklist item')} still open: "
                f"{human_join(self.open_items)}."
            )
        if self.undecided:
            lines.append(f"Not yet decided: {human_join(self.undecided)}.")
        return lines


def outstanding(
    recipients: Sequence[Recipient],
    checklist: Sequence[ChecklistItem],
    decisions: Sequence[Decision],
    regime: str = "uk_gdpr",
) -> Outstanding:
    """What an incident still has open."""
    decision_words = {
        "ico": f"whether to tell {authority_for(regime).name}",
        "individuals": "whether to tell the people",
    }
    outside = [recipient for recipient in recipients if is_external(recipient)]
    decided = {decision.about for decision in decisions}
    return Outstanding(
        awaiting_confirmation=sum(1 for recipient in outside if recipient.status != "confirmed"),
        outside_recipients=len(outside),
        open_items=tuple(item.title for item in checklist if item.state == "open"),
        undecided=tuple(decision_words[about] for about in ABOUT if about not in decided),
    )


def closed_refusal(incident_id: str) -> str:
    """The sentence refusing a change to a closed incident."""
    return (
        f"{incident_id} is closed, so its record takes no change; reopen it first "
        f"(playbook reopen {incident_id} --why TEXT, or x in the app's Log step)."
    )

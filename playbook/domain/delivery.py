"""Who actually received it: each recipient's delivery state and what it changes.

Pure rules. A copy that failed or sat in quarantine exposed nothing to that recipient; an
address shown in To/Cc was seen only by the other recipients whose copy arrived; the `deletion`
fact counts only copies that arrived. Without evidence a copy is `unknown`, and counts as
arrived: the conservative reading.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from playbook.domain.incident import Recipient
from playbook.domain.labels import counted

DELIVERY_STATES = (
    "delivered",
    "failed",
    "quarantined",
    "pending",
    "expanded",
    "recalled",
    "unknown",
)
# States in which no copy reached the recipient's mailbox. An expanded address is a
# distribution list: its members hold the copies, the list itself holds none.
NOT_ARRIVED = frozenset({"failed", "quarantined", "expanded"})
# How much each state says about the copy: a later, surer state replaces an earlier one
# (a Pending row then a Delivered row is delivered; a recall report after delivery wins).
STRENGTH = {
    "unknown": 0,
    "pending": 1,
    "quarantined": 2,
    "failed": 2,
    "delivered": 3,
    "expanded": 3,
    "recalled": 4,
}


def arrived(state: str) -> bool:
    """True when a copy in this delivery state reached the recipient (unknown counts)."""
    return state not in NOT_ARRIVED


def stronger(current: str, new: str) -> str:
    """The state to keep when evidence says `new` about a copy already `current`."""
    return new if STRENGTH.get(new, 0) >= STRENGTH.get(current, 0) else current


def received_of(states: dict[str, int]) -> int:
    """How many copies arrived, from the number of recipients in each delivery state."""
    return sum(count for state, count in states.items() if arrived(state))


def arrived_count(recipients: Iterable[Recipient]) -> int:
    """How many recipients' copies arrived."""
    return sum(1 for recipient in recipients if arrived(recipient.delivery))


def seen_by_others(recipient: Recipient, arrived_total: int) -> bool:
    """Whether this recipient's address (already shown in To/Cc) was seen by someone else:
    some other recipient's copy arrived."""
    others = arrived_total - (1 if arrived(recipient.delivery) else 0)
    return others >= 1


def delivery_counts(recipients: Iterable[Recipient]) -> dict[str, int]:
    """How many recipients are in each delivery state, every state listed."""
    counts = Counter(recipient.delivery for recipient in recipients)
    return {state: counts[state] for state in DELIVERY_STATES}


def received_sentence(recipients: Sequence[Recipient]) -> str:
    """What the delivery evidence says in one sentence for a report, '' without evidence."""
    copies = [recipient for recipient in recipients if recipient.delivery != "expanded"]
    counts = delivery_counts(copies)
    if counts["unknown"] == len(copies):
        return ""
    received = arrived_count(copies)
    parts = [
        f"{counts[state]:,} {state}"
        for state in ("delivered", "recalled", "pending", "failed", "quarantined", "unknown")
        if counts[state]
    ]
    return (
        f"Delivery evidence (mail trace and bounces) shows {received:,} of the "
        f"{counted(len(copies), 'copy', 'copies')} received ({', '.join(parts)})."
    )

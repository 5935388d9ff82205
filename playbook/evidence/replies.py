"""Reading the answers to our deletion requests and chasers, and confirming from them.

`read_replies` matches each message to the recipient it answers: by In-Reply-To/References
against the Message-IDs we recorded for our requests and chasers, else by its sender among the
incident's recipients. A person's reply moves `requested` to `acknowledged`; an automatic reply
is recorded as such and changes nothing; a bounce of our request marks the recipient
undeliverable by email (phone them). Nothing is confirmed here: `confirm_replies` does that
when a person asks, with how `email` and the reply's date and first lines as evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from playbook.domain.containment import change_status
from playbook.domain.errors import Refused
from playbook.domain.incident import Recipient
from playbook.mail.replies import ReadReply, count_messages, read_reply, reply_sources
from playbook.mail.trace import normal_id
from playbook.runtime.progress import ProgressBar
from playbook.store.containment import record_statuses, set_recipient_status
from playbook.store.database import transaction
from playbook.store.events import append_event
from playbook.store.evidence import (
    StoredReply,
    add_replies,
    known_reply_ids,
    latest_replies,
    mark_email_bounced,
    mark_replies_confirmed,
    outgoing_ids,
)
from playbook.store.incidents import get_incident
from playbook.store.messages import load_recipients

# Statuses a person's reply moves to `acknowledged`.
ACKNOWLEDGING = ("requested", "no_response")


@dataclass(frozen=True)
class RepliesReport:
    """What one reading did: how many of each kind matched, who moved, what did not match."""

    incident_id: str
    read: int
    already_recorded: int
    replies: int
    auto_replies: int
    bounces: int
    acknowledged: tuple[str, ...]
    bounced: tuple[str, ...]
    unmatched: list[str] = field(default_factory=list)


def read_replies(
    db: Database,
    incident_id: str,
    paths: Sequence[Path],
    *,
    author: str,
    now: datetime,
    progress: Callable[[str, int], ProgressBar] | None = None,
) -> RepliesReport:
    """Read the replies in `paths`, match each, and record them in one transaction."""
    incident = get_incident(db, incident_id)
    if incident.status == "closed":
        raise Refused(f"{incident.id} is closed; reopen it before reading replies.")
    recipients = {recipient.address: recipient for recipient in load_recipients(db, incident.id)}
    ours = outgoing_ids(db, incident.id)
    known = known_reply_ids(db, incident.id)
    read = already = 0
    matched: list[StoredReply] = []
    bounced: dict[str, None] = {}
    unmatched: list[str] = []
    shown = progress("Reading replies", count_messages(list(paths))) if progress else None
    try:
        for source, data in reply_sources(list(paths)):
            read += 1
            if shown:
                shown.advance()
            reply = read_reply(source, data)
            key = reply.message_id or f"<{source}>"
            if key in known:
                already += 1
                continue
            known.add(key)
            if reply.kind == "bounce":
                found = _bounced_addresses(reply, ours, recipients)
                if not found:
                    unmatched.append(f"{source}: a bounce for an address we never wrote to.")
                    continue
                for bounced_address in found:
                    bounced[bounced_address] = None
                    matched.append(
                        StoredReply(key, bounced_address, "bounce", "bounce", reply.at, "", False)
                    )
                continue
            address, how = _match(reply, ours, recipients)
            if address is None:
                unmatched.append(
                    f"{source}: from someone who is not a recipient, answering none of our messages."
                )
                continue
            lines = reply.first_lines if reply.kind == "reply" else ""
            matched.append(StoredReply(key, address, reply.kind, how, reply.at, lines, False))
    finally:
        if shown:
            shown.finish()
    if read == 0:
        raise Refused("There are no messages in the paths given; nothing was recorded.")
    if not matched and unmatched and not already:
        raise Refused(
            f"None of the {read:,} messages is a reply from a recipient or a bounce of our "
            "requests; nothing was recorded."
        )
    acknowledged = _acknowledging(matched, recipients, now)
    with transaction(db):
        add_replies(db, incident.id, matched, now)
        mark_email_bounced(db, incident.id, bounced)
        record_statuses(db, incident.id, acknowledged)
        counts = _kind_counts(matched)
        if matched:
            append_event(
                db,
                incident.id,
                "replies.read",
                author=author,
                at=now,
                data={
                    **counts,
                    "acknowledged": len(acknowledged),
                    "unmatched": len(unmatched),
                },
                personal={
                    "acknowledged": [recipient.address for recipient in acknowledged],
                    "bounced": list(bounced),
                },
            )
    return RepliesReport(
        incident_id=incident.id,
        read=read,
        already_recorded=already,
        replies=counts["replies"],
        auto_replies=counts["auto_replies"],
        bounces=counts["bounces"],
        acknowledged=tuple(recipient.address for recipient in acknowledged),
        bounced=tuple(bounced),
        unmatched=unmatched,
    )


def _match(
    reply: ReadReply, ours: dict[str, str], recipients: dict[str, Recipient]
) -> tuple[str | None, str]:
    for message_id in reply.refers_to:
        address = ours.get(normal_id(message_id))
        if address is not None and address in recipients:
            return address, "in_reply_to"
    if reply.sender in recipients:
        return reply.sender, "sender"
    return None, ""


def _bounced_addresses(
    reply: ReadReply, ours: dict[str, str], recipients: dict[str, Recipient]
) -> list[str]:
    """The recipients our bounced request was written to: by the bounced Message-ID, else by
    the failed addresses it names that we wrote to."""
    report = reply.report
    ids = [*(report.original_ids if report else ()), *reply.refers_to]
    for message_id in ids:
        address = ours.get(normal_id(message_id))
        if address is not None and address in recipients:
            return [address]
    written = set(ours.values())
    failed = [
        address for address, state in (report.recipients if report else ()) if state == "failed"
    ]
    return [address for address in failed if address in written and address in recipients]


def _acknowledging(
    matched: Sequence[StoredReply], recipients: dict[str, Recipient], now: datetime
) -> list[Recipient]:
    moved: dict[str, Recipient] = {}
    for reply in matched:
        recipient = moved.get(reply.address) or recipients[reply.address]
        if reply.kind == "reply" and recipient.status in ACKNOWLEDGING:
            moved[reply.address] = change_status(recipient, "acknowledged", at=now)
    return list(moved.values())


def _kind_counts(matched: Sequence[StoredReply]) -> dict[str, int]:
    kinds = [reply.kind for reply in matched]
    return {
        "replies": kinds.count("reply"),
        "auto_replies": kinds.count("auto_reply"),
        "bounces": kinds.count("bounce"),
    }


def confirmable(db: Database, incident_id: str) -> dict[str, StoredReply]:
    """The recipients a reply could confirm: `acknowledged`, with a person's reply."""
    statuses = {r.address: r.status for r in load_recipients(db, incident_id)}
    return {
        address: reply
        for address, reply in latest_replies(db, incident_id).items()
        if reply.kind == "reply" and statuses.get(address) == "acknowledged"
    }


def evidence_note(reply: StoredReply) -> str:
    """The evidence a confirmation from a reply keeps: the reply's date and first lines."""
    when = f"{reply.at:%Y-%m-%d %H:%M} UTC" if reply.at else "an undated reply"
    return f"Reply of {when}: {reply.first_lines}" if reply.first_lines else f"Reply of {when}."


def confirm_replies(
    db: Database,
    incident_id: str,
    addresses: Sequence[str] | None,
    *,
    author: str,
    now: datetime,
) -> list[Recipient]:
    """Confirm deletion for these recipients (None: every one a reviewed reply can confirm),
    how `email`, with the reply's date and first lines as evidence. A person asks for this."""
    incident = get_incident(db, incident_id)
    candidates = confirmable(db, incident.id)
    wanted = list(candidates) if addresses is None else [a.strip().lower() for a in addresses]
    if not wanted:
        raise Refused("No acknowledged recipient has a reply to confirm from.")
    missing = [address for address in wanted if address not in candidates]
    if missing:
        raise Refused(
            "A reply can confirm only a recipient who acknowledged by replying; "
            f"{len(missing)} of those named did not. Nothing was confirmed."
        )
    confirmed: list[Recipient] = []
    with transaction(db):
        for address in wanted:
            reply = candidates[address]
            change = set_recipient_status(
                db,
                incident.id,
                address,
                "confirmed",
                how="email",
                note=evidence_note(reply),
                author=author,
                now=now,
            )
            confirmed.extend(change.changed)
        mark_replies_confirmed(db, incident.id, [candidates[a].message_id for a in wanted])
    return confirmed

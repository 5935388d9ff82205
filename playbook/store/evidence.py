"""Delivery evidence and replies in the database: recipients' delivery states, the Message-IDs
of our own requests and chasers, and the replies matched to them.

Writes are batched (`executemany`): a trace export may hold 100,000 rows. The caller wraps
them, with the timeline event and the facts, in one `transaction(db)`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from sqlite_utils import Database

from playbook.store.values import time_text, time_value


class StoredReply(NamedTuple):
    """A reply matched to a recipient: what kind, how matched, when, and its first lines."""

    message_id: str
    address: str
    kind: str
    matched_by: str
    at: datetime | None
    first_lines: str
    confirmed: bool


def add_evidence_recipients(
    db: Database,
    incident_id: str,
    recipients: Iterable[tuple[str, str, str, str, str]],
) -> None:
    """Add (address, field, kind, under, delivery) recipients that only the evidence shows:
    members of an expanded list, or Bcc recipients a trace proves. Never shown to others."""
    db.conn.executemany(
        "INSERT OR IGNORE INTO recipients (incident_id, address, name, field, kind, trust, status, "
        "evidence, message_position, exposed, delivery, under) "
        "VALUES (?, ?, '', ?, ?, ?, 'not_contacted', '', 1, 0, ?, ?)",
        (
            (
                incident_id,
                address,
                field,
                kind,
                "internal" if kind == "internal" else "unknown",
                delivery,
                under,
            )
            for address, field, kind, under, delivery in recipients
        ),
    )


def record_outgoing(
    db: Database,
    incident_id: str,
    kind: str,
    messages: Iterable[tuple[str, str]],
    at: datetime,
) -> None:
    """Record the Message-ID of each (address, message_id) we drafted or sent."""
    db.conn.executemany(
        "INSERT OR REPLACE INTO outgoing (incident_id, message_id, address, template, at) "
        "VALUES (?, ?, ?, ?, ?)",
        (
            (incident_id, message_id, address, kind, time_text(at))
            for address, message_id in messages
        ),
    )


def outgoing_ids(db: Database, incident_id: str) -> dict[str, str]:
    """The address each of our Message-IDs was written to, by Message-ID (case-folded,
    without angle brackets)."""
    return {
        message_id.strip("<>").casefold(): address
        for message_id, address in db.execute(
            "SELECT message_id, address FROM outgoing WHERE incident_id = ?", [incident_id]
        )
    }


def known_reply_ids(db: Database, incident_id: str) -> set[str]:
    """The Message-IDs of the replies already recorded."""
    return {
        row[0]
        for row in db.execute("SELECT message_id FROM replies WHERE incident_id = ?", [incident_id])
    }


def add_replies(
    db: Database, incident_id: str, replies: Iterable[StoredReply], now: datetime
) -> None:
    """Record matched replies (one already recorded is left as it is)."""
    db.conn.executemany(
        "INSERT OR IGNORE INTO replies (incident_id, message_id, address, kind, matched_by, at, "
        "read_at, first_lines, confirmed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
        (
            (
                incident_id,
                reply.message_id,
                reply.address,
                reply.kind,
                reply.matched_by,
                time_text(reply.at),
                time_text(now),
                reply.first_lines,
            )
            for reply in replies
        ),
    )


def mark_email_bounced(db: Database, incident_id: str, addresses: Iterable[str]) -> None:
    """Mark recipients our email could not reach: they must be phoned."""
    db.conn.executemany(
        "UPDATE recipients SET email_bounced = 1 WHERE incident_id = ? AND address = ?",
        ((incident_id, address) for address in addresses),
    )


def email_bounced(db: Database, incident_id: str) -> set[str]:
    """The recipients our deletion request or chaser bounced from."""
    return {
        row[0]
        for row in db.execute(
            "SELECT address FROM recipients WHERE incident_id = ? AND email_bounced = 1",
            [incident_id],
        )
    }


def load_replies(db: Database, incident_id: str) -> list[StoredReply]:
    """Every matched reply, oldest first."""
    return [
        StoredReply(
            message_id=row["message_id"],
            address=row["address"],
            kind=row["kind"],
            matched_by=row["matched_by"] or "",
            at=time_value(row["at"]),
            first_lines=row["first_lines"] or "",
            confirmed=bool(row["confirmed"]),
        )
        for row in db["replies"].rows_where(
            "incident_id = ?", [incident_id], order_by="coalesce(at, read_at), message_id"
        )
    ]


def mark_replies_confirmed(db: Database, incident_id: str, message_ids: Iterable[str]) -> None:
    """Note that these replies were taken by a person as confirmations of deletion."""
    db.conn.executemany(
        "UPDATE replies SET confirmed = 1 WHERE incident_id = ? AND message_id = ?",
        ((incident_id, message_id) for message_id in message_ids),
    )


def delivery_state_counts(db: Database, incident_id: str) -> dict[str, int]:
    """How many recipients are in each delivery state (states with none left out)."""
    return dict(
        db.execute(
            "SELECT delivery, count(*) FROM recipients WHERE incident_id = ? GROUP BY delivery",
            [incident_id],
        ).fetchall()
    )


def status_groups(db: Database, incident_id: str) -> list[tuple[tuple[str, str, str], int]]:
    """The recipients counted by (kind, containment status, delivery state)."""
    return [
        ((kind, status, delivery), count)
        for kind, status, delivery, count in db.execute(
            "SELECT kind, status, delivery, count(*) FROM recipients WHERE incident_id = ? "
            "GROUP BY kind, status, delivery",
            [incident_id],
        )
    ]


def apply_deliveries(
    db: Database, incident_id: str, states: Iterable[tuple[str, str]], strength: dict[str, int]
) -> tuple[int, list[tuple[str, str]]]:
    """Record (address, state) for the recipients stored, where the state says at least as much
    as the one recorded (`strength`); return how many changed and the (address, state) pairs
    that are not recipients. Staged in a temporary table: one executemany, one UPDATE."""
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS evidence_states "
        "(address TEXT PRIMARY KEY, state TEXT NOT NULL) WITHOUT ROWID"
    )
    db.execute("DELETE FROM temp.evidence_states")
    db.conn.executemany("INSERT INTO temp.evidence_states (address, state) VALUES (?, ?)", states)

    def rank(column: str) -> str:
        cases = " ".join(f"WHEN '{state}' THEN {value}" for state, value in strength.items())
        return f"(CASE {column} {cases} ELSE 0 END)"

    cursor = db.execute(
        "UPDATE recipients SET delivery = staged.state FROM temp.evidence_states AS staged "
        "WHERE recipients.incident_id = ? AND recipients.address = staged.address "
        f"AND recipients.delivery != staged.state AND {rank('staged.state')} >= "
        f"{rank('recipients.delivery')}",
        [incident_id],
    )
    changed = cursor.rowcount
    missing = db.execute(
        "SELECT address, state FROM temp.evidence_states AS staged WHERE NOT EXISTS "
        "(SELECT 1 FROM recipients WHERE incident_id = ? AND address = staged.address)",
        [incident_id],
    ).fetchall()
    return changed, [(address, state) for address, state in missing]


def recipient_fields(db: Database, incident_id: str, addresses: Iterable[str]) -> dict[str, str]:
    """The field (to, cc, bcc) of each of these recipients that is stored."""
    found = {}
    for address in addresses:
        row = db.execute(
            "SELECT field FROM recipients WHERE incident_id = ? AND address = ?",
            [incident_id, address],
        ).fetchone()
        if row:
            found[address] = row[0]
    return found


def latest_replies(db: Database, incident_id: str) -> dict[str, StoredReply]:
    """Each recipient's most telling reply: a person's latest reply, else their latest
    automatic reply or bounce."""
    best: dict[str, StoredReply] = {}
    for reply in load_replies(db, incident_id):
        current = best.get(reply.address)
        if current is None or reply.kind == "reply" or current.kind != "reply":
            best[reply.address] = reply
    return best

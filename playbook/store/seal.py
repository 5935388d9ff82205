"""The seal: each change's last event carries the SHA-256 of every table of its incident.

Temporary triggers note which incident's tables a transaction touched; just before the
transaction commits, the last event it appended to each incident is given the digests of the
incident's tables as they now stand (recomputing only the touched ones) and hashed again, so the
chain covers the rows the register and the reports read. `verify` recomputes every digest and
compares it with the seal of the incident's last event. After the commit, each new head is
appended to the witness file beside the database (see `store.witness`).

Values that are NULL are left out of a row's digest, so a migration that adds a nullable
column keeps every seal valid; a migration that fills a new column with a value must seal
again (by appending an event to every incident).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from playbook.domain.timeline import canonical_json, chain_hash
from playbook.store.schema import INCIDENT_TABLES

# The tables a seal covers: the incident's own row and every table of the incident but the
# timeline itself (which the chain covers).
SEALED_TABLES = ("incidents", *(table for table in INCIDENT_TABLES if table != "events"))
_ATTRIBUTE = "_playbook_seal"
# The digest of a table holding no rows of an incident.
EMPTY_DIGEST = hashlib.sha256().hexdigest()


@dataclass
class _Pending:
    """What the open transaction appended: each incident's last new event, and heads to witness."""

    events: dict[str, set[str]] = field(default_factory=dict)
    witness: list[tuple[str, int, str]] = field(default_factory=list)


def install(db: Database) -> None:
    """Create the temporary triggers that note every change to a sealed table."""
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS playbook_touched "
        "(incident_id TEXT, tbl TEXT, PRIMARY KEY (incident_id, tbl))"
    )
    for table in SEALED_TABLES:
        key = "id" if table == "incidents" else "incident_id"
        for operation, rows in (
            ("INSERT", ("NEW",)),
            ("UPDATE", ("OLD", "NEW")),
            ("DELETE", ("OLD",)),
        ):
            # Not INSERT OR IGNORE: an outer statement's conflict clause would override it.
            inserts = " ".join(
                f"INSERT INTO playbook_touched SELECT {row}.{key}, '{table}' WHERE NOT EXISTS "
                f"(SELECT 1 FROM playbook_touched WHERE incident_id = {row}.{key} "
                f"AND tbl = '{table}');"
                for row in rows
            )
            db.execute(
                f"CREATE TEMP TRIGGER IF NOT EXISTS playbook_touch_{table}_{operation.lower()} "
                f"AFTER {operation} ON main.{table} BEGIN {inserts} END"
            )
    setattr(db, _ATTRIBUTE, _Pending())


def _pending(db: Database) -> _Pending | None:
    return getattr(db, _ATTRIBUTE, None)


def note_event(db: Database, incident_id: str, event_hash: str) -> None:
    """Remember an event just appended, to seal it if it is its incident's last at commit."""
    pending = _pending(db)
    if pending is not None:
        pending.events.setdefault(incident_id, set()).add(event_hash)


def note_head(db: Database, incident_id: str, seq: int, event_hash: str) -> None:
    """Have a head the transaction wrote without sealing (an imported incident) witnessed."""
    pending = _pending(db)
    if pending is not None:
        pending.witness.append((incident_id, seq, event_hash))


def table_digests(
    db: Database, incident_id: str, tables: tuple[str, ...] = SEALED_TABLES
) -> dict[str, str]:
    """The SHA-256 of each of `tables`' rows for one incident, in primary-key order."""
    return {table: _digest(db, table, incident_id) for table in tables}


def _digest(db: Database, table: str, incident_id: str) -> str:
    """SQLite writes each row as JSON (columns in name order, NULLs left out by `json_patch`),
    which is several times faster than building the same text in Python."""
    key = "id" if table == "incidents" else "incident_id"
    columns = sorted(column for column in db[table].columns_dict if column != "incident_id")
    pairs = ", ".join(f"'{column}', \"{column}\"" for column in columns)
    order = ", ".join(db.table(table).pks)
    digest = hashlib.sha256()
    for (text,) in db.execute(
        f"SELECT json_patch('{{}}', json_object({pairs})) FROM {table} WHERE {key} = ? "
        f"ORDER BY {order}",
        [incident_id],
    ):
        digest.update(text.encode())
        digest.update(b"\n")
    return digest.hexdigest()


def before_commit(db: Database) -> None:
    """Seal the last event the transaction appended to each incident."""
    pending = _pending(db)
    if pending is None or not pending.events:
        return
    for incident_id, appended in pending.events.items():
        row = _last_event(db, incident_id)
        if row is None or row["hash"] not in appended:
            continue  # what this transaction appended was rolled back to a savepoint
        touched = tuple(
            table
            for (table,) in db.execute(
                "SELECT tbl FROM temp.playbook_touched WHERE incident_id = ?", [incident_id]
            )
        )
        state = _previous_state(db, incident_id, row["seq"])
        tables = SEALED_TABLES if state is None else touched
        state = {**(state or {}), **table_digests(db, incident_id, tables)}
        row["state"] = canonical_json(state)
        row["hash"] = chain_hash(
            row["prev_hash"],
            incident_id=incident_id,
            seq=row["seq"],
            at=row["at"],
            author=row["author"],
            kind=row["kind"],
            data=json.loads(row["data"]),
            personal_sha256=row["personal_sha256"],
            state=state,
        )
        db.execute(
            "UPDATE events SET state = ?, hash = ? WHERE incident_id = ? AND seq = ?",
            [row["state"], row["hash"], incident_id, row["seq"]],
        )
        db.execute("DELETE FROM temp.playbook_touched WHERE incident_id = ?", [incident_id])
        pending.witness.append((incident_id, row["seq"], row["hash"]))
    pending.events.clear()


def _last_event(db: Database, incident_id: str) -> dict[str, Any] | None:
    cursor = db.execute(
        "SELECT * FROM events WHERE incident_id = ? ORDER BY seq DESC LIMIT 1", [incident_id]
    )
    values = cursor.fetchone()
    if values is None:
        return None
    return dict(zip([column[0] for column in cursor.description], values, strict=True))


def _previous_state(db: Database, incident_id: str, before_seq: int) -> dict[str, Any] | None:
    found = db.execute(
        "SELECT state FROM events WHERE incident_id = ? AND seq < ? AND state IS NOT NULL "
        "ORDER BY seq DESC LIMIT 1",
        [incident_id, before_seq],
    ).fetchone()
    return json.loads(found[0]) if found else None


def committed_heads(db: Database) -> list[tuple[str, int, str]]:
    """The heads the transaction that just committed wrote; forgets them."""
    pending = _pending(db)
    if pending is None:
        return []
    heads, pending.witness = pending.witness, []
    return heads


def discard(db: Database) -> None:
    """Forget what a transaction that rolled back appended."""
    pending = _pending(db)
    if pending is not None:
        pending.events.clear()
        pending.witness.clear()

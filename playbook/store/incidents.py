"""Incidents in the database: create, read, list, note, close, export and import."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from playbook.domain.errors import NotFound, PlaybookError, Refused
from playbook.domain.incident import Incident
from playbook.domain.vocabulary import REGIMES, STATUSES
from playbook.store import seal
from playbook.store.database import transaction
from playbook.store.events import append_event, head_dict, timeline_head, verify_incident
from playbook.store.schema import INCIDENT_TABLES
from playbook.store.values import stored_time, time_text, time_value

EXPORT_FORMAT = "playbook-incident"
EXPORT_VERSION = 1


def create_incident(
    db: Database,
    *,
    title: str,
    aware_at: datetime,
    now: datetime,
    author: str,
    discovered_at: datetime | None = None,
    occurred_at: datetime | None = None,
    reporter: str = "",
    regime: str = "uk_gdpr",
) -> Incident:
    """Open a new incident, numbered PB-<year>-<nnnn>, and start its timeline."""
    if not title.strip():
        raise Refused("An incident needs a title; give one with --title.")
    if regime not in REGIMES:
        raise Refused(f"The regime must be one of {', '.join(REGIMES)}.")
    with transaction(db):
        incident = Incident(
            id=_next_id(db, now.year),
            title=title.strip(),
            status="open",
            aware_at=aware_at,
            created_at=now,
            discovered_at=discovered_at,
            occurred_at=occurred_at,
            reporter=reporter,
            regime=regime,
        )
        db.table("incidents").insert(_row(incident))
        append_event(
            db,
            incident.id,
            "incident.created",
            author=author,
            at=now,
            data={
                "title": incident.title,
                "aware_at": time_text(aware_at),
                "discovered_at": time_text(discovered_at),
                "occurred_at": time_text(occurred_at),
                "regime": regime,
            },
            personal={"reporter": reporter} if reporter else None,
        )
    return incident


def get_incident(db: Database, incident_id: str) -> Incident:
    """The incident called `incident_id`."""
    rows = list(db["incidents"].rows_where("id = ?", [incident_id.upper()]))
    if not rows:
        raise NotFound(f"There is no incident {incident_id}; `playbook list` shows them.")
    return _incident(rows[0])


def list_incidents(db: Database, status: str | None = None) -> list[Incident]:
    """Every incident, newest first, optionally only those with `status`."""
    if status is not None and status not in STATUSES:
        raise Refused(f"The status must be one of {', '.join(STATUSES)}.")
    where, params = ("status = ?", [status]) if status else (None, [])
    rows = db["incidents"].rows_where(where, params, order_by="created_at DESC, id DESC")
    return [_incident(row) for row in rows]


def add_note(db: Database, incident_id: str, text: str, *, author: str, now: datetime) -> None:
    """Add a free-text note to the timeline."""
    if not text.strip():
        raise Refused("The note is empty; write what happened or what was done.")
    get_incident(db, incident_id)
    append_event(db, incident_id.upper(), "note", author=author, at=now, personal={"text": text})


def close_incident(
    db: Database,
    incident_id: str,
    lessons: str,
    *,
    author: str,
    now: datetime,
    outstanding: list[str] | None = None,
) -> Incident:
    """Close an open incident, recording the lessons learned and what was still open."""
    incident = get_incident(db, incident_id)
    if incident.status == "closed":
        raise Refused(f"{incident.id} is already closed.")
    if not lessons.strip():
        raise Refused("Closing needs the lessons learned; give them with --lessons.")
    data: dict[str, object] = {"lessons": lessons}
    if outstanding:
        data["outstanding"] = outstanding
    with transaction(db):
        append_event(db, incident.id, "incident.closed", author=author, at=now, data=data)
        db.table("incidents").update(
            incident.id, {"status": "closed", "closed_at": time_text(now), "lessons": lessons}
        )
    return get_incident(db, incident.id)


def reopen_incident(
    db: Database, incident_id: str, why: str, *, author: str, now: datetime
) -> Incident:
    """Reopen a closed incident, recording who and why."""
    incident = get_incident(db, incident_id)
    if incident.status != "closed":
        raise Refused(f"{incident.id} is open already.")
    with transaction(db):
        db.table("incidents").update(incident.id, {"status": "open", "closed_at": None})
        append_event(db, incident.id, "incident.reopened", author=author, at=now, data={"why": why})
    return get_incident(db, incident.id)


def export_incident(db: Database, incident_id: str) -> dict[str, Any]:
    """Everything stored about one incident, as plain values (the `export` format)."""
    incident = get_incident(db, incident_id)
    tables = {}
    for table in INCIDENT_TABLES:
        pks = db.table(table).pks
        rows = db.table(table).rows_where("incident_id = ?", [incident.id], order_by=", ".join(pks))
        tables[table] = [
            {key: value for key, value in row.items() if key != "incident_id"} for row in rows
        ]
    incident_row = db.table("incidents").get(incident.id)
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "incident": incident_row,
        "head": head_dict(db, incident.id),
        "tables": tables,
    }


def import_incident(db: Database, exported: dict[str, Any]) -> Incident:
    """Add an exported incident, all or nothing; refuse one whose id is already here, and one
    whose timeline, seal or head does not verify (nothing could remove it afterwards)."""
    if not isinstance(exported, dict) or exported.get("format") != EXPORT_FORMAT:
        raise Refused(
            "This file is not a playbook incident export; make one with `playbook export`."
        )
    if exported.get("version") != EXPORT_VERSION:
        raise Refused(
            f"This export is version {exported.get('version')}; this playbook reads version {EXPORT_VERSION}."
        )
    incident_row = exported.get("incident")
    tables = exported.get("tables", {})
    if not isinstance(incident_row, dict) or not isinstance(tables, dict):
        raise Refused("This export is missing its incident; make it again with `playbook export`.")
    incident_id = str(incident_row.get("id", ""))
    if db["incidents"].count_where("id = ?", [incident_id]):
        raise Refused(f"{incident_id} is already in this database; nothing was imported.")
    unknown = set(tables) - set(INCIDENT_TABLES)
    if unknown:
        raise Refused(
            f"This export has tables playbook does not know ({', '.join(sorted(unknown))})."
        )
    try:
        with transaction(db):
            db.table("incidents").insert(_known_columns(db, "incidents", incident_row))
            for table in INCIDENT_TABLES:
                rows = [
                    _known_columns(db, table, {**row, "incident_id": incident_id})
                    for row in tables.get(table, [])
                ]
                db.table(table).insert_all(rows)
            _check_imported(db, incident_id, exported.get("head"))
    except PlaybookError:
        raise
    except Exception as error:
        raise Refused(
            f"This export cannot be imported ({type(error).__name__}); nothing was imported."
        ) from error
    return get_incident(db, incident_id)


def _check_imported(db: Database, incident_id: str, head: object) -> None:
    """Refuse an imported incident that does not verify; have its head witnessed."""
    broken = verify_incident(db, incident_id)
    if broken:
        raise Refused(f"This export does not verify, so nothing was imported: {broken.sentence()}")
    last = timeline_head(db, incident_id)
    assert last is not None  # verify_incident refuses a timeline without events
    seq, event_hash = last
    if head is not None and head != {"seq": seq, "hash": event_hash}:
        raise Refused(
            "This export's head is not its last event (the file was edited after `playbook "
            "export` wrote it); nothing was imported."
        )
    seal.note_head(db, incident_id, seq, event_hash)


def _known_columns(db: Database, table: str, row: dict[str, Any]) -> dict[str, Any]:
    columns = db[table].columns_dict
    unknown = set(row) - set(columns)
    if unknown:
        raise Refused(
            f"This export has columns playbook does not know in {table} ({', '.join(sorted(unknown))})."
        )
    return {column: row.get(column) for column in columns}


def _next_id(db: Database, year: int) -> str:
    prefix = f"PB-{year}-"
    last = db.execute(
        "SELECT id FROM incidents WHERE id LIKE ? ORDER BY id DESC LIMIT 1", [prefix + "%"]
    ).fetchone()
    number = int(last[0].rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _row(incident: Incident) -> dict[str, str | None]:
    return {
        "id": incident.id,
        "title": incident.title,
        "status": incident.status,
        "aware_at": time_text(incident.aware_at),
        "discovered_at": time_text(incident.discovered_at),
        "occurred_at": time_text(incident.occurred_at),
        "reporter": incident.reporter,
        "regime": incident.regime,
        "created_at": time_text(incident.created_at),
        "closed_at": time_text(incident.closed_at),
        "lessons": incident.lessons,
    }


def _incident(row: dict[str, Any]) -> Incident:
    return Incident(
        id=row["id"],
        title=row["title"],
        status=row["status"],
        aware_at=stored_time(row["aware_at"]),
        created_at=stored_time(row["created_at"]),
        discovered_at=time_value(row["discovered_at"]),
        occurred_at=time_value(row["occurred_at"]),
        reporter=row["reporter"] or "",
        regime=row["regime"] or "uk_gdpr",
        closed_at=time_value(row["closed_at"]),
        lessons=row["lessons"] or "",
    )

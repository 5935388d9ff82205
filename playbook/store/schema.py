"""The schema, as sqlite-utils migrations: one function per change, never edited once landed.

Rows are keyed by the incident and a natural key (never a database-wide counter), so that an
incident exported from one database imports into another unchanged.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("playbook")

# Tables that belong to one incident, in the order an import must fill them.
INCIDENT_TABLES = (
    "events",
    "messages",
    "recipients",
    "attachments",
    "people",
    "facts",
    "assessments",
    "decisions",
    "checklist",
    "deliveries",
    "outgoing",
    "replies",
    "notices",
)


@MIGRATIONS()
def m001_initial(db: Database) -> None:
    """The incident log: incidents, their timeline, messages, people, facts and decisions."""
    db.table("incidents").create(
        {
            "id": str,
            "title": str,
            "status": str,
            "aware_at": str,
            "discovered_at": str,
            "occurred_at": str,
            "reporter": str,
            "regime": str,
            "created_at": str,
            "closed_at": str,
            "lessons": str,
        },
        pk="id",
        not_null={"title", "status", "aware_at", "created_at"},
    )
    db.table("events").create(
        {
            "incident_id": str,
            "seq": int,
            "at": str,
            "author": str,
            "kind": str,
            "data": str,
            "personal": str,
            "personal_sha256": str,
            "prev_hash": str,
            "hash": str,
        },
        pk=("incident_id", "seq"),
        foreign_keys=[("incident_id", "incidents", "id")],
        not_null={"at", "author", "kind", "data", "prev_hash", "hash"},
    )
    db.table("messages").create(
        {
            "incident_id": str,
            "position": int,
            "sender": str,
            "subject": str,
            "sent_at": str,
            "message_id": str,
            "source_name": str,
            "body_text": str,
            "imported_at": str,
            "is_sender_copy": int,
        },
        pk=("incident_id", "position"),
        foreign_keys=[("incident_id", "incidents", "id")],
    )
    db.table("recipients").create(
        {
            "incident_id": str,
            "address": str,
            "name": str,
            "field": str,
            "kind": str,
            "trust": str,
            "status": str,
            "how": str,
            "evidence": str,
            "message_position": int,
            "status_at": str,
            "requested_at": str,
        },
        pk=("incident_id", "address"),
        foreign_keys=[("incident_id", "incidents", "id")],
    )
    db.table("attachments").create(
        {
            "incident_id": str,
            "message_position": int,
            "number": int,
            "filename": str,
            "content_type": str,
            "size": int,
            "sha256": str,
            "rows": int,
            "columns": str,
            "categories": str,
            "fraud_enabling": int,
        },
        pk=("incident_id", "message_position", "number"),
        foreign_keys=[("incident_id", "incidents", "id")],
    )
    db.table("people").create(
        {
            "incident_id": str,
            "key": str,
            "name": str,
            "email": str,
            "data_items": str,
            "sources": str,
        },
        pk=("incident_id", "key"),
        foreign_keys=[("incident_id", "incidents", "id")],
    )
    db.table("facts").create(
        {
            "incident_id": str,
            "key": str,
            "value": str,
            "source": str,
            "set_by": str,
            "set_at": str,
        },
        pk=("incident_id", "key"),
        foreign_keys=[("incident_id", "incidents", "id")],
    )
    db.table("assessments").create(
        {
            "incident_id": str,
            "number": int,
            "at": str,
            "by": str,
            "outcome": str,
            "borderline": int,
            "reasons_for": str,
            "reasons_against": str,
            "missing": str,
            "exemption": str,
            "enisa": str,
            "facts": str,
        },
        pk=("incident_id", "number"),
        foreign_keys=[("incident_id", "incidents", "id")],
    )
    db.table("decisions").create(
        {
            "incident_id": str,
            "number": int,
            "about": str,
            "notify": int,
            "why": str,
            "by": str,
            "at": str,
            "exemption": str,
            "late_reason": str,
            "reference": str,
            "phase": str,
            "against_recommendation": int,
        },
        pk=("incident_id", "number"),
        foreign_keys=[("incident_id", "incidents", "id")],
    )
    db.table("checklist").create(
        {
            "incident_id": str,
            "key": str,
            "state": str,
            "at": str,
            "by": str,
            "note": str,
        },
        pk=("incident_id", "key"),
        foreign_keys=[("incident_id", "incidents", "id")],
    )
    db.table("deliveries").create(
        {
            "incident_id": str,
            "template": str,
            "address": str,
            "message_id": str,
            "state": str,
            "at": str,
        },
        pk=("incident_id", "template", "address"),
        foreign_keys=[("incident_id", "incidents", "id")],
    )
    db.table("incidents").create_index(["created_at", "id"])


@MIGRATIONS()
def m002_import_findings(db: Database) -> None:
    """What an import found beyond the headers: warnings, suggestions, and who was exposed."""
    db.table("messages").add_column("format", str)
    db.table("messages").add_column("relation", str)
    db.table("messages").add_column("warnings", str)
    db.table("messages").add_column("suggestions", str)
    db.table("recipients").add_column("exposed", int, not_null_default=0)


@MIGRATIONS()
def m003_assessment_alternative(db: Database) -> None:
    """A borderline assessment's alternative: the other outcome it could reasonably reach."""
    db.table("assessments").add_column("alternative", str)


@MIGRATIONS()
def m004_assessment_model(db: Database) -> None:
    """The assessment's severity and likelihood, its summary, and the regime and role it was
    made for; a decision about the people may record a s.68(7) restriction and its review."""
    for column in ("severity", "likelihood", "summary", "regime", "role"):
        db.table("assessments").add_column(column, str)
    db.table("decisions").add_column("restriction", str)
    db.table("decisions").add_column("restriction_review", str)


@MIGRATIONS()
def m005_event_seal(db: Database) -> None:
    """The seal: the last event of each change holds the SHA-256 of each of its incident's tables."""
    db.table("events").add_column("state", str)


@MIGRATIONS()
def m006_people_linked(db: Database) -> None:
    """Whether a person's email came from a recipient of the same name (domain.linking)."""
    db.table("people").add_column("linked", int, not_null_default=0)


@MIGRATIONS()
def m007_delivery_evidence(db: Database) -> None:
    """Who received it and who answered: each recipient's delivery state (and the list it came
    through), the Message-IDs of our own requests and chasers, and the replies matched to them."""
    db.table("recipients").add_column("delivery", str, not_null_default="unknown")
    db.table("recipients").add_column("under", str, not_null_default="")
    db.table("recipients").add_column("email_bounced", int, not_null_default=0)
    db.table("outgoing").create(
        {"incident_id": str, "message_id": str, "address": str, "template": str, "at": str},
        pk=("incident_id", "message_id"),
        foreign_keys=[("incident_id", "incidents", "id")],
    )
    db.table("replies").create(
        {
            "incident_id": str,
            "message_id": str,
            "address": str,
            "kind": str,
            "matched_by": str,
            "at": str,
            "read_at": str,
            "first_lines": str,
            "confirmed": int,
        },
        pk=("incident_id", "message_id"),
        foreign_keys=[("incident_id", "incidents", "id")],
        defaults={"confirmed": 0},
    )
    db.table("replies").create_index(["incident_id", "address"])


@MIGRATIONS()
def m008_people_contacts(db: Database) -> None:
    """Each person's postal address (its lines joined by newlines) and phone number, from the
    attachment rows, so that someone without an email can be written to or called. NULL when
    not known, so the rows stored before keep their seal."""
    db.table("people").add_column("postal_address", str)
    db.table("people").add_column("phone", str)


@MIGRATIONS()
def m009_notice_states(db: Database) -> None:
    """What happened to each affected person's notice: emailed, posted, phoned, not reachable or
    not told, with the reason or the note of the call; every record kept, the latest counts."""
    db.table("notices").create(
        {
            "incident_id": str,
            "number": int,
            "person_key": str,
            "state": str,
            "reason": str,
            "note": str,
            "by": str,
            "at": str,
        },
        pk=("incident_id", "number"),
        foreign_keys=[("incident_id", "incidents", "id")],
        not_null={"person_key", "state", "by", "at"},
    )
    db.table("notices").create_index(["incident_id", "person_key", "number"])

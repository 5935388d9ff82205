"""Import a sent message into an incident: read the file, then write everything in one transaction.

Reading the headers and finding the parts happens before the write lock is taken, and refuses
what is not a message. Then one `transaction(db)` streams the recipients and the attachments'
people into the database, one piece at a time (a sender's copy may list 100,000, and the file
is never held whole), and writes the message, its attachments, the detected facts and the
timeline event; a failed import leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from email.utils import parseaddr
from functools import partial
from pathlib import Path

from sqlite_utils import Database

from playbook.config import Config
from playbook.domain.errors import Refused
from playbook.domain.exposure import (
    PeopleIndex,
    message_relation,
    shown_to_others,
)
from playbook.domain.incident import Attachment
from playbook.intake.detected_facts import record_detected_facts
from playbook.mail.addresses import KindClassifier, domain_of
from playbook.mail.attachments import ScanLimits, ScannedAttachment
from playbook.mail.body import Suggestion
from playbook.mail.parsed import ParsedMessage
from playbook.mail.reader import READ_SHARE, RECIPIENTS_SHARE, read_message_file, scan_message
from playbook.runtime.progress import ProgressBar
from playbook.store.database import transaction
from playbook.store.events import append_event
from playbook.store.incidents import get_incident
from playbook.store.messages import (
    add_attachments,
    add_recipients,
    count_new_staged,
    exposure_summary,
    first_sender,
    insert_message,
    is_staged,
    message_positions,
    next_position,
    stage_recipients,
    staged_recipients,
    unstage_recipient,
    update_message,
)
from playbook.store.people import StoredPeople, link_people_to_recipients

# What an address shown in To or Cc exposes: itself, and the display name beside it.
_EXPOSED_ITEMS = {False: frozenset({"email"}), True: frozenset({"email", "name"})}


@dataclass(frozen=True)
class ImportReport:
    """What one import did: where the message went, what it added, and what could not be read.

    Counts after `exposed_addresses` are the incident's totals once the import is written.
    """

    incident_id: str
    position: int
    format: str
    relation: str
    new_message: bool
    recipients: int
    new_recipients: int
    attachments: int
    bcc_known: bool | None
    exposed_addresses: int
    people: int
    records: int
    warnings: list[str] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)


class _ProgressFeed:
    """Turns fractions of the whole import into steps of a Progress bar of 100 steps."""

    def __init__(self, progress: ProgressBar | None) -> None:
        self.progress = progress

    def __call__(self, fraction: float) -> None:
        if self.progress is None:
            return
        target = int(100 * min(max(fraction, 0.0), 1.0))
        if target > self.progress.done:
            self.progress.advance(target - self.progress.done)

    def __enter__(self) -> _ProgressFeed:
        return self

    def __exit__(self, *_: object) -> None:
        """Finish the bar: full after an import, where it stood after a refusal."""
        if self.progress is not None:
            self.progress.finish()


def read_for_import(
    path: Path, *, config: Config, progress: ProgressBar | None = None
) -> ParsedMessage:
    """Read the headers and find the parts of the file at `path` (no database access); refuse
    what is not a message. The attachments are scanned as the import is written."""
    parsed = read_message_file(
        Path(path), limits=ScanLimits.from_megabytes(config.max_attachment_mb)
    )
    _ProgressFeed(progress)(READ_SHARE)
    return parsed


def import_file(
    db: Database,
    incident_id: str,
    path: Path,
    *,
    config: Config,
    author: str,
    now: datetime,
    progress: ProgressBar | None = None,
) -> ImportReport:
    """Import the message in `path` into the incident; all of it or, on refusal, nothing.

    `progress` is an optional `playbook.runtime.progress.Progress` of 100 steps, finished on return.
    """
    get_incident(db, incident_id)
    parsed = read_for_import(path, config=config, progress=progress)
    return write_import(
        db, incident_id, parsed, config=config, author=author, now=now, progress=progress
    )


def write_import(
    db: Database,
    incident_id: str,
    parsed: ParsedMessage,
    *,
    config: Config,
    author: str,
    now: datetime,
    progress: ProgressBar | None = None,
) -> ImportReport:
    """Write a read message into the incident in one transaction and record what it shows.

    The recipients are split and the attachments scanned here, streamed into the database.
    `progress` (optional, 100 steps) is finished on return, and on refusal where it stood.
    """
    with _ProgressFeed(progress) as feed:
        incident = get_incident(db, incident_id)
        if incident.status == "closed":
            raise Refused(f"{incident.id} is closed; open a new incident for a new disclosure.")
        with transaction(db):
            plan = _plan(db, incident.id, parsed)
            reached = stage_recipients(db, parsed.recipients)
            if plan.leave_out:
                reached = unstage_recipient(db, plan.leave_out)
            new_recipients = count_new_staged(db, incident.id)
            if not plan.new_message and not new_recipients:
                raise Refused(
                    f"Everything in this file is already imported (message {plan.position} of "
                    f"{incident.id}) and it adds no recipients; nothing was imported."
                )
            feed(RECIPIENTS_SHARE)
            internal = [*config.internal_domains, domain_of(plan.organisation_address)]
            classify = KindClassifier(domain for domain in internal if domain).kind
            add_recipients(
                db,
                incident.id,
                plan.position,
                (
                    (address, name, field_, classify(address), shown_to_others(field_, reached))
                    for address, name, field_ in staged_recipients(db)
                ),
            )
            people = PeopleIndex(StoredPeople(db, incident.id))
            source = f"message {plan.position}"
            _add_exposed_people(db, people, source, classify, reached)
            if plan.new_message:
                scan_message(
                    parsed,
                    people=people,
                    source=source,
                    is_recipient=partial(is_staged, db),
                    limits=ScanLimits.from_megabytes(config.max_attachment_mb),
                    today=now.date(),
                    on_progress=feed,
                )
            people.flush()
            link_people_to_recipients(db, incident.id)
            if parsed.format != "address_list" and not reached:
                parsed.warnings.append(no_recipients_warning(parsed))
            _write_message(db, incident.id, plan, parsed, now)
            if plan.new_message:
                add_attachments(
                    db,
                    incident.id,
                    plan.position,
                    ((scanned.number, _attachment(scanned)) for scanned in parsed.attachments),
                )
            summary = exposure_summary(db, incident.id)
            append_event(
                db,
                incident.id,
                "message.imported",
                author=author,
                at=now,
                data={
                    "position": plan.position,
                    "format": parsed.format,
                    "relation": plan.relation,
                    "new_message": plan.new_message,
                    "recipients": reached,
                    "new_recipients": new_recipients,
                    "attachments": len(parsed.attachments) if plan.new_message else 0,
                    "bcc_known": parsed.bcc_known,
                    "exposed_addresses": summary.exposed_addresses,
                    "people": summary.people,
                    "records": summary.records,
                    "warnings": parsed.warnings,
                },
                personal={
                    "file": parsed.source_name,
                    "sender": parsed.sender,
                    "subject": parsed.subject,
                },
            )
            facts = record_detected_facts(db, incident.id, summary, author=author, now=now)
        feed(1.0)
        return ImportReport(
            incident_id=incident.id,
            position=plan.position,
            format=parsed.format,
            relation=plan.relation,
            new_message=plan.new_message,
            recipients=reached,
            new_recipients=new_recipients,
            attachments=len(parsed.attachments) if plan.new_message else 0,
            bcc_known=parsed.bcc_known,
            exposed_addresses=summary.exposed_addresses,
            people=summary.people,
            records=summary.records,
            warnings=list(parsed.warnings),
            suggestions=list(parsed.suggestions),
            facts=facts,
        )


def no_recipients_warning(parsed: ParsedMessage) -> str:
    """Why a message shows no one it reached, in words that fit what the file holds."""
    if getattr(parsed.recipients, "unreadable", 0):
        return (
            "No entry of the message's To, Cc and Bcc lines is an email address, so it shows no "
            "recipients; import the sender's copy or a mail trace to list them."
        )
    if parsed.format == "msg":
        return (
            "The Outlook item lists no recipients (it was never sent, or it is a received copy "
            "whose recipients were all in Bcc); import the sender's copy or a mail trace."
        )
    return (
        "The message shows no recipients (they were all in Bcc, or it is a received copy); "
        "import the sender's copy or a mail trace to list them."
    )


def _add_exposed_people(
    db: Database,
    people: PeopleIndex,
    source: str,
    classify: Callable[[str], str],
    reached: int,
) -> None:
    """The personal addresses this message showed to others are affected people."""
    if not shown_to_others("to", reached):
        return  # it reached one address, shown to nobody else
    for address, name, field_ in staged_recipients(db, ("to", "cc")):
        if shown_to_others(field_, reached) and classify(address) == "external_personal":
            people.add(email=address, name=name, items=_EXPOSED_ITEMS[bool(name)], source=source)


@dataclass
class _Plan:
    """Where a read message goes: a new position, or more recipients for a stored one.

    `leave_out` is an address not to count as a recipient (the sender, in a delivery report).
    """

    position: int
    new_message: bool
    relation: str
    organisation_address: str
    leave_out: str = ""


def _plan(db: Database, incident_id: str, parsed: ParsedMessage) -> _Plan:
    positions = message_positions(db, incident_id)
    first = parseaddr(first_sender(db, incident_id))[1] or parsed.sender_address
    stored_position = positions.get(parsed.message_id) if parsed.message_id else None
    if parsed.format == "address_list" and next_position(db, incident_id) > 1:
        # A recall or delivery report about the first message: add whoever it reached.
        return _Plan(1, False, "address_list", first, leave_out=first)
    if stored_position is not None:  # the sender's copy of a message imported as received
        return _Plan(stored_position, False, "original", first)
    position = next_position(db, incident_id)
    if parsed.format == "address_list":
        relation = "address_list"
    elif position == 1:
        relation = "original"
    else:
        relation = message_relation(parsed.subject, parsed.references, positions)
    return _Plan(position, True, relation, first)


def _write_message(
    db: Database, incident_id: str, plan: _Plan, parsed: ParsedMessage, now: datetime
) -> None:
    suggestions = [asdict(suggestion) for suggestion in parsed.suggestions]
    if plan.new_message:
        insert_message(
            db,
            incident_id,
            {
                "position": plan.position,
                "sender": parsed.sender,
                "subject": parsed.subject,
                "sent_at": parsed.sent_at,
                "message_id": parsed.message_id,
                "source_name": parsed.source_name,
                "body_text": parsed.body_text,
                "imported_at": now,
                "is_sender_copy": None if parsed.bcc_known is None else int(parsed.bcc_known),
                "format": parsed.format,
                "relation": plan.relation,
                "warnings": parsed.warnings,
                "suggestions": suggestions,
            },
        )
    elif parsed.bcc_known:
        update_message(db, incident_id, plan.position, {"is_sender_copy": 1})


def _attachment(scanned: ScannedAttachment) -> Attachment:
    return Attachment(
        filename=scanned.filename,
        content_type=scanned.content_type,
        size=scanned.size,
        sha256=scanned.sha256,
        rows=scanned.rows,
        columns=scanned.columns,
        categories=scanned.categories,
        fraud_enabling=scanned.fraud_enabling,
    )

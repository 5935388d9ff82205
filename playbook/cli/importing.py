"""`playbook import ID FILE`: add a sent message (a reply-all, a forward, a trace) to an incident.

Also the JSON and text that `new --from` and `show` print about imported messages. Email
parsing and the store are imported inside the functions, so `playbook list` stays fast.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playbook.cli.context import Context
from playbook.cli.output import facts_json, iso, print_json
from playbook.domain.text import visible

if TYPE_CHECKING:
    from sqlite_utils import Database

    from playbook.domain.incident import Attachment
    from playbook.intake.importing import ImportReport
    from playbook.runtime.progress import Progress

PROGRESS_FROM_BYTES = 1024 * 1024  # files this big show a progress bar on a terminal
BCC_UNKNOWN = (
    "unknown: this copy does not show Bcc (a received copy never does); import the "
    "sender's copy or a mail trace to add them"
)


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the import command."""
    command = subcommands.add_parser(
        "import",
        help="add a sent message to an incident (.eml, .msg, or a text list of addresses)",
        description="Import a message into an incident: a reply-all or forward that widened "
        "it, the sender's copy showing Bcc, or a recall or delivery report listing addresses.",
    )
    command.add_argument("id", metavar="ID")
    command.add_argument("file", metavar="FILE", help="an .eml, an Outlook .msg, or a .txt list")
    command.add_argument("--by", metavar="NAME", help="who is importing it")
    command.add_argument("--json", action="store_true", help="print what was imported as JSON")
    command.set_defaults(handler=run_import)


def run_import(ctx: Context) -> int:
    """Import one file into an existing incident."""
    from playbook.intake.importing import import_file
    from playbook.store.incidents import get_incident

    incident = get_incident(ctx.db, ctx.args.id)
    path = Path(ctx.args.file)
    report = import_file(
        ctx.db,
        incident.id,
        path,
        config=ctx.config,
        author=ctx.author,
        now=ctx.now,
        progress=progress_for(path),
    )
    if ctx.args.json:
        print_json(report_json(report))
    else:
        print("\n".join(report_lines(report)))
    return 0


def progress_for(path: Path) -> Progress | None:
    """A progress bar for a large file (drawn only on a terminal), or None."""
    from playbook.runtime.progress import Progress

    try:
        size = path.stat().st_size
    except OSError:
        return None
    return Progress("Importing", 100) if size >= PROGRESS_FROM_BYTES else None


def report_json(report: ImportReport) -> dict[str, Any]:
    """An ImportReport as stable JSON keys."""
    values = asdict(report)
    values["suggestions"] = [asdict(suggestion) for suggestion in report.suggestions]
    return values


def report_lines(report: ImportReport) -> list[str]:
    """An ImportReport for people."""
    what = {
        "original": "the original message",
        "reply": "a reply: a further disclosure",
        "forward": "a forward: a further disclosure",
        "other": "a later message",
        "address_list": "a list of addresses",
    }[report.relation]
    head = (
        f"Imported message {report.position} into {report.incident_id} ({what})."
        if report.new_message
        else f"Added {report.new_recipients:,} recipients to message {report.position} of "
        f"{report.incident_id}."
    )
    lines = [
        head,
        f"  recipients   {report.recipients:,} ({report.new_recipients:,} new)",
        f"  attachments  {report.attachments}",
        f"  exposed      {report.exposed_addresses:,} personal addresses shown to other recipients",
        f"  people       {report.people:,} affected, {report.records:,} records",
    ]
    if report.bcc_known is False:
        lines.append(f"  Bcc          {BCC_UNKNOWN}")
    if report.facts:
        lines.append(
            f"  detected     {', '.join(report.facts)} (confirm them: playbook assess "
            f"{report.incident_id})"
        )
    lines += _listed("Warnings", report.warnings)
    lines += _listed(
        "Suggestions to confirm",
        [f"{s.fact}: {s.value} ({s.reason})" for s in report.suggestions],
    )
    return lines


def _listed(title: str, entries: list[str]) -> list[str]:
    return [f"{title}:", *(f"  - {visible(entry)}" for entry in entries)] if entries else []


def import_json(db: Database, incident_id: str) -> dict[str, object]:
    """The imported parts of an incident, as `show --json` prints them."""
    from playbook.store.facts import load_facts
    from playbook.store.messages import (
        exposure_summary,
        load_findings,
        load_messages,
        load_recipients,
    )
    from playbook.store.people import linked_people

    findings = {found.position: found for found in load_findings(db, incident_id)}
    summary = exposure_summary(db, incident_id)
    messages = load_messages(db, incident_id)
    return {
        "messages": [
            {
                "position": message.position,
                "subject": message.subject,
                "sender": message.sender,
                "sent_at": iso(message.sent_at),
                "message_id": message.message_id,
                "format": findings[message.position].format,
                "relation": findings[message.position].relation,
                "bcc_known": findings[message.position].bcc_known,
                "attachments": len(message.attachments),
            }
            for message in messages
        ],
        "recipients": [
            {
                "address": recipient.address,
                "name": recipient.name,
                "field": recipient.field,
                "kind": recipient.kind,
                "trust": recipient.trust,
                "status": recipient.status,
                "message": recipient.message_position,
            }
            for recipient in load_recipients(db, incident_id)
        ],
        "exposed_addresses": summary.exposed_addresses,
        "people": summary.people,
        "people_linked": linked_people(db, incident_id),
        "records": summary.records,
        "attachments": [
            {"message": message.position, **_attachment_json(attachment)}
            for message in messages
            for attachment in message.attachments
        ],
        "facts": facts_json(load_facts(db, incident_id)),
        "warnings": [
            f"message {found.position}: {warning}"
            for found in findings.values()
            for warning in found.warnings
        ],
        "suggestions": [
            {"message": found.position, **suggestion}
            for found in findings.values()
            for suggestion in found.suggestions
        ],
    }


def _attachment_json(attachment: Attachment) -> dict[str, object]:
    return {
        "filename": attachment.filename,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "rows": attachment.rows,
        "columns": list(attachment.columns),
        "categories": list(attachment.categories),
        "fraud_enabling": attachment.fraud_enabling,
    }


def _linked_text(linked: int) -> str:
    if not linked:
        return ""
    who = "1 of them" if linked == 1 else f"{linked:,} of them"
    return f"; {who} found in an attachment and reached at a recipient's address of the same name"


def import_lines(db: Database, incident_id: str, zone: tzinfo) -> list[str]:
    """The imported parts of an incident for people (`show`): messages, counts, files, checks."""
    from collections import Counter

    from playbook.domain.clock import format_local
    from playbook.domain.labels import fact_text
    from playbook.store.facts import load_facts
    from playbook.store.messages import (
        exposure_summary,
        load_findings,
        load_messages,
        load_recipients,
    )
    from playbook.store.people import linked_people

    messages = load_messages(db, incident_id)
    if not messages:
        return ["", f"No message imported yet: playbook import {incident_id} FILE"]
    findings = {found.position: found for found in load_findings(db, incident_id)}
    summary = exposure_summary(db, incident_id)
    kinds = Counter(recipient.kind for recipient in load_recipients(db, incident_id))
    lines = ["", "Messages"]
    for message in messages:
        found = findings[message.position]
        sent = format_local(message.sent_at, zone) if message.sent_at else "time unknown"
        lines.append(
            f"  {message.position}  {found.relation:<12} {sent}  {visible(message.subject) or '(no subject)'}"
        )
        if found.bcc_known is False:
            lines.append(f"     Bcc {BCC_UNKNOWN}")
    kind_text = ", ".join(
        f"{count:,} {kind.replace('_', ' ')}" for kind, count in sorted(kinds.items())
    )
    lines += [
        f"Recipients   {summary.recipients:,} ({kind_text})",
        f"Exposed      {summary.exposed_addresses:,} personal addresses shown to other recipients",
        f"People       {summary.people:,} affected, {summary.records:,} records"
        + _linked_text(linked_people(db, incident_id)),
    ]
    attachments = [
        (m.position, number, a) for m in messages for number, a in enumerate(m.attachments, 1)
    ]
    if attachments:
        lines.append("Attachments")
        for position, number, attachment in attachments:
            categories = ", ".join(attachment.categories) or "no personal data found"
            fraud = ", fraud-enabling" if attachment.fraud_enabling else ""
            lines.append(
                f"  {position}.{number}  {visible(attachment.filename)}  {attachment.rows:,} rows  {categories}{fraud}"
            )
    facts = load_facts(db, incident_id)
    if facts:
        lines.append("Facts")
        for key, fact in facts.items():
            mark = "" if fact.confirmed else "  (detected: confirm with playbook assess)"
            lines.append(f"  {key:<18} {fact_text(fact.value)}{mark}")
    warnings = [f"message {f.position}: {w}" for f in findings.values() for w in f.warnings]
    suggestions = [
        f"{s['fact']}: {s['value']} ({s['reason']})"
        for f in findings.values()
        for s in f.suggestions
    ]
    return [*lines, *_listed("Warnings", warnings), *_listed("Suggestions to confirm", suggestions)]

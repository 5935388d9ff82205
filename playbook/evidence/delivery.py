"""Recording delivery evidence: who actually received the incident's messages.

`record_evidence` reads trace exports, tracking logs, mail server logs, delivery status
notifications and recall reports (`playbook.mail.trace`, `playbook.mail.dsn`), keeps only the
rows about the incident's own messages, and records each recipient's delivery state in one
transaction; then exposure, the people, the records and the `deletion` fact follow.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import message_from_bytes
from email.utils import parseaddr
from pathlib import Path

from sqlite_utils import Database

from playbook.assessing.facts import record_facts
from playbook.config import Config
from playbook.domain.containment import deletion_from_groups
from playbook.domain.delivery import DELIVERY_STATES, STRENGTH, stronger
from playbook.domain.errors import PlaybookError, Refused
from playbook.domain.incident import Message
from playbook.intake.detected_facts import record_detected_facts
from playbook.mail.addresses import KindClassifier, domain_of
from playbook.mail.dsn import read_report
from playbook.mail.trace import ColumnMapping, TraceRow, normal_id, read_trace, row_time
from playbook.runtime.progress import ProgressBar
from playbook.store.database import transaction
from playbook.store.events import append_event
from playbook.store.evidence import (
    add_evidence_recipients,
    apply_deliveries,
    delivery_state_counts,
    recipient_fields,
    status_groups,
)
from playbook.store.facts import load_facts
from playbook.store.incidents import get_incident
from playbook.store.messages import (
    ExposureSummary,
    exposure_summary,
    load_messages,
)

# How far a row without a Message-ID may be from the message's sent time and still match.
TIME_WINDOW = timedelta(hours=24)
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]")


@dataclass(frozen=True)
class EvidenceReport:
    """What one run recorded: rows read and kept, states now, recipients added, warnings."""

    incident_id: str
    formats: tuple[str, ...]
    rows: int
    other_rows: int
    changed: int
    added: int
    states: dict[str, int]
    summary: ExposureSummary
    facts: dict[str, object]
    warnings: list[str] = field(default_factory=list)


def mapping_from(config: Config) -> ColumnMapping:
    """The config's `[trace]` column mapping."""
    trace = config.trace
    return ColumnMapping(
        recipient=trace.recipient,
        status=trace.status,
        message_id=trace.message_id,
        sender=trace.sender,
        subject=trace.subject,
        time=trace.time,
        states=trace.states,
    )


def record_evidence(
    db: Database,
    incident_id: str,
    files: Sequence[Path],
    *,
    config: Config,
    author: str,
    now: datetime,
    progress: Callable[[str, int], ProgressBar] | None = None,
) -> EvidenceReport:
    """Read the evidence files and record each recipient's delivery state, all or nothing."""
    incident = get_incident(db, incident_id)
    if incident.status == "closed":
        raise Refused(f"{incident.id} is closed; reopen it before adding evidence.")
    messages = load_messages(db, incident.id)
    if not messages:
        raise Refused(
            f"{incident.id} has no messages yet; import the sent message first, then its evidence."
        )
    matcher = _Matcher(messages)
    formats: list[str] = []
    # Counted in bytes, advanced every few thousand rows: one trace may hold 100,000.
    shown = progress("Reading evidence", _total_size(files)) if progress else None
    try:
        for path in files:
            formats.append(_read_file(path, config, matcher, shown))
    finally:
        if shown:
            shown.finish()
    if not matcher.states:
        if matcher.other_rows:
            raise Refused(
                f"The evidence is about other messages: none of its {matcher.other_rows:,} rows "
                f"has the Message-ID of a message in {incident.id}; nothing was recorded."
            )
        raise Refused("The evidence holds no rows about any recipient; nothing was recorded.")
    return _write(db, incident.id, matcher, formats, config=config, author=author, now=now)


class _Matcher:
    """Keeps the rows about the incident's messages, each recipient's strongest state."""

    def __init__(self, messages: Sequence[Message]) -> None:
        self.ids = {normal_id(m.message_id) for m in messages if m.message_id}
        self.messages = messages
        self.senders = {parseaddr(m.sender)[1].lower() for m in messages if m.sender}
        self.states: dict[str, str] = {}
        self.under: dict[str, str] = {}
        self.report_addresses: set[str] = set()
        self.rows = 0
        self.other_rows = 0
        self.loosely_matched = 0
        self._seen_ids: dict[str, bool] = {}

    def add_rows(self, rows: Iterable[TraceRow], *, from_report: bool = False) -> None:
        """Keep the rows about one of the incident's messages (a trace may hold 100,000)."""
        states, under, seen_ids, ids = self.states, self.under, self._seen_ids, self.ids
        kept = 0
        for row in rows:
            address, state, message_id = row[0], row[1], row[2]
            if message_id:
                ours = seen_ids.get(message_id)
                if ours is None:
                    ours = seen_ids[message_id] = normal_id(message_id) in ids
                if not ours:
                    self.other_rows += 1
                    continue
            elif self._loosely_ours(row):
                self.loosely_matched += 1
            else:
                self.other_rows += 1
                continue
            kept += 1
            current = states.get(address)
            states[address] = state if current is None else stronger(current, state)
            if row.under:
                under[address] = row.under
            if from_report:
                self.report_addresses.add(address)
        self.rows += kept

    def _loosely_ours(self, row: TraceRow) -> bool:
        """No Message-ID: the same sender or subject, and a time near a message's (if given)."""
        subject = _plain_subject(row.subject)
        sender = parseaddr(row.sender)[1].lower()
        at = row_time(row)
        for message in self.messages:
            same_subject = bool(subject) and subject == _plain_subject(message.subject)
            same_sender = bool(sender) and sender == parseaddr(message.sender)[1].lower()
            if not (same_subject or same_sender):
                continue
            if at is None or message.sent_at is None or abs(at - message.sent_at) <= TIME_WINDOW:
                return True
        return False


def _plain_subject(subject: str) -> str:
    return " ".join(subject.casefold().split())


def _total_size(files: Sequence[Path]) -> int:
    total = 0
    for path in files:
        with contextlib.suppress(OSError):  # reading it says why
            total += path.stat().st_size
    return total


def _read_file(
    path: Path, config: Config, matcher: _Matcher, shown: ProgressBar | None = None
) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PlaybookError(
            f"{path} cannot be read ({error.strerror}); nothing was recorded."
        ) from error
    if _HEADER_LINE.match(data[:200]):
        message = message_from_bytes(data)
        report = read_report(message)
        if report is None:
            raise Refused(
                f"{path.name} is an email, but not a delivery report or a recall report; import "
                "a sent message with `playbook import`. Nothing was recorded."
            )
        message_id = next(
            (mid for mid in report.original_ids if normal_id(mid) in matcher.ids),
            report.original_ids[0] if report.original_ids else "",
        )
        matcher.add_rows(
            (
                TraceRow(address, state, message_id, "", report.original_subject)
                for address, state in report.recipients
            ),
            from_report=True,
        )
        if shown:
            shown.advance(len(data))
        return report.kind
    fmt, rows = read_trace(data, mapping_from(config))
    matcher.add_rows(rows if shown is None else _advancing(rows, shown, data))
    return fmt


def _advancing(rows: Iterable[TraceRow], shown: ProgressBar, data: bytes) -> Iterator[TraceRow]:
    """The rows, moving the progress bar on by their share of the file's bytes as they go."""
    step = 4096
    per_step = len(data) * step // max(data.count(b"\n"), 1)
    advanced = 0
    for number, row in enumerate(rows, start=1):
        if number % step == 0 and advanced + per_step <= len(data):
            shown.advance(per_step)
            advanced += per_step
        yield row
    shown.advance(len(data) - advanced)


def _write(
    db: Database,
    incident_id: str,
    matcher: _Matcher,
    formats: list[str],
    *,
    config: Config,
    author: str,
    now: datetime,
) -> EvidenceReport:
    warnings: list[str] = []
    if matcher.loosely_matched:
        warnings.append(
            f"{matcher.loosely_matched:,} rows had no Message-ID and were matched by sender, "
            "subject and time; check they are about this incident's message."
        )
    if matcher.other_rows:
        warnings.append(f"{matcher.other_rows:,} rows about other messages were left out.")
    lists = [address for address, state in matcher.states.items() if state == "expanded"]
    internal = [*config.internal_domains, *(domain_of(sender) for sender in matcher.senders)]
    classify = KindClassifier(domain for domain in internal if domain).kind
    with transaction(db):
        changed, missing = apply_deliveries(db, incident_id, matcher.states.items(), STRENGTH)
        fields = recipient_fields(db, incident_id, {*lists, *matcher.under.values()})
        added: list[tuple[str, str, str, str, str]] = []
        never_written = 0
        for address, state in missing:
            if address in matcher.senders:
                continue  # the sender's own copy
            if address in matcher.report_addresses:
                never_written += 1
                continue
            under = matcher.under.get(address) or (lists[0] if len(lists) == 1 else "")
            added.append((address, fields.get(under, "bcc"), classify(address), under, state))
        add_evidence_recipients(db, incident_id, added)
        if never_written:
            warnings.append(
                f"{never_written:,} reports name addresses the message was never sent to; they "
                "were left out."
            )
        members = sum(1 for entry in added if entry[3])
        if members:
            warnings.append(f"{members:,} members of a distribution list were added as recipients.")
        if len(added) > members:
            warnings.append(
                f"{len(added) - members:,} addresses the trace shows receiving it were not among the "
                "recipients; they were added as Bcc (a trace proves who got it)."
            )
        states = _state_counts(db, incident_id)
        append_event(
            db,
            incident_id,
            "delivery.evidence",
            author=author,
            at=now,
            data={
                "formats": sorted(set(formats)),
                "rows": matcher.rows,
                "other_rows": matcher.other_rows,
                "changed": changed,
                "added": len(added),
                "states": states,
                "warnings": warnings,
            },
        )
        summary = exposure_summary(db, incident_id)
        facts = record_detected_facts(db, incident_id, summary, author=author, now=now)
        facts.update(_follow_deletion(db, incident_id, author, now))
    return EvidenceReport(
        incident_id=incident_id,
        formats=tuple(dict.fromkeys(formats)),
        rows=matcher.rows,
        other_rows=matcher.other_rows,
        changed=changed,
        added=len(added),
        states=states,
        summary=summary,
        facts=facts,
        warnings=warnings,
    )


def _state_counts(db: Database, incident_id: str) -> dict[str, int]:
    found = delivery_state_counts(db, incident_id)
    return {state: found.get(state, 0) for state in DELIVERY_STATES}


def _follow_deletion(
    db: Database, incident_id: str, author: str, now: datetime
) -> dict[str, object]:
    """Derive `deletion` again: only copies that arrived count, a recalled copy is deleted."""
    current = load_facts(db, incident_id).get("deletion")
    derived = deletion_from_groups(status_groups(db, incident_id))
    if derived is None or (current is not None and current.value == derived):
        return {}
    if current is None and derived == "unknown":
        return {}
    return record_facts(
        db, incident_id, {"deletion": derived}, source="confirmed", author=author, at=now
    )

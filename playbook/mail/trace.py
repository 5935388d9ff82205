"""Reading delivery evidence exports: message traces, tracking logs and mail server log lines.

Each reader turns one file into `TraceRow`s: one recipient's copy of one message and its
delivery state (the words of `playbook.domain.delivery`). The shape is decided from the
content, never the file name:

- Exchange Online message trace: `Get-MessageTraceV2 | Export-Csv` and the message trace page's
  export (Received, SenderAddress, RecipientAddress, Subject, Status, MessageId, ...), and the
  downloadable summary report (origin_timestamp_utc, sender_address, recipient_status as
  `address##Receive, Deliver;...`, message_subject, message_id).
- Exchange Server `Get-MessageTrackingLog | Export-Csv` (Timestamp, EventId, Recipients,
  RelatedRecipientAddress, MessageId, MessageSubject, Sender).
- Google Workspace email log search export (Message ID, Start date, Sender, Subject,
  Recipient address, Event target, and a status column when there is one).
- Postfix (`to=<...>, ... status=sent|bounced|deferred`, with `message-id=<...>` from cleanup)
  and Exim (`=>`, `->`, `**`, `==` lines, `<= ... id=...`) logs.
- Any other CSV through the `[trace]` column mapping of the config.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

from playbook.domain.errors import Refused


class TraceRow(NamedTuple):
    """One recipient's copy of one message, as the evidence tells it (a tuple: a trace may
    hold 100,000 rows)."""

    address: str
    state: str
    message_id: str = ""
    sender: str = ""
    subject: str = ""
    when: str = ""  # the time as the file gives it: read only when matching needs it
    under: str = ""  # the distribution list this address was reached through


@dataclass(frozen=True)
class ColumnMapping:
    """Which columns of an unknown CSV hold what (the config's `[trace]` table)."""

    recipient: str = ""
    status: str = ""
    message_id: str = ""
    sender: str = ""
    subject: str = ""
    time: str = ""
    states: Mapping[str, str] | None = None


def normal_id(message_id: str) -> str:
    """A Message-ID as compared: without angle brackets or spaces, case-folded."""
    return message_id.strip().strip("<>").strip().casefold()


EXCHANGE_ONLINE_STATES = {
    "delivered": "delivered",
    "filteredasspam": "delivered",  # delivered to the Junk Email folder: it arrived
    "resolved": "delivered",
    "failed": "failed",
    "pending": "pending",
    "gettingstatus": "pending",
    "deferred": "pending",
    "expanded": "expanded",
    "quarantined": "quarantined",
    "none": "unknown",
}
# The last event of a summary report's `address##Receive, Deliver` entry.
SUMMARY_EVENTS = {
    "deliver": "delivered",
    "send": "delivered",
    "fail": "failed",
    "drop": "failed",
    "expand": "expanded",
    "defer": "pending",
    "quarantine": "quarantined",
}
TRACKING_EVENTS = {
    "DELIVER": "delivered",
    "SEND": "delivered",
    "FAIL": "failed",
    "DROP": "failed",
    "BADMAIL": "failed",
    "POISONMESSAGE": "failed",
    "EXPAND": "expanded",
    "DEFER": "pending",
}
GOOGLE_TARGETS = {
    "gmail_inbox": "delivered",
    "gmail_spam": "delivered",
    "smtp_out": "delivered",
    "internal_server": "delivered",
    "list_server": "expanded",
    "archive_list_server": "expanded",
}
POSTFIX_STATES = {
    "sent": "delivered",
    "bounced": "failed",
    "deferred": "pending",
    "expired": "failed",
}
EXIM_MARKS = {"=>": "delivered", "->": "delivered", "**": "failed", "==": "pending"}


def read_trace(data: bytes, mapping: ColumnMapping | None = None) -> tuple[str, Iterator[TraceRow]]:
    """The format of a trace file and its rows; refuse a file of a shape playbook cannot read."""
    text = _text(data).lstrip()
    if text.startswith("#TYPE"):  # Windows PowerShell's Export-Csv without -NoTypeInformation
        text = text.split("\n", 1)[1].lstrip() if "\n" in text else ""
    first = text[:4096].split("\n", 1)[0]
    if _POSTFIX_TO.search(text[:65536]) or _EXIM_LINE.search(text[:65536]):
        return "mail_log", _log_rows(text)
    # Excel writes `;` where the decimal mark is a comma; some tools write tabs.
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter)
    header = next(reader, [])
    columns = {name.strip().lstrip("\ufeff").casefold(): index for index, name in enumerate(header)}
    for name, wanted, rows in _CSV_FORMATS:
        if wanted <= columns.keys():
            return name, rows(reader, columns)
    if mapping is not None and mapping.recipient and mapping.status:
        wanted = {mapping.recipient.casefold(), mapping.status.casefold()}
        if wanted <= columns.keys():
            return "mapped", _mapped_rows(reader, columns, mapping)
    raise Refused(
        "This file is not a trace playbook can read (an Exchange message trace or tracking log, "
        "a Google Workspace email log export, a Postfix or Exim log); set the [trace] column "
        "mapping in the config for other CSV files. Nothing was recorded."
    )


def _text(data: bytes) -> str:
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16")
    return data.decode("utf-8-sig", errors="replace")


def _cell(row: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return row[index].strip() if index is not None and index < len(row) else ""


def _when(text: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            from dateutil import parser as date_parser

            moment = date_parser.parse(text, dayfirst=False)
        except (ValueError, OverflowError):
            return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _exchange_online_rows(
    reader: Iterable[list[str]], columns: dict[str, int]
) -> Iterator[TraceRow]:
    # Read by position: a 100,000-row export must cost little more than the csv module.
    to, status = columns["recipientaddress"], columns["status"]
    needed = max(to, status)
    optional = [columns.get(name) for name in ("messageid", "senderaddress", "subject", "received")]
    width = max((index for index in optional if index is not None), default=0)
    mid, sender, subject, received = (-1 if index is None else index for index in optional)
    states = EXCHANGE_ONLINE_STATES
    make = TraceRow._make
    for row in reader:
        if len(row) <= needed:
            continue
        if len(row) <= width:
            row = row + [""] * (width + 1 - len(row))
        row.append("")  # what a missing optional column (-1) reads
        yield make(
            (
                row[to].strip().lower(),
                states.get(row[status].strip().lower(), "unknown"),
                row[mid],
                row[sender],
                row[subject],
                row[received],
                "",
            )
        )


def _summary_rows(reader: Iterable[list[str]], columns: dict[str, int]) -> Iterator[TraceRow]:
    for row in reader:
        message_id = _cell(row, columns, "message_id")
        sender = _cell(row, columns, "sender_address")
        subject = _cell(row, columns, "message_subject")
        at = _cell(row, columns, "origin_timestamp_utc") or _cell(row, columns, "origin_timestamp")
        for entry in _cell(row, columns, "recipient_status").split(";"):
            address, _, events = entry.partition("##")
            if "@" not in address:
                continue
            last = events.split(",")[-1].strip().casefold()
            yield TraceRow(
                address.strip().lower(),
                SUMMARY_EVENTS.get(last, "unknown"),
                message_id,
                sender,
                subject,
                at,
            )


def _tracking_rows(reader: Iterable[list[str]], columns: dict[str, int]) -> Iterator[TraceRow]:
    for row in reader:
        state = TRACKING_EVENTS.get(_cell(row, columns, "eventid").upper())
        if state is None:
            continue  # RECEIVE, SUBMIT, TRANSFER...: steps, not a copy's fate
        recipients = _cell(row, columns, "recipients")
        if recipients.startswith("System."):
            raise Refused(
                "This tracking log lists its recipients as 'System.String[]': export it again "
                "with @{n='Recipients';e={$_.Recipients -join ';'}} so the addresses are written. "
                "Nothing was recorded."
            )
        related = _cell(row, columns, "relatedrecipientaddress").lower()
        common = (
            _cell(row, columns, "messageid"),
            _cell(row, columns, "sender"),
            _cell(row, columns, "messagesubject"),
            _cell(row, columns, "timestamp"),
        )
        for address in re.split(r"[;,\s]+", recipients):
            if "@" not in address:
                continue
            address = address.lower()
            if state == "expanded":
                # EXPAND lists the members; the list is the related recipient.
                if related:
                    yield TraceRow(related, "expanded", *common)
                yield TraceRow(address, "unknown", *common, under=related)
            else:
                yield TraceRow(address, state, *common)


def _google_rows(reader: Iterable[list[str]], columns: dict[str, int]) -> Iterator[TraceRow]:
    status_column = next(
        (name for name in ("event status", "status", "event description") if name in columns), ""
    )
    for row in reader:
        target = _cell(row, columns, "event target").casefold()
        status = _cell(row, columns, status_column).casefold() if status_column else ""
        if target == "smtp_in" and not status:
            continue  # the message arriving at Gmail, not a copy reaching a mailbox
        state = _google_state(target, status)
        for address in re.split(r"[;,\s]+", _cell(row, columns, "recipient address")):
            if "@" in address:
                yield TraceRow(
                    address.lower(),
                    state,
                    _cell(row, columns, "message id"),
                    _cell(row, columns, "sender"),
                    _cell(row, columns, "subject"),
                    _cell(row, columns, "start date") or _cell(row, columns, "date"),
                )


def _google_state(target: str, status: str) -> str:
    if "quarantin" in status or "quarantin" in target:
        return "quarantined"
    if any(word in status for word in ("bounce", "reject", "fail", "drop")):
        return "failed"
    if "defer" in status or "delay" in status:
        return "pending"
    return GOOGLE_TARGETS.get(target, "delivered" if "deliver" in status else "unknown")


def _mapped_rows(
    reader: Iterable[list[str]], columns: dict[str, int], mapping: ColumnMapping
) -> Iterator[TraceRow]:
    states = {key.casefold(): value for key, value in (mapping.states or {}).items()}
    names = {
        field: getattr(mapping, field).casefold()
        for field in ("recipient", "status", "message_id", "sender", "subject", "time")
    }
    for row in reader:
        status = _cell(row, columns, names["status"]).casefold()
        state = states.get(status) or EXCHANGE_ONLINE_STATES.get(status) or "unknown"
        address = _cell(row, columns, names["recipient"]).lower()
        if "@" in address:
            yield TraceRow(
                address,
                state,
                _cell(row, columns, names["message_id"]),
                _cell(row, columns, names["sender"]),
                _cell(row, columns, names["subject"]),
                _cell(row, columns, names["time"]),
            )


def row_time(row: TraceRow) -> datetime | None:
    """A row's time as UTC (a time without a zone is taken as UTC), None when unreadable."""
    return _when(row.when)


_CSV_FORMATS = (
    ("exchange_online", {"recipientaddress", "status"}, _exchange_online_rows),
    ("exchange_online_summary", {"recipient_status", "message_id"}, _summary_rows),
    ("exchange_tracking", {"eventid", "recipients"}, _tracking_rows),
    ("google_workspace", {"recipient address", "message id"}, _google_rows),
)

_POSTFIX_TO = re.compile(r" ([0-9A-Za-z]+): to=<([^>]*)>.*? status=([a-z]+)")
_POSTFIX_ID = re.compile(r" ([0-9A-Za-z]+): message-id=<?([^>\s]*)>?")
_POSTFIX_FROM = re.compile(r" ([0-9A-Za-z]+): from=<([^>]*)>")
_EXIM_LINE = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(?:\.\d+)?(?: [+-]\d{4})? (\S+) (<=|=>|->|\*\*|==) (\S+)(.*)$",
    re.MULTILINE,
)
_EXIM_ID = re.compile(r" id=(\S+)")
_POSTFIX_TIME = re.compile(r"^(\d{4}-\d\d-\d\dT\S+|\w{3} +\d+ \d\d:\d\d:\d\d)")


def _log_rows(text: str) -> Iterator[TraceRow]:
    """Postfix and Exim lines: the queue id ties each recipient's line to the Message-ID."""
    ids: dict[str, str] = {}
    senders: dict[str, str] = {}
    for line in text.splitlines():
        found = _POSTFIX_ID.search(line)
        if found:
            ids[found.group(1)] = found.group(2)
            continue
        found = _POSTFIX_FROM.search(line)
        if found:
            senders[found.group(1)] = found.group(2)
            continue
        found = _POSTFIX_TO.search(line)
        if found:
            queue_id, address, status = found.groups()
            stamped = _POSTFIX_TIME.match(line)
            yield TraceRow(
                address.lower(),
                POSTFIX_STATES.get(status, "unknown"),
                ids.get(queue_id, ""),
                senders.get(queue_id, ""),
                "",
                stamped.group(1) if stamped and "T" in stamped.group(1) else "",
            )
            continue
        exim = _EXIM_LINE.match(line)
        if exim:
            stamp, queue_id, mark, address, rest = exim.groups()
            if mark == "<=":
                message_id = _EXIM_ID.search(rest)
                ids[queue_id] = message_id.group(1) if message_id else ""
                senders[queue_id] = address
            elif "@" in address:
                yield TraceRow(
                    address.strip("<>").lower(),
                    EXIM_MARKS[mark],
                    ids.get(queue_id, ""),
                    senders.get(queue_id, ""),
                    "",
                    stamp,
                )

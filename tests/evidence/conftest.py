"""An incident whose message went to one colleague and three people in Cc, and evidence files
written here in each format, with the column names the formats' documentation gives."""

from __future__ import annotations

import csv
import io
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

from tests.builders import build_message, write_eml

SENDER = "tenant.participation@council.example"
COLLEAGUE = "housing.officer@council.example"
ANN, BOB, CAT = "ann@homemail.example", "bob@webmail.example", "cat@isp.example"
MESSAGE_ID = "<survey-1@council.example>"
SUBJECT = "Your views on your home"
SENT_UTC = "2026-10-19T09:15:00Z"


@pytest.fixture
def incident(cli, tmp_path) -> str:
    """The incident's id, its message imported."""
    message = build_message(
        sender=f"Tenant Participation <{SENDER}>",
        to=[COLLEAGUE],
        cc=[f"Ann Archer <{ANN}>", f"Bob Baker <{BOB}>", f"Cat Cole <{CAT}>"],
        subject=SUBJECT,
        body="Dear tenant,\r\n\r\nPlease complete our survey.\r\n",
        message_id=MESSAGE_ID,
    )
    path = write_eml(message, tmp_path / "mail" / "survey.eml")
    created = cli("new", "--title", "Survey in Cc", "--from", str(path), "--json")
    assert created.code == 0, created.err
    return created.json()["id"]


def csv_text(header: list[str], rows: list[list[str]], *, type_line: str = "") -> bytes:
    """A CSV as PowerShell's Export-Csv or an admin centre writes it (every value quoted)."""
    out = io.StringIO()
    if type_line:
        out.write(type_line + "\r\n")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


EXO_HEADER = [
    "Received",
    "SenderAddress",
    "RecipientAddress",
    "Subject",
    "Status",
    "ToIP",
    "FromIP",
    "Size",
    "MessageId",
    "MessageTraceId",
]


def exchange_online_trace(path: Path, statuses: dict[str, str], message_id: str = MESSAGE_ID):
    """`Get-MessageTraceV2 | Export-Csv` (Windows PowerShell: with its #TYPE line)."""
    rows = [
        [
            "10/19/2026 9:15:02 AM",
            SENDER,
            address,
            SUBJECT,
            status,
            "",
            "10.0.0.1",
            "20431",
            message_id,
            "5b1c5a8e-0d6f-4f7e-8c1d-08de0f8e7a11",
        ]
        for address, status in statuses.items()
    ]
    type_line = "#TYPE Deserialized.Microsoft.Exchange.Management.FfoReporting.MessageTraceV2"
    path.write_bytes(csv_text(EXO_HEADER, rows, type_line=type_line))
    return path


def dsn(path: Path, failed: str, original_id: str = MESSAGE_ID) -> Path:
    """An RFC 3464 delivery status notification for `failed`, with the original's headers."""
    report = MIMEMultipart("report", report_type="delivery-status")
    report["From"] = "Mail Delivery System <MAILER-DAEMON@mx.council.example>"
    report["To"] = SENDER
    report["Subject"] = "Undelivered Mail Returned to Sender"
    report["Date"] = "Mon, 19 Oct 2026 10:16:00 +0100"
    report["Message-ID"] = "<dsn-1@mx.council.example>"
    report.attach(MIMEText("This is the mail system. Your message could not be delivered.\n"))
    status = Message()
    status.set_type("message/delivery-status")
    per_message = Message()
    per_message["Reporting-MTA"] = "dns; mx.council.example"
    per_recipient = Message()
    per_recipient["Final-Recipient"] = f"rfc822; {failed}"
    per_recipient["Action"] = "failed"
    per_recipient["Status"] = "5.1.1"
    per_recipient["Diagnostic-Code"] = "smtp; 550 5.1.1 user unknown"
    status.set_payload([per_message, per_recipient])
    report.attach(status)
    headers = MIMEText(
        f"From: {SENDER}\nTo: {failed}\nSubject: {SUBJECT}\nMessage-ID: {original_id}\n",
        "rfc822-headers",
    )
    report.attach(headers)
    return write_eml(report, path)

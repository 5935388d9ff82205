"""Reading reports about a sent message: delivery status notifications and recall reports.

- RFC 3464 `multipart/report; report-type=delivery-status`: a `Final-Recipient` and `Action`
  for each recipient, and the original message (or its headers) naming its Message-ID.
- Free-text bounces ("Undeliverable:", "Mail delivery failed", from MAILER-DAEMON or
  postmaster): the addresses and the Message-ID quoted in their text, all taken as failed.
- Outlook's recall results: "Message Recall Success/Failure: <subject>" from each recipient,
  and the cloud "Message Recall Report for message: <subject>" listing each recipient's result.

All with the standard library's `email` package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import Message
from email.parser import HeaderParser
from email.utils import parseaddr

from playbook.mail.addresses import ADDRESS_PATTERN, decode_words

DSN_ACTIONS = {
    "failed": "failed",
    "delayed": "pending",
    "delivered": "delivered",
    "relayed": "delivered",
    "expanded": "expanded",
}
_BOUNCE_SUBJECT = re.compile(
    r"^\s*(undeliverable|undelivered mail|delivery status notification|mail delivery "
    r"(failed|failure|subsystem)|returned mail|delivery has failed|failure notice|"
    r"non[- ]?delivery)",
    re.IGNORECASE,
)
_BOUNCE_SENDER = re.compile(r"mailer-daemon|postmaster|mail delivery (sub)?system", re.IGNORECASE)
_RECALL_SUBJECT = re.compile(
    r"^\s*message recall (report for message|success|failure|failed|succeeded)\s*:\s*(.*)$",
    re.IGNORECASE | re.DOTALL,
)
_MESSAGE_ID_LINE = re.compile(r"^\s*message-id\s*:\s*(<[^<>\s]+>)", re.IGNORECASE | re.MULTILINE)
_RECALLED = re.compile(r"succe|recalled|deleted", re.IGNORECASE)


@dataclass(frozen=True)
class DeliveryReport:
    """What one report says: its kind (`dsn`, `bounce`, `recall`), the message it is about
    (Message-IDs and subject, as far as it tells) and each recipient's state."""

    kind: str
    original_ids: tuple[str, ...]
    original_subject: str
    recipients: tuple[tuple[str, str], ...]


def header_text(message: Message, name: str) -> str:
    """A header's value decoded to text on one line ('' when missing)."""
    value = message.get(name)
    return " ".join(decode_words(str(value)).split()) if value is not None else ""


def read_report(message: Message) -> DeliveryReport | None:
    """The delivery or recall report this message is, or None when it is neither."""
    subject = header_text(message, "subject")
    recall = _RECALL_SUBJECT.match(subject)
    if recall:
        return _recall(message, recall.group(1).casefold(), recall.group(2).strip())
    if message.get_content_type() == "multipart/report":
        report = _dsn(message)
        if report is not None:
            return report
    sender = header_text(message, "from")
    if _BOUNCE_SUBJECT.match(subject) and (
        _BOUNCE_SENDER.search(sender) or message.get_content_type() == "multipart/report"
    ):
        return _free_text_bounce(message, parseaddr(sender)[1].lower())
    return None


def _dsn(message: Message) -> DeliveryReport | None:
    recipients: list[tuple[str, str]] = []
    ids: list[str] = []
    subject = ""
    found_status = False
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "message/delivery-status":
            found_status = True
            for block in _status_blocks(part):
                final = block.get("final-recipient") or block.get("original-recipient") or ""
                address = final.split(";", 1)[-1].strip().strip("<>").lower()
                action = (block.get("action") or "").strip().casefold()
                if "@" in address and action in DSN_ACTIONS:
                    recipients.append((address, DSN_ACTIONS[action]))
        elif kind in ("message/rfc822", "message/global") and part.is_multipart():
            original = part.get_payload(0)  # the one message a message/rfc822 part holds
            if isinstance(original, Message):
                ids.extend(_ids(original.get("message-id", "")))
                subject = subject or header_text(original, "subject")
        elif kind in ("text/rfc822-headers", "message/rfc822-headers"):
            headers = HeaderParser().parsestr(_payload_text(part))
            ids.extend(_ids(headers.get("message-id", "")))
            subject = subject or header_text(headers, "subject")
    if not found_status:
        return None
    return DeliveryReport("dsn", tuple(dict.fromkeys(ids)), subject, tuple(recipients))


def _status_blocks(part: Message) -> list[Message]:
    payload = part.get_payload()
    if isinstance(payload, list):
        return [block for block in payload if isinstance(block, Message)]
    # Some servers send the status as plain text: parse its blocks of fields ourselves.
    return [HeaderParser().parsestr(block) for block in re.split(r"\n\s*\n", str(payload))]


def _payload_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        return payload.decode(part.get_content_charset() or "utf-8", errors="replace")
    return str(part.get_payload())


def _ids(text: str) -> list[str]:
    return re.findall(r"<[^<>\s]+>", str(text))


def body_text(message: Message, limit: int = 200_000) -> str:
    """The message's plain text (its text/plain parts, else its text/html with tags removed)."""
    texts, html = [], []
    for part in message.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        kind = part.get_content_type()
        if kind == "text/plain":
            texts.append(_payload_text(part))
        elif kind == "text/html":
            html.append(re.sub(r"<[^>]+>", " ", _payload_text(part)))
        if sum(map(len, texts)) > limit:
            break
    return ("\n".join(texts) or "\n".join(html))[:limit]


def _free_text_bounce(message: Message, sender: str) -> DeliveryReport:
    text = body_text(message)
    ids = _MESSAGE_ID_LINE.findall(text)
    addresses = [
        address.lower()
        for address in dict.fromkeys(ADDRESS_PATTERN.findall(text))
        if address.lower() != sender
    ]
    return DeliveryReport(
        "bounce", tuple(ids), "", tuple((address, "failed") for address in addresses)
    )


def _recall(message: Message, verdict: str, subject: str) -> DeliveryReport:
    if verdict.startswith("report"):
        recipients = []
        for line in body_text(message).splitlines():
            for address in ADDRESS_PATTERN.findall(line):
                state = "recalled" if _RECALLED.search(line) else "delivered"
                recipients.append((address.lower(), state))
        return DeliveryReport("recall", (), subject, tuple(recipients))
    # "Success" or "Failure" comes from the recipient's own mailbox, one recipient each.
    state = "recalled" if verdict.startswith("succe") else "delivered"
    address = parseaddr(header_text(message, "from"))[1].lower()
    named = ADDRESS_PATTERN.findall(body_text(message))
    if "@" not in address and named:
        address = named[0].lower()
    return DeliveryReport("recall", (), subject, ((address, state),) if "@" in address else ())

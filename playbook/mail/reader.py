"""Read a file the responder hands over: an .eml, an Outlook .msg, or a pasted list of addresses.

Decides the format from the file's bytes and refuses what is not a message with one sentence
(`read_message_file`); then, as the import writes it, scans the body and every attachment, one
at a time (`scan_message`). Nothing here touches the database: the people found go to the
PeopleIndex the import gives.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from playbook.domain.exposure import PeopleIndex
from playbook.mail.addresses import addresses_in_text
from playbook.mail.attachments import (
    CFB_MAGIC,
    ZIP_MAGIC,
    ScanLimits,
    ScannedAttachment,
    scan_attachment,
    text_encoding,
)
from playbook.mail.body import merge_suggestions, suggest_from_text
from playbook.mail.eml import read_eml
from playbook.mail.parsed import ParsedMessage, UnreadableMessage
from playbook.mail.patterns import EMAIL_IN_TEXT
from playbook.mail.tnef import TNEF_SIGNATURE, with_tnef_opened

READ_SHARE = 0.05  # of the progress bar, once the headers and the parts' places are read
RECIPIENTS_SHARE = 0.3  # once the recipients are split and gathered
SCANNED_SHARE = 0.9  # once every attachment is scanned
MAX_SCANNED_ATTACHMENTS = 1000  # per message; the rest are listed by name, type and size only
_BINARY_STARTS = (ZIP_MAGIC, b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")
_MARKUP = re.compile(rb"\s*(?:\xef\xbb\xbf)?\s*(?:<|\{\\rtf)", re.IGNORECASE)


def read_message_file(path: Path, *, limits: ScanLimits) -> ParsedMessage:
    """Read the message in `path`, not yet scanned; refuse, with UnreadableMessage, what is not one."""
    name = path.name
    head = _head(path)
    if head.startswith(CFB_MAGIC):
        from playbook.mail.msg import read_msg

        return read_msg(path, name, limits)
    if head.startswith(TNEF_SIGNATURE):
        raise UnreadableMessage(
            f"{name} is the winmail.dat that Outlook attaches to a message, not the message "
            "itself; import the message that carried it (as .eml or .msg)."
        )
    if head.startswith(_BINARY_STARTS):
        raise _binary(name)
    parsed = read_eml(path, name, limits)
    if parsed is not None:
        return parsed
    if b"\x00" in head and text_encoding(head) is None:
        raise _binary(name)  # a NUL byte in a message is a slip; in a file of no headers, binary
    if _MARKUP.match(head):
        raise UnreadableMessage(
            f"{name} is a web page or a document (HTML, XML or RTF), not an email message; save "
            "the message from the mail client as .eml or .msg and import that."
        )
    return _read_address_list(path, name)


def _binary(name: str) -> UnreadableMessage:
    return UnreadableMessage(
        f"{name} is a binary file, not an email message; save the message from the mail "
        "client as .eml (or .msg) and import that."
    )


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            head = stream.read(8192)
    except FileNotFoundError:
        raise UnreadableMessage(f"There is no file {path}; check the name and folder.") from None
    except IsADirectoryError:
        raise UnreadableMessage(f"{path} is a folder; give the message file itself.") from None
    except OSError as error:
        raise UnreadableMessage(f"{path} cannot be read ({error.strerror}).") from None
    if not head.strip():
        raise UnreadableMessage(
            f"{path.name} is empty; save the message from the mail client again and import that."
        )
    return head


def _read_address_list(path: Path, name: str) -> ParsedMessage:
    data = path.read_bytes()
    encoding = text_encoding(data)
    recipients = addresses_in_text(data.decode(encoding), "bcc") if encoding else None
    if not recipients:
        raise UnreadableMessage(
            f"{name} is not an email message (it has no From, To, Date or Subject line) and is "
            "not a list of addresses; save the message from the mail client as .eml or .msg and "
            "import that."
        )
    return ParsedMessage(format="address_list", source_name=name, recipients=recipients)


def scan_message(
    parsed: ParsedMessage,
    *,
    people: PeopleIndex,
    source: str,
    is_recipient: Callable[[str], bool],
    limits: ScanLimits,
    today: date,
    on_progress: Callable[[float], None] | None = None,
) -> None:
    """Scan the body and the attachments, one at a time, filling `attachments`, `suggestions` and
    `warnings`, and adding the people found to `people` (as found in `source` attachment N).

    Addresses in the text that `is_recipient` (or the sender's) are not findings.
    """
    parsed.raw_attachments = list(with_tnef_opened(parsed.raw_attachments, limits, parsed.warnings))
    total_bytes = sum(raw.size for raw in parsed.raw_attachments) or 1
    done_bytes = 0
    share = SCANNED_SHARE - RECIPIENTS_SHARE
    for number, raw in enumerate(parsed.raw_attachments, start=1):
        if number > MAX_SCANNED_ATTACHMENTS:
            parsed.attachments.append(
                ScannedAttachment(number, raw.filename, raw.content_type, raw.size, "")
            )
            continue
        start = RECIPIENTS_SHARE + share * done_bytes / total_bytes
        width = share * raw.size / total_bytes

        def report(fraction: float, start: float = start, width: float = width) -> None:
            _report(on_progress, start + width * min(fraction, 1.0))

        scanned = scan_attachment(
            number,
            raw,
            limits=limits,
            people=people,
            source=f"{source} attachment {number}",
            today=today,
            on_progress=report,
        )
        parsed.attachments.append(scanned)
        parsed.warnings.extend(scanned.warnings)
        parsed.suggestions.extend(scanned.suggestions)
        done_bytes += raw.size
    unscanned = len(parsed.raw_attachments) - MAX_SCANNED_ATTACHMENTS
    if unscanned > 0:
        parsed.warnings.append(
            f"The message has {len(parsed.raw_attachments):,} attachments; only the first "
            f"{MAX_SCANNED_ATTACHMENTS:,} were read and the other {unscanned:,} (attachments "
            f"{MAX_SCANNED_ATTACHMENTS + 1:,} on) are listed by name, type and size only; "
            "check them by hand."
        )
    in_text = {address.lower() for address in EMAIL_IN_TEXT.findall(parsed.body_text)}
    known = {address for address in in_text if is_recipient(address)}
    known.add(parsed.sender_address)
    parsed.suggestions = merge_suggestions(
        [
            *suggest_from_text(parsed.body_text, "the message text", known_addresses=known),
            *parsed.suggestions,
        ]
    )
    _report(on_progress, SCANNED_SHARE)


def _report(on_progress: Callable[[float], None] | None, fraction: float) -> None:
    if on_progress is not None:
        on_progress(fraction)

"""Read a file the responder hands over: an .eml, an Outlook .msg, or a pasted list of addresses.

Decides the format from the file's bytes, refuses what is not a message with one sentence, and
scans the body and every attachment. Nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from playbook.mail.addresses import addresses_in_text
from playbook.mail.attachments import (
    CFB_MAGIC,
    ZIP_MAGIC,
    ScanLimits,
    scan_attachment,
    text_encoding,
)
from playbook.mail.body import merge_suggestions, suggest_from_text
from playbook.mail.eml import looks_like_email, parse_eml, read_eml, release
from playbook.mail.parsed import ParsedMessage, UnreadableMessage
from playbook.mail.patterns import EMAIL_IN_TEXT

PARSED_SHARE = 0.3  # of the progress bar, once the headers and parts are read
SCANNED_SHARE = 0.9  # once every attachment is scanned
_BINARY_STARTS = (ZIP_MAGIC, b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")


def read_message_file(
    path: Path,
    *,
    limits: ScanLimits,
    today: date,
    on_progress: Callable[[float], None] | None = None,
) -> ParsedMessage:
    """Read and scan the message in `path`; refuse, with UnreadableMessage, what is not one."""
    name = path.name
    head = _head(path)
    if head.startswith(CFB_MAGIC):
        from playbook.mail.msg import read_msg

        parsed = read_msg(path, name, limits)
    elif head.startswith(_BINARY_STARTS) or b"\x00" in head:
        raise UnreadableMessage(
            f"{name} is a binary file, not an email message; save the message from the mail "
            "client as .eml (or .msg) and import that."
        )
    else:
        parsed = _read_text_file(path, name, limits)
    _report(on_progress, PARSED_SHARE)
    scan_message(parsed, limits=limits, today=today, on_progress=on_progress)
    return parsed


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


def _read_text_file(path: Path, name: str, limits: ScanLimits) -> ParsedMessage:
    with path.open("rb") as stream:
        message = parse_eml(stream)
    try:
        if looks_like_email(message):
            return read_eml(message, name, limits)
    finally:
        release(message)
    data = path.read_bytes()
    encoding = text_encoding(data)
    recipients = addresses_in_text(data.decode(encoding), "bcc") if encoding else []
    if not recipients:
        raise UnreadableMessage(
            f"{name} is not an email message (it has no From, Date or Subject line) and holds "
            "no addresses; save the message from the mail client as .eml or .msg and import that."
        )
    return ParsedMessage(format="address_list", source_name=name, recipients=recipients)


def scan_message(
    parsed: ParsedMessage,
    *,
    limits: ScanLimits,
    today: date,
    on_progress: Callable[[float], None] | None = None,
) -> None:
    """Scan the body and the attachments, filling `attachments`, `people`, `suggestions`, `warnings`."""
    total_bytes = sum(raw.size for raw in parsed.raw_attachments) or 1
    done_bytes = 0
    for number, raw in enumerate(parsed.raw_attachments, start=1):
        start = PARSED_SHARE + (SCANNED_SHARE - PARSED_SHARE) * done_bytes / total_bytes
        width = (SCANNED_SHARE - PARSED_SHARE) * raw.size / total_bytes

        def report(fraction: float, start: float = start, width: float = width) -> None:
            _report(on_progress, start + width * min(fraction, 1.0))

        scanned = scan_attachment(
            number,
            raw,
            limits=limits,
            people=parsed.people,
            source=f"attachment {number}",
            today=today,
            on_progress=report,
        )
        parsed.attachments.append(scanned)
        parsed.warnings.extend(scanned.warnings)
        parsed.suggestions.extend(scanned.suggestions)
        done_bytes += raw.size
    parsed.raw_attachments = []  # the bytes are no longer needed: free them before writing
    # The sender's and recipients' own addresses in the text are not findings; a set of only
    # those found keeps a 100,000-recipient message from building a second copy of them all.
    in_text = {address.lower() for address in EMAIL_IN_TEXT.findall(parsed.body_text)}
    known = {entry.address for entry in parsed.recipients if entry.address in in_text}
    known.add(parsed.sender_address)
    parsed.suggestions = merge_suggestions(
        [
            *suggest_from_text(parsed.body_text, "the message text", known_addresses=known),
            *parsed.suggestions,
        ]
    )
    if parsed.format != "address_list" and not parsed.recipients:
        parsed.warnings.append(
            "The message shows no recipients (they were all in Bcc, or it is a received copy); "
            "import the sender's copy or a mail trace to list them."
        )
    _report(on_progress, SCANNED_SHARE)


def _report(on_progress: Callable[[float], None] | None, fraction: float) -> None:
    if on_progress is not None:
        on_progress(fraction)

"""The outbox: compose each draft as an RFC 5322 message and write a batch, all or nothing.

The safety gate runs over every draft before the first byte is written. A batch is written into
a hidden folder that is renamed into place at the end (one mbox file is replaced into place), so
an interrupted run leaves nothing half-written where a person would find it.

Messages are composed directly from the standard library's parts (`formataddr`,
`format_datetime`, `binascii`): building `EmailMessage` objects cost several times the rendering
itself, compat32 `MIMEText` still twice (measured in bench/drafts.py). ASCII text in short lines
goes as it is (7bit, readable in the file); other text as base64, which `binascii` encodes ten
times faster than quoted-printable. Tests read every message back with the `email` package to
prove it is well formed.
"""

from __future__ import annotations

import binascii
import hashlib
import mailbox
import os
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from email.utils import format_datetime, formataddr
from pathlib import Path

from sqlite_utils import Database

from playbook.config import Config
from playbook.domain.drafting import KIND_WORDS
from playbook.domain.errors import PlaybookError, Refused
from playbook.domain.gate import Draft, GateFailure, check_drafts
from playbook.drafts import DraftBatch, build_drafts, load_context
from playbook.progress import Progress
from playbook.render import Renderer
from playbook.store.events import append_event

FORMATS = ("eml", "mbox")
_PARTIAL = ".partial-"
_UNSAFE_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9._@+-]")


class GateRefused(Refused):
    """The safety gate stopped the batch; nothing was written. `failures` says who and why."""

    def __init__(self, failures: list[GateFailure], total: int) -> None:
        super().__init__(
            f"{len(failures)} of {total} drafts failed the safety gate, so nothing was written; "
            "fix the template or the data and run the command again."
        )
        self.failures = failures


@dataclass(frozen=True)
class Envelope:
    """What every message of a batch shares: sender, reply address, date, and the id seed."""

    sender: str
    reply_to: str
    date: str
    id_domain: str
    id_seed: str


@dataclass(frozen=True)
class OutgoingMessage:
    """One composed message: its only addressee, its Message-ID and its bytes."""

    address: str
    message_id: str
    data: bytes


def envelope_for(config: Config, batch: DraftBatch, now: datetime, zone: tzinfo) -> Envelope:
    """The batch's shared headers; refuse until config gives the sender's address."""
    from_address = config.drafts.from_address.strip()
    if "@" not in from_address:
        raise Refused(
            "Set drafts.from_address in the config file (the address the messages come from)."
        )
    reply_to = config.drafts.reply_to.strip() or from_address
    organisation = batch.context.contact.organisation
    return Envelope(
        sender=_header_address(organisation, from_address),
        reply_to=_header_address(organisation, reply_to),
        date=format_datetime(now.astimezone(zone)),
        id_domain=from_address.rsplit("@", 1)[1],
        id_seed=f"{batch.context.incident.id}|{batch.kind}|{now.isoformat()}",
    )


def check_batch(batch: DraftBatch) -> None:
    """Run the safety gate over every draft; raise GateRefused when any fails."""
    failures = check_drafts(batch.drafts, batch.audience, batch.context.contact)
    if failures:
        raise GateRefused(failures, len(batch.drafts))


def compose(draft: Draft, envelope: Envelope) -> OutgoingMessage:
    """The message for one checked draft: To its one address, no Cc or Bcc, text and HTML parts."""
    address = draft.to[0]
    digest = hashlib.sha256(f"{envelope.id_seed}|{address.casefold()}".encode()).hexdigest()
    message_id = f"<{digest[:32]}@{envelope.id_domain}>"
    head = (
        f"From: {envelope.sender}\n"
        f"Reply-To: {envelope.reply_to}\n"
        f"To: {_header_address(draft.to_name, address)}\n"
        f"Subject: {_header_text(draft.subject)}\n"
        f"Date: {envelope.date}\n"
        f"Message-ID: {message_id}\n"
        "MIME-Version: 1.0\n"
    )
    if draft.html is None:
        body = _part("plain", draft.text)
    else:
        # The boundary holds a digest no template can know, so no part can contain it.
        boundary = f"===============playbook{digest[32:48]}=="
        body = (
            f'Content-Type: multipart/alternative; boundary="{boundary}"\n\n'
            f"--{boundary}\n{_part('plain', draft.text)}\n"
            f"--{boundary}\n{_part('html', draft.html)}\n"
            f"--{boundary}--\n"
        )
    return OutgoingMessage(address, message_id, (head + body).encode("ascii"))


def compose_batch(
    batch: DraftBatch, envelope: Envelope, progress: Callable[[], None] | None = None
) -> list[OutgoingMessage]:
    """Check every draft, then compose them all; nothing is composed when any draft fails."""
    check_batch(batch)
    messages = []
    for draft in batch.drafts:
        messages.append(compose(draft, envelope))
        if progress:
            progress()
    return messages


def batch_sha256(messages: Sequence[OutgoingMessage]) -> str:
    """One digest over every message of a batch, in order: what the timeline records."""
    digest = hashlib.sha256()
    for message in messages:
        digest.update(hashlib.sha256(message.data).digest())
    return digest.hexdigest()


def write_messages(
    messages: Sequence[OutgoingMessage], out_dir: Path, batch_name: str, fmt: str
) -> Path:
    """Write a batch as .eml files in a new folder, or as one .mbox file; all or nothing.

    Returns the folder or file written. File names come from a sequence number and the address
    with anything but letters, digits and `._@+-` replaced, so no name can leave the folder.
    """
    if fmt not in FORMATS:
        raise Refused(f"The format must be one of {', '.join(FORMATS)}.")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(out_dir)
        if fmt == "mbox":
            return _write_mbox(messages, out_dir, batch_name)
        return _write_folder(messages, out_dir, batch_name)
    except OSError as error:
        raise PlaybookError(
            f"The drafts cannot be written to {out_dir} ({error.strerror}); nothing was written."
        ) from error


def file_name(number: int, address: str) -> str:
    """A safe, unique .eml name: the draft's number and its address, made harmless."""
    safe = _UNSAFE_IN_FILE_NAME.sub("_", address)[:80].lstrip(".") or "draft"
    return f"{number:04d}-{safe}.eml"


def _write_folder(messages: Sequence[OutgoingMessage], out_dir: Path, batch_name: str) -> Path:
    staging = out_dir / f".{batch_name}{_PARTIAL}{os.getpid()}"
    staging.mkdir(mode=0o700)
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        for number, message in enumerate(messages, start=1):
            descriptor = os.open(staging / file_name(number, message.address), flags, 0o600)
            try:
                os.write(descriptor, message.data)
            finally:
                os.close(descriptor)
        final = _free_name(out_dir, batch_name, "")
        os.rename(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final


def _write_mbox(messages: Sequence[OutgoingMessage], out_dir: Path, batch_name: str) -> Path:
    staging = out_dir / f".{batch_name}{_PARTIAL}{os.getpid()}.mbox"
    descriptor = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(descriptor)
    try:
        box = mailbox.mbox(staging, create=False)
        try:
            for message in messages:
                box.add(message.data)
            box.flush()
        finally:
            box.close()
        final = _free_name(out_dir, batch_name, ".mbox")
        os.rename(staging, final)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    return final


def _free_name(out_dir: Path, batch_name: str, suffix: str) -> Path:
    candidate = out_dir / f"{batch_name}{suffix}"
    number = 2
    while candidate.exists():
        candidate = out_dir / f"{batch_name}-{number}{suffix}"
        number += 1
    return candidate


def _remove_abandoned(out_dir: Path) -> None:
    """Remove what a run that was killed half-way left behind (its process is gone)."""
    for leftover in out_dir.glob(f".*{_PARTIAL}*"):
        pid_text = leftover.name.rsplit(_PARTIAL, 1)[1].removesuffix(".mbox")
        if pid_text.isdigit() and not _process_alive(int(pid_text)):
            _remove(leftover)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _header_address(name: str, address: str) -> str:
    """`Name <address>`: the name as it is, quoted, or RFC 2047-encoded; on one line."""
    name = " ".join(name.split())[:_LONGEST_NAME]
    if not name:
        return address
    if _PLAIN_PHRASE.fullmatch(name):
        return f"{name} <{address}>"
    if name.isascii():
        return formataddr((name, address))
    return f"{_encoded(name)} <{address}>"


def _header_text(text: str) -> str:
    text = " ".join(text.split())
    if text.isascii() and len(text) <= 900:
        return text
    return _encoded(text)


def _encoded(text: str) -> str:
    """RFC 2047: one encoded word when it fits on a line (readers join split words unevenly),
    else words of at most 75 characters, split between characters and folded."""
    single = _encoded_word(text)
    if len(single) <= 900:
        return single
    words, chunk, size = [], [], 0
    for character in text:
        length = len(character.encode("utf-8"))
        if size + length > _BYTES_A_WORD:
            words.append("".join(chunk))
            chunk, size = [], 0
        chunk.append(character)
        size += length
    words.append("".join(chunk))
    return "\n ".join(map(_encoded_word, words))


def _encoded_word(text: str) -> str:
    encoded = binascii.b2a_base64(text.encode("utf-8"), newline=False).decode("ascii")
    return f"=?utf-8?b?{encoded}?="


def _part(subtype: str, text: str) -> str:
    """A text part: as it is when it is ASCII in short lines (7bit), else base64."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii() and (
        len(text) <= _MAX_7BIT_LINE or max(map(len, text.split("\n"))) <= _MAX_7BIT_LINE
    ):
        encoding, body = "7bit", text
    else:
        encoding = "base64"
        encoded = binascii.b2a_base64(text.encode("utf-8"), newline=False)
        lines = [encoded[start : start + 76] for start in range(0, len(encoded), 76)]
        body = b"\n".join(lines).decode("ascii") + "\n"
    return (
        f'Content-Type: text/{subtype}; charset="utf-8"\n'
        f"Content-Transfer-Encoding: {encoding}\n\n{body}"
    )


# A display name needing neither quotes nor encoding: atoms (RFC 5322 atext) and spaces.
_PLAIN_PHRASE = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+")
# Longer display names are cut: they only label the address.
_LONGEST_NAME = 200
# 45 bytes make 60 base64 characters: with `=?utf-8?b?` and `?=`, a word of 72.
_BYTES_A_WORD = 45
# RFC 5322 allows 998 characters a line; leave room for the dot SMTP may add in front.
_MAX_7BIT_LINE = 990


@dataclass(frozen=True)
class WrittenBatch:
    """What `write_drafts` wrote: where, how many, and the messages (for sending)."""

    kind: str
    fmt: str
    path: Path
    messages: list[OutgoingMessage]
    without_address: int
    template_sha256: str
    sha256: str


def write_drafts(
    db: Database,
    incident_id: str,
    kind: str,
    *,
    config: Config,
    zone: tzinfo,
    out_dir: Path,
    now: datetime,
    author: str,
    fmt: str = "eml",
    only: str | None = None,
    renderer: Renderer | None = None,
    progress: Callable[[str, int], Progress] | None = None,
) -> WrittenBatch:
    """Draft, check, compose and write one message per person, then log the batch.

    Nothing is written when any draft fails the gate (GateRefused lists who and why).
    """
    if fmt not in FORMATS:
        raise Refused(f"The format must be one of {', '.join(FORMATS)}.")
    renderer = renderer or Renderer(config, zone)
    context = load_context(db, incident_id, config, zone)
    batch = build_drafts(context, kind, renderer, only=only, progress=progress)
    if not batch.drafts:
        label = KIND_WORDS[kind]
        if batch.without_address:
            raise Refused(
                f"None of the {batch.without_address} people due {label} in "
                f"{context.incident.id} has an email address; nothing was written."
            )
        raise Refused(f"Nobody in {context.incident.id} is due {label}; nothing was written.")
    envelope = envelope_for(config, batch, now, zone)
    messages = compose_batch(batch, envelope)
    local = now.astimezone(zone)
    batch_name = f"{context.incident.id}-{kind.replace('_', '-')}-{local:%Y%m%d-%H%M%S}"
    path = write_messages(messages, out_dir, batch_name, fmt)
    written = WrittenBatch(
        kind,
        fmt,
        path,
        messages,
        batch.without_address,
        batch.template.sha256,
        batch_sha256(messages),
    )
    try:
        append_event(
            db,
            context.incident.id,
            "drafts.written",
            author=author,
            at=now,
            data={
                "template": kind,
                "format": fmt,
                "count": len(messages),
                "without_address": batch.without_address,
                "template_name": batch.template.info.name,
                "template_origin": batch.template.info.origin,
                "template_sha256": batch.template.sha256,
                "html_template_sha256": batch.html_template.sha256 if batch.html_template else None,
                "batch_sha256": written.sha256,
                "written_to": path.name,
            },
            personal={"addresses": [message.address for message in messages]},
        )
    except BaseException:
        _remove(path)
        raise
    return written


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)

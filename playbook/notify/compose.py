"""Composing: one checked draft as an RFC 5322 message, To its one address, text and HTML.

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
import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from email.utils import format_datetime, formataddr, parseaddr

from playbook.config import Config
from playbook.domain.errors import Refused
from playbook.domain.gate import Draft
from playbook.notify.drafts import DraftBatch
from playbook.render.languages import ENGLISH


@dataclass(frozen=True)
class Envelope:
    """What every message of a batch shares: sender, reply address, date, the id seed, and the
    languages it is written in when not English alone (RFC 3282 Content-Language)."""

    sender: str
    reply_to: str
    date: str
    id_domain: str
    id_seed: str
    content_language: str = ""


@dataclass(frozen=True)
class OutgoingMessage:
    """One composed message: its only addressee, its Message-ID and its bytes."""

    address: str
    message_id: str
    data: bytes


def envelope_for(config: Config, batch: DraftBatch, now: datetime, zone: tzinfo) -> Envelope:
    """The batch's shared headers; refuse until config gives the sender's address."""
    from_name, from_address = parseaddr(config.drafts.from_address.strip())
    if "@" not in from_address:
        raise Refused(
            "Set drafts.from_address in the config file (the address the messages come from)."
        )
    reply_name, reply_to = parseaddr(config.drafts.reply_to.strip())
    if "@" not in reply_to:
        reply_name, reply_to = from_name, from_address
    organisation = batch.context.contact.organisation
    languages = [written.language for written in batch.templates]
    return Envelope(
        sender=_header_address(from_name or organisation, from_address),
        reply_to=_header_address(reply_name or organisation, reply_to),
        date=format_datetime(now.astimezone(zone)),
        id_domain=from_address.rsplit("@", 1)[1],
        id_seed=f"{batch.context.incident.id}|{batch.kind}|{now.isoformat()}",
        content_language=", ".join(languages) if languages != [ENGLISH] else "",
    )


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
    )
    if envelope.content_language:
        head += f"Content-Language: {envelope.content_language}\n"
    head += "MIME-Version: 1.0\n"
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
    words: list[str] = []
    chunk: list[str] = []
    size = 0
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
    if text.isascii() and _short_lines(text):
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


def _short_lines(text: str) -> bool:
    """True when no line is longer than a 7bit part allows.

    A line that long would fill one of the windows of half the limit laid end to end, so when
    each window holds a line break (the usual case) no line needs measuring.
    """
    half = _MAX_7BIT_LINE // 2
    if all("\n" in text[start : start + half] for start in range(0, len(text) - half, half)):
        return True
    return max(map(len, text.split("\n"))) <= _MAX_7BIT_LINE


# A display name needing neither quotes nor encoding: atoms (RFC 5322 atext) and spaces.
_PLAIN_PHRASE = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+")
# Longer display names are cut: they only label the address.
_LONGEST_NAME = 200
# 45 bytes make 60 base64 characters: with `=?utf-8?b?` and `?=`, a word of 72.
_BYTES_A_WORD = 45
# RFC 5322 allows 998 characters a line; leave room for the dot SMTP may add in front.
_MAX_7BIT_LINE = 990

"""Sending: hand checked messages to the SMTP relay, one person at a time, never twice.

Only `playbook drafts ... --send` calls this. Each person's state is kept in the `deliveries`
table (`sending` just before the relay is given the message, then `sent` or `failed`), and every
sent or failed message is a timeline event, so a run that stops half-way can be run again and
sends only to those not yet sent to. A sent apology also records its person `emailed`
(`notify.notices`), in the same transaction. The password comes from the environment variable the
config names; it is never stored.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from playbook.config import Config, SmtpConfig
from playbook.domain.errors import PlaybookError, Refused
from playbook.domain.incident import Person
from playbook.domain.vocabulary import DraftKind
from playbook.notify.compose import OutgoingMessage
from playbook.notify.notices import record_emailed
from playbook.runtime.progress import ProgressBar
from playbook.store.database import transaction
from playbook.store.deliveries import delivery_states, set_delivery_state
from playbook.store.events import append_event
from playbook.store.notices import people_by_address

SECURITY = ("starttls", "tls")
TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class SendReport:
    """What one sending run did."""

    sent: int
    already_sent: int
    in_flight_before: int


def relay_password(smtp: SmtpConfig, environ: Mapping[str, str]) -> str | None:
    """Check the relay settings before anything is written; return the password (if any)."""
    if not smtp.host.strip():
        raise Refused("Set smtp.host (and smtp.port) in the config file before sending.")
    if smtp.security not in SECURITY:
        raise Refused(f"smtp.security in the config file must be one of {', '.join(SECURITY)}.")
    if not smtp.username:
        return None
    password = environ.get(smtp.password_env, "")
    if not password:
        raise Refused(
            f"Set the environment variable {smtp.password_env} to the SMTP password; playbook "
            "reads it from there and never stores it."
        )
    return password


def send_messages(
    db: Database,
    incident_id: str,
    kind: str,
    messages: Sequence[OutgoingMessage],
    *,
    config: Config,
    now: datetime,
    author: str,
    batch: Mapping[str, object],
    environ: Mapping[str, str] | None = None,
    progress: Callable[[str, int], ProgressBar] | None = None,
) -> SendReport:
    """Send each message not yet sent; stop at the first the relay refuses, keeping the rest.

    `batch` holds what the timeline records about the batch (template and SHA-256s).
    """
    password = relay_password(config.smtp, os.environ if environ is None else environ)
    states = delivery_states(db, incident_id, kind)
    pending = [m for m in messages if states.get(m.address.casefold()) != "sent"]
    in_flight = sum(1 for m in pending if states.get(m.address.casefold()) == "sending")
    report = SendReport(0, len(messages) - len(pending), in_flight)
    if not pending:
        return report
    # An apology sent is a person told: each is recorded `emailed` as it goes.
    told = people_by_address(db, incident_id) if kind == DraftKind.APOLOGY else {}
    relay = _connect(config.smtp, password)
    shown = progress("Sending", len(pending)) if progress else None
    sent = 0
    stopped: BaseException | None = None
    try:
        for message in pending:
            _record(db, incident_id, kind, message, "sending", now, author)
            try:
                # SMTP needs CRLF line ends; smtplib converts only text, and bare LF is refused.
                wire = message.data.replace(b"\n", b"\r\n")
                relay.sendmail(config.drafts.from_address, [message.address], wire)
            except (smtplib.SMTPException, OSError) as error:
                stopped = error
                _record(db, incident_id, kind, message, "failed", now, author, _why(error))
                break
            _record(
                db,
                incident_id,
                kind,
                message,
                "sent",
                now,
                author,
                told=told.get(message.address.strip().lower(), []),
            )
            sent += 1
            if shown:
                shown.advance()
    finally:
        if shown:
            shown.finish()
        _close(relay)
        append_event(
            db,
            incident_id,
            "drafts.sent",
            author=author,
            at=now,
            data={
                **batch,
                "template": kind,
                "count": sent,
                "already_sent": report.already_sent,
                "failed": 0 if stopped is None else 1,
            },
        )
    if stopped is not None:
        raise PlaybookError(
            f"Sent {sent} of {len(pending)}; the relay refused the next message "
            f"({_why(stopped)}). Run the same command again to send the rest: nobody already "
            "sent to will get it twice."
        )
    return SendReport(sent, report.already_sent, in_flight)


def _connect(smtp: SmtpConfig, password: str | None) -> smtplib.SMTP:
    context = ssl.create_default_context()
    where = f"{smtp.host}:{smtp.port}"
    relay: smtplib.SMTP | None = None
    try:
        if smtp.security == "tls":
            relay = smtplib.SMTP_SSL(smtp.host, smtp.port, context=context, timeout=TIMEOUT_SECONDS)
        else:
            relay = smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT_SECONDS)
            relay.ehlo()
            if not relay.has_extn("starttls"):
                raise PlaybookError(
                    f"The relay {where} does not offer STARTTLS; if it expects TLS from the start, "
                    'set smtp.security = "tls". Nothing was sent.'
                )
            relay.starttls(context=context)
        relay.ehlo()
        if password is not None:
            if not relay.has_extn("auth"):
                raise PlaybookError(
                    f"The relay {where} does not offer a login; remove smtp.username if it needs "
                    "none. Nothing was sent."
                )
            relay.login(smtp.username, password)
    except BaseException as error:
        if relay is not None:
            relay.close()
        if isinstance(error, smtplib.SMTPAuthenticationError):
            raise PlaybookError(
                f"The relay {where} refused the username or password; nothing was sent."
            ) from error
        if isinstance(error, smtplib.SMTPException | OSError):
            raise PlaybookError(
                f"The relay {where} cannot be used ({_why(error)}); check smtp in the config. "
                "Nothing was sent."
            ) from error
        raise
    return relay


def _close(relay: smtplib.SMTP) -> None:
    try:
        relay.quit()
    except (smtplib.SMTPException, OSError):
        relay.close()


def _why(error: BaseException) -> str:
    """The kind of failure and the relay's code, never its text (it may quote an address)."""
    code = getattr(error, "smtp_code", None)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [value[0] for value in error.recipients.values()]
        code = codes[0] if codes else None
    if isinstance(error, ssl.SSLError):
        return f"TLS failed: {error.reason or type(error).__name__}"
    return f"{type(error).__name__} {code}" if code else type(error).__name__


def _set_state(
    db: Database, incident_id: str, kind: str, message: OutgoingMessage, state: str, now: datetime
) -> None:
    set_delivery_state(
        db,
        incident_id,
        kind,
        address=message.address,
        message_id=message.message_id,
        state=state,
        at=now,
    )


def _record(
    db: Database,
    incident_id: str,
    kind: str,
    message: OutgoingMessage,
    state: str,
    now: datetime,
    author: str,
    reason: str = "",
    *,
    told: list[Person] | None = None,
) -> None:
    with transaction(db):
        _set_state(db, incident_id, kind, message, state, now)
        data = {"template": kind, "message_id": message.message_id}
        if reason:
            data["reason"] = reason
        append_event(
            db,
            incident_id,
            f"delivery.{state}",
            author=author,
            at=now,
            data=data,
            personal={"address": message.address},
        )
        if told:
            record_emailed(
                db, incident_id, told, message_id=message.message_id, author=author, now=now
            )

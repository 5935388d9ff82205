"""Drafting: what a message to one person says about them, in plain sentences.

Pure rules over domain values. These functions turn a person's data items and the incident's
facts into sentences (the templates only lay them out); `playbook.domain.gate` then checks each
rendered draft before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import cached_property

from playbook.domain.containment import is_external
from playbook.domain.exposure import (
    BANK_DETAILS,
    CREDENTIALS,
    categories_for,
    describe_items,
    is_fraud_enabling,
)
from playbook.domain.facts import SPECIAL_CATEGORIES
from playbook.domain.incident import Recipient
from playbook.domain.labels import human_join

# Recipients still owing a written confirmation of deletion: the ones a chaser goes to.
CHASE_STATUSES = ("requested", "acknowledged", "no_response")

_SHOWN_IN_MESSAGE = re.compile(r"message \d+")
_PHONES = {"mobile", "phone"}
_POSTAL = {"postal_address", "postcode"}
_SENSITIVE_CATEGORIES = SPECIAL_CATEGORIES | {"criminal"}

# The harm a person could suffer (the `consequences` fact), said to that person.
CONSEQUENCE_SENTENCES: dict[str, str] = {
    "identity_fraud": "Someone could try to use your details to pretend to be you, for example "
    "to open accounts or take out credit in your name.",
    "financial_loss": "You could be targeted by scams that aim to take money from you.",
    "physical_harm": "Someone who should not know these details could try to find or contact "
    "you in person.",
    "distress": "You may feel worried or upset that people you do not know have seen this "
    "information.",
    "discrimination": "Someone could treat you unfairly because of what the information says.",
    "reputational_damage": "People who saw the information could think differently of you.",
    "professional_secrecy": "Information given in confidence is no longer confidential.",
}


@dataclass(frozen=True)
class ContactPoint:
    """Who a person can contact about the incident: the DPO or the organisation's team."""

    organisation: str
    name: str = ""
    email: str = ""
    phone: str = ""

    @cached_property
    def who(self) -> str:
        """'our data protection officer, Jane Doe' or 'our data protection team'."""
        if self.name:
            return f"our data protection officer, {self.name}"
        return "our data protection team"

    @cached_property
    def lines(self) -> tuple[str, ...]:
        """The ways to reach them, one per line."""
        lines = []
        if self.email:
            lines.append(f"Email: {self.email}")
        if self.phone:
            lines.append(f"Phone: {self.phone}")
        return tuple(lines)

    @cached_property
    def markers(self) -> tuple[str, ...]:
        """What a draft must contain to count as giving the contact point (any one of them)."""
        return tuple(value for value in (self.email, self.phone) if value)


def describe_data_items(items: Iterable[str]) -> str:
    """'your name, mobile number and date of birth', in reading order, each item once."""
    words = describe_items(items)
    return f"your {words}" if words else "some of your personal information"


def _is_sensitive(items: set[str]) -> bool:
    return bool(set(categories_for(items)) & _SENSITIVE_CATEGORIES)


# What else could follow, by what of theirs was exposed (keys beside CONSEQUENCE_SENTENCES').
_EXPOSURE_CONSEQUENCES: dict[str, str] = {
    "unwanted_emails": "You may receive unwanted emails, including scam (phishing) emails that "
    "try to trick you into giving more information.",
    "unwanted_calls": "You may receive unwanted calls or text messages, including scams.",
    "information_held": "People who should not have it now have information about you.",
}

# What a person can do to protect themselves, by key (`advice_keys` picks them).
ADVICE_SENTENCES: dict[str, str] = {
    "emails": "Be wary of emails that mention us or this mistake and ask you to click a link, "
    "open an attachment or give personal details. We will never ask for your password or bank "
    "details by email.",
    "calls": "Be wary of unexpected calls or texts, especially any that mention us or ask for "
    "personal or bank details. If in doubt, hang up and contact us using the details below.",
    "post": "Be wary of unexpected post or visitors who mention this mistake.",
    "credit_record": "Check your credit record, which you can do for free with Experian, "
    "Equifax or TransUnion, and report any fraud to Action Fraud (0300 123 2040).",
    "bank": "Check your bank and card statements, and tell your bank at once about any payment "
    "you do not recognise.",
    "password": "Change your password for our services, and anywhere else you use the same "
    "password.",
    "support": "If you are worried about how this information could be used, or about your "
    "safety, tell us and we will talk through what support is available.",
    "contact_us": "Do not reply to anyone else who contacts you about this mistake; contact us "
    "instead.",
}


def consequence_keys(items: Iterable[str], consequences: Iterable[str] = ()) -> tuple[str, ...]:
    """What could follow for this person, as keys (of CONSEQUENCE_SENTENCES, then
    `unwanted_emails`, `unwanted_calls`, or `information_held` when nothing else applies), so
    that a template in any language can say them."""
    held = set(items)
    chosen = [key for key in CONSEQUENCE_SENTENCES if key in set(consequences)]
    if not chosen:
        if is_fraud_enabling(held):
            chosen.append("identity_fraud")
        if _is_sensitive(held):
            chosen.append("distress")
    if "email" in held:
        chosen.append("unwanted_emails")
    if held & _PHONES:
        chosen.append("unwanted_calls")
    return tuple(chosen) or ("information_held",)


def likely_consequences(items: Iterable[str], consequences: Iterable[str] = ()) -> tuple[str, ...]:
    """What could follow for this person: the recorded `consequences`, else what the data suggests."""
    sentences = {**CONSEQUENCE_SENTENCES, **_EXPOSURE_CONSEQUENCES}
    return tuple(sentences[key] for key in consequence_keys(items, consequences))


def advice_keys(items: Iterable[str]) -> tuple[str, ...]:
    """The keys of ADVICE_SENTENCES that fit what of this person's was exposed, in order."""
    held = set(items)
    chosen = [
        key
        for key, applies in (
            ("emails", "email" in held),
            ("calls", bool(held & _PHONES)),
            ("post", bool(held & _POSTAL)),
            ("credit_record", is_fraud_enabling(held)),
            ("bank", bool(held & BANK_DETAILS)),
            ("password", bool(held & CREDENTIALS)),
            ("support", _is_sensitive(held)),
        )
        if applies
    ]
    return (*chosen, "contact_us")


def protective_advice(items: Iterable[str]) -> tuple[str, ...]:
    """What this person can do to protect themselves, fitted to what of theirs was exposed."""
    return tuple(ADVICE_SENTENCES[key] for key in advice_keys(items))


@dataclass(frozen=True)
class Measure:
    """One thing the organisation has done or will do: `asking` (or `asked`) everyone to delete
    it, `all_confirmed` or `some_confirmed` (`confirmed` of `of`), `ico_told`, `preventing`."""

    key: str
    confirmed: int = 0
    of: int = 0


def measure_list(recipients: Sequence[Recipient], *, ico_told: bool) -> tuple[Measure, ...]:
    """What the organisation has done and will do, from the recipients' containment statuses."""
    external = [recipient for recipient in recipients if is_external(recipient)]
    asked = any(recipient.status != "not_contacted" for recipient in external)
    confirmed = sum(1 for recipient in external if recipient.status == "confirmed")
    measures = []
    if external:
        measures.append(Measure("asked" if asked else "asking"))
    if external and confirmed == len(external):
        measures.append(Measure("all_confirmed", confirmed, len(external)))
    elif confirmed:
        measures.append(Measure("some_confirmed", confirmed, len(external)))
    if ico_told:
        measures.append(Measure("ico_told"))
    measures.append(Measure("preventing"))
    return tuple(measures)


def measures_taken(recipients: Sequence[Recipient], *, ico_told: bool) -> tuple[str, ...]:
    """What the organisation has done and will do, in sentences."""
    return tuple(_measure_sentence(m) for m in measure_list(recipients, ico_told=ico_told))


def _measure_sentence(measure: Measure) -> str:
    if measure.key in ("asked", "asking"):
        verb = "asked" if measure.key == "asked" else "are asking"
        return (
            f"We {verb} everyone who received the email to delete it, including from their "
            "deleted items and other devices, and to confirm this to us in writing."
        )
    if measure.key == "all_confirmed":
        return f"All {measure.of:,} have confirmed that they have deleted it."
    if measure.key == "some_confirmed":
        return (
            f"So far {measure.confirmed:,} of {measure.of:,} have confirmed that they have "
            "deleted it."
        )
    if measure.key == "ico_told":
        return "We have reported this to the Information Commissioner's Office."
    return (
        "We are looking at how this happened and changing how we send emails, so that it does "
        "not happen again."
    )


def greeting_for(name: str) -> str:
    """'Dear Aisha Khan,' or 'Hello,' when the name is not known."""
    name = " ".join(name.split())
    return f"Dear {name}," if name else "Hello,"


def day_text(moment: datetime | None, local_zone: tzinfo, *, with_time: bool = False) -> str:
    """'on Saturday 24 October 2026' (', at 09:30' too) in the local zone, or 'recently'."""
    if moment is None:
        return "recently"
    local = moment.astimezone(local_zone)
    text = f"on {local:%A} {local.day} {local:%B %Y}"
    return f"{text} at {local:%H:%M}" if with_time else text


def apology_what_happened(when: str, sources: Iterable[str]) -> str:
    """What happened, told to one affected person: when, and how their information got out.

    `sources` are where the import found the person: 'message 1' (their address was shown to
    the other recipients), 'message 1 attachment 2' (a row of an attached file).
    """
    lines = [f"{_capital(when)} we sent an email to people who should not have had it."]
    lines += [_EXPOSED_HOW[key] for key in exposed_how(sources)]
    return " ".join(lines)


_EXPOSED_HOW = {
    "address_shown": "Your email address was visible to everyone who received it.",
    "in_attachment": "A file attached to it included information about you.",
    "included": "It included information about you.",
}


def exposed_how(sources: Iterable[str]) -> tuple[str, ...]:
    """How a person's information got out, as keys: `address_shown` (their address was shown
    to the other recipients), `in_attachment` (a row of an attached file), else `included`."""
    found = [source.lower() for source in sources]
    keys = []
    if any(_SHOWN_IN_MESSAGE.fullmatch(source) for source in found):
        keys.append("address_shown")
    if any("attachment" in source for source in found):
        keys.append("in_attachment")
    return tuple(keys) or ("included",)


def received_what_happened(
    organisation: str, sent: str, subject: str, attachments: Sequence[str] = ()
) -> str:
    """What happened, told to someone who received the message by mistake."""
    return (
        f"{_capital(sent)} {organisation} sent you an email{_about(subject)} by mistake."
        f"{_attached(attachments)}"
    )


def chaser_what_happened(
    organisation: str, requested: str, sent: str, subject: str, attachments: Sequence[str] = ()
) -> str:
    """What happened, told again to a recipient who has not confirmed deletion."""
    return (
        f"{_capital(requested)} we asked you to delete an email{_about(subject)} that "
        f"{organisation} sent you by mistake {sent}.{_attached(attachments)}"
    )


def chase_reason(status: str) -> str:
    """Why a recipient is being chased, from their containment status."""
    if status == "acknowledged":
        return (
            "Thank you for replying. We still need you to confirm in writing that you have "
            "deleted it."
        )
    return "We have not yet had your written confirmation that you have deleted it."


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _about(subject: str) -> str:
    subject = " ".join(subject.split())
    return f' with the subject "{subject}"' if subject else ""


def _attached(attachments: Sequence[str]) -> str:
    if not attachments:
        return ""
    files = "file" if len(attachments) == 1 else "files"
    return f" It had {len(attachments)} {files} attached: {human_join(attachments)}."

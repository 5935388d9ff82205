"""Drafting: what a message to one person says about them, in plain sentences.

Pure rules over domain values. These functions turn a person's data items and the incident's
facts into sentences (the templates only lay them out); `playbook.domain.gate` then checks each
rendered draft before anything is written. Which sentences apply is decided here, once; their
words come from the phrasebook of the `language` asked for (`playbook.domain.phrases`: English
by default, Welsh).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import cached_property

from playbook.domain.containment import is_external
from playbook.domain.exposure import (
    BANK_DETAILS,
    CREDENTIALS,
    DATA_ITEMS,
    categories_for,
    is_fraud_enabling,
)
from playbook.domain.facts import SPECIAL_CATEGORIES
from playbook.domain.incident import Recipient
from playbook.domain.phrases import ENGLISH, Phrasebook, phrasebook_for
from playbook.domain.phrases.english import ENGLISH_PHRASES

# Recipients still owing a written confirmation of deletion: the ones a chaser goes to.
CHASE_STATUSES = ("requested", "acknowledged", "no_response")

_SHOWN_IN_MESSAGE = re.compile(r"message \d+")
_PHONES = {"mobile", "phone"}
_POSTAL = {"postal_address", "postcode"}
_SENSITIVE_CATEGORIES = SPECIAL_CATEGORIES | {"criminal"}

# The harm a person could suffer (the `consequences` fact), said to that person in English.
CONSEQUENCE_SENTENCES: Mapping[str, str] = ENGLISH_PHRASES.harms


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


def describe_data_items(items: Iterable[str], *, language: str = ENGLISH) -> str:
    """'your name, mobile number and date of birth', in reading order, each item once."""
    words = phrasebook_for(language)
    found = set(items)
    named = [words.data_items[key] for key in DATA_ITEMS if key in found]
    return words.your_data.format(items=words.join(named)) if named else words.some_of_your_data


def _is_sensitive(items: set[str]) -> bool:
    return bool(set(categories_for(items)) & _SENSITIVE_CATEGORIES)


def consequence_keys(items: Iterable[str], consequences: Iterable[str] = ()) -> tuple[str, ...]:
    """What could follow for this person, as keys (of CONSEQUENCE_SENTENCES, then
    `unwanted_emails`, `unwanted_calls`, or `information_held` when nothing else applies), so
    that any language can say them."""
    held, recorded = set(items), set(consequences)
    chosen = [key for key in CONSEQUENCE_SENTENCES if key in recorded]
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


def likely_consequences(
    items: Iterable[str], consequences: Iterable[str] = (), *, language: str = ENGLISH
) -> tuple[str, ...]:
    """What could follow for this person: the recorded `consequences`, else what the data suggests."""
    words = phrasebook_for(language)
    return tuple(
        words.harms.get(key) or words.consequences[key]
        for key in consequence_keys(items, consequences)
    )


def advice_keys(items: Iterable[str]) -> tuple[str, ...]:
    """The advice that fits what of this person's was exposed, as keys, in order."""
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


def protective_advice(items: Iterable[str], *, language: str = ENGLISH) -> tuple[str, ...]:
    """What this person can do to protect themselves, fitted to what of theirs was exposed."""
    advice = phrasebook_for(language).advice
    return tuple(advice[key] for key in advice_keys(items))


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


def measures_taken(
    recipients: Sequence[Recipient], *, ico_told: bool, language: str = ENGLISH
) -> tuple[str, ...]:
    """What the organisation has done and will do, in sentences."""
    sentences = phrasebook_for(language).measures
    return tuple(
        sentences[measure.key].format(confirmed=measure.confirmed, of=measure.of)
        for measure in measure_list(recipients, ico_told=ico_told)
    )


def greeting_for(name: str, *, language: str = ENGLISH) -> str:
    """'Dear Aisha Khan,' or 'Hello,' when the name is not known ('Annwyl ...' in Welsh)."""
    words = phrasebook_for(language)
    name = " ".join(name.split())
    return words.greeting.format(name=name) if name else words.greeting_without_name


def day_text(
    moment: datetime | None,
    local_zone: tzinfo,
    *,
    with_time: bool = False,
    language: str = ENGLISH,
) -> str:
    """'on Saturday 24 October 2026' (', at 09:30' too) in the local zone, or 'recently'."""
    words = phrasebook_for(language)
    if moment is None:
        return words.recently
    local = moment.astimezone(local_zone)
    text = words.on_day.format(
        weekday=words.weekdays[local.weekday()],
        day=local.day,
        month=words.months[local.month - 1],
        year=local.year,
    )
    return words.at_time.format(day=text, time=f"{local:%H:%M}") if with_time else text


def apology_what_happened(when: str, sources: Iterable[str], *, language: str = ENGLISH) -> str:
    """What happened, told to one affected person: when, and how their information got out."""
    words = phrasebook_for(language).what_happened
    lines = [words["sent_wrongly"].format(when=_capital(when))]
    lines += [words[key] for key in exposed_how(sources)]
    return " ".join(lines)


def exposed_how(sources: Iterable[str]) -> tuple[str, ...]:
    """How a person's information got out, as keys: `address_shown` (their address was shown
    to the other recipients), `in_attachment` (a row of an attached file), else `included`.

    `sources` are where the import found the person: 'message 1', 'message 1 attachment 2'.
    """
    found = [source.lower() for source in sources]
    keys = []
    if any(_SHOWN_IN_MESSAGE.fullmatch(source) for source in found):
        keys.append("address_shown")
    if any("attachment" in source for source in found):
        keys.append("in_attachment")
    return tuple(keys) or ("included",)


def received_what_happened(
    organisation: str,
    sent: str,
    subject: str,
    attachments: Sequence[str] = (),
    *,
    language: str = ENGLISH,
) -> str:
    """What happened, told to someone who received the message by mistake."""
    words = phrasebook_for(language)
    happened = words.what_happened["received"].format(
        sent=_capital(sent), organisation=organisation, about=_about(subject, words)
    )
    return happened + _attached(attachments, words)


def chaser_what_happened(
    organisation: str,
    requested: str,
    sent: str,
    subject: str,
    attachments: Sequence[str] = (),
    *,
    language: str = ENGLISH,
) -> str:
    """What happened, told again to a recipient who has not confirmed deletion."""
    words = phrasebook_for(language)
    happened = words.what_happened["chased"].format(
        requested=_capital(requested),
        about=_about(subject, words),
        organisation=organisation,
        sent=sent,
    )
    return happened + _attached(attachments, words)


def chase_reason(status: str, *, language: str = ENGLISH) -> str:
    """Why a recipient is being chased, from their containment status."""
    reasons = phrasebook_for(language).chase_reasons
    return reasons["acknowledged" if status == "acknowledged" else "unconfirmed"]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _about(subject: str, words: Phrasebook) -> str:
    subject = " ".join(subject.split())
    return words.about_subject.format(subject=subject) if subject else ""


def _attached(attachments: Sequence[str], words: Phrasebook) -> str:
    if not attachments:
        return ""
    one, several = words.attached
    sentence = one if len(attachments) == 1 else several
    return sentence.format(count=len(attachments), names=words.join(attachments))

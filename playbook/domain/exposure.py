"""Who saw what: the kinds of data that leaked, exposed addresses, and the affected people.

Pure rules over plain values. The mail readers find data items (a column of mobile numbers, a
Cc line); this module says which ICO category each belongs to, which combinations enable
identity fraud, which addresses were shown to others, and who the affected people are once the
same person found twice is counted once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from playbook.domain.incident import Person
from playbook.domain.labels import human_join


@dataclass(frozen=True)
class DataItem:
    """A kind of personal data: its ICO category and how to name it to the person it is about."""

    category: str
    words: str
    subject: str = ""


# Every kind of data item the importer can find, in the order a sentence should name them.
DATA_ITEMS: dict[str, DataItem] = {
    "name": DataItem("basic_identifiers", "name"),
    "email": DataItem("basic_identifiers", "email address"),
    "mobile": DataItem("basic_identifiers", "mobile number"),
    "phone": DataItem("basic_identifiers", "phone number"),
    "postal_address": DataItem("basic_identifiers", "postal address"),
    "postcode": DataItem("basic_identifiers", "postcode"),
    "date_of_birth": DataItem("basic_identifiers", "date of birth"),
    "age": DataItem("basic_identifiers", "age"),
    "gender": DataItem("basic_identifiers", "gender"),
    "staff_number": DataItem("basic_identifiers", "staff number", "employees"),
    "student_number": DataItem("basic_identifiers", "student number", "students"),
    "course": DataItem("other", "course", "students"),
    "nationality": DataItem("other", "nationality or country of origin"),
    "national_insurance_number": DataItem("official_documents", "National Insurance number"),
    "passport_number": DataItem("official_documents", "passport number"),
    "driving_licence": DataItem("official_documents", "driving licence number"),
    "nhs_number": DataItem("official_documents", "NHS number", "patients"),
    "username": DataItem("identification", "username"),
    "password": DataItem("identification", "password"),
    "bank_account": DataItem("financial", "bank account details"),
    "sort_code": DataItem("financial", "sort code"),
    "card_number": DataItem("financial", "card number"),
    "salary": DataItem("financial", "salary"),
    "health": DataItem("health", "health information"),
    "ethnicity": DataItem("racial_ethnic", "ethnic origin"),
    "religion": DataItem("religious", "religion or belief"),
    "sexuality": DataItem("sexual_orientation", "sexual orientation"),
    "gender_reassignment": DataItem("gender_reassignment", "gender identity"),
    "political": DataItem("political", "political opinions"),
    "trade_union": DataItem("trade_union", "trade union membership"),
    "offence": DataItem("criminal", "information about offences"),
}

NATIONAL_IDENTIFIERS = frozenset(
    {"national_insurance_number", "passport_number", "driving_licence", "nhs_number"}
)
BANK_DETAILS = frozenset({"bank_account", "sort_code", "card_number"})
CREDENTIALS = frozenset({"password"})
CONTACT_ITEMS = frozenset({"mobile", "phone", "postal_address", "postcode"})
_ITEM_ORDER = {item: number for number, item in enumerate(DATA_ITEMS)}
# Identifiers that, with a name, tell two people of the same name apart (in this order).
DISTINGUISHING_ITEMS = (
    "staff_number",
    "student_number",
    "date_of_birth",
    "national_insurance_number",
    "mobile",
    "phone",
    "postcode",
)


def categories_for(items: Iterable[str]) -> list[str]:
    """The ICO categories the data items belong to, sorted."""
    return sorted({DATA_ITEMS[item].category for item in items if item in DATA_ITEMS})


def subjects_for(items: Iterable[str]) -> list[str]:
    """The kinds of data subject that the data items imply (a student number: students)."""
    return sorted(
        {
            DATA_ITEMS[item].subject
            for item in items
            if item in DATA_ITEMS and DATA_ITEMS[item].subject
        }
    )


def is_fraud_enabling(items: Iterable[str]) -> bool:
    """True for combinations that enable identity fraud (domain.md §4.3).

    Name with date of birth and a phone or address; any national identifier; bank or card
    details; passwords.
    """
    found = set(items)
    if found & (NATIONAL_IDENTIFIERS | BANK_DETAILS | CREDENTIALS):
        return True
    return {"name", "date_of_birth"} <= found and bool(found & CONTACT_ITEMS)


def describe_items(items: Iterable[str]) -> str:
    """The data items in words, e.g. 'name, mobile number and date of birth'."""
    found = set(items)
    return human_join(item.words for key, item in DATA_ITEMS.items() if key in found)


class Addressed(Protocol):
    """Anything with an address and the field it was in (a recipient as read or as stored)."""

    address: str
    field: str


def shown_to_others(recipients: Iterable[Addressed]) -> set[str]:
    """The addresses of one message shown to somebody else: To and Cc, when it reached two or more.

    Bcc addresses are shown to nobody, and an address that was the message's only recipient
    was shown to nobody else. One pass, no copy: a sender's copy may list 100,000.
    """
    shown: set[str] = set()
    first, several = None, False
    for recipient in recipients:
        if first is None:
            first = recipient.address
        elif recipient.address != first:
            several = True
        if recipient.field in ("to", "cc"):
            shown.add(recipient.address)
    return shown if several else set()


_FORWARD = re.compile(r"^\s*(?:fwd?|wg|tr)\s*:", re.IGNORECASE)
_REPLY = re.compile(r"^\s*(?:re|aw|sv)\s*:", re.IGNORECASE)
RELATIONS = ("original", "reply", "forward", "other", "address_list")


def message_relation(subject: str, references: Iterable[str], earlier_ids: Iterable[str]) -> str:
    """How a later message relates to the earlier ones: reply, forward, or other.

    A reply-all or a forward is a further disclosure by whoever sent it (domain.md §3).
    """
    if _FORWARD.match(subject):
        return "forward"
    if set(references) & set(earlier_ids) or _REPLY.match(subject):
        return "reply"
    return "other"


_PUNCTUATION = str.maketrans({c: " " for c in '!"#$%&()*+,./:;<=>?@[\\]^_`{|}~'})


def normalise_name(name: str) -> str:
    """A name as compared: lower case, single spaces, no punctuation but apostrophes and hyphens."""
    return " ".join(name.lower().translate(_PUNCTUATION).split())


def name_aliases(name: str, identifiers: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """Keys that find a person without an email: their name with each distinguishing identifier.

    `identifiers` are (item, value) pairs in DISTINGUISHING_ITEMS order. A name alone is an
    alias only when nothing else is known; an identifier alone only when there is no name.
    """
    normal = normalise_name(name)
    present = [(item, value.strip().lower()) for item, value in identifiers if value.strip()]
    if not normal:
        return tuple(f"{item}:{value}" for item, value in present)
    if not present:
        return (normal,)
    return tuple(f"{normal}|{item}:{value}" for item, value in present)


class _Entry:
    """One person being gathered. Item sets and source tuples are shared between entries and
    never changed in place, so a 100,000-row file holds only a handful of distinct ones."""

    __slots__ = ("name", "email", "items", "sources")

    def __init__(self, name: str, email: str, items: frozenset[str], sources: tuple[str, ...]):
        self.name = name
        self.email = email
        self.items = items
        self.sources = sources

    def absorb(
        self, name: str, email: str, items: frozenset[str], sources: tuple[str, ...]
    ) -> None:
        if not items <= self.items:
            self.items = self.items | items
        for source in sources:
            if source not in self.sources:
                self.sources = (*self.sources, source)
        self.name = self.name or name
        self.email = self.email or email


class PeopleIndex:
    """The affected people, de-duplicated as they are found.

    A person is known by their email (lower case) when there is one, else by their first alias
    (their name and a distinguishing identifier). A row without an email that matches an
    earlier row's name and identifier is the same person, and so is a later row with an email
    whose name and identifier match a person first seen without one. People already stored
    are matched by key only. Kept lean: a 100,000-row file is held here while it is imported.
    """

    def __init__(self, existing: Iterable[Person] = ()) -> None:
        self._entries: dict[str, _Entry] = {}
        self._alias_to_key: dict[int, str] = {}  # by hash: strings would double the memory
        self._moved: dict[str, str] = {}
        self._sources: dict[str, tuple[str, ...]] = {}
        for person in existing:
            self._entries[person.key] = _Entry(
                person.name, person.email, frozenset(person.data_items), tuple(person.sources)
            )
        self._untouched = set(self._entries)

    def add(
        self,
        *,
        email: str = "",
        name: str = "",
        items: Iterable[str] = (),
        source: str,
        aliases: Sequence[str] = (),
    ) -> str | None:
        """Record one finding of a person; return their key, or None when nothing identifies them."""
        email = email.strip().lower()
        if email:
            key = email
            if aliases:
                self._move_to_email(email, aliases)
        elif aliases:
            known = self._alias_to_key
            key = next(
                (self._current(known[hash(a)]) for a in aliases if hash(a) in known), aliases[0]
            )
        else:
            return None
        found = items if isinstance(items, frozenset) else frozenset(items)
        sources = self._sources.get(source)
        if sources is None:
            sources = self._sources[source] = (source,)
        entry = self._entries.get(key)
        if entry is None:
            self._entries[key] = _Entry(name, email, found, sources)
        else:
            entry.absorb(name, email, found, sources)
            self._untouched.discard(key)
        for alias in aliases:
            self._alias_to_key.setdefault(hash(alias), key)
        return key

    def merge(self, other: PeopleIndex, source_prefix: str = "") -> None:
        """Take over the people of another index, prefixing their sources (`message 2 `).

        The other index's entries move here (no copy of a 100,000-person file); do not use it
        afterwards.
        """
        prefixed: dict[tuple[str, ...], tuple[str, ...]] = {}
        for key, entry in other._entries.items():
            sources = prefixed.get(entry.sources)
            if sources is None:
                sources = prefixed[entry.sources] = tuple(
                    source_prefix + source for source in entry.sources
                )
            mine = self._entries.get(key)
            if mine is None:
                entry.sources = sources
                self._entries[key] = entry
            else:
                mine.absorb(entry.name, entry.email, entry.items, sources)
                self._untouched.discard(key)
        other._entries = {}

    def _current(self, key: str) -> str:
        while key in self._moved:
            key = self._moved[key]
        return key

    def _move_to_email(self, email_key: str, aliases: Sequence[str]) -> None:
        """Move a person first found without an email to their email key, now that it is known."""
        for alias in aliases:
            old_key = self._alias_to_key.get(hash(alias))
            if old_key is None:
                continue
            old_key = self._current(old_key)
            entry = self._entries.get(old_key)
            if old_key == email_key or entry is None or entry.email:
                continue
            del self._entries[old_key]
            self._moved[old_key] = email_key
            target = self._entries.setdefault(email_key, _Entry("", email_key, frozenset(), ()))
            target.absorb(entry.name, "", entry.items, entry.sources)

    def __len__(self) -> int:
        return len(self._entries)

    def people(self, only_changed: bool = False) -> Iterator[Person]:
        """The people found (or only those added or changed since the index was built).

        A generator in key order: a database index takes sorted keys several times faster
        than random ones, and a 100,000-person import is written without a second list.
        """
        keys = sorted(key for key in self._entries if not (only_changed and key in self._untouched))
        ordered: dict[frozenset[str], tuple[str, ...]] = {}
        for key in keys:
            entry = self._entries[key]
            items = ordered.get(entry.items)
            if items is None:
                items = ordered[entry.items] = tuple(
                    sorted(entry.items, key=lambda item: _ITEM_ORDER.get(item, len(_ITEM_ORDER)))
                )
            yield Person(key, entry.name, entry.email, items, entry.sources)


@dataclass(frozen=True)
class AttachmentCount:
    """What one attachment adds to the record count: its content hash and personal-data rows."""

    sha256: str
    rows: int
    holds_personal_data: bool


def count_records(attachments: Iterable[AttachmentCount], exposed_addresses: int) -> int:
    """Records exposed: rows of personal data (a file sent twice counts once) and exposed addresses."""
    rows_by_file: dict[str, int] = {}
    for attachment in attachments:
        if attachment.holds_personal_data and attachment.rows:
            rows_by_file[attachment.sha256 or str(id(attachment))] = attachment.rows
    return sum(rows_by_file.values()) + exposed_addresses

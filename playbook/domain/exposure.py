"""Who saw what: the kinds of data that leaked, exposed addresses, and the affected people.

Pure rules over plain values. The mail readers find data items (a column of mobile numbers, a
Cc line); this module says which ICO category each belongs to, which combinations enable
identity fraud, which addresses were shown to others, and who the affected people are once the
same person found twice is counted once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from playbook.domain.incident import Person


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
    words = [item.words for key, item in DATA_ITEMS.items() if key in found]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def shown_to_others(recipients: Sequence[tuple[str, str]]) -> set[str]:
    """The addresses of one message shown to somebody else: To and Cc, when it reached two or more.

    `recipients` holds (address, field) pairs. Bcc addresses are shown to nobody, and an
    address that was the message's only recipient was shown to nobody else.
    """
    everyone = {address for address, _ in recipients}
    if len(everyone) < 2:
        return set()
    return {address for address, field in recipients if field in ("to", "cc")}


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


def normalise_name(name: str) -> str:
    """A name as compared: lower case, single spaces, no punctuation."""
    return " ".join(re.sub(r"[^\w\s'-]", " ", name.lower()).split())


def name_aliases(name: str, identifiers: dict[str, str]) -> tuple[str, ...]:
    """Keys that find a person without an email: their name with each distinguishing identifier.

    A name alone is an alias only when nothing else is known; an identifier alone only when
    there is no name.
    """
    normal = normalise_name(name)
    present = [
        (item, identifiers[item].strip().lower())
        for item in DISTINGUISHING_ITEMS
        if identifiers.get(item, "").strip()
    ]
    if not normal:
        return tuple(f"{item}:{value}" for item, value in present)
    if not present:
        return (normal,)
    return tuple(f"{normal}|{item}:{value}" for item, value in present)


def person_key(email: str, aliases: Sequence[str]) -> str | None:
    """A person's key: their email in lower case, else their first alias, else None."""
    if email:
        return email.strip().lower()
    return aliases[0] if aliases else None


class _Entry:
    __slots__ = ("name", "email", "items", "sources")

    def __init__(self, name: str, email: str, items: Iterable[str], sources: Iterable[str]) -> None:
        self.name = name
        self.email = email
        self.items = set(items)
        self.sources = dict.fromkeys(sources)

    def absorb(self, other: _Entry) -> None:
        self.items |= other.items
        self.sources.update(other.sources)
        self.name = self.name or other.name
        self.email = self.email or other.email


class PeopleIndex:
    """The affected people, de-duplicated as they are found.

    A person is known by their email (lower case) when there is one, else by their name and a
    distinguishing identifier. A row without an email that matches an earlier row's name and
    identifier is the same person, and so is a later row with an email whose name and identifier
    match a person first seen without one. People already stored are matched by key only.
    """

    def __init__(self, existing: Iterable[Person] = ()) -> None:
        self._entries: dict[str, _Entry] = {}
        self._alias_to_key: dict[str, str] = {}
        self._moved: dict[str, str] = {}
        self._changed: dict[str, None] = {}
        for person in existing:
            self._entries[person.key] = _Entry(
                person.name, person.email, person.data_items, person.sources
            )

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
        key = person_key(email, aliases)
        if key is None:
            return None
        if email:
            self._move_to_email(email, aliases)
        else:
            key = next(
                (self._current(self._alias_to_key[a]) for a in aliases if a in self._alias_to_key),
                key,
            )
        entry = self._entries.get(key)
        if entry is None:
            self._entries[key] = _Entry(name, email, items, (source,))
        else:
            entry.absorb(_Entry(name, email, items, (source,)))
        for alias in aliases:
            self._alias_to_key.setdefault(alias, key)
        self._changed[key] = None
        return key

    def add_person(self, person: Person, source_prefix: str = "") -> None:
        """Merge a person found elsewhere (another index, the database) in by their key."""
        sources = [source_prefix + source for source in person.sources]
        entry = self._entries.get(person.key)
        found = _Entry(person.name, person.email, person.data_items, sources)
        if entry is None:
            self._entries[person.key] = found
        else:
            entry.absorb(found)
        self._changed[person.key] = None

    def _current(self, key: str) -> str:
        while key in self._moved:
            key = self._moved[key]
        return key

    def _move_to_email(self, email_key: str, aliases: Sequence[str]) -> None:
        """Move a person first found without an email to their email key, now that it is known."""
        for alias in aliases:
            old_key = self._alias_to_key.get(alias)
            if old_key is None:
                continue
            old_key = self._current(old_key)
            entry = self._entries.get(old_key)
            if old_key == email_key or entry is None or entry.email:
                continue
            del self._entries[old_key]
            self._changed.pop(old_key, None)
            self._moved[old_key] = email_key
            target = self._entries.setdefault(email_key, _Entry("", email_key, (), ()))
            target.absorb(entry)

    def __len__(self) -> int:
        return len(self._entries)

    def people(self, only_changed: bool = False) -> list[Person]:
        """The people found (or only those added to or changed since the index was built)."""
        keys = self._changed if only_changed else self._entries.keys()
        return [self._person(key) for key in keys if key in self._entries]

    def _person(self, key: str) -> Person:
        entry = self._entries[key]
        return Person(
            key=key,
            name=entry.name,
            email=entry.email,
            data_items=tuple(
                sorted(entry.items, key=lambda item: _ITEM_ORDER.get(item, len(_ITEM_ORDER)))
            ),
            sources=tuple(entry.sources),
        )


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

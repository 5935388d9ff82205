"""Who saw what: the kinds of data that leaked, exposed addresses, and the affected people.

Pure rules over plain values. The mail readers find data items (a column of mobile numbers, a
Cc line); this module says which ICO category each belongs to, which combinations enable
identity fraud, which addresses were shown to others, and who the affected people are once the
same person found twice is counted once.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Sequence
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


def shown_to_others(field: str, reached: int) -> bool:
    """Whether an address in `field` of a message that reached `reached` distinct addresses was
    shown to somebody else: To and Cc were, when it reached two or more; Bcc never was.

    An address that was the message's only recipient was shown to nobody else.
    """
    return field in ("to", "cc") and reached >= 2


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


# A Person's fields in order (key, name, email, data items, sources, postal address, phone), as
# a PeopleIndex hands a batch to its spill: a hundred thousand dataclasses would cost more than
# the rows themselves.
PersonRow = tuple[str, str, str, tuple[str, ...], tuple[str, ...], str, str]


def ordered_items(items: Iterable[str]) -> tuple[str, ...]:
    """Data items in the order a sentence names them (DATA_ITEMS order), each once."""
    return tuple(sorted(set(items), key=lambda item: _ITEM_ORDER.get(item, len(_ITEM_ORDER))))


def merged_sources(first: Iterable[str], then: Iterable[str]) -> tuple[str, ...]:
    """Where a person was found: the earlier sources, then the new ones, each once."""
    return tuple(dict.fromkeys((*first, *then)))


class _Entry:
    """One person being gathered. Item sets and source tuples are shared between entries and
    never changed in place, so a 100,000-row file holds only a handful of distinct ones."""

    __slots__ = ("name", "email", "items", "sources", "postal_address", "phone")

    def __init__(
        self,
        name: str,
        email: str,
        items: frozenset[str],
        sources: tuple[str, ...],
        postal_address: str = "",
        phone: str = "",
    ):
        self.name = name
        self.email = email
        self.items = items
        self.sources = sources
        self.postal_address = postal_address
        self.phone = phone

    def absorb(
        self,
        name: str,
        email: str,
        items: frozenset[str],
        sources: tuple[str, ...],
        postal_address: str = "",
        phone: str = "",
    ) -> None:
        if not items <= self.items:
            self.items = self.items | items
        for source in sources:
            if source not in self.sources:
                self.sources = (*self.sources, source)
        self.name = self.name or name
        self.email = self.email or email
        self.postal_address = self.postal_address or postal_address
        self.phone = self.phone or phone


class PeopleSpill(Protocol):
    """Where a PeopleIndex keeps the people and aliases it no longer holds (during an import,
    the database, so that a 100,000-row file is never held whole)."""

    def alias_keys(self, alias_hashes: Collection[int]) -> dict[int, str]:
        """The keys that these aliases (by hash) were first recorded for."""

    def person(self, key: str) -> Person | None:
        """The person kept under `key`, if any."""

    def remove(self, key: str) -> None:
        """Forget the person kept under `key` (they have moved to their email)."""

    def keep(self, people: Iterable[PersonRow], aliases: Iterable[tuple[int, str]]) -> None:
        """Merge `people` into those kept (the same key: everything found is added, the first
        name found stays) and record the aliases (one already recorded keeps its first key)."""


class PeopleIndex:
    """The affected people, de-duplicated as they are found.

    A person is known by their email (lower case) when there is one, else by their first alias
    (their name and a distinguishing identifier). A row without an email that matches an
    earlier row's name and identifier is the same person, and so is a later row with an email
    whose name and identifier match a person first seen without one.

    Without a spill, everyone is held here. With one, findings wait in batches of `hold`; each
    batch looks up the aliases it needs, is recorded, and is handed to the spill, which merges
    it with the people kept there (people stored by earlier imports are matched by key).
    """

    def __init__(self, spill: PeopleSpill | None = None, *, hold: int = 10_000) -> None:
        self._spill = spill
        self._hold = hold
        self._waiting: list[
            tuple[str, str, frozenset[str], tuple[str, ...], Sequence[str], str, str]
        ] = []
        self._entries: dict[str, _Entry] = {}
        self._alias_to_key: dict[int, str] = {}  # by hash: strings would double the memory
        self._moved: dict[str, str] = {}
        self._sources: dict[str, tuple[str, ...]] = {}
        self._without_email = False  # whether a finding without an email has been added

    def add(
        self,
        *,
        email: str = "",
        name: str = "",
        items: Iterable[str] = (),
        source: str,
        aliases: Sequence[str] = (),
        postal_address: str = "",
        phone: str = "",
    ) -> None:
        """Record one finding of a person (nothing, when neither an email nor an alias is given).

        `postal_address` is the address's lines joined by newlines; `phone` one number."""
        email = email.strip().lower()
        if not email and not aliases:
            return
        self._without_email = self._without_email or not email
        found = items if isinstance(items, frozenset) else frozenset(items)
        sources = self._sources.get(source)
        if sources is None:
            sources = self._sources[source] = (source,)
        if self._spill is None:
            self._record(email, name, found, sources, aliases, postal_address, phone)
            return
        self._waiting.append((email, name, found, sources, aliases, postal_address, phone))
        if len(self._waiting) >= self._hold:
            self.flush()

    def flush(self) -> None:
        """Record the waiting findings and hand everyone held to the spill (if there is one)."""
        if self._spill is None:
            return
        waiting, self._waiting = self._waiting, []
        # Aliases matter only to a finding without an email, or to a person found without one
        # (who may move to their email): until there is one, nothing needs looking up.
        if self._without_email:
            hashes = {hash(alias) for finding in waiting for alias in finding[4]}
            self._alias_to_key = self._spill.alias_keys(hashes)
        earlier = set(self._alias_to_key)
        for finding in waiting:
            self._record(*finding)
        new_aliases = [(h, key) for h, key in self._alias_to_key.items() if h not in earlier]
        self._spill.keep(self._rows(), new_aliases)
        self._entries, self._alias_to_key = {}, {}

    def _record(
        self,
        email: str,
        name: str,
        found: frozenset[str],
        sources: tuple[str, ...],
        aliases: Sequence[str],
        postal_address: str = "",
        phone: str = "",
    ) -> None:
        if email:
            key = email
            if aliases and self._without_email:
                self._move_to_email(email, aliases)
        else:
            known = self._alias_to_key
            key = next(
                (self._current(known[hash(a)]) for a in aliases if hash(a) in known), aliases[0]
            )
        entry = self._entries.get(key)
        if entry is None:
            self._entries[key] = _Entry(name, email, found, sources, postal_address, phone)
        else:
            entry.absorb(name, email, found, sources, postal_address, phone)
        for alias in aliases:
            self._alias_to_key.setdefault(hash(alias), key)

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
            entry = self._person(old_key) if old_key != email_key else None
            if entry is None or entry.email:
                continue
            self._entries.pop(old_key, None)
            if self._spill is not None:
                self._spill.remove(old_key)
            self._moved[old_key] = email_key
            target = self._entries.setdefault(email_key, _Entry("", email_key, frozenset(), ()))
            target.absorb(
                entry.name, "", entry.items, entry.sources, entry.postal_address, entry.phone
            )

    def _person(self, key: str) -> _Entry | None:
        """Everything known of the person under `key`: what the spill keeps, then what is held."""
        held = self._entries.get(key)
        kept = None if self._spill is None or (held and held.email) else self._spill.person(key)
        if kept is None:
            return held
        entry = _Entry(
            kept.name,
            kept.email,
            frozenset(kept.data_items),
            tuple(kept.sources),
            kept.postal_address,
            kept.phone,
        )
        if held is not None:
            entry.absorb(
                held.name, held.email, held.items, held.sources, held.postal_address, held.phone
            )
        return entry

    def __len__(self) -> int:
        return len(self._entries)

    def people(self) -> Iterator[Person]:
        """The people held (without a spill: everyone found), in key order."""
        return (Person(*row) for row in self._rows())

    def _rows(self) -> Iterator[PersonRow]:
        """The people held as rows, in key order: a database index takes sorted keys several
        times faster than random ones, and a 100,000-person import is written without a list."""
        ordered: dict[frozenset[str], tuple[str, ...]] = {}
        for key in sorted(self._entries):
            entry = self._entries[key]
            items = ordered.get(entry.items)
            if items is None:
                items = ordered[entry.items] = ordered_items(entry.items)
            yield (
                key,
                entry.name,
                entry.email,
                items,
                entry.sources,
                entry.postal_address,
                entry.phone,
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

"""Letters and calls: who is told by post or by phone, and the gate every letter must pass.

Pure rules. A person with an email is told by email; one without, by a letter when they have a
name and a usable postal address, else by a call when they have a phone number; anyone left is
listed, never dropped. The letter gate checks each letter as it will be printed (the address
block and every language's text): one person, and none of anyone else's name, email address,
postal address, postcode or phone number.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from playbook.domain.drafting import ContactPoint
from playbook.domain.gate import Audience, GateFailure, says
from playbook.domain.incident import Person
from playbook.domain.labels import counted
from playbook.domain.phrases import phrasebook_for
from playbook.domain.text import has_hidden

# A UK postcode, as written on an envelope (the space optional).
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{1,2}\d[A-Za-z\d]?) ?(\d[A-Za-z]{2})(?![A-Za-z0-9])"
)
# A phone number in running text: ten or eleven digits (or +44 and ten), spaces or dashes between.
_PHONE_IN_TEXT = re.compile(r"(?<![\d+])\+?\d(?:[ -]?\d){8,12}(?!\d)")
_WORD_SEPARATORS = str.maketrans({mark: " " for mark in string.punctuation})
MIN_PHONE_DIGITS = 10


def letter_date(day: date, language: str) -> str:
    """The date a letter is written, as its language writes it: '25 October 2026',
    '25 Hydref 2026'."""
    months = phrasebook_for(language).months
    return f"{day.day} {months[day.month - 1]} {day.year}"


def address_lines(postal_address: str) -> tuple[str, ...]:
    """A stored postal address as the lines of an address block."""
    return tuple(line.strip() for line in postal_address.splitlines() if line.strip())


def envelope_lines(postal_address: str) -> tuple[str, ...]:
    """A postal address as a letter prints it: its lines, the postcode on the last written as
    Royal Mail asks (capitals, one space: 'nr21 0aa' prints 'NR21 0AA')."""
    lines = address_lines(postal_address)
    if not lines:
        return ()
    last = _POSTCODE.sub(lambda found: f"{found[1]} {found[2]}".upper(), lines[-1])
    return (*lines[:-1], last)


def postcodes_in(text: str) -> list[str]:
    """Every UK postcode in `text`, written the one way they are compared (`CF10 1AA`)."""
    return [f"{first.upper()} {last.upper()}" for first, last in _POSTCODE.findall(text)]


def is_usable_postal_address(postal_address: str) -> bool:
    """True when a letter can be posted to it: two or more lines, the last ending with the one
    postcode the address holds."""
    lines = address_lines(postal_address)
    if len(lines) < 2 or len(postcodes_in("\n".join(lines))) != 1:
        return False
    return bool(postcodes_in(lines[-1]))


def phone_digits(phone: str) -> str:
    """A phone number as compared: its digits, a leading 44 (or 0044, and the (0) of
    '+44 (0)29 ...') written as 0, and the 0 a spreadsheet drops from a mobile put back."""
    digits = "".join(character for character in phone if character.isdigit())
    if digits.startswith("0044"):
        digits = digits[2:]
    if digits.startswith("44") and len(digits) >= 12:
        digits = "0" + digits[2:].removeprefix("0")
    if len(digits) == 10 and digits.startswith("7"):
        digits = "0" + digits
    return digits


def has_usable_phone(phone: str) -> bool:
    """True when `phone` holds a number that can be dialled (ten digits or more)."""
    return len(phone_digits(phone)) >= MIN_PHONE_DIGITS


def reached_by(person: Person) -> str:
    """How a person can be reached, in a few words: their email, the first line of a postal
    address a letter can go to, a phone number, or "no email, address or phone"."""
    if person.email.strip():
        return person.email.strip()
    if is_usable_postal_address(person.postal_address):
        return f"post: {address_lines(person.postal_address)[0]}"
    if has_usable_phone(person.phone):
        return f"phone: {person.phone.strip()}"
    return "no email, address or phone"


@dataclass(frozen=True)
class Reach:
    """How each person without an email is told: by letter, by phone, or not yet at all."""

    by_letter: tuple[Person, ...]
    by_phone: tuple[Person, ...]
    unreachable: tuple[Person, ...]


def reach_of(people: Iterable[Person]) -> Reach:
    """Sort the people without an email: a letter for those with a name and a usable postal
    address, a call for those with a phone number, and the rest listed as unreachable."""
    by_letter, by_phone, unreachable = [], [], []
    for person in people:
        if person.email.strip():
            continue
        if person.name.strip() and is_usable_postal_address(person.postal_address):
            by_letter.append(person)
        elif has_usable_phone(person.phone):
            by_phone.append(person)
        else:
            unreachable.append(person)
    return Reach(tuple(by_letter), tuple(by_phone), tuple(unreachable))


@dataclass(frozen=True)
class Letter:
    """One letter to one person, as it will be printed: the address block and the text of each
    language, in writing order."""

    key: str
    name: str
    address: tuple[str, ...]
    texts: tuple[str, ...]
    must_say: tuple[str, ...] = ()  # what happened, in each language, as each text must say it


class _Phrases:
    """Whole phrases (address lines, as words with their digits), indexed to be found in a text
    in one pass over its words, each with the people it belongs to."""

    def __init__(self) -> None:
        self.owners: dict[tuple[str, ...], set[str]] = {}
        self.first_words: set[str] = set()
        self.lengths: set[int] = set()

    def add(self, phrase: str, owner: str) -> None:
        words = words_of(phrase)
        if len(words) >= 2:
            self.owners.setdefault(words, set()).add(owner)
            self.first_words.add(words[0])
            self.lengths.add(len(words))

    def discard(self, phrase: str) -> None:
        self.owners.pop(words_of(phrase), None)

    def found_at(self, words: Sequence[str], starts: Iterable[int]) -> set[tuple[str, ...]]:
        """The phrases that begin at `starts` (where a phrase's first word is) in `words`."""
        found = set()
        for index in starts:
            for length in self.lengths:
                candidate = tuple(words[index : index + length])
                if candidate in self.owners:
                    found.add(candidate)
        return found


def words_of(text: str) -> tuple[str, ...]:
    """A text's words as address lines are compared: case-folded, punctuation dropped, digits
    kept (so that 12 Oak Road is not 14 Oak Road)."""
    return tuple(text.casefold().translate(_WORD_SEPARATORS).split())


class LetterAudience:
    """Everyone an incident's letters could name, indexed for the letter gate: names and email
    addresses (as the email gate indexes them), postcodes, phone numbers, and the lines of
    postal addresses that tell one home from another (a first line, or one with a number).

    `public` values (the organisation, its address, the contact point) may appear in any letter.
    """

    def __init__(
        self,
        people: Iterable[Person],
        others: Iterable[tuple[str, str]] = (),
        public: Iterable[str] = (),
    ) -> None:
        people = list(people)
        public = [value for value in public if value]
        self.names = Audience(
            [*((owner_of(person), person.name) for person in people), *others], public
        )
        self.postcodes: dict[str, set[str]] = {}
        self.phones: dict[str, set[str]] = {}
        self.lines = _Phrases()
        for person in people:
            owner = owner_of(person)
            lines = address_lines(person.postal_address)
            for code in postcodes_in(person.postal_address):
                self.postcodes.setdefault(code, set()).add(owner)
            for number, line in enumerate(lines):
                if not postcodes_in(line) and (number == 0 or any(c.isdigit() for c in line)):
                    self.lines.add(line, owner)
            digits = phone_digits(person.phone)
            if len(digits) >= MIN_PHONE_DIGITS:
                self.phones.setdefault(digits, set()).add(owner)
        for value in public:
            for code in postcodes_in(value):
                self.postcodes.pop(code, None)
            for found in _PHONE_IN_TEXT.findall(value):
                self.phones.pop(phone_digits(found), None)
            for line in re.split(r"[,\n]", value):
                self.lines.discard(line)

        # What each line of text met so far holds (most lines are the same in every letter).
        self._read: dict[str, _LineRead] = {}

    def strangers_in(self, letter: Letter) -> list[str]:
        """What of other people's the letter holds, in words ('2 other people's postcodes')."""
        owner = letter.key.strip().casefold()
        texts = (*letter.address, *letter.texts)
        addresses, names = self.names.strangers_in(texts, owner, letter.name)
        codes: set[str] = set()
        phones: set[str] = set()
        lines: set[tuple[str, ...]] = set()
        for text in texts:
            words: list[str] = []
            starts: list[int] = []
            for line in text.split("\n"):
                read = self._read_line(line)
                codes.update(read.postcodes)
                phones.update(read.phones)
                starts.extend(len(words) + start for start in read.phrase_starts)
                words.extend(read.words)
            lines |= self.lines.found_at(words, starts)
        codes = {code for code in codes if _others(self.postcodes.get(code), owner)}
        phones = {digits for digits in phones if _others(self.phones.get(digits), owner)}
        lines = {line for line in lines if _others(self.lines.owners.get(line), owner)}
        found = []
        if names:
            found.append(counted(names, "other person's name", "other people's names"))
        if addresses:
            found.append(
                counted(addresses, "other person's email address", "other people's email addresses")
            )
        if lines:
            found.append(
                counted(
                    len(lines),
                    "line of another person's address",
                    "lines of other people's addresses",
                )
            )
        if codes:
            found.append(counted(len(codes), "other person's postcode", "other people's postcodes"))
        if phones:
            found.append(
                counted(len(phones), "other person's phone number", "other people's phone numbers")
            )
        return found

    def _read_line(self, line: str) -> _LineRead:
        """A line's postcodes, phone numbers and words, read once however often it is met: a
        postcode or a phone number never runs over a line, so a text's are its lines'."""
        read = self._read.get(line)
        if read is None:
            words = words_of(line)
            first_words = self.lines.first_words
            read = self._read[line] = _LineRead(
                postcodes=tuple(postcodes_in(line)),
                phones=tuple(map(phone_digits, _PHONE_IN_TEXT.findall(line))),
                words=words,
                phrase_starts=tuple(i for i, word in enumerate(words) if word in first_words),
            )
        return read


@dataclass(frozen=True)
class _LineRead:
    """What one line of a letter holds that could be someone's: postcodes, phone numbers (as
    compared), its words, and where among them an address line of someone's could begin."""

    postcodes: tuple[str, ...]
    phones: tuple[str, ...]
    words: tuple[str, ...]
    phrase_starts: tuple[int, ...]


def owner_of(person: Person) -> str:
    """Whom the gate counts a person's values as belonging to: their key, as compared."""
    return person.key.strip().casefold()


def _others(owners: set[str] | None, owner: str) -> bool:
    return owners is not None and bool(owners) and owner not in owners


def check_letters(
    letters: Iterable[Letter], audience: LetterAudience, contact: ContactPoint
) -> list[GateFailure]:
    """The letter gate: every letter that must not be printed, with the reasons; [] when all
    pass. A letter is addressed to one named person at one usable postal address (one
    postcode), holds none of anyone else's name, email address, address lines, postcode or
    phone number, no control characters, gives the contact point and says what happened."""
    failures = []
    for letter in letters:
        reasons = _reasons(letter, audience, contact.markers)
        if reasons:
            failures.append(GateFailure(letter.key, tuple(reasons)))
    return failures


def _reasons(letter: Letter, audience: LetterAudience, markers: tuple[str, ...]) -> list[str]:
    reasons = []
    if not letter.name.strip():
        reasons.append("it is addressed to nobody by name")
    if not is_usable_postal_address("\n".join(letter.address)):
        reasons.append("its address block is not one usable postal address (one postcode, last)")
    if any(has_hidden(text, lines=True) for text in (letter.name, *letter.address, *letter.texts)):
        reasons.append("it holds control characters (escape sequences)")
    for found in audience.strangers_in(letter):
        reasons.append(f"it contains {found}")
    for text in letter.texts:
        if not any(marker in text for marker in markers):
            reasons.append("it does not give the contact point (the DPO's email or phone)")
            break
    if any(
        not says(text, sentence)
        for text, sentence in zip(letter.texts, letter.must_say, strict=False)
    ):
        reasons.append("it does not say what happened")
    return reasons

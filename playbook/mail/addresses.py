"""Addresses: split header lines, de-duplicate, and tell internal, organisation and personal apart."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.utils import getaddresses
from functools import cache
from importlib import resources
from typing import NamedTuple

WEBMAIL_DATA = "webmail_domains.txt"
# Matched only from the start of a run of local-part characters (and possessively): from
# every position of a long run with no `@` it took time growing with the run's square.
ADDRESS_PATTERN = re.compile(
    r"(?<![\w.!#$%&'*+/=?^`{|}~-])[\w.!#$%&'*+/=?^`{|}~-]++@[\w-]+(?:\.[\w-]+)+", re.UNICODE
)
# One entry of an address list: up to a comma outside quotes, a comment and angle brackets.
# Possessive (`++`, `*+`): nothing follows to backtrack for, and a greedy repeat would keep a
# backtracking point per character, gigabytes for a 50 MB run of `(`.
_LIST_ENTRY = re.compile(
    r'(?:"(?:[^"\\]++|\\.)*+"?|\((?:[^()\\]++|\\.)*+\)?|<[^>]*+>?|[^,"(<]++)++'
)
# An entry with nothing getaddresses would treat specially: `Name <address>` or a bare address.
_ATOM = r'[^\s()<>@,;:\\".\[\]\x00-\x1f\x7f]+'
_ADDRESS = rf"{_ATOM}(?:\.{_ATOM})*@{_ATOM}(?:\.{_ATOM})*"
_WORD = r'[^\s()<>@,;:\\"\[\]\x00-\x1f\x7f]+'
_PLAIN_ENTRY = re.compile(rf"\s*(?:((?:{_WORD}\s+)*{_WORD})?\s*<({_ADDRESS})>|({_ADDRESS}))\s*")
_FIELD_LINE = re.compile(r"^\s*(to|cc|bcc)\s*:", re.IGNORECASE)
# An address is at most 254 characters; with a long encoded display name an entry stays well
# under this. A longer one is not parsed at all: the stdlib's parser takes seconds and hundreds
# of megabytes for a megabyte, and recurses once per `(`.
MAX_ENTRY_CHARS = 2000
MAX_LIST_LINE_CHARS = 100_000  # a pasted list's line longer than this is searched, not parsed


class HeaderAddress(NamedTuple):
    """One recipient as written on a message: address (lower case), display name, field."""

    address: str
    name: str
    field: str


@cache
def webmail_domains() -> frozenset[str]:
    """The webmail and internet-provider domains of `playbook/data/webmail_domains.txt`."""
    text = resources.files("playbook.data").joinpath(WEBMAIL_DATA).read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


def domain_of(address: str) -> str:
    """The domain part of an address, in lower case."""
    return address.rpartition("@")[2].lower()


def _matches(domain: str, domains: frozenset[str]) -> bool:
    """True when `domain` or one of its parent domains is in `domains`."""
    while domain:
        if domain in domains:
            return True
        domain = domain.partition(".")[2]
    return False


class KindClassifier:
    """Tells an address's kind: internal, external_org or external_personal."""

    def __init__(
        self, internal_domains: Iterable[str], personal_domains: frozenset[str] | None = None
    ):
        self.internal = frozenset(
            d.strip().lower().lstrip("@") for d in internal_domains if d.strip()
        )
        self.personal = webmail_domains() if personal_domains is None else personal_domains
        self._by_domain: dict[str, str] = {}

    def kind(self, address: str) -> str:
        """The kind of `address`, decided once per domain."""
        domain = domain_of(address)
        found = self._by_domain.get(domain)
        if found is None:
            if _matches(domain, self.internal):
                found = "internal"
            elif _matches(domain, self.personal):
                found = "external_personal"
            else:
                found = "external_org"
            self._by_domain[domain] = found
        return found


def decode_words(text: str) -> str:
    """Text with its RFC 2047 encoded words decoded; where they are broken, the text as it is."""
    if "=?" in text:
        with contextlib.suppress(ValueError, LookupError, UnicodeError, HeaderParseError):
            text = str(make_header(decode_header(text)))
    return text


def decode_name(name: str) -> str:
    """A display name with RFC 2047 encoded words decoded and quotes and spaces tidied."""
    return " ".join(decode_words(name).split()).strip("'\" ")


class HeaderSplitter:
    """Splits one field's header lines into addresses, an entry at a time, counting the entries
    that are not addresses (`unreadable`).

    An entry as plain as `Name <address>` or a bare address is read by a pattern; anything
    else (quotes, comments, groups) by the stdlib's `getaddresses`, which finds the same in a
    plain entry but takes thirty times as long: a 100,000-address line took seconds.
    """

    def __init__(self, field: str) -> None:
        self.field = field
        self.unreadable = 0
        self.ambiguous = 0

    def addresses(self, text: str) -> Iterator[HeaderAddress]:
        """The addresses in one header line, in order.

        An entry that reads as two different addresses (`a@x.example)<b@y.example>`) is left
        out and counted in `ambiguous`: which one was meant cannot be known, and writing to
        the other would send the responder's request to whoever crafted the line.
        """
        for entry in _LIST_ENTRY.finditer(text):
            if entry.end() - entry.start() > MAX_ENTRY_CHARS:
                self.unreadable += 1
                continue
            pairs = entry_addresses(entry.group())
            if len(pairs) > 1 and len({a.strip().lower() for _, a in pairs if a.strip()}) > 1:
                self.ambiguous += 1
                continue
            for name, address in pairs:
                address = address.strip().lower()
                if not address:
                    if name.strip():
                        self.unreadable += 1
                    continue
                local, at, domain = address.rpartition("@")
                if not at or not local or "." not in domain:
                    self.unreadable += 1
                    continue
                yield HeaderAddress(address, decode_name(name) if name else "", self.field)


def entry_addresses(entry: str) -> list[tuple[str, str]]:
    """The (display name, address) pairs in one entry of an address list, as `getaddresses`
    reads them."""
    plain = _PLAIN_ENTRY.fullmatch(entry)
    if plain is None:
        return getaddresses([entry])
    name, bracketed, bare = plain.groups()
    return [(" ".join(name.split()) if name else "", bracketed or bare)]


def addresses_in_text(text: str, default_field: str) -> list[HeaderAddress]:
    """Addresses in a pasted list (a recall or delivery report): one or many a line, repeats kept.

    A line starting `To:`, `Cc:` or `Bcc:` sets the field for itself and the lines after it.
    """
    found: list[HeaderAddress] = []
    field = default_field
    for line in text.splitlines():
        marker = _FIELD_LINE.match(line)
        if marker:
            field = marker.group(1).lower()
            line = line[marker.end() :]
        if len(line) > MAX_LIST_LINE_CHARS:  # too long to parse: take the addresses in it
            found.extend(HeaderAddress(m.lower(), "", field) for m in ADDRESS_PATTERN.findall(line))
            continue
        entries = [
            (name, address.strip().lower())
            for name, address in getaddresses([line.replace(";", ",")])
            if name or address
        ]
        lowered = line.lower()
        if all(ADDRESS_PATTERN.fullmatch(a) and a in lowered for _, a in entries):
            found.extend(HeaderAddress(a, decode_name(n) if n else "", field) for n, a in entries)
        else:  # a report line with other columns: take the addresses in it
            found.extend(HeaderAddress(m.lower(), "", field) for m in ADDRESS_PATTERN.findall(line))
    return found

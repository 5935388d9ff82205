"""Addresses: split header lines, de-duplicate, and tell internal, organisation and personal apart."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.headerregistry import Address, AddressHeader
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
# `eve@example.com <frank@example.com>`: a display name that looks like an address, then the
# address the message went to; and `a@x b@x`, addresses that a missing comma runs together.
_NAMED_LIKE_ADDRESS = re.compile(rf"\s*([^\s\"()<>,;][^\"()<>,;]*?)\s*<({_ADDRESS})>\s*")
_RUN_TOGETHER = re.compile(rf"\s*{_ADDRESS}(?:\s+{_ADDRESS})+\s*")
_QUOTED_ENTRY = re.compile(rf'\s*"((?:[^"\\]|\\.)*)"\s*<({_ADDRESS})>()\s*')
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_CLOSING_ADDRESS = re.compile(rf"<({_ADDRESS})>\s*$")
MODERN_ENTRY_LIMIT = 8192  # characters of one address-list entry
MAX_NAME = 998  # characters of a display name (a header line's limit); a longer one is dropped
_FIELD_LINE = re.compile(r"^\s*(to|cc|bcc)\s*:", re.IGNORECASE)
# An address is at most 254 characters; with a long encoded display name a From line stays well
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
        """The kind of `address`, decided once per domain; an address with no domain (an
        Exchange X.500 address, or a recipient known by name only) is internal."""
        if "@" not in address:
            return "internal"
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
    else (comments, groups, encoded words) by the stdlib's modern header parser, which finds the
    same in a plain entry but takes far longer: a 100,000-address line would take minutes.
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
            if _is_glued(entry.group()):
                self.ambiguous += 1
                continue
            pairs = entry_addresses(entry.group())
            for name, address in pairs:
                address = address.strip().lower()
                if not address:
                    if name.strip():
                        self.unreadable += 1
                    continue
                local, at, domain = address.rpartition("@")
                if not at or not local or not domain:
                    self.unreadable += 1
                    continue
                name = decode_name(name) if name and len(name) <= MAX_NAME else ""
                yield HeaderAddress(address, name, self.field)


def _is_glued(entry: str) -> bool:
    """True for an entry holding two different addresses in none of the shapes mail clients
    deliver as such (`Name <address>`, a quoted name, `eve@x <frank@x>`, `a@x b@x`): parsers
    disagree on which one it is, so neither is taken."""
    if len({found.lower() for found in ADDRESS_PATTERN.findall(entry)}) < 2:
        return False
    shapes = (_PLAIN_ENTRY, _QUOTED_ENTRY, _NAMED_LIKE_ADDRESS, _RUN_TOGETHER)
    return not any(shape.fullmatch(entry) for shape in shapes)


def entry_addresses(entry: str) -> list[tuple[str, str]]:
    """The (display name, address) pairs in one entry of an address list.

    Plain entries are read by patterns; the rest by the standard library's modern header
    parser (the one `email.policy.default` uses), which reads thousands of encoded words where
    `email.utils.getaddresses` recurses until it fails. Two slips that parser reads as one
    address are read as mail clients deliver them: `eve@x.example <frank@x.example>` is one
    recipient (frank, shown as "eve@x.example"), and `a@x.example b@x.example` two.
    """
    if len(entry) > MODERN_ENTRY_LIMIT:
        return _long_entry(entry)
    plain = _PLAIN_ENTRY.fullmatch(entry)
    if plain is not None:
        name, bracketed, bare = plain.groups()
        return [(" ".join(name.split()) if name else "", bracketed or bare)]
    quoted = _QUOTED_ENTRY.fullmatch(entry)
    if quoted is not None and "=?" not in entry:
        return [(_unquoted(quoted.group(1)), quoted.group(2))]
    named = _NAMED_LIKE_ADDRESS.fullmatch(entry)
    if named is not None:
        return [(" ".join(named.group(1).split()), named.group(2))]
    if _RUN_TOGETHER.fullmatch(entry):
        return [("", address) for address in entry.split()]
    return _modern_addresses(entry)


def _modern_addresses(entry: str) -> list[tuple[str, str]]:
    """What `email.policy.default` reads in `entry`; ("name", "") for what is not an address.

    That parser takes seconds over an entry of a hundred kilobytes: entry_addresses gives it
    none longer than MODERN_ENTRY_LIMIT characters.
    """
    try:
        return list(_parse_modern(_FOLD.sub("", entry)))
    except Exception:  # the parser raises TypeError, AttributeError... on some entries (`.b@x`)
        return [(entry, "")] if entry.strip() else []


def _long_entry(entry: str) -> list[tuple[str, str]]:
    """An entry too long for any parser (patterns with repeats hold a stack entry per word):
    only a closing `<address>` is read, and the display name before it is dropped."""
    closing = _CLOSING_ADDRESS.search(entry[-1000:])
    return [("", closing.group(1))] if closing else [("(a long entry)", "")]


def _parse_modern(entry: str) -> Iterator[tuple[str, str]]:
    for address in AddressHeader.value_parser(entry).addresses:
        mailboxes = address.all_mailboxes
        if not mailboxes and address.token_type != "group":
            yield str(address), ""
        for mailbox in mailboxes:
            name = mailbox.display_name or ""
            if not (mailbox.local_part and mailbox.domain):
                yield name or str(mailbox), ""
                continue
            try:
                yield name, Address(username=mailbox.local_part, domain=mailbox.domain).addr_spec
            except ValueError:  # a CR or LF left inside an address part
                yield name or str(mailbox), ""


def addresses_in_text(text: str, default_field: str) -> list[HeaderAddress] | None:
    """Addresses in a pasted list (a recall or delivery report): one or many a line, repeats
    kept; None when the text is not such a list.

    A line starting `To:`, `Cc:` or `Bcc:` sets the field for itself and the lines after it.
    The list is recognised positively: each line is a list of addresses, or a report line
    whose words are an address, dates, times and status words; a title line or two is allowed,
    fewer than the lines of addresses.
    Any other `Name: value` line, or an address inside other text (`cid:`, `header.i=`, a
    Message-ID in angle brackets, a link), means the text is something else.
    """
    found: list[HeaderAddress] = []
    field = default_field
    other_lines = address_lines = 0
    for line in text.lstrip("\ufeff").splitlines():
        if not line.strip():
            continue
        marker = _FIELD_LINE.match(line)
        if marker:
            field = marker.group(1).lower()
            line = line[marker.end() :]
        elif _OTHER_FIELD.match(line):
            return None
        if len(line) > MAX_LIST_LINE_CHARS:  # too long to parse: take the addresses in it
            found.extend(HeaderAddress(m.lower(), "", field) for m in ADDRESS_PATTERN.findall(line))
            address_lines += 1
            continue
        entries = _list_line(line)
        if entries is None:
            entries = _report_line(line)
        if entries is None:
            other_lines += 1
            if other_lines > MAX_TITLE_LINES:
                return None
            continue
        address_lines += 1
        found.extend(HeaderAddress(a, decode_name(n) if n else "", field) for n, a in entries)
    return found if address_lines > other_lines else None


MAX_TITLE_LINES = 2
_OTHER_FIELD = re.compile(r"\s*[A-Za-z][A-Za-z0-9-]*:(?:\s|$)")
_REPORT_WORD = re.compile(r"[\w./:+-]*")  # dates, times, status words, counts
_ADDRESS_WORD = re.compile(rf"[<(\[\"']?({ADDRESS_PATTERN.pattern})[>)\]\"',;]?")


def _list_line(line: str) -> list[tuple[str, str]] | None:
    """The (name, address) pairs of a line that is nothing but addresses, or None."""
    pairs: list[tuple[str, str]] = []
    for match in _LIST_ENTRY.finditer(line.replace(";", ",")):
        entry = match.group()
        if not entry.strip():
            continue
        plain = _PLAIN_ENTRY.fullmatch(entry) or _QUOTED_ENTRY.fullmatch(entry)
        if plain is None:
            return None
        name, bracketed, bare = plain.groups()
        address = (bracketed or bare).lower()
        if not ADDRESS_PATTERN.fullmatch(address):
            return None
        pairs.append((_unquoted(name), address))
    return pairs or None


def _unquoted(name: str | None) -> str:
    return " ".join(re.sub(r"\\(.)", r"\1", name).split()) if name else ""


def _report_line(line: str) -> list[tuple[str, str]] | None:
    """The addresses of a report line (`2026-10-19 10:15 ann@x.example Delivered`), or None."""
    addresses = []
    for word in line.split():
        address = _ADDRESS_WORD.fullmatch(word)
        if address is not None:
            addresses.append(("", address.group(1).lower()))
        elif not _REPORT_WORD.fullmatch(word) or "@" in word:
            return None
    return addresses or None

"""The safety gate: every draft goes to exactly one person and carries nobody else's data.

Pure rules over rendered drafts. The checks look up the tokens of each draft in indexes of
everyone's addresses and full names (built once per batch), so checking thousands of drafts
costs one pass over each body, not a scan per person.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass

from playbook.domain.drafting import ContactPoint
from playbook.domain.labels import counted
from playbook.domain.text import has_hidden, visible


@dataclass(frozen=True)
class Draft:
    """A rendered message to exactly one person, before anything is written or sent."""

    kind: str
    key: str
    to: tuple[str, ...]
    subject: str
    text: str
    html: str | None = None
    to_name: str = ""
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    # What happened, as the draft must say it: one sentence, or one for each language written.
    must_say: str | tuple[str, ...] = ""


@dataclass(frozen=True)
class GateFailure:
    """A draft the gate stopped, named by its addressee (or key), with the reasons."""

    key: str
    reasons: tuple[str, ...]


class Audience:
    """Everyone an incident's drafts could name: addresses and full names, indexed for the gate.

    `entries` are (address, name) pairs of every affected person and every recipient. `public`
    holds addresses and names that may appear in any draft (the contact point, the sender).
    Names are matched as whole words, two or more of them (a lone first name is too common to
    tell anyone apart).
    """

    def __init__(self, entries: Iterable[tuple[str, str]], public: Iterable[str] = ()) -> None:
        public_addresses = {value.strip().casefold() for value in public if value}
        public_names = {tokens_of(value) for value in public if value}
        self.addresses: set[str] = set()
        self.owners_of_name: dict[tuple[bytes, ...], set[str]] = {}
        tokens_of_name: dict[str, tuple[bytes, ...]] = {}
        for address, name in entries:
            owner = address.strip().casefold()
            tokens = tokens_of_name.get(name)
            if tokens is None:
                tokens = tokens_of_name[name] = tokens_of(name)
            if owner and owner not in public_addresses:
                self.addresses.add(owner)
            if len(tokens) >= 2 and tokens not in public_names:
                self.owners_of_name.setdefault(tokens, set()).add(owner)
        self.first_tokens = {tokens[0] for tokens in self.owners_of_name}
        self.name_tokens = {token for tokens in self.owners_of_name for token in tokens}
        self.name_lengths = sorted({len(tokens) for tokens in self.owners_of_name})
        # Lines met in this batch (most lines are the same in every draft), each split into its
        # words and its tags; once met again, classified: plain (words, none a name's at either
        # end, and no name), transparent (no words a reader sees), or to be read every time.
        self._met: set[str] = set()
        self._split: dict[str, tuple[str, str]] = {}
        self._classified: set[str] = set()
        self._skippable: set[str] = set()  # plain or transparent
        self._transparent: set[str] = set()
        self._spanning: set[str] = set()
        # What each '@' seen so far, with its surroundings, was found to be ('' for no one).
        self._known_at: dict[tuple[int, str], str] = {}

    def strangers_in(
        self, texts: Iterable[str], owner: str, own_name: str, markup: str = ""
    ) -> tuple[int, int]:
        """How many other people's addresses and full names a draft holds, for `owner`.

        `texts` are plain text; `markup` the HTML source (addresses in links, names in
        attributes and comments count too). A name the addressee shares (theirs, or written the
        same on another of their entries) is not a stranger's.
        """
        texts = tuple(texts)
        # An '@' may hide in the HTML as an entity; otherwise the source can be read as it is.
        source = html.unescape(markup) if _ESCAPED_AT.search(markup) else markup
        addresses = set()
        for text in (*texts, source):
            if "@" in text:
                addresses |= self._addresses_in(text)
        addresses.discard(owner)
        if not self.owners_of_name:
            return len(addresses), 0
        words = self._words_to_read(_SEPARATOR_LINE.join((*texts, markup)).split("\n"))
        if words is None:  # a tag runs over lines: read the whole draft
            pieces = _TAG.split(html.unescape(markup))
            words = _SEPARATOR_LINE.join((*texts, " ".join(pieces[0::2]), " ".join(pieces[1::2])))
        found = self._names_in(_token_text(words).split())
        own = tokens_of(own_name)
        strangers = {
            name for name in found if name != own and owner not in self.owners_of_name[name]
        }
        return len(addresses), len(strangers)

    def _words_to_read(self, lines: list[str]) -> str | None:
        """The words of the lines that may hold a name, neighbours joined, others kept apart.

        Lines are read as HTML (tags apart, entities decoded; plain text reads the same); lines
        with no words between two lines make them neighbours. None when a tag runs over lines.
        """
        distinct = set(lines)
        for line in distinct - self._classified:
            if line in self._met:
                self._classify(line)
            else:
                self._met.add(line)
                self._split_line(line)
        reading = distinct - self._skippable
        if reading & self._spanning:
            return None
        positions = []
        for line in reading:
            position = -1
            for _ in range(lines.count(line)):
                position = lines.index(line, position + 1)
                positions.append(position)
        kept, tags_kept = [], []
        previous = None
        for position in sorted(positions):
            words, tags = self._split[lines[position]]
            if previous is None or any(
                lines[between] not in self._transparent for between in range(previous + 1, position)
            ):
                kept.append(_SEPARATOR_LINE)
            kept.append(words)
            tags_kept.append(tags)
            previous = position
        return " ".join(kept) + _SEPARATOR_LINE + _SEPARATOR_LINE.join(tags_kept)

    def _split_line(self, line: str) -> None:
        pieces = _TAG.split(line)
        visible = " ".join(pieces[0::2])
        if "<" in visible or ">" in visible:  # a tag opened or closed on another line
            self._spanning.add(line)
        else:
            self._split[line] = (html.unescape(visible), html.unescape(" ".join(pieces[1::2])))

    def _classify(self, line: str) -> None:
        self._classified.add(line)
        if line in self._spanning:
            return
        words, tags = self._split[line]
        word_tokens = _token_text(words).split()
        if self._names_in(_token_text(tags).split()) or self._names_in(word_tokens):
            return
        if not word_tokens:
            self._transparent.add(line)
            self._skippable.add(line)
        elif word_tokens[0] not in self.name_tokens and word_tokens[-1] not in self.name_tokens:
            self._skippable.add(line)

    def _names_in(self, tokens: list[bytes]) -> set[tuple[bytes, ...]]:
        """Every indexed full name that appears as consecutive tokens."""
        names = set()
        for first in self.first_tokens.intersection(tokens):
            index = -1
            for _ in range(tokens.count(first)):
                index = tokens.index(first, index + 1)
                for length in self.name_lengths:
                    candidate = tuple(tokens[index : index + length])
                    if candidate in self.owners_of_name:
                        names.add(candidate)
        return names

    def _addresses_in(self, text: str) -> set[str]:
        """The known addresses in the text: around each '@', the longest known address."""
        found = set()
        at = text.find("@")
        while at != -1:
            start = max(0, at - 64)
            around = (at - start, text[start : at + 256])
            known = self._known_at.get(around)
            if known is None:
                known = self._known_at[around] = self._known_address_at(*around)
            if known:
                found.add(known)
            at = text.find("@", at + 1)
        return found

    def _known_address_at(self, at: int, around: str) -> str:
        around = around.casefold()
        at = around.find("@", at)  # case folding may have lengthened what comes before
        domain = _DOMAIN.match(around, at + 1)
        local = _LOCAL_PART_REVERSED.match(around[at - 1 :: -1]) if at else None
        if not domain or not local:
            return ""
        tail = around[at : domain.end()]
        local_part = local.group()[::-1]
        # Quotes and dots are legal in an address and common around one: try each start.
        for begin in range(len(local_part)):
            if local_part[begin:] + tail in self.addresses:
                return local_part[begin:] + tail
        return ""


def tokens_of(text: str) -> tuple[bytes, ...]:
    """The words of a name as the gate compares them: case-folded, punctuation and digits dropped,
    its control characters written as a draft shows them (`visible`)."""
    return tuple(_token_text(visible(text)).split())


def _token_text(text: str) -> bytes:
    # Bytes translate and split run in C on ASCII and UTF-8 alike; a regex over the text ran
    # several times slower. Letters outside ASCII stay whole inside their UTF-8 bytes.
    if not text.isascii():
        for mark, space in _UNICODE_PUNCTUATION:
            if mark in text:
                text = text.replace(mark, space)
        text = text.casefold()
    return text.encode("utf-8", "replace").lower().translate(_ASCII_SEPARATORS)


def check_drafts(
    drafts: Iterable[Draft], audience: Audience, contact: ContactPoint
) -> list[GateFailure]:
    """The safety gate: every draft that must not be written, with the reasons; [] when all pass.

    Each draft must have exactly one address in To, no Cc or Bcc, no attachment; its subject and
    body must hold no other person's address or full name; and its text must give the contact
    point and say what happened (in each language it is written in: every sentence of
    `must_say`).
    """
    failures = []
    markers = contact.markers
    for draft in drafts:
        reasons = _reasons(draft, audience, markers)
        if reasons:
            failures.append(GateFailure(draft.to[0] if len(draft.to) == 1 else draft.key, reasons))
    return failures


def is_usable_address(address: str) -> bool:
    """True when a message can be sent to `address` as it is: one ASCII address, no spaces."""
    return _USABLE_ADDRESS.fullmatch(address) is not None


def _reasons(draft: Draft, audience: Audience, markers: tuple[str, ...]) -> tuple[str, ...]:
    reasons = []
    if len(draft.to) != 1:
        reasons.append(f"it has {len(draft.to)} addresses in To; exactly one is allowed")
    elif not _USABLE_ADDRESS.fullmatch(draft.to[0]):
        reasons.append("its address is not a usable email address")
    if draft.cc or draft.bcc:
        reasons.append("its template adds Cc or Bcc; a draft goes to one person only")
    if draft.attachments:
        reasons.append("it has an attachment; drafts must not carry files")
    if _holds_controls(draft):
        reasons.append("it holds control characters (escape sequences) a mail reader could act on")
    owner = draft.to[0].strip().casefold() if draft.to else ""
    addresses, names = audience.strangers_in(
        (draft.subject, draft.text), owner, draft.to_name, draft.html or ""
    )
    if addresses:
        found = counted(addresses, "other person's email address", "other people's email addresses")
        reasons.append(f"it contains {found}")
    if names:
        found = counted(names, "other person's name", "other people's names")
        reasons.append(f"it contains {found}")
    if not any(marker in draft.text for marker in markers):
        reasons.append("it does not give the contact point (the DPO's email or phone)")
    must_say = (draft.must_say,) if isinstance(draft.must_say, str) else draft.must_say
    if not all(says(draft.text, sentence) for sentence in must_say if sentence):
        reasons.append("it does not say what happened")
    return tuple(reasons)


def _holds_controls(draft: Draft) -> bool:
    return (
        has_hidden(draft.subject)
        or has_hidden(draft.to_name)
        or has_hidden(draft.text, lines=True)
        or has_hidden(draft.html or "", lines=True)
    )


def says(text: str, sentence: str) -> bool:
    """True when `text` holds `sentence`, however either is wrapped across lines."""
    return sentence in text or " ".join(sentence.split()) in " ".join(text.split())


_LOCAL_PART_REVERSED = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]{1,64}")
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+")
# What a message can be sent to without SMTPUTF8: ASCII local part and domain, no spaces.
_USABLE_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# A line no name can run across: it separates texts, and lines that are not neighbours.
_SEPARATOR_LINE = "\n\x00\n"
_ASCII_SEPARATORS = bytes.maketrans(
    (string.punctuation + string.digits).encode(), b" " * len(string.punctuation + string.digits)
)
_UNICODE_PUNCTUATION = tuple(
    (mark, " ") for mark in "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb\u00a0"
)
_TAG = re.compile(r"(<[^>]*>)")
_ESCAPED_AT = re.compile(r"&(?:#0*64|#[xX]0*40|commat)(?![0-9])", re.IGNORECASE)

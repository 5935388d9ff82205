"""Linking people found in attachment rows to the recipients who are the same person.

A spreadsheet row often holds a name and no email, while the same person is a recipient of the
message (often in Bcc) under that very display name. Such a person is reachable at the
recipient's address. The link is made only where it cannot join two different people: the name
belongs to one person without an email and to one recipient address, nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable

from playbook.domain.exposure import normalise_name


def comparable_name(name: str) -> str:
    """A display name as compared for linking: `Birch, Bea` reads as `Bea Birch`."""
    surname, comma, given = name.partition(",")
    if comma and given.strip() and "," not in given:
        name = f"{given} {surname}"
    return normalise_name(name)


def links_by_name(
    unreachable: Iterable[tuple[str, str]], recipients: Iterable[tuple[str, str]]
) -> dict[str, str]:
    """Person key -> recipient address, for each person without an email (`unreachable`, as
    (key, name)) whose name is that of exactly one recipient address ((address, name)), when
    no other person without an email has that name."""
    by_name: dict[str, str | None] = {}  # None: a name of more than one address
    for address, name in recipients:
        compared = comparable_name(name)
        if compared and "@" in address:
            known = by_name.get(compared, address)
            by_name[compared] = address if known == address else None
    people: dict[str, str | None] = {}  # None: a name of more than one person
    for key, name in unreachable:
        compared = comparable_name(name)
        if by_name.get(compared):
            people[compared] = None if compared in people else key
    links: dict[str, str] = {}
    for compared, person in people.items():
        linked = by_name[compared]
        if person is not None and linked is not None:
            links[person] = linked
    return links

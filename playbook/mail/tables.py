"""Scan rows of a spreadsheet or CSV: count records, find the personal-data columns, list the people.

Columns are recognised by their header, or by their values when there is no header (so a file
exported without one still works). Only a sample of rows decides the columns; every row is then
counted and its person recorded, streaming, so a 100,000-row file never sits in memory twice.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, islice

from playbook.domain.exposure import DISTINGUISHING_ITEMS, PeopleIndex, name_aliases
from playbook.mail.body import Suggestion, merge_suggestions, suggest_from_text
from playbook.mail.patterns import (
    EMAIL,
    FIRST_NAME,
    FULL_NAME,
    FULL_NAME_HEADER,
    GENDER_VALUES,
    HEADER_RULES,
    LAST_NAME,
    MOBILE,
    NATIONAL_INSURANCE,
    PHONE,
    POSTCODE,
    SORT_CODE,
    compact,
    date_in,
    header_words,
    is_luhn,
    is_nhs_number,
)

SAMPLE_ROWS = 500
MATCH_SHARE = 0.6  # share of a column's sampled values that must look like one kind of data
CARD_SHARE = 0.9  # card numbers must pass the Luhn check almost always: chance passes 1 in 10
REPORT_EVERY = 2048  # rows between progress reports


@dataclass(frozen=True)
class Column:
    """A personal-data column: where it is, what it is called, what it holds."""

    index: int
    label: str
    item: str
    role: str = ""  # for names: "first", "last" or "full"; for addresses: "line" or "town"


@dataclass
class TableScan:
    """What a table holds: data rows, personal-data columns, and hints for the responder."""

    rows: int = 0
    columns: list[Column] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def items(self) -> set[str]:
        """The kinds of personal data in the table."""
        return {column.item for column in self.columns}


def scan_rows(
    rows: Iterable[list[str]],
    *,
    where: str,
    source: str,
    people: PeopleIndex,
    today: date,
    on_rows: Callable[[int], None] | None = None,
) -> TableScan:
    """Scan a table's rows (lists of cell text), adding each identifiable person to `people`.

    `where` names the table in suggestions ('attachment 2'); `source` is recorded on each person.
    `on_rows(n)` is called every few thousand rows with the number of rows read so far.
    """
    iterator = (row for row in rows if any(row))
    sample = list(islice(iterator, SAMPLE_ROWS))
    if not sample:
        return TableScan()
    header = sample[0] if _is_header(sample[0]) else None
    data_sample = sample[1:] if header is not None else sample
    columns = detect_columns(header, data_sample, today)
    scan = TableScan(
        columns=columns, suggestions=_table_suggestions(columns, data_sample, where, today)
    )
    record = _row_recorder(columns, people, source)
    count = 0
    for row in chain(data_sample, iterator):
        count += 1
        record(row)
        if on_rows is not None and count % REPORT_EVERY == 0:
            on_rows(count)
    scan.rows = count
    return scan


def _is_header(row: list[str]) -> bool:
    """A first row is a header when a cell names a kind of data and no cell looks like data."""
    named = any(_header_item(cell) for cell in row)
    return named and not any(_value_item(cell.strip()) for cell in row if cell.strip())


def _header_item(cell: str) -> tuple[str, str] | None:
    words = header_words(cell)
    if not words:
        return None
    if FIRST_NAME.search(words):
        return "name", "first"
    if LAST_NAME.search(words):
        return "name", "last"
    if FULL_NAME_HEADER.match(words):
        return "name", "full"
    for item, pattern in HEADER_RULES:
        if pattern.search(words):
            return item, ""
    return None


def _value_item(value: str) -> str | None:
    """The kind of data one cell looks like, or None."""
    if "@" in value:
        return "email" if EMAIL.match(value) else None
    digits = compact(value)
    if digits.isdecimal() or digits.startswith("+"):
        for item, check in (
            ("mobile", MOBILE.match),
            ("phone", PHONE.match),
            ("nhs_number", is_nhs_number),
            ("card_number", is_luhn),
        ):
            if check(digits):
                return item
    upper = value.upper()
    if NATIONAL_INSURANCE.match(upper.replace(" ", "")):
        return "national_insurance_number"
    if SORT_CODE.match(value):
        return "sort_code"
    if POSTCODE.match(value):
        return "postcode"
    if date_in(value):
        return "date_of_birth"
    if value.lower() in GENDER_VALUES:
        return "gender"
    if FULL_NAME.match(value):
        return "name"
    return None


def detect_columns(header: list[str] | None, sample: list[list[str]], today: date) -> list[Column]:
    """The personal-data columns, by header where there is one, else by the sampled values."""
    width = max(len(row) for row in [*(sample or [[]]), header or []])
    columns = []
    for index in range(width):
        label = header[index].strip()[:60] if header and index < len(header) else ""
        values = [row[index].strip() for row in sample if index < len(row) and row[index].strip()]
        named = _header_item(label) if label else None
        item: str | None
        if named:
            item, role = named
            if item == "phone" and _share(values, "mobile") >= MATCH_SHARE:
                item = "mobile"
        else:
            item, role = _values_item(values, today), "full"
            if item is None:
                continue
        if item == "postal_address":
            role = "town" if _TOWN.search(header_words(label)) else "line"
        elif item != "name":
            role = ""
        columns.append(Column(index, label or f"column {index + 1}", item, role))
    return columns


_TOWN = re.compile(r"\b(?:town|city|county|post ?town)\b")


def _share(values: list[str], item: str) -> float:
    if not values:
        return 0.0
    return sum(1 for value in values if _value_item(value) == item) / len(values)


def _values_item(values: list[str], today: date) -> str | None:
    if not values:
        return None
    tally: dict[str, int] = {}
    for value in values:
        item = _value_item(value)
        if item:
            tally[item] = tally.get(item, 0) + 1
    if not tally:
        return None
    item, hits = max(tally.items(), key=lambda pair: pair[1])
    needed = CARD_SHARE if item == "card_number" else MATCH_SHARE
    if hits / len(values) < needed:
        return None
    if item == "date_of_birth" and not _looks_like_births(values, today):
        return None
    return item


def _looks_like_births(values: list[str], today: date) -> bool:
    """Dates of birth spread over years and lie in the past; dates of events cluster."""
    years = [found.year for found in map(date_in, values) if found and found <= today]
    if len(years) < len(values) * MATCH_SHARE:
        return False
    return max(years) - min(years) >= 5 or today.year - statistics.median(years) >= 10


def _ages(values: Iterable[str], today: date) -> list[int]:
    ages = []
    for value in values:
        born = date_in(value)
        if born and born <= today:
            ages.append(
                today.year - born.year - ((today.month, today.day) < (born.month, born.day))
            )
        elif value.isdecimal() and len(value) <= 3:
            ages.append(int(value))
    return ages


def _table_suggestions(
    columns: list[Column], sample: list[list[str]], where: str, today: date
) -> list[Suggestion]:
    found = []
    items = {column.item for column in columns}
    if "nationality" in items:
        found.append(
            Suggestion(
                "categories",
                "racial_ethnic",
                f"{where} has a nationality or country-of-origin column, which may reveal "
                "racial or ethnic origin",
            )
        )
    for column in columns:
        if column.item in ("date_of_birth", "age"):
            values = [row[column.index].strip() for row in sample if column.index < len(row)]
            if any(age < 18 for age in _ages(values, today)):
                found.append(Suggestion("subjects", "children", f"{where} has people under 18"))
    detected = {column.index for column in columns}
    free_text = " \n".join(
        cell for row in sample for index, cell in enumerate(row) if index not in detected and cell
    )
    found.extend(
        suggestion
        for suggestion in suggest_from_text(free_text, where)
        if suggestion.value != "basic_identifiers"
    )
    return merge_suggestions(found)


def _row_recorder(
    columns: list[Column], people: PeopleIndex, source: str
) -> Callable[[list[str]], None]:
    """A function that records the person on one row (the hot loop: kept lean)."""
    item_columns = [(column.index, column.item) for column in columns]
    email_at = next((c.index for c in columns if c.item == "email"), None)
    full_at = next((c.index for c in columns if c.item == "name" and c.role == "full"), None)
    part_at = [c.index for role in ("first", "last") for c in columns if c.role == role]
    identifier_columns = sorted(
        ((c.index, c.item) for c in columns if c.item in DISTINGUISHING_ITEMS),
        key=lambda pair: DISTINGUISHING_ITEMS.index(pair[1]),
    )
    # A person's address: the address lines, then the town, then the postcode, in column order.
    address_at = [
        c.index
        for role, item in (("line", "postal_address"), ("town", "postal_address"), ("", "postcode"))
        for c in columns
        if c.item == item and c.role == role
    ]
    phone_at = [c.index for c in columns if c.item in ("mobile", "phone")]
    items_cache: dict[tuple[str, ...], frozenset[str]] = {}

    def record(row: list[str]) -> None:
        width = len(row)
        present = tuple(item for index, item in item_columns if index < width and row[index])
        items = items_cache.get(present)
        if items is None:
            items = items_cache[present] = frozenset(present)
        email = row[email_at].strip() if email_at is not None and email_at < width else ""
        if "@" not in email:
            email = ""
        name = row[full_at] if full_at is not None and full_at < width else ""
        if not name and part_at:
            name = " ".join(row[index] for index in part_at if index < width and row[index])
        identifiers = [(item, row[i]) for i, item in identifier_columns if i < width and row[i]]
        people.add(
            email=email,
            name=name.strip(),
            items=items,
            source=source,
            aliases=name_aliases(name, identifiers),
            postal_address=address_text(row[i] for i in address_at if i < width)
            if address_at
            else "",
            phone=next((row[i].strip() for i in phone_at if i < width and row[i].strip()), ""),
        )

    return record


def address_text(cells: Iterable[str]) -> str:
    """An address as stored: its non-empty lines, in order, joined by newlines (a cell may hold
    several lines of its own)."""
    lines = (line.strip() for cell in cells for line in cell.splitlines())
    return "\n".join(line for line in lines if line)


def read_rows(
    rows: Iterator[Sequence[object]], convert: Callable[[object], str]
) -> Iterator[list[str]]:
    """Rows of cell values as rows of text."""
    for row in rows:
        yield [convert(value) for value in row]

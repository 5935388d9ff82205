"""What personal data looks like: header words and value shapes, shared by the table and text scans."""

from __future__ import annotations

import re
from datetime import date, datetime

EMAIL = re.compile(r"^[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+$")
_EMAIL_IN_TEXT = re.compile(r"\b[\w.+'-]+@[\w-]+(?:\.[\w-]+)+\b")
# A run of local-part characters and its domain, matched only from the run's start: the pattern
# above, searched over a whole text, retries from every word boundary of a long run with no `@`
# (40 KB of `a.a.` took 14 s, a megabyte would take hours).
_EMAIL_RUN = re.compile(r"(?<![\w.+'-])[\w.+'-]++@[\w-]+(?:\.[\w-]+)+")


class _EmailsInText:
    """The addresses in a text, as `\\b[\\w.+'-]+@domain\\b` finds them, in linear time."""

    def findall(self, text: str) -> list[str]:
        """Every address in `text`, in order."""
        found: list[str] = []
        for run in _EMAIL_RUN.finditer(text):
            found.extend(_EMAIL_IN_TEXT.findall(run.group()))
        return found


EMAIL_IN_TEXT = _EmailsInText()
# UK numbers: 07xxx mobiles (also as spreadsheets store them, without the 0), +44, landlines.
MOBILE = re.compile(r"^(?:\+?44|0)?7\d{9}$")
PHONE = re.compile(r"^(?:\+?44|0)[1-9]\d{8,9}$")
PHONE_IN_TEXT = re.compile(r"(?<![\w+])(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?!\w)")
POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$", re.IGNORECASE)
NATIONAL_INSURANCE = re.compile(r"^(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z]{2}\d{6}[A-D]$")
NATIONAL_INSURANCE_IN_TEXT = re.compile(
    r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b"
)
SORT_CODE = re.compile(r"^\d{2}-\d{2}-\d{2}$")
DIGITS = re.compile(r"^\d+$")
FULL_NAME = re.compile(r"^[A-Z][a-z'\u2019-]+(?:\s+[A-Z][A-Za-z'\u2019-]+)+$")
DATE_TEXT = re.compile(r"^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:[ T]00:00(?::00)?)?$")
GENDER_VALUES = frozenset(
    {"m", "f", "male", "female", "man", "woman", "non-binary", "nonbinary", "x", "other"}
)
_SEPARATORS = str.maketrans("", "", " -()")


def compact(value: str) -> str:
    """A value without spaces, dashes and brackets, as phone and card numbers are compared."""
    return value.translate(_SEPARATORS)


def is_luhn(digits: str) -> bool:
    """True when a 13 to 19 digit number passes the Luhn check (payment card numbers)."""
    if not 13 <= len(digits) <= 19 or not digits.isdecimal():
        return False
    total = 0
    for index, character in enumerate(reversed(digits)):
        number = int(character)
        if index % 2:
            number = number * 2 - 9 if number > 4 else number * 2
        total += number
    return total % 10 == 0


def is_nhs_number(digits: str) -> bool:
    """True when a 10 digit number passes the NHS number's modulus 11 check."""
    if len(digits) != 10 or not digits.isdecimal():
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def date_in(value: str) -> date | None:
    """A calendar date written as dd/mm/yyyy, yyyy-mm-dd (and similar), else None."""
    match = DATE_TEXT.match(value)
    if not match:
        return None
    first, month, last = match.groups()
    day, year = (last, first) if len(first) == 4 else (first, last)
    if len(year) != 4:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def cell_text(value: object) -> str:
    """A spreadsheet cell as text: whole numbers without '.0', dates as yyyy-mm-dd."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if not value.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# Header words for each data item; a header is normalised to lower-case words first.
HEADER_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (item, re.compile(pattern))
    for item, pattern in (
        ("email", r"\be ?mail\b|\bemail address\b"),
        ("date_of_birth", r"\bd ?o ?b\b|\bdate of birth\b|\bbirth ?date\b|\bbirthday\b|\bborn\b"),
        ("national_insurance_number", r"\bnational insurance\b|\bni (?:no|num|number)\b|\bnino\b"),
        ("nhs_number", r"\bnhs (?:no|num|number)\b"),
        ("passport_number", r"\bpassport\b"),
        ("driving_licence", r"\bdriving licen[cs]e\b|\bdriver licen[cs]e\b"),
        ("sort_code", r"\bsort ?code\b"),
        ("bank_account", r"\bbank\b|\biban\b|\baccount (?:no|num|number)\b"),
        ("salary", r"\bsalary\b|\bwages?\b|\bpay (?:rate|grade|scale)\b|\bincome\b"),
        ("staff_number", r"\b(?:staff|employee|payroll|personnel) ?(?:id|no|num|number|ref)\b"),
        ("student_number", r"\bstudent ?(?:id|no|num|number|ref)\b|\bmatric"),
        ("username", r"\buser ?name\b|\blogin\b|\buser ?id\b"),
        ("password", r"\bpassword\b|\bpasscode\b|\bpin\b"),
        ("mobile", r"\bmobile\b|\bcell\b"),
        ("phone", r"\bphone\b|\btel\b|\btelephone\b|\bcontact (?:no|number)\b|\blandline\b"),
        ("postcode", r"\bpost ?code\b|\bpostal code\b|\bzip\b"),
        ("postal_address", r"\baddress\b|\bstreet\b|\btown\b|\bcity\b|\bhouse\b|\bline [12]\b"),
        ("age", r"^age\b|\bage (?:at|on)\b"),
        ("gender_reassignment", r"\bgender (?:identity|reassignment)\b|\btrans\b"),
        ("gender", r"\bgender\b|^sex$"),
        ("course", r"^course\b|\bcourse (?:of study|title|name)\b"),
        ("nationality", r"\bnationality\b|\bcitizenship\b|\bcountry of (?:origin|birth)\b"),
        ("ethnicity", r"\bethnic|\brace\b"),
        ("religion", r"\breligio|\bfaith\b|\bbelief\b"),
        ("sexuality", r"\bsexuality\b|\bsexual orientation\b"),
        (
            "health",
            r"\bhealth\b|\bmedical\b|\bdiagnos|\bdisabilit|\bmedication\b|\ballerg|\bcondition\b",
        ),
        ("offence", r"\boffen[cs]e|\bconviction|\bcriminal\b|\barrest"),
        ("trade_union", r"\btrade union\b"),
        ("political", r"\bpolitical\b|\bparty membership\b"),
        ("card_number", r"\b(?:credit|debit|payment|bank) card\b"),
    )
)
FIRST_NAME = re.compile(r"\b(?:first|given|fore|christian) ?names?\b|\bforename")
LAST_NAME = re.compile(r"\b(?:last|family|sur) ?names?\b|\bsurname")
FULL_NAME_HEADER = re.compile(
    r"^(?:full |student |staff |employee |tenant |resident |contact )?names?$"
)


def header_words(header: str) -> str:
    """A header cell as compared: lower case, words separated by single spaces."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", header.lower()).split())

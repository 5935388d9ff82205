"""Real sent messages shaped like the five incidents of domain.md §1, written as .eml files.

Everyone in them is fictional: names come from short lists, addresses use reserved `.example`
domains (`homemail.example`, `webmail.example` and `isp.example` stand for webmail and
internet providers, listed as such in `playbook/data/webmail_domains.txt`). Messages are built
with the standard `email` package (compat32, the way mail clients write them, CRLF line
endings, fixed boundaries) so that the same call always writes the same bytes.

Each builder states, in its docstring, the counts an import of its message must give.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from email.generator import BytesGenerator
from email.message import Message
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import formataddr
from pathlib import Path

PERSONAL_DOMAINS = ("homemail.example", "webmail.example", "isp.example")
FIRST_NAMES = (
    "Alex", "Bea", "Cal", "Dana", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo", "Kit", "Lia", "Max",
    "Nia", "Oli", "Pam", "Quin", "Ray", "Sam", "Tia", "Uma", "Vic", "Wyn", "Xan", "Yas", "Zoe",
)  # fmt: skip
SURNAMES = (
    "Abbot", "Birch", "Coyle", "Drake", "Elms", "Frost", "Grove", "Heath", "Inch", "Jory",
    "Kemp", "Lowe", "Marsh", "Nash", "Orme", "Pike", "Quill", "Reed", "Shaw", "Thorn", "Underhill",
    "Vale", "Wren", "Yardley", "Zeal",
)  # fmt: skip
COUNTRIES = ("United Kingdom", "Ireland", "India", "Nigeria", "China", "Poland", "Brazil")
COURSES = ("History", "Law", "Nursing", "Physics", "Fine Art", "Computing", "Economics")
STREETS = ("Oak Road", "Mill Lane", "Church Street", "Station Road", "Heol y Parc", "Bryn Road")
TOWNS = ("Exampleton", "Sampleford", "Testbury", "Llanenghraifft")
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's second half may use
POLICY = compat32.clone(linesep="\r\n")
SENT = "Mon, 19 Oct 2026 10:15:00 +0100"


@dataclass(frozen=True)
class FictionalPerson:
    """A made-up person with everything a spreadsheet might hold about them."""

    number: int
    first_name: str
    surname: str
    email: str
    mobile: str
    date_of_birth: date
    gender: str
    country: str
    course: str

    @property
    def name(self) -> str:
        """First name and surname."""
        return f"{self.first_name} {self.surname}"

    @property
    def street(self) -> str:
        """The first line of their (fictional) postal address."""
        return f"{self.number + 1} {STREETS[self.number % len(STREETS)]}"

    @property
    def town(self) -> str:
        """Their town."""
        return TOWNS[self.number % len(TOWNS)]

    @property
    def postcode(self) -> str:
        """A postcode of the fictional EX area, distinct for the first 36,000 people."""
        letters = len(_INWARD_LETTERS)
        first, second = divmod(self.number // 9 // 10, letters)
        return (
            f"EX{self.number % 9 + 1} {self.number // 9 % 10}"
            f"{_INWARD_LETTERS[first % letters]}{_INWARD_LETTERS[second]}"
        )


def fictional_people(
    count: int, *, domains: Sequence[str] = PERSONAL_DOMAINS
) -> list[FictionalPerson]:
    """`count` distinct fictional people; addresses cycle through `domains`."""
    people = []
    for number in range(count):
        first = FIRST_NAMES[number % len(FIRST_NAMES)]
        surname = SURNAMES[(number // len(FIRST_NAMES)) % len(SURNAMES)]
        people.append(
            FictionalPerson(
                number=number,
                first_name=first,
                surname=surname,
                email=f"{first}.{surname}{number}@{domains[number % len(domains)]}".lower(),
                mobile=f"07700{number:06d}",
                date_of_birth=date(1990, 1, 1) + timedelta(days=(number * 37) % 5000),
                gender=("Female", "Male", "Non-binary")[number % 3],
                country=COUNTRIES[number % len(COUNTRIES)],
                course=COURSES[number % len(COURSES)],
            )
        )
    return people


def csv_bytes(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> bytes:
    """A CSV file's bytes, as Excel or a database export would write it."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict[str, tuple[Sequence[str], Sequence[Sequence[object]]]]) -> bytes:
    """An .xlsx workbook's bytes with one sheet per entry (header row, then rows)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title)
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


@dataclass(frozen=True)
class Attached:
    """A file to attach: name, MIME type and bytes."""

    filename: str
    content_type: str
    data: bytes


def build_message(
    *,
    sender: str,
    subject: str,
    body: str,
    to: Sequence[str] = (),
    cc: Sequence[str] = (),
    bcc: Sequence[str] | None = None,
    attachments: Sequence[Attached] = (),
    message_id: str,
    in_reply_to: str = "",
    date_header: str = SENT,
    boundary: str = "==playbook-example-boundary==",
) -> Message:
    """A sent message as a mail client writes it; `bcc` (even empty) makes it the sender's copy."""
    message: Message = (
        MIMEMultipart(boundary=boundary) if attachments else MIMEText(body, "plain", "utf-8")
    )
    message["From"] = sender
    if to:
        message["To"] = ", ".join(to)
    if cc:
        message["Cc"] = ", ".join(cc)
    if bcc is not None:
        message["Bcc"] = ", ".join(bcc)
    message["Subject"] = subject
    message["Date"] = date_header
    message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    if attachments:
        message.attach(MIMEText(body, "plain", "utf-8"))
        for attached in attachments:
            maintype, subtype = attached.content_type.split("/", 1)
            part = MIMEApplication(attached.data, _subtype=subtype)
            part.replace_header("Content-Type", attached.content_type)
            part.add_header("Content-Disposition", "attachment", filename=attached.filename)
            message.attach(part)
    return message


def write_eml(message: Message, path: Path) -> Path:
    """Write `message` to `path` as an .eml file (CRLF line endings) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        BytesGenerator(stream, policy=POLICY).flatten(message)
    return path


def sent_with_list(
    folder: Path, header: Sequence[str], rows: Sequence[Sequence[object]], *, name: str
) -> Path:
    """A message sent to a contractor with one CSV attached (`name`.csv, a row per person),
    written to `folder`/`name`.eml."""
    message = build_message(
        sender="Council <council@council.example>",
        to=["contractor@repairs.example"],
        subject=f"The {name} list",
        body="Attached.\r\n",
        attachments=[Attached(f"{name}.csv", "text/csv", csv_bytes(header, rows))],
        message_id=f"<{name}@council.example>",
    )
    return write_eml(message, folder / f"{name}.eml")


def addressed(people: Sequence[FictionalPerson]) -> list[str]:
    """People as header entries: "Name <address>"."""
    return [formataddr((person.name, person.email)) for person in people]


# S1 -------------------------------------------------------------------------------------------
S1_HOLDERS = 3396
S1_COLUMNS = (
    "First name",
    "Surname",
    "Mobile",
    "Gender",
    "Date of birth",
    "Course",
    "Country of origin",
)


def students_union_spreadsheet(
    folder: Path, holders: int = S1_HOLDERS, *, by_post: int = 0, by_phone: int = 0
) -> Path:
    """S1: a students' union's email to every discount-card holder, with all of them attached.

    The sender's copy: the holders are in Bcc (not exposed to each other), the CSV attachment
    lists every holder's name, mobile, gender, date of birth, course and country of origin.
    Import gives: recipients = holders + 1 (the union's own address in To), exposed_addresses
    0, people = holders, records = holders, fraud_enabling true (name + date of birth + mobile),
    categories basic_identifiers and other, subjects students. Each row's holder is the Bcc
    recipient of the same name, so every one of them is reachable by email (people linked).

    With `by_post` or `by_phone`, the file also has term-address columns (address, town,
    postcode) and that many more holders who signed up on paper, in no Bcc: `by_post` with a
    term address and no mobile (they get a letter), `by_phone` with only a mobile (a call).
    People and records then count them too.
    """
    people = fictional_people(holders + by_post + by_phone)
    on_paper = by_post or by_phone
    rows = [
        (
            p.first_name,
            p.surname,
            "" if holders <= p.number < holders + by_post else p.mobile,
            p.gender,
            p.date_of_birth.strftime("%d/%m/%Y"),
            p.course,
            p.country,
            *(
                (p.street, p.town, p.postcode)
                if holders <= p.number < holders + by_post
                else ("", "", "")
            )[: 3 if on_paper else 0],
        )
        for p in people
    ]
    columns = (*S1_COLUMNS, *(("Term address", "Town", "Postcode") if on_paper else ()))
    people = people[:holders]
    message = build_message(
        sender=formataddr(("Students' Union Discounts", "discounts@su.example")),
        to=["discounts@su.example"],
        bcc=addressed(people),  # from the union's contact list: names with the addresses
        subject="Your discount card: new partner offers",
        body="Hello,\r\n\r\nHere are this term's new partner offers for discount-card holders.\r\n",
        attachments=[
            Attached(
                "discount_card_holders.csv", "application/vnd.ms-excel", csv_bytes(columns, rows)
            )
        ],
        message_id="<offers-2026-10@su.example>",
    )
    return write_eml(message, folder / "s1_discount_card_offers.eml")


# S2 -------------------------------------------------------------------------------------------
S2_REPORT = (
    "Incident report 26/1187 (restricted)\r\n"
    "Schools: Hillside Academy and Brookfield School.\r\n"
    "Alleged race-hate incident between three Year 9 pupils, Kit Heath, Sam Jory and Ray "
    "Marsh, aged 14. The alleged message contained racist abuse. Safeguarding leads informed.\r\n"
)


def report_to_stranger(folder: Path) -> Path:
    """S2: a police report on an alleged race-hate incident between pupils, sent to a stranger.

    One recipient, a member of the public (external_personal) who had written about something
    else; the report is a text attachment. Import gives: recipients 1, exposed_addresses 0,
    people 0 (the pupils are named only in free text: the responder counts them), and
    suggestions subjects=children, categories=racial_ethnic and criminal.
    """
    message = build_message(
        sender=formataddr(("PC Officer", "pc.officer@police.example")),
        to=[formataddr(("Member Public", "member.public@homemail.example"))],
        subject="Re: Your enquiry about parking",
        body="Please find attached the report about the incident involving the pupils.\r\n",
        attachments=[Attached("incident_report.txt", "text/plain", S2_REPORT.encode())],
        message_id="<report-1187@police.example>",
    )
    return write_eml(message, folder / "s2_report_to_stranger.eml")


# S3 -------------------------------------------------------------------------------------------
S3_STAFF = 1050
S3_FORCES = ("force-a.police.example", "force-b.police.example", "force-c.police.example")


def staff_files_to_contractor(folder: Path, staff: int = S3_STAFF) -> Path:
    """S3: three forces' staff details in five files, sent to a private contractor.

    To the contractor (external_org), Cc the other two forces (internal when their domains are
    configured as internal_domains). Files: staff list (CSV, work emails), salaries with NI
    numbers (XLSX), home addresses with dates of birth (CSV in Windows-1252 with ';'), sickness
    (TSV, first 300 staff), mobiles (XLSX, one sheet per force). Import gives: recipients 3,
    exposed_addresses 0, people = staff (the same person across files counted once),
    records = 4 * staff + 300, fraud_enabling true, categories basic_identifiers, financial,
    health, official_documents, subjects employees.
    """
    people = fictional_people(staff, domains=S3_FORCES)
    numbers = [f"S{person.number:05d}" for person in people]
    staff_list = csv_bytes(
        ("Staff number", "First name", "Surname", "Work email", "Job title"),
        [
            (n, p.first_name, p.surname, p.email, "Constable")
            for n, p in zip(numbers, people, strict=True)
        ],
    )
    salaries = xlsx_bytes(
        {
            "Salaries": (
                ("Staff number", "Name", "Salary", "NI number"),
                [
                    (n, p.name, 30000 + p.number, f"QQ{p.number:06d}C")
                    for n, p in zip(numbers, people, strict=True)
                ],
            )
        }
    )
    addresses = csv_bytes(
        ("Staff number", "Name", "Home address", "Postcode", "DOB"),
        [
            (n, p.name, f"{p.number} Rue Café", "AB1 2CD", p.date_of_birth.isoformat())
            for n, p in zip(numbers, people, strict=True)
        ],
        delimiter=";",
        encoding="cp1252",
    )
    sickness = csv_bytes(
        ("Staff number", "Name", "Medical condition"),
        [(n, p.name, "back pain") for n, p in zip(numbers[:300], people[:300], strict=True)],
        delimiter="\t",
    )
    by_force = {
        force: [
            (n, p.name, p.mobile)
            for n, p in zip(numbers, people, strict=True)
            if p.email.endswith(force)
        ]
        for force in S3_FORCES
    }
    mobiles = xlsx_bytes(
        {
            force.split(".")[0]: (("Staff number", "Name", "Mobile"), rows)
            for force, rows in by_force.items()
        }
    )
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    message = build_message(
        sender=formataddr(("Outsourcing Lead", "outsourcing.lead@force-a.police.example")),
        to=["bids@contractor.example"],
        cc=["procurement@force-b.police.example", "procurement@force-c.police.example"],
        subject="Transfer of undertakings: staff data",
        body="Attached are the five files for the due diligence.\r\n",
        attachments=[
            Attached("staff_list.csv", "text/csv", staff_list),
            Attached("salaries.xlsx", sheet, salaries),
            Attached("home_addresses.csv", "application/octet-stream", addresses),
            Attached("sickness.tsv", "text/tab-separated-values", sickness),
            Attached("mobiles.xlsx", sheet, mobiles),
        ],
        message_id="<tupe-data@force-a.police.example>",
    )
    return write_eml(message, folder / "s3_staff_files_to_contractor.eml")


# S4 -------------------------------------------------------------------------------------------
S4_PERSONAL = 290
S4_AT_WORK = 22


def council_tenant_survey(
    folder: Path, personal: int = S4_PERSONAL, at_work: int = S4_AT_WORK
) -> Path:
    """S4: a council's tenant survey with every tenant's address in Cc instead of Bcc.

    A received copy (no Bcc line). To the council's own address; Cc `personal` tenants at webmail
    domains and `at_work` at organisations' domains. Import gives: recipients = 1 + personal +
    at_work, exposed_addresses = personal, people = personal, records = personal, bcc unknown,
    fraud_enabling false, categories basic_identifiers.
    """
    tenants = fictional_people(personal + at_work)
    work = [
        formataddr(
            (p.name, f"{p.first_name}.{p.surname}{p.number}@employer{p.number % 4}.example".lower())
        )
        for p in tenants[personal:]
    ]
    message = build_message(
        sender=formataddr(("Tenant Participation", "tenant.participation@council.example")),
        to=["tenant.participation@council.example"],
        cc=[*addressed(tenants[:personal]), *work],
        subject="Your views on your home: annual tenant survey",
        body="Dear tenant,\r\n\r\nPlease complete our annual tenant satisfaction survey.\r\n",
        message_id="<tenant-survey-2026@council.example>",
    )
    return write_eml(message, folder / "s4_tenant_survey.eml")


# S5 -------------------------------------------------------------------------------------------
S5_RESIDENTS = 418
S5_REPLY_NEW = ("engagement@police.example", "comms.team@police.example", "press@newsdesk.example")


def engagement_scheme_418(folder: Path, residents: int = S5_RESIDENTS) -> tuple[Path, Path]:
    """S5: 418 residents' addresses in To, then a senior officer's reply-all asking to retrieve it.

    Returns (original, reply_all). The original: To all residents (webmail). Import gives:
    recipients = residents, exposed_addresses = residents, people = residents. The reply-all
    (In-Reply-To the original) goes to the original sender and every resident, Cc the comms team
    and a newsdesk: importing it adds the 3 new recipients at message 2, keeps
    exposed_addresses = residents, and sets forwarded true.
    """
    people = addressed(fictional_people(residents))
    original = build_message(
        sender=formataddr(("Community Engagement", "engagement@police.example")),
        to=people,
        subject="Neighbourhood engagement scheme: October update",
        body="Thank you for taking part in our neighbourhood engagement scheme.\r\n",
        message_id="<engagement-oct@police.example>",
    )
    reply = build_message(
        sender=formataddr(("Senior Officer", "senior.officer@police.example")),
        to=[S5_REPLY_NEW[0], *people],
        cc=list(S5_REPLY_NEW[1:]),
        subject="RE: Neighbourhood engagement scheme: October update",
        body="Is it possible to retrieve this email? It should not have gone to everyone.\r\n",
        message_id="<engagement-oct-reply@police.example>",
        in_reply_to="<engagement-oct@police.example>",
        date_header="Mon, 19 Oct 2026 10:42:00 +0100",
    )
    return (
        write_eml(original, folder / "s5_engagement_update.eml"),
        write_eml(reply, folder / "s5_reply_all.eml"),
    )


def mailing_list_copy(
    folder: Path, *, recipients: int, rows: int, attachment: str = "csv", name: str = "mailing"
) -> Path:
    """A sender's copy with `recipients` addresses in Bcc and a `rows`-row list attached.

    `attachment` is "csv" or "xlsx". Used by the benchmark (100,000 of each) and size tests.
    """
    people = fictional_people(max(recipients, rows))
    header = ("First name", "Surname", "Email", "Mobile", "Date of birth")
    table = [
        (p.first_name, p.surname, p.email, p.mobile, p.date_of_birth.isoformat())
        for p in people[:rows]
    ]
    if attachment == "xlsx":
        data = xlsx_bytes({"Members": (header, table)})
        attached = Attached(
            f"{name}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            data,
        )
    else:
        attached = Attached(f"{name}.csv", "text/csv", csv_bytes(header, table))
    message = build_message(
        sender=formataddr(("Membership", "membership@club.example")),
        to=["membership@club.example"],
        bcc=addressed(people[:recipients]),
        subject="Members' newsletter",
        body="Dear member,\r\n\r\nOur newsletter is attached.\r\n",
        attachments=[attached],
        message_id=f"<{name}@club.example>",
    )
    return write_eml(message, folder / f"{name}_{attachment}.eml")


# People with and without an email address ----------------------------------------------------
SHEET_TENANTS = ["Carl Cole", "Dora Dean", "Evan Ellis", "Fay Fox"]  # no email address for these
SURVEY_WITH_EMAIL = ["Ann Archer <ann.archer@gmail.com>", "bob.baker@hotmail.co.uk"]


def survey_with_sheet(folder: Path) -> Path:
    """Two tenants' addresses in Cc and a sheet of four more tenants without any address."""
    sheet = csv_bytes(
        ["name", "date_of_birth", "postcode"],
        [[name, f"0{n}/03/1980", "AB1 2CD"] for n, name in enumerate(SHEET_TENANTS, start=1)],
    )
    message = build_message(
        sender="Housing <housing@council.example>",
        to=["housing@council.example"],
        cc=SURVEY_WITH_EMAIL,
        subject="Tenant survey",
        body="Please fill in the survey.",
        attachments=[Attached("tenants.csv", "text/csv", sheet)],
        message_id="<survey@council.example>",
    )
    return write_eml(message, folder / "survey.eml")

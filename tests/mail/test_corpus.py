"""Every real message of other mail parsers' test suites: imported, or refused in one sentence.

The corpus (tests/mail/corpus, listed with source and licence in MANIFEST.csv) holds several
hundred .eml, mbox-style, .msg and winmail.dat files from the test suites of MimeKit, flanker,
mikel/mail, enmime, stalwart mail-parser, msgreader, Apache POI and CPython. For each file:
no traceback; an import, or a refusal of one sentence that leaves the database unchanged; the
To, Cc and Bcc addresses the standard library (policy.default) finds, no more and no fewer; and
no recipient that is not written in an address header.
"""

from __future__ import annotations

import csv
import email
import re
from email import policy
from pathlib import Path

import olefile

from playbook.config import Config
from playbook.domain.errors import PlaybookError
from playbook.intake.importing import import_file
from playbook.store.incidents import create_incident
from playbook.store.messages import load_recipients
from tests.conftest import FIXED_NOW

CORPUS = Path(__file__).parent / "corpus"
COMMENT = re.compile(r"\((?:[^()\\]|\\.)*\)")
CFB_MAGIC = b"\xd0\xcf\x11\xe0"
ADDRESS_LINE = re.compile(rb"^[ \t]*(?:to|cc|bcc)[ \t]*:.*(?:\r?\n[ \t].*)*", re.I | re.M)

# Where playbook reads the recipients differently from the standard library, on purpose.
EXCEPTIONS = {
    # `To: tim@x concierge@x`: a missing comma. The stdlib keeps the first address only; a mail
    # client delivers to both, so both were exposed.
    "mikel-mail/spec/fixtures/emails/plain_emails/raw_email_multiple_from.eml": {
        "tim@powerupdev.com",
        "concierge@powerupdev.com",
    },
    # `Mikel@Lindsaar <raasdnil@gmail.com>`: a display name that looks like an address. The
    # stdlib takes the name for the address; the message went to the one in angle brackets.
    "mikel-mail/spec/fixtures/emails/plain_emails/raw_email_with_at_display_name.eml": {
        "smith@gmail.com",
        "raasdnil@gmail.com",
        "tom@gmail.com",
    },
}


def corpus_files() -> list[str]:
    with (CORPUS / "MANIFEST.csv").open(newline="") as manifest:
        return [row["file"] for row in csv.DictReader(manifest)]


def stdlib_recipients(data: bytes) -> set[str] | None:
    """The To/Cc/Bcc addresses `email` (policy.default) finds, as playbook stores them (8-bit
    bytes read as UTF-8); None when the stdlib cannot read the headers."""
    try:
        message = email.message_from_bytes(data, policy=policy.default)
        found = set()
        for field in ("to", "cc", "bcc"):
            for header in message.get_all(field) or []:
                for address in header.addresses:
                    local, at, domain = address.addr_spec.rpartition("@")
                    if at and local and domain:
                        spec = address.addr_spec.encode("utf-8", "surrogateescape")
                        found.add(spec.decode("utf-8", "replace").lower())
    except Exception:  # the stdlib's parser raises on some of these files
        return None
    return found


def written_in_address_headers(data: bytes) -> str:
    """The text of every To, Cc and Bcc line in the file (of the message and of any part)."""
    lines = b"\n".join(match.group() for match in ADDRESS_LINE.finditer(data))
    text = lines.decode("utf-8", "replace").lower()
    return re.sub(r"\s+", "", COMMENT.sub("", text))  # `c@(host)public.example`, RFC 5322 3.2.2


def msg_recipient_keys(path: Path) -> set[str]:
    """Each recipient of an Outlook file, read with olefile: its SMTP address, else its email
    address, else its display name (the properties 39FE, 3003, 3001)."""
    keys = set()
    with olefile.OleFileIO(str(path)) as ole:
        storages = {entry[0] for entry in ole.listdir() if entry[0].startswith("__recip_")}
        for storage in storages:
            values = {}
            for tag in ("39FE", "3003", "3001"):
                for kind, encoding in (("001F", "utf-16-le"), ("001E", "cp1252")):
                    stream = f"{storage}/__substg1.0_{tag}{kind}"
                    if ole.exists(stream):
                        text = ole.openstream(stream).read().decode(encoding, "replace")
                        values[tag] = " ".join(text.strip("\x00").split())
            smtp = values.get("39FE", "")
            email_address = values.get("3003", "")
            key = smtp if "@" in smtp else email_address if "@" in email_address else ""
            keys.add((key or email_address or values.get("3001", "")).lower())
    keys.discard("")
    return keys


def row_counts(db) -> dict[str, int]:
    """How many rows each table holds (the whole database: cheaper than every row, and an
    import only ever adds rows)."""
    return {table: db[table].count for table in db.table_names()}


def check_file(db, relative: str, failures: list[str]) -> str:
    """Import one corpus file into a new incident; append what is wrong to `failures`."""
    path = CORPUS / relative
    data = path.read_bytes()
    incident = create_incident(db, title="Corpus", aware_at=FIXED_NOW, now=FIXED_NOW, author="t")
    before = row_counts(db)
    try:
        report = import_file(db, incident.id, path, config=Config(), author="t", now=FIXED_NOW)
    except PlaybookError as refusal:
        sentence = str(refusal)
        if "\n" in sentence or not sentence.endswith(".") or "Error)" in sentence:
            failures.append(f"{relative}: refused in more than one plain sentence: {sentence}")
        if row_counts(db) != before:
            failures.append(f"{relative}: a refusal left rows behind")
        expected = None if data.startswith(CFB_MAGIC) else stdlib_recipients(data)
        if expected:
            failures.append(f"{relative}: refused, but the stdlib finds {len(expected)} recipients")
        return "refused"
    except Exception as error:  # the failure to report: a traceback for a real message
        failures.append(f"{relative}: {type(error).__name__}: {error}")
        return "crashed"
    found = {recipient.address.lower() for recipient in load_recipients(db, incident.id)}
    if report.format == "address_list":
        failures.append(f"{relative}: a message read as a pasted list of addresses")
    if data.startswith(CFB_MAGIC):
        expected = msg_recipient_keys(path)
        if found != expected:
            failures.append(f"{relative}: .msg recipients {sorted(found)} != {sorted(expected)}")
        return "imported"
    expected = EXCEPTIONS.get(relative) or stdlib_recipients(data)
    if expected and found != expected:
        failures.append(
            f"{relative}: missing {sorted(expected - found)}, extra {sorted(found - expected)}"
        )
    written = written_in_address_headers(data)
    invented = [address for address in found if address not in written]
    if invented:
        failures.append(f"{relative}: recipients not in any address header: {invented}")
    return "imported"


def test_every_real_message_is_imported_or_refused_in_one_sentence(db):
    files = corpus_files()
    failures: list[str] = []

    outcomes = [check_file(db, relative, failures) for relative in files]

    assert failures == [], "\n".join(failures)
    assert len(files) >= 300
    assert outcomes.count("imported") >= 380  # 405 of 451 when this was written


def test_the_manifest_lists_every_corpus_file_with_a_licence():
    listed = set(corpus_files())
    on_disk = {
        str(path.relative_to(CORPUS))
        for path in CORPUS.rglob("*")
        if path.is_file() and path.name not in ("MANIFEST.csv", ".gitattributes")
    }
    with (CORPUS / "MANIFEST.csv").open(newline="") as manifest:
        licences = {row["licence"] for row in csv.DictReader(manifest)}

    assert listed == on_disk
    assert all(licence and "GPL" not in licence for licence in licences)
    assert sum(path.stat().st_size for path in CORPUS.rglob("*")) < 15 * 1024 * 1024

"""The streaming walk of an .eml finds what the stdlib's whole-message parser finds: the same
headers, the same parts, the same decoded content; and it tells a message cut short."""

from __future__ import annotations

import os
from email.message import Message
from email.mime.application import MIMEApplication
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.parser import BytesParser
from email.policy import compat32
from pathlib import Path

import pytest

from playbook.mail.mime_stream import PIECE_BYTES, locate_parts, read_content, read_header_block
from playbook.paths import shipped_dir
from tests import builders
from tests.builders import Attached, build_message, csv_bytes, fictional_people, write_eml


def walk(path: Path):
    with path.open("rb") as stream:
        headers, body_start = read_header_block(stream)
        parts, complete = locate_parts(stream, headers, body_start)
        contents = [read_content(stream, part) for part in parts]
    return headers, parts, contents, complete


def stdlib_leaves(path: Path) -> tuple[Message, list[Message]]:
    with path.open("rb") as stream:
        message = BytesParser(policy=compat32).parse(stream)
    leaves, pending = [], [message]
    while pending:  # depth first, in order; an attached email is one leaf
        part = pending.pop(0)
        if part.is_multipart() and part.get_content_type() != "message/rfc822":
            pending[:0] = part.get_payload()
        else:
            leaves.append(part)
    return message, leaves


def assert_same_as_stdlib(path: Path) -> None:
    headers, parts, contents, complete = walk(path)
    message, leaves = stdlib_leaves(path)

    assert complete
    assert list(headers.raw_items()) == list(message.raw_items())
    assert len(parts) == len(leaves)
    for part, content, leaf in zip(parts, contents, leaves, strict=True):
        if leaf is not message:
            assert list(part.headers.raw_items()) == list(leaf.raw_items())
        if leaf.get_content_type() == "message/rfc822":
            inner = BytesParser(policy=compat32).parsebytes(content)
            assert inner.as_bytes() == leaf.get_payload(0).as_bytes()
        else:
            assert content == leaf.get_payload(decode=True)


def five_incidents(folder: Path) -> list[Path]:
    return [
        builders.students_union_spreadsheet(folder),
        builders.report_to_stranger(folder),
        builders.staff_files_to_contractor(folder),
        builders.council_tenant_survey(folder),
        *builders.engagement_scheme_418(folder),
        builders.mailing_list_copy(folder, recipients=300, rows=300, attachment="xlsx"),
        *sorted(shipped_dir("examples").glob("*.eml")),
    ]


def test_the_five_incidents_and_the_examples_read_as_the_stdlib_reads_them(tmp_path):
    for path in five_incidents(tmp_path):
        assert_same_as_stdlib(path)


def test_nested_parts_quoted_printable_and_an_attached_email(tmp_path):
    alternative = MIMEMultipart("alternative")
    alternative.attach(MIMEText("Caf\u00e9 list, see attached.\n", "plain", "utf-8"))
    alternative.attach(MIMEText("<p>Caf\u00e9 list</p>", "html", "utf-8"))
    quoted = MIMEText("Na\u00efve = r\u00e9sum\u00e9 " * 40, "plain", "utf-8")
    quoted.replace_header("Content-Transfer-Encoding", "quoted-printable")
    quoted.set_payload("Na=C3=AFve =3D r=C3=A9sum=C3=A9 " * 40)
    inner = MIMEText("the forwarded one")
    inner["Subject"] = "inner"
    outer = MIMEMultipart("mixed")
    outer["From"] = "a@council.example"
    outer["Subject"] = "nested"
    for part in (alternative, quoted, MIMEMessage(inner)):
        outer.attach(part)
    outer.attach(MIMEApplication(os.urandom(3000), Name="blob.bin"))
    path = tmp_path / "nested.eml"
    path.write_bytes(outer.as_bytes())

    assert_same_as_stdlib(path)
    assert len(walk(path)[1]) == 5


def test_long_lines_and_a_large_base64_part_are_read_whole(tmp_path):
    rows = [(p.name, p.email) for p in fictional_people(30_000)]
    long_line = b"x" * (3 * PIECE_BYTES) + b"\r\n--not-a-boundary\r\n"
    message = build_message(
        sender="a@council.example",
        to=["b@homemail.example"],
        subject="big",
        body="see attached",
        message_id="<big@council.example>",
        attachments=[
            Attached("members.csv", "text/csv", csv_bytes(("Name", "Email"), rows)),
            Attached("notes.txt", "text/plain", long_line),
        ],
    )
    path = write_eml(message, tmp_path / "big.eml")

    assert path.stat().st_size > 1 << 20  # the base64 is read in more than one block
    assert_same_as_stdlib(path)


@pytest.mark.parametrize("cut", ["closing boundary", "every boundary"])
def test_a_message_cut_short_is_incomplete(tmp_path, cut):
    path = write_eml(
        build_message(
            sender="a@council.example",
            to=["b@homemail.example"],
            subject="x",
            body="hello",
            message_id="<x@council.example>",
            attachments=[
                Attached("a.csv", "text/csv", csv_bytes(("Email",), [("c@isp.example",)]))
            ],
        ),
        tmp_path / "m.eml",
    )
    data = path.read_bytes()
    if cut == "closing boundary":
        data = data[: data.rindex(b"--==")]
    else:
        data = data[: data.index(b"\r\n\r\n") + 4] + b"just a preamble\r\n"
    path.write_bytes(data)

    assert walk(path)[3] is False

"""Composing and writing drafts: real RFC 5322 messages, one recipient each, all or nothing."""

from __future__ import annotations

import mailbox
import os
import stat
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.utils import getaddresses
from pathlib import Path

import pytest

from playbook.config import Config, DpoConfig, DraftsConfig
from playbook.domain.drafting import ContactPoint
from playbook.domain.errors import PlaybookError, Refused
from playbook.domain.incident import Incident, Person, Recipient
from playbook.notify.compose import envelope_for
from playbook.notify.drafts import DraftContext, build_drafts
from playbook.notify.outbox import GateRefused, compose_batch, file_name, write_messages
from playbook.render.environment import Renderer
from tests.conftest import FIXED_NOW, LONDON

CONFIG = Config(
    organisation="Northfield Students' Union",
    dpo=DpoConfig("Jane Doe", "dpo@su.example", "0161 496 0000"),
    drafts=DraftsConfig(from_address="dpo@su.example", reply_to="privacy@su.example"),
)
INCIDENT = Incident(
    "PB-2026-0001",
    "Discount-card spreadsheet sent to every holder",
    "open",
    aware_at=FIXED_NOW,
    created_at=FIXED_NOW,
    occurred_at=datetime(2026, 10, 19, 9, 15, tzinfo=UTC),
)
CONTACT = ContactPoint("Northfield Students' Union", "Jane Doe", "dpo@su.example", "0161 496 0000")
ITEMS = ("name", "email", "mobile", "date_of_birth")


def person(number: int, name: str | None = None, email: str | None = None) -> Person:
    address = email if email is not None else f"holder{number}@homemail.example"
    return Person(
        address, name or f"Holder Number{number}", address, ITEMS, ("message 1 attachment 1",)
    )


def batch_for(people, config: Config = CONFIG, kind: str = "apology"):
    context = DraftContext(INCIDENT, CONTACT, LONDON, people=tuple(people), signed_by="Jane Doe")
    return build_drafts(context, kind, Renderer(config, LONDON))


def composed(people, config: Config = CONFIG):
    batch = batch_for(people, config)
    return compose_batch(batch, envelope_for(config, batch, FIXED_NOW, LONDON))


def parse(data: bytes):
    return message_from_bytes(data, policy=policy.default)


def test_each_message_goes_to_exactly_one_person_with_the_configured_sender():
    messages = composed([person(1), person(2)])
    parsed = parse(messages[0].data)
    assert getaddresses(parsed.get_all("To")) == [("Holder Number1", "holder1@homemail.example")]
    assert parsed["Cc"] is None and parsed["Bcc"] is None
    assert parsed["From"] == "Northfield Students' Union <dpo@su.example>"
    assert parsed["Reply-To"] == "Northfield Students' Union <privacy@su.example>"
    assert parsed["Subject"] == "We are sorry: we shared your personal information by mistake"
    assert parsed["Date"].datetime == FIXED_NOW
    assert parsed["Message-ID"] == messages[0].message_id
    assert messages[0].message_id.endswith("@su.example>")
    assert messages[0].message_id != messages[1].message_id
    assert not parsed.defects


def test_a_sender_configured_with_a_display_name_keeps_it():
    config = Config(
        organisation=CONFIG.organisation,
        dpo=CONFIG.dpo,
        drafts=DraftsConfig(from_address="Information Governance <ig@su.example>"),
    )
    [message] = composed([person(1)], config)
    parsed = parse(message.data)
    assert parsed["From"] == "Information Governance <ig@su.example>"
    assert parsed["Reply-To"] == "Information Governance <ig@su.example>"
    assert message.message_id.endswith("@su.example>") and ">>" not in message.message_id
    assert not parsed.defects


def test_the_message_has_the_text_and_an_html_alternative_and_no_attachment():
    parsed = parse(composed([person(1)])[0].data)
    assert parsed.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in parsed.iter_parts()] == ["text/plain", "text/html"]
    assert list(parsed.iter_attachments()) == []
    text = parsed.get_body(("plain",)).get_content()
    assert text.startswith("Dear Holder Number1,\n")
    assert "your name, email address, mobile number and date of birth" in text
    assert "<li>Be wary of unexpected calls" in parsed.get_body(("html",)).get_content()


def test_a_kind_without_an_html_template_gives_a_single_text_part():
    recipient = Recipient("holder1@homemail.example", "Holder Number1")
    context = DraftContext(INCIDENT, CONTACT, LONDON, recipients=(recipient,))
    batch = build_drafts(context, "deletion_request", Renderer(CONFIG, LONDON))
    (message,) = compose_batch(batch, envelope_for(CONFIG, batch, FIXED_NOW, LONDON))
    parsed = parse(message.data)
    assert parsed.get_content_type() == "text/plain"
    assert parsed.get_content().startswith("Dear Holder Number1,")


def test_names_and_subjects_outside_ascii_are_encoded_and_read_back():
    messages = composed([person(1, name="Zoë Brennan-Ó Súilleabháin")])
    parsed = parse(messages[0].data)
    assert parsed["To"].addresses[0].display_name == "Zoë Brennan-Ó Súilleabháin"
    assert parsed.get_body(("plain",)).get_content().startswith("Dear Zoë Brennan-Ó Súilleabháin,")
    assert messages[0].data.isascii()


@pytest.mark.parametrize(
    "name",
    [
        "Dr. Jo O'Neil, MBE",
        'Jo "the card" Bloggs',
        "Ada Łukasiewicz-Ó Súilleabháin Ní Bhriain de la Cruz y Fernández-Zoë",
        "x" * 200,
    ],
    ids=["needs quotes", "has quotes", "long and outside ASCII", "very long"],
)
def test_any_display_name_reads_back_unchanged(name):
    data = composed([person(1, name=name)])[0].data
    assert max(len(line) for line in data.split(b"\n")) <= 998
    parsed = parse(data)
    assert parsed["To"].addresses[0].display_name == name
    assert parsed["To"].addresses[0].addr_spec == "holder1@homemail.example"
    assert not parsed.defects


def test_a_display_name_too_long_to_be_a_name_is_cut():
    parsed = parse(composed([person(1, name="Jo " + "x" * 5000)])[0].data)
    assert parsed["To"].addresses[0].display_name == ("Jo " + "x" * 5000)[:200]


def test_a_name_cannot_inject_a_header():
    hostile = person(1, name="Mallory\r\nBcc: everyone@webmail.example")
    parsed = parse(composed([hostile])[0].data)
    assert parsed["Bcc"] is None
    assert len(parsed.get_all("To")) == 1
    assert len(getaddresses(parsed.get_all("To"))) == 1


def test_ascii_text_stays_readable_and_long_lines_are_encoded(tmp_path):
    plain = composed([person(1)])[0].data.decode("ascii")
    assert "Content-Transfer-Encoding: 7bit" in plain
    assert "Dear Holder Number1," in plain
    folder = tmp_path / "mine"
    folder.mkdir()
    long_line = "x" * 2000
    (folder / "apology.txt.j2").write_text(
        "Subject: Sorry\n\n{{ what_happened }}\n" + long_line + "\n{{ contact.lines[0] }}\n"
    )
    config = Config(**{**CONFIG.__dict__, "templates_dir": str(folder)})
    data = composed([person(1)], config)[0].data
    assert max(len(line) for line in data.split(b"\n")) <= 998
    text_part = parse(data).get_body(("plain",))
    assert text_part["Content-Transfer-Encoding"] == "base64"
    assert long_line in text_part.get_content()


def test_the_gate_runs_before_composing_and_lists_who_failed(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "apology.txt.j2").write_text(
        "Subject: Sorry\nCc: boss@su.example\n\n{{ what_happened }}\n{{ contact.lines[0] }}\n"
    )
    config = Config(**{**CONFIG.__dict__, "templates_dir": str(folder)})
    with pytest.raises(GateRefused) as refused:
        composed([person(1), person(2)], config)
    assert [failure.key for failure in refused.value.failures] == [
        "holder1@homemail.example",
        "holder2@homemail.example",
    ]
    assert "2 of 2 drafts failed the safety gate" in str(refused.value)
    assert "holder" not in str(refused.value)


def test_a_person_whose_cell_holds_two_addresses_is_skipped_and_listed():
    doubled = person(1, email="holder1@homemail.example; holder2@homemail.example")
    batch = batch_for([doubled, person(3)])
    assert batch.unusable == ("holder1@homemail.example; holder2@homemail.example",)
    messages = compose_batch(batch, envelope_for(CONFIG, batch, FIXED_NOW, LONDON))
    assert [message.address for message in messages] == [person(3).email]


def test_sending_needs_a_from_address():
    batch = batch_for([person(1)])
    with pytest.raises(Refused, match="drafts.from_address"):
        envelope_for(Config(organisation="X"), batch, FIXED_NOW, LONDON)


def test_eml_files_are_written_in_a_new_private_folder(tmp_path):
    messages = composed([person(1), person(2), person(3, email="../../etc/evil@homemail.example")])
    out = tmp_path / "outbox"
    written = write_messages(messages, out, "PB-2026-0001-apology-20261025-1200", "eml")
    assert written == out / "PB-2026-0001-apology-20261025-1200"
    names = sorted(path.name for path in written.iterdir())
    assert names == [
        "0001-holder1@homemail.example.eml",
        "0002-holder2@homemail.example.eml",
        "0003-_.._etc_evil@homemail.example.eml",
    ]
    assert [path.name for path in out.iterdir()] == [written.name]
    assert stat.S_IMODE(written.stat().st_mode) == 0o700
    first = written / names[0]
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    assert first.read_bytes() == messages[0].data


def test_a_second_batch_never_overwrites_the_first(tmp_path):
    messages = composed([person(1)])
    first = write_messages(messages, tmp_path, "PB-2026-0001-apology-x", "eml")
    second = write_messages(messages, tmp_path, "PB-2026-0001-apology-x", "eml")
    assert second.name == "PB-2026-0001-apology-x-2"
    assert first.is_dir() and second.is_dir()


def test_an_mbox_holds_every_message(tmp_path):
    messages = composed([person(number) for number in range(5)])
    written = write_messages(messages, tmp_path, "PB-2026-0001-apology-x", "mbox")
    assert written.name == "PB-2026-0001-apology-x.mbox"
    box = mailbox.mbox(written)
    assert [message["To"] for message in box] == [
        f"Holder Number{number} <holder{number}@homemail.example>" for number in range(5)
    ]
    assert stat.S_IMODE(written.stat().st_mode) == 0o600


def test_a_failure_half_way_leaves_nothing_behind(tmp_path, monkeypatch):
    messages = composed([person(number) for number in range(10)])
    real_write = os.write
    calls = []

    def write_until_the_disk_fills(descriptor, data):
        calls.append(1)
        if len(calls) == 6:
            raise OSError(28, "No space left on device")
        return real_write(descriptor, data)

    monkeypatch.setattr(os, "write", write_until_the_disk_fills)
    with pytest.raises(PlaybookError, match=r"\(No space left on device\); nothing was written"):
        write_messages(messages, tmp_path, "PB-2026-0001-apology-x", "eml")
    assert list(tmp_path.iterdir()) == []


def test_what_a_killed_run_left_is_cleared_by_the_next(tmp_path):
    abandoned = tmp_path / ".PB-2026-0001-apology-x.partial-999999999"
    abandoned.mkdir()
    (abandoned / "0001-holder1@homemail.example.eml").write_text("half")
    alive = tmp_path / f".PB-2026-0001-apology-y.partial-{os.getpid()}"
    alive.mkdir()
    write_messages(composed([person(1)]), tmp_path, "PB-2026-0001-apology-z", "eml")
    assert not abandoned.exists()
    assert alive.exists()


def test_file_names_are_safe_and_numbered():
    assert file_name(7, "Jo.Bloggs+tag@mail.example") == "0007-Jo.Bloggs+tag@mail.example.eml"
    assert file_name(8, "..") == "0008-draft.eml"
    assert "/" not in file_name(9, "a/b\\c@x.example")
    assert Path(file_name(10, "x" * 300)).name == file_name(10, "x" * 300)

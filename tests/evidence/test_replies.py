"""Deletion requests sent through a real SMTP server on loopback, the answers written back as
files (a reply, an out-of-office, a bounce, a stranger), and `replies` matching each."""

from __future__ import annotations

import mailbox
from email import message_from_bytes, policy
from email.mime.text import MIMEText
from pathlib import Path

import pytest

from playbook.store.database import open_database
from tests.builders import write_eml
from tests.evidence.conftest import ANN, BOB, CAT, SENDER, dsn
from tests.notify.test_sending import PASSWORD, certificate, configure, start_relay

__all__ = ["certificate"]  # the relay's certificate fixture, shared with the sending tests


@pytest.fixture
def sent(cli, tmp_path, certificate, monkeypatch, incident) -> dict[str, str]:
    """Send every external recipient their deletion request; each one's Message-ID."""
    relay, controller = start_relay(certificate, "starttls", monkeypatch)
    try:
        configure(tmp_path, controller.port, "starttls")
        monkeypatch.setenv("TEST_RELAY_PASSWORD", PASSWORD)
        result = cli(
            "drafts", incident, "deletion-request", "--out", str(tmp_path / "out"), "--send"
        )
    finally:
        controller.stop()
    assert result.code == 0, result.err
    assert cli("recipient", incident, "--all-external", "--status", "requested").code == 0
    ids = {}
    for rcpt_tos, content in relay.received:
        message = message_from_bytes(content, policy=policy.default)
        ids[rcpt_tos[0]] = message["Message-ID"]
    return ids


def answer(sender: str, body: str, *, subject: str, in_reply_to: str = "", **headers) -> MIMEText:
    message = MIMEText(body)
    message["From"] = sender
    message["To"] = SENDER
    message["Subject"] = subject
    message["Date"] = "Tue, 20 Oct 2026 09:30:00 +0100"
    message["Message-ID"] = f"<answer-{sender.split('@')[0]}@mail.example>"
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    return message


def shown_again(cli, incident: str) -> list[dict]:
    return cli("contain", incident, "--json").json()["recipients"]


def write_answers(folder: Path, sent: dict[str, str]) -> list[Path]:
    ann = answer(
        "Ann Archer <ann.archer@work.example>",  # answering from another address
        "I have deleted it from my inbox and deleted items.\nAnn\n\n> Please delete the message\n",
        subject="Re: Please delete the email we sent you in error",
        in_reply_to=sent[ANN],
    )
    bob = answer(
        BOB,
        "I am out of the office until Monday.\n",
        subject="Automatic reply: Please delete the email we sent you in error",
        in_reply_to=sent[BOB],
        Auto_Submitted="auto-replied",
    )
    stranger = answer(
        "someone@else.example", "Who are you?\n", subject="Question", in_reply_to="<nothing@x>"
    )
    return [
        write_eml(ann, folder / "ann.eml"),
        write_eml(bob, folder / "bob.eml"),
        dsn(folder / "cat-bounce.eml", CAT, original_id=sent[CAT]),
        write_eml(stranger, folder / "stranger.eml"),
    ]


def test_replies_match_each_answer_to_its_request(cli, incident, sent, tmp_path, db_path):
    assert sorted(sent) == [ANN, BOB, CAT]
    folder = tmp_path / "answers"
    write_answers(folder, sent)
    result = cli("replies", incident, str(folder), "--json")
    assert result.code == 0, result.err
    found = result.json()
    assert (found["replies"], found["auto_replies"], found["bounces"]) == (1, 1, 1)
    assert found["acknowledged"] == [ANN]
    assert found["bounced"] == [CAT]
    assert len(found["unmatched"]) == 1 and "not a recipient" in found["unmatched"][0]
    shown = cli("contain", incident, "--json")
    assert shown.code == 0, shown.err
    statuses = {r["address"]: r["status"] for r in shown.json()["recipients"]}
    assert (statuses[ANN], statuses[BOB], statuses[CAT]) == (
        "acknowledged",
        "requested",
        "requested",
    )
    listing = cli("replies", incident, "--json")
    assert listing.code == 0, listing.err
    listed = {r["address"]: r for r in listing.json()["replies"]}
    assert listed[BOB]["kind"] == "auto_reply" and listed[BOB]["first_lines"] == ""
    assert listed[ANN]["matched_by"] == "in_reply_to"
    assert listed[ANN]["first_lines"] == "I have deleted it from my inbox and deleted items. / Ann"
    db = open_database(db_path)
    assert db["recipients"].get((incident, CAT))["email_bounced"] == 1
    cat = next(r for r in shown_again(cli, incident) if r["address"] == CAT)
    assert (cat["email_bounced"], cat["chase"], cat["chase_overdue"]) == (True, "phone", True)

    again = cli("replies", incident, str(folder), "--json").json()
    assert again["already_recorded"] == 3


def test_nothing_is_confirmed_until_a_person_confirms_with_one_command(
    cli, incident, sent, tmp_path
):
    folder = tmp_path / "answers"
    write_answers(folder, sent)
    assert cli("replies", incident, str(folder)).code == 0
    assert cli("contain", incident, "--json").json()["deletion"] == "unknown"
    refused = cli("replies", incident, "--confirm", BOB)
    assert refused.code == 1 and "acknowledged by replying" in refused.err
    confirmed = cli("replies", incident, "--confirm-all", "--json")
    assert confirmed.code == 0, confirmed.err
    assert confirmed.json()["confirmed"] == [ANN]
    ann = next(
        r for r in cli("contain", incident, "--json").json()["recipients"] if r["address"] == ANN
    )
    assert (ann["status"], ann["how"]) == ("confirmed", "email")
    assert ann["evidence"].startswith("Reply of 2026-10-20 08:30 UTC: I have deleted it")
    assert cli("contain", incident, "--json").json()["deletion"] == "partial"


def test_an_mbox_and_a_maildir_read_the_same(cli, incident, sent, tmp_path):
    files = write_answers(tmp_path / "answers", sent)
    box = mailbox.mbox(tmp_path / "answers.mbox")
    for path in files[:2]:
        box.add(path.read_bytes())
    box.flush()
    box.close()
    maildir = mailbox.Maildir(tmp_path / "Maildir")
    maildir.add(files[2].read_bytes())
    found = cli(
        "replies", incident, str(tmp_path / "answers.mbox"), str(tmp_path / "Maildir"), "--json"
    ).json()
    assert (found["replies"], found["auto_replies"], found["bounces"]) == (1, 1, 1)


def test_only_messages_from_strangers_is_one_sentence_and_nothing_written(
    cli, incident, sent, tmp_path, db_path
):
    folder = tmp_path / "answers"
    write_answers(folder, sent)
    for name in ("ann.eml", "bob.eml", "cat-bounce.eml"):
        (folder / name).unlink()
    result = cli("replies", incident, str(folder))
    assert result.code == 1
    assert "nothing was recorded" in result.err and "@" not in result.err
    assert open_database(db_path)["replies"].count == 0


def test_purge_removes_the_reply_text(cli, incident, sent, tmp_path, db_path):
    write_answers(tmp_path / "answers", sent)
    assert cli("replies", incident, str(tmp_path / "answers")).code == 0
    assert cli("close", incident, "--lessons", "Bcc by default", "--despite-outstanding").code == 0
    purged = cli("purge", incident, "--yes")
    assert purged.code == 0, purged.err
    db = open_database(db_path)
    rows = list(db["replies"].rows)
    assert rows and all(row["first_lines"] == "" for row in rows)
    assert not any("@" in row["address"] for row in rows)
    assert not any("@" in row["address"] for row in db["outgoing"].rows)

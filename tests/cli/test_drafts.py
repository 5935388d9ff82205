"""`playbook drafts` and `playbook templates`: imported incidents, every draft read back."""

from __future__ import annotations

import hashlib
import mailbox
import re
from email import message_from_bytes
from email.utils import getaddresses
from pathlib import Path

import pytest

from playbook import paths
from playbook.store.database import open_database
from playbook.store.events import list_events
from tests import builders

CONFIG = (
    'organisation = "Northfield Students\' Union"\n'
    "[dpo]\n"
    'name = "Jane Doe"\nemail = "dpo@su.example"\nphone = "0161 496 0000"\n'
    "[drafts]\n"
    'from_address = "dpo@su.example"\n'
)
ADDRESS = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
WORD = re.compile(r"[^\W\d_]+")


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """The config the `cli` fixture reads (PLAYBOOK_CONFIG), with organisation, DPO and sender."""
    path = tmp_path / "config.toml"
    path.write_text(CONFIG)
    return path


def imported(cli, *messages: Path) -> str:
    arguments = ["new", "--title", "A message to the wrong people", "--json"]
    for message in messages:
        arguments += ["--from", str(message)]
    created = cli(*arguments)
    assert created.code == 0, created.err
    return created.json()["id"]


def holders_with_addresses(folder: Path, holders: int = builders.S1_HOLDERS) -> Path:
    """S1 as the union really sent it: the holders in Bcc, the spreadsheet with their emails."""
    people = builders.fictional_people(holders)
    rows = [
        (p.first_name, p.surname, p.email, p.mobile, p.date_of_birth.strftime("%d/%m/%Y"))
        for p in people
    ]
    header = ("First name", "Surname", "Email", "Mobile", "Date of birth")
    message = builders.build_message(
        sender="Students' Union Discounts <discounts@su.example>",
        to=["discounts@su.example"],
        bcc=[p.email for p in people],
        subject="Your discount card: new partner offers",
        body="Hello,\r\n\r\nHere are this term's offers.\r\n",
        attachments=[
            builders.Attached(
                "holders.csv", "application/vnd.ms-excel", builders.csv_bytes(header, rows)
            )
        ],
        message_id="<offers-with-emails@su.example>",
    )
    return builders.write_eml(message, folder / "s1_with_emails.eml")


def read_batch(folder: Path) -> list:
    return [message_from_bytes(path.read_bytes()) for path in sorted(folder.glob("*.eml"))]


def only_recipient(message) -> str:
    assert message.get_all("Cc") is None and message.get_all("Bcc") is None
    (to_header,) = message.get_all("To")
    ((_, address),) = getaddresses([to_header])
    return address


def body_of(message) -> str:
    parts = message.walk() if message.is_multipart() else [message]
    texts = []
    for part in parts:
        assert part.get_content_disposition() != "attachment"
        if part.get_content_maintype() == "text":
            texts.append(part.get_payload(decode=True).decode("utf-8"))
    return "\n".join(texts)


def name_pairs(text: str) -> set[tuple[str, str]]:
    words = WORD.findall(text.casefold())
    return set(zip(words, words[1:], strict=False))


def test_every_apology_to_3396_people_is_checked_one_recipient_nobody_elses_data(
    cli, tmp_path, config_file
):
    incident = imported(cli, holders_with_addresses(tmp_path / "mail"))
    out = tmp_path / "out"
    result = cli("drafts", incident, "apology", "--out", str(out))
    assert result.code == 0, result.err
    assert f"Wrote 3396 apology drafts to {out}" in result.out

    people = builders.fictional_people(builders.S1_HOLDERS)
    by_address = {p.email: p for p in people}
    everyone = set(by_address)
    all_names = {(p.first_name.casefold(), p.surname.casefold()) for p in people}
    (batch,) = out.iterdir()
    messages = read_batch(batch)
    assert len(messages) == builders.S1_HOLDERS
    addressed = set()
    for message in messages:
        address = only_recipient(message)
        addressed.add(address)
        holder = by_address[address]
        body = body_of(message)
        assert set(ADDRESS.findall(body.casefold())) & everyone <= {address}
        own_name = (holder.first_name.casefold(), holder.surname.casefold())
        assert name_pairs(body) & all_names <= {own_name}
        assert f"Dear {holder.name}," in body
        assert "your name, email address, mobile number and date of birth" in body
        assert "Action Fraud" in body  # name, date of birth and mobile enable fraud
    assert addressed == everyone


def test_every_deletion_request_of_the_3396_holder_incident_is_checked(cli, tmp_path, config_file):
    incident = imported(cli, builders.students_union_spreadsheet(tmp_path / "mail"))
    # 3,396 fictional holders share 650 names: no row can be linked to one Bcc recipient.
    apology = cli("drafts", incident, "apology", "--out", str(tmp_path / "out"))
    assert apology.code == 1
    assert (
        f"None of the 3396 people due an apology in {incident} has an email address; "
        "nothing was written." in apology.err
    )

    result = cli("drafts", incident, "deletion-request", "--out", str(tmp_path / "out"))
    assert result.code == 0, result.err
    people = builders.fictional_people(builders.S1_HOLDERS)
    everyone = {p.email for p in people}
    names = {p.email: (p.first_name.casefold(), p.surname.casefold()) for p in people}
    all_names = set(names.values())
    (batch,) = (tmp_path / "out").iterdir()
    addressed = []
    for message in read_batch(batch):
        address = only_recipient(message)
        addressed.append(address)
        body = body_of(message)
        assert set(ADDRESS.findall(body.casefold())) & everyone <= {address}
        assert not name_pairs(body) & (all_names - {names[address]})  # only their own name
        assert "discount_card_holders.csv" in body
    assert sorted(addressed) == sorted(everyone)


def tenant_survey(cli, tmp_path: Path, tenants: int = 30) -> str:
    """S4: the survey with `tenants` personal addresses and two at work, all in Cc."""
    survey = builders.council_tenant_survey(tmp_path / "mail", personal=tenants, at_work=2)
    return imported(cli, survey)


def customised(tmp_path: Path, config_file: Path, name: str, source: str) -> Path:
    folder = tmp_path / "my-templates"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(source)
    config_file.write_text(f'templates_dir = "{folder}"\n' + CONFIG)
    return folder


@pytest.mark.parametrize(
    "listing",
    [
        "Everyone who got the survey:\n{list}\n",
        "Bcc: {list}\n",
    ],
    ids=["pasted into the body", "added as a Bcc header"],
)
def test_the_gate_catches_a_customised_template_that_lists_everyone(
    cli, tmp_path, db_path, config_file, listing
):
    incident = tenant_survey(cli, tmp_path)
    tenants = builders.fictional_people(30)
    pasted = ", ".join(f"{p.name} <{p.email}>" for p in tenants)
    header, body = (listing, "") if listing.startswith("Bcc") else ("", listing)
    customised(
        tmp_path,
        config_file,
        "apology.txt.j2",
        "Subject: Sorry\n"
        + header.format(list=pasted)
        + "\n{{ greeting }}\n{{ what_happened }}\n"
        + body.format(list=pasted)
        + "{{ contact.lines | join('\\n') }}\n",
    )
    out = tmp_path / "out"
    result = cli("drafts", incident, "apology", "--out", str(out))
    assert result.code == 1
    assert "30 of 30 drafts failed the safety gate, so nothing was written" in result.err
    assert "@" not in result.err
    listed = [line.strip().split(":")[0] for line in result.out.splitlines()[1:]]
    assert sorted(listed) == sorted(p.email for p in tenants)
    if listing.startswith("Bcc"):
        assert "its template adds Cc or Bcc" in result.out
    else:
        assert "it contains 29 other people's email addresses" in result.out
        assert "it contains 29 other people's names" in result.out
    assert not out.exists() or not any(out.iterdir())
    kinds = [event.kind for event in list_events(open_database(db_path), incident)]
    assert "drafts.written" not in kinds


def test_a_template_cannot_reach_anyone_else_through_its_values(cli, tmp_path, config_file):
    incident = tenant_survey(cli, tmp_path, tenants=3)
    folder = customised(
        tmp_path, config_file, "apology.txt.j2", "Subject: Sorry\n\n{{ incident.people }}\n"
    )
    result = cli("drafts", incident, "apology", "--out", str(tmp_path / "out"))
    assert result.code == 1
    assert f"{folder / 'apology.txt.j2'}, line 3" in result.err
    assert "has no attribute 'people'" in result.err
    assert not (tmp_path / "out").exists()


def test_a_missing_variable_stops_with_the_file_line_and_name(cli, tmp_path, config_file):
    incident = tenant_survey(cli, tmp_path, tenants=3)
    folder = customised(
        tmp_path,
        config_file,
        "deletion_request.txt.j2",
        "Subject: Please delete\n\n{{ greeting }}\n{{ what_happend }}\n",
    )
    result = cli("drafts", incident, "deletion-request", "--out", str(tmp_path / "out"))
    assert result.code == 1
    assert (
        f"{folder / 'deletion_request.txt.j2'}, line 4: 'what_happend' is undefined" in result.err
    )


def test_the_batch_is_an_event_with_its_count_template_and_sha256(
    cli, tmp_path, db_path, config_file
):
    incident = tenant_survey(cli, tmp_path, tenants=12)
    result = cli("drafts", incident, "deletion-request", "--out", str(tmp_path / "out"))
    assert result.code == 0, result.err
    events = list_events(open_database(db_path), incident)
    written = events[-1]
    assert written.kind == "drafts.written"
    shipped = paths.shipped_dir("templates") / "deletion_request.txt.j2"
    assert written.data["template"] == "deletion_request"
    assert written.data["count"] == 14  # 12 tenants' personal addresses and 2 at work
    assert written.data["template_origin"] == "shipped"
    assert written.data["template_sha256"] == hashlib.sha256(shipped.read_bytes()).hexdigest()
    assert len(written.data["batch_sha256"]) == 64
    assert "@" not in str(written.data)
    assert len(written.personal["addresses"]) == 14


def test_only_one_person_and_an_mbox(cli, tmp_path, config_file):
    incident = tenant_survey(cli, tmp_path, tenants=5)
    person = builders.fictional_people(5)[3]
    out = tmp_path / "out"
    one = cli("drafts", incident, "apology", "--out", str(out), "--only", person.email.upper())
    assert one.code == 0, one.err
    (batch,) = out.iterdir()
    (message,) = read_batch(batch)
    assert only_recipient(message) == person.email

    mbox = cli("drafts", incident, "apology", "--out", str(out), "--format", "mbox")
    assert mbox.code == 0, mbox.err
    (box_path,) = out.glob("*.mbox")
    assert sorted(only_recipient(message) for message in mailbox.mbox(box_path)) == sorted(
        p.email for p in builders.fictional_people(5)
    )

    nobody = cli("drafts", incident, "apology", "--out", str(out), "--only", "x@nowhere.example")
    assert nobody.code == 1
    assert f"Nobody who would get an apology in {incident} has that address" in nobody.err
    assert "x@nowhere.example" not in nobody.err


def test_the_apology_follows_the_recorded_harm_and_the_ico_decision(cli, tmp_path, config_file):
    incident = tenant_survey(cli, tmp_path, tenants=2)
    out = tmp_path / "out"
    before = cli("drafts", incident, "apology", "--out", str(out / "before"))
    assert before.code == 0, before.err
    assert cli("assess", incident, "--set", "consequences=distress,discrimination").code == 0
    decided = cli("decide", incident, "ico", "yes", "--why", "Addresses of tenants", "--by", "DPO")
    assert decided.code == 0, decided.err
    after = cli("drafts", incident, "apology", "--out", str(out / "after"))
    assert after.code == 0, after.err
    (first,) = (out / "before").iterdir()
    (second,) = (out / "after").iterdir()
    before_text, after_text = body_of(read_batch(first)[0]), body_of(read_batch(second)[0])
    assert "Information Commissioner's Office." not in before_text.split("What you can do")[0]
    assert "We have reported this to the Information Commissioner's Office." in after_text
    assert "Someone could treat you unfairly" in after_text
    assert "Someone could treat you unfairly" not in before_text


def test_chasers_go_only_to_those_who_still_owe_a_confirmation(cli, tmp_path, config_file):
    incident = tenant_survey(cli, tmp_path, tenants=4)
    tenants = builders.fictional_people(4)
    assert cli("recipient", incident, "--all-external", "--status", "requested").code == 0
    confirmed = cli(
        "recipient", incident, tenants[0].email, "--status", "confirmed", "--how", "email"
    )
    assert confirmed.code == 0, confirmed.err
    result = cli("drafts", incident, "chaser", "--out", str(tmp_path / "out"))
    assert result.code == 0, result.err
    (batch,) = (tmp_path / "out").iterdir()
    chased = {only_recipient(message) for message in read_batch(batch)}
    assert tenants[0].email not in chased
    assert {p.email for p in tenants[1:]} <= chased
    assert len(chased) == 5  # three tenants and the two reached at work


def test_drafting_needs_the_sender_and_the_contact_point(cli, tmp_path, config_file):
    incident = tenant_survey(cli, tmp_path, tenants=2)
    config_file.write_text('organisation = "Eastbrook"\n[dpo]\nemail = "dpo@council.example"\n')
    no_sender = cli("drafts", incident, "apology", "--out", str(tmp_path / "out"))
    assert no_sender.code == 1
    assert "Set drafts.from_address in the config file" in no_sender.err
    config_file.write_text('organisation = "Eastbrook"\n[drafts]\nfrom_address = "a@b.example"\n')
    no_contact = cli("drafts", incident, "apology", "--out", str(tmp_path / "out"))
    assert no_contact.code == 1
    assert "Set dpo.email or dpo.phone" in no_contact.err
    assert not (tmp_path / "out").exists()


def test_templates_list_show_and_copy(cli, tmp_path, config_file):
    listing = cli("templates", "list", "--json")
    assert listing.code == 0
    names = {entry["name"]: entry for entry in listing.json()}
    assert {"apology.txt.j2", "apology.html.j2", "deletion_request.txt.j2", "chaser.txt.j2"} <= set(
        names
    )
    assert names["apology.txt.j2"]["origin"] == "shipped"

    shown = cli("templates", "show", "chaser.txt")
    assert shown.out == (paths.shipped_dir("templates") / "chaser.txt.j2").read_text()

    mine = tmp_path / "mine"
    copied = cli("templates", "copy", str(mine))
    assert copied.code == 0
    assert (mine / "apology.txt.j2").read_text() == (
        paths.shipped_dir("templates") / "apology.txt.j2"
    ).read_text()
    again = cli("templates", "copy", str(mine))
    assert again.code == 1 and "choose an empty folder" in again.err

    (mine / "chaser.txt.j2").write_text("Subject: Reminder\n\n{{ greeting }}\n")
    config_file.write_text(f'templates_dir = "{mine}"\n' + CONFIG)
    custom = {entry["name"]: entry for entry in cli("templates", "list", "--json").json()}
    assert custom["chaser.txt.j2"]["origin"] == "custom"
    assert cli("templates", "show", "chaser.txt.j2").out == "Subject: Reminder\n\n{{ greeting }}\n"
    missing = cli("templates", "show", "../../etc/passwd")
    assert missing.code == 1 and "There is no template" in missing.err


def test_drafts_run_as_a_real_process(run_playbook, tmp_path, config_file):
    survey = builders.council_tenant_survey(tmp_path / "mail", personal=3, at_work=2)
    created = run_playbook("new", "--title", "Survey", "--from", str(survey), "--json")
    assert created.code == 0, created.err
    result = run_playbook("drafts", "PB-2026-0001", "apology", "--out", str(tmp_path / "out"))
    assert result.code == 0, result.err
    assert result.err == ""  # no progress bar when not on a terminal
    (batch,) = (tmp_path / "out").iterdir()
    assert len(read_batch(batch)) == 3


def test_a_decision_not_to_tell_the_people_holds_every_apology_back(
    run_playbook, tmp_path, config_file
):
    sent = holders_with_addresses(tmp_path, holders=5)
    created = run_playbook("new", "--title", "Cards", "--from", str(sent), "--json")
    assert created.code == 0, created.err
    incident = created.json()["id"]
    decided = run_playbook(
        "decide", incident, "individuals", "no", "--why", "Deleted unread by all", "--by", "DPO"
    )
    assert decided.code == 0, decided.err
    out = tmp_path / "out"
    held = run_playbook("drafts", incident, "apology", "--out", str(out))
    assert held.code == 1
    assert "decided" in held.err and "not to tell the people" in held.err
    assert "change of decision" in held.err
    assert not out.exists() or not any(out.iterdir())
    changed = run_playbook(
        "decide", incident, "individuals", "yes", "--why", "One copy was forwarded", "--by", "DPO"
    )
    assert changed.code == 0, changed.err
    written = run_playbook("drafts", incident, "apology", "--out", str(out))
    assert written.code == 0, written.err
    (batch,) = out.iterdir()
    assert len(read_batch(batch)) == 5


def test_the_disproportionate_effort_exemption_offers_a_public_notice_instead(
    run_playbook, tmp_path, config_file
):
    sent = holders_with_addresses(tmp_path, holders=5)
    created = run_playbook("new", "--title", "Cards", "--from", str(sent), "--json")
    incident = created.json()["id"]
    refused = run_playbook("drafts", incident, "public-notice", "--out", str(tmp_path / "a"))
    assert refused.code == 1 and "Art. 34(3)(c)" in refused.err
    decided = run_playbook(
        "decide",
        incident,
        "individuals",
        "no",
        "--exemption",
        "c",
        "--why",
        "no contact details are held for most card holders",
        "--by",
        "DPO",
    )
    assert decided.code == 0, decided.err
    assert run_playbook("drafts", incident, "apology", "--out", str(tmp_path / "a")).code == 1
    written = run_playbook("drafts", incident, "public-notice", "--out", str(tmp_path / "b"))
    assert written.code == 0, written.err
    (notice,) = (tmp_path / "b").iterdir()
    text = notice.read_text()
    assert "no contact details are held for most card holders" in text
    assert "dpo@su.example" in text
    people = builders.fictional_people(5)
    assert not [p for p in people if p.email in text or p.surname in text]

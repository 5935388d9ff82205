"""`playbook drafts ID phone-list`: whom to call, with a script that names nobody."""

from __future__ import annotations

import csv
import io

from tests import builders
from tests.notify.test_letters import BY_PHONE, EVERYONE, PHONED, configure, details, new_incident
from tests.notify.test_letters import incident as incident  # the fixture

__all__ = ["incident"]


def test_the_call_list_holds_each_person_with_only_a_phone_and_the_script(cli, incident, tmp_path):
    result = cli("drafts", incident, "phone-list", "--out", str(tmp_path / "out"))

    assert result.code == 0, result.err
    assert f"Wrote the call list of {BY_PHONE} people" in result.out
    folder = tmp_path / "out" / f"{incident}-phone-list"
    rows = list(csv.DictReader(io.StringIO((folder / "phone-list.csv").read_text("utf-8-sig"))))
    assert [(row["name"], row["phone"]) for row in rows] == [(p.name, p.mobile) for p in PHONED]
    assert rows[0]["their_data"].startswith("name, mobile number, date of birth")
    readable = (folder / "phone-list.md").read_text()
    script, _, listed = readable.partition(f"People to call ({BY_PHONE})")
    assert "Call script: Northfield Students' Union" in script
    assert "0161 496 0000" in script and "On Monday 19 October 2026 we sent an email" in script
    assert not [value for person in EVERYONE for value in details(person) if value in script]
    for number, person in enumerate(PHONED, start=1):
        assert f"{number}. {person.name}: {person.mobile} (name, mobile number" in listed


def test_each_number_is_given_as_dialled_too(cli, tmp_path):
    header = ("Name", "Telephone")
    rows = [
        ("Gareth Jones", "+44 (0)29 2087 0000"),
        ("Mari Evans", "7700900123"),
        ("Nia Roberts", "n/a"),
    ]
    configure(tmp_path)
    incident = new_incident(cli, builders.sent_with_list(tmp_path, header, rows, name="staff"))

    result = cli("drafts", incident, "phone-list", "--out", str(tmp_path / "out"))

    assert result.code == 0, result.err
    assert "Wrote the call list of 2 people" in result.out
    assert "1 person has no email, no usable address and no phone" in result.out
    folder = tmp_path / "out" / f"{incident}-phone-list"
    rows = list(csv.DictReader(io.StringIO((folder / "phone-list.csv").read_text("utf-8-sig"))))
    assert [(row["phone"], row["dial"]) for row in rows] == [
        ("'+44 (0)29 2087 0000", "02920870000"),
        ("7700900123", "07700900123"),
    ]
    listed = (folder / "phone-list.md").read_text()
    assert "Gareth Jones: +44 (0)29 2087 0000 (dial 02920870000) (" in listed
    assert "Mari Evans: 7700900123 (dial 07700900123) (" in listed


def test_nobody_to_call_is_refused(cli, tmp_path):
    configure(tmp_path)
    incident = new_incident(
        cli, builders.students_union_spreadsheet(tmp_path, holders=2, by_post=2)
    )

    result = cli("drafts", incident, "phone-list", "--out", str(tmp_path / "out"))

    assert result.code == 1
    assert "Nobody in" in result.err and "is to be phoned" in result.err
    assert not (tmp_path / "out").exists()


def test_a_script_naming_someone_is_refused(cli, incident, tmp_path):
    custom = tmp_path / "mine"
    custom.mkdir()
    (custom / "phone_script.txt.j2").write_text(f"Ask for {PHONED[0].name}.\n")
    configure(tmp_path, f'templates_dir = "{custom}"')

    result = cli("drafts", incident, "phone-list", "--out", str(tmp_path / "out"))

    assert result.code == 1
    assert "The call script would name someone" in result.err
    assert not (tmp_path / "out").exists()


def test_email_options_are_refused_for_letters_and_call_lists(cli, incident, tmp_path):
    for kind in ("letter", "phone-list"):
        result = cli("drafts", incident, kind, "--send", "--out", str(tmp_path / "out"))

        assert result.code == 1
        assert f"{kind} writes files only, so run it without them" in result.err
    assert not (tmp_path / "out").exists()


def test_with_welsh_configured_the_call_script_is_in_welsh_first(cli, incident, tmp_path):
    from tests.domain.test_phrases import english_in

    configure(tmp_path, 'languages = ["en", "cy"]')

    result = cli("drafts", incident, "phone-list", "--out", str(tmp_path / "out"))

    assert result.code == 0, result.err
    readable = (tmp_path / "out" / f"{incident}-phone-list" / "phone-list.md").read_text()
    script = readable.partition(f"People to call ({BY_PHONE})")[0]
    welsh = script.index("Sgript yr alwad: Northfield Students' Union")
    english = script.index("Call script: Northfield Students' Union")
    assert welsh < english
    welsh_part = script[welsh:english]
    assert "Ar ddydd Llun 19 Hydref 2026" in welsh_part and "Ffôn: 0161 496 0000" in welsh_part
    without_names = welsh_part.replace("Northfield Students' Union", "")
    assert english_in(without_names.split("Swyddfa'r Comisiynydd")[0]) == []
    assert not [value for person in EVERYONE for value in details(person) if value in script]

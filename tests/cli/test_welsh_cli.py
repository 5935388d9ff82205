"""`playbook drafts` and `playbook templates` for a Welsh public body: `languages` in config."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from playbook import paths
from playbook.render.languages import LANGUAGE_SEPARATOR
from playbook.store.database import open_database
from playbook.store.events import list_events
from tests import builders
from tests.cli.test_drafts import CONFIG, only_recipient
from tests.conftest import CliResult

Run = Callable[..., CliResult]

BILINGUAL_CONFIG = 'languages = ["cy", "en"]\n' + CONFIG
WELSH_SUBJECT = "Mae'n ddrwg gennym: gwnaethom rannu eich gwybodaeth bersonol drwy gamgymeriad"
ENGLISH_SUBJECT = "We are sorry: we shared your personal information by mistake"


def with_config(tmp_path: Path, text: str) -> None:
    """The config the `cli` and `run_playbook` fixtures read (PLAYBOOK_CONFIG)."""
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")


def survey_incident(run: Run, tmp_path: Path) -> str:
    survey = builders.council_tenant_survey(tmp_path / "mail", personal=3, at_work=2)
    created = run("new", "--title", "Survey", "--from", str(survey), "--json")
    assert created.code == 0, created.err
    return str(json.loads(created.out)["id"])


def written_messages(out: Path) -> list[EmailMessage]:
    (batch,) = out.iterdir()
    parser = BytesParser(policy=policy.default)
    return [parser.parsebytes(path.read_bytes()) for path in sorted(batch.glob("*.eml"))]


def parts_of(message: EmailMessage) -> dict[str, str]:
    return {
        part.get_content_subtype(): str(part.get_content())
        for part in message.walk()
        if part.get_content_maintype() == "text"
    }


def test_a_welsh_public_bodys_apologies_are_bilingual_welsh_first(
    run_playbook: Run, tmp_path: Path
) -> None:
    with_config(tmp_path, BILINGUAL_CONFIG)
    incident = survey_incident(run_playbook, tmp_path)
    out = tmp_path / "out"
    result = run_playbook("drafts", incident, "apology", "--out", str(out))
    assert result.code == 0, result.err
    assert "Wrote 3 apology drafts" in result.out
    messages = written_messages(out)
    assert len(messages) == 3
    for message in messages:
        address = only_recipient(message)
        assert message["Subject"] == f"{WELSH_SUBJECT} / {ENGLISH_SUBJECT}"
        assert message["Content-Language"] == "cy, en"
        parts = parts_of(message)
        welsh, english = parts["plain"].split(LANGUAGE_SEPARATOR)
        assert welsh.startswith("Annwyl ") and english.startswith("Dear ")
        assert "Swyddfa'r Comisiynydd Gwybodaeth" in welsh
        assert "Information Commissioner's Office" in english
        html = parts["html"]
        assert html.index('<div lang="cy">') < html.index("Annwyl ")
        assert html.index("Annwyl ") < html.index('<div lang="en">') < html.index("Dear ")
        others = {only_recipient(other) for other in messages} - {address}
        assert not [other for other in others if other in parts["plain"] + html]


def test_a_deletion_request_in_welsh_only(run_playbook: Run, tmp_path: Path) -> None:
    with_config(tmp_path, 'languages = ["cy"]\n' + CONFIG)
    incident = survey_incident(run_playbook, tmp_path)
    out = tmp_path / "out"
    result = run_playbook("drafts", incident, "deletion-request", "--out", str(out))
    assert result.code == 0, result.err
    messages = written_messages(out)
    assert len(messages) == 5  # every outside recipient, at home or at work
    for message in messages:
        assert message["Subject"] == "Cais i ddileu e-bost a anfonwyd atoch drwy gamgymeriad"
        assert message["Content-Language"] == "cy"
        text = parts_of(message)["plain"]
        assert text.startswith("Annwyl ") and "Yn gywir," in text
        assert "Dear " not in text and "Please delete" not in text


def test_english_drafts_carry_no_content_language(run_playbook: Run, tmp_path: Path) -> None:
    with_config(tmp_path, CONFIG)
    incident = survey_incident(run_playbook, tmp_path)
    out = tmp_path / "out"
    assert run_playbook("drafts", incident, "apology", "--out", str(out)).code == 0
    for message in written_messages(out):
        assert message["Content-Language"] is None
        assert message["Subject"] == ENGLISH_SUBJECT


def test_a_missing_welsh_template_stops_the_drafts_before_anything_is_written(
    cli: Run, tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_config(tmp_path, BILINGUAL_CONFIG)
    incident = survey_incident(cli, tmp_path)
    installed = tmp_path / "installed-templates"
    shutil.copytree(paths.shipped_dir("templates"), installed)
    (installed / "apology.cy.txt.j2").unlink()
    monkeypatch.setattr(paths, "shipped_dir", lambda _: installed)
    out = tmp_path / "out"
    refused = cli("drafts", incident, "apology", "--out", str(out))
    assert refused.code == 1
    assert "there is no template apology.cy.txt.j2" in refused.err
    assert "take cy out of 'languages'" in refused.err
    assert not out.exists()
    db = open_database(db_path)
    try:
        assert not [e for e in list_events(db, incident) if e.kind == "drafts.written"]
    finally:
        db.close()


def test_templates_list_shows_each_templates_language(cli: Run, tmp_path: Path) -> None:
    with_config(tmp_path, CONFIG)
    listing = cli("templates", "list", "--json")
    assert listing.code == 0
    languages = {entry["name"]: entry["language"] for entry in json.loads(listing.out)}
    for kind in ("apology.txt", "apology.html", "deletion_request.txt", "chaser.txt"):
        assert languages[f"{kind}.j2"] == "en"
        stem, rest = kind.split(".")
        assert languages[f"{stem}.cy.{rest}.j2"] == "cy"
    assert languages["public_notice.cy.md.j2"] == "cy"
    assert languages["ico_report.md.j2"] == "en"
    lines = cli("templates", "list").out.splitlines()
    (welsh_line,) = [line for line in lines if line.startswith("chaser.cy.txt.j2 ")]
    assert welsh_line.split()[:3] == ["chaser.cy.txt.j2", "cy", "shipped"]


def test_templates_copy_copies_the_welsh_ones_too(cli: Run, tmp_path: Path) -> None:
    with_config(tmp_path, CONFIG)
    mine = tmp_path / "mine"
    assert cli("templates", "copy", str(mine)).code == 0
    shipped = paths.shipped_dir("templates")
    for name in (
        "apology.cy.txt.j2",
        "apology.cy.html.j2",
        "deletion_request.cy.txt.j2",
        "chaser.cy.txt.j2",
        "public_notice.cy.md.j2",
    ):
        assert (mine / name).read_text() == (shipped / name).read_text()
    # A Welsh template edited there is the one used, and listed as the user's own.
    (mine / "chaser.cy.txt.j2").write_text(
        "Subject: Nodyn atgoffa\n\n{{ what_happened }}\n{{ contact.email }}\n"
    )
    with_config(tmp_path, f'templates_dir = "{mine}"\n' + CONFIG)
    listed = {entry["name"]: entry for entry in json.loads(cli("templates", "list", "--json").out)}
    assert listed["chaser.cy.txt.j2"]["origin"] == "custom"
    assert listed["chaser.cy.txt.j2"]["language"] == "cy"


@pytest.fixture
def exempt_incident(cli: Run, tmp_path: Path) -> str:
    """Five card holders, and a decision relying on Art. 34(3)(c): a public notice instead."""
    sent = builders.students_union_spreadsheet(tmp_path / "mail", holders=5)
    created = cli("new", "--title", "Cards", "--from", str(sent), "--json")
    assert created.code == 0, created.err
    incident = str(json.loads(created.out)["id"])
    decided = cli(
        "decide", incident, "individuals", "no", "--exemption", "c",
        "--why", "no contact details are held for most card holders", "--by", "DPO",
    )  # fmt: skip
    assert decided.code == 0, decided.err
    return incident


def public_notice(cli: Run, incident: str, out: Path) -> str:
    written = cli("drafts", incident, "public-notice", "--out", str(out))
    assert written.code == 0, written.err
    (notice,) = out.iterdir()
    return notice.read_text(encoding="utf-8")


def test_the_public_notice_is_bilingual_welsh_first(
    cli: Run, tmp_path: Path, exempt_incident: str
) -> None:
    with_config(tmp_path, BILINGUAL_CONFIG)
    text = public_notice(cli, exempt_incident, tmp_path / "out")
    welsh, english = text.split(LANGUAGE_SEPARATOR)
    assert welsh.startswith("# Camgymeriad gyda gwybodaeth bersonol")
    assert "## Â phwy i gysylltu" in welsh and "- E-bost: dpo@su.example" in welsh
    assert english.startswith("# A mistake with personal information")
    assert "no contact details are held for most card holders" in welsh
    assert "no contact details are held for most card holders" in english
    people = builders.fictional_people(5)
    assert not [p for p in people if p.email in text or p.surname in text]


def test_the_public_notice_in_welsh_only(cli: Run, tmp_path: Path, exempt_incident: str) -> None:
    with_config(tmp_path, 'languages = ["cy"]\n' + CONFIG)
    text = public_notice(cli, exempt_incident, tmp_path / "out")
    assert text.startswith("# Camgymeriad gyda gwybodaeth bersonol")
    assert LANGUAGE_SEPARATOR not in text and "## Who to contact" not in text

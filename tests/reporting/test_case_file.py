"""The case file as PDF, read back with pypdf: its sections, what every page carries, the ICO
pack free of the people, a hostile title printed as written, and a broken layout refused."""

from __future__ import annotations

import io
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from playbook import paths
from playbook.store.database import open_database
from playbook.store.events import head_dict
from playbook.store.messages import load_people, load_recipients
from tests.conftest import FIXED_NOW

EXAMPLE = Path(__file__).parents[2] / "examples" / "tenant_survey_cc.eml"
# Typst markup in a title: a call, strong and emphasis, maths, a label, a reference, a comment.
HOSTILE_TITLE = '#panic("boom") *Tenant* _survey_ $x^2$ <cc> @ref // sent in Cc'
# FIXED_NOW (25 October 2026, 12:00 UTC) in Europe/London, after the clocks went back.
REPORT_DATE = "2026-10-25 12:00 GMT"
ICO_SECTIONS = [
    "Report type",
    "About the breach",
    "Containment and recovery",
    "Telling people",
    "About your organisation",
    "Contact details",
]
LOG_SECTIONS = [
    "The breach",
    "The data and the people",
    "Recipients",
    "Containment",
    "The facts assessed",
    "Assessments",
    "Decisions",
    "Telling people and other bodies",
    "Remedial and preventive actions",
    "Review and sign-off",
    "Every update",
]


@pytest.fixture
def incident_id(cli) -> str:
    """The tenant survey of the examples (44 tenants in Cc), assessed and reported."""
    opened = cli(
        "new",
        "--title",
        HOSTILE_TITLE,
        "--aware",
        "2026-10-24 08:30",
        "--from",
        str(EXAMPLE),
        "--json",
    )
    assert opened.code == 0, opened.err
    found = opened.json()["id"]
    assessed = cli(
        "assess", found, "--set", "categories=basic_identifiers", "context_sensitive=yes"
    )
    assert assessed.code == 0, assessed.err
    decided = cli("decide", found, "ico", "yes", "--why", "Addresses shown to all.", "--by", "Dana")
    assert decided.code == 0, decided.err
    return found


def _pdf(cli, tmp_path: Path, *args: str) -> PdfReader:
    out = tmp_path / f"{'-'.join(args)}.pdf"
    result = cli("report", *args, "--format", "pdf", "--out", str(out))
    assert result.code == 0, result.err
    assert result.out == f"Wrote {out}\n"
    return PdfReader(out)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _outline(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def _assert_every_page_carries(reader: PdfReader, running_head: str) -> None:
    pages = reader.pages
    for number, page in enumerate(pages, start=1):
        text = _flat(page.extract_text())
        assert running_head in text, f"page {number} lacks {running_head}"
        assert f"Report of {REPORT_DATE}" in text, f"page {number} lacks the date"
        assert f"Page {number} of {len(pages)}" in text


def test_the_breach_log_pdf_has_its_sections_and_every_page_its_id_date_and_number(
    cli, tmp_path, db_path, incident_id
) -> None:
    reader = _pdf(cli, tmp_path, incident_id, "log")

    outline = _outline(reader)
    assert outline[0] == f"Breach log: {incident_id}"
    assert [title for title in outline if title in LOG_SECTIONS] == LOG_SECTIONS
    assert "Assessment 1: Notify the ICO" in " ".join(outline)
    assert "Decision 1: notify the ICO: yes" in outline
    assert len(reader.pages) >= 2  # 45 recipients and the timeline: a real page break
    _assert_every_page_carries(reader, incident_id)
    db = open_database(db_path)
    head = head_dict(db, incident_id)
    db.close()
    last_page = _flat(reader.pages[-1].extract_text())
    assert f"{incident_id}: event {head['seq']}, SHA-256 {head['hash']}" in last_page


def test_the_ico_pack_pdf_has_the_forms_sections_and_names_none_of_the_people(
    cli, tmp_path, db_path, incident_id
) -> None:
    reader = _pdf(cli, tmp_path, incident_id, "ico")
    log = _flat(
        " ".join(page.extract_text() for page in _pdf(cli, tmp_path, incident_id, "log").pages)
    )

    outline = _outline(reader)
    assert outline[0] == f"Personal data breach report to the ICO: {incident_id}"
    assert outline[1:] == ICO_SECTIONS
    _assert_every_page_carries(reader, incident_id)
    text = _flat(" ".join(page.extract_text() for page in reader.pages))
    db = open_database(db_path)
    people = load_people(db, incident_id)
    recipients = [r for r in load_recipients(db, incident_id) if r.kind != "internal"]
    db.close()
    assert f"Number of data subjects affected {len(people)} (detected" in text
    assert len(people) == 40 and len(recipients) == 44
    for recipient in recipients:
        assert recipient.address in log
        assert recipient.address not in text
    for person in people:
        assert person.email in log  # the internal log lists them: the check can find them
        assert person.email not in text
        assert person.name and person.name not in text
    assert re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", text) == []  # no address at all


def test_the_register_pdf_has_one_row_per_incident_and_every_page_its_heading(
    cli, tmp_path, incident_id
) -> None:
    for number in range(40):
        assert (
            cli("new", "--title", f"Misdirected letter {number}", "--aware", "1 hour ago").code == 0
        )

    reader = _pdf(cli, tmp_path, "register")

    assert _outline(reader) == ["Breach register"]
    assert len(reader.pages) >= 2
    _assert_every_page_carries(reader, "Breach register")
    text = _flat(" ".join(page.extract_text() for page in reader.pages))
    assert "Misdirected letter 0 " in text and "Misdirected letter 39 " in text
    assert incident_id in text and "Notify the ICO" in text


@pytest.mark.parametrize("kind", [("log",), ("ico",), ()])
def test_a_title_written_in_typst_markup_prints_as_written(cli, tmp_path, incident_id, kind):
    target = ("register",) if not kind else (incident_id, *kind)
    reader = _pdf(cli, tmp_path, *target)

    text = _flat(" ".join(page.extract_text() for page in reader.pages))
    assert _flat(HOSTILE_TITLE) in text


def test_a_broken_layout_names_its_file_and_line_and_writes_nothing(
    cli, tmp_path, incident_id
) -> None:
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    shipped = paths.shipped_dir("templates")
    shutil.copy(shipped / "case_file.typ", layouts)
    lines = (shipped / "breach_log.typ").read_text(encoding="utf-8").splitlines()
    broken_at = lines.index("== The breach") + 1
    lines[broken_at - 1] = "== The breach #log.no_such_value"
    (layouts / "breach_log.typ").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "config.toml").write_text(f'templates_dir = "{layouts}"\n', encoding="utf-8")
    out = tmp_path / "out" / "log.pdf"

    result = cli("report", incident_id, "log", "--format", "pdf", "--out", str(out))

    assert result.code == 1
    assert f"{layouts / 'breach_log.typ'}, line {broken_at}:" in result.err
    assert "no_such_value" in result.err
    assert result.out == ""
    assert not out.exists() and not (out.parent.exists() and any(out.parent.iterdir()))


def test_out_never_replaces_a_file_and_the_pdf_goes_to_a_pipe(
    cli, run_playbook, tmp_path, incident_id
) -> None:
    out = tmp_path / "log.pdf"
    out.write_bytes(b"kept")

    written = cli("report", incident_id, "log", "--format", "pdf", "--out", str(out))
    piped = subprocess.run(
        [sys.executable, "-m", "playbook", "report", incident_id, "ico", "--format", "pdf"],
        capture_output=True,
        env={**os.environ, **_env(tmp_path)},
        timeout=60,
    )

    assert written.out == f"Wrote {tmp_path / 'log-2.pdf'}\n"
    assert out.read_bytes() == b"kept"
    assert (tmp_path / "log-2.pdf").read_bytes().startswith(b"%PDF-")
    assert oct((tmp_path / "log-2.pdf").stat().st_mode & 0o777) == "0o600"
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".partial")]
    assert piped.returncode == 0, piped.stderr
    reader = PdfReader(io.BytesIO(piped.stdout))
    assert _outline(reader)[0].startswith("Personal data breach report to the ICO")


def test_a_pdf_is_not_sent_to_a_terminal(tmp_path, cli, incident_id) -> None:
    controller, terminal = pty.openpty()
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "playbook", "report", incident_id, "log", "--format", "pdf"],
            stdout=terminal,
            stderr=subprocess.PIPE,
            env={**os.environ, **_env(tmp_path)},
            timeout=60,
        )
    finally:
        os.close(terminal)
        os.close(controller)

    assert completed.returncode == 1
    assert re.fullmatch(
        rb"playbook: A PDF cannot be shown on the terminal; give --out FILE, or redirect the "
        rb"output to a file \(> report.pdf\).\n",
        completed.stderr,
    )


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        "PLAYBOOK_DB": str(tmp_path / "playbook.db"),
        "PLAYBOOK_CONFIG": str(tmp_path / "config.toml"),
        "PLAYBOOK_NOW": FIXED_NOW.isoformat(),
    }

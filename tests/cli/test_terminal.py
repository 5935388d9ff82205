"""Hostile text never reaches the terminal raw: escape sequences in a message's Subject, names,
filenames, addresses and attachment cells are printed as escapes by every command."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
import tomllib
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from playbook.__main__ import main
from playbook.domain.text import visible
from tests.conftest import FIXED_NOW
from tests.hostile import HOSTILE_TEXT, MARKUP, PAYLOADS, hostile_message, raw_controls

ID = "PB-2026-0001"
READS = (
    ("show", ID),
    ("show", ID, "--json"),
    ("list",),
    ("list", "--json"),
    ("contain", ID),
    ("contain", ID, "--json"),
    ("assess", ID),
    ("assess", ID, "--json"),
    ("report", ID, "log"),
    ("report", ID, "ico"),
    ("report", ID, "ico", "--format", "json"),
    ("report", "register"),
    ("report", "register", "--format", "csv"),
    ("export", ID),
    ("export", ID, "--format", "toml"),
)


def _run(folder: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--db", str(folder / "p.db"), "--config", str(folder / "c.toml"), *args])
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def _every_command_shows_escapes(folder: Path, payload: str) -> None:
    path = hostile_message(folder, payload)
    opened = _run(
        folder, "new", "--title", f"Survey{payload}", f"--reporter={payload}", "--from", str(path)
    )
    assert opened[0] == 0, opened[2]
    runs = [opened, _run(folder, "note", ID, f"note {payload}")]
    runs += [_run(folder, *args) for args in READS]
    runs += [
        _run(folder, "recipient", ID, f"x{payload}@homemail.example", "--status", "requested"),
        _run(folder, "import", ID, str(folder / f"missing{payload}.eml")),
        _run(folder, "show", f"PB{payload}"),
    ]
    for _, out, err in runs:
        assert raw_controls(out) == [], out
        assert raw_controls(err) == [], err
    assert [code for code, _, _ in runs[:-3]] == [0] * (len(runs) - 3)
    assert all(code != 0 for code, _, _ in runs[-3:])


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_every_field_of_a_hostile_message_prints_as_escapes(tmp_path, monkeypatch, payload):
    monkeypatch.setenv("PLAYBOOK_NOW", FIXED_NOW.isoformat())
    _every_command_shows_escapes(tmp_path, payload)


def test_what_is_shown_names_the_escape_and_keeps_the_markup(tmp_path, monkeypatch):
    monkeypatch.setenv("PLAYBOOK_NOW", FIXED_NOW.isoformat())
    path = hostile_message(tmp_path, "\x1b]0;pwned\x07")
    _run(tmp_path, "new", "--title", "Survey", "--from", str(path))

    _, shown, _ = _run(tmp_path, "show", ID)

    assert f"Survey {MARKUP}\\x1b]0;pwned\\x07" in shown  # the Subject, readable, as it came
    assert f"{MARKUP}\\x1b]0;pwned\\x07.csv" in shown  # the attachment's filename


def test_json_keeps_every_value_exactly(tmp_path, monkeypatch):
    """JSON escapes what it must (\\u001b, \\u009b, \\u202e), so a reader gets the data intact."""
    monkeypatch.setenv("PLAYBOOK_NOW", FIXED_NOW.isoformat())
    payload = "\x1b]52;c;eA==\x07\x9b2J\u202e"
    _run(
        tmp_path, "new", "--title", f"T{payload}", "--from", str(hostile_message(tmp_path, payload))
    )

    code, out, _ = _run(tmp_path, "show", ID, "--json")
    shown = json.loads(out)

    assert code == 0 and raw_controls(out) == []
    assert shown["title"] == f"T{payload}"
    assert shown["messages"][0]["subject"] == f"Survey {MARKUP}{payload}"
    for fmt, read in (("json", json.loads), ("toml", tomllib.loads)):
        code, out, _ = _run(tmp_path, "export", ID, "--format", fmt)
        assert code == 0 and raw_controls(out) == []
        assert read(out)["incident"]["title"] == f"T{payload}"


def test_a_real_process_writes_no_escape_byte(tmp_path, run_playbook):
    """Bytes, not text: what a terminal reading the process's stdout and stderr would get."""
    path = hostile_message(tmp_path, "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x1b\\")
    assert run_playbook("new", "--title", "t\x1b[2J", "--from", str(path)).code == 0
    for args in (("show", ID), ("contain", ID), ("report", ID, "log"), ("list",)):
        result = run_playbook(*args)
        data = (result.out + result.err).encode("utf-8")
        assert b"\x1b" not in data and b"\x07" not in data and b"\xc2\x9b" not in data
        assert "\\x1b" in result.out


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payload=HOSTILE_TEXT)
def test_fuzz_escape_sequences_through_every_text_field(payload):
    with tempfile.TemporaryDirectory() as folder:
        import os

        os.environ["PLAYBOOK_NOW"] = FIXED_NOW.isoformat()
        try:
            _every_command_shows_escapes(Path(folder), payload)
        finally:
            del os.environ["PLAYBOOK_NOW"]


DRAFTING = (
    'organisation = "Example Borough Council"\n[dpo]\nname = "Data Protection Officer"\n'
    'email = "dpo@council.example"\nphone = "01632 960000"\n'
    '[drafts]\nfrom_address = "dpo@council.example"\n'
)


@pytest.mark.parametrize("kind", ["apology", "deletion-request"])
@pytest.mark.parametrize(
    "payload", PAYLOADS[:3] + PAYLOADS[5:], ids=["osc0", "osc2", "osc52", "c1", "bidi"]
)
def test_drafts_carry_no_control_character(tmp_path, monkeypatch, kind, payload):
    """Names and the Subject reach a draft as text: no ESC, BEL or C1 in any .eml byte."""
    monkeypatch.setenv("PLAYBOOK_NOW", FIXED_NOW.isoformat())
    (tmp_path / "c.toml").write_text(DRAFTING)
    _run(tmp_path, "new", "--title", "t", "--from", str(hostile_message(tmp_path, payload)))
    out = tmp_path / "out"

    # An apology goes to a person named in the spreadsheet, a deletion request to a recipient.
    address = "resident0@homemail.example" if kind == "apology" else "alice@homemail.example"
    code, printed, err = _run(tmp_path, "drafts", ID, kind, "--out", str(out), "--only", address)
    assert code == 0, err
    assert raw_controls(printed + err) == []
    batch = _run(tmp_path, "drafts", ID, kind, "--out", str(tmp_path / "all"))

    [path] = out.rglob("*.eml")
    data = path.read_bytes()
    message = message_from_bytes(data, policy=default)
    shown = str(message["To"]) + str(message["Subject"]) + message.get_body().get_content()
    assert raw_controls(data.decode("ascii")) == [] and raw_controls(shown) == []
    assert (
        visible(payload) in message["To"].addresses[0].display_name
    )  # the name, payload shown as text
    # Every other draft of the batch is as clean, or the batch stopped (a quoted local part
    # holding the payload is no address to write to) and said so safely.
    assert raw_controls(batch[1] + batch[2]) == []
    for other in (tmp_path / "all").rglob("*.eml"):
        assert raw_controls(other.read_bytes().decode("ascii")) == []

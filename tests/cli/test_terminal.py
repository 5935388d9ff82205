"""Hostile text never reaches the terminal raw: escape sequences in a message's Subject, names,
filenames, addresses and attachment cells are printed as escapes by every command."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook.__main__ import main
from tests.conftest import FIXED_NOW
from tests.hostile import MARKUP, PAYLOADS, hostile_message, raw_controls

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
        folder, "new", "--title", f"Survey{payload}", "--reporter", payload, "--from", str(path)
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


ESCAPES = st.sampled_from(
    ["\x1b[", "\x1b]0;", "\x1b]2;", "\x1b]52;c;", "\x1bP", "\x1b\\", "\x07", "\x9b", "\x9d",
     "\x90", "\x9c", "\u202e", "\u2066", "\u200d", "\x7f", "\r", "\n", "[", "]", "[/", "[b]", "\\"]
)  # fmt: skip
HOSTILE_TEXT = st.lists(st.one_of(ESCAPES, st.text(max_size=3)), min_size=1, max_size=8).map(
    "".join
)


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

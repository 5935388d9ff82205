"""visible(): every control, format and invisible character shown as an escape, never acted on."""

from __future__ import annotations

import json
import sys
import unicodedata

import pytest

from playbook.domain.text import (
    _ASTRAL_HIDDEN,
    _clean,
    has_hidden,
    pattern_for,
    visible,
    visible_json,
    visible_output,
)

HOSTILE = [
    "\x1b]0;pwned\x07",  # OSC 0: set the title, ended by BEL
    "\x1b]2;pwned\x1b\\",  # OSC 2 ended by ESC backslash
    "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07",  # OSC 52: write the clipboard
    "\x1b[2J\x1b[H",  # CSI: clear the screen
    "\x1bP1$qm\x1b\\",  # DCS
    "\x9b2J",  # C1 CSI
    "\x9d0;title\x9c",  # C1 OSC ... ST
    "evil\u202egnp.exe",  # right-to-left override
    "\u2066hidden\u2069",  # bidi isolates
    "Ali\u200dce\u200b",  # zero-width joiner and space
    "\x7f\x00",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_nothing_a_terminal_acts_on_survives(text: str) -> None:
    shown = visible(text)
    assert not has_hidden(shown)
    assert all(char.isprintable() for char in shown)


def test_escapes_read_like_python() -> None:
    assert visible("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert visible("x\u202ey") == "x\\u202ey"
    assert visible("\U000e0041") == "\\U000e0041"
    assert visible("line\nbreak") == "line\\x0abreak"


def test_plain_text_is_unchanged() -> None:
    for text in ("Alice Smith", "[EXT] Alice", "Zoë Ångström 山田", "a\\x1b", "👍"):
        assert visible(text) == text


def test_lines_keep_newlines_and_tabs_only() -> None:
    assert visible("one\ntwo\tthree\x1b\r", lines=True) == "one\ntwo\tthree\\x1b\\x0d"
    assert visible_output("a\r\nb\x07") == "a\r\nb\\x07"


def test_every_control_format_and_separator_character_is_covered() -> None:
    """The hand-kept ranges hold every Cc, Cf, Zl, Zp and Cs character this Python knows."""
    missed = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in {"Cc", "Cf", "Zl", "Zp", "Cs"}
        and not has_hidden(chr(code))
    ]
    assert missed == []


def test_the_fast_check_never_passes_what_the_full_scan_would_escape() -> None:
    """`_clean` skips the regex: for every character, on the ASCII and the non-ASCII path."""
    for use in ("one_line", "lines", "stream"):
        pattern = pattern_for(use)
        for code in range(sys.maxunicode + 1):
            char = chr(code)
            if pattern.fullmatch(char) and (code <= 0xFFFF or char in _ASTRAL_HIDDEN):
                assert not _clean("é" + char, use), f"U+{code:04X}"
                if code < 0x80:
                    assert not _clean(char, use), f"U+{code:04X}"


def test_emoji_and_astral_letters_stay() -> None:
    assert visible("👍 𠀋 🏳️‍🌈") == "👍 𠀋 🏳️\\u200d🌈"  # only the zero-width joiner is shown


def test_json_keeps_the_value_and_loses_the_bytes() -> None:
    value = {"name": "a\x7f\x9b\u202e\U000e0041\ud800b", "n": 1}
    text = visible_json(json.dumps(value, ensure_ascii=False, indent=2))
    assert not has_hidden(text.replace("\n", ""))
    assert json.loads(text) == value

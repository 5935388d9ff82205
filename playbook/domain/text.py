"""Text read from a message or a file, made safe to show: every control character made visible.

A Subject, a display name or a filename can hold escape sequences (CSI, OSC, DCS), C1 codes,
bidi overrides or zero-width characters. A terminal acts on the first three (it retitles the
pane, clears the screen, writes the clipboard) and the last two hide or reorder what a person
reads. Everything from outside is data: before it reaches a terminal each such character is
written as an escape a person can read (`\\x1b`, `\\u202e`), never acted on.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

# Unicode's control (Cc), format (Cf), line and paragraph separator (Zl, Zp) and surrogate (Cs)
# characters, plus the fillers and joiners that draw as nothing and are used to hide a name.
# Listed by hand, not derived from unicodedata at import, so the CLI starts fast; a test
# checks the list against unicodedata.
_BMP_HIDDEN = "".join(
    (
        "\x7f-\x9f",  # DEL and C1 (CSI U+009B, OSC U+009D, DCS U+0090 ...)
        "\u00ad",  # soft hyphen
        "\u034f",  # combining grapheme joiner
        "\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2",  # Arabic, Syriac format marks
        "\u115f\u1160\u17b4\u17b5\u180e",  # Hangul fillers, Khmer vowels, Mongolian separator
        "\u200b-\u200f",  # zero-width space, non-joiner, joiner, LRM, RLM
        "\u2028-\u202e",  # line and paragraph separators, bidi embeddings and overrides
        "\u2060-\u206f",  # word joiner, invisible operators, bidi isolates
        "\u3164\ud800-\udfff\ufeff\uffa0\ufff9-\ufffb",  # filler, surrogates, BOM
    )
)
_ASTRAL_RANGES = (
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),  # Egyptian hieroglyph format controls
    (0x1BCA0, 0x1BCA3),  # shorthand format controls
    (0x1D173, 0x1D17A),  # musical symbol format controls
    (0xE0001, 0xE0001),  # language tag
    (0xE0020, 0xE007F),  # tag characters
)
_ASTRAL_HIDDEN = frozenset(
    chr(code) for first, last in _ASTRAL_RANGES for code in range(first, last + 1)
)
# Hidden although str.isprintable() calls them printable: the fast check looks for them apart.
_PRINTABLE_BUT_HIDDEN = ("\u034f", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u3164", "\uffa0")

# What each use keeps: nothing (a one-line value), TAB and LF (lines), and CR too (a stream).
_KEPT = {"one_line": "", "lines": "\t\n", "stream": "\t\n\r"}
_ASCII_DELETIONS = {
    use: str.maketrans(
        "",
        "",
        "".join(chr(code) for code in (*range(0x20), 0x7F)).translate(str.maketrans("", "", kept)),
    )
    for use, kept in _KEPT.items()
}


def _clean(text: str, use: str) -> bool:
    """Whether `text` surely holds nothing to escape: fast scans in C, no regex."""
    if text.isascii():  # known without a scan; a deleting translate of ASCII runs at memcpy speed
        return len(text.translate(_ASCII_DELETIONS[use])) == len(text)
    stripped = text
    for kept in _KEPT[use]:
        if kept in stripped:
            stripped = stripped.replace(kept, "")
    return stripped.isprintable() and not any(char in text for char in _PRINTABLE_BUT_HIDDEN)


@functools.cache
def pattern_for(use: str) -> re.Pattern[str]:
    """The characters to look at for `use`: the C0 ones not kept, the BMP's hidden ones, and
    every astral character (a class of astral ranges is many times slower to scan; those not
    hidden are given back unchanged). Compiled on first need: clean text never needs it."""
    kept = _KEPT[use]
    c0 = "".join(chr(code) for code in range(0x20) if chr(code) not in kept)
    return re.compile(f"[{c0}{_BMP_HIDDEN}\U00010000-\U0010ffff]")


def _made_visible(text: str, use: str, escape: Callable[[int], str]) -> str:
    if _clean(text, use):  # the common case
        return text

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        if ord(char) > 0xFFFF and char not in _ASTRAL_HIDDEN:
            return char  # an emoji, a CJK extension letter: shown as it is
        return escape(ord(char))

    return pattern_for(use).sub(replace, text)


def _readable(code: int) -> str:
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str, *, lines: bool = False) -> str:
    """`text` with every control, format and invisible character written as a readable escape.

    ESC becomes `\\x1b`, U+202E `\\u202e`. A one-line value (a name, a subject, a filename)
    keeps nothing: a newline in it is shown as `\\x0a`, so it cannot forge a line of output.
    With `lines=True` (a note, a draft's text) newlines and tabs stay as they are.
    """
    return _made_visible(text, "lines" if lines else "one_line", _readable)


def visible_output(text: str) -> str:
    """Output bound for a terminal made safe: as `visible(lines=True)`, and CR kept for CRLF
    lines and progress bars (a carriage return moves the cursor; it takes nothing over)."""
    return _made_visible(text, "stream", _readable)


def _json_escape(code: int) -> str:
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON writes an astral character as its UTF-16 surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def visible_json(text: str) -> str:
    """JSON text with every control, format and invisible character as a `\\uXXXX` escape.

    The value a JSON reader gets is unchanged; `json.dumps` already escapes C0 but leaves DEL,
    C1, bidi controls and lone surrogates raw. Newlines (an indented document's) stay.
    """
    return _made_visible(text, "lines", _json_escape)


def _toml_escape(code: int) -> str:
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible_toml(text: str) -> str:
    """TOML text (strings in double quotes, as tomli_w writes them) with every control, format
    and invisible character as a `\\uXXXX` escape: the value a reader gets is unchanged."""
    return _made_visible(text, "lines", _toml_escape)


def has_hidden(text: str, *, lines: bool = False) -> bool:
    """Whether `visible(text, lines=lines)` would escape anything in `text`."""
    return visible(text, lines=lines) != text

"""Text read from a message or a file, made safe to show: every control character made visible.

A Subject, a display name or a filename can hold escape sequences (CSI, OSC, DCS), C1 codes,
bidi overrides or zero-width characters. A terminal acts on the first three (it retitles the
pane, clears the screen, writes the clipboard) and the last two hide or reorder what a person
reads. Everything from outside is data: before it reaches a terminal each such character is
written as an escape a person can read (`\\x1b`, `\\u202e`), never acted on.
"""

from __future__ import annotations

import re

# Unicode's control (Cc), format (Cf), line and paragraph separator (Zl, Zp) and surrogate (Cs)
# characters, plus the fillers and joiners that draw as nothing and are used to hide a name.
# Listed as ranges, not derived from unicodedata at import, so the CLI starts fast; a test
# checks the list against unicodedata.
_OTHER_HIDDEN = "".join(
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
        "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3",
        "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f",  # music format, tags
    )
)
_ANY_HIDDEN = re.compile(f"[\x00-\x1f{_OTHER_HIDDEN}]")  # C0 too: ESC, BEL, newline
_HIDDEN_BUT_LINES = re.compile(f"[\x00-\x08\x0b-\x1f{_OTHER_HIDDEN}]")  # keeps TAB, LF
_STREAM_HIDDEN = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_OTHER_HIDDEN}]")  # and CR


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
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
    pattern = _HIDDEN_BUT_LINES if lines else _ANY_HIDDEN
    if pattern.search(text) is None:  # the common case costs one scan
        return text
    return pattern.sub(_escape, text)


def visible_output(text: str) -> str:
    """Output bound for a terminal made safe: as `visible(lines=True)`, and CR kept for CRLF
    lines and progress bars (a carriage return moves the cursor; it takes nothing over)."""
    if _STREAM_HIDDEN.search(text) is None:
        return text
    return _STREAM_HIDDEN.sub(_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON writes an astral character as its UTF-16 surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def visible_json(text: str) -> str:
    """JSON text with every control, format and invisible character as a `\\uXXXX` escape.

    The value a JSON reader gets is unchanged; `json.dumps` already escapes C0 but leaves DEL,
    C1, bidi controls and lone surrogates raw. Newlines (an indented document's) stay.
    """
    if _HIDDEN_BUT_LINES.search(text) is None:
        return text
    return _HIDDEN_BUT_LINES.sub(_json_escape, text)


def _toml_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible_toml(text: str) -> str:
    """TOML text (strings in double quotes, as tomli_w writes them) with every control, format
    and invisible character as a `\\uXXXX` escape: the value a reader gets is unchanged."""
    if _HIDDEN_BUT_LINES.search(text) is None:
        return text
    return _HIDDEN_BUT_LINES.sub(_toml_escape, text)


def has_hidden(text: str, *, lines: bool = False) -> bool:
    """Whether `visible(text, lines=lines)` would escape anything in `text`."""
    return (_HIDDEN_BUT_LINES if lines else _ANY_HIDDEN).search(text) is not None

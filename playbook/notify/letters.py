"""Letters: one print-ready PDF per person who has a postal address and no email.

Each letter's words are rendered from `letter.txt.j2` (and `letter.cy.txt.j2`, Welsh first, when
Welsh is configured) through the one Renderer; the letter gate (`playbook.domain.letters`) checks
every letter before anything is typeset. The letters are typeset together, once, with the layout
`letter.typ` (values passed as data, never markup), into `letters.pdf` for a print room, which is
split at each letter's bookmark into one PDF per person: typesetting one document is the
floor, and one compile per person took about twice as long (bench/letters.py).

Everything goes into one folder per incident (`ID-letters`), each file written to a temporary
name and renamed into place, so an interrupted run leaves no half-written PDF, and a second run
skips the letters already written with the same bytes. `letters.csv` is the mail merge; the
people who cannot be written to are listed in `without-address.csv`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, tzinfo
from itertools import chain
from pathlib import Path

from sqlite_utils import Database

from playbook.config import Config
from playbook.domain.errors import PlaybookError, Refused
from playbook.domain.incident import Person
from playbook.domain.letters import (
    Letter,
    LetterAudience,
    Reach,
    check_letters,
    envelope_lines,
    letter_date,
    reach_of,
)
from playbook.domain.text import visible
from playbook.notify.drafts import DraftContext, apology_values, load_context, template_in
from playbook.notify.letter_pages import split_pdf
from playbook.notify.outbox import (
    UNSAFE_IN_FILE_NAME,
    GateRefused,
    StagedFiles,
    make_folder,
    remove_abandoned,
    remove_if_empty,
    write_if_changed,
)
from playbook.render.environment import PreparedTemplate, Renderer
from playbook.render.pdf import Typesetter
from playbook.runtime.progress import ProgressBar
from playbook.store.database import transaction
from playbook.store.events import append_event

TEMPLATE = "letter.txt.j2"
LAYOUT = "letter.typ"
COMBINED = "letters.pdf"
MAIL_MERGE = "letters.csv"
WITHOUT_ADDRESS = "without-address.csv"
_LETTER_FILE = re.compile(r"\d{4}-[A-Za-z0-9._@+-]*\.pdf")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

ProgressFactory = Callable[[str, int], ProgressBar]


@dataclass(frozen=True)
class WrittenLetters:
    """What `write_letters` did: where, how many letters were written or already there, and
    who could not be written to (listed in `without-address.csv`)."""

    folder: Path
    count: int
    written: int
    unchanged: int
    removed: int
    languages: tuple[str, ...]
    by_phone: tuple[Person, ...]
    unreachable: tuple[Person, ...]


def folder_for(out_dir: Path, incident_id: str) -> Path:
    """Where an incident's letters go: one folder, the same on every run (so a run resumes)."""
    return out_dir / f"{incident_id}-letters"


@dataclass(frozen=True)
class LetterBatch:
    """The letters of one incident, checked by the gate, and what the layout is given."""

    context: DraftContext
    reach: Reach
    languages: tuple[str, ...]
    templates: tuple[PreparedTemplate, ...]
    letters: tuple[Letter, ...]
    layout_data: dict[str, object]


def prepare_letters(
    context: DraftContext,
    *,
    config: Config,
    now: datetime,
    renderer: Renderer,
    progress: ProgressFactory | None = None,
) -> LetterBatch:
    """Render every letter due and run the letter gate over them all (GateRefused when any
    fails); a broken template is a TemplateProblem naming the file and line."""
    if not context.notice_plan.apologies_allowed:
        raise Refused(context.notice_plan.sentence)
    reach = reach_of(context.people)
    if not reach.by_letter:
        raise Refused(_nobody_sentence(context, reach))
    languages = tuple(context.languages)
    templates = tuple(template_in(TEMPLATE, language, renderer) for language in languages)
    letters = _render_letters(context, reach.by_letter, templates, languages, progress)
    audience = LetterAudience(
        context.people,
        [(recipient.address, recipient.name) for recipient in context.recipients],
        (*_public_values(context), config.address),
    )
    failures = check_letters(letters, audience, context.contact)
    if failures:
        raise GateRefused(failures, len(letters))
    day = now.astimezone(context.local_zone).date()
    dated = " / ".join(letter_date(day, language) for language in languages)
    blocks = _BlocksOf()
    data: dict[str, object] = {
        "sender": {
            "organisation": context.contact.organisation,
            "address": [config.address.strip()] if config.address.strip() else [],
            "contact": contact_lines(context, languages),
        },
        "letters": [
            _layout_data(letter, languages, dated, blocks) | {"reference": context.incident.id}
            for letter in letters
        ],
    }
    return LetterBatch(context, reach, languages, templates, tuple(letters), data)


def contact_lines(context: DraftContext, languages: Sequence[str]) -> list[str]:
    """The contact point under the sender's address, labelled in each language."""
    contact = context.contact
    labelled = (("email", contact.email), ("phone", contact.phone))
    return [
        f"{' / '.join(_CONTACT_LABELS[lang][kind] for lang in languages)}: {value}"
        for kind, value in labelled
        if value
    ]


_CONTACT_LABELS = {
    "en": {"email": "Email", "phone": "Phone"},
    "cy": {"email": "E-bost", "phone": "Ffôn"},
}


def write_letters(
    db: Database,
    incident_id: str,
    *,
    config: Config,
    zone: tzinfo,
    out_dir: Path,
    now: datetime,
    author: str,
    renderer: Renderer | None = None,
    typesetter: Typesetter | None = None,
    progress: ProgressFactory | None = None,
) -> WrittenLetters:
    """Render, check, typeset and write one letter per person due one, then log the batch.

    Nothing is written when any letter fails the gate (GateRefused lists whose and why), or when
    a template or the layout is broken (TemplateProblem names the file and line).
    """
    context = load_context(db, incident_id, config, zone)
    batch = prepare_letters(
        context,
        config=config,
        now=now,
        renderer=renderer or Renderer(config, zone),
        progress=progress,
    )
    letters, reach = batch.letters, batch.reach
    folder = folder_for(out_dir, context.incident.id)
    names = [letter_file_name(number, letter.name) for number, letter in enumerate(letters, 1)]
    files = [COMBINED, MAIL_MERGE, WITHOUT_ADDRESS, *names]
    typesetter = typesetter or Typesetter(config)
    with _saving_into(folder), StagedFiles(folder, files) as staged:
        combined = _typeset(typesetter, batch, progress)
        pages = split_pdf(combined, len(letters))  # every letter checked; each cut as saved
        staged.ready()
        written, unchanged, removed = _write_folder(
            folder,
            files,
            chain(
                (
                    combined,
                    mail_merge(names, letters),
                    without_address_list((*reach.by_phone, *reach.unreachable)),
                ),
                pages,
            ),
            progress,
        )
    letter_names = set(names)  # thousands of them: a list's `in` made this quadratic
    new_letters = sum(1 for name in written if name in letter_names)
    kept_letters = sum(1 for name in unchanged if name in letter_names)
    layout_path = typesetter.find(LAYOUT)
    with transaction(db):
        append_event(
            db,
            context.incident.id,
            "drafts.written",
            author=author,
            at=now,
            data={
                "template": "letter",
                "format": "pdf",
                "count": len(letters),
                "written": new_letters,
                "unchanged": kept_letters,
                "without_address": len(reach.by_phone) + len(reach.unreachable),
                "languages": list(batch.languages),
                "templates": {template.info.name: template.sha256 for template in batch.templates},
                "layout_sha256": _sha256(layout_path.read_bytes()) if layout_path else None,
                "batch_sha256": _sha256(combined),
                "written_to": folder.name,
            },
            personal={
                "people": [letter.key for letter in letters],
                "folder": str(out_dir.resolve()),  # so that a purge finds it
            },
        )
    return WrittenLetters(
        folder,
        len(letters),
        new_letters,
        kept_letters,
        removed,
        batch.languages,
        reach.by_phone,
        reach.unreachable,
    )


def _nobody_sentence(context: DraftContext, reach: Reach) -> str:
    left = len(reach.by_phone) + len(reach.unreachable)
    if not left:
        return (
            f"Nobody in {context.incident.id} is due a letter: everyone affected has an email "
            "address (playbook drafts ID apology); nothing was written."
        )
    return (
        f"None of the {left} people in {context.incident.id} without an email address has a "
        f"name and a usable postal address, so no letter was written; {len(reach.by_phone)} "
        f"have a phone number (playbook drafts {context.incident.id} phone-list)."
    )


def _public_values(context: DraftContext) -> tuple[str, ...]:
    contact = context.contact
    return (contact.email, contact.name, contact.phone, contact.organisation, context.signed_by)


def _render_letters(
    context: DraftContext,
    people: Sequence[Person],
    templates: Sequence[PreparedTemplate],
    languages: Sequence[str],
    progress: ProgressFactory | None,
) -> list[Letter]:
    """Each person's letter: every language's template rendered with the values phrased in
    that language (the apology's), made visible (a control character prints as its escape,
    `\\x1b`)."""
    values_in = [apology_values(context, language) for language in languages]
    shown = progress("Writing letters", len(people)) if progress else None
    letters = []
    for person in people:
        values = [values_for(person) for values_for in values_in]
        letters.append(
            Letter(
                key=person.key,
                name=visible(" ".join(person.name.split())),
                address=tuple(visible(line) for line in envelope_lines(person.postal_address)),
                texts=tuple(
                    visible(template.render(language_values), lines=True)
                    for template, language_values in zip(templates, values, strict=True)
                ),
                must_say=tuple(
                    visible(str(language_values["what_happened"]), lines=True)
                    for language_values in values
                ),
            )
        )
        if shown:
            shown.advance()
    if shown:
        shown.finish()
    return letters


def _layout_data(
    letter: Letter, languages: Sequence[str], date_text: str, blocks: _BlocksOf
) -> dict[str, object]:
    return {
        "recipient": {"name": letter.name, "address": list(letter.address)},
        "date": date_text,
        "parts": [
            {"lang": language, "blocks": blocks(text)}
            for language, text in zip(languages, letter.texts, strict=True)
        ],
    }


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


class _BlocksOf:
    """A rendered letter as the layout's blocks, paragraph by paragraph (a blank line ends
    one); each paragraph is laid out once however many letters of the batch hold it (all but a few of a letter's paragraphs are the same in every letter); the blocks
    are shared between letters, so they are only read."""

    def __init__(self) -> None:
        self._paragraphs: dict[str, list[dict[str, object]]] = {}

    def __call__(self, text: str) -> list[dict[str, object]]:
        blocks: list[dict[str, object]] = []
        for paragraph in _PARAGRAPH_BREAK.split(text.strip("\n")):
            laid_out = self._paragraphs.get(paragraph)
            if laid_out is None:
                laid_out = self._paragraphs[paragraph] = _paragraph_blocks(paragraph)
            blocks += laid_out
        return blocks


def _paragraph_blocks(paragraph: str) -> list[dict[str, object]]:
    """A paragraph as the layout's blocks: `# ` a title, `## ` a heading, `- ` a point of a
    list, other lines text."""
    blocks: list[dict[str, object]] = []
    for line in paragraph.splitlines():
        if line.startswith("# "):
            blocks.append({"kind": "title", "text": line[2:].strip()})
        elif line.startswith("## "):
            blocks.append({"kind": "heading", "text": line[3:].strip()})
        elif line.startswith("- "):
            _last(blocks, "list", "items").append(line[2:].strip())
        elif line.strip():
            _last(blocks, "text", "lines").append(line.rstrip())
    return blocks


def _last(blocks: list[dict[str, object]], kind: str, field: str) -> list[str]:
    """The entries of the block being built, when it is of `kind`; else of a new one."""
    if not blocks or blocks[-1]["kind"] != kind:
        blocks.append({"kind": kind, field: []})
    entries = blocks[-1][field]
    assert isinstance(entries, list)
    return entries


def letter_file_name(number: int, name: str) -> str:
    """A safe, unique file name for a letter: its number and the name, made harmless, its
    accents dropped so the print room can read it ('Siân' is 0001-Sian.pdf, not 0001-Si_n)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    safe = UNSAFE_IN_FILE_NAME.sub("_", plain)[:60].strip("._") or "letter"
    return f"{number:04d}-{safe}.pdf"


def mail_merge(names: Sequence[str], letters: Sequence[Letter]) -> bytes:
    """The mail merge: one row per letter, its file, the name and the address lines."""
    width = max(len(letter.address) for letter in letters)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(["file", "name", *(f"address_{n}" for n in range(1, width + 1))])
    for name, letter in zip(names, letters, strict=True):
        lines = [*letter.address, *[""] * (width - len(letter.address))]
        writer.writerow([name, *map(cell, (letter.name, *lines))])
    return text.getvalue().encode("utf-8-sig")


def without_address_list(people: Sequence[Person]) -> bytes:
    """The people without an email who get no letter: whom to call, and whom nobody can reach."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(["name", "phone", "how"])
    for person in people:
        how = "phone-list" if person.phone.strip() else "none: find a way to reach them"
        writer.writerow(
            [cell(visible(person.name) or person.key), cell(visible(person.phone)), how]
        )
    return text.getvalue().encode("utf-8-sig")


def cell(value: str) -> str:
    """A value for a spreadsheet cell, as written: one that a spreadsheet would run as a
    formula (=, +, -, @) is kept as text by a leading apostrophe."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def _typeset(typesetter: Typesetter, batch: LetterBatch, progress: ProgressFactory | None) -> bytes:
    """Every letter typeset together, once: `letters.pdf`."""
    typesetting = progress("Typesetting letters", 1) if progress else None
    if typesetting:
        typesetting.advance(0)  # drawn now: one compile of every letter takes a while
    combined = typesetter.typeset(LAYOUT, batch.layout_data)
    if typesetting:
        typesetting.advance()
        typesetting.finish()
    return combined


@contextmanager
def _saving_into(folder: Path) -> Iterator[None]:
    """Make the letters' folder (clearing what a killed run left there); a write the file
    system refuses inside the block is said in one sentence, and a refused run takes away the
    folders it made while they are empty."""
    made: list[Path] = []
    try:
        made = make_folder(folder)
        remove_abandoned(folder)
        yield
    except OSError as error:
        remove_if_empty(made)
        raise PlaybookError(
            f"The letters cannot be written to {folder} ({error.strerror}); run the command "
            "again once that is fixed: the letters already written are kept."
        ) from error
    except BaseException:
        remove_if_empty(made)  # refused before a letter was saved: no folder is left behind
        raise


def _write_folder(
    folder: Path,
    names: Sequence[str],
    contents: Iterable[bytes],
    progress: ProgressFactory | None,
) -> tuple[list[str], list[str], int]:
    """Write each file (`names` and their `contents`, in order, each staged by StagedFiles)
    into `folder` unless it already holds the same bytes; remove letters an earlier run wrote
    for people no longer due one. Returns (written, unchanged, removed)."""
    shown = progress("Saving letters", len(names)) if progress else None
    written: list[str] = []
    unchanged: list[str] = []
    # One after another: with the files made ahead, what is left is quick, and writer threads
    # cost more in handing over than they saved (bench/letters.py).
    for name, data in zip(names, contents, strict=True):
        changed = write_if_changed(folder / name, data, staged=True)
        (written if changed else unchanged).append(name)
        if shown:
            shown.advance()
    if shown:
        shown.finish()
    removed = 0
    kept = set(names)
    for stale in sorted(os.listdir(folder)):
        if _LETTER_FILE.fullmatch(stale) and stale not in kept:
            os.unlink(folder / stale)
            removed += 1
    return written, unchanged, removed


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

"""`playbook drafts ID letter`: one PDF per person without an email, read back with pypdf."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
import typst
from pypdf import PdfReader

from playbook.config import load_config
from playbook.notify.drafts import load_context
from playbook.notify.letters import prepare_letters
from playbook.render.environment import Renderer
from playbook.store.database import open_database
from playbook.store.events import list_events
from tests import builders
from tests.conftest import FIXED_NOW, LONDON
from tests.domain.test_phrases import english_in

CONFIG = (
    'organisation = "Northfield Students\' Union"\n'
    'address = "Union House, 1 College Road, Northfield NF1 1AA"\n'
    "{extra}\n"
    "[dpo]\n"
    'name = "Jane Doe"\nemail = "dpo@su.example"\nphone = "0161 496 0000"\n'
)
EMAILED, BY_POST, BY_PHONE = 3, 5, 2
EVERYONE = builders.fictional_people(EMAILED + BY_POST + BY_PHONE)
WRITTEN_TO = EVERYONE[EMAILED : EMAILED + BY_POST]
PHONED = EVERYONE[EMAILED + BY_POST :]


def configure(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG.format(extra=extra))
    return path


def new_incident(cli, message: Path) -> str:
    created = cli("new", "--title", "Holders' list sent to all", "--from", str(message), "--json")
    assert created.code == 0, created.err
    return created.json()["id"]


@pytest.fixture
def incident(cli, tmp_path: Path) -> str:
    """S1 with holders who signed up on paper: three emailed, five by post, two by phone."""
    configure(tmp_path)
    message = builders.students_union_spreadsheet(
        tmp_path, holders=EMAILED, by_post=BY_POST, by_phone=BY_PHONE
    )
    return new_incident(cli, message)


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def letter_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.glob("[0-9]*.pdf"))


def details(person: builders.FictionalPerson) -> list[str]:
    """What would identify the person in a letter: name, email, street, postcode, mobile."""
    return [person.name, person.email, person.street, person.postcode, person.mobile]


def test_each_letter_is_to_one_person_and_holds_nobody_elses_details(cli, incident, tmp_path):
    result = cli("drafts", incident, "letter", "--out", str(tmp_path / "out"))

    assert result.code == 0, result.err
    assert f"Wrote {BY_POST} of {BY_POST} letters" in result.out
    files = letter_files(tmp_path / "out" / f"{incident}-letters")
    assert len(files) == BY_POST
    for path, person in zip(files, WRITTEN_TO, strict=True):
        text = text_of(path)
        assert f"{person.name}\n{person.street}\n{person.town}\n{person.postcode}" in text
        assert f"Dear {person.name}," in text and "dpo@su.example" in text
        others = [value for other in EVERYONE if other != person for value in details(other)]
        assert [value for value in others if value in text] == [], path.name


def test_letters_pdf_holds_every_letter_and_the_mail_merge_matches(cli, incident, tmp_path):
    cli("drafts", incident, "letter", "--out", str(tmp_path / "out"))
    folder = tmp_path / "out" / f"{incident}-letters"

    combined = PdfReader(folder / "letters.pdf")
    pages = [page.extract_text() for page in combined.pages]
    each = [
        [page.extract_text() for page in PdfReader(path).pages] for path in letter_files(folder)
    ]
    assert pages == [page for letter in each for page in letter]
    assert [entry.title for entry in combined.outline] == [f"Letter {n}" for n in range(1, 6)]

    rows = list(csv.DictReader(io.StringIO((folder / "letters.csv").read_text("utf-8-sig"))))
    assert [row["file"] for row in rows] == [path.name for path in letter_files(folder)]
    assert [
        (row["name"], row["address_1"], row["address_2"], row["address_3"]) for row in rows
    ] == [(p.name, p.street, p.town, p.postcode) for p in WRITTEN_TO]


def test_with_welsh_configured_each_letter_is_in_welsh_first_then_english(cli, tmp_path, incident):
    configure(tmp_path, 'languages = ["en", "cy"]')

    result = cli("drafts", incident, "letter", "--out", str(tmp_path / "out"))

    assert result.code == 0, result.err
    for path in letter_files(tmp_path / "out" / f"{incident}-letters"):
        text = " ".join(text_of(path).split())
        welsh = text.index("Mae'n ddrwg gennym: rhannwyd eich gwybodaeth bersonol")
        english = text.index("We are sorry: we shared your personal information by mistake")
        assert welsh < english
        assert "Annwyl " in text[welsh:english] and "Ffôn: 0161 496 0000" in text[welsh:english]
        assert "25 Hydref 2026 / 25 October 2026" in text
        # the Welsh part is Welsh throughout, phrased as the Welsh apology is
        welsh_part = text[welsh:english].split("Swyddfa'r Comisiynydd")[0]
        assert english_in(welsh_part) == []


def test_only_english_is_written_when_only_english_is_configured(cli, incident, tmp_path):
    cli("drafts", incident, "letter", "--out", str(tmp_path / "out"))

    for path in letter_files(tmp_path / "out" / f"{incident}-letters"):
        assert "Annwyl" not in text_of(path)


HOSTILE = "Zed *Bold* #set text(red) $x$ <b>\x1b[31m"


def hostile_message(folder: Path) -> Path:
    header = ("Name", "Address", "Town", "Postcode")
    rows = [
        (HOSTILE, "1 Quay Street", "Portown", "PT1 7QS"),
        ("=HYPERLINK(1) Evans", "2 Quay Street", "Portown", "PT1 7QT"),
    ]
    return builders.sent_with_list(folder, header, rows, name="tenants")


def test_a_hostile_name_prints_as_written(cli, tmp_path):
    configure(tmp_path)
    incident = new_incident(cli, hostile_message(tmp_path))

    result = cli("drafts", incident, "letter", "--out", str(tmp_path / "out"))

    assert result.code == 0, result.err
    folder = tmp_path / "out" / f"{incident}-letters"
    evans, zed = letter_files(folder)  # in the order of the people's keys
    text = text_of(zed)
    # typst markup prints as its characters; the escape as the four characters \x1b
    assert "Zed *Bold* #set text(red) $x$ <b>\\x1b[31m\n1 Quay Street" in text
    assert "Dear Zed *Bold* #set text(red) $x$ <b>\\x1b[31m," in text
    assert "\x1b" not in text
    assert "Dear =HYPERLINK(1) Evans," in text_of(evans)
    # a spreadsheet opening the mail merge keeps the name as text, not a formula
    rows = list(csv.reader(io.StringIO((folder / "letters.csv").read_text("utf-8-sig"))))
    assert rows[1][1] == "'=HYPERLINK(1) Evans"


def test_a_letter_names_its_file_readably_and_prints_the_postcode_as_royal_mail_asks(cli, tmp_path):
    header = ("First name", "Surname", "Address line 1", "Address line 2", "Town", "Postcode")
    rows = [
        (
            "Siân",
            "Hughes-Davies",
            "Flat 12, Tŷ Gwyn",
            "123 Heol y Frenhines",
            "Caerdydd",
            "cf11 9ab",
        )
    ]
    configure(tmp_path)
    incident = new_incident(cli, builders.sent_with_list(tmp_path, header, rows, name="placements"))

    result = cli("drafts", incident, "letter", "--out", str(tmp_path / "out"))

    assert result.code == 0, result.err
    folder = tmp_path / "out" / f"{incident}-letters"
    [letter] = letter_files(folder)
    assert letter.name == "0001-Sian_Hughes-Davies.pdf"
    assert "Siân Hughes-Davies\nFlat 12, Tŷ Gwyn\n123 Heol y Frenhines\nCaerdydd\nCF11 9AB" in (
        text_of(letter)
    )
    rows = list(csv.reader(io.StringIO((folder / "letters.csv").read_text("utf-8-sig"))))
    assert rows[1][-1] == "CF11 9AB"


def test_a_broken_letter_template_names_file_and_line_and_writes_nothing(cli, incident, tmp_path):
    custom = tmp_path / "mine"
    custom.mkdir()
    (custom / "letter.txt.j2").write_text("# Sorry\n\n{{ greeting }\n")
    configure(tmp_path, f'templates_dir = "{custom}"')

    result = cli("drafts", incident, "letter", "--out", str(tmp_path / "out"))

    assert result.code == 1
    assert f"{custom / 'letter.txt.j2'}, line 3" in result.err
    assert not (tmp_path / "out").exists()
    assert "drafts.written" not in [
        event.kind for event in list_events(open_db(tmp_path), incident)
    ]


def open_db(tmp_path: Path):
    return open_database(tmp_path / "playbook.db")


def test_a_template_giving_someone_elses_postcode_stops_the_whole_batch(cli, incident, tmp_path):
    custom = tmp_path / "mine"
    custom.mkdir()
    shipped = (Path(__file__).parents[2] / "templates" / "letter.txt.j2").read_text()
    neighbour = WRITTEN_TO[1].postcode
    (custom / "letter.txt.j2").write_text(shipped + f"\nYour neighbour at {neighbour} too.\n")
    configure(tmp_path, f'templates_dir = "{custom}"')

    result = cli("drafts", incident, "letter", "--out", str(tmp_path / "out"))

    assert result.code == 1
    assert "These letters failed the safety gate:" in result.out
    assert "it contains 1 other person's postcode" in result.out
    assert f"{BY_POST - 1} of {BY_POST} drafts failed the safety gate" in result.err
    assert not (tmp_path / "out").exists()


def test_an_interrupted_run_resumes_and_says_what_it_kept(cli, incident, tmp_path):
    out = tmp_path / "out"
    cli("drafts", incident, "letter", "--out", str(out))
    folder = out / f"{incident}-letters"
    first_run = {path.name: path.read_bytes() for path in folder.iterdir()}
    files = letter_files(folder)
    # as if killed: two letters never written, one cut short, a temporary file left behind
    files[0].unlink()
    files[1].unlink()
    files[2].write_bytes(files[2].read_bytes()[:500])
    leftover = folder / f".{files[0].name}.partial-{2**22 + 12345}"  # no such process
    leftover.write_bytes(b"%PDF-1.7 half")

    result = cli("drafts", incident, "letter", "--out", str(out))

    assert result.code == 0, result.err
    assert f"Wrote 3 of {BY_POST} letters" in result.out
    assert "2 were already there with the same content and were kept." in result.out
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == first_run
    assert not leftover.exists()


def test_people_without_a_usable_address_are_listed_on_screen_and_in_a_file(
    cli, incident, tmp_path
):
    result = cli("drafts", incident, "letter", "--out", str(tmp_path / "out"))

    assert f"{BY_PHONE} people have neither an email nor a usable postal address" in result.out
    for person in PHONED:
        assert f"  {person.name}: call them (phone-list)" in result.out
    listed = (tmp_path / "out" / f"{incident}-letters" / "without-address.csv").read_text(
        "utf-8-sig"
    )
    rows = list(csv.DictReader(io.StringIO(listed)))
    assert [(row["name"], row["phone"], row["how"]) for row in rows] == [
        (person.name, person.mobile, "phone-list") for person in PHONED
    ]


def test_the_batch_is_on_the_timeline_with_no_personal_values_in_its_data(cli, incident, tmp_path):
    cli("drafts", incident, "letter", "--out", str(tmp_path / "out"))

    event = [e for e in list_events(open_db(tmp_path), incident) if e.kind == "drafts.written"][-1]
    assert event.data["template"] == "letter"
    assert (event.data["count"], event.data["written"], event.data["without_address"]) == (5, 5, 2)
    assert event.data["written_to"] == f"{incident}-letters"
    public = json.dumps(event.data)
    assert not [value for p in EVERYONE for value in details(p) if value in public]
    assert event.personal is not None and len(event.personal["people"]) == BY_POST


def test_nobody_due_a_letter_is_refused_and_says_why(cli, tmp_path):
    configure(tmp_path)
    incident = new_incident(cli, builders.students_union_spreadsheet(tmp_path, holders=4))

    result = cli("drafts", incident, "letter", "--out", str(tmp_path / "out"))

    assert result.code == 1
    assert "everyone affected has an email address" in result.err
    assert not (tmp_path / "out").exists()


def test_the_first_page_of_a_letter_renders_as_an_a4_page(cli, incident, tmp_path):
    """The layout, rendered to PNG (as looked at when the layout was made): an A4 page."""
    config = load_config(configure(tmp_path, 'languages = ["en", "cy"]'))
    context = load_context(open_db(tmp_path), incident, config, LONDON)
    batch = prepare_letters(
        context, config=config, now=FIXED_NOW, renderer=Renderer(config, LONDON)
    )
    data = {**batch.layout_data, "letters": batch.layout_data["letters"][:1]}  # type: ignore[index]
    layout = Path(__file__).parents[2] / "templates" / "letter.typ"

    pages = typst.compile(
        str(layout),
        root=str(layout.parent),
        format="png",
        ppi=72,
        sys_inputs={"data": json.dumps(data)},
        ignore_system_fonts=True,
    )

    first = pages[0]
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(first[16:20], "big"), int.from_bytes(first[20:24], "big")
    assert (width, height) == (595, 842)  # A4 at 72 pixels an inch


def test_a_folder_name_taken_by_a_link_is_refused(cli, incident, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, out / f"{incident}-letters")

    result = cli("drafts", incident, "letter", "--out", str(out))

    assert result.code == 1
    assert "is not a folder (it is a file or a link)" in result.err
    assert list(elsewhere.iterdir()) == []


def test_a_purge_removes_the_letters_and_every_address_and_phone(cli, incident, tmp_path):
    out = tmp_path / "elsewhere"
    assert cli("drafts", incident, "letter", "--out", str(out)).code == 0
    assert cli("drafts", incident, "phone-list", "--out", str(out)).code == 0
    closed = cli("close", incident, "--lessons", "Use the mailing tool.", "--despite-outstanding")
    assert closed.code == 0, closed.err

    result = cli("purge", incident, "--yes", "--json")

    assert result.code == 0, result.err
    assert list(out.iterdir()) == []
    database = b"".join(
        path.read_bytes() for path in tmp_path.glob("playbook.db*") if path.is_file()
    )
    left = [value for p in EVERYONE for value in (p.street, p.postcode, p.mobile)]
    assert [value for value in left if value.encode() in database] == []


def custom_layout(tmp_path: Path, old: str, new: str) -> Path:
    custom = tmp_path / "mine"
    custom.mkdir()
    shipped = (Path(__file__).parents[2] / "templates" / "letter.typ").read_text()
    assert old in shipped
    (custom / "letter.typ").write_text(shipped.replace(old, new))
    configure(tmp_path, f'templates_dir = "{custom}"')
    return custom / "letter.typ"


def test_a_layout_that_does_not_mark_each_letter_is_refused_and_nothing_is_written(
    cli, incident, tmp_path
):
    custom_layout(tmp_path, "heading(bookmarked: true", "heading(bookmarked: false")

    result = cli("drafts", incident, "letter", "--out", str(tmp_path / "out"))

    assert result.code == 1
    assert "must start each letter on a new page with its bookmark" in result.err
    assert not (tmp_path / "out").exists()


def test_a_broken_layout_names_file_and_line_and_nothing_is_written(cli, incident, tmp_path):
    layout = custom_layout(tmp_path, "#let lines(values) =", "#let lines(values) = (")

    result = cli("drafts", incident, "letter", "--out", str(tmp_path / "out"))

    assert result.code == 1
    line = next(n for n, text in enumerate(layout.read_text().splitlines(), 1) if "= (" in text)
    assert f"Layout {layout}, line {line}: " in result.err and "fix the layout" in result.err
    assert not (tmp_path / "out").exists()


def test_each_letters_file_is_a_well_formed_pdf_of_its_own_pages(cli, incident, tmp_path):
    cli("drafts", incident, "letter", "--out", str(tmp_path / "out"))

    for path in letter_files(tmp_path / "out" / f"{incident}-letters"):
        reader = PdfReader(path, strict=True)  # a broken cross-reference table fails here
        assert [page.extract_text().rsplit("\n", 1)[-1] for page in reader.pages] == [
            f"{number} / {len(reader.pages)}" for number in range(1, len(reader.pages) + 1)
        ]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_run_shows_its_progress_on_a_terminal(cli, incident, tmp_path):
    from playbook.notify.letters import write_letters
    from playbook.runtime.progress import Progress

    terminal = _Terminal()
    config = load_config(tmp_path / "config.toml")
    write_letters(
        open_db(tmp_path),
        incident,
        config=config,
        zone=LONDON,
        out_dir=tmp_path / "out",
        now=FIXED_NOW,
        author="tester",
        progress=lambda label, total: Progress(label, total, terminal),
    )

    shown = terminal.getvalue()
    for line in ("Writing letters", "Typesetting letters [", "Saving letters"):
        assert line in shown
    assert f"Writing letters [{'#' * 30}] {BY_POST}/{BY_POST}" in shown

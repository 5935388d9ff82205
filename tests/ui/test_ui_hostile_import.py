"""A hostile workbook imported from the app: a warning in the app, never an abort."""

from __future__ import annotations

import struct

from textual.widgets import Input

from playbook.store.messages import load_recipients
from playbook.ui.screens.workspace import IncidentScreen
from tests.builders import Attached, build_message, write_eml, xlsx_bytes
from tests.mail.test_hostile_import import XLSX, corner_to_corner_workbook


async def test_a_corner_to_corner_workbook_imports_with_a_warning(make_app, survey, db, tmp_path):
    path = write_eml(
        build_message(
            sender="Office <office@council.example>",
            to=["ann@gmail.com", "bob@gmail.com"],
            subject="Members",
            body="Attached.",
            message_id="<bomb-app@council.example>",
            attachments=[Attached("members.xlsx", XLSX, corner_to_corner_workbook())],
        ),
        tmp_path / "bomb.eml",
    )
    app = make_app()
    async with app.run_test(notifications=True) as pilot:
        await app.push_screen(IncidentScreen(survey.id, step="contain"))
        await pilot.pause()
        await pilot.press("i")
        app.screen.query_one(Input).value = str(path)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()

        assert app.is_running
        [note] = [note for note in app._notifications if note.title == "Message imported"]
        assert "attachment 1 (.xlsx) sheet 1 spans 1,048,576 rows by 16,384 columns" in note.message
    assert len(load_recipients(db, survey.id)) == 2


def _unsupported_zip_workbook() -> bytes:
    """A workbook whose zip entries ask for a zip version Python cannot read (23.5)."""
    data = bytearray(xlsx_bytes({"Sheet1": (("Name", "Email"), [("Ann Abbot", "ann@x.example")])}))
    entry = data.find(b"PK\x01\x02")
    while entry >= 0:
        data[entry + 6 : entry + 8] = struct.pack("<H", 235)
        entry = data.find(b"PK\x01\x02", entry + 4)
    return bytes(data)


async def test_a_workbook_python_cannot_unzip_is_a_warning_in_plain_words(
    make_app, survey, tmp_path
):
    path = write_eml(
        build_message(
            sender="Office <office@council.example>",
            to=["contractor@repairs.example"],
            subject="List",
            body="Attached.",
            message_id="<unsupported-zip@council.example>",
            attachments=[Attached("list.xlsx", XLSX, _unsupported_zip_workbook())],
        ),
        tmp_path / "list.eml",
    )
    app = make_app()
    async with app.run_test(notifications=True) as pilot:
        await app.push_screen(IncidentScreen(survey.id, step="contain"))
        await pilot.pause()
        await pilot.press("i")
        app.screen.query_one(Input).value = str(path)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()

        [note] = [note for note in app._notifications if note.title == "Message imported"]
        assert note.message.startswith("1 recipient (1 new), 0 addresses exposed")
        assert "attachment 1 (.xlsx) is a damaged or unsupported workbook" in note.message

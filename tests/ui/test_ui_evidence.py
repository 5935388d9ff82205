"""Contain with evidence: `e` reads a trace, `R` reads the replies, `y` confirms one reply."""

from __future__ import annotations

from email.mime.text import MIMEText

from textual.widgets import Input

from playbook.store.containment import request_all_external
from playbook.store.events import list_events
from playbook.store.messages import load_recipients
from playbook.ui.dialogs.confirm import ConfirmDialog
from playbook.ui.dialogs.path import PathDialog
from playbook.ui.widgets.recipient_table import RecipientTable
from tests.conftest import FIXED_NOW
from tests.evidence.conftest import csv_text

ANN = "ann.archer@gmail.com"
DAN = "dan.d@yahoo.com"


def recipient(db, incident_id: str, address: str):
    return next(r for r in load_recipients(db, incident_id) if r.address == address)


def write_reply(folder, sender: str, body: str, **headers) -> None:
    message = MIMEText(body)
    message["From"] = sender
    message["To"] = "housing@council.example.gov.uk"
    message["Subject"] = "Re: Please delete the email we sent you in error"
    message["Date"] = "Sun, 25 Oct 2026 10:00:00 +0000"
    message["Message-ID"] = f"<{sender.split('@')[0]}-reply@mail.example>"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    folder.mkdir(exist_ok=True)
    (folder / f"{sender.split('@')[0]}.eml").write_bytes(message.as_bytes())


async def type_path(pilot, app, path) -> None:
    assert isinstance(app.screen, PathDialog)
    app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")
    await pilot.pause()


async def test_replies_are_read_shown_and_one_is_confirmed_with_one_key(
    make_app, imported, db, tmp_path
):
    request_all_external(db, imported.id, author="Test Responder", now=FIXED_NOW)
    answers = tmp_path / "answers"
    write_reply(answers, ANN, "Deleted it, and emptied my deleted items.\nAnn\n")
    write_reply(answers, DAN, "I am away until Friday.\n", Auto_Submitted="auto-replied")
    app = make_app(open_incident=imported.id)
    async with app.run_test() as pilot:
        await pilot.press("tab", "R")
        await type_path(pilot, app, answers)
        assert recipient(db, imported.id, ANN).status == "acknowledged"
        assert recipient(db, imported.id, DAN).status == "requested"
        table = app.screen.query_one(RecipientTable)
        rows = {table.row_key(row): table.row_cells(row) for row in table.all_rows}
        assert rows[ANN][-1] == "replied" and rows[DAN][-1] == "auto"
        table.move_cursor(row=[table.row_key(row) for row in table.all_rows].index(ANN))
        await pilot.pause()
        assert "Deleted it, and emptied my deleted items." in str(
            app.screen.query_one("#recipient-detail").render()
        )
        await pilot.press("y")
        await pilot.pause()
        ann = recipient(db, imported.id, ANN)
        assert (ann.status, ann.how) == ("confirmed", "email")
        assert ann.evidence.startswith("Reply of 2026-10-25 10:00 UTC: Deleted it")
        await pilot.press("Y")  # nobody else acknowledged: nothing to confirm
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)


async def test_e_reads_a_trace_and_the_detail_shows_the_delivery(make_app, imported, db, tmp_path):
    trace = tmp_path / "trace.csv"
    trace.write_bytes(
        csv_text(
            ["Received", "SenderAddress", "RecipientAddress", "Subject", "Status", "MessageId"],
            [
                [
                    "25/10/2026 09:00",
                    "housing@council.example.gov.uk",
                    DAN,
                    "Tenant survey 2026",
                    "Failed",
                    "<survey-2026@council.example.gov.uk>",
                ],
            ],
        )
    )
    app = make_app(open_incident=imported.id)
    async with app.run_test() as pilot:
        await pilot.press("e")
        await type_path(pilot, app, trace)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert recipient(db, imported.id, DAN).delivery == "failed"
        assert list_events(db, imported.id)[-1].kind in ("delivery.evidence", "fact.set")
        table = app.screen.query_one(RecipientTable)
        table.focus()
        table.move_cursor(row=[table.row_key(row) for row in table.all_rows].index(DAN))
        await pilot.pause()
        assert "delivery failed" in str(app.screen.query_one("#recipient-detail").render())

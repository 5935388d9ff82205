"""Step 1, Contain: the checklist and the recipients, driven by keys; events are asserted."""

from __future__ import annotations

from email.message import EmailMessage

from textual.widgets import TextArea

from playbook.config import Config
from playbook.intake.importing import import_file
from playbook.store.events import list_events
from playbook.store.facts import load_facts
from playbook.store.messages import load_recipients
from playbook.ui.dialogs.choice import ChoiceDialog
from playbook.ui.dialogs.confirm import ConfirmDialog
from playbook.ui.dialogs.text import TextDialog
from playbook.ui.screens.workspace import IncidentScreen
from playbook.ui.steps.contain import READ_AT_ONCE, ContainStep
from playbook.ui.widgets.checklist import Checklist
from playbook.ui.widgets.recipient_table import RecipientTable
from tests.conftest import FIXED_NOW


def last_event(db, incident_id: str, kind: str):
    return [event for event in list_events(db, incident_id) if event.kind == kind][-1]


def addresses(table: RecipientTable) -> list[str]:
    return [table.row_key(row) for row in table.all_rows]


def statuses(db, incident_id: str) -> dict[str, str]:
    return {recipient.address: recipient.status for recipient in load_recipients(db, incident_id)}


async def test_contain_opens_with_the_checklist_and_the_recipients(make_app, imported):
    app = make_app(open_incident=imported.id)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, IncidentScreen)
        checklist = app.screen.query_one(Checklist)
        assert [item.key for item in checklist.items] == [
            "recall",
            "purge",
            "deletion_requests",
            "phone",
            "forwards",
            "police",
            "assess",
        ]
        assert app.focused is checklist
        table = app.screen.query_one(RecipientTable)
        assert table.total_rows == 6
        counts = str(app.screen.query_one("#recipient-counts").render())
        assert counts.startswith("6 recipients · 6 not contacted")


async def test_checklist_items_are_marked_done_and_not_applicable(make_app, imported, db):
    app = make_app(open_incident=imported.id)
    async with app.run_test() as pilot:
        await pilot.press("d")
        await pilot.pause()
        done = list_events(db, imported.id)[-1]
        assert (done.kind, done.data["key"], done.data["state"]) == (
            "checklist.item",
            "recall",
            "done",
        )
        assert app.screen.query_one(Checklist).items[0].state == "done"
        await pilot.press("down", "x")
        assert isinstance(app.screen, TextDialog)
        app.screen.query_one(TextArea).insert("Purge not needed: the one internal copy was ours")
        await pilot.press("ctrl+s")
        await pilot.pause()
        marked = list_events(db, imported.id)[-1]
        assert (marked.data["key"], marked.data["state"]) == ("purge", "not_applicable")
        await pilot.press("up", "d")  # a marked item reopens
        await pilot.pause()
        assert list_events(db, imported.id)[-1].data["state"] == "open"


async def test_bulk_request_then_a_confirmation_with_evidence(make_app, imported, db):
    app = make_app(open_incident=imported.id)
    async with app.run_test() as pilot:
        await pilot.press("tab", "b")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await pilot.pause()
        after = statuses(db, imported.id)
        assert sorted(after.values()) == ["not_contacted"] * 2 + ["requested"] * 4
        assert last_event(db, imported.id, "recipients.requested").data["count"] == 4
        table = app.screen.query_one(RecipientTable)
        first_cells = table.row_cells(table.all_rows[0])
        assert first_cells[4] == "requested"
        assert first_cells[5] == "email 16:00"  # the 4-hour email chase, local time
        assert app.focused is table
        table.move_cursor(row=addresses(table).index("ann.archer@gmail.com"))
        await pilot.press("s")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("down", "enter")  # acknowledged, then confirmed
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)  # how was it confirmed?
        await pilot.press("enter")  # by email
        await pilot.pause()
        app.screen.query_one(TextArea).insert("Deleted from inbox and deleted items")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert statuses(db, imported.id)["ann.archer@gmail.com"] == "confirmed"
        event = last_event(db, imported.id, "recipient.status")
        assert (event.data["status"], event.data["how"]) == ("confirmed", "email")
        assert event.personal["note"] == "Deleted from inbox and deleted items"
        assert load_facts(db, imported.id)["deletion"].value == "partial"


async def test_trust_and_filter(make_app, imported, db):
    app = make_app(open_incident=imported.id)
    async with app.run_test() as pilot:
        await pilot.press("tab", "slash", *"cole", "enter")
        table = app.screen.query_one(RecipientTable)
        assert addresses(table) == ["cara@cole-lettings.co.uk"]
        await pilot.press("slash", "escape")  # escape empties and closes the filter, no more
        await pilot.pause()
        assert isinstance(app.screen, IncidentScreen) and app.focused is table
        assert len(addresses(table)) > 1
        await pilot.press("slash", *"cole", "enter", "t")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("up", "up", "enter")  # from unknown up to trusted
        await pilot.pause()
        trust = {r.address: r.trust for r in load_recipients(db, imported.id)}
        assert trust["cara@cole-lettings.co.uk"] == "trusted"
        assert last_event(db, imported.id, "recipient.trust").data["trust"] == "trusted"


async def test_a_large_incident_shows_rows_as_needed_and_every_one_can_be_reached(
    make_app, survey, db, tmp_path
):
    message = EmailMessage()
    message["From"] = "Union <office@union.example>"
    message["To"] = "office@union.example"
    message["Cc"] = ", ".join(f"holder{n:03d}@mail{n % 7}.example" for n in range(500))
    message["Subject"] = "Discount card renewal"
    message["Date"] = "Sat, 24 Oct 2026 15:30:00 +0100"
    message["Message-ID"] = "<renewal@union.example>"
    message.set_content("Dear holder,\n\nYour card is due for renewal.\n")
    sent = tmp_path / "renewal.eml"
    sent.write_bytes(bytes(message))
    import_file(db, survey.id, sent, config=Config(), author="Test Responder", now=FIXED_NOW)
    app = make_app(open_incident=survey.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(RecipientTable)
        assert table.total_rows == 501
        await pilot.press("tab", "pagedown", "pagedown")
        assert table.cursor_row > 10
        await pilot.press("end")
        assert table.cursor_row == 500
        await pilot.press("home", "slash", *"holder49", "enter")
        await pilot.pause()
        assert addresses(table) == [f"holder{n}@mail{n % 7}.example" for n in range(490, 500)]
        assert table.cursor_key() == "holder490@mail0.example"


async def test_confirming_a_recipient_keeps_the_cursor_where_it_was(make_app, imported, db):
    app = make_app(open_incident=imported.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "b", "enter")  # all external ones requested
        await pilot.pause()
        table = app.screen.query_one(RecipientTable)
        table.move_cursor(row=1)
        await pilot.pause()
        confirmed = table.cursor_key()
        await pilot.press("s", "down", "enter", "enter")  # acknowledged, confirmed, by email
        await pilot.pause()
        app.screen.query_one(TextArea).insert("Deleted from inbox and deleted items")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert statuses(db, imported.id)[confirmed] == "confirmed"
        assert table.cursor_row == 1  # not the row's new place at the bottom
        assert table.cursor_key() != confirmed


def wide_message(tmp_path, count: int):
    message = EmailMessage()
    message["From"] = "Union <office@union.example>"
    message["To"] = "office@union.example"
    message["Cc"] = ", ".join(f"holder{n:04d}@mail{n % 7}.example" for n in range(count))
    message["Subject"] = "Discount card renewal"
    message["Date"] = "Sat, 24 Oct 2026 15:30:00 +0100"
    message["Message-ID"] = "<renewal@union.example>"
    message.set_content("Dear holder,\n\nYour card is due for renewal.\n")
    sent = tmp_path / "renewal.eml"
    sent.write_bytes(bytes(message))
    return sent


async def test_a_big_incident_is_read_and_filtered_in_workers_and_the_latest_query_wins(
    make_app, survey, db, tmp_path
):
    count = READ_AT_ONCE + 500
    sent = wide_message(tmp_path, count)
    import_file(db, survey.id, sent, config=Config(), author="Test Responder", now=FIXED_NOW)
    app = make_app(open_incident=survey.id)
    async with app.run_test(size=(80, 24)) as pilot:
        step = app.screen.query_one(ContainStep)
        counts = step.query_one("#recipient-counts")
        assert {worker.group for worker in app.workers} & {"contain-read", "recipient-filter"}
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = step.query_one(RecipientTable)
        assert table.total_rows == count + 1
        assert "2,501 recipients" in str(counts.render())
        await pilot.press("tab", "slash", *"holder12", "3")  # typed without waiting
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert addresses(table) == [f"holder{n}@mail{n % 7}.example" for n in range(1230, 1240)]
        assert "showing 10" in str(counts.render())
        stale = list(step.view.ordered)
        step._filtered(step.view, "holder12", stale, None, 0)  # an older query answers late
        assert table.total_rows == 10

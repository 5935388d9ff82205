"""The call list: whom to phone (a phone number, and neither an email nor a usable address).

A CSV for a call centre and a readable Markdown file with the call script, rendered from
`phone_script.txt.j2`; the script names nobody (the letter gate checks it as a letter to no
one). Both go into one folder per incident (`ID-phone-list`), each file renamed into place.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from sqlite_utils import Database

from playbook.config import Config
from playbook.domain.drafting import (
    apology_what_happened,
    day_text,
    measures_taken,
)
from playbook.domain.errors import Refused
from playbook.domain.exposure import describe_items
from playbook.domain.incident import Person
from playbook.domain.letters import Letter, LetterAudience, phone_digits, reach_of
from playbook.domain.text import visible
from playbook.notify.drafts import DraftContext, first_sent, load_context, template_in
from playbook.notify.letters import cell
from playbook.notify.outbox import make_folder, remove_abandoned, write_if_changed
from playbook.render.environment import Renderer
from playbook.render.languages import join_languages
from playbook.store.database import transaction
from playbook.store.events import append_event

TEMPLATE = "phone_script.txt.j2"
CSV_NAME = "phone-list.csv"
TEXT_NAME = "phone-list.md"


@dataclass(frozen=True)
class WrittenPhoneList:
    """The call list written: its folder and files, how many to call, and who is left."""

    folder: Path
    csv: Path
    text: Path
    count: int
    unreachable: tuple[Person, ...]


def write_phone_list(
    db: Database,
    incident_id: str,
    *,
    config: Config,
    zone: tzinfo,
    out_dir: Path,
    now: datetime,
    author: str,
    renderer: Renderer | None = None,
) -> WrittenPhoneList:
    """Write the call list and its script for the people only a call can reach, and log it."""
    context = load_context(db, incident_id, config, zone)
    if not context.notice_plan.apologies_allowed:
        raise Refused(context.notice_plan.sentence)
    reach = reach_of(context.people)
    if not reach.by_phone:
        raise Refused(
            f"Nobody in {context.incident.id} is to be phoned: everyone without an email either "
            f"has a usable postal address or no phone number ({len(reach.unreachable)} have "
            "neither); nothing was written."
        )
    script = call_script(context, renderer or Renderer(config, zone), config.address)
    folder = out_dir / f"{context.incident.id}-phone-list"
    make_folder(folder)
    remove_abandoned(folder)
    write_if_changed(folder / CSV_NAME, call_list_csv(reach.by_phone))
    write_if_changed(folder / TEXT_NAME, call_list_text(script, reach.by_phone).encode())
    with transaction(db):
        append_event(
            db,
            context.incident.id,
            "drafts.written",
            author=author,
            at=now,
            data={
                "template": "phone_list",
                "format": "csv+md",
                "count": len(reach.by_phone),
                "unreachable": len(reach.unreachable),
                "written_to": folder.name,
            },
            personal={
                "people": [person.key for person in reach.by_phone],
                "folder": str(out_dir.resolve()),  # so that a purge finds it
            },
        )
    return WrittenPhoneList(
        folder, folder / CSV_NAME, folder / TEXT_NAME, len(reach.by_phone), reach.unreachable
    )


def call_script(context: DraftContext, renderer: Renderer, address: str) -> str:
    """The script rendered for the incident, in each of the context's languages (Welsh first);
    refused when it would name anyone but `address`, the organisation's, and its contact."""
    texts = []
    for language in context.languages:
        template = template_in(TEMPLATE, language, renderer)
        when = day_text(first_sent(context), context.local_zone, language=language)
        values = {
            "incident": context.incident,
            "organisation": context.contact.organisation,
            "contact": context.contact,
            "signed_by": context.signed_by or context.contact.organisation,
            "what_happened": apology_what_happened(when, (), language=language),
            "measures": measures_taken(
                context.recipients, ico_told=context.ico_told, language=language
            ),
        }
        texts.append(template.render(values))
    text = visible(join_languages(texts), lines=True)
    contact = context.contact
    public = (contact.email, contact.name, contact.phone, contact.organisation, address)
    audience = LetterAudience(
        context.people, [(r.address, r.name) for r in context.recipients], public
    )
    if audience.strangers_in(Letter(key="", name="", address=(), texts=(text,))):
        raise Refused(
            f"The call script would name someone affected or a recipient (in "
            f"{TEMPLATE} or a twin of it in another language); nothing was written. Reword it "
            "and try again."
        )
    return text


def call_list_csv(people: Sequence[Person]) -> bytes:
    """One row per person to call: the name, the number as written and as dialled (a
    spreadsheet's dropped 0 put back, +44 as 0), and what of theirs was involved."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(["number", "name", "phone", "dial", "their_data"])
    for number, person in enumerate(people, start=1):
        writer.writerow(
            [
                number,
                cell(visible(person.name)),
                cell(visible(person.phone)),
                phone_digits(person.phone),
                describe_items(person.data_items),
            ]
        )
    return text.getvalue().encode("utf-8-sig")


def call_list_text(script: str, people: Sequence[Person]) -> str:
    """The readable call list: the script, then each person to call."""
    lines = [script.rstrip("\n"), "", f"People to call ({len(people)})", ""]
    for number, person in enumerate(people, start=1):
        written, dial = visible(person.phone), phone_digits(person.phone)
        lines.append(
            f"{number}. {visible(person.name) or 'Name not known'}: {written} "
            + (f"(dial {dial}) " if dial != "".join(filter(str.isdigit, written)) else "")
            + f"({describe_items(person.data_items)})"
        )
    return "\n".join(lines) + "\n"

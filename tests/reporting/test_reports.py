"""The report templates, rendered for a fixed incident and compared with reviewed files.

Set PLAYBOOK_UPDATE_EXPECTED=1 to rewrite the expected files after a reviewed change.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from playbook.config import Config
from playbook.domain.breach_log import build_breach_log
from playbook.domain.clock import zone
from playbook.domain.labels import EXEMPTION_LABELS, OUTCOME_LABELS
from playbook.domain.reporting import (
    IncidentRecord,
    build_ico_form,
    register_authority,
    register_outcome,
    register_row,
)
from playbook.render.environment import Renderer
from tests.reporting.report_fixture import EVENTS, INCIDENT, NOW, ORGANISATION, RECIPIENTS, RECORD

EXPECTED = Path(__file__).parent / "expected"
LONDON = zone("Europe/London")


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(Config(), LONDON)


def matches_expected(name: str, text: str) -> None:
    path = EXPECTED / name
    if os.environ.get("PLAYBOOK_UPDATE_EXPECTED"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from the reviewed file"


def ico_form(record: IncidentRecord = RECORD):
    return build_ico_form(record, ORGANISATION, now=NOW, local_zone=LONDON)


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_ico_report(renderer: Renderer, fmt: str) -> None:
    matches_expected(f"ico_report.{fmt}", renderer.render(f"ico_report.{fmt}.j2", form=ico_form()))


def test_ico_form_json_has_every_field_in_form_order() -> None:
    fields = list(ico_form().as_dict())
    assert fields[:4] == ["incident_id", "phase", "reference", "why_reporting"]
    assert fields.index("data_categories") < fields.index("records") < fields.index("data_subjects")
    assert fields.index("late_reason") < fields.index("staff_trained") < fields.index("containment")
    json.dumps(ico_form().as_dict())  # plain values only


def test_breach_log(renderer: Renderer) -> None:
    form = ico_form()
    log = build_breach_log(RECORD, form, EVENTS)
    text = renderer.render(
        "breach_log.md.j2",
        incident=INCIDENT,
        log=log,
        recipients=list(RECIPIENTS[:3]),
        checklist=list(RECORD.checklist),
        assessments=list(RECORD.assessments),
        outcome_labels=OUTCOME_LABELS,
        exemption_labels=EXEMPTION_LABELS,
    )
    matches_expected("breach_log.md", text)


def test_register(renderer: Renderer) -> None:
    closed = IncidentRecord(
        incident=replace(
            INCIDENT, id="PB-2026-0006", title="Staff list to a contractor", status="closed"
        ),
        facts={},
        assessments=(),
        decisions=(),
    )
    rows = [register_row(record, now=NOW, local_zone=LONDON) for record in (RECORD, closed)]
    text = renderer.render(
        "register.md.j2",
        rows=rows,
        outcomes={row.id: register_outcome(row, OUTCOME_LABELS) for row in rows},
        authority=register_authority(["uk_gdpr", "dpa2018_part3"]),
    )
    matches_expected("register.md", text)


def test_the_ico_report_names_no_recipient(renderer: Renderer) -> None:
    text = renderer.render("ico_report.md.j2", form=ico_form())
    assert "@mail.example" not in text
    assert "Resident Number" not in text


def test_the_ico_pack_counts_who_was_told_how_and_who_was_not(renderer: Renderer) -> None:
    from playbook.domain.notices import NoticeRecord, summarise
    from playbook.domain.vocabulary import NoticeState

    latest = [
        *(NoticeRecord(f"p{n}@mail.example", NoticeState.EMAILED) for n in range(400)),
        *(NoticeRecord(f"letter{n}", NoticeState.POSTED) for n in range(14)),
        NoticeRecord("r1@mail.example", NoticeState.NOT_REACHABLE, "two calls, no answer"),
        NoticeRecord("r2@mail.example", NoticeState.NOT_TOLD, "already aware: reported it"),
    ]
    record = replace(RECORD, notices=summarise(latest, people=418))
    text = renderer.render("ico_report.md.j2", form=ico_form(record))
    assert (
        "**Have you told the data subjects?** Told 414 of 418 people: 400 by email, 14 by "
        "letter; 1 not reachable; 1 not told (reason: already aware: reported it); "
        "2 not yet recorded." in text
    )
    assert "@mail.example" not in text and "letter0" not in text
    # Without any record the answer is the decision's, as before (the reviewed files).
    assert ico_form(replace(RECORD, notices=summarise([], people=418))).subjects_told == (
        ico_form().subjects_told
    )

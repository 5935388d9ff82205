"""`playbook export ID --format edpb`: the EDPB's draft breach-notification template, the fields
playbook knows filled, the rest listed under `not_yet_known`, checked against the template's
JSON Schema (playbook/data/edpb_breach_notification.schema.json)."""

from __future__ import annotations

import json
from datetime import datetime
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

CONFIG = """\
organisation = "Example Health Board"
address = "1 Clinic Road, Exampleton EX1 1AA"
responder = "Information Governance"
supervisory_authority = "Data Protection Commission (Ireland)"

[dpo]
name = "Dana Officer"
email = "dpo@health.example"
"""


def _schema() -> dict:
    text = resources.files("playbook.data").joinpath("edpb_breach_notification.schema.json")
    return json.loads(text.read_text(encoding="utf-8"))


@pytest.fixture
def exported(cli, tmp_path) -> dict:
    (tmp_path / "config.toml").write_text(CONFIG, encoding="utf-8")
    opened = cli(
        "new",
        "--title",
        "Clinic letter list sent to a patient group",
        "--regime",
        "eu_gdpr",
        "--occurred",
        "2026-10-20 09:00",
        "--aware",
        "2026-10-20 16:00",
        "--json",
    )
    assert opened.code == 0, opened.err
    incident_id = opened.json()["id"]
    facts = (
        "people=12",
        "records=30",
        "categories=basic_identifiers,health",
        "subjects=patients,children",
        "encrypted=no",
        "malicious=no",
        "consequences=distress,discrimination",
    )
    assert cli("assess", incident_id, "--set", *facts, "--by", "Dana").code == 0
    late = "The clinic told the DPO after the weekend."
    for extra in ((), ("--phase", "follow-up", "--reference", "DPC-2026-0042")):
        decided = cli(
            "decide", incident_id, "ico", "yes", "--why", "Health data.", "--by", "Dana",
            "--late-reason", late, *extra,
        )  # fmt: skip
        assert decided.code == 0, decided.err
    result = cli("export", incident_id, "--format", "edpb")
    assert result.code == 0, result.err
    return {"id": incident_id, **result.json()}


def test_the_fields_playbook_knows_are_filled(exported) -> None:
    assert exported["field_3"] == "b"  # a follow-up notification
    assert exported["field_6"] == "DPC-2026-0042"
    assert exported["field_7"] == exported["id"]
    assert exported["field_12"] == "Example Health Board"
    assert exported["field_13"] == "1 Clinic Road, Exampleton EX1 1AA"
    assert exported["field_21"] == "Information Governance"
    assert (exported["field_30"], exported["field_31"]) == ("Dana Officer", "dpo@health.example")
    assert exported["field_114"] == "Data Protection Commission (Ireland)"
    # When: occurred (BST, so 08:00 UTC), awareness, late reasons, and the timeline.
    assert exported["field_44"] == "a"
    assert datetime.fromisoformat(exported["field_46"]).isoformat() == "2026-10-20T08:00:00+00:00"
    assert datetime.fromisoformat(exported["field_48"]).isoformat() == "2026-10-20T15:00:00+00:00"
    assert exported["field_49"] == "The clinic told the DPO after the weekend."
    assert "aware 2026-10-20 16:00 BST; 72 hours end 2026-10-23 16:00 BST" in exported["field_53"]
    assert "notified the Data Protection Commission (Ireland) 2026-10-25" in exported["field_53"]
    # Nature, people, data, consequences and risk.
    assert (exported["field_55"], exported["field_57"], exported["field_61"]) == ("a", "c", "a")
    assert exported["field_60"] == "r"  # personal data sent by mistake
    assert exported["field_62"].startswith("Clinic letter list sent to a patient group.")
    assert exported["field_65"] == "e"  # patients, then children in the description
    assert exported["field_66"] == "Patients and children."
    assert (exported["field_67"], exported["field_68"]) == ("a", 12)  # an exact, confirmed count
    assert (exported["field_70"], exported["field_71"]) == (
        "k",
        "Health and basic personal identifiers (name, contact details).",
    )
    assert (exported["field_72"], exported["field_73"]) == ("a", 30)
    assert exported["field_85"] == "l"  # distress: mental harm
    assert exported["field_89"] == "a"  # likely to result in a high risk
    assert "Likely consequences: Distress and discrimination." in exported["field_90"]
    assert exported["field_4"] == "b"  # incomplete: required fields are not yet known


def test_every_other_field_is_listed_as_not_yet_known_in_the_templates_order(exported) -> None:
    schema = _schema()
    every = list(schema["properties"])
    filled = [key for key in exported if key not in ("id", "not_yet_known")]
    listed = exported["not_yet_known"]

    assert sorted(filled + listed, key=every.index) == every
    assert not set(filled) & set(listed)
    assert listed == sorted(listed, key=every.index)
    # Whether and how the people were told waits for the per-person notice states.
    assert {"field_97", "field_98", "field_102", "field_104"} <= set(listed)
    assert {"field_14", "field_63", "field_75", "field_87"} <= set(listed)
    assert set(schema["required"]) <= set(filled) | set(listed)


def test_the_filled_fields_meet_the_templates_schema(exported) -> None:
    schema = _schema()
    notification = {
        key: value for key, value in exported.items() if key not in ("id", "not_yet_known")
    }
    partial = {**schema, "required": []}  # the fields not yet known are listed, not sent

    jsonschema.Draft202012Validator(partial).validate(notification)
    for key, value in notification.items():
        if schema["properties"][key].get("format") == "date-time":
            assert datetime.fromisoformat(value).tzinfo is not None


def test_the_schema_catches_what_is_wrong(exported) -> None:
    validator = jsonschema.Draft202012Validator({**_schema(), "required": []})
    assert not validator.is_valid({"field_55": "confidentiality"})
    assert not validator.is_valid({"field_68": "twelve"})
    assert not validator.is_valid({"not_yet_known": []})  # no fields beyond the template's


def test_a_new_incident_is_mostly_not_yet_known(cli) -> None:
    opened = cli("new", "--title", "Email to the wrong person", "--aware", "1 hour ago", "--json")
    incident_id = opened.json()["id"]

    exported = cli("export", incident_id, "--format", "edpb").json()

    assert exported["field_3"] == "a" and exported["field_4"] == "b"
    assert "field_68" in exported["not_yet_known"] and "field_12" in exported["not_yet_known"]
    assert exported["field_60"] == "r" and exported["field_55"] == "a"


EXAMPLE = Path(__file__).parents[2] / "examples" / "tenant_survey_cc.eml"


@pytest.fixture
def survey(cli) -> str:
    """The tenant survey of the examples: 40 tenants in Cc."""
    opened = cli("new", "--title", "Tenant survey in Cc", "--from", str(EXAMPLE), "--json")
    assert opened.code == 0, opened.err
    return opened.json()["id"]


def test_the_people_told_come_from_their_notice_records(cli, survey) -> None:
    people = cli("notice", survey, "--list", "--json").json()["people"]
    first, *rest = people
    told = cli("notice", survey, first["key"], "not_told", "--reason", "Moved away", "--by", "Dana")
    assert told.code == 0, told.err
    assert cli("notice", survey, "--all-not-recorded", "emailed", "--by", "Dana").code == 0

    exported = cli("export", survey, "--format", "edpb").json()

    assert (exported["field_97"], exported["field_104"]) == ("a", "a")  # yes, individually
    assert exported["field_98"] == "2026-10-25"
    assert exported["field_102"] == "b"  # not all of them
    assert exported["field_103"] == (
        f"Told {len(rest)} of {len(people)} people: {len(rest)} by email; "
        "1 not told (reason: Moved away)."
    )
    assert "field_97" not in exported["not_yet_known"]


def test_a_decision_not_to_tell_them_gives_its_art_34_3_ground(cli, survey) -> None:
    decided = cli(
        "decide", survey, "individuals", "no", "--exemption", "b", "--by", "Dana",
        "--why", "Every recipient confirmed deletion by phone.",
    )  # fmt: skip
    assert decided.code == 0, decided.err

    exported = cli("export", survey, "--format", "edpb").json()

    assert (exported["field_97"], exported["field_100"]) == ("e", "b")
    assert exported["field_101"] == "Every recipient confirmed deletion by phone."
    assert {"field_98", "field_102", "field_104"} <= set(exported["not_yet_known"])


def test_a_notification_that_would_name_one_of_the_people_is_refused(cli, survey) -> None:
    decided = cli(
        "decide", survey, "individuals", "no", "--exemption", "b", "--by", "Dana",
        "--why", "Alex Abbot confirmed deletion.",
    )  # fmt: skip
    assert decided.code == 0, decided.err

    refused = cli("export", survey, "--format", "edpb")

    assert refused.code == 1 and refused.out == ""
    assert "would show 1 name or address of people the message was about" in refused.err
    assert "Alex" not in refused.err

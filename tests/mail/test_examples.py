"""The shipped examples: up to date with their script, importable, and what the demo is made of."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from playbook import paths
from playbook.config import load_config
from playbook.domain.letters import reach_of
from playbook.intake.demo import seed_demo
from playbook.store.messages import exposure_summary, load_people
from playbook.store.people import linked_people
from tests.conftest import FIXED_NOW

EXAMPLES = paths.shipped_dir("examples")


def load_script():
    spec = importlib.util.spec_from_file_location("make_examples", EXAMPLES / "make_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_examples_are_what_the_script_writes(tmp_path: Path):
    written = load_script().write_examples(tmp_path)

    assert [path.name for path in written] == [
        "tenant_survey_cc.eml",
        "discount_card_spreadsheet.eml",
    ]
    for path in written:
        assert path.read_bytes() == (EXAMPLES / path.name).read_bytes(), path.name


def test_the_sample_config_is_valid():
    config = load_config(EXAMPLES / "config.toml")

    assert config.internal_domains == ["council.example", "housing.council.example"]
    assert config.dpo.email == "dpo@council.example"


def test_the_demo_is_imported_from_the_examples(db):
    survey, spreadsheet = seed_demo(db, now=FIXED_NOW, config=load_config(EXAMPLES / "config.toml"))

    in_cc = exposure_summary(db, survey.id)
    assert (in_cc.recipients, in_cc.exposed_addresses, in_cc.people) == (45, 40, 40)
    attached = exposure_summary(db, spreadsheet.id)
    assert (attached.exposed_addresses, attached.people, attached.records) == (0, 130, 130)
    # the 120 card holders in Bcc are recipients of the same name: all can be emailed; the ten
    # who signed up on paper are reached by post (six) or phone (four)
    assert linked_people(db, spreadsheet.id) == 120
    reach = reach_of(load_people(db, spreadsheet.id))
    assert (len(reach.by_letter), len(reach.by_phone), len(reach.unreachable)) == (6, 4, 0)
    assert reach.by_letter[0].postal_address == "121 Oak Road\nExampleton\nEX4 3AB"
    assert reach.by_phone[0].phone == "07700000126"

"""The app under test: a real database file, the fixed clock, a real renderer, a fixed size."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest

from playbook.config import Config, DpoConfig, DraftsConfig
from playbook.intake.importing import import_file
from playbook.render.environment import Renderer
from playbook.store.incidents import create_incident
from playbook.ui.app import PlaybookApp
from tests.conftest import FIXED_NOW, LONDON

AUTHOR = "Test Responder"


@pytest.fixture
def make_app(db):
    """Build the app on the test database at FIXED_NOW; keyword arguments go to PlaybookApp."""

    def make(config: Config | None = None, **options) -> PlaybookApp:
        config = config or Config()
        return PlaybookApp(
            db,
            config=config,
            now=lambda: FIXED_NOW,
            author=AUTHOR,
            renderer=Renderer(config, LONDON),
            **options,
        )

    return make


@pytest.fixture
def survey(db):
    """An open incident, aware 20 hours ago (52 hours left)."""
    return create_incident(
        db,
        title="Tenant survey sent with every address in Cc",
        aware_at=FIXED_NOW - timedelta(hours=20),
        now=FIXED_NOW,
        author=AUTHOR,
    )


@pytest.fixture
def late(db):
    """An open incident past its 72 hours."""
    return create_incident(
        db,
        title="Discount-card spreadsheet sent to every holder",
        aware_at=FIXED_NOW - timedelta(hours=75, minutes=30),
        now=FIXED_NOW,
        author=AUTHOR,
    )


def write_sent_message(folder: Path) -> Path:
    """A sent copy shaped like the tenant survey: addresses in Cc, a spreadsheet of tenants."""
    message = EmailMessage()
    message["From"] = "Housing Team <housing@council.example.gov.uk>"
    message["To"] = "housing@council.example.gov.uk"
    message["Cc"] = ", ".join(
        [
            "Ann Archer <ann.archer@gmail.com>",
            "bob.baker@hotmail.co.uk",
            "Cara Cole <cara@cole-lettings.co.uk>",
            "dan.d@yahoo.com",
            "Eve Evans <eve.evans@council.example.gov.uk>",
        ]
    )
    message["Subject"] = "Tenant survey 2026"
    message["Date"] = "Sat, 24 Oct 2026 15:30:00 +0100"
    message["Message-ID"] = "<survey-2026@council.example.gov.uk>"
    message.set_content("Dear tenant,\n\nPlease fill in the attached survey.\n\nHousing Team\n")
    rows = ["name,date_of_birth,mobile,postcode"] + [
        f"Tenant {number},0{number % 9 + 1}/03/1980,07700 900{number:03d},AB1 2CD"
        for number in range(1, 13)
    ]
    message.add_attachment(
        ("\n".join(rows) + "\n").encode(),
        maintype="text",
        subtype="csv",
        filename="tenants.csv",
    )
    path = folder / "survey.eml"
    path.write_bytes(bytes(message))
    return path


@pytest.fixture
def sent_message(tmp_path) -> Path:
    """The survey's sent copy as an .eml file."""
    return write_sent_message(tmp_path)


@pytest.fixture
def imported(db, survey, sent_message):
    """The survey incident with its sent message imported."""
    import_file(db, survey.id, sent_message, config=Config(), author=AUTHOR, now=FIXED_NOW)
    return survey


@pytest.fixture
def drafting_config(tmp_path) -> Config:
    """A config that names the organisation, the contact point and the sender, as drafts need."""
    return Config(
        organisation="Example Borough Council",
        responder="Information Governance Team",
        dpo=DpoConfig(
            name="Data Protection Officer", email="dpo@council.example", phone="01632 960000"
        ),
        drafts=DraftsConfig(from_address="information.governance@council.example"),
        outbox_dir=str(tmp_path / "outbox"),
    )


@pytest.fixture
def long_values(db, tmp_path):
    """An incident whose title, addresses and facts are longer than any column: what a
    responder meets in a real mailbox."""
    incident = create_incident(
        db,
        title="Quarterly safeguarding review sent to the whole parents' distribution list "
        "instead of the designated safeguarding leads of the three partner schools",
        aware_at=FIXED_NOW - timedelta(hours=70),
        now=FIXED_NOW,
        author=AUTHOR,
    )
    message = EmailMessage()
    message["From"] = "Safeguarding <designated.safeguarding.lead@riverside-academy-trust.example>"
    message["To"] = "parents-and-carers-distribution-list@riverside-academy-trust.example"
    message["Cc"] = ", ".join(
        [
            "Alexandra Montgomery-Fitzwilliam <alexandra.montgomery-fitzwilliam@"
            "countyhealthpartnership.nhs.example>",
            "b.o'connor-whitfield.family.account.2019@personal-mail-provider.example",
            "carer.c@short.example",
        ]
    )
    message["Subject"] = "Safeguarding review: pupils on the watch list (do not forward)"
    message["Date"] = "Sat, 21 Nov 2026 08:30:00 +0000"
    message["Message-ID"] = "<review@riverside-academy-trust.example>"
    message.set_content("Dear colleagues,\n\nThe review is attached.\n")
    sent = tmp_path / "review.eml"
    sent.write_bytes(bytes(message))
    import_file(db, incident.id, sent, config=Config(), author=AUTHOR, now=FIXED_NOW)
    from playbook.assessing.facts import record_facts

    record_facts(
        db,
        incident.id,
        {
            "categories": ["basic_identifiers", "health", "criminal", "other"],
            "subjects": ["children", "vulnerable_adults", "students"],
        },
        source="confirmed",
        author="Designated Safeguarding Lead and Data Protection Officer",
        at=FIXED_NOW,
    )
    return incident

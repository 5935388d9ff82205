"""Open an incident with the sent messages it starts from: all of it, or nothing.

Every file is read (and refused if it is not a message) before anything is written; then the
incident and each import are written in one transaction. When no time of the mistake is given,
it is when the first message was sent, so the report never dates the breach to the day the
incident was opened.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from playbook.config import Config
from playbook.domain.incident import Incident
from playbook.intake.importing import ImportReport, read_for_import, write_import
from playbook.runtime.progress import ProgressBar
from playbook.store.database import transaction
from playbook.store.incidents import create_incident


@dataclass(frozen=True)
class NewIncident:
    """What a person says about a new incident."""

    title: str
    aware_at: datetime
    discovered_at: datetime | None = None
    occurred_at: datetime | None = None
    reporter: str = ""
    regime: str = "uk_gdpr"


@dataclass(frozen=True)
class OpenedIncident:
    """The incident as opened, and what each of its files imported."""

    incident: Incident
    imports: tuple[ImportReport, ...]


def open_incident(
    db: Database,
    request: NewIncident,
    files: Sequence[Path] = (),
    *,
    config: Config,
    author: str,
    now: datetime,
    progress_for: Callable[[Path], ProgressBar | None] | None = None,
) -> OpenedIncident:
    """Open the incident and import `files` into it; a refused file leaves nothing behind."""
    parsed = [read_for_import(path, config=config) for path in files]
    occurred_at = request.occurred_at
    if occurred_at is None:
        sent = [message.sent_at for message in parsed if message.sent_at]
        occurred_at = min(sent) if sent else None
    reports = []
    with transaction(db):
        incident = create_incident(
            db,
            title=request.title,
            aware_at=request.aware_at,
            discovered_at=request.discovered_at,
            occurred_at=occurred_at,
            reporter=request.reporter,
            regime=request.regime,
            now=now,
            author=author,
        )
        for path, message in zip(files, parsed, strict=True):
            progress = progress_for(path) if progress_for else None
            reports.append(
                write_import(
                    db,
                    incident.id,
                    message,
                    config=config,
                    author=author,
                    now=now,
                    progress=progress,
                )
            )
    return OpenedIncident(incident, tuple(reports))

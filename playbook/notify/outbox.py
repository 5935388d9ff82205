"""The outbox: compose each draft as an RFC 5322 message and write a batch, all or nothing.

The safety gate runs over every draft before the first byte is written. A batch is written into
a hidden folder that is renamed into place at the end (one mbox file is replaced into place), so
an interrupted run leaves nothing half-written where a person would find it.

Each message is composed by `playbook.notify.compose`. The letters and the call list write their
folders with the same pieces: `make_folder`, `write_if_changed` (through a temporary name with
the same `.partial-` mark, which `StagedFiles` can make ahead) and `remove_abandoned`.
"""

from __future__ import annotations

import hashlib
import mailbox
import os
import re
import shutil
import stat
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TypedDict

from sqlite_utils import Database

from playbook.config import Config
from playbook.domain.errors import PlaybookError, Refused
from playbook.domain.gate import GateFailure, check_drafts
from playbook.domain.labels import DRAFT_KIND_ONE
from playbook.notify.compose import Envelope, OutgoingMessage, compose, envelope_for
from playbook.notify.drafts import DraftBatch, build_drafts, load_context
from playbook.render.environment import Renderer
from playbook.runtime.progress import ProgressBar
from playbook.store.database import transaction
from playbook.store.events import append_event
from playbook.store.evidence import record_outgoing

FORMATS = ("eml", "mbox")
_PARTIAL = ".partial-"
# Any character but these is replaced in a file name made from a name or an address.
UNSAFE_IN_FILE_NAME = re.compile(r"[^A-Za-z0-9._@+-]")


class Writing(TypedDict):
    """What every writer of drafts, letters or call lists is given besides the incident."""

    config: Config
    zone: tzinfo
    out_dir: Path
    now: datetime
    author: str


class GateRefused(Refused):
    """The safety gate stopped the batch; nothing was written. `failures` says who and why."""

    def __init__(self, failures: list[GateFailure], total: int) -> None:
        super().__init__(
            f"{len(failures)} of {total} drafts failed the safety gate, so nothing was written; "
            "fix the template or the data and run the command again."
        )
        self.failures = failures


def check_batch(batch: DraftBatch) -> None:
    """Run the safety gate over every draft; raise GateRefused when any fails."""
    failures = check_drafts(batch.drafts, batch.audience, batch.context.contact)
    if failures:
        raise GateRefused(failures, len(batch.drafts))


def compose_batch(
    batch: DraftBatch, envelope: Envelope, progress: Callable[[], None] | None = None
) -> list[OutgoingMessage]:
    """Check every draft, then compose them all; nothing is composed when any draft fails."""
    check_batch(batch)
    messages = []
    for draft in batch.drafts:
        messages.append(compose(draft, envelope))
        if progress:
            progress()
    return messages


def batch_sha256(messages: Sequence[OutgoingMessage]) -> str:
    """One digest over every message of a batch, in order: what the timeline records."""
    digest = hashlib.sha256()
    for message in messages:
        digest.update(hashlib.sha256(message.data).digest())
    return digest.hexdigest()


def write_messages(
    messages: Sequence[OutgoingMessage], out_dir: Path, batch_name: str, fmt: str
) -> Path:
    """Write a batch as .eml files in a new folder, or as one .mbox file; all or nothing.

    Returns the folder or file written. File names come from a sequence number and the address
    with anything but letters, digits and `._@+-` replaced, so no name can leave the folder.
    """
    if fmt not in FORMATS:
        raise Refused(f"The format must be one of {', '.join(FORMATS)}.")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        remove_abandoned(out_dir)
        if fmt == "mbox":
            return _write_mbox(messages, out_dir, batch_name)
        return _write_folder(messages, out_dir, batch_name)
    except OSError as error:
        raise PlaybookError(
            f"The drafts cannot be written to {out_dir} ({error.strerror}); nothing was written."
        ) from error


def file_name(number: int, address: str) -> str:
    """A safe, unique .eml name: the draft's number and its address, made harmless."""
    safe = UNSAFE_IN_FILE_NAME.sub("_", address)[:80].lstrip(".") or "draft"
    return f"{number:04d}-{safe}.eml"


def _write_folder(messages: Sequence[OutgoingMessage], out_dir: Path, batch_name: str) -> Path:
    staging = out_dir / f".{batch_name}{_PARTIAL}{os.getpid()}"
    staging.mkdir(mode=0o700)
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        for number, message in enumerate(messages, start=1):
            descriptor = os.open(staging / file_name(number, message.address), flags, 0o600)
            try:
                os.write(descriptor, message.data)
            finally:
                os.close(descriptor)
        final = _free_name(out_dir, batch_name, "")
        os.rename(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final


def _write_mbox(messages: Sequence[OutgoingMessage], out_dir: Path, batch_name: str) -> Path:
    staging = out_dir / f".{batch_name}{_PARTIAL}{os.getpid()}.mbox"
    descriptor = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(descriptor)
    try:
        box = mailbox.mbox(staging, create=False)
        try:
            for message in messages:
                box.add(message.data)
            box.flush()
        finally:
            box.close()
        final = _free_name(out_dir, batch_name, ".mbox")
        os.rename(staging, final)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    return final


def _free_name(out_dir: Path, batch_name: str, suffix: str) -> Path:
    candidate = out_dir / f"{batch_name}{suffix}"
    number = 2
    while candidate.exists():
        candidate = out_dir / f"{batch_name}-{number}{suffix}"
        number += 1
    return candidate


def remove_abandoned(out_dir: Path) -> None:
    """Remove what a run that was killed half-way left behind (its process is gone)."""
    for leftover in out_dir.glob(f".*{_PARTIAL}*"):
        pid_text = leftover.name.rsplit(_PARTIAL, 1)[1].removesuffix(".mbox")
        if pid_text.isdecimal() and not _process_alive(int(pid_text)):
            _remove(leftover)


def make_folder(folder: Path) -> list[Path]:
    """Make `folder` (readable only by its owner) unless it is there; refused when a file or a
    link stands at its name. Returns the folders made (parents first), for `remove_if_empty`
    to take away again when the run is refused."""
    made = [path for path in (*reversed(folder.parents), folder) if not os.path.lexists(path)]
    folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            raise Refused(
                f"{folder} is not a folder (it is a file or a link); move it away and run the "
                "command again."
            ) from None
    return made


def remove_if_empty(folders: Sequence[Path]) -> None:
    """Remove each of `folders` (made by `make_folder`, parents first) that is still empty."""
    for folder in reversed(folders):
        try:
            folder.rmdir()
        except OSError:
            return  # not empty (or gone): neither are the folders holding it


def write_if_changed(path: Path, data: bytes, *, staged: bool = False) -> bool:
    """Put `data` at `path` through a temporary file renamed into place (never through a
    link); False when the file there already holds exactly these bytes. `staged`: the
    temporary file was made ahead by `StagedFiles`, and is filled (or removed) here."""
    temporary = _temporary_for(path)
    if _holds(path, data):
        if staged:
            temporary.unlink(missing_ok=True)
        return False
    made = os.O_TRUNC if staged else os.O_CREAT | os.O_EXCL
    descriptor = os.open(temporary, os.O_WRONLY | os.O_NOFOLLOW | os.O_CLOEXEC | made, 0o600)
    try:
        # No fsync: a killed run leaves only a temporary file (the rename is atomic); syncing
        # each of thousands of letters took longer than typesetting them.
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, path)  # replaces a link planted there, never writes through it
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return True


class StagedFiles:
    """The empty temporary files of a folder's coming files, made in a thread while the caller
    waits on something slow (typst typesetting the letters): making thousands of new files is
    much of the file system's work, and it then overlaps the wait (bench/letters.py).

    Used as a context manager around the wait; `ready()` waits for the thread, after which
    `write_if_changed(path, data, staged=True)` fills each. Leaving the block removes every
    temporary file not filled, so a refusal or an error leaves the folder as it was.
    """

    def __init__(self, folder: Path, names: Sequence[str]) -> None:
        self.folder = folder
        self._names = names
        self._made: list[Path] = []
        self._failed: OSError | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._make, name="staging", daemon=True)

    def __enter__(self) -> StagedFiles:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        for temporary in self._made:
            temporary.unlink(missing_ok=True)  # gone already once filled and renamed

    def ready(self) -> None:
        """Wait until every temporary file is made; an OSError making one is raised here."""
        self._thread.join()
        if self._failed:
            raise self._failed

    def _make(self) -> None:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            for name in self._names:
                if self._stop.is_set():
                    return
                temporary = _temporary_for(self.folder / name)
                os.close(os.open(temporary, flags, 0o600))
                self._made.append(temporary)
        except OSError as error:
            self._failed = error


def _temporary_for(path: Path) -> Path:
    return path.with_name(f".{path.name}{_PARTIAL}{os.getpid()}")


def _holds(path: Path, data: bytes) -> bool:
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except (FileNotFoundError, OSError):
        return False
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            return False
        return file.read(len(data) + 1) == data


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class WrittenBatch:
    """What `write_drafts` wrote: where, how many, and the messages (for sending)."""

    kind: str
    fmt: str
    path: Path
    messages: list[OutgoingMessage]
    without_address: int
    template_sha256: str
    sha256: str
    unusable: tuple[str, ...] = ()  # addresses no message can be sent to, skipped


def write_drafts(
    db: Database,
    incident_id: str,
    kind: str,
    *,
    config: Config,
    zone: tzinfo,
    out_dir: Path,
    now: datetime,
    author: str,
    fmt: str = "eml",
    only: str | None = None,
    renderer: Renderer | None = None,
    progress: Callable[[str, int], ProgressBar] | None = None,
) -> WrittenBatch:
    """Draft, check, compose and write one message per person, then log the batch.

    Nothing is written when any draft fails the gate (GateRefused lists who and why).
    """
    if fmt not in FORMATS:
        raise Refused(f"The format must be one of {', '.join(FORMATS)}.")
    renderer = renderer or Renderer(config, zone)
    context = load_context(db, incident_id, config, zone)
    batch = build_drafts(context, kind, renderer, only=only, progress=progress)
    if not batch.drafts:
        label = DRAFT_KIND_ONE[kind]
        if batch.unusable:
            raise Refused(
                f"The {len(batch.unusable)} addresses due {label} in {context.incident.id} "
                "cannot be written to (not one plain email address each); nothing was written."
            )
        if batch.without_address:
            raise Refused(
                f"None of the {batch.without_address} people due {label} in "
                f"{context.incident.id} has an email address; nothing was written."
            )
        raise Refused(f"Nobody in {context.incident.id} is due {label}; nothing was written.")
    envelope = envelope_for(config, batch, now, zone)
    messages = compose_batch(batch, envelope)
    local = now.astimezone(zone)
    batch_name = f"{context.incident.id}-{kind.replace('_', '-')}-{local:%Y%m%d-%H%M%S}"
    path = write_messages(messages, out_dir, batch_name, fmt)
    written = WrittenBatch(
        kind,
        fmt,
        path,
        messages,
        batch.without_address,
        batch.template.sha256,
        batch_sha256(messages),
        batch.unusable,
    )
    try:
        with transaction(db):
            append_event(
                db,
                context.incident.id,
                "drafts.written",
                author=author,
                at=now,
                data={
                    "template": kind,
                    "format": fmt,
                    "count": len(messages),
                    "without_address": batch.without_address,
                    "unusable_addresses": len(batch.unusable),
                    "template_name": batch.template.info.name,
                    "template_origin": batch.template.info.origin,
                    "template_sha256": batch.template.sha256,
                    "html_template_sha256": (
                        batch.html_template.sha256 if batch.html_template else None
                    ),
                    "batch_sha256": written.sha256,
                    "written_to": path.name,
                },
                personal={
                    "addresses": [message.address for message in messages],
                    "folder": str(path.parent.resolve()),  # so that a purge finds it
                },
            )
            # Each message's Message-ID, so that replies and bounces find whom they answer.
            record_outgoing(
                db, context.incident.id, kind, ((m.address, m.message_id) for m in messages), now
            )
    except BaseException:
        _remove(path)
        raise
    return written


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)

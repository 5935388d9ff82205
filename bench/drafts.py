"""How fast 3,396 apologies are drafted, checked and written, against plain rendering and writing.

Ours: the sandboxed renderer fills the apology's text and HTML templates with each person's
values (computed by the domain), the safety gate checks every draft against everyone's
addresses and names, each draft is composed as an RFC 5322 message and the batch is written as
.eml files (all or nothing). The floor: the same two templates rendered with a plain Jinja
`Environment` from the same values, and the same bytes written to as many files.
Each round times both, back to back, taking turns to go first; the ratio is the median of the
rounds' ratios (writing thousands of files is at the mercy of the disk). Goal: at most 1.5x the
floor. `--dir /dev/shm` writes to memory instead, which leaves only the CPU work. Also prints what composing one message costs with the standard
library's `EmailMessage` and compat32 `MIMEMultipart`, the reason ours is composed from parts.
Run: python bench/drafts.py [--people N] [--rounds N] [--dir DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jinja2 import Environment, FileSystemLoader  # noqa: E402

from playbook import paths  # noqa: E402
from playbook.config import Config, DpoConfig, DraftsConfig  # noqa: E402
from playbook.domain.clock import zone  # noqa: E402
from playbook.domain.drafting import ContactPoint  # noqa: E402
from playbook.domain.incident import Incident, Person, Recipient  # noqa: E402
from playbook.notify.compose import envelope_for  # noqa: E402
from playbook.notify.drafts import DraftContext, apology_values, build_drafts  # noqa: E402
from playbook.notify.outbox import compose_batch, write_messages  # noqa: E402
from playbook.render.environment import Renderer  # noqa: E402
from tests.builders import FIRST_NAMES, SURNAMES  # noqa: E402

GOAL_RATIO = 1.5
NOW = datetime(2026, 10, 25, 12, 0, tzinfo=UTC)
LONDON = zone("Europe/London")
CONFIG = Config(
    organisation="Northfield Students' Union",
    dpo=DpoConfig("Jane Doe", "dpo@su.example", "0161 496 0000"),
    drafts=DraftsConfig(from_address="dpo@su.example"),
)
ITEMS = ("name", "email", "mobile", "date_of_birth", "gender", "nationality")
# Some names outside ASCII, as in any real list (they take the quoted-printable path).
FIRSTS = tuple({"Zoe": "Zoë", "Sam": "Seán", "Tia": "Siân"}.get(name, name) for name in FIRST_NAMES)
ENDINGS = ("", "son", "ley", "ford", "well", "ton")


def holders(count: int) -> list[Person]:
    """`count` card holders with distinct names, as an S1 spreadsheet with emails gives them."""
    people = []
    for number in range(count):
        first = FIRSTS[number % len(FIRSTS)]
        rest = number // len(FIRSTS)
        surname = SURNAMES[rest % len(SURNAMES)] + ENDINGS[(rest // len(SURNAMES)) % len(ENDINGS)]
        email = f"holder{number}@homemail.example"
        people.append(
            Person(email, f"{first} {surname}", email, ITEMS, ("message 1 attachment 1",))
        )
    return people


def context_for(people: list[Person]) -> DraftContext:
    incident = Incident(
        "PB-2026-0001", "Card holders' spreadsheet", "open", NOW, NOW, occurred_at=NOW
    )
    recipients = tuple(Recipient(person.email, status="requested") for person in people)
    contact = ContactPoint(
        "Northfield Students' Union", "Jane Doe", "dpo@su.example", "0161 496 0000"
    )
    return DraftContext(
        incident, contact, LONDON, people=people, recipients=recipients, signed_by="Jane Doe"
    )


def ours(context: DraftContext, folder: Path) -> tuple[float, dict[str, float], list]:
    """Draft, check, compose and write; the total and each stage's seconds."""
    start = time.perf_counter()
    batch = build_drafts(context, "apology", Renderer(CONFIG, LONDON))
    built = time.perf_counter()
    messages = compose_batch(batch, envelope_for(CONFIG, batch, NOW, LONDON))
    composed = time.perf_counter()
    write_messages(messages, folder, "PB-2026-0001-apology-bench", "eml")
    end = time.perf_counter()
    stages = {
        "render": built - start,
        "gate and compose": composed - built,
        "write": end - composed,
    }
    return end - start, stages, messages


def floor(values: list[dict], messages: list, folder: Path) -> float:
    """Plain Jinja renders of the same templates and the same bytes written to files."""
    start = time.perf_counter()
    plain = Environment(
        loader=FileSystemLoader(str(paths.shipped_dir("templates"))),
        autoescape=lambda name: bool(name) and name.endswith(".html.j2"),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    text, html = plain.get_template("apology.txt.j2"), plain.get_template("apology.html.j2")
    folder.mkdir()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    for number, (value, message) in enumerate(zip(values, messages, strict=True)):
        text.render(value)
        html.render(value)
        descriptor = os.open(folder / f"{number:04d}.eml", flags, 0o600)
        os.write(descriptor, message.data)
        os.close(descriptor)
    return time.perf_counter() - start


def stdlib_compose_costs(sample: list, count: int = 300) -> tuple[float, float]:
    """Seconds a message to compose the same text and HTML with EmailMessage and compat32."""
    text, html = "Dear Holder,\n" + "We are sorry. " * 150, "<p>We are sorry.</p>" * 100
    start = time.perf_counter()
    for message in sample[:count]:
        modern = EmailMessage()
        modern["To"], modern["Subject"], modern["Message-ID"] = message.address, "Sorry", "<x@y>"
        modern.set_content(text)
        modern.add_alternative(html, subtype="html")
        modern.as_bytes()
    modern_cost = (time.perf_counter() - start) / count
    start = time.perf_counter()
    for message in sample[:count]:
        old = MIMEMultipart("alternative")
        old["To"], old["Subject"], old["Message-ID"] = message.address, "Sorry", "<x@y>"
        old.attach(MIMEText(text, "plain", "utf-8"))
        old.attach(MIMEText(html, "html", "utf-8"))
        old.as_bytes()
    return modern_cost, (time.perf_counter() - start) / count


def main() -> int:
    """Measure both in the same run, round by round; print the figures and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=3396)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--dir", type=Path, default=None, help="where to write (default: the system temp dir)"
    )
    options = parser.parse_args()
    context = context_for(holders(options.people))
    values_for = apology_values(context)
    values = [values_for(person) for person in context.people]
    work = Path(tempfile.mkdtemp(prefix="playbook-bench-", dir=options.dir))
    ratios, ours_times, floor_times, stages_seen = [], [], [], []
    try:
        _, _, messages = ours(context, work / "warm-up")  # also the bytes the floor writes
        for round_number in range(options.rounds):
            # Each side starts with the disk's write-back settled; they take turns going first.
            timings = {}
            for side in ("ours", "floor") if round_number % 2 == 0 else ("floor", "ours"):
                shutil.rmtree(work / side, ignore_errors=True)
                os.sync()
                if side == "floor":
                    timings[side] = floor(values, messages, work / side)
                else:
                    timings[side], stages, _ = ours(context, work / side)
                    stages_seen.append(stages)
            ratios.append(timings["ours"] / timings["floor"])
            ours_times.append(timings["ours"])
            floor_times.append(timings["floor"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    count = len(messages)
    ratio = statistics.median(ratios)
    best = min(range(len(ours_times)), key=ours_times.__getitem__)
    modern, compat = stdlib_compose_costs(messages)
    print(
        f"{count} apology drafts (text and HTML) written to {work.parent}, {options.rounds} rounds"
    )
    print(f"ours:  best {min(ours_times):.3f} s ({min(ours_times) / count * 1e3:.3f} ms a message)")
    for stage, seconds in stages_seen[best].items():
        print(f"  {stage}: {seconds:.3f} s")
    print(
        f"floor: best {min(floor_times):.3f} s (plain Jinja render of both templates, the same "
        "bytes written)"
    )
    print(
        f"for reference, composing one message: EmailMessage {modern * 1e3:.2f} ms, compat32 "
        f"MIMEMultipart {compat * 1e3:.2f} ms"
    )
    print(f"ratio of each round: {', '.join(f'{r:.2f}' for r in ratios)}")
    print(f"ratio: {ratio:.2f}x, the median (goal: at most {GOAL_RATIO}x)")
    return 0 if ratio <= GOAL_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())

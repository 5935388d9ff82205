"""Commands on incidents: new, list, show, note, close, reopen, verify."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playbook.cli.context import Context
from playbook.cli.output import (
    confirmed_on_terminal,
    incident_json,
    incident_lines,
    print_json,
    print_json_text,
)
from playbook.domain.clock import describe_clock, format_local, read_clock
from playbook.domain.incident import Incident
from playbook.domain.text import visible
from playbook.domain.vocabulary import REGIMES, STATUSES


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the incident commands."""
    new = subcommands.add_parser("new", help="open a new incident (the clock starts at --aware)")
    new.add_argument(
        "--title", required=True, help="a short title, e.g. 'Tenant survey sent in Cc'"
    )
    new.add_argument(
        "--aware",
        default="now",
        metavar="WHEN",
        help="when the organisation became aware (default: now)",
    )
    new.add_argument("--discovered", metavar="WHEN", help="when the mistake was discovered")
    new.add_argument("--occurred", metavar="WHEN", help="when the message was sent")
    new.add_argument("--reporter", default="", metavar="NAME", help="who reported it")
    new.add_argument(
        "--regime",
        choices=REGIMES,
        default="uk_gdpr",
        help="the law that applies (default: uk_gdpr)",
    )
    new.add_argument(
        "--by", metavar="NAME", help="who is recording this (default: config responder or login)"
    )
    new.add_argument(
        "--from",
        dest="from_files",
        action="append",
        default=[],
        metavar="FILE",
        help="import the sent message (.eml, .msg or a text list of addresses); repeatable",
    )
    new.add_argument("--json", action="store_true", help="print the incident as JSON")
    new.set_defaults(handler=run_new)

    listing = subcommands.add_parser("list", help="list incidents with their clocks")
    listing.add_argument("--status", choices=STATUSES, help="only open or only closed incidents")
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    listing.set_defaults(handler=run_list, read_only=True)

    show = subcommands.add_parser("show", help="show one incident")
    show.add_argument("id", metavar="ID")
    show.add_argument("--json", action="store_true", help="print the incident as JSON")
    show.set_defaults(handler=run_show, read_only=True)

    note = subcommands.add_parser("note", help="add a note to an incident's timeline")
    note.add_argument("id", metavar="ID")
    note.add_argument("text", metavar="TEXT")
    note.add_argument("--by", metavar="NAME", help="who is writing the note")
    note.set_defaults(handler=run_note)

    close = subcommands.add_parser("close", help="close an incident with the lessons learned")
    close.add_argument("id", metavar="ID")
    close.add_argument(
        "--lessons",
        required=True,
        metavar="TEXT",
        help="what will change so it does not happen again",
    )
    close.add_argument(
        "--despite-outstanding",
        action="store_true",
        help="close although confirmations, checklist items or decisions are still open "
        "(they are listed first and kept in the log)",
    )
    close.add_argument("--by", metavar="NAME", help="who is closing it")
    close.set_defaults(handler=run_close)

    reopen = subcommands.add_parser(
        "reopen", help="reopen a closed incident so that its record can change again"
    )
    reopen.add_argument("id", metavar="ID")
    reopen.add_argument("--why", required=True, metavar="TEXT", help="why it is reopened")
    reopen.add_argument("--by", metavar="NAME", help="who is reopening it")
    reopen.set_defaults(handler=run_reopen)

    verify = subcommands.add_parser(
        "verify", help="check every timeline's hash chain for tampering"
    )
    verify.set_defaults(handler=run_verify, read_only=True)


def run_new(ctx: Context) -> int:
    """Open an incident, importing the files given with --from in the same transaction."""
    from playbook.cli.importing import import_lines, progress_for
    from playbook.intake.opening import NewIncident, open_incident

    args = ctx.args
    request = NewIncident(
        title=args.title,
        aware_at=ctx.when(args.aware),
        discovered_at=ctx.when(args.discovered),
        occurred_at=ctx.when(args.occurred),
        reporter=args.reporter,
        regime=args.regime,
    )
    opened = open_incident(
        ctx.db,
        request,
        [Path(path) for path in args.from_files],
        config=ctx.config,
        author=ctx.author,
        now=ctx.now,
        progress_for=progress_for,
    )
    incident = opened.incident
    if args.json:
        print_json(_incident_with_imports(ctx, incident))
    else:
        print("\n".join(incident_lines(incident, ctx.now, ctx.zone)))
        if opened.imports:
            print("\n".join(import_lines(ctx.db, incident.id, ctx.zone)))
    return 0


def _incident_with_imports(ctx: Context, incident: Incident) -> dict[str, object]:
    """An incident's JSON with what was imported into it (`new --json`, `show --json`)."""
    from playbook.cli.importing import import_json

    return {**incident_json(incident, ctx.now), **import_json(ctx.db, incident.id)}


def run_list(ctx: Context) -> int:
    """List incidents."""
    if ctx.args.json:
        from playbook.store.register import incidents_json

        print_json_text(incidents_json(ctx.db, now=ctx.now, status=ctx.args.status))
        return 0
    from playbook.store.incidents import list_incidents

    incidents = list_incidents(ctx.db, ctx.args.status)
    if not incidents:
        print("No incidents yet. Open one with: playbook new --title 'What happened'")
        return 0
    for incident in incidents:
        if incident.status == "closed":
            clock_text = "closed"
        else:
            clock_text = describe_clock(read_clock(incident.aware_at, ctx.now))
        aware = format_local(incident.aware_at, ctx.zone)
        print(f"{incident.id}  {aware:<21}  {clock_text:<22}  {visible(incident.title)}")
    return 0


def run_show(ctx: Context) -> int:
    """Show one incident."""
    from playbook.cli.importing import import_lines
    from playbook.store.facts import load_facts
    from playbook.store.incidents import get_incident

    incident = get_incident(ctx.db, ctx.args.id)
    if ctx.args.json:
        print_json(_incident_with_imports(ctx, incident))
    else:
        role = load_facts(ctx.db, incident.id).get("role")
        lines = incident_lines(incident, ctx.now, ctx.zone, role.value if role else None)
        print("\n".join(lines))
        print("\n".join(import_lines(ctx.db, incident.id, ctx.zone)))
    return 0


def run_note(ctx: Context) -> int:
    """Add a note."""
    from playbook.store.incidents import add_note

    add_note(ctx.db, ctx.args.id, ctx.args.text, author=ctx.author, now=ctx.now)
    print(f"Note added to {ctx.args.id.upper()}.")
    return 0


def run_close(ctx: Context) -> int:
    """Close an incident, saying first what is still open."""
    from playbook.lifecycle.closing import close_incident, what_is_open

    args = ctx.args
    left = what_is_open(ctx.db, args.id, now=ctx.now)
    despite = args.despite_outstanding
    if not left.is_clear:
        listed = "\n".join(f"  {line}" for line in left.lines())
        if despite:
            print(f"Closing with these still open (the log keeps this list):\n{listed}")
        else:
            despite = confirmed_on_terminal(f"Still open:\n{listed}\nClose anyway?")
    incident = close_incident(
        ctx.db, args.id, args.lessons, author=ctx.author, now=ctx.now, despite_outstanding=despite
    )
    print(f"{incident.id} is closed; `playbook reopen {incident.id} --why TEXT` reopens it.")
    return 0


def run_reopen(ctx: Context) -> int:
    """Reopen a closed incident."""
    from playbook.lifecycle.closing import reopen_incident

    incident = reopen_incident(ctx.db, ctx.args.id, ctx.args.why, author=ctx.author, now=ctx.now)
    print(f"{incident.id} is open again; the log records who reopened it and why.")
    return 0


def run_verify(ctx: Context) -> int:
    """Verify the hash chains."""
    from playbook.store.database import database_witness
    from playbook.store.events import verify_timelines

    checked, broken = verify_timelines(ctx.db)
    if broken:
        print(broken.sentence() + " Restore a backup, or record what happened.", file=sys.stderr)
        return 1
    print(f"The timeline is intact: {checked} events checked.")
    witness = database_witness(ctx.db)
    if checked and witness is not None and not witness.exists():
        print(
            f"There is no witness file ({witness.name}) beside this database, so events cut off "
            "the end or an older copy put back cannot be told."
        )
    return 0

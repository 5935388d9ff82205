"""Commands on incidents: new, list, show, note, close, verify."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playbook.cli.context import Context
from playbook.cli.output import incident_json, incident_lines, print_json, print_json_text
from playbook.domain.clock import describe_clock, format_local, read_clock
from playbook.domain.vocabulary import REGIMES, STATUSES


def register(subcommands: argparse._SubParsersAction) -> None:
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
    close.add_argument("--by", metavar="NAME", help="who is closing it")
    close.set_defaults(handler=run_close)

    verify = subcommands.add_parser(
        "verify", help="check every timeline's hash chain for tampering"
    )
    verify.set_defaults(handler=run_verify, read_only=True)


def run_new(ctx: Context) -> int:
    """Open an incident, importing the files given with --from in the same transaction."""
    from playbook.store.database import transaction
    from playbook.store.incidents import create_incident

    args = ctx.args
    aware_at = ctx.when(args.aware)
    discovered_at = ctx.when(args.discovered)
    occurred_at = ctx.when(args.occurred)
    parsed = _read_files(ctx, args.from_files)  # before any write: a bad file leaves nothing
    if occurred_at is None and parsed:
        occurred_at = parsed[0].sent_at  # when the first message was sent
    with transaction(ctx.db):
        incident = create_incident(
            ctx.db,
            title=args.title,
            aware_at=aware_at,
            discovered_at=discovered_at,
            occurred_at=occurred_at,
            reporter=args.reporter,
            regime=args.regime,
            now=ctx.now,
            author=ctx.author,
        )
        if parsed:
            from playbook.cli.importing import progress_for
            from playbook.importing import write_import

            for path, message in zip(args.from_files, parsed, strict=True):
                write_import(
                    ctx.db,
                    incident.id,
                    message,
                    config=ctx.config,
                    author=ctx.author,
                    now=ctx.now,
                    progress=progress_for(Path(path)),
                )
    if args.json:
        print_json(_incident_with_imports(ctx, incident))
    else:
        print("\n".join(incident_lines(incident, ctx.now, ctx.zone)))
        if parsed:
            from playbook.cli.importing import import_lines

            print("\n".join(import_lines(ctx.db, incident.id, ctx.zone)))
    return 0


def _read_files(ctx: Context, paths: list[str]) -> list:
    """Read each --from file; refuse them all if one is not a message."""
    if not paths:
        return []
    from playbook.importing import read_for_import

    return [read_for_import(Path(path), config=ctx.config) for path in paths]


def _incident_with_imports(ctx: Context, incident) -> dict:
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
        print(f"{incident.id}  {aware:<21}  {clock_text:<22}  {incident.title}")
    return 0


def run_show(ctx: Context) -> int:
    """Show one incident."""
    from playbook.cli.importing import import_lines
    from playbook.store.incidents import get_incident

    incident = get_incident(ctx.db, ctx.args.id)
    if ctx.args.json:
        print_json(_incident_with_imports(ctx, incident))
    else:
        print("\n".join(incident_lines(incident, ctx.now, ctx.zone)))
        print("\n".join(import_lines(ctx.db, incident.id, ctx.zone)))
    return 0


def run_note(ctx: Context) -> int:
    """Add a note."""
    from playbook.store.incidents import add_note

    add_note(ctx.db, ctx.args.id, ctx.args.text, author=ctx.author, now=ctx.now)
    print(f"Note added to {ctx.args.id.upper()}.")
    return 0


def run_close(ctx: Context) -> int:
    """Close an incident."""
    from playbook.store.incidents import close_incident

    incident = close_incident(ctx.db, ctx.args.id, ctx.args.lessons, author=ctx.author, now=ctx.now)
    print(f"{incident.id} is closed.")
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

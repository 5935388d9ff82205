"""The notice command: record how each affected person was told (or why not), and list it."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from playbook.cli.context import Context
from playbook.cli.output import iso, print_json
from playbook.domain.labels import counted
from playbook.domain.text import visible
from playbook.domain.vocabulary import NOTICE_STATES

if TYPE_CHECKING:
    from playbook.notify.notices import PeopleNotices

# Each bulk option and the group of people it records a state for.
_BULK = {"all_without_email": "without_email", "all_not_recorded": "not_recorded"}


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add notice."""
    notice = subcommands.add_parser(
        "notice",
        help="record how an affected person was told (emailed, posted, phoned) or why not "
        "(not_reachable, not_told); --list shows each person's latest state",
        description="Record what happened to one person's notice, or to a group's at once; the "
        "latest record per person counts in the ICO report.",
    )
    notice.add_argument("id", metavar="ID")
    notice.add_argument(
        "person", metavar="PERSON", nargs="?", help="the person's key or email address"
    )
    notice.add_argument(
        "state", metavar="STATE", nargs="?", help=f"one of {', '.join(NOTICE_STATES)}"
    )
    notice.add_argument(
        "--reason",
        default="",
        metavar="TEXT",
        help="why they were not told, or what was tried to reach them (required for not_told "
        "and not_reachable); it goes into the ICO report, so it must name nobody",
    )
    notice.add_argument(
        "--note",
        default="",
        metavar="TEXT",
        help="what was said or done (required for phoned: the record of the call); kept private",
    )
    group = notice.add_mutually_exclusive_group()
    group.add_argument(
        "--all-without-email",
        choices=NOTICE_STATES,
        metavar="STATE",
        help="record STATE for every person with no email address (e.g. posted)",
    )
    group.add_argument(
        "--all-not-recorded",
        choices=NOTICE_STATES,
        metavar="STATE",
        help="record STATE for every person with no record yet",
    )
    group.add_argument(
        "--list", action="store_true", help="each person's latest state and the counts per state"
    )
    notice.add_argument("--json", action="store_true", help="with --list: print it as JSON")
    notice.add_argument("--by", metavar="NAME", help="who recorded it (default: config responder)")
    notice.set_defaults(handler=run_notice)


def run_notice(ctx: Context) -> int:
    """Record one person's state, a group's, or list them."""
    args = ctx.args
    bulk = next(((option, group) for option, group in _BULK.items() if getattr(args, option)), None)
    positionals = [value for value in (args.person, args.state) if value is not None]
    if args.json and not args.list:
        return _usage("--json goes with --list.")
    if args.list:
        if positionals or args.reason or args.note:
            return _usage("--list takes only the incident ID (and --json).")
        args.read_only = True
        return _list(ctx)
    if bulk is not None:
        if positionals:
            return _usage(f"--{bulk[0].replace('_', '-')} takes the state; give no PERSON.")
        return _record_group(ctx, bulk[1], getattr(args, bulk[0]))
    if len(positionals) != 2:
        return _usage(
            "give PERSON and STATE, a bulk option such as --all-without-email STATE, or --list."
        )
    if args.state not in NOTICE_STATES:
        return _usage(f"STATE must be one of {', '.join(NOTICE_STATES)}.")
    from playbook.notify.notices import record_notice

    record = record_notice(
        ctx.db,
        args.id,
        args.person,
        args.state,
        reason=args.reason,
        note=args.note,
        author=ctx.author,
        now=ctx.now,
    )
    print(
        f"Recorded {record.state.value} for one person in {args.id.upper()} (record {record.number})."
    )
    return 0


def _record_group(ctx: Context, group: str, state: str) -> int:
    from playbook.notify.notices import GROUPS, record_group

    args = ctx.args
    done = record_group(
        ctx.db,
        args.id,
        group,
        state,
        reason=args.reason,
        note=args.note,
        author=ctx.author,
        now=ctx.now,
    )
    line = f"Recorded {state} for {counted(done.recorded, 'person', 'people')} {GROUPS[group]}"
    if done.already:
        line += f"; {done.already:,} already {state} were left as they are"
    print(line + ".")
    return 0


def _list(ctx: Context) -> int:
    from playbook.notify.notices import read_people_notices

    view = read_people_notices(ctx.db, ctx.args.id)
    incident_id = ctx.args.id.upper()
    if ctx.args.json:
        print_json(_list_json(incident_id, view))
        return 0
    from playbook.domain.clock import format_local
    from playbook.domain.notices import told_how

    summary = view.summary
    print(f"{incident_id}: {summary.sentence()}")
    print(summary.count_line())
    for row in view.rows:
        record = row.latest
        line = (
            f"  {visible(row.person.key):<36} {visible(row.person.name):<24} {told_how(record):<14}"
        )
        if record is not None and record.at is not None:
            line += f" {format_local(record.at, ctx.zone)} by {visible(record.by)}"
            if record.reason:
                line += f": {visible(record.reason)}"
        print(line.rstrip())
    return 0


def _list_json(incident_id: str, view: PeopleNotices) -> dict[str, object]:
    summary = view.summary
    return {
        "id": incident_id,
        "total": summary.people,
        "told": summary.told,
        "counts": {**summary.counts, "not_recorded": summary.unrecorded},
        "people": [
            {
                "key": row.person.key,
                "name": row.person.name,
                "email": row.person.email or None,
                "state": row.latest.state.value if row.latest else None,
                "reason": row.latest.reason or None if row.latest else None,
                "note": row.latest.note or None if row.latest else None,
                "by": row.latest.by if row.latest else None,
                "at": iso(row.latest.at) if row.latest else None,
            }
            for row in view.rows
        ],
    }


def _usage(sentence: str) -> int:
    print(f"playbook notice: {sentence}", file=sys.stderr)
    return 2

"""Looking after the log itself: purge (minimisation and retention) and backup."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playbook import paths
from playbook.cli.context import Context
from playbook.domain.errors import Refused
from playbook.domain.labels import counted


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add purge and backup."""
    purge = subcommands.add_parser(
        "purge",
        help="remove the personal data of a closed incident, keeping the log",
        description="Remove names, addresses, message bodies and people from a closed incident "
        "for good; counts, categories, decisions, reasons and the timeline stay.",
    )
    target = purge.add_mutually_exclusive_group(required=True)
    target.add_argument("id", metavar="ID", nargs="?", help="the closed incident to purge")
    target.add_argument(
        "--expired",
        action="store_true",
        help="purge every closed incident older than the config's retention_days",
    )
    purge.add_argument(
        "--yes", action="store_true", help="do not ask for confirmation (for scripts)"
    )
    purge.add_argument("--by", metavar="NAME", help="who is purging")
    purge.add_argument("--json", action="store_true", help="print what was purged as JSON")
    purge.set_defaults(handler=run_purge)

    backup = subcommands.add_parser(
        "backup", help="copy the database into a new file (safe while in use) and verify the copy"
    )
    backup.add_argument(
        "path", metavar="PATH", help="the new file, or a folder to put a dated file in"
    )
    backup.add_argument("--json", action="store_true", help="print the result as JSON")
    backup.set_defaults(handler=run_backup)


def run_purge(ctx: Context) -> int:
    """Purge one closed incident, or every expired one."""
    from playbook.cli.output import print_json
    from playbook.store.purge import check_purgeable, expired_incidents, purge_incident

    args = ctx.args
    if args.expired:
        retention_days = ctx.config.retention_days
        incident_ids = [
            incident.id
            for incident in expired_incidents(ctx.db, retention_days=retention_days, now=ctx.now)
        ]
        reason = "retention"
        question = (
            f"Purge the personal data of {counted(len(incident_ids), 'incident')} closed more than "
            f"{retention_days} days ago ({', '.join(incident_ids)})? This cannot be undone."
        )
        answer = "purge"
    else:
        incident_ids = [check_purgeable(ctx.db, args.id).id]
        reason = "request"
        question = f"Purge the personal data of {incident_ids[0]} for good? This cannot be undone."
        answer = incident_ids[0]
    if not incident_ids:
        if args.json:
            print_json([])
        else:
            print("No closed incident is past its retention period.")
        return 0
    if not args.yes:
        _confirm(question, answer)
    outbox = paths.outbox_dir(ctx.config.outbox_dir)
    summaries = [
        purge_incident(
            ctx.db, incident_id, author=ctx.author, now=ctx.now, reason=reason, outbox=outbox
        )
        for incident_id in incident_ids
    ]
    not_removed = [path for summary in summaries for path in summary.not_removed]
    for path in not_removed:
        print(
            f"playbook: could not remove the draft files {path}; remove them by hand.",
            file=sys.stderr,
        )
    if args.json:
        print_json(
            [
                {
                    "id": summary.incident_id,
                    "counts": summary.counts,
                    "not_removed": [str(path) for path in summary.not_removed],
                }
                for summary in summaries
            ]
        )
        return 1 if not_removed else 0
    for summary in summaries:
        print(
            f"{summary.incident_id}: purged {summary.counts['recipients']} recipients, "
            f"{summary.counts['people']} people, {summary.counts['message_bodies']} "
            f"message bodies and {summary.counts['draft_files']} draft files; "
            "the log and its timeline stay."
        )
    return 1 if not_removed else 0


def run_backup(ctx: Context) -> int:
    """Back the database up into PATH and verify the copy."""
    from playbook.cli.output import print_json
    from playbook.store.backup import backup_database, backup_target

    result = backup_database(ctx.db, backup_target(Path(ctx.args.path).expanduser(), ctx.now))
    if ctx.args.json:
        print_json(
            {
                "path": str(result.path),
                "incidents": result.incidents,
                "events_checked": result.events_checked,
            }
        )
        return 0
    print(
        f"Backed up {counted(result.incidents, 'incident')} to {result.path}; "
        f"the copy verifies ({result.events_checked} events checked)."
    )
    return 0


def _confirm(question: str, answer: str) -> None:
    """Ask on a terminal for `answer` to be typed; refuse without a terminal or a wrong answer."""
    if not sys.stdin.isatty():
        raise Refused("Purging cannot be undone and there is no terminal to confirm; add --yes.")
    print(question, file=sys.stderr)
    try:
        typed = input(f"Type {answer} to confirm: ")
    except EOFError:
        typed = ""
    if typed.strip().upper() != answer.upper():
        raise Refused("The purge was not confirmed; nothing was removed.")

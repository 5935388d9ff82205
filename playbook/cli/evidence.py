"""Evidence commands: `evidence` (who received it) and `replies` (who answered our requests)."""

from __future__ import annotations

import argparse
from pathlib import Path

from playbook.cli.context import Context
from playbook.cli.output import iso, print_json


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add evidence and replies."""
    evidence = subcommands.add_parser(
        "evidence",
        help="record who received the message: trace exports, tracking logs, bounces, recalls",
    )
    evidence.add_argument("id", metavar="ID")
    evidence.add_argument("files", metavar="FILE", nargs="+", type=Path, help="evidence files")
    evidence.add_argument(
        "--by", metavar="NAME", help="who recorded it (default: config responder)"
    )
    evidence.add_argument("--json", action="store_true", help="print what was recorded as JSON")
    evidence.set_defaults(handler=run_evidence)

    replies = subcommands.add_parser(
        "replies", help="read the answers to the deletion requests, or confirm from them"
    )
    replies.add_argument("id", metavar="ID")
    replies.add_argument(
        "paths",
        metavar="PATH",
        nargs="*",
        type=Path,
        help=".eml/.msg files, folders, mbox, Maildir",
    )
    confirming = replies.add_mutually_exclusive_group()
    confirming.add_argument(
        "--confirm",
        metavar="ADDRESS",
        nargs="+",
        help="confirm deletion for these acknowledged recipients from their replies",
    )
    confirming.add_argument(
        "--confirm-all",
        action="store_true",
        help="confirm deletion for every acknowledged recipient whose reply you have reviewed",
    )
    replies.add_argument("--by", metavar="NAME", help="who recorded it (default: config responder)")
    replies.add_argument("--json", action="store_true", help="print the result as JSON")
    replies.set_defaults(handler=run_replies)


def run_evidence(ctx: Context) -> int:
    """Record delivery evidence and say what it changed."""
    from playbook.domain.delivery import received_of
    from playbook.evidence.delivery import record_evidence
    from playbook.runtime.progress import Progress

    report = record_evidence(
        ctx.db,
        ctx.args.id,
        ctx.args.files,
        config=ctx.config,
        author=ctx.author,
        now=ctx.now,
        progress=Progress,
    )
    if ctx.args.json:
        print_json(
            {
                "id": report.incident_id,
                "formats": list(report.formats),
                "rows": report.rows,
                "other_rows": report.other_rows,
                "changed": report.changed,
                "added": report.added,
                "states": report.states,
                "received": received_of(report.states),
                "exposed_addresses": report.summary.exposed_addresses,
                "people": report.summary.people,
                "records": report.summary.records,
                "facts": {key: value for key, value in report.facts.items()},
                "warnings": report.warnings,
            }
        )
        return 0
    states = ", ".join(f"{state} {n:,}" for state, n in report.states.items() if n)
    print(
        f"Read {report.rows:,} rows about {report.incident_id}'s messages "
        f"({', '.join(report.formats)}); {report.changed:,} recipients changed, "
        f"{report.added:,} added."
    )
    print(f"Delivery: {states}")
    print(
        f"Exposed: {report.summary.exposed_addresses:,} personal addresses, "
        f"{report.summary.people:,} people, {report.summary.records:,} records"
    )
    for key, value in report.facts.items():
        print(f"  fact {key} = {value}")
    for warning in report.warnings:
        print(f"  warning: {warning}")
    return 0


def run_replies(ctx: Context) -> int:
    """Read replies, or confirm deletion from the replies a person reviewed."""
    args = ctx.args
    if args.confirm or args.confirm_all:
        if args.paths:
            return _usage("give PATHs to read replies, or --confirm/--confirm-all, not both.")
        from playbook.evidence.replies import confirm_replies

        confirmed = confirm_replies(
            ctx.db,
            args.id,
            None if args.confirm_all else args.confirm,
            author=ctx.author,
            now=ctx.now,
        )
        if args.json:
            print_json({"id": args.id, "confirmed": [r.address for r in confirmed]})
        else:
            print(f"{len(confirmed):,} recipients confirmed deletion by email, from their replies.")
        return 0
    if not args.paths:
        return _list_replies(ctx)
    from playbook.evidence.replies import read_replies
    from playbook.runtime.progress import Progress

    report = read_replies(
        ctx.db, args.id, args.paths, author=ctx.author, now=ctx.now, progress=Progress
    )
    if args.json:
        print_json(
            {
                "id": report.incident_id,
                "read": report.read,
                "already_recorded": report.already_recorded,
                "replies": report.replies,
                "auto_replies": report.auto_replies,
                "bounces": report.bounces,
                "acknowledged": list(report.acknowledged),
                "bounced": list(report.bounced),
                "unmatched": report.unmatched,
            }
        )
        return 0
    print(
        f"Read {report.read:,} messages: {report.replies:,} replies, "
        f"{report.auto_replies:,} automatic replies, {report.bounces:,} bounces"
        + (f", {report.already_recorded:,} already recorded" if report.already_recorded else "")
        + "."
    )
    if report.acknowledged:
        print(f"{len(report.acknowledged):,} recipients moved to acknowledged:")
        print("\n".join(f"  {address}" for address in report.acknowledged))
        print(
            "Review their replies, then: playbook replies ID --confirm ADDRESS (or --confirm-all)"
        )
    if report.bounced:
        print("Our email bounced from these recipients; phone them:")
        print("\n".join(f"  {address}" for address in report.bounced))
    if report.unmatched:
        print(f"{len(report.unmatched):,} did not match:")
        print("\n".join(f"  {line}" for line in report.unmatched))
    return 0


def _list_replies(ctx: Context) -> int:
    from playbook.store.evidence import latest_replies
    from playbook.store.incidents import get_incident

    incident = get_incident(ctx.db, ctx.args.id)
    replies = latest_replies(ctx.db, incident.id)
    if ctx.args.json:
        print_json(
            {
                "id": incident.id,
                "replies": [
                    {
                        "address": reply.address,
                        "kind": reply.kind,
                        "matched_by": reply.matched_by,
                        "at": iso(reply.at),
                        "first_lines": reply.first_lines,
                        "confirmed": reply.confirmed,
                    }
                    for reply in replies.values()
                ],
            }
        )
        return 0
    if not replies:
        print(f"No replies recorded for {incident.id}; read them with `playbook replies ID PATH`.")
    for reply in replies.values():
        print(f"{reply.address}  {reply.kind}  {iso(reply.at) or ''}  {reply.first_lines}")
    return 0


def _usage(message: str) -> int:
    import sys

    print(f"playbook replies: {message}", file=sys.stderr)
    return 2

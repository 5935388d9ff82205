"""Containment commands: `contain` (the checklist and recipients) and `recipient` (status, trust)."""

from __future__ import annotations

import argparse
import sys
import textwrap
from datetime import datetime, tzinfo

from playbook.cli.context import Context
from playbook.cli.output import iso, print_json
from playbook.domain.containment import ITEM_KEYS, Chase, ChecklistItem
from playbook.domain.incident import Recipient
from playbook.domain.labels import counted
from playbook.domain.text import visible
from playbook.domain.vocabulary import CONFIRMED_HOW, CONTAINMENT_STATUSES, TRUSTS


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add contain and recipient."""
    contain = subcommands.add_parser(
        "contain", help="the containment checklist and every recipient's deletion status"
    )
    contain.add_argument("id", metavar="ID")
    marking = contain.add_mutually_exclusive_group()
    marking.add_argument(
        "--done", metavar="KEY", help=f"mark a checklist item done ({', '.join(ITEM_KEYS)})"
    )
    marking.add_argument(
        "--not-applicable", metavar="KEY", help="mark a checklist item not applicable (with --note)"
    )
    marking.add_argument("--reopen", metavar="KEY", help="mark a checklist item open again")
    contain.add_argument("--note", default="", metavar="TEXT", help="what was done, or why not")
    contain.add_argument("--by", metavar="NAME", help="who did it (default: config responder)")
    contain.add_argument("--json", action="store_true", help="print the checklist as JSON")
    contain.set_defaults(handler=run_contain)

    recipient = subcommands.add_parser(
        "recipient", help="record a recipient's deletion status or trust"
    )
    recipient.add_argument("id", metavar="ID")
    recipient.add_argument("address", metavar="ADDRESS", nargs="?", help="the recipient's address")
    recipient.add_argument(
        "--all-external",
        action="store_true",
        help="every external recipient not yet contacted (only with --status requested)",
    )
    change = recipient.add_mutually_exclusive_group(required=True)
    change.add_argument("--status", choices=CONTAINMENT_STATUSES, help="the new status")
    change.add_argument("--trust", choices=TRUSTS, help="how far the recipient can be trusted")
    recipient.add_argument(
        "--how", choices=CONFIRMED_HOW, help="how deletion was confirmed (with --status confirmed)"
    )
    recipient.add_argument(
        "--note",
        default="",
        metavar="TEXT",
        help="what they said; with confirmed, the evidence (inbox, deleted items, devices)",
    )
    recipient.add_argument(
        "--by", metavar="NAME", help="who recorded it (default: config responder)"
    )
    recipient.add_argument("--json", action="store_true", help="print what changed as JSON")
    recipient.set_defaults(handler=run_recipient)


def run_contain(ctx: Context) -> int:
    """Show the checklist and recipients, or mark one checklist item."""
    from playbook.store.containment import load_checklist, set_item_state

    args = ctx.args
    marks = {"done": args.done, "not_applicable": args.not_applicable, "open": args.reopen}
    for state, key in marks.items():
        if key:
            item = set_item_state(
                ctx.db, args.id, key, state, note=args.note, author=ctx.author, now=ctx.now
            )
            print(f"Checklist item '{item.key}' is now {state.replace('_', ' ')}.")
            return 0
    if args.note:
        return _usage("contain", "--note goes with --done, --not-applicable or --reopen.")
    from playbook.domain.containment import chase_order, derive_deletion, status_counts
    from playbook.store.incidents import get_incident
    from playbook.store.messages import load_recipients

    incident = get_incident(ctx.db, args.id)
    intervals = ctx.config.chasers
    checklist = load_checklist(ctx.db, incident.id, now=ctx.now, intervals=intervals)
    recipients = load_recipients(ctx.db, incident.id)
    ordered = chase_order(recipients, intervals, ctx.now)
    if args.json:
        print_json(
            {
                "id": incident.id,
                "title": incident.title,
                "checklist": [_item_json(item) for item in checklist],
                "recipients": [_recipient_json(recipient, chase) for recipient, chase in ordered],
                "counts": status_counts(recipients),
                "deletion": derive_deletion(recipients),
            }
        )
        return 0
    print(f"{incident.id}  {visible(incident.title)}")
    print("\nChecklist")
    for item in checklist:
        print("\n".join(_item_lines(item, ctx.zone)))
    counts = ", ".join(f"{status} {n}" for status, n in status_counts(recipients).items() if n)
    print(f"\nRecipients: {len(recipients)}" + (f" ({counts})" if counts else ""))
    print(f"Deletion: {derive_deletion(recipients) or 'no recipients imported yet'}")
    for recipient, chase in ordered:
        print("  " + _recipient_line(recipient, chase, ctx.now, ctx.zone))
    return 0


def run_recipient(ctx: Context) -> int:
    """Record one recipient's status or trust, or mark every external recipient requested."""
    from playbook.store.containment import (
        request_all_external,
        set_recipient_status,
        set_recipient_trust,
    )

    args = ctx.args
    if args.all_external == bool(args.address):
        return _usage("recipient", "give one ADDRESS, or --all-external, not both.")
    if args.how and args.status != "confirmed":
        return _usage("recipient", "--how goes with --status confirmed.")
    if args.all_external:
        if args.status != "requested":
            return _usage("recipient", "--all-external goes only with --status requested.")
        change = request_all_external(
            ctx.db, args.id, note=args.note, author=ctx.author, now=ctx.now
        )
        summary = f"{counted(len(change.changed), 'external recipient')} marked requested."
    elif args.trust:
        change = set_recipient_trust(
            ctx.db, args.id, args.address, args.trust, author=ctx.author, now=ctx.now
        )
        summary = f"{visible(change.changed[0].address)} is now trusted as {args.trust}."
    else:
        change = set_recipient_status(
            ctx.db,
            args.id,
            args.address,
            args.status,
            how=args.how,
            note=args.note,
            author=ctx.author,
            now=ctx.now,
        )
        how = f" by {args.how}" if args.how else ""
        summary = f"{visible(change.changed[0].address)} is now {args.status}{how}."
    reassess = (
        f"This changes the likely outcome from {change.outcome_before} to "
        f"{change.outcome_after}; reassess with `playbook assess {args.id.upper()}`."
    )
    if args.json:
        print_json(
            {
                "changed": [_recipient_json(recipient, None) for recipient in change.changed],
                "deletion": change.deletion,
                "facts_recorded": change.facts_recorded,
                "outcome_before": change.outcome_before,
                "outcome_after": change.outcome_after,
                "reassess": change.outcome_changed,
            }
        )
        return 0
    print(summary)
    for key, value in change.facts_recorded.items():
        print(f"The {key} fact is now {value}.")
    if change.outcome_changed:
        print(reassess)
    return 0


def _usage(command: str, sentence: str) -> int:
    print(f"playbook {command}: {sentence}", file=sys.stderr)
    return 2


def _item_json(item: ChecklistItem) -> dict[str, object]:
    return {
        "key": item.key,
        "title": item.title,
        "detail": item.detail,
        "state": item.state,
        "at": iso(item.at),
        "by": item.by or None,
        "note": item.note or None,
    }


def _recipient_json(recipient: Recipient, chase: Chase | None) -> dict[str, object]:
    return {
        "address": recipient.address,
        "name": recipient.name,
        "field": recipient.field,
        "kind": recipient.kind,
        "trust": recipient.trust,
        "status": recipient.status,
        "how": recipient.how,
        "evidence": recipient.evidence or None,
        "status_at": iso(recipient.status_at),
        "chase_due": iso(chase.due_at) if chase else None,
        "chase": chase.kind if chase else None,
        "chase_overdue": chase.overdue if chase else False,
        "delivery": recipient.delivery,
        "under": recipient.under or None,
        "email_bounced": recipient.email_bounced,
    }


def _item_lines(item: ChecklistItem, zone: tzinfo) -> list[str]:
    from playbook.domain.clock import format_local

    box = {"open": "[ ]", "done": "[x]", "not_applicable": "[-]"}[item.state]
    lines = [f"  {box} {item.key:<18} {item.title}"]
    if item.state == "open":
        lines.append(
            textwrap.fill(item.detail, width=96, initial_indent=" " * 6, subsequent_indent=" " * 6)
        )
    else:
        said = f": {visible(item.note)}" if item.note else ""
        assert item.at is not None  # a marked item records when it was marked
        lines.append(
            f"      {item.state.replace('_', ' ')} {format_local(item.at, zone)} by {visible(item.by)}{said}"
        )
    return lines


def _recipient_line(recipient: Recipient, chase: Chase | None, now: datetime, zone: tzinfo) -> str:
    from playbook.domain.clock import format_duration, format_local

    if chase is None:
        chase_text = ""
    elif chase.overdue:
        chase_text = f"{chase.kind} chase overdue by {format_duration(now - chase.due_at)}"
    else:
        chase_text = f"{chase.kind} chase at {format_local(chase.due_at, zone)}"
    how = f" ({recipient.how})" if recipient.how else ""
    return (
        f"{visible(recipient.address):<36} {recipient.field:<3} {recipient.kind:<17} "
        f"{recipient.trust:<8} {recipient.status + how:<22} {chase_text}"
    ).rstrip()

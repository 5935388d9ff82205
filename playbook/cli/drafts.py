"""The drafts command: one message per person, checked by the safety gate, written or sent."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from playbook import paths
from playbook.cli.context import Context
from playbook.cli.output import printable
from playbook.domain.labels import counted
from playbook.domain.vocabulary import DraftKind

if TYPE_CHECKING:
    from playbook.notify.outbox import GateRefused, Writing

KINDS = (*(kind.command_name for kind in DraftKind), "public-notice", "letter", "phone-list")
FORMATS = ("eml", "mbox")


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add drafts."""
    drafts = subcommands.add_parser(
        "drafts",
        help="write one message per person (apology, deletion request, chaser), each checked "
        "by the safety gate; --send hands them to the SMTP relay",
    )
    drafts.add_argument("id", metavar="ID")
    drafts.add_argument(
        "kind",
        choices=KINDS,
        help="apology: to each affected person; deletion-request: to each outside recipient "
        "who has not confirmed deletion; chaser: to each still owing a written confirmation; "
        "public-notice: one notice naming nobody, when the decision relies on Art. 34(3)(c); "
        "letter: a print-ready PDF to each person with a postal address and no email; "
        "phone-list: whom to call (a phone number, no email, no usable address)",
    )
    drafts.add_argument(
        "--out",
        metavar="DIR",
        help="where to write the drafts (default: config outbox_dir, else the user data dir)",
    )
    drafts.add_argument(
        "--format",
        choices=FORMATS,
        default="eml",
        help="a folder of .eml files (default) or one .mbox file",
    )
    drafts.add_argument("--only", metavar="ADDRESS", help="draft only for this person")
    drafts.add_argument(
        "--send",
        action="store_true",
        help="also send them through the SMTP relay in config (those already sent are skipped)",
    )
    drafts.add_argument("--by", metavar="NAME", help="who is writing (default: config responder)")
    drafts.set_defaults(handler=run_drafts)


def run_drafts(ctx: Context) -> int:
    """Write (and with --send, send) one draft per person."""
    from playbook.notify.outbox import GateRefused, write_drafts
    from playbook.notify.sending import relay_password, send_messages
    from playbook.runtime.progress import Progress

    args = ctx.args
    kind = args.kind.replace("-", "_")
    if kind == "public_notice":
        return _write_public_notice(ctx)
    if kind in ("letter", "phone_list"):
        if args.send or args.only or args.format != "eml":
            from playbook.domain.errors import Refused

            raise Refused(
                f"--send, --only and --format are for drafts by email; {args.kind} writes files "
                "only, so run it without them."
            )
        return _write_letters(ctx) if kind == "letter" else _write_phone_list(ctx)
    if args.send:
        relay_password(ctx.config.smtp, os.environ)  # refuse before anything is written
    try:
        written = write_drafts(
            ctx.db,
            args.id,
            kind,
            **_writing(ctx),
            fmt=args.format,
            only=args.only,
            progress=Progress,
        )
    except GateRefused as refused:
        _print_gate_failures("drafts", refused)
        raise
    count = len(written.messages)
    print(
        f"Wrote {count} {args.kind} draft{'s' if count != 1 else ''} to {written.path}; each "
        "goes to one person and holds nobody else's address or name."
    )
    if written.without_address:
        print(
            f"{written.without_address} of them have no email address: reach them by post or phone."
        )
    if written.unusable:
        print(
            f"{len(written.unusable)} addresses cannot be written to (not one plain email "
            "address each), so they were skipped; reach them another way:"
        )
        for address in written.unusable:
            print(f"  {printable(address)}")
    if args.send:
        report = send_messages(
            ctx.db,
            args.id.upper(),
            kind,
            written.messages,
            config=ctx.config,
            now=ctx.now,
            author=ctx.author,
            batch={"template_sha256": written.template_sha256, "batch_sha256": written.sha256},
            progress=Progress,
        )
        print(f"Sent {report.sent}; {report.already_sent} had been sent before and were skipped.")
        if report.in_flight_before:
            print(
                f"{report.in_flight_before} were being sent when an earlier run stopped and were "
                "sent again: those people may have it twice."
            )
    if kind == "deletion_request":
        print(
            "Once they have gone out, record it: playbook recipient "
            f"{args.id.upper()} --all-external --status requested"
        )
    return 0


def _write_public_notice(ctx: Context) -> int:
    """Write the one public notice the Art. 34(3)(c) exemption calls for."""
    from playbook.notify.public_notice import write_public_notice

    written = write_public_notice(ctx.db, ctx.args.id, **_writing(ctx))
    print(f"Wrote the public notice to {written.path}; it names nobody. Publish it from there.")
    return 0


def _write_letters(ctx: Context) -> int:
    """Write one letter per person with a postal address and no email, and the print files."""
    from playbook.notify.letters import COMBINED, MAIL_MERGE, WITHOUT_ADDRESS, write_letters
    from playbook.notify.outbox import GateRefused
    from playbook.runtime.progress import Progress

    try:
        written = write_letters(ctx.db, ctx.args.id, **_writing(ctx), progress=Progress)
    except GateRefused as refused:
        _print_gate_failures("letters", refused)
        raise
    count = written.count
    print(
        f"Wrote {written.written} of {count} letter{'s' if count != 1 else ''} to "
        f"{written.folder}; each is to one person and holds nobody else's details."
    )
    if written.unchanged:
        print(f"{written.unchanged} were already there with the same content and were kept.")
    if written.removed:
        print(f"{written.removed} letters from an earlier run, to people no longer due one, went.")
    print(f"For the print room: {COMBINED} (every letter) and {MAIL_MERGE} (the mail merge).")
    left = (*written.by_phone, *written.unreachable)
    if left:
        print(
            f"{counted(len(left), 'person has', 'people have')} neither an email nor a usable "
            f"postal address, so got no letter (also listed in {WITHOUT_ADDRESS}):"
        )
        by_phone = {person.key for person in written.by_phone}
        for person in left:
            how = "call them (phone-list)" if person.key in by_phone else "no way to reach them"
            print(f"  {printable(person.name or person.key)}: {how}")
    return 0


def _write_phone_list(ctx: Context) -> int:
    """Write the call list: people with a phone number and neither an email nor an address."""
    from playbook.notify.phone_list import write_phone_list

    written = write_phone_list(ctx.db, ctx.args.id, **_writing(ctx))
    print(
        f"Wrote the call list of {counted(written.count, 'person', 'people')} to {written.folder} ({written.csv.name} "
        f"and {written.text.name}, with the call script). Record each call with `playbook notice`."
    )
    if written.unreachable:
        print(
            f"{counted(len(written.unreachable), 'person has', 'people have')} no email, no "
            "usable address and no phone: find another way to reach them:"
        )
        for person in written.unreachable:
            print(f"  {printable(person.name or person.key)}")
    return 0


def _writing(ctx: Context) -> Writing:
    return {
        "config": ctx.config,
        "zone": ctx.zone,
        "out_dir": _out_dir(ctx),
        "now": ctx.now,
        "author": ctx.author,
    }


def _print_gate_failures(what: str, refused: GateRefused) -> None:
    print(f"These {what} failed the safety gate:")
    for failure in refused.failures:
        print(f"  {printable(failure.key)}: {printable('; '.join(failure.reasons))}")


def _out_dir(ctx: Context) -> Path:
    if ctx.args.out:
        return Path(ctx.args.out).expanduser()
    return paths.outbox_dir(ctx.config.outbox_dir)

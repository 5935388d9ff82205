"""The report command: the ICO report pack, the Art. 33(5) log, and the register."""

from __future__ import annotations

import argparse
import sys

from playbook.cli.context import Context
from playbook.domain.errors import Refused

_KINDS = ("ico", "log")
_FORMATS = {"ico": ("md", "txt", "json"), "log": ("md",), "register": ("md", "csv")}


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add report."""
    report = subcommands.add_parser(
        "report",
        help="print the ICO report (report ID ico), the breach log (report ID log) "
        "or the register (report register)",
    )
    report.add_argument("target", metavar="ID|register", help="an incident, or `register`")
    report.add_argument("kind", nargs="?", choices=_KINDS, help="ico or log (with an ID)")
    report.add_argument(
        "--format",
        choices=("md", "txt", "json", "csv"),
        default="md",
        help="ico: md, txt or json; log: md; register: md or csv (default: md)",
    )
    report.set_defaults(handler=run_report)


def run_report(ctx: Context) -> int:
    """Render the chosen report to stdout."""
    args = ctx.args
    what = "register" if args.target.lower() == "register" else args.kind
    if what == "register" and args.kind:
        raise Refused(
            "`report register` takes no ico or log; use `report ID ico` for one incident."
        )
    if what is None:
        raise Refused(f"Say which report: `playbook report {args.target} ico` or `... log`.")
    if args.format not in _FORMATS[what]:
        raise Refused(
            f"The {what} report comes as {' or '.join(_FORMATS[what])}; pick one of those."
        )

    from playbook.render.environment import Renderer
    from playbook.reporting import reports

    renderer = Renderer(ctx.config, ctx.zone)
    if what == "register":
        text = reports.register(ctx.db, renderer=renderer, now=ctx.now, fmt=args.format)
    elif what == "ico":
        text = reports.ico_report(
            ctx.db, args.target, renderer=renderer, config=ctx.config, now=ctx.now, fmt=args.format
        )
    else:
        text = reports.breach_log(
            ctx.db, args.target, renderer=renderer, config=ctx.config, now=ctx.now
        )
    if args.format == "json":  # the guard on stdout would write C1 as \x9b, which JSON lacks
        from playbook.domain.text import visible_json

        text = visible_json(text)
    sys.stdout.write(text)
    return 0

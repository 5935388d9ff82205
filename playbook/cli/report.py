"""The report command: the ICO report pack, the Art. 33(5) log, and the register; as text or PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playbook.cli.context import Context
from playbook.domain.errors import Refused

_KINDS = ("ico", "log")
_FORMATS = {
    "ico": ("md", "txt", "json", "pdf"),
    "log": ("md", "pdf"),
    "register": ("md", "csv", "pdf"),
}
_AUTHORITY_REMINDER = (
    "playbook: the config names no supervisory authority, so the report says "
    '"the supervisory authority"; set `supervisory_authority` (e.g. "CNIL") in the config '
    "to name it."
)


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
        choices=("md", "txt", "json", "csv", "pdf"),
        default="md",
        help="ico: md, txt, json or pdf; log: md or pdf; register: md, csv or pdf (default: md)",
    )
    report.add_argument(
        "--out",
        metavar="FILE",
        help="write the report to FILE, a new file (FILE-2... if FILE exists) instead of stdout",
    )
    report.set_defaults(handler=run_report)


def run_report(ctx: Context) -> int:
    """Render the chosen report to stdout or to --out FILE."""
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
    if args.format == "pdf" and not args.out and sys.stdout.isatty():
        raise Refused(
            "A PDF cannot be shown on the terminal; give --out FILE, or redirect the output "
            "to a file (> report.pdf)."
        )

    from playbook.reporting.reports import authority_unnamed

    incident_id = None if what == "register" else args.target
    content = _pdf(ctx, what) if args.format == "pdf" else _text(ctx, what)
    if authority_unnamed(ctx.db, ctx.config, incident_id):
        print(_AUTHORITY_REMINDER, file=sys.stderr)
    if args.out:
        from playbook.runtime.files import write_new_file

        written = write_new_file(Path(args.out), content)
        print(f"Wrote {written}")
    elif isinstance(content, bytes):
        binary = getattr(sys.stdout, "buffer", None)
        if binary is None:
            raise Refused("This output takes text only; give --out FILE for the PDF.")
        sys.stdout.flush()
        binary.write(content)
        binary.flush()
    else:
        sys.stdout.write(content)
    return 0


def _text(ctx: Context, what: str) -> str:
    from playbook.render.environment import Renderer
    from playbook.reporting import reports

    args = ctx.args
    renderer = Renderer(ctx.config, ctx.zone)
    if what == "register":
        text = reports.register(
            ctx.db, renderer=renderer, config=ctx.config, now=ctx.now, fmt=args.format
        )
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
    return text


def _pdf(ctx: Context, what: str) -> bytes:
    from playbook.render.pdf import Typesetter
    from playbook.reporting import case_file

    typesetter = Typesetter(ctx.config)
    if what == "register":
        return case_file.register_pdf(
            ctx.db, typesetter=typesetter, config=ctx.config, now=ctx.now, local_zone=ctx.zone
        )
    typeset = case_file.ico_report_pdf if what == "ico" else case_file.breach_log_pdf
    return typeset(
        ctx.db,
        ctx.args.target,
        typesetter=typesetter,
        config=ctx.config,
        now=ctx.now,
        local_zone=ctx.zone,
    )

"""The command line: argparse, one module per group of commands, each adding its subcommands.

Modules here import only what parsing needs; a handler imports heavy parts (mail, Jinja,
Textual) when it runs, so that quick commands start fast.
"""

from __future__ import annotations

import argparse
import importlib

from playbook import __version__

# Each command and the module whose `register(subcommands)` adds it, in `playbook --help` order.
# A run loads only its command's module; help and unknown commands load them all.
COMMANDS = {
    "new": "playbook.cli.incidents",
    "list": "playbook.cli.incidents",
    "show": "playbook.cli.incidents",
    "note": "playbook.cli.incidents",
    "close": "playbook.cli.incidents",
    "reopen": "playbook.cli.incidents",
    "verify": "playbook.cli.incidents",
    "import": "playbook.cli.importing",
    "contain": "playbook.cli.containment",
    "recipient": "playbook.cli.containment",
    "evidence": "playbook.cli.evidence",
    "replies": "playbook.cli.evidence",
    "assess": "playbook.cli.assess",
    "decide": "playbook.cli.assess",
    "report": "playbook.cli.report",
    "drafts": "playbook.cli.drafts",
    "notice": "playbook.cli.notices",
    "templates": "playbook.cli.templates",
    "export": "playbook.cli.portable",
    "import-incident": "playbook.cli.portable",
    "purge": "playbook.cli.maintenance",
    "backup": "playbook.cli.maintenance",
    "init": "playbook.cli.setup",
    "demo": "playbook.cli.setup",
}


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The `playbook` parser: with `argv`, only the subcommand it names; else every subcommand."""
    parser = argparse.ArgumentParser(
        prog="playbook",
        description="Walk through an email sent to the wrong people: contain, assess, decide, "
        "notify, and keep the log. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"playbook {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help="the SQLite file (default: $PLAYBOOK_DB or the user data dir)"
    )
    parser.add_argument(
        "--config", metavar="PATH", help="the config file (default: the user config dir)"
    )
    modules = _modules_for(parser, argv)
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in modules:
        importlib.import_module(module_name).register(subcommands)
    return parser


def _modules_for(parser: argparse.ArgumentParser, argv: list[str] | None) -> list[str]:
    """The modules to load: the named command's alone when it is known, none when no command
    is given (the app opens), else all of them (for help, or to name an unknown command).

    Called before the subcommands are added, so the global options alone are parsed here.
    """
    if argv is not None and not {"-h", "--help"} & set(argv):
        _, rest = parser.parse_known_args(argv)
        if not rest:
            return []
        if rest[0] in COMMANDS:
            return [COMMANDS[rest[0]]]
    return list(dict.fromkeys(COMMANDS.values()))

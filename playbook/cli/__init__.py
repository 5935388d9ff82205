"""The command line: argparse, one module per group of commands, each adding its subcommands.

Modules here import only what parsing needs; a handler imports heavy parts (mail, Jinja,
Textual) when it runs, so that quick commands start fast.
"""

from __future__ import annotations

import argparse
import importlib

from playbook import __version__

# Each module has `register(subcommands)`; the order is the order of `playbook --help`.
COMMAND_MODULES = (
    "playbook.cli.incidents",
    "playbook.cli.importing",
    "playbook.cli.portable",
    "playbook.cli.setup",
    "playbook.cli.maintenance",
    "playbook.cli.assess",
    "playbook.cli.containment",
    "playbook.cli.report",
    "playbook.cli.drafts",
    "playbook.cli.templates",
)


def build_parser() -> argparse.ArgumentParser:
    """The full `playbook` parser with every subcommand."""
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
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subcommands)
    return parser

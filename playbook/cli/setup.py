"""Getting started: init writes a config file, demo seeds a throw-away database."""

from __future__ import annotations

import argparse
import sys

from playbook import paths
from playbook.cli.context import Context
from playbook.domain.errors import Refused


def register(subcommands: argparse._SubParsersAction) -> None:
    """Add init and demo."""
    init = subcommands.add_parser("init", help="write a default config file to edit")
    init.add_argument("--force", action="store_true", help="overwrite an existing config file")
    init.set_defaults(handler=run_init, reads_config=False)

    demo = subcommands.add_parser("demo", help="seed a throw-away database with demo incidents")
    demo.set_defaults(handler=run_demo)


def run_init(ctx: Context) -> int:
    """Write the default config."""
    from playbook.config import write_default_config

    path = paths.config_path(ctx.args.config)
    if path.exists() and not ctx.args.force:
        raise Refused(
            f"{path} already exists; edit it, or pass --force to start again from the defaults."
        )
    write_default_config(path)
    print(f"Wrote {path}. Set your organisation, DPO and sender address there.")
    return 0


def run_demo(ctx: Context) -> int:
    """Seed a demo database and say what is in it."""
    import tempfile
    from pathlib import Path

    from playbook.demo import seed_demo
    from playbook.store.database import open_database

    db_path = (
        Path(ctx.args.db)
        if ctx.args.db
        else Path(tempfile.mkdtemp(prefix="playbook-demo-")) / "demo.db"
    )
    db = open_database(db_path)
    incidents = seed_demo(db, now=ctx.now, config=ctx.config)
    print(f"Demo database: {db_path}")
    for incident in incidents:
        print(f"  {incident.id}  {incident.title}")
    print(f"Try: playbook --db {db_path} list", file=sys.stderr)
    return 0

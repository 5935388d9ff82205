"""Getting started: init writes a config file, demo seeds a throw-away database."""

from __future__ import annotations

import argparse
import sys

from playbook import paths
from playbook.cli.context import Context
from playbook.domain.errors import Refused
from playbook.domain.text import visible


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add init and demo."""
    init = subcommands.add_parser("init", help="write a default config file to edit")
    init.add_argument("--force", action="store_true", help="overwrite an existing config file")
    init.set_defaults(handler=run_init, reads_config=False)

    demo = subcommands.add_parser(
        "demo", help="open the app on a throw-away database seeded with demo incidents"
    )
    demo.add_argument(
        "--no-app", action="store_true", help="only seed the database and print what is in it"
    )
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
    """Seed a demo database, then open the app on it (with --no-app, or without a terminal, say
    what is in it instead).

    The demo runs as the fictional council of `examples/config.toml` unless --config names
    another file, and writes its drafts beside the throw-away database.
    """
    import dataclasses
    import tempfile
    from pathlib import Path

    from playbook.config import load_config
    from playbook.intake.demo import seed_demo
    from playbook.store.database import open_database

    db_path = (
        Path(ctx.args.db)
        if ctx.args.db
        else Path(tempfile.mkdtemp(prefix="playbook-demo-")) / "demo.db"
    )
    config_path = (
        paths.config_path(ctx.args.config)
        if ctx.args.config
        else paths.shipped_dir("examples") / "config.toml"
    )
    config = load_config(config_path)
    if not config.outbox_dir:
        config = dataclasses.replace(config, outbox_dir=str(db_path.parent / "outbox"))
    db = open_database(db_path)
    incidents = seed_demo(db, now=ctx.now, config=config)
    if not ctx.args.no_app and sys.stdin.isatty() and sys.stdout.isatty():
        from playbook.ui.app import run_app

        code = run_app(db, config=config, author=config.responder or ctx.author)
        print(
            f"The demo database stays at {db_path}; open it again with: "
            f"playbook --db {db_path} --config {config_path}"
        )
        return code
    if not ctx.args.no_app:
        print("The app needs a terminal; here is what the demo holds instead.", file=sys.stderr)
    print(f"Demo database: {db_path}")
    for incident in incidents:
        print(f"  {incident.id}  {visible(incident.title)}")
    print(f"Try: playbook --db {db_path} --config {config_path} list", file=sys.stderr)
    return 0

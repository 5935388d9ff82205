"""The `playbook` command: parse, run one handler, turn problems into one plain sentence."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

    from playbook.cli.context import Context


def main(argv: list[str] | None = None) -> int:
    """Run playbook with `argv` (default: the process arguments); return the exit status."""
    from playbook.cli.guard import visible_streams

    argv = sys.argv[1:] if argv is None else argv
    with visible_streams():  # nothing read from a message or a file reaches the terminal raw
        return _run(argv)


def _run(argv: list[str]) -> int:
    """Parse `argv`, run its handler, and turn what goes wrong into one plain sentence."""
    from playbook.cli import build_parser
    from playbook.cli.context import Context
    from playbook.domain.errors import PlaybookError
    from playbook.domain.text import visible

    parser = build_parser(argv)
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            build_parser(None).print_help()  # with every command listed
            print("\nWith no command, playbook opens its app, which needs a terminal.")
            return 0
        handler = _open_app
    context = Context(args)
    try:
        if getattr(args, "reads_config", True):
            context.config  # noqa: B018 - a broken config is reported before any work starts
        return handler(context)
    except PlaybookError as error:
        print(f"playbook: {visible(str(error), lines=True)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("playbook: stopped; nothing half-written was kept.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # the last guard: never a traceback, never personal data
        explained = _store_problem(error, args)
        if explained:
            print(f"playbook: {explained}", file=sys.stderr)
            return 1
        print(
            f"playbook: an unexpected {type(error).__name__} stopped the command; nothing half-written "
            "was kept. Please report it with the command you ran.",
            file=sys.stderr,
        )
        return 1


def _store_problem(error: Exception, args: argparse.Namespace) -> str | None:
    """A locked, read-only or full database as the sentence saying what to do; else None."""
    import sqlite3

    if not isinstance(error, sqlite3.OperationalError):
        return None
    from playbook import paths
    from playbook.store.database import explained

    return str(explained(error, paths.database_path(args.db)))


def _open_app(ctx: Context) -> int:
    """No command: open the app on the register (the only path that imports Textual)."""
    from playbook.ui.app import run_app

    return run_app(ctx.db, config=ctx.config, author=ctx.author)


if __name__ == "__main__":
    sys.exit(main())

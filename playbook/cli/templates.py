"""The templates command: list the templates, show one, copy them all to customise."""

from __future__ import annotations

import argparse
from pathlib import Path

from playbook.cli.context import Context
from playbook.cli.output import print_json


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add templates list, show and copy."""
    templates = subcommands.add_parser(
        "templates", help="the message and report templates: list, show, copy to customise"
    )
    actions = templates.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list", help="every template, its language and where it is loaded from"
    )
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    listing.set_defaults(handler=run_list)
    show = actions.add_parser("show", help="print a template as it will be used")
    show.add_argument("name", metavar="NAME", help="e.g. apology.txt.j2 (or apology.txt)")
    show.set_defaults(handler=run_show)
    copy = actions.add_parser(
        "copy",
        help="copy the shipped templates, every language's, to a folder to customise",
    )
    copy.add_argument("dir", metavar="DIR")
    copy.set_defaults(handler=run_copy)


def run_list(ctx: Context) -> int:
    """List the templates."""
    from playbook.render.environment import Renderer

    found = Renderer(ctx.config, ctx.zone).list_templates()
    if ctx.args.json:
        print_json(
            [
                {
                    "name": info.name,
                    "language": info.language,
                    "origin": info.origin,
                    "path": str(info.path),
                }
                for info in found
            ]
        )
        return 0
    for info in found:
        print(f"{info.name:<28} {info.language:<3} {info.origin:<8} {info.path}")
    return 0


def run_show(ctx: Context) -> int:
    """Print one template's source."""
    from playbook.domain.errors import NotFound
    from playbook.render.environment import TEMPLATE_SUFFIX, Renderer

    renderer = Renderer(ctx.config, ctx.zone)
    name = ctx.args.name
    info = renderer.find(name) or renderer.find(name + TEMPLATE_SUFFIX)
    if info is None:
        raise NotFound(f"There is no template {name}; `playbook templates list` shows them.")
    print(info.path.read_text(encoding="utf-8"), end="")
    return 0


def run_copy(ctx: Context) -> int:
    """Copy the shipped templates to DIR."""
    from playbook.render.environment import copy_shipped_templates

    destination = Path(ctx.args.dir).expanduser()
    copied = copy_shipped_templates(destination)
    print(
        f"Copied {len(copied)} templates to {destination}. To use them, set "
        f'templates_dir = "{destination.resolve()}" in the config file; a template you remove '
        "there falls back to the shipped one."
    )
    return 0

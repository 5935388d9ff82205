"""Moving an incident between databases: export and import-incident."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from playbook.cli.context import Context
from playbook.domain.errors import PlaybookError
from playbook.domain.text import visible, visible_json, visible_toml


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add export and import-incident."""
    export = subcommands.add_parser("export", help="print one incident and all its records")
    export.add_argument("id", metavar="ID")
    export.add_argument(
        "--format",
        choices=("toml", "json", "edpb"),
        default="json",
        help="json or toml (the whole record, for import-incident), or edpb (the EDPB's "
        "draft breach-notification template, with the fields not yet known listed); "
        "default: json",
    )
    export.set_defaults(handler=run_export)

    load = subcommands.add_parser("import-incident", help="add an incident from an export file")
    load.add_argument(
        "file", metavar="FILE", help="a .toml or .json file made by `playbook export`"
    )
    load.set_defaults(handler=run_import_incident)


def run_export(ctx: Context) -> int:
    """Print an export."""
    if ctx.args.format == "edpb":
        return _export_edpb(ctx)
    from playbook.store.incidents import export_incident

    exported = export_incident(ctx.db, ctx.args.id)
    if ctx.args.format == "json":
        text = json.dumps(exported, indent=2, ensure_ascii=False, sort_keys=True)
        sys.stdout.write(visible_json(text) + "\n")
    else:
        import tomli_w

        sys.stdout.write(visible_toml(tomli_w.dumps(_without_nulls(exported))))
    return 0


def _export_edpb(ctx: Context) -> int:
    from playbook.reporting.edpb import edpb_notification

    notification = edpb_notification(
        ctx.db, ctx.args.id, config=ctx.config, now=ctx.now, local_zone=ctx.zone
    )
    text = json.dumps(notification, indent=2, ensure_ascii=False)
    sys.stdout.write(visible_json(text) + "\n")
    return 0


def run_import_incident(ctx: Context) -> int:
    """Read an export file and add its incident."""
    from playbook.store.incidents import import_incident

    path = Path(ctx.args.file)
    exported = _read_export(path)
    incident = import_incident(ctx.db, exported)
    print(f"Imported {incident.id}: {visible(incident.title)}")
    return 0


def _read_export(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise PlaybookError(f"There is no file {path}.") from error
    except (OSError, UnicodeDecodeError) as error:
        raise PlaybookError(
            f"{path} cannot be read as UTF-8 text; give the file `playbook export` wrote."
        ) from error
    if not text.strip():
        raise PlaybookError(f"{path} is empty; give the file `playbook export` wrote.")
    try:
        if path.suffix.lower() == ".toml" or not text.lstrip().startswith("{"):
            import tomllib

            return tomllib.loads(text)
        loaded = json.loads(text)
    except ValueError as error:
        raise PlaybookError(
            f"{path} is neither valid JSON nor valid TOML; give the file `playbook export` wrote."
        ) from error
    if not isinstance(loaded, dict):
        raise PlaybookError(f"{path} holds no incident; give the file `playbook export` wrote.")
    return loaded


def _without_nulls(value: Any) -> Any:
    """TOML has no null: leave such keys out (import treats a missing column as null)."""
    if isinstance(value, dict):
        return {key: _without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value

"""The layers of design.md §2: what each part may import."""

import argparse
import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "playbook"
DOMAIN_MAY_IMPORT = {"dateutil", "playbook"}


def modules_outside_ui() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        if "ui" in relative.parts:
            continue
        names.append(".".join(relative.parts).removesuffix(".__init__"))
    return names


def test_nothing_outside_ui_imports_textual():
    program = (
        "import importlib, sys\n"
        f"for name in {modules_outside_ui()!r}:\n"
        "    importlib.import_module(name)\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_a_list_command_never_imports_textual(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "playbook",
            "--db",
            str(tmp_path / "x.db"),
            "list",
        ],
        capture_output=True,
        text=True,
        env={"PLAYBOOK_CONFIG": str(tmp_path / "none.toml"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    imported = [line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line]
    assert "playbook.store.incidents" in imported  # the command really ran
    assert not [name for name in imported if name.split(".")[0] in {"textual", "jinja2", "rich"}]


@pytest.mark.parametrize("path", sorted((PACKAGE / "domain").rglob("*.py")), ids=lambda p: p.name)
def test_the_domain_imports_only_the_stdlib_and_dateutil(path):
    tree = ast.parse(path.read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
    outside = {name for name in imported if name not in sys.stdlib_module_names} - DOMAIN_MAY_IMPORT
    assert not outside
    domain_internal = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not [
        m
        for m in domain_internal
        if m.startswith("playbook.") and not m.startswith("playbook.domain")
    ]
    assert "datetime.now(" not in path.read_text()


def test_every_command_is_registered_by_the_module_the_map_names():
    import argparse
    import importlib

    from playbook.cli import COMMANDS

    for module_name in set(COMMANDS.values()):
        parser = argparse.ArgumentParser()
        subcommands = parser.add_subparsers()
        importlib.import_module(module_name).register(subcommands)
        registered = set(subcommands.choices)
        assert registered == {name for name, owner in COMMANDS.items() if owner == module_name}


def test_a_command_loads_only_its_own_module():
    from playbook.cli import build_parser

    parser = build_parser(["--db", "x.db", "list", "--json"])
    assert parser.parse_args(["--db", "x.db", "list", "--json"]).command == "list"
    subcommands = next(
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    )
    assert set(subcommands.choices) == {"new", "list", "show", "note", "close", "reopen", "verify"}

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


def test_nothing_outside_ui_imports_textual() -> None:
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


def test_a_list_command_never_imports_textual(tmp_path: Path) -> None:
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
def test_the_domain_imports_only_the_stdlib_and_dateutil(path: Path) -> None:
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


def test_every_command_is_registered_by_the_module_the_map_names() -> None:
    import argparse
    import importlib

    from playbook.cli import COMMANDS

    for module_name in set(COMMANDS.values()):
        parser = argparse.ArgumentParser()
        subcommands = parser.add_subparsers()
        importlib.import_module(module_name).register(subcommands)
        registered = set(subcommands.choices)
        assert registered == {name for name, owner in COMMANDS.items() if owner == module_name}


def test_a_command_loads_only_its_own_module() -> None:
    from playbook.cli import build_parser

    parser = build_parser(["--db", "x.db", "list", "--json"])
    assert parser.parse_args(["--db", "x.db", "list", "--json"]).command == "list"
    subcommands = next(
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    )
    assert set(subcommands.choices) == {"new", "list", "show", "note", "close", "reopen", "verify"}


# What running SQL looks like: a call on a connection or table, a table looked up on `db`, or a
# literal statement (written in capitals, as this project writes SQL).
_SQL_CALLS = {"execute", "executemany", "executescript", "rows_where", "count_where"}
_SQL_STATEMENT = ("SELECT ", "INSERT ", "UPDATE ", "DELETE ", "PRAGMA ", "CREATE ", "DROP ")


def _modules(*, inside: str | None = None, outside: str | None = None) -> list[Path]:
    paths = sorted(PACKAGE.rglob("*.py"))
    if inside:
        return [path for path in paths if inside in path.relative_to(PACKAGE).parts[:1]]
    return [path for path in paths if outside not in path.relative_to(PACKAGE).parts[:1]]


def sql_in(tree: ast.AST) -> list[str]:
    """Each place in a module's tree that runs SQL, as a short description."""
    found = []
    for node in ast.walk(tree):
        match node:
            case ast.Call(func=ast.Attribute(attr=name)) if name in _SQL_CALLS:
                found.append(f"line {node.lineno}: .{name}()")
            case ast.Subscript(value=ast.Name(id="db")):
                found.append(f"line {node.lineno}: db[...]")
            case ast.Constant(value=str(text)) if text.lstrip().startswith(_SQL_STATEMENT):
                found.append(f"line {node.lineno}: a SQL statement")
    return found


def imported_modules(tree: ast.AST) -> set[str]:
    """Every module a tree imports, absolute names."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


@pytest.mark.parametrize(
    "path", _modules(outside="store"), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_only_the_store_runs_sql(path: Path) -> None:
    assert sql_in(ast.parse(path.read_text())) == []


@pytest.mark.parametrize("path", _modules(inside="ui"), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_ui_never_imports_the_command_line(path: Path) -> None:
    imported = imported_modules(ast.parse(path.read_text()))
    assert not [
        name for name in imported if name == "playbook.cli" or name.startswith("playbook.cli.")
    ]


@pytest.mark.parametrize(
    "path", _modules(inside="store"), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_the_store_never_reads_the_config(path: Path) -> None:
    imported = imported_modules(ast.parse(path.read_text()))
    assert not [name for name in imported if name.startswith("playbook.config")]


def domain_checks() -> set[str]:
    """The domain's rule checks: every `check_*` function it defines."""
    return {
        node.name
        for path in (PACKAGE / "domain").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef) and node.name.startswith("check_")
    }


def checks_used(tree: ast.AST, checks: set[str]) -> set[str]:
    """The rule checks among `checks` that a tree imports from the domain or calls on a module."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("playbook.domain"):
            found |= {alias.name for alias in node.names if alias.name in checks}
        elif isinstance(node, ast.Attribute) and node.attr in checks:
            found.add(node.attr)
    return found


@pytest.mark.parametrize(
    "path", _modules(inside="store"), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_the_store_never_checks_the_domain_rules(path: Path) -> None:
    """The store only stores: a use case checks with the domain before it calls the store."""
    used = checks_used(ast.parse(path.read_text()), domain_checks())
    assert not used


def test_the_layer_rules_catch_what_they_forbid() -> None:
    """Each rule's check fails on a module that breaks it."""
    assert sql_in(ast.parse('db["people"].insert(row)')) == ["line 1: db[...]"]
    assert sql_in(ast.parse("rows = db.execute('SELECT 1')")) == [
        "line 1: .execute()",
        "line 1: a SQL statement",
    ]
    assert "playbook.cli.context" in imported_modules(ast.parse("from playbook.cli import context"))
    assert "playbook.config" in imported_modules(ast.parse("from playbook.config import Config"))
    checks = domain_checks()
    assert {"check_decision", "check_fact", "check_drafts"} <= checks
    imports_one = "from playbook.domain.decisions import Decision, check_decision"
    assert checks_used(ast.parse(imports_one), checks) == {"check_decision"}
    calls_one = "from playbook.domain import gate\ngate.check_drafts(drafts)"
    assert checks_used(ast.parse(calls_one), checks) == {"check_drafts"}
    assert checks_used(ast.parse("from playbook.store.witness import check_heads"), checks) == set()


def test_the_architecture_page_names_every_package() -> None:
    page = (PACKAGE.parent / "docs" / "architecture.md").read_text()
    packages = sorted(path.parent.name for path in PACKAGE.glob("*/__init__.py"))
    assert not [name for name in packages if f"`{name}/`" not in page and name != "data"]

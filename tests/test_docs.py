"""The README and docs/: every relative link lands on a page and heading that exist, the README
stays short and gives the two quick-start commands CI runs, and every contract name the README
lists is on the page it links to."""

import argparse
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
INSTALL_AND_DEMO = "pip install -e '.[test]' && playbook demo"
RUN_THE_TESTS = "python -m pytest"
GLOBAL_OPTIONS = {"--db", "--config", "--version", "--help"}
OTHER_TOOLS = {"--check", "--dir"}  # `ruff format --check`, `bench/drafts.py --dir`
LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")


def without_code_blocks(text: str) -> str:
    """The text outside fenced code blocks, where links and headings can be."""
    kept, fenced = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced:
            kept.append(line)
    return "\n".join(kept)


def heading_anchors(page: Path) -> set[str]:
    """The anchors GitHub gives the page's headings: lower case, punctuation dropped, spaces as
    hyphens, and -1, -2 ... after a repeated one."""
    anchors: set[str] = set()
    for line in without_code_blocks(page.read_text(encoding="utf-8")).splitlines():
        heading = re.match(r"#{1,6} +(.+)", line)
        if not heading:
            continue
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.group(1).strip()).lower()
        anchor = re.sub(r"[^\w\- ]", "", text).replace(" ", "-")
        numbered, n = anchor, 0
        while numbered in anchors:
            n += 1
            numbered = f"{anchor}-{n}"
        anchors.add(numbered)
    return anchors


def relative_links(page: Path) -> list[str]:
    """Every link target on the page that is not a web or mail address."""
    targets = LINK_TARGET.findall(without_code_blocks(page.read_text(encoding="utf-8")))
    return [target for target in targets if not re.match(r"[a-z]+:", target)]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_relative_link_lands_on_a_page_and_heading_that_exist(page: Path) -> None:
    broken = []
    for target in relative_links(page):
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.is_file():
            broken.append(f"{target} (no such file)")
        elif anchor and linked.suffix == ".md" and anchor not in heading_anchors(linked):
            broken.append(f"{target} (no such heading)")
    assert broken == [], f"{page.name} has broken links: {broken}"


def test_every_docs_page_is_linked_from_the_readme() -> None:
    linked = {(ROOT / target.partition("#")[0]).resolve() for target in relative_links(README)}
    unlinked = [page.name for page in PAGES[1:] if page.resolve() not in linked]
    assert unlinked == []


def test_the_readme_stays_under_12_kb() -> None:
    assert len(README.read_bytes()) < 12_000


def test_the_readme_gives_the_two_quick_start_commands_that_ci_runs() -> None:
    readme = README.read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line.split("#", 1)[0].strip() for line in quick_start.splitlines()]
    assert INSTALL_AND_DEMO in commands
    assert RUN_THE_TESTS in commands
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q -e '.[test]'" in ci
    assert f"\n{RUN_THE_TESTS}\n" in ci


def contract_groups() -> list[tuple[str, list[Path]]]:
    """Each line of the README's contract names with the pages it links to (or, for a list
    item that links nowhere, the pages its group's heading line links to)."""
    section = README.read_text(encoding="utf-8").split("## Contract names", 1)[1]
    section = section.split("\n## ", 1)[0]
    groups: list[tuple[str, list[Path]]] = []
    heading_pages: list[Path] = []
    for line in section.splitlines():
        pages = [(ROOT / target.partition("#")[0]).resolve() for target in relative_links_in(line)]
        if line.startswith("**"):
            heading_pages = pages
        if "`" in line:
            groups.append((line, pages or heading_pages))
    return groups


def relative_links_in(line: str) -> list[str]:
    return [target for target in LINK_TARGET.findall(line) if not re.match(r"[a-z]+:", target)]


def names_in(line: str) -> list[str]:
    """The names in a line's code spans: words split on spaces and `|`, options without `--`."""
    names = []
    for span in re.findall(r"`([^`]+)`", line):
        for word in re.split(r"[\s|]+", span):
            if word and word != "ID":
                names.append(word.removeprefix("--"))
    return names


@pytest.mark.parametrize(
    "line, pages", [pytest.param(*group, id=group[0][:40]) for group in contract_groups()]
)
def test_every_contract_name_in_the_readme_is_on_a_page_it_links_to(
    line: str, pages: list[Path]
) -> None:
    assert pages, f"this line of contract names links to no page: {line}"
    text = "\n".join(page.read_text(encoding="utf-8") for page in pages)
    missing = [name for name in names_in(line) if name not in text]
    assert missing == [], f"not on {[page.name for page in pages]}: {missing}"


def commands_and_options() -> list[tuple[str, str]]:
    """Every (command, option) playbook's parser accepts, the option '' for the command itself;
    `templates list` and its kin as commands of their own."""
    from playbook.cli import build_parser

    found: list[tuple[str, str]] = []

    def walk(parser: argparse.ArgumentParser, prefix: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, subparser in action.choices.items():
                    command = f"{prefix} {name}".strip()
                    found.append((command, ""))
                    walk(subparser, command)
            elif prefix and not isinstance(action, argparse._HelpAction):
                long_options = [option for option in action.option_strings if option[:2] == "--"]
                found.extend((prefix, option) for option in long_options)

    walk(build_parser(None), "")
    return found


def command_sections() -> dict[str, str]:
    """The sections of docs/commands.md by the commands their heading names."""
    sections: dict[str, str] = {}
    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    for section in text.split("\n## ")[1:]:
        heading = section.split("\n", 1)[0]
        for command in re.findall(r"`playbook ([a-z-]+)`", heading):
            sections[command] = section
    return sections


@pytest.mark.parametrize(
    "command, option",
    [pytest.param(*pair, id=" ".join(pair).strip()) for pair in commands_and_options()],
)
def test_every_command_and_option_of_the_parser_is_documented(command: str, option: str) -> None:
    section = command_sections().get(command.split()[0], "")
    assert f"playbook {command}" in section, f"docs/commands.md has no section for {command}"
    assert option in section, f"docs/commands.md does not show {command} {option}"
    readme = README.read_text(encoding="utf-8").split("## Contract names", 1)[1]
    assert command.split()[-1] in readme and option in readme, "missing from the README's names"


def test_every_option_the_docs_show_is_one_the_parser_accepts() -> None:
    accepted = {option for _, option in commands_and_options()} | GLOBAL_OPTIONS | OTHER_TOOLS
    shown = set()
    for page in PAGES:
        shown |= set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", page.read_text(encoding="utf-8")))
    assert shown - accepted == set()

"""Print-ready PDFs, typeset with typst from a layout (`templates/*.typ`) and values as data.

People's values never become markup: they travel as one JSON document in `sys.inputs.data`,
which a layout reads with `json(bytes(sys.inputs.data))`. A name that looks like typst markup
prints as those characters and cannot change the document. Only the fonts typst ships are
used, so a PDF looks the same on every machine and needs no system library.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

import typst

from playbook.config import Config
from playbook.domain.errors import NotFound
from playbook.render.environment import TemplateProblem, as_clause, template_folders

LAYOUT_SUFFIX = ".typ"
_WHERE = re.compile(r"┌─ (?P<file>[^:\n]+):(?P<line>\d+):\d+")


class Typesetter:
    """Typesets layouts by name: the user's templates folder first, then the shipped one.

    One compiler per layout folder is kept, so thousands of letters reuse loaded fonts."""

    def __init__(self, config: Config) -> None:
        self.folders = template_folders(config)
        self._compilers: dict[Path, typst.Compiler] = {}

    def find(self, layout_name: str) -> Path | None:
        """Where `layout_name` would be read from, or None."""
        if Path(layout_name).name != layout_name or not layout_name.endswith(LAYOUT_SUFFIX):
            return None
        for folder in self.folders:
            path = folder / layout_name
            if path.is_file():
                return path
        return None

    def typeset(self, layout_name: str, data: Mapping[str, object]) -> bytes:
        """The PDF of `layout_name` laid out with `data`; a broken layout is a TemplateProblem
        naming the file and line."""
        path = self.find(layout_name)
        if path is None:
            raise NotFound(
                f"There is no layout {layout_name}; `playbook templates list` shows them."
            )
        compiler = self._compilers.get(path.parent)
        if compiler is None:
            compiler = typst.Compiler(root=str(path.parent), ignore_system_fonts=True)
            self._compilers[path.parent] = compiler
        try:
            pdf = compiler.compile(
                input=str(path), sys_inputs={"data": json.dumps(data, default=_plain_value)}
            )
        except typst.TypstError as error:
            raise _problem(error, path) from None
        assert isinstance(pdf, bytes)
        return pdf


def _plain_value(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be passed to a layout")


def _problem(error: typst.TypstError, path: Path) -> TemplateProblem:
    where = _WHERE.search(str(getattr(error, "diagnostic", "") or ""))
    line = f", line {where['line']}" if where else ""
    # The first place named is where it broke: the layout, or a layout it imports beside it.
    broken = path.parent / Path(where["file"]).name if where else path
    return TemplateProblem(
        f"Layout {broken if broken.is_file() else path}{line}: {as_clause(error.message)}; fix the layout."
    )

"""The one Jinja environment: sandboxed, strict, user templates first, then the shipped ones."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from playbook import paths
from playbook.config import Config
from playbook.domain.clock import format_local
from playbook.domain.errors import PlaybookError


class TemplateProblem(PlaybookError):
    """A template cannot be rendered: it names the template, the line and what is wrong."""


class Renderer:
    """Renders templates by name with one sandboxed, strict environment."""

    def __init__(self, config: Config, local_zone: tzinfo) -> None:
        folders = []
        if config.templates_dir:
            folders.append(str(Path(config.templates_dir).expanduser()))
        folders.append(str(paths.shipped_dir("templates")))
        self.folders = [Path(folder) for folder in folders]
        self.local_zone = local_zone
        self.environment = SandboxedEnvironment(
            loader=ChoiceLoader([FileSystemLoader(folder) for folder in folders]),
            undefined=StrictUndefined,
            autoescape=lambda name: bool(name) and name.endswith((".html", ".html.j2")),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.environment.filters["local_time"] = self.local_time
        self.environment.filters["human_list"] = human_list

    def render(self, template_name: str, /, **values: object) -> str:
        """Render `template_name` with `values`; any problem becomes a TemplateProblem."""
        name = template_name
        try:
            template = self.environment.get_template(name)
            return template.render(**values)
        except TemplateSyntaxError as error:
            raise TemplateProblem(
                f"Template {error.filename or name}, line {error.lineno}: {error.message}; fix the template."
            ) from error
        except SecurityError as error:
            raise TemplateProblem(
                f"Template {name} tried something templates may not do ({error}); remove it."
            ) from error
        except TemplateError as error:
            raise TemplateProblem(
                f"Template {name}{_line_of(error, name)}: {error.message}; fix the template."
            ) from error

    def local_time(self, moment: datetime | None) -> str:
        """A moment in the configured zone, for people."""
        if moment is None:
            return "not known"
        return format_local(moment, self.local_zone)


def human_list(items: list[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _line_of(error: Exception, name: str) -> str:
    """The template line an error happened on, found in the traceback Jinja rewrites."""
    traceback = error.__traceback__
    line = None
    while traceback is not None:
        frame = traceback.tb_frame
        if frame.f_code.co_filename.endswith(name) or re.search(r"\.j2$", frame.f_code.co_filename):
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return f", line {line}" if line else ""

"""The one Jinja environment: sandboxed, strict, user templates first, then the shipped ones."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import shutil
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import Enum
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum
from markupsafe import Markup

from playbook import paths
from playbook.config import Config
from playbook.domain.clock import format_local
from playbook.domain.errors import NotFound, PlaybookError, Refused
from playbook.domain.labels import human_join
from playbook.render import limits as render_limits
from playbook.render.languages import language_of

TEMPLATE_SUFFIX = ".j2"


class TemplateProblem(PlaybookError):
    """A template cannot be rendered: it names the template file, the line and what is wrong."""


@dataclass(frozen=True)
class TemplateInfo:
    """A template the renderer can find: its name, where it comes from, and its file."""

    name: str
    origin: str  # "custom" (from config templates_dir) or "shipped"
    path: Path

    @property
    def language(self) -> str:
        """The language the template is written in, from its name: `apology.cy.txt.j2` is
        Welsh (`playbook.render.languages.language_of`), a name without a language English."""
        return language_of(self.name)


# What a template may read attributes of (and call methods on): plain values, the domain's
# dataclasses, and Jinja's own helpers. Anything else (a path, a file, a module) is refused,
# so a template can only lay out the values it is given, never act on the machine.
_PLAIN_TYPES = (
    str, int, float, bool, type(None), tuple, list, dict, set, frozenset,
    date, datetime, time, timedelta, Enum, Markup,
)  # fmt: skip


class _PlainDataSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, narrowed to plain data: no attribute of any other kind of object, and no
    operation that builds a huge value (`playbook.render.limits`)."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: Context, operator: str, left: object, right: object) -> object:
        """`left operator right`, refused when it would build too big a value."""
        render_limits.check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(  # noqa: N805 (the sandbox's signature)
        __self, __context: Context, __obj: object, *args: object, **kwargs: object
    ) -> object:
        """A call, refused when it pads or formats to a huge width."""
        render_limits.check_call(__obj, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def is_safe_attribute(self, obj: object, attr: str, value: object) -> bool:
        """Allow what the sandbox allows, on plain data only."""
        return super().is_safe_attribute(obj, attr, value) and _is_plain_data(obj)

    def getattr(self, obj: object, attribute: str) -> object:
        """A public field of a domain dataclass directly (thousands of drafts read them); the
        sandbox's full checks for everything else."""
        if attribute[:1] != "_" and _is_domain_value(obj):
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
        render_limits.check_attribute(obj, attribute)
        return super().getattr(obj, attribute)


def _is_domain_value(value: object) -> bool:
    kind = type(value)
    known = _DOMAIN_VALUE_TYPES.get(kind)
    if known is None:
        known = _DOMAIN_VALUE_TYPES[kind] = dataclasses.is_dataclass(
            kind
        ) and kind.__module__.startswith("playbook.domain.")
    return known


_DOMAIN_VALUE_TYPES: dict[type, bool] = {}


def _is_plain_data(value: object) -> bool:
    if isinstance(value, _PLAIN_TYPES):
        return True
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return True
    return type(value).__module__.split(".")[0] == "jinja2"


class PreparedTemplate:
    """One template compiled once, to render many times (thousands of drafts)."""

    def __init__(self, info: TemplateInfo, template: Template) -> None:
        self.info = info
        # Jinja looks a template's globals up through a ChainMap on every render; a plain dict
        # of the same globals renders a draft about a third faster (bench/drafts.py).
        template.globals = dict(template.globals)
        self.template = template
        self.source = info.path.read_text(encoding="utf-8")
        self.sha256 = hashlib.sha256(self.source.encode("utf-8")).hexdigest()

    def render(self, values: dict[str, object]) -> str:
        """Render with `values`; any problem becomes a TemplateProblem naming file and line.

        The render stops after MAX_RENDER_SECONDS and at MAX_OUTPUT_CHARS of output."""
        try:
            with render_limits.WATCHDOG.limit(render_limits.MAX_RENDER_SECONDS):
                return render_limits.bounded_output(self.template.generate(values))
        except render_limits.RenderTimeout:
            raise TemplateProblem(
                f"Template {self.info.path} ran for more than "
                f"{render_limits.MAX_RENDER_SECONDS:g} seconds, so it was stopped; remove the "
                "loop or computation that never ends."
            ) from None
        except render_limits.OutputTooLarge:
            raise TemplateProblem(
                f"Template {self.info.path} wrote more than "
                f"{render_limits.MAX_OUTPUT_CHARS:,} characters, so it was stopped; remove the "
                "loop that repeats."
            ) from None
        except TemplateError as error:
            raise _problem(error, self.info.name, self.info.path) from error
        except PlaybookError:
            raise
        except Exception as error:  # a template's own arithmetic, ranges, calls that fail
            raise TemplateProblem(
                f"Template {self.info.path}{_line_of(error, self.info.path)} stopped with "
                f"{type(error).__name__}; fix the template."
            ) from error


def template_folders(config: Config) -> list[Path]:
    """Where templates and layouts are read from: the user's folder (config `templates_dir`)
    first, then the shipped one."""
    folders = [Path(config.templates_dir).expanduser()] if config.templates_dir else []
    return [*folders, paths.shipped_dir("templates")]


class Renderer:
    """Renders templates by name with one sandboxed, strict environment."""

    def __init__(self, config: Config, local_zone: tzinfo) -> None:
        folders = template_folders(config)
        self.folders = folders
        self.custom_folder = folders[0] if config.templates_dir else None
        self.local_zone = local_zone
        self.environment = _PlainDataSandbox(
            loader=ChoiceLoader([FileSystemLoader(str(folder)) for folder in folders]),
            undefined=StrictUndefined,
            autoescape=lambda name: bool(name) and name.endswith((".html", ".html.j2")),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.environment.filters["local_time"] = self.local_time
        _limit_sizes(self.environment)
        self.environment.filters["human_list"] = human_join

    def render(self, template_name: str, /, **values: object) -> str:
        """Render `template_name` with `values`; any problem becomes a TemplateProblem."""
        return self.prepare(template_name).render(values)

    def prepare(self, template_name: str) -> PreparedTemplate:
        """Find and compile `template_name` once; refuse a missing or broken template."""
        info = self.find(template_name)
        if info is None:
            raise NotFound(
                f"There is no template {template_name}; `playbook templates list` shows them."
            )
        try:
            template = self.environment.get_template(info.name)
        except TemplateError as error:
            raise _problem(error, info.name, info.path) from error
        return PreparedTemplate(info, template)

    def find(self, template_name: str) -> TemplateInfo | None:
        """Where `template_name` would be loaded from (the user's folder first), or None."""
        if Path(template_name).name != template_name or template_name.startswith("."):
            return None
        for folder in self.folders:
            path = folder / template_name
            if path.is_file():
                origin = "custom" if folder == self.custom_folder else "shipped"
                return TemplateInfo(template_name, origin, path)
        return None

    def list_templates(self) -> list[TemplateInfo]:
        """Every template by name, each from where it would be loaded."""
        names = sorted(
            {
                path.name
                for folder in self.folders
                if folder.is_dir()
                for path in folder.glob(f"*{TEMPLATE_SUFFIX}")
            }
        )
        return [info for info in map(self.find, names) if info is not None]

    def local_time(self, moment: datetime | None) -> str:
        """A moment in the configured zone, for people."""
        if moment is None:
            return "not known"
        return format_local(moment, self.local_zone)


def _limit_sizes(environment: ImmutableSandboxedEnvironment) -> None:
    """Make the filters and globals that build text of a given size refuse a huge one."""
    filters = environment.filters
    filters["center"] = render_limits.sized_filter(filters["center"], "width")
    filters["indent"] = render_limits.sized_filter(filters["indent"], "width")
    filters["wordwrap"] = render_limits.sized_filter(filters["wordwrap"], "width", position=2)
    plain_format = filters["format"]

    def limited_format(value: object, *args: object, **kwargs: object) -> object:
        render_limits.check_binop("%", str(value), args)
        return plain_format(value, *args, **kwargs)

    filters["format"] = limited_format
    environment.globals["lipsum"] = render_limits.limited_lipsum(generate_lorem_ipsum)


def copy_shipped_templates(destination: Path) -> list[Path]:
    """Copy every shipped template into `destination` to customise; never overwrite a file."""
    shipped = sorted(paths.shipped_dir("templates").glob(f"*{TEMPLATE_SUFFIX}"))
    targets = [destination / source.name for source in shipped]
    existing = [target.name for target in targets if target.exists()]
    if existing:
        raise Refused(
            f"{destination} already holds {', '.join(existing)}; choose an empty folder so "
            "nothing of yours is overwritten."
        )
    try:
        destination.mkdir(parents=True, exist_ok=True)
        for source, target in zip(shipped, targets, strict=True):
            shutil.copyfile(source, target)
    except OSError as error:
        raise PlaybookError(
            f"The templates cannot be copied to {destination} ({error.strerror})."
        ) from error
    return targets


def _problem(error: TemplateError, name: str, path: Path) -> TemplateProblem:
    if isinstance(error, TemplateSyntaxError):
        return TemplateProblem(
            f"Template {error.filename or path}, line {error.lineno}: {as_clause(error.message)}; "
            "fix the template."
        )
    if isinstance(error, SecurityError):
        return TemplateProblem(
            f"Template {path}{_line_of(error, path)} tried something templates may not do "
            f"({error}); remove it."
        )
    if isinstance(error, TemplateNotFound):
        return TemplateProblem(
            f"Template {path} includes {error.name}, which does not exist; fix the template."
        )
    return TemplateProblem(
        f"Template {path}{_line_of(error, path)}: {as_clause(error.message)}; fix the template."
    )


def as_clause(message: str | None) -> str:
    """A library's message as a clause of our sentence: without its own full stop."""
    return (message or "").strip().rstrip(".")


def _line_of(error: Exception, path: Path) -> str:
    """The template line an error happened on, found in the traceback Jinja rewrites."""
    traceback = error.__traceback__
    line = None
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename == str(path) or re.search(r"\.j2$", filename):
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return f", line {line}" if line else ""

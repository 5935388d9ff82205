"""The user's settings: read from TOML with tomllib into dataclasses, written with tomli-w."""

from __future__ import annotations

import typing
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from playbook.domain.errors import PlaybookError

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Settings = TypeVar("Settings", bound="DataclassInstance")


class ConfigError(PlaybookError):
    """The config file cannot be used as it is."""


@dataclass(frozen=True)
class DpoConfig:
    """The data protection officer or other contact point named in reports and apologies."""

    name: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class DraftsConfig:
    """The sender of drafted messages."""

    from_address: str = ""
    reply_to: str = ""


@dataclass(frozen=True)
class ChasersConfig:
    """When a deletion request that has had no answer is due a chase."""

    email_after_hours: int = 4
    phone_after_hours: int = 24


@dataclass(frozen=True)
class SmtpConfig:
    """The relay used only when the user asks to send (`--send`); the password is never stored."""

    host: str = ""
    port: int = 587
    security: str = "starttls"
    username: str = ""
    password_env: str = "PLAYBOOK_SMTP_PASSWORD"


@dataclass(frozen=True)
class TraceConfig:
    """Which columns of a trace export of another shape hold what (`playbook evidence`), and
    what its status words mean (e.g. `Success = "recalled"`); matched without case."""

    recipient: str = ""
    status: str = ""
    message_id: str = ""
    sender: str = ""
    subject: str = ""
    time: str = ""
    states: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Config:
    """Everything a user can set; every field has a working default."""

    organisation: str = ""
    ico_registration: str = ""
    sector: str = ""
    address: str = ""
    responder: str = ""
    timezone: str = "Europe/London"
    internal_domains: list[str] = field(default_factory=list)
    templates_dir: str = ""
    outbox_dir: str = ""
    retention_days: int = 2190
    max_attachment_mb: int = 200
    dpo: DpoConfig = field(default_factory=DpoConfig)
    drafts: DraftsConfig = field(default_factory=DraftsConfig)
    chasers: ChasersConfig = field(default_factory=ChasersConfig)
    smtp: SmtpConfig = field(default_factory=SmtpConfig)
    trace: TraceConfig = field(default_factory=TraceConfig)
    keymap: dict[str, str] = field(default_factory=dict)
    # The languages notices are written in, as codes (`playbook.render.languages`): with Welsh
    # and English, every notice to a person is bilingual with Welsh first.
    languages: list[str] = field(default_factory=lambda: ["en"])
    # Under the `eu_gdpr` regime, the authority reports go to (e.g. "Data Protection
    # Commission (Ireland)"); reports and reasons then say "supervisory authority".
    supervisory_authority: str = ""


def load_config(path: Path) -> Config:
    """Read the config at `path`; a missing file gives the defaults."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as error:
        raise ConfigError(f"The config file {path} cannot be read ({error.strerror}).") from error
    import tomllib  # here, not at the top: most runs have no config file to read

    try:
        table = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(
            f"The config file {path} is not valid TOML ({error}); fix it or remove it."
        ) from error
    config = _build(Config, table, path, prefix="")
    _check_languages(config.languages, path)
    return config


def _check_languages(languages: list[str], path: Path) -> None:
    from playbook.render.languages import KNOWN_LANGUAGES

    unknown = [code for code in languages if code not in KNOWN_LANGUAGES]
    if unknown or not languages:
        raise ConfigError(
            f"In the config file {path}, 'languages' must list one or more of "
            f"{', '.join(KNOWN_LANGUAGES)} (English, Welsh)."
        )


def write_default_config(path: Path) -> None:
    """Write a config file holding every key at its default value."""
    import tomli_w

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(tomli_w.dumps(asdict(Config())), encoding="utf-8")


def _build(cls: type[Settings], table: dict[str, Any], path: Path, prefix: str) -> Settings:
    hints = typing.get_type_hints(cls)
    known = {f.name for f in fields(cls)}
    for key in table:
        if key not in known:
            raise ConfigError(
                f"The config file {path} has an unknown key '{prefix}{key}'; remove it or check its spelling."
            )
    values = {}
    for name, value in table.items():
        values[name] = _convert(hints[name], value, path, f"{prefix}{name}")
    return cls(**values)


def _convert(hint: object, value: object, path: Path, key: str) -> object:
    if isinstance(hint, type) and is_dataclass(hint):
        if not isinstance(value, dict):
            raise _wrong_type(path, key, "a table")
        return _build(hint, value, path, prefix=f"{key}.")
    origin = typing.get_origin(hint)
    if origin is list:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise _wrong_type(path, key, "a list of strings")
        return value
    if origin is dict:
        if not isinstance(value, dict) or not all(isinstance(item, str) for item in value.values()):
            raise _wrong_type(path, key, "a table of strings")
        return value
    if hint is int and (not isinstance(value, int) or isinstance(value, bool)):
        raise _wrong_type(path, key, "a whole number")
    if hint is str and not isinstance(value, str):
        raise _wrong_type(path, key, "a string")
    return value


def _wrong_type(path: Path, key: str, expected: str) -> ConfigError:
    return ConfigError(f"In the config file {path}, '{key}' must be {expected}.")

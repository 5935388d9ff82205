"""Where playbook keeps its configuration, its database, its outbox and its shipped files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from platformdirs import PlatformDirs

APP_NAME = "playbook"
DB_ENV = "PLAYBOOK_DB"
CONFIG_ENV = "PLAYBOOK_CONFIG"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _dirs() -> PlatformDirs:
    from platformdirs import PlatformDirs

    return PlatformDirs(APP_NAME, appauthor=False)


def config_path(override: str | None = None) -> Path:
    """The config file: `--config`, else $PLAYBOOK_CONFIG, else the user config dir."""
    chosen = override or os.environ.get(CONFIG_ENV)
    if chosen:
        return Path(chosen).expanduser()
    return Path(_dirs().user_config_dir) / "config.toml"


def database_path(override: str | None = None) -> Path:
    """The SQLite file: `--db`, else $PLAYBOOK_DB, else the user data dir."""
    chosen = override or os.environ.get(DB_ENV)
    if chosen:
        return Path(chosen).expanduser()
    return Path(_dirs().user_data_dir) / "playbook.db"


def outbox_dir(configured: str = "") -> Path:
    """Where drafts and saved reports go: the configured `outbox_dir`, else the user data dir's."""
    if configured:
        return Path(configured).expanduser()
    return Path(_dirs().user_data_dir) / "outbox"


def shipped_dir(name: str) -> Path:
    """A folder shipped with playbook (`templates` or `examples`), installed or in a checkout."""
    installed = _PACKAGE_DIR / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name

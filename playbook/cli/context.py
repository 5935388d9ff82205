"""What every command handler is given: parsed options, config, database, clock, author."""

from __future__ import annotations

import argparse
import getpass
from datetime import datetime, tzinfo
from functools import cached_property
from typing import TYPE_CHECKING, overload

from playbook import paths
from playbook.config import Config, load_config
from playbook.runtime.clock import clock

if TYPE_CHECKING:
    from sqlite_utils import Database


class Context:
    """Lazily opened resources for one command run."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args

    @cached_property
    def config(self) -> Config:
        """The user's config, or the defaults."""
        return load_config(paths.config_path(self.args.config))

    @cached_property
    def db(self) -> Database:
        """The database, opened and migrated (read-only for the commands that only read)."""
        from playbook.store.database import open_database

        read_only = getattr(self.args, "read_only", False)
        return open_database(paths.database_path(self.args.db), read_only=read_only)

    @cached_property
    def now(self) -> datetime:
        """The current time in UTC, read once for the whole command."""
        return clock()()

    @cached_property
    def zone(self) -> tzinfo:
        """The configured time zone."""
        from playbook.domain.clock import zone

        return zone(self.config.timezone)

    @property
    def author(self) -> str:
        """Who is acting: `--by`, else the configured responder, else the login name."""
        given = getattr(self.args, "by", None)
        return given or self.config.responder or _login_name()

    @overload
    def when(self, text: str) -> datetime: ...
    @overload
    def when(self, text: None) -> None: ...
    @overload
    def when(self, text: str | None) -> datetime | None: ...
    def when(self, text: str | None) -> datetime | None:
        """A time the user typed, read in the configured zone."""
        if text is None:
            return None
        from playbook.domain.clock import parse_when

        return parse_when(text, now=self.now, local_zone=self.zone)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"

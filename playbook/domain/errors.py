"""The one error type every layer raises for something the user can fix."""


class PlaybookError(Exception):
    """A problem the user can act on; its message is one plain sentence, free of personal data."""


class NotFound(PlaybookError):
    """Something named on the command line does not exist."""


class Refused(PlaybookError):
    """A rule of the playbook refuses the request; nothing was written."""

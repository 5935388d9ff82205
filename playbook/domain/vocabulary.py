"""The words an incident's values take (design.md §3), in one small module quick to import.

Each set of words is a StrEnum: its members are the strings stored, typed and printed, so
`Status.OPEN == "open"`. The tuples beside them are what parsers' `choices` and `in` checks use.
How each word reads to people is in `playbook.domain.labels`.
"""

from enum import StrEnum


class Status(StrEnum):
    """Whether an incident is being worked on."""

    OPEN = "open"
    CLOSED = "closed"


class Regime(StrEnum):
    """The law that applies to the processing."""

    UK_GDPR = "uk_gdpr"
    DPA2018_PART3 = "dpa2018_part3"
    EU_GDPR = "eu_gdpr"


class Field(StrEnum):
    """The address field a recipient was in."""

    TO = "to"
    CC = "cc"
    BCC = "bcc"


class Kind(StrEnum):
    """Whose address a recipient's is."""

    INTERNAL = "internal"
    EXTERNAL_ORG = "external_org"
    EXTERNAL_PERSONAL = "external_personal"


class Trust(StrEnum):
    """How far a recipient can be trusted to delete what they should not have."""

    INTERNAL = "internal"
    TRUSTED = "trusted"
    PUBLIC = "public"
    UNKNOWN = "unknown"


class ContainmentStatus(StrEnum):
    """Where a recipient stands in being asked to delete and confirm."""

    NOT_CONTACTED = "not_contacted"
    REQUESTED = "requested"
    ACKNOWLEDGED = "acknowledged"
    CONFIRMED = "confirmed"
    NO_RESPONSE = "no_response"
    REFUSED = "refused"


class ConfirmedHow(StrEnum):
    """How a recipient confirmed the deletion."""

    EMAIL = "email"
    PHONE = "phone"
    LETTER = "letter"
    IN_PERSON = "in_person"


class DraftKind(StrEnum):
    """The messages Notify writes: one per person, except the public notice."""

    APOLOGY = "apology"
    DELETION_REQUEST = "deletion_request"
    CHASER = "chaser"

    @property
    def command_name(self) -> str:
        """The word the command line uses: 'deletion-request'."""
        return self.value.replace("_", "-")


class NoticeState(StrEnum):
    """What happened to one affected person's notice: how they were told, or why they were not."""

    EMAILED = "emailed"
    POSTED = "posted"
    PHONED = "phoned"
    NOT_REACHABLE = "not_reachable"
    NOT_TOLD = "not_told"


STATUSES = tuple(Status)
REGIMES = tuple(Regime)
FIELDS = tuple(Field)
KINDS = tuple(Kind)
TRUSTS = tuple(Trust)
CONTAINMENT_STATUSES = tuple(ContainmentStatus)
CONFIRMED_HOW = tuple(ConfirmedHow)
DRAFT_KINDS = tuple(DraftKind)
NOTICE_STATES = tuple(NoticeState)

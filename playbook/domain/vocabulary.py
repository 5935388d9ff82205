"""The words an incident's values take (design.md §3), in one small module quick to import."""

STATUSES = ("open", "closed")
REGIMES = ("uk_gdpr", "dpa2018_part3")
FIELDS = ("to", "cc", "bcc")
KINDS = ("internal", "external_org", "external_personal")
TRUSTS = ("internal", "trusted", "public", "unknown")
CONTAINMENT_STATUSES = (
    "not_contacted",
    "requested",
    "acknowledged",
    "confirmed",
    "no_response",
    "refused",
)
CONFIRMED_HOW = ("email", "phone", "letter", "in_person")

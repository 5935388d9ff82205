"""The facts of the five incidents of domain.md §1, as a responder would confirm them.

Shared by the engine's case table, the store tests and the report tests.
"""

from __future__ import annotations

HUMAN_ERROR = {
    "breach_types": ["confidentiality"],
    "encrypted": False,
    "malicious": False,
    "hostile_recipient": False,
    "published": "no",
}

# S1: a students' union emailed every discount-card holder a spreadsheet of all of them.
S1_SPREADSHEET = {
    **HUMAN_ERROR,
    "categories": ["racial_ethnic", "basic_identifiers"],  # country of origin, names, mobiles
    "subjects": ["students"],
    "people": 3396,
    "records": 3396,
    "recipients": 3396,
    "recipient_trust": "public",
    "deletion": "partial",  # the recall "stopped most", nobody knew who had opened it
    "context_sensitive": [],
    "fraud_enabling": True,  # name + date of birth + mobile
    "forwarded": False,
    "consequences": ["identity_fraud", "distress"],
}
# S2: a police report of an alleged race-hate incident between pupils sent to a stranger.
S2_STRANGER = {
    **HUMAN_ERROR,
    "categories": ["racial_ethnic", "basic_identifiers", "criminal"],
    "subjects": ["children"],
    "people": 3,
    "records": 1,
    "recipients": 1,
    "recipient_trust": "public",
    "deletion": "unknown",
    "context_sensitive": True,
    "fraud_enabling": False,
    "forwarded": False,
    "consequences": ["distress", "physical_harm"],
}
# S3: five files on 1,000+ staff sent to a contractor under an NDA, who deleted them promptly.
S3_CONTRACTOR = {
    **HUMAN_ERROR,
    "categories": ["basic_identifiers"],
    "subjects": ["employees"],
    "people": 1000,
    "records": 1000,
    "recipients": 1,
    "recipient_trust": "trusted",
    "deletion": "confirmed",
    "context_sensitive": [],
    "fraud_enabling": False,
    "forwarded": False,
}
# S4: a council's tenant survey with every tenant's address in Cc; recall failed outside.
S4_TENANTS = {
    **HUMAN_ERROR,
    "categories": ["basic_identifiers"],
    "subjects": ["customers"],
    "people": 350,
    "records": 350,
    "recipients": 350,
    "recipient_trust": "public",
    "deletion": "unknown",
    "context_sensitive": ["other"],  # being a council tenant
    "fraud_enabling": False,
    "forwarded": False,
    "consequences": ["distress"],
}
# S5: 418 residents' addresses in To, then a senior officer's reply to all.
S5_REPLY_ALL = {
    **HUMAN_ERROR,
    "categories": ["basic_identifiers"],
    "subjects": ["other"],
    "people": 418,
    "records": 418,
    "recipients": 418,
    "recipient_trust": "public",
    "deletion": "unknown",
    "context_sensitive": ["other"],  # taking part in a police engagement scheme
    "fraud_enabling": False,
    "forwarded": True,  # the reply-all was a second disclosure
    "consequences": ["distress"],
}

"""English: the words drafting has always used (the expected files pin them byte for byte)."""

from __future__ import annotations

from playbook.domain.exposure import DATA_ITEMS
from playbook.domain.labels import human_join
from playbook.domain.phrases.book import Phrasebook

ENGLISH_PHRASES = Phrasebook(
    language="en",
    weekdays=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    on_day="on {weekday} {day} {month} {year}",
    at_time="{day} at {time}",
    recently="recently",
    greeting="Dear {name},",
    greeting_without_name="Hello,",
    data_items={key: item.words for key, item in DATA_ITEMS.items()},
    your_data="your {items}",
    some_of_your_data="some of your personal information",
    join=human_join,
    harms={
        "identity_fraud": "Someone could try to use your details to pretend to be you, for "
        "example to open accounts or take out credit in your name.",
        "financial_loss": "You could be targeted by scams that aim to take money from you.",
        "physical_harm": "Someone who should not know these details could try to find or "
        "contact you in person.",
        "distress": "You may feel worried or upset that people you do not know have seen this "
        "information.",
        "discrimination": "Someone could treat you unfairly because of what the information says.",
        "reputational_damage": "People who saw the information could think differently of you.",
        "professional_secrecy": "Information given in confidence is no longer confidential.",
    },
    consequences={
        "unwanted_emails": "You may receive unwanted emails, including scam (phishing) emails "
        "that try to trick you into giving more information.",
        "unwanted_calls": "You may receive unwanted calls or text messages, including scams.",
        "information_held": "People who should not have it now have information about you.",
    },
    advice={
        "emails": "Be wary of emails that mention us or this mistake and ask you to click a "
        "link, open an attachment or give personal details. We will never ask for your password "
        "or bank details by email.",
        "calls": "Be wary of unexpected calls or texts, especially any that mention us or ask "
        "for personal or bank details. If in doubt, hang up and contact us using the details "
        "below.",
        "post": "Be wary of unexpected post or visitors who mention this mistake.",
        "credit_record": "Check your credit record, which you can do for free with Experian, Equifax "
        "or TransUnion, and report any fraud to Action Fraud (0300 123 2040).",
        "bank": "Check your bank and card statements, and tell your bank at once about any "
        "payment you do not recognise.",
        "password": "Change your password for our services, and anywhere else you use the same "
        "password.",
        "support": "If you are worried about how this information could be used, or about your "
        "safety, tell us and we will talk through what support is available.",
        "contact_us": "Do not reply to anyone else who contacts you about this mistake; contact "
        "us instead.",
    },
    measures={
        "asked": "We asked everyone who received the email to delete it, including from their "
        "deleted items and other devices, and to confirm this to us in writing.",
        "asking": "We are asking everyone who received the email to delete it, including from "
        "their deleted items and other devices, and to confirm this to us in writing.",
        "all_confirmed": "All {of:,} have confirmed that they have deleted it.",
        "some_confirmed": "So far {confirmed:,} of {of:,} have confirmed that they have "
        "deleted it.",
        "ico_told": "We have reported this to the Information Commissioner's Office.",
        "preventing": "We are looking at how this happened and changing how we send emails, so "
        "that it does not happen again.",
    },
    what_happened={
        "sent_wrongly": "{when} we sent an email to people who should not have had it.",
        "address_shown": "Your email address was visible to everyone who received it.",
        "in_attachment": "A file attached to it included information about you.",
        "included": "It included information about you.",
        "received": "{sent} {organisation} sent you an email{about} by mistake.",
        "chased": "{requested} we asked you to delete an email{about} that {organisation} sent "
        "you by mistake {sent}.",
    },
    about_subject=' with the subject "{subject}"',
    attached=(
        " It had {count} file attached: {names}.",
        " It had {count} files attached: {names}.",
    ),
    chase_reasons={
        "acknowledged": "Thank you for replying. We still need you to confirm in writing that "
        "you have deleted it.",
        "unconfirmed": "We have not yet had your written confirmation that you have deleted it.",
    },
)

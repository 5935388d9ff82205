"""Drafts: one message per person, rendered from the incident's domain values.

`load_context` reads what an incident's drafts need from the store, once; `build_drafts` computes
each person's values with the domain's phrasing and renders the templates into `Draft`s, which
the safety gate (`playbook.domain.gate`) checks before `playbook.notify.outbox` writes anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from html import escape
from typing import Protocol

from sqlite_utils import Database

from playbook.config import Config
from playbook.domain.containment import is_external
from playbook.domain.drafting import (
    CHASE_STATUSES,
    ContactPoint,
    apology_what_happened,
    chase_reason,
    chaser_what_happened,
    day_text,
    describe_data_items,
    greeting_for,
    likely_consequences,
    measures_taken,
    protective_advice,
    received_what_happened,
)
from playbook.domain.errors import NotFound, Refused
from playbook.domain.facts import Fact
from playbook.domain.gate import Audience, Draft, is_usable_address
from playbook.domain.incident import Incident, Message, Person, Recipient
from playbook.domain.labels import DRAFT_KIND_ONE
from playbook.domain.notice_plan import UNDECIDED, NoticePlan, plan_people_notice
from playbook.domain.text import visible
from playbook.domain.vocabulary import DraftKind
from playbook.render.environment import PreparedTemplate, Renderer, TemplateProblem
from playbook.render.languages import ENGLISH, join_languages, template_name, writing_order
from playbook.runtime.progress import ProgressBar
from playbook.store.deliveries import sent_times
from playbook.store.facts import load_facts
from playbook.store.incidents import get_incident

# The command line's names for the kinds of draft.
_HEADERS_A_TEMPLATE_MAY_SET = ("subject", "to", "cc", "bcc")
_SEPARATORS = re.compile(r"[\s,;]+")
_HTML_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)
_ONE_ADDRESS = re.compile(r"[^\s,;]+")


@dataclass(frozen=True)
class DraftContext:
    """Everything about one incident its drafts need, loaded once for a whole batch."""

    incident: Incident
    contact: ContactPoint
    local_zone: tzinfo
    people: Sequence[Person] = ()
    recipients: Sequence[Recipient] = ()
    messages: Sequence[Message] = ()
    consequences: Sequence[str] = ()
    ico_told: bool = False
    requested_at: dict[str, datetime] = field(default_factory=dict)
    signed_by: str = ""
    notice_plan: NoticePlan = UNDECIDED
    # The languages every message is written in, in writing order (Welsh first).
    languages: Sequence[str] = ("en",)


@dataclass(frozen=True)
class LanguageTemplates:
    """The templates that write one kind of draft in one language: text, and HTML if any."""

    language: str
    text: PreparedTemplate
    html: PreparedTemplate | None


@dataclass
class DraftBatch:
    """The drafts of one kind for one incident, with the templates that rendered them."""

    kind: str
    context: DraftContext
    templates: tuple[LanguageTemplates, ...]  # in writing order
    drafts: list[Draft]
    without_address: int
    audience: Audience
    unusable: tuple[str, ...] = ()  # addresses no message can be sent to, skipped

    @property
    def template(self) -> PreparedTemplate:
        """The text template of the first language written."""
        return self.templates[0].text

    @property
    def html_template(self) -> PreparedTemplate | None:
        """The HTML template of the first language written, if the kind has one."""
        return self.templates[0].html


def contact_point(config: Config) -> ContactPoint:
    """The contact point named in every draft; refuse drafting until config gives one."""
    if not config.organisation.strip():
        raise Refused("Set organisation in the config file before drafting messages.")
    if not (config.dpo.email.strip() or config.dpo.phone.strip()):
        raise Refused(
            "Set dpo.email or dpo.phone in the config file: every message must say whom to contact."
        )
    return ContactPoint(
        organisation=config.organisation.strip(),
        name=config.dpo.name.strip(),
        email=config.dpo.email.strip(),
        phone=config.dpo.phone.strip(),
    )


def addressees(context: DraftContext, kind: str) -> list[Person] | list[Recipient]:
    """Who gets a draft of `kind`: affected people for an apology, outside recipients otherwise.

    A deletion request goes to every outside recipient who has not confirmed deletion; a chaser
    only to those still owing a written confirmation.
    """
    if kind == "apology":
        return list(context.people) if context.notice_plan.apologies_allowed else []
    external = [recipient for recipient in context.recipients if is_external(recipient)]
    if kind == "deletion_request":
        return [recipient for recipient in external if recipient.status != "confirmed"]
    if kind == "chaser":
        return [recipient for recipient in external if recipient.status in CHASE_STATUSES]
    raise Refused(
        f"The kind of draft must be one of {', '.join(kind.command_name for kind in DraftKind)}."
    )


def build_drafts(
    context: DraftContext,
    kind: str,
    renderer: Renderer,
    *,
    only: str | None = None,
    progress: Callable[[str, int], ProgressBar] | None = None,
) -> DraftBatch:
    """Render one draft of `kind` per addressee (only `only`'s when given).

    `progress(label, total)` makes the progress display (a bar on a terminal).
    """
    if kind == "apology" and not context.notice_plan.apologies_allowed:
        raise Refused(context.notice_plan.sentence)
    everyone: list[Person | Recipient] = list(addressees(context, kind))
    if only is not None:
        wanted = only.strip().casefold()
        everyone = [entry for entry in everyone if _address_of(entry).casefold() == wanted]
        if not everyone:
            raise NotFound(
                f"Nobody who would get {DRAFT_KIND_ONE[kind]} in {context.incident.id} has that "
                "address; check it against `playbook show ID --json`."
            )
    templates = templates_for(kind, context.languages, renderer)
    # Each language's values, phrased in that language, for its own templates.
    values_in = [_VALUES[kind](context, written.language) for written in templates]
    drafts = []
    without_address = 0
    unusable: list[str] = []
    shown = progress("Drafting", len(everyone)) if progress else None
    for entry in everyone:
        address = _address_of(entry)
        if not address.strip():
            without_address += 1
            continue
        if not _usable(address):
            unusable.append(address)
            continue
        drafts.append(_draft(kind, entry, [values(entry) for values in values_in], templates))
        if shown:
            shown.advance()
    if shown:
        shown.finish()
    return DraftBatch(
        kind,
        context,
        templates,
        drafts,
        without_address,
        audience_of(context),
        tuple(unusable),
    )


def templates_for(
    kind: str, languages: Sequence[str], renderer: Renderer
) -> tuple[LanguageTemplates, ...]:
    """The templates of `kind` in each language, in writing order; refuse a missing one.

    A kind has an HTML part when any language's HTML template exists; then every language
    needs one, so no reader of the HTML part misses a language.
    """
    order = writing_order(languages)
    html_found = {code: renderer.find(template_name(f"{kind}.html.j2", code)) for code in order}
    with_html = any(html_found.values())
    return tuple(
        LanguageTemplates(
            code,
            template_in(f"{kind}.txt.j2", code, renderer),
            template_in(f"{kind}.html.j2", code, renderer) if with_html else None,
        )
        for code in order
    )


def template_in(english_name: str, language: str, renderer: Renderer) -> PreparedTemplate:
    """The template `english_name` names, in `language`, compiled; a configured language's
    missing template is refused, naming it, before anything is rendered."""
    name = template_name(english_name, language)
    if language != ENGLISH and renderer.find(name) is None:
        raise NotFound(
            f"The config file's 'languages' includes {language}, but there is no template "
            f"{name}; add it to your templates folder or take {language} out of 'languages'."
        )
    return renderer.prepare(name)


def _usable(address: str) -> bool:
    """One address a message can be sent to: one that is not is skipped, not a batch stopper."""
    found = addresses_in(address)
    return len(found) == 1 and is_usable_address(found[0])


def audience_of(context: DraftContext) -> Audience:
    """Everyone in the incident, for the gate; the contact point may appear in any draft."""
    entries = [(person.email, person.name) for person in context.people]
    entries += [(recipient.address, recipient.name) for recipient in context.recipients]
    contact = context.contact
    public = (contact.email, contact.name, contact.organisation, context.signed_by)
    return Audience(entries, public)


def split_headers(rendered: str, template: PreparedTemplate) -> tuple[dict[str, str], str]:
    """The header lines a text template starts with (up to the first blank line), and the body."""
    head, _, body = rendered.lstrip("\n").partition("\n\n")
    headers: dict[str, str] = {}
    for line in head.splitlines():
        name, colon, value = line.partition(":")
        name = name.strip().casefold()
        if not colon or name not in _HEADERS_A_TEMPLATE_MAY_SET:
            raise TemplateProblem(
                f"Template {template.info.path} must start with a 'Subject:' line and a blank "
                "line; only Subject may be set there."
            )
        headers[name] = value.strip()
    if not headers.get("subject"):
        raise TemplateProblem(
            f"Template {template.info.path} must start with a 'Subject:' line and a blank line."
        )
    return headers, body


def _draft(
    kind: str,
    entry: Person | Recipient,
    values_in: Sequence[dict[str, object]],
    templates: Sequence[LanguageTemplates],
) -> Draft:
    """One draft from each language's values rendered with that language's templates (the two
    sequences in the same, writing, order)."""
    subjects, texts = [], []
    htmls: list[tuple[str, PreparedTemplate, str]] = []  # language, template, document
    to = list(addresses_in(_address_of(entry)))
    cc: list[str] = []
    bcc: list[str] = []
    for written, values in zip(templates, values_in, strict=True):
        headers, text = split_headers(written.text.render(values), written.text)
        subjects.append(headers["subject"])
        texts.append(text)
        to += addresses_in(headers.get("to", ""))
        cc += addresses_in(headers.get("cc", ""))
        bcc += addresses_in(headers.get("bcc", ""))
        if written.html is not None:
            htmls.append((written.language, written.html, written.html.render(values)))
    if len(templates) == 1:
        subject, body, html = subjects[0], texts[0], htmls[0][2] if htmls else None
    else:
        subject = " / ".join(subjects)
        body = join_languages(texts)
        html = _bilingual_html(htmls, subject) if htmls else None
    # A name or Subject from the message may hold escape sequences: the draft shows them as
    # text (\x1b), so no byte of theirs reaches an .eml, a mail reader or a terminal.
    return Draft(
        kind=kind,
        key=getattr(entry, "key", "") or _address_of(entry),
        to=tuple(to),
        subject=visible(subject),
        text=visible(body, lines=True),
        html=visible(html, lines=True) if html is not None else None,
        to_name=visible(entry.name),
        cc=tuple(cc),
        bcc=tuple(bcc),
        must_say=tuple(visible(str(values["what_happened"]), lines=True) for values in values_in),
    )


def _bilingual_html(documents: Sequence[tuple[str, PreparedTemplate, str]], subject: str) -> str:
    """One HTML document holding each language's body in writing order, each section marked
    with its language, a rule between them."""
    sections = []
    for language, template, document in documents:
        found = _HTML_BODY.search(document)
        if found is None:
            raise TemplateProblem(
                f"Template {template.info.path} must hold a <body> ... </body> so that its text "
                "can sit beside the other languages'; fix the template."
            )
        sections.append(f'<div lang="{language}">\n{found.group(1).strip()}\n</div>')
    return (
        f'<!DOCTYPE html>\n<html lang="{documents[0][0]}">\n'
        f'<head><meta charset="utf-8"><title>{escape(subject, quote=False)}</title></head>\n'
        "<body>\n" + "\n<hr>\n".join(sections) + "\n</body>\n</html>\n"
    )


def addresses_in(field_text: str) -> tuple[str, ...]:
    """Every address a field holds: a spreadsheet cell may hold several, split by , ; or spaces."""
    if not field_text:
        return ()
    if _ONE_ADDRESS.fullmatch(field_text):
        return (field_text,)
    return tuple(part for part in _SEPARATORS.split(field_text) if part)


def _address_of(entry: Person | Recipient) -> str:
    return entry.email if isinstance(entry, Person) else entry.address


def _common(context: DraftContext) -> dict[str, object]:
    return {
        "incident": context.incident,
        "organisation": context.contact.organisation,
        "contact": context.contact,
        "signed_by": context.signed_by or context.contact.organisation,
    }


def apology_values(
    context: DraftContext, language: str = ENGLISH
) -> Callable[[Person], dict[str, object]]:
    """What an apology (or a letter) to each person is written from, phrased in `language`;
    what people share (their data items, how it reached them) is phrased once."""
    common = _common(context)
    common["measures"] = measures_taken(
        context.recipients, ico_told=context.ico_told, language=language
    )
    when = day_text(first_sent(context), context.local_zone, language=language)
    by_items: dict[tuple[str, ...], dict[str, object]] = {}
    by_sources: dict[tuple[str, ...], str] = {}

    def values(person: Person) -> dict[str, object]:
        items = by_items.get(person.data_items)
        if items is None:
            items = by_items[person.data_items] = {
                "your_data": describe_data_items(person.data_items, language=language),
                "consequences": likely_consequences(
                    person.data_items, context.consequences, language=language
                ),
                "advice": protective_advice(person.data_items, language=language),
            }
        happened = by_sources.get(person.sources)
        if happened is None:
            happened = by_sources[person.sources] = apology_what_happened(
                when, person.sources, language=language
            )
        return {
            **common,
            **items,
            "person": person,
            "greeting": greeting_for(person.name, language=language),
            "what_happened": happened,
        }

    return values


def _request_values(
    context: DraftContext, language: str = ENGLISH
) -> Callable[[Recipient], dict[str, object]]:
    common = _common(context)
    by_position = {message.position: message for message in context.messages}
    organisation = context.contact.organisation

    def values(recipient: Recipient) -> dict[str, object]:
        message = by_position.get(recipient.message_position)
        sent = day_text(
            message.sent_at if message else None,
            context.local_zone,
            with_time=True,
            language=language,
        )
        subject = message.subject if message else ""
        files = [attachment.filename for attachment in message.attachments] if message else []
        return {
            **common,
            "recipient": recipient,
            "greeting": greeting_for(recipient.name, language=language),
            "what_happened": received_what_happened(
                organisation, sent, subject, files, language=language
            ),
        }

    return values


def _chaser_values(
    context: DraftContext, language: str = ENGLISH
) -> Callable[[Recipient], dict[str, object]]:
    request_values = _request_values(context, language)
    by_position = {message.position: message for message in context.messages}
    organisation = context.contact.organisation

    def values(recipient: Recipient) -> dict[str, object]:
        message = by_position.get(recipient.message_position)
        requested_at = context.requested_at.get(recipient.address.casefold())
        if requested_at is None and recipient.status == "requested":
            requested_at = recipient.status_at
        happened = chaser_what_happened(
            organisation,
            day_text(requested_at, context.local_zone, language=language),
            day_text(message.sent_at if message else None, context.local_zone, language=language),
            message.subject if message else "",
            [attachment.filename for attachment in message.attachments] if message else [],
            language=language,
        )
        return {
            **request_values(recipient),
            "what_happened": happened,
            "chase_reason": chase_reason(recipient.status, language=language),
        }

    return values


def first_sent(context: DraftContext) -> datetime | None:
    """When the mistake happened: the incident's time, else the first message sent."""
    if context.incident.occurred_at:
        return context.incident.occurred_at
    sent = [message.sent_at for message in context.messages if message.sent_at]
    return min(sent) if sent else context.incident.discovered_at


# Each kind's values, made once per batch and language: a function of one addressee (a Person
# for an apology, a Recipient otherwise) to the values its templates in that language are
# rendered with (English when no language is given).
class _ValuesMaker(Protocol):
    def __call__(
        self, context: DraftContext, language: str = ENGLISH
    ) -> Callable[..., dict[str, object]]: ...


_VALUES: dict[str, _ValuesMaker] = {
    "apology": apology_values,
    "deletion_request": _request_values,
    "chaser": _chaser_values,
}


def _recorded_consequences(fact: Fact | None) -> tuple[str, ...]:
    """The harm keys recorded in the `consequences` fact (a list), none when it is not set."""
    if fact is None or not isinstance(fact.value, list | tuple):
        return ()
    return tuple(str(key) for key in fact.value)


def load_context(
    db: Database, incident_id: str, config: Config, local_zone: tzinfo
) -> DraftContext:
    """Read from the store what the incident's drafts need: people, recipients, facts, decisions."""
    from playbook.store.assessments import load_decisions
    from playbook.store.messages import load_messages, load_people, load_recipients

    incident = get_incident(db, incident_id)
    facts = load_facts(db, incident.id)
    decisions = load_decisions(db, incident.id)
    ico_decisions = [decision for decision in decisions if decision.about == "ico"]
    return DraftContext(
        incident=incident,
        contact=contact_point(config),
        local_zone=local_zone,
        people=load_people(db, incident.id),
        recipients=load_recipients(db, incident.id),
        messages=load_messages(db, incident.id),
        consequences=_recorded_consequences(facts.get("consequences")),
        ico_told=bool(ico_decisions) and ico_decisions[-1].notify,
        requested_at=sent_times(db, incident.id, "deletion_request"),
        signed_by=config.dpo.name.strip(),
        notice_plan=plan_people_notice(decisions, local_zone),
        languages=tuple(writing_order(config.languages)),
    )

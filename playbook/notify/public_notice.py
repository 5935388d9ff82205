"""The public notice: how the people are told when the decision relies on Art. 34(3)(c).

One notice for everyone, to publish (a web page, a newsletter, a letter to every household); it
names nobody, and is written only while the latest decision about the people relies on the
exemption.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from sqlite_utils import Database

from playbook.config import Config
from playbook.domain.drafting import (
    apology_what_happened,
    day_text,
    describe_data_items,
    likely_consequences,
    measures_taken,
    protective_advice,
)
from playbook.domain.errors import Refused
from playbook.domain.notice_plan import PeopleNotice
from playbook.notify.drafts import (
    DraftContext,
    audience_of,
    first_sent,
    load_context,
    template_in,
)
from playbook.render.environment import Renderer
from playbook.render.languages import join_languages, writing_order
from playbook.runtime.files import write_new_file
from playbook.store.events import append_event

TEMPLATE = "public_notice.md.j2"


@dataclass(frozen=True)
class WrittenNotice:
    """A public notice written to the outbox."""

    path: Path
    text: str


def public_notice_text(context: DraftContext, renderer: Renderer) -> str:
    """The notice rendered for the incident; refused unless the decision calls for it, or when
    it would name anyone."""
    plan = context.notice_plan
    if plan.notice != PeopleNotice.PUBLIC_NOTICE:
        raise Refused(
            "A public notice replaces the apologies only when the decision about the people "
            f"relies on Art. 34(3)(c). {plan.sentence}"
        )
    items = frozenset[str]().union(*(person.data_items for person in context.people))
    languages = writing_order(context.languages)
    templates = [template_in(TEMPLATE, language, renderer) for language in languages]
    texts = [
        template.render(_values(context, items, language))
        for template, language in zip(templates, languages, strict=True)
    ]
    text = texts[0] if len(texts) == 1 else join_languages(texts)
    addresses, names = audience_of(context).strangers_in((text,), "", "")
    if addresses or names:
        raise Refused(
            "The public notice would name someone affected or a recipient (in the decision's "
            f"reasons or in {' or '.join(str(t.info.path) for t in templates)}); it was not "
            "written. Reword it and try again."
        )
    return text


def _values(context: DraftContext, items: frozenset[str], language: str) -> dict[str, object]:
    """The notice's values, phrased in `language`."""
    when = day_text(first_sent(context), context.local_zone, language=language)
    return {
        "incident": context.incident,
        "organisation": context.contact.organisation,
        "contact": context.contact,
        "signed_by": context.signed_by or context.contact.organisation,
        "when": when,
        "reason": context.notice_plan.why,
        "what_happened": apology_what_happened(when, (), language=language),
        "your_data": describe_data_items(sorted(items), language=language),
        "consequences": likely_consequences(items, context.consequences, language=language),
        "measures": measures_taken(
            context.recipients, ico_told=context.ico_told, language=language
        ),
        "advice": protective_advice(items, language=language),
    }


def write_public_notice(
    db: Database,
    incident_id: str,
    *,
    config: Config,
    zone: tzinfo,
    out_dir: Path,
    now: datetime,
    author: str,
    renderer: Renderer | None = None,
) -> WrittenNotice:
    """Write the public notice to a new file in `out_dir` (never over a file or through a
    link) and log it."""
    context = load_context(db, incident_id, config, zone)
    text = public_notice_text(context, renderer or Renderer(config, zone))
    stamp = now.astimezone(zone).strftime("%Y%m%d-%H%M%S")
    path = write_new_file(out_dir / f"{context.incident.id}-public-notice-{stamp}.md", text)
    append_event(
        db,
        context.incident.id,
        "drafts.written",
        author=author,
        at=now,
        data={"template": "public_notice", "format": "md", "count": 1, "written_to": path.name},
    )
    return WrittenNotice(path, text)

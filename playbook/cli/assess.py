"""Commands that assess the risk and record the decisions: assess, decide."""

from __future__ import annotations

import argparse

from playbook.cli.context import Context
from playbook.cli.output import facts_json, iso, print_json
from playbook.domain.errors import Refused
from playbook.domain.risk import StoredAssessment
from playbook.domain.text import visible

_FACT_SOURCE_WORDS = {"detected": "detected, confirm with --set", "confirmed": "confirmed"}


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add assess and decide."""
    assess = subcommands.add_parser(
        "assess", help="set facts and assess the risk (a new assessment when anything changed)"
    )
    assess.add_argument("id", metavar="ID")
    assess.add_argument(
        "--set",
        dest="facts",
        metavar="KEY=VALUE",
        nargs="+",
        action="extend",
        default=[],
        help="confirm a fact, e.g. people=418 categories=basic_identifiers,health forwarded=yes",
    )
    assess.add_argument("--by", metavar="NAME", help="who gave the facts")
    assess.add_argument("--history", action="store_true", help="list every assessment so far")
    assess.add_argument("--json", action="store_true", help="print facts and assessment as JSON")
    assess.set_defaults(handler=run_assess)

    decide = subcommands.add_parser(
        "decide", help="record whether to notify the ICO or the individuals, and why"
    )
    decide.add_argument("id", metavar="ID")
    decide.add_argument("about", choices=("ico", "individuals"), help="what the decision is about")
    decide.add_argument("answer", choices=("yes", "no"), help="notify or not")
    decide.add_argument("--why", required=True, metavar="TEXT", help="the reasons (Art. 33(5))")
    decide.add_argument("--by", required=True, metavar="NAME", help="who decided")
    decide.add_argument("--reference", default="", metavar="REF", help="the ICO case reference")
    decide.add_argument(
        "--phase", choices=("initial", "follow-up"), help="ico yes: initial report or follow-up"
    )
    decide.add_argument(
        "--late-reason", default="", metavar="TEXT", help="ico yes past 72 hours: why it is late"
    )
    decide.add_argument(
        "--exemption",
        choices=("a", "b", "c"),
        help="individuals no: the Art. 34(3) (Part 3: s.68(3)) ground relied on",
    )
    decide.add_argument(
        "--restrict",
        choices=("a", "b", "c", "d", "e"),
        help="individuals, DPA 2018 Part 3: the s.68(7) ground for delaying or restricting",
    )
    decide.add_argument(
        "--review", default="", metavar="YYYY-MM-DD", help="with --restrict: when to review it"
    )
    decide.add_argument("--json", action="store_true", help="print the decision as JSON")
    decide.set_defaults(handler=run_decide)


def run_assess(ctx: Context) -> int:
    """Record the given facts, reassess, and show the latest assessment (or the history)."""
    from playbook.assessing.facts import record_facts
    from playbook.domain.facts import parse_fact
    from playbook.domain.labels import fact_text
    from playbook.domain.risk import assess_facts
    from playbook.store.assessments import latest_assessment, load_assessments, save_assessment
    from playbook.store.database import transaction
    from playbook.store.facts import load_facts
    from playbook.store.incidents import get_incident

    args = ctx.args
    incident = get_incident(ctx.db, args.id)
    if args.history:
        if args.facts:
            raise Refused("--history only lists; set facts in a separate `playbook assess` run.")
        _print_history(ctx, incident.id, load_assessments(ctx.db, incident.id))
        return 0
    values = dict(_split_fact(pair) for pair in args.facts)
    parsed = {key: parse_fact(key, text) for key, text in values.items()}
    with transaction(ctx.db):
        if parsed:
            record_facts(
                ctx.db, incident.id, parsed, source="confirmed", author=ctx.author, at=ctx.now
            )
        facts = load_facts(ctx.db, incident.id)
        assessment = assess_facts(
            {key: fact.value for key, fact in facts.items()}, regime=incident.regime
        )
        latest = latest_assessment(ctx.db, incident.id)
        current = {key: fact.value for key, fact in facts.items()}
        if latest is None or latest.assessment != assessment or latest.facts != current:
            save_assessment(ctx.db, incident.id, assessment, author=ctx.author, at=ctx.now)
            latest = latest_assessment(ctx.db, incident.id)
    assert latest is not None  # saved just above when there was none
    if args.json:
        print_json(
            {
                "id": incident.id,
                "number": latest.number,
                "at": iso(latest.at),
                "by": latest.by,
                "facts": facts_json(facts),
                **latest.assessment.as_dict(),
            }
        )
        return 0
    print(f"{incident.id}  {visible(incident.title)}")
    print("\n".join(_assessment_lines(ctx, latest)))
    print("Facts:")
    for key, fact in facts.items():
        print(f"  {key:<18} {fact_text(fact.value):<40} {_FACT_SOURCE_WORDS[fact.source]}")
    return 0


def run_decide(ctx: Context) -> int:
    """Record a decision about the ICO or the individuals."""
    from playbook.assessing.decisions import record_decision
    from playbook.domain.citations import authority_for
    from playbook.domain.decisions import Decision
    from playbook.domain.labels import outcome_label
    from playbook.store.assessments import latest_assessment
    from playbook.store.incidents import get_incident

    args = ctx.args
    decision = record_decision(
        ctx.db,
        args.id,
        Decision(
            about=args.about,
            notify=args.answer == "yes",
            why=args.why,
            by=args.by,
            exemption=args.exemption,
            late_reason=args.late_reason,
            reference=args.reference,
            phase=args.phase or "",
            restriction=args.restrict,
            restriction_review=args.review,
        ),
        now=ctx.now,
    )
    incident_id = args.id.upper()
    if args.json:
        print_json({"id": incident_id, "at": iso(decision.at), **decision.as_dict()})
        return 0
    subject = (
        "notify "
        + authority_for(
            get_incident(ctx.db, incident_id).regime, ctx.config.supervisory_authority
        ).name
        if decision.about == "ico"
        else "tell the individuals"
    )
    print(f"Decision {decision.number} recorded for {incident_id}: {subject}: {args.answer}.")
    if decision.against_recommendation:
        latest = latest_assessment(ctx.db, incident_id)
        assert latest is not None  # only a decision checked against an assessment goes against it
        print(
            "This goes against the latest recommendation "
            f"({outcome_label(latest.assessment.outcome, latest.assessment.regime)});"
            " the log marks it so and keeps your reasons."
        )
    elif decision.against_recommendation is None:
        print(
            f"There is no assessment yet; run `playbook assess {incident_id}` so the log shows one."
        )
    return 0


def _split_fact(pair: str) -> tuple[str, str]:
    key, separator, value = pair.partition("=")
    if not separator or not key.strip():
        raise Refused(f"Write each fact as KEY=VALUE, e.g. people=418 (got '{pair}').")
    return key.strip(), value


def _assessment_lines(ctx: Context, stored: StoredAssessment) -> list[str]:
    from playbook.domain.citations import exemption_label
    from playbook.domain.clock import format_local
    from playbook.domain.labels import outcome_label

    assessment = stored.assessment
    outcome = outcome_label(assessment.outcome, assessment.regime)
    if assessment.borderline and assessment.alternative:
        outcome += f"  (borderline: or {outcome_label(assessment.alternative, assessment.regime)})"
    enisa = assessment.enisa
    severity = (
        f"{enisa.score} ({enisa.band}): DPC {enisa.dpc} x EI {enisa.ei} + CB {enisa.cb}"
        if enisa.score is not None
        else "not yet known (the data categories are needed)"
    )
    lines = [
        f"Assessment {stored.number}, {format_local(stored.at, ctx.zone)} by {stored.by}",
        f"  Outcome    {outcome}",
        f"  Risk       severity {assessment.severity or '-'}, likelihood "
        f"{assessment.likelihood or '-'}",
        f"  {assessment.summary}",
        f"  ENISA      {severity} (supporting evidence only)",
    ]
    if assessment.exemption:
        lines.append(f"  Exemption  {exemption_label(assessment.exemption, assessment.regime)}")
    for title, sign, reasons in (
        ("For notifying:", "+", assessment.reasons_for),
        ("Against:", "-", assessment.reasons_against),
        ("Still to answer:", "?", assessment.missing),
    ):
        if reasons:
            lines.append(title)
            lines.extend(f"  {sign} {reason}" for reason in reasons)
    return lines


def _print_history(ctx: Context, incident_id: str, history: list[StoredAssessment]) -> None:
    from playbook.domain.clock import format_local
    from playbook.domain.labels import outcome_label

    if ctx.args.json:
        print_json(
            [
                {
                    "number": stored.number,
                    "at": iso(stored.at),
                    "by": stored.by,
                    "facts": stored.facts,
                    **stored.assessment.as_dict(),
                }
                for stored in history
            ]
        )
        return
    if not history:
        print(f"{incident_id} has no assessment yet; run `playbook assess {incident_id}`.")
        return
    for stored in history:
        assessment = stored.assessment
        flag = "  borderline" if assessment.borderline else ""
        band = assessment.enisa.band or "ENISA not yet known"
        print(
            f"{stored.number:>3}  {format_local(stored.at, ctx.zone)}  {stored.by:<12}  "
            f"{outcome_label(assessment.outcome, assessment.regime)}{flag}  ({band})"
        )

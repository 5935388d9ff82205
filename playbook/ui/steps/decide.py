"""Step 3, Decide: the recommendation, the deadline, and the decisions recorded with reasons."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from playbook.assessing.decisions import record_decision
from playbook.domain.clock import deadline_for, format_local
from playbook.domain.decisions import Decision, is_late
from playbook.domain.labels import outcome_labels
from playbook.store.assessments import latest_assessment, load_decisions
from playbook.ui.dialogs.decision import DecisionDialog
from playbook.ui.keys import bindings
from playbook.ui.steps.base import Step, shows_refusals
from playbook.ui.text import shown_lines
from playbook.ui.widgets.flex_table import FlexTable, TableColumn

DECISION_COLUMNS = (
    TableColumn("number", "#", 2),
    TableColumn("about", "About", 6),
    TableColumn("answer", "Answer", 6),
    TableColumn("by", "By", 14, min_table_width=80),
    TableColumn("at", "When", 20, min_table_width=100),
    TableColumn("why", "Why"),
)


class DecideStep(Step):
    """What the assessment recommends, and the decisions about the ICO and the people."""

    STEP_ID = "decide"
    TITLE = "Decide"
    HELP = """\
## Step 3: Decide

The app recommends; the people in charge decide, and the log keeps why.

- **o** records the decision about {authority}: notify or not, why, who decided, the {short}
  case reference and whether it is the initial report or a follow-up. Past the 72 hours,
  notifying needs the reasons for the delay.
- **p** records the decision about telling the people affected, with the Art. 34(3)
  exemption relied on when you decide not to.

A decision against the recommendation is allowed: the log marks it so and keeps your reasons.
A later decision (a follow-up, a change of mind) is added; earlier ones stay.
"""
    BINDINGS = bindings("decide.ico", "decide.individuals")

    def compose(self) -> ComposeResult:
        """The recommendation, the deadline, the decisions so far."""
        yield Static(
            self.app.key_hints(
                ("decide.ico", f"decide about {self.workspace.authority.name}"),
                ("decide.individuals", "decide about telling the people"),
            ),
            classes="step-intro",
        )
        yield Static(id="recommendation")
        yield Static(id="decision-deadline")
        yield FlexTable(DECISION_COLUMNS, id="decisions")

    def on_mount(self) -> None:
        """Read the assessment and the decisions."""
        self.reload()

    def reload(self) -> None:
        """Read the latest assessment and the decisions again."""
        app = self.app
        incident = self.incident
        authority = self.workspace.authority
        latest = latest_assessment(app.db, self.incident_id)
        recommendation = self.query_one("#recommendation", Static)
        if latest is None:
            recommendation.update(
                "No assessment saved yet: answer the facts in step 2 and press ctrl+s, so the "
                "log shows what you decided against."
            )
        else:
            assessment = latest.assessment
            recommendation.update(
                f"Assessment {latest.number}: "
                f"[b]{outcome_labels(authority.name)[assessment.outcome]}[/b]"
                + (" · borderline" if assessment.borderline else "")
                + f"\n{shown_lines(assessment.summary)}"
            )
        deadline = format_local(deadline_for(incident.aware_at), app.zone)
        late = is_late(incident.aware_at, app.now())
        self.query_one("#decision-deadline", Static).update(
            f"The {authority.short} deadline {'was' if late else 'is'} {deadline} "
            "(72 hours from awareness)"
            + ("; a report now must say why it is late." if late else ".")
        )
        decisions = load_decisions(app.db, self.incident_id)
        self.query_one(FlexTable).show_rows(
            [(str(decision.number), self._cells(decision)) for decision in decisions]
        )

    def _cells(self, decision: Decision) -> tuple[str, ...]:
        answer = "yes" if decision.notify else "no"
        why = decision.why
        if decision.against_recommendation:
            why = f"(against the recommendation) {why}"
        if decision.reference:
            why = f"[{decision.reference}, {decision.phase}] {why}"
        return (
            str(decision.number),
            self.workspace.authority.heading if decision.about == "ico" else "people",
            answer,
            decision.by,
            format_local(decision.at, self.app.zone) if decision.at else "",
            why,
        )

    def action_decide(self, about: str) -> None:
        """Open the decision dialog about the ICO or the individuals."""
        latest = latest_assessment(self.app.db, self.incident_id)
        self.app.push_screen(
            DecisionDialog(
                about,
                aware_at=self.incident.aware_at,
                now=self.app.now(),
                assessment=latest.assessment if latest else None,
                by=self.app.author,
                regime=self.incident.regime,
                supervisory_authority=self.app.config.supervisory_authority,
            ),
            callback=self._record,
        )

    @shows_refusals
    def _record(self, decision: Decision | None) -> None:
        if decision is None:
            return
        stored = record_decision(self.app.db, self.incident_id, decision, now=self.app.now())
        note = (
            " It goes against the recommendation; the log marks it so."
            if stored.against_recommendation
            else ""
        )
        self.notify(f"Decision {stored.number} recorded.{note}")
        self.changed()

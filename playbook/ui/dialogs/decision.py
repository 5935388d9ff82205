"""The decision dialog: tell the ICO (or, under the EU GDPR, the supervisory authority; or the
people) or not, why, who, and what the law asks."""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, RadioButton, RadioSet, Static, TextArea

from playbook.domain.citations import authority_for, citations_for, exemption_label
from playbook.domain.decisions import Decision, check_decision, is_late, recommended_answer
from playbook.domain.errors import PlaybookError
from playbook.domain.labels import outcome_labels
from playbook.domain.risk import EXEMPTIONS, Assessment
from playbook.ui.dialogs.base import Dialog

QUESTIONS = {"ico": "Tell {authority}?", "individuals": "Tell the people affected?"}
ANSWERS = {
    "ico": ("Yes: notify {authority} ({notify})", "No: record it in the breach log only"),
    "individuals": ("Yes: tell the people ({tell})", "No: do not tell them"),
}
PHASE_LABELS = (("initial", "Initial report"), ("follow-up", "Follow-up to an earlier report"))


class DecisionDialog(Dialog[Decision]):
    """Asks for one decision; dismisses a Decision the rules accept, or None."""

    def __init__(
        self,
        about: str,
        *,
        aware_at: datetime,
        now: datetime,
        assessment: Assessment | None,
        by: str,
        regime: str = "uk_gdpr",
        supervisory_authority: str = "",
    ) -> None:
        super().__init__()
        self.regime = regime
        self.law = citations_for(regime)
        self.authority = authority_for(regime, supervisory_authority)
        self.about = about
        self.aware_at = aware_at
        self.now = now
        self.assessment = assessment
        self.default_by = by
        self.late = is_late(aware_at, now)

    def compose(self) -> ComposeResult:
        """The answer, why, who, then the fields the answer needs."""
        yes, no = self._answers()
        with VerticalScroll(classes="dialog-body", id="decision-body"):
            question = QUESTIONS[self.about].format(authority=self.authority.name)
            yield Label(question, classes="dialog-title")
            yield Static(
                "↑↓ and enter choose · tab moves on · ctrl+s records · escape cancels",
                classes="hint",
            )
            yield Static(self._recommendation())
            yield RadioSet(RadioButton(yes), RadioButton(no), id="notify", compact=True)
            yield Label(f"Why? (required: the log keeps your reasons, {self.law.record})")
            yield TextArea(id="why", compact=True)
            yield Label("Who decided?")
            yield Input(self.default_by, id="by", compact=True)
            with Vertical(id="ico-yes-fields", classes="optional-fields"):
                yield Label(f"{self.authority.heading} case reference, if you have one")
                yield Input(id="reference", compact=True, placeholder="e.g. IC-123456-A1B2")
                yield RadioSet(
                    *(
                        RadioButton(label, value=phase == "initial")
                        for phase, label in PHASE_LABELS
                    ),
                    id="phase",
                    compact=True,
                )
            with Vertical(id="late-fields", classes="optional-fields"):
                yield Label("The 72 hours have passed: why is the report late? (required)")
                yield TextArea(id="late-reason", compact=True)
            with Vertical(id="exemption-fields", classes="optional-fields"):
                yield Label(f"Relying on an {self.law.exemption} exemption?")
                yield RadioSet(
                    RadioButton("No exemption", value=True),
                    *(RadioButton(exemption_label(ground, self.regime)) for ground in EXEMPTIONS),
                    id="exemption",
                    compact=True,
                )
            yield Static(id="dialog-problem", classes="problem")
            yield from self.buttons("Record decision")

    def on_mount(self) -> None:
        """Show only the fields the answer needs; start on the answer."""
        self._show_fields()
        self.query_one("#notify", RadioSet).focus()

    def _recommendation(self) -> str:
        if self.assessment is None:
            return "No assessment is saved yet; you can still decide, and the log will say so."
        yes, no = self._answers()
        labels = outcome_labels(self.authority.name)
        answer = yes if recommended_answer(self.about, self.assessment.outcome) else no
        text = (
            f"Recommended answer: [b]{answer}[/b] (the assessment: "
            f"{labels[self.assessment.outcome]})"
        )
        if self.assessment.alternative is not None:  # a borderline case
            text += f" (borderline: {labels[self.assessment.alternative]} is arguable)"
        return text

    def _answers(self) -> tuple[str, str]:
        yes, no = ANSWERS[self.about]
        return yes.format(
            authority=self.authority.name, notify=self.law.notify, tell=self.law.tell
        ), no

    @property
    def answer(self) -> bool | None:
        """The answer chosen: True (yes, tell them), False, or None before one is chosen."""
        index = self.query_one("#notify", RadioSet).pressed_index
        return None if index < 0 else index == 0

    @on(RadioSet.Changed, "#notify")
    def _show_fields(self) -> None:
        notify_ico = self.about == "ico" and self.answer is True
        self.query_one("#ico-yes-fields").display = notify_ico
        self.query_one("#late-fields").display = notify_ico and self.late
        self.query_one("#exemption-fields").display = (
            self.about == "individuals" and self.answer is False
        )

    def action_submit(self) -> None:
        """Check the answer with the playbook's rules; dismiss it once they accept it."""
        problem = self._missing()
        if problem:
            self.show_problem(problem)
            return
        decision = self._decision()
        try:
            check_decision(
                decision,
                aware_at=self.aware_at,
                now=self.now,
                assessment=self.assessment,
                regime=self.regime,
            )
        except PlaybookError as refused:
            self.show_problem(str(refused))
            return
        self.dismiss(decision)

    def _missing(self) -> str | None:
        if self.answer is None:
            return "Choose yes or no first."
        if not self.query_one("#why", TextArea).text.strip():
            return f"Write why: the reasons for every decision go in the log ({self.law.record})."
        if not self.query_one("#by", Input).value.strip():
            return "Say who decided: a decision needs a named person."
        if self.query_one("#late-fields").display and not self._late_reason():
            return (
                "Give the reasons for the delay: the report is past the 72 hours "
                f"({self.law.late})."
            )
        if self._phase() == "follow-up" and not self._reference():
            return (
                f"A follow-up must quote the {self.authority.short} case reference "
                f"({self.law.phases})."
            )
        return None

    def _decision(self) -> Decision:
        exemption_index = self.query_one("#exemption", RadioSet).pressed_index
        exemptions = list(EXEMPTIONS)
        return Decision(
            about=self.about,
            notify=bool(self.answer),
            why=self.query_one("#why", TextArea).text.strip(),
            by=self.query_one("#by", Input).value.strip(),
            exemption=(
                exemptions[exemption_index - 1]
                if self.query_one("#exemption-fields").display and exemption_index > 0
                else None
            ),
            late_reason=self._late_reason(),
            reference=self._reference(),
            phase=self._phase(),
        )

    def _late_reason(self) -> str:
        if not self.query_one("#late-fields").display:
            return ""
        return self.query_one("#late-reason", TextArea).text.strip()

    def _reference(self) -> str:
        if not self.query_one("#ico-yes-fields").display:
            return ""
        return self.query_one("#reference", Input).value.strip()

    def _phase(self) -> str:
        if not self.query_one("#ico-yes-fields").display:
            return ""
        return PHASE_LABELS[max(self.query_one("#phase", RadioSet).pressed_index, 0)][0]

"""Step 2, Assess: answer the facts; the recommendation beside them follows every answer."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from playbook.assessing.facts import record_facts
from playbook.domain.facts import FACT_SPECS, check_fact, fact_count, fact_words
from playbook.domain.labels import CATEGORY_LABELS, CONSEQUENCE_LABELS, SUBJECT_LABELS, label
from playbook.domain.risk import assess_facts
from playbook.store.assessments import latest_assessment, save_assessment
from playbook.store.facts import load_facts
from playbook.store.incidents import get_incident
from playbook.ui.dialogs.base import Dialog
from playbook.ui.dialogs.choice import ChoiceDialog
from playbook.ui.dialogs.multi_choice import MultiChoiceDialog
from playbook.ui.dialogs.number import NumberDialog
from playbook.ui.keys import bindings
from playbook.ui.steps.base import Step, shows_refusals
from playbook.ui.widgets.fact_form import FactForm
from playbook.ui.widgets.flex_table import FlexTable
from playbook.ui.widgets.verdict_panel import VerdictPanel

CHOICE_LABELS = {
    "categories": CATEGORY_LABELS,
    "subjects": SUBJECT_LABELS,
    "consequences": CONSEQUENCE_LABELS,
}
NARROW_BELOW = 100


class AssessStep(Step):
    """The fact form and, beside it (below it when narrow), the live verdict."""

    STEP_ID = "assess"
    TITLE = "Assess"
    HELP = """\
## Step 2: Assess

Answer each fact about the breach. Values *detected* by the import are shown in italics and
marked **detected?**: check them. The recommendation beside the facts follows every answer:
the outcome (record only, tell {authority}, tell {authority} and the people), whether it is
borderline, the reasons on each side, and the ENISA severity as supporting evidence.

- **enter** answers or changes the highlighted fact; **c** confirms a detected value as it is.
- **ctrl+s** saves the assessment to the log (a new one each time the facts changed; old ones
  stay). Then go to step 3 to decide.

Every answer is recorded with who gave it and when.
"""
    BINDINGS = bindings("assess.save")

    def compose(self) -> ComposeResult:
        """Intro, the facts with the highlighted question, the verdict."""
        yield Static(
            "Answer each fact: "
            + self.app.key_hints(
                ("assess.edit", "answers"),
                ("assess.confirm", "confirms a detected value"),
                ("assess.save", "saves the assessment"),
            ),
            classes="step-intro",
        )
        with Horizontal(id="assess-body"):
            with Vertical(id="facts-column"):
                yield FactForm(id="facts")
                yield Static(id="fact-question", classes="hint")
            yield VerdictPanel(id="verdict")

    def on_mount(self) -> None:
        """Read the facts."""
        self.reload()

    def on_resize(self, event: events.Resize) -> None:
        """Put the verdict below the facts when the terminal is narrow."""
        self.set_class(event.size.width < NARROW_BELOW, "-narrow")

    def reload(self) -> None:
        """Read the facts and the latest assessment; show the verdict they give now."""
        facts = load_facts(self.app.db, self.incident_id)
        self.query_one(FactForm).show_facts(facts)
        values = {key: fact.value for key, fact in facts.items()}
        assessment = assess_facts(values, get_incident(self.app.db, self.incident_id).regime)
        latest = latest_assessment(self.app.db, self.incident_id)
        self.saved = (
            latest is not None and latest.assessment == assessment and latest.facts == values
        )
        self.assessment = assessment
        self.query_one(VerdictPanel).show(assessment, self.saved)
        self._show_question()

    @on(FlexTable.RowHighlighted, "#facts")
    def _show_question(self) -> None:
        key = self.query_one(FactForm).highlighted_key
        question = FACT_SPECS[key].question if key else ""
        self.query_one("#fact-question", Static).update(question)

    @on(FactForm.EditWanted)
    def _edit(self, event: FactForm.EditWanted) -> None:
        spec = FACT_SPECS[event.key]
        fact = self.query_one(FactForm).facts.get(event.key)
        current = fact.value if fact else None
        dialog: Dialog[list[str]] | Dialog[int] | Dialog[str]
        if spec.kind == "list":
            labels = CHOICE_LABELS.get(spec.key, {})
            dialog = MultiChoiceDialog(
                spec.question,
                [(choice, labels.get(choice) or label(choice)) for choice in spec.choices],
                fact_words(check_fact(spec.key, current)) if current is not None else [],
            )
        elif spec.kind == "count":
            dialog = NumberDialog(spec.question, fact_count(current))
        elif spec.kind == "yes_no":
            now = None if current is None else ("yes" if current else "no")
            dialog = ChoiceDialog(spec.question, [("yes", "yes"), ("no", "no")], now)
        else:
            dialog = ChoiceDialog(
                spec.question,
                [(choice, label(choice)) for choice in spec.choices],
                current if isinstance(current, str) else None,
            )
        self.app.push_screen(dialog, callback=lambda answer: self._answered(spec.key, answer))

    def _answered(self, key: str, answer: object) -> None:
        if answer is None:
            return
        if FACT_SPECS[key].kind == "yes_no":
            answer = answer == "yes"
        self._record(key, answer)

    @on(FactForm.ConfirmWanted)
    def _confirm(self, event: FactForm.ConfirmWanted) -> None:
        fact = self.query_one(FactForm).facts.get(event.key)
        if fact is None:
            self.notify("This fact is not known yet; press enter to answer it.")
        elif fact.confirmed:
            self.notify("This fact is already confirmed; press enter to change it.")
        else:
            self._record(event.key, fact.value)

    @shows_refusals
    def _record(self, key: str, value: object) -> None:
        record_facts(
            self.app.db,
            self.incident_id,
            {key: value},
            source="confirmed",
            author=self.app.author,
            at=self.app.now(),
        )
        self.changed()

    @shows_refusals
    def action_save(self) -> None:
        """Save the assessment the facts give now, unless it is already the latest one."""
        if self.saved:
            self.notify("This assessment is already saved; change a fact to reassess.")
            return
        number = save_assessment(
            self.app.db,
            self.incident_id,
            self.assessment,
            author=self.app.author,
            at=self.app.now(),
        )
        self.notify(f"Assessment {number} saved. Next: step 3, Decide.")
        self.changed()

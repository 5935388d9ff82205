"""The recommendation the facts lead to: outcome, borderline, reasons each way, ENISA score."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from playbook.domain.labels import outcome_label
from playbook.domain.risk import OUTCOMES, Assessment
from playbook.ui.text import shown, shown_lines


class VerdictPanel(VerticalScroll):
    """Shows one assessment; the outcome is a class (`-notify-ico`, ...), `-borderline` too."""

    def compose(self) -> ComposeResult:
        """One text block, scrolled when the reasons are long."""
        yield Static(id="verdict-text")

    def show(self, assessment: Assessment, saved: bool) -> None:
        """Show `assessment`; `saved` says whether it is the latest saved one."""
        for outcome in OUTCOMES:
            self.set_class(outcome == assessment.outcome, "-" + outcome.replace("_", "-"))
        self.set_class(assessment.borderline, "-borderline")
        self.set_class(not saved, "-unsaved")
        self.query_one("#verdict-text", Static).update(verdict_markup(assessment, saved))


def verdict_markup(assessment: Assessment, saved: bool) -> str:
    """The assessment as the panel's text."""
    enisa = assessment.enisa
    outcome = outcome_label(assessment.outcome, assessment.regime)
    lines = [f"[b]{outcome}[/b]" + (" · [b]borderline[/b]" if assessment.borderline else "")]
    lines.append(shown_lines(assessment.summary))
    if enisa.score is None:
        lines.append(f"ENISA severity: not yet known (EI {enisa.ei}, CB {enisa.cb})")
    else:
        lines.append(
            f"ENISA severity {enisa.score:g} ({enisa.band}) · DPC {enisa.dpc} · EI {enisa.ei:g} "
            f"· CB {enisa.cb:g}: supporting evidence, not the decision"
        )
    lines.append("")
    lines.append("[b]For telling[/b]")
    lines += [f"• {shown(reason)}" for reason in assessment.reasons_for] or ["• none"]
    lines.append("[b]Against[/b]")
    lines += [f"• {shown(reason)}" for reason in assessment.reasons_against] or ["• none"]
    if assessment.missing:
        lines.append(f"[b]Still to answer ({len(assessment.missing)})[/b]")
        lines += [f"• {shown(question)}" for question in assessment.missing]
    lines.append("")
    lines.append(
        "Saved as the latest assessment."
        if saved
        else "[b]Not saved yet[/b]: ctrl+s saves this assessment to the log."
    )
    return "\n".join(lines)

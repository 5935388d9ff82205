"""The board view: the register's figures for the people who ask "how are we doing?"."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Label, ProgressBar, Static
from textual_plotext import PlotextPlot

from playbook.domain.board import BoardFigures
from playbook.domain.labels import counted
from playbook.reporting.board import read_board
from playbook.ui.keys import bindings
from playbook.ui.typed_app import InPlaybookApp
from playbook.ui.widgets.key_footer import KeyFooter

BOARD_HELP = """\
## The board view

What a DPO reports upward: **incidents a month** (by the month of awareness), the **share of
ICO reports made within 72 hours**, the **median hours from awareness to the first decision**,
and the **confirmations outstanding** (external recipients asked to delete who have not
confirmed, in open incidents). Below, each open incident's containment: the bar fills as
confirmations of deletion arrive. **escape** goes back to the register.
"""


def figures_text(figures: BoardFigures) -> str:
    """The four figures on one or two lines."""
    share = figures.share_reported_in_time
    median = figures.median_hours_to_decision
    return " · ".join(
        (
            f"[b]{counted(figures.incidents, 'incident')}[/b]",
            (
                f"[b]{share:.0%}[/b] of {counted(figures.reported, 'ICO report')} within 72 hours"
                if share is not None
                else "no ICO reports yet"
            ),
            (
                f"median [b]{median:.1f} h[/b] from awareness to decision"
                if median is not None
                else "no decisions yet"
            ),
            f"[b]{figures.confirmations_outstanding:,}[/b] confirmations outstanding",
        )
    )


class BoardScreen(InPlaybookApp, Screen[None]):
    """The figures, a chart of incidents a month, and each open incident's containment bar."""

    BINDINGS = bindings("incident.back")

    def compose(self) -> ComposeResult:
        """Header, figures, chart, containment bars, footer."""
        self.figures = read_board(self.app.db, self.app.zone)
        yield Header()
        yield Static(figures_text(self.figures), id="board-figures")
        yield PlotextPlot(id="board-chart")
        with VerticalScroll(id="board-containment"):
            for incident, containment in self.figures.containment:
                with Horizontal(classes="board-row"):
                    yield Label(f"{incident.id} {incident.title}", classes="board-title")
                    bar = ProgressBar(
                        total=max(containment.external, 1), show_eta=False, classes="board-bar"
                    )
                    bar.progress = containment.confirmed
                    yield bar
                    yield Label(
                        f"{containment.confirmed:,} of {containment.external:,} confirmed",
                        classes="board-count",
                    )
        yield KeyFooter()

    def on_mount(self) -> None:
        """Draw the chart of incidents a month."""
        self.sub_title = "board view"
        plot = self.query_one(PlotextPlot).plt
        months = self.figures.per_month
        if months:
            plot.bar([month for month, _ in months], [count for _, count in months])
        plot.title("Incidents a month (by awareness)")

    def help_markdown(self) -> str:
        """Help for the board view."""
        return BOARD_HELP

    def action_back(self) -> None:
        """Back to the register."""
        self.dismiss(None)

"""What happened to each affected person's notice: the rules a record must keep, and the counts
the reports give (the ICO form and the EDPB template ask who was told, how, when, and who was
not and why). Pure.

A person's latest record counts; earlier ones stay as history. A reason (why someone was not
told, or what was tried to reach them) goes into the ICO report, so it must name nobody; what
was said on a call goes in the note, which is personal and purged with the rest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from playbook.domain.errors import Refused
from playbook.domain.gate import Audience
from playbook.domain.labels import NOTICE_MEANS, NOTICE_STATE_LABELS, counted
from playbook.domain.vocabulary import NOTICE_STATES, NoticeState

TOLD_STATES = (NoticeState.EMAILED, NoticeState.POSTED, NoticeState.PHONED)
# The states that say why nobody was told, and what their reason must say.
_REASON_NEEDED = {
    NoticeState.NOT_TOLD: "why this person was not told",
    NoticeState.NOT_REACHABLE: "what was tried to reach this person",
}


@dataclass(frozen=True)
class NoticeRecord:
    """One record of what happened to one person's notice; `number` orders an incident's."""

    person_key: str
    state: NoticeState
    reason: str = ""
    note: str = ""
    by: str = ""
    at: datetime | None = None
    number: int = 0


def notice_state(word: str) -> NoticeState:
    """The state a word names; refuse any other word."""
    if word not in NOTICE_STATES:
        raise Refused(f"A notice state must be one of {', '.join(NOTICE_STATES)}.")
    return NoticeState(word)


def checked_notice(
    person_key: str,
    state: str,
    *,
    reason: str = "",
    note: str = "",
    by: str,
    at: datetime | None = None,
) -> NoticeRecord:
    """A record the rules accept: not_told and not_reachable carry a reason, phoned a note of
    what was said; refuse anything else."""
    chosen = notice_state(state)
    reason, note = reason.strip(), note.strip()
    needed = _REASON_NEEDED.get(chosen)
    if needed and not reason:
        raise Refused(f"A {chosen} record needs a reason saying {needed}; the ICO report gives it.")
    if chosen == NoticeState.PHONED and not note:
        raise Refused(
            "A phoned record needs a note of what was said on the call: it is the record of "
            "the call."
        )
    if not by.strip():
        raise Refused("Say who recorded it: every record names a person.")
    return NoticeRecord(person_key, chosen, reason, note, by.strip(), at)


def check_reason_names_nobody(reason: str, audience: Audience) -> None:
    """Refuse a reason holding anyone's address or full name: it goes into the ICO report."""
    if not reason:
        return
    # Read for an owner who is nobody, so that every address and full name found counts (a
    # person without an email address is indexed under the empty one).
    addresses, names = audience.strangers_in([reason], owner="\0", own_name="")
    if addresses or names:
        raise Refused(
            "The reason goes into the ICO report, so it must name nobody: write it without "
            "names or email addresses, and put details in the note."
        )


@dataclass(frozen=True)
class NoticeSummary:
    """How many people are in each state (by their latest record), and the reasons given."""

    people: int
    counts: Mapping[str, int] = field(default_factory=dict)
    not_told_reasons: Mapping[str, int] = field(default_factory=dict)

    @property
    def recorded(self) -> int:
        """How many people have a record."""
        return sum(self.counts.values())

    @property
    def told(self) -> int:
        """How many people were told, by any means."""
        return sum(self.counts.get(state, 0) for state in TOLD_STATES)

    @property
    def unrecorded(self) -> int:
        """How many people have no record yet."""
        return max(self.people - self.recorded, 0)

    def count_line(self) -> str:
        """The counts as the app shows them, states with nobody left out:
        'emailed 40 · posted 6 · not told 2 · not recorded 4'."""
        parts = [
            f"{NOTICE_STATE_LABELS[state]} {count:,}"
            for state in NOTICE_STATES
            if (count := self.counts.get(state, 0))
        ]
        if self.unrecorded or not parts:
            parts.append(f"not recorded {self.unrecorded:,}")
        return " · ".join(parts)

    def sentence(self) -> str:
        """The ICO form's answer: 'Told 48 of 52 people: 40 by email, 6 by letter, 2 by phone;
        2 not reachable; 2 not told (reason: ...).' Counts and reasons only, never a name."""
        means = [
            f"{self.counts[state]:,} {NOTICE_MEANS[state]}"
            for state in TOLD_STATES
            if self.counts.get(state)
        ]
        parts = [f"Told {self.told:,} of {counted(self.people, 'person', 'people')}"]
        if means:
            parts[0] += ": " + ", ".join(means)
        if self.counts.get(NoticeState.NOT_REACHABLE):
            parts.append(f"{self.counts[NoticeState.NOT_REACHABLE]:,} not reachable")
        if self.counts.get(NoticeState.NOT_TOLD):
            parts.append(f"{self.counts[NoticeState.NOT_TOLD]:,} not told ({self._reasons_text()})")
        if self.unrecorded:
            parts.append(f"{self.unrecorded:,} not yet recorded")
        return "; ".join(parts) + "."

    def _reasons_text(self) -> str:
        reasons = [(reason.rstrip(". "), count) for reason, count in self.not_told_reasons.items()]
        if len(reasons) == 1:
            return f"reason: {reasons[0][0]}"
        return "reasons: " + "; ".join(f"{count:,}: {reason}" for reason, count in reasons)


def summarise(latest: Iterable[NoticeRecord], people: int) -> NoticeSummary:
    """The summary of each person's latest record, over `people` affected people (at least
    as many as have a record)."""
    records = list(latest)
    counts = Counter(record.state.value for record in records)
    reasons = Counter(record.reason for record in records if record.state == NoticeState.NOT_TOLD)
    return NoticeSummary(
        people=max(people, len(records)),
        counts={state: counts.get(state, 0) for state in NOTICE_STATES},
        not_told_reasons=dict(sorted(reasons.items(), key=lambda item: (-item[1], item[0]))),
    )


def told_how(record: NoticeRecord | None) -> str:
    """How a person's latest record reads in a list: 'emailed', 'not told', or 'not recorded'."""
    return NOTICE_STATE_LABELS[record.state] if record else "not recorded"

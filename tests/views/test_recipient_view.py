"""The Contain step's reading: chase order, counts and a filter that gives up when replaced."""

from __future__ import annotations

from playbook.domain.incident import Recipient
from playbook.views.recipients import RecipientView, haystack, matching, position_of


def view_of(addresses: list[str]) -> RecipientView:
    recipients = [Recipient(address=address) for address in addresses]
    ordered = [(recipient, None) for recipient in recipients]
    return RecipientView(
        recipients=recipients,
        ordered=ordered,
        haystacks=[haystack(recipient) for recipient in recipients],
    )


def test_the_filter_keeps_chase_order_and_ignores_case():
    view = view_of(["b@x.example", "Ann@Y.example", "bob@y.example"])
    assert [r.address for r, _ in matching(view, " Y.EX ")] == ["Ann@Y.example", "bob@y.example"]
    assert matching(view, "") is view.ordered
    assert [r.address for r, _ in matching(view, "not contacted")] == [
        "b@x.example",
        "Ann@Y.example",
        "bob@y.example",
    ]


def test_a_filter_that_is_replaced_gives_up():
    view = view_of([f"p{n}@x.example" for n in range(3_000)])
    asked = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 1

    assert matching(view, "p1", cancelled) is None
    assert len(asked) == 2  # it asked between chunks, not once a row


def test_position_of_a_recipient():
    view = view_of(["a@x.example", "b@x.example"])
    assert position_of(view.ordered, "b@x.example") == 1
    assert position_of(view.ordered, "gone@x.example") == 0

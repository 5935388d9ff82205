"""Hostile input: whatever a person types as a WHEN is a time or one clean error, never a crash."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from playbook.domain.clock import parse_when
from playbook.domain.errors import PlaybookError
from playbook.store.database import open_database
from tests.conftest import FIXED_NOW, LONDON

WORDS = st.sampled_from(
    [
        "now",
        "today",
        "yesterday",
        "at",
        "ago",
        "hours",
        "minutes",
        "days",
        "weeks",
        "hr",
        "am",
        "pm",
        "Oct",
        "February",
        "Sunday",
        "UTC",
        "GMT",
        "BST",
        "Z",
        "T",
        ":",
        "/",
        "-",
        "+",
        ".",
        ",",
        "\x00",
        "\u200b",
        "٣",
        "½",
    ]
)
NUMBERS = st.integers(min_value=-(10**12), max_value=10**12).map(str)
OFFSETS = st.integers(min_value=-99999, max_value=99999).map(lambda n: f"UTC{n:+05d}")
TIME_LIKE = st.lists(st.one_of(WORDS, NUMBERS, OFFSETS), min_size=1, max_size=7).map(" ".join)


def check_when(text: str) -> None:
    """A parsed time is aware UTC and not in the future; anything else is a PlaybookError."""
    try:
        moment = parse_when(text, now=FIXED_NOW, local_zone=LONDON)
    except PlaybookError as error:
        message = str(error)
        # One printable line: what was typed is echoed without newlines or control characters.
        assert message.strip() and message.isprintable(), message
        return
    assert moment.utcoffset() == timedelta(0)
    assert moment <= FIXED_NOW + timedelta(minutes=1)


@settings(max_examples=600, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_a_time_or_a_clean_error(text):
    check_when(text)


@settings(max_examples=800, deadline=None)
@given(TIME_LIKE)
@example("2026-10-24 09:30 UTC+9999")
@example("99999999999 weeks ago")
@example("yesterday 99:99")
def test_time_like_text_is_a_time_or_a_clean_error(text):
    check_when(text)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.one_of(TIME_LIKE, st.text(max_size=30)))
@example("2026-10-24 09:30 UTC+9999")
def test_a_bad_when_on_the_command_line_writes_nothing(cli, db_path, text):
    db = open_database(db_path)
    before = db["incidents"].count
    db.close()
    result = cli("new", "--title", "Fuzzed", f"--aware={text}")  # = keeps a leading "-" a value
    db = open_database(db_path)
    after = db["incidents"].count
    db.close()
    if result.code == 0:
        assert after == before + 1
    else:
        assert (result.code, after) == (1, before)
        assert result.err.startswith("playbook: ") and "unexpected" not in result.err

"""The shape of a phrasebook: every sentence drafting can produce, worded in one language."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Phrasebook:
    """How one language words every sentence drafting can produce.

    Format fields are named in braces (`{when}`, `{count:,}`); the mappings are keyed by what
    the sentence is about, the same keys in every language.
    """

    language: str
    weekdays: tuple[str, ...]  # Monday first
    months: tuple[str, ...]  # January first
    on_day: str  # {weekday} {day} {month} {year}
    at_time: str  # {day} {time}
    recently: str
    greeting: str  # {name}
    greeting_without_name: str
    data_items: Mapping[str, str]  # the data item keys of domain.exposure, in words
    your_data: str  # {items}
    some_of_your_data: str
    join: Callable[[Sequence[str]], str]  # 'a, b and c'
    harms: Mapping[str, str]  # the `consequences` fact's keys, said to the person
    consequences: Mapping[str, str]  # unwanted_emails, unwanted_calls, information_held
    advice: Mapping[str, str]  # the keys of drafting.advice_keys
    measures: Mapping[str, str]  # the keys of drafting.Measure: {confirmed:,} of {of:,}
    what_happened: Mapping[str, str]  # sent_wrongly, the keys of drafting.exposed_how,
    # received, chased
    about_subject: str  # {subject}
    attached: tuple[str, str]  # one file, several: {count} {names}
    chase_reasons: Mapping[str, str]  # acknowledged, unconfirmed

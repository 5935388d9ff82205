"""Welsh phrasing: the same sentences as the English, chosen by the same rules, in Welsh words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from playbook.domain.clock import zone
from playbook.domain.drafting import (
    advice_keys,
    apology_what_happened,
    chase_reason,
    chaser_what_happened,
    consequence_keys,
    day_text,
    describe_data_items,
    exposed_how,
    greeting_for,
    likely_consequences,
    measure_list,
    measures_taken,
    protective_advice,
    received_what_happened,
)
from playbook.domain.exposure import DATA_ITEMS
from playbook.domain.incident import Recipient
from playbook.domain.phrases import PHRASEBOOKS, phrasebook_for
from playbook.domain.phrases.english import ENGLISH_PHRASES
from playbook.domain.phrases.welsh import welsh_join

# Common English words that no Welsh sentence holds (padded with spaces: whole words only).
ENGLISH_WORDS = (
    " the ", " your ", " you ", " we ", " our ", " and ", " to ", " of ", " was ", " have ",
    " with ", " email ", " information ", " recently ", " by mistake",
)  # fmt: skip
ENGLISH_NAMES = ENGLISH_PHRASES.weekdays + ENGLISH_PHRASES.months
HARMS = tuple(ENGLISH_PHRASES.harms)
RECIPIENTS = (
    Recipient("a@x.example", status="confirmed"),
    Recipient("b@x.example", status="acknowledged"),
    Recipient("c@x.example", status="requested"),
)
LONDON = zone("Europe/London")
MONDAY = datetime(2026, 10, 19, 9, 15, tzinfo=UTC)


def english_in(text: str) -> list[str]:
    """The English words and day or month names in a Welsh text (none, when it is all Welsh)."""
    padded = f" {text.casefold().replace('.', ' ').replace(',', ' ')} "
    found = [word.strip() for word in ENGLISH_WORDS if word in padded]
    return found + [name for name in ENGLISH_NAMES if name in text]


def every_welsh_sentence() -> list[str]:
    """Everything drafting can say in Welsh, over every data item, harm, status and source."""
    everything = tuple(DATA_ITEMS)
    sentences = [
        describe_data_items(everything, language="cy"),
        describe_data_items((), language="cy"),
    ]
    sentences += [describe_data_items((key,), language="cy") for key in DATA_ITEMS]
    sentences += likely_consequences(everything, HARMS, language="cy")
    sentences += likely_consequences((), language="cy")
    sentences += protective_advice(everything, language="cy")
    sentences += measures_taken(RECIPIENTS, ico_told=True, language="cy")
    sentences += measures_taken(RECIPIENTS[:1], ico_told=False, language="cy")
    sentences += measures_taken((Recipient("d@x.example"),), ico_told=False, language="cy")
    when = day_text(MONDAY, LONDON, language="cy")
    sources = ("message 1", "message 1 attachment 1")
    sentences += [apology_what_happened(when, sources, language="cy")]
    sentences += [apology_what_happened(day_text(None, LONDON, language="cy"), (), language="cy")]
    sent = day_text(MONDAY, LONDON, with_time=True, language="cy")
    sentences += [
        received_what_happened(
            "Cyngor Sir Ddinbych", sent, "Survey", ["a.csv", "b.csv"], language="cy"
        ),
        chaser_what_happened("Cyngor Sir Ddinbych", when, when, "", ["a.csv"], language="cy"),
        chase_reason("acknowledged", language="cy"),
        chase_reason("requested", language="cy"),
        greeting_for("", language="cy"),
    ]
    return sentences


def test_every_phrasebook_words_every_sentence_the_english_has() -> None:
    english = ENGLISH_PHRASES
    for book in PHRASEBOOKS.values():
        assert set(book.data_items) == set(DATA_ITEMS), book.language
        for mapping in ("harms", "consequences", "advice", "measures", "what_happened"):
            assert set(getattr(book, mapping)) == set(getattr(english, mapping)), mapping
        assert set(book.chase_reasons) == set(english.chase_reasons)
        assert len(book.weekdays) == 7 and len(book.months) == 12


def test_every_key_the_rules_choose_is_worded_in_every_phrasebook() -> None:
    item_sets = [(), *((key,) for key in DATA_ITEMS), tuple(DATA_ITEMS)]
    consequences = {key for items in item_sets for key in consequence_keys(items, HARMS)}
    consequences |= {key for items in item_sets for key in consequence_keys(items)}
    advice = {key for items in item_sets for key in advice_keys(items)}
    measures = {
        measure.key
        for recipients in (RECIPIENTS, RECIPIENTS[:1], (Recipient("d@x.example"),), ())
        for ico_told in (True, False)
        for measure in measure_list(recipients, ico_told=ico_told)
    }
    sources = ("message 1", "message 1 attachment 1", "message 2 attachment 1")
    exposed = {key for n in range(4) for key in exposed_how(sources[:n])}
    for book in PHRASEBOOKS.values():
        assert consequences <= set(book.harms) | set(book.consequences)
        assert advice <= set(book.advice) and measures <= set(book.measures)
        assert exposed <= set(book.what_happened)


def test_no_welsh_sentence_holds_english_words() -> None:
    leaks = {sentence: english_in(sentence) for sentence in every_welsh_sentence()}
    assert {sentence: words for sentence, words in leaks.items() if words} == {}


def test_the_english_word_check_catches_english() -> None:
    assert english_in("Yr wybodaeth dan sylw oedd: your name and email address.") == [
        "your", "and", "email",
    ]  # fmt: skip
    assert english_in("ar Monday 19 October 2026") == ["Monday", "October"]


def test_a_welsh_date_is_mutated_after_ar_and_named_in_welsh() -> None:
    assert day_text(MONDAY, LONDON, language="cy") == "ar ddydd Llun 19 Hydref 2026"
    summer_night = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)  # 00:30 the next day, BST
    assert day_text(summer_night, LONDON, with_time=True, language="cy") == (
        "ar ddydd Iau 2 Gorffennaf 2026 am 00:30"
    )
    assert day_text(None, LONDON, language="cy") == "yn ddiweddar"


def test_every_welsh_day_and_month_name() -> None:
    days = {
        day_text(MONDAY + timedelta(days=n), LONDON, language="cy").split()[2] for n in range(7)
    }
    assert days == {"Llun", "Mawrth", "Mercher", "Iau", "Gwener", "Sadwrn", "Sul"}
    months = [
        day_text(datetime(2027, month, 10, 12, tzinfo=UTC), LONDON, language="cy").split()[4]
        for month in range(1, 13)
    ]
    assert months == [
        "Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin",
        "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr",
    ]  # fmt: skip


def test_a_persons_data_in_welsh_in_reading_order_with_a_ch_before_the_last() -> None:
    assert describe_data_items(("postal_address", "email", "name"), language="cy") == (
        "eich enw, eich cyfeiriad e-bost a'ch cyfeiriad post"
    )
    assert describe_data_items(("email",), language="cy") == "eich cyfeiriad e-bost"
    assert describe_data_items(("name", "offence"), language="cy") == (
        "eich enw a gwybodaeth am droseddau"
    )
    assert describe_data_items(("something_new",), language="cy") == (
        "rhywfaint o'ch gwybodaeth bersonol"
    )


def test_welsh_and_is_ac_before_a_vowel() -> None:
    assert welsh_join(["survey.csv", "atodiad.csv"]) == "survey.csv ac atodiad.csv"
    assert welsh_join(["a.csv", "b.csv", "c.csv"]) == "a.csv, b.csv a c.csv"
    assert welsh_join(["eich enw"]) == "eich enw"


def test_the_welsh_greeting_is_formal_without_a_name() -> None:
    assert greeting_for("  Siân   Jones ", language="cy") == "Annwyl Siân Jones,"
    assert greeting_for("", language="cy") == "Annwyl Syr neu Fadam,"


def test_what_happened_starts_with_the_day_then_a_comma_in_welsh() -> None:
    when = day_text(MONDAY, LONDON, language="cy")
    assert apology_what_happened(when, ("message 1",), language="cy") == (
        "Ar ddydd Llun 19 Hydref 2026, gwnaethom anfon e-bost at bobl na ddylai fod wedi'i gael. "
        "Roedd eich cyfeiriad e-bost i'w weld gan bawb a gafodd yr e-bost."
    )
    sent = day_text(MONDAY, LONDON, with_time=True, language="cy")
    assert received_what_happened(
        "Cyngor Gwynedd", sent, "", ("a.csv", "b.csv"), language="cy"
    ) == (
        "Ar ddydd Llun 19 Hydref 2026 am 10:15, anfonodd Cyngor Gwynedd e-bost atoch drwy "
        "gamgymeriad. Roedd 2 ffeil ynghlwm wrtho: a.csv a b.csv."
    )


@pytest.mark.parametrize(
    "sources",
    [(), ("message 1",), ("message 1 attachment 1",), ("message 2", "message 1 attachment 3")],
)
def test_the_same_rules_choose_the_same_sentences_in_both_languages(
    sources: tuple[str, ...],
) -> None:
    for items in [(), ("email",), ("name", "date_of_birth", "mobile"), ("health", "bank_account")]:
        for language in ("cy", "en"):
            assert len(likely_consequences(items, language=language)) == len(
                likely_consequences(items)
            )
            assert len(protective_advice(items, language=language)) == len(protective_advice(items))
    english = apology_what_happened("recently", sources)
    welsh = apology_what_happened("yn ddiweddar", sources, language="cy")
    assert english.count(".") == welsh.count(".")


def test_the_welsh_measures_count_the_confirmations() -> None:
    assert measures_taken(RECIPIENTS, ico_told=False, language="cy")[1] == (
        "Hyd yma, mae 1 o'r 3 wedi cadarnhau eu bod wedi'i ddileu."
    )
    assert measures_taken(RECIPIENTS[:1], ico_told=False, language="cy")[1] == (
        "Mae'r 1 i gyd wedi cadarnhau eu bod wedi'i ddileu."
    )


def test_an_unknown_language_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(ValueError, match="'fr'; use one of en, cy"):
        phrasebook_for("fr")

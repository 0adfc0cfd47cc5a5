"""Dates: explicit forms, and relative ones resolved against the article's own date."""

from __future__ import annotations

from datetime import date

from tasks.extraction.dates import find_dates
from tests.tasks.extraction.conftest import Reader

SUNDAY = date(2024, 6, 16)


def days(text: str, published_on: date | None = SUNDAY) -> list[date | None]:
    return [expression.day for expression in find_dates(text, published_on)]


def test_weekday_is_the_latest_such_day_on_or_before_publication() -> None:
    assert days("on Friday") == [date(2024, 6, 14)]
    assert days("on Sunday") == [SUNDAY]
    assert days("last Sunday") == [date(2024, 6, 9)]


def test_explicit_dates_in_common_forms() -> None:
    assert days("on 3 May 2021") == [date(2021, 5, 3)]
    assert days("on May 3, 2021") == [date(2021, 5, 3)]
    assert days("2021-05-03") == [date(2021, 5, 3)]
    assert days("03/05/2021") == [date(2021, 5, 3)]


def test_month_day_without_year_takes_the_article_year_unless_that_is_the_future() -> None:
    assert days("on June 2") == [date(2024, 6, 2)]
    assert days("on December 30") == [date(2023, 12, 30)]


def test_relative_words_and_vague_spans() -> None:
    assert days("yesterday") == [date(2024, 6, 15)]
    assert days("today") == [SUNDAY]
    assert days("last week") == [None]
    assert days("in 2019") == [None]


def test_weekday_without_publication_date_is_unknown() -> None:
    assert days("on Friday", published_on=None) == [None]


def test_event_takes_the_day_of_its_sentence(read: Reader) -> None:
    mentions = read(
        "Peruvian Foreign Minister Elena Vargas Quispe met Chilean Foreign Minister Tomas Rojas Vidal on Friday.",
        SUNDAY,
    )
    assert mentions.meetings[0].held_on == date(2024, 6, 14)


def test_letter_reported_on_a_weekday_is_dated_that_day(read: Reader) -> None:
    body = (
        "The situation in the region remains tense.\n\n"
        "Another paragraph about the economy follows here.\n\n"
        "Laotian President Somsak Vongsa sent a letter to Thai Prime Minister Arun Chaiyaporn, "
        "state media reported on Saturday."
    )
    assert read(body, SUNDAY).messages[0].sent_on == date(2024, 6, 15)


def test_wire_dateline_gives_the_lead_its_day(read: Reader) -> None:
    body = (
        "HANOI, June 14 (Reuters) - Vietnamese Premier Pham Minh Tuan said that exports grew strongly in May.\n\n"
        "The figures were released by the statistics office."
    )
    statement = read(body, SUNDAY).statements[0]
    assert statement.speaker.name == "Pham Minh Tuan"
    assert statement.stated_on == date(2024, 6, 14)
    assert not statement.evidence.startswith("HANOI")


# The date context: an undated event is dated by the last day named before it, unless its sentence points elsewhere.
THURSDAY = date(2022, 3, 10)


def test_undated_statement_takes_the_last_day_named_before_it(read: Reader) -> None:
    mentions = read(
        "Foreign Minister Aldo Vescari held talks with his counterpart Pieter Mandrell in Lisbon on Tuesday. "
        "The two sides discussed trade and fisheries at length. "
        "Vescari said the partnership had entered a new stage.",
        THURSDAY,
    )
    said = [s for s in mentions.statements if s.speaker.name == "Aldo Vescari"]
    assert said and said[0].stated_on == date(2022, 3, 8)


def test_without_any_day_the_publication_date_is_the_context(read: Reader) -> None:
    mentions = read(
        "Prime Minister Odile Ferrand met President Tomas Ekvall in Oslo. "
        "The talks focused on energy. "
        "Ferrand said the two countries would deepen their cooperation.",
        THURSDAY,
    )
    said = [s for s in mentions.statements if s.speaker.name == "Odile Ferrand"]
    assert said and said[0].stated_on == THURSDAY


def test_a_sentence_pointing_to_another_time_stays_undated(read: Reader) -> None:
    mentions = read(
        "President Tomas Ekvall visited Riga on Monday. "
        "Ekvall had met Latvian President Inga Kalnins in Vienna in 2019. "
        "Ekvall will meet Prime Minister Juris Ozolins next month.",
        THURSDAY,
    )
    assert all(m.held_on is None for m in mentions.meetings)


def test_a_possessive_day_does_not_date_the_event(read: Reader) -> None:
    mentions = read(
        "A relief convoy left the capital. "
        "Spokesman Henrik Salo said Saturday's flood had displaced thousands of families.",
        THURSDAY,
    )
    said = [s for s in mentions.statements if s.speaker.name == "Henrik Salo"]
    assert said and said[0].stated_on == THURSDAY


def test_a_time_inside_reported_speech_or_on_a_noun_does_not_block_the_context(read: Reader) -> None:
    mentions = read(
        "Chancellor Mirko Halden received President Ansel Morrow in Bern on Wednesday. "
        "Morrow said the two countries will sign a trade accord next year. "
        "Halden recalled the accord that the two governments signed in 2019 and praised the ties.",
        THURSDAY,
    )
    by_speaker = {s.speaker.name: s.stated_on for s in mentions.statements}
    assert by_speaker.get("Ansel Morrow") == date(2022, 3, 9)
    assert by_speaker.get("Mirko Halden") == date(2022, 3, 9)


def test_since_meaning_because_is_no_other_time(read: Reader) -> None:
    mentions = read(
        "President Tomas Ekvall met Chancellor Mirko Halden in Bern on Tuesday. "
        "Ekvall said the border must stay open, especially since trade may suffer otherwise.",
        THURSDAY,
    )
    said = [s for s in mentions.statements if s.speaker.name == "Tomas Ekvall"]
    assert said and said[0].stated_on == date(2022, 3, 8)


def test_a_day_inside_what_was_said_does_not_date_the_saying(read: Reader) -> None:
    mentions = read(
        "Spokesman Henrik Salo briefed reporters in Oslo. Salo said the government had asked for help on Saturday.",
        THURSDAY,
    )
    said = [s for s in mentions.statements if s.speaker.name == "Henrik Salo"]
    assert said and said[0].stated_on == THURSDAY


def test_a_day_on_a_noun_after_the_lead_does_not_move_the_context(read: Reader) -> None:
    mentions = read(
        "President Tomas Ekvall met Chancellor Mirko Halden in Bern on Tuesday. "
        "The talks covered trade and energy. "
        "Ekvall said they discussed the summit in Vienna on March 20. "
        "Halden said the two countries were close partners.",
        THURSDAY,
    )
    said = [s for s in mentions.statements if s.speaker.name == "Mirko Halden"]
    assert said and said[0].stated_on == date(2022, 3, 8)

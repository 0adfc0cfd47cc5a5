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

"""Statements: direct quotations and indirect speech, attributed to the right speaker."""

from __future__ import annotations

from datetime import date

from tests.tasks.extraction.conftest import Reader


def test_quote_then_attribution(read: Reader) -> None:
    mentions = read("\u201cThe bridge will be finished by spring,\u201d said Norwegian minister Ingrid Solberg Haugen.")
    statement = mentions.statements[0]
    assert statement.speaker.name == "Ingrid Solberg Haugen"
    assert statement.quote == "The bridge will be finished by spring"


def test_attribution_then_quote_with_colon(read: Reader) -> None:
    mentions = read('Irish Foreign Minister Sean Byrne Walsh said: "We will not accept any hard border."')
    assert mentions.statements[0].quote == "We will not accept any hard border."


def test_he_said_resolves_to_the_subject_just_named(read: Reader) -> None:
    body = (
        "Danish Prime Minister Mette Holm Larsen visited the harbour on Wednesday.\n\n"
        "\u201cThe wind farms are our future,\u201d she said."
    )
    assert read(body).statements[0].speaker.name == "Mette Holm Larsen"


def test_he_said_with_nobody_named_before_gives_nothing(read: Reader) -> None:
    assert read("\u201cWe are ready for the next round,\u201d he said.").statements == []


def test_indirect_speech_with_addressee_and_day(read: Reader) -> None:
    mentions = read(
        "Thai Prime Minister Arun Chaiyaporn told Vietnamese Premier Nguyen Van Binh that rice exports would rise.",
        date(2024, 6, 19),
    )
    statement = mentions.statements[0]
    assert statement.speaker.name == "Arun Chaiyaporn"
    assert statement.addressee is not None and statement.addressee.name == "Nguyen Van Binh"
    assert statement.text is not None and "rice exports would rise" in statement.text


def test_urged_is_indirect_speech_dated_by_weekday(read: Reader) -> None:
    mentions = read(
        "Foreign Ministry spokesperson Lin Jian urged both sides to show restraint on Thursday.", date(2024, 6, 16)
    )
    statement = mentions.statements[0]
    assert statement.speaker.name == "Lin Jian"
    assert statement.stated_on == date(2024, 6, 13)
    assert statement.text is not None and statement.text.startswith("urged both sides")


def test_dismissed_saying_is_one_statement(read: Reader) -> None:
    mentions = read('Italian minister Paolo Ricci Conti dismissed the report, saying "it is pure fiction".')
    assert len(mentions.statements) == 1
    assert mentions.statements[0].quote == "it is pure fiction"


def test_news_ticker_line_gives_nothing(read: Reader) -> None:
    body = "BREAKING\nCity correspondent: President Ana Lopez Ruiz said the border will close tonight."
    assert read(body).statements == []


def test_list_of_related_headlines_gives_nothing(read: Reader) -> None:
    body = (
        "Related News\n\n"
        "Minister Omar Haddad Saleh says talks with rebels are over\n\n"
        "Premier Li Wen Tao meets Spanish King in Madrid\n\n"
        "Ankara slams new sanctions as 'unjust'"
    )
    mentions = read(body)
    assert mentions.statements == [] and mentions.meetings == [] and mentions.messages == []


def test_according_to_a_named_official(read: Reader) -> None:
    mentions = read("The talks lasted four hours, according to Kremlin spokesman Dmitry Peskov.")
    assert mentions.statements[0].speaker.name == "Dmitry Peskov"

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


def test_indirect_speech_then_a_quotation_are_two_statements(read: Reader) -> None:
    # The real-page gold (../shared/gold/real, b12) keeps "X announced that A." and '"B," X said.' apart.
    mentions = read(
        'Interior Minister Hanna Voss told reporters that border controls would be eased. "We have seen the '
        'numbers fall for months and there is no reason to wait any longer," she said.'
    )
    said = [s for s in mentions.statements if s.speaker.name == "Hanna Voss"]
    assert len(said) == 2
    assert said[0].text is not None and "border controls" in said[0].text and said[0].quote is None
    assert said[1].quote is not None and said[1].quote.startswith("We have seen the numbers")


def test_a_quotation_paragraph_goes_on_with_the_speaker_before_it(read: Reader) -> None:
    mentions = read(
        'Premier Ivo Brant spoke after the talks.\n\n"Our two countries have never been closer," Brant said.\n\n'
        '"We will meet again in the spring to sign the trade agreement."'
    )
    quotes = [s.quote for s in mentions.statements if s.speaker.name == "Ivo Brant"]
    assert quotes == [
        "Our two countries have never been closer",
        "We will meet again in the spring to sign the trade agreement.",
    ]


def test_an_action_reported_according_to_someone_is_no_statement(read: Reader) -> None:
    mentions = read(
        "According to the Elysee, President Lucien Marais had a telephone conversation with Prime Minister Ivo Brant "
        "in the evening, during which he offered help."
    )
    assert mentions.statements == []


def test_the_words_of_a_letter_are_not_the_statement_of_who_reports_them(read: Reader) -> None:
    mentions = read('"We stand ready to help in every way," the letter said, according to spokesman Arne Lund.')
    assert not any(s.speaker.name == "Arne Lund" for s in mentions.statements)


def test_what_is_said_before_its_speaker_is_the_statement(read: Reader) -> None:
    # Real pages put the speaker after the words ("..., said Wang."); the setting is not what was said.
    mentions = read(
        "The two ministers agreed to expand trade, Foreign Minister Karl Oberg told a news conference following "
        "the talks."
    )
    said = [(s.speaker.name, s.text) for s in mentions.statements]
    assert said == [("Karl Oberg", "The two ministers agreed to expand trade")]


def test_speech_in_a_clause_that_times_the_event_is_no_statement(read: Reader) -> None:
    mentions = read(
        "Prime Minister Elsa Norrby sent a letter to the winner shortly after the electoral board announced "
        "the final results of the vote."
    )
    assert mentions.statements == []


def test_a_claim_is_still_a_statement(read: Reader) -> None:
    mentions = read("Foreign Minister Karl Oberg said that the new treaty would be signed before the summer.")
    assert [s.speaker.name for s in mentions.statements] == ["Karl Oberg"]

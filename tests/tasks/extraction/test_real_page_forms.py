"""Forms of real news pages the extractor reads (each family met on the real-page tuning set, tests/data/real).

The pages here are written for the test with invented people: they pin a family down, they are no evidence of
accuracy (that comes from the real pages only, tests/flows/test_scores.py).
"""

from __future__ import annotations

from datetime import date

from tasks.extraction.segments import dateline_date_text, strip_dateline, unglue_sentences
from tests.tasks.extraction.conftest import Reader


def speakers(mentions) -> list[str]:  # noqa: ANN001
    return [s.speaker.name for s in mentions.statements]


def participants(mentions) -> list[set[str]]:  # noqa: ANN001
    return [{p.name for p in m.participants} for m in mentions.meetings]


# --- pages as scraped -------------------------------------------------------------------------------------------


def test_sentences_glued_by_a_lost_line_break_are_cut_apart() -> None:
    assert unglue_sentences("in Beijing.Wang said") == "in Beijing. Wang said"
    assert unglue_sentences('said Wang."He added') == 'said Wang." He added'
    for kept in ("the U.S. Army", "at 10 a.m. The", "Xinhua.net is"):
        assert unglue_sentences(kept) == kept


def test_datelines_in_the_forms_outlets_write_them() -> None:
    cases = {
        "Ankara, IRNA – Minister Arman Sadeghi met": ("Minister Arman Sadeghi met", None),
        "New Delhi: Prime Minister Ravi Menon met": ("Prime Minister Ravi Menon met", None),
        "KUWAIT: His Highness the Amir received": ("His Highness the Amir received", None),
        "Seoul [South Korea], May 12 (ANI/Global Economic): President Park": ("President Park", "May 12"),
        "MOSCOW, August 14. /TASS/. Russian Foreign Minister": ("Russian Foreign Minister", "August 14"),
        "Wellington, June 6 : New Zealand's Prime Minister": ("New Zealand's Prime Minister", "June 6"),
    }
    for line, (rest, day) in cases.items():
        assert strip_dateline(line) == rest, line
        assert dateline_date_text(line) == day, line


def test_sentences_and_transcript_labels_are_no_datelines() -> None:
    for line in ("New Delhi is the capital of India.", "Beijing said on Monday it would", "MR PRICE: It is a policy."):
        assert strip_dateline(line) == line


def test_the_lead_glued_to_the_next_sentence_is_read(read: Reader) -> None:
    mentions = read(
        "Foreign Minister Lena Varga on Tuesday met Foreign Minister Tomas Brenner in Vienna.Varga said the two "
        "countries would deepen their energy cooperation."
    )
    assert participants(mentions) == [{"Lena Varga", "Tomas Brenner"}]
    assert speakers(mentions) == ["Lena Varga"]


# --- actors ---------------------------------------------------------------------------------------------------


def test_a_patronymic_is_not_part_of_the_canonical_name(read: Reader) -> None:
    mentions = read("President Ivan Petrovich Sokolov said the talks had been useful for both sides.")
    assert speakers(mentions) == ["Ivan Sokolov"]


def test_an_office_inside_the_name_span_is_not_the_name(read: Reader) -> None:
    mentions = read(
        "The Regional Union Commission Chairperson Adama Kone said the union is ready to deepen its ties. "
        "Archbishop Joseph Cardinal Mensah said the church would pray for peace."
    )
    assert speakers(mentions) == ["Adama Kone", "Joseph Mensah"]


def test_a_surname_means_the_first_person_of_that_name(read: Reader) -> None:
    mentions = read(
        "Prime Minister Daniel Okafor met President Lucia Ferrer in Lagos. Her husband Emeka Paul Okafor joined "
        "them for dinner. Prime Minister Okafor said the visit opened a new chapter."
    )
    assert speakers(mentions) == ["Daniel Okafor"]


def test_the_office_after_for_is_not_the_speaker(read: Reader) -> None:
    mentions = read(
        "The following is the briefing by Miguel Torres, Spokesman for the Secretary-General. "
        "The Secretary-General said he was deeply concerned about the fighting."
    )
    assert speakers(mentions) == ["UN Secretary-General"]


# --- statements -----------------------------------------------------------------------------------------------


def test_what_is_said_before_the_speaker(read: Reader) -> None:
    mentions = read(
        "Foreign Minister Hana Kovac met her counterpart in Zagreb. Maintaining good relations with all "
        "neighbours is very important for the region, said Kovac."
    )
    assert [(s.speaker.name, s.text) for s in mentions.statements] == [
        ("Hana Kovac", "Maintaining good relations with all neighbours is very important for the region")
    ]


def test_an_outlet_quoting_someone_as_saying(read: Reader) -> None:
    mentions = read(
        "Prime Minister Arturo Vidal arrived in Lima. The two countries have a long-standing relationship, "
        "Xinhua news agency quoted Vidal as saying."
    )
    assert speakers(mentions) == ["Arturo Vidal"]


def test_a_participle_goes_on_with_the_speaker_not_the_country(read: Reader) -> None:
    mentions = read(
        "President Nomvula Dube said South Africa looks forward to working with Brazil, adding that the two "
        "countries share many challenges."
    )
    assert speakers(mentions) == ["Nomvula Dube"]


# --- meetings -------------------------------------------------------------------------------------------------


def test_calling_on_someone_is_a_meeting_calling_on_them_to_act_is_not(read: Reader) -> None:
    mentions = read(
        "Foreign Minister Ana Lima called on President Jorge Ruas at his residence. "
        "President Jorge Ruas called on Ana Lima to speed up the trade talks."
    )
    assert participants(mentions) == [{"Ana Lima", "Jorge Ruas"}]


def test_a_courtesy_call_received(read: Reader) -> None:
    mentions = read("Prime Minister Aziz Rahman received a courtesy call from Ambassador Ingrid Holm in Putrajaya.")
    assert participants(mentions) == [{"Aziz Rahman", "Ingrid Holm"}]


def test_a_meeting_a_speaker_mentions_is_not_the_news_a_meeting_reported_is(read: Reader) -> None:
    talked_about = read("Minister Ilya Zorin said the successful meeting between the two leaders opened a new era.")
    assert talked_about.meetings == []
    reported = read(
        "Foreign Minister Ilya Zorin has held a meeting with Deputy Prime Minister Marko Petric in Moscow, "
        "the ministry said in a statement."
    )
    assert participants(reported) == [{"Ilya Zorin", "Marko Petric"}]


def test_greetings_exchanged_in_person_are_a_meeting_not_messages(read: Reader) -> None:
    mentions = read(
        "President Ana Silva and President Arash Kamali exchanged greetings during the summit on Thursday.",
        date(2023, 11, 17),
    )
    assert mentions.messages == []
    assert participants(mentions) == [{"Ana Silva", "Arash Kamali"}]


# --- transcripts ----------------------------------------------------------------------------------------------


def test_a_transcripts_answers_are_the_speakers_statements(read: Reader) -> None:
    mentions = read(
        "Department Spokesperson Ned Holloway briefed reporters on Friday.\n\n"
        "QUESTION: The White House says the policy is not a priority. Is that right?\n\n"
        "MR HOLLOWAY: It is a policy that we are reviewing.\n\n"
        "We are committed to both of these principles.\n\n"
        "QUESTION: Thank you."
    )
    assert [(s.speaker.name, s.quote) for s in mentions.statements] == [
        ("Ned Holloway", "It is a policy that we are reviewing."),
        ("Ned Holloway", "We are committed to both of these principles."),
    ]


# --- dates ----------------------------------------------------------------------------------------------------


def test_the_nth_is_a_day_of_the_articles_month_and_a_bracketed_date_an_aside(read: Reader) -> None:
    from tasks.extraction.dates import find_dates

    assert [e.day for e in find_dates("took office on the 10th", date(2022, 5, 13))] == [date(2022, 5, 10)]
    assert [e.day for e in find_dates("arrived on the 28th", date(2022, 5, 13))] == [date(2022, 4, 28)]
    mentions = read(
        "Premier Somsak Vong received a message of greeting from President Ilse Brandt on the 76th founding "
        "anniversary of the party (October 10, 1945).",
        date(2021, 10, 9),
    )
    assert [(m.sender.name, m.sent_on) for m in mentions.messages] == [("Ilse Brandt", date(2021, 10, 9))]


def test_greetings_a_leader_asks_a_visitor_to_pass_on_are_his_message(read: Reader) -> None:
    mentions = read(
        "Envoy Chen Hao conveyed President Li Wen's cordial greetings to Chairman Pak Song Il, who in response "
        'asked Chen to send his "sincere greetings and best wishes" to Li.'
    )
    directions = {(m.sender.name, m.recipient.name, m.message_kind) for m in mentions.messages}
    assert ("Pak Song Il", "Li Wen", "verbal_message") in directions
    assert ("Li Wen", "Pak Song Il", "verbal_message") in directions


def test_the_russian_diplomat_is_the_one_russian_diplomat_named(read: Reader) -> None:
    mentions = read(
        "Russian Foreign Minister Oleg Smirnov held talks with Brazilian Foreign Minister Ana Duarte. "
        "The Russian diplomat said the talks were substantive and useful."
    )
    assert speakers(mentions) == ["Oleg Smirnov"]


def test_leaders_presiding_over_a_signing_together_met(read: Reader) -> None:
    mentions = read("On Tuesday, President Paul Mercier and Prime Minister Dawit Bekele presided over the signing.")
    assert participants(mentions) == [{"Paul Mercier", "Dawit Bekele"}]


def test_a_speakers_own_talks_in_what_he_reports_are_a_meeting(read: Reader) -> None:
    mentions = read(
        "Foreign Minister Oleg Smirnov said on Friday that his talks with Foreign Minister Ana Duarte were useful."
    )
    assert participants(mentions) == [{"Oleg Smirnov", "Ana Duarte"}]


def test_gulf_names_keep_their_particles_and_lose_spaced_honorifics(read: Reader) -> None:
    mentions = read(
        "Prime Minister H E Sheikh Khalid bin Saud bin Nasser Al Rumaihi said the two countries share deep ties."
    )
    assert speakers(mentions) == ["Khalid bin Saud bin Nasser Al Rumaihi"]


def test_meetings_not_held_yet_and_words_not_said_give_no_rows(read: Reader) -> None:
    mentions = read(
        "The organisation will be holding its General Assembly in Lima in June. "
        "Chile and Peru hope to hold the trilateral talks once a year, Minister Ana Lima said. "
        "Minister Jorge Ruas declined to comment on the talks."
    )
    assert mentions.meetings == []
    assert speakers(mentions) == ["Ana Lima"]


def test_being_able_to_meet_is_meeting(read: Reader) -> None:
    mentions = read("Foreign Minister Ana Lima said she was able to meet with such leaders as Premier Li Wen.")
    assert participants(mentions) == [{"Ana Lima", "Li Wen"}]


def test_congratulating_a_group_in_the_room_is_no_message(read: Reader) -> None:
    mentions = read(
        "President Nurlan Abenov received the credentials of seven ambassadors in Astana. In conclusion, "
        "President Abenov congratulated the ambassadors on their new roles."
    )
    assert mentions.messages == []


def test_a_page_cut_off_mid_sentence_keeps_its_last_words(read: Reader) -> None:
    mentions = read(
        "Foreign Minister Ana Lima met Foreign Minister Jorge Ruas in Lima. Lima said the talks were useful. "
        "She said Chile will continue to promote peace talks and make positive efforts to promote the goa"
    )
    assert [s.text for s in mentions.statements][-1].startswith("said Chile will continue to promote peace talks")


def test_an_envoy_congratulating_on_behalf_of_a_government_is_the_states_message(read: Reader) -> None:
    mentions = read(
        "Saudi Ambassador Khalid Al-Otaibi called on President Ravi Perera. The Ambassador congratulated the "
        "President on behalf of the Saudi government."
    )
    assert [(m.sender.name, m.recipient.name) for m in mentions.messages] == [("Saudi Arabia", "Ravi Perera")]


def test_a_one_word_name_keeps_the_honorific_it_is_known_by(read: Reader) -> None:
    mentions = read("President Ali Rasheed has congratulated Prime Minister Sheikh Hasina on her election victory.")
    assert [(m.sender.name, m.recipient.name) for m in mentions.messages] == [("Ali Rasheed", "Sheikh Hasina")]


def test_messages_paired_respectively(read: Reader) -> None:
    mentions = read(
        "Prime Minister Tran Van Long and the head of the National Assembly, Le Thi Hoa, conveyed their "
        "congratulations to their Cuban counterparts, Jorge Ruas and Ana Lima, respectively."
    )
    pairs = [(m.sender.name, m.recipient.name) for m in mentions.messages]
    assert pairs == [("Tran Van Long", "Jorge Ruas"), ("Le Thi Hoa", "Ana Lima")]
    assert mentions.meetings == []


def test_congratulating_two_office_holders_named_in_apposition(read: Reader) -> None:
    mentions = read(
        "The General Secretary of the Party and President of Laos, Somsak Vong, congratulated the First Secretary "
        "of the Party of Cuba, Jorge Ruas, and the President of the Caribbean nation, Miguel Ortega, on the "
        "anniversary."
    )
    recipients = sorted(m.recipient.name for m in mentions.messages if m.sender.name == "Somsak Vong")
    assert recipients == ["Jorge Ruas", "Miguel Ortega"]


def test_being_among_the_first_to_congratulate_is_no_message(read: Reader) -> None:
    mentions = read("Laos was one of the first countries to congratulate Cuba on the anniversary of its revolution.")
    assert mentions.messages == []

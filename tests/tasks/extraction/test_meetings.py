"""Meetings: named participants physically meeting; visits, parades and crowds are not meetings."""

from __future__ import annotations

from datetime import date

from tests.tasks.extraction.conftest import Reader


def participants(mentions) -> list[set[str]]:  # noqa: ANN001
    return [{p.name for p in m.participants} for m in mentions.meetings]


def test_met_with_location_and_day(read: Reader) -> None:
    mentions = read(
        "Indonesian Foreign Minister Dewi Sartika Wulan met Malaysian Foreign Minister Ahmad Zaki Rahman "
        "in Jakarta on Tuesday.",
        date(2024, 6, 19),
    )
    assert participants(mentions) == [{"Dewi Sartika Wulan", "Ahmad Zaki Rahman"}]
    assert mentions.meetings[0].location == "Jakarta"
    assert mentions.meetings[0].held_on == date(2024, 6, 18)


def test_held_talks_with(read: Reader) -> None:
    mentions = read(
        "Kenyan President Daniel Kiprono Ruto held talks with Tanzanian President Amina Juma Hassan in Arusha."
    )
    assert participants(mentions) == [{"Daniel Kiprono Ruto", "Amina Juma Hassan"}]


def test_the_pair_met_with_a_third_leader(read: Reader) -> None:
    body = (
        "Chilean President Pablo Reyes Soto and Argentine President Laura Gomez Paz attended the forum, "
        "with the pair meeting with Uruguayan President Diego Silva Duarte for an hour on the sidelines."
    )
    assert {"Pablo Reyes Soto", "Laura Gomez Paz", "Diego Silva Duarte"} in participants(read(body))


def test_a_visit_without_a_counterpart_is_not_a_meeting(read: Reader) -> None:
    assert (
        read("Polish President Marek Nowak Zielinski arrived in Vilnius on Monday for a two-day state visit.").meetings
        == []
    )


def test_a_congress_attended_by_thousands_is_not_a_meeting(read: Reader) -> None:
    body = (
        "Some 3,000 delegates gathered in the capital for the party congress, "
        "which Premier Lin Wei Guo opened with a report."
    )
    assert read(body).meetings == []


def test_a_phone_call_is_not_a_meeting(read: Reader) -> None:
    assert (
        read(
            "French President Claire Dubois Martin held a phone call with German Chancellor Jonas Weber Kraus."
        ).meetings
        == []
    )


def test_same_meeting_twice_is_one_mention(read: Reader) -> None:
    body = (
        "Dutch Prime Minister Pieter van Dijk met Belgian Prime Minister Luc Peeters Janssens in Brussels.\n\n"
        "The meeting between van Dijk and Peeters Janssens lasted two hours."
    )
    assert len(read(body).meetings) == 1


def test_a_meeting_that_may_happen_is_not_a_meeting(read: Reader) -> None:
    body = "Austrian Chancellor Markus Leitner Hofer could meet Swiss President Anna Keller Brunner next month."
    assert read(body).meetings == []


def test_a_delegation_is_met_in_the_person_of_its_head(read: Reader) -> None:
    mentions = read(
        "Vietnamese Premier Pham Minh Tuan received a delegation led by Lao Deputy Prime Minister Sonexay Phommavong."
    )
    assert participants(mentions) == [{"Pham Minh Tuan", "Sonexay Phommavong"}]


def test_a_courtesy_call_is_a_meeting_but_a_phone_talk_is_not(read: Reader) -> None:
    body = (
        "Ambassador Tomasz Wojcik Lis paid a courtesy call on Prime Minister Rui Tavares Costa in Lisbon.\n\n"
        "Prime Minister Rui Tavares Costa also had a phone talk with President Elena Varga Horvath."
    )
    assert participants(read(body)) == [{"Tomasz Wojcik Lis", "Rui Tavares Costa"}]


def test_looking_forward_to_welcoming_is_no_meeting(read) -> None:  # noqa: ANN001
    mentions = read("President Ana Ruiz said she looked forward to welcoming Prime Minister Kenji Sato in Lima.")
    assert mentions.meetings == []


def test_the_meeting_referred_back_to_is_not_a_new_meeting(read) -> None:  # noqa: ANN001
    mentions = read(
        "President Ana Ruiz received Foreign Minister Hakan Ersoy in Lima on Monday, who conveyed a message from "
        "President Recep Erdem. During the meeting, they reviewed trade ties."
    )
    assert len(mentions.meetings) == 1
    assert {p.name for p in mentions.meetings[0].participants} == {"Ana Ruiz", "Hakan Ersoy"}


def test_talks_as_the_topic_of_a_document_are_no_meeting(read) -> None:  # noqa: ANN001
    mentions = read(
        "Minister Paulo Reis and Minister Ines Duarte signed a memorandum establishing a mechanism of political "
        "consultations between Portugal and Angola."
    )
    assert mentions.meetings == []


def test_during_the_session_of_talks_refers_back(read) -> None:  # noqa: ANN001
    mentions = read(
        "Foreign Minister Paulo Reis held talks with Foreign Minister Ines Duarte in Luanda on Monday. "
        "During the session of talks, the two ministers signed an agreement."
    )
    assert len(mentions.meetings) == 1


def test_his_counterpart_of_a_country_is_the_person_of_that_country(read) -> None:  # noqa: ANN001
    mentions = read(
        "Foreign Minister of Kazakhstan Daniyar Sultanov arrived in Oslo on Monday. "
        "Later, Foreign Minister Omar Haddad held official talks with his Kazakh counterpart at the ministry."
    )
    assert any({p.name for p in m.participants} == {"Omar Haddad", "Daniyar Sultanov"} for m in mentions.meetings)


def test_counterpart_of_a_country_nobody_named_is_nobody(read) -> None:  # noqa: ANN001
    mentions = read("Foreign Minister Omar Haddad held talks with his Kazakh counterpart at the ministry.")
    assert mentions.meetings == []


def test_received_by_in_the_passive_is_a_meeting(read) -> None:  # noqa: ANN001
    mentions = read(
        "President Ana Ruiz visited the embassy in Lima, where she was received by Ambassador Tran Van Bao."
    )
    assert any({p.name for p in m.participants} == {"Ana Ruiz", "Tran Van Bao"} for m in mentions.meetings)


def test_a_letter_received_by_someone_is_no_meeting(read) -> None:  # noqa: ANN001
    mentions = read("The letter was received by President Ana Ruiz on Monday.")
    assert mentions.meetings == []

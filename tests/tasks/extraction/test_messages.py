"""Messages: who sent what to whom, one mention per direction, content kept out of statements."""

from __future__ import annotations

from datetime import date

from tests.tasks.extraction.conftest import Reader


def directions(mentions) -> set[tuple[str, str]]:  # noqa: ANN001
    return {(m.sender.name, m.recipient.name) for m in mentions.messages}


def test_sent_message_with_kind_and_occasion(read: Reader) -> None:
    mentions = read(
        "Egyptian President Karim Nabil Farouk sent a congratulatory message to Algerian President Samir Ould Kaci "
        "on the 60th anniversary of independence."
    )
    assert directions(mentions) == {("Karim Nabil Farouk", "Samir Ould Kaci")}
    message = mentions.messages[0]
    assert message.message_kind == "congratulatory_message"
    assert message.occasion is not None and "anniversary" in message.occasion


def test_exchange_of_messages_gives_both_directions(read: Reader) -> None:
    mentions = read(
        "Uzbek President Timur Aliyev Nazarov and Kazakh President Yerlan Bekov Tursyn exchanged letters "
        "on the anniversary of diplomatic relations."
    )
    assert directions(mentions) == {
        ("Timur Aliyev Nazarov", "Yerlan Bekov Tursyn"),
        ("Yerlan Bekov Tursyn", "Timur Aliyev Nazarov"),
    }


def test_congratulate_verb_is_a_congratulatory_message(read: Reader) -> None:
    mentions = read(
        "Nepali Prime Minister Hari Prasad Koirala congratulated Indian Prime Minister Raj Kumar Mehta "
        "on his re-election."
    )
    assert directions(mentions) == {("Hari Prasad Koirala", "Raj Kumar Mehta")}
    assert mentions.messages[0].message_kind == "congratulatory_message"


def test_condolences_conveyed_to_a_leader(read: Reader) -> None:
    mentions = read(
        "Greek Prime Minister Nikos Andreou Pappas expressed condolences to Cypriot President "
        "Elena Markou Charalambous over the floods."
    )
    assert directions(mentions) == {("Nikos Andreou Pappas", "Elena Markou Charalambous")}
    assert mentions.messages[0].message_kind == "condolences"


def test_reply_to_earlier_congratulations_adds_the_earlier_message(read: Reader) -> None:
    body = (
        "In a letter to Fijian Prime Minister Sitiveni Naqara Tuilagi, "
        "Samoan Prime Minister Fiame Lealaiauloto Toleafoa thanked him for his support.\n\n"
        "The letter came in response to Tuilagi's congratulations on the election victory."
    )
    assert directions(read(body)) == {
        ("Fiame Lealaiauloto Toleafoa", "Sitiveni Naqara Tuilagi"),
        ("Sitiveni Naqara Tuilagi", "Fiame Lealaiauloto Toleafoa"),
    }


def test_quoted_content_of_a_message_is_not_a_statement(read: Reader) -> None:
    body = (
        "Austrian Chancellor Markus Leitner Hofer sent a letter to Swiss President Anna Keller Brunner on Monday.\n\n"
        "\u201cOur two nations share the mountains and a long friendship,\u201d Hofer wrote in the letter.\n\n"
        "\u201cWe look forward to your visit,\u201d he added."
    )
    mentions = read(body, date(2024, 6, 19))
    assert directions(mentions) == {("Markus Leitner Hofer", "Anna Keller Brunner")}
    assert mentions.statements == []
    assert mentions.messages[0].sent_on == date(2024, 6, 17)


def test_same_message_told_twice_is_one_mention(read: Reader) -> None:
    body = (
        "Bolivian President Carlos Mamani Quispe sent greetings to Paraguayan President Luis Benitez Acosta.\n\n"
        "Mamani Quispe sent the greetings to Benitez Acosta on the national holiday, officials said on Tuesday."
    )
    mentions = read(body, date(2024, 5, 16))
    assert len(mentions.messages) == 1
    assert mentions.messages[0].sent_on == date(2024, 5, 14)
    assert mentions.messages[0].evidence.startswith("Bolivian President")


def test_a_message_needs_a_named_sender_and_recipient(read: Reader) -> None:
    assert read("Goodwill messages poured in from around the world after the ceremony.").messages == []


def test_reply_to_a_letter_gives_the_letter_and_the_reply(read: Reader) -> None:
    body = (
        "Mongolian President Batbayar Enkhbold wrote to Kyrgyz President Asel Omurova on Monday.\n\n"
        "Omurova replied to Enkhbold's letter, pledging closer cooperation."
    )
    mentions = read(body)
    assert directions(mentions) == {("Batbayar Enkhbold", "Asel Omurova"), ("Asel Omurova", "Batbayar Enkhbold")}
    assert any(m.message_kind == "reply" for m in mentions.messages)
    assert mentions.statements == []


def test_thanked_for_his_message_is_a_message_from_the_thanked(read: Reader) -> None:
    mentions = read(
        "Estonian Prime Minister Karin Tamm Saar thanked Latvian Prime Minister Janis Ozols Berzins "
        "for his message of condolence."
    )
    assert directions(mentions) == {("Janis Ozols Berzins", "Karin Tamm Saar")}
    assert mentions.messages[0].message_kind == "condolences"


def test_envoy_conveying_greetings_gives_a_verbal_message_and_a_meeting(read: Reader) -> None:
    mentions = read(
        "Special Envoy Rashid Karimov Aliyev conveyed the greetings of President Nurlan Sadykov Bekmuratov "
        "to Prime Minister Sophie Laurent Girard in Paris."
    )
    assert directions(mentions) == {("Nurlan Sadykov Bekmuratov", "Sophie Laurent Girard")}
    assert mentions.messages[0].message_kind == "verbal_message"
    assert [{p.name for p in m.participants} for m in mentions.meetings] == [
        {"Rashid Karimov Aliyev", "Sophie Laurent Girard"}
    ]


def test_message_of_thanks_received_from_someone(read: Reader) -> None:
    mentions = read("Emir Saif bin Khalid has received a message of thanks from Prime Minister of Japan Kenji Sato.")
    assert directions(mentions) == {("Kenji Sato", "Saif bin Khalid")}
    assert mentions.messages[0].message_kind == "thanks"


def test_verbal_message_conveyed_from_a_leader_goes_to_the_host(read: Reader) -> None:
    mentions = read(
        "Sultan Haitham bin Tarik received Foreign Minister Hakan Ersoy, who conveyed a verbal message from "
        "President Recep Erdem."
    )
    assert directions(mentions) == {("Recep Erdem", "Haitham bin Tarik")}
    assert mentions.messages[0].message_kind == "verbal_message"
    assert any({p.name for p in m.participants} == {"Haitham bin Tarik", "Hakan Ersoy"} for m in mentions.meetings)


def test_in_a_message_sent_to_someone_the_subject_congratulated(read: Reader) -> None:
    mentions = read("In a message sent to President Le Van Tam, President Ana Ruiz congratulated him on his election.")
    assert directions(mentions) == {("Ana Ruiz", "Le Van Tam")}
    assert mentions.messages[0].message_kind == "congratulatory_message"


def test_un_chief_is_the_secretary_general_not_another_un_official(read: Reader) -> None:
    mentions = read(
        "The U.N. humanitarian chief Valeria Amos visited the camps. "
        "The UN chief on Sunday sent a letter to Prime Minister Kenji Sato offering his condolences."
    )
    assert directions(mentions) == {("UN Secretary-General", "Kenji Sato")}


def test_a_named_humanitarian_chief_keeps_her_name(read: Reader) -> None:
    mentions = read("The U.N. humanitarian chief Valeria Amos sent a letter to Prime Minister Kenji Sato.")
    assert directions(mentions) == {("Valeria Amos", "Kenji Sato")}

"""Actors: names from the text, titles stripped, partial mentions resolved, states from the reference table."""

from __future__ import annotations

from datetime import date

from tests.tasks.extraction.conftest import Reader


def test_title_is_not_part_of_the_name_and_gives_the_country(read: Reader) -> None:
    mentions = read("Brazilian President Lucia Moreira Santos said that the treaty must be ratified this year.")
    speaker = mentions.statements[0].speaker
    assert speaker.name == "Lucia Moreira Santos"
    assert speaker.actor_type == "person"
    assert speaker.country_code == "BRA"


def test_surname_alone_resolves_to_the_full_name_introduced_earlier(read: Reader) -> None:
    body = (
        "Kenyan Foreign Minister Daniel Otieno Mwangi arrived in Oslo on Monday.\n\n"
        "Mwangi said that his country wanted a quick ceasefire in the region."
    )
    assert read(body).statements[0].speaker.name == "Daniel Otieno Mwangi"


def test_korean_given_names_lose_their_hyphen(read: Reader) -> None:
    mentions = read("North Korean Premier Pak Chol-min told reporters that the harvest had been good.")
    assert mentions.statements[0].speaker.name == "Pak Chol Min"


def test_role_phrase_resolves_to_the_person_holding_it_on_the_page(read: Reader) -> None:
    body = (
        "Mongolian President Batbayar Enkhbold opened the new railway on Friday.\n\n"
        "The Mongolian President said the line would double exports to the south."
    )
    assert read(body).statements[0].speaker.name == "Batbayar Enkhbold"


def test_state_aliases_map_to_one_canonical_state(read: Reader) -> None:
    body = "The DPRK said on Monday that the drills were a rehearsal for invasion."
    speaker = read(body, date(2024, 3, 6)).statements[0].speaker
    assert (speaker.name, speaker.actor_type, speaker.country_code) == ("North Korea", "state", "PRK")


def test_unnamed_aide_is_named_by_the_institution(read: Reader) -> None:
    speaker = read("A Kremlin aide said the proposal deserved careful study.").statements[0].speaker
    assert speaker.name == "Kremlin"


def test_news_agency_is_a_source_not_a_speaker(read: Reader) -> None:
    mentions = read("The Xinhua News Agency said that the bridge was opened to traffic on Sunday.")
    assert mentions.statements == []


def test_a_page_reads_the_same_whatever_its_batch() -> None:
    """Surnames are matched to full names across pages in SQL, so a page's mentions never depend on its batch."""
    from tasks.extraction.reader import extract_documents
    from tests.tasks.extraction.conftest import make_document

    first = make_document("Ghanaian President Kwame Asante Boateng said that trade talks would resume.")
    second = make_document("Boateng said the new port would open in the spring.")
    together = extract_documents([first, second])
    alone = extract_documents([second])
    assert together[1] == alone[0]
    assert together[1].statements[0].speaker.name == "Boateng"


def test_unnamed_secretary_general_is_the_office_and_a_named_one_is_the_person(read: Reader) -> None:
    unnamed = read("The UN Secretary-General urged both parties to return to the negotiating table.")
    assert unnamed.statements[0].speaker.name == "UN Secretary-General"
    named = read(
        "UN Secretary-General Maria Lopes Ferreira arrived in Geneva.\n\n"
        "The Secretary-General said the talks had been constructive."
    )
    assert named.statements[0].speaker.name == "Maria Lopes Ferreira"


def test_surname_inside_a_particle_name_resolves(read: Reader) -> None:
    body = (
        "Saudi Foreign Minister Faisal bin Khalid al-Rashid arrived in Cairo on Monday.\n\n"
        "Al-Rashid said the kingdom supported the ceasefire proposal."
    )
    assert read(body).statements[0].speaker.name == "Faisal bin Khalid al-Rashid"


def test_hyphenated_korean_given_name_is_kept_whole(read) -> None:  # noqa: ANN001
    mentions = read("South Korean President Moon Ji-ho met Japanese Prime Minister Taro Hayashida in Busan on Monday.")
    names = {p.name for m in mentions.meetings for p in m.participants}
    assert "Moon Ji Ho" in names
    assert "Moon Ji" not in names


def test_honorifics_are_not_part_of_the_name(read) -> None:  # noqa: ANN001
    mentions = read(
        "HH the Amir Sheikh Saif bin Khalid al-Nuaimi met Swedish Prime Minister Lars Ekdahl in Doha on Monday."
    )
    names = {p.name for m in mentions.meetings for p in m.participants}
    assert "Saif bin Khalid al-Nuaimi" in names
    assert not any(n.startswith(("Amir", "Sheikh", "HH")) for n in names)


def test_particles_stay_in_the_name(read) -> None:  # noqa: ANN001
    mentions = read("President Rui da Costa met Prime Minister Joost van Leeuwen in Lisbon on Friday.")
    names = {p.name for m in mentions.meetings for p in m.participants}
    assert names == {"Rui da Costa", "Joost van Leeuwen"}


def test_name_after_the_state_of_a_title_is_a_person(read) -> None:  # noqa: ANN001
    mentions = read(
        "King Harald Olsen received Foreign Minister of the Republic of Kazakhstan HE Daniyar Sultanov in Oslo."
    )
    names = {p.name for m in mentions.meetings for p in m.participants}
    assert names == {"Harald Olsen", "Daniyar Sultanov"}


def test_a_deputy_is_not_the_office_holder(read) -> None:  # noqa: ANN001
    mentions = read(
        "Deputy Prime Minister Omar Haddad met the visitors on Monday. "
        "Prime Minister of the Republic of India Rajan Mehta sent a letter to King Harald Olsen. "
        "In his message, the Prime Minister praised the ties."
    )
    senders = {m.sender.name for m in mentions.messages}
    assert "Omar Haddad" not in senders


def test_top_diplomat_is_the_foreign_minister_a_diplomat_is_nobody(read) -> None:  # noqa: ANN001
    mentions = read(
        "Norwegian Foreign Minister Ingrid Sletten met Danish Foreign Minister Lars Holm in Oslo on Monday. "
        '"We share the same goals," the Norwegian top diplomat said. '
        '"Nothing has changed," a Danish diplomat said.'
    )
    speakers = [s.speaker.name for s in mentions.statements]
    assert speakers == ["Ingrid Sletten"]

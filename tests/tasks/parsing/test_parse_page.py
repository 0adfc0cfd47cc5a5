"""parse_page on pages written for these tests: several outlet styles, chrome-only pages, a huge page."""

from __future__ import annotations

import time
from datetime import date

import pytest

from schemas.document import ParsedPage
from tasks.parsing import PageRejected, decode_page, parse_page

WIRE_SERVICE_PAGE = """\
Xinhua | English
Home | China | World | Business | Sports

Xi, Kim exchange messages on anniversary of friendship treaty
Source: Xinhua | 2021-07-11 09:15:02 | Editor: huaxia

BEIJING, July 11 (Xinhua) -- Chinese President Xi Jinping and Kim Jong Un exchanged messages on Sunday to mark \
the 60th anniversary of the signing of the bilateral treaty of friendship.

Xi said that the treaty has consolidated the political foundation of the two countries' relations.

Kim said in his message that the friendship forged in blood would be carried forward.

[Editor: huaxia]

Related:
China, DPRK vow to deepen ties
Kim sends greetings to Xi on birthday

Copyright © 2021 Xinhua Net. All rights reserved.
"""

NEWSPAPER_PAGE = """\
Skip to main content
The Seoul Ledger
  • National
  • Politics
  • Diplomacy
Trending
Seoul stocks close higher on tech gains
Won falls against dollar

Moon, Biden agree to resume talks with Pyongyang
Published : May 22, 2021 - 10:12 Updated : May 23, 2021 - 08:00

By Kim Min-ji

President Moon Jae-in and US President Joe Biden agreed on Friday to pursue diplomacy and dialogue with North \
Korea, the two leaders said in a joint statement after their first summit.
"We are ready to engage," Biden told reporters.
Photo: Moon and Biden at the White House (Yonhap)
The two sides also discussed vaccine cooperation and supply chains for semiconductors.

You may also like
North Korea slams summit outcome as "hostile" policy continues and says more will follow in the coming days.
Share on Facebook
© The Seoul Ledger. All rights reserved.
"""

BLOG_PAGE = """\
Menu
Search
World Affairs Today
Russia and North Korea sign defence pact during Putin visit
Posted on 2024-06-19T18:30:00Z by World Affairs Today staff
Russian President Vladimir Putin and North Korean leader Kim Jong Un signed a strategic partnership agreement \
in Pyongyang on Wednesday, pledging mutual assistance if either country is attacked.
Putin called the agreement a breakthrough document. Kim said relations had reached a new, higher level.
Tags: Russia, North Korea, Putin
Most Popular
1. Something else happened somewhere on Wednesday and officials said it was very bad for everyone involved.
World Affairs Today
"""

REPUBLISHED_PAGE = """\
Printed on 02 February 2024
Foreign Policy Digest (mirror)

Vietnam and Laos pledge closer cooperation at border talks

Date: 07/11/2019 | Source: Vietnam News Agency | Read the original at the source

Vietnamese and Lao officials pledged on Thursday to strengthen cooperation on border management and trade.

More From Vietnam News Agency

Vietnam hosts regional trade forum

The forum brought together ministers from ten countries to discuss trade, investment and supply chains.

November 06, 2019
"""

DATE_ONLY_PAGE = """\
Updated 2023-08-15


Both delegations issued a joint communique stating that they had agreed to reopen consulates in each other's \
capitals and to resume regular flights between the two countries before the end of the year.
"""

CHROME_ONLY_PAGE = """\
Home
  • News
  • Opinion
  • Videos
BREAKING NEWS
Earthquake hits coastal region, no tsunami warning issued.
Parliament passes the budget after a long night of debate.

Related Articles
Five things to know about the summit
Why the summit matters

Most Read
Storm batters the coast as thousands lose power across the region overnight, officials said on Monday.
  • Politics
  • 9 Sep 2025

Read Next
All
Foreign ministers to meet in Geneva next week

Daily Planet Online
Daily Planet Online is an independent news channel.
Privacy Policy
Terms of Use
All Rights Reserved
"""


def test_wire_service_page() -> None:
    page = parse_page(WIRE_SERVICE_PAGE)

    assert page.title == "Xi, Kim exchange messages on anniversary of friendship treaty"
    assert page.published_on == date(2021, 7, 11)
    assert page.outlet == "Xinhua"  # the masthead, which the footer repeats
    assert page.body_text.startswith("BEIJING, July 11 (Xinhua) -- Chinese President Xi Jinping")
    assert page.body_text.endswith("would be carried forward.")
    assert page.body_text.count("\n\n") == 2
    for chrome in ("Editor: huaxia", "vow to deepen ties", "Copyright", "Home | China"):
        assert chrome not in page.body_text


def test_newspaper_page_prefers_published_over_updated_and_drops_trending_and_captions() -> None:
    page = parse_page(NEWSPAPER_PAGE)

    assert page.title == "Moon, Biden agree to resume talks with Pyongyang"
    assert page.published_on == date(2021, 5, 22)
    assert page.outlet == "The Seoul Ledger"
    assert '"We are ready to engage," Biden told reporters.' in page.body_text
    assert page.body_text.endswith("supply chains for semiconductors.")
    for chrome in ("Seoul stocks", "By Kim Min-ji", "Photo:", "hostile", "Share on Facebook", "Politics"):
        assert chrome not in page.body_text


def test_blog_page_with_iso_timestamp_and_repeated_site_name() -> None:
    page = parse_page(BLOG_PAGE)

    assert page.title == "Russia and North Korea sign defence pact during Putin visit"
    assert page.published_on == date(2024, 6, 19)
    assert page.outlet == "World Affairs Today"
    assert page.body_text.split("\n\n") == [
        "Russian President Vladimir Putin and North Korean leader Kim Jong Un signed a strategic partnership "
        "agreement in Pyongyang on Wednesday, pledging mutual assistance if either country is attacked.",
        "Putin called the agreement a breakthrough document. Kim said relations had reached a new, higher level.",
    ]


def test_republished_page_takes_the_date_line_over_the_print_date_and_cuts_more_from() -> None:
    page = parse_page(REPUBLISHED_PAGE)

    assert page.title == "Vietnam and Laos pledge closer cooperation at border talks"
    assert page.published_on == date(2019, 11, 7)  # day first
    assert page.body_text == (
        "Vietnamese and Lao officials pledged on Thursday to strengthen cooperation on border management and trade."
    )


def test_page_without_headline_has_no_title_but_keeps_its_date_and_text() -> None:
    page = parse_page(DATE_ONLY_PAGE)

    assert page.title is None
    assert page.outlet is None
    assert page.published_on == date(2023, 8, 15)
    assert page.body_text.startswith("Both delegations issued a joint communique")


def test_headline_pipe_outlet_and_no_date() -> None:
    text = (
        "Leaders meet in Hanoi for talks on trade | The Mekong Times\n\n"
        "Leaders of the two countries met in Hanoi on Monday for talks focused on trade, energy and transport links.\n"
    )

    page = parse_page(text)

    assert (page.title, page.outlet, page.published_on) == (
        "Leaders meet in Hanoi for talks on trade",
        "The Mekong Times",
        None,
    )


@pytest.mark.parametrize(
    ("date_line", "expected"),
    [
        ("16 Oct 2022 11:07", date(2022, 10, 16)),
        ("11 October, 2020 | metro bureau", date(2020, 10, 11)),
        ("Date: 23/03/2021", date(2021, 3, 23)),
        (" date 2021-03-23 ", date(2021, 3, 23)),
        ("July 06, 2025", date(2025, 7, 6)),
        ("Published: 2021-03-23T10:00:00Z", date(2021, 3, 23)),
        ("Posted on Sept. 3rd, 2019", date(2019, 9, 3)),
        ("Updated 12.01.2018 08:00 GMT", date(2018, 1, 12)),
        ("Published: 03/23/2021", date(2021, 3, 23)),  # only month-first is possible
    ],
)
def test_date_line_forms(date_line: str, expected: date) -> None:
    text = (
        f"Envoys agree on new round of talks\n{date_line}\n\n"
        "The envoys of the two countries agreed on a new round of talks after meeting in Geneva for two days.\n"
    )

    assert parse_page(text).published_on == expected


def test_dates_in_the_body_and_in_most_read_are_not_the_article_date() -> None:
    text = (
        "Envoys agree on new round of talks\n\n"
        "The envoys agreed on 12 March 2020 to meet again, a spokesman said after two days of talks in Geneva.\n\n"
        "Most Read\n\nOther story about something else entirely\n  • 9 Sep 2025\n"
    )

    page = parse_page(text)

    assert page.published_on is None
    assert "Other story" not in page.body_text


def test_bureau_credit_names_the_outlet() -> None:
    text = (
        "Envoys agree on new round of talks\n\n3 March, 2022 | metronews bureau\n\n"
        "The envoys of the two countries agreed on a new round of talks after meeting in Geneva for two days.\n"
    )

    assert parse_page(text).outlet == "metronews"


def test_related_box_inside_article_is_skipped_and_article_resumes() -> None:
    text = (
        "Ministers sign fisheries accord\nBy Pacific Wire Service\n\n"
        "The fisheries ministers of the two countries signed an accord on Tuesday after a year of negotiations.\n\n"
        "Related News\n\nTuna stocks recover in the western Pacific\n\nNew patrol boats for island states\n\n"
        "The accord sets catch limits for the next five years and creates a joint committee to oversee them.\n\n"
        "ALSO READ: Island leaders gather for summit\n\nRead more: Fisheries talks stall\n"
    )

    page = parse_page(text)

    assert page.outlet == "Pacific Wire Service"
    assert page.body_text.split("\n\n") == [
        "The fisheries ministers of the two countries signed an accord on Tuesday after a year of negotiations.",
        "The accord sets catch limits for the next five years and creates a joint committee to oversee them.",
    ]


def test_press_conference_transcript_lines_are_kept() -> None:
    text = (
        "Regular Press Conference of the Foreign Ministry\n\n"
        "The spokesperson answered questions from journalists on a range of topics on Tuesday afternoon.\n\n"
        "Reporter: What is your comment on the exchange of messages?\n"
        "Spokesperson: We stand ready to deepen the traditional friendship between our countries.\n"
        "Reporter: Will there be a visit?\n"
        "Spokesperson: I have no information to release at the moment.\n"
    )

    body = parse_page(text).body_text

    assert "Spokesperson: We stand ready to deepen the traditional friendship between our countries." in body
    assert "Reporter: Will there be a visit?" in body


def test_headless_ticker_run_above_the_article_is_dropped() -> None:
    text = (
        "Correspondent in the capital: Sirens sounded in the north of the city.\n"
        "Health Ministry: Two people were injured in the blast on Sunday night.\n"
        "Channel 4: Airport closed due to fears of drone infiltration\n"
        "\n"
        "Both delegations issued a joint communique stating that they had agreed to reopen consulates in each "
        "other's capitals and to resume regular flights between the two countries before the end of the year.\n"
    )

    assert parse_page(text).body_text.startswith("Both delegations issued a joint communique")


def test_hard_wrapped_paragraphs_are_rejoined() -> None:
    text = (
        "Summit ends with joint statement\n\n"
        "The two presidents ended their summit on Friday with a\n"
        "joint statement on trade and security, officials said.\n"
    )

    assert parse_page(text).body_text == (
        "The two presidents ended their summit on Friday with a joint statement on trade and security, officials said."
    )


def test_chrome_only_page_is_rejected() -> None:
    with pytest.raises(PageRejected) as rejected:
        parse_page(CHROME_ONLY_PAGE)

    assert rejected.value.reason == "no article text left after removing page chrome"


@pytest.mark.parametrize(
    "text",
    [
        "Home\n  • News\n  • Sports\nAll Rights Reserved\n",
        "Headline Only Here\n\n5 Min Read\n",
        "\n\n\n",
        "Daily Planet Online\nMenu\n\nDaily Planet Online is an independent news organisation covering politics "
        "and world affairs since 1990.\n\nDaily Planet Online\n",
    ],
    ids=["menu and footer", "headline and reading time", "blank lines", "site self-description"],
)
def test_pages_without_article_text_are_rejected(text: str) -> None:
    with pytest.raises(PageRejected, match="no article text left"):
        parse_page(text)


def test_result_is_a_parsed_page() -> None:
    assert isinstance(parse_page(BLOG_PAGE), ParsedPage)


def test_twenty_megabyte_page_parses_in_a_couple_of_seconds() -> None:
    paragraph = (
        "The foreign ministers met in the capital on Tuesday and agreed to continue talks on trade, "
        "security and cultural exchanges, officials said in a statement.\n\n"
    )
    raw = (NEWSPAPER_PAGE.split("You may also like")[0] + paragraph * (20_000_000 // len(paragraph))).encode()

    started = time.perf_counter()
    page = parse_page(decode_page(raw)[0])
    elapsed = time.perf_counter() - started

    assert len(raw) > 20_000_000
    assert page.title == "Moon, Biden agree to resume talks with Pyongyang"
    assert elapsed < 5.0  # typically well under 1 s; generous for a loaded CI machine


def test_site_banner_over_todays_date_is_not_the_headline() -> None:
    text = (
        "The Daily Star\nTuesday, March 23, 2021\n  • Home\n  • World\n\n"
        "Xi and Kim exchange verbal messages\nBy Staff Correspondent\nMarch 22, 2021\n\n"
        "Chinese President Xi Jinping and Kim Jong Un exchanged verbal messages on Monday, state media said.\n\n"
        "Follow us on Telegram for the latest news.\n\nThe Daily Star\n"
    )

    page = parse_page(text)

    assert (page.title, page.outlet, page.published_on) == (
        "Xi and Kim exchange verbal messages",
        "The Daily Star",
        date(2021, 3, 22),
    )
    assert page.body_text == (
        "Chinese President Xi Jinping and Kim Jong Un exchanged verbal messages on Monday, state media said."
    )


def test_labelled_date_in_another_language_falls_back_to_dateparser() -> None:
    text = (
        "Talks in Paris end with accord\nPublished: 5 janvier 2020\n\n"
        "The foreign ministers of the two countries ended their talks in Paris with an accord on trade.\n"
    )

    page = parse_page(text)

    assert page.title == "Talks in Paris end with accord"
    assert page.published_on == date(2020, 1, 5)


def test_standfirst_caption_and_read_next() -> None:
    text = (
        "Home\nWorld\n\nLavrov visits Pyongyang for talks\n"
        "The Russian foreign minister is expected to discuss military cooperation.\n"
        "By Anna Petrova, Moscow Times\nUpdated: 2024-11-30 08:00\n\n"
        "Russian Foreign Minister Sergei Lavrov arrived in Pyongyang on Friday for talks, the ministry said.\n\n"
        "Lavrov and Kim Jong Un shake hands in Pyongyang, North Korea, November 29, 2024. (KCNA/Handout)\n\n"
        "Lavrov said the two countries would deepen their partnership.\n\n"
        "Read Next\n"
        "Putin hails ties with Pyongyang in a message to Kim after long talks in the capital with his aides.\n"
    )

    page = parse_page(text)

    assert (page.title, page.outlet, page.published_on) == (
        "Lavrov visits Pyongyang for talks",
        "Moscow Times",
        date(2024, 11, 30),
    )
    assert page.body_text.split("\n\n") == [
        "The Russian foreign minister is expected to discuss military cooperation.",
        "Russian Foreign Minister Sergei Lavrov arrived in Pyongyang on Friday for talks, the ministry said.",
        "Lavrov said the two countries would deepen their partnership.",
    ]


def test_a_crawl_date_label_on_the_first_line_leaves_the_lead_in_the_body() -> None:
    page = parse_page(
        " date 2023-10-26 : Prime Minister Aziz Rahman received a courtesy call from Ambassador Ingrid Holm in "
        "Putrajaya last night.\n\nRahman posted on his Facebook page about the visit, stating that they had "
        "discussed trade and education."
    )
    assert page.published_on == date(2023, 10, 26)
    assert page.body_text.startswith("Prime Minister Aziz Rahman received a courtesy call")


def test_a_quoted_paragraph_is_no_headline() -> None:
    page = parse_page(
        "Politics\nPacific premier visiting this week\n\nPrime Minister Joeli Vula is in Wellington this week for "
        'talks with the government.\n\n"We look forward to welcoming him here once again," the minister said.\n\n'
        '"I\'m looking forward to building on our discussions there, and to our friendship."\n\n'
        "Climate change will be a key topic on the table during the visit, officials said on Monday."
    )
    assert not (page.title or "").startswith('"')
    assert "Prime Minister Joeli Vula is in Wellington" in page.body_text


def test_a_dateline_with_its_year_dates_a_page_that_has_no_other_date() -> None:
    page = parse_page(
        "AU and UN hold annual meeting\n\nAddis Ababa, October 21, 2024 (FBC) – The Chairperson of the Commission "
        "today met with the Secretary-General in the Ethiopian capital to review their partnership."
    )
    assert page.published_on == date(2024, 10, 21)

"""General header rules, each on a small page written for it: bylines, standfirsts, chrome boxes, footers, dates."""

from __future__ import annotations

from datetime import date

from tasks.parsing import parse_page

LEDE = (
    "The two foreign ministers met in the capital on Tuesday and agreed to expand trade, open new consulates and "
    "hold regular consultations on regional security over the coming year."
)


def test_role_line_under_byline_is_not_the_title_and_leading_rights_holder_is_the_outlet() -> None:
    page = parse_page(
        f"The Harbour Courier\n\nFerrovia ministers agree to expand trade ties\n\nby Ana Lind and Ben Roe\n"
        f"Staff writers\nMarch 3, 2021\n\n{LEDE}\n\nRELATED STORIES\n  Other story here\n\n"
        "The Harbour Courier  © 2021  All rights reserved.\n"
    )
    assert page.title == "Ferrovia ministers agree to expand trade ties"
    assert page.outlet == "The Harbour Courier"
    assert page.published_on == date(2021, 3, 3)


def test_desk_credit_between_headline_and_date_is_a_byline_and_year_is_cut_from_outlet() -> None:
    page = parse_page(
        f"Home  World  Business  Sport  Opinion\n\nMinister receives envoy from Ferrovia\nABC/Lakeside\n"
        f"June 9 2018 10:15 AM\n\n{LEDE}\n\nCopyright © Lakeside Herald 2018. All Rights Reserved.\n"
    )
    assert page.title == "Minister receives envoy from Ferrovia"
    assert page.outlet == "Lakeside Herald"
    assert page.published_on == date(2018, 6, 9)


def test_standfirst_under_headline_is_not_the_headline() -> None:
    page = parse_page(
        "Region\nFerrovia and Lakeland sign a new border treaty after long talks\n\n"
        "The agreement settles a dispute dating back decades, the foreign ministry said\n\n"
        f"{LEDE}\n"
    )
    assert page.title == "Ferrovia and Lakeland sign a new border treaty after long talks"


def test_standfirst_above_byline_is_not_the_headline() -> None:
    page = parse_page(
        "Europe\n\nFerrovia and Lakeland presidents exchange letters on ten years of ties\n\n"
        "President says the relationship has never been stronger\n\nJane Roe | 04.05.2022\n\n"
        f"{LEDE}\n"
    )
    assert page.title == "Ferrovia and Lakeland presidents exchange letters on ten years of ties"
    assert page.published_on == date(2022, 5, 4)


def test_related_box_between_headline_and_byline_is_skipped() -> None:
    page = parse_page(
        "Ferrovia minister urges calm after border clash\n\nSkip to main content\n"
        "News  Markets  World  Politics  Tech\n\nRelated Coverage\n  Border clash leaves two injured\n"
        f"  Lakeland recalls its ambassador\n\nBy Jane Roe\n\n{LEDE}\n"
    )
    assert page.title == "Ferrovia minister urges calm after border clash"


def test_breadcrumb_and_ticker_lines_are_not_headlines() -> None:
    page = parse_page(
        "LATEST: Storm hits coast | Markets rally on rate news | Election results certified\n\n"
        "Home > News > Diplomacy\n\nFerrovia and Lakeland hold the first round of strategic dialogue\n\n"
        f"{LEDE}\n"
    )
    assert page.title == "Ferrovia and Lakeland hold the first round of strategic dialogue"


def test_pipe_separated_metadata_line_gives_the_date() -> None:
    page = parse_page(
        "Ferrovia and Lakeland sign visa deal\n"
        f"Source: Lakeside Wire | 2019-08-14 10:02:11 | Editor: J. Roe\n\n{LEDE}\n"
    )
    assert page.published_on == date(2019, 8, 14)


def test_date_line_under_the_headline_beats_a_blog_posting_date_above_it() -> None:
    page = parse_page(
        "Diplomacy Notes\n\nPosted on March 9, 2020 by editor\n\nFerrovia and Lakeland agree on a new trade deal\n\n"
        f"Date: 02.03.2020 | Source: Lakeside Wire\n\n{LEDE}\n"
    )
    assert page.published_on == date(2020, 3, 2)


def test_masthead_repeated_on_the_page_is_the_outlet() -> None:
    page = parse_page(
        "Lakeside Wire - The Lakeland News Service\nNews | World | Sport | Culture\n\n"
        f"Ferrovia and Lakeland agree on a new trade deal\n\nLAKESIDE, May 4 (Lakeside Wire) {LEDE}\n"
    )
    assert page.outlet == "Lakeside Wire"


def test_dateline_without_year_takes_the_copyright_year() -> None:
    page = parse_page(
        f"Ferrovia and Lakeland agree on a new trade deal\n\nLAKESIDE, May 4. /Wire/. {LEDE}\n\n"
        "© 2001-2022 Lakeside Wire. All rights reserved.\n"
    )
    assert page.published_on == date(2022, 5, 4)

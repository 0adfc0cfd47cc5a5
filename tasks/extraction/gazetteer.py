"""Reference tables of states: canonical names, aliases, demonyms, capitals, ISO 3166-1 alpha-3 codes.

Only states are listed here; people and organizations are read from the text.
"""

from __future__ import annotations

from functools import lru_cache

# canonical name -> (ISO alpha-3, aliases, demonyms, capital)
_STATES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], str | None]] = {
    "Afghanistan": ("AFG", (), ("Afghan",), "Kabul"),
    "Algeria": ("DZA", (), ("Algerian",), "Algiers"),
    "Argentina": ("ARG", (), ("Argentine", "Argentinian"), "Buenos Aires"),
    "Armenia": ("ARM", (), ("Armenian",), "Yerevan"),
    "Australia": ("AUS", (), ("Australian",), "Canberra"),
    "Austria": ("AUT", (), ("Austrian",), "Vienna"),
    "Azerbaijan": ("AZE", (), ("Azerbaijani", "Azeri"), "Baku"),
    "Bahrain": ("BHR", (), ("Bahraini",), "Manama"),
    "Bangladesh": ("BGD", (), ("Bangladeshi",), "Dhaka"),
    "Belarus": ("BLR", (), ("Belarusian",), "Minsk"),
    "Belgium": ("BEL", (), ("Belgian",), "Brussels"),
    "Bolivia": ("BOL", (), ("Bolivian",), "La Paz"),
    "Brazil": ("BRA", (), ("Brazilian",), "Brasilia"),
    "Cambodia": ("KHM", (), ("Cambodian",), "Phnom Penh"),
    "Canada": ("CAN", (), ("Canadian",), "Ottawa"),
    "Chile": ("CHL", (), ("Chilean",), "Santiago"),
    "China": ("CHN", ("PRC", "People's Republic of China", "Mainland China"), ("Chinese",), "Beijing"),
    "Colombia": ("COL", (), ("Colombian",), "Bogota"),
    "Cuba": ("CUB", ("Republic of Cuba",), ("Cuban",), "Havana"),
    "Czech Republic": ("CZE", ("Czechia",), ("Czech",), "Prague"),
    "Denmark": ("DNK", (), ("Danish",), "Copenhagen"),
    "Egypt": ("EGY", (), ("Egyptian",), "Cairo"),
    "Ethiopia": ("ETH", (), ("Ethiopian",), "Addis Ababa"),
    "Finland": ("FIN", (), ("Finnish",), "Helsinki"),
    "France": ("FRA", (), ("French",), "Paris"),
    "Georgia": ("GEO", (), ("Georgian",), "Tbilisi"),
    "Germany": ("DEU", (), ("German",), "Berlin"),
    "Greece": ("GRC", (), ("Greek",), "Athens"),
    "Hungary": ("HUN", (), ("Hungarian",), "Budapest"),
    "India": ("IND", (), ("Indian",), "New Delhi"),
    "Indonesia": ("IDN", (), ("Indonesian",), "Jakarta"),
    "Iran": ("IRN", ("Islamic Republic of Iran",), ("Iranian",), "Tehran"),
    "Iraq": ("IRQ", (), ("Iraqi",), "Baghdad"),
    "Ireland": ("IRL", (), ("Irish",), "Dublin"),
    "Israel": ("ISR", (), ("Israeli",), None),
    "Italy": ("ITA", (), ("Italian",), "Rome"),
    "Japan": ("JPN", (), ("Japanese",), "Tokyo"),
    "Jordan": ("JOR", (), ("Jordanian",), "Amman"),
    "Kazakhstan": ("KAZ", (), ("Kazakh", "Kazakhstani"), "Astana"),
    "Kenya": ("KEN", (), ("Kenyan",), "Nairobi"),
    "Kuwait": ("KWT", (), ("Kuwaiti",), None),
    "Kyrgyzstan": ("KGZ", (), ("Kyrgyz",), "Bishkek"),
    "Laos": ("LAO", ("Lao PDR", "Lao People's Democratic Republic"), ("Lao", "Laotian"), "Vientiane"),
    "Lebanon": ("LBN", (), ("Lebanese",), "Beirut"),
    "Libya": ("LBY", (), ("Libyan",), "Tripoli"),
    "Malaysia": ("MYS", (), ("Malaysian",), "Kuala Lumpur"),
    "Mexico": ("MEX", (), ("Mexican",), "Mexico City"),
    "Mongolia": ("MNG", (), ("Mongolian",), "Ulaanbaatar"),
    "Morocco": ("MAR", (), ("Moroccan",), "Rabat"),
    "Myanmar": ("MMR", ("Burma",), ("Myanmar", "Burmese"), "Naypyidaw"),
    "Nepal": ("NPL", (), ("Nepalese", "Nepali"), "Kathmandu"),
    "Netherlands": ("NLD", ("Holland", "The Netherlands"), ("Dutch",), "Amsterdam"),
    "New Zealand": ("NZL", (), ("New Zealand",), "Wellington"),
    "Nicaragua": ("NIC", (), ("Nicaraguan",), "Managua"),
    "Nigeria": ("NGA", (), ("Nigerian",), "Abuja"),
    "North Korea": (
        "PRK",
        ("DPRK", "D.P.R.K.", "Democratic People's Republic of Korea", "Democratic People’s Republic of Korea"),
        ("North Korean",),
        "Pyongyang",
    ),
    "Norway": ("NOR", (), ("Norwegian",), "Oslo"),
    "Oman": ("OMN", (), ("Omani",), "Muscat"),
    "Pakistan": ("PAK", (), ("Pakistani",), "Islamabad"),
    "Palestine": ("PSE", ("State of Palestine",), ("Palestinian",), "Ramallah"),
    "Peru": ("PER", (), ("Peruvian",), "Lima"),
    "Philippines": ("PHL", ("The Philippines",), ("Philippine", "Filipino"), "Manila"),
    "Poland": ("POL", (), ("Polish",), "Warsaw"),
    "Portugal": ("PRT", (), ("Portuguese",), "Lisbon"),
    "Qatar": ("QAT", (), ("Qatari",), "Doha"),
    "Romania": ("ROU", (), ("Romanian",), "Bucharest"),
    "Russia": ("RUS", ("Russian Federation",), ("Russian",), "Moscow"),
    "Saudi Arabia": ("SAU", ("Kingdom of Saudi Arabia", "KSA"), ("Saudi",), "Riyadh"),
    "Serbia": ("SRB", (), ("Serbian",), "Belgrade"),
    "Singapore": ("SGP", (), ("Singaporean",), None),
    "South Africa": ("ZAF", (), ("South African",), "Pretoria"),
    "South Korea": ("KOR", ("Republic of Korea", "ROK"), ("South Korean",), "Seoul"),
    "Spain": ("ESP", (), ("Spanish",), "Madrid"),
    "Sri Lanka": ("LKA", (), ("Sri Lankan",), "Colombo"),
    "Sudan": ("SDN", (), ("Sudanese",), "Khartoum"),
    "Sweden": ("SWE", (), ("Swedish",), "Stockholm"),
    "Switzerland": ("CHE", (), ("Swiss",), "Bern"),
    "Syria": ("SYR", ("Syrian Arab Republic",), ("Syrian",), "Damascus"),
    "Taiwan": ("TWN", (), ("Taiwanese",), "Taipei"),
    "Tajikistan": ("TJK", (), ("Tajik",), "Dushanbe"),
    "Thailand": ("THA", (), ("Thai",), "Bangkok"),
    "Tunisia": ("TUN", (), ("Tunisian",), "Tunis"),
    "Turkey": ("TUR", ("Türkiye", "Turkiye"), ("Turkish",), "Ankara"),
    "Turkmenistan": ("TKM", (), ("Turkmen",), "Ashgabat"),
    "Ukraine": ("UKR", (), ("Ukrainian",), "Kyiv"),
    "United Arab Emirates": ("ARE", ("UAE", "U.A.E."), ("Emirati",), "Abu Dhabi"),
    "United Kingdom": ("GBR", ("UK", "U.K.", "Britain", "Great Britain"), ("British",), "London"),
    "United States": (
        "USA",
        ("US", "U.S.", "USA", "U.S.A.", "United States of America", "America"),
        ("American", "US", "U.S."),
        "Washington",
    ),
    "Uzbekistan": ("UZB", (), ("Uzbek",), "Tashkent"),
    "Venezuela": ("VEN", (), ("Venezuelan",), "Caracas"),
    "Vietnam": ("VNM", ("Viet Nam", "Socialist Republic of Vietnam"), ("Vietnamese",), "Hanoi"),
    "Yemen": ("YEM", (), ("Yemeni",), "Sanaa"),
}


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Comparison key: lower case, curly apostrophes straightened, a leading 'the' and dots dropped (cached: every
    token of a page may be looked up several times)."""
    key = text.strip().lower().replace("\u2019", "'").replace(".", "")
    key = " ".join(key.split())
    return key.removeprefix("the ")


def _index() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    by_name: dict[str, str] = {}
    by_demonym: dict[str, str] = {}
    by_capital: dict[str, str] = {}
    code_of: dict[str, str] = {}
    for canonical, (code, aliases, demonyms, capital) in _STATES.items():
        code_of[canonical] = code
        for alias in (canonical, *aliases):
            by_name[fold(alias)] = canonical
        for demonym in demonyms:
            by_demonym[fold(demonym)] = canonical
        if capital:
            by_capital[fold(capital)] = canonical
    return by_name, by_demonym, by_capital, code_of


_BY_NAME, _BY_DEMONYM, _BY_CAPITAL, _CODE_OF = _index()


def state_named(text: str) -> str | None:
    """The canonical state a name or alias stands for ("DPRK" -> "North Korea"), else None."""
    return _BY_NAME.get(fold(text))


def state_of_demonym(text: str) -> str | None:
    """ "Chinese" -> "China"."""
    return _BY_DEMONYM.get(fold(text))


def state_of_capital(text: str) -> str | None:
    """The state a capital city stands for when used as a metonym ("Pyongyang" -> "North Korea")."""
    return _BY_CAPITAL.get(fold(text))


def demonym_of(state: str) -> str | None:
    """ "China" -> "Chinese": the first demonym listed."""
    entry = _STATES.get(state)
    return entry[2][0] if entry and entry[2] else None


def country_code(state: str) -> str | None:
    return _CODE_OF.get(state)


def state_in_text(text: str) -> str | None:
    """A state named, by name, alias, demonym or capital, by any word run of text."""
    words = text.replace("\u2019", "'").replace("-", " ").split()
    for size in (4, 3, 2, 1):
        for start in range(len(words) - size + 1):
            chunk = " ".join(words[start : start + size]).strip(",.;:'\"()")
            state = state_named(chunk) or state_of_demonym(chunk)
            if state:
                return state
    return None

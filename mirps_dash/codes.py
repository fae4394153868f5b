"""Code lists and name-to-code mapping: INEGI state codes, ISO 3166 alpha-3 countries, SDMX total markers.

Uploads may carry names in Spanish or English, with or without accents, or common aliases ("CDMX",
"Edo. Méx.", "Haití"); everything inside the package uses codes.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pycountry
from babel import Locale

TOTAL = "_T"  # SDMX: this dimension is not broken down (the figure covers all of it)
OTHERS = "_O"  # SDMX: the remaining categories not listed separately ("other countries")

# INEGI Marco Geoestadístico state codes (CVE_ENT) and their usual names.
STATES: dict[str, str] = {
    "01": "Aguascalientes",
    "02": "Baja California",
    "03": "Baja California Sur",
    "04": "Campeche",
    "05": "Coahuila",
    "06": "Colima",
    "07": "Chiapas",
    "08": "Chihuahua",
    "09": "Ciudad de México",
    "10": "Durango",
    "11": "Guanajuato",
    "12": "Guerrero",
    "13": "Hidalgo",
    "14": "Jalisco",
    "15": "Estado de México",
    "16": "Michoacán",
    "17": "Morelos",
    "18": "Nayarit",
    "19": "Nuevo León",
    "20": "Oaxaca",
    "21": "Puebla",
    "22": "Querétaro",
    "23": "Quintana Roo",
    "24": "San Luis Potosí",
    "25": "Sinaloa",
    "26": "Sonora",
    "27": "Tabasco",
    "28": "Tamaulipas",
    "29": "Tlaxcala",
    "30": "Veracruz",
    "31": "Yucatán",
    "32": "Zacatecas",
}

STATE_ALIASES: dict[str, str] = {
    "cdmx": "09",
    "df": "09",
    "d f": "09",
    "distrito federal": "09",
    "mexico city": "09",
    "edo mex": "15",
    "edomex": "15",
    "edo de mexico": "15",
    "mexico": "15",
    "state of mexico": "15",
    "coahuila de zaragoza": "05",
    "michoacan de ocampo": "16",
    "veracruz de ignacio de la llave": "30",
    "nuevo leon": "19",
    "bc": "02",
    "bcs": "03",
    "qroo": "23",
    "q roo": "23",
    "slp": "24",
}

COUNTRY_ALIASES: dict[str, str] = {
    "other countries": OTHERS,
    "otros paises": OTHERS,
    "otros": OTHERS,
    "others": OTHERS,
    "otras nacionalidades": OTHERS,
    "venezuela": "VEN",
    "venezuela bolivarian republic of": "VEN",
    "bolivia": "BOL",
    "bolivia plurinational state of": "BOL",
    "iran": "IRN",
    "iran islamic republic of": "IRN",
    "russia": "RUS",
    "syria": "SYR",
    "democratic republic of the congo": "COD",
    "dr congo": "COD",
    "republica democratica del congo": "COD",
    "congo": "COG",
    "cote d ivoire": "CIV",
    "ivory coast": "CIV",
    "costa de marfil": "CIV",
    "united states": "USA",
    "usa": "USA",
    "eeuu": "USA",
    "ee uu": "USA",
    "estados unidos": "USA",
    "viet nam": "VNM",
    "vietnam": "VNM",
    "republic of korea": "KOR",
    "south korea": "KOR",
    "corea del sur": "KOR",
    "palestine": "PSE",
    "state of palestine": "PSE",
    "palestina": "PSE",
    "tanzania": "TZA",
    "united republic of tanzania": "TZA",
    "turkey": "TUR",
    "turkiye": "TUR",
    "czechia": "CZE",
    "republica checa": "CZE",
    "guadeloupe": "GLP",
    "french guiana": "GUF",
    "north macedonia": "MKD",
    "moldova": "MDA",
    "laos": "LAO",
    "micronesia": "FSM",
    "stateless": "XXA",
    "apatrida": "XXA",
    "apatridas": "XXA",
    "unknown": "XXX",
    "desconocido": "XXX",
}
# ISO/ICAO user-assigned codes for people without a nationality (UNHCR uses them too).
EXTRA_COUNTRIES = {"XXA": ("Apátrida", "Stateless"), "XXX": ("Desconocido", "Unknown")}


def fold(text: object) -> str:
    """Lower-case, accent-free, punctuation-free form of a name, for matching aliases."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


@cache
def _state_lookup() -> dict[str, str]:
    lookup = {fold(name): code for code, name in STATES.items()}
    lookup.update({fold(code): code for code in STATES})
    lookup.update({str(int(code)): code for code in STATES})  # "7" as well as "07"
    lookup.update(STATE_ALIASES)
    return lookup


def state_code(value: object) -> str | None:
    """INEGI code for a state name, alias or code; None when unknown."""
    return _state_lookup().get(fold(value))


@cache
def _country_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    spanish, english = Locale("es").territories, Locale("en").territories
    for country in pycountry.countries:
        code = country.alpha_3
        names = [country.name, getattr(country, "common_name", ""), getattr(country, "official_name", "")]
        names += [spanish.get(country.alpha_2, ""), english.get(country.alpha_2, "")]
        for name in filter(None, names):
            lookup.setdefault(fold(name), code)
        lookup[fold(code)] = code
    for code, names in EXTRA_COUNTRIES.items():
        lookup[fold(code)] = code
        lookup.update({fold(name): code for name in names})
    lookup.update(COUNTRY_ALIASES)
    lookup[fold(OTHERS)] = OTHERS
    return lookup


def country_code(value: object) -> str | None:
    """ISO 3166 alpha-3 code (or _O for "others") for a country name in es/en, alias or code."""
    return _country_lookup().get(fold(value))


def country_name(code: str, lang: str) -> str:
    """Country name in Spanish or English for an alpha-3 code (the code itself when unknown)."""
    if code == OTHERS:
        return "Otros países" if lang == "es" else "Other countries"
    if code == TOTAL:
        return "Todas las nacionalidades" if lang == "es" else "All nationalities"
    if code in EXTRA_COUNTRIES:
        return EXTRA_COUNTRIES[code][0 if lang == "es" else 1]
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return Locale(lang).territories.get(country.alpha_2, country.name)


def state_name(code: str) -> str:
    """State name for an INEGI code (names are the same in Spanish and English)."""
    return STATES.get(code, code)

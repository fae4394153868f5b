"""Code lists and name-to-code mapping: INEGI state codes, ISO 3166 alpha-3 countries, SDMX total markers, and the
one registry of every other coded value (CODE_LISTS) with the labels pages show and the spellings uploads may use.

Uploads may carry names in Spanish or English, with or without accents, or common aliases ("CDMX",
"Edo. Méx.", "Haití"); everything inside the package uses codes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

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
# The seven MIRPS states (countries of asylum of the regional page), ISO 3166 alpha-3, in the order pages list them.
MIRPS_STATES = ("BLZ", "CRI", "SLV", "GTM", "HND", "MEX", "PAN")
# ISO/ICAO user-assigned codes for people without a nationality (UNHCR uses them too).
EXTRA_COUNTRIES = {"XXA": ("Apátrida", "Stateless"), "XXX": ("Desconocido", "Unknown")}


def fold(text: object) -> str:
    """Lower-case, accent-free, punctuation-free form of a name, for matching aliases."""
    text = str(text)
    return _fold_name(text) if len(text) <= 200 else _fold_text(text)


def _fold_text(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


# every run spells each filter's options (thousands of entity names) for the URL: names are folded once
_fold_name = lru_cache(maxsize=65536)(_fold_text)


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
    for code, extra_names in EXTRA_COUNTRIES.items():
        lookup[fold(code)] = code
        lookup.update({fold(name): code for name in extra_names})
    lookup.update(COUNTRY_ALIASES)
    lookup[fold(OTHERS)] = OTHERS
    return lookup


def country_code(value: object) -> str | None:
    """ISO 3166 alpha-3 code (or _O for "others") for a country name in es/en, alias or code."""
    return _country_lookup().get(fold(value))


@lru_cache(maxsize=4096)  # a table names thousands of rows' nationalities, a few hundred countries
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


@dataclass(frozen=True)
class Label:
    """One code with what the dashboard shows for it (es, en) and the other spellings an upload may use."""

    code: str
    es: str
    en: str
    aliases: tuple[str, ...] = ()

    def text(self, lang: str) -> str:
        """The label in Spanish or English."""
        return self.es if lang == "es" else self.en


# The one registry of coded values: what pages, templates and messages show for each code, and what an upload may
# write for it (the code, either label, or an alias; accents, case and punctuation do not matter, see `fold`).
# A new label or alias is one edit here. States, countries and offices have their own tables (STATES, pycountry and
# Babel, the offices dataset); `code_labels` lists them the same way.
CODE_LISTS: dict[str, tuple[Label, ...]] = {
    "area": (
        Label(
            "Burden and responsibility sharing",
            "Reparto de cargas y responsabilidades",
            "Burden and responsibility sharing",
            (
                "reparto de la carga y la responsabilidad",
                "reparto de cargas",
                "responsabilidad compartida",
                "burden sharing",
                "responsibility sharing",
            ),
        ),
        Label("Education", "Educación", "Education"),
        Label(
            "Jobs and livelihoods",
            "Empleo y medios de vida",
            "Jobs and livelihoods",
            ("empleos y medios de vida", "medios de vida", "livelihoods"),
        ),
        Label(
            "Energy and infrastructure",
            "Energía e infraestructura",
            "Energy and infrastructure",
            ("energía y infraestructura", "infraestructura"),
        ),
        Label("Solutions", "Soluciones", "Solutions", ("soluciones duraderas", "durable solutions")),
        Label(
            "Protection capacity",
            "Capacidad de protección",
            "Protection capacity",
            ("capacidades de protección", "protección", "protection"),
        ),
        Label("Health", "Salud", "Health"),
        Label("Statelessness", "Apatridia", "Statelessness"),
    ),
    "pledge_status": (
        Label("Pledged", "Comprometido", "Pledged", ("prometido", "anunciado", "announced")),
        Label(
            "In progress",
            "En curso",
            "In progress",
            ("en progreso", "en proceso", "en ejecución", "en implementación", "ongoing", "in implementation"),
        ),
        Label("Fulfilled", "Cumplido", "Fulfilled", ("completado", "implementado", "completed", "implemented")),
        Label("Unknown", "Desconocido", "Unknown", ("sin información", "sin dato", "no information", "n d")),
    ),
    "entity_type": (
        Label("State", "Estado", "State", ("gobierno", "government", "estado miembro")),
        Label(
            "NGO",
            "ONG",
            "NGO",
            ("organización no gubernamental", "non governmental organization", "non governmental organisation"),
        ),
        Label("Private sector", "Sector privado", "Private sector", ("empresa", "company", "business")),
        Label(
            "UN agency",
            "Agencia de la ONU",
            "UN agency",
            ("agencia de las naciones unidas", "organismo de la onu", "un entity"),
        ),
        Label("Academia", "Academia", "Academia", ("academic", "universidad", "university")),
        Label(
            "International organization",
            "Organismo internacional",
            "International organization",
            ("organización internacional", "international organisation"),
        ),
        Label(
            "Faith-based organization",
            "Organización basada en la fe",
            "Faith-based organization",
            ("organización religiosa", "faith based organisation"),
        ),
        Label("Foundation", "Fundación", "Foundation"),
        Label("Other", "Otro", "Other", ("otra", "otros")),
    ),
    "pledge_type": (
        Label("Financial", "Financiero", "Financial", ("financiera", "financiamiento", "funding")),
        Label("Policy", "Política pública", "Policy", ("política", "políticas públicas")),
        Label("Technical", "Técnico", "Technical", ("técnica", "asistencia técnica", "technical assistance")),
    ),
    "forum": (
        Label(
            "GRF 2019", "FMR 2019", "GRF 2019", ("foro mundial sobre los refugiados 2019", "global refugee forum 2019")
        ),
        Label(
            "GRF 2023", "FMR 2023", "GRF 2023", ("foro mundial sobre los refugiados 2023", "global refugee forum 2023")
        ),
        Label(
            "MIRPS NAP",
            "Plan nacional MIRPS",
            "MIRPS NAP",
            ("plan de acción nacional mirps", "plan nacional del mirps", "mirps national action plan"),
        ),
        Label("measure", "Medida", "Measure", ("medidas", "measures")),
    ),
    "unit": (
        Label("persons", "Personas", "Persons", ("persona", "people")),
        Label("cases", "Casos", "Cases", ("caso", "case", "expedientes", "files")),
    ),
    "indicator_unit": (
        Label("persons", "Personas", "Persons", ("persona", "people")),
        Label("percent", "Porcentaje (0-100)", "Percent (0-100)", ("porcentaje", "por ciento", "percentage", "pct")),
    ),
    "sex": (
        Label(TOTAL, "Ambos sexos", "Both sexes", ("total", "ambos", "both", "all", "todos")),
        Label("F", "Mujeres", "Women", ("mujer", "femenino", "female", "females", "woman")),
        Label("M", "Hombres", "Men", ("hombre", "masculino", "male", "males", "man")),
    ),
    "age_group": (
        Label(TOTAL, "Todas las edades", "All ages", ("total", "todas", "todos", "all")),
        Label("0-4", "0 a 4 años", "0-4 years"),
        Label("5-11", "5 a 11 años", "5-11 years"),
        Label("12-17", "12 a 17 años", "12-17 years"),
        Label("18-59", "18 a 59 años", "18-59 years"),
        Label("60+", "60 años o más", "60 years and over", ("60 y más", "60 or more")),
        Label("0-17", "Menores de 18 años", "Under 18", ("0 a 17", "menores", "children")),
        Label("18+", "18 años o más", "18 years and over", ("18 y más", "adultos", "adults")),
    ),
    "approx": (
        Label("", "Exacta", "Exact", ("exacto", "exact")),
        Label("about", "Cerca de", "About", ("aproximadamente", "alrededor de", "approximately", "around", "circa")),
        Label("over", "Más de", "Over", ("mas de", "more than")),
        Label("under", "Casi", "Nearly", ("menos de", "under", "almost", "less than")),
    ),
}
# Kinds whose values are open: a known label becomes its code, any other text is kept as written.
OPEN_KINDS = frozenset({"entity_type", "pledge_type", "forum"})
# Spellings of "all of it" for the state and nationality columns (the SDMX total).
STATE_TOTAL = Label(TOTAL, "Todo el país", "Whole country", ("total", "nacional", "national", "todos", "todas"))
COUNTRY_TOTAL = Label(TOTAL, "Todas las nacionalidades", "All nationalities", ("total", "todas", "todos", "all"))


def codes_of(kind: str) -> tuple[str, ...]:
    """The codes of a registry kind, in the order the pages list them."""
    return tuple(label.code for label in CODE_LISTS[kind])


@cache
def code_labels(kind: str) -> tuple[Label, ...]:
    """Every code of a kind with its labels: the registry's lists, and the states and countries as shown."""
    if kind == "state":
        aliases: dict[str, list[str]] = {}
        for alias, code in STATE_ALIASES.items():
            aliases.setdefault(code, []).append(alias)
        return (STATE_TOTAL, *(Label(code, name, name, tuple(aliases.get(code, ()))) for code, name in STATES.items()))
    if kind == "country":
        codes = [country.alpha_3 for country in pycountry.countries] + [*EXTRA_COUNTRIES, OTHERS]
        return (COUNTRY_TOTAL, *(Label(code, country_name(code, "es"), country_name(code, "en")) for code in codes))
    return CODE_LISTS[kind]


@cache
def _code_lookup(kind: str) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for label in CODE_LISTS[kind]:
        for spelling in (label.code, label.es, label.en, *label.aliases):
            lookup.setdefault(fold(spelling), label.code)
    return lookup


def code_of(kind: str, value: object) -> str | None:
    """The code a cell names (its code, either label or an alias); None when the kind has no such value."""
    folded = fold(value)
    if kind == "state":
        return TOTAL if folded in _total_spellings(STATE_TOTAL) else state_code(value)
    if kind == "country":
        return TOTAL if folded in _total_spellings(COUNTRY_TOTAL) else country_code(value)
    return _code_lookup(kind).get(folded)


@cache
def _total_spellings(label: Label) -> frozenset[str]:
    return frozenset(fold(spelling) for spelling in (label.code, label.es, label.en, *label.aliases))


def code_label(kind: str, code: str, lang: str) -> str:
    """What the dashboard shows for a code in es or en; the code itself when the registry does not know it."""
    for label in code_labels(kind):
        if label.code == code:
            return label.text(lang)
    return code

"""Citations in es/en, `?v=` pins in a link, and the freshness rule with a moved clock (issue 16)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from mirps_dash.cite import citation_text, freshness_text
from mirps_dash.freshness import CADENCES, Cadence, Freshness, add_months, assess, cadences, newest_periods
from mirps_dash.links import read_version_pins, version_pins_code
from mirps_dash.schema import DATASETS

SOURCES = pd.DataFrame(
    {
        "source_id": ["unhcr-stats", "comar-press-1", "no-url"],
        "publisher": ["UNHCR", "La Jornada", "Segob"],
        "producer": ["UNHCR", "COMAR", ""],
        "title": ["Refugee Data Finder", "COMAR: 10,000 claims", ""],
        "url": ["https://unhcr.org/rdf", "https://jornada.com.mx/x", ""],
        "licence": ["CC BY 4.0", "", ""],
        "as_of": ["2025-12-31", "2025-06", "2024"],
        "note": ["", "", ""],
    }
)
DAY = dt.date(2026, 12, 6)
LINK = "http://host/trends?lang=es&v=claims:12,sources:1"


@pytest.mark.parametrize(
    ("lang", "ids", "versions", "expected"),
    [
        (
            "es",
            ["unhcr-stats"],
            {"claims": 12},
            "ACNUR, «Refugee Data Finder», fecha de corte: 31 de diciembre de 2025, https://unhcr.org/rdf. "
            f"Vía mirps-dash, versión de datos 12, consultado el 6 de diciembre de 2026, {LINK}",
        ),
        (
            "en",
            ["unhcr-stats"],
            {"claims": 12},
            "UNHCR, “Refugee Data Finder”, data as of December 31, 2025, https://unhcr.org/rdf. "
            f"Via mirps-dash, data version 12, consulted on December 6, 2026, {LINK}",
        ),
        (
            "es",
            ["comar-press-1", "no-url", "unknown"],
            {"claims": 12, "refugees": 4},
            "La Jornada, «COMAR: 10,000 claims», fecha de corte: junio de 2025, https://jornada.com.mx/x. "
            "Segob, fecha de corte: 2024. Vía mirps-dash, versiones de datos 12 (Solicitudes de asilo), "
            f"4 (Resoluciones y población refugiada), consultado el 6 de diciembre de 2026, {LINK}",
        ),
        (
            "en",
            [],
            {"refugees": 4},
            f"Via mirps-dash, data version 4, consulted on December 6, 2026, {LINK}",
        ),
    ],
)
def test_a_citation_names_each_source_then_the_versions_day_and_permalink(
    lang: str, ids: list[str], versions: dict[str, int], expected: str
) -> None:
    assert citation_text(ids, SOURCES, versions, DAY, LINK, lang) == expected


def test_a_citation_keeps_markup_from_the_data_as_text() -> None:
    sources = SOURCES.assign(title=["<b>**x**</b>", "", ""])
    assert "«<b>**x**</b>»" in citation_text(["unhcr-stats"], sources, {"claims": 1}, DAY, LINK, "es")


@pytest.mark.parametrize(
    ("texts", "pins", "problems"),
    [
        (["claims:12,refugees:4"], {"claims": 12, "refugees": 4}, []),
        ([" Claims : 12 ", "sources:1"], {"claims": 12, "sources": 1}, []),
        (["claims:12,,"], {"claims": 12}, []),
        ([], {}, []),
        (["claims:12,nothing:3"], {"claims": 12}, ["nothing:3"]),
        (["claims:twelve"], {}, ["claims:twelve"]),
        (["claims:12,claims:13"], {"claims": 12}, ["claims:13"]),
        (["claims:-1", "<script>"], {}, ["claims:-1", "<script>"]),
    ],
)
def test_reading_the_versions_a_link_pins(texts: list[str], pins: dict[str, int], problems: list[str]) -> None:
    assert read_version_pins(texts, DATASETS) == (pins, problems)


def test_the_pins_code_reads_back_as_the_same_pins() -> None:
    pins = {"sources": 1, "refugees": 4, "claims": 12}
    assert version_pins_code(pins) == "claims:12,refugees:4,sources:1"
    assert read_version_pins([version_pins_code(pins)], DATASETS) == (pins, [])


# ---- freshness ----------------------------------------------------------------------------------------------


def rows(*periods: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"period_start": start, "period_end": end, "source": source} for start, end, source in periods]
    )


CLAIMS = rows(
    ("2024-01-01", "2024-12-31", "unhcr-stats"),
    ("2025-01-01", "2025-12-31", "unhcr-stats"),
    ("2025-01-01", "2025-09-30", "comar-press-1"),  # January to September: COMAR's monthly figures
    ("2025-10-01", "2025-10-31", "comar-press-1"),
    ("2026-01-01", "2026-12-31", "comar-press-1"),  # a COMAR yearly figure: not a monthly one
    ("2027-01-01", "2027-01-31", "no-url"),  # a producer with no declared cadence
)


def test_newest_periods_per_producer_and_kind() -> None:
    assert newest_periods(CLAIMS, SOURCES, CADENCES) == {"UNHCR": "2025-12-31", "COMAR": "2025-10-31"}
    assert newest_periods(CLAIMS.iloc[:0], SOURCES, CADENCES) == {}


@pytest.mark.parametrize(
    ("producer", "day", "overdue"),
    [
        ("UNHCR", dt.date(2027, 6, 30), False),  # 2025's figures, 18 months after the year ends: still due
        ("UNHCR", dt.date(2027, 7, 1), True),
        ("UNHCR", dt.date(2026, 1, 1), False),
        ("COMAR", dt.date(2026, 1, 31), False),  # October 2025's figures, 3 months after the month ends
        ("COMAR", dt.date(2026, 2, 1), True),
        ("COMAR", dt.date(2025, 11, 15), False),
    ],
)
def test_figures_are_overdue_once_the_clock_passes_their_producers_interval(
    producer: str, day: dt.date, overdue: bool
) -> None:
    found = assess("claims", newest_periods(CLAIMS, SOURCES, CADENCES), dt.date(2026, 1, 5), day, CADENCES)
    assert {f.producer: f.overdue for f in found}[producer] is overdue


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 12, 31), 18, dt.date(2027, 6, 30)),
        (dt.date(2025, 11, 30), 3, dt.date(2026, 2, 28)),
        (dt.date(2023, 11, 30), 3, dt.date(2024, 2, 29)),
        (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2025, 3, 15), 12, dt.date(2026, 3, 15)),
    ],
)
def test_add_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("setting", "months"),
    [
        ("", {"UNHCR": 18, "COMAR": 3}),
        ("UNHCR=12,COMAR=2", {"UNHCR": 12, "COMAR": 2}),
        ("comar=6", {"UNHCR": 18, "COMAR": 6}),
        ("COMAR=six,INM=1", {"UNHCR": 18, "COMAR": 3}),
    ],
)
def test_intervals_can_be_configured(setting: str, months: dict[str, int]) -> None:
    rules = cadences({"MIRPS_FRESHNESS_MONTHS": setting})
    assert {rule.producer: rule.months for rule in rules} == months
    assert [rule.yearly for rule in rules] == [rule.yearly for rule in CADENCES]


def test_a_configured_interval_moves_the_judgement() -> None:
    newest = {"COMAR": "2025-10-31"}
    day = dt.date(2026, 3, 1)
    assert assess("claims", newest, day, day, (Cadence("COMAR", False, 3),))[0].overdue
    assert not assess("claims", newest, day, day, cadences({"MIRPS_FRESHNESS_MONTHS": "COMAR=6"}))[0].overdue


@pytest.mark.parametrize(
    ("freshness", "lang", "expected"),
    [
        (
            Freshness("claims", "UNHCR", "2025", dt.date(2026, 7, 2), 18, True),
            "es",
            "Solicitudes de asilo: datos de ACNUR hasta 2025; publicados aquí el 2 de julio de 2026; "
            "más antiguos que su intervalo de actualización (18 meses).",
        ),
        (
            Freshness("claims", "COMAR", "2025-10", dt.date(2026, 7, 2), 3, False),
            "en",
            "Asylum claims: COMAR data up to October 2025; published here on July 2, 2026.",
        ),
        (
            Freshness("refugees", "UNHCR", "2025", dt.date(2026, 7, 2), 18, True),
            "en",
            "Decisions and refugee population: UNHCR data up to 2025; published here on July 2, 2026; "
            "older than its update interval (18 months).",
        ),
    ],
)
def test_freshness_in_words(freshness: Freshness, lang: str, expected: str) -> None:
    assert freshness_text(freshness, lang) == expected

"""Rebuild the shipped data/ files (template-form CSVs, the state and MIRPS country GeoJSON) from ../shared/reference-data.

Usage, from the project root: `.venv/bin/python scripts/build_data.py [REFERENCE_DIR] [--out DATA_DIR]`.
Every figure written here is copied from a reference file and names its source; nothing is estimated.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from datetime import date
from pathlib import Path

import pandas as pd

try:
    from mirps_dash.codes import MIRPS_STATES, TOTAL, country_code, state_code
    from mirps_dash.periods import template_period
    from mirps_dash.schema import DATASETS
except ModuleNotFoundError:  # run as `python scripts/build_data.py`: the project root is not on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from mirps_dash.codes import MIRPS_STATES, TOTAL, country_code, state_code
    from mirps_dash.periods import template_period
    from mirps_dash.schema import DATASETS

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = PROJECT_ROOT.parent / "shared" / "reference-data"
DEFAULT_OUT = PROJECT_ROOT / "data"

# Template columns of each dataset, as its declaration gives them (schema.DATASETS[name].template_columns).
COLUMNS: dict[str, list[str]] = {name: dataset.template_columns for name, dataset in DATASETS.items()}
CLAIM_KEY = list(DATASETS["claims"].template_key)
REFUGEE_KEY = list(DATASETS["refugees"].template_key)
FIGURES = list(DATASETS["refugees"].counts)  # decisions and stocks: the refugees dataset's count columns

UNHCR = "unhcr-stats"
SEED = "unhcr-gcr-mexico-2020"
PLEDGES = "compiled-pledges"
OFFICES = "comar-offices-compiled"
STATES_SOURCE = "inegi-states"

# COMAR office ids by the city name used in comar_offices.csv and in "Office (State)" categories.
OFFICE_IDS = {
    "Mexico City": "cdmx",
    "Tapachula": "tapachula",
    "Tenosique": "tenosique",
    "Acayucan": "acayucan",
    "Palenque": "palenque",
    "Monterrey": "monterrey",
    "Tijuana": "tijuana",
    "Guadalajara": "guadalajara",
    "Saltillo": "saltillo",
    "Villahermosa": "villahermosa",
    "Cancún": "cancun",
}
# Opening years kept only where a source reports an opening that took place (planned or announced dates are not),
# and never after the office's own first figures (tests/test_provenance.py checks both against claims.csv).
YEAR_OPENED = {
    "tijuana": (
        2019,
        "year_opened = 2019: La Jornada (30 Jun 2019) reported it would open the following week, and the head of "
        "the Baja California office counts claims from 2019 (about 14,418 to May 2024) and gives 1,800 for 2020 "
        "(El Sol de Tijuana); the office inaugurated on 11 Mar 2021 (Proyecto Salesiano, Colonia Castillo) came "
        "after those figures.",
    ),
    "palenque": (
        2021,
        "year_opened = 2021: Segob stated its figures 'at the opening of the Palenque office in July 2021' "
        "(José Cárdenas, https://josecardenas.com/2021/07/chiapas-concentra-72-por-ciento-de-las-solicitudes-de-"
        "refugio-en-el-pais-alejandro-encinas); Cuarto Poder already lists the office for January-April 2021.",
    ),
    "saltillo": (2022, "year_opened = 2022, the inauguration of 20 Apr 2022."),
    "villahermosa": (
        2024,
        "year_opened = 2024: Diario Presente reports the Villahermosa office 'opened late Feb 2024' "
        "(https://diariopresente.mx/amp/tabasco/buscan-quedarse-en-tabasco/397364).",
    ),
}
NO_YEAR_NOTE = "year_opened left empty: no source found reports the date it opened."
# Status as reported, where the figures since then say more than the plan did.
STATUS = {
    "palenque": "announced 2019; opened 2021",
    "monterrey": "announced 2019; opening date not found",
    "tijuana": "opened 2019; new office inaugurated 2021",
    "villahermosa": "opened 2024",
    "cancun": "planned 2020 (not confirmed); claims in Quintana Roo reported for 2023, office not named",
}
# States whose claims COMAR lists by the state's name where this list names one office only there: those rows are
# that office's own figures (Tabasco and Chiapas have two offices each, Quintana Roo's office is not named).
OFFICE_OF_STATE = {"02": "tijuana", "09": "cdmx", "14": "guadalajara", "19": "monterrey", "30": "acayucan"}

# Who produced the figures of a press report, and the outlet that published it, where the outlet quotes another
# body than COMAR: outlet as in comar_reported_figures.csv -> (producer, publisher). Any other outlet: COMAR via it.
PRESS_ATTRIBUTION = {
    "CNDH statement (reprinted by Bajo la Rosa)": ("CNDH", "Bajo la Rosa"),
    "La Jornada (citing Segob)": ("Segob", "La Jornada"),
    "José Cárdenas (Segob statement)": ("Segob", "José Cárdenas"),
    "Acustik Noticias (COMAR/ACNUR statement)": ("COMAR and UNHCR", "Acustik Noticias"),
    "Contraréplica (citing ACNUR Baja California)": ("UNHCR", "Contraréplica"),
    "La Jornada (6th Informe de Gobierno)": ("Government of Mexico", "La Jornada"),
    "El Informador (citing CEDHJ)": ("CEDHJ", "El Informador"),
    "Prensa Latina (citing ACNUR)": ("UNHCR", "Prensa Latina"),
    "Gobernantes (citing COMAR Informe de Gestión Gubernamental 2018-2024)": ("COMAR", "Gobernantes"),
    "Diario Presente (citing ACNUR)": ("UNHCR", "Diario Presente"),
    "La Jornada Baja California (citing ACNUR)": ("UNHCR", "La Jornada Baja California"),
    "XEVT": ("INM", "XEVT"),  # 'attributed to INM statistics' (the INM Plan Estratégico 2025-2030)
}
# Opinion pieces are not sources of official figures: their rows are left out (their source ids stay unused).
OPINION_MARK = "(opinion column)"
# How a note words a figure the source rounds: the figure's own wording only, never a share or another source's.
APPROX_PATTERNS = (
    ("over", re.compile(r"(stated as|rounded as stated \() ?'(más de|poco más de|over|more than) ", re.IGNORECASE)),
    ("under", re.compile(r"stated as '(casi|nearly|almost) ", re.IGNORECASE)),
    (
        "about",
        re.compile(
            r"stated as '(cerca de|unas|alrededor de|about) |rounded as stated|rounded on the page", re.IGNORECASE
        ),
    ),
)
# A figure the source counts in cases ('31.787 casos') is stored in cases, whatever unit the row was given.
CASES_NOTE = re.compile(r"the source says '[\d.,]+ casos'")

# COMAR press indicators -> refugees columns.
DECISION_COLUMNS = {
    "decisions_positive": "positive",
    "decisions_negative": "rejected",
    "decisions_total": "decisions_total",
    "decisions_closed": "closed",
}
# UNHCR's code for an unknown origin -> the code mirps_dash.codes uses for it.
UNHCR_ORIGIN_CODES = {"UNK": "XXX"}
# Which UNHCR asylum rows count as claims lodged and first-instance decisions, for Mexico and the region alike:
# decision level FI (first instance) or FA (first instance and appeal, where a state reports them together), every
# procedure type (government, UNHCR, joint) summed; AR (administrative review: an appeal) and applications of type A
# (appeal) left out, since they look again at claims already counted. Any other level or type stops the build.
FIRST_INSTANCE_LEVELS = frozenset({"FI", "FA"})
REVIEW_LEVELS = frozenset({"AR"})
APPEAL_APPLICATION = "A"
KNOWN_APPLICATION_TYPES = frozenset({"N", "R", "V", APPEAL_APPLICATION})  # new, repeat, various, appeal
# UNHCR's app_pc / dec_pc -> the unit of the row.
UNHCR_UNITS = {"P": "persons", "C": "cases"}
REGION_FIRST_YEAR = 2010  # the *_mirps_2010plus.csv files start there
REGION_FLOWS = {"applied": "claims"}
REGION_DECISIONS = {
    "dec_recognized": "recognized",
    "dec_other": "complementary",
    "dec_rejected": "rejected",
    "dec_closed": "closed",
    "dec_total": "decisions_total",
}
REGION_STOCKS = {"refugees": "refugees", "asylum_seekers": "asylum_seekers", "oip": "oip"}


def read_text_csv(path: Path) -> pd.DataFrame:
    """Read a CSV with every column as text and empty cells as empty strings."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def format_period(start: str, end: str) -> tuple[str, str]:
    """Shortest exact template form (period, period_end) of an ISO date range (periods.template_period), refusing
    a range that ends before it starts."""
    if date.fromisoformat(end) < date.fromisoformat(start):
        raise ValueError(f"period ends before it starts: {start}..{end}")
    return template_period(start, end)


def unhcr_origin(code: str) -> str:
    """Template nationality code for a UNHCR coo_iso (ISO3, with UNHCR's UNK mapped to XXX)."""
    code = UNHCR_ORIGIN_CODES.get(code, code)
    if country_code(code) != code:
        raise ValueError(f"unknown UNHCR origin code {code!r}")
    return code


def comar_nationality(category: str) -> str:
    """Nationality code for a COMAR category: country name -> ISO3, 'Other countries' -> _O, 'All' -> _T."""
    if category == "All":
        return TOTAL
    code = country_code(category)
    if code is None:
        raise ValueError(f"unknown nationality {category!r}")
    return code


def comar_place(category: str) -> tuple[str, str]:
    """(state, office) for a COMAR office/state category: 'Tapachula (Chiapas)' -> office; a state alone -> state, _T."""
    match = re.fullmatch(r"(.+?) \((.+)\)", category)
    if match:
        office, state = OFFICE_IDS.get(match[1]), state_code(match[2])
    else:
        office, state = TOTAL, state_code(category)
    if office is None or state is None:
        raise ValueError(f"unknown office or state {category!r}")
    return state, office


def comar_source_ids(figures: pd.DataFrame) -> dict[tuple[str, str, str], str]:
    """comar-press-NNN id per distinct (source_outlet, source_url, source_date), numbered in order of first appearance."""
    keys = figures[["source_outlet", "source_url", "source_date"]].drop_duplicates()
    return {tuple(row): f"comar-press-{n:03d}" for n, row in enumerate(keys.itertuples(index=False), start=1)}


def comar_source_id_column(figures: pd.DataFrame, ids: dict[tuple[str, str, str], str]) -> pd.Series:
    """The comar-press id of each row of the COMAR figures."""
    keys = zip(figures["source_outlet"], figures["source_url"], figures["source_date"], strict=True)
    return pd.Series([ids[key] for key in keys], index=figures.index, dtype="str")


def build_sources(figures: pd.DataFrame) -> pd.DataFrame:
    """sources.csv: the fixed sources, then one comar-press source per press report."""
    fixed = [
        {
            "source_id": UNHCR,
            "publisher": "UNHCR",
            "producer": "UNHCR",
            "title": "Refugee Population Statistics Database (R package refugees 2025.12.1)",
            "url": "https://www.unhcr.org/refugee-statistics/",
            "licence": "CC BY 4.0",
            "as_of": "2025-12-31",
            "note": "Calendar-year flows (claims lodged, decisions) and end-of-year stocks (refugees, asylum-seekers, "
            "other people in need of international protection); Mexico as country of asylum, and the seven MIRPS states from 2010 (region); no monthly or "
            "sub-national figures. Cite as: UNHCR Refugee Data Finder.",
        },
        {
            "source_id": SEED,
            "publisher": "UNHCR",
            "producer": "Government and partners",
            "title": "An overview of how the Global Compact on Refugees is being turned into action in Mexico",
            "url": "",
            "licence": "not stated on the page (UNHCR web content; figures quoted)",
            "as_of": "2020-06",
            "note": "Data provided by Government and partners to UNHCR",
        },
        {
            "source_id": PLEDGES,
            "publisher": "mirps-dash (compiled from public sources)",
            "producer": "mirps-dash (compiled from public sources)",
            "title": "Pledges, commitments and measures for refugees in Mexico (compiled table)",
            "url": "",
            "licence": "facts from cited sources",
            "as_of": "2026-11-27",
            "note": "NOT the official Global Compact on Refugees pledges dashboard export (none could be found); "
            "compiled by hand from UNHCR, MIRPS, donor and press pages; each row names its own source URL.",
        },
        {
            "source_id": OFFICES,
            "publisher": "mirps-dash (compiled from public sources)",
            "producer": "mirps-dash (compiled from public sources)",
            "title": "COMAR offices (compiled from news reports)",
            "url": "",
            "licence": "facts from cited sources; coordinates CC BY 4.0 (GeoNames)",
            "as_of": "2026-11-27",
            "note": "Not an official list; each row names its sources. Coordinates are GeoNames city points, not "
            "office addresses. Incomplete: Segob reports 13 offices by 2024, 11 could be named.",
        },
        {
            "source_id": STATES_SOURCE,
            "publisher": "github.com/lapanquecita/remesas",
            "producer": "INEGI",
            "title": "Mexican state boundaries (Marco Geoestadístico), simplified",
            "url": "https://github.com/lapanquecita/remesas",
            "licence": "INEGI Términos de Libre Uso de la Información (attribution); repository MIT",
            "as_of": "2023-08-14",
            "note": "State boundaries: INEGI, Marco Geoestadístico (via github.com/lapanquecita/remesas, MIT). "
            "INEGI origin inferred from the field layout, not stated in the file. Simplified for the dashboard.",
        },
    ]
    press = [
        {
            "source_id": source_id,
            "publisher": press_attribution(outlet)[1],
            "producer": press_attribution(outlet)[0],
            "title": f"{outlet} ({published})",
            "url": url,
            "licence": "facts quoted from a press report",
            "as_of": published,
            "note": "",
        }
        for (outlet, url, published), source_id in comar_source_ids(figures).items()
        if OPINION_MARK not in outlet
    ]
    return pd.DataFrame(fixed + press, columns=COLUMNS["sources"])


def press_attribution(outlet: str) -> tuple[str, str]:
    """(producer, publisher) of a press report: the body whose figures it quotes (COMAR unless the outlet names
    another: INM, UNHCR, CNDH, Segob...) and the outlet that published them."""
    return PRESS_ATTRIBUTION.get(outlet, ("COMAR", outlet))


def official_figures(figures: pd.DataFrame) -> pd.DataFrame:
    """The press figures without those of opinion pieces, which are not sources of official figures."""
    return figures[~figures["source_outlet"].str.contains(OPINION_MARK, regex=False)]


def approximation(note: str) -> str:
    """'about', 'over' or 'under' where the note quotes the source rounding the figure itself; '' for an exact one."""
    for approx, pattern in APPROX_PATTERNS:
        if pattern.search(note):
            return approx
    return ""


def figure_unit(unit: str, note: str) -> str:
    """The unit the source counts in: 'cases' where it says 'casos', else the row's unit."""
    return "cases" if CASES_NOTE.search(note) else unit


def own_figures_since(claims: pd.DataFrame) -> dict[str, int]:
    """Year of each office's first own figure in claims: its rows, or its state's where it is the only office named."""
    office = claims["office"].where(claims["office"] != TOTAL, claims["state"].map(OFFICE_OF_STATE))
    years = claims["period"].str[:4].astype(int)
    return years.groupby(office).min().to_dict()


def office_status(office_id: str, reported: str, since: int | None) -> str:
    """The status as reported (or as the later reports give it), with the year of the office's first own figures."""
    status = STATUS.get(office_id, reported)
    if since is None or status.startswith("operating before"):
        return status
    return f"{status}; own figures from {since}"


def build_offices(offices: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """offices.csv from comar_offices.csv, with ids, opening years and statuses that agree with the claims figures."""
    since = own_figures_since(claims)
    rows = []
    for office in offices.itertuples(index=False):
        office_id = OFFICE_IDS[office.city]
        if state_code(office.state) != office.state_cve_ent:
            raise ValueError(f"{office.office}: state {office.state!r} does not match code {office.state_cve_ent}")
        year_opened, year_note = YEAR_OPENED.get(office_id, (None, NO_YEAR_NOTE))
        if year_opened is not None and office_id in since and since[office_id] < year_opened:
            raise ValueError(f"{office_id}: own figures from {since[office_id]}, before it opened in {year_opened}")
        reported = f" Opening reported: {office.year_opened_reported}." if office.year_opened_reported else ""
        status = office_status(office_id, office.status, since.get(office_id))
        if status != office.status:
            reported += f" Status reported: {office.status}."
        note = (
            f"{office.notes.rstrip('.')}.{reported} {year_note} Coordinates: city point (GeoNames), not the office address."
            f" Sources: {office.source_urls}"
        )
        rows.append(
            {
                "office_id": office_id,
                "name": office.office,
                "city": office.city,
                "state": office.state_cve_ent,
                "latitude": office.latitude,
                "longitude": office.longitude,
                "status": status,
                "year_opened": year_opened,
                "note": note,
                "source": OFFICES,
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS["offices"])
    frame["year_opened"] = frame["year_opened"].astype("Int64")
    return frame


def first_instance(frame: pd.DataFrame) -> pd.DataFrame:
    """The claims and decisions rows at first instance (FIRST_INSTANCE_LEVELS; appeals and reviews left out);
    raises on a decision level or application type this rule does not name, never dropping it silently.
    Population rows (no `dec_level`) are returned as they are."""
    if "dec_level" not in frame:
        return frame
    unknown = set(frame["dec_level"]) - FIRST_INSTANCE_LEVELS - REVIEW_LEVELS
    if "app_type" in frame:
        unknown |= set(frame["app_type"]) - KNOWN_APPLICATION_TYPES
    if unknown:
        raise ValueError(f"UNHCR decision levels or application types not covered by the rule: {sorted(unknown)}")
    kept = frame["dec_level"].isin(FIRST_INSTANCE_LEVELS)
    if "app_type" in frame:
        kept &= frame["app_type"] != APPEAL_APPLICATION
    return frame[kept]


def in_mexico(frame: pd.DataFrame) -> pd.DataFrame:
    """First-instance rows (`first_instance`) with Mexico as the country of asylum, nationality as a template code."""
    mexico = first_instance(frame[frame["coa_iso"] == "MEX"]).copy()
    mexico["nationality"] = mexico["coo_iso"].map(unhcr_origin)
    return mexico


def sum_by_year_and_origin(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Sum UNHCR figure columns (renamed by `columns`) over procedure and level, per year x nationality; NaN stays NaN."""
    mexico = in_mexico(frame)
    figures = mexico[list(columns)].apply(pd.to_numeric).rename(columns=columns)
    if (figures.dropna(how="all") % 1).fillna(0).ne(0).any().any():
        raise ValueError(f"UNHCR figures that are not whole numbers in {list(columns)}")
    summed = figures.groupby([mexico["year"], mexico["nationality"]]).sum(min_count=1)
    return summed.round().astype("Int64")


def build_unhcr_claims(applications: pd.DataFrame) -> pd.DataFrame:
    """UNHCR claims lodged in Mexico per calendar year and nationality (no national _T row: it is the sum)."""
    if set(applications.loc[applications["coa_iso"] == "MEX", "app_pc"]) != {"P"}:
        raise ValueError("UNHCR applications in Mexico are expected in persons only")
    claims = sum_by_year_and_origin(applications, {"applied": "claims"}).reset_index()
    return pd.DataFrame(
        {
            "period": claims["year"],
            "period_end": "",
            "state": TOTAL,
            "office": TOTAL,
            "nationality": claims["nationality"],
            "sex": TOTAL,
            "age_group": TOTAL,
            "claims": claims["claims"],
            "approx": "",
            "unit": "persons",
            "source": UNHCR,
            "note": "",
        }
    ).sort_values(["period", "nationality"])


def build_comar_claims(figures: pd.DataFrame, ids: dict[tuple[str, str, str], str]) -> pd.DataFrame:
    """COMAR claims as quoted in the press: one row per reported figure, at its own breakdown and period."""
    claims = official_figures(figures[figures["indicator"] == "claims_registered"])
    rows = []
    for row, source_id in zip(claims.itertuples(index=False), comar_source_id_column(claims, ids), strict=True):
        period, period_end = format_period(row.period_start, row.period_end)
        state, office, nationality = TOTAL, TOTAL, TOTAL
        if row.dimension in ("office", "state"):
            state, office = comar_place(row.category)
        elif row.dimension == "nationality":
            nationality = comar_nationality(row.category)
        elif row.dimension not in ("total", "month") or row.category != "All":
            raise ValueError(f"unexpected dimension/category {row.dimension}/{row.category}")
        rows.append(
            {
                "period": period,
                "period_end": period_end,
                "state": state,
                "office": office,
                "nationality": nationality,
                "sex": TOTAL,
                "age_group": TOTAL,
                "claims": int(row.value),
                "approx": approximation(row.note),
                "unit": figure_unit(row.unit, row.note),
                "source": source_id,
                "note": row.note,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS["claims"])


def build_seed_claims() -> pd.DataFrame:
    """The two claims figures of UNHCR's 2020 page on the GCR in Mexico."""
    rows = [
        ("2018", "", 29600, "about", "Rounded on the page: 'in 2018, COMAR registered 29,600 claims'."),
        (
            "2019-01",
            "2019-10",
            62299,
            "",
            "'in the first 10 months of 2019 (January to October), it had already registered 62,299 claims'.",
        ),
    ]
    return pd.DataFrame(
        [
            {
                "period": period,
                "period_end": end,
                "state": TOTAL,
                "office": TOTAL,
                "nationality": TOTAL,
                "sex": TOTAL,
                "age_group": TOTAL,
                "claims": claims,
                "approx": approx,
                "unit": "persons",
                "source": SEED,
                "note": note,
            }
            for period, end, claims, approx, note in rows
        ],
        columns=COLUMNS["claims"],
    )


def check_unique(frame: pd.DataFrame, key: list[str], dataset: str) -> pd.DataFrame:
    """Raise if two rows share a key (nothing is dropped silently)."""
    duplicated = frame[frame.duplicated(key, keep=False)]
    if not duplicated.empty:
        raise ValueError(f"{dataset}: rows with the same key:\n{duplicated.to_string()}")
    return frame


def build_claims(applications: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """claims.csv: UNHCR by nationality, COMAR press figures, then the 2020 UNHCR page."""
    ids = comar_source_ids(figures)
    frame = pd.concat([build_unhcr_claims(applications), build_comar_claims(figures, ids), build_seed_claims()])
    frame["claims"] = frame["claims"].astype("Int64")
    return check_unique(frame[COLUMNS["claims"]].reset_index(drop=True), CLAIM_KEY, "claims")


def build_unhcr_refugees(decisions: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """UNHCR decisions in the year and end-of-year stocks per nationality, merged; rows with no non-zero figure dropped."""
    if set(decisions.loc[decisions["coa_iso"] == "MEX", "dec_pc"]) != {"P"}:
        raise ValueError("UNHCR decisions in Mexico are expected in persons only")
    decided = sum_by_year_and_origin(
        decisions,
        {
            "dec_recognized": "recognized",
            "dec_other": "complementary",
            "dec_rejected": "rejected",
            "dec_closed": "closed",
            "dec_total": "decisions_total",
        },
    )
    stocks = sum_by_year_and_origin(
        population, {"refugees": "refugees", "asylum_seekers": "asylum_seekers", "oip": "oip"}
    )
    merged = decided.join(stocks, how="outer").reset_index()
    merged = merged[merged[[c for c in FIGURES if c in merged]].fillna(0).ne(0).any(axis=1)]
    merged = merged.sort_values(["year", "nationality"])
    frame = merged.rename(columns={"year": "period"}).assign(
        period=lambda f: f["period"].astype(str),
        period_end="",
        positive=pd.NA,
        approx="",
        unit="persons",
        source=UNHCR,
        note="",
    )
    return frame.reindex(columns=COLUMNS["refugees"])


def build_comar_decisions(figures: pd.DataFrame, ids: dict[tuple[str, str, str], str]) -> pd.DataFrame:
    """COMAR decisions as quoted in the press, one row per (period, nationality, unit, source) with its figures."""
    decisions = official_figures(figures[figures["indicator"].isin(DECISION_COLUMNS)]).copy()
    decisions["source"] = comar_source_id_column(decisions, ids)
    rows: dict[tuple[str, ...], dict[str, object]] = {}
    for row in decisions.itertuples(index=False):
        period, period_end = format_period(row.period_start, row.period_end)
        key = (period, period_end, comar_nationality(row.category), figure_unit(row.unit, row.note), row.source)
        column = DECISION_COLUMNS[row.indicator]
        merged = rows.setdefault(key, {**dict(zip(REFUGEE_KEY, key, strict=True)), "notes": []})
        if column in merged:
            raise ValueError(f"refugees: two {column} figures for {key}")
        if merged.setdefault("approx", approximation(row.note)) != approximation(row.note):
            raise ValueError(f"refugees: exact and rounded figures in one row {key}")
        merged[column] = int(row.value)
        if row.note:
            restated = figure_unit(row.unit, row.note) != row.unit
            merged["notes"].append((column, f"{row.note}; stored in cases" if restated else row.note))
    for merged in rows.values():
        notes = merged.pop("notes")
        figures_in_row = [c for c in FIGURES if c in merged]
        if len(figures_in_row) == 1:
            merged["note"] = "; ".join(note for _, note in notes)
        else:
            merged["note"] = " | ".join(f"{column}: {note}" for column, note in notes)
    return pd.DataFrame(list(rows.values())).reindex(columns=COLUMNS["refugees"])


def build_seed_refugees() -> pd.DataFrame:
    """The June 2020 stocks of UNHCR's page on the GCR in Mexico."""
    note = (
        "Stocks as of June 2020 (the page gives the month, not the day): 34,946 refugees, and 78,619 that the page "
        "calls 'the number of asylum claims as of June 2020' under the heading 'Asylum seekers', i.e. claims pending "
        "at that date, not claims lodged from January to June."
    )
    return pd.DataFrame(
        [
            {
                "period": "2020-06",
                "period_end": "",
                "nationality": TOTAL,
                "refugees": 34946,
                "asylum_seekers": 78619,
                "approx": "",
                "unit": "persons",
                "source": SEED,
                "note": note,
            }
        ]
    ).reindex(columns=COLUMNS["refugees"])


def build_refugees(decisions: pd.DataFrame, population: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """refugees.csv: UNHCR decisions and stocks, COMAR press decisions, then the 2020 UNHCR page."""
    ids = comar_source_ids(figures)
    parts = [build_unhcr_refugees(decisions, population), build_comar_decisions(figures, ids), build_seed_refugees()]
    frame = pd.concat(parts, ignore_index=True)
    for column in FIGURES:
        frame[column] = frame[column].astype("Int64")
    for column in ("period_end", "approx", "note"):
        frame[column] = frame[column].fillna("")
    return check_unique(frame, REFUGEE_KEY, "refugees")


def whole_counts(figures: pd.DataFrame, what: str) -> pd.DataFrame:
    """UNHCR figures as whole numbers (Int64, NaN kept as NA); raises on a fraction."""
    numbers = figures.apply(pd.to_numeric)
    if (numbers.dropna(how="all") % 1).fillna(0).ne(0).any().any():
        raise ValueError(f"UNHCR figures that are not whole numbers in {what}")
    return numbers.round().astype("Int64")


def sum_region(frame: pd.DataFrame, columns: dict[str, str], unit: pd.Series) -> pd.DataFrame:
    """UNHCR figure columns (renamed by `columns`) summed per year x country of asylum x origin x unit, over
    procedure types and first-instance levels (`first_instance`); NaN stays NaN."""
    figures = whole_counts(frame[list(columns)], str(list(columns))).rename(columns=columns)
    keys = [
        frame["year"].astype(int).rename("year"),
        frame["coa_iso"].rename("asylum_country"),
        frame["coo_iso"].map(unhcr_origin).rename("nationality"),
        unit.rename("unit"),
    ]
    return figures.groupby(keys).sum(min_count=1)


def build_region(applications: pd.DataFrame, decisions: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """region.csv: UNHCR claims lodged, first-instance decisions and end-of-year stocks in the seven MIRPS states,
    per year from 2010 and country of origin, by the same first-instance rule as Mexico's own figures.

    Claims and decisions keep UNHCR's unit (persons, or cases where app_pc / dec_pc is C); stocks are persons.
    One row per (year, state, origin, unit): a state-year in cases has its flows in a cases row and its stocks in
    a persons row, never in one. Rows with no non-zero figure are left out (as for Mexico)."""
    parts = []
    for frame, columns, unit_column in (
        (applications, REGION_FLOWS, "app_pc"),
        (decisions, REGION_DECISIONS, "dec_pc"),
        (population, REGION_STOCKS, None),
    ):
        rows = first_instance(
            frame[frame["coa_iso"].isin(MIRPS_STATES) & (frame["year"].astype(int) >= REGION_FIRST_YEAR)]
        )
        if unit_column is None:
            unit = pd.Series("persons", index=rows.index)
        else:
            unknown = set(rows[unit_column]) - set(UNHCR_UNITS)
            if unknown:
                raise ValueError(f"UNHCR {unit_column} values not known: {sorted(unknown)}")
            unit = rows[unit_column].map(UNHCR_UNITS)
        parts.append(sum_region(rows, columns, unit))
    merged = parts[0].join(parts[1], how="outer").join(parts[2], how="outer").reset_index()
    figures = [*REGION_FLOWS.values(), *REGION_DECISIONS.values(), *REGION_STOCKS.values()]
    merged = merged[merged[figures].fillna(0).ne(0).any(axis=1)]
    merged = merged.sort_values(["year", "asylum_country", "nationality", "unit"])
    frame = merged.assign(period=merged["year"].astype(str), period_end="", source=UNHCR, note="")
    frame = frame.reindex(columns=COLUMNS["region"])
    for column in figures:
        frame[column] = frame[column].astype("Int64")
    return check_unique(frame.reset_index(drop=True), list(DATASETS["region"].template_key), "region")


def check_region_mexico(region: pd.DataFrame, claims: pd.DataFrame, refugees: pd.DataFrame) -> None:
    """Raise unless the region's Mexico rows give Mexico's own UNHCR figures (claims.csv, refugees.csv) for every
    year, origin and figure from 2010: one rule, one set of numbers."""
    mexico = region[region["asylum_country"] == "MEX"]
    if set(mexico["unit"]) != {"persons"}:
        raise ValueError("region: Mexico's UNHCR figures are expected in persons only")
    for own, columns in (
        (claims, REGION_FLOWS.values()),
        (refugees, [*REGION_DECISIONS.values(), *REGION_STOCKS.values()]),
    ):
        own = own[own["source"] == UNHCR].assign(period=lambda f: f["period"].astype(str))
        own = own[own["period"].astype(int) >= REGION_FIRST_YEAR]
        for column in columns:
            mine, theirs = (
                frame.groupby(["period", "nationality"])[column].sum(min_count=1).dropna().astype("int64")
                for frame in (mexico, own)
            )
            if not mine[mine != 0].equals(theirs[theirs != 0]):
                raise ValueError(f"region: Mexico's {column} differ from the shipped Mexico figures")


def build_pledges(pledges: pd.DataFrame) -> pd.DataFrame:
    """pledges.csv: the compiled pledges table unchanged, plus its source id."""
    if list(pledges.columns) != COLUMNS["pledges"][:-1]:
        raise ValueError(f"unexpected pledges columns {list(pledges.columns)}")
    return check_unique(pledges.assign(source=PLEDGES), ["pledge_id"], "pledges")


def build_indicators() -> pd.DataFrame:
    """indicators.csv: single figures of UNHCR's 2020 page that are neither claims nor decisions."""
    share_note = (
        "'COMAR has also established a Registration Centre in Tapachula (in the south, near the border with "
        "Guatemala) a state that receives 65% of all asylum claims'. The share is of the state (Chiapas) as the "
        "page words it; the page gives no period: 2019 is assumed from the same paragraph (2018 and "
        "January-October 2019 claims) and the page's date (June 2020)."
    )
    released_note = (
        "'In 2019, 8,277 asylum seekers were released and granted a provisional INM document as a Visitor with "
        "Permission to Perform Remunerated Activities' (Alternatives to Detention programme)."
    )
    relocations_note = (
        "'The number of people that benefitted from this programme were 3,833 between January and 15 October "
        "2019' (labour integration / relocation programme)."
    )
    rows = [
        {
            "indicator": "tapachula_share_of_claims",
            "period": "2019",
            "period_end": "",
            "value": 65,
            "unit": "percent",
            "note": share_note,
        },
        {
            "indicator": "released_to_shelters",
            "period": "2019",
            "period_end": "",
            "value": 8277,
            "unit": "persons",
            "note": released_note,
        },
        {
            "indicator": "labour_relocations",
            "period": "2019-01-01",
            "period_end": "2019-10-15",
            "value": 3833,
            "unit": "persons",
            "note": relocations_note,
        },
    ]
    return pd.DataFrame([{**row, "approx": "", "source": SEED} for row in rows], columns=COLUMNS["indicators"])


def check_sources(tables: dict[str, pd.DataFrame]) -> None:
    """Raise if a row names a source that sources.csv does not list."""
    known = set(tables["sources"]["source_id"])
    for name, frame in tables.items():
        if "source" in frame:
            missing = set(frame["source"]) - known
            if missing:
                raise ValueError(f"{name}: unknown sources {sorted(missing)}")


def build_tables(reference: Path) -> dict[str, pd.DataFrame]:
    """Every dataset as a template-form frame, built from the reference-data folder."""
    unhcr = reference / "unhcr-refugees-r-package"
    figures = read_text_csv(reference / "comar-reported-figures-curated" / "comar_reported_figures.csv")
    claims = build_claims(read_text_csv(unhcr / "asylum_applications_mexico.csv"), figures)
    tables = {
        "sources": build_sources(figures),
        "offices": build_offices(read_text_csv(reference / "comar-offices-curated" / "comar_offices.csv"), claims),
        "claims": claims,
        "refugees": build_refugees(
            read_text_csv(unhcr / "asylum_decisions_mexico.csv"),
            read_text_csv(unhcr / "population_mexico.csv"),
            figures,
        ),
        "pledges": build_pledges(read_text_csv(reference / "pledges-curated" / "pledges_mexico.csv")),
        "indicators": build_indicators(),
        "region": build_region(
            read_text_csv(unhcr / "asylum_applications_mirps_2010plus.csv"),
            read_text_csv(unhcr / "asylum_decisions_mirps_2010plus.csv"),
            read_text_csv(unhcr / "population_mirps_2010plus.csv"),
        ),
    }
    check_region_mexico(tables["region"], tables["claims"], tables["refugees"])
    unbuilt = [name for name in DATASETS if name not in tables]
    if unbuilt:  # a dataset declared in schema.DATASETS that this script has no step for: never skipped silently
        raise NotImplementedError(
            f"no build step for the declared dataset(s) {', '.join(unbuilt)}: add one to build_tables"
        )
    check_sources(tables)
    return tables


def write_data(reference: Path, out: Path) -> list[Path]:
    """Write every CSV and the simplified state GeoJSON into `out`; return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in build_tables(reference).items():
        path = out / f"{name}.csv"
        frame[DATASETS[name].template_columns].to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
        written.append(path)
    geojson = out / "mexico_states.geojson"
    shutil.copyfile(reference / "mexico-states-geojson" / "mexico_states_simplified.geojson", geojson)
    countries = out / "mirps_countries.geojson"  # Natural Earth (public domain): credit "Made with Natural Earth"
    shutil.copyfile(reference / "mirps-countries-geojson" / "mirps_countries.geojson", countries)
    return [*written, geojson, countries]


def main(argv: list[str] | None = None) -> None:
    """Command line: rebuild data/ (or --out) from the reference-data folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", nargs="?", type=Path, default=DEFAULT_REFERENCE, help="reference-data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: data/)")
    args = parser.parse_args(argv)
    for path in write_data(args.reference, args.out):
        print(path)
    if args.out.resolve() == DEFAULT_OUT.resolve():
        from mirps_dash.maps import (
            DISPLAY_COUNTRIES_PATH,
            DISPLAY_SHAPES_PATH,
            display_shapes_text,
            read_countries,
            read_states,
        )

        # What browsers get (static/): the shipped shapes simplified, outer rings clockwise, ids as the pages'
        # codes; tests/test_maps.py checks they agree.
        DISPLAY_SHAPES_PATH.write_text(display_shapes_text(read_states()), encoding="utf-8")
        DISPLAY_COUNTRIES_PATH.write_text(display_shapes_text(read_countries(), "iso_a3"), encoding="utf-8")
        print(DISPLAY_SHAPES_PATH)
        print(DISPLAY_COUNTRIES_PATH)


if __name__ == "__main__":
    main()

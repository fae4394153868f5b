"""The MIRPS region's figures (dataset `region`): pure pandas over its canonical frame, memo-free.

Each figure of a state and year comes from one release (the latest source with rows for that state and year)
and one unit: UNHCR counts some state-years in cases, and a figure in cases is never added to one in persons.
A state's figure is its total row where it has one, else the sum over origins (`aggregate.figures`).
Decisions are complete, and a rate is shown, by the same test as Mexico's on Trends
(`queries.missing_outcomes`, `queries.with_rates`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from mirps_dash.aggregate import figures
from mirps_dash.codes import MIRPS_STATES, OTHERS, TOTAL
from mirps_dash.periods import full_years
from mirps_dash.queries import (
    FIGURES_DECISIONS,
    FIGURES_POPULATION,
    missing_outcomes,
    outcomes_in_procedure,
    source_dates,
    with_rates,
)

FLOWS = ("claims", *FIGURES_DECISIONS, "decisions_total")  # in the year, persons or cases
STOCKS = FIGURES_POPULATION  # at the end of the year, persons
FIGURES = (*FLOWS, *STOCKS)
STATE_YEAR_COLUMNS = [
    "asylum_country",
    "year",
    "unit",
    "source",
    *FIGURES,
    "missing",
    "refugee_rate",
    "protection_rate",
]


def one_release(region: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Calendar-year rows (with an integer `year`), one release per state and year: the source with the latest
    as-of date among those with rows for it (ties: the larger id), so releases are never mixed in a figure."""
    rows = full_years(region)
    if rows.empty:
        return rows
    days = rows["source"].map(source_dates(sources)).fillna("0000-00-00")
    ranked = rows.assign(_rank=days + "|" + rows["source"])
    best = ranked.groupby(["asylum_country", "year"])["_rank"].transform("max")
    return ranked[ranked["_rank"] == best].drop(columns="_rank")


def state_years(region: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Per state, year and unit: each figure for the whole state (its total row, else the sum over origins; NA
    where the release gives none), the decision outcomes not reported and both rates where decisions are complete.

    Columns: STATE_YEAR_COLUMNS. A state-year counted in cases has a cases row (claims, decisions) and a persons
    row (stocks)."""
    rows = one_release(region, sources)
    keys = ["asylum_country", "year", "unit", "source"]
    if rows.empty:
        return pd.DataFrame(columns=STATE_YEAR_COLUMNS)
    parts = []
    for state in sorted(rows["asylum_country"].unique()):
        merged = None
        in_state = rows["asylum_country"] == state  # a mask, not a copy: every figure reads the same codes
        for value in FIGURES:
            found = figures(rows, value, where=in_state)
            if found.empty:
                continue
            found = found.assign(asylum_country=state, year=found["period_start"].str[:4].astype(int))[[*keys, value]]
            merged = found if merged is None else merged.merge(found, on=keys, how="outer")
        if merged is not None:
            parts.append(merged)
    if not parts:
        return pd.DataFrame(columns=STATE_YEAR_COLUMNS)
    out = pd.concat(parts, ignore_index=True).reindex(columns=[*keys, *FIGURES])
    out = out.astype({**{v: "Int64" for v in FIGURES}, "year": "int64"})
    missing = [
        missing_outcomes(state, outcomes_in_procedure(state)) for _, state in out.groupby("asylum_country")
    ]  # each state's own procedure, over all its years
    out = with_rates(out, pd.concat(missing).reindex(out.index))
    order = {code: i for i, code in enumerate(MIRPS_STATES)}
    out = out.sort_values(
        ["year", "asylum_country", "unit"], key=lambda s: s.map(order) if s.name == "asylum_country" else s
    )
    return out[STATE_YEAR_COLUMNS].reset_index(drop=True)


def in_year(years: pd.DataFrame, year: int, value: str) -> pd.DataFrame:
    """One figure of every state in one year, one row per state and unit with a figure (from `state_years`).

    Columns: asylum_country, unit, source, <value>."""
    keep = (years["year"].to_numpy() == year) & years[value].notna().to_numpy()  # one mask, one take
    return years.loc[keep, ["asylum_country", "unit", "source", value]].reset_index(drop=True)


def one_unit_total(shown: pd.DataFrame, value: str, unit: str = "persons") -> tuple[int, tuple[str, ...]]:
    """The regional total of a figure over the states counted in `unit` only, and the states left out (counted in
    another unit, or with no figure): persons and cases are never summed."""
    return unit_total(shown["asylum_country"].tolist(), shown["unit"].tolist(), shown[value].tolist(), unit)


def unit_total(codes: list[str], units: list[str], amounts: list, unit: str = "persons") -> tuple[int, tuple[str, ...]]:
    """`one_unit_total` over a few states' codes, units and figures as plain lists (where a filter and dropna cost
    a millisecond)."""
    counted = [
        (code, amount)
        for code, kind, amount in zip(codes, units, amounts, strict=True)
        if kind == unit and not pd.isna(amount)
    ]
    states = {code for code, _amount in counted}
    return int(sum(amount for _code, amount in counted)), tuple(code for code in MIRPS_STATES if code not in states)


class Origin(NamedTuple):
    """One country of origin of the people a state hosts at the end of a year (persons, one release)."""

    nationality: str
    refugees: int
    asylum_seekers: int
    hosted: int  # refugees + asylum-seekers: two distinct groups of people, so their sum counts no one twice
    in_region: bool  # a MIRPS state


def origins(region: pd.DataFrame, sources: pd.DataFrame, state: str, year: int) -> list[Origin]:
    """Where the people a state hosts at the end of a year come from, by country of origin, largest first (ties
    by code); empty when the release gives no origins."""
    return released_origins(one_release(region, sources), state, year)


def released_origins(releases: pd.DataFrame, state: str, year: int) -> list[Origin]:
    """`origins` from `one_release(region, sources)`, made once per data version (the regional page's
    `region_releases`). Plain rows, not a frame: a few dozen of them, which a frame costs milliseconds to build and
    read again, each time the page's state or year changes."""
    # the state's rows of the year by two array comparisons (an Arrow one and a numpy one), then each column's
    # few values taken from its array and read as a list: a frame's filter and `.loc` take cost milliseconds
    positions = np.flatnonzero((releases["year"].to_numpy() == year) & (releases["asylum_country"].array == state))
    columns = ("unit", "nationality", "refugees", "asylum_seekers")
    units, nationalities, *figures = (releases[column].array.take(positions).tolist() for column in columns)
    # nationality | refugees | asylum_seekers (rows of one release)   ->   one row per nationality, summed in plain
    # Python; a figure no row reports is 0
    totals: dict[str, list[int | None]] = {}
    for unit, nationality, *values in zip(units, nationalities, *figures, strict=True):
        # in persons, by origin (as groupby, a row without an origin is left out)
        if unit != "persons" or not isinstance(nationality, str) or nationality == TOTAL:
            continue
        summed = totals.setdefault(nationality, [None, None])
        for position, value in enumerate(values):
            if not pd.isna(value):
                summed[position] = int(value) + (summed[position] or 0)
    found = [
        Origin(
            nationality,
            refugees or 0,
            asylum_seekers or 0,
            (refugees or 0) + (asylum_seekers or 0),
            nationality in MIRPS_STATES,
        )
        for nationality, (refugees, asylum_seekers) in totals.items()
    ]
    return sorted((row for row in found if row.hosted > 0), key=lambda row: (-row.hosted, row.nationality))


def top_origins(hosted: list[Origin], top_n: int) -> list[Origin]:
    """The `top_n` largest named origins of `origins(...)` and the rest as one group (_O), which add up to all
    hosted."""
    shown = [row for row in hosted if row.nationality != OTHERS][:top_n]
    named = {row.nationality for row in shown}
    rest = [row for row in hosted if row.nationality not in named]
    if not rest:
        return shown
    others = Origin(
        OTHERS,
        sum(row.refugees for row in rest),
        sum(row.asylum_seekers for row in rest),
        sum(row.hosted for row in rest),
        False,
    )
    return [*shown, others]

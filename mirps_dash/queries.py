"""Pure pandas questions over canonical frames: totals that never add a total to its parts.

Published tables overlap (claims by nationality for the whole country; claims by office for all
nationalities), so each query picks rows at one breakdown: "_T" rows for a total where they exist,
else the sum of the finer rows of *one* source, never both.
"""

from __future__ import annotations

import pandas as pd

from mirps_dash.codes import TOTAL

UNHCR_SOURCE = "unhcr-stats"


def full_years(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows that cover exactly one calendar year, with an integer `year` column added."""
    start, end = frame["period_start"], frame["period_end"]
    yearly = start.str.endswith("-01-01") & end.str.endswith("-12-31") & (start.str[:4] == end.str[:4])
    out = frame[yearly].copy()
    out["year"] = out["period_start"].str[:4].astype(int)
    return out


def national_claims_by_year(claims: pd.DataFrame, source: str = UNHCR_SOURCE) -> pd.DataFrame:
    """Claims lodged per calendar year (persons) from one source: its _T row, else the sum over nationalities.

    Columns: year, claims, source.
    """
    rows = full_years(claims[(claims["source"] == source) & (claims["unit"] == "persons")])
    rows = rows[(rows["state"] == TOTAL) & (rows["office"] == TOTAL) & (rows["sex"] == TOTAL) & (rows["age_group"] == TOTAL)]
    totals = rows[rows["nationality"] == TOTAL].groupby("year")["claims"].sum()
    parts = rows[rows["nationality"] != TOTAL].groupby("year")["claims"].sum()
    combined = totals.combine_first(parts).astype("int64")
    return pd.DataFrame({"year": combined.index, "claims": combined.to_numpy(), "source": source})


def refugee_figures_by_year(refugees: pd.DataFrame, source: str = UNHCR_SOURCE) -> pd.DataFrame:
    """Decisions and end-of-year population per year (persons) from one source, summed over nationalities.

    A figure is missing (NA) for a year where no nationality row has it.
    """
    rows = full_years(refugees[(refugees["source"] == source) & (refugees["unit"] == "persons")])
    totals = rows[rows["nationality"] == TOTAL]
    parts = rows[rows["nationality"] != TOTAL]
    figures = ["recognized", "complementary", "rejected", "closed", "decisions_total", "refugees", "asylum_seekers", "oip"]
    summed = parts.groupby("year")[figures].sum(min_count=1)
    if not totals.empty:
        summed = totals.set_index("year")[figures].combine_first(summed)
    summed = summed.reset_index()
    summed["source"] = source
    return summed


def latest_key_figures(claims: pd.DataFrame, refugees: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """For each headline figure, (year, value) of the latest year that has it (UNHCR figures)."""
    claim_years = national_claims_by_year(claims)
    figures = refugee_figures_by_year(refugees)
    out: dict[str, tuple[int, int]] = {}
    if not claim_years.empty:
        last = claim_years.iloc[-1]
        out["claims"] = (int(last["year"]), int(last["claims"]))
    for name in ("refugees", "asylum_seekers", "recognized"):
        known = figures[figures[name].notna()]
        if not known.empty:
            last = known.iloc[-1]
            out[name] = (int(last["year"]), int(last[name]))
    return out

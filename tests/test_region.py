"""The MIRPS region: data/region.csv reproduces UNHCR's figures for every state and year, holds together on its own,
and the regional views never add persons to cases; the regional map draws offline from the shipped outlines."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest

from mirps_dash import region as rg
from mirps_dash import views
from mirps_dash.codes import MIRPS_STATES, OTHERS
from mirps_dash.ingest import read_table
from mirps_dash.maps import (
    COUNTRIES_PATH,
    DISPLAY_COUNTRIES_PATH,
    DISPLAY_COUNTRIES_URL,
    MIRPS_BOUNDS,
    display_shapes_text,
    read_countries,
    vega_lite_map,
)
from mirps_dash.validate import validate_table
from tests.shown_charts import map_areas, map_outlined, map_shaded
from tests.test_build_data import DATA, REFERENCE

UNHCR = REFERENCE / "unhcr-refugees-r-package"
SHIPPED = pd.read_csv(DATA / "region.csv", dtype={"period": str}, keep_default_na=True)
FLOWS = {"claims": "applied"}
DECISIONS = {
    "recognized": "dec_recognized",
    "complementary": "dec_other",
    "rejected": "dec_rejected",
    "closed": "dec_closed",
    "decisions_total": "dec_total",
}
STOCKS = {"refugees": "refugees", "asylum_seekers": "asylum_seekers", "oip": "oip"}


def reference_totals() -> pd.DataFrame:
    """UNHCR's own figure for each state, year and unit, computed here from the reference files alone: claims and
    decisions at first instance (levels FI and FA; appeals, level AR or application type A, left out), stocks as
    they are; persons unless app_pc / dec_pc is C (cases)."""
    applications = pd.read_csv(UNHCR / "asylum_applications_mirps_2010plus.csv")
    decisions = pd.read_csv(UNHCR / "asylum_decisions_mirps_2010plus.csv")
    population = pd.read_csv(UNHCR / "population_mirps_2010plus.csv")
    applications = applications[applications["dec_level"].isin(["FI", "FA"]) & (applications["app_type"] != "A")]
    decisions = decisions[decisions["dec_level"].isin(["FI", "FA"])]
    unit = {"P": "persons", "C": "cases"}
    parts = [
        applications.assign(unit=applications["app_pc"].map(unit)).rename(columns={"applied": "claims"}),
        decisions.assign(unit=decisions["dec_pc"].map(unit)).rename(columns={v: k for k, v in DECISIONS.items()}),
        population.assign(unit="persons"),
    ]
    columns = [*FLOWS, *DECISIONS, *STOCKS]
    totals = [
        part.groupby(["coa_iso", "year", "unit"])[[c for c in columns if c in part]].sum(min_count=1) for part in parts
    ]
    return pd.concat(totals, axis=1).reindex(columns=columns)


def shipped_totals() -> pd.DataFrame:
    """The same figures summed from data/region.csv over origins."""
    frame = SHIPPED.assign(year=SHIPPED["period"].astype(int)).rename(columns={"asylum_country": "coa_iso"})
    return frame.groupby(["coa_iso", "year", "unit"])[[*FLOWS, *DECISIONS, *STOCKS]].sum(min_count=1)


def test_the_regional_figures_reproduce_unhcr_for_every_state_and_year() -> None:
    if not REFERENCE.is_dir():
        pytest.skip(f"reference data not found at {REFERENCE}: cannot recompute UNHCR's figures")
    theirs, ours = reference_totals(), shipped_totals()
    assert sorted(set(theirs.index.get_level_values(0))) == sorted(MIRPS_STATES)
    for column in theirs.columns:
        expected = theirs[column].dropna()
        expected = expected[expected != 0].astype("int64")
        found = ours[column].dropna()
        found = found[found != 0].astype("int64")
        pd.testing.assert_series_equal(found.sort_index(), expected.sort_index(), check_names=False)


def test_the_regional_file_validates_and_each_row_holds_one_unit() -> None:
    report = validate_table("region", read_table("region", (DATA / "region.csv").read_bytes()))
    assert report.ok and report.errors == []
    frame = report.frame
    assert set(frame["asylum_country"]) == set(MIRPS_STATES) and set(frame["source"]) == {"unhcr-stats"}
    cases = frame[frame["unit"] == "cases"]
    assert not cases.empty and set(cases["asylum_country"]) == {"PAN"}
    assert cases[list(STOCKS)].isna().all().all()  # stocks are persons: never on a row in cases
    assert (frame["nationality"] != "_T").all()  # origins only: no total row that would double count them


def test_mexico_in_the_region_is_mexico_as_shipped_in_claims_and_refugees() -> None:
    """The shipped data/ alone: one rule, one set of numbers for Mexico, year by year from 2010."""
    mexico = SHIPPED[SHIPPED["asylum_country"] == "MEX"]
    assert set(mexico["unit"]) == {"persons"}
    claims = pd.read_csv(DATA / "claims.csv", dtype={"period": str}).query("source == 'unhcr-stats'")
    refugees = pd.read_csv(DATA / "refugees.csv", dtype={"period": str}).query("source == 'unhcr-stats'")
    for own, columns in ((claims, ["claims"]), (refugees, [*DECISIONS, *STOCKS])):
        own = own[own["period"].astype(int) >= 2010]
        for column in columns:  # by year and origin; a zero is the same as no row
            ours, theirs = (frame.groupby(["period", "nationality"])[column].sum() for frame in (mexico, own))
            ours, theirs = ours[ours != 0].astype("int64"), theirs[theirs != 0].astype("int64")
            pd.testing.assert_series_equal(ours, theirs, check_names=False)
    assert mexico.loc[mexico["period"] == "2019", "claims"].sum() == 70363  # UNHCR's SOURCES.md table


@pytest.fixture(scope="module")
def region_years() -> pd.DataFrame:
    frames = {
        name: validate_table(name, read_table(name, (DATA / f"{name}.csv").read_bytes())).frame
        for name in ("region", "sources")
    }
    return views.derive_frames(frames)["region_years"]


def test_a_regional_total_is_over_one_unit_and_names_the_states_left_out(region_years: pd.DataFrame) -> None:
    shown = rg.in_year(region_years, 2025, "claims")
    total, left_out = rg.one_unit_total(shown, "claims")
    persons = shown[shown["unit"] == "persons"]
    assert left_out == ("PAN",) and total == persons["claims"].sum() and len(persons) == 6
    assert shown.loc[shown["asylum_country"] == "PAN", "unit"].tolist() == ["cases"]
    chart = views.regional_ranking(region_years, 2025, "MEX", "claims", "en")
    assert f"total {total:,}" in chart.summary and "leaving out Panama (counts cases: 790 cases)" in chart.summary
    assert "Panama (cases)" in chart.table["Country of asylum"].tolist()
    bars = chart.figure["series"][0]["data"]
    hatched = [row for row, bar in zip(chart.figure["yAxis"]["data"], bars, strict=True) if "decal" in str(bar)]
    assert hatched == ["Panama (cases)"]  # in cases, hatched


def test_the_map_origins_and_trend_tables_hold_what_their_charts_draw(region_years: pd.DataFrame) -> None:
    """The views make their tables when read (`ChartView(tables=...)`): the same states, figures and origins as
    the chart and the sentence, a state in cases named with its unit and left unshaded."""
    chart = views.regional_map(region_years, 2025, "claims", "MEX", DISPLAY_COUNTRIES_URL, "en")
    csv = chart.csv_file().set_index("Country of asylum (code)")
    assert list(csv.index) == list(MIRPS_STATES) and csv.loc["PAN", "unit"] == "Cases"
    shaded = dict(zip(chart.figure["data"][1]["locations"], chart.figure["data"][1]["z"], strict=True))
    assert shaded == {code: float(csv.loc[code, "Claims"]) for code in MIRPS_STATES if code != "PAN"}
    assert chart.table.loc[5, "Claims"] == f"{csv.loc['MEX', 'Claims']:,}"
    frames = {
        name: validate_table(name, read_table(name, (DATA / f"{name}.csv").read_bytes())).frame
        for name in ("region", "sources")
    }
    releases = views.derive_frames(frames)["region_releases"]
    origins = views.regional_origins(releases, frames["sources"], "CRI", 2025, "en")
    hosted = rg.origins(frames["region"], frames["sources"], "CRI", 2025)
    assert origins.csv_file()["Hosted (refugees + asylum-seekers)"].sum() == sum(row.hosted for row in hosted)
    assert origins.csv_file()["Country of origin (code)"].iloc[0] == "NIC" and len(origins.table) == 9
    trend = views.regional_claims_trend(region_years, "MEX", "en")
    with_claims = region_years[region_years["claims"].notna()]
    assert trend.csv_file()["Claims"].tolist() == with_claims["claims"].tolist()
    assert (trend.table["Year"] == with_claims["year"].astype(str).to_numpy()).all()


def test_rates_only_for_state_years_whose_decisions_are_complete(region_years: pd.DataFrame) -> None:
    """The one test Trends uses for Mexico: every outcome of the state's procedure reported that year (a zero or
    missing one is not); complementary protection or closures a state reports in no year are not part of its
    procedure, recognitions and rejections always are. Expected from the shipped rows, in the test."""
    outcomes = ["recognized", "complementary", "rejected", "closed"]
    sums = SHIPPED.assign(year=SHIPPED["period"].str[:4].astype(int)).groupby(["asylum_country", "year"])[outcomes]
    totals = sums.sum(min_count=1).fillna(0)
    every = ("recognized", "rejected")  # no rate without both, even where a state never reports one
    procedure = {
        state: [o for o in outcomes if o in every or (rows[o] > 0).any()] for state, rows in totals.groupby(level=0)
    }
    expected = {
        state: rows.loc[(state, 2025), "recognized"]
        / rows.loc[(state, 2025), ["recognized", "complementary", "rejected"]].sum()
        for state, rows in totals.groupby(level=0)
        if (state, 2025) in rows.index and (rows.loc[(state, 2025), procedure[state]] > 0).all()
    }
    assert "complementary" in procedure["MEX"] and "complementary" not in procedure["GTM"]
    assert {"MEX", "GTM", "CRI"} <= set(expected)  # Guatemala and Costa Rica grant no complementary protection
    rated = region_years[region_years["refugee_rate"].notna()]
    assert (rated["missing"].map(len) == 0).all()
    incomplete = region_years[region_years["missing"].map(len) > 0]
    assert incomplete["refugee_rate"].isna().all() and incomplete["protection_rate"].isna().all()
    chart = views.regional_rates(region_years, 2025, "GTM", "en")
    assert chart.csv is not None
    shown = chart.csv.dropna(subset=["Refugee recognition rate"])
    assert set(shown["Country of asylum (code)"]) == set(expected)
    for state, rate in expected.items():
        got = shown.loc[shown["Country of asylum (code)"] == state, "Refugee recognition rate"].iloc[0]
        assert got == pytest.approx(rate)


def test_the_overview_line_compares_the_latest_year_all_seven_count_in_persons(region_years: pd.DataFrame) -> None:
    rows = region_years[(region_years["year"] == 2024) & (region_years["unit"] == "persons")].dropna(subset=["claims"])
    assert len(rows) == 7
    total = int(rows["claims"].sum())
    assert views.mexico_in_region(region_years, "en").startswith(
        f"Mexico received 78,966 of the {total:,} asylum claims lodged in MIRPS states in 2024"
    )
    assert "2025 no se compara" in views.mexico_in_region(region_years, "es")


def test_origins_split_the_hosted_between_the_region_and_elsewhere() -> None:
    frames = {
        name: validate_table(name, read_table(name, (DATA / f"{name}.csv").read_bytes())).frame
        for name in ("region", "sources")
    }
    hosted = rg.origins(frames["region"], frames["sources"], "CRI", 2025)
    rows = SHIPPED[(SHIPPED["asylum_country"] == "CRI") & (SHIPPED["period"] == "2025")]
    assert sum(row.hosted for row in hosted) == rows["refugees"].sum() + rows["asylum_seekers"].sum()
    assert hosted[0].nationality == "NIC"
    assert [row.hosted for row in hosted] == sorted((row.hosted for row in hosted), reverse=True)  # largest first
    top = rg.top_origins(hosted, 8)
    assert len(top) == 9 and top[-1].nationality == OTHERS  # the rest as one group, none lost
    assert sum(row.hosted for row in top) == sum(row.hosted for row in hosted)


# ---- the regional map ----------------------------------------------------------------------------------


def test_the_served_country_shapes_are_the_shipped_ones_clockwise() -> None:
    countries = read_countries()
    assert list(countries["iso_a3"]) == sorted(MIRPS_STATES)
    assert DISPLAY_COUNTRIES_PATH.read_text(encoding="utf-8") == display_shapes_text(countries, "iso_a3")
    polygons = [p for g in countries.geometry for p in (g.geoms if g.geom_type == "MultiPolygon" else [g])]
    assert polygons and not any(p.exterior.is_ccw for p in polygons)
    features = json.loads(DISPLAY_COUNTRIES_PATH.read_text(encoding="utf-8"))["features"]
    assert sorted(f["id"] for f in features) == sorted(MIRPS_STATES)


def test_mirps_bounds_hold_every_state() -> None:
    west, south, east, north = gpd.read_file(COUNTRIES_PATH).total_bounds
    assert MIRPS_BOUNDS[0] <= west and MIRPS_BOUNDS[1] <= south and east <= MIRPS_BOUNDS[2] and north <= MIRPS_BOUNDS[3]


def test_the_regional_map_draws_offline_from_the_app_and_outlines_the_focus(region_years: pd.DataFrame) -> None:
    chart = views.regional_map(region_years, 2025, "claims", "GTM", DISPLAY_COUNTRIES_URL, "es")
    spec = vega_lite_map(chart.figure)
    areas = map_areas(spec)
    assert {layer["data"]["url"] for layer in spec["layer"]} == {DISPLAY_COUNTRIES_URL}
    assert sorted(map_shaded(spec)) == sorted(set(MIRPS_STATES) - {"PAN"})  # Panama counts cases: grey, not shaded
    assert map_outlined(spec) == ["GTM"]
    assert "790 casos" in areas[0]["PAN"]["tip"]
    assert vega_lite_map(chart.figure, phone=True)["layer"] == spec["layer"]


def test_what_changed_in_the_region_names_the_country_of_asylum() -> None:
    """A revised figure of one state is told apart from the same origin's figure in another state."""
    from mirps_dash.changes import compare_versions
    from mirps_dash.views import describe_figure_changes

    old = validate_table("region", read_table("region", (DATA / "region.csv").read_bytes())).frame
    new = old.copy()
    row = new.index[
        (new["asylum_country"] == "CRI") & (new["nationality"] == "NIC") & (new["period_start"] == "2025-01-01")
    ][0]
    new.loc[row, "claims"] = new.loc[row, "claims"] + 1
    figures = compare_versions(old, new, "region").figures
    assert figures[["asylum_country", "nationality", "figure"]].values.tolist() == [["CRI", "NIC", "claims"]]
    offices = pd.read_csv(DATA / "offices.csv", dtype=str, keep_default_na=False)
    sources = pd.read_csv(DATA / "sources.csv", dtype=str, keep_default_na=False)
    in_words, _table = describe_figure_changes(figures, sources, offices, "en")
    assert "country of asylum Costa Rica × nationality Nicaragua" in in_words

"""Pure queries: period labels, releases never summed, claims by office and state, trends, rates."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from mirps_dash import queries as q
from mirps_dash.service import ensure_seeded
from mirps_dash.store import Store, make_engine


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    """The shipped data/ as canonical frames (seeded once into a SQLite store)."""
    path: Path = tmp_path_factory.mktemp("queries") / "store.sqlite3"
    store = Store(make_engine(f"sqlite:///{path}"))
    ensure_seeded(store)
    frames = {name: store.load(name) for name in ("claims", "refugees", "sources", "offices", "indicators")}
    store.engine.dispose()
    return frames


def claim(start: str, end: str, claims: int, source: str, state: str = "_T", office: str = "_T", nationality: str = "_T") -> dict:
    return {"period_start": start, "period_end": end, "state": state, "office": office, "nationality": nationality,
            "sex": "_T", "age_group": "_T", "claims": claims, "unit": "persons", "source": source, "note": ""}


SOURCES = pd.DataFrame({"source_id": ["old", "new", "year-only", "unhcr-stats"], "publisher": ["A", "B", "C", "UNHCR"],
                        "as_of": ["2023-01", "2024-03-05", "2024", "2025-12-31"]})


@pytest.mark.parametrize(("start", "end", "lang", "expected"), [
    ("2022-01-01", "2022-12-31", "es", "2022"),
    ("2020-01-01", "2020-01-31", "es", "ene 2020"),
    ("2020-01-01", "2020-01-31", "en", "Jan 2020"),
    ("2024-01-01", "2024-05-31", "es", "ene–may 2024"),
    ("2024-01-01", "2024-05-31", "en", "Jan–May 2024"),
    ("2013-01-01", "2019-08-31", "en", "Jan 2013–Aug 2019"),
    ("2013-01-01", "2024-12-31", "es", "2013–2024"),
    ("2023-01-01", "2023-09-15", "es", "1 ene–15 sep 2023"),
    ("2022-01-01", "2022-02-16", "en", "1 Jan–16 Feb 2022"),
])
def test_period_label(start: str, end: str, lang: str, expected: str) -> None:
    assert q.period_label(start, end, lang) == expected


@pytest.mark.parametrize(("start", "end", "kind", "key"), [
    ("2022-01-01", "2022-12-31", "year", "2022"),
    ("2020-01-01", "2020-01-31", "month", "2020-01"),
    ("2024-01-01", "2024-05-31", "cumulative", "2024-01_2024-05"),
    ("2019-01-01", "2024-05-31", "cumulative", "2019-01_2024-05"),
    ("2023-01-01", "2023-11-15", "cumulative", "2023-01-01_2023-11-15"),
])
def test_period_kind_and_key(start: str, end: str, kind: str, key: str) -> None:
    assert (q.period_kind(start, end), q.period_key(start, end)) == (kind, key)


@pytest.mark.parametrize(("as_of", "expected"), [("2023-01", "2023-01-31"), ("2024", "2024-12-31"), ("2024-03-05", "2024-03-05")])
def test_source_dates_take_a_partial_date_at_its_end(as_of: str, expected: str) -> None:
    assert q.source_dates(pd.DataFrame({"source_id": ["s"], "as_of": [as_of]}))["s"] == expected


def test_latest_release_is_shown_and_the_other_beside_never_summed() -> None:
    rows = pd.DataFrame([claim("2022-01-01", "2022-12-31", 5728, "old", state="27"),
                         claim("2022-01-01", "2022-12-31", 5716, "new", state="27")])
    picked = q.pick_latest_release(rows, SOURCES)
    assert picked[["claims", "source", "other_values", "other_sources"]].to_dict("records") == [
        {"claims": 5716, "source": "new", "other_values": [5728], "other_sources": ["old"]}]


def test_claims_by_state_uses_the_state_row_else_the_sum_of_its_offices() -> None:
    rows = pd.DataFrame([claim("2022-01-01", "2022-12-31", 100, "new", "07", "tapachula"),
                         claim("2022-01-01", "2022-12-31", 20, "new", "07", "palenque"),
                         claim("2022-01-01", "2022-12-31", 50, "new", "09", "cdmx"),
                         claim("2022-01-01", "2022-12-31", 70, "new", "09"),
                         claim("2022-01-01", "2022-12-31", 999, "new")])  # the national total: not an area
    areas = q.claims_by_area(rows, SOURCES, "2022-01-01", "2022-12-31")
    assert len(areas) == 4
    by_state = q.claims_by_state(areas).set_index("state")
    assert by_state.loc["07", ["claims", "basis"]].tolist() == [120, "offices"]
    assert by_state.loc["09", ["claims", "basis"]].tolist() == [70, "state"]


@pytest.mark.parametrize(("year", "expected"), [
    (2022, {"tapachula": "office", "cdmx": "state", "tijuana": "state", "saltillo": "none", "cancun": "none"}),
    (2020, {"tijuana": "not_open", "saltillo": "not_open"}),
])
def test_office_status_in_a_period(shipped: dict, year: int, expected: dict) -> None:
    periods = {2022: ("2022-01-01", "2022-12-31"), 2020: ("2020-01-01", "2020-12-31")}
    areas = q.claims_by_area(shipped["claims"], shipped["sources"], *periods[year])
    points = q.office_points(shipped["offices"], areas, year).set_index("office_id")
    assert {office: points.loc[office, "status"] for office in expected} == expected


def test_shipped_2022_figures_by_office_and_state(shipped: dict) -> None:
    areas = q.claims_by_area(shipped["claims"], shipped["sources"], "2022-01-01", "2022-12-31")
    offices = areas[areas["level"] == "office"].set_index("office")["claims"].to_dict()
    assert offices == {"tapachula": 76239, "palenque": 7967}
    assert areas.set_index("office").loc["tapachula", "as_of"] == "2023-01"  # shown as published, not padded
    tabasco = areas[(areas["level"] == "state") & (areas["state"] == "27")].iloc[0]
    assert (tabasco["claims"], tabasco["other_values"]) == (5716, [5728])
    assert q.claims_by_state(areas).set_index("state").loc["07", "claims"] == 76239 + 7967


def test_geo_periods_list_only_periods_with_office_or_state_figures(shipped: dict) -> None:
    keys = list(q.geo_periods(shipped["claims"])["key"])
    assert {"2022", "2023", "2024", "2024-01_2024-05", "2011"} <= set(keys)
    assert "2025" not in keys and "2019" not in keys  # national figures only


def test_office_series_falls_back_to_its_state(shipped: dict) -> None:
    own = q.office_series(shipped["claims"], shipped["sources"], "tapachula", "07")
    assert set(own["level"]) == {"office"} and 76239 in set(own["claims"])
    by_state = q.office_series(shipped["claims"], shipped["sources"], "acayucan", "30")
    assert set(by_state["level"]) == {"state"} and 7764 in set(by_state["claims"])


@pytest.mark.parametrize(("top_n", "nations", "groups"), [
    (3, None, 4),
    (5, None, 6),
    (5, ["HTI", "VEN"], 3),
])
def test_claims_by_nationality_add_up_to_the_national_figure(shipped: dict, top_n: int, nations: list | None, groups: int) -> None:
    frame = q.claims_by_nationality(shipped["claims"], (2023, 2023), top_n, nations)
    assert len(frame) == groups
    assert frame["claims"].sum() == 140979
    assert frame["nationality"].iloc[-1] == "_O"


def test_rates_leave_closed_cases_out() -> None:
    rows = pd.DataFrame([{"period_start": "2020-01-01", "period_end": "2020-12-31", "nationality": "HND", "recognized": 60,
                          "complementary": 20, "rejected": 20, "closed": 100, "unit": "persons", "source": "unhcr-stats"}])
    decided = q.decisions_by_year(rows, (2000, 2030)).iloc[0]
    assert (decided["refugee_rate"], decided["protection_rate"]) == pytest.approx((0.6, 0.8))


def test_shipped_decisions_and_population(shipped: dict) -> None:
    decided = q.decisions_by_year(shipped["refugees"], (2018, 2018)).iloc[0]
    assert decided["protection_rate"] == pytest.approx((4461 + 1463) / (4461 + 1463 + decided["rejected"]))
    population = q.population_by_year(shipped["refugees"], (2025, 2025)).iloc[0]
    assert (population["refugees"], population["asylum_seekers"]) == (152002, 173532)


def test_monthly_claims_hold_only_single_months(shipped: dict) -> None:
    monthly = q.monthly_claims(shipped["claims"], shipped["sources"])
    assert len(monthly) == 35
    assert all(q.period_kind(s, e) == "month" for s, e in zip(monthly["period_start"], monthly["period_end"], strict=True))


def test_june_2020_panel(shipped: dict) -> None:
    june = q.june_2020_figures(shipped["refugees"], shipped["indicators"])
    assert june["refugees"][0] == 34946 and june["asylum_seekers"][0] == 78619
    assert june["labour_relocations"] == (3833.0, "2019-01-01", "2019-10-15")


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Claims: 10 in 2020 and 30 in 2022; the highest was 40 in 2021."),
    ("es", "Claims: 10 en 2020 y 30 en 2022; el máximo fue 40 en 2021."),
])
def test_describe_series(lang: str, expected: str) -> None:
    frame = pd.DataFrame({"year": [2020, 2021, 2022], "claims": [10, 40, 30]})
    assert q.describe_series(frame, "year", "claims", lang, "Claims") == expected


def test_describe_series_without_data_says_so() -> None:
    assert q.describe_series(pd.DataFrame({"year": [], "claims": []}), "year", "claims", "en", "x") == "There are no figures for this selection."


def test_a_new_version_of_the_data_gets_its_own_monthly_series_never_the_previous_ones() -> None:
    # monthly_claims is kept per frame object (computed once per data version): a new frame must not reuse it
    first = pd.DataFrame([claim("2024-01-01", "2024-01-31", 100, "new")])
    second = pd.DataFrame([claim("2024-01-01", "2024-01-31", 250, "new")])
    assert q.monthly_claims(first, SOURCES)["claims"].tolist() == [100]
    assert q.monthly_claims(second, SOURCES)["claims"].tolist() == [250]
    assert q.monthly_claims(first, SOURCES)["claims"].tolist() == [100]


def test_a_freed_frame_leaves_nothing_behind_for_a_frame_that_takes_its_place() -> None:
    # ids of freed objects are reused: the result kept for a freed frame must go with it
    seen = []
    for claims in (100, 250, 300):
        frame = pd.DataFrame([claim("2024-01-01", "2024-01-31", claims, "new")])
        seen.append(q.monthly_claims(frame, SOURCES)["claims"].tolist())
        del frame
    assert seen == [[100], [250], [300]]

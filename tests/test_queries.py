"""Pure queries: period labels, releases never summed, claims by office and state, trends, rates."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from mirps_dash import periods, words
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


def claim(
    start: str, end: str, claims: int, source: str, state: str = "_T", office: str = "_T", nationality: str = "_T"
) -> dict:
    return {
        "period_start": start,
        "period_end": end,
        "state": state,
        "office": office,
        "nationality": nationality,
        "sex": "_T",
        "age_group": "_T",
        "claims": claims,
        "unit": "persons",
        "source": source,
        "note": "",
    }


SOURCES = pd.DataFrame(
    {
        "source_id": ["old", "new", "year-only", "unhcr-stats"],
        "publisher": ["A", "B", "C", "UNHCR"],
        "as_of": ["2023-01", "2024-03-05", "2024", "2025-12-31"],
    }
)


@pytest.mark.parametrize(
    ("start", "end", "lang", "expected"),
    [
        ("2022-01-01", "2022-12-31", "es", "2022"),
        ("2020-01-01", "2020-01-31", "es", "ene 2020"),
        ("2020-01-01", "2020-01-31", "en", "Jan 2020"),
        ("2024-01-01", "2024-05-31", "es", "ene–may 2024"),
        ("2024-01-01", "2024-05-31", "en", "Jan–May 2024"),
        ("2013-01-01", "2019-08-31", "en", "Jan 2013–Aug 2019"),
        ("2013-01-01", "2024-12-31", "es", "2013–2024"),
        ("2023-01-01", "2023-09-15", "es", "1 ene–15 sep 2023"),
        ("2022-01-01", "2022-02-16", "en", "1 Jan–16 Feb 2022"),
    ],
)
def test_period_label(start: str, end: str, lang: str, expected: str) -> None:
    assert periods.period_label(start, end, lang) == expected


@pytest.mark.parametrize(
    ("start", "end", "kind", "key"),
    [
        ("2022-01-01", "2022-12-31", "year", "2022"),
        ("2020-01-01", "2020-01-31", "month", "2020-01"),
        ("2024-01-01", "2024-05-31", "cumulative", "2024-01_2024-05"),
        ("2019-01-01", "2024-05-31", "cumulative", "2019-01_2024-05"),
        ("2023-01-01", "2023-11-15", "cumulative", "2023-01-01_2023-11-15"),
    ],
)
def test_period_kind_and_key(start: str, end: str, kind: str, key: str) -> None:
    assert (periods.period_kind(start, end), periods.period_key(start, end)) == (kind, key)


@pytest.mark.parametrize(
    ("as_of", "expected"), [("2023-01", "2023-01-01"), ("2024", "2024-01-01"), ("2024-03-05", "2024-03-05")]
)
def test_source_dates_take_a_partial_date_at_its_start(as_of: str, expected: str) -> None:
    # a year-only date is not 31 December: a release ranks as later only when it is known to be
    assert q.source_dates(pd.DataFrame({"source_id": ["s"], "as_of": [as_of]}))["s"] == expected


def test_latest_release_is_shown_and_the_other_beside_never_summed() -> None:
    rows = pd.DataFrame(
        [
            claim("2022-01-01", "2022-12-31", 5728, "old", state="27"),
            claim("2022-01-01", "2022-12-31", 5716, "new", state="27"),
        ]
    )
    picked = q.pick_latest_release(rows, SOURCES)
    assert picked[["claims", "source", "other_values", "other_sources"]].to_dict("records") == [
        {"claims": 5716, "source": "new", "other_values": [5728], "other_sources": ["old"]}
    ]


def test_a_tie_of_release_dates_is_said_and_broken_by_id_not_hidden() -> None:
    sources = pd.DataFrame({"source_id": ["b-outlet", "a-outlet"], "publisher": ["B", "A"], "as_of": ["2023", "2023"]})
    rows = pd.DataFrame(
        [
            claim("2023-05-01", "2023-05-31", 4155, "b-outlet"),
            claim("2023-05-01", "2023-05-31", 4109, "a-outlet"),
        ]
    )
    picked = q.pick_latest_release(rows, sources).iloc[0]
    assert (picked["source"], picked["tied_sources"], picked["other_values"]) == ("a-outlet", ["b-outlet"], [4155])
    assert "same date as B (2023)" in words.shown_release("a-outlet", ["b-outlet"], sources, "en")
    assert q.pick_latest_release(rows.iloc[::-1], sources).iloc[0]["source"] == "a-outlet"  # not the row order


def test_a_month_given_only_by_nationality_is_the_sum_of_its_nationalities_and_says_so() -> None:
    rows = pd.DataFrame(
        [
            claim("2025-11-01", "2025-11-30", 120, "old", nationality="HND"),
            claim("2025-11-01", "2025-11-30", 45, "old", nationality="CUB"),
            claim("2025-10-01", "2025-10-31", 999, "old"),
            claim("2025-10-01", "2025-10-31", 300, "new", nationality="HND"),  # partial: never over a whole figure
        ]
    )
    monthly = q.monthly_claims(rows, SOURCES).set_index("period_start")
    november = monthly.loc["2025-11-01"]
    assert (november["claims"], november["basis"], november["level"]) == (120 + 45, "partial", "nationality")
    assert words.basis_text(november["basis"], november["level"], november["parts"], (), {}, "en").startswith(
        "sum of the nationalities in the release (Cuba, Honduras)"
    )
    assert (monthly.loc["2025-10-01", "claims"], monthly.loc["2025-10-01", "source"]) == (999, "old")


def test_national_figures_hold_every_period_of_every_release_never_summed_across_them() -> None:
    rows = pd.DataFrame(
        [
            claim("2025-01-01", "2025-05-31", 7777, "old"),
            claim("2025-01-01", "2025-12-31", 555, "new", nationality="HND"),
            claim("2025-01-01", "2025-12-31", 20000, "old"),
            claim("2025-01-01", "2025-12-31", 19000, "new"),
            claim("2024-01-01", "2024-12-31", 900, "old", office="tapachula", state="07"),  # Arrivals' figure
            claim("2025-01-01", "2025-12-31", 10, "unhcr-stats", nationality="HND"),  # UNHCR's, drawn elsewhere
        ]
    )
    found = q.national_figures(rows)
    got = {(r.period_end[:7], r.source, r.kind, r.claims, r.basis) for r in found.itertuples()}
    assert got == {
        ("2025-05", "old", "cumulative", 7777, "total"),
        ("2025-12", "old", "year", 20000, "total"),
        ("2025-12", "new", "year", 19000, "total"),
    }
    by_nationality = q.nationality_figures(rows, OFFICES)
    assert by_nationality[["source", "nationality", "claims"]].to_dict("records") == [
        {"source": "new", "nationality": "HND", "claims": 555}
    ]


OFFICES = pd.DataFrame(
    {
        "office_id": ["tapachula", "palenque", "cdmx", "tenosique"],
        "name": ["Tapachula", "Palenque", "Ciudad de México", "Tenosique"],
        "city": ["Tapachula", "Palenque", "Mexico City", "Tenosique"],
        "state": ["07", "07", "09", "27"],
        "latitude": [14.9, 17.5, 19.4, 17.5],
        "longitude": [-92.3, -92.0, -99.1, -91.4],
        "year_opened": [pd.NA, pd.NA, pd.NA, pd.NA],
    }
)
YEAR = ("2022-01-01", "2022-12-31")


def areas_of(rows: list[dict], source: str | None = None, offices: pd.DataFrame = OFFICES) -> pd.DataFrame:
    """One period's figures as the map shows them: from the given release, else the period's first release."""
    frame = pd.DataFrame(rows)
    every, totals = q.area_figures(frame, offices), q.national_totals(frame)
    source = source or q.area_releases(every, totals, SOURCES, *YEAR)["source"].iloc[0]
    return q.claims_by_area(every, totals, *YEAR, source)


def test_claims_by_state_uses_the_state_row_else_the_sum_of_its_offices() -> None:
    rows = [
        claim(*YEAR, 100, "new", "07", "tapachula"),
        claim(*YEAR, 20, "new", "07", "palenque"),
        claim(*YEAR, 50, "new", "09", "cdmx"),
        claim(*YEAR, 70, "new", "09"),
        claim(*YEAR, 999, "new"),
    ]  # the national total: not an area, the base of each share
    areas = areas_of(rows)
    by_state = q.claims_by_state(areas).set_index("state")
    assert by_state.loc["07", ["claims", "basis", "summed"]].tolist() == [120, "sum", "office"]
    assert by_state.loc["09", ["claims", "basis"]].tolist() == [70, "total"]
    shares = areas.set_index(["level", "state", "office"])["share"]
    assert shares[("office", "07", "tapachula")] == pytest.approx(100 / 999)


def test_a_map_shows_one_release_the_one_that_covers_the_period_offices() -> None:
    # "old" gives the offices and a national total; "new" (later) gives two states only: never mixed into one map
    rows = [
        claim(*YEAR, 1000, "old"),
        claim(*YEAR, 600, "old", "07", "tapachula"),
        claim(*YEAR, 100, "old", "07", "palenque"),
        claim(*YEAR, 200, "old", "09"),
        claim(*YEAR, 50, "old", "27"),
        claim(*YEAR, 210, "new", "09"),
        claim(*YEAR, 55, "new", "27"),
    ]
    every, totals = q.area_figures(pd.DataFrame(rows), OFFICES), q.national_totals(pd.DataFrame(rows))
    releases = q.area_releases(every, totals, SOURCES, *YEAR)
    assert releases["source"].tolist() == ["old", "new"]
    national = releases.set_index("source")["national"]
    assert national["old"] == 1000 and pd.isna(national["new"])
    shown = q.claims_by_area(every, totals, *YEAR, "old")
    assert set(shown["source"]) == {"old"}
    published = shown[shown["summed"] != "office"]
    expected = [r for r in rows if r["source"] == "old" and (r["state"] != "_T")]
    assert sorted(published["claims"]) == sorted(r["claims"] for r in expected)
    tabasco = shown[(shown["level"] == "state") & (shown["state"] == "27")].iloc[0]
    assert (tabasco["claims"], tabasco["other_values"], tabasco["other_sources"]) == (50, [55], ["new"])
    other = q.claims_by_area(every, totals, *YEAR, "new")
    assert set(other["source"]) == {"new"} and other["share"].isna().all()  # no national total in that release


def test_a_state_sum_of_one_office_says_which_office_it_holds() -> None:
    areas = areas_of([claim(*YEAR, 77450, "new", "07", "tapachula"), claim(*YEAR, 140982, "new")])
    chiapas = areas[(areas["level"] == "state") & (areas["state"] == "07")].iloc[0]
    assert (chiapas["claims"], chiapas["basis"], chiapas["parts"]) == (77450, "partial", ("tapachula",))
    names = dict(zip(OFFICES["office_id"], OFFICES["name"], strict=True))
    text = words.basis_text(chiapas["basis"], chiapas["summed"], chiapas["parts"], chiapas["covers"], names, "en")
    assert text == "Tapachula only; no figure for Palenque"
    assert text != words.basis_text("sum", "office", ("palenque", "tapachula"), ("palenque", "tapachula"), names, "en")


def test_an_office_given_only_by_nationality_is_the_sum_of_those_rows() -> None:
    may = ("2024-05-01", "2024-05-31")
    rows = [
        claim(*may, n, "new", "07", "tapachula", nationality)
        for nationality, n in (("HND", 120), ("CUB", 45), ("HTI", 30))
    ]
    every = q.area_figures(pd.DataFrame(rows), OFFICES)
    office = every[every["level"] == "office"].iloc[0]
    assert (office["office"], office["claims"]) == ("tapachula", sum(r["claims"] for r in rows))
    names = dict(zip(OFFICES["office_id"], OFFICES["name"], strict=True))
    text = words.basis_text(office["basis"], office["summed"], office["parts"], office["covers"], names, "en")
    assert text.startswith("sum of the nationalities in the release (Cuba, Honduras, Haiti)")
    assert q.geo_periods(every)["key"].tolist() == ["2024-05"]
    series = q.office_series(every, SOURCES, "tapachula", "07")
    assert series["claims"].tolist() == [195]


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2022, {"tapachula": "office", "cdmx": "state", "tijuana": "state", "saltillo": "none", "cancun": "none"}),
        (2020, {"saltillo": "not_open"}),
    ],
)
def test_office_status_in_a_period(shipped: dict, year: int, expected: dict) -> None:
    start, end = f"{year}-01-01", f"{year}-12-31"
    every, totals = q.area_figures(shipped["claims"], shipped["offices"]), q.national_totals(shipped["claims"])
    source = q.area_releases(every, totals, shipped["sources"], start, end)["source"].iloc[0]
    areas = q.claims_by_area(every, totals, start, end, source)
    points = q.office_points(shipped["offices"], areas, year).set_index("office_id")
    assert {office: points.loc[office, "status"] for office in expected} == expected


def shipped_map(shipped: dict, start: str, end: str) -> tuple[str, pd.DataFrame]:
    every, totals = q.area_figures(shipped["claims"], shipped["offices"]), q.national_totals(shipped["claims"])
    source = q.area_releases(every, totals, shipped["sources"], start, end)["source"].iloc[0]
    return source, q.claims_by_area(every, totals, start, end, source)


def test_shipped_2022_map_is_la_razon_alone(shipped: dict) -> None:
    source, areas = shipped_map(shipped, *YEAR)
    assert source == "comar-press-006" and set(areas["source"]) == {source}
    offices = areas[areas["level"] == "office"].set_index("office")["claims"].to_dict()
    assert offices == {"tapachula": 76239, "palenque": 7967}
    rows = shipped["claims"][(shipped["claims"]["source"] == source) & (shipped["claims"]["period_start"] == YEAR[0])]
    published = rows[(rows["state"] != "_T") & (rows["nationality"] == "_T")]
    shown = areas[areas["summed"] != "office"]
    assert shown["claims"].sum() == published["claims"].sum() != 118470  # what no release published
    tabasco = areas[(areas["level"] == "state") & (areas["state"] == "27")].iloc[0]
    assert (tabasco["claims"], tabasco["other_values"]) == (5728, [5716])
    assert q.claims_by_state(areas).set_index("state").loc["07", "claims"] == 76239 + 7967


def test_every_shipped_period_with_office_figures_shows_one_release_and_each_office_share(shipped: dict) -> None:
    claims = shipped["claims"]
    every = q.area_figures(claims, shipped["offices"])
    periods = every[every["level"] == "office"][["period_start", "period_end"]].drop_duplicates()
    assert len(periods) >= 10
    for start, end in zip(periods["period_start"], periods["period_end"], strict=True):
        source, areas = shipped_map(shipped, start, end)
        assert set(areas["source"]) == {source}
        rows = claims[(claims["source"] == source) & (claims["period_start"] == start) & (claims["period_end"] == end)]
        national = rows[(rows["state"] == "_T") & (rows["office"] == "_T") & (rows["nationality"] == "_T")]["claims"]
        offices = rows[(rows["office"] != "_T") & (rows["nationality"] == "_T")]
        shares = areas[areas["level"] == "office"].set_index("office")["share"]
        if national.empty:
            assert shares.isna().all()
            continue
        largest = offices.loc[offices["claims"].idxmax()]
        assert shares[largest["office"]] == pytest.approx(largest["claims"] / national.iloc[0])


def test_baja_california_2023_is_never_chosen_by_a_source_id(shipped: dict) -> None:
    # COMAR's 4,109 and UNHCR's 4,155 are two releases: each can be chosen, neither decides another release's map
    every, totals = q.area_figures(shipped["claims"], shipped["offices"]), q.national_totals(shipped["claims"])
    releases = q.area_releases(every, totals, shipped["sources"], "2023-01-01", "2023-12-31")
    assert releases["source"].iloc[0] == "comar-press-025"  # Tapachula and its national total
    assert {"comar-press-032", "comar-press-043"} <= set(releases["source"])
    for source, value in (("comar-press-032", 4109), ("comar-press-043", 4155)):
        areas = q.claims_by_area(every, totals, "2023-01-01", "2023-12-31", source)
        assert areas["claims"].tolist() == [value]


def test_chiapas_in_2023_and_2024_is_tapachula_alone(shipped: dict) -> None:
    for year in (2023, 2024):
        _, areas = shipped_map(shipped, f"{year}-01-01", f"{year}-12-31")
        chiapas = areas[(areas["level"] == "state") & (areas["state"] == "07")].iloc[0]
        assert (chiapas["basis"], chiapas["parts"]) == ("partial", ("tapachula",))


def test_geo_periods_list_only_periods_with_office_or_state_figures(shipped: dict) -> None:
    keys = list(q.geo_periods(q.area_figures(shipped["claims"], shipped["offices"]))["key"])
    assert {"2022", "2023", "2024", "2024-01_2024-05", "2011"} <= set(keys)
    assert "2025" not in keys and "2019" not in keys  # national figures only


def test_office_series_falls_back_to_its_state(shipped: dict) -> None:
    every = q.area_figures(shipped["claims"], shipped["offices"])
    own = q.office_series(every, shipped["sources"], "tapachula", "07")
    assert set(own["level"]) == {"office"} and 76239 in set(own["claims"])
    by_state = q.office_series(every, shipped["sources"], "acayucan", "30")
    assert set(by_state["level"]) == {"state"} and 7764 in set(by_state["claims"])


@pytest.mark.parametrize(
    ("top_n", "nations", "groups"),
    [
        (3, None, 4),
        (5, None, 6),
        (5, ["HTI", "VEN"], 3),
    ],
)
def test_claims_by_nationality_add_up_to_the_national_figure(
    shipped: dict, top_n: int, nations: list | None, groups: int
) -> None:
    frame = q.claims_by_nationality(q.unhcr_by_nationality(shipped["claims"]), (2023, 2023), top_n, nations)
    assert len(frame) == groups
    assert frame["claims"].sum() == 140979
    assert frame["nationality"].iloc[-1] == "_O"


def test_rows_by_sex_never_add_to_a_nationality_total(shipped: dict) -> None:
    # a file with F and M rows for Venezuela 2025 beside its total: Trends must still read 70,482 (not 84,803)
    claims = shipped["claims"]
    venezuela = claims[
        (claims["source"] == "unhcr-stats")
        & (claims["period_start"] == "2025-01-01")
        & (claims["nationality"] == "VEN")
    ]
    total = int(venezuela["claims"].iloc[0])
    by_sex = pd.concat(
        [venezuela.assign(sex="F", claims=total // 2), venezuela.assign(sex="M", claims=total - total // 2)]
    )
    with_sex = pd.concat([claims, by_sex], ignore_index=True)
    expected = claims[
        (claims["source"] == "unhcr-stats") & (claims["period_start"] == "2025-01-01") & (claims["nationality"] != "_T")
    ]
    frame = q.claims_by_nationality(q.unhcr_by_nationality(with_sex), (2025, 2025), 5)
    assert frame["claims"].sum() == expected["claims"].sum() == 70482
    only_sex = pd.concat([claims.drop(venezuela.index), by_sex], ignore_index=True)  # no total: the one level's sum
    assert q.claims_by_nationality(q.unhcr_by_nationality(only_sex), (2025, 2025), 5)["claims"].sum() == 70482


def decision(year: int, recognized, complementary, rejected, closed, nationality: str = "HND") -> dict:
    return {
        "period_start": f"{year}-01-01",
        "period_end": f"{year}-12-31",
        "nationality": nationality,
        "recognized": recognized,
        "complementary": complementary,
        "rejected": rejected,
        "closed": closed,
        "refugees": pd.NA,
        "asylum_seekers": pd.NA,
        "oip": pd.NA,
        "unit": "persons",
        "source": "unhcr-stats",
    }


def test_rates_leave_closed_cases_out() -> None:
    rows = pd.DataFrame([decision(2020, 60, 20, 20, 100)])
    decided = q.decisions_by_year(q.unhcr_by_nationality(rows), (2020, 2020)).iloc[0]
    assert (decided["refugee_rate"], decided["protection_rate"]) == pytest.approx((0.6, 0.8))


def test_a_rate_is_drawn_only_for_years_whose_decisions_are_complete() -> None:
    rows = pd.DataFrame(
        [
            decision(2013, 251, 27, 0, 0),
            decision(2015, 929, 149, 1293, 1028),
            decision(2016, 3000, 0, 1900, 2000),
            decision(2016, 275, 0, 24, 261, "CUB"),
        ]
    )
    decided = q.decisions_by_year(q.unhcr_by_nationality(rows), (2013, 2016)).set_index("year")
    assert list(decided.index) == [2013, 2014, 2015, 2016]  # 2014 (no data) is a row: a gap, never a join
    assert decided["missing"].to_dict() == {
        2013: ("rejected", "closed"),
        2014: q.FIGURES_DECISIONS,
        2015: (),
        2016: ("complementary",),
    }
    assert decided["refugee_rate"].isna().tolist() == [True, True, False, True]
    assert decided.loc[2015, "refugee_rate"] == pytest.approx(929 / (929 + 149 + 1293))
    assert words.describe_rate_gaps(decided.reset_index(), "en") == (
        "No rate where the decisions are incomplete: 2013 (no rejections, closed cases reported); 2014 (no decisions "
        "published); 2016 (no complementary protection reported)."
    )


def test_completeness_is_the_year_s_not_the_chosen_nationality_s() -> None:
    # Cuba had no rejection in 2015, but the year's decisions are complete: Cuba's rate is drawn
    rows = pd.DataFrame([decision(2015, 900, 140, 1293, 1000), decision(2015, 29, 9, 0, 28, "CUB")])
    cuba = q.decisions_by_year(q.unhcr_by_nationality(rows), (2015, 2015), ["CUB"]).iloc[0]
    assert cuba["refugee_rate"] == pytest.approx(29 / 38)


def test_shipped_rates_per_complete_year(shipped: dict) -> None:
    refugees = shipped["refugees"]
    unhcr = refugees[(refugees["source"] == "unhcr-stats") & refugees["period_start"].str.endswith("-01-01")]
    yearly = (
        unhcr.assign(year=unhcr["period_start"].str[:4].astype(int)).groupby("year")[list(q.FIGURES_DECISIONS)].sum()
    )
    decided = q.decisions_by_year(q.unhcr_by_nationality(refugees), (2008, 2025)).set_index("year")
    complete = [year for year in decided.index if year in yearly.index and (yearly.loc[year] > 0).all()]
    assert 2013 not in complete and 2014 not in complete and 2018 in complete
    for year in decided.index:
        if year in complete:
            row = yearly.loc[year]
            substantive = row["recognized"] + row["complementary"] + row["rejected"]
            assert decided.loc[year, "refugee_rate"] == pytest.approx(row["recognized"] / substantive)
            assert decided.loc[year, "protection_rate"] == pytest.approx(
                (row["recognized"] + row["complementary"]) / substantive
            )
        else:
            assert pd.isna(decided.loc[year, "refugee_rate"]) and pd.isna(decided.loc[year, "protection_rate"])


def test_shipped_decisions_and_population(shipped: dict) -> None:
    decided = q.decisions_by_year(q.unhcr_by_nationality(shipped["refugees"]), (2018, 2018)).iloc[0]
    assert decided["protection_rate"] == pytest.approx((4461 + 1463) / (4461 + 1463 + decided["rejected"]))
    population = q.population_by_year(q.unhcr_by_nationality(shipped["refugees"]), (2025, 2025)).iloc[0]
    assert (population["refugees"], population["asylum_seekers"]) == (152002, 173532)


def test_monthly_claims_hold_only_single_months(shipped: dict) -> None:
    claims = shipped["claims"]
    monthly = q.monthly_claims(claims, shipped["sources"])
    national = claims[(claims["unit"] == "persons") & (claims["state"] == "_T") & (claims["office"] == "_T")]
    months = [
        periods.period_kind(s, e) == "month"
        for s, e in zip(national["period_start"], national["period_end"], strict=True)
    ]
    # every month a release gives for the country, as a total or only by nationality
    assert len(monthly) == len(national[months][["period_start", "period_end"]].drop_duplicates())
    assert all(
        periods.period_kind(s, e) == "month"
        for s, e in zip(monthly["period_start"], monthly["period_end"], strict=True)
    )


def test_june_2020_panel(shipped: dict) -> None:
    june = q.june_2020_figures(shipped["refugees"], shipped["indicators"])
    assert june["refugees"][0] == 34946 and june["asylum_seekers"][0] == 78619
    assert june["labour_relocations"] == (3833.0, "2019-01-01", "2019-10-15")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Claims: 10 in 2020 and 30 in 2022; the highest was 40 in 2021."),
        ("es", "Claims: 10 en 2020 y 30 en 2022; el máximo fue 40 en 2021."),
    ],
)
def test_describe_series(lang: str, expected: str) -> None:
    frame = pd.DataFrame({"year": [2020, 2021, 2022], "claims": [10, 40, 30]})
    assert words.describe_series(frame, "year", "claims", lang, "Claims") == expected


@pytest.mark.parametrize(("lang", "expected"), [("en", "Claims: 131,418 in 2021."), ("es", "Claims: 131,418 en 2021.")])
def test_a_one_point_series_gets_a_one_point_sentence(lang: str, expected: str) -> None:
    assert (
        words.describe_series(pd.DataFrame({"year": [2021], "claims": [131418]}), "year", "claims", lang, "Claims")
        == expected
    )


def test_a_one_year_range_gets_a_one_year_sentence() -> None:
    frame = pd.DataFrame(
        {"year": [2021, 2021, 2021], "nationality": ["HTI", "HND", "_O"], "claims": [51827, 36361, 43230]}
    )
    text = words.describe_one_year(frame, "year", "claims", "nationality", {"HTI": "Haiti"}, "en")
    assert text == f"In 2021: {51827 + 36361 + 43230:,} claims; the largest group was Haiti, with 51,827."


@pytest.mark.parametrize("lang", ["es", "en"])
def test_tables_format_numbers_and_rates_for_the_reader(lang: str) -> None:
    from mirps_dash.i18n import format_number, format_share

    frame = pd.DataFrame({"claims": [131418, pd.NA], "rate": [0.738573499393545, pd.NA]}).astype(
        {"claims": "Int64", "rate": "Float64"}
    )
    shown = words.format_columns(frame, lang, numbers=("claims",), shares=("rate",))
    assert shown["claims"].tolist() == [format_number(131418, lang), "—"] == ["131,418", "—"]
    assert shown["rate"].tolist() == [format_share(0.738573499393545, lang), "—"]
    assert "73" in shown["rate"].iloc[0] and "0.7385" not in shown["rate"].iloc[0]
    assert frame["rate"].iloc[0] == 0.738573499393545  # the raw frame (the CSV) keeps the value


def test_describe_series_without_data_says_so() -> None:
    assert (
        words.describe_series(pd.DataFrame({"year": [], "claims": []}), "year", "claims", "en", "x")
        == "There are no figures for this selection."
    )


def test_national_totals_are_each_release_s_own_national_row(shipped: dict) -> None:
    claims = shipped["claims"]
    own = claims[
        (claims["state"] == "_T")
        & (claims["office"] == "_T")
        & (claims["nationality"] == "_T")
        & (claims["sex"] == "_T")
        & (claims["age_group"] == "_T")
        & (claims["unit"] == "persons")
    ]
    expected = {(r.source, r.period_start, r.period_end): r.claims for r in own.itertuples()}
    totals = q.national_totals(claims)
    found = {(r.source, r.period_start, r.period_end): r.claims for r in totals.itertuples()}
    assert found == expected and len(found) > 100
    assert found[("comar-press-006", "2022-01-01", "2022-12-31")] == 118478  # La Razón's 2022, never its offices' sum

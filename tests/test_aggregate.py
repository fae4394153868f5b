"""The one aggregation rule: a release's total where it has one, else one covering level's sum, else a partial."""

from __future__ import annotations

import pandas as pd
import pytest

from mirps_dash.aggregate import breakdown_of, figures, national_total
from mirps_dash.schema import DATASETS
from mirps_dash.validate import coerce

YEAR = ("2022-01-01", "2022-12-31")


def claims(*rows: dict) -> pd.DataFrame:
    """Canonical claims rows; each dict gives what differs from a national 2022 row of release 'r1'."""
    base = {
        "period_start": YEAR[0],
        "period_end": YEAR[1],
        "state": "_T",
        "office": "_T",
        "nationality": "_T",
        "sex": "_T",
        "age_group": "_T",
        "claims": 0,
        "unit": "persons",
        "source": "r1",
        "note": "",
    }
    frame = pd.DataFrame([{**base, **row} for row in rows])
    return coerce(DATASETS["claims"], frame.reindex(columns=DATASETS["claims"].columns, fill_value=""))


OFFICES = pd.DataFrame(
    {
        "office_id": ["tapachula", "palenque", "cdmx", "tijuana"],
        "state": ["07", "07", "09", "02"],
        "year_opened": pd.array([None, None, None, 2021], dtype="Int64"),
    }
)


def only(frame: pd.DataFrame, **where: str) -> pd.Series:
    """The one figure matching `where`."""
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    assert mask.sum() == 1, frame
    return frame[mask].iloc[0]


def test_a_release_total_is_never_added_to_its_offices_or_nationalities() -> None:
    rows = claims(
        {"claims": 118478},
        {"state": "07", "office": "tapachula", "claims": 76239},
        {"state": "09", "claims": 42239},
        {"nationality": "HND", "claims": 31086},
    )
    national = figures(rows, "claims", offices=OFFICES)
    expected = rows.loc[(rows["state"] == "_T") & (rows["nationality"] == "_T"), "claims"].item()
    assert national["claims"].tolist() == [expected]
    assert national["basis"].tolist() == ["total"]


def test_offices_that_cover_their_state_are_its_sum_and_one_office_alone_is_partial() -> None:
    full = claims(
        {"state": "07", "office": "tapachula", "claims": 76239}, {"state": "07", "office": "palenque", "claims": 7967}
    )
    chiapas = only(figures(full, "claims", ["state"], offices=OFFICES), state="07")
    assert (chiapas["claims"], chiapas["basis"], chiapas["level"]) == (76239 + 7967, "sum", "office")
    assert chiapas["parts"] == ("palenque", "tapachula")
    alone = only(figures(full.iloc[:1], "claims", ["state"], offices=OFFICES), state="07")
    assert (alone["claims"], alone["basis"], alone["parts"]) == (76239, "partial", ("tapachula",))
    assert alone["covers"] == ("palenque", "tapachula")


def test_an_office_not_yet_open_is_not_needed_and_without_the_offices_no_sum_covers() -> None:
    rows = claims(
        {"period_start": "2020-01-01", "period_end": "2020-12-31", "state": "02", "office": "tijuana", "claims": 9},
        {"state": "02", "office": "tijuana", "claims": 3416},
    )
    baja = figures(
        rows,
        "claims",
        ["state"],
        offices=pd.DataFrame(
            {
                "office_id": ["tijuana", "mexicali"],
                "state": ["02", "02"],
                "year_opened": pd.array([2021, 2021], dtype="Int64"),
            }
        ),
    )
    assert baja.set_index("period_end")["basis"].to_dict() == {"2020-12-31": "partial", "2022-12-31": "partial"}
    assert only(figures(rows, "claims", ["state"], offices=OFFICES), period_end="2022-12-31")["basis"] == "sum"
    assert figures(rows, "claims", ["state"])["basis"].tolist() == ["partial", "partial"]


@pytest.mark.parametrize(
    ("nationalities", "basis"),
    [
        (("HND", "CUB", "_O"), "sum"),  # others (_O) close the list
        (("HND", "CUB"), "partial"),  # a list of named countries never covers the country
    ],
)
def test_nationalities_cover_the_national_figure_only_with_others(nationalities: tuple[str, ...], basis: str) -> None:
    rows = claims(*[{"nationality": code, "claims": 10 * (i + 1)} for i, code in enumerate(nationalities)])
    national = only(figures(rows, "claims"), source="r1")
    assert (national["claims"], national["basis"], national["level"]) == (
        int(rows["claims"].sum()),
        basis,
        "nationality",
    )
    assert national["parts"] == tuple(sorted(nationalities))


def test_sex_rows_never_add_to_a_total_and_cover_it_only_with_f_and_m() -> None:
    total = claims({"claims": 70482}, {"sex": "F", "claims": 30000}, {"sex": "M", "claims": 40482})
    assert figures(total, "claims")["claims"].tolist() == [70482]
    by_sex = figures(total, "claims", ["sex"])
    assert by_sex.set_index("sex")["claims"].to_dict() == {"F": 30000, "M": 40482}
    only_sexes = figures(total[total["sex"] != "_T"], "claims")
    assert (only_sexes["claims"].item(), only_sexes["basis"].item()) == (70482, "sum")
    assert figures(total[total["sex"] == "F"], "claims")["basis"].item() == "partial"


def test_age_bands_that_overlap_are_summed_once() -> None:
    bands = {"0-4": 1, "5-11": 2, "12-17": 3, "0-17": 6, "18+": 20, "18-59": 15, "60+": 5}
    rows = claims(*[{"age_group": band, "claims": count} for band, count in bands.items()])
    national = figures(rows, "claims").iloc[0]
    assert (national["claims"], national["basis"], national["parts"]) == (
        bands["0-17"] + bands["18+"],
        "sum",
        ("0-17", "18+"),
    )
    children = figures(rows[rows["age_group"].isin(["0-4", "5-11"])], "claims").iloc[0]
    assert (children["claims"], children["basis"]) == (3, "partial")


def test_releases_units_and_overlapping_periods_each_keep_their_own_figure() -> None:
    rows = claims(
        {"claims": 118478},
        {"source": "r2", "claims": 119273},
        {"unit": "cases", "claims": 31787},
        {"period_start": "2022-01-01", "period_end": "2022-08-31", "claims": 80000},
        {"period_start": "2022-08-01", "period_end": "2022-08-31", "claims": 9000},
    )
    found = figures(rows, "claims")
    assert sorted(found["claims"]) == sorted(rows["claims"])  # one figure per row: nothing was added to anything
    assert set(found["basis"]) == {"total"}


def test_an_office_given_only_by_nationality_is_the_sum_of_those_rows() -> None:
    rows = claims(
        *[
            {
                "period_start": "2024-05-01",
                "period_end": "2024-05-31",
                "state": "07",
                "office": "tapachula",
                "nationality": code,
                "claims": count,
            }
            for code, count in (("HND", 120), ("CUB", 80), ("HTI", 40))
        ]
    )
    tapachula = only(figures(rows, "claims", ["office"], offices=OFFICES), office="tapachula")
    assert (tapachula["claims"], tapachula["state"], tapachula["level"], tapachula["basis"]) == (
        240,
        "07",
        "nationality",
        "partial",
    )
    chiapas = only(figures(rows, "claims", ["state"], offices=OFFICES), state="07")  # one table: office x nationality
    assert (chiapas["claims"], chiapas["level"], chiapas["basis"], chiapas["parts"]) == (
        240,
        "office+nationality",
        "partial",
        ("tapachula",),
    )


def test_a_national_figure_with_no_total_takes_the_largest_partial_level_never_two() -> None:
    rows = claims(
        {"state": "07", "office": "tapachula", "claims": 500},
        {"state": "09", "claims": 300},
        {"nationality": "HND", "claims": 700},
    )
    national = figures(rows, "claims", offices=OFFICES).iloc[0]
    assert (national["claims"], national["basis"], national["level"]) == (700, "partial", "nationality")


def test_refugees_have_only_nationality_and_national_total_picks_one_release_and_period() -> None:
    refugees = pd.DataFrame(
        {
            "period_start": [YEAR[0]] * 3,
            "period_end": [YEAR[1]] * 3,
            "nationality": ["_T", "HND", "_O"],
            "refugees": pd.array([100, 60, 40], dtype="Int64"),
            "unit": "persons",
            "source": "u",
        }
    )
    assert figures(refugees, "refugees")["refugees"].tolist() == [100]
    assert national_total(refugees, "refugees", "u", *YEAR)["basis"] == "total"
    assert national_total(refugees, "refugees", "other", *YEAR) is None


def test_breakdown_of_names_the_dimensions_a_row_is_published_at() -> None:
    rows = claims({}, {"state": "07", "office": "tapachula"}, {"state": "09"}, {"nationality": "HND", "sex": "F"})
    assert breakdown_of(rows).tolist() == [(), ("office",), ("state",), ("nationality", "sex")]


def test_la_razon_2022_in_the_shipped_data_is_its_own_national_figure() -> None:
    from tests.test_changes import shipped_claims

    rows = shipped_claims()
    release = rows[(rows["source"] == "comar-press-006") & (rows["period_start"] == "2022-01-01")]
    expected = release.loc[
        (release[["state", "office", "nationality", "sex", "age_group"]] == "_T").all(axis=1), "claims"
    ].item()
    assert national_total(rows, "claims", "comar-press-006", *YEAR)["claims"] == expected
    assert expected < release["claims"].sum()  # the old yearly total added every level


def test_the_overview_headline_is_the_releases_total_never_its_total_plus_sex_or_nationality_rows() -> None:
    from mirps_dash import views

    unhcr = {"source": "unhcr-stats", "period_start": "2025-01-01", "period_end": "2025-12-31"}
    rows = claims(
        {**unhcr, "claims": 70482},
        {**unhcr, "sex": "F", "claims": 30000},
        {**unhcr, "sex": "M", "claims": 40482},
        {**unhcr, "nationality": "HND", "claims": 14000},
        {**unhcr, "period_start": "2024-01-01", "period_end": "2024-12-31", "nationality": "HND", "claims": 9},
        {**unhcr, "period_start": "2024-01-01", "period_end": "2024-12-31", "nationality": "_O", "claims": 11},
    )
    refugees = pd.DataFrame(columns=["period_start", "period_end", "nationality", "unit", "source", "refugees"])
    yearly = [views.unhcr_yearly(rows if name == "claims" else refugees, name) for name in views.KEY_FIGURES]
    (label, value, line, _summary), *_ = views.key_figures(*yearly, "en")
    total = rows.loc[
        (rows["period_start"] == "2025-01-01") & (rows[["sex", "nationality"]] == "_T").all(axis=1), "claims"
    ]
    assert (label, value) == ("Asylum claims lodged in 2025", f"{total.item():,}")
    assert line["series"][0]["data"] == [9 + 11, total.item()]  # 2024: the sum of its nationalities, others included


def test_a_published_cube_is_one_table_summed_once_and_never_added_to_a_coarser_table() -> None:
    cube = [
        {"state": "07", "office": office, "nationality": nat, "sex": sex, "claims": 2**i}
        for i, (office, nat, sex) in enumerate(
            (o, n, x) for o in ("tapachula", "palenque") for n in ("HND", "_O") for x in ("F", "M")
        )
    ]
    rows = claims(*cube, {"state": "07", "office": "tapachula", "claims": 1000})
    by_office = figures(rows, "claims", ["office"], offices=OFFICES).set_index("office")
    assert by_office.loc["tapachula", "claims"] == 1000  # its own row, not 1000 + its cube cells
    palenque = [r["claims"] for r in cube if r["office"] == "palenque"]
    assert (by_office.loc["palenque", "claims"], by_office.loc["palenque", "basis"]) == (sum(palenque), "sum")
    chiapas = only(
        figures(rows, "claims", ["state"], offices=OFFICES), state="07"
    )  # the cube covers; Tapachula alone not
    assert (chiapas["claims"], chiapas["level"], chiapas["basis"]) == (
        sum(r["claims"] for r in cube),
        "office+nationality+sex",
        "sum",
    )


@pytest.mark.parametrize(
    ("end", "states", "basis"),
    [
        ("2022-12-31", ("07", "09", "02"), "sum"),  # every state with an open office is there
        ("2022-12-31", ("07", "09"), "partial"),  # Baja California (Tijuana, open since 2021) is missing
        ("2020-12-31", ("07", "09"), "sum"),  # before Tijuana opened, Chiapas and Mexico City are all there is
    ],
)
def test_states_cover_the_country_when_every_state_with_an_open_office_is_there(
    end: str, states: tuple[str, ...], basis: str
) -> None:
    rows = claims(*[{"period_start": end[:4] + "-01-01", "period_end": end, "state": s, "claims": 10} for s in states])
    national = figures(rows, "claims", offices=OFFICES).iloc[0]
    assert (national["claims"], national["level"], national["basis"]) == (10 * len(states), "state", basis)


def test_rows_with_two_figures_in_one_cell_are_refused_not_added() -> None:
    indicators = pd.DataFrame(
        {
            "indicator": ["released_to_shelters", "labour_relocations"],
            "period_start": YEAR[0],
            "period_end": YEAR[1],
            "value": [8277.0, 3833.0],
            "unit": "persons",
            "source": "u",
        }
    )
    with pytest.raises(ValueError, match="one indicator at a time"):
        figures(indicators, "value")
    assert figures(indicators.iloc[:1], "value")["value"].tolist() == [8277.0]


def test_unhcr_s_nationalities_are_its_national_figure_another_release_s_list_is_partial() -> None:
    listed = ({"nationality": "HND", "claims": 30000}, {"nationality": "XXX", "claims": 12})
    unhcr = figures(claims(*({**row, "source": "unhcr-stats"} for row in listed)), "claims").iloc[0]
    assert (unhcr["claims"], unhcr["basis"], unhcr["level"]) == (30000 + 12, "sum", "nationality")
    press = figures(claims(*listed), "claims").iloc[0]  # a press release naming some countries: short of the whole
    assert (press["claims"], press["basis"]) == (30000 + 12, "partial")

"""Arrivals and Trends views: the table a reader sees is formatted for their language, the CSV keeps raw values."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from mirps_dash import queries as q
from mirps_dash import views
from mirps_dash.i18n import format_number, format_share
from mirps_dash.service import ensure_seeded
from mirps_dash.store import Store, make_engine


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    """The shipped data/ as canonical frames (seeded once into a SQLite store)."""
    path: Path = tmp_path_factory.mktemp("views") / "store.sqlite3"
    store = Store(make_engine(f"sqlite:///{path}"))
    ensure_seeded(store)
    frames = {name: store.load(name) for name in ("claims", "refugees", "sources", "offices")}
    store.engine.dispose()
    return frames


@pytest.mark.parametrize(("lang", "header"), [("es", "Tasa de reconocimiento"), ("en", "Refugee recognition rate")])
def test_rate_table_is_formatted_and_its_csv_is_raw(shipped: dict, lang: str, header: str) -> None:
    chart = views.trends_rate(q.unhcr_by_nationality(shipped["refugees"]), (2024, 2024), (), "refugee_rate", lang)
    raw = chart.csv[header].iloc[0]
    assert raw == pytest.approx(24966 / (24966 + 1881 + 6956))
    assert chart.table[header].iloc[0] == format_share(raw, lang)
    assert chart.table.iloc[0, 0] == chart.csv.iloc[0, 0].astype(str) == "2024"  # a year, never '2,024'


def test_decisions_table_is_made_when_read_and_leaves_out_a_year_without_decisions(shipped: dict) -> None:
    # UNHCR gives no decision for Mexico in 2014: a gap in the bars, no row in the table or the CSV
    chart = views.trends_decisions(q.unhcr_by_nationality(shipped["refugees"]), (2013, 2015), (), "en")
    assert chart.table["Year"].tolist() == ["2013", "2015"]
    assert chart.csv is not None and chart.csv["Year"].tolist() == [2013, 2015]
    assert chart.table["Refugee status"].tolist() == [format_number(251, "en"), format_number(929, "en")]
    assert "2013" in chart.summary and "2015" in chart.summary


def test_arrivals_table_shows_shares_and_its_csv_keeps_the_fraction(shipped: dict) -> None:
    frames = views.derive_frames(shipped)
    chart = views.arrivals_view(
        frames["claim_areas"],
        frames["national_totals"],
        shipped["sources"],
        shipped["offices"],
        "2022-01-01",
        "2022-12-31",
        None,
        "x",
        "en",
    ).chart
    table, raw = chart.table.set_index("Office or state"), chart.csv.set_index("Office code")
    assert raw.loc["tapachula", "Claims"] == 76239
    assert raw.loc["tapachula", "Share of the national total"] == pytest.approx(76239 / 118478)
    assert table.loc["Tapachula", "Claims"] == format_number(76239, "en")
    assert table.loc["Tapachula", "Share of the national total"] == format_share(76239 / 118478, "en")


def test_a_chosen_release_that_is_not_of_the_period_falls_back_to_the_first(shipped: dict) -> None:
    frames = views.derive_frames(shipped)
    args = (
        frames["claim_areas"],
        frames["national_totals"],
        shipped["sources"],
        shipped["offices"],
        "2022-01-01",
        "2022-12-31",
    )
    assert views.arrivals_view(*args, "no-such-release", "x", "en").chart.sources == ("comar-press-006",)
    assert views.arrivals_view(*args, "comar-press-026", "x", "en").chart.sources == ("comar-press-026",)


@pytest.mark.parametrize(("lang", "about"), [("en", "about 14,418"), ("es", "cerca de 14,418")])
def test_a_figure_the_source_rounds_reads_as_approximate_and_its_csv_keeps_the_number(
    shipped: dict, lang: str, about: str
) -> None:
    """Baja California, 2019 to May 2024: 'cerca de 14,418' in the source, so never shown as an exact count."""
    claims = shipped["claims"]
    row = claims[(claims["approx"] == "about") & (claims["state"] == "02")].iloc[0]
    frames = views.derive_frames(shipped)
    view = views.arrivals_view(
        frames["claim_areas"],
        frames["national_totals"],
        shipped["sources"],
        shipped["offices"],
        row["period_start"],
        row["period_end"],
        row["source"],
        "x",
        lang,
    )
    shown = view.chart.table.iloc[:, 0].tolist().index("Baja California")
    assert view.chart.table.iloc[shown].tolist()[3] == about
    claims_header, approx_header = {
        "en": ("Claims", "Source's rounding"),
        "es": ("Solicitudes", "Redondeo de la fuente"),
    }[lang]
    assert view.chart.csv.loc[shown, claims_header] == row["claims"] == 14418
    assert view.chart.csv.loc[shown, approx_header] == "about"  # the code, in its own column
    assert about in view.chart.summary


def yearly_figures(claims: pd.DataFrame, refugees: pd.DataFrame) -> list[pd.DataFrame]:
    """The `yearly_<figure>` frames the Overview's views read (views.DERIVED_FRAMES), of these datasets."""
    return [views.unhcr_yearly(claims if name == "claims" else refugees, name) for name in views.KEY_FIGURES]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "each UNHCR national figure is the sum of the nationalities in UNHCR's release"),
        ("es", "cada cifra nacional del ACNUR es la suma de las nacionalidades de su publicación"),
    ],
)
def test_unhcr_national_figures_say_they_are_the_sum_of_its_nationalities(
    shipped: dict, lang: str, expected: str
) -> None:
    claims = shipped["claims"]
    unhcr = claims[claims["source"] == "unhcr-stats"]
    assert not ((unhcr["nationality"] == "_T") & (unhcr["state"] == "_T")).any()  # UNHCR ships no national row
    assert expected in views.unhcr_national_note(*yearly_figures(claims, shipped["refugees"]), lang)
    assert set(views.unhcr_yearly(claims, "claims")["basis"]) == {"sum"}
    with_total = pd.concat([claims, unhcr.head(1).assign(nationality="_T", claims=1)])  # a release with its own total
    only_totals = with_total[(with_total["source"] != "unhcr-stats") | (with_total["nationality"] == "_T")]
    assert views.unhcr_national_note(*yearly_figures(only_totals, shipped["refugees"].iloc[0:0]), lang) == ""


def test_a_rounded_figure_stays_approximate_in_the_map_hover_and_the_notes(shipped: dict) -> None:
    claims = shipped["claims"]
    rounded = claims[(claims["approx"] != "") & (claims["state"] != "_T")].iloc[0]
    other = rounded.copy()
    other["source"], other["claims"], other["approx"] = "comar-press-001", int(rounded["claims"]) - 418, "over"
    frames = views.derive_frames({**shipped, "claims": pd.concat([claims, other.to_frame().T], ignore_index=True)})
    start, end = rounded["period_start"], rounded["period_end"]
    view = views.arrivals_view(
        frames["claim_areas"],
        frames["national_totals"],
        shipped["sources"],
        shipped["offices"],
        start,
        end,
        rounded["source"],
        "x",
        "en",
    )
    traces = view.chart.figure["data"]  # a map is a plotly figure's JSON (maps.py)
    hover = [text for trace in traces if trace["type"] == "choroplethmap" for text in trace.get("text") or ()]
    shown = f"about {format_number(rounded['claims'], 'en')} claims"  # the source's "cerca de"
    assert any(shown in text for text in hover)
    disagree = next(note for note in view.notes if "other releases give" in note)
    assert f"this release gives about {format_number(rounded['claims'], 'en')};" in disagree
    assert f"other releases give over {format_number(other['claims'], 'en')} – " in disagree


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "there is 1 figure by office or state: Baja California"), ("es", "hay 1 cifra por oficina o estado")],
)
def test_one_figure_reads_in_the_singular(shipped: dict, lang: str, expected: str) -> None:
    claims = shipped["claims"]
    row = claims[(claims["approx"] == "about") & (claims["state"] == "02")].iloc[0]
    frames = views.derive_frames(shipped)
    areas = frames["claim_areas"]
    in_release = areas[
        (areas["source"] == row["source"])
        & (areas["period_start"] == row["period_start"])
        & (areas["period_end"] == row["period_end"])
    ]
    assert len(in_release) == 1  # the release gives one figure for the period
    summary = views.arrivals_view(
        areas,
        frames["national_totals"],
        shipped["sources"],
        shipped["offices"],
        row["period_start"],
        row["period_end"],
        row["source"],
        "x",
        lang,
    ).chart.summary
    assert expected in summary and "1 figures" not in summary and "1 cifras" not in summary


def test_releases_of_the_same_date_for_an_office_are_both_named(shipped: dict) -> None:
    claims = shipped["claims"]
    tapachula = claims[(claims["office"] == "tapachula") & (claims["unit"] == "persons")].iloc[[0]]
    twin_source = shipped["sources"][shipped["sources"]["source_id"] == tapachula["source"].item()].assign(
        source_id="zz-same-day", publisher="Twin outlet"
    )
    sources = pd.concat([shipped["sources"], twin_source], ignore_index=True)
    twin = tapachula.assign(source="zz-same-day", claims=tapachula["claims"] + 7)
    frames = views.derive_frames({**shipped, "claims": pd.concat([claims, twin], ignore_index=True)})
    chart = views.trends_office(frames["claim_areas"], sources, shipped["offices"], "tapachula", "en")
    assert "Two releases of the same date give" in chart.summary
    period = chart.table[chart.table["Source"].str.contains("Twin outlet")]["Period"].item()
    assert period in chart.summary


def test_a_chart_view_makes_its_tables_once_and_only_when_they_are_read() -> None:
    """A view may defer its table and CSV (most runs never open the table view): made on the first read, once."""
    from mirps_dash.views.common import ChartView

    made = []
    table, raw = pd.DataFrame({"Year": ["2024"]}), pd.DataFrame({"Year": [2024]})
    view = ChartView({}, summary="One year.", sources=("s",), tables=lambda: made.append(1) or (table, raw))
    assert made == []
    assert view.table is table and view.csv_file() is raw and view.csv is raw
    assert made == [1]
    with pytest.raises(TypeError):
        ChartView({}, table, "both", tables=lambda: (table, None))

"""AppTest stories for the officials' pages: filters change the numbers, the URL restores a view, the
language changes the text and the formats, and every chart has a summary, a table and its sources."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mirps_dash import periods, words
from mirps_dash.codes import country_name
from mirps_dash.i18n import format_number, format_share, t
from mirps_dash.schema import DATASETS
from mirps_dash.service import ensure_seeded, publish_file
from mirps_dash.store import Store, make_engine
from tests.markdown_tables import markdown_frames
from tests.shown_charts import chart_options, figures, map_areas, map_points, map_shaded, map_specs, open_table_views
from tests.test_app import open_app


@pytest.fixture(autouse=True)
def own_store(sqlite_env: Path) -> Path:
    """Each test's app reads its own fresh SQLite file (conftest's fresh_caches drops what an earlier test cached)."""
    return sqlite_env


def charts(at: AppTest) -> list[dict]:
    """The page's maps as Vega-Lite specs (its charts are ECharts options, `chart_options`)."""
    return map_specs(at)


def percent_chart(at: AppTest) -> dict[str, float | None]:
    """The page's one rate chart (a percent axis) as {year: share}: the option holds percent points."""
    option = next(c for c in chart_options(at) if c["yAxis"].get("axisLabel", {}).get("formatter") == "{value}%")
    return {year: None if v is None else v / 100 for year, v in figures(option)[""].items()}


def frame_with(at: AppTest, column: str):
    """The first table on the page that has this column header (charts' table views opened)."""
    return next(frame.value for frame in open_table_views(at).dataframe if column in frame.value.columns)


def texts(at: AppTest) -> str:
    """Everything written on the page as one text, Markdown escapes removed."""
    parts = [e.value for kind in ("markdown", "caption", "info", "subheader", "title") for e in getattr(at, kind)]
    return "\n".join(parts).replace("\\", "")


# ---- Overview ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "es",
            [
                "Solicitudes de asilo registradas en 2025",
                "Al 31 de diciembre de 2025",
                "Contexto",
                "octubre de 2017",
                "cada cifra nacional del ACNUR es la suma de las nacionalidades de su publicación",
            ],
        ),
        (
            "en",
            [
                "Asylum claims lodged in 2025",
                "As of December 31, 2025",
                "Context",
                "October 2017",
                "each UNHCR national figure is the sum of the nationalities in UNHCR's release",
            ],
        ),
    ],
)
def test_overview_speaks_the_chosen_language_and_formats_dates_for_it(
    sqlite_env: Path, lang: str, expected: list[str]
) -> None:
    at = open_app(lang=lang)
    shown = texts(at) + "\n".join(m.label for m in at.metric)
    assert all(text in shown for text in expected)


def test_overview_june_2020_panel_and_trend(sqlite_env: Path) -> None:
    at = open_app(lang="en")
    panel = texts(at)
    assert "**34,946** refugees (as of June 2020)" in panel  # stocks on a day, not flows over Jan-Jun
    assert "**78,619** asylum claims (as of June 2020)" in panel
    assert "Jan–Jun 2020" not in panel
    assert "**3,833** people relocated by the labour integration programme (1 Jan–15 Oct 2019)" in panel
    assert "**65 %** share of claims received in Chiapas (2019)" in panel  # as the source gives it, not 65.0 %
    assert "An overview of how the Global Compact on Refugees is being turned into action in Mexico" in texts(at)
    assert not map_specs(at)  # no map on the Overview
    assert chart_titled(at, "Asylum claims")["Asylum claims"]["2023"] == 140979
    assert "the highest was 140,979 in 2023" in texts(at)
    assert "From under" not in texts(at)
    assert "8,762 in 2016 to 140,979 in 2023" in texts(at)


def test_overview_says_what_changed_after_an_upload(sqlite_env: Path) -> None:
    store = Store(make_engine())
    ensure_seeded(store)
    upload = "period,state,office,nationality,claims,source\n2025-07,_T,_T,_T,4321,unhcr-stats\n"
    result = publish_file(store, "claims", upload.encode(), file_name="julio.csv", by="ana@example.org", mode="update")
    assert result.version is not None
    store.engine.dispose()
    at = open_app(lang="en")
    shown = texts(at)
    assert (
        "Claims, against the previous version: new rows 1, removed 0, revised figures 0. New periods: Jul 2025."
        in shown
    )
    assert "Uploaded data: claims, version" in shown and "julio.csv" in shown
    changed = shown_csv(at, "overview_changes_claims.csv")  # numbers, not the text the table shows
    assert changed[["Before", "After", "Source id"]].to_dict("records") == [
        {"Before": None, "After": 4321, "Source id": "unhcr-stats"}
    ]
    assert "Decisions and population: the dashboard shows the data it was installed with" in shown


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("pages/overview.py", "Claims, against the previous version: new rows 1, removed {rows}, revised figures 0."),
        ("pages/arrivals.py", "The claims data in use has no figures by office or by state"),
        ("pages/trends.py", "The claims data in use has no UNHCR yearly figures by nationality."),
    ],
)
def test_pages_say_so_when_an_upload_leaves_nothing_to_draw(sqlite_env: Path, page: str, expected: str) -> None:
    store = Store(make_engine())
    ensure_seeded(store)
    shipped_rows = len(store.load("claims"))  # every shipped row is removed by the replacing file
    upload = "period,claims,source\n2025-07,4321,comar-press-001\n"
    assert publish_file(
        store, "claims", upload.encode(), file_name="only-one.csv", by="ana@example.org", mode="replace"
    ).version
    store.engine.dispose()
    at = open_app(page, lang="en")
    assert not at.exception
    assert expected.format(rows=format_number(shipped_rows, "en")) in texts(at)


def shown_csv(at: AppTest, name: str) -> pd.DataFrame:
    """A table as "download everything shown" writes it (raw values), read back from its CSV."""
    from mirps_dash.export import made, to_csv_bytes
    from mirps_dash.ui import SHOWN_FILES_KEY

    frame = made(next(f.frame for f in at.session_state[SHOWN_FILES_KEY] if f.name == name))
    codes = {c: str for c in frame.columns if "código" in c.lower() or "code" in c.lower()}  # '07' stays '07'
    read = pd.read_csv(io.BytesIO(to_csv_bytes(frame)), keep_default_na=False, na_values=[""], dtype=codes)
    return read.astype(object).where(read.notna(), None)


def shipped() -> dict[str, pd.DataFrame]:
    """The data the app shows (data/ seeded into the test's store), to compute each expected figure from its rows."""
    store = Store(make_engine())
    ensure_seeded(store)
    frames = {name: store.load(name) for name in ("claims", "refugees", "sources", "offices")}
    store.engine.dispose()
    return frames


def release_rows(claims: pd.DataFrame, source: str, start: str, end: str) -> pd.DataFrame:
    return claims[(claims["source"] == source) & (claims["period_start"] == start) & (claims["period_end"] == end)]


def national_of(rows: pd.DataFrame) -> int | None:
    """A release's own national figure: its row with no breakdown at all."""
    total = rows[
        (rows["state"] == "_T") & (rows["office"] == "_T") & (rows["nationality"] == "_T") & (rows["unit"] == "persons")
    ]
    return None if total.empty else int(total["claims"].iloc[0])


def publish(upload: str, file_name: str = "upload.csv") -> None:
    store = Store(make_engine())
    ensure_seeded(store)
    assert publish_file(store, "claims", upload.encode(), file_name=file_name, by="ana@example.org").version
    store.engine.dispose()


# ---- Arrivals ---------------------------------------------------------------------------------


def arrivals(**params: str) -> AppTest:
    return open_app("pages/arrivals.py", **params)


def choose_period(at: AppTest, key: str) -> AppTest:
    """Pick a period as a reader does: its year (the period's end), then the period within the year if it has several."""
    at.segmented_control(key="arrivals_period_year").set_value(int(key.split("_")[-1][:4])).run()
    if [s for s in at.segmented_control if s.key == "arrivals_period_within"]:
        at.segmented_control(key="arrivals_period_within").set_value(key).run()
    return at


def shown_release(at: AppTest, start: str, end: str) -> str:
    """The release the map shows: the one picked where the period has several, else its only one (no choice
    drawn then, the release named under the map)."""
    picked = [radio.value for radio in at.radio if radio.key == "arrivals_release"]
    claims = shipped()["claims"]
    in_period = claims[(claims["period_start"] == start) & (claims["period_end"] == end) & (claims["office"] != "_T")]
    if not picked:
        assert in_period["source"].nunique() == 1
    return picked[0] if picked else in_period["source"].iloc[0]


def map_figure(at: AppTest) -> dict:
    """The period's map as the page draws it for a wide column (Vega-Lite)."""
    return charts(at)[0]


def shaded(at: AppTest) -> dict[str, int]:
    return map_shaded(map_figure(at))


def test_arrivals_default_is_the_latest_year_with_office_figures_and_its_share(sqlite_env: Path) -> None:
    at = arrivals(lang="en")
    assert at.segmented_control(key="arrivals_period_within").value == "2024"
    data = shipped()
    claims = data["claims"]
    offices = claims[
        (claims["period_start"] == "2024-01-01") & (claims["period_end"] == "2024-12-31") & (claims["office"] != "_T")
    ]
    largest = offices.loc[offices["claims"].idxmax()]
    national = national_of(release_rows(claims, largest["source"], "2024-01-01", "2024-12-31"))
    assert at.radio(key="arrivals_release").value == largest["source"]
    in_release = offices[offices["source"] == largest["source"]]
    lead = "there is 1 figure by office or state:" if len(in_release) == 1 else "the largest is"
    assert (
        f"{lead} Tapachula, with {format_number(largest['claims'], 'en')} claims. That is "
        f"{format_share(largest['claims'] / national, 'en')} of that release's national total of "
        f"{format_number(national, 'en')}."
    ) in texts(at)
    assert f"Figures from one release: {words.release_name(largest['source'], data['sources'], 'en')}." in texts(at)


def test_every_period_with_office_figures_shows_one_release_its_name_and_each_office_share(sqlite_env: Path) -> None:
    data = shipped()
    claims, names = data["claims"], dict(zip(data["offices"]["office_id"], data["offices"]["name"], strict=True))
    with_offices = claims[(claims["office"] != "_T") & (claims["unit"] == "persons")]
    seen = with_offices[["period_start", "period_end"]].drop_duplicates()
    assert len(seen) >= 10
    at = arrivals(lang="en")
    for start, end in zip(seen["period_start"], seen["period_end"], strict=True):
        choose_period(at, periods.period_key(start, end))
        source = shown_release(at, start, end)
        rows = release_rows(claims, source, start, end)
        in_period = with_offices[(with_offices["period_start"] == start) & (with_offices["period_end"] == end)]
        assert set(rows["office"]) >= set(in_period["office"])  # the release that covers the period's offices
        table = frame_with(at, "Share of the national total")
        assert set(table["Source"]) == {words.release_name(source, data["sources"], "en")}  # one release, never a mix
        assert f"Figures from one release: {words.release_name(source, data['sources'], 'en')}." in texts(at)
        national = national_of(rows)
        for _, office in rows[rows["office"] != "_T"].iterrows():
            share = format_share(office["claims"] / national, "en") if national else "—"
            shown = table.loc[
                table["Office or state"] == names[office["office"]], ["Claims", "Share of the national total"]
            ]
            assert shown.values.tolist() == [[format_number(office["claims"], "en"), share]]


@pytest.mark.parametrize(
    ("period", "label", "tapachula", "chiapas", "basis"),
    [
        ("2022", "2022", 76239, 76239 + 7967, "sum of the state's offices: Palenque, Tapachula"),
        ("2024-01_2024-05", "Jan–May 2024", 23838, 23838 + 927, "sum of the state's offices: Palenque, Tapachula"),
        (
            "2023-01_2023-06",
            "Jan–Jun 2023",
            39252,
            39252,
            "Tapachula only; no figure for Palenque",
        ),  # never another release's 44,873
    ],
)
def test_choosing_a_period_changes_the_map_and_its_table(
    sqlite_env: Path, period: str, label: str, tapachula: int, chiapas: int, basis: str
) -> None:
    at = choose_period(arrivals(lang="en"), period)
    assert f"Claims by office and state: {label}" in texts(at)
    assert shaded(at)["07"] == chiapas
    table = frame_with(at, "Office or state")
    assert table.loc[table["Office or state"] == "Tapachula", "Claims"].tolist() == [format_number(tapachula, "en")]
    assert table.loc[table["Office or state"] == "Chiapas", "How the figure is made"].tolist() == [basis]
    hover = " ".join(row["tip"] for areas in map_areas(map_figure(at)) for row in areas.values())
    assert basis in hover


@pytest.mark.parametrize("year", ["2023", "2024"])
def test_chiapas_made_of_tapachula_alone_says_so(sqlite_env: Path, year: str) -> None:
    at = arrivals(lang="es", arrivals_period=year)
    table = frame_with(at, "Oficina o estado")
    assert table.loc[table["Oficina o estado"] == "Chiapas", "Cómo se obtiene la cifra"].tolist() == [
        "solo Tapachula; sin cifra de Palenque"
    ]
    assert "suma de las oficinas del estado" not in " ".join(table["Cómo se obtiene la cifra"])


def test_a_shared_link_restores_the_period(sqlite_env: Path) -> None:
    at = arrivals(lang="es", arrivals_period="2022")
    assert "Solicitudes por oficina y estado: 2022" in texts(at)
    assert at.query_params["arrivals_period"] == "2022"
    link = next(m.value for m in at.sidebar.text if "arrivals_period=" in m.value)
    assert "arrivals_period=2022" in link and "lang=es" in link


def test_period_without_office_breakdown_says_so_once_and_marks_offices_not_yet_open(sqlite_env: Path) -> None:
    at = arrivals(lang="en", arrivals_period="2011")
    assert "No breakdown by office was published for 2011" in texts(at)
    assert "there are no figures by office or state, in persons, that can be shown" not in texts(at)
    offices = shipped()["offices"]
    opened = pd.to_numeric(offices["year_opened"], errors="coerce")
    assert f"Not yet open in 2011: {', '.join(offices.loc[opened > 2011, 'name'])}." in texts(at)
    points = map_points(map_figure(at))
    names = {point["status"] for point in points}
    assert "Not yet open" in names and "Office with its own figure" not in names
    assert all(point["area"] > 0 for point in points)


def test_another_release_of_the_period_can_be_chosen_and_is_never_mixed_in(sqlite_env: Path) -> None:
    data = shipped()
    at = arrivals(lang="en", arrivals_period="2022")
    assert at.radio(key="arrivals_release").value == "comar-press-006"
    la_razon = release_rows(data["claims"], "comar-press-006", "2022-01-01", "2022-12-31")
    tabasco = int(la_razon.loc[la_razon["state"] == "27", "claims"].iloc[0])
    assert shaded(at)["27"] == tabasco == 5728
    other = words.release_name("comar-press-026", data["sources"], "en")
    assert f"Tabasco: this release gives 5,728; other releases give 5,716 – {other}" in texts(at)
    at.radio(key="arrivals_release").set_value("comar-press-026").run()
    assert shaded(at) == {"27": 5716}  # En Cambio Diario's map: its one state, nothing from La Razón
    assert f"Figures from one release: {other}." in texts(at)
    assert "This release gives no figures by office for 2022 (another release does)" in texts(at)
    assert "No breakdown by office was published" not in texts(at)


def test_a_shared_link_restores_the_release(sqlite_env: Path) -> None:
    label = words.release_name("comar-press-026", shipped()["sources"], "en")
    at = arrivals(lang="en", arrivals_period="2022", arrivals_release=label)
    assert at.radio(key="arrivals_release").value == "comar-press-026"
    assert shaded(at) == {"27": 5716}


def test_the_next_button_steps_to_the_following_period_and_its_own_release(sqlite_env: Path) -> None:
    at = arrivals(lang="en", arrivals_period="2022")
    at.radio(key="arrivals_release").set_value("comar-press-026").run()
    at.button(key="arrivals_step").click().run()
    assert "Claims by office and state: Jan–Jun 2023" in texts(at)
    assert at.radio(key="arrivals_release").value == "comar-press-075"


def test_selecting_an_office_shows_its_series_and_sources(sqlite_env: Path) -> None:
    at = arrivals(lang="en", arrivals_section="office")
    at.selectbox(key="arrivals_office").set_value("tapachula").run()
    series = frame_with(at, "Period")
    assert {"76,239", "77,450", "50,742"} <= set(series["Claims"])
    assert "Jan–May 2024" in set(series["Period"])
    assert words.release_name("comar-press-006", shipped()["sources"], "en") in set(series["Source"])
    at.selectbox(key="arrivals_office").set_value("acayucan").run()
    assert "Acayucan has no figures of its own; its state's figures are shown" in texts(at)


def test_arrivals_chart_has_summary_table_and_csv(sqlite_env: Path) -> None:
    at = arrivals(lang="es", arrivals_period="2022")
    assert "En 2022 hay 6 cifras por oficina o estado; la mayor es Tapachula, con 76,239 solicitudes." in texts(at)
    assert at.get("download_button")
    share = format_share(76239 / 118478, "es")
    assert (
        frame_with(at, "Parte del total nacional")
        .loc[lambda f: f["Oficina o estado"] == "Tapachula", "Parte del total nacional"]
        .item()
        == share
    )


def test_arrivals_csvs_hold_numbers_under_headers_in_the_reader_s_language(sqlite_env: Path) -> None:
    data = shipped()
    la_razon = release_rows(data["claims"], "comar-press-006", "2022-01-01", "2022-12-31")
    tapachula = int(la_razon.loc[la_razon["office"] == "tapachula", "claims"].item())
    at = arrivals(lang="es", arrivals_period="2022")
    english = {"Claims", "Share of the national total", "Source", "approx", "area", "claims", "share", "office"}
    areas = shown_csv(at, "arrivals_2022.csv")
    assert not english & set(areas.columns)
    row = areas[areas["Código de oficina"] == "tapachula"].iloc[0]
    assert (row["Oficina o estado"], row["Solicitudes"], row["Código de estado (INEGI)"]) == (
        "Tapachula",
        tapachula,
        "07",
    )
    assert row["Parte del total nacional"] == pytest.approx(tapachula / national_of(la_razon))
    at = arrivals(lang="es", arrivals_section="office")  # the office's figures: a tab away from the map
    at.selectbox(key="arrivals_office").set_value("tapachula").run()
    series = shown_csv(at, "arrivals_office_tapachula.csv")
    assert not english & set(series.columns)
    assert tapachula in series["Solicitudes"].tolist()  # 76239, never the text "76,239"
    assert {"Periodo", "Redondeo de la fuente", "Id de fuente"} <= set(series.columns)


UPLOADS = {  # each fixture shape staff can publish, for May 2024 (a period the shipped data does not have)
    "office by nationality": "period,office,nationality,claims,source\n2024-05,Tapachula,Honduras,120,comar-press-001\n"
    "2024-05,Tapachula,Cuba,45,comar-press-001\n2024-05,Tapachula,Haití,30,comar-press-001\n",
    "office total": "period,office,claims,source\n2024-05,Tapachula,200,comar-press-001\n",
    "state only": "period,state,claims,source\n2024-05,Chiapas,300,comar-press-001\n",
}


@pytest.mark.parametrize("shape", list(UPLOADS))
def test_a_published_file_shows_on_arrivals(sqlite_env: Path, shape: str) -> None:
    publish(UPLOADS[shape])
    uploaded = pd.read_csv(io.StringIO(UPLOADS[shape]))
    at = arrivals(lang="en", arrivals_period="May 2024")
    assert not at.exception
    shown = texts(at)
    assert "there are no figures by office or state, in persons, that can be shown" not in shown
    assert shaded(at) == {"07": int(uploaded["claims"].sum())}
    table = frame_with(at, "Office or state")
    if shape == "state only":
        assert "No breakdown by office was published for May 2024" in shown
        assert "Tapachula" not in set(table["Office or state"])
        return
    assert "No breakdown by office was published" not in shown
    tapachula = table[table["Office or state"] == "Tapachula"].iloc[0]
    assert tapachula["Claims"] == format_number(int(uploaded["claims"].sum()), "en")
    if shape == "office by nationality":
        assert tapachula["How the figure is made"].startswith(
            "sum of the nationalities in the release (Cuba, Honduras, Haiti)"
        )


@pytest.mark.parametrize("shape", ["office by nationality", "office total"])
def test_a_published_office_figure_shows_in_the_office_series_under_trends(sqlite_env: Path, shape: str) -> None:
    publish(UPLOADS[shape])
    uploaded = pd.read_csv(io.StringIO(UPLOADS[shape]))
    at = trends(lang="en", trends_section="office")
    at.selectbox(key="trends_office").set_value("tapachula").run()
    table = [f.value for f in open_table_views(at).dataframe if "Period" in f.value.columns][
        -1
    ]  # the office's, last on the page
    assert table.loc[table["Period"] == "May 2024", "Claims"].tolist() == [
        format_number(int(uploaded["claims"].sum()), "en")
    ]
    assert figures(chart_options(at)[-1])[""]["May 2024"] == uploaded["claims"].sum()


NATIONAL_UPLOADS = {  # each national shape staff can publish, for 2025 periods no press release gives in data/
    "national month total": "period,claims,source\n2025-11,999,comar-press-001\n",
    "national month by nationality": "period,nationality,claims,source\n2025-11,HND,120,comar-press-001\n"
    "2025-11,CUB,45,comar-press-001\n",
    "national cumulative": "period,period_end,claims,source\n2025-01,2025-04,7777,comar-press-001\n",
    "national year total": "period,claims,source\n2025,12345,comar-press-001\n",
    "national year by nationality": "period,nationality,claims,source\n2025,HND,555,comar-press-001\n",
}


@pytest.mark.parametrize("shape", list(NATIONAL_UPLOADS))
def test_a_published_national_figure_shows_on_trends(sqlite_env: Path, shape: str) -> None:
    publish(NATIONAL_UPLOADS[shape])
    uploaded = pd.read_csv(io.StringIO(NATIONAL_UPLOADS[shape]))
    first, last = periods.parse_period(str(uploaded["period"].iloc[0]))
    if "period_end" in uploaded:
        last = periods.parse_period(str(uploaded["period_end"].iloc[0]))[1]
    start, end = first.isoformat(), last.isoformat()
    label = periods.period_label(start, end, "en")
    release = words.release_name("comar-press-001", shipped()["sources"], "en")
    total = int(uploaded["claims"].sum())
    by_nationality = "nationality" in uploaded
    at = trends(lang="en", trends_section="monthly")  # COMAR's figures as published, a tab from UNHCR's
    assert not at.exception
    national = frame_with(at, "Kind of period")
    row = national[(national["Period"] == label) & (national["Source"] == release)]
    assert row["Claims"].tolist() == [format_number(total, "en")]  # one release's figure, never added to another
    names = ", ".join(sorted(country_name(code, "en") for code in uploaded.get("nationality", [])))
    if by_nationality:
        assert row["How the figure is made"].item().startswith(f"sum of the nationalities in the release ({names})")
        table = next(
            f.value for f in open_table_views(at).dataframe if {"Nationality", "Kind of period"} <= set(f.value.columns)
        )
        rows = table[(table["Period"] == label) & (table["Source"] == release)]
        assert dict(zip(rows["Nationality"], rows["Claims"], strict=True)) == {
            country_name(n, "en"): format_number(c, "en")
            for n, c in zip(uploaded["nationality"], uploaded["claims"], strict=True)
        }
    if periods.period_kind(start, end) == "month":
        bars = next(figures(c)[""] for c in chart_options(at) if label in figures(c).get("", {}))
        assert bars[label] == total
        months = frame_with(at, "Month")
        assert months.loc[months["Month"] == label, "Claims"].tolist() == [format_number(total, "en")]


# ---- Trends -----------------------------------------------------------------------------------


def trends(**params: str) -> AppTest:
    return open_app("pages/trends.py", **params)


def chart_titled(at: AppTest, series_name: str) -> dict:
    """The page's chart that has a series of this name, as {series name: {category: value}}."""
    return next(figures(c) for c in chart_options(at) if series_name in figures(c))


@pytest.mark.parametrize(("top", "expected"), [(3, ["Honduras", "Haiti", "Cuba", "Other countries"]), (5, 6)])
def test_top_nationalities_filter(sqlite_env: Path, top: int, expected) -> None:
    at = trends(lang="en")
    at.number_input(key="trends_top").set_value(top).run()
    names = list(figures(chart_options(at)[0]))
    assert names == expected if isinstance(expected, list) else len(names) == expected


def test_picking_nationalities_and_years_changes_the_numbers(sqlite_env: Path) -> None:
    at = trends(lang="en")
    at.multiselect(key="trends_nations").set_value(["HTI"]).run()
    at.slider(key="trends_years").set_value((2021, 2023)).run()
    figure = figures(chart_options(at)[0])
    assert list(figure["Haiti"]) == ["2021", "2022", "2023"]
    assert figure["Haiti"]["2023"] + figure["Other countries"]["2023"] == 140979
    assert "In 2023, the largest group was Other countries" in texts(at)


def unhcr_claims(claims: pd.DataFrame, year: int) -> pd.DataFrame:
    rows = claims[
        (claims["source"] == "unhcr-stats")
        & (claims["period_start"] == f"{year}-01-01")
        & (claims["period_end"] == f"{year}-12-31")
    ]
    return rows[(rows["nationality"] != "_T") & (rows["sex"] == "_T") & (rows["age_group"] == "_T")]


def test_a_one_year_range_says_one_year_and_has_whole_year_ticks(sqlite_env: Path) -> None:
    at = trends(lang="en", trends_years=["2021", "2021"])
    rows = unhcr_claims(shipped()["claims"], 2021)
    top = rows.loc[rows["claims"].idxmax()]
    assert (
        f"In 2021: {format_number(rows['claims'].sum(), 'en')} claims; the largest group was "
        f"{country_name(top['nationality'], 'en')}, with {format_number(top['claims'], 'en')}."
    ) in texts(at)
    assert "in 2021 and" not in texts(at)
    assert chart_options(at)[0]["xAxis"]["data"] == ["2021"]  # one whole year, never 2,020.5 to 2,021.5


def test_rows_by_sex_in_a_published_file_never_add_to_the_total(sqlite_env: Path) -> None:
    rows = unhcr_claims(shipped()["claims"], 2025)
    venezuela = int(rows.loc[rows["nationality"] == "VEN", "claims"].iloc[0])
    publish(
        f"period,nationality,sex,claims,source\n2025,VEN,F,{venezuela // 2},unhcr-stats\n"
        f"2025,VEN,M,{venezuela - venezuela // 2},unhcr-stats\n"
    )
    at = trends(lang="en")
    bars = figures(chart_options(at)[0])
    total_2025 = sum(series.get("2025") or 0 for series in bars.values())
    assert total_2025 == rows["claims"].sum() == 70482  # not 84,803


def test_rates_skip_years_whose_decisions_are_incomplete(sqlite_env: Path) -> None:
    at = trends(lang="en", trends_section="rates")
    refugees = shipped()["refugees"]
    unhcr = refugees[(refugees["source"] == "unhcr-stats") & refugees["period_start"].str.endswith("-01-01")]
    yearly = (
        unhcr.assign(year=unhcr["period_start"].str[:4].astype(int))
        .groupby("year")[["recognized", "complementary", "rejected", "closed"]]
        .sum()
    )
    drawn = {int(year): share for year, share in percent_chart(at).items()}
    assert drawn[2013] is None and drawn[2014] is None  # no rejections reported in 2013; no decisions in 2014
    table = frame_with(at, "Note on the rate")
    for year in range(2013, 2026):
        complete = year in yearly.index and (yearly.loc[year] > 0).all()
        if complete:
            row = yearly.loc[year]
            expected = row["recognized"] / (row["recognized"] + row["complementary"] + row["rejected"])
            assert drawn[year] == pytest.approx(expected)
            assert table.loc[table["Year"] == str(year), "Refugee recognition rate"].item() == format_share(
                expected, "en"
            )
        else:
            assert drawn[year] is None
            assert table.loc[table["Year"] == str(year), "Note on the rate"].item() != ""
    shown = texts(at)
    assert "90.3 %" not in shown and "100.0 %" not in shown
    assert "2013 (no rejections, closed cases reported); 2014 (no decisions published)" in shown


@pytest.mark.parametrize("lang", ["es", "en"])
def test_rate_tables_are_formatted_for_the_reader(sqlite_env: Path, lang: str) -> None:
    at = trends(lang=lang, trends_years=["2024", "2024"], trends_section="rates")
    header = {"es": "Tasa de reconocimiento", "en": "Refugee recognition rate"}[lang]
    rate = frame_with(at, header)[header].item()
    assert rate == format_share(24966 / (24966 + 1881 + 6956), lang) and "0.738" not in rate


def test_rate_choice_changes_the_chart_and_the_definition(sqlite_env: Path) -> None:
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=60)
    at.query_params.update(
        lang="en", trends_years=["2018", "2018"], trends_rate="Total protection rate", trends_section="rates"
    )
    at.run()
    at.switch_page("pages/trends.py").run()
    assert "Total protection rate = (recognised + complementary protection)" in texts(at)
    assert list(percent_chart(at).values()) == pytest.approx([(4461 + 1463) / (4461 + 1463 + 1313)], abs=1e-3)
    at.segmented_control(key="trends_rate").set_value("refugee_rate").run()
    assert "Refugee recognition rate = recognised ÷ (recognised + complementary protection + rejected)" in texts(at)


def test_query_parameters_restore_the_trends_view(sqlite_env: Path) -> None:
    at = trends(lang="es", trends_top="3", trends_nations="Haití")
    assert at.multiselect(key="trends_nations").value == ["HTI"]
    assert list(figures(chart_options(at)[0])) == ["Haití", "Otros países"]


@pytest.mark.parametrize(
    ("lang", "params", "line"),
    [
        ("es", {}, "Años 2013–2025 · las 5 nacionalidades con más solicitudes"),
        ("en", {"trends_top": "1"}, "Years 2013–2025 · the nationality with the most claims"),
        ("es", {"trends_years": "2021-2021", "trends_nations": ["hti", "cub"]}, "Años 2021 · Haití, Cuba"),
    ],
)
def test_the_filters_sit_in_one_popover_and_the_line_under_it_names_them(
    sqlite_env: Path, lang: str, params: dict, line: str
) -> None:
    """The filters are behind one "Filters" control (a first visit draws the chart, not three widgets), so the
    line under it says what they hold: a colleague opening a link sees the view's years and nationalities."""
    at = trends(lang=lang, **params)
    popover = next(block for block in at.main.children.values() if getattr(block, "type", "") == "popover")
    assert popover.proto.popover.label == t("filters", lang)
    inside = {widget.key for widget in popover.get("slider") + popover.get("number_input") + popover.get("multiselect")}
    assert inside == {"trends_years", "trends_top", "trends_nations"}
    assert line in [caption.value for caption in at.caption]


def test_population_and_asylum_seekers_are_persons_not_pending_cases(sqlite_env: Path) -> None:
    at = trends(lang="en", trends_section="population")
    population = chart_titled(at, "Refugees")
    assert list(population["Refugees"].values())[-1] == 152002
    assert "Asylum-seekers: at the end of 2025, 173,532 people were waiting for a decision on their claim." in texts(at)
    assert "Pending cases" not in texts(at) and "pending claims" not in json.dumps(population)


def test_office_filter_shows_the_offices_published_figures(sqlite_env: Path) -> None:
    at = trends(lang="en", trends_section="office")
    at.selectbox(key="trends_office").set_value("tapachula").run()
    assert "Tapachula: 12 published figures." in texts(at)
    assert figures(chart_options(at)[-1])[""]["2022"] == 76239


# ---- About ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("es", ["Fuentes y licencias", "Tasa de protección total", "Protección complementaria"]),
        ("en", ["Sources and licences", "Total protection rate", "Complementary protection"]),
    ],
)
def test_about_lists_sources_definitions_glossary_and_versions(
    sqlite_env: Path, lang: str, expected: list[str]
) -> None:
    at = open_app("pages/about.py", lang=lang)
    shown = texts(at)
    assert all(text in shown for text in expected)
    tables = markdown_frames([element.value for element in at.markdown])  # drawn as tables, read as text
    licence, address = {"es": ("Licencia", "Dirección"), "en": ("Licence", "URL")}[lang]
    sources = next(table for table in tables if licence in table.columns)
    assert "CC BY 4.0" in sources[licence].tolist()
    assert (
        "[https://www.unhcr.org/refugee-statistics/](https://www.unhcr.org/refugee-statistics/)"
        in sources[address].tolist()
    )
    versions = next(table for table in tables if {"es": "Conjunto de datos", "en": "Dataset"}[lang] in table.columns)
    assert len(versions) == len(DATASETS)
    published = versions[{"es": "Publicada el", "en": "Published at"}[lang]]
    assert published.str.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC").all()  # to the minute, no microseconds
    glossary = next(table for table in tables if "Español" in table.columns)
    assert "ACNUR" in glossary["Español"].tolist() and "UNHCR" in glossary["English"].tolist()
    meaning = {"es": "Significado", "en": "Meaning"}[lang]
    assert (
        glossary.loc[glossary["English"] == "UNHCR", meaning].item()
        == {
            "es": "Alto Comisionado de las Naciones Unidas para los Refugiados.",
            "en": "United Nations High Commissioner for Refugees.",
        }[lang]
    )


@pytest.mark.parametrize(
    ("page", "link", "es", "en"),
    [
        (
            "pages/arrivals.py",
            {"arrivals_period": "ene–may 2024"},
            "Solicitudes por oficina y estado: ene–may 2024",
            "Claims by office and state: Jan–May 2024",
        ),
        (
            "pages/trends.py",
            {"trends_section": "population"},
            "Solicitantes de asilo: a fines de 2025, 173,532 personas",
            "Asylum-seekers: at the end of 2025, 173,532 people",
        ),
        ("pages/about.py", {}, "Versiones de los datos en uso", "Data versions in use"),
    ],
)
def test_switching_language_translates_the_page_and_keeps_the_view(
    sqlite_env: Path, page: str, link: dict[str, str], es: str, en: str
) -> None:
    at = open_app(page, lang="es", **link)
    assert es in texts(at)
    at.radio(key="app_lang").set_value("en")  # the sidebar switch in the frame
    at.run()
    assert en in texts(at) and es not in texts(at)

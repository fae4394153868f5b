"""AppTest stories for the officials' pages: filters change the numbers, the URL restores a view, the
language changes the text and the formats, and every chart has a summary, a table and its sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mirps_dash.service import ensure_seeded, publish_file
from mirps_dash.store import Store, make_engine
from tests.test_app import open_app


@pytest.fixture(autouse=True)
def fresh_caches(sqlite_env: Path) -> None:
    """Each test's app reads its own fresh store: drop the store and frames cached by an earlier test."""
    import streamlit as st

    from mirps_dash import ui

    ui.get_store().engine.dispose()  # close the pool of a store cached by an earlier test before dropping it
    st.cache_resource.clear()
    st.cache_data.clear()


def charts(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def frame_with(at: AppTest, column: str):
    """The first table on the page that has this column header."""
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def texts(at: AppTest) -> str:
    """Everything written on the page as one text, Markdown escapes removed."""
    parts = [e.value for kind in ("markdown", "caption", "info", "subheader", "title") for e in getattr(at, kind)]
    return "\n".join(parts).replace("\\", "")


# ---- Overview ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "expected"), [
    ("es", ["Solicitudes de asilo registradas en 2025", "Al 31 de diciembre de 2025", "Contexto", "octubre de 2017"]),
    ("en", ["Asylum claims lodged in 2025", "As of December 31, 2025", "Context", "October 2017"]),
])
def test_overview_speaks_the_chosen_language_and_formats_dates_for_it(sqlite_env: Path, lang: str, expected: list[str]) -> None:
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
    trend = charts(at)[0]
    claims = next(trace for trace in trend["data"] if trace["name"] == "Asylum claims")
    assert dict(zip(claims["x"], claims["y"], strict=True))[2023] == 140979
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
    assert "Claims, against the previous version: new rows 1, removed 0, revised figures 0. New periods: Jul 2025." in shown
    assert "Uploaded data: claims, version" in shown and "julio.csv" in shown
    assert "Decisions and population: the dashboard shows the data it was installed with" in shown


@pytest.mark.parametrize(("page", "expected"), [
    ("pages/overview.py", "Claims, against the previous version: new rows 1, removed 1,432, revised figures 0."),
    ("pages/arrivals.py", "The claims data in use has no figures by office or by state"),
    ("pages/trends.py", "The claims data in use has no UNHCR yearly figures by nationality."),
])
def test_pages_say_so_when_an_upload_leaves_nothing_to_draw(sqlite_env: Path, page: str, expected: str) -> None:
    store = Store(make_engine())
    ensure_seeded(store)
    upload = "period,claims,source\n2025-07,4321,comar-press-001\n"
    assert publish_file(store, "claims", upload.encode(), file_name="only-one.csv", by="ana@example.org", mode="replace").version
    store.engine.dispose()
    at = open_app(page, lang="en")
    assert not at.exception
    assert expected in texts(at)


def test_arrivals_says_so_when_a_period_has_office_figures_only_by_nationality(sqlite_env: Path) -> None:
    store = Store(make_engine())
    ensure_seeded(store)
    upload = "period,office,nationality,claims,source\n2026-01,Tapachula,Honduras,120,comar-press-001\n"
    assert publish_file(store, "claims", upload.encode(), file_name="by-nationality.csv", by="ana@example.org").version
    store.engine.dispose()
    at = open_app("pages/arrivals.py", lang="en", arrivals_period="Jan 2026")
    assert not at.exception
    assert "For Jan 2026 there are no figures by office or state, in persons, that can be shown." in texts(at)


# ---- Arrivals ---------------------------------------------------------------------------------

def arrivals(**params: str) -> AppTest:
    return open_app("pages/arrivals.py", **params)


def map_figure(at: AppTest) -> dict:
    return next(c for c in charts(at) if any(t["type"] == "choroplethmap" for t in c["data"]))


def test_arrivals_default_is_the_latest_year_with_office_figures(sqlite_env: Path) -> None:
    at = arrivals(lang="en")
    assert at.select_slider(key="arrivals_period").value == "2024"
    assert "For 2024 there are 3 figures by office or state; the largest is Tapachula, with 50,742 claims." in texts(at)


@pytest.mark.parametrize(("period", "label", "tapachula", "chiapas"), [
    ("2022", "2022", 76239, 84206),
    ("2024-01_2024-05", "Jan–May 2024", 23838, 23838 + 927),
    ("2023-01_2023-06", "Jan–Jun 2023", 39252, 44873),  # Chiapas's own row wins over its offices
])
def test_choosing_a_period_changes_the_map_and_its_table(sqlite_env: Path, period: str, label: str, tapachula: int, chiapas: int) -> None:
    at = arrivals(lang="en")
    at.select_slider(key="arrivals_period").set_value(period).run()
    assert f"Claims by office and state: {label}" in texts(at)
    figure = map_figure(at)
    shaded = figure["data"][1]
    assert dict(zip(shaded["locations"], shaded["z"], strict=True))["07"] == chiapas
    table = frame_with(at, "Office or state")
    assert tapachula in table.loc[table["Office or state"] == "Tapachula", "Claims"].tolist()


def test_a_shared_link_restores_the_period(sqlite_env: Path) -> None:
    at = arrivals(lang="es", arrivals_period="2022")
    assert "Solicitudes por oficina y estado: 2022" in texts(at)
    assert at.query_params["arrivals_period"] == "2022"
    link = next(m.value for m in at.sidebar.markdown if "arrivals_period=" in m.value)
    assert "arrivals_period=2022" in link and "lang=es" in link


def test_period_without_office_breakdown_says_so_and_marks_offices_not_yet_open(sqlite_env: Path) -> None:
    at = arrivals(lang="en", arrivals_period="2011")
    assert "No breakdown by office was published for 2011" in texts(at)
    assert "Not yet open in 2011: Tijuana, Saltillo" in texts(at)
    names = {trace["name"] for trace in map_figure(at)["data"]}
    assert "Not yet open" in names and "Office with its own figure" not in names


def test_two_releases_that_disagree_show_the_latest_and_the_other_beside(sqlite_env: Path) -> None:
    at = arrivals(lang="en", arrivals_period="2022")
    assert "Tabasco: 5,716 is shown (the latest release); other releases give 5,728" in texts(at)
    shaded = map_figure(at)["data"][1]
    assert dict(zip(shaded["locations"], shaded["z"], strict=True))["27"] == 5716


def test_the_next_button_steps_to_the_following_period(sqlite_env: Path) -> None:
    at = arrivals(lang="en", arrivals_period="2022")
    at.button(key="arrivals_step").click().run()
    assert "Claims by office and state: Jan–Jun 2023" in texts(at)


def test_selecting_an_office_shows_its_series_and_sources(sqlite_env: Path) -> None:
    at = arrivals(lang="en")
    at.selectbox(key="arrivals_office").set_value("tapachula").run()
    series = frame_with(at, "Period")
    assert {76239, 77450, 50742} <= set(series["Claims"])
    assert "Jan–May 2024" in set(series["Period"])
    assert "COMAR, as reported by" in texts(at)
    at.selectbox(key="arrivals_office").set_value("acayucan").run()
    assert "Acayucan has no figures of its own; its state's figures are shown" in texts(at)


def test_arrivals_chart_has_summary_table_and_csv(sqlite_env: Path) -> None:
    at = arrivals(lang="es", arrivals_period="2022")
    assert "En 2022 hay 6 cifras por oficina o estado; la mayor es Tapachula, con 76,239 solicitudes." in texts(at)
    assert at.get("download_button") and "Esta cifra combina 3 fuentes" in texts(at)


# ---- Trends -----------------------------------------------------------------------------------

def trends(**params: str) -> AppTest:
    return open_app("pages/trends.py", **params)


def chart_titled(at: AppTest, trace_name: str) -> dict:
    return next(c for c in charts(at) if any(t.get("name") == trace_name for t in c["data"]))


@pytest.mark.parametrize(("top", "expected"), [(3, ["Honduras", "Haiti", "Cuba", "Other countries"]), (5, 6)])
def test_top_nationalities_filter(sqlite_env: Path, top: int, expected) -> None:
    at = trends(lang="en")
    at.number_input(key="trends_top").set_value(top).run()
    names = [trace["name"] for trace in charts(at)[0]["data"]]
    assert names == expected if isinstance(expected, list) else len(names) == expected


def test_picking_nationalities_and_years_changes_the_numbers(sqlite_env: Path) -> None:
    at = trends(lang="en")
    at.multiselect(key="trends_nations").set_value(["HTI"]).run()
    at.slider(key="trends_years").set_value((2021, 2023)).run()
    figure = charts(at)[0]
    haiti = next(trace for trace in figure["data"] if trace["name"] == "Haiti")
    assert haiti["x"] == [2021, 2022, 2023]
    others = next(trace for trace in figure["data"] if trace["name"] == "Other countries")
    assert haiti["y"][2] + others["y"][2] == 140979
    assert "In 2023, the largest group was Other countries" in texts(at)


def test_rate_choice_changes_the_chart_and_the_definition(sqlite_env: Path) -> None:
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=60)
    at.query_params.update(lang="en", trends_years=["2018", "2018"], trends_rate="Total protection rate")
    at.run()
    at.switch_page("pages/trends.py").run()
    assert "Total protection rate = (recognised + complementary protection)" in texts(at)
    rates = next(c for c in charts(at) if c["layout"]["yaxis"].get("tickformat") == ".0%")
    assert rates["data"][0]["y"] == pytest.approx([(4461 + 1463) / (4461 + 1463 + 1313)], abs=1e-3)
    at.segmented_control(key="trends_rate").set_value("refugee_rate").run()
    assert "Refugee recognition rate = recognised ÷ (recognised + complementary protection + rejected)" in texts(at)


def test_query_parameters_restore_the_trends_view(sqlite_env: Path) -> None:
    at = trends(lang="es", trends_top="3", trends_nations="Haití")
    assert at.multiselect(key="trends_nations").value == ["HTI"]
    names = [trace["name"] for trace in charts(at)[0]["data"]]
    assert names == ["Haití", "Otros países"]


def test_population_and_pending_cases(sqlite_env: Path) -> None:
    at = trends(lang="en")
    population = chart_titled(at, "Refugees")
    refugees = next(t for t in population["data"] if t["name"] == "Refugees")
    assert refugees["y"][-1] == 152002
    assert "Pending cases: at the end of 2025, 173,532 asylum-seekers were waiting for a decision." in texts(at)


def test_office_filter_shows_the_offices_published_figures(sqlite_env: Path) -> None:
    at = trends(lang="en")
    at.selectbox(key="trends_office").set_value("tapachula").run()
    assert "Tapachula: 12 published figures." in texts(at)
    figure = charts(at)[-1]
    assert dict(zip(figure["data"][0]["x"], figure["data"][0]["y"], strict=True))["2022"] == 76239


# ---- About ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "expected"), [
    ("es", ["Fuentes y licencias", "Tasa de protección total", "Protección complementaria"]),
    ("en", ["Sources and licences", "Total protection rate", "Complementary protection"]),
])
def test_about_lists_sources_definitions_glossary_and_versions(sqlite_env: Path, lang: str, expected: list[str]) -> None:
    at = open_app("pages/about.py", lang=lang)
    shown = texts(at)
    assert all(text in shown for text in expected)
    sources = frame_with(at, {"es": "Licencia", "en": "Licence"}[lang])
    assert "CC BY 4.0" in sources[{"es": "Licencia", "en": "Licence"}[lang]].tolist()
    versions = frame_with(at, {"es": "Conjunto de datos", "en": "Dataset"}[lang])
    assert len(versions) == 6
    glossary = frame_with(at, "Español")
    assert "ACNUR" in glossary["Español"].tolist() and "UNHCR" in glossary["English"].tolist()
    meaning = {"es": "Significado", "en": "Meaning"}[lang]
    assert glossary.loc[glossary["English"] == "UNHCR", meaning].item() == {
        "es": "Alto Comisionado de las Naciones Unidas para los Refugiados.", "en": "United Nations High Commissioner for Refugees."}[lang]


@pytest.mark.parametrize(("page", "es", "en"), [
    ("pages/arrivals.py", "Solicitudes por oficina y estado: ene–may 2024", "Claims by office and state: Jan–May 2024"),
    ("pages/trends.py", "Casos pendientes: a fines de 2025 había 173,532", "Pending cases: at the end of 2025, 173,532"),
    ("pages/about.py", "Versiones de los datos en uso", "Data versions in use"),
])
def test_switching_language_translates_the_page_and_keeps_the_view(sqlite_env: Path, page: str, es: str, en: str) -> None:
    at = open_app(page, lang="es", arrivals_period="ene–may 2024")
    assert es in texts(at)
    at.radio(key="app_lang").set_value("en")  # the sidebar switch in the frame
    at.run()
    assert en in texts(at) and es not in texts(at)

"""Real browser, every request to another host blocked: the officials' pages draw their charts and map in
es-MX and en, and a filtered view survives a reload."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from playwright.sync_api import expect

from mirps_dash.service import DATA_DIR
from tests.browser import (
    ECHARTS,
    VEGA_MAP,
    chart_texts,
    loaded_data_grid,
    loaded_plotly,
    new_page,
    other_hosts,
    start_app,
    wait_for_app,
)

pytestmark = pytest.mark.browser

# page, locale, a text the page must show, how many charts (or maps) at least: on a first visit, its first section's
PAGES = [
    ("overview", "es-MX", "Cifras a junio de 2020", 1),
    ("overview", "en-US", "Figures as of June 2020", 1),
    ("arrivals", "es-MX", "Solicitudes por oficina y estado: 2024", 1),
    ("arrivals", "en-US", "Claims by office and state: 2024", 1),
    ("trends", "es-MX", "Solicitudes de asilo por año y nacionalidad", 1),  # claims per year
    ("trends", "en-US", "Asylum claims per year by nationality", 1),
    ("about", "es-MX", "Fuentes y licencias", 0),
    ("about", "en-US", "Sources and licences", 0),
]
# Trends' other sections with a chart: each tab, a text it shows, and how many charts it draws
TRENDS_SECTIONS = {
    "es-MX": [
        ("Por mes y publicación", "Solicitudes por mes (cifras de la COMAR en prensa)", 1),
        ("Decisiones", "Decisiones por resultado", 1),
        ("Tasas de reconocimiento", "Tasa de reconocimiento de la condición de refugiado = reconocidas", 1),
        ("Población", "Población a fin de año", 1),
    ],
    "en-US": [
        ("By month and release", "Claims per month (COMAR figures in the press)", 1),
        ("Decisions", "Decisions by outcome", 1),
        ("Recognition rates", "Refugee recognition rate = recognised", 1),
        ("Population", "Population at the end of the year", 1),
    ],
}


def open_page(chromium, app_server, path: str, locale: str):
    page = new_page(chromium, locale)
    page.goto(app_server.url + path)
    wait_for_app(page)
    return page


def coloured_share(png: bytes, colour: tuple[int, int, int], tolerance: int = 40) -> float:
    """Share of the pixels of a screenshot close to a colour."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int).reshape(-1, 3)
    return float((np.abs(pixels - np.array(colour)).sum(axis=1) < tolerance).mean())


@pytest.mark.parametrize(("name", "locale", "text", "charts"), PAGES)
def test_page_draws_offline_in_both_languages(
    app_server, chromium, name: str, locale: str, text: str, charts: int
) -> None:
    page = open_page(chromium, app_server, f"/{name}", locale)
    page.get_by_text(text).first.wait_for(timeout=30_000)
    plots = page.locator(f"{VEGA_MAP}:visible" if name == "arrivals" else f"{ECHARTS} svg")
    if charts:
        plots.nth(charts - 1).wait_for(timeout=30_000)
    assert plots.count() >= charts
    if name in ("overview", "trends"):
        assert page.locator(f"{ECHARTS} svg path").count() > 0  # lines and bars actually drawn
    for tab, shown, section_charts in TRENDS_SECTIONS[locale] if name == "trends" else []:
        page.get_by_role("tab", name=tab, exact=True).click()  # each section's charts, drawn when its tab opens
        page.get_by_text(shown).first.wait_for(timeout=30_000)
        wait_for_app(page)
        drawn = page.locator(f"[role='tabpanel'] {ECHARTS} svg")
        drawn.nth(section_charts - 1).wait_for(timeout=30_000)
        expect(drawn).to_have_count(section_charts)
        assert page.locator(f"[role='tabpanel'] {ECHARTS} svg path").count() > 0
    assert not loaded_plotly(page)  # plotly's 4.7 MB bundle: no page needs it
    page.screenshot(path=f"/tmp/officials-{name}-{locale}.png", full_page=True)
    assert other_hosts(page) == []
    page.context.close()


def test_map_draws_states_and_offices_without_a_basemap(app_server, chromium) -> None:
    page = open_page(chromium, app_server, "/arrivals?lang=en&arrivals_period=2022", "en-US")
    page.get_by_text("Claims by office and state: 2022").wait_for(timeout=30_000)
    # one map shows (the wide one; the phone's is hidden by the page's style sheet, which may come a moment later)
    expect(page.locator(f"{VEGA_MAP}:visible")).to_have_count(1, timeout=30_000)
    page.wait_for_timeout(1500)  # Vega draws the shapes once it has loaded them
    png = page.locator(f"{VEGA_MAP}:visible").screenshot(path="/tmp/officials-map-2022.png")
    assert coloured_share(png, (0xEE, 0xEE, 0xEE)) > 0.05  # states without a figure, in grey
    assert coloured_share(png, (0x0A, 0x4F, 0x86), 60) > 0.002  # Chiapas, the darkest state
    assert coloured_share(png, (0xD5, 0x5E, 0x00), 60) > 0.0005  # office points (vermilion)
    assert other_hosts(page) == []
    page.context.close()


def test_a_filtered_arrivals_view_survives_a_reload(app_server, chromium) -> None:
    page = open_page(chromium, app_server, "/arrivals?lang=en&arrivals_period=2022", "en-US")
    page.get_by_test_id("stButton").filter(has_text="Next").click()
    page.get_by_text("Claims by office and state: Jan–Jun 2023").wait_for(timeout=30_000)
    assert "arrivals_period=" in page.url and "lang=en" in page.url
    page.reload()
    wait_for_app(page)
    page.get_by_text("Claims by office and state: Jan–Jun 2023").wait_for(timeout=30_000)
    assert other_hosts(page) == []
    page.context.close()


def test_a_shared_trends_link_opens_the_same_view(app_server, chromium) -> None:
    page = open_page(chromium, app_server, "/trends?lang=es&trends_top=3", "en-US")
    claims = page.locator(f".st-key-trends_claims_chart {ECHARTS}")
    claims.locator("svg text", has_text="Otros países").wait_for(timeout=30_000)
    names = {"Cuba", "Haití", "Honduras", "Otros países"}
    assert names <= set(chart_texts(claims)) and "El Salvador" not in chart_texts(claims)  # the top 3 and others
    assert "trends_top=3" in page.locator("[data-testid='stSidebar'] [data-testid='stText']").inner_text().replace(
        "\n", ""
    )
    page.reload()
    wait_for_app(page)
    claims.locator("svg text", has_text="Otros países").wait_for(timeout=30_000)
    assert names <= set(chart_texts(claims)) and "El Salvador" not in chart_texts(claims)
    page.context.close()


def test_switching_language_in_the_sidebar_keeps_the_chosen_period(app_server, chromium) -> None:
    page = open_page(chromium, app_server, "/?lang=es", "es-MX")
    page.get_by_test_id("stSidebarNav").get_by_text("Llegadas").click()
    wait_for_app(page)
    page.get_by_test_id("stButton").filter(has_text="Siguiente").click()  # from 2024 round to the first period
    page.get_by_text("Solicitudes por oficina y estado: 2011").wait_for(timeout=30_000)
    page.get_by_test_id("stSidebar").get_by_text("English").click()
    page.get_by_text("Claims by office and state: 2011").wait_for(timeout=30_000)
    assert "lang=en" in page.url and "arrivals_period=2011" in page.url
    page.get_by_text("No breakdown by office was published for 2011").wait_for(timeout=30_000)
    page.screenshot(path="/tmp/officials-arrivals-switched.png", full_page=True)
    assert other_hosts(page) == []
    page.context.close()


def test_a_filter_survives_a_language_switch_and_a_reload(app_server, chromium) -> None:
    page = open_page(chromium, app_server, "/?lang=es", "es-MX")
    page.get_by_test_id("stSidebarNav").get_by_text("Tendencias").click()
    wait_for_app(page)
    page.goto(page.url.split("?")[0] + "?lang=es&trends_nations=Hait%C3%AD")
    wait_for_app(page)
    page.get_by_test_id("stSidebar").get_by_text("English").click()
    page.get_by_text("Asylum claims per year by nationality").wait_for(timeout=30_000)
    wait_for_app(page)
    page.wait_for_function("() => location.search.includes('trends_nations=hti')", timeout=30_000)  # the code
    page.reload()
    wait_for_app(page)
    claims = page.locator(f".st-key-trends_claims_chart {ECHARTS}")
    claims.locator("svg text", has_text="Other countries").wait_for(timeout=30_000)
    assert "Haiti" in chart_texts(claims) and "Honduras" not in chart_texts(claims)
    page.context.close()


def test_the_frame_asks_no_other_host_for_its_icon(app_server, chromium) -> None:
    page = open_page(chromium, app_server, "/?lang=es", "es-MX")
    page.get_by_text("Cifras a junio de 2020").wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    blocked = other_hosts(page)
    page.context.close()
    assert blocked == []


def test_a_shared_deep_link_on_a_fresh_server_opens_inside_the_frame(tmp_path, chromium) -> None:
    server = start_app(tmp_path)
    try:
        page = new_page(chromium, "en-US")
        page.goto(server.url + "/trends?lang=en&trends_top=3")
        wait_for_app(page)
        page.get_by_text("Asylum claims per year by nationality").wait_for(timeout=30_000)
        # expect() retries: on a loaded machine the sidebar's widgets can draw a moment after its navigation
        expect(page.get_by_test_id("stSidebar")).to_contain_text("Language", timeout=30_000)
        expect(page.get_by_test_id("stSidebar")).to_contain_text("Overview")
        page.context.close()
    finally:
        server.stop()


# what each browser language shows of the Arrivals period: the year control, the slider within the year, the map's
# title and the cumulative note (mirps_dash/catalogue/officials.py), and the labels of 2022's periods
PERIOD_WORDS = {
    "es-MX": {
        "year": "Año (solo años con cifras por oficina o estado)",
        "within": "Periodo dentro del año",
        "title": "Solicitudes por oficina y estado: {period}",
        "cumulative": "{period} es un periodo acumulado",
        "jan_oct": "ene–oct 2022",
        "jan_jun": "ene–jun 2022",
    },
    "en-US": {
        "year": "Year (only years with figures by office or state)",
        "within": "Period within the year",
        "title": "Claims by office and state: {period}",
        "cumulative": "{period} is a cumulative period",
        "jan_oct": "Jan–Oct 2022",
        "jan_jun": "Jan–Jun 2022",
    },
}


@pytest.mark.parametrize("locale", ["es-MX", "en-US"])
def test_the_arrivals_period_is_chosen_by_year_then_within_the_year(app_server, chromium, locale: str) -> None:
    words = PERIOD_WORDS[locale]
    page = open_page(chromium, app_server, "/arrivals", locale)
    title = page.get_by_role("heading", name=words["title"].format(period="2024"))
    title.wait_for(timeout=30_000)
    years = page.locator(".st-key-arrivals_period_year")
    expect(years).to_contain_text(words["year"])
    years.get_by_role("radio", name="2022", exact=True).click()  # one click from 2024 back to 2022
    page.get_by_role("heading", name=words["title"].format(period="2022")).wait_for(timeout=30_000)
    page.wait_for_function("() => location.search.includes('arrivals_period=2022')", timeout=30_000)
    within = page.locator(".st-key-arrivals_period_within")
    expect(within).to_contain_text(words["within"])
    # 2022 has a month-and-a-half, two January-to-date figures and the whole year: the year first, each in sight
    expect(within.get_by_role("radio", name="2022", exact=True)).to_be_checked()
    within.get_by_role("radio", name=words["jan_oct"], exact=True).click()
    page.get_by_role("heading", name=words["title"].format(period=words["jan_oct"])).wait_for(timeout=30_000)
    wait_for_app(page)
    jan_jun = words["jan_jun"]
    within.get_by_role("radio", name=jan_jun, exact=True).click()
    page.get_by_role("heading", name=words["title"].format(period=jan_jun)).wait_for(timeout=30_000)
    page.get_by_text(words["cumulative"].format(period=jan_jun)).wait_for(timeout=30_000)  # said under the title
    page.wait_for_function("() => location.search.includes('arrivals_period=2022-01_2022-06')", timeout=30_000)
    expect(page.locator(".st-key-arrivals_2022-01_2022-06_widemap svg.marks")).to_have_count(1)  # its map
    wait_for_app(page)
    years.get_by_role("radio", name="2011", exact=True).click()  # a year with one period: no choice within it
    page.get_by_role("heading", name=words["title"].format(period="2011")).wait_for(timeout=30_000)
    page.wait_for_function("() => location.search.includes('arrivals_period=2011')", timeout=30_000)
    expect(within).to_have_count(0)
    assert other_hosts(page) == []
    page.context.close()


# About's "download everything shown": its button, and the headers its tables show in each language
ABOUT_ZIP = {
    "es-MX": {
        "button": "Descargar todo lo mostrado",
        "about_sources.csv": ["Cifras de", "Título", "Licencia", "Al", "Dirección", "Nota"],
        "about_glossary.csv": ["Español", "English", "Significado"],
    },
    "en-US": {
        "button": "Download everything shown",
        "about_sources.csv": ["Figures from", "Title", "Licence", "As of", "URL", "Note"],
        "about_glossary.csv": ["Español", "English", "Meaning"],
    },
}


# About's tables: a header each page shows, and the glossary's meaning of UNHCR
ABOUT_TABLES = {
    "es-MX": ("Licencia", "Significado", "Alto Comisionado de las Naciones Unidas para los Refugiados."),
    "en-US": ("Licence", "Meaning", "United Nations High Commissioner for Refugees."),
}


@pytest.mark.parametrize("locale", ["es-MX", "en-US"])
def test_about_s_tables_are_text_to_read_find_and_follow_without_a_data_grid(app_server, chromium, locale: str) -> None:
    licence, meaning, unhcr = ABOUT_TABLES[locale]
    page = open_page(chromium, app_server, "/about", locale)
    sources = page.locator("table").filter(has=page.get_by_role("columnheader", name=licence, exact=True))
    listed = pd.read_csv(DATA_DIR / "sources.csv", dtype=str)
    expect(sources.locator("tbody tr")).to_have_count(int((~listed["source_id"].str.startswith("comar-press-")).sum()))
    link = sources.get_by_role("link", name="https://www.unhcr.org/refugee-statistics/", exact=True)
    assert link.get_attribute("href") == "https://www.unhcr.org/refugee-statistics/"
    glossary = page.locator("table").filter(has=page.get_by_role("columnheader", name=meaning, exact=True))
    expect(glossary.locator("tr").filter(has_text="UNHCR").locator("td").last).to_have_text(unhcr)
    assert not loaded_data_grid(page)  # a page of text fetches no grid bundle
    assert other_hosts(page) == []
    page.context.close()


@pytest.mark.parametrize("locale", ["es-MX", "en-US"])
def test_about_offers_every_table_it_shows_as_csv_files_in_one_zip(
    app_server, chromium, tmp_path: Path, locale: str
) -> None:
    expected = ABOUT_ZIP[locale]
    page = open_page(chromium, app_server, "/about", locale)
    button = page.get_by_test_id("stSidebar").get_by_test_id("stDownloadButton").filter(has_text=expected["button"])
    with page.expect_download() as info:
        button.locator("button").first.click()  # two match, as in test_browser_exports
    info.value.save_as(tmp_path / info.value.suggested_filename)
    page.context.close()
    archive = zipfile.ZipFile(tmp_path / "mirps-about.zip")
    tables = ["about_sources.csv", "about_press.csv", "about_glossary.csv", "about_versions.csv"]
    assert sorted(archive.namelist()) == sorted(["README.txt", *tables])
    archive.extractall(tmp_path)
    read = {name: pd.read_csv(tmp_path / name) for name in tables}  # the header on the first line, nothing before
    assert list(read["about_sources.csv"].columns) == expected["about_sources.csv"]
    assert list(read["about_glossary.csv"].columns) == expected["about_glossary.csv"]
    sources = pd.read_csv(DATA_DIR / "sources.csv", dtype=str)
    press = sources["source_id"].str.startswith("comar-press-")
    assert len(read["about_sources.csv"]) == (~press).sum() and len(read["about_press.csv"]) == press.sum()
    assert set(read["about_press.csv"].iloc[:, 0]) == set(sources.loc[press, "source_id"])  # every report, by id
    assert "seed" in read["about_versions.csv"].astype(str).to_numpy()  # the versions in use, as on the page
    readme = (tmp_path / "README.txt").read_text(encoding="utf-8-sig")
    assert "/about" in readme and all(name in readme for name in tables)

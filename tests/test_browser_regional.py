"""Real browser, every request to another host blocked: the regional page draws its map of the seven MIRPS states
and the charts of each of its sections (tabs) in es-MX and en, with a focus state from the address, names each chart
for screen readers, and keeps the open section in the address through a reload and a language switch."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser import VEGA_CHART, VEGA_MAP, new_page, other_hosts, wait_for_app
from tests.test_browser_officials import coloured_share

pytestmark = pytest.mark.browser
# the sections after the first (its claims chart), each tab by its label, and how many charts it draws
SECTIONS = {
    "es-MX": [("Año por año", 1), ("Tasas de reconocimiento", 1), ("Población acogida", 2), ("Orígenes", 1)],
    "en-US": [("Year by year", 1), ("Recognition rates", 1), ("Population hosted", 2), ("Origins", 1)],
}
# the charts drawn in the open section (the map is above the tabs; Streamlit draws the open tab's panel alone)
SECTION_CHARTS = f"[role='tabpanel']:visible {VEGA_CHART} svg.marks"
# the origins chart (Mexico's, the default focus), by the sentence that names it for screen readers
ORIGINS_CHART = f"[role='tabpanel'] {VEGA_CHART}[aria-label*='325,534'] svg.marks"


def open_section(page, tab: str) -> None:
    """Click a section's tab, as a reader does, and wait for the run it starts."""
    page.get_by_role("tab", name=tab, exact=True).click()
    expect(page.get_by_role("tab", name=tab, exact=True)).to_have_attribute("aria-selected", "true")
    wait_for_app(page)


@pytest.mark.parametrize(
    ("locale", "path", "text", "focus_text"),
    [
        ("es-MX", "/regional", "Mapa de la región, 2025", "México: 70,482 personas, lugar 1 de 6"),
        (
            "en-US",
            "/regional?lang=en&regional_focus=gtm",
            "Map of the region, 2025",
            "Guatemala: 1,373 persons, place 3 of 6",
        ),
    ],
)
def test_the_regional_page_draws_its_map_offline_with_the_focus_state(
    app_server, chromium, locale: str, path: str, text: str, focus_text: str
) -> None:
    page = new_page(chromium, locale)
    page.goto(app_server.url + path)
    wait_for_app(page)
    page.get_by_text(text).first.wait_for(timeout=30_000)
    page.get_by_text(focus_text).first.wait_for(timeout=30_000)
    page.get_by_text("Made with Natural Earth").first.wait_for(timeout=30_000)
    page.get_by_test_id("stVegaLiteChart").nth(1).wait_for(state="attached", timeout=30_000)  # wide, phone (hidden)
    # the map, then the first section's chart (claims): a first visit draws no other section's
    page.locator(f"{VEGA_CHART}:visible svg.marks").nth(1).wait_for(timeout=30_000)
    expect(page.locator(SECTION_CHARTS)).to_have_count(1)
    shown_map = page.locator(f".st-key-fitmap_regional_map {VEGA_MAP}:visible")
    shown_map.locator("path").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    png = shown_map.screenshot(path=f"/tmp/regional-map-{locale}.png")
    assert coloured_share(png, (0x0A, 0x4F, 0x86), 60) > 0.002  # Mexico, the darkest state
    assert coloured_share(png, (0xEE, 0xEE, 0xEE)) > 0.002  # Panama, counted in cases: grey
    assert coloured_share(png, (0xD5, 0x5E, 0x00), 60) > 0.0005  # the focus state's outline
    assert page.locator("[aria-label*='70,482']").count() > 0  # a chart named for screen readers by its sentence
    for tab, charts in SECTIONS[locale]:  # trend, rates, refugees and asylum-seekers, origins: each in its tab
        open_section(page, tab)
        expect(page.locator(SECTION_CHARTS)).to_have_count(charts)
        expect(page.locator(f"[role='tabpanel'] {VEGA_CHART}[aria-label]")).to_have_count(charts)  # each named
    assert page.locator("[data-testid='stEChartsChart']").count() == 0  # one engine, Vega-Lite, in every section
    assert "regional_focus=gtm" in page.url or "regional_focus" not in path
    assert other_hosts(page) == []
    page.context.close()


def section_param(page) -> list[str]:
    return parse_qs(urlparse(page.url).query).get("regional_section", [])


def test_the_open_section_is_in_the_address_through_a_reload_and_a_language_switch(app_server, chromium) -> None:
    page = new_page(chromium, "en-US")
    page.goto(app_server.url + "/regional?lang=en")
    wait_for_app(page)
    expect(page.get_by_role("tab", name="Claims", exact=True)).to_have_attribute("aria-selected", "true")
    assert section_param(page) == []  # the first section is the page's plain address
    open_section(page, "Origins")
    origins = page.locator(ORIGINS_CHART)
    origins.wait_for(timeout=30_000)
    page.get_by_role("heading", name="Where they come from").wait_for(timeout=30_000)
    page.wait_for_function("() => location.search.includes('regional_section=origins')", timeout=30_000)

    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("tab", selected=True)).to_have_text("Origins")
    origins.wait_for(timeout=30_000)
    assert section_param(page) == ["origins"]

    page.get_by_test_id("stSidebar").get_by_text("Español").click()
    wait_for_app(page)
    expect(page.get_by_role("tab", selected=True)).to_have_text("Orígenes")
    page.get_by_role("heading", name="De dónde vienen").wait_for(timeout=30_000)
    origins.wait_for(timeout=30_000)
    page.wait_for_function("() => location.search.includes('lang=es')", timeout=30_000)
    assert section_param(page) == ["origins"]  # the code, not the label

    open_section(page, "Solicitudes")
    page.get_by_role("heading", name="Solicitudes de asilo presentadas").wait_for(timeout=30_000)
    page.wait_for_function("() => !location.search.includes('regional_section')", timeout=30_000)
    expect(page.locator(SECTION_CHARTS)).to_have_count(1)  # the claims chart alone: the origins chart is gone
    expect(page.locator(ORIGINS_CHART)).to_have_count(0)
    assert section_param(page) == [] and parse_qs(urlparse(page.url).query)["lang"] == ["es"]
    assert other_hosts(page) == []
    page.context.close()

"""Real browser, every request to another host blocked: the regional page draws its map of the seven MIRPS states
and its charts in es-MX and en, with a focus state from the address, and names each chart for screen readers."""

from __future__ import annotations

import pytest

from tests.browser import VEGA_CHART, VEGA_MAP, new_page, other_hosts, wait_for_app
from tests.test_browser_officials import coloured_share

pytestmark = pytest.mark.browser


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
    # the map, then claims, trend, rates, refugees, asylum-seekers, origins: one engine, Vega-Lite
    page.locator(f"{VEGA_CHART}:visible svg.marks").nth(6).wait_for(timeout=30_000)
    assert page.locator("[data-testid='stEChartsChart']").count() == 0
    shown_map = page.locator(f".st-key-fitmap_regional_map {VEGA_MAP}:visible")
    shown_map.locator("path").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    png = shown_map.screenshot(path=f"/tmp/regional-map-{locale}.png")
    assert coloured_share(png, (0x0A, 0x4F, 0x86), 60) > 0.002  # Mexico, the darkest state
    assert coloured_share(png, (0xEE, 0xEE, 0xEE)) > 0.002  # Panama, counted in cases: grey
    assert coloured_share(png, (0xD5, 0x5E, 0x00), 60) > 0.0005  # the focus state's outline
    assert page.locator("[aria-label*='70,482']").count() > 0  # a chart named for screen readers by its sentence
    assert "regional_focus=gtm" in page.url or "regional_focus" not in path
    assert other_hosts(page) == []
    page.context.close()

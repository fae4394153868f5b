"""Real browser: the Overview draws its figures in es-MX and en with no request leaving the machine; the tab shows
the dashboard's own icon, from its own server."""

from __future__ import annotations

import pytest

from tests.browser import ROOT, new_page, other_hosts, wait_for_app

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("locale", "label"),
    [("es-MX", "Solicitudes de asilo registradas en 2025"), ("en-US", "Asylum claims lodged in 2025")],
)
def test_overview_follows_the_browser_language_offline(app_server, chromium, locale: str, label: str) -> None:
    page = new_page(chromium, locale)
    page.goto(app_server.url + "/")  # the Overview is the default page: it lives at the root
    wait_for_app(page)
    metric = page.get_by_test_id("stMetric").filter(has_text=label)
    assert "70,482" in metric.inner_text()
    assert page.get_by_text("Page not found").count() == 0
    assert other_hosts(page) == []
    page.context.close()


def test_the_tab_shows_the_dashboards_own_icon_from_this_server(app_server, chromium) -> None:
    page = new_page(chromium, "es-MX")
    page.goto(app_server.url + "/arrivals")
    wait_for_app(page)
    page.wait_for_function("() => document.querySelector('link[rel~=icon]')?.href.includes('favicon.png')")
    icon = page.evaluate("document.querySelector('link[rel~=icon]').href")
    answer = page.request.get(icon)
    assert icon.startswith(app_server.url + "/app/static/")
    assert answer.ok and answer.body() == (ROOT / "static" / "favicon.png").read_bytes()
    page.context.close()

"""Real browser: the release chosen under an Arrivals period is in the URL, survives a reload, and a new period
starts from its own first release."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import new_page, other_hosts, wait_for_app

pytestmark = pytest.mark.browser


def test_a_chosen_release_survives_a_reload_and_a_new_period_forgets_it(app_server, chromium) -> None:
    page = new_page(chromium, "en-US")
    page.goto(app_server.url + "/arrivals?lang=en&arrivals_period=2022")
    wait_for_app(page)
    page.get_by_text("Figures from one release: COMAR, via La Razón (2023-01).").wait_for(timeout=30_000)
    releases = page.get_by_test_id("stRadio").filter(has_text="Release")  # 2022's three, each in sight
    expect(releases.get_by_role("radio")).to_have_count(3)
    releases.get_by_text("COMAR, via En Cambio Diario (2023)").click()
    page.get_by_text("Figures from one release: COMAR, via En Cambio Diario (2023).").wait_for(timeout=30_000)
    page.wait_for_function("() => location.search.includes('arrivals_release=')", timeout=30_000)
    page.reload()
    wait_for_app(page)
    page.get_by_text("Figures from one release: COMAR, via En Cambio Diario (2023).").wait_for(timeout=30_000)
    page.get_by_test_id("stButton").filter(has_text="Next").click()
    page.get_by_text("Claims by office and state: Jan–Jun 2023").wait_for(timeout=30_000)
    page.get_by_text("Figures from one release: COMAR, via EFE via El Tiempo (Venezuela) (2023-07-11).").wait_for(
        timeout=30_000
    )
    page.wait_for_function("() => !location.search.includes('arrivals_release=')", timeout=30_000)
    assert other_hosts(page) == []
    page.context.close()

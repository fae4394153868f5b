"""Real browser on the Pledges page: filters survive a reload, a bar click filters, the downloads open in openpyxl
with no formula cells, and script or markup payloads in pledge fields stay inert text on every page."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from mirps_dash.ingest import read_table
from mirps_dash.validate import validate_table
from tests.browser import (
    PAGE_NAMES,
    VEGA_CHART,
    AppServer,
    chart_texts,
    chromium_missing,
    loaded_data_grid,
    new_page,
    other_hosts,
    start_app,
    wait_for_app,
)
from tests.test_pledges_page import PAYLOAD, SCRIPT, publish_payload_pledges

pytestmark = pytest.mark.browser
PAGES = PAGE_NAMES


def screenshot(page, name: str) -> None:
    """Keep a screenshot for a person to look at when MIRPS_SCREENSHOTS names a folder."""
    if folder := os.environ.get("MIRPS_SCREENSHOTS"):
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def open_page(page, url: str) -> None:
    """Go to a URL and wait until the page has drawn its charts (if any) and finished running."""
    page.goto(url)
    wait_for_app(page)
    page.get_by_test_id("stSidebar").get_by_test_id("stRadio").wait_for(timeout=60_000)
    wait_for_app(page)


def warm_up(chromium, server: AppServer) -> None:
    """First visit through the frame, so that later deep links are routed by st.navigation."""
    page = new_page(chromium, "es-MX")
    open_page(page, server.url + "/")
    page.context.close()


def url_params(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def open_charts(page) -> None:
    """Open the "Charts" section (the click-to-filter bars) by its tab, as a reader does: the list comes first."""
    page.get_by_role("tab", name="Charts", exact=True).click()
    expect(page.get_by_role("tab", name="Charts", exact=True)).to_have_attribute("aria-selected", "true")
    wait_for_app(page)


@pytest.fixture(scope="module")
def payload_server(tmp_path_factory: pytest.TempPathFactory, chromium) -> Iterator[AppServer]:
    """A dashboard whose pledges include script, markup and formula payloads."""
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("payload")
    publish_payload_pledges(folder / "browser.sqlite3")
    server = start_app(folder)
    warm_up(chromium, server)
    yield server
    server.stop()


def test_filters_and_search_survive_a_reload(app_server, chromium) -> None:
    warm_up(chromium, app_server)
    page = new_page(chromium, "es-MX")
    open_page(page, app_server.url + "/pledges")
    search = page.get_by_test_id("stTextInput").locator("input")
    search.fill("salud")
    search.press("Enter")
    wait_for_app(page)
    area = page.get_by_test_id("stMultiSelect").filter(has_text="Área de enfoque")
    area.locator("input").click()
    page.get_by_role("option", name="Salud", exact=True).click()
    page.keyboard.press("Escape")
    wait_for_app(page)
    page.get_by_text("3 de 88 compromisos").wait_for()
    params = url_params(page)
    assert params["pledges_search"] == ["salud"] and params["pledges_area"] == ["health"]

    page.reload()
    open_page(page, page.url)
    page.get_by_text("3 de 88 compromisos").wait_for()
    # expect() retries: under load the input can take a moment to show the value the server already applied
    expect(page.get_by_test_id("stTextInput").locator("input")).to_have_value("salud")
    expect(page.get_by_test_id("stMultiSelect").filter(has_text="Área de enfoque")).to_contain_text("Salud")
    screenshot(page, "pledges_reloaded")
    assert other_hosts(page) == []
    page.context.close()


def test_switching_language_keeps_the_filters_through_a_reload(app_server, chromium) -> None:
    warm_up(chromium, app_server)
    page = new_page(chromium, "es-MX")
    open_page(page, app_server.url + "/pledges?lang=es&pledges_area=Educaci%C3%B3n&pledges_status=Comprometido")
    page.get_by_text("8 de 88 compromisos").wait_for()
    page.get_by_test_id("stSidebar").get_by_text("English").click()
    page.get_by_text("8 of 88 pledges").wait_for()
    wait_for_app(page)
    assert url_params(page)["pledges_area"] == ["education"] and url_params(page)["pledges_status"] == ["pledged"]
    page.reload()
    open_page(page, page.url)
    page.get_by_text("8 of 88 pledges").wait_for()
    page.context.close()


@pytest.mark.parametrize("way", ["title", "table row"])
def test_a_pledge_opens_from_its_title_or_table_row_and_closing_it_leaves_the_url(
    app_server, chromium, way: str
) -> None:
    warm_up(chromium, app_server)
    page = new_page(chromium, "en-US")
    open_page(page, app_server.url + "/pledges?lang=en&pledges_area=Health")
    assert not loaded_data_grid(page)  # the list is text: no grid until its table view opens
    if way == "title":
        title_button = page.locator(".st-key-pledges_list_0 button")
        title, line = title_button.inner_text().splitlines()[-2:]  # after its icon: the title, its line under it
        label = title_button.get_by_test_id("stMarkdownContainer").locator("p")
        assert label.evaluate("p => getComputedStyle(p).textAlign") == "left"  # read from the left, as text
        title_button.click()
    else:
        table_view = page.get_by_test_id("stExpander").filter(has_text="View as a table").last
        table_view.locator("summary").click()
        grid = table_view.get_by_test_id("stDataFrame")
        grid.wait_for(timeout=30_000)
        grid.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 15, box["y"] + 52)  # the first row's selection box
    page.get_by_role("dialog").wait_for()
    wait_for_app(page)
    opened = url_params(page)["pledges_open"][0]
    assert opened in page.get_by_role("dialog").inner_text()
    if way == "title":
        assert line.startswith(opened) and title in page.get_by_role("dialog").inner_text()
    screenshot(page, f"pledges_{way.replace(' ', '_')}_opened")
    page.keyboard.press("Escape")
    page.get_by_role("dialog").wait_for(state="detached")
    # the dialog goes at once; the address loses the pledge with the rerun its dismissal starts
    page.wait_for_function("() => !new URLSearchParams(location.search).has('pledges_open')", timeout=30_000)
    wait_for_app(page)
    assert "pledges_open" not in url_params(page) and url_params(page)["pledges_area"] == ["health"]
    page.context.close()


def test_clicking_a_bar_filters_by_it_and_the_url_keeps_it(app_server, chromium) -> None:
    warm_up(chromium, app_server)
    page = new_page(chromium, "en-US")
    open_page(page, app_server.url + "/pledges?lang=en")
    open_charts(page)
    area_chart = page.locator(VEGA_CHART).filter(has_text="Pledges by area")
    education = area_chart.locator("svg text", has_text="Education")
    education.wait_for()
    label = education.bounding_box()
    # the bar starts at the axis, just right of its label, on the label's line
    page.mouse.click(label["x"] + label["width"] + 20, label["y"] + label["height"] / 2)
    page.get_by_text("10 of 88 pledges").wait_for(timeout=30_000)
    wait_for_app(page)
    assert url_params(page)["pledges_area"] == ["education"] and url_params(page)["pledges_section"] == ["charts"]
    expect(page.get_by_role("tab", name="Charts", exact=True)).to_have_attribute("aria-selected", "true")
    screenshot(page, "pledges_bar_clicked")
    page.context.close()


def download(page, label: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").filter(has_text=label).locator("button").click()
    return Path(info.value.path()).read_bytes()


def test_exports_open_in_openpyxl_with_no_formula_cells(payload_server, chromium) -> None:
    page = new_page(chromium, "en-US")
    open_page(page, payload_server.url + "/pledges?lang=en&pledges_area=Health")
    page.get_by_text("4 of 90 pledges").wait_for()
    workbook = load_workbook(io.BytesIO(download(page, "Download Excel")))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert cells and not [cell for cell in cells if cell.data_type == "f"]
    rows = list(workbook["pledges"].iter_rows(values_only=True))
    area = rows[0].index("area_of_focus")
    assert len(rows) == 5 and {row[area] for row in rows[1:]} == {"Health"}
    assert '\'=HYPERLINK("http://x")' in [row[1] for row in rows]
    about = [row[0] for row in workbook["about"].iter_rows(values_only=True)]
    assert about[0].startswith("Source: mirps-dash") and about[3] == "Filters: Area of focus = Health"
    assert "not the official export" in about[2]

    data = download(page, "Download CSV")
    text = data.decode("utf-8-sig")
    assert text.startswith("pledge_id,") and "'=HYPERLINK" in text and "'@SUM(A1)" in text
    report = validate_table("pledges", read_table("pledges", data))
    assert report.ok and len(report.frame) == 4
    page.context.close()


def test_a_payload_in_a_chart_label_and_its_tooltip_is_shown_as_text(payload_server, chromium) -> None:
    page = new_page(chromium, "en-US")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_page(page, payload_server.url + "/pledges?lang=en&pledges_search=img")
    open_charts(page)
    entity_chart = page.locator(VEGA_CHART).filter(has_text="Pledges by entity type")
    label = entity_chart.locator("svg text", has_text=PAYLOAD)
    label.wait_for()
    assert PAYLOAD in chart_texts(entity_chart)  # drawn as the text it is, never escaped twice
    where = label.bounding_box()
    page.mouse.move(where["x"] + where["width"] + 15, where["y"] + where["height"] / 2)  # on its bar
    expect(page.locator("#vg-tooltip-element")).to_contain_text(PAYLOAD)  # Vega's tooltip, as text
    screenshot(page, "pledges_payload_chart")
    assert page.locator("img[src='x']").count() == 0 and dialogs == []
    page.context.close()


@pytest.mark.parametrize("name", PAGES)
def test_payloads_in_pledge_fields_are_inert_on_every_page(payload_server, chromium, name: str) -> None:
    page = new_page(chromium, "en-US")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    query = "?lang=en&pledges_open=XSS-1&pledges_search=img" if name == "pledges" else "?lang=en"
    open_page(page, f"{payload_server.url}/{name}{query}")
    page.wait_for_timeout(1000)
    if name == "pledges":
        screenshot(page, "pledges_payload")
        detail = page.get_by_role("dialog").inner_text()
        assert detail.count(PAYLOAD) == 5  # dialog title, both titles, entity type, location
        assert detail.count(SCRIPT) == 2  # description, entity
        assert "Source: [click](javascript:alert(3))" in detail and "No online link." in detail
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert dialogs == []
    assert other_hosts(page) == []
    page.context.close()

"""Real browser: every page opens by address as a fresh server's first visit, and a link copied in English shows the
same filters and pledge in a Spanish browser (codes in the address, labels on the screen)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from playwright.sync_api import expect

from mirps_dash.service import DATA_DIR
from tests.browser import AppServer, chromium_missing, new_page, other_hosts, start_app, wait_for_app

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
# Every file in pages/ at its address (the Overview's file also at /overview), walked, so a new page is covered.
ADDRESSES = sorted({"/" + path.stem for path in (ROOT / "pages").glob("*.py")} | {"/"})
PLEDGES = pd.read_csv(DATA_DIR / "pledges.csv", dtype=str).fillna("")
EDUCATION = PLEDGES[PLEDGES["area_of_focus"] == "Education"]


def open_page(page, url: str) -> None:
    """Go to a URL and wait until the frame (its language switch) and the page have finished running."""
    page.goto(url)
    wait_for_app(page)
    page.get_by_test_id("stSidebar").get_by_test_id("stRadio").wait_for(timeout=60_000)
    wait_for_app(page)


def share_link(page) -> str:
    """The address the sidebar offers to copy."""
    return page.get_by_test_id("stSidebar").get_by_test_id("stText").filter(has_text="http").first.inner_text()


def params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[AppServer]:
    """A server no browser has visited yet (Streamlit routes its first visit differently: see ui.require_frame)."""
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)
    server = start_app(tmp_path)
    yield server
    server.stop()


@pytest.mark.parametrize("address", ADDRESSES)
def test_every_page_opens_by_address_on_a_fresh_server_with_no_dialog(fresh_server, chromium, address: str) -> None:
    page = new_page(chromium, "es-MX")
    open_page(page, fresh_server.url + address + "?lang=es")
    assert page.get_by_text("Page not found").count() == 0
    assert page.get_by_role("dialog").count() == 0
    assert page.get_by_test_id("stSidebar").get_by_text("Idioma").count() == 1  # the frame ran: its language switch
    title = page.locator("h1").first.inner_text()
    if address == "/data":  # the sign-in page offers no view to share
        assert title == "Acceso del personal"
    else:
        link = share_link(page)
        assert urlparse(link).path.rstrip("/") == ("" if address in ("/", "/overview") else address)
        assert params(link)["lang"] == ["es"]
        other = new_page(chromium, "en-US")
        open_page(other, link)  # the offered address works, in another browser
        assert other.get_by_text("Page not found").count() == 0
        assert other.locator("h1").first.inner_text() == title
        other.context.close()
    assert other_hosts(page) == []
    page.context.close()


@pytest.fixture(scope="module")
def links_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)
    server = start_app(tmp_path_factory.mktemp("links"))
    yield server
    server.stop()


def test_a_link_copied_in_english_shows_the_same_filters_and_pledge_in_a_spanish_browser(
    links_server, chromium
) -> None:
    pledge = EDUCATION.iloc[0]
    english = new_page(chromium, "en-US")
    open_page(english, links_server.url + "/pledges?pledges_area=Education")  # the README's link: a label
    english.get_by_text(f"{len(EDUCATION)} of 88 pledges").wait_for()
    status = english.get_by_test_id("stMultiSelect").filter(has_text="Status")
    status.locator("input").click()
    english.get_by_role("option", name="Pledged", exact=True).click()
    english.keyboard.press("Escape")
    wait_for_app(english)
    english.wait_for_function("() => location.search.includes('pledges_status=pledged')", timeout=30_000)
    shown = english.get_by_text(" of 88 pledges").first.inner_text().split()[0]
    english.goto(english.url + f"&pledges_open={pledge['pledge_id']}")  # open the pledge, then copy the link
    wait_for_app(english)
    english.get_by_role("dialog").wait_for()
    assert params(share_link(english)) == params(english.url)  # the sidebar offers the same address
    copied = english.url
    assert params(copied)["pledges_area"] == ["education"] and params(copied)["pledges_status"] == ["pledged"]
    english.context.close()

    spanish = new_page(chromium, "es-MX")
    open_page(spanish, copied)
    dialog = spanish.get_by_role("dialog")
    dialog.wait_for()
    expect(dialog).to_contain_text(pledge["title_en"])  # the link said English
    dialog.get_by_text("Español").click()  # the switch inside the open pledge (the sidebar is inert under it)
    wait_for_app(spanish)
    expect(spanish.get_by_role("dialog")).to_contain_text(pledge["title_es"] or pledge["title_en"])
    assert params(spanish.url)["pledges_open"] == [pledge["pledge_id"]] and params(spanish.url)["lang"] == ["es"]
    spanish.keyboard.press("Escape")
    spanish.get_by_role("dialog").wait_for(state="detached")
    wait_for_app(spanish)
    spanish.get_by_text(f"{shown} de 88 compromisos").wait_for()
    expect(spanish.get_by_test_id("stMultiSelect").filter(has_text="Área de enfoque")).to_contain_text("Educación")
    expect(spanish.get_by_test_id("stMultiSelect").filter(has_text="Estatus")).to_contain_text("Comprometido")
    assert params(spanish.url)["pledges_area"] == ["education"] and params(spanish.url)["pledges_status"] == ["pledged"]
    assert spanish.get_by_test_id("stSidebar").get_by_text("Idioma").count() == 1
    spanish.context.close()


def test_a_link_without_a_language_shows_the_same_filters_in_the_browsers_language(links_server, chromium) -> None:
    page = new_page(chromium, "es-MX")
    open_page(page, links_server.url + "/trends?trends_nations=hti&trends_years=2019-2023&trends_rate=protection_rate")
    expect(page.get_by_test_id("stCaptionContainer").filter(has_text="Años 2019–2023 · Haití")).to_have_count(1)
    page.get_by_test_id("stPopover").filter(has_text="Filtros").get_by_role("button").click()
    expect(page.get_by_test_id("stMultiSelect").filter(has_text="Nacionalidades")).to_contain_text("Haití")
    assert params(page.url)["trends_nations"] == ["hti"] and params(page.url)["trends_years"] == ["2019-2023"]
    page.get_by_test_id("stSidebar").get_by_text("English").click()
    wait_for_app(page)
    # The switch's label follows in the same run: once the run ends, the one switch reads "Language" (while it runs,
    # Streamlit still shows the previous run's "Idioma" switch faded beside the new one).
    switches = page.get_by_test_id("stSidebar").get_by_test_id("stRadio")
    expect(switches).to_have_count(1)
    expect(switches).to_contain_text("Language")
    expect(page.get_by_test_id("stCaptionContainer").filter(has_text="Years 2019–2023 · Haiti")).to_have_count(1)
    if not page.get_by_test_id("stPopoverBody").is_visible():  # a click in the sidebar may have left it open
        page.get_by_test_id("stPopover").filter(has_text="Filters").get_by_role("button").click()
    expect(page.get_by_test_id("stMultiSelect").filter(has_text="Nationalities")).to_contain_text("Haiti")
    assert params(page.url)["trends_nations"] == ["hti"] and params(page.url)["trends_rate"] == ["protection_rate"]
    page.context.close()

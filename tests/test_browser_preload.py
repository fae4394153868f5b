"""Real browser: each page's HTML asks for exactly the frontend chunks its first screen draws (mirps_dash.preload).

A cold visit of the page on a server started without the preloads (MIRPS_PRELOAD=off) shows which chunks the
page fetches as its elements arrive; the preloads must be those, no fewer (a chunk left to load late) and no
more (bytes the page would not otherwise fetch, which would count against every first visit).
"""

from __future__ import annotations

import gzip
import re
import urllib.request
from collections.abc import Iterator

import pytest

from mirps_dash.i18n import t
from tests.browser import PAGE_NAMES, AppServer, chromium_missing, new_page, start_app, wait_for_app

pytestmark = pytest.mark.browser

CHUNK = re.compile(r'static/js/([\w.\-]+\.js)"')
CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"], [data-testid="stEChartsChart"]')]
  .filter(e => e.checkVisibility()).every(e => e.querySelector('canvas, svg'))"""


@pytest.fixture(scope="module")
def plain_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The dashboard without the preloads."""
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)
    server = start_app(tmp_path_factory.mktemp("plain"), {"MIRPS_PRELOAD": "off"})
    yield server
    server.stop()


def chunks_in_html(url: str) -> set[str]:
    """The chunks a page's HTML names, as a browser receives it: gzipped (Streamlit zips it for every browser)."""
    asked = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(asked, timeout=30) as answer:  # the test's own local server
        body = answer.read()
        if answer.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
    return set(CHUNK.findall(body.decode()))


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_a_page_preloads_exactly_the_chunks_its_first_visit_fetches(
    app_server, plain_server, chromium, name: str
) -> None:
    path = "/" if name == "overview" else f"/{name}"
    own = chunks_in_html(plain_server.url + path)  # what Streamlit's index.html loads itself
    preloaded = chunks_in_html(app_server.url + path) - own
    page = new_page(chromium, "es-MX")
    page.goto(plain_server.url + path)
    wait_for_app(page)
    page.wait_for_function(CHARTS_DRAWN, timeout=60_000)
    page.wait_for_timeout(1_000)  # a chunk that arrives late still counts
    fetched = {url.split("?")[0].rsplit("/", 1)[-1] for url in page.requested if "/static/js/" in url}
    assert preloaded and fetched - own == preloaded
    page.context.close()


@pytest.mark.parametrize("name", ["trends", "pledges"])
def test_a_page_opened_at_its_own_address_finds_the_server_at_once(app_server, plain_server, chromium, name) -> None:
    # Streamlit's frontend asked /trends/_stcore/health first, got a 404 and only then the app's own address
    # (streamlit#7074); the page names the server's address, with or without the preloads
    for server in (app_server, plain_server):
        page = new_page(chromium, "es-MX")
        page.goto(f"{server.url}/{name}?lang=en")
        wait_for_app(page)
        asked = [url.split("?")[0].removeprefix(server.url) for url in page.requested if "/_stcore/" in url]
        assert f"/{name}/_stcore/health" not in asked and asked.count("/_stcore/health") == 1, asked
        assert page.locator("h1").first.inner_text().startswith(t(f"page_{name}", "en"))  # the page, in its language
        page.context.close()

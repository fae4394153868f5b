"""Real-browser harness: `streamlit run` on a free port against a fresh store, and Debian's Chromium.

Every request to a host other than the app's is blocked and recorded, so a test can prove that a page
draws with no internet (no CDN, no tile server, no web fonts).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest

from bench.servers import Server, start

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[1]
# Every page by its address (pages/<name>.py is served at /<name>): a new page is in every walk without an edit.
PAGE_NAMES = tuple(sorted(path.stem for path in (ROOT / "pages").glob("*.py")))
CHROMIUM = os.environ.get("MIRPS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


AppServer = Server  # a running `streamlit run asgi.py` (the app behind its guard, as served): url, process, stop()


def start_app(tmp_dir: Path, extra_env: dict[str, str] | None = None) -> AppServer:
    """Start the dashboard on a free port with its own SQLite store (unless extra_env names a database)."""
    env = {"MIRPS_DATABASE_URL": "", "MIRPS_SQLITE_PATH": str(tmp_dir / "browser.sqlite3"), **(extra_env or {})}
    return start(ROOT / "asgi.py", ROOT, tmp_dir, env=env, timeout=60)


STAFF_EMAIL, STAFF_PASSWORD = "ana@example.org", "correct horse battery"


@pytest.fixture(scope="module")
def staff_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AppServer, Path]]:
    """A dashboard on its own store (one per test module), with one staff account made through the command line."""
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)
    tmp = tmp_path_factory.mktemp("staff_app")
    env = {**os.environ, "MIRPS_SQLITE_PATH": str(tmp / "browser.sqlite3")}
    env.pop("MIRPS_DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "mirps_dash", "staff", "add", STAFF_EMAIL, "--password-stdin"],
        cwd=ROOT,
        env=env,
        input=STAFF_PASSWORD + "\n",
        text=True,
        check=True,
        capture_output=True,
    )
    server = start_app(tmp)
    yield server, tmp
    server.stop()


def chromium_missing() -> str | None:
    """Why the browser tier cannot run here, or None."""
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


def run_coroutine(coroutine: Coroutine[object, object, T]) -> T:
    """asyncio.run in a thread of its own: the session's Playwright fixture keeps an event loop running in the
    main thread, where asyncio.run() refuses to start, so a test that runs a coroutine passes in any order."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """One dashboard server for the browser tests of a session."""
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)
    server = start_app(tmp_path_factory.mktemp("app"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """Debian's Chromium driven by Playwright."""
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import expect, sync_playwright

    # A rerun starts a moment after a click, and two test workers share two cores: expect() retries for 30 s, as
    # the waits here do (Playwright's 5 s made a language switch's same-run label fail under load).
    expect.set_options(timeout=30_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def new_page(chromium: object, locale: str = "es-MX", viewport: dict[str, int] | None = None):
    """A page in a fresh context whose requests to other hosts are blocked and kept (see `other_hosts`)."""
    context = chromium.new_context(
        locale=locale, viewport=viewport or {"width": 1400, "height": 1000}, accept_downloads=True
    )
    page = context.new_page()
    page.blocked = []
    page.requested = []  # every address the page asked for, in order (the chart bundles it loaded)
    page.on("request", lambda request: page.requested.append(request.url))

    def route(route_request) -> None:
        host = route_request.request.url.split("/")[2] if "//" in route_request.request.url else ""
        if host.split(":")[0] in ("127.0.0.1", "localhost") or route_request.request.url.startswith(("data:", "blob:")):
            route_request.continue_()
        else:
            page.blocked.append(route_request.request.url)
            route_request.abort()

    context.route("**/*", route)
    return page


# a chart drawn by ECharts (st.echarts_chart, renderer "svg"): its labels are <text> in the page
ECHARTS = "[data-testid='stEChartsChart']"


def chart_texts(chart) -> list[str]:
    """Every text an ECharts chart drew (title, legend, axis labels, value labels), in drawing order."""
    return [text.strip() for text in chart.locator("svg text").all_text_contents()]


# a map drawn by Vega-Lite (st.vega_lite_chart, rendered as SVG)
VEGA_MAP = "[data-testid='stVegaLiteChart'] svg.marks"
# a chart drawn by Vega-Lite (`charts.on_vega_lite`: Regional's and Pledges' charts), its labels <text> as well
VEGA_CHART = "[data-testid='stVegaLiteChart']"


def loaded_plotly(page) -> bool:
    """True once the page has fetched plotly's browser bundle (4.7 MB, PlotlyChart.*.js): no page needs it (the
    charts are ECharts, the maps Vega-Lite)."""
    return any("/PlotlyChart." in url for url in page.requested)


def loaded_data_grid(page) -> bool:
    """True once the page has fetched the data grid's bundle (DataFrame.*.js, with the Arrow and formatting chunks
    it pulls in, 1.5 MB): an st.dataframe on the page, such as an open table view."""
    return any("/DataFrame." in url for url in page.requested)


def other_hosts(page) -> list[str]:
    """Every address the page asked of a host other than the app's (each was blocked): the dashboard needs none,
    not even for its icon, so every browser test expects this to be empty, exactly."""
    return list(page.blocked)


@pytest.fixture
def browser_page(chromium: object) -> Iterator[object]:
    """A Spanish (es-MX) page; see new_page for other locales."""
    page = new_page(chromium)
    yield page
    page.context.close()


def wait_for_app(page) -> None:
    """Wait until Streamlit has finished running the script (no 'running' indicator)."""
    # Streamlit marks its root with the script's state: "initial" until the first run starts, then "running" and
    # "notRunning"; waiting only for the status widget to vanish returned before the first run had begun.
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(300)


def wait_for_page_style(page) -> None:
    """Wait until the dashboard's own style sheet (mirps_dash/assets/page.css: focus ring, closed sidebar out of
    the keyboard's path, one map of two) applies. st.html draws it once its code has loaded, which on a busy
    machine can be seconds after the run has ended."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('style')].some(s => s.textContent.includes('st-key-fitmap_'))",
        timeout=60_000,
    )

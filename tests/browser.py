"""Real-browser harness: `streamlit run` on a free port against a fresh store, and Debian's Chromium.

Every request to a host other than the app's is blocked and recorded, so a test can prove that a page
draws with no internet (no CDN, no tile server, no web fonts).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bench.servers import free_port

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("MIRPS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@dataclass
class AppServer:
    """A running `streamlit run app.py`."""

    url: str
    process: subprocess.Popen
    env: dict[str, str] = field(default_factory=dict)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_app(tmp_dir: Path, extra_env: dict[str, str] | None = None, port: int | None = None) -> AppServer:
    """Start the dashboard on a free port with its own SQLite store; wait for /_stcore/health."""
    port = port or free_port()
    env = {**os.environ, "MIRPS_SQLITE_PATH": str(tmp_dir / "browser.sqlite3"), **(extra_env or {})}
    if "MIRPS_DATABASE_URL" not in (extra_env or {}):
        env.pop("MIRPS_DATABASE_URL", None)
    with (tmp_dir / f"streamlit-{port}.log").open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited: {(tmp_dir / f'streamlit-{port}.log').read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return AppServer(url, process, env)
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("streamlit did not become healthy in 60 s")


def chromium_missing() -> str | None:
    """Why the browser tier cannot run here, or None."""
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


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
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def new_page(chromium: object, locale: str = "es-MX"):
    """A page in a fresh context whose requests to other hosts are blocked and listed in `page.blocked`."""
    context = chromium.new_context(locale=locale, viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.blocked = []

    def route(route_request) -> None:
        host = route_request.request.url.split("/")[2] if "//" in route_request.request.url else ""
        if host.split(":")[0] in ("127.0.0.1", "localhost") or route_request.request.url.startswith(("data:", "blob:")):
            route_request.continue_()
        else:
            page.blocked.append(route_request.request.url)
            route_request.abort()

    context.route("**/*", route)
    return page


@pytest.fixture
def browser_page(chromium: object) -> Iterator[object]:
    """A Spanish (es-MX) page; see new_page for other locales."""
    page = new_page(chromium)
    yield page
    page.context.close()


def wait_for_app(page) -> None:
    """Wait until Streamlit has finished running the script (no 'running' indicator)."""
    page.wait_for_selector("[data-testid='stApp']", timeout=30_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )
    page.wait_for_timeout(300)

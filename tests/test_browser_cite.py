"""Real browser (issue 16): a reader in es-MX copies the citation of the Overview's key figures; after a newer version
is published (through the command line), the cited permalink still shows the cited figure, under a banner whose
link leads to the current data."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.browser import ROOT, STAFF_EMAIL, new_page, other_hosts, wait_for_app

pytestmark = pytest.mark.browser
UPLOAD = "Periodo,Solicitudes,Fuente\n2026,99999,unhcr-stats\n"  # a newer UNHCR year: the key figure moves


def key_figure(page) -> str:
    """The Overview's first key figure, label and value ('Solicitudes de asilo registradas en 2025 70,482')."""
    metric = page.get_by_test_id("stMetric").first
    return (
        metric.get_by_test_id("stMetricLabel").inner_text() + " " + metric.get_by_test_id("stMetricValue").inner_text()
    )


def test_a_cited_permalink_shows_the_cited_figure_after_a_newer_version_in_es_mx(staff_app, chromium) -> None:
    server, tmp = staff_app
    page = new_page(chromium, "es-MX")
    page.goto(server.url + "/")
    page.get_by_test_id("stMetric").first.wait_for(timeout=60_000)
    wait_for_app(page)
    cited_figure = key_figure(page)
    page.get_by_role("button", name="Citar").first.click()
    citation = page.get_by_text("Vía mirps-dash").first
    citation.wait_for(timeout=30_000)
    permalink = citation.inner_text().rsplit(", ", 1)[1].strip()
    assert permalink.startswith(server.url) and "v=claims:" in permalink

    upload = tmp / "claims-2026-cite.csv"
    upload.write_text(UPLOAD, encoding="utf-8")
    env = {**os.environ, "MIRPS_SQLITE_PATH": str(tmp / "browser.sqlite3")}
    env.pop("MIRPS_DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "mirps_dash", "publish", "claims", str(upload), "--by", STAFF_EMAIL],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )

    page.goto(permalink)
    banner = page.get_by_text("Está viendo una versión anterior de los datos")
    banner.wait_for(timeout=60_000)
    wait_for_app(page)
    assert key_figure(page) == cited_figure

    current = page.get_by_role("link", name="ver la actual")
    assert "v=" not in (current.get_attribute("href") or "v=")
    page.goto(current.get_attribute("href"))
    page.get_by_test_id("stMetric").filter(has_text="2026").wait_for(timeout=60_000)
    wait_for_app(page)
    assert "99,999" in key_figure(page) and page.get_by_text("Está viendo una versión anterior").count() == 0
    assert other_hosts(page) == []
    page.context.close()

"""AppTest smoke test over every page, and what the Overview shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    "pages/overview.py",
    "pages/arrivals.py",
    "pages/trends.py",
    "pages/regional.py",
    "pages/pledges.py",
    "pages/about.py",
    "pages/data.py",
]


def open_app(page: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_page_runs_without_error(sqlite_env: Path, page: str, lang: str) -> None:
    at = open_app(page, lang=lang)
    assert not at.exception


def test_every_page_file_is_in_the_smoke_test() -> None:
    assert sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py")) == sorted(PAGES)


def test_overview_shows_latest_unhcr_figures_with_source(sqlite_env: Path) -> None:
    at = open_app(lang="en")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Asylum claims lodged in 2025"] == "70,482"
    assert metrics["Refugees at the end of 2025"] == "152,002"
    assert any("UNHCR" in c.value and "2025" in c.value for c in at.caption)

"""AppTest smoke test over every page, and what the Overview shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.shown_charts import chart_alts, chart_options

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


def test_each_overview_key_figure_has_a_line_of_its_last_ten_years_ending_at_its_value(sqlite_env: Path) -> None:
    at = open_app(lang="en")
    lines = [(alt, option) for alt, option in zip(chart_alts(at), chart_options(at), strict=True) if "line from" in alt]
    assert [alt.split(":")[0] for alt, _ in lines] == [m.label for m in at.metric]
    claims_alt, claims = lines[0]
    assert claims["xAxis"]["data"] == [str(year) for year in range(2016, 2026)]
    assert claims["series"][0]["data"][-1] == 70482  # the figure shown above it
    assert claims_alt.endswith(f"from 2016 to 2025, from {claims['series'][0]['data'][0]:,} to 70,482.")
    assert not at.get("vega_lite_chart")  # st.metric's own sparkline would fetch Vega-Lite's bundle too

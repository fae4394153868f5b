"""Real browser: the charts are ECharts, drawn as SVG with their labels as text. A label from data that looks like
markup, a label template or a formula is drawn literally. The maps are Vega-Lite, their tooltips text too. No page
fetches plotly's bundle, and a first visit to a chart page fetches no data grid (table views run when opened)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser import (
    ECHARTS,
    ROOT,
    VEGA_CHART,
    VEGA_MAP,
    AppServer,
    chart_texts,
    chromium_missing,
    loaded_data_grid,
    loaded_plotly,
    new_page,
    other_hosts,
    wait_for_app,
)

pytestmark = pytest.mark.browser
HOSTILE = ["<img src=x onerror=alert(1)>", "{b}", "{a|rich}", "=1+1", "&lt;b&gt;"]
# a page that draws one chart of each builder through the app's own `ui.chart`, every label hostile
HOSTILE_APP = f"""
import pandas as pd
from mirps_dash.charts import make_bar_chart, make_line_chart, make_ranked_bars
from mirps_dash.ui import chart

labels = {HOSTILE!r}
frame = pd.DataFrame({{"year": [2020 + i for i in range(len(labels))], "label": labels, "claims": range(1, 6)}})
chart(make_bar_chart(frame, "label", "claims", title=labels[0]), "en", "bars", alt="Bars")
chart(make_line_chart(frame, "year", "claims", "label", title=labels[1], y_title=labels[2]), "en", "lines", alt="Lines")
chart(make_ranked_bars(frame, "label", "claims", focus=labels[1], patterned=(labels[3],)), "en", "ranked", alt="Rows")
"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    from bench import servers

    if reason := chromium_missing():
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("hostile")
    script = folder / "hostile_charts.py"
    script.write_text(HOSTILE_APP, encoding="utf-8")
    server = servers.start(script, ROOT, folder, {"PYTHONPATH": str(ROOT)}, timeout=90)
    yield server
    server.stop()


def test_hostile_labels_are_drawn_as_literal_text(hostile_server, chromium) -> None:
    page = new_page(chromium, "en-US")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_server.url)
    wait_for_app(page)
    charts = page.locator(ECHARTS)
    charts.nth(2).locator("svg text").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)  # ECharts' entry animation
    for index, chart in enumerate(charts.all()):
        texts = chart_texts(chart)
        assert [label for label in HOSTILE if label in texts], (index, texts)
    drawn = {text for chart in charts.all() for text in chart_texts(chart)}
    assert set(HOSTILE) <= drawn  # '{b}' not replaced, '{a|rich}' not styled, '&lt;b&gt;' not unescaped
    bars = charts.first.locator("svg path").all()
    for bar in bars[-5:]:  # hover the bars: the tooltip shows the label as text too
        if (where := bar.bounding_box()) and where["height"] > 2:
            page.mouse.move(where["x"] + where["width"] / 2, where["y"] + where["height"] / 2)
            page.wait_for_timeout(200)
    assert page.locator("img[src='x']").count() == 0 and dialogs == []
    assert not loaded_plotly(page) and other_hosts(page) == []
    page.context.close()


@pytest.mark.parametrize(
    ("name", "engine", "has_map"),
    [
        ("overview", ECHARTS, False),
        ("trends", ECHARTS, False),
        ("pledges", VEGA_CHART, False),  # one engine: its charts Vega-Lite (the "Charts" tab), its list text
        ("arrivals", VEGA_CHART, True),
        ("regional", VEGA_CHART, True),  # one engine: its charts Vega-Lite like its map
    ],
)
def test_no_page_fetches_plotly_and_no_page_a_data_grid(
    app_server, chromium, name: str, engine: str, has_map: bool
) -> None:
    """plotly's bundle (4.7 MB) is never fetched: charts are ECharts (1.2 MB) or, on a page with a map or a
    selection, Vega-Lite (0.8 MB) like the maps; a page never fetches both. A table view runs when opened, so a
    first visit fetches no data grid (1.5 MB)."""
    page = new_page(chromium, "en-US")
    page.goto(f"{app_server.url}/{name}?lang=en")
    wait_for_app(page)
    if name == "pledges":  # its first section, the list, is text: no chart engine, no grid; its bars are a tab away
        assert page.get_by_role("tab", name="List", selected=True).count() == 1
        assert page.locator(f"{VEGA_CHART}, {ECHARTS}").count() == 0 and not loaded_data_grid(page)
        page.get_by_role("tab", name="Charts").click()
        wait_for_app(page)
    page.locator(f"{engine}:visible svg").first.wait_for(timeout=30_000)
    wait_for_app(page)
    page.wait_for_timeout(500)
    assert not loaded_plotly(page)
    assert (page.get_by_test_id("stEChartsChart").count() > 0) == (engine == ECHARTS)
    assert (page.locator(f"{VEGA_MAP}").count() > 0) == (engine == VEGA_CHART)
    assert (page.locator("[class*='st-key-fitmap_']").count() > 0) == has_map
    assert not loaded_data_grid(page)
    if name == "pledges":  # the list's table view (the Charts section has none)
        page.get_by_role("tab", name="List").click()
        wait_for_app(page)
    table_view = page.get_by_test_id("stExpander").filter(has_text="View as a table").first
    table_view.locator("summary").click()  # opened, it runs: its table, then its CSV
    table_view.get_by_test_id("stDataFrame").wait_for(timeout=30_000)
    if name != "pledges":  # a chart's table view (the Pledges' is the list's, its files below the sections)
        table_view.get_by_test_id("stDownloadButton").first.wait_for(timeout=30_000)
    assert loaded_data_grid(page)
    assert other_hosts(page) == []
    page.context.close()


# a page that draws one map through the app's own `ui.chart`, every label from data hostile; the shapes inline (a
# script outside the app's folder has no static/)
HOSTILE_MAP_APP = f"""
import json
import pandas as pd
from mirps_dash.maps import DISPLAY_SHAPES_PATH, make_arrivals_map
from mirps_dash.ui import chart

labels = {HOSTILE!r}
shapes = json.loads(DISPLAY_SHAPES_PATH.read_text(encoding="utf-8"))
by_state = pd.DataFrame({{"state": ["07"], "claims": [77450], "basis": ["partial"], "label": [labels[0]]}})
points = pd.DataFrame({{"office_id": ["x"], "name": [labels[0]], "state": ["09"], "latitude": [19.4],
                       "longitude": [-99.1], "claims": [5000], "status": ["office"]}})
chart(make_arrivals_map(shapes, sorted(f"{{n:02d}}" for n in range(1, 33)), by_state, points, "en"), "en", "map", alt="A map")
"""


def test_hostile_labels_in_map_tooltips_are_text(tmp_path_factory: pytest.TempPathFactory, chromium) -> None:
    from bench import servers

    folder = tmp_path_factory.mktemp("hostile_map")
    script = folder / "hostile_map.py"
    script.write_text(HOSTILE_MAP_APP, encoding="utf-8")
    server = servers.start(script, ROOT, folder, {"PYTHONPATH": str(ROOT)}, timeout=90)
    try:
        page = new_page(chromium, "en-US", viewport={"width": 1280, "height": 900})
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(server.url)
        wait_for_app(page)
        drawn = page.locator(f"{VEGA_MAP}:visible").first  # the wide map (no page.css here: both show)
        drawn.wait_for(timeout=30_000)
        page.wait_for_timeout(500)
        shown = []
        shapes, points = drawn.locator("g.mark-shape.role-mark"), drawn.locator("g.mark-symbol.role-mark path")
        for mark in (shapes.nth(1).locator("path"), points):  # the shaded state (the grey base is first), the office
            where = mark.first.bounding_box()
            assert where
            page.mouse.move(where["x"] + where["width"] / 2, where["y"] + where["height"] / 2)
            page.mouse.move(where["x"] + where["width"] / 2 + 1, where["y"] + where["height"] / 2)
            tooltip = page.locator("#vg-tooltip-element")
            tooltip.wait_for(timeout=10_000)
            shown.append(tooltip.inner_text())
        assert "Chiapas" in shown[0] and "77,450 claims (<img src=x onerror=alert(1)>)" in shown[0]
        assert "<img src=x onerror=alert(1)> (Ciudad de México)" in shown[1]
        assert page.locator("img[src='x']").count() == 0 and dialogs == []
        assert not loaded_plotly(page) and other_hosts(page) == []
        page.context.close()
    finally:
        server.stop()

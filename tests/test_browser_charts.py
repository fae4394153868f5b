"""Real browser: the charts are ECharts, drawn as SVG with their labels as text. A label from data that looks like
markup, a label template or a formula is drawn literally, and no chart page fetches plotly's bundle (the maps do)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser import (
    ECHARTS,
    ROOT,
    AppServer,
    chart_texts,
    chromium_missing,
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
    ("name", "plotly"),
    [("overview", False), ("trends", False), ("pledges", False), ("arrivals", True), ("regional", True)],
)
def test_only_the_map_pages_fetch_plotly(app_server, chromium, name: str, plotly: bool) -> None:
    """plotly's bundle (4.6 MB) is fetched for the maps only; every other chart is ECharts (1.1 MB)."""
    page = new_page(chromium, "en-US")
    page.goto(f"{app_server.url}/{name}?lang=en")
    wait_for_app(page)
    page.locator(f"{ECHARTS} svg text" if not plotly else ".js-plotly-plot").first.wait_for(timeout=30_000)
    wait_for_app(page)
    assert loaded_plotly(page) == plotly
    assert (page.locator("[data-testid='stPlotlyChart']").count() > 0) == plotly  # a map, wide and for a phone
    assert other_hosts(page) == []
    page.context.close()

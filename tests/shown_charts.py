"""What AppTest sees of a page's charts: ECharts options (`st.echarts_chart`) read as figures, plotly maps' dicts.

Charts have no typed accessor in AppTest: an ECharts element's proto holds its option as JSON (`spec`) and its
accessible name (`alt`); a plotly element's proto its figure as JSON (`spec`)."""

from __future__ import annotations

import json

from mirps_dash.charts import chart_values


def chart_options(at) -> list[dict]:
    """Every ECharts option the page drew, in page order."""
    return [json.loads(element.proto.spec) for element in at.get("echarts_chart")]


def chart_alts(at) -> list[str]:
    """Every ECharts chart's accessible name (its one-sentence summary)."""
    return [element.proto.alt for element in at.get("echarts_chart")]


def plotly_figures(at) -> list[dict]:
    """Every plotly figure the page drew (the maps only), as dicts with `data` and `layout`."""
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


def figures(option: dict) -> dict[str, dict[str, float | None]]:
    """An option as {series name: {category: value}} ('' for an unnamed series)."""
    return chart_values(option)


def titled(at, text: str) -> dict:
    """The page's one option whose title contains `text`."""
    found = [option for option in chart_options(at) if text in option.get("title", {}).get("text", "")]
    assert len(found) == 1, [option.get("title", {}).get("text") for option in chart_options(at)]
    return found[0]

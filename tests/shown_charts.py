"""What AppTest sees of a page's charts: ECharts options (`st.echarts_chart`) read as figures, maps' Vega-Lite specs
(`st.vega_lite_chart`) read as shaded places, points and tooltips.

Charts have no typed accessor in AppTest: an ECharts element's proto holds its option as JSON (`spec`) and its
accessible name (`alt`); a Vega-Lite element's proto its spec as JSON (`spec`) and its `alt`."""

from __future__ import annotations

import json

from mirps_dash.charts import chart_values


def chart_options(at) -> list[dict]:
    """Every ECharts option the page drew, in page order."""
    return [json.loads(element.proto.spec) for element in at.get("echarts_chart")]


def chart_alts(at) -> list[str]:
    """Every ECharts chart's accessible name (its one-sentence summary)."""
    return [element.proto.alt for element in at.get("echarts_chart")]


def map_specs(at) -> list[dict]:
    """Every map the page drew (each twice: for a wide column, then for a phone's), as Vega-Lite specs."""
    return [json.loads(element.proto.spec) for element in at.get("vega_lite_chart")]


def map_alts(at) -> list[str]:
    """Every map's accessible name (its one-sentence summary)."""
    return [element.proto.alt for element in at.get("vega_lite_chart")]


def map_areas(spec: dict) -> list[dict[str, dict]]:
    """Each layer of shapes as {shape id: what it shows (`z`, `tip`)}, in drawing order (grey base first)."""
    return [
        {row["id"]: row for row in layer["transform"][0]["from"]["data"]["values"]}
        for layer in spec["layer"]
        if layer["mark"]["type"] == "geoshape"
    ]


def map_shaded(spec: dict) -> dict[str, float]:
    """The shapes shaded by a figure, {shape id: figure} ({} when none is)."""
    layers = [layer for layer in spec["layer"] if "fill" in layer.get("encoding", {})]
    if not layers:
        return {}
    (layer,) = layers
    return {row["id"]: row["z"] for row in layer["transform"][0]["from"]["data"]["values"]}


def map_outlined(spec: dict) -> list[str]:
    """The shapes drawn with a thick outline and no fill (the focus state)."""
    return [
        row["id"]
        for layer in spec["layer"]
        if layer["mark"]["type"] == "geoshape" and layer["mark"].get("strokeWidth", 0) >= 2
        for row in layer["transform"][0]["from"]["data"]["values"]
    ]


def map_points(spec: dict) -> list[dict]:
    """The points (offices): `id`, `lon`, `lat`, `area` in px², `status` as the legend names it, `tip`."""
    return [row for layer in spec["layer"] if layer["mark"]["type"] == "circle" for row in layer["data"]["values"]]


def map_tips(spec: dict) -> list[str]:
    """Every tooltip the map can show, as text."""
    return [row["tip"] for areas in map_areas(spec) for row in areas.values()] + [
        point["tip"] for point in map_points(spec)
    ]


def figures(option: dict) -> dict[str, dict[str, float | None]]:
    """An option as {series name: {category: value}} ('' for an unnamed series)."""
    return chart_values(option)


def titled(at, text: str) -> dict:
    """The page's one option whose title contains `text`."""
    found = [option for option in chart_options(at) if text in option.get("title", {}).get("text", "")]
    assert len(found) == 1, [option.get("title", {}).get("text") for option in chart_options(at)]
    return found[0]


def open_table_views(at):
    """Open every chart's table view, as a reader clicks "Table view" (each runs only when open, `ui.chart_block`):
    its table, CSV and image downloads are then on the page. Returns the AppTest, rerun when one was closed."""
    closed = [key for key in at.session_state if str(key).endswith("_table_view") and not at.session_state[key]]
    for key in closed:
        at.session_state[key] = True
    return at.run() if closed else at

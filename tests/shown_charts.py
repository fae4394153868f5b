"""What AppTest sees of a page's charts: ECharts options (`st.echarts_chart`) and charts' Vega-Lite specs (pages with
one engine, `charts.vega_lite_spec`) read as figures, maps' Vega-Lite specs (`st.vega_lite_chart` with a projection)
read as shaded places, points and tooltips.

Charts have no typed accessor in AppTest: an ECharts element's proto holds its option as JSON (`spec`) and its
accessible name (`alt`); a Vega-Lite element's proto its spec as JSON (`spec`) and its `alt`."""

from __future__ import annotations

import json

from mirps_dash.charts import chart_values, vega_lite_values


def chart_options(at) -> list[dict]:
    """Every ECharts option the page drew, in page order."""
    return [json.loads(element.proto.spec) for element in at.get("echarts_chart")]


def chart_specs(at) -> list[dict]:
    """Every chart the page drew with Vega-Lite (not a map), in page order."""
    return [spec for spec in _vega_specs(at) if "projection" not in spec]


def chart_alts(at) -> list[str]:
    """Every chart's accessible name (its one-sentence summary): ECharts', then Vega-Lite's (maps aside)."""
    vega = [
        element.proto.alt for element in at.get("vega_lite_chart") if "projection" not in json.loads(element.proto.spec)
    ]
    return [element.proto.alt for element in at.get("echarts_chart")] + vega


def _vega_specs(at) -> list[dict]:
    return [json.loads(element.proto.spec) for element in at.get("vega_lite_chart")]


def map_specs(at) -> list[dict]:
    """Every map the page drew (each twice: for a wide column, then for a phone's), as Vega-Lite specs."""
    return [spec for spec in _vega_specs(at) if "projection" in spec]


def map_alts(at) -> list[str]:
    """Every map's accessible name (its one-sentence summary)."""
    return [
        element.proto.alt for element in at.get("vega_lite_chart") if "projection" in json.loads(element.proto.spec)
    ]


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
    """A chart (an ECharts option or a chart's Vega-Lite spec) as {series name: {category: value}} ('' for an
    unnamed series)."""
    return chart_values(option) if "series" in option else vega_lite_values(option)


def expressions(spec: object) -> list[str]:
    """Every text of a Vega-Lite spec that Vega reads as an expression or a format (not data, not a domain)."""
    if isinstance(spec, dict):
        own = [str(value) for key, value in spec.items() if key in ("test", "expr", "labelExpr", "format", "calculate")]
        return own + [text for value in spec.values() for text in expressions(value)]
    if isinstance(spec, list):
        return [text for value in spec for text in expressions(value)]
    return []


def title_of(chart: dict) -> str:
    """A chart's title as one line (a Vega-Lite title comes in lines)."""
    text = chart.get("title", {}).get("text", "")
    return " ".join(text) if isinstance(text, list) else text


def titled(at, text: str) -> dict:
    """The page's one chart (ECharts option or Vega-Lite spec) whose title contains `text`."""
    every = [*chart_options(at), *chart_specs(at)]
    found = [chart for chart in every if text in title_of(chart)]
    assert len(found) == 1, [title_of(chart) for chart in every]
    return found[0]


def open_table_views(at):
    """Open every chart's table view, as a reader clicks "Table view" (each runs only when open, `ui.chart_block`):
    its table, CSV and image downloads are then on the page. Returns the AppTest, rerun when one was closed."""
    closed = [key for key in at.session_state if str(key).endswith("_table_view") and not at.session_state[key]]
    for key in closed:
        at.session_state[key] = True
    return at.run() if closed else at


def charts_shown(at) -> set[str]:
    """The charts and maps the page shows, each named as its "SVG" download names its file (`trends_rates.svg`):
    every chart offers one, under it in its table view (opened as a reader would) or, on Pledges, in the "chart
    images" expander. Opening the table views reruns the AppTest."""
    return {
        str(button.key).removesuffix("_svg")
        for button in open_table_views(at).download_button
        if str(button.key).endswith("_svg")
    }

"""The maps, with no basemap: the Arrivals map (the 32 states and COMAR offices as points) and the regional map
(the seven MIRPS states, Natural Earth outlines).

geopandas reads and simplifies data/mexico_states.geojson into static/mexico_states.geojson, which the app
serves itself (Streamlit static serving). A map is made as a plotly figure's JSON, a plain dict (`data`: choropleth
traces keyed by feature id, `scattermap` points; `layout`), never a `go.Figure`: plotly's validation of every
trace was most of the map's cost per new filter value, and nothing draws it with plotly. The briefing draws it
for its PDF and images; the page draws it with Vega-Lite (`vega_lite_map`): Vega loads the shapes by URL, once per
browser, with no tile server, style or font from another host. By URL, not inline: inline shapes made every rerun
copy and send a quarter of a megabyte.
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry.polygon import orient

from mirps_dash.charts import FONT, PALETTE
from mirps_dash.codes import country_name, state_name
from mirps_dash.i18n import format_count, format_share, t

STATES_PATH = Path(__file__).resolve().parents[1] / "data" / "mexico_states.geojson"
DISPLAY_SHAPES_PATH = Path(__file__).resolve().parents[1] / "static" / "mexico_states.geojson"
DISPLAY_SHAPES_URL = "app/static/mexico_states.geojson"  # relative to the page, so it works under a base path
COUNTRIES_PATH = STATES_PATH.parent / "mirps_countries.geojson"  # Natural Earth 1:110m, already simplified (0.01°)
DISPLAY_COUNTRIES_PATH = DISPLAY_SHAPES_PATH.parent / "mirps_countries.geojson"
DISPLAY_COUNTRIES_URL = "app/static/mirps_countries.geojson"
NATURAL_EARTH_CREDIT = "Made with Natural Earth"  # the credit Natural Earth asks for, in every language
COORDINATE_DECIMALS = 4  # about 10 m, far below what the simplification already moved
SIMPLIFY_DEGREES = 0.01  # about 1 km: invisible at country zoom, a third of the vertices
# west, south, east, north of the 32 states (read_states().total_bounds, rounded outwards; a test keeps them so)
MEXICO_BOUNDS = (-118.4, 14.5, -86.7, 32.75)
# west, south, east, north of the seven MIRPS states (read_countries().total_bounds, rounded outwards; tested)
MIRPS_BOUNDS = (-117.2, 7.2, -77.2, 32.75)
WIDE_MAP_PX = (640, 560)  # width, height: the map wherever its column is 640 px or wider (the style sheet)
PHONE_MAP_PX = (288, 220)  # a 320 px phone less Streamlit's 1 rem padding on each side: Vega fits the shapes in it
PHONE_LEGEND_PX = 64  # two rows of legend under the phone's map
NO_FIGURE_GREY = "#eeeeee"


STATUS_COLOURS = {"office": PALETTE[3], "state": PALETTE[0], "none": "#777777", "not_open": "#bbbbbb"}


def read_states(path: Path = STATES_PATH, tolerance: float = SIMPLIFY_DEGREES) -> gpd.GeoDataFrame:
    """State shapes (WGS84) keyed by INEGI code `CVE_ENT`, simplified, outer rings clockwise."""
    states = gpd.read_file(path)[["CVE_ENT", "geometry"]].to_crs(4326)
    simplified = states.geometry.simplify(tolerance, preserve_topology=True)
    states["geometry"] = [_clockwise(geometry) for geometry in simplified]
    return states.sort_values("CVE_ENT").reset_index(drop=True)


def _clockwise(geometry):
    if geometry.geom_type == "Polygon":
        return orient(geometry, sign=-1.0)
    return type(geometry)([orient(part, sign=-1.0) for part in geometry.geoms])


def read_countries(path: Path = COUNTRIES_PATH) -> gpd.GeoDataFrame:
    """The seven MIRPS states (WGS84) keyed by ISO 3166 alpha-3 `iso_a3`, outer rings clockwise (the file is
    already simplified: Natural Earth 1:110m at 0.01°)."""
    countries = gpd.read_file(path)[["iso_a3", "geometry"]].to_crs(4326)
    countries["geometry"] = [_clockwise(geometry) for geometry in countries.geometry]
    return countries.sort_values("iso_a3").reset_index(drop=True)


def states_geojson(states: gpd.GeoDataFrame, key: str = "CVE_ENT") -> dict:
    """A GeoJSON FeatureCollection whose feature ids are the shapes' codes in `key` (what `locations` refer to)."""
    collection = states.__geo_interface__
    for feature in collection["features"]:
        feature["id"] = feature["properties"][key]
    return collection


def display_shapes_text(states: gpd.GeoDataFrame, key: str = "CVE_ENT") -> str:
    """The shapes as served to browsers: compact GeoJSON with rounded coordinates, ids from `key` (what
    DISPLAY_SHAPES_PATH holds for the states, DISPLAY_COUNTRIES_PATH with key `iso_a3` for the MIRPS states)."""

    def rounded(value):
        if isinstance(value, float):
            return round(value, COORDINATE_DECIMALS)
        if isinstance(value, list | tuple):
            return [rounded(item) for item in value]
        return value

    collection = states_geojson(states, key)
    features = [
        {
            "type": "Feature",
            "id": feature["id"],
            "properties": {key: feature["id"]},
            "geometry": {
                "type": feature["geometry"]["type"],
                "coordinates": rounded(feature["geometry"]["coordinates"]),
            },
        }
        for feature in collection["features"]
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")) + "\n"


def marker_size(claims: float | None) -> float:
    """Point diameter in pixels: area proportional to claims, 8 px for an office without a figure."""
    if claims is None or pd.isna(claims):
        return 8.0
    return 8.0 + 0.11 * math.sqrt(float(claims))


def _state_hover(state: str, claims: int, label: str, lang: str, approx: str = "") -> str:
    """A state's name, figure as the source gives it ('about 14,418') and how it was made ('state figure',
    'Tapachula only; no figure for Palenque')."""
    figure = format_count(claims, approx, lang)
    return f"{html.escape(state_name(state))}<br>{figure} {t('claims_word', lang)} ({html.escape(label)})"


def _office_hover(row: dict, lang: str) -> str:
    """An office's name, figure and its share of the release's national total (when the release has one)."""
    name = html.escape(str(row["name"]))
    status = t("office_status_" + row["status"], lang)
    approx = row.get("approx")
    figure = (
        f"{format_count(row['claims'], None if approx is None or pd.isna(approx) else str(approx), lang)} "
        f"{t('claims_word', lang)}"
        if pd.notna(row["claims"])
        else status
    )
    share = row.get("share")
    if pd.notna(row["claims"]) and share is not None and pd.notna(share):
        figure += " " + t("map_share", lang, share=format_share(float(share), lang))
    return f"{name} ({html.escape(state_name(row['state']))})<br>{figure}"


def _state_labels(by_state: pd.DataFrame, lang: str) -> list[str]:
    """How each state's figure was made: its `label` column (in words), else from its basis."""
    if "label" in by_state:
        return [str(label) for label in by_state["label"]]
    return [
        t("map_basis_" + ("state" if basis in ("state", "total") else "offices"), lang) for basis in by_state["basis"]
    ]


def _layout() -> dict:
    """A map's layout: its height on a desktop, the legend in a row on top (what the briefing reads)."""
    return {
        "height": WIDE_MAP_PX[1],
        "margin": {"l": 0, "r": 0, "t": 30, "b": 0},
        "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
    }


def make_arrivals_map(
    geojson: str | dict, all_codes: list[str], by_state: pd.DataFrame, points: pd.DataFrame, lang: str
) -> dict:
    """All 32 states in grey, states with a figure shaded by claims, offices as points sized by their claims.

    `geojson` is the shapes' URL (as the pages pass it) or the shapes themselves; feature ids are INEGI codes.
    `by_state`: state, claims, and approx (the source's rounding) where it has it, label (how the figure was made,
    in words) or else basis. `points`: one row per office (`queries.office_points`).
    """
    states = []
    if not by_state.empty:
        # a few dozen states and offices: each column read once as a list, not a Series per value or per row
        rounding = by_state["approx"].tolist() if "approx" in by_state else [""] * len(by_state)
        states = [
            {"state": state, "claims": claims, "approx": approx, "label": label}
            for state, claims, approx, label in zip(
                by_state["state"].tolist(),
                by_state["claims"].tolist(),
                rounding,
                _state_labels(by_state, lang),
                strict=True,
            )
        ]
    columns = list(points.columns)
    offices = [
        dict(zip(columns, values, strict=True)) for values in zip(*(points[c].tolist() for c in columns), strict=True)
    ]
    return make_arrivals_map_from_rows(geojson, all_codes, states, offices, lang)


def make_arrivals_map_from_rows(
    geojson: str | dict, all_codes: list[str], states: list[dict], offices: list[dict], lang: str
) -> dict:
    """`make_arrivals_map` of plain dicts, as the Arrivals view has its figures: `states` with state, claims,
    approx and label; `offices` as `queries.office_point_rows` gives them."""
    traces: list[dict[str, object]] = [
        {
            "type": "choroplethmap",
            "geojson": geojson,
            "locations": all_codes,
            "z": [0] * len(all_codes),
            "colorscale": [[0, NO_FIGURE_GREY], [1, NO_FIGURE_GREY]],
            "showscale": False,
            "marker": {"line": {"color": "#999999", "width": 0.6}},
            "name": t("map_states", lang),
            "text": [html.escape(state_name(code)) for code in all_codes],
            "hovertemplate": "%{text}<extra></extra>",
        }
    ]
    if states:
        claims = [row["claims"] for row in states]
        traces.append(
            {
                "type": "choroplethmap",
                "geojson": geojson,
                "locations": [str(row["state"]) for row in states],
                "z": [int(figure) for figure in claims],
                "zmin": 0,
                "zmax": max(1, int(max(claims))),  # counts shade from zero, even with one state
                "colorscale": [[0, "#d6e9f7"], [1, "#0a4f86"]],
                "marker": {"line": {"color": "#555555", "width": 0.8}},
                "colorbar": {"title": {"text": t("claims_word", lang)}, "thickness": 12, "separatethousands": True},
                "name": t("map_states_with_figures", lang),
                "text": [
                    _state_hover(
                        row["state"],
                        row["claims"],
                        row["label"],
                        lang,
                        "" if pd.isna(row["approx"]) else str(row["approx"]),
                    )
                    for row in states
                ],
                "hovertemplate": "%{text}<extra></extra>",
            }
        )
    for status, colour in STATUS_COLOURS.items():
        group = [office for office in offices if office["status"] == status]
        if not group:
            continue
        traces.append(
            {
                "type": "scattermap",
                "lat": [float(office["latitude"]) for office in group],
                "lon": [float(office["longitude"]) for office in group],
                "mode": "markers",
                "marker": {
                    "size": [marker_size(office["claims"]) for office in group],
                    "color": colour,
                    "opacity": 0.85,
                },
                "name": t("office_status_" + status, lang),
                "customdata": [str(office["office_id"]) for office in group],
                "text": [_office_hover(office, lang) for office in group],
                "hovertemplate": "%{text}<extra></extra>",
            }
        )
    return {"data": traces, "layout": _layout()}


def make_region_map(
    geojson: str | dict,
    shaded: dict[str, float],
    hover: dict[str, str],
    focus: str,
    what: str,
    lang: str,
    percent: bool = False,
) -> dict:
    """The seven MIRPS states in grey, those in `shaded` (ISO3 code -> figure, in one unit) shaded by it in that
    order, the focus state outlined. A state counted in another unit is left out of `shaded` (grey), its hover
    saying so: `hover` holds a line of text per state. `geojson` is the shapes' URL (as the page passes it) or the
    shapes; feature ids are ISO3 codes."""
    from mirps_dash.codes import MIRPS_STATES

    names = {code: html.escape(country_name(code, lang)) for code in MIRPS_STATES}
    traces: list[dict[str, object]] = [
        {
            "type": "choroplethmap",
            "geojson": geojson,
            "locations": list(MIRPS_STATES),
            "z": [0] * len(MIRPS_STATES),
            "colorscale": [[0, NO_FIGURE_GREY], [1, NO_FIGURE_GREY]],
            "showscale": False,
            "marker": {"line": {"color": "#999999", "width": 0.6}},
            "name": t("region_map_states", lang),
            "text": [
                names[code] + ("<br>" + html.escape(hover[code]) if code in hover else "") for code in MIRPS_STATES
            ],
            "hovertemplate": "%{text}<extra></extra>",
        }
    ]
    valued = list(shaded.items())
    if valued:
        top = max(value for _code, value in valued)
        traces.append(
            {
                "type": "choroplethmap",
                "geojson": geojson,
                "locations": [str(code) for code, _value in valued],
                "z": [value for _code, value in valued],
                "zmin": 0,
                "zmax": (1.0 if percent else max(1.0, top)),
                "colorscale": [[0, "#d6e9f7"], [1, "#0a4f86"]],
                "marker": {"line": {"color": "#555555", "width": 0.8}},
                "colorbar": {
                    "title": {"text": html.escape(what)},
                    "thickness": 12,
                    **({"tickformat": ".0%"} if percent else {"separatethousands": True}),
                },
                "name": html.escape(what),
                "text": [names[code] + "<br>" + html.escape(hover.get(code, "")) for code, _value in valued],
                "hovertemplate": "%{text}<extra></extra>",
            }
        )
    traces.append(
        {
            "type": "choroplethmap",
            "geojson": geojson,
            "locations": [focus],
            "z": [0],
            "colorscale": [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
            "showscale": False,
            "marker": {"line": {"color": "#D55E00", "width": 3}},
            "name": t("region_map_focus", lang, name=names.get(focus, focus)),
            "hoverinfo": "skip",
        }
    )
    return {"data": traces, "layout": _layout()}


def is_map(figure: object) -> bool:
    """True for a map (the Arrivals and Regional maps, plotly figures' JSON the page draws with Vega-Lite); False
    for a chart (an ECharts option dict)."""
    return (
        isinstance(figure, dict)
        and "series" not in figure
        and any(trace.get("type") in ("choroplethmap", "scattermap") for trace in figure.get("data", []))
    )


# ---- the maps as the browser draws them: Vega-Lite (issue 13) ----------------------------------------------------
# Streamlit draws a plotly map with its 4.7 MB plotly bundle; the same map as a Vega-Lite spec needs only the
# 0.8 MB Vega bundle (st.echarts_chart refuses map series). The plotly figure's JSON stays what the views make and
# the briefing draws (its PDF, SVG and PNG); `vega_lite_map` reads it into a spec: shapes by the same relative URL,
# fitted to the chart's box by Vega's projection, so no zoom level to compute.


def _tooltip_text(text: object) -> str:
    """A plotly label as the plain text a tooltip shows: one line per `<br>`, escaped data back to its characters
    (Vega's tooltip handler escapes it again: a label from data is text, never markup)."""
    return "\n".join(html.unescape(line) for line in str(text or "").split("<br>"))


def _shapes_data(geojson: object) -> dict:
    """Vega-Lite data of the shapes: by URL (fetched once per browser, relative to the page) or inline."""
    if isinstance(geojson, str):
        return {"url": geojson, "format": {"type": "json", "property": "features"}}
    return {"values": dict(geojson)["features"]}  # type: ignore[call-overload]


def _shape_layer(trace: dict) -> dict:
    """A choroplethmap trace as a geoshape layer: the shapes of its locations (its figures looked up by feature id), shaded by z on
    the trace's colour scale, or all in the scale's one colour when it shows no scale."""
    texts = trace.get("text") or [""] * len(trace["locations"])
    zs = trace.get("z") or [0] * len(trace["locations"])
    rows = [
        {"id": location, "z": z, "tip": _tooltip_text(text)}
        for location, z, text in zip(trace["locations"], zs, texts, strict=True)
    ]
    line = trace.get("marker", {}).get("line", {})
    colours = [stop[1] for stop in trace["colorscale"]]
    shaded = trace.get("showscale") is not False
    colorbar = trace.get("colorbar", {})
    mark = {"type": "geoshape", "stroke": line.get("color", "#999999"), "strokeWidth": line.get("width", 0.6)}
    encoding: dict[str, object] = {}
    if shaded:
        title = _tooltip_text(colorbar.get("title", {}).get("text", ""))
        encoding["fill"] = {
            "field": "z",
            "type": "quantitative",
            "scale": {"domain": [trace.get("zmin", 0), trace.get("zmax", max(zs or [1]))], "range": colours},
            "legend": {"title": title, "format": ".0%" if colorbar.get("tickformat") == ".0%" else ",d"},
        }
    else:
        transparent = colours[0].startswith("rgba(") and colours[0].replace(" ", "").endswith(",0)")
        mark["fill"] = None if transparent else colours[0]
        if transparent:
            mark["fillOpacity"] = 0
    if trace.get("hoverinfo") != "skip":
        encoding["tooltip"] = {"field": "tip", "type": "nominal"}
    else:
        mark["tooltip"] = None
    return {
        "data": trace["_shapes"],
        "transform": [
            {"lookup": "id", "from": {"data": {"values": rows}, "key": "id", "fields": ["z", "tip"]}},
            {"filter": "isValid(datum.tip)"},  # only the trace's own locations
        ],
        "mark": mark,
        "encoding": encoding,
    }


def _point_layer(traces: list[dict]) -> dict:
    """The scattermap traces (one per office status) as one layer of circles: area as plotly's diameter drew it,
    colour by status as the traces had it, each office's name and figure in its tooltip."""
    rows = [
        {
            "lon": lon,
            "lat": lat,
            "area": round(size * size * math.pi / 4, 1),
            "status": trace["name"],
            "tip": _tooltip_text(text),
            "id": office,
        }
        for trace in traces
        for lon, lat, size, text, office in zip(
            trace["lon"],
            trace["lat"],
            trace["marker"]["size"],
            trace.get("text") or [""] * len(trace["lon"]),
            trace.get("customdata") or [None] * len(trace["lon"]),
            strict=True,
        )
    ]
    return {
        "data": {"values": rows},
        "mark": {"type": "circle", "opacity": traces[0]["marker"].get("opacity", 0.85), "stroke": "white"},
        "encoding": {
            "longitude": {"field": "lon", "type": "quantitative"},
            "latitude": {"field": "lat", "type": "quantitative"},
            "size": {"field": "area", "type": "quantitative", "scale": None, "legend": None},
            "color": {
                "field": "status",
                "type": "nominal",
                "scale": {
                    "domain": [trace["name"] for trace in traces],
                    "range": [trace["marker"]["color"] for trace in traces],
                },
                "legend": {"title": None},
            },
            "tooltip": {"field": "tip", "type": "nominal"},
        },
    }


def vega_lite_map(figure: dict, phone: bool = False) -> dict:
    """A map (`make_arrivals_map`, `make_region_map`) as a Vega-Lite spec for `st.vega_lite_chart`: the same shapes,
    shading, points, palette and tooltips (as text); as wide as its column. `phone`: a phone's height, legends
    under the map (a phone's column is too narrow for them beside it)."""
    traces = figure["data"]
    layers = []
    for trace in traces:
        if trace["type"] == "choroplethmap":
            layers.append(_shape_layer(trace | {"_shapes": _shapes_data(trace["geojson"])}))
    points = [trace for trace in traces if trace["type"] == "scattermap"]
    if points:
        layers.append(_point_layer(points))
    height = PHONE_MAP_PX[1] + PHONE_LEGEND_PX if phone else WIDE_MAP_PX[1] - 30  # less the legend row above
    return {
        "width": "container",
        "height": height,
        "projection": {"type": "mercator"},
        "layer": layers,
        "config": {
            "view": {"stroke": None},
            "font": FONT,
            "legend": {"orient": "bottom" if phone else "top", "direction": "horizontal", "labelLimit": 240},
            "background": "white",
        },
    }

"""The maps, with no basemap: the Arrivals map (the 32 states and COMAR offices as points) and the regional map
(the seven MIRPS states, Natural Earth outlines).

geopandas reads and simplifies data/mexico_states.geojson into static/mexico_states.geojson, which the app
serves itself (Streamlit static serving); plotly's `Choroplethmap` loads it by URL, once per browser, and
draws it with `Scattermap` points on map_style "white-bg", which needs no tile server, style or font from
another host. By URL, not inline: inline shapes made every rerun copy and send a quarter of a megabyte.
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from shapely.geometry.polygon import orient

from mirps_dash.charts import PALETTE
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
# 288 px is a 320 px phone less Streamlit's 1 rem padding on each side: every phone from there up sees all 32 states
PHONE_MAP_PX = (288, 220)
TILE_PX = 512  # MapLibre's world is 512 px wide at zoom 0
NO_FIGURE_GREY = "#eeeeee"
TEMPLATE_NAME = "mirps"


def make_template() -> go.layout.Template:
    """The maps' look: the charts' palette, system fonts (no web fonts), legend on top."""
    return go.layout.Template(
        layout=go.Layout(
            colorway=PALETTE,
            font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13, "color": "#222"},
            paper_bgcolor="white",
            plot_bgcolor="white",
            legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
            margin={"l": 10, "r": 10, "t": 40, "b": 10},
            hoverlabel={"font": {"family": "system-ui, sans-serif"}},
        )
    )


def register_template() -> str:
    """Register the template with plotly and make it the default (idempotent); return its name for `template=`.

    The default matters for speed too: every go.Figure() copies the default template, and plotly's own
    ("plotly") is a large one to copy for every figure."""
    if TEMPLATE_NAME not in pio.templates:
        pio.templates[TEMPLATE_NAME] = make_template()
        pio.templates.default = TEMPLATE_NAME
    return TEMPLATE_NAME


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


def _mercator_y(lat: float) -> float:
    """Web Mercator y of a latitude, as a fraction of the world's height (0 at the equator)."""
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi)


def fit_view(bounds: tuple[float, float, float, float], width_px: float, height_px: float, pad_px: float = 8) -> dict:
    """Center and zoom at which a MapLibre map of width_px x height_px shows the whole lon/lat box (all of it,
    `pad_px` from the nearest edge): `map.fitbounds` cannot do it, plotly skips it once a choropleth is drawn."""
    west, south, east, north = bounds
    span_x = (east - west) / 360
    span_y = _mercator_y(north) - _mercator_y(south)
    zoom = math.log2(min((width_px - 2 * pad_px) / (TILE_PX * span_x), (height_px - 2 * pad_px) / (TILE_PX * span_y)))
    middle_y = (_mercator_y(north) + _mercator_y(south)) / 2
    center_lat = math.degrees(2 * math.atan(math.exp(middle_y * 2 * math.pi)) - math.pi / 2)
    return {"center": {"lon": round((west + east) / 2, 4), "lat": round(center_lat, 4)}, "zoom": round(zoom, 3)}


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


def _office_hover(row: pd.Series, lang: str) -> str:
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


def make_arrivals_map(
    geojson: str | dict, all_codes: list[str], by_state: pd.DataFrame, points: pd.DataFrame, lang: str
) -> go.Figure:
    """All 32 states in grey, states with a figure shaded by claims, offices as points sized by their claims.

    `geojson` is the shapes' URL (as the pages pass it) or the shapes themselves; feature ids are INEGI codes.
    """
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
    if not by_state.empty:
        traces.append(
            {
                "type": "choroplethmap",
                "geojson": geojson,
                "locations": list(by_state["state"]),
                "z": list(by_state["claims"]),
                "zmin": 0,
                "zmax": max(1, int(max(by_state["claims"]))),  # counts shade from zero, even with one state
                "colorscale": [[0, "#d6e9f7"], [1, "#0a4f86"]],
                "marker": {"line": {"color": "#555555", "width": 0.8}},
                "colorbar": {"title": {"text": t("claims_word", lang)}, "thickness": 12, "separatethousands": True},
                "name": t("map_states_with_figures", lang),
                "text": [
                    _state_hover(s, c, b, lang, a)
                    for s, c, b, a in zip(
                        by_state["state"],
                        by_state["claims"],
                        _state_labels(by_state, lang),
                        by_state["approx"].fillna("").astype(str) if "approx" in by_state else [""] * len(by_state),
                        strict=True,
                    )
                ],
                "hovertemplate": "%{text}<extra></extra>",
            }
        )
    for status, colour in STATUS_COLOURS.items():
        group = points[points["status"] == status]
        if group.empty:
            continue
        traces.append(
            {
                "type": "scattermap",
                "lat": list(group["latitude"]),
                "lon": list(group["longitude"]),
                "mode": "markers",
                "marker": {"size": [marker_size(c) for c in group["claims"]], "color": colour, "opacity": 0.85},
                "name": t("office_status_" + status, lang),
                "customdata": list(group["office_id"]),
                "text": [_office_hover(row, lang) for _, row in group.iterrows()],
                "hovertemplate": "%{text}<extra></extra>",
            }
        )
    figure = go.Figure(
        data=traces,
        layout={
            "template": register_template(),
            "map": {"style": "white-bg", **fit_view(MEXICO_BOUNDS, *WIDE_MAP_PX)},
            "height": WIDE_MAP_PX[1],
            "margin": {"l": 0, "r": 0, "t": 30, "b": 0},
            "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
        },
    )
    return figure


def _bounds_of(figure: go.Figure) -> tuple[float, float, float, float]:
    """The box a map shows (its layout's meta `bounds`), Mexico's when it names none."""
    meta = figure.layout.meta
    bounds = meta.get("bounds") if isinstance(meta, dict) else None
    return tuple(bounds) if bounds else MEXICO_BOUNDS


def make_region_map(
    geojson: str | dict, shown: pd.DataFrame, focus: str, what: str, lang: str, percent: bool = False
) -> go.Figure:
    """The seven MIRPS states in grey, those with a figure in `shown` shaded by it, the focus state outlined.

    `shown` has columns asylum_country (ISO3) and value, one row per state with a figure in one unit (a state
    counted in another unit is left grey, its hover saying so through `hover`, a column of text per state when
    present). `geojson` is the shapes' URL (as the page passes it) or the shapes; feature ids are ISO3 codes."""
    from mirps_dash.codes import MIRPS_STATES

    hover = dict(zip(shown["asylum_country"], shown["hover"], strict=True)) if "hover" in shown else {}
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
    valued = shown.dropna(subset=["value"])
    if not valued.empty:
        top = float(valued["value"].max())
        traces.append(
            {
                "type": "choroplethmap",
                "geojson": geojson,
                "locations": list(valued["asylum_country"]),
                "z": [float(v) for v in valued["value"]],
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
                "text": [names[code] + "<br>" + html.escape(hover.get(code, "")) for code in valued["asylum_country"]],
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
    return go.Figure(
        data=traces,
        layout={
            "template": register_template(),
            "map": {"style": "white-bg", **fit_view(MIRPS_BOUNDS, *WIDE_MAP_PX)},
            "height": WIDE_MAP_PX[1],
            "margin": {"l": 0, "r": 0, "t": 30, "b": 0},
            "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0},
            "meta": {"bounds": list(MIRPS_BOUNDS)},
        },
    )


def is_map(figure: object) -> bool:
    """True for a plotly figure drawn on a MapLibre map (the Arrivals and Regional maps), whose zoom is fixed in
    pixels; False for a chart (an ECharts option dict)."""
    return isinstance(figure, go.Figure) and any(trace.type in ("choroplethmap", "scattermap") for trace in figure.data)


PHONE_LEGEND_PX = 64  # two rows of legend under the map
PHONE_COLORBAR_PX = 56  # a horizontal colour bar with its title under the legend


def make_phone_map(figure: go.Figure) -> go.Figure:
    """The same map for a phone's width: zoomed out until all 32 states fit a 288 px wide box (Baja California
    to Quintana Roo), legend and colour bar below the map, not beside it, so the map keeps the whole width.

    A map's zoom is fixed in pixels and the page cannot tell the server its width: the page draws both maps and
    its style sheet shows the one that fits the screen."""

    def below(colorbar: dict) -> dict:
        return colorbar | {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 0,
            "yref": "container",
            "yanchor": "bottom",
            "len": 1,
            "lenmode": "fraction",
            "thickness": 10,
            "title": colorbar.get("title", {}) | {"side": "bottom"},
        }

    data = [trace.to_plotly_json() for trace in figure.data]
    for trace in data:
        if trace["type"] == "choroplethmap" and trace.get("showscale") is not False:
            trace["colorbar"] = below(trace.get("colorbar", {}))
    layout = figure.layout.to_plotly_json()
    height = PHONE_MAP_PX[1] + PHONE_LEGEND_PX + PHONE_COLORBAR_PX
    layout |= {
        "map": layout["map"] | fit_view(_bounds_of(figure), *PHONE_MAP_PX),
        "height": height,
        "margin": {"l": 0, "r": 0, "t": 0, "b": PHONE_LEGEND_PX + PHONE_COLORBAR_PX},
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": (PHONE_LEGEND_PX + PHONE_COLORBAR_PX) / height,
            "yanchor": "top",
        },
    }
    return go.Figure(data=data, layout=layout)

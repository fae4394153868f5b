"""The Arrivals map: shapes from the shipped GeoJSON, offices inside their states, no basemap from the internet."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from mirps_dash.codes import STATES
from mirps_dash.maps import (
    DISPLAY_SHAPES_PATH,
    DISPLAY_SHAPES_URL,
    MEXICO_BOUNDS,
    PHONE_MAP_PX,
    STATES_PATH,
    TILE_PX,
    WIDE_MAP_PX,
    _mercator_y,
    display_shapes_text,
    fit_view,
    is_map,
    make_arrivals_map,
    make_phone_map,
    marker_size,
    read_states,
)

OFFICES = pd.read_csv(STATES_PATH.parent / "offices.csv", dtype={"state": str})


@pytest.fixture(scope="module")
def states() -> gpd.GeoDataFrame:
    return read_states()


def test_32_states_keyed_by_inegi_code(states: gpd.GeoDataFrame) -> None:
    assert list(states["CVE_ENT"]) == [f"{n:02d}" for n in range(1, 33)]


def test_outer_rings_are_clockwise(states: gpd.GeoDataFrame) -> None:
    polygons = [p for g in states.geometry for p in (g.geoms if g.geom_type == "MultiPolygon" else [g])]
    assert polygons and not any(p.exterior.is_ccw for p in polygons)


def test_shapes_are_simplified(states: gpd.GeoDataFrame) -> None:
    def vertices(frame: gpd.GeoDataFrame) -> int:
        return int(frame.geometry.count_coordinates().sum())

    assert vertices(states) < vertices(gpd.read_file(STATES_PATH))


@pytest.mark.parametrize("shapes", ["original", "simplified"])
def test_every_office_point_lies_inside_its_state(states: gpd.GeoDataFrame, shapes: str) -> None:
    polygons = gpd.read_file(STATES_PATH) if shapes == "original" else states
    points = gpd.GeoDataFrame(OFFICES, geometry=gpd.points_from_xy(OFFICES["longitude"], OFFICES["latitude"]), crs=4326)
    joined = gpd.sjoin(points, polygons[["CVE_ENT", "geometry"]], how="left", predicate="within")
    assert dict(zip(joined["office_id"], joined["CVE_ENT"], strict=True)) == dict(
        zip(OFFICES["office_id"], OFFICES["state"], strict=True)
    )


def points_frame(rows: list[tuple]) -> pd.DataFrame:
    columns = ["office_id", "name", "state", "latitude", "longitude", "claims", "status"]
    return pd.DataFrame(rows, columns=columns).astype({"claims": "Int64"})


@pytest.fixture(scope="module")
def figure(states: gpd.GeoDataFrame):
    by_state = pd.DataFrame(
        {"state": ["07", "09"], "claims": [84206, 17364], "basis": ["offices", "state"], "sources": [["a"], ["a"]]}
    )
    points = points_frame(
        [
            ("tapachula", "<b>Tapachula</b>", "07", 14.9, -92.26, 76239, "office"),
            ("palenque", "Palenque", "07", 17.5, -91.98, 7967, "office"),
            ("cdmx", "CDMX", "09", 19.4, -99.1, None, "state"),
            ("tijuana", "Tijuana", "02", 32.5, -117.0, None, "not_open"),
        ]
    )
    return make_arrivals_map(DISPLAY_SHAPES_URL, sorted(STATES), by_state, points, "en")


def test_map_draws_with_no_external_basemap(figure) -> None:
    assert figure.layout.map.style == "white-bg"
    assert {trace.type for trace in figure.data} == {"choroplethmap", "scattermap"}  # no geo traces (CDN topojson)
    assert figure.layout.template.layout.colorway[0] == "#0072BC"


def test_map_shades_states_with_figures_and_draws_every_state(figure) -> None:
    base, shaded = figure.data[0], figure.data[1]
    assert len(base.locations) == 32
    assert dict(zip(shaded.locations, shaded.z, strict=True)) == {"07": 84206, "09": 17364}


def test_office_points_are_sized_by_claims_and_marked_by_status(figure) -> None:
    traces = {trace.name: trace for trace in figure.data if trace.type == "scattermap"}
    assert set(traces) == {"Office with its own figure", "Figure by state only", "Not yet open"}
    sizes = dict(
        zip(
            traces["Office with its own figure"].customdata,
            traces["Office with its own figure"].marker.size,
            strict=True,
        )
    )
    assert sizes["tapachula"] > sizes["palenque"] > marker_size(None)


def test_hover_text_from_data_is_escaped(figure) -> None:
    text = " ".join(t for trace in figure.data if trace.type == "scattermap" for t in trace.text)
    assert "&lt;b&gt;Tapachula&lt;/b&gt;" in text and "<b>" not in text
    assert "76,239 claims" in text


def test_the_served_shapes_are_the_shipped_shapes_simplified() -> None:
    # static/ is what browsers get: it must stay the simplified data/ shapes (`make data` writes both)
    assert DISPLAY_SHAPES_PATH.read_text(encoding="utf-8") == display_shapes_text(read_states())
    features = json.loads(DISPLAY_SHAPES_PATH.read_text(encoding="utf-8"))["features"]
    assert sorted(feature["id"] for feature in features) == sorted(STATES)


def test_the_map_loads_its_shapes_from_the_app_itself(figure) -> None:
    assert {trace.geojson for trace in figure.data if trace.type == "choroplethmap"} == {DISPLAY_SHAPES_URL}
    assert "app/static/" + DISPLAY_SHAPES_PATH.name == DISPLAY_SHAPES_URL  # relative: same host, any base path
    config = tomllib.loads((Path(__file__).parents[1] / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True


def test_hover_says_how_a_state_figure_was_made_and_each_office_share() -> None:
    by_state = pd.DataFrame(
        {"state": ["07"], "claims": [77450], "basis": ["partial"], "label": ["Tapachula only; no figure for Palenque"]}
    )
    points = points_frame([("tapachula", "Tapachula", "07", 14.9, -92.26, 77450, "office")]).assign(
        share=[77450 / 140982]
    )
    figure = make_arrivals_map(DISPLAY_SHAPES_URL, sorted(STATES), by_state, points, "en")
    assert figure.data[1].text == ("Chiapas<br>77,450 claims (Tapachula only; no figure for Palenque)",)
    office = next(trace for trace in figure.data if trace.type == "scattermap")
    assert "77,450 claims (54.9 % of the release's national total)" in office.text[0].replace("&#x27;", "'")


def test_state_shading_starts_at_zero_even_with_one_state() -> None:
    # one state alone made a colour bar from 77,449.8 to 77,450.2 ('77.4504k')
    by_state = pd.DataFrame({"state": ["07"], "claims": [77450], "basis": ["partial"]})
    figure = make_arrivals_map(DISPLAY_SHAPES_URL, sorted(STATES), by_state, points_frame([]), "en")
    assert (figure.data[1].zmin, figure.data[1].zmax) == (0, 77450)


# ---- the map on a phone: fitted to Mexico's bounds for the column's width ----------------------------------


def box_px(bounds: tuple[float, float, float, float], zoom: float) -> tuple[float, float]:
    """Width and height in pixels of a lon/lat box on a MapLibre map at a zoom (Web Mercator, 512 px tiles)."""
    west, south, east, north = bounds
    scale = TILE_PX * 2**zoom
    return scale * (east - west) / 360, scale * (_mercator_y(north) - _mercator_y(south))


def test_mexico_bounds_hold_every_state(states: gpd.GeoDataFrame) -> None:
    west, south, east, north = states.total_bounds
    assert (
        MEXICO_BOUNDS[0] <= west
        and MEXICO_BOUNDS[1] <= south
        and MEXICO_BOUNDS[2] >= east
        and MEXICO_BOUNDS[3] >= north
    )
    assert max(abs(a - b) for a, b in zip(MEXICO_BOUNDS, (west, south, east, north), strict=True)) < 0.1  # and hug them


@pytest.mark.parametrize(
    ("width_px", "height_px", "bound_by"),
    [(288, 220, "width"), (640, 560, "width"), (2000, 300, "height"), (358, 1000, "width")],
)
def test_fit_view_shows_the_whole_box_and_fills_one_side(width_px: int, height_px: int, bound_by: str) -> None:
    view = fit_view(MEXICO_BOUNDS, width_px, height_px)
    shown_w, shown_h = box_px(MEXICO_BOUNDS, view["zoom"])
    assert shown_w <= width_px - 16 + 0.5 and shown_h <= height_px - 16 + 0.5  # 8 px clear of every edge
    tight = shown_w / (width_px - 16) if bound_by == "width" else shown_h / (height_px - 16)
    assert tight > 0.99
    assert view["center"]["lon"] == pytest.approx((MEXICO_BOUNDS[0] + MEXICO_BOUNDS[2]) / 2)


def test_the_desktop_zoom_would_crop_a_phone_and_the_phone_map_does_not(figure) -> None:
    phone = make_phone_map(figure)
    column_px = 390 - 32  # a 390 px phone less Streamlit's padding
    assert box_px(MEXICO_BOUNDS, figure.layout.map.zoom)[0] > column_px  # Baja California or Chiapas off screen
    assert box_px(MEXICO_BOUNDS, phone.layout.map.zoom)[0] <= 288 - 16 + 0.5  # all 32 states from a 320 px phone up
    assert figure.layout.map.zoom == fit_view(MEXICO_BOUNDS, *WIDE_MAP_PX)["zoom"]  # the one given is unchanged


def test_the_phone_map_shows_the_same_figures_with_legend_and_colour_bar_below(figure) -> None:
    phone = make_phone_map(figure)

    def places(trace) -> tuple:
        return (
            tuple(trace.locations) if trace.type == "choroplethmap" else tuple(zip(trace.lon, trace.lat, strict=True))
        )

    assert [(t.type, t.name, places(t)) for t in phone.data] == [(t.type, t.name, places(t)) for t in figure.data]
    assert phone.data[1].z == figure.data[1].z and phone.data[1].text == figure.data[1].text
    colorbar = phone.data[1].colorbar
    assert (colorbar.orientation, colorbar.yref, colorbar.y, colorbar.title.text) == ("h", "container", 0, "claims")
    below_map_px = phone.layout.margin.b
    assert phone.layout.legend.yref == "container" and phone.layout.legend.y * phone.layout.height <= below_map_px + 0.5
    assert phone.layout.height - below_map_px == PHONE_MAP_PX[1]  # the map keeps its full height and width


def test_only_maps_are_drawn_twice() -> None:
    from mirps_dash.charts import make_bar_chart

    assert not is_map(make_bar_chart(pd.DataFrame({"year": [2022], "claims": [5]}), "year", "claims"))
    assert is_map(
        make_arrivals_map(
            DISPLAY_SHAPES_URL,
            sorted(STATES),
            pd.DataFrame(columns=["state", "claims", "basis"]),
            points_frame([]),
            "en",
        )
    )

"""The Arrivals map: shapes from the shipped GeoJSON, offices inside their states, no basemap from the internet."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from mirps_dash.charts import PALETTE
from mirps_dash.codes import STATES
from mirps_dash.maps import (
    DISPLAY_SHAPES_PATH,
    DISPLAY_SHAPES_URL,
    MEXICO_BOUNDS,
    PHONE_MAP_PX,
    STATES_PATH,
    display_shapes_text,
    is_map,
    make_arrivals_map,
    marker_size,
    read_states,
    vega_lite_map,
)
from tests.shown_charts import map_areas, map_points, map_shaded, map_tips

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


@pytest.fixture(scope="module")
def spec(figure) -> dict:
    """The map as the page draws it (Vega-Lite)."""
    return vega_lite_map(figure)


def test_map_draws_with_no_external_basemap(spec: dict) -> None:
    assert {layer["mark"]["type"] for layer in spec["layer"]} == {"geoshape", "circle"}  # shapes and points only
    assert spec["projection"] == {"type": "mercator"}  # fitted to the shapes: no tiles, no zoom level
    assert spec["width"] == "container"


def test_map_shades_states_with_figures_and_draws_every_state(spec: dict) -> None:
    assert len(map_areas(spec)[0]) == 32
    assert map_shaded(spec) == {"07": 84206, "09": 17364}
    fill = next(layer["encoding"]["fill"] for layer in spec["layer"] if "fill" in layer["encoding"])
    assert fill["scale"]["domain"] == [0, 84206] and fill["legend"]["title"] == "claims"


def test_office_points_are_sized_by_claims_and_marked_by_status(spec: dict) -> None:
    points = {point["id"]: point for point in map_points(spec)}
    assert {point["status"] for point in points.values()} == {
        "Office with its own figure",
        "Figure by state only",
        "Not yet open",
    }
    assert points["tapachula"]["area"] > points["palenque"]["area"] > points["cdmx"]["area"] > 0
    assert points["cdmx"]["area"] == pytest.approx(marker_size(None) ** 2 * 3.14159 / 4, rel=1e-3)
    colour = next(layer["encoding"]["color"] for layer in spec["layer"] if layer["mark"]["type"] == "circle")
    assert (
        dict(zip(colour["scale"]["domain"], colour["scale"]["range"], strict=True))["Office with its own figure"]
        == (PALETTE[3])
    )


def test_tooltips_are_plain_text_lines(spec: dict) -> None:
    """Vega's tooltip escapes what it shows: a label from data is sent as its own characters, never as markup
    or as plotly's escaped text (the browser test hovers a hostile one)."""
    tips = map_tips(spec)
    assert "<b>Tapachula</b> (Chiapas)\n76,239 claims" in tips
    assert not any("&lt;" in tip or "<br>" in tip for tip in tips)
    assert "Chiapas" in tips  # the grey base names every state


def test_the_phone_map_shows_the_same_places_with_its_legends_below(figure, spec: dict) -> None:
    phone = vega_lite_map(figure, phone=True)
    assert phone["layer"] == spec["layer"]
    assert phone["config"]["legend"]["orient"] == "bottom" and spec["config"]["legend"]["orient"] == "top"
    assert phone["height"] > PHONE_MAP_PX[1] and phone["width"] == "container"


def test_shapes_given_inline_are_drawn_from_the_spec(states: gpd.GeoDataFrame) -> None:
    shapes = json.loads(display_shapes_text(states))
    figure = make_arrivals_map(
        shapes, sorted(STATES), pd.DataFrame(columns=["state", "claims", "basis"]), points_frame([]), "en"
    )
    (layer,) = vega_lite_map(figure)["layer"]
    assert len(layer["data"]["values"]) == 32 and "url" not in layer["data"]


def test_hover_text_from_data_is_escaped_for_plotly(figure) -> None:
    """The plotly figure (what the briefing draws) holds labels escaped, as plotly would draw markup."""
    text = " ".join(t for trace in figure["data"] if trace["type"] == "scattermap" for t in trace["text"])
    assert "&lt;b&gt;Tapachula&lt;/b&gt;" in text and "<b>" not in text
    assert "76,239 claims" in text


def test_the_served_shapes_are_the_shipped_shapes_simplified() -> None:
    # static/ is what browsers get: it must stay the simplified data/ shapes (`make data` writes both)
    assert DISPLAY_SHAPES_PATH.read_text(encoding="utf-8") == display_shapes_text(read_states())
    features = json.loads(DISPLAY_SHAPES_PATH.read_text(encoding="utf-8"))["features"]
    assert sorted(feature["id"] for feature in features) == sorted(STATES)


def test_the_map_loads_its_shapes_from_the_app_itself(spec: dict) -> None:
    shapes = [layer["data"] for layer in spec["layer"] if layer["mark"]["type"] == "geoshape"]
    assert shapes and all(
        data == {"url": DISPLAY_SHAPES_URL, "format": {"type": "json", "property": "features"}} for data in shapes
    )
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
    spec = vega_lite_map(make_arrivals_map(DISPLAY_SHAPES_URL, sorted(STATES), by_state, points, "en"))
    assert map_areas(spec)[1]["07"]["tip"] == "Chiapas\n77,450 claims (Tapachula only; no figure for Palenque)"
    assert map_points(spec)[0]["tip"] == "Tapachula (Chiapas)\n77,450 claims (54.9 % of the release's national total)"


def test_state_shading_starts_at_zero_even_with_one_state() -> None:
    # one state alone made a colour bar from 77,449.8 to 77,450.2 ('77.4504k')
    by_state = pd.DataFrame({"state": ["07"], "claims": [77450], "basis": ["partial"]})
    spec = vega_lite_map(make_arrivals_map(DISPLAY_SHAPES_URL, sorted(STATES), by_state, points_frame([]), "en"))
    fill = next(layer["encoding"]["fill"] for layer in spec["layer"] if "fill" in layer["encoding"])
    assert fill["scale"]["domain"] == [0, 77450]


def test_mexico_bounds_hold_every_state(states: gpd.GeoDataFrame) -> None:
    west, south, east, north = states.total_bounds
    assert (
        MEXICO_BOUNDS[0] <= west
        and MEXICO_BOUNDS[1] <= south
        and MEXICO_BOUNDS[2] >= east
        and MEXICO_BOUNDS[3] >= north
    )
    assert max(abs(a - b) for a, b in zip(MEXICO_BOUNDS, (west, south, east, north), strict=True)) < 0.1  # and hug them


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

"""Chart builders: ECharts options in one look, labels as text (never markup or templates), overlapping tables never
stacked, years and months as the reader writes them. Figures are read with `chart_values`, not engine internals."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from mirps_dash.charts import (
    HEIGHT_KEY,
    PALETTE,
    PHONE_PX,
    PICK,
    chart_values,
    legend_rows,
    make_bar_chart,
    make_line_chart,
    make_ranked_bars,
    month_label,
    on_vega_lite,
    vega_lite_spec,
    vega_lite_values,
    with_marked_year,
    with_reader_months,
)
from tests.shown_charts import expressions

FRAME = pd.DataFrame(
    {"year": [2022, 2023, 2022, 2023], "group": ["HND", "HND", "<i>x</i>", "<i>x</i>"], "claims": [5, 7, 1, 2]}
)
HOSTILE = ["<img src=x onerror=alert(1)>", "{b}", "=1+1", "{a|rich}", "&lt;b&gt;"]


def _walk(value, key=""):
    """Every (key, value) pair of an option, however deep."""
    if isinstance(value, dict):
        for name, inner in value.items():
            yield name, inner
            yield from _walk(inner, name)
    elif isinstance(value, list):
        for inner in value:
            yield from _walk(inner, key)


@pytest.mark.parametrize(
    "build",
    [
        lambda: make_line_chart(FRAME, "year", "claims", "group"),
        lambda: make_bar_chart(FRAME, "year", "claims", "group"),
        lambda: make_ranked_bars(FRAME, "group", "claims", "year"),
    ],
)
def test_every_chart_uses_the_shared_palette_and_is_plain_json(build) -> None:
    option = build()
    assert option["color"] == PALETTE and PALETTE[0] == "#0072BC"
    json.dumps(option, allow_nan=False)  # what st.echarts_chart sends: no NaN, no numpy, no datetimes


@pytest.mark.parametrize(
    ("build", "names"),
    [
        (lambda: make_line_chart(FRAME, "year", "claims", "group", {"HND": "Honduras"}), ["Honduras", "<i>x</i>"]),
        (lambda: make_bar_chart(FRAME, "year", "claims", "group"), ["HND", "<i>x</i>"]),
    ],
)
def test_series_names_are_text_as_published_never_escaped(build, names: list[str]) -> None:
    assert list(chart_values(build())) == names  # ECharts draws text: an escaped '&lt;i&gt;' would show literally


@pytest.mark.parametrize(
    "build",
    [
        lambda f: make_line_chart(f, "year", "claims", "label", title=HOSTILE[1], y_title=HOSTILE[3]),
        lambda f: make_bar_chart(f, "label", "claims", title=HOSTILE[0]),
        lambda f: make_bar_chart(f, "year", "claims", "label"),
        lambda f: make_ranked_bars(f, "label", "claims", focus=HOSTILE[1], patterned=(HOSTILE[2],), x_title="{c}"),
    ],
)
def test_hostile_labels_stay_literal_text_and_no_template_reads_data(build) -> None:
    frame = pd.DataFrame({"year": [2020 + i for i in range(len(HOSTILE))], "label": HOSTILE, "claims": [1, 2, 3, 4, 5]})
    option = build(frame)
    text = json.dumps(option, ensure_ascii=False)
    shown = [label for label in HOSTILE if json.dumps(label, ensure_ascii=False) in text]
    assert shown  # every chart shows some of them, as given
    pairs = list(_walk(option))
    assert not [key for key, _value in pairs if key == "rich"]  # no rich-text styles: '{a|rich}' stays text
    assert {value for key, value in pairs if key == "formatter"} <= {"{value}%"}  # axis template, no data in it


def test_bar_chart_keeps_the_numbers_stacked_or_grouped() -> None:
    stacked = make_bar_chart(FRAME, "year", "claims", "group", title="A <script>")
    assert chart_values(stacked) == {"HND": {"2022": 5.0, "2023": 7.0}, "<i>x</i>": {"2022": 1.0, "2023": 2.0}}
    assert {s["stack"] for s in stacked["series"]} == {"total"} and stacked["title"]["text"] == "A <script>"
    grouped = make_bar_chart(FRAME, "year", "claims", "group", stacked=False)
    assert all("stack" not in s for s in grouped["series"])


def test_bar_categories_from_data_are_text() -> None:
    offices = pd.DataFrame({"office": ["Tapachula", "<b>x</b><a href='javascript:1'>y</a>"], "claims": [5, 1]})
    assert chart_values(make_bar_chart(offices, "office", "claims")) == {
        "": {"Tapachula": 5.0, "<b>x</b><a href='javascript:1'>y</a>": 1.0}
    }


def test_percent_line_chart_holds_percent_points_and_labels_its_axis_with_a_percent_sign() -> None:
    rates = pd.DataFrame({"year": [2020, 2021], "rate": [0.6, 0.755]})
    option = make_line_chart(rates, "year", "rate", percent=True)
    assert chart_values(option) == {"": {"2020": 60.0, "2021": 75.5}}
    assert option["yAxis"]["axisLabel"]["formatter"] == "{value}%" and option["tooltip"]["valueFormatter"] == "%.1f%%"


def test_counts_show_thousand_separators_in_the_tooltip() -> None:
    option = make_bar_chart(FRAME, "year", "claims", "group")
    assert option["tooltip"]["valueFormatter"] == "%,d"  # 12,345: es-MX and en both group by comma


def test_a_year_without_a_value_is_a_gap_in_the_line_never_a_join() -> None:
    # 2014 has no row at all and 2016 has a missing value: both must break the line
    rates = pd.DataFrame({"year": [2013, 2015, 2016, 2017], "rate": [0.5, 0.6, None, 0.7]})
    option = make_line_chart(rates, "year", "rate", percent=True)
    assert option["xAxis"]["data"] == ["2013", "2014", "2015", "2016", "2017"]
    assert option["series"][0]["data"] == [50.0, None, 60.0, None, 70.0]
    assert option["series"][0]["connectNulls"] is False


@pytest.mark.parametrize("build", [make_line_chart, make_bar_chart])
def test_years_are_whole_year_labels(build) -> None:
    assert build(pd.DataFrame({"year": [2022], "claims": [5]}), "year", "claims")["xAxis"]["data"] == ["2022"]
    floats = build(pd.DataFrame({"year": [2019.0, 2021.0], "claims": [5, 6]}), "year", "claims")
    assert floats["xAxis"]["data"] == ["2019", "2020", "2021"]  # never '2,019.5' or '2019.0'


def test_months_on_x_are_left_as_they_are() -> None:
    option = make_line_chart(pd.DataFrame({"month": ["2024-01", "2024-03"], "claims": [1, 2]}), "month", "claims")
    assert option["xAxis"]["data"] == ["2024-01", "2024-03"]


@pytest.mark.parametrize("title", ["", "A title"])
@pytest.mark.parametrize("build", [make_line_chart, make_bar_chart])
def test_the_legend_sits_under_the_title_and_the_plot_below_it_wrapped_on_a_phone(build, title: str) -> None:
    many = pd.DataFrame({"year": [2022] * 7, "group": [f"Country number {i}" for i in range(7)], "claims": range(7)})
    option = build(many, "year", "claims", "group", title=title, y_title="Persons", height=380)
    assert option["legend"]["show"] and option["legend"]["top"] >= (25 if title else 0)
    wide_top = option["grid"]["top"]
    phone = option["media"][0]
    phone_top = phone["option"]["grid"]["top"]
    assert phone["query"]["maxWidth"] <= 500 and phone_top > wide_top  # more rows of legend above a phone's plot
    assert option[HEIGHT_KEY] == 380


def test_legend_rows_grow_with_names_and_shrink_with_width() -> None:
    names = ["Honduras", "Guatemala", "El Salvador", "Venezuela", "Cuba", "Haití"]
    assert legend_rows(names[:1], 340) == 1 and legend_rows(names, 340) > legend_rows(names, 900)


def test_one_series_has_no_legend() -> None:
    assert make_line_chart(FRAME[FRAME["group"] == "HND"], "year", "claims")["legend"]["show"] is False


def test_the_emphasised_line_is_thicker() -> None:
    option = make_line_chart(FRAME, "year", "claims", "group", emphasis="HND")
    widths = {s["name"]: s["lineStyle"]["width"] for s in option["series"]}
    assert widths["HND"] > widths["<i>x</i>"]


def test_ranked_bars_put_the_first_row_on_top_the_focus_in_bold_and_other_units_hatched() -> None:
    frame = pd.DataFrame({"country": ["Mexico", "Costa Rica", "Panama (cases)"], "claims": [90, 20, 5]})
    option = make_ranked_bars(
        frame, "country", "claims", focus="Costa Rica", patterned=("Panama (cases)",), percent=False
    )
    axis = option["yAxis"]
    assert axis["type"] == "category" and axis["inverse"] is True  # the frame's first row on top
    assert axis["data"][0] == "Mexico" and axis["data"][1] == {
        "value": "Costa Rica",
        "textStyle": {"fontWeight": "bold"},
    }
    assert chart_values(option) == {"": {"Mexico": 90.0, "Costa Rica": 20.0, "Panama (cases)": 5.0}}
    items = option["series"][0]["data"]
    assert items[0] == 90.0 and items[1]["itemStyle"]["color"] != PALETTE[0] and "decal" in items[2]["itemStyle"]


def test_ranked_percent_bars_hold_percent_points() -> None:
    frame = pd.DataFrame({"country": ["A", "B"], "rate": ["r", "r"], "value": [0.25, None]})
    option = make_ranked_bars(frame, "country", "value", "rate", {"r": "Rate"}, percent=True)
    assert chart_values(option) == {"Rate": {"A": 25.0, "B": None}}
    assert option["xAxis"]["axisLabel"]["formatter"] == "{value}%"


@pytest.mark.parametrize(
    ("month", "lang", "label"),
    [
        ("2024-01", "es", "ene 2024"),
        ("2024-01", "en", "Jan 2024"),
        ("2023-08", "es", "ago 2023"),
        ("2023-12", "en", "Dec 2023"),
    ],
)
def test_month_labels_are_in_the_reader_s_language(month: str, lang: str, label: str) -> None:
    assert month_label(month, lang) == label


@pytest.mark.parametrize(
    ("lang", "months"), [("es", ["ene 2024", "feb 2024", "mar 2024"]), ("en", ["Jan 2024", "Feb 2024", "Mar 2024"])]
)
def test_a_monthly_chart_names_its_months_for_the_reader_and_keeps_an_empty_slot_for_a_missing_month(
    lang: str, months: list[str]
) -> None:
    option = make_bar_chart(pd.DataFrame({"month": ["2024-01", "2024-03"], "claims": [1, 2]}), "month", "claims")
    named = with_reader_months(option, lang)
    assert chart_values(named) == {"": dict(zip(months, [1.0, None, 2.0], strict=True))}
    assert option["xAxis"]["data"] == ["2024-01", "2024-03"]  # the shared option is left as it was


def test_charts_without_months_are_left_as_they_are() -> None:
    years = make_line_chart(FRAME, "year", "claims", "group")
    labels = make_bar_chart(pd.DataFrame({"period": ["May 2024", "2023"], "claims": [1, 2]}), "period", "claims")
    assert with_reader_months(years, "es") is years and with_reader_months(labels, "es") is labels


def test_the_pledge_indicator_chart_has_whole_years_and_marks_the_pledge_s_year() -> None:
    """The pledge dialog's chart follows the others: '2019' on the axis, the pledge's year a dotted line."""
    from mirps_dash.views.pledges import make_indicator_chart

    frame = pd.DataFrame({"series": ["claims", "claims"], "year": [2019, 2020], "value": [70_000, 41_000]})
    option = make_indicator_chart(frame, "en", 2019, "Claims")
    assert option["xAxis"]["data"] == ["2019", "2020"]
    mark = option["series"][0]["markLine"]["data"][0]
    assert mark["xAxis"] == "2019" and "2019" in mark["name"]
    assert option["legend"]["top"] >= 25  # under the title


def test_the_pledge_count_chart_lists_its_bars_first_on_top_and_can_be_clicked() -> None:
    from mirps_dash.views.pledges import make_count_chart

    counts = pd.DataFrame({"value": ["education", "{b}"], "label": ["Education", "{b}"], "pledges": [7, 2]})
    option = make_count_chart(counts, "By area", ("education",))
    assert chart_values(option) == {"": {"Education": 7, "{b}": 2}}
    assert option["yAxis"]["inverse"] is True and option["series"][0]["selectedMode"] == "single"
    colours = [item["itemStyle"]["color"] for item in option["series"][0]["data"]]
    assert colours[0] == PALETTE[0] and colours[1] != PALETTE[0]  # the chosen value stands out


# ---- the same options drawn by Vega-Lite (Regional's and Pledges' charts: one engine per page) -------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda: make_line_chart(FRAME, "year", "claims", "group", emphasis="HND", y_title="Claims"),
        lambda: make_ranked_bars(FRAME, "group", "claims", "year", {2022: "2022", 2023: "2023"}),
        lambda: make_ranked_bars(FRAME[FRAME["year"] == 2022], "group", "claims", focus="HND"),
        lambda: make_ranked_bars(
            pd.DataFrame({"country": ["A", "B"], "rate": ["r", "r"], "value": [0.25, None]}),
            "country",
            "value",
            "rate",
            {"r": "Rate"},
            percent=True,
        ),
    ],
)
def test_a_vega_lite_chart_draws_the_option_s_figures_as_plain_json(build) -> None:
    option = on_vega_lite(build())
    spec = vega_lite_spec(option)
    json.dumps(spec, allow_nan=False)  # what st.vega_lite_chart sends: no NaN, no numpy
    expected = {
        name: {k: v for k, v in values.items() if v is not None} for name, values in chart_values(option).items()
    }
    drawn = {
        name: {k: v for k, v in values.items() if v is not None} for name, values in vega_lite_values(spec).items()
    }
    assert drawn == expected
    assert "data" not in spec  # in its layer: top-level data Streamlit would turn into Arrow on every rerun


def test_a_vega_lite_line_keeps_its_gaps_its_thick_line_and_its_marked_year() -> None:
    frame = pd.DataFrame({"year": [2019, 2021], "claims": [5, 7], "group": ["HND", "HND"]})
    option = with_marked_year(make_line_chart(frame, "year", "claims", "group", emphasis="HND"), 2020, "Pledge, 2020")
    spec = vega_lite_spec(option)
    line, rule, note = spec["layer"]
    assert [row["value"] for row in line["data"]["values"]] == [5.0, None, 7.0]  # 2020 a gap, never a join
    assert line["mark"]["invalid"] == "break-paths-filter-domains"
    assert {row["width"] for row in line["data"]["values"]} == {4}
    assert rule["data"]["values"] == [{"category": "2020", "note": "Pledge, 2020"}] and note["encoding"]["text"]


def test_vega_lite_bars_mark_the_focus_the_other_unit_and_take_a_click() -> None:
    frame = pd.DataFrame({"country": ["Mexico", 'Costa "Rica"', "Panama (cases)"], "claims": [90, 20, 5]})
    option = make_ranked_bars(frame, "country", "claims", focus='Costa "Rica"', patterned=("Panama (cases)",))
    spec = vega_lite_spec(option)
    rows = {row["category"]: row for row in spec["layer"][0]["data"]["values"]}
    assert rows['Costa "Rica"']["colour"] == PALETTE[3] and rows["Panama (cases)"]["hatched"]
    weight = spec["encoding"]["y"]["axis"]["labelFontWeight"]["condition"]["test"]
    assert weight == 'datum.value === "Costa \\"Rica\\""'  # the label a quoted literal, never code
    assert spec["encoding"]["y"]["scale"]["domain"] == ["Mexico", 'Costa "Rica"', "Panama (cases)"]  # first on top
    assert "params" not in spec["layer"][0]["layer"][0]
    counts = pd.DataFrame({"value": ["education"], "label": ["Education"], "pledges": [7]})
    from mirps_dash.views.pledges import make_count_chart

    (bar, label) = vega_lite_spec(make_count_chart(counts, "By area"))["layer"][0]["layer"]
    assert bar["params"] == [{"name": PICK, "select": {"type": "point", "fields": ["index"], "toggle": False}}]
    assert label["encoding"]["text"]["field"] == "text"  # the count beside its bar


@pytest.mark.parametrize("label", HOSTILE)
def test_vega_lite_tooltips_and_labels_hold_data_as_text_never_in_an_expression(label: str) -> None:
    frame = pd.DataFrame({"label": [label, "B"], "claims": [3, 1]})
    spec = vega_lite_spec(make_ranked_bars(frame, "label", "claims", title=label))
    rows = spec["layer"][0]["data"]["values"]
    assert rows[0]["category"] == label and rows[0]["tip"] == f"{label}: 3"  # as given, not escaped
    assert not [text for text in expressions(spec) if label in text]


def test_a_vega_lite_legend_takes_the_rows_a_phone_needs() -> None:
    names = {code: f"A country named {code}" for code in ("BLZ", "CRI", "SLV", "GTM", "HND", "MEX", "PAN")}
    frame = pd.DataFrame({"year": [2020] * 7, "claims": range(7), "state": list(names)})
    legend = vega_lite_spec(make_line_chart(frame, "year", "claims", "state", names))["layer"][0]["encoding"]
    assert legend["color"]["legend"]["columns"] * (25 + 10 + 7 * len(names["BLZ"])) <= PHONE_PX
    assert legend["color"]["scale"]["range"] == PALETTE[:7]

"""Chart builders: one template for all, labels as text (never markup), overlapping tables never stacked."""

from __future__ import annotations

import pandas as pd
import pytest

from mirps_dash.charts import (
    MODEBAR_PX,
    PALETTE,
    TEMPLATE_NAME,
    make_bar_chart,
    make_line_chart,
    month_label,
    register_template,
    with_reader_months,
)

FRAME = pd.DataFrame(
    {"year": [2022, 2023, 2022, 2023], "group": ["HND", "HND", "<i>x</i>", "<i>x</i>"], "claims": [5, 7, 1, 2]}
)


@pytest.mark.parametrize(
    "build",
    [
        lambda: make_line_chart(FRAME, "year", "claims", "group"),
        lambda: make_bar_chart(FRAME, "year", "claims", "group"),
    ],
)
def test_every_chart_uses_the_shared_template(build) -> None:
    register_template()
    figure = build()
    assert figure.layout.template.layout.colorway == tuple(PALETTE)
    assert TEMPLATE_NAME == "mirps" and PALETTE[0] == "#0072BC"


@pytest.mark.parametrize(
    ("build", "names"),
    [
        (
            lambda: make_line_chart(FRAME, "year", "claims", "group", {"HND": "Honduras"}),
            ["Honduras", "&lt;i&gt;x&lt;/i&gt;"],
        ),
        (lambda: make_bar_chart(FRAME, "year", "claims", "group"), ["HND", "&lt;i&gt;x&lt;/i&gt;"]),
    ],
)
def test_series_names_are_escaped_text(build, names: list[str]) -> None:
    figure = build()
    assert [trace.name for trace in figure.data] == names
    assert all("<i>" not in trace.hovertemplate for trace in figure.data)


def test_bar_chart_keeps_the_numbers() -> None:
    figure = make_bar_chart(FRAME, "year", "claims", "group", title="A <script>")
    assert [list(trace.y) for trace in figure.data] == [[5.0, 7.0], [1.0, 2.0]]
    assert figure.layout.barmode == "stack" and figure.layout.title.text == "A &lt;script&gt;"


def test_bar_categories_from_data_are_escaped_text() -> None:
    offices = pd.DataFrame({"office": ["Tapachula", "<b>x</b><a href='javascript:1'>y</a>"], "claims": [5, 1]})
    bars = make_bar_chart(offices, "office", "claims").data[0]
    assert list(bars.x) == ["Tapachula", "&lt;b&gt;x&lt;/b&gt;&lt;a href=&#x27;javascript:1&#x27;&gt;y&lt;/a&gt;"]


def test_percent_line_chart_formats_the_axis_as_percent() -> None:
    rates = pd.DataFrame({"year": [2020, 2021], "rate": [0.6, 0.75]})
    figure = make_line_chart(rates, "year", "rate", percent=True)
    assert figure.layout.yaxis.tickformat == ".0%" and list(figure.data[0].y) == [0.6, 0.75]


def test_a_year_without_a_value_is_a_gap_in_the_line_never_a_join() -> None:
    # 2014 has no row at all and 2016 has a missing value: both must break the line
    rates = pd.DataFrame({"year": [2013, 2015, 2016, 2017], "rate": [0.5, 0.6, None, 0.7]})
    trace = make_line_chart(rates, "year", "rate", percent=True).data[0]
    assert list(trace.x) == [2013, 2014, 2015, 2016, 2017]
    assert list(trace.y) == [0.5, None, 0.6, None, 0.7]
    assert trace.connectgaps is False


@pytest.mark.parametrize("build", [make_line_chart, make_bar_chart])
def test_a_one_year_range_has_whole_year_ticks(build) -> None:
    figure = build(pd.DataFrame({"year": [2022], "claims": [5]}), "year", "claims")
    assert (figure.layout.xaxis.tickformat, figure.layout.xaxis.dtick, figure.layout.xaxis.tick0) == ("d", 1, 2022)


def test_months_on_x_are_left_as_they_are() -> None:
    figure = make_line_chart(pd.DataFrame({"month": ["2024-01", "2024-03"], "claims": [1, 2]}), "month", "claims")
    assert list(figure.data[0].x) == ["2024-01", "2024-03"] and figure.layout.xaxis.tickformat is None


@pytest.mark.parametrize("title", ["", "A title"])
@pytest.mark.parametrize("build", [make_line_chart, make_bar_chart])
def test_the_legend_sits_under_the_toolbar_and_the_title_above_the_plot(build, title: str) -> None:
    # it sat at the very top, where plotly's toolbar and the title are, and a phone wraps it to three rows there
    figure = build(FRAME, "year", "claims", "group", title=title, height=380)
    legend = figure.layout.legend
    from_top_px = (1 - legend.y) * figure.layout.height
    assert (legend.orientation, legend.yref, legend.yanchor) == ("h", "container", "top")
    assert from_top_px >= MODEBAR_PX + (20 if title else 0) - 0.5  # below the toolbar (and the title's line)


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


def test_a_monthly_chart_names_its_months_in_spanish_and_keeps_an_empty_slot_for_a_missing_month() -> None:
    figure = make_bar_chart(pd.DataFrame({"month": ["2024-01", "2024-03"], "claims": [1, 2]}), "month", "claims")
    spanish = with_reader_months(figure, "es")
    assert list(spanish.data[0].x) == ["ene 2024", "feb 2024", "mar 2024"]
    assert list(spanish.data[0].y) == [1.0, None, 2.0]
    assert (spanish.layout.xaxis.type, list(spanish.layout.xaxis.categoryarray)) == (
        "category",
        ["ene 2024", "feb 2024", "mar 2024"],
    )
    assert list(figure.data[0].x) == ["2024-01", "2024-03"]  # the shared figure is left as it was


def test_charts_without_months_are_left_as_they_are() -> None:
    years = make_line_chart(FRAME, "year", "claims", "group")
    labels = make_bar_chart(pd.DataFrame({"period": ["May 2024", "2023"], "claims": [1, 2]}), "period", "claims")
    assert with_reader_months(years, "es") is years and with_reader_months(labels, "es") is labels


def test_the_pledge_indicator_chart_has_whole_years_and_its_legend_under_the_title() -> None:
    """The pledge dialog's chart follows the others: '2019' ticks, the legend below the title and the toolbar."""
    from mirps_dash.views.pledges import make_indicator_chart

    frame = pd.DataFrame({"series": ["claims", "claims"], "year": [2019, 2020], "value": [70_000, 41_000]})
    layout = make_indicator_chart(frame, "en", 2019, "Claims").layout
    assert (layout.xaxis.tickformat, layout.xaxis.dtick) == ("d", 1)
    assert layout.legend.yref == "container" and layout.legend.yanchor == "top" and layout.legend.y < 1

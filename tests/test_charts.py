"""Chart builders: one template for all, labels as text (never markup), overlapping tables never stacked."""

from __future__ import annotations

import pandas as pd
import pytest

from mirps_dash.charts import PALETTE, TEMPLATE_NAME, make_bar_chart, make_line_chart, make_sparkline, register_template

FRAME = pd.DataFrame({"year": [2022, 2023, 2022, 2023], "group": ["HND", "HND", "<i>x</i>", "<i>x</i>"], "claims": [5, 7, 1, 2]})


@pytest.mark.parametrize("build", [
    lambda: make_line_chart(FRAME, "year", "claims", "group"),
    lambda: make_bar_chart(FRAME, "year", "claims", "group"),
    lambda: make_sparkline(FRAME[FRAME["group"] == "HND"], "year", "claims", "t"),
])
def test_every_chart_uses_the_shared_template(build) -> None:
    register_template()
    figure = build()
    assert figure.layout.template.layout.colorway == tuple(PALETTE)
    assert TEMPLATE_NAME == "mirps" and PALETTE[0] == "#0072BC"


@pytest.mark.parametrize(("build", "names"), [
    (lambda: make_line_chart(FRAME, "year", "claims", "group", {"HND": "Honduras"}), ["Honduras", "&lt;i&gt;x&lt;/i&gt;"]),
    (lambda: make_bar_chart(FRAME, "year", "claims", "group"), ["HND", "&lt;i&gt;x&lt;/i&gt;"]),
])
def test_series_names_are_escaped_text(build, names: list[str]) -> None:
    figure = build()
    assert [trace.name for trace in figure.data] == names
    assert all("<i>" not in trace.hovertemplate for trace in figure.data)


def test_bar_chart_keeps_the_numbers() -> None:
    figure = make_bar_chart(FRAME, "year", "claims", "group", title="A <script>")
    assert [list(trace.y) for trace in figure.data] == [[5.0, 7.0], [1.0, 2.0]]
    assert figure.layout.barmode == "stack" and figure.layout.title.text == "A &lt;script&gt;"


def test_percent_line_chart_formats_the_axis_as_percent() -> None:
    rates = pd.DataFrame({"year": [2020, 2021], "rate": [0.6, 0.75]})
    figure = make_line_chart(rates, "year", "rate", percent=True)
    assert figure.layout.yaxis.tickformat == ".0%" and list(figure.data[0].y) == [0.6, 0.75]

"""Plotly figure builders: tidy frame in, figure out. One template for every chart.

The palette is Okabe-Ito (colour-blind safe) led by UNHCR blue #0072BC, which is also Okabe-Ito's blue.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import cast

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from babel.dates import format_date

from mirps_dash.i18n import BABEL_LOCALES

UNHCR_BLUE = "#0072BC"
PALETTE = [UNHCR_BLUE, "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000", "#999999"]
TEMPLATE_NAME = "mirps"


def make_template() -> go.layout.Template:
    """The shared look: palette, system fonts (no web fonts), light grid, legend on top."""
    return go.layout.Template(
        layout=go.Layout(
            colorway=PALETTE,
            font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13, "color": "#222"},
            paper_bgcolor="white",
            plot_bgcolor="white",
            xaxis={"showgrid": False, "linecolor": "#999", "ticks": "outside"},
            yaxis={"gridcolor": "#e5e5e5", "zeroline": False, "separatethousands": True},
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


def _traces_by(frame: pd.DataFrame, series: str | None) -> list[tuple[str, pd.DataFrame]]:
    if series is None:
        return [("", frame)]
    return cast(list[tuple[str, pd.DataFrame]], list(frame.groupby(series, sort=False)))  # series holds text


def _whole_years(values: pd.Series) -> list[int] | None:
    """The x values as whole years (ints) when they are, else None (months, labels)."""
    known = values.dropna()
    if known.empty or not pd.api.types.is_numeric_dtype(known) or not (known.astype("float64") % 1 == 0).all():
        return None
    return [int(v) for v in known]


def year_axis(values: pd.Series) -> dict:
    """An x axis of whole years: integer ticks ('2022', never '2,022.5'), one per year over a short range."""
    years = _whole_years(values)
    if years is None:
        return {}
    axis = {"tickformat": "d", "separatethousands": False}
    if max(years) - min(years) <= 12:
        axis |= {"tick0": min(years), "dtick": 1}
    return {"xaxis": axis}


def _with_year_gaps(part: pd.DataFrame, x: str, y: str, years: list[int] | None) -> tuple[list, list]:
    """x and y of one line with every year of the range present, a year without a value as None, so that the
    line breaks there instead of joining its neighbours."""
    values = {key: (None if pd.isna(value) else float(value)) for key, value in zip(part[x], part[y], strict=True)}
    if years is None:
        return list(part[x]), list(values.get(key) for key in part[x])
    every = list(range(min(years), max(years) + 1))
    return every, [values.get(year) for year in every]


MODEBAR_PX = 36  # plotly's toolbar (top right) and a title line: the legend starts below both


def legend_under_title(height: int, title: str) -> dict:
    """A horizontal legend under the title and the toolbar, above the plot: `yref: container` fixes it in pixels from
    the top, so plotly moves the plot down by the legend's height (however many rows a phone wraps it to)."""
    top_px = MODEBAR_PX + (20 if title else 0)
    return {
        "orientation": "h",
        "x": 0,
        "xanchor": "left",
        "yref": "container",
        "y": 1 - top_px / height,
        "yanchor": "top",
    }


def _figure(
    traces: list[dict], title: str, y_title: str, height: int, percent: bool, separators: str, **layout
) -> go.Figure:
    """One figure made in one step from plain dicts: plotly validates it once (update_layout after
    construction would validate and copy the template again, for every chart)."""
    return go.Figure(
        data=traces,
        layout={
            "template": register_template(),
            "title": {
                "text": html.escape(title),
                "x": 0,
                "y": 0.98,
                "yref": "container",
                "yanchor": "top",
                "font": {"size": 15},
            },
            "margin": {"t": 80 if title else 40},
            "legend": legend_under_title(height, title),
            "height": height,
            "yaxis": {
                "title": {"text": html.escape(y_title)},
                "rangemode": "tozero",
                **({"tickformat": ".0%"} if percent else {}),
            },
            "separators": separators,
            "hovermode": "x unified",
            **layout,
        },
    )


def make_line_chart(
    frame: pd.DataFrame,
    x: str,
    y: str,
    series: str | None = None,
    names: dict | None = None,
    *,
    title: str = "",
    y_title: str = "",
    percent: bool = False,
    height: int = 380,
    separators: str = ".,",
    emphasis: object = None,
) -> go.Figure:
    """One line per value of `series` (names maps a value to its label); labels are escaped, never markup.

    With whole years on x, a year without a value is a gap in the line, never a join of its neighbours. The line
    of the series `emphasis` (when given) is drawn thicker than the others."""
    value_format = "%{y:.1%}" if percent else "%{y:,.0f}"
    years = _whole_years(frame[x])
    traces = []
    for key, part in _traces_by(frame, series):
        label = html.escape(str((names or {}).get(key, key)))
        xs, ys = _with_year_gaps(part, x, y, years)
        traces.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "connectgaps": False,
                "mode": "lines+markers",
                **({"line": {"width": 4 if key == emphasis else 1.5}} if emphasis is not None else {}),
                "name": label,
                "hovertemplate": f"{label}: {value_format}<extra></extra>",
            }
        )
    return _figure(
        traces, title, y_title, height, percent, separators, showlegend=series is not None, **year_axis(frame[x])
    )


def make_bar_chart(
    frame: pd.DataFrame,
    x: str,
    y: str,
    series: str | None = None,
    names: dict | None = None,
    *,
    title: str = "",
    y_title: str = "",
    stacked: bool = True,
    height: int = 380,
    separators: str = ".,",
) -> go.Figure:
    """Bars per `x`, stacked by `series` (parts of one published table only: never a total with its parts)."""
    traces = []
    for key, part in _traces_by(frame, series):
        label = html.escape(str((names or {}).get(key, key)))
        traces.append(
            {
                "type": "bar",
                "x": [html.escape(v) if isinstance(v, str) else v for v in part[x]],  # categories are text
                "y": [float(v) for v in part[y]],
                "name": label,
                "hovertemplate": f"{label}: %{{y:,.0f}}<extra></extra>",
            }
        )
    return _figure(
        traces,
        title,
        y_title,
        height,
        False,
        separators,
        barmode="stack" if stacked else "group",
        showlegend=series is not None,
        **year_axis(frame[x]),
    )


def make_ranked_bars(
    frame: pd.DataFrame,
    label: str,
    value: str,
    series: str | None = None,
    names: dict | None = None,
    *,
    focus: str | None = None,
    patterned: tuple[str, ...] = (),
    title: str = "",
    x_title: str = "",
    percent: bool = False,
    separators: str = ".,",
) -> go.Figure:
    """Horizontal bars, one row per `label` in the frame's order (the first on top), grouped by `series`.

    The row `focus` is named in bold and, with one series, drawn in another colour; rows in `patterned` (a
    figure in another unit, named in the label) are hatched. Labels are escaped, never markup."""
    order = list(dict.fromkeys(frame[label]))
    shown = {row: ("<b>" + html.escape(str(row)) + "</b>" if row == focus else html.escape(str(row))) for row in order}
    value_format = "%{x:.1%}" if percent else "%{x:,.0f}"
    traces = []
    for key, part in _traces_by(frame, series):
        name = html.escape(str((names or {}).get(key, key)))
        rows = list(part[label])
        colours = [PALETTE[3] if row == focus else UNHCR_BLUE for row in rows] if series is None else None
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": [shown[row] for row in rows],
                "x": [None if pd.isna(v) else float(v) for v in part[value]],
                "name": name,
                "marker": {
                    **({"color": colours} if colours else {}),
                    "pattern": {"shape": ["/" if row in patterned else "" for row in rows]},
                },
                "hovertemplate": f"%{{y}}{': ' + name if series else ''}: {value_format}<extra></extra>",
            }
        )
    height = 120 + 34 * len(order) * (1 if series is None else 2)
    figure = _figure(
        traces,
        title,
        "",
        height,
        False,
        separators,
        barmode="group",
        showlegend=series is not None,
        hovermode="closest",
        xaxis={
            "title": {"text": html.escape(x_title)},
            "rangemode": "tozero",
            "separatethousands": True,
            **({"tickformat": ".0%"} if percent else {}),
        },
    )
    return figure.update_yaxes(categoryorder="array", categoryarray=[shown[row] for row in order], autorange="reversed")


MONTH_TEXT = re.compile(r"\d{4}-(0[1-9]|1[0-2])")  # '2024-01': a month on x, as the builders get it


def month_label(month: str, lang: str) -> str:
    """'2024-09' as the reader writes it: 'sep 2024' / 'Sep 2024' (Babel), not plotly's English date ticks."""
    return format_date(dt.date(int(month[:4]), int(month[5:7]), 1), "MMM y", locale=BABEL_LOCALES[lang])


def _every_month(first: str, last: str) -> list[str]:
    return [str(period) for period in pd.period_range(first, last, freq="M")]


def with_reader_months(figure: go.Figure, lang: str) -> go.Figure:
    """A chart whose x holds months ('2024-01') with month names in the reader's language on its axis and in its
    hover, every month of the range in place (a month without a figure is an empty slot, never skipped); any
    other figure is returned as it is. A new figure: the one given may be shared and is never changed."""
    months = [list(trace.x) if getattr(trace, "x", None) is not None else [] for trace in figure.data]
    if not months or not all(xs and all(isinstance(v, str) and MONTH_TEXT.fullmatch(v) for v in xs) for xs in months):
        return figure
    every = _every_month(min(min(xs) for xs in months), max(max(xs) for xs in months))
    labels = [month_label(month, lang) for month in every]
    data = []
    for trace, xs in zip(figure.data, months, strict=True):
        values = dict(zip(xs, trace.y, strict=True))
        data.append(trace.to_plotly_json() | {"x": labels, "y": [values.get(month) for month in every]})
    layout = figure.layout.to_plotly_json()
    layout["xaxis"] = layout.get("xaxis", {}) | {"type": "category", "categoryorder": "array", "categoryarray": labels}
    return go.Figure(data=data, layout=layout)

"""Plotly figure builders: tidy frame in, figure out. One template for every chart.

The palette is Okabe-Ito (colour-blind safe) led by UNHCR blue #0072BC, which is also Okabe-Ito's blue.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

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
    ("plotly") is large enough to cost 5 ms a figure."""
    if TEMPLATE_NAME not in pio.templates:
        pio.templates[TEMPLATE_NAME] = make_template()
        pio.templates.default = TEMPLATE_NAME
    return TEMPLATE_NAME


def _traces_by(frame: pd.DataFrame, series: str | None) -> list[tuple[str, pd.DataFrame]]:
    if series is None:
        return [("", frame)]
    return list(frame.groupby(series, sort=False))


def _figure(traces: list[dict], title: str, y_title: str, height: int, percent: bool, separators: str,
            **layout) -> go.Figure:
    """One figure made in one step from plain dicts: plotly validates it once (update_layout after
    construction validated and copied the template again, 10-20 ms a chart)."""
    return go.Figure(data=traces, layout={
        "template": register_template(),
        "title": {"text": html.escape(title), "x": 0, "y": 0.98, "yref": "container", "yanchor": "top", "font": {"size": 15}},
        "margin": {"t": 80 if title else 40}, "legend": {"y": 1.02, "yanchor": "bottom"}, "height": height,
        "yaxis": {"title": {"text": html.escape(y_title)}, "rangemode": "tozero", **({"tickformat": ".0%"} if percent else {})},
        "separators": separators, "hovermode": "x unified", **layout,
    })


def make_line_chart(frame: pd.DataFrame, x: str, y: str, series: str | None = None, names: dict | None = None, *,
                    title: str = "", y_title: str = "", percent: bool = False, height: int = 380,
                    separators: str = ".,") -> go.Figure:
    """One line per value of `series` (names maps a value to its label); labels are escaped, never markup."""
    value_format = "%{y:.1%}" if percent else "%{y:,.0f}"
    traces = []
    for key, part in _traces_by(frame, series):
        label = html.escape(str((names or {}).get(key, key)))
        traces.append({"type": "scatter", "x": list(part[x]), "y": [None if pd.isna(v) else float(v) for v in part[y]],
                       "mode": "lines+markers", "name": label, "hovertemplate": f"{label}: {value_format}<extra></extra>"})
    return _figure(traces, title, y_title, height, percent, separators, showlegend=series is not None)


def make_bar_chart(frame: pd.DataFrame, x: str, y: str, series: str | None = None, names: dict | None = None, *,
                   title: str = "", y_title: str = "", stacked: bool = True, height: int = 380,
                   separators: str = ".,") -> go.Figure:
    """Bars per `x`, stacked by `series` (parts of one published table only: never a total with its parts)."""
    traces = []
    for key, part in _traces_by(frame, series):
        label = html.escape(str((names or {}).get(key, key)))
        traces.append({"type": "bar", "x": list(part[x]), "y": [float(v) for v in part[y]], "name": label,
                       "hovertemplate": f"{label}: %{{y:,.0f}}<extra></extra>"})
    return _figure(traces, title, y_title, height, False, separators, barmode="stack" if stacked else "group",
                   showlegend=series is not None)


def make_sparkline(frame: pd.DataFrame, x: str, y: str, title: str, height: int = 160) -> go.Figure:
    """A small line without axes clutter, for the Overview's trend lines."""
    figure = make_line_chart(frame, x, y, title=title, height=height)
    figure.update_layout(margin={"l": 10, "r": 10, "t": 30, "b": 10}, yaxis={"title": None})
    return figure

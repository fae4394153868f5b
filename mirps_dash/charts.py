"""ECharts option builders: tidy frame in, an option dict (plain JSON for `st.echarts_chart`) out.

Why ECharts and not plotly: its browser bundle is a quarter of plotly's and an option is a plain dict (no
figure to build and validate on the server). Only the maps stay plotly (`maps`): ECharts in Streamlit cannot
register GeoJSON shapes.

The palette is Okabe-Ito (colour-blind safe) led by UNHCR blue #0072BC, which is also Okabe-Ito's blue.
ECharts draws every string as text, so labels from data are passed as they are, never escaped (an escaped
"&lt;" would show literally); no label template reads data as a template (`{b}` and rich text `{x|...}` in a
name stay text: a template is applied once, to the catalogue's strings only).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import pandas as pd
from babel.dates import format_date

from mirps_dash.i18n import BABEL_LOCALES

UNHCR_BLUE = "#0072BC"
PALETTE = [UNHCR_BLUE, "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000", "#999999"]
FOCUS_COLOUR = PALETTE[3]
FADED_BLUE = "#9ecae1"  # a bar the reader did not choose, beside chosen ones
HEIGHT_KEY = "mirps_height_px"  # the chart's height in pixels: not ECharts', `ui.chart` passes it as `height=`
# Tooltip numbers as Streamlit formats them (sprintf): 12,345 groups by comma as es-MX and en both do; value
# axes group by comma by themselves. A percent chart holds percent points (60.5, not 0.605).
COUNT_FORMAT = "%,d"
PERCENT_FORMAT = "%.1f%%"
PERCENT_AXIS = "{value}%"
# diagonal white lines over a bar: a figure in another unit (`make_ranked_bars`' patterned rows)
HATCH = {"symbol": "rect", "dashArrayX": [1, 0], "dashArrayY": [2, 4], "rotation": math.pi / 4, "color": "#ffffffaa"}

TITLE_PX = 30  # the title's line
LEGEND_ROW_PX = 24  # one row of legend under it
AXIS_NAME_PX = 22  # the value axis' name over the plot
PHONE_PX = 340  # a phone's chart width (a 375 px screen less Streamlit's padding)
WIDE_PX = 700  # a desktop column


def _groups(frame: pd.DataFrame, series: str | None) -> list[tuple[Any, list[int]]]:
    """Row positions per value of `series`, in the order first met; rows without a value left out (as pandas'
    groupby with sort=False, without building a frame per group: a chart has tens of rows, not thousands)."""
    if series is None:
        return [(None, list(range(len(frame))))]
    groups: dict[Any, list[int]] = {}
    for position, key in enumerate(frame[series].tolist()):
        if not pd.isna(key):
            groups.setdefault(key, []).append(position)
    return list(groups.items())


def _years_of(values: list, numeric: bool) -> list[int] | None:
    """The values (of a column of numeric dtype or not) as whole years (ints) when they are, else None."""
    known = [v for v in values if not pd.isna(v)]
    if not known or not numeric or not all(float(v) % 1 == 0 for v in known):
        return None
    return [int(v) for v in known]


def _whole_years(values: pd.Series) -> list[int] | None:
    """The x values as whole years (ints) when they are, else None (months, labels)."""
    return _years_of(values.tolist(), pd.api.types.is_numeric_dtype(values))


def _number(value: Any, percent: bool = False) -> float | None:
    """A value as JSON takes it: None for a missing one; a share (0.605) as percent points (60.5)."""
    if value is None or pd.isna(value):
        return None
    return round(float(value) * 100, 4) if percent else float(value)


def categories(values: pd.Series) -> list[str]:
    """The x categories as text: whole years as '2019' with every year of the range in place (a year without a
    value is an empty slot, never skipped), anything else in the order first met."""
    years = _whole_years(values)
    if years is not None:
        return [str(year) for year in range(min(years), max(years) + 1)]
    return [str(v) for v in dict.fromkeys(values.dropna())]


def _aligned(
    xs: list, ys: list, numeric: bool, rows: list[int], slots: list[str], percent: bool = False
) -> list[float | None]:
    """One series' values (its `rows` of the x and y columns) in the order of `slots` (None where it has none)."""
    part_x = [xs[row] for row in rows]
    years = _years_of(part_x, numeric)
    keys = [str(int(v)) if years is not None else str(v) for v in part_x]
    values = {key: _number(ys[row], percent) for key, row in zip(keys, rows, strict=True)}
    return [values.get(slot) for slot in slots]


def legend_rows(names: list[str], width_px: int) -> int:
    """About how many rows a horizontal legend of these names takes at this width (ECharts wraps it)."""
    rows, used = 1, 0
    for name in names:
        item = 25 + 10 + 7 * len(name)  # the key, the gap, the text at ~7 px a letter
        if used and used + item > width_px:
            rows, used = rows + 1, 0
        used += item
    return rows


def _top_px(title: str, names: list[str], width_px: int, axis_name: str) -> int:
    legend = LEGEND_ROW_PX * legend_rows(names, width_px) if names else 0
    return 10 + (TITLE_PX if title else 0) + legend + (AXIS_NAME_PX if axis_name else 0)


def _option(
    series: list[dict],
    *,
    title: str,
    names: list[str],
    category_axis: dict,
    value_axis: dict,
    height: int,
    percent: bool,
    horizontal: bool = False,
    axis_name: str = "",
    tooltip: str = "axis",
) -> dict:
    """One option in the shared look: palette, title top left, the legend under it (wrapping on a phone: the
    plot starts below as many rows as the names take there), the value axis' name over the plot, light grid."""
    grid = {"left": 10, "right": 30, "bottom": 10, "containLabel": True}
    return {
        "color": PALETTE,
        "title": {"text": title, "left": 0, "top": 0, "textStyle": {"fontSize": 15}},
        "legend": {"show": bool(names), "type": "plain", "left": 0, "right": 0, "top": TITLE_PX if title else 0},
        "grid": grid | {"top": _top_px(title, names, WIDE_PX, axis_name)},
        "tooltip": {
            "trigger": tooltip,
            "axisPointer": {"type": "shadow" if _is_bar(series) else "line"},
            "valueFormatter": PERCENT_FORMAT if percent else COUNT_FORMAT,
        },
        "xAxis": value_axis if horizontal else category_axis,
        "yAxis": category_axis if horizontal else value_axis,
        "series": series,
        "media": [
            {
                "query": {"maxWidth": PHONE_PX + 60},
                "option": {"grid": {"top": _top_px(title, names, PHONE_PX, axis_name)}},
            }
        ],  # a phone
        HEIGHT_KEY: height,
    }


def _is_bar(series: list[dict]) -> bool:
    return any(s.get("type") == "bar" for s in series)


def _value_axis(name: str, percent: bool, horizontal: bool = False) -> dict:
    axis: dict = {"type": "value", "splitLine": {"lineStyle": {"color": "#e5e5e5"}}}
    if name:
        axis |= {"name": name, "nameLocation": "end", "nameTextStyle": {"align": "right" if horizontal else "left"}}
    if percent:
        axis["axisLabel"] = {"formatter": PERCENT_AXIS}
    return axis


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
    emphasis: object = None,
) -> dict:
    """One line per value of `series` (names maps a value to its label; labels are text).

    Every year (or month) of the range has its slot: a year without a value is a gap in the line, never a join
    of its neighbours. The line of the series `emphasis` (when given) is drawn thicker than the others."""
    slots = categories(frame[x])
    xs, ys, numeric = frame[x].tolist(), frame[y].tolist(), pd.api.types.is_numeric_dtype(frame[x])
    lines = []
    for key, rows in _groups(frame, series):
        line: dict = {
            "type": "line",
            "data": _aligned(xs, ys, numeric, rows, slots, percent),
            "connectNulls": False,
            "symbol": "circle",
            "symbolSize": 6,
        }
        if series is not None:
            line["name"] = str((names or {}).get(key, key))
        if emphasis is not None:
            line["lineStyle"] = {"width": 4 if key == emphasis else 1.5}
        lines.append(line)
    return _option(
        lines,
        title=title,
        names=[line["name"] for line in lines if "name" in line],
        category_axis={"type": "category", "data": slots, "boundaryGap": False},
        value_axis=_value_axis(y_title, percent),
        height=height,
        percent=percent,
        axis_name=y_title,
    )


def make_sparkline(years: list[int], values: list[int], height: int = 56) -> dict:
    """The small line under a headline figure: its last yearly values, no axes, the year and value on hover
    (drawn by ECharts like every chart here: `st.metric`'s own sparkline would fetch Vega-Lite's bundle too)."""
    return {
        "color": PALETTE,
        "grid": {"left": 4, "right": 4, "top": 6, "bottom": 6},
        "tooltip": {"trigger": "axis", "valueFormatter": COUNT_FORMAT},
        "xAxis": {"type": "category", "data": [str(year) for year in years], "show": False, "boundaryGap": False},
        "yAxis": {"type": "value", "show": False, "scale": True},
        "series": [{"type": "line", "data": values, "symbol": "none", "areaStyle": {"opacity": 0.12}}],
        HEIGHT_KEY: height,
    }


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
) -> dict:
    """Bars per `x`, stacked by `series` (parts of one published table only: never a total with its parts)."""
    slots = categories(frame[x])
    xs, ys, numeric = frame[x].tolist(), frame[y].tolist(), pd.api.types.is_numeric_dtype(frame[x])
    bars = []
    for key, rows in _groups(frame, series):
        bar: dict = {"type": "bar", "data": _aligned(xs, ys, numeric, rows, slots)}
        if series is not None:
            bar["name"] = str((names or {}).get(key, key))
            if stacked:
                bar["stack"] = "total"
        bars.append(bar)
    return _option(
        bars,
        title=title,
        names=[bar["name"] for bar in bars if "name" in bar],
        category_axis={"type": "category", "data": slots},
        value_axis=_value_axis(y_title, False),
        height=height,
        percent=False,
        axis_name=y_title,
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
) -> dict:
    """Horizontal bars, one row per `label` in the frame's order (the first on top), grouped by `series`.

    The row `focus` is named in bold and, with one series, drawn in another colour; rows in `patterned` (a
    figure in another unit, named in the label) are hatched. Labels are text."""
    order = [str(row) for row in dict.fromkeys(frame[label])]
    rows = [{"value": row, "textStyle": {"fontWeight": "bold"}} if row == focus else row for row in order]
    labels, numbers = frame[label].astype(str).tolist(), frame[value].tolist()
    bars = []
    for key, positions in _groups(frame, series):
        values = {labels[position]: numbers[position] for position in positions}
        items: list = []
        for row in order:
            number = _number(values.get(row), percent)
            style: dict[str, Any] = {}
            if series is None and row == focus:
                style["color"] = FOCUS_COLOUR
            if row in patterned:
                style["decal"] = HATCH
            items.append({"value": number, "itemStyle": style} if style else number)
        bar: dict = {"type": "bar", "data": items}
        if series is not None:
            bar["name"] = str((names or {}).get(key, key))
        bars.append(bar)
    height = 120 + 34 * len(order) * (1 if series is None else 2)
    return _option(
        bars,
        title=title,
        names=[bar["name"] for bar in bars if "name" in bar],
        category_axis={"type": "category", "data": rows, "inverse": True},
        value_axis=_value_axis(x_title, percent, horizontal=True),
        height=height,
        percent=percent,
        horizontal=True,
    )


def with_marked_year(option: dict, year: int, note: str) -> dict:
    """The line chart with a dotted vertical line at `year` and its note (a new option; the one given may be
    shared). The note is the series name the label template `{b}` reads: text, never a template itself."""
    mark = {
        "symbol": "none",
        "silent": True,
        "lineStyle": {"type": "dotted", "color": "#666666"},
        "label": {"formatter": "{b}", "position": "insideEndTop"},
        "data": [{"xAxis": str(year), "name": note}],
    }
    series = [dict(option["series"][0], markLine=mark), *option["series"][1:]]
    return option | {"series": series}


def chart_values(option: dict) -> dict[str, dict[str, float | None]]:
    """What an option draws, read as {series name: {category: value}} ('' for an unnamed series): for tests and
    the briefing, which read figures, not engine internals."""
    horizontal = option.get("yAxis", {}).get("type") == "category"
    axis = option["yAxis" if horizontal else "xAxis"]
    slots = [item["value"] if isinstance(item, dict) else item for item in axis.get("data", [])]
    out: dict[str, dict[str, float | None]] = {}
    for series in option.get("series", []):
        values = [item.get("value") if isinstance(item, dict) else item for item in series.get("data", [])]
        out[series.get("name", "")] = dict(zip(slots, values, strict=False))
    return out


MONTH_TEXT = re.compile(r"\d{4}-(0[1-9]|1[0-2])")  # '2024-01': a month on x, as the builders get it


def month_label(month: str, lang: str) -> str:
    """'2024-09' as the reader writes it: 'sep 2024' / 'Sep 2024' (Babel), not an English date format."""
    return format_date(dt.date(int(month[:4]), int(month[5:7]), 1), "MMM y", locale=BABEL_LOCALES[lang])


def _every_month(first: str, last: str) -> list[str]:
    return [str(period) for period in pd.period_range(first, last, freq="M")]


def with_reader_months(option: Any, lang: str) -> Any:
    """A chart whose x holds months ('2024-01') with month names in the reader's language on its axis (and so in
    its tooltip), every month of the range in place (a month without a figure is an empty slot, never skipped);
    any other chart (a map too) is returned as it is. A new option: the one given may be shared, never changed."""
    axis = (option.get("xAxis") if isinstance(option, dict) else None) or {}
    months = axis.get("data") or []
    if not months or not all(isinstance(v, str) and MONTH_TEXT.fullmatch(v) for v in months):
        return option
    every = _every_month(min(months), max(months))
    series = []
    for one in option["series"]:
        values = dict(zip(months, one["data"], strict=True))
        series.append(one | {"data": [values.get(month) for month in every]})
    return option | {"xAxis": axis | {"data": [month_label(month, lang) for month in every]}, "series": series}

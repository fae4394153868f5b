"""ECharts option builders: tidy frame in, an option dict (plain JSON for `st.echarts_chart`) out.

Why ECharts and not plotly: its browser bundle is a quarter of plotly's and an option is a plain dict (no
figure to build and validate on the server). The maps are drawn by Vega-Lite (`maps`): ECharts in Streamlit cannot
register GeoJSON shapes; so a page with a map (Regional) or a click selection (Pledges) draws its charts with
Vega-Lite too, from the same options (`on_vega_lite`, `vega_lite_spec`), and fetches one engine, not two.

The palette is Okabe-Ito (colour-blind safe) led by UNHCR blue #0072BC, which is also Okabe-Ito's blue.
ECharts draws every string as text, so labels from data are passed as they are, never escaped (an escaped
"&lt;" would show literally); no label template reads data as a template (`{b}` and rich text `{x|...}` in a
name stay text: a template is applied once, to the catalogue's strings only).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import textwrap
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


# ---- the same charts drawn by Vega-Lite (issue 13) -------------------------------------------------------------
# A page whose map is Vega-Lite (Regional) or whose charts could be either (Pledges) fetches one engine, not two:
# ECharts' chunk (1.2 MB) pulls Streamlit's Arrow formatting chunk (0.7 MB), Vega's (0.8 MB) does not. The views
# still make ECharts options (the briefing draws them, tests read them with `chart_values`); `on_vega_lite` marks
# one, and `ui.chart` draws a marked option through `vega_lite_spec`, a plain dict (no altair, no validation).
VEGA_LITE_KEY = "mirps_vega_lite"  # an option marked to be drawn by Vega-Lite: not ECharts', `ui.chart` reads it
PICK = "pick"  # the name of the count bars' click selection: `st.session_state[key].selection[PICK]`
BAR_STEP_PX = 30  # a row of horizontal bars
TITLE_LINE_CHARACTERS = 40  # of a 15 px title on a phone's 340 px
GROUPED_STEP_PX = 17  # one bar of a row of several (a row of two as tall as ECharts drew it)
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


def on_vega_lite(option: dict) -> dict:
    """The option, marked to be drawn by Vega-Lite (a new dict: the one given may be shared)."""
    return option | {VEGA_LITE_KEY: True}


def _figure_text(value: float, percent: bool) -> str:
    """A value as the tooltip shows it: '12,345' (grouped by comma, as es-MX and en both write it), '60.5%'."""
    return f"{value:.1f}%" if percent else f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _is_percent(option: dict) -> bool:
    return option.get("tooltip", {}).get("valueFormatter") == PERCENT_FORMAT


def _legend_columns(names: list[str]) -> int:
    """Legend entries per row: as many as a phone's width holds (the same rows on a desktop, never cut)."""
    widest = max(25 + 10 + 7 * len(name) for name in names)
    return max(1, min(len(names), PHONE_PX // widest))


def _colour(names: list[str]) -> dict:
    """Colour by series in the palette's order, the legend under the title in rows a phone holds."""
    return {
        "field": "series",
        "type": "nominal",
        "scale": {"domain": names, "range": PALETTE[: len(names)]},
        "legend": {"title": None, "orient": "top", "direction": "horizontal", "columns": _legend_columns(names)}
        if len(names) > 1
        else None,
    }


def _value_encoding(axis: dict, percent: bool) -> dict:
    """The value axis: its name (in the reader's language) as its title, '60%' or '12,345' as its labels."""
    title = axis.get("name") or None
    shown = {"title": title, "labelExpr": "datum.label + '%'"} if percent else {"title": title, "format": ",~f"}
    spacing = {"labelOverlap": True, "labelSeparation": 8}  # on a phone every other label, never touching
    return {"field": "value", "type": "quantitative", "axis": shown | spacing | {"gridColor": "#e5e5e5"}}


def _literal(text: str) -> str:
    """A label from data as a string literal of Vega's expression language (JSON's quoting, ASCII only): text,
    never code."""
    return json.dumps(text, ensure_ascii=True)


def _line_spec(option: dict, percent: bool) -> dict:
    """Lines over years or months (`make_line_chart`): every slot of the range in place (a missing value breaks
    the line), the emphasised line thicker, a marked year as a dotted rule with its note."""
    slots = [str(item) for item in option["xAxis"]["data"]]
    names = [str(series.get("name", "")) for series in option["series"]]
    rows = []
    for series, name in zip(option["series"], names, strict=True):
        width = series.get("lineStyle", {}).get("width", 2)
        for slot, value in zip(slots, series["data"], strict=False):
            number = _item_value(value)
            tip = f"{name + ' · ' if name else ''}{slot}: {_figure_text(number, percent)}" if number is not None else ""
            rows.append({"category": slot, "series": name, "value": number, "width": width, "tip": tip})
    layers: list[dict] = [
        {
            "data": {"values": rows},
            "mark": {"type": "line", "point": True, "invalid": "break-paths-filter-domains"},
            "encoding": {
                "y": _value_encoding(option["yAxis"], percent),
                "color": _colour(names) if any(names) else {"value": PALETTE[0]},
                "strokeWidth": {"field": "width", "type": "quantitative", "scale": None, "legend": None},
                "tooltip": {"field": "tip", "type": "nominal"},
            },
        }
    ]
    marks = [item for series in option["series"] for item in series.get("markLine", {}).get("data", [])]
    if marks:  # a marked year (`with_marked_year`): a dotted rule and its note, both text
        notes = {"values": [{"category": str(mark["xAxis"]), "note": str(mark.get("name", ""))} for mark in marks]}
        layers += [
            {"data": notes, "mark": {"type": "rule", "strokeDash": [2, 3], "color": "#666666"}},
            {
                "data": notes,
                "mark": {"type": "text", "align": "left", "baseline": "top", "dx": 4, "y": 0, "color": "#444444"},
                "encoding": {"text": {"field": "note", "type": "nominal"}},
            },
        ]
    legend = names if len(names) > 1 else []
    return {  # the plot's height: the option's, less what Vega lays around the plot (title, legend, axis labels)
        "height": int(option.get(HEIGHT_KEY, 380)) - _top_px("", legend, WIDE_PX, "") - 60,
        "encoding": {
            "x": {
                "field": "category",
                "type": "ordinal",
                "scale": {"domain": slots},
                "axis": {"title": None, "labelAngle": 0, "labelOverlap": True},
            }
        },
        "layer": layers,
    }


def _item_value(item: Any) -> float | None:
    value = item.get("value") if isinstance(item, dict) else item
    return None if value is None else float(value)


def _bars_spec(option: dict, percent: bool) -> dict:
    """Horizontal bars (`make_ranked_bars`, the pledges' count bars): the first row on top, grouped by series;
    a bar's own colour kept, a hatched (other unit) bar drawn pale with a dashed outline, the focus row's label in
    bold, value labels where the option shows them, a click selecting one bar where it can be selected."""
    order = [_text(item) for item in option["yAxis"]["data"]]
    bold = [_text(item) for item in option["yAxis"]["data"] if isinstance(item, dict)]
    names = [str(series.get("name", "")) for series in option["series"]]
    rows = []
    for series, name in zip(option["series"], names, strict=True):
        for index, (label, item) in enumerate(zip(order, series["data"], strict=False)):
            number = _item_value(item)
            if number is None:
                continue
            style = item.get("itemStyle", {}) if isinstance(item, dict) else {}
            tip = f"{label}{' · ' + name if name else ''}: {_figure_text(number, percent)}"
            rows.append(
                {
                    "category": label,
                    "series": name,
                    "value": number,
                    "index": index,
                    "colour": style.get("color", PALETTE[0]),
                    "hatched": "decal" in style,
                    "text": _figure_text(number, percent),
                    "tip": tip,
                }
            )
    grouped = len(names) > 1
    encoding: dict = {
        "color": _colour(names) if grouped else {"field": "colour", "type": "nominal", "scale": None},
        "fillOpacity": {"condition": {"test": "datum.hatched", "value": 0.3}, "value": 1},
        "strokeDash": {"condition": {"test": "datum.hatched", "value": [4, 2]}, "value": [1, 0]},
        "strokeWidth": {"condition": {"test": "datum.hatched", "value": 1.5}, "value": 0},
        "stroke": {"value": "#333333"},
        "tooltip": {"field": "tip", "type": "nominal"},
    }
    if grouped:
        encoding["yOffset"] = {"field": "series", "type": "nominal", "scale": {"domain": names}}
    bar: dict = {"mark": {"type": "bar"}, "encoding": encoding}
    layers = [bar]
    if any(series.get("selectedMode") for series in option["series"]):
        bar["mark"]["cursor"] = "pointer"
        bar["params"] = [{"name": PICK, "select": {"type": "point", "fields": ["index"], "toggle": False}}]
    labelled = any(series.get("label", {}).get("show") for series in option["series"])
    if labelled:
        text = {"text": {"field": "text", "type": "nominal"}}
        layers.append({"mark": {"type": "text", "align": "left", "dx": 4}, "encoding": text})
    label_weight = " || ".join(f"datum.value === {_literal(label)}" for label in bold)
    y_axis: dict = {"title": None, "labelLimit": 260}
    if label_weight:
        y_axis["labelFontWeight"] = {"condition": {"test": label_weight, "value": "bold"}, "value": "normal"}
    value = _value_encoding(option["xAxis"], percent) | {"stack": None}  # grouped side by side, never stacked
    if labelled:  # room for the value labels right of the bars
        value["scale"] = {"domain": [0, 1.15 * max((row["value"] for row in rows), default=1)], "nice": False}
    if option["xAxis"].get("show") is False:
        value["axis"] = None
    return {
        "height": {"step": GROUPED_STEP_PX if grouped else BAR_STEP_PX},  # grouped: the step of each bar
        "encoding": {
            "y": {"field": "category", "type": "nominal", "scale": {"domain": order}, "sort": None, "axis": y_axis},
            "x": value,
        },
        "layer": [{"data": {"values": rows}, "layer": layers}],
    }


def _text(item: Any) -> str:
    return str(item.get("value", "")) if isinstance(item, dict) else str(item)


def _title_lines(title: str) -> list[str]:
    """A title in lines a phone's width holds (Vega cuts a long line short; ECharts let it run off the chart)."""
    return textwrap.wrap(title, TITLE_LINE_CHARACTERS) or [title]


def vega_lite_spec(option: dict) -> dict:
    """An option of the kinds `on_vega_lite` marks (lines over years or months, horizontal bars) as a Vega-Lite
    spec for `st.vega_lite_chart`: the same values, palette, title, axis names, legend and tooltips. The values are
    the first layer's own data (data at the top Streamlit would turn into an Arrow table on every rerun). Every label
    from data is a data value drawn as text (tooltips included: Vega's tooltip escapes it), never markup or a
    template; the one place a label enters an expression (the focus row's bold label) it is a quoted literal."""
    percent = _is_percent(option)
    horizontal = option.get("yAxis", {}).get("type") == "category"
    spec = _bars_spec(option, percent) if horizontal else _line_spec(option, percent)
    title = option.get("title", {}).get("text", "")
    return {
        **({"title": {"text": _title_lines(title), "anchor": "start", "fontSize": 15, "offset": 10}} if title else {}),
        "width": "container",
        "autosize": {"type": "fit-x", "contains": "padding"},
        "padding": {"left": 6, "right": 6, "top": 5, "bottom": 5},  # a rotated axis title's glyphs stay inside
        **spec,
        "config": {
            "view": {"stroke": None},
            "font": FONT,
            "axis": {"labelFontSize": 12, "titleFontWeight": "normal", "domainColor": "#888888"},
            "legend": {"labelLimit": 240, "labelFontSize": 12},
            "background": "white",
        },
    }


def vega_lite_values(spec: dict) -> dict[str, dict[str, float | None]]:
    """What a spec from `vega_lite_spec` draws, as `chart_values` reads an option: {series: {category: value}}."""
    out: dict[str, dict[str, float | None]] = {}
    for row in spec["layer"][0]["data"]["values"]:  # the bars' or the lines' own layer
        out.setdefault(row["series"], {})[row["category"]] = row["value"]
    return out

"""A briefing: what a page shows now as one PDF, and each chart alone as SVG or PNG, made on the server.

Offline and without a browser: a chart is the page's ECharts option redrawn with matplotlib (bars vertical or
horizontal, grouped or stacked; lines), a map the page's plotly figure (the 32 state shapes of
data/mexico_states.geojson with the offices as points; the MIRPS countries), written as SVG whose labels stay
text; fpdf2 draws that SVG into the PDF as vector paths and text. Values from data are drawn as text, never read
as markup: a chart's strings are text as they are, a map's escaped plotly labels are unescaped once to plain
text, matplotlib's math parser is off, fpdf2 gets no markdown.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import io
import itertools
import json
import math
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from mirps_dash.export import Frame, made
from mirps_dash.i18n import format_day, t

STATIC_FOLDER = Path(__file__).resolve().parent.parent / "static"  # what the app serves at app/static/

FONT_FAMILY = "DejaVu Sans"  # ships with matplotlib: every Latin letter, regular and bold, no system font needed
TABLE_ROWS = 25  # rows of a chart's table printed in the briefing; the rest are in its CSV
PDF_WIDTH_IN = 7.0  # a chart's width: A4 less the margins

# matplotlib's global settings while a chart is drawn (under _DRAWING: the settings are process-wide, and a
# briefing is made in a thread of its own when a reader clicks): text stays <text> in the SVG, "$" is a
# dollar sign (no math), one font, and stable ids so the same figure gives the same SVG.
_RC: dict[Any, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "mirps-dash",
    "text.parse_math": False,
    "text.usetex": False,
    "font.family": FONT_FAMILY,
    "font.size": 8.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#999999",
    "axes.titlesize": 10,
    "axes.titlelocation": "left",
    "legend.fontsize": 8,
    "legend.frameon": False,
    "xtick.color": "#444444",
    "ytick.color": "#444444",
}
_DRAWING = threading.Lock()
# the markup plotly draws in a label (its whole vocabulary): any other "<...>" is text, as plotly shows it
_TAG = re.compile(r"</?(?:b|i|em|sup|sub|span|a|s|u)(?:\s[^>]*)?>", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_RGB = re.compile(r"rgba?\(([^)]*)\)")


@dataclass(frozen=True)
class KeyFigure:
    """One of the page's key figures as it shows it: label and formatted value."""

    label: str
    value: str


@dataclass(frozen=True)
class BriefingChart:
    """One chart a page shows: its ECharts option (or a map's plotly figure), sentence, table and sources."""

    figure: Any
    summary: str
    table: Frame  # formatted for the reader, as the page shows it (made when the briefing is)
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Briefing:
    """Everything one briefing holds, gathered while the page ran; `briefing_pdf` turns it into the PDF."""

    lang: str
    page: str  # the page's title in the reader's language
    made_at: dt.datetime
    permalink: str
    key_figures: tuple[KeyFigure, ...] = ()
    charts: tuple[BriefingChart, ...] = ()
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)  # the sources dataset
    source_ids: tuple[str, ...] = ()  # sources the page cites besides its charts' (its key figures')
    versions: tuple[dict, ...] = ()  # dataset, version_id, created_at, file_name
    filters: tuple[str, ...] = ()


# ---- ECharts options and plotly map dicts, read as plain values -----------------------------------------------


def plain_text(value: object) -> str:
    """A plotly map's label as the text a reader sees on the page: line breaks kept, plotly's own markup (bold, links)
    dropped, escaped data (`&lt;script&gt;`) back to its characters, which are then drawn as text, never markup."""
    if isinstance(value, dict):
        value = value.get("text", "")
    if value is None:
        return ""
    text = _TAG.sub("", _BREAK.sub("\n", str(value)))
    return html.unescape(text)


def _get(mapping: Any, *path: str, default: Any = None) -> Any:
    for key in path:
        if not isinstance(mapping, dict) or key not in mapping:
            return default
        mapping = mapping[key]
    return mapping


def _values(sequence: Any) -> list:
    if sequence is None:
        return []
    if isinstance(sequence, str | bytes):
        return [sequence]
    return list(sequence)


def _number(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return number


def _colour(value: Any, fallback: Any) -> Any:
    """A plotly colour ('#0072BC', 'rgba(0,0,0,0)', a name) as matplotlib takes it; else the fallback."""
    from matplotlib.colors import to_rgba

    if isinstance(value, str):
        found = _RGB.fullmatch(value.strip().replace(" ", ""))
        if found:
            parts = [float(part) for part in found.group(1).split(",")]
            return (parts[0] / 255, parts[1] / 255, parts[2] / 255, parts[3] if len(parts) > 3 else 1.0)
        try:
            return to_rgba(value)
        except ValueError:
            return fallback
    return fallback


def _palette() -> list[str]:
    from mirps_dash.charts import PALETTE

    return list(PALETTE)


def group_digits(value: float, separators: str = ".,", decimals: int = 0) -> str:
    """A number with `separators` (decimal mark, then thousands mark): 12,345.6 as es-MX and en both write it."""
    decimal, thousands = ((separators or "") + ".,")[0], ((separators or "") + ".,")[1]
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def is_echarts(figure: Any) -> bool:
    """True for an ECharts option (a chart), False for a plotly figure or its dict (a map)."""
    return isinstance(figure, dict) and "series" in figure


def figure_dict(figure: Any) -> dict:
    """An ECharts option as it is; a map (a plotly figure's JSON, `maps`) as a plain dict with `data` and `layout`."""
    if is_echarts(figure):
        return figure
    return {"data": [dict(trace) for trace in figure.get("data", [])], "layout": dict(figure.get("layout", {}))}


def is_map_figure(figure: dict) -> bool:
    return not is_echarts(figure) and any(
        trace.get("type") in ("choroplethmap", "scattermap") for trace in figure["data"]
    )


# ---- the state shapes (data/mexico_states.geojson), in Web Mercator for drawing ----------------------------------


def mercator_y(lat: float) -> float:
    """A latitude as Web Mercator's y, in degrees of longitude (the plotly map's projection, equal aspect)."""
    lat = max(-85.0, min(85.0, float(lat)))
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


@functools.cache
def _shipped_shapes() -> dict[str, list[list[tuple[float, float]]]]:
    """Each state's rings (outer rings clockwise, holes counter-clockwise), projected, by INEGI code."""
    from mirps_dash.maps import read_states, states_geojson

    return _rings_by_id(states_geojson(read_states()))


def _rings_by_id(geojson: dict) -> dict[str, list[list[tuple[float, float]]]]:
    shapes: dict[str, list[list[tuple[float, float]]]] = {}
    for feature in geojson.get("features", []):
        key = str(feature.get("id", _get(feature, "properties", "CVE_ENT", default="")))
        geometry = feature.get("geometry") or {}
        polygons = geometry.get("coordinates", [])
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        shapes[key] = [
            [(float(lon), mercator_y(lat)) for lon, lat, *_ in ring] for polygon in polygons for ring in polygon
        ]
    return shapes


def _shapes_for(geojson: Any) -> dict[str, list[list[tuple[float, float]]]]:
    """Shapes given in the figure, or, when it names them by URL as the pages do (`app/static/<file>`), the file
    the app serves there (the MIRPS countries, the states); the shipped state shapes otherwise."""
    if isinstance(geojson, dict):
        return _rings_by_id(geojson)
    served = STATIC_FOLDER / Path(str(geojson or "")).name
    if geojson and served.is_file():
        return _served_shapes(served)
    return _shipped_shapes()


@functools.cache
def _served_shapes(path: Path) -> dict[str, list[list[tuple[float, float]]]]:
    return _rings_by_id(json.loads(path.read_text(encoding="utf-8")))


# ---- drawing ------------------------------------------------------------------------------------------------


def _new_figure(figure: dict):
    from matplotlib.figure import Figure

    from mirps_dash.charts import HEIGHT_KEY

    height_px = _number(figure.get(HEIGHT_KEY) if is_echarts(figure) else figure["layout"].get("height"))
    if is_map_figure(figure):
        size = (PDF_WIDTH_IN, 5.6)
    else:
        height_px = 380 if math.isnan(height_px) else height_px
        size = (PDF_WIDTH_IN, max(2.4, min(8.5, height_px / 100 * 0.85)))
    return Figure(figsize=size, layout="constrained")


def _draw(figure: dict):
    """A matplotlib Figure of an ECharts option or a plotly map's dict (call under _DRAWING and _RC)."""
    canvas_figure = _new_figure(figure)
    axes = canvas_figure.add_subplot()
    if is_echarts(figure):
        title = _text(_get(figure, "title", "text", default=""))
        legend = _get(figure, "legend", "show", default=True) is not False
    else:
        title = plain_text(_get(figure["layout"], "title", default=""))
        legend = figure["layout"].get("showlegend", True) is not False
    if title:
        axes.set_title(title)
    extra = _draw_chart(axes, figure) if is_echarts(figure) else _draw_map(canvas_figure, axes, figure)
    handles, labels = axes.get_legend_handles_labels()
    handles, labels = [*extra, *handles], [*(h.get_label() for h in extra), *labels]
    if handles and legend:
        legend = canvas_figure.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 3))
        for handle in legend.legend_handles:  # a point's key at one size, not the size of its first office
            if hasattr(handle, "set_sizes"):
                handle.set_sizes([30])
    return canvas_figure


def _text(value: Any) -> str:
    """An ECharts string as drawn: text as it is (ECharts never reads it as markup, nor does the briefing)."""
    if isinstance(value, dict):
        value = value.get("value", "")
    return "" if value is None else str(value)


def _item(value: Any) -> tuple[float, Any]:
    """A series' data item: its number (NaN when missing) and its own colour (None when it has none)."""
    if isinstance(value, dict):
        return _number(value.get("value")), _get(value, "itemStyle", "color")
    return _number(value), None


def _draw_chart(axes, option: dict) -> list:
    """An ECharts option's bars (vertical or horizontal; grouped or stacked) and lines on one pair of axes, its
    marked year, value labels, axis names and percent axis; the figures read through `charts.chart_values`."""
    from matplotlib.ticker import FuncFormatter

    palette = list(option.get("color") or _palette())
    horizontal = _get(option, "yAxis", "type") == "category"
    cat_axis = option["yAxis" if horizontal else "xAxis"]
    value_axis = option["xAxis" if horizontal else "yAxis"]
    labels = [_text(item) for item in cat_axis.get("data", [])]
    slots = list(range(len(labels)))
    series = option.get("series", [])
    bars = [one for one in series if one.get("type") == "bar"]
    stacks: dict[Any, tuple[list[float], list[float]]] = {}
    grouped = [one for one in bars if one.get("stack") is None]
    for index, one in enumerate(series):
        colour = _colour(
            _get(one, "itemStyle", "color") or _get(one, "lineStyle", "color"), palette[index % len(palette)]
        )
        name = _text(one.get("name"))
        label = name if name and _get(option, "legend", "show", default=True) is not False else None
        items = [_item(value) for value in one.get("data", [])]
        values = [number for number, _own in items]
        if one.get("type") == "bar":
            colours = [_colour(own, colour) for _number_, own in items]
            if one.get("stack") is not None:
                positive, negative = stacks.setdefault(one["stack"], ([0.0] * len(slots), [0.0] * len(slots)))
                base = [(positive if v >= 0 else negative)[s] for s, v in zip(slots, values, strict=False)]
                for s, v in zip(slots, values, strict=False):
                    if not math.isnan(v):
                        (positive if v >= 0 else negative)[s] += v
                offsets, width = [float(s) for s in slots[: len(values)]], 0.8
            else:
                base = [0.0] * len(values)
                width = 0.8 / max(1, len(grouped))
                shift = (grouped.index(one) - (len(grouped) - 1) / 2) * width
                offsets = [s + shift for s in slots[: len(values)]]
            draw = axes.barh if horizontal else axes.bar
            container = draw(
                offsets, values, width, color=colours, label=label, **{"left" if horizontal else "bottom": base}
            )
            hatched = [_get(value, "itemStyle", "decal") is not None for value in one.get("data", [])]
            for patch, hatch in zip(container.patches, hatched, strict=False):
                if hatch:
                    patch.set_hatch("///")
                    patch.set_edgecolor("white")
            if _get(one, "label", "show"):
                shown = ["" if math.isnan(v) else group_digits(v) for v in values]
                axes.bar_label(container, labels=shown, padding=2, fontsize=7.5)
        elif one.get("type") == "line":
            axes.plot(
                *((values, slots[: len(values)]) if horizontal else (slots[: len(values)], values)),
                color=colour,
                linestyle="-",
                marker="o",
                markersize=3.5,
                linewidth=_number(_get(one, "lineStyle", "width", default=1.6)),
                label=label,
            )
        _draw_mark(axes, one.get("markLine") or {}, labels)
    step = max(1, math.ceil(len(labels) / 24))  # a long run of months: every n-th label, none overprinted
    ticks = list(range(0, len(labels), step))
    (axes.set_yticks if horizontal else axes.set_xticks)(ticks, [labels[i] for i in ticks])
    if horizontal:
        for tick, item in zip(axes.get_yticklabels(), [cat_axis["data"][i] for i in ticks], strict=False):
            if _get(item, "textStyle", "fontWeight") == "bold":
                tick.set_fontweight("bold")
    elif sum(len(labels[i]) + 2 for i in ticks) > 90:  # would run into each other
        axes.tick_params(axis="x", labelrotation=90 if len(ticks) > 14 else 45)
        for text in axes.get_xticklabels():
            text.set_horizontalalignment("center" if len(ticks) > 14 else "right")
    percent = "%" in str(_get(value_axis, "axisLabel", "formatter", default=""))  # the data are percent points
    value_axes = axes.xaxis if horizontal else axes.yaxis
    value_axes.set_major_formatter(
        FuncFormatter(
            (lambda v, _pos: group_digits(v) + "%")
            if percent
            else (lambda v, _pos: group_digits(v, decimals=0 if float(v).is_integer() else 1))
        )
    )
    every_value = [_item(v)[0] for one in series for v in one.get("data", [])]
    if all(v >= 0 for v in every_value if not math.isnan(v)):
        (axes.set_xlim(left=0) if horizontal else axes.set_ylim(bottom=0))
    axes.grid(axis="x" if horizontal else "y", color="#e5e5e5", linewidth=0.6)
    axes.set_axisbelow(True)
    if value_axis.get("name"):
        (axes.set_xlabel if horizontal else axes.set_ylabel)(_text(value_axis["name"]))
    if value_axis.get("show") is False:
        value_axes.set_visible(False)
        axes.spines["bottom" if horizontal else "left"].set_visible(False)
    if horizontal and cat_axis.get("inverse"):
        axes.invert_yaxis()  # the first row on top, as on the page
    return []


def _draw_mark(axes, mark: dict, labels: list[str]) -> None:
    """A series' `markLine` at a category (the pledge's year): a dotted vertical line and its note at the top."""
    for point in mark.get("data", []):
        if not isinstance(point, dict) or _text(point.get("xAxis")) not in labels:
            continue
        where = labels.index(_text(point.get("xAxis")))
        axes.axvline(where, color=_colour(_get(mark, "lineStyle", "color"), "#666666"), linestyle=":", linewidth=1)
        if point.get("name"):
            axes.annotate(
                _text(point["name"]), (where, 1), xycoords=("data", "axes fraction"), fontsize=7.5, va="top", ha="left"
            )


def _scale_colour(value: float, low: float, high: float, scale: Sequence) -> Any:
    """A value's colour on a plotly colour scale ([[0, colour], ..., [1, colour]]), linear between stops."""
    from matplotlib.colors import to_rgba

    stops = [(float(stop), to_rgba(_colour(colour, "#cccccc"))) for stop, colour in scale] or [(0.0, to_rgba("#ccc"))]
    share = 0.0 if high <= low or math.isnan(value) else min(1.0, max(0.0, (value - low) / (high - low)))
    for (left, c0), (right, c1) in itertools.pairwise(stops):
        if left <= share <= right:
            part = 0.0 if right == left else (share - left) / (right - left)
            return tuple(a + (b - a) * part for a, b in zip(c0, c1, strict=True))
    return stops[-1][1]


def _draw_map(canvas_figure, axes, figure: dict) -> list:
    """States as polygons shaded as the plotly map shades them, offices as points sized as there; no basemap.
    Returns the legend entries of the shaded layers (a square of their shade)."""
    from matplotlib.cm import ScalarMappable
    from matplotlib.collections import PathCollection
    from matplotlib.colors import LinearSegmentedColormap, Normalize
    from matplotlib.patches import Patch
    from matplotlib.path import Path

    layers: list = []
    separators = str(figure["layout"].get("separators") or ".,")
    for trace in figure["data"]:
        kind = trace.get("type")
        name = plain_text(trace.get("name", ""))
        if kind == "choroplethmap":
            shapes = _shapes_for(trace.get("geojson"))
            z = [_number(v) for v in _values(trace.get("z"))]
            known = [v for v in z if not math.isnan(v)]
            low = _number(trace.get("zmin")) if trace.get("zmin") is not None else min(known, default=0.0)
            high = _number(trace.get("zmax")) if trace.get("zmax") is not None else max(known, default=1.0)
            scale = _values(trace.get("colorscale")) or [[0, "#d6e9f7"], [1, "#0a4f86"]]
            paths, faces = [], []
            for code, value in zip(_values(trace.get("locations")), z, strict=False):
                rings = shapes.get(str(code))
                if not rings:
                    continue
                paths.append(Path.make_compound_path(*[Path(ring, closed=True) for ring in rings if len(ring) > 2]))
                faces.append(_scale_colour(value, low, high, scale))
            edge = _colour(_get(trace, "marker", "line", "color"), "#999999")
            width = _number(_get(trace, "marker", "line", "width", default=0.6))
            axes.add_collection(PathCollection(paths, facecolors=faces, edgecolors=[edge], linewidths=width * 0.75))
            if trace.get("showscale") is not False and len(scale) > 1:
                colours = [(float(stop), _colour(colour, "#cccccc")) for stop, colour in scale]
                mappable = ScalarMappable(Normalize(low, high), LinearSegmentedColormap.from_list("z", colours))
                bar = canvas_figure.colorbar(mappable, ax=axes, shrink=0.5, aspect=25)
                bar.solids.set_rasterized(False)  # matplotlib rasterises a long scale: keep it vector in the PDF
                bar.set_label(plain_text(_get(trace, "colorbar", "title", default="")))
                bar.ax.yaxis.set_major_formatter(lambda v, _pos: group_digits(v, separators))
            if name:
                shade = _scale_colour(high, low, high, scale)
                layers.append(Patch(facecolor=shade, edgecolor=edge, linewidth=0.5, label=name))
        elif kind == "scattermap":
            lons = [_number(v) for v in _values(trace.get("lon"))]
            ys = [mercator_y(_number(v)) for v in _values(trace.get("lat"))]
            sizes = _values(_get(trace, "marker", "size")) or [8.0]
            sizes = sizes if len(sizes) == len(lons) else [sizes[0]] * len(lons)
            colour = _colour(_get(trace, "marker", "color"), "#D55E00")
            alpha = _number(_get(trace, "marker", "opacity", default=1.0))
            axes.scatter(
                lons,
                ys,
                s=[(_number(size) * 0.6) ** 2 for size in sizes],
                color=colour,
                alpha=1.0 if math.isnan(alpha) else alpha,
                edgecolors="white",
                linewidths=0.5,
                label=name or None,
                zorder=3,
            )
    axes.set_aspect("equal")
    axes.autoscale_view()
    axes.set_axis_off()
    return layers


# ---- files ------------------------------------------------------------------------------------------------


def _render(figure: Any, kind: str, dpi: float = 150) -> bytes:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    data = figure_dict(figure)
    buffer = io.BytesIO()
    with _DRAWING, matplotlib.rc_context(_RC):
        drawn = _draw(data)
        if kind == "svg":
            FigureCanvasSVG(drawn).print_svg(buffer, metadata={"Date": None})
        else:
            drawn.set_dpi(dpi)
            FigureCanvasAgg(drawn).print_png(buffer, metadata={"Software": None})
    return buffer.getvalue()


def figure_svg(figure: Any) -> bytes:
    """A chart (ECharts option) or map (plotly figure) as an SVG file: vector shapes, its labels as text (UTF-8)."""
    return _render(figure, "svg")


def figure_png(figure: Any, dpi: float = 150) -> bytes:
    """A chart (ECharts option) or map (plotly figure) as a PNG file, `dpi` dots per inch (7 inches wide)."""
    return _render(figure, "png", dpi)


# ---- the PDF ------------------------------------------------------------------------------------------------


def _font_files() -> tuple[str, str]:
    from matplotlib import font_manager

    regular = font_manager.findfont(font_manager.FontProperties(family=FONT_FAMILY), fallback_to_default=False)
    bold = font_manager.findfont(
        font_manager.FontProperties(family=FONT_FAMILY, weight="bold"), fallback_to_default=False
    )
    return regular, bold


def clean_text(value: object) -> str:
    """A value as one text to draw: missing is '—', line ends unified, control characters as spaces."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "—"
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub(" ", text)


_METADATA = re.compile(rb"<metadata>.*?</metadata>", re.DOTALL)


def _new_pdf(briefing: Briefing):
    from fpdf import FPDF

    lang = briefing.lang

    class BriefingPDF(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(FONT_FAMILY, size=7.5)
            self.set_text_color(110)
            self.cell(0, 5, t("briefing_footer", lang, page=self.page_no(), pages="{nb}"), align="C")

    pdf = BriefingPDF(format="A4", unit="mm")
    regular, bold = _font_files()
    pdf.add_font(FONT_FAMILY, "", regular)
    pdf.add_font(FONT_FAMILY, "B", bold)
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_title(clean_text(t("briefing_title", lang, page=briefing.page)))
    pdf.set_creator("mirps-dash")
    pdf.set_lang("es-MX" if lang == "es" else "en")
    pdf.set_creation_date(briefing.made_at)
    return pdf


def _heading(pdf, text: str, size: float = 12) -> None:
    if pdf.get_y() > pdf.h - 40:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(FONT_FAMILY, "B", size)
    pdf.set_text_color(0, 60, 110)
    pdf.multi_cell(0, size * 0.5, clean_text(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(30)
    pdf.set_font(FONT_FAMILY, size=9)
    pdf.ln(1)


def _paragraph(pdf, text: str, size: float = 9, link: str = "") -> None:
    pdf.set_font(FONT_FAMILY, size=size)
    pdf.multi_cell(0, size * 0.48, clean_text(text), new_x="LMARGIN", new_y="NEXT", link=link)


def _table(pdf, frame: pd.DataFrame, lang: str) -> None:
    """The chart's numbers as the page shows them, header in bold; the first TABLE_ROWS rows and a note."""
    from fpdf.fonts import FontFace

    shown = frame.head(TABLE_ROWS)
    pdf.set_font(FONT_FAMILY, size=7.5)
    with pdf.table(
        text_align="LEFT",
        line_height=3.8,
        headings_style=FontFace(emphasis="BOLD", fill_color=(232, 240, 248)),
        first_row_as_headings=True,
        repeat_headings=1,
        markdown=False,
    ) as table:
        table.row([clean_text(column) for column in shown.columns])
        for values in shown.itertuples(index=False, name=None):
            table.row([clean_text(value) for value in values])
    if len(frame) > TABLE_ROWS:
        pdf.ln(1)
        _paragraph(pdf, t("briefing_truncated", lang, shown=TABLE_ROWS, total=len(frame)), size=8)


def _chart(pdf, chart: BriefingChart, number: int, briefing: Briefing) -> None:
    lang = briefing.lang
    svg = _METADATA.sub(b"", figure_svg(chart.figure))
    width = pdf.epw
    height_in = _new_figure(figure_dict(chart.figure)).get_size_inches()[1]
    height = width * height_in / PDF_WIDTH_IN
    if pdf.get_y() + height + 12 > pdf.page_break_trigger:
        pdf.add_page()
    _heading(pdf, t("briefing_chart", lang, number=number), size=10.5)
    pdf.image(io.BytesIO(svg), x=pdf.l_margin, w=width, h=height)
    pdf.ln(1)
    _paragraph(pdf, chart.summary, size=9.5)
    for line in _source_lines(chart.sources, briefing):
        _paragraph(pdf, line, size=7.5)
    table = made(chart.table)
    if not table.empty:
        pdf.ln(1)
        _table(pdf, table, lang)
    pdf.ln(3)


def _source_lines(source_ids: Iterable[str], briefing: Briefing) -> list[str]:
    from mirps_dash.export import describe_sources

    return describe_sources(list(source_ids), briefing.sources, briefing.lang) if len(briefing.sources) else []


def briefing_pdf(briefing: Briefing) -> bytes:
    """The briefing as a PDF: title and date, link to the view, filters, key figures, each chart (vector) with
    its sentence, sources and table, then every source with its licence and as-of date, and the data versions."""
    lang = briefing.lang
    pdf = _new_pdf(briefing)
    pdf.add_page()
    pdf.set_font(FONT_FAMILY, "B", 16)
    pdf.set_text_color(0, 60, 110)
    pdf.multi_cell(0, 8, clean_text(t("briefing_title", lang, page=briefing.page)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(30)
    made = briefing.made_at.astimezone(dt.UTC)
    _paragraph(pdf, t("briefing_made", lang, day=format_day(made.date(), lang), time=made.strftime("%H:%M")))
    link = briefing.permalink if briefing.permalink.startswith(("http://", "https://")) else ""
    _paragraph(pdf, t("export_permalink", lang, url=briefing.permalink or "—"), link=link)
    _paragraph(pdf, t("export_filters", lang) + " " + ("; ".join(briefing.filters) or t("export_no_filters", lang)))
    if briefing.key_figures:
        _heading(pdf, t("briefing_key_figures", lang))
        from fpdf.fonts import FontFace

        pdf.set_font(FONT_FAMILY, size=9)
        with pdf.table(
            col_widths=(3, 1),
            text_align=("LEFT", "RIGHT"),
            line_height=4.6,
            headings_style=FontFace(emphasis="BOLD", fill_color=(232, 240, 248)),
            markdown=False,
        ) as table:
            table.row([t("briefing_figure", lang), t("briefing_value", lang)])
            for figure in briefing.key_figures:
                table.row([clean_text(figure.label), clean_text(figure.value)])
    for number, chart in enumerate(briefing.charts, start=1):
        _chart(pdf, chart, number, briefing)
    _heading(pdf, t("export_sources", lang).rstrip(":"))
    cited = [*briefing.source_ids, *(s for chart in briefing.charts for s in chart.sources)]
    for line in _source_lines(cited, briefing) or [t("export_no_sources", lang)]:
        _paragraph(pdf, line, size=8.5)
    _heading(pdf, t("export_versions", lang).rstrip(":"))
    for version in briefing.versions:
        _paragraph(
            pdf,
            t(
                "export_version",
                lang,
                dataset=version["dataset"],
                version=version["version_id"],
                day=str(version["created_at"])[:10],
                file=version.get("file_name") or "—",
            ),
            size=8.5,
        )
    pdf.ln(2)
    credits = [t("briefing_made_with", lang)]
    if any(is_map_figure(figure_dict(chart.figure)) for chart in briefing.charts):
        credits.append(t("briefing_map_credit", lang))
    _paragraph(pdf, " ".join(credits), size=7.5)
    return bytes(pdf.output())

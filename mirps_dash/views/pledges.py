"""The Pledges page: the filtered pledges with each filter's bars, a pledge's indicator chart, the files shown.

Every value from data is text: chart labels and hover texts are HTML-escaped here; nothing adds amounts up.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from mirps_dash import charts
from mirps_dash import pledges as pl
from mirps_dash.export import ShownFile
from mirps_dash.i18n import t


def make_count_chart(counts: pd.DataFrame, title: str, selected: tuple[str, ...] = ()) -> go.Figure:
    """Horizontal bars of pledges per value; labels are escaped text, chosen values stand out."""
    colours = [charts.UNHCR_BLUE if not selected or value in selected else "#9ecae1" for value in counts["value"]]
    bars = {
        "type": "bar",
        "x": counts["pledges"].tolist(),
        "y": [html.escape(label) for label in counts["label"]],
        "orientation": "h",
        "marker": {"color": colours},
        "text": counts["pledges"].tolist(),
        "textposition": "auto",
        "customdata": list(range(len(counts))),
        "hovertemplate": "%{y}: %{x}<extra></extra>",
    }
    # One step, plain dicts: plotly validates once (update_layout afterwards copied the template again).
    return go.Figure(
        data=[bars],
        layout={
            "template": charts.register_template(),
            "title": {"text": html.escape(title)},
            "height": 90 + 30 * len(counts),
            "yaxis": {"autorange": "reversed", "gridcolor": "rgba(0,0,0,0)"},
            "xaxis": {"visible": False},
            "dragmode": False,
            "clickmode": "event+select",
        },
    )


def pledges_filter_options(pledges: pd.DataFrame) -> dict[str, list]:
    """Each filter's choices, from the published pledges (`pledges.filter_options`)."""
    return pl.filter_options(pledges)


def pledges_filtered(
    searchable_pledges: pd.DataFrame, selection: pl.PledgeSelection, lang: str
) -> tuple[pd.DataFrame, dict[str, tuple[pd.DataFrame, go.Figure]]]:
    """The pledges shown, and per filter its bars: counts under the *other* filters (so every bar stays
    clickable) and their chart, titled in the reader's language."""
    shown, facets = pl.filter_with_facets(searchable_pledges, selection)
    bars = {}
    for name, rows in facets.items():
        counts = pl.count_by(rows, pl.FILTER_COLUMNS[name], lang)
        bars[name] = (counts, make_count_chart(counts, t(f"pl_chart_{name}", lang), getattr(selection, name)))
    return shown, bars


def make_indicator_chart(
    frame: pd.DataFrame, lang: str, pledge_year: float | None = None, title: str = ""
) -> go.Figure:
    """Lines per series by year, with the pledge's year marked."""
    figure = go.Figure()
    for series, rows in frame.groupby("series", sort=False):
        name = html.escape(t(f"pl_series_{series}", lang))
        figure.add_scatter(
            x=rows["year"].tolist(),
            y=rows["value"].tolist(),
            mode="lines+markers",
            name=name,
            hovertemplate=f"{name} %{{x}}: %{{y:,.0f}}<extra></extra>",
        )
    if pledge_year is not None and not pd.isna(pledge_year):
        figure.add_vline(
            x=int(pledge_year),
            line_dash="dot",
            line_color="#666",
            annotation_text=html.escape(t("pl_pledge_year", lang, year=int(pledge_year))),
        )
    figure.update_layout(
        template=charts.register_template(),
        height=340,
        hovermode="x unified",
        title=html.escape(title),
        margin={"t": 80},
        legend=charts.legend_under_title(340, title),  # never over the title, the toolbar or the plot
        **charts.year_axis(frame["year"]),  # '2019', never '2,019.5'
    )
    return figure


def pledge_indicator(
    claims: pd.DataFrame, refugees: pd.DataFrame, kind: str, pledge_year: int | None, lang: str
) -> go.Figure:
    """The yearly indicator a pledge of this kind should move, the pledge's year marked (UNHCR figures)."""
    frame = pl.indicator_frame(kind, claims, refugees)
    return make_indicator_chart(frame, lang, pledge_year, t(f"pl_ind_{kind}", lang))


def pledges_shown_files(
    shown: pd.DataFrame, bars: dict[str, tuple[pd.DataFrame, go.Figure]], lang: str, source_id: str
) -> list[ShownFile]:
    """What the page shows, as files for "download everything shown": the pledges, and the counts of each chart."""
    sources = (source_id, *dict.fromkeys(shown["source"].astype(str)))
    files = [ShownFile("pledges.csv", pl.export_frame(shown, lang), t("pl_table_title", lang), sources, ("pledges",))]
    for name, (counts, _figure) in bars.items():
        table = counts.rename(
            columns={
                "value": t("export_code_column", lang),
                "label": t(f"pl_filter_{name}", lang),
                "pledges": t("pl_table_title", lang),
            }
        )
        files.append(ShownFile(f"pledges_by_{name}.csv", table, t(f"pl_chart_{name}", lang), sources, ("pledges",)))
    return files


@dataclass(frozen=True)
class PledgesView:
    """What the Pledges page shows for one selection: the pledges, each filter's bars, the amounts stated (counted,
    never summed), the table, and the files "download everything shown" holds."""

    shown: pd.DataFrame  # the filtered pledges as published (the exports' rows)
    bars: dict[str, tuple[pd.DataFrame, go.Figure]]
    total: int
    with_amount: int
    without_amount: int
    amounts: pd.DataFrame
    table: pd.DataFrame
    files: tuple[ShownFile, ...]


def pledges_view(
    searchable_pledges: pd.DataFrame, selection: pl.PledgeSelection, source_id: str, lang: str
) -> PledgesView:
    """The Pledges page for one selection, in the reader's language."""
    shown, bars = pledges_filtered(searchable_pledges, selection, lang)
    with_amount, without = pl.amount_summary(shown)
    return PledgesView(
        shown,
        bars,
        len(searchable_pledges),
        with_amount,
        without,
        pl.amounts_frame(shown, lang),
        pl.table_frame(shown, lang),
        tuple(pledges_shown_files(shown, bars, lang, source_id)),
    )


@dataclass(frozen=True)
class PledgeDetail:
    """One pledge as its dialog shows it: title, every field, its source links and the indicator it should move."""

    title: str
    fields: tuple[tuple[str, str], ...]  # (label, text) in the reader's language
    links: tuple[tuple[str, str], ...]  # (title, http(s) URL)
    indicator: str | None  # the indicator kind (pledges.AREA_INDICATORS), None when the dashboard has none
    year: int | None
    one_off: dict | None  # the latest figure of a one-off indicator (labour relocations), else None


def pledge_detail(pledges: pd.DataFrame, indicators: pd.DataFrame, pledge_id: str, lang: str) -> PledgeDetail | None:
    """The pledge with this id in the reader's language; None when no published pledge has it."""
    match = pledges[pledges["pledge_id"] == pledge_id]
    if match.empty:
        return None
    pledge = match.iloc[0]
    title = pledge["title_es"] if lang == "es" and pledge["title_es"] else pledge["title_en"]
    kind = pl.indicator_kind(pledge["area_of_focus"])
    one_off = pl.single_indicator(indicators, kind) if kind == "labour_relocations" else None
    year = None if pd.isna(pledge["year"]) else int(pledge["year"])
    return PledgeDetail(
        str(title), tuple(pl.detail_fields(pledge, lang)), tuple(pl.source_links(pledge)), kind, year, one_off
    )

"""The Pledges page: the filtered pledges with each filter's bars, a pledge's indicator chart, the files shown.

Every value from data is text: Vega-Lite draws chart labels as text (never markup); nothing adds amounts up.
The charts are drawn by Vega-Lite (`charts.on_vega_lite`), as the maps are: the page fetches one engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, partial

import pandas as pd

from mirps_dash import charts
from mirps_dash import pledges as pl
from mirps_dash.export import ShownFile
from mirps_dash.i18n import LANGUAGES, format_number, t

# Pledges listed at once (the whole list is in the table view and the files). Ten, not 25: each is an element
# every run sends, and under the bench's load (bench/ capacity) the page held 150 sessions with 25, 200 with 10
LIST_PAGE_SIZE = 10
LIST_COLUMNS = (
    "pledge_id",
    "title_en",
    "title_es",
    "submitting_entity",
    "area_of_focus",
    "status",
    "year",
    "amount_usd",
)


def make_count_chart(counts: pd.DataFrame, title: str, selected: tuple[str, ...] = ()) -> dict:
    """Horizontal bars of pledges per value (an ECharts option, drawn by Vega-Lite), the first on top; labels are
    text, chosen values stand out. A click selects one bar (`selectedMode`, Vega-Lite's point selection
    `charts.PICK`): the page reads it back as a filter value."""
    colours = [
        charts.UNHCR_BLUE if not selected or value in selected else charts.FADED_BLUE for value in counts["value"]
    ]
    bars = {
        "type": "bar",
        "data": [{"value": int(n), "itemStyle": {"color": c}} for n, c in zip(counts["pledges"], colours, strict=True)],
        "label": {"show": True, "position": "insideRight"},
        "selectedMode": "single",
        "cursor": "pointer",
    }
    option = {
        "color": charts.PALETTE,
        "title": {"text": title, "left": 0, "top": 0, "textStyle": {"fontSize": 15}},
        "grid": {"left": 10, "right": 10, "top": charts.TITLE_PX + 6, "bottom": 0, "containLabel": True},
        "tooltip": {"trigger": "item", "valueFormatter": charts.COUNT_FORMAT},
        "xAxis": {"type": "value", "show": False},
        "yAxis": {"type": "category", "data": [str(label) for label in counts["label"]], "inverse": True},
        "series": [bars],
        charts.HEIGHT_KEY: 90 + 30 * len(counts),
    }
    return charts.on_vega_lite(option)


def pledges_filter_options(pledges: pd.DataFrame) -> dict[str, dict[str, dict]]:
    """Each filter's choices (`pledges.filter_options`) with their labels in every language, as
    `ui.url_multiselect` takes them: {filter: {lang: {choice: label}}}, choices in their order. Labelled once per
    version of the pledges, not on every run (the 862 entities and other choices cost about a millisecond a run)."""
    options = pl.filter_options(pledges)
    return {
        name: {lang: {option: pl.value_label(column, option, lang) for option in options[name]} for lang in LANGUAGES}
        for name, column in pl.FILTER_COLUMNS.items()
    }


def pledges_source(sources: pd.DataFrame, source_id: str) -> dict[str, str]:
    """The pledges' source as its record (`pledges.source_record`), for the exports' notes: read once per
    version of the sources, not on every run (a lookup in the sources frame cost up to 5 ms)."""
    return pl.source_record(sources, source_id)


def pledges_filtered(
    searchable_pledges: pd.DataFrame, selection: pl.PledgeSelection, lang: str
) -> tuple[pd.DataFrame, dict[str, tuple[pd.DataFrame, dict]]]:
    """The pledges shown, and per filter its bars: counts under the *other* filters (so every bar stays
    clickable) and their chart, titled in the reader's language. No bars when no pledge is shown: the page then
    says only that none matched (most random selections of several filters match none)."""
    shown, facets = pl.filter_with_facets(searchable_pledges, selection)
    bars: dict[str, tuple[pd.DataFrame, dict]] = {}
    if shown.empty:
        return shown, bars
    for name, rows in facets.items():
        counts = pl.count_by(searchable_pledges, pl.FILTER_COLUMNS[name], lang, rows)
        bars[name] = (counts, make_count_chart(counts, t(f"pl_chart_{name}", lang), getattr(selection, name)))
    return shown, bars


def make_indicator_chart(frame: pd.DataFrame, lang: str, pledge_year: float | None = None, title: str = "") -> dict:
    """Lines per series by year, with the pledge's year marked."""
    names = {series: t(f"pl_series_{series}", lang) for series in frame["series"].unique()}
    option = charts.on_vega_lite(
        charts.make_line_chart(frame, "year", "value", "series", names, title=title, height=340)
    )
    if pledge_year is None or pd.isna(pledge_year) or not option["series"]:
        return option
    return charts.with_marked_year(option, int(pledge_year), t("pl_pledge_year", lang, year=int(pledge_year)))


def pledge_indicator(
    claims: pd.DataFrame, refugees: pd.DataFrame, kind: str, pledge_year: int | None, lang: str
) -> dict:
    """The yearly indicator a pledge of this kind should move, the pledge's year marked (UNHCR figures)."""
    frame = pl.indicator_frame(kind, claims, refugees)
    return make_indicator_chart(frame, lang, pledge_year, t(f"pl_ind_{kind}", lang))


def count_table(counts: pd.DataFrame, name: str, lang: str) -> pd.DataFrame:
    """A filter's bar counts as their file: code, label and pledges, headed in the reader's language."""
    return counts.rename(
        columns={
            "value": t("export_code_column", lang),
            "label": t(f"pl_filter_{name}", lang),
            "pledges": t("pl_table_title", lang),
        }
    )


def pledges_shown_files(
    shown: pd.DataFrame, bars: dict[str, tuple[pd.DataFrame, dict]], lang: str, source_id: str
) -> list[ShownFile]:
    """What the page shows, as files for "download everything shown": the pledges, and the counts of each chart.
    Each file's frame is made when a download or the briefing reads it (`export.Frame`): most runs never do, and
    the pledges' reader frame was a fifth of a new selection's cost. The sources are the column's distinct values in
    the order met (`unique`): a dict of every row's source walked the column a value at a time, 9 ms at 20,000."""
    sources = (source_id, *shown["source"].astype(str).unique().tolist())
    files = [
        ShownFile(
            "pledges.csv", partial(pl.export_frame, shown, lang), t("pl_table_title", lang), sources, ("pledges",)
        )
    ]
    for name, (counts, _figure) in bars.items():
        table = partial(count_table, counts, name, lang)
        files.append(ShownFile(f"pledges_by_{name}.csv", table, t(f"pl_chart_{name}", lang), sources, ("pledges",)))
    return files


def list_lines(rows: pd.DataFrame, lang: str) -> list[tuple[str, str, str]]:
    """The listed pledges (published rows, one page of them) as (id, title, the line under it: id, entity, area,
    status, year and amount), in the reader's language, as the table shows them (`pledges.table_frame`); text as
    published, never markup."""
    lines = []
    # only the columns a line reads, as lists: to_dict("records") converted all eighteen, 1.5 ms for 25 rows
    values = {column: rows[column].tolist() for column in LIST_COLUMNS}
    for position in range(len(rows)):
        row = {column: values[column][position] for column in LIST_COLUMNS}
        amount = row["amount_usd"]
        money = t("pl_no_amount", lang) if pd.isna(amount) else "USD " + format_number(amount, lang)
        year = "" if pd.isna(row["year"]) else str(int(row["year"]))
        area = pl.value_label("area_of_focus", row["area_of_focus"], lang)
        status = pl.value_label("status", row["status"], lang)
        parts = [row["pledge_id"], row["submitting_entity"], area, status, year, money]
        lines.append((str(row["pledge_id"]), str(pl.title_of(row, lang)), " · ".join(str(p) for p in parts if p)))
    return lines


@dataclass(frozen=True)
class PledgesView:
    """What the Pledges page shows for one selection: the pledges, each filter's bars, the amounts stated (counted,
    never summed), the files "download everything shown" holds, and the list a page at a time. The amounts' and
    the whole list's tables are made the first time their table view opens (then kept): most runs never open
    them, and making both was a fifth of a new selection's cost."""

    shown: pd.DataFrame  # the filtered pledges as published (the exports' rows)
    bars: dict[str, tuple[pd.DataFrame, dict]]
    total: int
    with_amount: int
    without_amount: int
    files: tuple[ShownFile, ...]
    lang: str

    @cached_property
    def amounts(self) -> pd.DataFrame:
        """The pledges that state an amount, largest first (`pledges.amounts_frame`)."""
        return pl.amounts_frame(self.shown, self.lang)

    @cached_property
    def table(self) -> pd.DataFrame:
        """Every shown pledge as the table view lists it (`pledges.table_frame`)."""
        return pl.table_frame(self.shown, self.lang)

    def list_page(self, start: int) -> list[tuple[str, str, str]]:
        """The `LIST_PAGE_SIZE` pledges listed from position `start` (`list_lines`)."""
        return list_lines(self.shown.iloc[start : start + LIST_PAGE_SIZE], self.lang)


def pledges_view(
    searchable_pledges: pd.DataFrame, selection: pl.PledgeSelection, source_id: str, lang: str
) -> PledgesView:
    """The Pledges page for one selection, in the reader's language."""
    shown, bars = pledges_filtered(searchable_pledges, selection, lang)
    with_amount, without = pl.amount_summary(shown)
    files = tuple(pledges_shown_files(shown, bars, lang, source_id))
    return PledgesView(shown, bars, len(searchable_pledges), with_amount, without, files, lang)


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
    title = pl.title_of(pledge, lang)  # as the list shows it: the reader's language, else the other's
    kind = pl.indicator_kind(pledge["area_of_focus"])
    one_off = pl.single_indicator(indicators, kind) if kind == "labour_relocations" else None
    year = None if pd.isna(pledge["year"]) else int(pledge["year"])
    return PledgeDetail(
        str(title), tuple(pl.detail_fields(pledge, lang)), tuple(pl.source_links(pledge)), kind, year, one_off
    )

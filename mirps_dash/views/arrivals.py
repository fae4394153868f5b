"""The Arrivals page: periods and releases to choose from, the map of one period from one release, an office's series."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

import pandas as pd

from mirps_dash import queries as q
from mirps_dash import words
from mirps_dash.codes import STATES, state_name
from mirps_dash.i18n import format_count, format_number, format_share, t
from mirps_dash.maps import make_arrivals_map_from_rows
from mirps_dash.periods import period_label
from mirps_dash.views.common import ChartView


@dataclass(frozen=True)
class Periods:
    """The periods with figures by office or state: keys oldest first, their labels, and the default one."""

    keys: tuple[str, ...]
    labels: dict[str, str]
    default: str | None
    frame: pd.DataFrame  # key (index) | period_start | period_end | kind
    # key -> (period_start, period_end, kind): what a page run reads, without a frame lookup per period
    bounds: dict[str, tuple[str, str, str]]


def arrivals_periods(claim_areas: pd.DataFrame, lang: str) -> Periods:
    """Every period with claims by office or state (by the aggregation rule); the default is the latest year."""
    periods = q.geo_periods(claim_areas).set_index("key")
    keys = tuple(periods.index)
    labels = {str(key): period_label(row.period_start, row.period_end, lang) for key, row in periods.iterrows()}
    years = periods[periods["kind"] == "year"].index
    default = years[-1] if len(years) else (keys[-1] if keys else None)
    bounds = {
        str(key): (start, end, kind)
        for key, start, end, kind in zip(
            keys, periods["period_start"], periods["period_end"], periods["kind"], strict=True
        )
    }
    return Periods(keys, labels, default, periods, bounds)


@dataclass(frozen=True)
class Releases:
    """The releases with figures by office or state for one period, the one shown first, and their names."""

    keys: tuple[str, ...]
    labels: dict[str, str]


def arrivals_releases(
    claim_areas: pd.DataFrame, national_totals: pd.DataFrame, sources: pd.DataFrame, start: str, end: str, lang: str
) -> Releases:
    """The releases of one period, best first (the one that covers the period's offices, then the latest)."""
    ranked = q.rank_releases(
        q.period_areas(claim_areas, start, end), q.period_national(national_totals, start, end), sources
    )
    releases = [release["source"] for release in ranked]
    names = words.ReleaseNames(sources, lang).column(releases)
    labels = {
        source: (name if names.count(name) == 1 else f"{name} · {source}")
        for source, name in zip(releases, names, strict=True)
    }
    return Releases(tuple(releases), labels)


@dataclass(frozen=True)
class ArrivalsView:
    """One period and release on the map: the chart (None without figures), the notes under it, and the
    release's name with its national total."""

    chart: ChartView | None
    office_rows: int
    notes: tuple[str, ...]
    release: str = ""
    period_office_rows: int = 0  # office figures of every release of the period


def arrivals_view(
    claim_areas: pd.DataFrame,
    national_totals: pd.DataFrame,
    sources: pd.DataFrame,
    offices: pd.DataFrame,
    start: str,
    end: str,
    release: str | None,
    shapes_url: str,
    lang: str,
) -> ArrivalsView:
    """The map of one period from ONE release (states shaded by claims, offices as points with their share of that
    release's national total), its table, summary and notes. `release` None or unknown: the first of the period."""
    label, year = period_label(start, end, lang), int(end[:4])
    # the period's few dozen rows once, as dicts: every question below is a loop of microseconds over them, where
    # a frame's filter, sort or map costs about a millisecond (13 ms a new period on the shipped data)
    period = q.period_areas(claim_areas, start, end)
    national_by_release = q.period_national(national_totals, start, end)
    ranked = q.rank_releases(period, national_by_release, sources)
    if not ranked:
        return ArrivalsView(None, 0, ())
    releases = [row["source"] for row in ranked]
    chosen = releases.index(release) if release in releases else 0
    source = str(releases[chosen])
    national: Any = ranked[chosen]["national"]  # a count, or NA without a national total
    rows = q.release_areas(period, source, national_by_release.get(source))
    points = q.office_point_rows(offices, rows, year)
    office_names = {point["office_id"]: point["name"] for point in points}
    states = [  # what the map reads of `claims_by_state`, with each figure's basis in words
        {
            "state": row["state"],
            "claims": row["claims"],
            "approx": row["approx"],
            "label": words.basis_text(row["basis"], row["summed"], row["parts"], row["covers"], office_names, lang),
        }
        for row in q.state_figures(rows)
    ]
    figure = make_arrivals_map_from_rows(shapes_url, sorted(STATES), states, points, lang)
    published = [row["summed"] != "office" for row in rows]  # a state made of its offices' figures is not one more
    largest = published.index(True) if any(published) else 0  # areas come largest first
    top = rows[largest]
    share: str = (
        ""
        if pd.isna(top["share"])
        else t(
            "arrivals_summary_share",
            lang,
            share=format_share(float(top["share"]), lang),
            national=format_number(national, lang),
        )
    )
    summary = (
        words.count_text(
            "arrivals_summary",
            sum(published),
            lang,
            period=label,
            area=_area_name(top, office_names),
            claims=format_count(top["claims"], top["approx"], lang),
        )
        + share
    )
    names = words.ReleaseNames(sources, lang)
    name = names.column(releases)[chosen]  # the period's releases named at once: the others' names are the notes'
    release_line = (
        t("arrivals_release_shown", lang, release=name)
        + " "
        + (
            t("arrivals_release_national", lang, national=format_number(national, lang))
            if pd.notna(national)
            else t("arrivals_release_no_national", lang)
        )
    )
    notes = [release_line]
    if len(ranked) > 1:
        notes.append(t("arrivals_release_others", lang, count=len(ranked) - 1))
    notes.append(t("arrivals_points_note", lang))
    not_open = [point["name"] for point in points if point["status"] == "not_open"]
    if not_open:
        notes.append(t("arrivals_not_open", lang, names=", ".join(not_open), year=year))
    for row in (row for row in rows if row["other_values"]):  # an area other releases give otherwise
        notes.append(
            t(
                "arrivals_disagree",
                lang,
                area=_area_name(row, office_names),
                claims=format_count(row["claims"], row["approx"], lang),
                others=words.releases_text(
                    row["other_values"], row["other_sources"], sources, lang, row["other_approx"], names
                ),
            )
        )
    tables = partial(_area_tables, claim_areas, national_totals, start, end, source, offices, sources, lang)
    chart = ChartView(figure, summary=summary, sources=(source,), tables=tables)
    office_rows = [row["level"] for row in rows].count("office")
    period_office_rows = [row["level"] for row in period].count("office")  # office figures of every release
    return ArrivalsView(chart, office_rows, tuple(notes), name, period_office_rows)


def _area_name(row: dict, office_names: dict[str, str]) -> str:
    """An area as the map's table names it (`words.area_table`): its office's name, else its state's."""
    return office_names.get(row["office"], row["office"]) if row["level"] == "office" else state_name(row["state"])


def _area_tables(
    claim_areas: pd.DataFrame,
    national_totals: pd.DataFrame,
    start: str,
    end: str,
    source: str,
    offices: pd.DataFrame,
    sources: pd.DataFrame,
    lang: str,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The map's table (formatted) and CSV (raw values, with the codes): made when read (`ChartView(tables=...)`)."""
    areas = q.claims_by_area(claim_areas, national_totals, start, end, source)
    raw = words.area_table(areas, offices, sources, lang)
    table = words.label_columns(words.format_columns(raw, lang, numbers=("claims",), shares=("share",)), lang)
    codes = raw.assign(  # codes in their own columns beside the names, for whoever joins the CSV to other data
        state_code=areas["state"].to_numpy(),
        office_code=[o if level == "office" else "" for level, o in zip(areas["level"], areas["office"], strict=True)],
        source_id=areas["source"].to_numpy(),
    )
    return table, words.label_columns(codes, lang)


@dataclass(frozen=True)
class OfficeSeries:
    """Every published figure of one office (or of its state when the office has none) as a table."""

    table: pd.DataFrame  # formatted for the reader's language
    sources: tuple[str, ...]
    by_state: bool
    csv: pd.DataFrame | None = None  # raw values, headers in the reader's language


def office_series(
    claim_areas: pd.DataFrame, sources: pd.DataFrame, offices: pd.DataFrame, office: str, lang: str
) -> OfficeSeries | None:
    """An office's figures over time (one per release and period), else its state's own figures."""
    state = str(dict(zip(offices["office_id"].tolist(), offices["state"].tolist(), strict=True))[office])
    rows = q.office_series_rows(claim_areas, sources, office, state)
    if not rows:
        return None
    raw = words.series_rows_table(rows, sources, offices, lang)
    table = words.format_columns(raw, lang, numbers=("claims",))
    source_ids = [row["source"] for row in rows]
    return OfficeSeries(
        words.label_columns(table, lang),
        tuple(sorted(set(source_ids))),
        rows[0]["level"] == "state",
        words.label_columns(raw.assign(source_id=pd.array(source_ids, dtype="str")), lang),
    )

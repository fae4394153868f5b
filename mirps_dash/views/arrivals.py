"""The Arrivals page: periods and releases to choose from, the map of one period from one release, an office's series."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from mirps_dash import queries as q
from mirps_dash import words
from mirps_dash.codes import STATES
from mirps_dash.i18n import format_count, format_number, format_share, t
from mirps_dash.maps import make_arrivals_map
from mirps_dash.periods import period_label
from mirps_dash.views.common import ChartView


@dataclass(frozen=True)
class Periods:
    """The periods with figures by office or state: keys oldest first, their labels, and the default one."""

    keys: tuple[str, ...]
    labels: dict[str, str]
    default: str | None
    frame: pd.DataFrame  # key (index) | period_start | period_end | kind


def arrivals_periods(claim_areas: pd.DataFrame, lang: str) -> Periods:
    """Every period with claims by office or state (by the aggregation rule); the default is the latest year."""
    periods = q.geo_periods(claim_areas).set_index("key")
    keys = tuple(periods.index)
    labels = {str(key): period_label(row.period_start, row.period_end, lang) for key, row in periods.iterrows()}
    years = periods[periods["kind"] == "year"].index
    default = years[-1] if len(years) else (keys[-1] if keys else None)
    return Periods(keys, labels, default, periods)


@dataclass(frozen=True)
class Releases:
    """The releases with figures by office or state for one period, the one shown first, and their names."""

    keys: tuple[str, ...]
    labels: dict[str, str]


def arrivals_releases(
    claim_areas: pd.DataFrame, national_totals: pd.DataFrame, sources: pd.DataFrame, start: str, end: str, lang: str
) -> Releases:
    """The releases of one period, best first (the one that covers the period's offices, then the latest)."""
    ranked = q.area_releases(claim_areas, national_totals, sources, start, end)
    names = words.ReleaseNames(sources, lang).column(ranked["source"])
    labels = {
        source: (name if names.count(name) == 1 else f"{name} · {source}")
        for source, name in zip(ranked["source"], names, strict=True)
    }
    return Releases(tuple(ranked["source"]), labels)


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
    every, totals = claim_areas, national_totals
    ranked = q.area_releases(every, totals, sources, start, end)
    if ranked.empty:
        return ArrivalsView(None, 0, ())
    chosen = ranked.set_index("source").loc[release if release in set(ranked["source"]) else ranked["source"].iloc[0]]
    source = str(chosen.name)
    areas = q.claims_by_area(every, totals, start, end, source)
    points = q.office_points(offices, areas, year)
    office_names = dict(zip(offices["office_id"], offices["name"], strict=True))
    by_state = q.claims_by_state(areas)
    by_state = by_state.assign(
        label=[
            words.basis_text(b, s, p, c, office_names, lang)
            for b, s, p, c in zip(
                by_state["basis"], by_state["summed"], by_state["parts"], by_state["covers"], strict=True
            )
        ]
    )
    figure = make_arrivals_map(shapes_url, sorted(STATES), by_state, points, lang)
    raw = words.area_table(areas, offices, sources, lang)
    table = words.label_columns(words.format_columns(raw, lang, numbers=("claims",), shares=("share",)), lang)
    national: Any = chosen["national"]  # a count, or NA without a national total
    published = areas["summed"] != "office"  # a state made of its offices' figures is not one more figure
    largest = int(areas.index[published][0]) if published.any() else 0  # areas come largest first
    top = areas.loc[largest].to_dict()
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
            int(published.sum()),
            lang,
            period=label,
            area=raw["area"].loc[largest],
            claims=format_count(top["claims"], top.get("approx"), lang),
        )
        + share
    )
    name = words.release_name(source, sources, lang)
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
    not_open = points[points["status"] == "not_open"]
    if not not_open.empty:
        notes.append(t("arrivals_not_open", lang, names=", ".join(not_open["name"]), year=year))
    for position in [i for i, others in enumerate(areas["other_values"]) if others]:
        row = areas.iloc[position]
        notes.append(
            t(
                "arrivals_disagree",
                lang,
                area=raw["area"].iloc[position],
                claims=format_count(row["claims"], row["approx"], lang),
                others=words.releases_text(
                    row["other_values"], row["other_sources"], sources, lang, row["other_approx"]
                ),
            )
        )
    codes = raw.assign(  # codes in their own columns beside the names, for whoever joins the CSV to other data
        state_code=areas["state"].to_numpy(),
        office_code=[o if level == "office" else "" for level, o in zip(areas["level"], areas["office"], strict=True)],
        source_id=areas["source"].to_numpy(),
    )
    chart = ChartView(figure, table, summary, (source,), csv=words.label_columns(codes, lang))
    in_period = claim_areas[(claim_areas["period_start"] == start) & (claim_areas["period_end"] == end)]
    return ArrivalsView(
        chart, int((areas["level"] == "office").sum()), tuple(notes), name, int((in_period["level"] == "office").sum())
    )


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
    state = str(offices.set_index("office_id").loc[office, "state"])
    series = q.office_series(claim_areas, sources, office, state)
    if series.empty:
        return None
    raw = words.series_table(series, sources, offices, lang)
    table = words.format_columns(raw, lang, numbers=("claims",))
    return OfficeSeries(
        words.label_columns(table, lang),
        tuple(sorted(set(series["source"]))),
        series["level"].iloc[0] == "state",
        words.label_columns(raw.assign(source_id=series["source"].to_numpy()), lang),
    )

"""What every page shows, computed from the canonical frames: charts with their table, sentence and caption.

Pure functions, frames and filter values in, a view out. The ui caches each view per (data versions,
arguments) and shares it between sessions, so a rerun with filters seen before costs a lookup instead of
pandas work and plotly validation: a view is never changed after it is made.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from babel.numbers import format_percent

from mirps_dash import aggregate, charts, words
from mirps_dash import pledges as pl
from mirps_dash import queries as q
from mirps_dash.charts import make_bar_chart, make_line_chart
from mirps_dash.codes import STATES, country_name
from mirps_dash.export import ShownFile
from mirps_dash.i18n import BABEL_LOCALES, CATALOGUE, format_number, format_share, t
from mirps_dash.maps import make_arrivals_map
from mirps_dash.periods import period_label
from mirps_dash.provenance import source_attribution
from mirps_dash.safe import escape_markdown


@dataclass(frozen=True)
class ChartView:
    """A chart, the same numbers as a table, a one-sentence summary, and the source ids behind it."""

    figure: go.Figure
    table: pd.DataFrame  # formatted for the reader's language
    summary: str
    sources: tuple[str, ...]
    csv: pd.DataFrame | None = None  # the same numbers as raw values, for the CSV download (else `table`)


# Frames derived from datasets that several views read, by name: ui.view passes each as the parameter of that
# name and keeps it once per version of its datasets (a 1M-row scan runs once per publish, not per filter).
DERIVED_FRAMES: dict[str, tuple[Callable[..., pd.DataFrame], tuple[str, ...]]] = {
    "claim_areas": (q.area_figures, ("claims", "offices")),
    "national_totals": (q.national_totals, ("claims",)),
    "unhcr_claims": (q.unhcr_by_nationality, ("claims",)),
    "unhcr_refugees": (q.unhcr_by_nationality, ("refugees",)),
    "monthly_claims": (q.monthly_claims, ("claims", "sources")),
    "searchable_pledges": (pl.prepare_pledges, ("pledges",)),
}


def derive_frames(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The datasets given and every derived frame they make (for tests and the CLI; the app's ui keeps each)."""
    out = dict(frames)
    for name, (make, inputs) in DERIVED_FRAMES.items():
        if all(dataset in frames for dataset in inputs):
            out[name] = make(*(frames[dataset] for dataset in inputs))
    return out


# ---- overview ----------------------------------------------------------------------------------

KEY_FIGURES = {"claims": "kpi_claims", "refugees": "kpi_refugees", "asylum_seekers": "kpi_asylum_seekers",
               "recognized": "kpi_recognized"}
JUNE_2020_CELLS = (("refugees", "june2020_refugees"), ("asylum_seekers", "june2020_asylum_seekers"),
                   ("tapachula_share_of_claims", "june2020_share"), ("released_to_shelters", "june2020_released"),
                   ("labour_relocations", "june2020_relocations"))


def _calendar_years(found: pd.DataFrame) -> pd.DataFrame:
    """Figures whose period is exactly one calendar year, with an integer `year` column."""
    start, end = found["period_start"].astype(str), found["period_end"].astype(str)
    yearly = start.str.endswith("-01-01") & end.str.endswith("-12-31") & (start.str[:4] == end.str[:4])
    return found[yearly].assign(year=start[yearly].str[:4].astype(int))


def unhcr_yearly(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    """UNHCR's national figure per calendar year (persons) by the one aggregation rule: its total, else one
    level's sum (never a total plus its parts, never sex or age rows added to it). Columns: year, <value>, basis."""
    rows = frame[(frame["source"] == q.UNHCR_SOURCE) & (frame["unit"] == "persons")]
    years = _calendar_years(aggregate.figures(rows, value))
    return years[["year", value, "basis"]].sort_values("year").reset_index(drop=True)


def key_figures(claims: pd.DataFrame, refugees: pd.DataFrame, lang: str) -> list[tuple[str, str, list[int]]]:
    """The headline metrics: (label, value as text, the last ten yearly values for its sparkline)."""
    out = []
    for name, label in KEY_FIGURES.items():
        yearly = unhcr_yearly(claims if name == "claims" else refugees, name)
        if not yearly.empty:
            last = yearly.iloc[-1]
            out.append((t(label, lang, year=int(last["year"])), format_number(last[name], lang),
                        yearly[name].tail(10).astype(int).tolist()))
    return out


def overview_trend(claims: pd.DataFrame, refugees: pd.DataFrame, lang: str) -> ChartView:
    """Claims, refugees and asylum-seekers per year since 2013 on one chart."""
    yearly = [unhcr_yearly(claims, "claims")] + [unhcr_yearly(refugees, name) for name in ("refugees", "asylum_seekers")]
    # year | claims  +  year | refugees  +  year | asylum_seekers   ->   year | figure | persons
    trend = yearly[0][["year", "claims"]]
    for frame in yearly[1:]:
        trend = trend.merge(frame.drop(columns="basis"), on="year", how="outer")
    trend = q.to_long(trend[trend["year"] >= 2013], "year", ["claims", "refugees", "asylum_seekers"], "figure", "persons")
    names = {name: t(f"figure_{name}", lang) for name in ("claims", "refugees", "asylum_seekers")}
    figure = make_line_chart(trend, "year", "persons", "figure", names, title=t("overview_trends_title", lang), height=320)
    summary = words.describe_series(trend[trend["figure"] == "claims"], "year", "persons", lang, names["claims"])
    raw = trend.assign(figure=trend["figure"].map(names))
    table = words.label_columns(words.format_columns(raw, lang, numbers=("persons",)), lang)  # 140,979 as read; raw in the CSV
    return ChartView(figure, table, summary, (q.UNHCR_SOURCE,), csv=words.label_columns(raw, lang))


JUNE_2020_STOCKS = ("refugees", "asylum_seekers")  # counted on a day (the period's end), not over the period


def format_percent_as_given(value_pct: float, lang: str) -> str:
    """A percentage (0-100) with the decimals the source gave, no more: 65 -> '65 %', 65.5 -> '65.5 %'."""
    return format_percent(value_pct / 100, format="#,##0.### %", locale=BABEL_LOCALES[lang])


def june_2020_text(refugees: pd.DataFrame, indicators: pd.DataFrame, lang: str) -> str:
    """The June 2020 panel as a Markdown list: stocks as of their date, flows and shares with their period."""
    june = q.june_2020_figures(refugees, indicators)
    lines = []
    for name, label in JUNE_2020_CELLS:
        if name in june:
            value, start, end = june[name]
            shown = format_percent_as_given(value, lang) if name.endswith("share_of_claims") else format_number(value, lang)
            if name in JUNE_2020_STOCKS:
                month_end = end == (pd.Timestamp(end) + pd.offsets.MonthEnd(0)).date().isoformat()
                when = t(label, lang, date=words.format_partial_date(end[:7] if month_end else end, lang))
            else:
                when = t(label, lang, period=period_label(start, end, lang))
            lines.append(f"- **{shown}** {when}")
    return "\n".join(lines)


def context_text(claims: pd.DataFrame, lang: str) -> str:
    """Claims since 2016: the first year's figure and the peak, in one paragraph."""
    yearly = unhcr_yearly(claims, "claims")
    since_2016 = yearly[yearly["year"] >= 2016]
    if since_2016.empty:
        return t("context_text_short", lang)
    peak = since_2016.loc[since_2016["claims"].idxmax()]
    return t("context_text", lang, first=format_number(since_2016["claims"].iloc[0], lang),
             first_year=int(since_2016["year"].iloc[0]), peak=format_number(peak["claims"], lang), peak_year=int(peak["year"]))


MAX_CHANGED_FIGURES = 200  # rows of the "what changed" table; the words name the first CHANGES_IN_WORDS
CHANGES_IN_WORDS = 10


def change_summary(changes, dataset: str, lang: str) -> tuple[str, pd.DataFrame, pd.DataFrame]:
    """What the latest upload of a dataset changed (a `changes.Changes`): a sentence in Markdown with the counts,
    the figures that moved (raw, for `describe_figure_changes`) and the revised rows with translated headers."""
    counts = words.change_counts(changes, lang)
    figures = changes.figures
    counts["revised"] = int((figures["before"].notna() & figures["after"].notna()).sum())
    text = t("changes_summary", lang, dataset=t(f"changes_dataset_{dataset}", lang),
             **{name: format_number(value, lang) for name, value in counts.items() if name != "periods"},
             periods=escape_markdown(", ".join(counts["periods"]) or "—"))
    return text, figures.head(MAX_CHANGED_FIGURES), words.label_columns(changes.changed, lang)


def _breakdown_label(row: dict, office_names: dict[str, str], lang: str) -> str:
    """Where a figure sits: 'national total', 'office Tapachula', 'office Tapachula × nationality Honduras'."""
    if not row["breakdown"]:
        return t("changes_at_national", lang)
    names = {"state": lambda code: STATES.get(code, code), "office": lambda code: office_names.get(code, code),
             "nationality": lambda code: country_name(code, lang)}
    return " × ".join(t(f"changes_at_{d}", lang, name=names.get(d, str)(row[d])) for d in row["breakdown"].split("+"))


def describe_figure_changes(figures: pd.DataFrame, sources: pd.DataFrame, offices: pd.DataFrame,
                            lang: str) -> tuple[str, pd.DataFrame]:
    """The figures that moved, in words (a Markdown list of the first few) and as a small table, each named by
    its release, period and breakdown, before → after ('—' where it is new or gone); values are text."""
    if figures.empty:
        return "", pd.DataFrame()
    office_names = dict(zip(offices["office_id"], offices["name"], strict=True))
    table = pd.DataFrame({
        "release": [words.release_name(s, sources, lang) for s in figures["source"]],
        "period": [period_label(s, e, lang) for s, e in zip(figures["period_start"], figures["period_end"], strict=True)],
        "figure": [t(f"figure_{name}", lang) if f"figure_{name}" in CATALOGUE else name for name in figures["figure"]],
        "breakdown": [_breakdown_label(row, office_names, lang) for row in figures.to_dict("records")],
        "before": [format_number(None if pd.isna(v) else v, lang) for v in figures["before"]],
        "after": [format_number(None if pd.isna(v) else v, lang) for v in figures["after"]],
    })
    lines = [t("changes_figure", lang, **{k: escape_markdown(str(v)) for k, v in row.items()})
             for row in table.head(CHANGES_IN_WORDS).to_dict("records")]
    if len(table) > CHANGES_IN_WORDS:
        lines.append(t("changes_more", lang, count=format_number(len(table) - CHANGES_IN_WORDS, lang)))
    in_words = t("changes_figures_lead", lang) + "\n\n" + "\n".join(f"- {line}" for line in lines)
    return in_words, words.label_columns(table, lang)


HISTORY_HEADERS = ("col_version", "col_when", "col_by", "col_file", "col_rows", "col_mode", "col_sources", "col_unit",
                   "col_current")


def version_history_table(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A dataset's versions (`service.version_history`) as the Data page lists them: units and headers in the
    reader's language."""
    units = history["units"].map(lambda text: ", ".join(t(f"unit_{unit}", lang) for unit in text.split(", ") if unit))
    return history.assign(units=units).set_axis([t(h, lang) for h in HISTORY_HEADERS], axis=1)


# ---- about -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AboutTables:
    """The About page's tables with headers in the reader's language."""

    sources: pd.DataFrame  # the sources with their licences (press articles apart)
    press: pd.DataFrame  # one row per press article that reports a COMAR figure
    glossary: pd.DataFrame


def about_tables(sources: pd.DataFrame, lang: str) -> AboutTables:
    """Sources and licences, the press articles apart, each named by who produced its figures and who published
    them ('COMAR, via La Razón (2023-01)'), and the glossary."""
    is_press = sources["source_id"].str.startswith("comar-press-")
    named = sources.assign(attribution=pd.Series([source_attribution(row, lang) for row in sources.to_dict("records")],
                                                 index=sources.index, dtype="str"),
                           url=sources["url"].where(sources["url"].str.match(r"(?i)https?://\S+$"), ""))
    # The page draws `url` as a link: only http(s) is ever one (a `javascript:` URL stored before validate refused
    # it shows as an empty cell)
    return AboutTables(words.label_columns(named[~is_press][["attribution", "title", "licence", "as_of", "url", "note"]], lang),
                       words.label_columns(named[is_press][["source_id", "attribution", "title", "url"]], lang),
                       words.glossary(lang))


# ---- arrivals ----------------------------------------------------------------------------------

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
    labels = {key: period_label(row.period_start, row.period_end, lang) for key, row in periods.iterrows()}
    years = periods[periods["kind"] == "year"].index
    default = years[-1] if len(years) else (keys[-1] if keys else None)
    return Periods(keys, labels, default, periods)


@dataclass(frozen=True)
class Releases:
    """The releases with figures by office or state for one period, the one shown first, and their names."""

    keys: tuple[str, ...]
    labels: dict[str, str]


def arrivals_releases(claim_areas: pd.DataFrame, national_totals: pd.DataFrame, sources: pd.DataFrame, start: str, end: str,
                      lang: str) -> Releases:
    """The releases of one period, best first (the one that covers the period's offices, then the latest)."""
    ranked = q.area_releases(claim_areas, national_totals, sources, start, end)
    names = [words.release_name(source, sources, lang) for source in ranked["source"]]
    labels = {source: (name if names.count(name) == 1 else f"{name} · {source}")
              for source, name in zip(ranked["source"], names, strict=True)}
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


def arrivals_view(claim_areas: pd.DataFrame, national_totals: pd.DataFrame, sources: pd.DataFrame, offices: pd.DataFrame,
                  start: str, end: str,
                  release: str | None, shapes_url: str, lang: str) -> ArrivalsView:
    """The map of one period from ONE release (states shaded by claims, offices as points with their share of that
    release's national total), its table, summary and notes. `release` None or unknown: the first of the period."""
    label, year = period_label(start, end, lang), int(end[:4])
    every, totals = claim_areas, national_totals
    ranked = q.area_releases(every, totals, sources, start, end)
    if ranked.empty:
        return ArrivalsView(None, 0, ())
    chosen = ranked.set_index("source").loc[release if release in set(ranked["source"]) else ranked["source"].iloc[0]]
    source = chosen.name
    areas = q.claims_by_area(every, totals, start, end, source)
    points = q.office_points(offices, areas, year)
    office_names = dict(zip(offices["office_id"], offices["name"], strict=True))
    by_state = q.claims_by_state(areas)
    by_state = by_state.assign(label=[words.basis_text(b, s, p, c, office_names, lang) for b, s, p, c in
                                      zip(by_state["basis"], by_state["summed"], by_state["parts"], by_state["covers"], strict=True)])
    figure = make_arrivals_map(shapes_url, sorted(STATES), by_state, points, lang)
    raw = words.area_table(areas, offices, sources, lang)
    table = words.label_columns(words.format_columns(raw, lang, numbers=("claims",), shares=("share",)), lang)
    national = chosen["national"]
    published = areas["summed"] != "office"  # a state made of its offices' figures is not one more figure
    largest = int(areas.index[published][0]) if published.any() else 0  # areas come largest first
    top = areas.loc[largest]
    share = "" if pd.isna(top["share"]) else t("arrivals_summary_share", lang, share=format_share(float(top["share"]), lang),
                                                national=format_number(national, lang))
    summary = t("arrivals_summary", lang, period=label, count=int(published.sum()), area=raw["area"].loc[largest],
                claims=format_number(top["claims"], lang)) + share
    name = words.release_name(source, sources, lang)
    release_line = t("arrivals_release_shown", lang, release=name) + " " + (
        t("arrivals_release_national", lang, national=format_number(national, lang)) if pd.notna(national)
        else t("arrivals_release_no_national", lang))
    notes = [release_line]
    if len(ranked) > 1:
        notes.append(t("arrivals_release_others", lang, count=len(ranked) - 1))
    notes.append(t("arrivals_points_note", lang))
    not_open = points[points["status"] == "not_open"]
    if not not_open.empty:
        notes.append(t("arrivals_not_open", lang, names=", ".join(not_open["name"]), year=year))
    for position in [i for i, others in enumerate(areas["other_values"]) if others]:
        row = areas.iloc[position]
        notes.append(t("arrivals_disagree", lang, area=raw["area"].iloc[position], claims=format_number(row["claims"], lang),
                       others=words.releases_text(row["other_values"], row["other_sources"], sources, lang)))
    chart = ChartView(figure, table, summary, (source,), csv=raw)
    in_period = claim_areas[(claim_areas["period_start"] == start) & (claim_areas["period_end"] == end)]
    return ArrivalsView(chart, int((areas["level"] == "office").sum()), tuple(notes), name,
                        int((in_period["level"] == "office").sum()))


@dataclass(frozen=True)
class OfficeSeries:
    """Every published figure of one office (or of its state when the office has none) as a table."""

    table: pd.DataFrame
    sources: tuple[str, ...]
    by_state: bool


def office_series(claim_areas: pd.DataFrame, sources: pd.DataFrame, offices: pd.DataFrame, office: str,
                  lang: str) -> OfficeSeries | None:
    """An office's figures over time (one per release and period), else its state's own figures."""
    state = offices.set_index("office_id").loc[office, "state"]
    series = q.office_series(claim_areas, sources, office, state)
    if series.empty:
        return None
    table = words.format_columns(words.series_table(series, sources, offices, lang), lang, numbers=("claims",))
    return OfficeSeries(words.label_columns(table, lang), tuple(sorted(set(series["source"]))), series["level"].iloc[0] == "state")


# ---- trends ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TrendsChoices:
    """What the Trends filters offer: the UNHCR years, the 40 largest nationalities, offices with figures."""

    first_year: int
    last_year: int
    nations: tuple[str, ...]
    offices: tuple[str, ...]


def trends_choices(claims: pd.DataFrame, offices: pd.DataFrame, claim_areas: pd.DataFrame,
                   unhcr_claims: pd.DataFrame) -> TrendsChoices | None:
    """The filters' ranges from the data; None when there are no UNHCR yearly claims."""
    years = q.national_claims_by_year(claims)["year"]
    if years.empty:
        return None
    first, last = int(years.min()), int(years.max())
    areas = claim_areas
    with_figures = set(areas.loc[areas["level"] == "office", "office"])
    return TrendsChoices(first, last, tuple(q.top_nationalities(unhcr_claims, (first, last), 40)),
                         tuple(o for o in offices["office_id"] if o in with_figures))


def _year_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Years as plain text in a table (2021, never '2,021')."""
    return frame.assign(year=frame["year"].astype(str)) if "year" in frame else frame


def trends_claims(unhcr_claims: pd.DataFrame, years: tuple[int, int], top_n: int, nations: tuple[str, ...], lang: str) -> ChartView:
    """Claims per year for the top N nationalities (or the chosen ones) and the others, stacked."""
    by_nation = q.claims_by_nationality(unhcr_claims, years, top_n, list(nations) or None)
    names = {code: country_name(code, lang) for code in set(by_nation["nationality"])}
    figure = make_bar_chart(by_nation, "year", "claims", "nationality", names, y_title=t("figure_claims", lang))
    totals = by_nation.groupby("year", as_index=False)["claims"].sum()
    if len(totals) == 1:
        summary = words.describe_one_year(by_nation, "year", "claims", "nationality", names, lang)
    else:
        summary = (words.describe_series(totals, "year", "claims", lang, t("figure_claims", lang)) + " "
                   + words.describe_largest(by_nation, "year", "claims", "nationality", names, lang))
    raw = by_nation.assign(nationality=by_nation["nationality"].map(names))
    table = words.label_columns(words.format_columns(_year_text(raw), lang, numbers=("claims",)), lang)
    return ChartView(figure, table, summary, (q.UNHCR_SOURCE,), csv=words.label_columns(raw, lang))


def trends_monthly(monthly_claims: pd.DataFrame, sources: pd.DataFrame, years: tuple[int, int], lang: str) -> ChartView | None:
    """COMAR's national claims month by month within the years (latest release per month); None without any."""
    monthly = monthly_claims[monthly_claims["period_start"].str[:4].astype(int).between(*years)]
    if monthly.empty:
        return None
    figure = make_bar_chart(monthly.assign(month=monthly["period_start"].str[:7]), "month", "claims", y_title=t("figure_claims", lang))
    raw = monthly.assign(
        month=[period_label(s, e, lang) for s, e in zip(monthly["period_start"], monthly["period_end"], strict=True)],
        source=[words.release_name(s, sources, lang) for s in monthly["source"]],
        other_releases=[words.releases_text(v, s, sources, lang) for v, s in zip(monthly["other_values"], monthly["other_sources"], strict=True)],
    )[["month", "claims", "source", "other_releases"]]
    summary = (t("trends_monthly_summary", lang, count=len(monthly)) + " "
               + words.describe_series(raw, "month", "claims", lang, t("figure_claims", lang)))
    return ChartView(figure, words.label_columns(words.format_columns(raw, lang, numbers=("claims",)), lang), summary,
                     tuple(monthly["source"]), csv=words.label_columns(raw, lang))


def trends_decisions(unhcr_refugees: pd.DataFrame, years: tuple[int, int], nations: tuple[str, ...], lang: str) -> ChartView:
    """Decisions per year by outcome, stacked; a year without decisions is an empty place, not a zero."""
    decisions = q.decisions_by_year(unhcr_refugees, years, list(nations) or None)
    outcomes = {name: t(f"figure_{name}", lang) for name in q.FIGURES_DECISIONS}
    long = q.to_long(decisions, "year", list(q.FIGURES_DECISIONS), "outcome", "persons")
    known = decisions.dropna(subset=list(q.FIGURES_DECISIONS), how="all")
    raw = known[["year", *q.FIGURES_DECISIONS]]
    table = words.format_columns(_year_text(raw), lang, numbers=q.FIGURES_DECISIONS)
    return ChartView(make_bar_chart(long, "year", "persons", "outcome", outcomes, y_title=t("persons", lang)),
                     words.label_columns(table, lang), words.describe_series(known, "year", "recognized", lang, outcomes["recognized"]),
                     (q.UNHCR_SOURCE,), csv=words.label_columns(raw, lang))


def trends_rate(unhcr_refugees: pd.DataFrame, years: tuple[int, int], nations: tuple[str, ...], rate: str, lang: str) -> ChartView:
    """One recognition rate per year (refugee_rate or protection_rate), as a line drawn only for years whose
    decisions are complete; the other years are gaps, with the reason in the summary and the table."""
    decisions = q.decisions_by_year(unhcr_refugees, years, list(nations) or None)
    what = t(f"figure_{rate}", lang)
    summary = " ".join(filter(None, [words.describe_series(decisions, "year", rate, lang, what, percent=True),
                                     words.describe_rate_gaps(decisions, lang)]))
    raw = decisions.assign(rate_note=[words.rate_gap_reason(m, lang) for m in decisions["missing"]])
    raw = raw[["year", rate, *q.FIGURES_DECISIONS, "rate_note"]]
    table = words.format_columns(_year_text(raw), lang, numbers=q.FIGURES_DECISIONS, shares=(rate,))
    return ChartView(make_line_chart(decisions, "year", rate, title=what, percent=True),
                     words.label_columns(table, lang), summary, (q.UNHCR_SOURCE,), csv=words.label_columns(raw, lang))


def trends_population(unhcr_refugees: pd.DataFrame, years: tuple[int, int], nations: tuple[str, ...], lang: str) -> tuple[ChartView, str]:
    """Refugees, asylum-seekers and others in need of protection at each year's end; and a sentence on the
    latest count of asylum-seekers, persons awaiting a decision ('' when there is none)."""
    population = q.population_by_year(unhcr_refugees, years, list(nations) or None)
    figures = {name: t(f"figure_{name}", lang) for name in q.FIGURES_POPULATION}
    long = q.to_long(population, "year", list(q.FIGURES_POPULATION), "figure", "persons")
    table = words.format_columns(_year_text(population), lang, numbers=q.FIGURES_POPULATION)
    chart = ChartView(make_line_chart(long, "year", "persons", "figure", figures, y_title=t("persons", lang)),
                      words.label_columns(table, lang), words.describe_series(population, "year", "refugees", lang, figures["refugees"]),
                      (q.UNHCR_SOURCE,), csv=words.label_columns(population, lang))
    pending = population.dropna(subset=["asylum_seekers"])
    text = "" if pending.empty else t("trends_pending", lang, year=int(pending["year"].iloc[-1]),
                                      count=format_number(pending["asylum_seekers"].iloc[-1], lang))
    return chart, text


def trends_office(claim_areas: pd.DataFrame, sources: pd.DataFrame, offices: pd.DataFrame, office: str, lang: str) -> ChartView | None:
    """One office's published figures as bars (the latest release per period), every release in the table; a
    figure given only by nationality counts as the sum of those rows, labelled so."""
    series = q.office_series(claim_areas, sources, office, "")
    if series.empty:
        return None
    latest = q.pick_latest_release(series.drop(columns=["as_of"]), sources).sort_values(["period_end", "period_start"])
    shown = words.series_table(latest, sources, offices, lang)
    name = offices.set_index("office_id").loc[office, "name"]
    figure = make_bar_chart(shown, "period", "claims", stacked=False, y_title=t("figure_claims", lang))
    summary = t("trends_office_summary", lang, office=name, count=len(series)) + " " + t("trends_office_caveat", lang)
    raw = words.series_table(series, sources, offices, lang)
    return ChartView(figure, words.label_columns(words.format_columns(raw, lang, numbers=("claims",)), lang), summary,
                     tuple(sorted(set(series["source"]))), csv=words.label_columns(raw, lang))


# ---- pledges -----------------------------------------------------------------------------------

def make_count_chart(counts: pd.DataFrame, title: str, selected: tuple[str, ...] = ()) -> go.Figure:
    """Horizontal bars of pledges per value; labels are escaped text, chosen values stand out."""
    colours = [charts.UNHCR_BLUE if not selected or value in selected else "#9ecae1" for value in counts["value"]]
    bars = {"type": "bar", "x": counts["pledges"].tolist(), "y": [html.escape(label) for label in counts["label"]],
            "orientation": "h", "marker": {"color": colours}, "text": counts["pledges"].tolist(), "textposition": "auto",
            "customdata": list(range(len(counts))), "hovertemplate": "%{y}: %{x}<extra></extra>"}
    # One step, plain dicts: plotly validates once (update_layout afterwards copied the template again).
    return go.Figure(data=[bars], layout={
        "template": charts.register_template(), "title": {"text": html.escape(title)}, "height": 90 + 30 * len(counts),
        "yaxis": {"autorange": "reversed", "gridcolor": "rgba(0,0,0,0)"}, "xaxis": {"visible": False},
        "dragmode": False, "clickmode": "event+select"})


def pledges_filter_options(pledges: pd.DataFrame) -> dict[str, list]:
    """Each filter's choices, from the published pledges (`pledges.filter_options`)."""
    return pl.filter_options(pledges)


def pledges_filtered(searchable_pledges: pd.DataFrame, selection: pl.PledgeSelection,
                     lang: str) -> tuple[pd.DataFrame, dict[str, tuple[pd.DataFrame, go.Figure]]]:
    """The pledges shown, and per filter its bars: counts under the *other* filters (so every bar stays
    clickable) and their chart, titled in the reader's language."""
    shown, facets = pl.filter_with_facets(searchable_pledges, selection)
    bars = {}
    for name, rows in facets.items():
        counts = pl.count_by(rows, pl.FILTER_COLUMNS[name], lang)
        bars[name] = (counts, make_count_chart(counts, t(f"pl_chart_{name}", lang), getattr(selection, name)))
    return shown, bars


def make_indicator_chart(frame: pd.DataFrame, lang: str, pledge_year: object = None, title: str = "") -> go.Figure:
    """Lines per series by year, with the pledge's year marked."""
    figure = go.Figure()
    for series, rows in frame.groupby("series", sort=False):
        name = html.escape(t(f"pl_series_{series}", lang))
        figure.add_scatter(x=rows["year"].tolist(), y=rows["value"].tolist(), mode="lines+markers", name=name,
                           hovertemplate=f"{name} %{{x}}: %{{y:,.0f}}<extra></extra>")
    if pledge_year is not None and not pd.isna(pledge_year):
        figure.add_vline(x=int(pledge_year), line_dash="dot", line_color="#666",
                         annotation_text=html.escape(t("pl_pledge_year", lang, year=int(pledge_year))))
    figure.update_layout(template=charts.register_template(), height=340, hovermode="x unified",
                         title=html.escape(title), margin={"t": 70})
    return figure


def pledge_indicator(claims: pd.DataFrame, refugees: pd.DataFrame, kind: str, pledge_year: int | None,
                     lang: str) -> go.Figure:
    """The yearly indicator a pledge of this kind should move, the pledge's year marked (UNHCR figures)."""
    frame = pl.indicator_frame(kind, claims, refugees)
    return make_indicator_chart(frame, lang, pledge_year, t(f"pl_ind_{kind}", lang))


def pledges_shown_files(shown: pd.DataFrame, bars: dict[str, tuple[pd.DataFrame, go.Figure]], lang: str,
                        source_id: str) -> list[ShownFile]:
    """What the page shows, as files for "download everything shown": the pledges, and the counts of each chart."""
    sources = (source_id, *dict.fromkeys(shown["source"].astype(str)))
    files = [ShownFile("pledges.csv", pl.export_frame(shown, lang), t("pl_table_title", lang), sources, ("pledges",))]
    for name, (counts, _figure) in bars.items():
        table = counts.rename(columns={"value": t("export_code_column", lang), "label": t(f"pl_filter_{name}", lang),
                                       "pledges": t("pl_table_title", lang)})
        files.append(ShownFile(f"pledges_by_{name}.csv", table, t(f"pl_chart_{name}", lang), sources, ("pledges",)))
    return files

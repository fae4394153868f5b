"""The Trends page: claims by nationality, by month, decisions, recognition rates, population, one office."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from mirps_dash import queries as q
from mirps_dash import words
from mirps_dash.charts import make_bar_chart, make_line_chart
from mirps_dash.codes import country_name
from mirps_dash.i18n import format_number, t
from mirps_dash.periods import period_label
from mirps_dash.views.common import ChartView, TableView


@dataclass(frozen=True)
class TrendsChoices:
    """What the Trends filters offer: the UNHCR years, the 40 largest nationalities, offices with figures."""

    first_year: int
    last_year: int
    nations: tuple[str, ...]
    offices: tuple[str, ...]


def trends_choices(
    claims_by_year: pd.DataFrame, offices: pd.DataFrame, claim_areas: pd.DataFrame, unhcr_claims: pd.DataFrame
) -> TrendsChoices | None:
    """The filters' ranges from the data; None when there are no UNHCR yearly claims."""
    years = claims_by_year["year"]
    if years.empty:
        return None
    first, last = int(years.min()), int(years.max())
    areas = claim_areas
    with_figures = set(areas.loc[areas["level"] == "office", "office"])
    return TrendsChoices(
        first,
        last,
        tuple(q.top_nationalities(unhcr_claims, (first, last), 40)),
        tuple(o for o in offices["office_id"] if o in with_figures),
    )


def trends_filters_line(years: tuple[int, int], top_n: int, nations: tuple[str, ...], lang: str) -> str:
    """The Trends filters in one line, under the control that holds them: the years, then the chosen
    nationalities or how many of the largest the chart shows."""
    span = str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"
    if nations:
        names = ", ".join(country_name(nation, lang) for nation in nations)
        return t("trends_filters_nations", lang, years=span, nations=names)
    return t("trends_filters_top_one" if top_n == 1 else "trends_filters_top", lang, years=span, top=top_n)


def _year_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Years as plain text in a table (2021, never '2,021')."""
    return frame.assign(year=frame["year"].astype(str)) if "year" in frame else frame


def _tables(
    raw: pd.DataFrame, csv: pd.DataFrame, lang: str, numbers: tuple[str, ...] = (), shares: tuple[str, ...] = ()
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A chart's table for reading (counts and shares formatted, years as text) and its CSV's raw frame, both
    headed in the reader's language: a view passes it as `ChartView(tables=partial(_tables, ...))`, so a run
    that never opens the table view or downloads does not make them (about 1-2 ms a chart a new value)."""
    table = words.format_columns(_year_text(raw), lang, numbers=numbers, shares=shares)
    return words.label_columns(table, lang), words.label_columns(csv, lang)


def trends_claims(
    unhcr_claims: pd.DataFrame, years: tuple[int, int], top_n: int, nations: tuple[str, ...], lang: str
) -> ChartView:
    """Claims per year for the top N nationalities (or the chosen ones) and the others, stacked."""
    by_nation = q.claims_by_nationality(unhcr_claims, years, top_n, list(nations) or None)
    names = {code: country_name(code, lang) for code in set(by_nation["nationality"])}
    figure = make_bar_chart(by_nation, "year", "claims", "nationality", names, y_title=t("figure_claims", lang))
    totals = _claims_by_year(by_nation)
    if len(totals) == 1:
        summary = words.describe_one_year(by_nation, "year", "claims", "nationality", names, lang)
    else:
        summary = (
            words.describe_series(totals, "year", "claims", lang, t("figure_claims", lang))
            + " "
            + words.describe_largest(by_nation, "year", "claims", "nationality", names, lang)
        )
    return ChartView(
        figure, summary=summary, sources=(q.UNHCR_SOURCE,), tables=partial(_claims_tables, by_nation, names, lang)
    )


def _claims_by_year(by_nation: pd.DataFrame) -> pd.DataFrame:
    """Claims per year over the nationalities (pandas' groupby-sum, by numpy's bincount at a tenth of its cost)."""
    years, position = np.unique(by_nation["year"].to_numpy(), return_inverse=True)
    claims = np.bincount(position, weights=by_nation["claims"].to_numpy(dtype="float64"), minlength=len(years))
    return pd.DataFrame({"year": years, "claims": claims.astype("int64")})


def _claims_tables(by_nation: pd.DataFrame, names: dict[str, str], lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Claims by year and nationality named in the reader's language; the CSV keeps each nationality's code."""
    raw = by_nation.assign(nationality=by_nation["nationality"].map(names))
    return _tables(raw, raw.assign(nationality_code=by_nation["nationality"]), lang, numbers=("claims",))


def trends_monthly(
    monthly_claims: pd.DataFrame, sources: pd.DataFrame, years: tuple[int, int], lang: str
) -> ChartView | None:
    """COMAR's national claims month by month within the years (latest release per month; a month given only by
    nationality is the sum of those nationalities, said so in the table); None without any."""
    starts = monthly_claims["period_start"].tolist()  # a few dozen months: Python's slices, not pandas' str
    monthly = monthly_claims[np.array([years[0] <= int(start[:4]) <= years[1] for start in starts], dtype=bool)]
    if monthly.empty:
        return None
    figure = make_bar_chart(
        monthly.assign(month=[start[:7] for start in monthly["period_start"].tolist()]),
        "month",
        "claims",
        y_title=t("figure_claims", lang),
    )
    months = [period_label(s, e, lang) for s, e in zip(monthly["period_start"], monthly["period_end"], strict=True)]
    summary = (
        words.count_text("trends_monthly_summary", len(monthly), lang)
        + " "
        + words.describe_series(
            pd.DataFrame({"month": months, "claims": monthly["claims"]}),
            "month",
            "claims",
            lang,
            t("figure_claims", lang),
        )
    )
    return ChartView(
        figure,
        summary=summary,
        sources=tuple(monthly["source"]),
        tables=partial(_monthly_tables, monthly, months, sources, lang),
    )


def _monthly_tables(
    monthly: pd.DataFrame, months: list[str], sources: pd.DataFrame, lang: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each month's figure with how it was made, the release it is shown from and the other releases' figures."""
    names = words.ReleaseNames(sources, lang)
    names.column(sources["source_id"])  # every release named in one pass, not one search of the sources per name
    raw = monthly.assign(
        month=months,
        approx=monthly["approx"].fillna("").astype(str),
        basis=words.basis_column(monthly.rename(columns={"level": "summed"}), {}, lang),
        source=[
            words.shown_release(s, tied, sources, lang, names)
            for s, tied in zip(monthly["source"], monthly["tied_sources"], strict=True)
        ],
        other_releases=[
            words.releases_text(v, s, sources, lang, a, names)
            for v, s, a in zip(monthly["other_values"], monthly["other_sources"], monthly["other_approx"], strict=True)
        ],
    )[["month", "claims", "approx", "basis", "source", "other_releases"]]
    return _tables(raw, raw.assign(source_id=monthly["source"]), lang, numbers=("claims",))


def _each(values: Iterable[Hashable], label: Callable[[Any], str]) -> list[str]:
    """`label` of each value, worked out once per distinct value (a release table has 20,000 rows at 100x and a
    few hundred distinct periods, kinds and nationalities)."""
    values = list(values)
    labels = {value: label(value) for value in set(values)}
    return [labels[value] for value in values]


def _release_rows(frame: pd.DataFrame, sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Period, kind and unit of each release's figure, raw, with how it was made, its release and as-of."""
    as_of = q.as_of_by_id(sources)
    periods = list(zip(frame["period_start"], frame["period_end"], strict=True))
    return pd.DataFrame(
        {
            "period": _each(periods, lambda period: period_label(*period, lang)),
            "kind": _each(frame["kind"], lambda kind: t(f"kind_{kind}", lang)),
            "unit": _each(frame["unit"], lambda unit: t(f"unit_{unit}", lang)),
            "basis": words.basis_column(frame.rename(columns={"level": "summed"}), {}, lang),
            "source": words.ReleaseNames(sources, lang).column(frame["source"]),
            "as_of": [as_of.get(s, "") for s in frame["source"]],
        },
        index=frame.index,
    )


def _ordered(frame: pd.DataFrame, sources: pd.DataFrame, *then: str) -> pd.DataFrame:
    days = q.source_dates(sources)
    ordered = frame.assign(_day=frame["source"].map(days).fillna(""))
    return ordered.sort_values(["period_end", "period_start", "_day", "source", *then]).drop(columns="_day")


@dataclass(frozen=True)
class ReleaseRows:
    """A release-by-release table over every year, for one language and in its order: what `rows_in` slices for
    each choice of years and nationalities (the table is made once per data version, a choice costs a slice).
    Its rows are in the order of their periods' ends, so `years` never decreases and a span of years is a run of
    rows."""

    table: pd.DataFrame  # formatted for the reader's language
    csv: pd.DataFrame  # raw values, headers in the reader's language
    years: np.ndarray  # each row's year (its period's end), ascending
    nationalities: np.ndarray | None  # each row's nationality code, where the table has one
    sources: np.ndarray  # each row's source id
    summary_key: str
    lang: str


def rows_in(rows: ReleaseRows | None, years: tuple[int, int], nations: tuple[str, ...] = ()) -> TableView | None:
    """The rows whose period ends within the years (of the chosen nationalities, when some are chosen and the
    table has them), with their sentence and sources; None when there are none. This runs on every rerun: the
    years are a slice of the tables (no copy), only a choice of nationalities picks rows one by one."""
    if rows is None:
        return None
    start, stop = np.searchsorted(rows.years, [years[0], years[1] + 1]).tolist()
    positions = np.arange(start, stop)
    if nations and rows.nationalities is not None:
        positions = positions[np.isin(rows.nationalities[start:stop], list(nations))]
    if not len(positions):
        return None
    sources = set(rows.sources[positions].tolist())
    return TableView(
        summary=words.count_text(rows.summary_key, len(positions), rows.lang, releases=len(sources)),
        sources=tuple(sorted(sources)),
        tables=partial(_shown_tables, rows, positions),  # the rows are taken only when the table is opened
    )


def _shown_tables(rows: ReleaseRows, positions: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    return _shown_rows(rows.table, positions), _shown_rows(rows.csv, positions)


def _shown_rows(frame: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
    """Those rows of a release table (ascending positions), numbered from 0: every row (the default years) is the
    table as made, a run of rows (a span of years) a slice, others picked one by one."""
    if len(positions) == len(frame):
        return frame
    first, last = int(positions[0]), int(positions[-1])
    shown = frame.iloc[first : last + 1] if last - first + 1 == len(positions) else frame.take(positions)
    return shown.reset_index(drop=True)


def _period_years(frame: pd.DataFrame) -> np.ndarray:
    return frame["period_end"].astype(str).str[:4].astype(int).to_numpy()


def trends_national(national_figures: pd.DataFrame, sources: pd.DataFrame, lang: str) -> ReleaseRows | None:
    """Every national figure of COMAR (as the press reported it), release by release: months, years and
    cumulative periods each as published, a figure given only by nationality as the sum of the nationalities in
    the release; never two releases or periods added. None without any; `rows_in` picks the years."""
    if national_figures.empty:
        return None
    found = _ordered(national_figures, sources)
    raw = _release_rows(found, sources, lang).assign(
        claims=found["claims"].astype("int64"), approx=found["approx"].fillna("").astype(str)
    )[["period", "kind", "claims", "approx", "unit", "basis", "source", "as_of"]]
    csv = raw.assign(source_id=found["source"], period_start=found["period_start"], period_end=found["period_end"])
    return ReleaseRows(
        words.label_columns(words.format_columns(raw, lang, numbers=("claims",)), lang).reset_index(drop=True),
        words.label_columns(csv, lang).reset_index(drop=True),
        _period_years(found),
        None,
        found["source"].to_numpy(dtype=object),
        "trends_national_summary",
        lang,
    )


def trends_nationalities(nationality_figures: pd.DataFrame, sources: pd.DataFrame, lang: str) -> ReleaseRows | None:
    """COMAR's figures by nationality (as the press reported them), each in its own release's row, never added
    to UNHCR's or to another release's. None without any; `rows_in` picks the years and nationalities."""
    found = nationality_figures
    if found.empty:
        return None
    found = _ordered(found.assign(_minus=-found["claims"]), sources, "_minus").drop(columns="_minus")
    raw = _release_rows(found, sources, lang).assign(
        nationality=_each(found["nationality"], lambda code: country_name(code, lang)),
        nationality_code=found["nationality"],
        claims=found["claims"].astype("int64"),
        approx=found["approx"].fillna("").astype(str),
    )[["period", "kind", "nationality", "nationality_code", "claims", "approx", "unit", "basis", "source", "as_of"]]
    csv = raw.assign(source_id=found["source"], period_start=found["period_start"], period_end=found["period_end"])
    table = words.format_columns(raw.drop(columns="nationality_code"), lang, numbers=("claims",))
    return ReleaseRows(
        words.label_columns(table, lang).reset_index(drop=True),
        words.label_columns(csv, lang).reset_index(drop=True),
        _period_years(found),
        found["nationality"].to_numpy(dtype=object),
        found["source"].to_numpy(dtype=object),
        "trends_nationalities_summary",
        lang,
    )


def trends_decisions(
    unhcr_refugees: pd.DataFrame, years: tuple[int, int], nations: tuple[str, ...], lang: str
) -> ChartView:
    """Decisions per year by outcome, stacked; a year without decisions is an empty place, not a zero."""
    decisions = q.decisions_by_year(unhcr_refugees, years, list(nations) or None)
    outcomes = {name: t(f"figure_{name}", lang) for name in q.FIGURES_DECISIONS}
    long = q.to_long(decisions, "year", list(q.FIGURES_DECISIONS), "outcome", "persons")
    return ChartView(
        make_bar_chart(long, "year", "persons", "outcome", outcomes, y_title=t("persons", lang)),
        summary=words.describe_series(decisions, "year", "recognized", lang, outcomes["recognized"]),
        sources=(q.UNHCR_SOURCE,),
        tables=partial(_decisions_tables, decisions, lang),
    )


def _decisions_tables(decisions: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The decisions of each year with any, by outcome."""
    raw = decisions.dropna(subset=list(q.FIGURES_DECISIONS), how="all")[["year", *q.FIGURES_DECISIONS]]
    return _tables(raw, raw, lang, numbers=q.FIGURES_DECISIONS)


def trends_rate(
    unhcr_refugees: pd.DataFrame, years: tuple[int, int], nations: tuple[str, ...], rate: str, lang: str
) -> ChartView:
    """One recognition rate per year (refugee_rate or protection_rate), as a line drawn only for years whose
    decisions are complete; the other years are gaps, with the reason in the summary and the table."""
    decisions = q.decisions_by_year(unhcr_refugees, years, list(nations) or None)
    what = t(f"figure_{rate}", lang)
    summary = " ".join(
        filter(
            None,
            [
                words.describe_series(decisions, "year", rate, lang, what, percent=True),
                words.describe_rate_gaps(decisions, lang),
            ],
        )
    )
    return ChartView(
        make_line_chart(decisions, "year", rate, title=what, percent=True),
        summary=summary,
        sources=(q.UNHCR_SOURCE,),
        tables=partial(_rate_tables, decisions, rate, lang),
    )


def _rate_tables(decisions: pd.DataFrame, rate: str, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rate by year beside the decisions it is made of, and why a year has none."""
    raw = decisions.assign(rate_note=[words.rate_gap_reason(m, lang) for m in decisions["missing"]])
    raw = raw[["year", rate, *q.FIGURES_DECISIONS, "rate_note"]]
    return _tables(raw, raw, lang, numbers=q.FIGURES_DECISIONS, shares=(rate,))


def trends_population(
    unhcr_refugees: pd.DataFrame, years: tuple[int, int], nations: tuple[str, ...], lang: str
) -> tuple[ChartView, str]:
    """Refugees, asylum-seekers and others in need of protection at each year's end; and a sentence on the
    latest count of asylum-seekers, persons awaiting a decision ('' when there is none)."""
    population = q.population_by_year(unhcr_refugees, years, list(nations) or None)
    figures = {name: t(f"figure_{name}", lang) for name in q.FIGURES_POPULATION}
    long = q.to_long(population, "year", list(q.FIGURES_POPULATION), "figure", "persons")
    chart = ChartView(
        make_line_chart(long, "year", "persons", "figure", figures, y_title=t("persons", lang)),
        summary=words.describe_series(population, "year", "refugees", lang, figures["refugees"]),
        sources=(q.UNHCR_SOURCE,),
        tables=partial(_tables, population, population, lang, numbers=q.FIGURES_POPULATION),
    )
    seekers = population["asylum_seekers"]
    known = np.flatnonzero(seekers.notna().to_numpy())
    if not len(known):
        return chart, ""
    latest = known[-1]
    text = t(
        "trends_pending",
        lang,
        year=int(population["year"].iloc[latest]),
        count=format_number(seekers.iloc[latest], lang),
    )
    return chart, text


def trends_office(
    claim_areas: pd.DataFrame, sources: pd.DataFrame, offices: pd.DataFrame, office: str, lang: str
) -> ChartView | None:
    """One office's published figures as bars (the latest release per period), every release in the table; a
    figure given only by nationality counts as the sum of those rows, labelled so."""
    series = q.office_series(claim_areas, sources, office, "")
    if series.empty:
        return None
    # the bars: the latest release's figure per period, from the series' lists (the table is made when read)
    latest = q.latest_in_series(series, sources)
    starts, ends = series["period_start"].tolist(), series["period_end"].tolist()
    shown = pd.DataFrame(
        {
            "period": [period_label(starts[row], ends[row], lang) for row, _ in latest],
            "claims": series["claims"].to_numpy(dtype="int64")[[row for row, _ in latest]],
        }
    )
    name = dict(zip(offices["office_id"].tolist(), offices["name"].tolist(), strict=True))[office]
    figure = make_bar_chart(shown, "period", "claims", stacked=False, y_title=t("figure_claims", lang))
    summary = (
        words.count_text("trends_office_summary", len(series), lang, office=name)
        + " "
        + t("trends_office_caveat", lang)
    )
    tied = [period_label(starts[row], ends[row], lang) for row, same_date in latest if same_date]
    if tied:  # two releases of one date for a period: the bar shows one, the table lists both
        summary += " " + t("trends_office_ties", lang, periods=", ".join(tied))
    return ChartView(
        figure,
        summary=summary,
        sources=tuple(sorted(set(series["source"].tolist()))),
        tables=partial(_office_tables, series, sources, offices, lang),
    )


def _office_tables(
    series: pd.DataFrame, sources: pd.DataFrame, offices: pd.DataFrame, lang: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every release's figure of the office, one row each; the CSV keeps each release's id."""
    raw = words.series_table(series, sources, offices, lang)
    return _tables(raw, raw.assign(source_id=series["source"].to_numpy()), lang, numbers=("claims",))

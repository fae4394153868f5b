"""The regional page: the seven MIRPS states side by side, year by year (UNHCR's figures, dataset `region`), and
the Overview's line placing Mexico in the region.

Persons and cases are never added: a state-year UNHCR counts in cases is shown with its unit named (and hatched
on a chart), and every regional total is over the states counted in persons only, naming the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from mirps_dash import region as rg
from mirps_dash import words
from mirps_dash.charts import make_line_chart, make_ranked_bars, on_vega_lite
from mirps_dash.codes import MIRPS_STATES, code_label, country_name
from mirps_dash.i18n import format_number, format_share, t
from mirps_dash.maps import make_region_map
from mirps_dash.queries import FIGURES_DECISIONS, UNHCR_SOURCE
from mirps_dash.views.common import ChartView

RANKED_FIGURES = ("claims", "refugees", "asylum_seekers")  # the figures the map and the ranked bars can show
RATES = ("refugee_rate", "protection_rate")
TOP_ORIGINS = 8


@dataclass(frozen=True)
class RegionalChoices:
    """What the regional page offers: the years with figures (oldest first) and the one shown first."""

    years: tuple[int, ...]
    default_year: int
    states: tuple[str, ...] = MIRPS_STATES


def regional_choices(region_years: pd.DataFrame) -> RegionalChoices | None:
    """The years of the regional figures; None when the dataset holds none."""
    years = sorted({int(year) for year in region_years["year"]})
    return RegionalChoices(tuple(years), years[-1]) if years else None


def state_label(code: str, unit: str, lang: str) -> str:
    """A state as a chart or table names it: 'Panamá (casos)' where its figure is in cases, else its name."""
    name = country_name(code, lang)
    return (
        name if unit == "persons" else t("region_in_unit", lang, name=name, unit=code_label("unit", unit, lang).lower())
    )


def _amount(value: object, unit: str, lang: str) -> str:
    """'70,482 personas' / '790 cases'."""
    return t(f"region_amount_{unit}", lang, value=format_number(value, lang))  # type: ignore[arg-type]


def _left_out(shown: pd.DataFrame, value: str, lang: str) -> str:
    """The states left out of a total in persons, each with why: '; left out: Panama (in cases: 790 cases)'."""
    _total, left = rg.one_unit_total(shown, value)
    return _left_out_text(_records(shown, ["asylum_country", "unit", value]), left, value, lang)


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    """A few rows as plain dicts, as `to_dict("records")` gives them, from each column's list: `to_dict` walks an
    Arrow string column value by value (a millisecond or more for seven rows)."""
    return [
        dict(zip(columns, values, strict=True)) for values in zip(*(frame[c].tolist() for c in columns), strict=True)
    ]


def _year_rows(region_years: pd.DataFrame, year: int | None, columns: list[str]) -> list[dict]:
    """The rows of one year (every year: None) as plain dicts, in the frame's order, from each column's list:
    `state_years` has about seven rows a year, where a pandas filter and take cost a millisecond (issue 13)."""
    years = region_years["year"].tolist()
    positions = [i for i, each in enumerate(years) if year is None or each == year]
    lists = [region_years[column].tolist() for column in columns]
    return [dict(zip(columns, (values[i] for values in lists), strict=True)) for i in positions]


def _with_figure(rows: list[dict], value: str) -> list[dict]:
    """The rows with a figure for `value` (as `region.in_year` keeps them)."""
    return [row for row in rows if not pd.isna(row[value])]


def _total_of(rows: list[dict], value: str) -> tuple[int, tuple[str, ...]]:
    """`region.one_unit_total` of these rows."""
    return rg.unit_total(
        [row["asylum_country"] for row in rows], [row["unit"] for row in rows], [row[value] for row in rows], "persons"
    )


def _left_out_text(rows: list[dict], left: tuple[str, ...], value: str, lang: str) -> str:
    reasons = []
    for code in left:
        other = [r for r in rows if r["asylum_country"] == code and r["unit"] != "persons" and not pd.isna(r[value])]
        if not other:
            reasons.append(t("region_left_out_none", lang, name=country_name(code, lang)))
        else:
            row = other[0]
            reasons.append(
                t(
                    "region_left_out_unit",
                    lang,
                    name=country_name(code, lang),
                    amount=_amount(row[value], row["unit"], lang),
                )
            )
    return t("region_left_out", lang, states="; ".join(reasons)) if reasons else ""


def _source_ids(rows: list[dict]) -> tuple[str, ...]:
    return tuple(sorted({row["source"] for row in rows})) or (UNHCR_SOURCE,)


def regional_ranking(region_years: pd.DataFrame, year: int, focus: str, value: str, lang: str) -> ChartView:
    """One figure (claims lodged, refugees or asylum-seekers hosted) of the seven states in one year as ranked
    bars, the focus state marked; the total over the states counted in persons, naming those left out."""
    what = t(f"figure_{value}", lang)
    # seven states at most: filtered, ordered, labelled and summed over plain rows (each pandas step costs a ms)
    shown = _with_figure(_year_rows(region_years, year, ["asylum_country", "unit", "source", value]), value)
    # in persons first, then largest first; ties keep their order (a stable sort, as pandas' sort_values was)
    shown.sort(key=lambda row: (row["unit"] != "persons", -row[value]))
    codes, units = [row["asylum_country"] for row in shown], [row["unit"] for row in shown]
    amounts = [row[value] for row in shown]
    in_persons = [unit == "persons" for unit in units]
    labels = [state_label(code, unit, lang) for code, unit in zip(codes, units, strict=True)]
    figure = on_vega_lite(
        make_ranked_bars(
            pd.DataFrame({"label": labels, value: amounts}),
            "label",
            value,
            focus=next((label for code, label in zip(codes, labels, strict=True) if code == focus), None),
            patterned=tuple(label for label, persons in zip(labels, in_persons, strict=True) if not persons),
            title=t("region_rank_chart_title", lang, what=what, year=year),
            x_title=what,
        )
    )
    total, left = _total_of(shown, value)
    rows = [
        {"asylum_country": code, "unit": unit, "_persons": persons, value: amount}
        for code, unit, persons, amount in zip(codes, units, in_persons, amounts, strict=True)
    ]
    shares = [
        amount / total if persons and total else None for amount, persons in zip(amounts, in_persons, strict=True)
    ]
    return ChartView(
        figure,
        summary=_ranking_summary(rows, total, left, value, year, focus, what, lang),
        sources=_source_ids(shown),
        tables=partial(_ranking_tables, labels, codes, units, amounts, shares, value, lang),
    )


def _ranking_tables(
    labels: list[str], codes: list[str], units: list[str], amounts: list, shares: list, value: str, lang: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ranking's table (formatted) and CSV (raw values): made when read (`ChartView(tables=...)`)."""
    raw = pd.DataFrame(
        {
            "asylum_country_name": labels,
            "asylum_country": codes,
            "unit": [code_label("unit", unit, lang) for unit in units],
            value: pd.array(amounts, dtype="Int64"),
            "region_share": pd.array(shares, dtype="Float64"),
        }
    )
    table = words.format_columns(raw, lang, numbers=(value,), shares=("region_share",))
    return words.label_columns(table, lang), words.label_columns(raw, lang)


def _ranking_summary(
    rows: list[dict], total: int, left: tuple[str, ...], value: str, year: int, focus: str, what: str, lang: str
) -> str:
    """'Asylum claims, 2025: Mexico had the most (70,482 persons). Guatemala: 1,373 persons, 3rd of 6 counted in
    persons. The 6 states counted in persons: 102,470 together; left out: Panama (in cases: 790 cases).'"""
    if not rows:
        return t("summary_empty", lang)
    persons = [row for row in rows if row["_persons"]]
    parts = []
    if persons:
        top = persons[0]
        parts.append(
            t(
                "region_rank_top",
                lang,
                what=what,
                year=year,
                name=country_name(top["asylum_country"], lang),
                amount=_amount(top[value], "persons", lang),
            )
        )
    mine = [row for row in rows if row["asylum_country"] == focus]
    if not mine:
        parts.append(t("region_rank_focus_none", lang, name=country_name(focus, lang), year=year))
    elif mine[0]["_persons"]:
        rank = [row["asylum_country"] for row in persons].index(focus) + 1
        parts.append(
            t(
                "region_rank_focus",
                lang,
                name=country_name(focus, lang),
                amount=_amount(mine[0][value], "persons", lang),
                rank=rank,
                count=len(persons),
            )
        )
    else:
        row = mine[0]
        parts.append(
            t(
                "region_rank_focus_unit",
                lang,
                name=country_name(focus, lang),
                amount=_amount(row[value], row["unit"], lang),
            )
        )
    if len(persons) > 1:
        parts.append(
            t("region_rank_total", lang, count=len(persons), total=format_number(total, lang))
            + _left_out_text(rows, left, value, lang)
            + "."
        )
    return " ".join(parts)


def regional_rates(region_years: pd.DataFrame, year: int, focus: str, lang: str) -> ChartView:
    """Both recognition rates of each state in one year, only where its decisions are complete (every outcome
    reported: `queries.missing_outcomes`, the test Trends uses for Mexico); the others named with the reason."""
    columns = ["asylum_country", "unit", "source", *RATES, "missing", *FIGURES_DECISIONS]
    # the states with any decision figure that year, from plain rows
    shown = [
        row
        for row in _year_rows(region_years, year, columns)
        if any(not pd.isna(row[figure]) for figure in FIGURES_DECISIONS)
    ]
    labels = [state_label(row["asylum_country"], row["unit"], lang) for row in shown]
    notes = [words.rate_gap_reason(row["missing"], lang) for row in shown]
    # the states with rates (both rates share one mask, `queries.with_rates`), highest protection rate first, ties
    # in their order (a stable sort, as pandas' was)
    rated = sorted(
        (i for i, row in enumerate(shown) if not pd.isna(row["refugee_rate"])),
        key=lambda i: -shown[i]["protection_rate"],
    )
    # label | refugee_rate | protection_rate   ->   label | rate | value  (as `melt` lays it out)
    long = pd.DataFrame(
        {
            "label": [labels[i] for i in rated] * len(RATES),
            "rate": [rate for rate in RATES for _i in rated],
            "value": [shown[i][rate] for rate in RATES for i in rated],
        }
    )
    figure = on_vega_lite(
        make_ranked_bars(
            long,
            "label",
            "value",
            "rate",
            {rate: t(f"figure_{rate}", lang) for rate in RATES},
            focus=next(
                (label for row, label in zip(shown, labels, strict=True) if row["asylum_country"] == focus), None
            ),
            title=t("region_rates_chart_title", lang, year=year),
            percent=True,
        )
    )
    with_decisions = {row["asylum_country"] for row in shown}
    gaps = [f"{label} ({note})" for label, note in zip(labels, notes, strict=True) if note] + [
        f"{country_name(code, lang)} ({t('rate_gap_no_decisions', lang)})"
        for code in MIRPS_STATES
        if code not in with_decisions
    ]
    rated_text = "; ".join(
        t(
            "region_rate_pair",
            lang,
            name=labels[i],
            refugee=format_share(float(shown[i]["refugee_rate"]), lang),
            protection=format_share(float(shown[i]["protection_rate"]), lang),
        )
        for i in rated
    )
    summary = " ".join(
        filter(
            None,
            [
                t("region_rates_summary", lang, year=year, rates=rated_text) if rated_text else "",
                t("rate_gaps", lang, gaps="; ".join(gaps)) if gaps else "",
            ],
        )
    )
    return ChartView(
        figure,
        summary=summary,
        sources=_source_ids(shown),
        tables=partial(_rates_tables, shown, labels, notes, lang),
    )


def _rates_tables(
    shown: list[dict], labels: list[str], notes: list[str], lang: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rates' table (formatted) and CSV (raw values): made when read (`ChartView(tables=...)`)."""
    raw = pd.DataFrame(
        {
            "asylum_country_name": labels,
            "asylum_country": [row["asylum_country"] for row in shown],
            "unit": [code_label("unit", row["unit"], lang) for row in shown],
            **{rate: pd.array([row[rate] for row in shown], dtype="Float64") for rate in RATES},
            "rate_note": notes,
        }
    )
    table = words.format_columns(raw, lang, shares=RATES)
    return words.label_columns(table, lang), words.label_columns(raw, lang)


def regional_claims_trend(region_years: pd.DataFrame, focus: str, lang: str) -> ChartView:
    """Claims lodged per year in each state (persons), one line each, the focus state's thicker; a year a state
    counts in cases is a gap in its line, named in the sentence, never mixed in."""
    rows = _with_figure(
        _year_rows(region_years, None, ["year", "asylum_country", "unit", "source", "claims"]), "claims"
    )
    persons = [row for row in rows if row["unit"] == "persons"]
    names = {code: country_name(code, lang) for code in MIRPS_STATES}
    figure = on_vega_lite(
        make_line_chart(
            _columns(persons, ["year", "claims", "asylum_country"]),
            "year",
            "claims",
            "asylum_country",
            names,
            title=t("region_trend_chart_title", lang),
            y_title=t("figure_claims", lang),
            emphasis=focus,
        )
    )
    in_cases: dict[str, list[int]] = {}  # each state's years in cases, states in code order (as groupby sorts)
    for row in rows:
        if row["unit"] != "persons":
            in_cases.setdefault(row["asylum_country"], []).append(row["year"])
    cases_text = "; ".join(
        f"{names[code]} {', '.join(str(year) for year in in_cases[code])}" for code in sorted(in_cases)
    )
    mine = _columns([row for row in persons if row["asylum_country"] == focus], ["year", "claims"])
    summary = words.describe_series(mine, "year", "claims", lang, t("region_trend_what", lang, name=names[focus]))
    if cases_text:
        summary += " " + t("region_trend_cases", lang, states=cases_text)
    return ChartView(
        figure, summary=summary, sources=_source_ids(rows), tables=partial(_trend_tables, rows, names, lang)
    )


def _columns(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """A few rows as a frame of these columns, a year column as integers even when there are no rows (built so,
    not cast after: `astype` on a frame costs a millisecond)."""
    return pd.DataFrame(
        {
            column: np.array([row[column] for row in rows], dtype="int64")
            if column == "year"
            else [row[column] for row in rows]
            for column in columns
        }
    )


def _trend_tables(rows: list[dict], names: dict[str, str], lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The claims trend's table (formatted) and CSV (raw values): made when read (`ChartView(tables=...)`)."""
    raw = pd.DataFrame(
        {
            "year": pd.array([row["year"] for row in rows], dtype="int64"),
            "asylum_country_name": [names[row["asylum_country"]] for row in rows],
            "asylum_country": [row["asylum_country"] for row in rows],
            "unit": [code_label("unit", row["unit"], lang) for row in rows],
            "claims": pd.array([row["claims"] for row in rows], dtype="Int64"),
        }
    )
    table = words.format_columns(raw.assign(year=raw["year"].astype(str)), lang, numbers=("claims",))
    return words.label_columns(table, lang), words.label_columns(raw, lang)


def regional_origins(
    region_releases: pd.DataFrame, sources: pd.DataFrame, focus: str, year: int, lang: str
) -> ChartView:
    """Where the refugees and asylum-seekers the focus state hosts at the end of the year come from: the top
    countries of origin (the rest as one group) as stacked bars, and the share from the MIRPS states themselves."""
    hosted = rg.released_origins(region_releases, focus, year)
    top = rg.top_origins(hosted, TOP_ORIGINS)
    labels = [country_name(row.nationality, lang) for row in top]
    # nationality | refugees | asylum_seekers   ->   label | figure | persons  (as `melt` lays it out)
    stocks = ("refugees", "asylum_seekers")
    long = pd.DataFrame(
        {
            "label": labels * len(stocks),
            "figure": [stock for stock in stocks for _label in labels],
            "persons": [getattr(row, stock) for stock in stocks for row in top],
        }
    )
    figure = on_vega_lite(
        make_ranked_bars(
            long,
            "label",
            "persons",
            "figure",
            {name: t(f"figure_{name}", lang) for name in stocks},
            title=t("region_origins_chart_title", lang, name=country_name(focus, lang), year=year),
            x_title=t("persons", lang),
        )
    )
    if not hosted:
        summary = t("region_origins_none", lang, name=country_name(focus, lang), year=year)
    else:
        total = sum(row.hosted for row in hosted)
        from_region = sum(row.hosted for row in hosted if row.in_region)
        first = hosted[0]
        summary = t(
            "region_origins_summary",
            lang,
            name=country_name(focus, lang),
            year=year,
            total=format_number(total, lang),
            top=country_name(first.nationality, lang),
            top_value=format_number(first.hosted, lang),
            region=format_number(from_region, lang),
            region_share=format_share(from_region / total, lang),
            elsewhere=format_number(total - from_region, lang),
        )
    return ChartView(
        figure, summary=summary, sources=(UNHCR_SOURCE,), tables=partial(_origins_tables, top, labels, lang)
    )


def _origins_tables(top: list[rg.Origin], labels: list[str], lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The origins' table (formatted) and CSV (raw values): made when read (`ChartView(tables=...)`)."""
    raw = pd.DataFrame(
        {
            "origin": labels,
            "origin_code": [row.nationality for row in top],
            **{
                column: pd.array([getattr(row, column) for row in top], dtype="Int64")
                for column in ("refugees", "asylum_seekers", "hosted")
            },
            "from_region": [t("yes" if row.in_region else "no", lang) for row in top],
        }
    )
    table = words.format_columns(raw, lang, numbers=("refugees", "asylum_seekers", "hosted"))
    return words.label_columns(table, lang), words.label_columns(raw, lang)


def regional_map(
    region_years: pd.DataFrame, year: int, value: str, focus: str, shapes_url: str, lang: str
) -> ChartView:
    """The seven states shaded by one figure in one year (states counted in persons; a state in cases left grey,
    its figure and unit in its hover and the table), the focus state outlined. The page credits Natural Earth
    under it (`maps.NATURAL_EARTH_CREDIT`)."""
    what = t(f"figure_{value}", lang)
    rows = _with_figure(_year_rows(region_years, year, ["asylum_country", "unit", "source", value]), value)
    # a state's first row (its unit and figure in the table), and its first row in persons (shaded)
    first: dict[str, dict] = {}
    first_persons: dict[str, dict] = {}
    for row in rows:
        first.setdefault(row["asylum_country"], row)
        if row["unit"] == "persons":
            first_persons.setdefault(row["asylum_country"], row)
    hover = {
        row["asylum_country"]: _amount(row[value], row["unit"], lang)
        + ("" if row["unit"] == "persons" else " · " + t("region_map_not_shaded", lang))
        for row in rows
    }
    figure = make_region_map(
        shapes_url,
        {code: float(first_persons[code][value]) for code in MIRPS_STATES if code in first_persons},
        {code: hover.get(code, t("region_no_figure", lang)) for code in MIRPS_STATES},
        focus,
        what,
        lang,
    )
    total, left = _total_of(rows, value)
    summary = (
        t(
            "region_map_summary",
            lang,
            what=what,
            year=year,
            count=sum(row["unit"] == "persons" for row in rows),
            total=format_number(total, lang),
        )
        + _left_out_text(rows, left, value, lang)
        + "."
    )
    return ChartView(
        figure, summary=summary, sources=_source_ids(rows), tables=partial(_map_tables, first, value, lang)
    )


def _map_tables(first: dict[str, dict], value: str, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The map's table (formatted) and CSV (raw values), one row per state: made when read."""
    raw = pd.DataFrame(
        {
            "asylum_country_name": [country_name(code, lang) for code in MIRPS_STATES],
            "asylum_country": list(MIRPS_STATES),
            "unit": [
                code_label("unit", str(first[code]["unit"]), lang) if code in first else "" for code in MIRPS_STATES
            ],
            value: pd.array([first[code][value] if code in first else pd.NA for code in MIRPS_STATES], dtype="Int64"),
        }
    )
    table = words.format_columns(raw, lang, numbers=(value,))
    return words.label_columns(table, lang), words.label_columns(raw, lang)


def mexico_in_region(region_years: pd.DataFrame, lang: str) -> str:
    """The Overview's line placing Mexico in the region: its claims out of those of the MIRPS states in the latest
    year all seven count in persons ('' without one); a later year with a state in cases or without a figure is
    named, with those states."""
    claims = region_years.dropna(subset=["claims"])
    persons = claims[claims["unit"] == "persons"]
    counted = persons.groupby("year")["asylum_country"].nunique()
    complete = sorted(int(year) for year in counted.index[counted == len(MIRPS_STATES)])
    if not complete:
        return ""
    year = complete[-1]
    rows = persons[persons["year"] == year]
    mexico = int(rows.loc[rows["asylum_country"] == "MEX", "claims"].sum())
    total = int(rows["claims"].sum())
    text = t(
        "region_mexico_line",
        lang,
        mexico=format_number(mexico, lang),
        total=format_number(total, lang),
        year=year,
        share=format_share(mexico / total if total else None, lang),
    )
    later = sorted(int(y) for y in set(claims["year"]) if y > year)
    if later:
        latest = later[-1]
        shown = rg.in_year(region_years, latest, "claims")
        text += " " + t("region_mexico_later", lang, year=latest, left_out=_left_out(shown, "claims", lang))
    return text

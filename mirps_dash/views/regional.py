"""The regional page: the seven MIRPS states side by side, year by year (UNHCR's figures, dataset `region`), and
the Overview's line placing Mexico in the region.

Persons and cases are never added: a state-year UNHCR counts in cases is shown with its unit named (and hatched
on a chart), and every regional total is over the states counted in persons only, naming the others.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mirps_dash import region as rg
from mirps_dash import words
from mirps_dash.charts import make_line_chart, make_ranked_bars, on_vega_lite
from mirps_dash.codes import MIRPS_STATES, code_label, country_name
from mirps_dash.i18n import format_number, format_share, t
from mirps_dash.maps import make_region_map
from mirps_dash.queries import UNHCR_SOURCE
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


def _source_ids(frame: pd.DataFrame) -> tuple[str, ...]:
    ids = tuple(sorted(set(frame["source"].tolist()))) if "source" in frame and not frame.empty else ()
    return ids or (UNHCR_SOURCE,)


def regional_ranking(region_years: pd.DataFrame, year: int, focus: str, value: str, lang: str) -> ChartView:
    """One figure (claims lodged, refugees or asylum-seekers hosted) of the seven states in one year as ranked
    bars, the focus state marked; the total over the states counted in persons, naming those left out."""
    what = t(f"figure_{value}", lang)
    shown = rg.in_year(region_years, year, value)
    # seven states at most: ordered, labelled and summed over plain lists (each pandas step costs about a ms)
    units, amounts = shown["unit"].tolist(), shown[value].tolist()  # every state here has a figure (`in_year`)
    # in persons first, then largest first; ties keep their order (a stable sort, as pandas' sort_values was)
    order = sorted(range(len(amounts)), key=lambda i: (units[i] != "persons", -amounts[i]))
    shown = shown.iloc[order]
    codes, units, amounts = shown["asylum_country"].tolist(), [units[i] for i in order], [amounts[i] for i in order]
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
    total, left = rg.one_unit_total(shown, value)
    raw = pd.DataFrame(
        {
            "asylum_country_name": labels,
            "asylum_country": shown["asylum_country"],
            "unit": [code_label("unit", unit, lang) for unit in units],
            value: pd.array(amounts, dtype="Int64"),
            "region_share": pd.array(
                [
                    amount / total if persons and total else None
                    for amount, persons in zip(amounts, in_persons, strict=True)
                ],
                dtype="Float64",
            ),
        },
        index=shown.index,
    )
    table = words.format_columns(raw, lang, numbers=(value,), shares=("region_share",))
    rows = [
        {"asylum_country": code, "unit": unit, "_persons": persons, value: amount}
        for code, unit, persons, amount in zip(codes, units, in_persons, amounts, strict=True)
    ]
    return ChartView(
        figure,
        words.label_columns(table, lang),
        _ranking_summary(rows, total, left, value, year, focus, what, lang),
        _source_ids(shown),
        csv=words.label_columns(raw, lang),
    )


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
    shown = rg.rates_in_year(region_years, year)
    labels = [state_label(c, u, lang) for c, u in zip(shown["asylum_country"], shown["unit"], strict=True)]
    shown = shown.assign(label=labels, rate_note=[words.rate_gap_reason(m, lang) for m in shown["missing"]])
    # the states with rates (both rates share one mask, `queries.with_rates`), highest protection rate first, ties
    # in their order: a Python sort over a handful of rows, as pandas' stable sort ordered them
    refugee, protection = shown["refugee_rate"].tolist(), shown["protection_rate"].tolist()
    rated = shown.iloc[sorted((i for i, r in enumerate(refugee) if not pd.isna(r)), key=lambda i: -protection[i])]
    # label | refugee_rate | protection_rate   ->   label | rate | value  (as `melt` lays it out, from lists: a
    # handful of rows, where melt costs milliseconds)
    labels = rated["label"].tolist()
    long = pd.DataFrame(
        {
            "label": labels * len(RATES),
            "rate": [rate for rate in RATES for _label in labels],
            "value": [value for rate in RATES for value in rated[rate].tolist()],
        }
    )
    focus_rows = shown[shown["asylum_country"] == focus]
    figure = on_vega_lite(
        make_ranked_bars(
            long,
            "label",
            "value",
            "rate",
            {rate: t(f"figure_{rate}", lang) for rate in RATES},
            focus=focus_rows["label"].iloc[0] if not focus_rows.empty else None,
            title=t("region_rates_chart_title", lang, year=year),
            percent=True,
        )
    )
    no_decisions = [code for code in MIRPS_STATES if code not in set(shown["asylum_country"])]
    gaps = [f"{label} ({note})" for label, note in zip(shown["label"], shown["rate_note"], strict=True) if note] + [
        f"{country_name(code, lang)} ({t('rate_gap_no_decisions', lang)})" for code in no_decisions
    ]
    rated_text = "; ".join(
        t(
            "region_rate_pair",
            lang,
            name=label,
            refugee=format_share(float(r), lang),
            protection=format_share(float(p), lang),
        )
        for label, r, p in zip(rated["label"], rated["refugee_rate"], rated["protection_rate"], strict=True)
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
    raw = pd.DataFrame(
        {
            "asylum_country_name": shown["label"],
            "asylum_country": shown["asylum_country"],
            "unit": [code_label("unit", u, lang) for u in shown["unit"]],
            "refugee_rate": shown["refugee_rate"].astype("Float64"),
            "protection_rate": shown["protection_rate"].astype("Float64"),
            "rate_note": shown["rate_note"],
        }
    )
    table = words.format_columns(raw, lang, shares=RATES)
    return ChartView(
        figure, words.label_columns(table, lang), summary, _source_ids(shown), csv=words.label_columns(raw, lang)
    )


def regional_claims_trend(region_years: pd.DataFrame, focus: str, lang: str) -> ChartView:
    """Claims lodged per year in each state (persons), one line each, the focus state's thicker; a year a state
    counts in cases is a gap in its line, named in the sentence, never mixed in."""
    # only the columns used, then the rows: a boolean take copies every column it is given
    rows = region_years[["year", "asylum_country", "unit", "source", "claims"]]
    rows = rows[rows["claims"].notna().to_numpy()]
    persons = rows[rows["unit"].to_numpy() == "persons"]
    names = {code: country_name(code, lang) for code in MIRPS_STATES}
    figure = on_vega_lite(
        make_line_chart(
            persons,
            "year",
            "claims",
            "asylum_country",
            names,
            title=t("region_trend_chart_title", lang),
            y_title=t("figure_claims", lang),
            emphasis=focus,
        )
    )
    in_cases = rows[rows["unit"] != "persons"]
    cases_text = "; ".join(
        f"{names[str(code)]} {', '.join(str(y) for y in group['year'])}"
        for code, group in in_cases.groupby("asylum_country")
    )
    mine = persons[persons["asylum_country"] == focus]
    summary = words.describe_series(mine, "year", "claims", lang, t("region_trend_what", lang, name=names[focus]))
    if cases_text:
        summary += " " + t("region_trend_cases", lang, states=cases_text)
    raw = rows[["year", "asylum_country", "unit", "claims"]].assign(
        asylum_country_name=[names[c] for c in rows["asylum_country"]],
        unit=[code_label("unit", u, lang) for u in rows["unit"]],
    )[["year", "asylum_country_name", "asylum_country", "unit", "claims"]]
    table = words.format_columns(raw.assign(year=raw["year"].astype(str)), lang, numbers=("claims",))
    return ChartView(
        figure, words.label_columns(table, lang), summary, _source_ids(rows), csv=words.label_columns(raw, lang)
    )


def regional_origins(
    region_releases: pd.DataFrame, sources: pd.DataFrame, focus: str, year: int, lang: str
) -> ChartView:
    """Where the refugees and asylum-seekers the focus state hosts at the end of the year come from: the top
    countries of origin (the rest as one group) as stacked bars, and the share from the MIRPS states themselves."""
    hosted = rg.released_origins(region_releases, focus, year)
    top = rg.top_origins(hosted, TOP_ORIGINS)
    names = {code: country_name(code, lang) for code in top["nationality"]}
    # nationality | refugees | asylum_seekers   ->   label | figure | persons  (as `melt` lays it out, from lists:
    # at most nine origins, where melt costs milliseconds)
    labels = [names[code] for code in top["nationality"]]
    stocks = ("refugees", "asylum_seekers")
    long = pd.DataFrame(
        {
            "label": labels * len(stocks),
            "figure": [stock for stock in stocks for _label in labels],
            "persons": [persons for stock in stocks for persons in top[stock].tolist()],
        }
    )
    figure = on_vega_lite(
        make_ranked_bars(
            long,
            "label",
            "persons",
            "figure",
            {name: t(f"figure_{name}", lang) for name in ("refugees", "asylum_seekers")},
            title=t("region_origins_chart_title", lang, name=country_name(focus, lang), year=year),
            x_title=t("persons", lang),
        )
    )
    if hosted.empty:
        summary = t("region_origins_none", lang, name=country_name(focus, lang), year=year)
    else:
        total = int(hosted["hosted"].sum())
        from_region = int(hosted.loc[hosted["in_region"], "hosted"].sum())
        first = hosted.iloc[0]
        summary = t(
            "region_origins_summary",
            lang,
            name=country_name(focus, lang),
            year=year,
            total=format_number(total, lang),
            top=country_name(first["nationality"], lang),
            top_value=format_number(first["hosted"], lang),
            region=format_number(from_region, lang),
            region_share=format_share(from_region / total, lang),
            elsewhere=format_number(total - from_region, lang),
        )
    raw = pd.DataFrame(
        {
            "origin": [names[code] for code in top["nationality"]],
            "origin_code": top["nationality"],
            "refugees": top["refugees"].astype("Int64"),
            "asylum_seekers": top["asylum_seekers"].astype("Int64"),
            "hosted": top["hosted"].astype("Int64"),
            "from_region": [t("yes" if flag else "no", lang) for flag in top["in_region"]],
        }
    )
    table = words.format_columns(raw, lang, numbers=("refugees", "asylum_seekers", "hosted"))
    return ChartView(
        figure, words.label_columns(table, lang), summary, (UNHCR_SOURCE,), csv=words.label_columns(raw, lang)
    )


def regional_map(
    region_years: pd.DataFrame, year: int, value: str, focus: str, shapes_url: str, lang: str
) -> ChartView:
    """The seven states shaded by one figure in one year (states counted in persons; a state in cases left grey,
    its figure and unit in its hover and the table), the focus state outlined. The page credits Natural Earth
    under it (`maps.NATURAL_EARTH_CREDIT`)."""
    what = t(f"figure_{value}", lang)
    shown = rg.in_year(region_years, year, value)
    rows = _records(shown, ["asylum_country", "unit", value])  # a few states: plain Python, not .loc
    first: dict[
        str, dict
    ] = {}  # a state's first row (its unit and figure in the table), and its first row in persons (shaded)
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
    frame = pd.DataFrame(
        {
            "asylum_country": list(MIRPS_STATES),
            "value": [float(first_persons[code][value]) if code in first_persons else None for code in MIRPS_STATES],
            "hover": [hover.get(code, t("region_no_figure", lang)) for code in MIRPS_STATES],
        }
    )
    figure = make_region_map(shapes_url, frame, focus, what, lang)
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
    total, _left = rg.one_unit_total(shown, value)
    summary = (
        t(
            "region_map_summary",
            lang,
            what=what,
            year=year,
            count=sum(row["unit"] == "persons" for row in rows),
            total=format_number(total, lang),
        )
        + _left_out(shown, value, lang)
        + "."
    )
    return ChartView(
        figure, words.label_columns(table, lang), summary, _source_ids(shown), csv=words.label_columns(raw, lang)
    )


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

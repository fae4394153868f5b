"""The Overview page: key figures, the yearly trend, the June 2020 panel and the context paragraph."""

from __future__ import annotations

from typing import cast

import pandas as pd
from babel.numbers import format_percent

from mirps_dash import queries as q
from mirps_dash import words
from mirps_dash.charts import make_line_chart, make_sparkline
from mirps_dash.i18n import BABEL_LOCALES, format_number, t
from mirps_dash.periods import period_label
from mirps_dash.queries import unhcr_yearly as unhcr_yearly  # views.unhcr_yearly, as before
from mirps_dash.views.common import ChartView

KEY_FIGURES = {
    "claims": "kpi_claims",
    "refugees": "kpi_refugees",
    "asylum_seekers": "kpi_asylum_seekers",
    "recognized": "kpi_recognized",
}
JUNE_2020_CELLS = (
    ("refugees", "june2020_refugees"),
    ("asylum_seekers", "june2020_asylum_seekers"),
    ("tapachula_share_of_claims", "june2020_share"),
    ("released_to_shelters", "june2020_released"),
    ("labour_relocations", "june2020_relocations"),
)


def unhcr_national_note(
    yearly_claims: pd.DataFrame,
    yearly_refugees: pd.DataFrame,
    yearly_asylum_seekers: pd.DataFrame,
    yearly_recognized: pd.DataFrame,
    lang: str,
) -> str:
    """How UNHCR's national figures on the page are made, said once where they are shown: '' when UNHCR's
    release gives its own national totals; else that they are the sum of the nationalities in UNHCR's release
    (it lists every country of origin, `aggregate.COMPLETE_BY_NATIONALITY`), naming any year that is partial.
    Each `yearly_<figure>` is `queries.unhcr_yearly` of its dataset (`common.DERIVED_FRAMES`)."""
    found = pd.concat([yearly_claims, yearly_refugees, yearly_asylum_seekers, yearly_recognized])
    if found.empty or (found["basis"] == "total").all():
        return ""
    partial = sorted(set(found.loc[found["basis"] == "partial", "year"].astype(int)))
    text = t("unhcr_national_sum", lang)
    return text + (" " + t("unhcr_national_partial", lang, years=", ".join(map(str, partial))) if partial else "")


def key_figures(
    yearly_claims: pd.DataFrame,
    yearly_refugees: pd.DataFrame,
    yearly_asylum_seekers: pd.DataFrame,
    yearly_recognized: pd.DataFrame,
    lang: str,
) -> list[tuple[str, str, dict, str]]:
    """The headline metrics: (label, value as text, a sparkline of its last ten yearly values, that line's
    one-sentence summary for screen readers)."""
    out = []
    frames = (yearly_claims, yearly_refugees, yearly_asylum_seekers, yearly_recognized)
    for (name, label), yearly in zip(KEY_FIGURES.items(), frames, strict=True):
        if not yearly.empty:
            last = yearly.iloc[-1]
            recent = yearly.tail(10)
            years, values = recent["year"].astype(int).tolist(), recent[name].astype(int).tolist()
            text = t(label, lang, year=int(last["year"]))
            summary = t(
                "kpi_sparkline_alt",
                lang,
                figure=text,
                first_year=years[0],
                last_year=years[-1],
                first=format_number(values[0], lang),
                last=format_number(values[-1], lang),
            )
            out.append((text, format_number(last[name], lang), make_sparkline(years, values), summary))
    return out


def overview_trend(
    yearly_claims: pd.DataFrame, yearly_refugees: pd.DataFrame, yearly_asylum_seekers: pd.DataFrame, lang: str
) -> ChartView:
    """Claims, refugees and asylum-seekers per year since 2013 on one chart."""
    yearly = [yearly_claims, yearly_refugees, yearly_asylum_seekers]
    # year | claims  +  year | refugees  +  year | asylum_seekers   ->   year | figure | persons
    trend = yearly[0][["year", "claims"]]
    for frame in yearly[1:]:
        trend = trend.merge(frame.drop(columns=["basis", "level"]), on="year", how="outer")
    trend = q.to_long(
        trend[trend["year"] >= 2013], "year", ["claims", "refugees", "asylum_seekers"], "figure", "persons"
    )
    names = {name: t(f"figure_{name}", lang) for name in ("claims", "refugees", "asylum_seekers")}
    figure = make_line_chart(
        trend, "year", "persons", "figure", names, title=t("overview_trends_title", lang), height=320
    )
    summary = words.describe_series(trend[trend["figure"] == "claims"], "year", "persons", lang, names["claims"])
    raw = trend.assign(figure=trend["figure"].map(names))
    table = words.label_columns(
        words.format_columns(raw, lang, numbers=("persons",)), lang
    )  # 140,979 as read; raw in the CSV
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
            shown = (
                format_percent_as_given(value, lang) if name.endswith("share_of_claims") else format_number(value, lang)
            )
            if name in JUNE_2020_STOCKS:
                month_end = end == (pd.Timestamp(end) + pd.offsets.MonthEnd(0)).date().isoformat()
                when = t(label, lang, date=words.format_partial_date(end[:7] if month_end else end, lang))
            else:
                when = t(label, lang, period=period_label(start, end, lang))
            lines.append(f"- **{shown}** {when}")
    return "\n".join(lines)


def context_text(yearly_claims: pd.DataFrame, lang: str) -> str:
    """Claims since 2016: the first year's figure and the peak, in one paragraph."""
    yearly = yearly_claims
    since_2016 = yearly[yearly["year"] >= 2016]
    if since_2016.empty:
        return t("context_text_short", lang)
    peak = since_2016.loc[cast(int, since_2016["claims"].idxmax())].to_dict()
    return t(
        "context_text",
        lang,
        first=format_number(since_2016["claims"].iloc[0], lang),
        first_year=int(since_2016["year"].iloc[0]),
        peak=format_number(peak["claims"], lang),
        peak_year=int(peak["year"]),
    )

"""Trends: claims by nationality (and by month, and by office), decisions, recognition rates, population."""

import streamlit as st

from mirps_dash import queries as q
from mirps_dash.charts import make_bar_chart, make_line_chart
from mirps_dash.codes import country_name
from mirps_dash.i18n import format_number, t
from mirps_dash.ui import (
    chart_block,
    current_language,
    keep_view_across_languages,
    load_dataset,
    require_frame,
    share_link,
)

require_frame()
lang = current_language()
st.title(t("page_trends", lang))
claims, refugees, sources, offices = (load_dataset(name) for name in ("claims", "refugees", "sources", "offices"))
unhcr_years = q.national_claims_by_year(claims)["year"]
if unhcr_years.empty:
    st.info(t("trends_no_unhcr", lang))
    share_link(lang)
    st.stop()
first_year, last_year = int(unhcr_years.min()), int(unhcr_years.max())

keep_view_across_languages(lang, ["trends_nations", "trends_rate"])
with st.sidebar:
    years = st.slider(t("trends_years", lang), first_year, last_year, (max(first_year, 2013), last_year), key="trends_years", bind="query-params")
    top_n = st.number_input(t("trends_top", lang), min_value=1, max_value=12, value=5, key="trends_top", bind="query-params")
    nation_codes = q.top_nationalities(claims, (first_year, last_year), 40)
    nations = st.multiselect(t("trends_nations", lang), nation_codes, format_func=lambda c: country_name(c, lang),
                             placeholder=t("trends_nations_placeholder", lang), key="trends_nations", bind="query-params")
names = {code: country_name(code, lang) for code in [*nation_codes, "_O"]}
unhcr_datasets = ["claims", "refugees"]

st.subheader(t("trends_claims_title", lang))
by_nation = q.claims_by_nationality(claims, years, int(top_n), nations or None)
figure = make_bar_chart(by_nation, "year", "claims", "nationality", names, y_title=t("figure_claims", lang))
totals = by_nation.groupby("year", as_index=False)["claims"].sum()
summary = q.describe_series(totals, "year", "claims", lang, t("figure_claims", lang)) + " " + q.describe_largest(by_nation, "year", "claims", "nationality", names, lang)
chart_block(figure, q.label_columns(by_nation.assign(nationality=by_nation["nationality"].map(names)), lang), summary,
            q.UNHCR_SOURCE, lang, "trends_claims", "claims")

monthly = q.monthly_claims(claims, sources)
monthly = monthly[monthly["period_start"].str[:4].astype(int).between(*years)]
if not monthly.empty:
    st.subheader(t("trends_monthly_title", lang))
    figure = make_bar_chart(monthly.assign(month=monthly["period_start"].str[:7]), "month", "claims", y_title=t("figure_claims", lang))
    table = monthly.assign(month=[q.period_label(s, e, lang) for s, e in zip(monthly["period_start"], monthly["period_end"], strict=True)],
                           other_releases=[q.releases_text(v, s, sources, lang) for v, s in zip(monthly["other_values"], monthly["other_sources"], strict=True)])
    chart_block(figure, q.label_columns(table[["month", "claims", "source", "other_releases"]], lang),
                t("trends_monthly_summary", lang, count=len(monthly)) + " " + q.describe_series(table, "month", "claims", lang, t("figure_claims", lang)),
                list(monthly["source"]), lang, "trends_monthly", "claims")

st.subheader(t("trends_decisions_title", lang))
decisions = q.decisions_by_year(refugees, years, nations or None)
outcomes = {name: t(f"figure_{name}", lang) for name in q.FIGURES_DECISIONS}
long = q.to_long(decisions, "year", list(q.FIGURES_DECISIONS), "outcome", "persons")
chart_block(make_bar_chart(long, "year", "persons", "outcome", outcomes, y_title=t("persons", lang)),
            q.label_columns(decisions.drop(columns=["refugee_rate", "protection_rate"]), lang),
            q.describe_series(decisions, "year", "recognized", lang, outcomes["recognized"]), q.UNHCR_SOURCE, lang,
            "trends_decisions", "refugees")

st.subheader(t("trends_rates_title", lang))
rate = st.segmented_control(t("trends_rate", lang), ["refugee_rate", "protection_rate"], default="refugee_rate",
                            format_func=lambda r: t(f"figure_{r}", lang), key="trends_rate", bind="query-params") or "refugee_rate"
st.info(t(f"definition_{rate}", lang))
chart_block(make_line_chart(decisions, "year", rate, title=t(f"figure_{rate}", lang), percent=True),
            q.label_columns(decisions[["year", rate, "recognized", "complementary", "rejected"]], lang),
            q.describe_series(decisions, "year", rate, lang, t(f"figure_{rate}", lang), percent=True), q.UNHCR_SOURCE, lang,
            "trends_rates", "refugees")

st.subheader(t("trends_population_title", lang))
population = q.population_by_year(refugees, years, nations or None)
figures = {name: t(f"figure_{name}", lang) for name in q.FIGURES_POPULATION}
chart_block(make_line_chart(q.to_long(population, "year", list(q.FIGURES_POPULATION), "figure", "persons"), "year", "persons", "figure", figures,
                            y_title=t("persons", lang)),
            q.label_columns(population, lang), q.describe_series(population, "year", "refugees", lang, figures["refugees"]),
            q.UNHCR_SOURCE, lang, "trends_population", "refugees")
pending = population.dropna(subset=["asylum_seekers"])
if not pending.empty:
    st.markdown(t("trends_pending", lang, year=int(pending["year"].iloc[-1]), count=format_number(pending["asylum_seekers"].iloc[-1], lang)))

st.subheader(t("trends_office_title", lang))
with_figures = [o for o in offices["office_id"] if (claims["office"] == o).any()]
office_names = dict(zip(offices["office_id"], offices["name"], strict=True))
office = st.selectbox(t("trends_office", lang), with_figures, index=None, format_func=office_names.get,
                      placeholder=t("arrivals_office_placeholder", lang), key="trends_office", bind="query-params")
if office:
    series = q.office_series(claims, sources, office, "")
    table = q.series_table(series, sources, lang)
    latest = q.series_table(q.pick_latest_release(series, sources).sort_values(["period_end", "period_start"]), sources, lang)
    figure = make_bar_chart(latest, latest.columns[0], latest.columns[2], stacked=False, y_title=t("figure_claims", lang))
    chart_block(figure, table, t("trends_office_summary", lang, office=office_names[office], count=len(series)) + " " + t("trends_office_caveat", lang),
                list(series["source"]), lang, "trends_office", "claims")
share_link(lang)

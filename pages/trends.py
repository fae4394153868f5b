"""Trends: claims by nationality (and by month, and by office), decisions, recognition rates, population."""

import streamlit as st

from mirps_dash import views
from mirps_dash.codes import country_name
from mirps_dash.export import ShownFile
from mirps_dash.i18n import t
from mirps_dash.safe import escape_markdown
from mirps_dash.ui import (
    chart_block,
    current_language,
    data_freshness,
    download_briefing,
    download_everything,
    labels_in_languages,
    lazy_table,
    load_dataset,
    remember_shown,
    require_frame,
    share_link,
    source_caption,
    url_multiselect,
    url_sections,
    url_segmented_control,
    url_selectbox,
    url_year_range,
    view,
)
from mirps_dash.views import defaults

require_frame()
lang = current_language()
st.title(t("page_trends", lang))
data_freshness(["claims", "refugees"], lang)
choices = view(views.trends_choices, ["claims_by_year", "offices", "claim_areas", "unhcr_claims"])
if choices is None:
    st.info(t("trends_no_unhcr", lang))
    share_link(lang)
    st.stop()

# On the page, not in the sidebar (a phone hides the sidebar behind an unlabelled "»"), behind one labelled control
# with what it holds named under it: the chart comes first on a phone, and a first visit fetches no slider or
# multiselect code (a popover draws its widgets when opened; an expander, even closed, draws them at once)
with st.popover(t("filters", lang), icon=":material/tune:"):
    years = url_year_range(
        t("trends_years", lang),
        (choices.first_year, choices.last_year),
        "trends_years",
        lang,
        defaults.trends_years(choices),
    )
    top_n = st.number_input(
        t("trends_top", lang),
        min_value=1,
        max_value=12,
        value=defaults.TRENDS_TOP_N,
        key="trends_top",
        bind="query-params",
    )
    nations = url_multiselect(
        t("trends_nations", lang),
        labels_in_languages(choices.nations, country_name),
        "trends_nations",
        lang,
        placeholder=t("trends_nations_placeholder", lang),
    )
years, nations = tuple(years), tuple(nations)
st.caption(escape_markdown(views.trends_filters_line(years, int(top_n), nations, lang)))


def release_table(table: views.TableView | None, title: str, key: str) -> None:
    """A table of figures release by release: its sentence, the table, its sources, and its CSV in the ZIP."""
    if table is None:
        return
    st.subheader(t(title, lang))
    st.markdown(escape_markdown(table.summary))
    lazy_table(lambda: table.table, lang, key)  # a long table: its rows taken and drawn only when opened
    source_caption(table.sources, lang, "claims")
    remember_shown(ShownFile(f"{key}.csv", table.csv_file, table.summary, table.sources, ("claims",)))


# One section at a time (`url_sections`): a first visit draws the claims' chart, not six
section, open_tab = url_sections(
    ["claims", "monthly", "decisions", "rates", "population", "office"],
    "trends_section",
    lambda section, lang: t(f"trends_section_{section}", lang),
    lang,
)
with open_tab:
    if section == "claims":
        st.subheader(t("trends_claims_title", lang))
        chart_block(
            view(views.trends_claims, ["unhcr_claims"], years, int(top_n), nations, lang),
            lang,
            "trends_claims",
            "claims",
        )
        unhcr_note = view(views.unhcr_national_note, views.YEARLY_FIGURES, lang)
        if unhcr_note:
            st.caption(unhcr_note)
    elif section == "monthly":  # COMAR's and others' figures as published, apart from UNHCR's yearly ones
        monthly = view(views.trends_monthly, ["monthly_claims", "sources"], years, lang)
        if monthly is not None:
            st.subheader(t("trends_monthly_title", lang))
            chart_block(monthly, lang, "trends_monthly", "claims")

        release_table(  # every year's rows made once per language, the chosen years a slice of them
            views.rows_in(view(views.trends_national, ["national_figures", "sources"], lang), years),
            "trends_national_title",
            "trends_national",
        )
        release_table(
            views.rows_in(view(views.trends_nationalities, ["nationality_figures", "sources"], lang), years, nations),
            "trends_nationalities_title",
            "trends_nationalities",
        )
    elif section == "decisions":
        st.subheader(t("trends_decisions_title", lang))
        chart_block(
            view(views.trends_decisions, ["unhcr_refugees"], years, nations, lang), lang, "trends_decisions", "refugees"
        )
    elif section == "rates":
        st.subheader(t("trends_rates_title", lang))
        rate = url_segmented_control(
            t("trends_rate", lang),
            ["refugee_rate", "protection_rate"],
            "trends_rate",
            lambda r, lang: t(f"figure_{r}", lang),
            lang,
            defaults.TRENDS_RATE,
        )
        st.info(t(f"definition_{rate}", lang))
        chart_block(
            view(views.trends_rate, ["unhcr_refugees"], years, nations, rate, lang), lang, "trends_rates", "refugees"
        )
    elif section == "population":
        st.subheader(t("trends_population_title", lang))
        population, pending = view(views.trends_population, ["unhcr_refugees"], years, nations, lang)
        chart_block(population, lang, "trends_population", "refugees")
        if pending:
            st.markdown(pending)
    elif section == "office":
        st.subheader(t("trends_office_title", lang))
        offices = load_dataset("offices")
        office_names = dict(zip(offices["office_id"], offices["name"], strict=True))
        office = url_selectbox(
            t("trends_office", lang),
            list(choices.offices),
            "trends_office",
            lambda office_id, _lang: office_names.get(office_id, office_id),
            lang,
            placeholder=t("arrivals_office_placeholder", lang),
        )
        if office:
            chart = view(views.trends_office, ["claim_areas", "sources", "offices"], office, lang)
            if chart is not None:
                chart_block(chart, lang, "trends_office", "claims")
share_link(lang)
download_everything(lang, "trends")
download_briefing(lang, "trends")

"""MIRPS region: the seven MIRPS states side by side, per year from 2010 (UNHCR), Mexico in focus by default."""

import streamlit as st

from mirps_dash import views
from mirps_dash.codes import country_name
from mirps_dash.i18n import t
from mirps_dash.maps import DISPLAY_COUNTRIES_URL, NATURAL_EARTH_CREDIT
from mirps_dash.safe import escape_markdown
from mirps_dash.ui import (
    chart_block,
    current_language,
    data_freshness,
    download_briefing,
    download_everything,
    require_frame,
    share_link,
    url_sections,
    url_segmented_control,
    url_selectbox,
    view,
)
from mirps_dash.views import defaults

require_frame()
lang = current_language()
st.title(t("page_regional", lang))
st.markdown(t("region_lead", lang))
data_freshness(["region"], lang)
choices = view(views.regional_choices, ["region_years"])
if choices is None:
    st.info(t("region_no_data", lang))
    share_link(lang)
    st.stop()

# On the page, not in the sidebar (a phone hides the sidebar behind an unlabelled "»"), behind one labelled control
# with what it holds named under it, as on Trends: the map comes first on a phone, and a first visit fetches no
# selectbox code (a popover draws its widgets when opened)
with st.popover(t("filters", lang), icon=":material/tune:"):
    focus = url_selectbox(
        t("region_focus", lang), list(choices.states), "regional_focus", country_name, lang, defaults.REGIONAL_FOCUS
    )
    year = url_selectbox(
        t("region_year", lang),
        list(reversed(choices.years)),
        "regional_year",
        lambda y, _lang: str(y),
        lang,
        choices.default_year,
    )
st.caption(escape_markdown(t("region_filters_line", lang, focus=country_name(focus, lang), year=year)))

st.subheader(t("region_map_title", lang, year=year))
figure = url_segmented_control(
    t("region_figure", lang),
    list(views.RANKED_FIGURES),
    "regional_figure",
    lambda f, lang: t(f"figure_{f}", lang),
    lang,
    defaults.REGIONAL_FIGURE,
)
chart_block(
    view(views.regional_map, ["region_years"], year, figure, focus, DISPLAY_COUNTRIES_URL, lang),
    lang,
    "regional_map",
    "region",
)
st.caption(t("region_map_credit", lang, credit=NATURAL_EARTH_CREDIT))

# One section at a time (`url_sections`): a first visit draws the map and one chart, not eight
section, open_tab = url_sections(
    ["claims", "trend", "rates", "population", "origins"],
    "regional_section",
    lambda section, lang: t(f"region_section_{section}", lang),
    lang,
)
with open_tab:
    if section == "claims":
        st.subheader(t("region_claims_title", lang))
        chart_block(
            view(views.regional_ranking, ["region_years"], year, focus, "claims", lang),
            lang,
            "regional_claims",
            "region",
        )
    elif section == "trend":
        st.subheader(t("region_trend_title", lang))
        chart_block(view(views.regional_claims_trend, ["region_years"], focus, lang), lang, "regional_trend", "region")
    elif section == "rates":
        st.subheader(t("region_rates_title", lang))
        st.info(t("region_first_instance_note", lang))
        chart_block(view(views.regional_rates, ["region_years"], year, focus, lang), lang, "regional_rates", "region")
    elif section == "population":
        st.subheader(t("region_population_title", lang))
        for stock in ("refugees", "asylum_seekers"):
            chart_block(
                view(views.regional_ranking, ["region_years"], year, focus, stock, lang),
                lang,
                f"regional_{stock}",
                "region",
            )
    elif section == "origins":
        st.subheader(t("region_origins_title", lang))
        chart_block(
            view(views.regional_origins, ["region_releases", "sources"], focus, year, lang),
            lang,
            "regional_origins",
            "region",
        )
share_link(lang)
download_everything(lang, "regional")
download_briefing(lang, "regional")

"""About: sources and licences, definitions, a glossary in both languages, and the data versions in use."""

import streamlit as st

from mirps_dash import views, words
from mirps_dash.export import ShownFile
from mirps_dash.i18n import t
from mirps_dash.safe import markdown_table
from mirps_dash.ui import (
    current_language,
    data_versions,
    download_everything,
    remember_shown,
    require_frame,
    share_link,
    view,
)

require_frame()
lang = current_language()
st.title(t("page_about", lang))
st.markdown(t("about_lead", lang))

st.subheader(t("about_sources_title", lang))
tables = view(views.about_tables, ["sources"], lang)
# Tables as Markdown, not data grids: text that a phone wraps and the browser's find finds, and no grid bundle
# (about 1.2 MB) for a page of text
sources_drawn, press_drawn, glossary_drawn = tables.drawn
st.markdown(sources_drawn)
st.markdown(t("about_press_sources", lang, count=len(tables.press)))
with st.expander(t("about_press_sources_all", lang)):
    st.markdown(press_drawn)

st.subheader(t("about_definitions_title", lang))
st.markdown("\n\n".join(f"**{t(f'term_{term}', lang)}**: {t(f'define_{term}', lang)}" for term in words.DEFINED_TERMS))

st.subheader(t("about_glossary_title", lang))
st.markdown(glossary_drawn)

st.subheader(t("about_versions_title", lang))
versions = words.label_columns(data_versions(), lang)
st.markdown(markdown_table(versions))
st.caption(t("about_versions_note", lang))
remember_shown(
    ShownFile("about_sources.csv", tables.sources, t("about_sources_title", lang), (), ("sources",)),
    ShownFile("about_press.csv", tables.press, t("about_press_sources_all", lang), (), ("sources",)),
    ShownFile("about_glossary.csv", tables.glossary, t("about_glossary_title", lang)),
    ShownFile("about_versions.csv", versions, t("about_versions_title", lang)),
)
share_link(lang)
download_everything(lang, "about")

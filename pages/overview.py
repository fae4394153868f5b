"""Overview: the latest key figures, each with its source and as-of date."""

import streamlit as st

from mirps_dash.i18n import format_number, t
from mirps_dash.queries import UNHCR_SOURCE, latest_key_figures
from mirps_dash.ui import current_language, load_dataset, source_caption

lang = current_language()
st.title(t("app_title", lang))

figures = latest_key_figures(load_dataset("claims"), load_dataset("refugees"))
labels = {"claims": "kpi_claims", "refugees": "kpi_refugees", "asylum_seekers": "kpi_asylum_seekers", "recognized": "kpi_recognized"}
for column, (name, label) in zip(st.columns(len(labels)), labels.items(), strict=True):
    if name in figures:
        year, value = figures[name]
        column.metric(t(label, lang, year=year), format_number(value, lang))
source_caption(UNHCR_SOURCE, lang)

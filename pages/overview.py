"""Overview: the latest key figures, the June 2020 panel, small trend lines, what changed, and context."""

import streamlit as st

from mirps_dash import views
from mirps_dash.export import ShownFile
from mirps_dash.i18n import t
from mirps_dash.queries import UNHCR_SOURCE
from mirps_dash.ui import (
    chart,
    chart_block,
    current_language,
    data_freshness,
    download_briefing,
    download_everything,
    latest_change_summary,
    lazy_table,
    remember_key_figure,
    remember_shown,
    require_frame,
    share_link,
    source_caption,
    view,
)

require_frame()
lang = current_language()
st.title(t("app_title", lang))
st.markdown(t("overview_lead", lang))
data_freshness(["claims", "refugees"], lang)

metrics = view(views.key_figures, views.YEARLY_FIGURES, lang)
for number, (column, (label, value, sparkline, summary)) in enumerate(
    zip([*st.columns(2), *st.columns(2)], metrics, strict=False)
):
    with column.container(border=True):
        st.metric(label, value)
        chart(sparkline, lang, f"overview_kpi_{number}", alt=summary)
    remember_key_figure(label, value)
source_caption(UNHCR_SOURCE, lang, ["claims", "refugees"])
unhcr_note = view(views.unhcr_national_note, views.YEARLY_FIGURES, lang)
if unhcr_note:
    st.caption(unhcr_note)
st.markdown(view(views.mexico_in_region, ["region_years"], lang))  # Mexico among the seven MIRPS states

st.subheader(t("overview_trends", lang))
chart_block(view(views.overview_trend, views.YEARLY_FIGURES[:3], lang), lang, "overview_trend", ["claims", "refugees"])
if unhcr_note:
    st.caption(unhcr_note)

st.subheader(t("june2020_title", lang))
with st.container(border=True):
    st.markdown(view(views.june_2020_text, ["refugees", "indicators"], lang))
    st.caption(t("june2020_note", lang))
    source_caption("unhcr-gcr-mexico-2020", lang, ["refugees", "indicators"])

st.subheader(t("changes_title", lang))
for dataset in ("claims", "refugees"):
    summary = latest_change_summary(dataset, lang)
    if summary is None:
        st.markdown(t("changes_none", lang, dataset=t(f"changes_dataset_{dataset}", lang)))
        continue
    text, words, table, raw = summary
    st.markdown(text)
    if words:
        st.markdown(words)
        lazy_table(table, lang, f"overview_figures_{dataset}")
        remember_shown(ShownFile(f"overview_changes_{dataset}.csv", raw, words, (), (dataset,)))

st.subheader(t("context_title", lang))
st.markdown(view(views.context_text, ["yearly_claims"], lang))
share_link(lang)
download_everything(lang, "overview")
download_briefing(lang, "overview")

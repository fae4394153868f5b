"""Arrivals: claims by COMAR office and state on a map of the 32 states, period by period."""

import time

import streamlit as st

from mirps_dash import views
from mirps_dash.i18n import t
from mirps_dash.maps import DISPLAY_SHAPES_URL
from mirps_dash.safe import escape_markdown
from mirps_dash.ui import (
    chart_block,
    current_language,
    keep_view_across_languages,
    load_dataset,
    require_frame,
    share_link,
    source_caption,
    view,
)

require_frame()
lang = current_language()
st.title(t("page_arrivals", lang))
st.markdown(t("arrivals_lead", lang))

periods = view(views.arrivals_periods, ["claims"], lang)
keys = list(periods.keys)
if not keys:
    st.info(t("arrivals_no_periods", lang))
    share_link(lang)
    st.stop()


def step(forward: int = 1) -> None:
    """Move the period selector to the next period (the play control), back to the first after the last."""
    now = st.session_state.get("arrivals_period", periods.default)
    st.session_state["arrivals_period"] = keys[(keys.index(now) + forward) % len(keys)] if now in keys else keys[0]


keep_view_across_languages(lang, ["arrivals_period"])
if st.session_state.pop("arrivals_tick", False):
    step()
key = st.select_slider(t("arrivals_period", lang), options=keys, value=periods.default, format_func=periods.labels.get,
                       key="arrivals_period", bind="query-params")
step_column, play_column = st.columns([1, 1], vertical_alignment="center", width=420)
step_column.button(t("arrivals_next", lang), on_click=step, key="arrivals_step", icon=":material/skip_next:")
playing = play_column.toggle(t("arrivals_play", lang), key="arrivals_playing")

label, period = periods.labels[key], periods.frame.loc[key]
arrivals = view(views.arrivals_view, ["claims", "sources", "offices"], period["period_start"], period["period_end"],
                DISPLAY_SHAPES_URL, lang)
st.subheader(t("arrivals_map_title", lang, period=label))
if arrivals.office_rows == 0:
    st.info(t("arrivals_no_office_breakdown", lang, period=label))
if period["kind"] == "cumulative":
    st.caption(t("arrivals_cumulative_note", lang, period=label))
if arrivals.chart is None:
    st.info(t("arrivals_no_figures", lang, period=label))
else:
    chart_block(arrivals.chart, lang, f"arrivals_{key}", ["claims", "offices"])
    for note in arrivals.notes:
        st.caption(escape_markdown(note))

st.subheader(t("arrivals_office_title", lang))
offices = load_dataset("offices")
names = dict(zip(offices["office_id"], offices["name"], strict=True))
office = st.selectbox(t("arrivals_office", lang), options=list(names), index=None, format_func=names.get,
                      placeholder=t("arrivals_office_placeholder", lang), key="arrivals_office", bind="query-params")
if office:
    series = view(views.office_series, ["claims", "sources", "offices"], office, lang)
    if series is None:
        st.info(t("arrivals_office_none", lang, office=escape_markdown(names[office])))
    else:
        if series.by_state:
            st.info(t("arrivals_office_by_state", lang, office=escape_markdown(names[office])))
        st.dataframe(series.table, hide_index=True, width="stretch", key="arrivals_series")
        source_caption(series.sources, lang, "claims")

share_link(lang)
if playing and keys.index(key) < len(keys) - 1:
    time.sleep(1.5)
    st.session_state["arrivals_tick"] = True
    st.rerun()

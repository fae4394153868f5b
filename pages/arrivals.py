"""Arrivals: claims by COMAR office and state on a map of the 32 states, period by period."""

import time

import pandas as pd
import streamlit as st

from mirps_dash import queries as q
from mirps_dash.i18n import format_number, t
from mirps_dash.maps import make_arrivals_map
from mirps_dash.safe import escape_markdown
from mirps_dash.ui import (
    chart_block,
    current_language,
    keep_view_across_languages,
    load_dataset,
    require_frame,
    share_link,
    source_caption,
    states_geojson,
)

require_frame()
lang = current_language()
st.title(t("page_arrivals", lang))
st.markdown(t("arrivals_lead", lang))

claims, sources, offices = load_dataset("claims"), load_dataset("sources"), load_dataset("offices")
periods = q.geo_periods(claims).set_index("key")
keys = list(periods.index)
labels = {key: q.period_label(row.period_start, row.period_end, lang) for key, row in periods.iterrows()}
if not keys:
    st.info(t("arrivals_no_periods", lang))
    share_link(lang)
    st.stop()
years = periods[periods["kind"] == "year"].index
latest_year = years[-1] if len(years) else keys[-1]


def step(forward: int = 1) -> None:
    """Move the period selector to the next period (the play control), back to the first after the last."""
    now = st.session_state.get("arrivals_period", latest_year)
    st.session_state["arrivals_period"] = keys[(keys.index(now) + forward) % len(keys)] if now in keys else keys[0]


def show_period_map(areas: pd.DataFrame, by_state: pd.DataFrame, points: pd.DataFrame, key: str, year: int) -> None:
    """The map of one period with its summary, table, sources and the notes under it."""
    figure = make_arrivals_map(states_geojson(), by_state, points, lang)
    top = areas.iloc[0]
    summary = t("arrivals_summary", lang, period=labels[key], count=len(areas),
                area=q.area_table(areas.head(1), offices, sources, lang).iloc[0, 0],
                claims=format_number(top["claims"], lang))
    chart_block(figure, q.area_table(areas, offices, sources, lang), summary, sorted(set(areas["source"])), lang,
                f"arrivals_{key}", ["claims", "offices"])
    st.caption(t("arrivals_points_note", lang))
    not_open = points[points["status"] == "not_open"]
    if not not_open.empty:
        st.caption(escape_markdown(t("arrivals_not_open", lang, names=", ".join(not_open["name"]), year=year)))
    disputed = areas[areas["other_values"].map(len) > 0]
    for index, row in disputed.iterrows():
        area = q.area_table(disputed.loc[[index]], offices, sources, lang).iloc[0, 0]
        st.caption(escape_markdown(t("arrivals_disagree", lang, area=area, claims=format_number(row["claims"], lang),
                                     others=q.releases_text(row["other_values"], row["other_sources"], sources, lang))))


keep_view_across_languages(lang, ["arrivals_period"])
if st.session_state.pop("arrivals_tick", False):
    step()
key = st.select_slider(t("arrivals_period", lang), options=keys, value=latest_year, format_func=labels.get,
                       key="arrivals_period", bind="query-params")
step_column, play_column = st.columns([1, 1], vertical_alignment="center", width=420)
step_column.button(t("arrivals_next", lang), on_click=step, key="arrivals_step", icon=":material/skip_next:")
playing = play_column.toggle(t("arrivals_play", lang), key="arrivals_playing")

period = periods.loc[key]
year = int(period["period_end"][:4])
areas = q.claims_by_area(claims, sources, period["period_start"], period["period_end"])
by_state = q.claims_by_state(areas)
points = q.office_points(offices, areas, year)
st.subheader(t("arrivals_map_title", lang, period=labels[key]))
if (areas["level"] == "office").sum() == 0:
    st.info(t("arrivals_no_office_breakdown", lang, period=labels[key]))
if period["kind"] == "cumulative":
    st.caption(t("arrivals_cumulative_note", lang, period=labels[key]))

if areas.empty:
    st.info(t("arrivals_no_figures", lang, period=labels[key]))
else:
    show_period_map(areas, by_state, points, key, year)

st.subheader(t("arrivals_office_title", lang))
names = dict(zip(offices["office_id"], offices["name"], strict=True))
office = st.selectbox(t("arrivals_office", lang), options=list(names), index=None, format_func=names.get,
                      placeholder=t("arrivals_office_placeholder", lang), key="arrivals_office", bind="query-params")
if office:
    state = offices.set_index("office_id").loc[office, "state"]
    series = q.office_series(claims, sources, office, state)
    if series.empty:
        st.info(t("arrivals_office_none", lang, office=escape_markdown(names[office])))
    else:
        if series["level"].iloc[0] == "state":
            st.info(t("arrivals_office_by_state", lang, office=escape_markdown(names[office])))
        st.dataframe(q.series_table(series, sources, lang), hide_index=True, width="stretch", key="arrivals_series")
        source_caption(sorted(set(series["source"])), lang, "claims")

share_link(lang)
if playing and keys.index(key) < len(keys) - 1:
    time.sleep(1.5)
    st.session_state["arrivals_tick"] = True
    st.rerun()

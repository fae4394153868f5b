"""Arrivals: claims by COMAR office and state on a map of the 32 states, period by period."""

import time

import streamlit as st

from mirps_dash import views
from mirps_dash.export import ShownFile
from mirps_dash.i18n import t
from mirps_dash.maps import DISPLAY_SHAPES_URL
from mirps_dash.safe import escape_markdown
from mirps_dash.ui import (
    chart_block,
    current_language,
    data_freshness,
    download_briefing,
    download_everything,
    load_dataset,
    remember_key_figure,
    remember_shown,
    require_frame,
    share_link,
    source_caption,
    url_period,
    url_radio,
    url_sections,
    url_selectbox,
    view,
)
from mirps_dash.views import defaults

require_frame()
lang = current_language()
st.title(t("page_arrivals", lang))
st.markdown(t("arrivals_lead", lang))
data_freshness(["claims"], lang)

periods = view(views.arrivals_periods, ["claim_areas"], lang)
keys = list(periods.keys)
if not keys:
    st.info(t("arrivals_no_periods", lang))
    share_link(lang)
    st.stop()


def step(forward: int = 1) -> None:
    """Move the period selector to the next period (the play control), back to the first after the last."""
    now = st.session_state.get("arrivals_period", periods.default)
    st.session_state["arrivals_period"] = keys[(keys.index(now) + forward) % len(keys)] if now in keys else keys[0]
    forget_release()


def forget_release() -> None:
    """A new period starts from its own first release (another period's release is no choice here)."""
    st.session_state["arrivals_release"] = None


def show_map() -> bool:
    """The period's map: its year and period, the step and play controls, the release where there are several;
    whether it is playing."""
    other_lang = defaults.other_language(lang)  # an old link may hold labels in either language
    period_labels = {
        lang: periods.labels,
        other_lang: view(views.arrivals_periods, ["claim_areas"], other_lang).labels,
    }
    if st.session_state.pop("arrivals_tick", False):
        step()
    key = url_period(
        "arrivals_period",
        {k: int(end[:4]) for k, (_start, end, _kind) in periods.bounds.items()},
        lambda k, language: period_labels[language][k],
        lang,
        periods.default,
        (t("arrivals_year", lang), t("arrivals_period", lang)),
        on_change=forget_release,
    )
    step_column, play_column = st.columns([1, 1], vertical_alignment="center", width=420)
    step_column.button(t("arrivals_next", lang), on_click=step, key="arrivals_step", icon=":material/skip_next:")
    playing = play_column.toggle(t("arrivals_play", lang), key="arrivals_playing")

    label, (start, end, kind) = periods.labels[key], periods.bounds[key]
    release_frames = ["claim_areas", "national_totals", "sources"]
    releases = view(views.arrivals_releases, release_frames, start, end, lang)

    def release_label(release: str, language: str) -> str:
        """A release's name in either language (an old link may hold either): the other language's names are
        made only when a link is read, not on every new period."""
        named = releases if language == lang else view(views.arrivals_releases, release_frames, start, end, language)
        return named.labels[release]

    release = (  # a choice where the period has several releases; the one shown is named under the map
        url_radio(
            t("arrivals_release", lang), list(releases.keys), "arrivals_release", release_label, lang, releases.keys[0]
        )
        if releases.keys
        else None
    )
    arrivals = view(
        views.arrivals_view,
        ["claim_areas", "national_totals", "sources", "offices"],
        start,
        end,
        release,
        DISPLAY_SHAPES_URL,
        lang,
    )
    st.subheader(t("arrivals_map_title", lang, period=label))
    if kind == "cumulative":
        st.caption(t("arrivals_cumulative_note", lang, period=label))
    if arrivals.chart is None:
        st.info(t("arrivals_no_figures", lang, period=label))
    else:
        if arrivals.office_rows == 0:
            no_offices = (
                "arrivals_no_office_breakdown" if arrivals.period_office_rows == 0 else "arrivals_release_no_offices"
            )
            st.info(t(no_offices, lang, period=label))
        chart_block(arrivals.chart, lang, f"arrivals_{key}", ["claims", "offices"])
        remember_key_figure(t("briefing_period", lang), label)
        remember_key_figure(t("arrivals_release", lang), arrivals.notes[0])  # the release and its national total
        for note in arrivals.notes:
            st.caption(escape_markdown(note))
    return playing and keys.index(key) < len(keys) - 1


def show_office() -> None:
    """One office's figures, period by period, as published."""
    st.subheader(t("arrivals_office_title", lang))
    offices = load_dataset("offices")
    names = dict(zip(offices["office_id"], offices["name"], strict=True))
    office = url_selectbox(
        t("arrivals_office", lang),
        list(names),
        "arrivals_office",
        lambda o, _lang: names[o],
        lang,
        placeholder=t("arrivals_office_placeholder", lang),
    )
    if not office:
        return
    series = view(views.office_series, ["claim_areas", "sources", "offices"], office, lang)
    if series is None:
        st.info(t("arrivals_office_none", lang, office=escape_markdown(names[office])))
        return
    if series.by_state:
        st.info(t("arrivals_office_by_state", lang, office=escape_markdown(names[office])))
    st.dataframe(series.table, hide_index=True, width="stretch", key="arrivals_series")
    remember_shown(
        ShownFile(
            f"arrivals_office_{office}.csv",
            series.csv if series.csv is not None else series.table,
            names[office],
            tuple(series.sources),
            ("claims", "offices"),
        )
    )
    source_caption(series.sources, lang, "claims")


# One section at a time (`url_sections`): a first visit draws the map and its controls, not the office picker
section, open_tab = url_sections(
    ["map", "office"], "arrivals_section", lambda section, lang: t(f"arrivals_section_{section}", lang), lang
)
playing = False
with open_tab:
    if section == "map":
        playing = show_map()
    else:
        show_office()

share_link(lang)
download_everything(lang, "arrivals")
download_briefing(lang, "arrivals")
if playing:
    time.sleep(1.5)
    st.session_state["arrivals_tick"] = True
    st.rerun()

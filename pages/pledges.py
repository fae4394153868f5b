"""Pledges explorer: donors filter and search pledges, read one beside its indicator and export what they filtered.

Every filter (as codes), the search text and the open pledge (`pledges_open`) live in the URL.
"""

import datetime as dt
from functools import partial

import streamlit as st

from mirps_dash import pledges as pl
from mirps_dash import views
from mirps_dash.charts import PICK
from mirps_dash.i18n import format_day, format_number, t
from mirps_dash.safe import escape_markdown
from mirps_dash.ui import (
    chart,
    chart_image_buttons,
    current_language,
    current_versions,
    dialog_language_switch,
    download_briefing,
    download_everything,
    remember_chart,
    remember_key_figure,
    remember_shown,
    require_frame,
    share_link,
    shareable_url,
    source_caption,
    table_view,
    url_multiselect,
    url_sections,
    view,
)
from mirps_dash.views import defaults
from mirps_dash.views.pledges import LIST_PAGE_SIZE, pledges_source

SOURCE = defaults.PLEDGES_SOURCE
FILTER_KEYS = {name: f"pledges_{name}" for name in pl.FILTER_COLUMNS}


def clear_filters() -> None:
    for key in FILTER_KEYS.values():
        st.session_state[key] = []
    st.session_state["pledges_search"] = ""


def filter_by_bar(chart_key: str, filter_key: str, values: list[str]) -> None:
    picked = pl.picked_values(st.session_state[chart_key].selection.get(PICK, []), values)
    if picked:
        st.session_state[filter_key] = picked


def open_row(table_key: str, ids: list[str]) -> None:
    rows = st.session_state[table_key].selection.rows
    if rows:
        st.query_params["pledges_open"] = ids[rows[0]]


def open_pledge(pledge_id: str) -> None:
    st.query_params["pledges_open"] = pledge_id


def turn_list(step: int) -> None:
    st.session_state["pledges_list_start"] = max(0, st.session_state.get("pledges_list_start", 0) + step)


def show_list(page: views.PledgesView, lang: str) -> None:
    """The filtered pledges, a page at a time: each title opens its pledge, the line under it says who, what and
    how much. Text, not a data grid: a first visit fetches no grid bundle (1.5 MB with what it pulls in). Each
    pledge is one button, its line inside its label: the server sends a message per element, and three per pledge
    (a box, the title, its line) made this the heaviest page under load."""
    start = st.session_state.get("pledges_list_start", 0)
    total = len(page.shown)
    start = st.session_state["pledges_list_start"] = start if start < total else 0  # fewer now: the first page
    lines = page.list_page(start)
    list_box = st.container(key="pledges_list", gap="small")  # page.css aligns its labels left
    for position, (pledge_id, title, line) in enumerate(lines):
        list_box.button(
            f"**{escape_markdown(title)}**  \n:gray[:small[{escape_markdown(line)}]]",
            key=f"pledges_list_{position}",
            type="tertiary",
            on_click=open_pledge,
            args=(pledge_id,),
            icon=":material/description:",
        )
    last = start + len(lines)
    with st.container(horizontal=True, vertical_alignment="center", key="pledges_list_pages"):  # one row on a phone too
        st.button(
            t("pl_list_previous", lang),
            key="pledges_list_previous",
            on_click=turn_list,
            args=(-LIST_PAGE_SIZE,),
            disabled=start == 0,
            icon=":material/chevron_left:",
        )
        st.markdown(
            escape_markdown(t("pl_list_range", lang, first=start + 1, last=last, shown=format_number(total, lang))),
            width="content",
        )
        st.button(
            t("pl_list_next", lang),
            key="pledges_list_next",
            on_click=turn_list,
            args=(LIST_PAGE_SIZE,),
            disabled=last >= total,
            icon=":material/chevron_right:",
            icon_position="right",
        )


def table_columns(lang: str) -> dict:
    """The pledges' grids' columns, labelled in the reader's language."""
    labels = {c: t(f"pl_field_{c}", lang) for c in pl.TABLE_COLUMNS}
    return {
        **labels,
        "amount_usd": st.column_config.NumberColumn(labels["amount_usd"], format="localized"),
        "year": st.column_config.NumberColumn(labels["year"], format="%d"),
        "title": st.column_config.TextColumn(labels["title"], width="large"),
    }


def close_pledge() -> None:
    st.query_params.pop("pledges_open", None)
    st.session_state["pledges_table_round"] = st.session_state.get("pledges_table_round", 0) + 1  # unselect the row


def show_pledge(detail: views.PledgeDetail, lang: str) -> None:
    """Every field, the source link(s), and beside them the indicator the pledge should move."""
    dialog_language_switch(lang, "pledges_dialog_lang")
    left, right = st.columns([3, 2])
    left.markdown(
        "  \n".join(f"**{escape_markdown(label)}:** {escape_markdown(text)}" for label, text in detail.fields)
    )
    links = [f"[{escape_markdown(t('pl_source_link', lang) + ': ' + title)}]({url})" for title, url in detail.links]
    left.markdown("  \n".join(links) or escape_markdown(t("pl_no_link", lang)))
    with right:
        st.markdown(f"**{escape_markdown(t('pl_indicator', lang))}**")
        if detail.indicator is None:
            st.caption(escape_markdown(t("pl_no_indicator", lang)))
        elif detail.one_off is not None:
            figure = detail.one_off
            st.metric(t("pl_ind_labour_relocations", lang), format_number(figure["value"], lang))
            st.caption(
                escape_markdown(
                    t(
                        "pl_ind_period",
                        lang,
                        start=format_day(figure["period_start"], lang),
                        end=format_day(figure["period_end"], lang),
                    )
                )
            )
            source_caption(figure["source"], lang, "indicators")
        else:
            indicator = view(views.pledge_indicator, ["claims", "refugees"], detail.indicator, detail.year, lang)
            chart(indicator, lang, "pledges_indicator")
            chart_image_buttons(indicator, lang, "pledges_indicator")
            source_caption("unhcr-stats", lang, ["claims", "refugees"])
    st.button(t("pl_detail_close", lang), key="pledges_close", on_click=close_pledge)


require_frame()
lang = current_language()
version = current_versions().get("pledges")
st.title(t("pl_title", lang))
st.info(escape_markdown(t("pl_compiled_notice", lang)), icon=":material/info:")
source_caption(SOURCE, lang, "pledges")

options = view(views.pledges_filter_options, ["pledges"])  # each filter's choices and their labels
text = st.text_input(
    t("pl_search", lang), key="pledges_search", bind="query-params", placeholder=t("pl_search_placeholder", lang)
)
chosen = {}
with st.expander(t("pl_filters", lang), expanded=True):
    columns = st.columns(4)
    for position, name in enumerate(pl.FILTER_COLUMNS):
        with columns[position % 4]:  # the URL holds each value's code (`?pledges_area=education`), not its label
            chosen[name] = url_multiselect(
                t(f"pl_filter_{name}", lang), options[name], FILTER_KEYS[name], lang, placeholder=t("pl_choose", lang)
            )
selection = pl.PledgeSelection(**{name: tuple(values) for name, values in chosen.items()}, text=text or "")
page = view(
    views.pledges_view, ["searchable_pledges"], selection, SOURCE, lang
)  # once per (version, filters, language)
shown = page.shown

count, clear = st.columns([4, 1], vertical_alignment="center")
count.markdown(
    f"**{escape_markdown(t('pl_count', lang, shown=format_number(len(shown), lang), total=format_number(page.total, lang)))}**"
)
remember_key_figure(
    t("briefing_pledges_shown", lang),
    t("pl_count", lang, shown=format_number(len(shown), lang), total=format_number(page.total, lang)),
)
if shown.empty:
    st.warning(escape_markdown(t("pl_empty", lang)), icon=":material/search_off:")
    st.button(t("pl_clear", lang), key="pledges_clear_empty", on_click=clear_filters, type="primary")
else:
    if not selection.is_empty():
        clear.button(t("pl_clear", lang), key="pledges_clear", on_click=clear_filters)
    # One section at a time (`url_sections`): the list first, without a chart engine to load; the bars a tab away
    section, open_tab = url_sections(
        ["list", "charts", "amounts"], "pledges_section", lambda section, lang: t(f"pl_section_{section}", lang), lang
    )
    with open_tab:
        if section == "list":
            st.caption(escape_markdown(t("pl_table_hint", lang)))
            show_list(page, lang)
            with table_view(lang, "pledges_list") as list_view:  # the grid (sorting, a row opens a pledge), when opened
                if list_view.open:
                    table = page.table
                    table_key = f"pledges_table_{st.session_state.get('pledges_table_round', 0)}"
                    st.dataframe(
                        table,
                        hide_index=True,
                        width="stretch",
                        column_config=table_columns(lang),
                        key=table_key,
                        on_select=partial(open_row, table_key, list(table["pledge_id"])),
                        selection_mode="single-row",
                    )
        elif section == "charts":
            bars = zip(page.files[1:], page.bars.items(), strict=True)
            for place, (file, (name, (counts, figure))) in zip([*st.columns(2), *st.columns(2)], bars, strict=False):
                chart_key = f"pledges_{name}_chart"
                with place:
                    chart(
                        figure,
                        lang,
                        f"pledges_{name}",
                        alt=file.summary,
                        on_select=partial(filter_by_bar, chart_key, FILTER_KEYS[name], list(counts["value"])),
                    )
            st.caption(escape_markdown(t("pl_chart_hint", lang)))
            with st.expander(t("pl_chart_images", lang)):  # each chart alone, as SVG and PNG
                for file, (name, (_counts, figure)) in zip(page.files[1:], page.bars.items(), strict=True):
                    st.caption(escape_markdown(file.summary))
                    chart_image_buttons(figure, lang, f"pledges_{name}")
                    remember_chart(figure, file.summary, file.frame, file.sources)  # for the briefing, with its table
            remember_shown(*page.files[1:])  # the bars' counts, for the ZIP
        elif section == "amounts":
            st.markdown(
                escape_markdown(
                    t(
                        "pl_amounts_line",
                        lang,
                        with_amount=page.with_amount,
                        shown=len(shown),
                        without=page.without_amount,
                    )
                )
            )
            remember_key_figure(t("briefing_pledges_amounts", lang), format_number(page.with_amount, lang))
            st.caption(escape_markdown(t("pl_amounts_caveat", lang)))
            if page.with_amount:
                with table_view(lang, "pledges_amounts") as amounts_view:
                    if amounts_view.open:
                        st.dataframe(
                            page.amounts,
                            hide_index=True,
                            width="stretch",
                            column_config=table_columns(lang),
                            key="pledges_amounts",
                        )

    notes = pl.export_notes(
        selection,
        len(shown),
        page.total,
        view(pledges_source, ["sources"], SOURCE),
        lang,
        version,
        dt.datetime.now(dt.UTC),
        shareable_url(),
    )
    st.caption(escape_markdown(t("pl_export_hint_files", lang, shown=len(shown))))
    for place, fmt in zip(st.columns(2), ("csv", "xlsx"), strict=True):  # files are built only when clicked
        place.download_button(
            t(f"pl_export_{fmt}", lang),
            partial(pl.export_file, fmt, shown, notes, lang),
            file_name=f"pledges.{fmt}",
            mime=pl.MIME_TYPES[fmt],
            key=f"pledges_{fmt}",
            on_click="ignore",
            icon=":material/download:",
        )
    remember_shown(page.files[0])  # the filtered pledges, exported below whichever section is open

share_link(lang)
download_everything(lang, "pledges", [pl.describe_selection(selection, lang)])
download_briefing(lang, "pledges", [pl.describe_selection(selection, lang)])
open_id = st.query_params.get("pledges_open")
if open_id:
    detail = view(views.pledge_detail, ["pledges", "indicators"], open_id, lang)
    if detail is None:
        st.warning(escape_markdown(t("pl_not_found", lang, pledge_id=open_id)))
    else:
        st.dialog(escape_markdown(detail.title), width="large", on_dismiss=close_pledge)(show_pledge)(detail, lang)

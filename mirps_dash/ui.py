"""The thin glue between Streamlit and the package: cached store, datasets and views; language, source lines.

The only module of the package that imports streamlit. Caches key on (dataset, version id), so a
publish on any replica shows on every replica at its next rerun. Frames and views are cached with
`st.cache_resource`, shared and never copied (`st.cache_data` would unpickle a 1M-row frame, or re-validate
a plotly figure, on every call): what they return is never changed in place.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import streamlit as st

from mirps_dash.i18n import LANGUAGES, format_day, language_from_locale, t
from mirps_dash.queries import format_partial_date
from mirps_dash.safe import escape_markdown
from mirps_dash.service import SEED_ACTOR, ensure_seeded
from mirps_dash.store import PROJECT_ROOT, Store, make_engine

APP_SCRIPT = PROJECT_ROOT / "app.py"
View = TypeVar("View")


@st.cache_resource(show_spinner=False)
def _frame_code():
    return compile(APP_SCRIPT.read_text(encoding="utf-8"), str(APP_SCRIPT), "exec")


def require_frame() -> None:
    """Run app.py's frame when Streamlit ran this page on its own, then stop this bare run.

    Until a session of the process has called st.navigation, Streamlit 1.67 treats an app with a
    pages/ folder as a v1 multipage app and runs a deep-linked page without app.py (no language
    switch, navigation by file name). Leaving v1 mode and running app.py in the same run routes to
    this page again, with the frame, and keeps the run's widget events (a rerun would drop a click).
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        exec(_frame_code(), {"__name__": "__main__", "__file__": str(APP_SCRIPT)})
        st.stop()


@st.cache_resource
def get_store() -> Store:
    """One store (connection pool) per process, seeded from data/ on first use."""
    store = Store(make_engine())
    ensure_seeded(store)
    return store


@st.cache_resource(max_entries=32, show_spinner=False)
def _load(dataset: str, version: int | None) -> pd.DataFrame:
    return get_store().load(dataset, version)


RUN_VERSIONS_KEY = "_data_versions_this_run"


def read_versions_for_this_run() -> None:
    """Read the current version of every dataset once, at the start of a run (the frame calls it): every
    figure of the run then comes from the same versions, and a publish elsewhere shows at the next run."""
    st.session_state[RUN_VERSIONS_KEY] = get_store().current_versions()


def current_versions() -> dict[str, int]:
    """Current version of every dataset, as read at the start of this run (one small query a run)."""
    versions = st.session_state.get(RUN_VERSIONS_KEY)
    return versions if versions is not None else get_store().current_versions()


def load_dataset(dataset: str) -> pd.DataFrame:
    """The current version of a dataset, shared by every session: read it, never change it in place."""
    return _load(dataset, current_versions().get(dataset))


@st.cache_resource(max_entries=512, show_spinner=False)
def _view(module: str, name: str, datasets: tuple[str, ...], versions: tuple[int | None, ...], args: tuple):
    function = getattr(importlib.import_module(module), name)
    return function(*(_load(dataset, version) for dataset, version in zip(datasets, versions, strict=True)), *args)


def view(function: Callable[..., View], datasets: list[str], *args) -> View:
    """`function(*frames, *args)` over the current versions of `datasets`, made once per (versions, args)
    and shared by every session. `function` is a pure, importable function (mirps_dash.views); args are
    hashable filter values and the language; what it returns is never changed in place."""
    versions = current_versions()
    return _view(function.__module__, function.__name__, tuple(datasets), tuple(versions.get(d) for d in datasets), args)


def current_language() -> str:
    """es or en: the URL's `lang`, else the browser's locale, else Spanish; kept in the URL."""
    lang = st.query_params.get("lang") or language_from_locale(st.context.locale)
    return lang if lang in LANGUAGES else "es"


def language_picker() -> str:
    """A sidebar switch between es and en that writes the choice to the URL."""
    lang = current_language()
    choice = st.sidebar.radio(
        t("language", lang), LANGUAGES, index=LANGUAGES.index(lang), horizontal=True,
        format_func={"es": "Español", "en": "English"}.get, key="app_lang",
    )
    st.query_params["lang"] = choice
    return choice


@st.cache_resource(max_entries=256, show_spinner=False)
def _source_lines(source_ids: tuple[str, ...], lang: str, version: int | None) -> tuple[str, ...]:
    sources = _load("sources", version).set_index("source_id")
    lines = [t("mixed_sources", lang, count=len(source_ids))] if len(source_ids) > 1 else []
    for source_id in source_ids:
        if source_id in sources.index:
            row = sources.loc[source_id]
            lines.append(t("source_line", lang, publisher=row["publisher"], title=row["title"],
                           as_of=format_partial_date(str(row["as_of"]), lang)))
    return tuple(lines)


def source_caption(source_ids: list[str] | tuple[str, ...] | str, lang: str, datasets: list[str] | str | None = None) -> None:
    """Source(s) and as-of date of a figure, under it, as plain text; says so when sources are mixed, and
    names the data version when a dataset behind the figure was uploaded (not the shipped data)."""
    ids = (source_ids,) if isinstance(source_ids, str) else tuple(dict.fromkeys(source_ids))
    lines = list(_source_lines(ids, lang, current_versions().get("sources")))
    for dataset in [datasets] if isinstance(datasets, str) else (datasets or []):
        info = version_info(dataset)
        if info and info["created_by"] != SEED_ACTOR:
            lines.append(t("uploaded_version_line", lang, dataset=dataset, version=info["version_id"],
                           day=format_day(info["created_at"][:10], lang), file=info["file_name"] or "—"))
    if lines:
        st.caption("  \n".join(escape_markdown(line) for line in lines))


# ---- officials' pages: versions, charts with their table, share link, map shapes ----------------


@st.cache_data(max_entries=64, show_spinner=False)
def _version_row(dataset: str, version: int | None) -> dict | None:
    versions = get_store().versions(dataset)
    row = versions[versions["version_id"] == version]
    if row.empty:
        return None
    record = row.iloc[0].to_dict()
    record["created_at"] = str(record["created_at"])
    record["parent_version"] = None if pd.isna(record["parent_version"]) else int(record["parent_version"])
    return record


def version_info(dataset: str) -> dict | None:
    """The current version's record (version_id, created_at text, created_by, file_name, parent_version)."""
    return _version_row(dataset, current_versions().get(dataset))


@st.cache_resource(max_entries=16, show_spinner=False)
def _change_summary(dataset: str, old: int, new: int, lang: str) -> tuple[str, pd.DataFrame, pd.DataFrame]:
    from mirps_dash.changes import compare_versions
    from mirps_dash.views import change_summary

    return change_summary(compare_versions(_load(dataset, old), _load(dataset, new), dataset), dataset, lang)


def latest_change_summary(dataset: str, lang: str) -> tuple[str, pd.DataFrame, pd.DataFrame] | None:
    """What the current version changed against its parent (`views.change_summary`), or None for the first."""
    info = version_info(dataset)
    if not info or info["parent_version"] is None:
        return None
    return _change_summary(dataset, info["parent_version"], info["version_id"], lang)


def data_versions() -> pd.DataFrame:
    """The version in use of every dataset: dataset, version_id, created_at, created_by, file_name, row_count."""
    rows = [version_info(dataset) for dataset in sorted(current_versions())]
    columns = ["dataset", "version_id", "created_at", "created_by", "file_name", "row_count"]
    return pd.DataFrame([r for r in rows if r], columns=columns)


def shareable_url() -> str:
    """This view's address: the page's URL with every query parameter (language and filters)."""
    from urllib.parse import urlencode

    base = st.context.url or ""
    params = [(key, value) for key in st.query_params for value in st.query_params.get_all(key)]
    return base + ("?" + urlencode(params) if params else "")


def share_link(lang: str) -> None:
    """The URL of this exact view in the sidebar, as text to select and copy (it is also the address bar's).

    Plain Markdown code, not st.code: st.code's copy button costs every first visit a 1.5 MB syntax highlighter."""
    st.sidebar.caption(t("copy_link", lang))
    st.sidebar.markdown(f"`{shareable_url().replace('`', '%60')}`")


def chart_block(chart, lang: str, key: str, datasets: list[str] | str | None = None) -> None:
    """A `views.ChartView`: the chart, its one-sentence summary, its sources, and the same numbers as a table
    with a CSV download (made when clicked, not on every rerun)."""
    from functools import partial

    from mirps_dash.export import to_csv_bytes

    st.plotly_chart(chart.figure, key=f"{key}_chart", config={"displaylogo": False}, width="stretch")
    st.markdown(escape_markdown(chart.summary))
    source_caption(chart.sources, lang, datasets)
    with st.expander(t("table_view", lang)):
        st.dataframe(chart.table, hide_index=True, width="stretch", key=f"{key}_table")
        raw = chart.table if getattr(chart, "csv", None) is None else chart.csv  # raw values, not the formatted text
        st.download_button(t("download_csv", lang), partial(to_csv_bytes, raw), file_name=f"{key}.csv",
                           mime="text/csv", key=f"{key}_csv")


def oidc_configured() -> bool:
    """True when .streamlit/secrets.toml has an [auth] section (sign-in through an identity provider)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def current_staff() -> str | None:
    """E-mail of the staff member using this session (checked on every rerun), else None."""
    from mirps_dash.auth import current_staff as staff_of_session

    return staff_of_session(get_store().engine, st.user, st.session_state)


def keep_view_across_languages(lang: str, keys: list[str]) -> None:
    """After a language switch, set the page's URL-bound widgets again, before they are drawn, so that the
    URL holds their labels in the new language and a reload or a shared link still gives the same view."""
    previous = st.session_state.get("officials_view_lang")
    st.session_state["officials_view_lang"] = lang
    if previous and previous != lang:
        for key in keys:
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]

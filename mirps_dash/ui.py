"""The thin glue between Streamlit and the package: cached store and datasets, language, source lines.

The only module of the package that imports streamlit. Caches key on (dataset, version id), so a
publish on any replica shows on every replica at its next rerun.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mirps_dash.i18n import LANGUAGES, format_day, language_from_locale, t
from mirps_dash.queries import format_partial_date
from mirps_dash.safe import escape_markdown
from mirps_dash.service import SEED_ACTOR, ensure_seeded
from mirps_dash.store import PROJECT_ROOT, Store, make_engine

APP_SCRIPT = PROJECT_ROOT / "app.py"


def require_frame() -> None:
    """Run app.py's frame when Streamlit ran this page on its own, then stop this bare run.

    Until a session of the process has called st.navigation, Streamlit 1.67 treats an app with a
    pages/ folder as a v1 multipage app and runs a deep-linked page without app.py (no language
    switch, navigation by file name). Leaving v1 mode and running app.py in the same run routes to
    this page again, with the frame, and keeps the run's widget events (a rerun would drop a click).
    """
    import runpy

    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        runpy.run_path(str(APP_SCRIPT), run_name="__main__")
        st.stop()


@st.cache_resource
def get_store() -> Store:
    """One store (connection pool) per process, seeded from data/ on first use."""
    store = Store(make_engine())
    ensure_seeded(store)
    return store


@st.cache_data(max_entries=32, show_spinner=False)
def _load(dataset: str, version: int | None) -> pd.DataFrame:
    return get_store().load(dataset, version)


def current_versions() -> dict[str, int]:
    """Current version of every dataset (one small query a rerun)."""
    return get_store().current_versions()


def load_dataset(dataset: str) -> pd.DataFrame:
    """The current version of a dataset (a cached copy: safe to change)."""
    return _load(dataset, current_versions().get(dataset))


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


def source_caption(source_ids: list[str] | str, lang: str, datasets: list[str] | str | None = None) -> None:
    """Source(s) and as-of date of a figure, under it, as plain text; says so when sources are mixed, and
    names the data version when a dataset behind the figure was uploaded (not the shipped data)."""
    sources = load_dataset("sources").set_index("source_id")
    ids = [source_ids] if isinstance(source_ids, str) else list(dict.fromkeys(source_ids))
    lines = [t("mixed_sources", lang, count=len(ids))] if len(ids) > 1 else []
    for source_id in ids:
        if source_id in sources.index:
            row = sources.loc[source_id]
            lines.append(t("source_line", lang, publisher=row["publisher"], title=row["title"],
                           as_of=format_partial_date(str(row["as_of"]), lang)))
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


@st.cache_data(max_entries=16, show_spinner=False)
def _changes(dataset: str, old: int, new: int):
    from mirps_dash.changes import compare_versions

    return compare_versions(get_store().load(dataset, old), get_store().load(dataset, new), dataset)


def latest_changes(dataset: str):
    """What the current version changed against its parent (a `changes.Changes`), or None for the first."""
    info = version_info(dataset)
    if not info or info["parent_version"] is None:
        return None
    return _changes(dataset, info["parent_version"], info["version_id"])


def data_versions() -> pd.DataFrame:
    """The version in use of every dataset: dataset, version_id, created_at, created_by, file_name, row_count."""
    rows = [version_info(dataset) for dataset in sorted(current_versions())]
    columns = ["dataset", "version_id", "created_at", "created_by", "file_name", "row_count"]
    return pd.DataFrame([r for r in rows if r], columns=columns)


@st.cache_data(show_spinner=False)
def states_geojson() -> dict:
    """The 32 state shapes, simplified, as GeoJSON (read once per process)."""
    from mirps_dash.maps import read_states
    from mirps_dash.maps import states_geojson as to_geojson

    return to_geojson(read_states())


def shareable_url() -> str:
    """This view's address: the page's URL with every query parameter (language and filters)."""
    from urllib.parse import urlencode

    base = st.context.url or ""
    params = [(key, value) for key in st.query_params for value in st.query_params.get_all(key)]
    return base + ("?" + urlencode(params) if params else "")


def share_link(lang: str) -> None:
    """A visible "copy link" box in the sidebar: the URL of this exact view, with a copy button."""
    st.sidebar.caption(t("copy_link", lang))
    st.sidebar.code(shareable_url(), language=None, wrap_lines=True)


def chart_block(figure, table: pd.DataFrame, summary: str, source_ids: list[str] | str, lang: str, key: str,
                datasets: list[str] | str | None = None) -> None:
    """A chart, its one-sentence summary, its sources, and the same numbers as a table with a CSV download."""
    from mirps_dash.export import to_csv_bytes

    st.plotly_chart(figure, key=f"{key}_chart", config={"displaylogo": False}, width="stretch")
    st.markdown(escape_markdown(summary))
    source_caption(source_ids, lang, datasets)
    with st.expander(t("table_view", lang)):
        st.dataframe(table, hide_index=True, width="stretch", key=f"{key}_table")
        st.download_button(t("download_csv", lang), to_csv_bytes(table), file_name=f"{key}.csv",
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

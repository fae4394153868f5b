"""The thin glue between Streamlit and the package: cached store and datasets, language, source lines.

The only module of the package that imports streamlit. Caches key on (dataset, version id), so a
publish on any replica shows on every replica at its next rerun.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mirps_dash.i18n import LANGUAGES, language_from_locale, t
from mirps_dash.safe import escape_markdown
from mirps_dash.service import ensure_seeded
from mirps_dash.store import Store, make_engine


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


def source_caption(source_ids: list[str] | str, lang: str) -> None:
    """Source(s) and as-of date of a figure, under it, as plain text."""
    sources = load_dataset("sources").set_index("source_id")
    ids = [source_ids] if isinstance(source_ids, str) else list(dict.fromkeys(source_ids))
    lines = []
    for source_id in ids:
        if source_id in sources.index:
            row = sources.loc[source_id]
            lines.append(t("source_line", lang, publisher=row["publisher"], title=row["title"], as_of=row["as_of"]))
    if lines:
        st.caption("  \n".join(escape_markdown(line) for line in lines))

"""The thin glue between Streamlit and the package: cached store, datasets and views; language, source lines.

The only module of the package that imports streamlit. Caches key on (database, dataset, version id), so
a publish on any replica shows on every replica at its next rerun. The store, frames and views are kept in
module-level `memo.Memo`s, shared and never copied (`st.cache_data` would unpickle a 1M-row frame, or
re-validate a plotly figure, on every call), out of reach of the `clear_cache` message any client can send
(it empties `st.cache_data` and `st.cache_resource` for the whole process): what they return is never
changed in place.
"""

from __future__ import annotations

import functools
import inspect
import os
import threading
import time
from collections.abc import Callable, Mapping
from typing import TypeVar

import pandas as pd
import streamlit as st

from mirps_dash.export import Frame, ShownFile
from mirps_dash.i18n import LANGUAGES, format_day, language_from_locale, t
from mirps_dash.memo import Memo
from mirps_dash.safe import escape_markdown
from mirps_dash.schema import DATASETS
from mirps_dash.service import SEED_ACTOR, ensure_seeded, on_publish, save_changes, save_derived_frames, stored_changes
from mirps_dash.store import PROJECT_ROOT, Store, database_url, make_engine
from mirps_dash.views import DERIVED_FRAMES
from mirps_dash.views.common import CHANGED_DATASETS, FRESHNESS_DATASETS, derived_inputs, derived_recipe
from mirps_dash.warmup import Warmer
from mirps_dash.words import defined_terms, format_partial_date

APP_SCRIPT = PROJECT_ROOT / "app.py"
View = TypeVar("View")


class _Frame(threading.local):
    """Whether this script thread is inside app.py's navigation (set by `run_pages`)."""

    running = False


_FRAME = _Frame()


def run_pages(pages: list) -> None:
    """app.py's last step: `st.navigation(pages).run()`, marking the run as framed for `require_frame`."""
    _FRAME.running = True
    try:
        st.navigation(pages).run()
    finally:
        _FRAME.running = False


@functools.cache
def _app_code():
    """app.py, compiled once (`runpy.run_path` compiled it again on every run of a page in v1 mode)."""
    return compile(APP_SCRIPT.read_text(encoding="utf-8"), str(APP_SCRIPT), "exec")


def require_frame() -> None:
    """Every page's first line: when Streamlit ran the page without app.py, run app.py instead, then stop.

    The one workaround for a Streamlit 1.67 behaviour (runtime/pages_manager.py, `uses_pages_directory`): when a
    `pages/` folder sits beside the entrypoint, the process starts as a v1 multipage app, in which `/arrivals`
    runs pages/arrivals.py on its own (no frame, no language switch, pages by file name), until some session
    calls `st.navigation`. No option turns that off. Running app.py here calls `st.navigation` (which leaves v1
    mode for the process) and routes to this page again, inside the frame, keeping the run's widget events.

    Page callables in `st.Page` were tried and ruled out: in v1 mode the script runner (scriptrunner/
    script_runner.py, `_mpa_v1`) never runs app.py for a page's address; it builds its own pages from the
    `pages/*.py` files and runs the file itself. Whatever app.py hands `st.navigation` (paths or callables) is not
    read on that request, and a pages/ file holding only a function would draw an empty page. Only deleting
    `pages/` (the design keeps it) or calling `st.navigation` from the first script that runs avoids v1 mode;
    this function does the latter, with no private attribute. tests/test_links.py checks that every page calls
    this first; tests/test_browser_links.py opens every page by address on a freshly started server.
    """
    if not _FRAME.running:
        exec(_app_code(), {"__name__": "__main__", "__file__": str(APP_SCRIPT)})  # our own app.py, as runpy ran it
        st.stop()


# What every session shares, by database URL first (one per process in production; tests point the app at a
# fresh file each). Bounded by entries, least recently used first: a frame of the 100x store is ~100 MB.
_STORES: Memo[Store] = Memo(max_entries=4)
_FRAMES: Memo[pd.DataFrame] = Memo(max_entries=32)
_VIEWS: Memo = Memo(max_entries=512)
_SMALL: Memo = Memo(max_entries=512)  # source lines, version records, change summaries


def reset_caches() -> None:
    """Forget every store, frame and view this process keeps, closing the stores' connection pools, and empty
    Streamlit's own caches: tests run AppTest in one process, and each must start as a fresh server would.
    Stops the warm-up thread, if one runs (`start_warming` starts it again)."""
    _WARMER.stop()
    _WARMER.warmed = None
    for store in _STORES.clear():
        store.engine.dispose()
    for memo in (_FRAMES, _VIEWS, _SMALL):
        memo.clear()
    st.cache_data.clear()
    st.cache_resource.clear()


_URLS: dict[tuple[str | None, str | None], str] = {}


def _database_url() -> str:
    """`store.database_url()`, made once per setting of its two variables: it makes the SQLite file's folder,
    a system call that every cache lookup of a run (dozens) paid."""
    key = (os.environ.get("MIRPS_DATABASE_URL"), os.environ.get("MIRPS_SQLITE_PATH"))
    url = _URLS.get(key)
    if url is None:
        url = _URLS[key] = database_url()
    return url


def _open_store(url: str) -> Store:
    store = Store(make_engine(url))
    ensure_seeded(store)
    return store


def get_store() -> Store:
    """One store (connection pool) per process, seeded from data/ on first use."""
    url = _database_url()
    return _STORES.get(url, lambda: _open_store(url))


def _load(dataset: str, version: int | None) -> pd.DataFrame:
    return _FRAMES.get((_database_url(), dataset, version), lambda: get_store().load(dataset, version))


RUN_VERSIONS_KEY = "_data_versions_this_run"
PINNED_KEY = "_pinned_versions_this_run"  # the older versions a cited link (`?v=`) asked for, else {}
PIN_PROBLEMS_KEY = "_pin_problems_this_run"  # items of `?v=` naming no dataset or no version of it
SHOWN_FILES_KEY = "_shown_files_this_run"
_COOKIE_KEY = "_staff_cookie_of_connection"  # `staff_cookie`, read once per session
_IDENTITY_KEY = "_identity_setup_of_session"  # `identity_setup`, read once per session
_CITE_KEYS = "_cite_keys_this_run"  # keys of this run's "Cite" popovers (the same sources may be cited twice)


def _version_ids(dataset: str, current: int | None) -> frozenset[int]:
    """Every version id of a dataset (a publish adds one, none is ever deleted: keyed on the current one)."""
    key = (_database_url(), "version_ids", dataset, current)
    return _SMALL.get(key, lambda: frozenset(int(v) for v in get_store().versions(dataset)["version_id"]))


# what this run shows, for the briefing PDF: (figure, summary, table, sources) per chart, key figures, sources cited
SHOWN_CHARTS_KEY = "_shown_charts_this_run"
KEY_FIGURES_KEY = "_key_figures_this_run"
CITED_SOURCES_KEY = "_cited_sources_this_run"


def read_versions_for_this_run() -> None:
    """Read the current version of every dataset once, at the start of a run (the frame calls it): every
    figure of the run then comes from the same versions, and a publish elsewhere shows at the next run.

    A cited link's `?v=claims:12,refugees:4` replaces those datasets' versions with the ones it names (the store
    keeps every version; caches key on versions); one naming an unknown dataset or version pins nothing."""
    from mirps_dash.links import VERSIONS_PARAM, read_version_pins

    current = get_store().current_versions()
    pins, problems = read_version_pins(st.query_params.get_all(VERSIONS_PARAM), DATASETS)
    problems += [
        f"{name}:{version}" for name, version in pins.items() if version not in _version_ids(name, current.get(name))
    ]
    pins = {} if problems else pins
    st.session_state[PIN_PROBLEMS_KEY] = problems
    st.session_state[PINNED_KEY] = {name: version for name, version in pins.items() if version != current.get(name)}
    st.session_state[RUN_VERSIONS_KEY] = {**current, **pins}
    if _WARMER.running and _WARMER.warmed != (_database_url(), tuple(sorted(current.items()))):
        _WARMER.poke()  # this run saw a version before the warm-up did: start on it now, beside this run
    st.session_state[SHOWN_FILES_KEY] = []  # "download everything shown" holds this run's tables only
    st.session_state[_CITE_KEYS] = set()
    for key in (SHOWN_CHARTS_KEY, KEY_FIGURES_KEY, CITED_SOURCES_KEY):  # and the briefing this run's charts only
        st.session_state[key] = []


def pinned_versions_notice(lang: str) -> None:
    """At the top of every page: a banner when a cited link shows older data versions, with a link to the same
    view on the current data; a message when the link names versions that do not exist (the current data shows)."""
    from mirps_dash.links import version_pins_code

    problems = st.session_state.get(PIN_PROBLEMS_KEY) or []
    pinned = st.session_state.get(PINNED_KEY) or {}
    if problems:
        st.warning(escape_markdown(t("pin_unknown", lang, items=", ".join(problems))), icon=":material/link_off:")
    elif pinned:
        text = t("pin_older", lang, versions=escape_markdown(version_pins_code(pinned)), url=shareable_url())
        st.info(text, icon=":material/history:")


def current_versions() -> dict[str, int]:
    """Current version of every dataset, as read at the start of this run (one small query a run)."""
    versions = st.session_state.get(RUN_VERSIONS_KEY)
    return versions if versions is not None else get_store().current_versions()


def load_dataset(dataset: str) -> pd.DataFrame:
    """The current version of a dataset, shared by every session: read it, never change it in place."""
    return _load(dataset, current_versions().get(dataset))


def _frame(name: str, versions: Mapping[str, int | None]) -> pd.DataFrame:
    """A dataset, or a frame derived from datasets (`views.DERIVED_FRAMES`), keyed by its name and the versions
    of the datasets it is made from: a filter-independent scan runs once per data version, not per filter.
    A derived frame is read from the store when a publish (or a warm-up) stored it, else made here."""
    if name not in DERIVED_FRAMES:
        return _load(name, versions.get(name))
    make, inputs = DERIVED_FRAMES[name]
    key = (_database_url(), name, tuple((dataset, versions.get(dataset)) for dataset in inputs))

    def read_or_make() -> pd.DataFrame:
        keyed = derived_inputs(name, versions)
        stored = None if keyed is None else get_store().load_derived(name, keyed, derived_recipe())
        return stored if stored is not None else make(*(_frame(dataset, versions) for dataset in inputs))

    return _FRAMES.get(key, read_or_make)


def _view(function: Callable, datasets: tuple[str, ...], versions: tuple[tuple[str, int | None], ...], args: tuple):
    # keyed by the function's module and name (never the object), so every session shares one entry
    def make():
        frames = {dataset: _frame(dataset, dict(versions)) for dataset in datasets}
        others = [p for p in inspect.signature(function).parameters if p not in frames]
        return function(**frames, **dict(zip(others, args, strict=False)))

    return _VIEWS.get((_database_url(), function.__module__, function.__name__, datasets, versions, args), make)


def _check_view_parameters(function: Callable, datasets: tuple[str, ...], args: tuple) -> None:
    """Refuse a view called with dataset names that are not its parameters, or with a wrong count of other
    values: frames go in by name, so a swapped or misspelt name is an error here, never a wrong chart."""
    shape = (function, datasets, len(args))  # whether the values fit depends on their count only
    if shape in _CHECKED_CALLS:
        return
    parameters = inspect.signature(function).parameters
    unknown = [d for d in datasets if d not in DERIVED_FRAMES and d not in DATASETS]
    missing = [d for d in datasets if d not in parameters]
    if unknown:
        raise TypeError(
            f"ui.view({function.__qualname__}): not a dataset or derived frame: {', '.join(map(repr, unknown))}"
            f" (datasets: {', '.join(DATASETS)}; derived: {', '.join(DERIVED_FRAMES)})"
        )
    if missing:
        raise TypeError(
            f"ui.view({function.__qualname__}): no parameter named {', '.join(map(repr, missing))}; "
            f"its parameters are {', '.join(parameters)}"
        )
    others = [p for p in parameters.values() if p.name not in datasets]
    try:
        inspect.Signature(others).bind(*args)
    except TypeError as error:
        raise TypeError(
            f"ui.view({function.__qualname__}) with datasets {', '.join(datasets)}: the other values "
            f"{args!r} do not fit its other parameters ({', '.join(p.name for p in others)}): {error}"
        ) from None
    _CHECKED_CALLS.add(shape)


_CHECKED_CALLS: set[tuple] = set()  # (view, datasets, count of other values) already checked


def view(function: Callable[..., View], datasets: list[str], *args) -> View:
    """`function(**frames, **others)`: each name in `datasets` (a dataset or a `views.DERIVED_FRAMES` name) is
    passed as the parameter of that name, over its current version, and `args` fill the other parameters in
    order (hashable filter values and the language). Made once per (versions, args) and shared by every session;
    `function` is a pure, importable function (mirps_dash.views); what it returns is never changed in place."""
    _check_view_parameters(function, tuple(datasets), args)  # before the store is read
    return view_at(current_versions(), function, datasets, *args)


def view_at(versions: Mapping[str, int], function: Callable[..., View], datasets: list[str], *args) -> View:
    """`view` over the given data versions instead of this run's (the warm-up makes views outside any run)."""
    names = tuple(datasets)
    _check_view_parameters(function, names, args)
    inputs = sorted({source for name in names for source in DERIVED_FRAMES.get(name, (None, (name,)))[1]})
    keyed = tuple((dataset, versions.get(dataset)) for dataset in inputs)
    return _view(function, names, keyed, args)


# ---- the warm-up: every page's default views, made when a data version appears ----------------------------

WARM_POLL_SECONDS = 2.0  # how soon a replica notices a publish made elsewhere (another replica, the CLI)


def _warm_state() -> tuple[str, tuple[tuple[str, int], ...]]:
    """What the warm-up keys on: the database and its current version of every dataset."""
    return _database_url(), tuple(sorted(get_store().current_versions().items()))


def warm_defaults(state: tuple[str, tuple[tuple[str, int], ...]]) -> None:
    """Make every page's default view (`views.defaults.DEFAULT_VIEWS`) in each language for these versions,
    with the freshness lines' newest periods and the Overview's change summaries. A page whose views fail is
    logged and skipped (its visitors then make its views, and see any error, as without a warm-up)."""
    import logging

    from mirps_dash import freshness
    from mirps_dash.views.defaults import DEFAULT_VIEWS

    url, pairs = state
    versions = dict(pairs)
    if url != _database_url():  # the process moved to another database meanwhile (tests)
        return

    def call(function: Callable, datasets: list[str], *args):
        time.sleep(0.001)  # between views, let the sessions' threads run
        return view_at(versions, function, datasets, *args)

    rules = freshness.cadences()
    for dataset in FRESHNESS_DATASETS:
        if dataset in versions:
            _version_row(dataset, versions[dataset])
            _newest_periods(dataset, versions[dataset], versions.get("sources"), rules)
    try:  # what a publish elsewhere did not store (an older release's): the Overview's changes are then read
        save_changes(get_store(), versions)
    except Exception:
        logging.getLogger(__name__).exception("the changes of %r were not stored", versions)
    for lang in LANGUAGES:
        for page, make in DEFAULT_VIEWS.items():
            try:
                make(call, lang)
            except Exception:
                logging.getLogger(__name__).exception("warm-up of the %s page (%s) failed", page, lang)
        for dataset in CHANGED_DATASETS:
            info = _version_row(dataset, versions.get(dataset))
            if info and info["parent_version"] is not None:
                _change_summary(dataset, info["parent_version"], info["version_id"], lang)
    try:  # what a publish elsewhere did not store (versions of an older release, a rollback's mix): from memory
        save_derived_frames(get_store(), versions, lambda name: _frame(name, versions))
    except Exception:
        logging.getLogger(__name__).exception("the derived frames of %r were not stored", versions)


_WARMER = Warmer(_warm_state, warm_defaults, WARM_POLL_SECONDS)  # type: ignore[arg-type]


def start_warming() -> Warmer:
    """Start this process's warm-up thread (the server does at start, asgi.py): it makes the current versions'
    default views now, and a new version's within `WARM_POLL_SECONDS` of its publish anywhere, at once after a
    publish made in this process."""
    on_publish(_WARMER.poke)
    _WARMER.start()
    return _WARMER


LANGUAGE_KEY = "app_lang"  # the frame's language switch; the URL keeps the choice as `lang`
_URL_SEEN_KEY = "_url_seen"  # per URL parameter: the text the address held when this session last wrote it


def current_language() -> str:
    """es or en: the frame's switch this run, else the URL's `lang`, else the browser's locale, else Spanish."""
    lang = st.session_state.get(LANGUAGE_KEY) or st.query_params.get("lang") or language_from_locale(st.context.locale)
    return lang if lang in LANGUAGES else "es"


def _address_changed(param: str, texts: tuple[str, ...], lang: str | None = None) -> bool:
    """True when the address holds for `param` what this session did not write there (a first visit, a typed or
    shared link, the browser's back button), or the language changed since it wrote it."""
    return st.session_state.get(_URL_SEEN_KEY, {}).get(param) != (texts, lang)


def _write_address(param: str, texts: list[str], lang: str | None = None) -> None:
    """Put `texts` in the address as `param` (left out when empty: the default view needs no parameter)."""
    if texts:
        if st.query_params.get_all(param) != texts:
            st.query_params[param] = texts if len(texts) > 1 else texts[0]
    elif param in st.query_params:
        del st.query_params[param]
    st.session_state.setdefault(_URL_SEEN_KEY, {})[param] = (tuple(texts), lang)


PAGE_STYLE = PROJECT_ROOT / "mirps_dash" / "assets" / "page.css"


@functools.cache
def _page_style_sheet() -> str:
    return f"<style>{PAGE_STYLE.read_text(encoding='utf-8')}</style>"


def page_style() -> None:
    """The few rules Streamlit's theme cannot set (focus ring, map for the column's width, tables that scroll
    in their box), from a local file read once: a style sheet from another host would not load on a closed
    network."""
    st.html(_page_style_sheet())


def language_picker() -> str:
    """The sidebar's es / en switch, labelled in the language it shows in the same run; kept in the URL (`lang`).

    The frame calls it first in every run, so it also adds the page's style sheet (`page_style`)."""
    page_style()
    in_url = tuple(st.query_params.get_all("lang"))
    # A link's or the back button's `lang` wins; none (a page switch clears the address) keeps the session's choice.
    if LANGUAGE_KEY not in st.session_state or (in_url and _address_changed("lang", in_url)):
        asked = in_url[-1] if in_url else None
        st.session_state[LANGUAGE_KEY] = asked if asked in LANGUAGES else language_from_locale(st.context.locale)
    lang = st.session_state[LANGUAGE_KEY] = st.session_state[LANGUAGE_KEY]  # set, or a page switch may reset it
    choice = st.sidebar.radio(
        t("language", lang),
        LANGUAGES,
        horizontal=True,
        format_func={"es": "Español", "en": "English"}.get,
        key=LANGUAGE_KEY,
    )
    _write_address("lang", [choice])
    return choice


def dialog_language_switch(lang: str, key: str) -> None:
    """The language switch again, inside a dialog (an open dialog makes the sidebar inert): a switch reruns the
    whole app in the other language, and the dialog opens again from the URL."""

    def switch() -> None:
        if st.session_state.get(key):
            st.session_state[LANGUAGE_KEY] = st.session_state[key]

    choice = st.segmented_control(
        t("language", lang),
        LANGUAGES,
        default=lang,
        key=key,
        on_change=switch,
        format_func={"es": "Español", "en": "English"}.__getitem__,
    )
    if choice and choice != lang:  # the dialog reran alone: run the whole app in the new language
        st.rerun()


def _source_caption_text(source_ids: tuple[str, ...], lang: str, version: int | None) -> str:
    """The caption of these sources (escaped, one line each), made once per (sources, language, version): a
    chart's sources are the same on most runs, and escaping its lines cost a Trends run a few ms each time."""
    key = (_database_url(), "source_caption", source_ids, lang, version)
    return _SMALL.get(key, lambda: _make_source_caption_text(source_ids, lang, version))


def _source_line_by_id(lang: str, version: int | None) -> dict[str, str]:
    """Every source's caption line ('publisher, title, as of'), escaped, by id: one pass over the sources per
    version and language, where a lookup per source and chart cost 1-2 ms each (the monthly chart cites dozens)."""
    key = (_database_url(), "source_line_by_id", lang, version)
    return _SMALL.get(key, lambda: _make_source_line_by_id(lang, version))


def _make_source_line_by_id(lang: str, version: int | None) -> dict[str, str]:
    sources = _load("sources", version)
    return {
        str(row["source_id"]): escape_markdown(
            t(
                "source_line",
                lang,
                publisher=row["publisher"],
                title=row["title"],
                as_of=format_partial_date(str(row["as_of"]), lang),
            )
        )
        for row in sources[["source_id", "publisher", "title", "as_of"]].to_dict("records")
    }


def _make_source_caption_text(source_ids: tuple[str, ...], lang: str, version: int | None) -> str:
    by_id = _source_line_by_id(lang, version)
    lines = [escape_markdown(t("mixed_sources", lang, count=len(source_ids)))] if len(source_ids) > 1 else []
    return "  \n".join(lines + [by_id[source_id] for source_id in source_ids if source_id in by_id])


def source_caption(
    source_ids: list[str] | tuple[str, ...] | str, lang: str, datasets: list[str] | str | None = None
) -> None:
    """Source(s) and as-of date of a figure, under it, as plain text; says so when sources are mixed, and
    names the data version when a dataset behind the figure was uploaded (not the shipped data)."""
    ids = (source_ids,) if isinstance(source_ids, str) else tuple(dict.fromkeys(source_ids))
    st.session_state.setdefault(CITED_SOURCES_KEY, []).extend(ids)  # the briefing lists every source cited
    text = _source_caption_text(ids, lang, current_versions().get("sources"))
    lines = [text] if text else []
    for dataset in [datasets] if isinstance(datasets, str) else (datasets or []):
        info = version_info(dataset)
        if info and info["created_by"] != SEED_ACTOR:
            line = t(
                "uploaded_version_line",
                lang,
                dataset=dataset,
                version=info["version_id"],
                day=format_day(info["created_at"][:10], lang),
                file=info["file_name"] or "—",
            )
            lines.append(escape_markdown(line))
    if lines:
        st.caption("  \n".join(lines))
    cite(ids, lang, datasets)


def _citation_parts(
    source_ids: tuple[str, ...], lang: str, datasets: list[str] | str | None
) -> tuple[tuple[str, ...], pd.DataFrame, dict[str, int], str, str]:
    """What a citation reads from this run (`cite.citation_text`'s arguments but the day): the sources, the versions
    of the datasets cited, the permalink pinning them and the sources' (so a pinned view cites its own versions)."""
    versions = current_versions()
    named = [datasets] if isinstance(datasets, str) else list(datasets or [])
    inputs = sorted({source for name in named for source in DERIVED_FRAMES.get(name, (None, (name,)))[1]})
    cited = {name: versions[name] for name in inputs or ["sources"] if name in versions}
    pins = {**cited, "sources": versions.get("sources")}
    return tuple(source_ids), _load("sources", versions.get("sources")), cited, shareable_url(pins), lang


def _citation_text(
    source_ids: tuple[str, ...], sources: pd.DataFrame, cited: dict[str, int], permalink: str, lang: str
) -> str:
    from mirps_dash import freshness
    from mirps_dash.cite import citation_text

    return citation_text(source_ids, sources, cited, freshness.today(), permalink, lang)


def citation(source_ids: tuple[str, ...], lang: str, datasets: list[str] | str | None = None) -> str:
    """The citation of a figure read from `datasets` (`cite.citation_text`), with the permalink pinning their
    versions and the sources' (the ones this run shows, so a pinned view cites its own versions)."""
    return _citation_text(*_citation_parts(source_ids, lang, datasets))


def cite(source_ids: tuple[str, ...], lang: str, datasets: list[str] | str | None = None) -> None:
    """The "Citar / Cite" popover under a figure, holding its citation as plain text to select and copy (st.code's
    copy button would cost every first visit a 1.5 MB syntax highlighter). The citation is made only while the
    popover is open (opening it reruns the page): every chart drew one on every run, a few ms each."""
    import hashlib

    seen = st.session_state.setdefault(_CITE_KEYS, set())
    key = "cite_" + hashlib.sha1(repr((source_ids, datasets)).encode()).hexdigest()[:10]
    while key in seen:  # the same sources cited twice on a page
        key += "_"
    seen.add(key)
    popover = st.popover(
        t("cite", lang), icon=":material/format_quote:", help=t("cite_help", lang), key=key, on_change="rerun"
    )
    with popover:
        if popover.open:
            st.caption(t("cite_intro", lang))
            st.text(citation(source_ids, lang, datasets))


# ---- officials' pages: versions, charts with their table, share link, map shapes ----------------


def _version_row(dataset: str, version: int | None) -> dict | None:
    """The version's record, shared by every session: read it, never change it."""
    return _SMALL.get((_database_url(), "version_row", dataset, version), lambda: _read_version_row(dataset, version))


def _read_version_row(dataset: str, version: int | None) -> dict | None:
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


def _change_summary(dataset: str, old: int, new: int, lang: str) -> tuple[str, str, pd.DataFrame, pd.DataFrame]:
    versions = current_versions()
    sources, offices = versions.get("sources"), versions.get("offices")
    key = (_database_url(), "change_summary", dataset, old, new, sources, offices)
    return _SMALL.get(key, lambda: _make_change_summaries(dataset, old, new, sources, offices))[lang]


def _make_change_summaries(
    dataset: str, old: int, new: int, sources_version: int | None, offices_version: int | None
) -> dict[str, tuple[str, str, pd.DataFrame, pd.DataFrame]]:
    """The change summary in every language from one comparison of the two versions (stored by the publish, or
    made here): at 1M rows the comparison takes seconds, and each language compared them again. The comparison
    itself is not kept."""
    from mirps_dash.changes import compare_versions
    from mirps_dash.views import change_summary, describe_figure_changes, figure_changes_csv

    changes = stored_changes(get_store(), dataset, old, new)  # stored by the publish: 1 s at 100x when made
    if changes is None:
        changes = compare_versions(_load(dataset, old), _load(dataset, new), dataset)
    sources, offices = _load("sources", sources_version), _load("offices", offices_version)
    made = {}
    for language in LANGUAGES:
        text, figures, _rows = change_summary(changes, dataset, language)
        words, table = describe_figure_changes(figures, sources, offices, language)
        made[language] = (text, words, table, figure_changes_csv(figures, sources, offices, language))
    return made


def latest_change_summary(dataset: str, lang: str) -> tuple[str, str, pd.DataFrame, pd.DataFrame] | None:
    """What the current version changed against its parent, or None for the first: the summary in words
    (`views.change_summary`), the figures that moved in words and as a table (`views.describe_figure_changes`),
    and those figures' numbers for the CSV (`views.figure_changes_csv`). Made once per versions and language
    (and by the warm-up after a publish), not on every run."""
    info = version_info(dataset)
    if not info or info["parent_version"] is None:
        return None
    return _change_summary(dataset, info["parent_version"], info["version_id"], lang)


def _newest_periods(dataset: str, version: int | None, sources_version: int | None, rules: tuple) -> dict[str, str]:
    from mirps_dash.freshness import newest_periods

    def make() -> dict[str, str]:
        # from the dataset's releases (a derived frame a publish stores: a few hundred rows), not its 1M rows
        releases = f"releases_of_{dataset}"
        rows = _frame(releases, {dataset: version}) if releases in DERIVED_FRAMES else _load(dataset, version)
        return newest_periods(rows, _load("sources", sources_version), rules)

    return _SMALL.get((_database_url(), "newest_periods", dataset, version, sources_version, rules), make)


def data_freshness(datasets: list[str], lang: str) -> None:
    """Under a page's title: for each dataset, each producer's newest period and the day it was published here,
    in words; a line for figures older than their producer's update interval (`freshness.CADENCES`) stands out
    as a warning that says so."""
    import datetime as dt

    from mirps_dash import freshness
    from mirps_dash.cite import freshness_text

    rules, versions, day = freshness.cadences(), current_versions(), freshness.today()
    found: list[freshness.Freshness] = []
    for dataset in datasets:
        info = version_info(dataset)
        if info is None:
            continue
        newest = _newest_periods(dataset, versions.get(dataset), versions.get("sources"), rules)
        found += freshness.assess(dataset, newest, dt.date.fromisoformat(info["created_at"][:10]), day, rules)
    fresh = [escape_markdown(freshness_text(f, lang)) for f in found if not f.overdue]
    for overdue in (f for f in found if f.overdue):
        st.warning(escape_markdown(freshness_text(overdue, lang)), icon=":material/update:")
    if fresh:
        st.caption("  \n".join(fresh))


def data_versions() -> pd.DataFrame:
    """The version in use of every dataset: dataset, version_id, created_at (to the minute, in UTC: the store
    writes UTC), created_by, file_name, row_count."""
    rows = [version_info(dataset) for dataset in sorted(current_versions())]
    columns = ["dataset", "version_id", "created_at", "created_by", "file_name", "row_count"]
    frame = pd.DataFrame([r for r in rows if r], columns=columns)
    published = pd.to_datetime(frame["created_at"], utc=True, format="ISO8601")
    return frame.assign(created_at=published.dt.strftime("%Y-%m-%d %H:%M UTC"))


def shareable_url(pins: Mapping[str, int | None] | None = None) -> str:
    """This view's address: the page's URL with every query parameter (language and filters) on the current data;
    with `pins`, the permalink that shows these data versions (`?v=claims:12,sources:1`) even after later uploads."""
    from urllib.parse import quote, urlencode

    from mirps_dash.links import VERSIONS_PARAM, version_pins_code

    base = quote(st.context.url or "", safe=":/%")
    params = [(k, value) for k in st.query_params if k != VERSIONS_PARAM for value in st.query_params.get_all(k)]
    if pins and (code := version_pins_code(pins)):
        params.append((VERSIONS_PARAM, code))
    return base + ("?" + urlencode(params, safe=":,") if params else "")


def share_link(lang: str) -> None:
    """The URL of this exact view in the sidebar, as plain text to select and copy (it is also the address bar's).

    st.text, not st.code or a Markdown code span: st.code's copy button costs every first visit a 1.5 MB syntax
    highlighter, and any monospace text the 88 KB monospace font (measured by bench/browser_bench.py)."""
    st.sidebar.caption(t("copy_link", lang))
    st.sidebar.text(shareable_url(), width="stretch")


def chart(figure, lang: str, key: str, alt: str | None = None, on_select=None):
    """A chart as wide as its column, months named in the reader's language: an ECharts option (`charts`) drawn
    by Streamlit's bundled ECharts as SVG (its labels stay text in the page, for screen readers and tests), or by
    Vega-Lite when its view marked it so (`charts.on_vega_lite`: a page whose map is Vega-Lite fetches one engine);
    a map (`maps`, a plotly figure's JSON) drawn by Vega-Lite twice, for a wide column and for a phone's (its height and
    legends), of which page.css shows the one that fits. `alt` is the chart's accessible name for screen readers.
    With `on_select` (a callback), a click on a bar reruns the app and the selection is in session state at
    `{key}_chart` (ECharts' selection, or Vega-Lite's point selection `charts.PICK`)."""
    from mirps_dash.charts import HEIGHT_KEY, PICK, VEGA_LITE_KEY, vega_lite_spec, with_reader_months
    from mirps_dash.maps import is_map, vega_lite_map

    alt = alt or None  # an empty alt means none (Streamlit logs an empty one)
    if not is_map(figure):
        option = with_reader_months(figure, lang)
        if option.get(VEGA_LITE_KEY):
            return st.vega_lite_chart(
                vega_lite_spec(option),
                key=f"{key}_chart",
                width="stretch",
                theme=None,
                alt=alt,
                on_select=on_select or "ignore",
                selection_mode=[PICK] if on_select else None,
            )
        spec = {name: value for name, value in option.items() if name != HEIGHT_KEY}
        return st.echarts_chart(
            spec,
            key=f"{key}_chart",
            width="stretch",
            height=int(option.get(HEIGHT_KEY, 380)),
            renderer="svg",
            alt=alt,
            on_select=on_select or "ignore",
        )
    with st.container(key=f"fitmap_{key}", gap=None):
        for variant, phone in (("chart", False), ("phone_chart", True)):
            with st.container(key=f"{key}_{'phonemap' if phone else 'widemap'}"):
                spec = vega_lite_map(figure, phone)
                st.vega_lite_chart(spec, key=f"{key}_{variant}", width="stretch", theme=None, alt=alt)
    return None


def table_view(lang: str, key: str):
    """The closed "Table view" expander under a chart or a sentence, which runs its content only when open
    (`if table_view(...).open:` inside it): a closed one sends no grid, so a first visit fetches no data grid
    bundle (about 0.6 MB, measured by bench/browser_bench.py). Its open state is at
    st.session_state[f"{key}_table_view"]."""
    return st.expander(t("table_view", lang), key=f"{key}_table_view", on_change="rerun")


def lazy_table(table: Frame, lang: str, key: str) -> None:
    """A table under a sentence, behind a closed `table_view`: its grid (and the table, when given as a function)
    is made only when the reader opens it."""
    from mirps_dash.export import made

    with table_view(lang, key) as shown:
        if shown.open:
            st.dataframe(made(table), hide_index=True, width="stretch", key=f"{key}_table")


def chart_block(shown, lang: str, key: str, datasets: list[str] | str | None = None) -> None:
    """A `views.ChartView`: the chart (its summary as its alt text), its one-sentence summary, its sources, the
    same numbers as a table with a CSV download, and the chart alone as SVG and PNG (each file made when clicked,
    not on every rerun)."""
    from functools import partial

    from mirps_dash.export import to_csv_bytes

    chart(shown.figure, lang, key, alt=shown.summary)
    st.markdown(escape_markdown(shown.summary))
    source_caption(shown.sources, lang, datasets)
    with table_view(lang, key) as shown_table:
        if shown_table.open:
            st.dataframe(shown.table, hide_index=True, width="stretch", key=f"{key}_table")
            st.download_button(
                t("download_csv", lang),
                partial(to_csv_bytes, shown.csv_file()),
                file_name=f"{key}.csv",
                mime="text/csv",
                key=f"{key}_csv",
                on_click="ignore",  # a rerun on the click replaced the file the browser was still asking for
            )
            chart_image_buttons(shown.figure, lang, key)
    # the tables by reference: a view that defers them (`ChartView(tables=...)`) makes them only for a download
    remember_chart(shown.figure, shown.summary, lambda: shown.table, shown.sources)
    remember_shown(
        ShownFile(
            f"{key}.csv",
            shown.csv_file,
            shown.summary,
            tuple(shown.sources),
            tuple([datasets] if isinstance(datasets, str) else datasets or ()),
        )
    )


def _chart_file(kind: str, figure, lang: str) -> bytes:
    from mirps_dash.briefing import figure_png, figure_svg
    from mirps_dash.charts import with_reader_months

    return (figure_svg if kind == "svg" else figure_png)(with_reader_months(figure, lang))


def chart_image_buttons(figure, lang: str, key: str) -> None:
    """The chart alone as an SVG (vector, its labels as text) and a PNG file, drawn on the server when clicked:
    saving works offline and looks the same for a chart and a map (the charts' toolbar saves only what the browser drew)."""
    from functools import partial

    with st.container(horizontal=True, key=f"{key}_images"):
        for kind, mime, icon in (
            ("svg", "image/svg+xml", ":material/polyline:"),
            ("png", "image/png", ":material/image:"),
        ):
            st.download_button(
                t(f"download_{kind}", lang),
                partial(_chart_file, kind, figure, lang),
                file_name=f"{key}.{kind}",
                mime=mime,
                key=f"{key}_{kind}",
                on_click="ignore",
                icon=icon,
            )


def remember_chart(figure, summary: str, table: Frame, sources: tuple[str, ...] | list[str] = ()) -> None:
    """A chart this run shows (its figure as the view made it, sentence, formatted table, sources), for the briefing.

    The figure is kept by reference (views share it and never change it): the briefing draws it when clicked."""
    from mirps_dash.briefing import BriefingChart

    st.session_state.setdefault(SHOWN_CHARTS_KEY, []).append(BriefingChart(figure, summary, table, tuple(sources)))


def remember_key_figure(label: str, value: str) -> None:
    """A key figure this run shows (label and value as on the page), for the briefing."""
    from mirps_dash.briefing import KeyFigure

    st.session_state.setdefault(KEY_FIGURES_KEY, []).append(KeyFigure(label, value))


def remember_shown(*files: ShownFile) -> None:
    """Tables this run shows, for the "download everything shown" ZIP (reset at the start of every run)."""
    st.session_state.setdefault(SHOWN_FILES_KEY, []).extend(files)


def _everything_zip(files: list[ShownFile], readme: Callable[..., str], cited: tuple) -> bytes:
    """The ZIP of `download_everything`, made when the reader clicks (in a server thread, outside the script): the
    README with its citation (`cited`: `_citation_parts` of this run), then the CSVs."""
    from mirps_dash.export import shown_zip

    return shown_zip(files, readme(citation=_citation_text(*cited)))


def download_everything(lang: str, page: str, filters: list[str] | None = None) -> None:
    """A button (in the sidebar, under the link) for a ZIP of every table this run showed as CSV, with a README
    in the reader's language: sources and licences, filters, data versions and the link to this view.

    Filters default to the address's parameters (the view's state, as codes). This run gathers what the files
    need (references, a few ms); the README, its citation and the CSVs are made when clicked, not on every run."""
    import datetime as dt
    from functools import partial

    from mirps_dash.export import readme_text

    files = list(st.session_state.get(SHOWN_FILES_KEY, []))
    if not files:
        return
    if filters is None:
        filters = address_filters()
    datasets = sorted({dataset for file in files for dataset in file.datasets} | {"sources"})
    versions = [{**info, "dataset": dataset} for dataset in datasets if (info := version_info(dataset))]
    shown = sorted({dataset for file in files for dataset in file.datasets})
    sources = tuple(dict.fromkeys(source for file in files for source in file.sources))
    readme = partial(
        readme_text,
        lang,
        t(f"page_{page}", lang),
        shareable_url(),
        filters,
        files,
        load_dataset("sources"),
        versions,
        dt.datetime.now(dt.UTC),
        definitions=defined_terms(shown, lang),
    )
    st.sidebar.download_button(
        t("download_everything", lang),
        partial(_everything_zip, files, readme, _citation_parts(sources, lang, shown)),
        file_name=f"mirps-{page}.zip",
        mime="application/zip",
        key="download_everything",
        on_click="ignore",
        icon=":material/folder_zip:",
        help=t("download_everything_help", lang),
    )


def address_filters() -> list[str]:
    """The view's filters as the address holds them (codes), one 'name = values' line each, language left out."""
    return [f"{key} = {', '.join(st.query_params.get_all(key))}" for key in st.query_params if key != "lang"]


def _briefing_pdf(briefing) -> bytes:
    """The PDF of a briefing gathered by `download_briefing` (run when the reader clicks, outside the script run)."""
    import dataclasses

    from mirps_dash.briefing import briefing_pdf
    from mirps_dash.charts import with_reader_months

    charts = tuple(
        dataclasses.replace(chart, figure=with_reader_months(chart.figure, briefing.lang)) for chart in briefing.charts
    )
    return briefing_pdf(dataclasses.replace(briefing, charts=charts))


def download_briefing(lang: str, page: str, filters: list[str] | None = None) -> None:
    """A sidebar button for one PDF of what this page shows now (`briefing.briefing_pdf`): key figures, each chart
    with its sentence, table and sources, every source's licence and as-of date, data versions, this view's link.

    Gathered in this run (cheap references), drawn only when clicked. A deferred `st.download_button` is its own
    progress indicator: in Streamlit 1.67 the button turns to a spinner and is disabled until the file is made
    (frontend DownloadButton, `requestDeferredFile`), so no "Prepare" step and no second click are needed. The
    callable runs in a server thread, outside the script: it gets everything it needs here, never session state.
    The page calls it once, after everything it shows (charts and key figures register as they are drawn)."""
    import datetime as dt
    from functools import partial

    from mirps_dash.briefing import Briefing

    charts = tuple(st.session_state.get(SHOWN_CHARTS_KEY, []))
    figures = tuple(st.session_state.get(KEY_FIGURES_KEY, []))
    if not charts and not figures:
        return
    versions = tuple(
        {**info, "dataset": dataset} for dataset in sorted(current_versions()) if (info := version_info(dataset))
    )
    briefing = Briefing(
        lang=lang,
        page=t(f"page_{page}", lang),
        made_at=dt.datetime.now(dt.UTC),
        permalink=shareable_url(),
        key_figures=figures,
        charts=charts,
        sources=load_dataset("sources"),
        source_ids=tuple(dict.fromkeys(st.session_state.get(CITED_SOURCES_KEY, []))),
        versions=versions,
        filters=tuple(address_filters() if filters is None else filters),
    )
    st.sidebar.download_button(
        t("download_briefing", lang),
        partial(_briefing_pdf, briefing),
        file_name=f"mirps-{page}-{lang}.pdf",
        mime="application/pdf",
        key="download_briefing",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        help=t("download_briefing_help", lang),
    )


def oidc_configured() -> bool:
    """True when .streamlit/secrets.toml has an [auth] section (sign-in through an identity provider)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def session_secret() -> str:
    """What staff sign-in tokens are signed with: MIRPS_SESSION_SECRET, else the secret Streamlit signs its own
    cookies with: `cookie_secret` of the [auth] section when st.login is configured, else `server.cookieSecret`
    (random per process unless configured: set the same one on every replica, or a restart signs everyone out)."""
    import os

    auth = st.secrets.get("auth") if oidc_configured() else None
    return (
        os.environ.get("MIRPS_SESSION_SECRET")
        or (auth or {}).get("cookie_secret")
        or st.get_option("server.cookieSecret")
    )


def client_address() -> str:
    """The address sign-in attempts are counted against (the proxy's X-Forwarded-For when MIRPS_TRUST_FORWARDED_FOR)."""
    from mirps_dash import auth

    ip, headers = st.context.ip_address, st.context.headers
    return auth.client_address(
        ip if isinstance(ip, str) else None, headers if isinstance(headers, Mapping) else None, auth.trusted_proxies()
    )


def staff_cookie() -> str | None:
    """The sign-in token the browser sent when this session connected (a reload, a new tab, a typed address).

    Read once per session: the cookies are the connection's, the same on every rerun, and reading them cost
    every run about a millisecond."""
    from mirps_dash.auth import COOKIE_NAME

    if _COOKIE_KEY not in st.session_state:
        cookie = st.context.cookies.get(COOKIE_NAME)
        st.session_state[_COOKIE_KEY] = cookie if isinstance(cookie, str) else None  # AppTest's is a stand-in
    return st.session_state[_COOKIE_KEY]


def proxy_identity() -> bool:
    """True when `server.trustedUserHeaders` maps a header to st.user's "email" (an identity-aware proxy in front)."""
    mapping = st.get_option("server.trustedUserHeaders")
    return isinstance(mapping, dict) and "email" in mapping.values()


def write_staff_cookie(token: str | None) -> None:
    """Have the browser keep the sign-in token (None: forget it), same origin, for the session's hours.

    Streamlit 1.67 reads cookies (`st.context.cookies`) but sets none for an app, so the page loads
    static/staff_session.js (served at app/static/, from this origin: the pages' CSP allows it) with the token in
    data- attributes; it writes the cookie with SameSite=Strict, and Secure over https.
    """
    from html import escape

    from mirps_dash.auth import COOKIE_NAME, session_hours

    value, max_age = (token, int(session_hours() * 3600)) if token else ("", 0)
    st.html(
        f'<script src="app/static/staff_session.js" data-name="{COOKIE_NAME}" data-token="{escape(value)}" '
        f'data-max-age="{max_age}"></script>',
        unsafe_allow_javascript=True,
        width="content",
    )


def identity_setup() -> tuple[bool, bool]:
    """(st.login is configured, an identity-aware proxy is), read once per session: both are the process's
    configuration, and without a secrets file every read of st.secrets or st.user searches for one again (with the
    style sheet read from its file on every run, 7.5 ms of server CPU a rerun of the Data page, now 6.0 ms)."""
    if _IDENTITY_KEY not in st.session_state:
        st.session_state[_IDENTITY_KEY] = (oidc_configured(), proxy_identity())
    return st.session_state[_IDENTITY_KEY]


def current_staff() -> str | None:
    """E-mail of the staff member using this session (checked on every rerun), else None.

    A reader's rerun reads no identity and no signing secret: st.user only where a sign-in through the identity
    provider or the proxy is configured, the secret only where the session holds a token or the browser sent one."""
    from mirps_dash.auth import SESSION_KEY
    from mirps_dash.auth import current_staff as staff_of_session
    from mirps_dash.server import UPLOADS_ALLOWED_KEY

    oidc, proxy = identity_setup()
    cookie = staff_cookie()
    staff = staff_of_session(
        get_store().engine,
        st.user if oidc or proxy else {},
        st.session_state,
        secret=session_secret() if cookie or st.session_state.get(SESSION_KEY) else None,
        cookie=cookie,
        proxy_identity=proxy,
    )
    st.session_state[UPLOADS_ALLOWED_KEY] = staff is not None  # the upload route's gate (mirps_dash/server.py)
    return staff


# ---- the address: codes in the URL, labels on the screen (mirps_dash.links) ------------------------------
# Streamlit's bind="query-params" writes a widget's formatted label to the URL, so a link would change with the
# language. These widgets keep the code there instead: read from the address when it changed outside this session
# (or the language changed), written back after the widget draws.


def _seed_from_address(key: str, read: Callable[[list[str]], object], default: object, lang: str) -> None:
    texts = [text for text in st.query_params.get_all(key) if text.strip()]
    if key not in st.session_state or _address_changed(key, tuple(texts), lang):
        value = read(texts) if texts else None
        st.session_state[key] = default if value is None or value == [] else value


@functools.lru_cache(maxsize=64)
def labels_in_languages(options: tuple, label_of: Callable[[object, str], str]) -> dict[str, dict]:
    """Each option's label in every language ({lang: {option: label}}, options in their order), as
    `url_multiselect` takes them, for options no view labels: made once per set of options, not on every run
    (Trends' 40 country names cost 0.8 ms a run). What it returns is shared: never changed in place."""
    return {lang: {option: label_of(option, lang) for option in options} for lang in LANGUAGES}


def url_multiselect(label: str, labels: Mapping[str, Mapping], key: str, lang: str, **kwargs) -> list:
    """A multiselect whose choices live in the URL as codes (`?pledges_area=education&pledges_area=health`).

    `labels` holds each choice's label in every language ({lang: {choice: label}}, choices in their order), made
    once by a view or `labels_in_languages`: a link may name a choice by its label in either language, and
    labelling every choice on every run cost about a millisecond on Pledges."""
    from mirps_dash.links import url_codes

    shown = labels[lang]
    options = list(shown)
    codes = url_codes(options, lambda option, language: labels[language][option])
    _seed_from_address(key, codes.options, [], lang)
    if any(value not in shown for value in st.session_state[key]):
        st.session_state[key] = [value for value in st.session_state[key] if value in shown]
    chosen = st.multiselect(label, options, key=key, format_func=shown.__getitem__, **kwargs)
    _write_address(key, [codes.code(option) for option in chosen], lang)
    return chosen


def url_selectbox(
    label: str,
    options: list,
    key: str,
    label_of: Callable[[object, str], str],
    lang: str,
    default: object = None,
    **kwargs,
):
    """A selectbox whose choice lives in the URL as a code (`?arrivals_office=tapachula`); None is no choice."""
    from mirps_dash.links import url_codes

    codes = url_codes(options, label_of)
    _seed_from_address(key, lambda texts: codes.option(texts[-1]), default, lang)
    if st.session_state[key] not in options:
        st.session_state[key] = default
    value = st.selectbox(
        label,
        options,
        key=key,
        format_func=lambda option: label_of(option, lang),
        # the choice is in session state (seeded above); an index other than 0 beside it made Streamlit log a
        # warning on every run (Regional's focus, whose default is not the first state)
        index=None if default is None else 0,
        **kwargs,
    )
    _write_address(key, [] if value == default or value is None else [codes.code(value)], lang)
    return value


def url_radio(
    label: str, options: list, key: str, label_of: Callable[[object, str], str], lang: str, default: object, **kwargs
):
    """Radio buttons whose choice lives in the URL as a code (`?arrivals_release=comar-press-006`): a few long
    choices, each on its own line (a radio's code is on every page already, for the language switch). A single
    option is no choice: nothing is drawn and the address names none."""
    if len(options) == 1:
        _write_address(key, [], lang)
        return options[0]
    return _url_labelled_choice(st.radio, label, options, key, label_of, lang, default, **kwargs)


def url_segmented_control(
    label: str, options: list, key: str, label_of: Callable[[object, str], str], lang: str, default: object, **kwargs
):
    """A segmented control whose choice lives in the URL as a code (`?trends_rate=protection_rate`)."""
    return _url_labelled_choice(st.segmented_control, label, options, key, label_of, lang, default, **kwargs)


def _url_labelled_choice(
    widget: Callable, label: str, options: list, key: str, label_of: Callable, lang: str, default: object, **kwargs
):
    """One of `options` picked with `widget` (a radio or a segmented control: option labels in Markdown, escaped
    here, as text), kept in the URL as its code; the default where none is picked."""
    from mirps_dash.links import url_codes

    codes = url_codes(options, label_of)
    _seed_from_address(key, lambda texts: codes.option(texts[-1]), default, lang)
    if st.session_state[key] not in options:
        st.session_state[key] = default
    value = widget(
        label, options, key=key, format_func=lambda option: escape_markdown(label_of(option, lang)), **kwargs
    )
    _write_address(key, [] if value in (default, None) else [codes.code(value)], lang)
    return default if value is None else value


def _open_section(key: str, tab_key: str, sections_by_label: dict[str, str]) -> None:
    st.session_state[key] = sections_by_label.get(st.session_state[tab_key], st.session_state[key])


def url_sections(sections: list[str], key: str, label_of: Callable[[object, str], str], lang: str):
    """A page's sections as tabs, the open one kept in the URL as a code (`?regional_section=rates`; none for the
    first). The page draws only the open section, in its tab: a first visit draws one section's charts, not every
    one, and the briefing and the ZIP hold what the page shows, as they say. Returns (the open section, its tab)."""
    from mirps_dash.links import url_codes

    codes = url_codes(sections, label_of)
    _seed_from_address(key, lambda texts: codes.option(texts[-1]), sections[0], lang)
    chosen = st.session_state[key] if st.session_state[key] in sections else sections[0]
    labels = {section: escape_markdown(label_of(section, lang)) for section in sections}  # tab labels are Markdown
    tab_key = f"{key}_tab"
    st.session_state[tab_key] = labels[chosen]  # the URL's or the session's section, in this run's language
    tabs = st.tabs(
        list(labels.values()),
        key=tab_key,
        on_change=_open_section,
        args=(key, tab_key, {label: section for section, label in labels.items()}),
    )
    _write_address(key, [] if chosen == sections[0] else [codes.code(chosen)], lang)
    return chosen, tabs[sections.index(chosen)]


def url_period(
    key: str,
    years: dict[str, int],
    label_of: Callable[[object, str], str],
    lang: str,
    default: str,
    labels: tuple[str, str],
    on_change: Callable[[], None] | None = None,
) -> str:
    """A period kept in the URL as its code (`?arrivals_period=2024-01_2024-05`), chosen by year (`<key>_year`),
    then, where that year has several periods (months, January-to-date figures), among them (`<key>_within`):
    both segmented controls, every choice in sight and one tap away on a phone, and one chunk of Streamlit's
    frontend for both (a slider's and a selectbox's code made a first visit to Arrivals 0.2 s slower).

    `years` maps each period's code, oldest first, to the year it belongs to; the year's own period (or else
    its latest) is where a new year starts."""
    from mirps_dash.links import url_codes

    keys = list(years)
    codes = url_codes(keys, label_of)
    _seed_from_address(key, lambda texts: codes.option(texts[-1]), default, lang)
    if st.session_state[key] not in years:
        st.session_state[key] = default
    year_key = f"{key}_year"
    st.session_state[year_key] = years[st.session_state[key]]

    def pick_year() -> None:
        year = st.session_state.get(year_key)
        # the period may be gone: Streamlit drops a slider's value with the slider, and a run cut short by the
        # next click (seen under load) can leave this callback without it
        if year is not None and year != years.get(st.session_state.get(key, default)):
            in_year = [k for k in keys if years[k] == year]
            st.session_state[key] = str(year) if str(year) in in_year else in_year[-1]
            if on_change:
                on_change()

    st.segmented_control(labels[0], sorted(set(years.values())), key=year_key, on_change=pick_year)
    shown_year = years[st.session_state[key]]  # read once: a session-state read per period cost 1 ms a run
    in_year = [k for k in keys if years[k] == shown_year]
    if len(in_year) > 1:
        within_key = f"{key}_within"
        st.session_state[within_key] = st.session_state[key]

        def pick_within() -> None:
            period = st.session_state.get(within_key)
            if period is not None:  # None: the chosen period tapped again, which keeps it
                st.session_state[key] = period
                if on_change:
                    on_change()

        st.segmented_control(  # its option labels are Markdown: escaped, as text
            labels[1],
            in_year,
            key=within_key,
            format_func=lambda option: escape_markdown(label_of(option, lang)),
            on_change=pick_within,
        )
    value = st.session_state[key]
    _write_address(key, [] if value == default else [codes.code(value)], lang)
    return value


def url_year_range(
    label: str, bounds: tuple[int, int], key: str, lang: str, default: tuple[int, int], **kwargs
) -> tuple[int, int]:
    """A range slider of years kept in the URL as one code (`?trends_years=2019-2023`)."""
    from mirps_dash.links import range_code, read_range

    _seed_from_address(key, lambda texts: read_range(texts, bounds), default, lang)
    value = st.slider(label, bounds[0], bounds[1], key=key, **kwargs)
    low, high = int(value[0]), int(value[1])
    _write_address(key, [] if (low, high) == tuple(default) else [range_code(low, high)], lang)
    return low, high

"""Anonymous abuse of the server (issue 15): a cache wipe costs no session its data, one key is computed once
however many sessions ask, uploads come only from staff sessions and are bounded, metrics are closed, and
every answer carries the security headers. The guard is driven as ASGI with fake Streamlit internals, and
once through a real `streamlit run asgi.py`."""

from __future__ import annotations

import asyncio
import gzip
import threading
from pathlib import Path

import pytest

# Streamlit internal: a hostile client's websocket message is one of Streamlit's protobufs
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.testing.v1 import AppTest

from mirps_dash import auth, ui
from mirps_dash.memo import Memo
from mirps_dash.server import UPLOADS_ALLOWED_KEY, Guard, inline_script_hashes, is_clear_cache
from mirps_dash.store import Store
from tests.browser import run_coroutine
from tests.identity import with_identity_provider

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024


# ---- the data every session needs survives clear_cache -------------------------------------------------


@pytest.fixture
def store_loads(sqlite_env: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int | None]]:
    """Every frame the app reads from its store, in order (each test's app has its own fresh SQLite file)."""
    loads: list[tuple[str, int | None]] = []
    original = Store.load

    def counted(self, dataset, version=None):
        loads.append((dataset, version))
        return original(self, dataset, version)

    monkeypatch.setattr(Store, "load", counted)
    return loads


def wipe_every_cache() -> None:
    """What Streamlit does when any client sends the BackMsg clear_cache (app_session.py)."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def test_a_cache_wipe_reads_no_frame_again_and_keeps_the_store(store_loads: list) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    read_first = list(store_loads)
    assert read_first, "the Overview reads its frames from the store"
    store = ui.get_store()
    shown = [metric.value for metric in at.metric]

    wipe_every_cache()
    at.run()

    assert not at.exception
    assert store_loads == read_first  # nothing read again
    assert ui.get_store() is store  # the same connection pool, not a new one seeded again
    assert [metric.value for metric in at.metric] == shown


def test_a_view_is_made_once_per_versions_and_filters_across_a_wipe(sqlite_env: Path, monkeypatch) -> None:
    from mirps_dash import views

    calls = []
    original = views.about_tables

    def counted(sources, lang):
        calls.append(lang)
        return original(sources, lang)

    counted.__module__, counted.__name__ = original.__module__, original.__name__  # ui.view imports it by name
    monkeypatch.setattr(views, "about_tables", counted)
    first = ui.view(views.about_tables, ["sources"], "en")
    wipe_every_cache()
    again = ui.view(views.about_tables, ["sources"], "en")
    spanish = ui.view(views.about_tables, ["sources"], "es")
    assert again is first and spanish is not first
    assert calls == ["en", "es"]


# ---- memo: bounded, single flight ------------------------------------------------------------------------


def test_many_threads_asking_for_one_key_compute_it_once() -> None:
    memo: Memo[object] = Memo(max_entries=4)
    release = threading.Event()
    computed = []

    def compute() -> object:
        computed.append(1)
        release.wait(30)
        return object()

    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(memo.get("claims", compute))) for _ in range(8)]
    for thread in threads:
        thread.start()
    while memo.waiting("claims") < 7:  # seven callers wait for the first one's result
        threading.Event().wait(0.01)
    release.set()
    for thread in threads:
        thread.join(30)
    assert len(computed) == 1
    assert len(results) == 8 and all(result is results[0] for result in results)


@pytest.mark.parametrize(
    ("asked", "kept"),
    [
        (["a", "b", "c"], ["b", "c"]),  # the least recently used goes first
        (["a", "b", "a", "c"], ["a", "c"]),  # a hit makes a key recent again
        (["a", "a", "a"], ["a"]),
    ],
)
def test_memo_keeps_at_most_its_entries(asked: list[str], kept: list[str]) -> None:
    memo: Memo[str] = Memo(max_entries=2)
    for key in asked:
        memo.get(key, lambda key=key: key.upper())
    assert len(memo) == len(kept)
    computed = []
    for key in kept:
        memo.get(key, lambda key=key: computed.append(key))
    assert computed == []


def test_an_error_reaches_every_waiter_and_is_not_kept() -> None:
    memo: Memo[int] = Memo(max_entries=2)
    release = threading.Event()
    errors: list[BaseException] = []

    def failing() -> int:
        release.wait(30)
        raise ValueError("store unreachable")

    def ask() -> None:
        try:
            memo.get("k", failing)
        except ValueError as error:
            errors.append(error)

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    while memo.waiting("k") < 2:
        threading.Event().wait(0.01)
    release.set()
    for thread in threads:
        thread.join(30)
    assert len(errors) == 3
    assert memo.get("k", lambda: 7) == 7  # the next call computes again


# ---- the guard, as ASGI ----------------------------------------------------------------------------------


def back_msg(kind: str) -> bytes:
    message = BackMsg()
    if kind == "clear_cache":
        message.clear_cache = True
    else:
        message.rerun_script.query_string = "lang=en"
    return message.SerializeToString()


class Downstream:
    """Streamlit's side: records what reached it and answers 204 (HTTP) or reads the socket to its end."""

    def __init__(self) -> None:
        self.frames: list[bytes] = []
        self.requests: list[str] = []

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "websocket":
            while (message := await receive())["type"] == "websocket.receive":
                self.frames.append(message["bytes"])
            return
        self.requests.append(scope["path"])
        await send({"type": "http.response.start", "status": 204, "headers": [(b"x-test", b"1")]})
        await send({"type": "http.response.body", "body": b""})


def call(guard: Guard, scope: dict, incoming: list[dict] | None = None) -> list[dict]:
    """Run one request or socket through the guard; what it sent back."""
    queue = list(incoming or [{"type": "http.request", "body": b"", "more_body": False}])
    sent: list[dict] = []

    async def receive():
        return queue.pop(0)

    async def send(message):
        sent.append(message)

    run_coroutine(guard(scope, receive, send))
    return sent


def headers_of(sent: list[dict]) -> dict[str, str]:
    start = next(message for message in sent if message["type"] == "http.response.start")
    return {name.decode(): value.decode() for name, value in start["headers"]}


def status_of(sent: list[dict]) -> int:
    return next(message for message in sent if message["type"] == "http.response.start")["status"]


def guard_for(downstream: Downstream, staff: set[str] = frozenset(), held: dict[str, int] | None = None) -> Guard:
    held = held or {}
    return Guard(
        downstream,
        is_staff=lambda session: session in staff,
        held_bytes=lambda session: (held.get(session, 0), sum(held.values())),
        file_bytes=lambda: 25 * MB,
    )


def upload_scope(session: str, size: int) -> dict:
    return {
        "type": "http",
        "method": "PUT",
        "path": f"/_stcore/upload_file/{session}/file-1",
        "headers": [(b"content-length", str(size).encode())],
    }


def test_clear_cache_from_a_socket_never_reaches_streamlit_and_other_messages_do() -> None:
    downstream = Downstream()
    frames = [back_msg("clear_cache"), back_msg("rerun"), back_msg("clear_cache"), b"\xff not a protobuf"]
    incoming = [{"type": "websocket.receive", "bytes": frame} for frame in frames] + [{"type": "websocket.disconnect"}]
    call(guard_for(downstream), {"type": "websocket", "path": "/_stcore/stream"}, incoming)
    assert downstream.frames == [back_msg("rerun"), b"\xff not a protobuf"]
    assert [is_clear_cache(frame) for frame in frames] == [True, False, True, False]


def test_an_upload_from_a_visitor_is_refused_and_its_body_dropped_to_the_end() -> None:
    """Streamlit never sees the file and nothing of it is kept; the body is read to its end, so a proxy that has
    sent it all (nginx buffers it first) gets a clean 403, not a reset that marks the replica as failed."""
    downstream = Downstream()
    chunks = [{"type": "http.request", "body": b"x" * MB, "more_body": index < 24} for index in range(25)]
    read: list[int] = []

    async def receive():
        read.append(1)
        return chunks[len(read) - 1]

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    run_coroutine(guard_for(downstream, staff={"staff"})(upload_scope("visitor", 25 * MB), receive, send))
    assert status_of(sent) == 403
    assert len(read) == 25 and downstream.requests == []


@pytest.mark.parametrize(
    ("held", "size", "status"),
    [
        ({}, 25 * MB, 204),  # staff's first file
        ({"staff": 25 * MB}, 25 * MB, 204),  # its replacement, before the widget deletes the first
        ({"staff": 50 * MB}, 1 * MB, 413),  # a third file in one session
        ({"other": 175 * MB}, 25 * MB, 204),  # 200 MB in all, the process's bound
        ({"other": 190 * MB}, 25 * MB, 503),  # past it
    ],
)
def test_staff_uploads_are_bounded_per_session_and_in_total(held: dict[str, int], size: int, status: int) -> None:
    downstream = Downstream()
    sent = call(guard_for(downstream, staff={"staff"}, held=held), upload_scope("staff", size))
    assert status_of(sent) == status
    assert downstream.requests == (["/_stcore/upload_file/staff/file-1"] if status == 204 else [])


def test_metrics_are_closed_and_every_answer_carries_the_security_headers() -> None:
    downstream = Downstream()
    guard = guard_for(downstream)
    metrics = call(guard, {"type": "http", "method": "GET", "path": "/_stcore/metrics", "headers": []})
    page = call(guard, {"type": "http", "method": "GET", "path": "/trends", "headers": []})
    assert status_of(metrics) == 404 and downstream.requests == ["/trends"]
    for sent in (metrics, page):
        headers = headers_of(sent)
        policy = dict(part.strip().split(" ", 1) for part in headers["content-security-policy"].split(";"))
        assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
        assert policy["frame-ancestors"] == "'self'"
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert all(digest in policy["script-src"] for digest in inline_script_hashes())
        assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "same-origin"
    assert headers_of(page)["x-test"] == "1"  # Streamlit's own headers are kept


def test_frame_ancestors_come_from_the_deployment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIRPS_FRAME_ANCESTORS", "https://intranet.example.org")
    sent = call(guard_for(Downstream()), {"type": "http", "method": "GET", "path": "/", "headers": []})
    assert "frame-ancestors https://intranet.example.org" in headers_of(sent)["content-security-policy"]


# ---- the gate's mark: set by the app for staff sessions only ----------------------------------------------


def test_only_a_staff_session_is_marked_for_uploads(sqlite_env: Path) -> None:
    staff_email = "ana@example.org"
    auth.add_staff(ui.get_store().engine, staff_email, "correct horse battery")
    visitor = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    visitor.run()
    staff = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    with_identity_provider(staff, {"email": staff_email})  # signed in, on the staff list
    staff.run()
    assert visitor.session_state[UPLOADS_ALLOWED_KEY] is False
    assert staff.session_state[UPLOADS_ALLOWED_KEY] is True


# ---- the real server -------------------------------------------------------------------------------------


def test_the_served_app_refuses_a_visitors_upload_and_closes_metrics(tmp_path: Path) -> None:
    import urllib.error
    import urllib.request

    from bench import servers
    from bench.abuse_bench import open_socket, put_upload, xsrf_cookie

    env = {"MIRPS_DATABASE_URL": "", "MIRPS_SQLITE_PATH": str(tmp_path / "served.sqlite3")}
    server = servers.start(ROOT / "asgi.py", ROOT, tmp_path, env, timeout=90)
    try:
        xsrf = xsrf_cookie(server.url)

        async def visitor_upload() -> tuple[str, int]:
            connection, session_id = await open_socket(server.url)
            status = await asyncio.to_thread(put_upload, server.url, session_id, xsrf, 1 * MB)
            await connection.close()
            return session_id, status

        session_id, status = run_coroutine(visitor_upload())
        assert session_id and status == 403
        with pytest.raises(urllib.error.HTTPError) as closed:
            urllib.request.urlopen(server.url + "/_stcore/metrics", timeout=10)
        closed.value.close()
        assert closed.value.code == 404
        with urllib.request.urlopen(server.url + "/", timeout=10) as page:
            assert "frame-ancestors 'self'" in page.headers["content-security-policy"]
    finally:
        server.stop()


# ---- the policy the pages satisfy, in Chromium --------------------------------------------------------------

# page, charts its first visit draws at least (with no internet, under the guard's Content-Security-Policy), and for
# a page with sections a tab to open then (a rerun from a click) with the charts it draws
POLICY_PAGES = [
    ("overview", 1, None),
    ("arrivals", 1, None),  # its map (drawn for the width that shows)
    ("trends", 1, ("By month and release", 1)),  # claims per year; then per month, as COMAR published them
    ("regional", 2, ("Population hosted", 2)),  # the map and the claims; then refugees and asylum-seekers
    ("pledges", 0, ("Charts", 3)),  # the list is text; its click-to-filter bars a tab away
    ("about", 0, None),
    ("data", 0, None),
]


@pytest.fixture(scope="module")
def guarded_server(tmp_path_factory: pytest.TempPathFactory):
    """`streamlit run asgi.py` (the guard in front of the app) on its own store."""
    from bench import servers
    from tests.browser import chromium_missing

    if reason := chromium_missing():
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("guarded")
    env = {"MIRPS_DATABASE_URL": "", "MIRPS_SQLITE_PATH": str(folder / "guarded.sqlite3")}
    server = servers.start(ROOT / "asgi.py", ROOT, folder, env, timeout=90)
    yield server
    server.stop()


@pytest.mark.browser
@pytest.mark.parametrize(("name", "charts", "section"), POLICY_PAGES)
def test_every_page_draws_under_the_policy_with_no_violation(
    guarded_server, chromium, name: str, charts: int, section: tuple[str, int] | None
) -> None:
    from tests.browser import new_page, wait_for_app

    page = new_page(chromium, "en-US")
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " console.log('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    page.goto(f"{guarded_server.url}/{name}?lang=en")
    wait_for_app(page)
    plots = page.locator(
        "[data-testid='stVegaLiteChart'] svg.marks, [data-testid='stEChartsChart'] svg"
    )  # maps, charts
    if charts:
        plots.nth(charts - 1).wait_for(state="attached", timeout=60_000)  # a map page.css hides is never drawn
    assert plots.count() >= charts
    if section:
        tab, section_charts = section
        page.get_by_role("tab", name=tab, exact=True).click()
        wait_for_app(page)
        drawn = page.locator("[role='tabpanel']").locator(plots)
        drawn.nth(section_charts - 1).wait_for(state="attached", timeout=60_000)
        assert drawn.count() >= section_charts
    assert violations == [] and page.blocked == []
    page.context.close()


class HtmlDownstream:
    """Streamlit's side for a page's address: index.html in two parts (or another answer when told)."""

    def __init__(
        self, status: int = 200, content_type: bytes = b"text/html; charset=utf-8", encoding: bytes = b""
    ) -> None:
        self.status, self.content_type, self.encoding = status, content_type, encoding

    async def __call__(self, scope, receive, send) -> None:
        body = b"<html><head><title>Streamlit</title></head><body></body></html>"
        headers = [(b"content-type", self.content_type)]
        if self.encoding:  # as Streamlit answers a browser that accepts gzip
            body = gzip.compress(body) if self.encoding == b"gzip" else body[::-1]
            headers.append((b"content-encoding", self.encoding))
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": body[:20], "more_body": True})
        await send({"type": "http.response.body", "body": body[20:]})


def page_answer(downstream, path: str, method: str = "GET") -> tuple[dict[str, str], bytes]:
    guard = Guard(downstream, preloads={"trends": b'<link rel="modulepreload" href="./static/js/Slider.x.js">'})
    sent = call(guard, {"type": "http", "method": method, "path": path, "headers": []})
    return headers_of(sent), b"".join(message.get("body", b"") for message in sent[1:])


def test_a_pages_html_asks_for_its_first_screens_chunks_and_nothing_else_changes() -> None:
    headers, body = page_answer(HtmlDownstream(), "/trends")
    assert body.endswith(b'<link rel="modulepreload" href="./static/js/Slider.x.js"></head><body></body></html>')
    assert headers["content-length"] == str(len(body)) and headers["content-security-policy"]
    plain = b"<html><head><title>Streamlit</title></head><body></body></html>"
    assert page_answer(HtmlDownstream(), "/about")[1] == plain  # a page without preloads
    assert page_answer(HtmlDownstream(), "/trends", "HEAD")[1] == plain  # HEAD: the length must stay the file's
    assert page_answer(HtmlDownstream(304), "/trends")[1] == plain  # not modified: the browser's copy stands
    assert page_answer(HtmlDownstream(content_type=b"text/plain"), "/trends")[1] == plain


def test_a_gzipped_page_still_gets_its_preloads_as_a_browser_receives_it() -> None:
    # Streamlit gzips index.html for every browser; the links were dropped there and only curl saw them
    headers, body = page_answer(HtmlDownstream(encoding=b"gzip"), "/trends")
    assert headers["content-encoding"] == "gzip" and headers["content-length"] == str(len(body))
    assert gzip.decompress(body).endswith(b'Slider.x.js"></head><body></body></html>')
    _, other = page_answer(HtmlDownstream(encoding=b"br"), "/trends")  # an encoding it cannot open passes as sent
    assert other == b"<html><head><title>Streamlit</title></head><body></body></html>"[::-1]


def test_the_preloads_are_the_first_screens_chunks_and_their_imports(tmp_path: Path) -> None:
    from mirps_dash.preload import chunk_files

    js = tmp_path / "js"
    js.mkdir()
    (js / "Slider.a1.js").write_text('import{a}from"./core.c3.js";import"./label.b2.js";const x=import("./lazy.d4.js")')
    (js / "label.b2.js").write_text('import{a}from"./core.c3.js";')
    (js / "core.c3.js").write_text("export const a=1")
    (js / "lazy.d4.js").write_text("export const b=1")
    index = '<script type="module" src="./static/js/core.c3.js"></script>'
    # index.html loads core itself; the chunk loaded on demand (import(...)) is not asked for; an unknown name is
    # skipped (another Streamlit version)
    assert chunk_files(js, index, ["Slider", "NoSuchElement"]) == ["Slider.a1.js", "label.b2.js"]


@pytest.mark.parametrize("preloads", ["on", "off"])
def test_every_page_but_the_overview_names_the_servers_address_in_a_script_its_policy_allows(
    monkeypatch: pytest.MonkeyPatch, preloads: str
) -> None:
    import base64
    import hashlib

    from mirps_dash.preload import FIRST_SCREEN, SERVER_ADDRESS_SCRIPT, page_links
    from mirps_dash.server import _static_folder

    monkeypatch.setenv("MIRPS_PRELOAD", preloads)  # the bench's replica without the preloads keeps the script
    links = page_links(_static_folder())
    tag = f"<script>{SERVER_ADDRESS_SCRIPT}</script>".encode()
    assert tag not in links[""] and all(links[page].startswith(tag) for page in FIRST_SCREEN if page)
    assert all((b"modulepreload" in links[page]) == (preloads == "on") for page in FIRST_SCREEN if page)
    digest = base64.b64encode(hashlib.sha256(SERVER_ADDRESS_SCRIPT.encode()).digest()).decode()
    page = call(Guard(Downstream()), {"type": "http", "method": "GET", "path": "/trends", "headers": []})
    assert f"'sha256-{digest}'" in headers_of(page)["content-security-policy"]

"""The guard in front of Streamlit's own routes: ASGI middleware for `st.App` (asgi.py starts it).

Streamlit 1.67 has no option for any of these: every client may send the websocket message `clear_cache`
(app_session.py empties `st.cache_data` and `st.cache_resource` for the whole process), any session may PUT
files to `/_stcore/upload_file/<session>/<file>` (held in memory until the session ends), and
`/_stcore/metrics` answers everyone. `st.App` (experimental since 1.53) takes Starlette middleware that runs
before Streamlit's routes, on HTTP and on the websocket, so the app itself can refuse all three, whether or
not a proxy sits in front (deploy/ adds per-address rate limits, which need the client's address):

- `clear_cache` BackMsgs are dropped (the toolbar that sends it is hidden; nobody here needs it);
- an upload is accepted only from a session the app marked as staff (`UPLOADS_ALLOWED_KEY`, set by
  `ui.current_staff` on every rerun), refused before its body is read, and bounded per session and in total;
- `/_stcore/metrics` answers 404;
- every HTTP answer carries a Content-Security-Policy the pages satisfy offline, frame-ancestors, nosniff
  and Referrer-Policy;
- a page's HTML asks for the frontend chunks its first screen draws and names the server's address, so the
  frontend does not probe the page's own address first (`mirps_dash.preload`).

The data every session needs survives a wipe anyway (ui keeps it in `memo.Memo`s), so this is the second
wall, not the only one. The glue of this module is Streamlit's internals (its runtime, its sessions and upload
manager, its websocket messages), each marked "Streamlit internal:" with the reason (tests/test_structure.py
lists them); `Guard` takes them as callables, so tests drive it without a server.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

UPLOADS_ALLOWED_KEY = "_mirps_uploads_allowed"  # st.session_state key: True while the session is staff's
MB = 1024 * 1024
# What one staff session may hold at once (the file shown and its replacement before the widget deletes it),
# and what all sessions together may hold; both in multiples of server.maxUploadSize (25 MB).
SESSION_UPLOAD_FILES = 2
TOTAL_UPLOAD_FILES = 8

UPLOAD_PATH = re.compile(r"/_stcore/upload_file/(?P<session>[^/]+)/[^/]+$")
METRICS_PATH = re.compile(r"/_stcore/metrics/?$")
STREAM_PATH = re.compile(r"/_stcore/stream/?$")


def _static_folder() -> Path:
    """The installed Streamlit's frontend: index.html and static/js/."""
    import streamlit

    return Path(streamlit.__file__).parent / "static"


def inline_script_hashes() -> list[str]:
    """CSP hashes of the inline scripts of Streamlit's index.html (one in 1.67), read from the installed copy,
    and of the one a page adds (`preload.SERVER_ADDRESS_SCRIPT`), so that scripts need no 'unsafe-inline' and
    an upgrade of Streamlit keeps its page working."""
    import base64
    import hashlib

    from mirps_dash.preload import SERVER_ADDRESS_SCRIPT

    page = (_static_folder() / "index.html").read_text(encoding="utf-8")
    scripts = re.finditer(r"<script(?P<attributes>[^>]*)>(?P<body>.*?)</script>", page, re.DOTALL)
    bodies = [script["body"] for script in scripts if "src=" not in script["attributes"] and script["body"].strip()]
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in [*bodies, SERVER_ADDRESS_SCRIPT]
    ]


def content_security_policy(frame_ancestors: str = "'self'", script_hashes: tuple[str, ...] = ()) -> str:
    """What the pages need and nothing more, checked in Chromium on every page with no violation: everything
    from this origin, Streamlit's own inline script by its hash, WebAssembly (without it the app does not
    start), styles Streamlit writes inline, the websocket, images and workers from data: and blob: URLs."""
    return "; ".join(
        [
            "default-src 'self'",
            " ".join(["script-src 'self' 'wasm-unsafe-eval'", *script_hashes]),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",  # the websocket too (CSP 3: 'self' covers ws: and wss: of this origin)
            "worker-src 'self' blob:",
            "child-src 'self' blob:",
            "frame-src 'self'",
            "media-src 'self' data: blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def security_headers(frame_ancestors: str | None = None) -> list[tuple[bytes, bytes]]:
    """The headers every HTTP answer carries; frame-ancestors from MIRPS_FRAME_ANCESTORS (default 'self')."""
    ancestors = frame_ancestors or os.environ.get("MIRPS_FRAME_ANCESTORS", "'self'")
    return [
        (b"content-security-policy", content_security_policy(ancestors, tuple(inline_script_hashes())).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
    ]


def is_clear_cache(frame: bytes) -> bool:
    """True when a websocket frame is a BackMsg asking to clear every cache of the process."""
    # Streamlit internal: the websocket carries Streamlit's protobuf messages; no public API sees them.
    from streamlit.proto.BackMsg_pb2 import BackMsg

    message = BackMsg()
    try:
        message.ParseFromString(frame)
    except Exception:
        return False  # not ours to judge: Streamlit closes the socket on a frame it cannot read
    return message.WhichOneof("type") == "clear_cache"


def staff_session(session_id: str) -> bool:
    """True while the app marks this active session as signed in as staff (read from its session state)."""
    # Streamlit internal: an ASGI middleware sees only the session id in the upload's path, and st.* reads state
    # only inside a script run, so the session's state is found through the runtime (get_app_session).
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return False
    session = Runtime.instance().get_app_session(session_id)
    if session is None:
        return False
    try:
        return session.session_state[UPLOADS_ALLOWED_KEY] is True
    except KeyError:
        return False


def held_upload_bytes(session_id: str) -> tuple[int, int]:
    """Bytes of uploaded files the process holds now: (this session's, all sessions')."""
    # Streamlit internal: the upload manager keeps every session's files in memory until the session ends and
    # offers no size per session (its get_stats gives the total only), so its store is read (file_storage).
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return 0, 0
    storage = getattr(Runtime.instance().uploaded_file_mgr, "file_storage", {})
    sizes = {session: sum(len(file.data) for file in list(files.values())) for session, files in list(storage.items())}
    return sizes.get(session_id, 0), sum(sizes.values())


def max_upload_bytes() -> int:
    import streamlit as st

    return int(st.get_option("server.maxUploadSize")) * MB


async def _discard_body(receive) -> None:
    """Read a refused request's body to its end, keeping none of it: a proxy that has sent the whole body (nginx
    buffers it first) then gets a clean answer, not a reset that would mark this replica as failed."""
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


async def _answer(send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class Guard:
    """ASGI middleware: drops clear_cache, gates and bounds uploads, closes metrics, adds security headers."""

    def __init__(
        self,
        app,
        *,
        is_staff: Callable[[str], bool] = staff_session,
        held_bytes: Callable[[str], tuple[int, int]] = held_upload_bytes,
        file_bytes: Callable[[], int] = max_upload_bytes,
        frame_ancestors: str | None = None,
        preloads: Mapping[str, bytes] | None = None,
    ) -> None:
        from mirps_dash.preload import page_links

        self.app = app
        self.preloads = page_links(_static_folder()) if preloads is None else preloads
        self.is_staff = is_staff
        self.held_bytes = held_bytes
        self.file_bytes = file_bytes
        self.headers = security_headers(frame_ancestors)
        self._in_flight: dict[str, int] = {}  # bytes reserved by uploads being received, per session
        self._lock = threading.Lock()

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "websocket" and STREAM_PATH.search(path):
            await self.app(scope, self._without_clear_cache(receive), send)
        elif scope["type"] != "http":
            await self.app(scope, receive, send)
        elif METRICS_PATH.search(path):
            await _answer(send, 404, b"Not Found", self.headers)
        elif (upload := UPLOAD_PATH.search(path)) and scope.get("method") == "PUT":
            await self._upload(upload["session"], scope, receive, self._with_headers(send))
        elif scope.get("method") == "GET" and (links := self.preloads.get(path.rstrip("/").rsplit("/", 1)[-1])):
            await self.app(scope, receive, _with_preloads(self._with_headers(send), links))
        else:
            await self.app(scope, receive, self._with_headers(send))

    def _without_clear_cache(self, receive):
        async def filtered():
            while True:
                message = await receive()
                frame = message.get("bytes") if message["type"] == "websocket.receive" else None
                if not frame or not is_clear_cache(frame):
                    return message

        return filtered

    def _with_headers(self, send):
        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in self.headers if name not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        return with_headers

    async def _upload(self, session_id: str, scope, receive, send) -> None:
        """Refuse (the body read and dropped, never kept) unless the session is staff's and the bytes fit both budgets."""
        if not self.is_staff(session_id):
            await _discard_body(receive)
            await _answer(send, 403, b"Uploads are for signed-in staff.", [])
            return
        per_file = self.file_bytes()
        length = dict(scope.get("headers", [])).get(b"content-length", b"")
        incoming = int(length) if length.isdigit() else per_file
        with self._lock:
            held_session, held_total = self.held_bytes(session_id)
            reserved_session = self._in_flight.get(session_id, 0)
            reserved_total = sum(self._in_flight.values())
            if held_session + reserved_session + incoming > SESSION_UPLOAD_FILES * per_file:
                refusal = (413, b"This session holds too many uploaded files.")
            elif held_total + reserved_total + incoming > TOTAL_UPLOAD_FILES * per_file:
                refusal = (503, b"The server holds too many uploaded files; try again later.")
            else:
                refusal = None
                self._in_flight[session_id] = reserved_session + incoming
        if refusal:
            await _discard_body(receive)
            await _answer(send, *refusal, [])
            return
        try:
            await self.app(scope, receive, send)
        finally:
            with self._lock:
                left = self._in_flight.get(session_id, 0) - incoming
                if left > 0:
                    self._in_flight[session_id] = left
                else:
                    self._in_flight.pop(session_id, None)


def _with_preloads(send, links: bytes):
    """`send` for a page's address: an HTML answer (index.html) gets `links` in its head, with its length
    corrected; any other answer (a redirect, a 304, a file) passes as it is. Streamlit gzips the HTML for every
    browser that accepts it, so a gzipped page is unzipped, given its links and zipped again (an answer in
    another encoding passes as it is)."""
    import gzip

    from mirps_dash.preload import with_links

    held: list[dict] = []
    body: list[bytes] = []

    async def sending(message):
        if message["type"] == "http.response.start":
            headers = dict(message.get("headers", []))
            html = headers.get(b"content-type", b"").startswith(b"text/html")
            if message.get("status") == 200 and html and headers.get(b"content-encoding") in (None, b"gzip"):
                held.append(message)
                return
        elif held and message["type"] == "http.response.body":
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            page = b"".join(body)
            if b"content-encoding" in dict(held[0]["headers"]):  # gzip, as checked above
                page = gzip.compress(with_links(gzip.decompress(page), links), mtime=0)
            else:
                page = with_links(page, links)
            start = held.pop()
            headers = [(name, value) for name, value in start["headers"] if name.lower() != b"content-length"]
            await send({**start, "headers": [*headers, (b"content-length", str(len(page)).encode())]})
            message = {"type": "http.response.body", "body": page}
        await send(message)

    return sending


def guard_middleware() -> list:
    """The middleware list for `st.App(..., middleware=...)`."""
    from starlette.middleware import Middleware

    return [Middleware(Guard)]

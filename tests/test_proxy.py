"""The proxy tier: deploy/nginx.conf, unchanged, run by Debian's nginx in front of two replicas on one PostgreSQL.

Everything is checked through the proxy, as a visitor reaches it: the pages draw in Chromium with no
Content-Security-Policy violation, the security headers are on every answer, /_stcore/metrics is closed, static
bundles are gzipped, an upload at the cap passes and a flood of uploads is refused past the limit, a flood of
clear_cache messages reaches no replica, new websockets past the rate are refused, a browser stays on one
replica, and a publish through the CLI shows on both replicas.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

# Streamlit internal: the replicas' websocket speaks Streamlit's protobuf messages
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from bench.proxy import NGINX
from bench.proxy import start as start_proxy
from bench.servers import Server
from mirps_dash.i18n import t
from mirps_dash.ingest import MAX_UPLOAD_MB
from mirps_dash.service import ensure_seeded
from tests.browser import new_page, start_app, wait_for_app
from tests.conftest import empty_postgres_store

pytestmark = [pytest.mark.proxy, pytest.mark.postgres]
ROOT = Path(__file__).resolve().parents[1]
MARKER = "987,654"  # the national 2025 claims total the publish sets, as the Overview shows it in English


@dataclass
class Stack:
    """nginx on `url` in front of `replicas`; its access log names the replica of each request."""

    url: str
    port: int
    replicas: list[Server]
    access_log: Path
    database: str

    def upstreams_of(self, route: str, path: str = "/") -> set[str]:
        """The replica addresses that served requests carrying this route cookie (to paths starting with `path`)."""
        lines = self.access_log.read_text().splitlines()
        return {
            re.search(r"upstream=(\S+)", line).group(1)
            for line in lines
            if line.endswith(f"route={route}") and f'"GET {path}' in line
        }


def nginx_missing() -> str | None:
    """Why the proxy tier cannot run here, or None."""
    if not Path(NGINX).exists():
        return f"nginx not found at {NGINX} (apt-get install -y nginx, or `make test` as root)"
    return None


def fetch(
    url: str, method: str = "GET", headers: dict[str, str] | None = None, body: bytes | None = None
) -> http.client.HTTPResponse:
    """One HTTP request, nothing decoded or followed, the body read."""
    host_port, _, path = url.split("//", 1)[1].partition("/")
    connection = http.client.HTTPConnection(host_port, timeout=30)
    connection.request(method, "/" + path, body=body, headers=headers or {})
    response = connection.getresponse()
    response.data = response.read()
    connection.close()
    return response


@pytest.fixture(scope="module")
def stack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Two replicas on a fresh PostgreSQL database holding data/, and nginx in front of them."""
    reason = nginx_missing()
    if reason:
        pytest.skip(reason)
    database = request.getfixturevalue("postgres_database")
    store = empty_postgres_store(database)
    ensure_seeded(store)
    store.engine.dispose()
    directory = tmp_path_factory.mktemp("proxy")
    env = {"MIRPS_DATABASE_URL": database}
    with ThreadPoolExecutor(2) as pool:
        replicas = list(pool.map(lambda name: start_app(directory / name, extra_env=env), ["a", "b"]))
    proxy = start_proxy(ROOT, directory / "nginx", [replica.url for replica in replicas])
    try:
        port = int(proxy.url.rsplit(":", 1)[1])
        yield Stack(proxy.url, port, replicas, directory / "nginx" / "logs" / "access.log", database)
    finally:
        proxy.stop()
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(Server.stop, replicas))


def route_to(stack: Stack, replica: Server) -> str:
    """A route cookie value that the proxy sends to this replica (found by asking, as a browser would land)."""
    address = replica.url.split("//")[1]
    for attempt in range(64):
        route = f"probe-{uuid.uuid4().hex[:8]}-{attempt}"
        fetch(stack.url + "/_stcore/health", headers={"Cookie": f"mirps_route={route}"})
        if stack.upstreams_of(route) == {address}:
            return route
    raise AssertionError(f"no route cookie reached {address} in 64 tries")


@dataclass
class Visitor:
    """A websocket session opened through the proxy, with the cookies a browser would send."""

    socket: object
    cookies: str
    xsrf: str
    session_id: str = ""
    page_script_hash: str = ""


def run_page(visitor: Visitor, page_name: str = "", query: str = "lang=en") -> str:
    """Run a page over the websocket as the browser does (a rerun once it has run); the text of what it drew."""
    message = BackMsg()
    message.rerun_script.page_name = page_name
    message.rerun_script.page_script_hash = visitor.page_script_hash
    message.rerun_script.query_string = query
    visitor.socket.send(message.SerializeToString())
    drawn = []
    while True:
        forward = ForwardMsg()
        forward.ParseFromString(visitor.socket.recv(timeout=60))
        kind = forward.WhichOneof("type")
        if kind == "new_session":
            visitor.session_id = forward.new_session.initialize.session_id
        elif kind == "navigation":
            visitor.page_script_hash = forward.navigation.page_script_hash
        elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            drawn.append(str(forward.delta.new_element))
        elif kind == "script_finished" and forward.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            return "\n".join(drawn)


@contextmanager
def open_session(stack: Stack, route: str) -> Iterator[Visitor]:
    """A session on the replica this route lands on, as a browser opens one (XSRF cookie from /_stcore/health)."""
    health = fetch(stack.url + "/_stcore/health", headers={"Cookie": f"mirps_route={route}"})
    xsrf = re.search(r"_streamlit_xsrf=([^;]+)", health.getheader("Set-Cookie") or "").group(1)
    cookies = f"mirps_route={route}; _streamlit_xsrf={xsrf}"
    with connect(
        stack.url.replace("http", "ws") + "/_stcore/stream",
        subprotocols=["streamlit"],
        additional_headers={"Cookie": cookies},
        max_size=None,
        compression=None,
    ) as socket:
        yield Visitor(socket, cookies, xsrf)


def upload(stack: Stack, visitor: Visitor, body_bytes: int) -> int:
    """PUT one file in a multipart body of this length, as st.file_uploader does; the status."""
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="claims.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    body = head + b"x" * (body_bytes - len(head) - len(tail)) + tail
    headers = {
        "Cookie": visitor.cookies,
        "X-Xsrftoken": visitor.xsrf,
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    }
    return fetch(
        f"{stack.url}/_stcore/upload_file/{visitor.session_id}/{uuid.uuid4().hex}", "PUT", headers, body
    ).status


def announce_upload(stack: Stack, visitor: Visitor, length_bytes: int) -> int:
    """Send only the headers of an upload of this length; the status nginx answers before any byte of the body."""
    connection = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=30)
    connection.putrequest("PUT", f"/_stcore/upload_file/{visitor.session_id}/too-large")
    for name, value in {
        "Cookie": visitor.cookies,
        "X-Xsrftoken": visitor.xsrf,
        "Content-Length": str(length_bytes),
        "Content-Type": "multipart/form-data; boundary=b",
    }.items():
        connection.putheader(name, value)
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


def test_the_proxy_caps_an_upload_at_the_apps_limit_and_refuses_a_flood(stack: Stack) -> None:
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    body_cap_mb = int(re.search(r"location /_stcore/upload_file/ \{[^}]*client_max_body_size (\d+)m;", config).group(1))
    assert body_cap_mb == MAX_UPLOAD_MB  # Streamlit refuses a body (file and framing) over server.maxUploadSize
    route = route_to(stack, stack.replicas[0])
    with open_session(stack, route) as visitor:
        run_page(visitor, "about")
        at_cap = upload(stack, visitor, MAX_UPLOAD_MB * 1024 * 1024)
        over_cap = announce_upload(stack, visitor, MAX_UPLOAD_MB * 1024 * 1024 + 1)
        flood = [upload(stack, visitor, 1024) for _ in range(20)]
    # What the replica answers (204, or a refusal of its own for a visitor who is not staff) is not the proxy's
    # business; the proxy passes a file at the cap to the replica and refuses a larger one itself.
    assert at_cap not in (413, 429)
    assert over_cap == 413
    assert 429 not in flood[:5], flood
    assert flood.count(429) >= 14, flood  # past the burst (6) and one token, nginx answers


def test_a_cache_wipe_flood_through_the_proxy_reaches_no_replica(stack: Stack) -> None:
    """Issue 15's first attack through nginx: a socket sends the BackMsg clear_cache again and again. Streamlit,
    were it to get one, would empty every cache of the process and the sender's own session state (app_session.py):
    the sender's language, kept in its session state, would fall back to Spanish on a rerun whose address has no
    `lang`. It stays English, and another session on the same replica draws its page as before."""
    wipe = BackMsg()
    wipe.clear_cache = True
    route = route_to(stack, stack.replicas[0])
    with open_session(stack, route) as flooder, open_session(stack, route) as other:
        assert t("language", "en") in run_page(flooder)
        before = run_page(other)
        for _ in range(200):
            flooder.socket.send(wipe.SerializeToString())
        after_flood = run_page(flooder, query="")  # the socket is still served, in order, after its flood
        after = run_page(other)
    assert t("language", "en") in after_flood and t("language", "es") not in after_flood
    file_ids = re.compile(r'"[0-9a-f]{32}"')  # each run's download buttons get new file ids
    assert t("language", "en") in after and file_ids.sub("", after) == file_ids.sub("", before)


def stream_handshake(stack: Stack, source: str) -> int:
    """Open one websocket to /_stcore/stream from this local source address and close it; the HTTP status."""
    raw = socket.create_connection(("127.0.0.1", stack.port), timeout=30, source_address=(source, 0))
    try:
        with connect(f"ws://127.0.0.1:{stack.port}/_stcore/stream", sock=raw, subprotocols=["streamlit"]):
            return 101
    except InvalidStatus as refused:
        return refused.response.status_code
    finally:
        raw.close()


def test_the_proxy_refuses_new_websockets_from_one_address_past_its_rate(stack: Stack) -> None:
    """From an address of its own (127.0.0.2, so the rest of the module's budget is untouched): the burst of 30 new
    sessions passes, then nginx answers 429 until the rate (60 a minute) lets another through."""
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    burst = int(
        re.search(r"location = /_stcore/stream \{[^}]*limit_req zone=mirps_stream burst=(\d+)", config).group(1)
    )
    statuses = [stream_handshake(stack, "127.0.0.2") for _ in range(burst + 20)]
    assert set(statuses) <= {101, 429}, statuses
    assert 429 not in statuses[:burst], statuses
    assert statuses.count(429) >= 10, statuses  # 20 past the burst, a few let through as the rate refills
    assert stream_handshake(stack, "127.0.0.3") == 101  # another address is not refused


def test_security_headers_are_on_every_answer_and_metrics_are_closed(stack: Stack) -> None:
    for path in ("/", "/pledges?lang=en", "/_stcore/health", "/_stcore/metrics", "/_stcore/agent/openapi.json"):
        answer = fetch(stack.url + path)
        assert answer.status == (404 if "metrics" in path or "agent" in path else 200), path
        policy = answer.getheader("Content-Security-Policy") or ""
        assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy, (path, policy)
        assert answer.getheader("X-Content-Type-Options") == "nosniff", path
        assert answer.getheader("Referrer-Policy") == "same-origin", path
        assert answer.getheader("Permissions-Policy") == "camera=(), microphone=(), geolocation=()", path
    assert b"cache_memory_bytes" not in fetch(stack.url + "/_stcore/metrics").data


def test_a_new_browser_gets_a_route_cookie_and_keeps_it(stack: Stack) -> None:
    first = fetch(stack.url + "/")
    cookie = first.getheader("Set-Cookie") or ""
    assert re.match(r"mirps_route=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Lax", cookie), cookie
    again = fetch(stack.url + "/", headers={"Cookie": cookie.split(";")[0]})
    assert "mirps_route" not in (again.getheader("Set-Cookie") or "")


def test_static_files_are_gzipped_at_the_proxy(stack: Stack) -> None:
    index = fetch(stack.url + "/").data.decode()
    bundle = re.search(r'src="\./(static/js/index\.[^"]+\.js)"', index).group(1)
    shapes = "app/static/mexico_states.geojson"
    plain = fetch(f"{stack.replicas[1].url}/{bundle}", headers={"Accept-Encoding": "gzip"})
    assert plain.getheader("Content-Encoding") is None  # Streamlit sends its bundles uncompressed on purpose
    for path, original in ((bundle, plain.data), (shapes, (ROOT / "static" / "mexico_states.geojson").read_bytes())):
        proxied = fetch(f"{stack.url}/{path}", headers={"Accept-Encoding": "gzip"})
        assert proxied.status == 200
        assert proxied.getheader("Content-Encoding") == "gzip", path
        assert gzip.decompress(proxied.data) == original
        print(f"{path}: {len(original):,} bytes, {len(proxied.data):,} gzipped")


PAGES = [
    ("/?lang=en", "page_overview"),
    ("/arrivals?lang=en", "page_arrivals"),
    ("/trends?lang=en", "page_trends"),
    ("/pledges?lang=en", "pl_title"),
    ("/about?lang=en", "about_sources_title"),
    ("/data?lang=en", "data_sign_in_needed"),
]
WATCH_POLICY = """
window.__refused = [];
document.addEventListener('securitypolicyviolation',
    (event) => window.__refused.push(event.violatedDirective + ' ' + event.blockedURI));
"""


@pytest.mark.browser
def test_every_page_draws_through_the_proxy_with_no_content_security_policy_violation(stack: Stack, chromium) -> None:
    page = new_page(chromium, "en-US")
    page.context.add_init_script(WATCH_POLICY)
    refused: list[str] = []
    devtools = page.context.new_cdp_session(page)  # the browser's own log, where a refused worker or socket shows
    devtools.on(
        "Log.entryAdded",
        lambda event: (
            refused.append(event["entry"]["text"]) if "Content Security Policy" in event["entry"]["text"] else None
        ),
    )
    devtools.send("Log.enable")
    for path, key in PAGES:
        page.goto(stack.url + path)
        wait_for_app(page)
        page.get_by_text(t(key, "en")).first.wait_for(timeout=30_000)
        if "arrivals" in path:
            page.locator("[data-testid='stVegaLiteChart'] svg.marks path").first.wait_for(timeout=30_000)  # the map
        if "trends" in path:
            page.locator("[data-testid='stEChartsChart'] svg").first.wait_for(timeout=30_000)  # its first section's
        page.wait_for_timeout(500)
        refused += [f"{path}: {line}" for line in page.evaluate("window.__refused")]
    page.context.close()
    assert refused == []
    assert page.blocked == []


def test_a_publish_through_the_cli_shows_on_both_replicas_through_the_proxy(stack: Stack) -> None:
    routes = [route_to(stack, replica) for replica in stack.replicas]
    update = stack.access_log.parent / "claims-2025.csv"
    update.write_text("period,claims,source\n2025,987654,unhcr-stats\n")
    with open_session(stack, routes[0]) as on_a, open_session(stack, routes[1]) as on_b:
        with ThreadPoolExecutor(2) as pool:  # the Overview, the default page, on both at once
            before = list(pool.map(run_page, (on_a, on_b)))
        published = subprocess.run(
            [sys.executable, "-m", "mirps_dash", "publish", "claims", str(update), "--by", "ana@example.org"],
            cwd=ROOT,
            env={**os.environ, "MIRPS_DATABASE_URL": stack.database},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert published.returncode == 0, published.stdout + published.stderr
        with ThreadPoolExecutor(2) as pool:  # each one's next rerun
            after = list(pool.map(run_page, (on_a, on_b)))
    assert all("70,482" in text and MARKER not in text for text in before)  # the shipped 2025 figure
    assert all(MARKER in text for text in after)
    # Each session stayed on its own replica for every request (health, XSRF cookie, websocket), one per replica;
    # nginx logs a websocket when it closes.
    deadline = time.monotonic() + 10
    while not all(stack.upstreams_of(route, "/_stcore/stream") for route in routes) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert all(stack.upstreams_of(route, "/_stcore/stream") for route in routes)
    assert [stack.upstreams_of(route) for route in routes] == [
        {replica.url.split("//")[1]} for replica in stack.replicas
    ]

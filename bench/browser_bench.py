"""(4) First render of each page in Chromium until its charts are drawn, and (5) bytes sent per page load.

A load counts as rendered when the websocket has carried `script_finished` for the page's run and
every chart the page shows is drawn (plotly: its SVG; pydeck: its canvas; vega: its canvas or SVG).
Bytes: encoded HTTP response bodies plus websocket frames, with a cold cache (fresh context) and a
warm one (the same context loading the page again, as a returning visitor does).
"""

from __future__ import annotations

import gzip
import statistics
import time
from pathlib import Path

# Streamlit internal: the websocket's answers are Streamlit's protobuf messages
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
CHARTS_DRAWN = """() => {
  // a chart page.css hides (the map made for the other width) is drawn by Vega only once it shows
  const all = (selector, drawn) => [...document.querySelectorAll(selector)].filter(e => e.checkVisibility())
    .every(e => e.querySelector(drawn));
  return all('[data-testid="stPlotlyChart"]', '.main-svg')
      && all('[data-testid="stDeckGlJsonChart"]', 'canvas')
      && all('[data-testid="stVegaLiteChart"]', 'canvas, svg')
      && all('[data-testid="stEChartsChart"]', 'canvas, svg')
      && !document.querySelector('[data-testid="stSkeleton"]');
}"""
COUNT_CHARTS = """() => document.querySelectorAll(
  '[data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"], [data-testid="stVegaLiteChart"], '
  + '[data-testid="stEChartsChart"]').length"""


class PageLoad:
    """Counts bytes and watches for script_finished while one page loads."""

    def __init__(self, page) -> None:
        self.http_bytes = 0
        # An estimate, not a measurement: the bodies gzipped here (level 6, those of 1 KB and more). The bytes a
        # gzipping proxy really sends are measured through nginx (bench/proxy.py, run.py step 5b).
        self.gzip_bytes = 0
        self.largest: list[tuple[int, str]] = []
        self.files: dict[str, int] = {}  # file name -> encoded body bytes
        self.ws_bytes = 0
        self.finished_at: float | None = None
        self.blocked: list[str] = []
        page.on("websocket", self._on_websocket)
        page.on("requestfinished", self._on_request)

    def _on_websocket(self, websocket) -> None:
        websocket.on("framereceived", self._on_frame)

    def _on_frame(self, payload) -> None:
        data = payload if isinstance(payload, bytes) else payload.encode()
        self.ws_bytes += len(data)
        if self.finished_at is None and isinstance(payload, bytes):
            message = ForwardMsg()
            try:
                message.ParseFromString(data)
            except Exception:
                return
            if message.WhichOneof("type") == "script_finished":
                self.finished_at = time.perf_counter()

    def _on_request(self, request) -> None:
        try:
            sizes = request.sizes()
            self.http_bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            response = request.response()
            body = response.body() if response is not None and sizes["responseBodySize"] else b""
            encoded = response is not None and response.headers.get("content-encoding")
            self.gzip_bytes += sizes["responseHeadersSize"] + (
                sizes["responseBodySize"] if encoded or len(body) < 1024 else len(gzip.compress(body, 6))
            )
            self.files[request.url.split("?")[0].rsplit("/", 1)[-1]] = sizes["responseBodySize"]
            self.largest = sorted([*self.largest, (sizes["responseBodySize"], request.url.rsplit("/", 1)[-1][:60])])[
                -4:
            ]
        except Exception:
            pass


def load_once(context, url: str, timeout_ms: int = 120_000, min_charts: int = 0) -> dict:
    """Navigate a page of `context` to `url`; seconds until rendered (at least `min_charts` charts drawn), and
    bytes received (HTTP bodies as encoded on the wire, headers, websocket frames)."""
    page = context.new_page()
    watch = PageLoad(page)
    started = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=timeout_ms)
    deadline = time.perf_counter() + timeout_ms / 1000
    while watch.finished_at is None and time.perf_counter() < deadline:
        page.wait_for_timeout(10)
    if min_charts:
        page.wait_for_function(f"() => ({COUNT_CHARTS})() >= {min_charts}", timeout=timeout_ms, polling=20)
    page.wait_for_function(CHARTS_DRAWN, timeout=timeout_ms, polling=20)
    seconds = time.perf_counter() - started
    charts = page.evaluate(COUNT_CHARTS)
    page.wait_for_timeout(300)  # late requests (fonts, icons) still count as bytes of this load
    result = {
        "seconds": seconds,
        "http_bytes": watch.http_bytes,
        "gzip_bytes": watch.gzip_bytes,
        "ws_bytes": watch.ws_bytes,
        "charts": charts,
        "finished": watch.finished_at is not None,
        "largest": watch.largest[::-1],
        "files": watch.files,
    }
    page.close()
    return result


def measure(urls: dict[str, str], repeats: int = 3, min_charts: dict[str, int] | None = None) -> dict[str, dict]:
    """For each name -> URL: median first render (cold context) and cold / warm bytes.

    The loads are interleaved, one of each URL per round, so the machine's drift during the pass (another
    process, the CPU's clock) falls on the bare app and the pages alike rather than on whichever ran last."""
    from playwright.sync_api import sync_playwright

    loads: dict[str, list[dict]] = {name: [] for name in urls}
    warm: dict[str, dict] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        # One throw-away load first: the browser's own start-up is not the first page's first render.
        context = browser.new_context()
        load_once(context, next(iter(urls.values())))
        context.close()
        for attempt in range(repeats):
            for name, url in urls.items():
                # No request routing here: Playwright turns the HTTP cache off when a route is set, and the
                # warm load needs it. Every URL the bench opens is on 127.0.0.1.
                context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
                least = (min_charts or {}).get(name, 0)
                loads[name].append(load_once(context, url, min_charts=least))
                if attempt == 0:
                    warm[name] = load_once(context, url, min_charts=least)
                context.close()
        browser.close()
    return {
        name: {
            "first_render_s": statistics.median(load["seconds"] for load in runs),
            "first_render_all_s": [load["seconds"] for load in runs],
            "cold_http_bytes": runs[0]["http_bytes"],
            "cold_ws_bytes": runs[0]["ws_bytes"],
            "cold_gzip_bytes": runs[0]["gzip_bytes"],  # estimated, see PageLoad
            "largest": runs[0]["largest"],
            "cold_files": runs[0]["files"],
            "warm_http_bytes": warm[name]["http_bytes"],
            "warm_ws_bytes": warm[name]["ws_bytes"],
            "charts": runs[0]["charts"],
            "finished": all(load["finished"] for load in runs),
        }
        for name, runs in loads.items()
    }


def shapes_size(path: Path) -> dict:
    """Bytes of the state shapes as shipped, and gzipped (what a compressed transfer would carry)."""
    data = path.read_bytes()
    return {"bytes": len(data), "gzip_bytes": len(gzip.compress(data, 6))}

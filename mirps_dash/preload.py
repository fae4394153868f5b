"""Resource hints: the parts of Streamlit's frontend a page's first screen draws, asked for with the page itself.

Streamlit's index.html preloads its core; each element's code (a chart engine, a slider) is a separate chunk,
which the browser asks for only when the first element of that kind arrives over the websocket, and then its
imports one level at a time. On a first visit those chunks were most of the time between the script's end
and the charts drawn (bench/browser_bench.py). `mirps_dash.server` adds a `<link rel="modulepreload">` for
each chunk of the page's first screen to the page's HTML, so the browser fetches and compiles them while it
waits for the websocket. Nothing else changes: the page fetches the same files (tests/test_browser_preload.py
checks, for every page, that a cold visit fetches exactly Streamlit's own files and these).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

# The element chunks each page's first screen draws, by the page's url_path (app.py; "" is the Overview),
# named as Streamlit's frontend names them (static/js/<Name>.<hash>.js). The language picker (Radio) and
# the page style (Html) are on every page.
FIRST_SCREEN: dict[str, tuple[str, ...]] = {
    "": ("Html", "Radio", "Metric", "EChartsChart", "DownloadButton"),
    "arrivals": (  # its office picker (a selectbox) a tab away
        "Html",
        "Radio",
        "ButtonGroup",
        "Checkbox",
        "Button",
        "ArrowVegaLiteChart",
        "DownloadButton",
    ),
    "trends": ("Html", "Radio", "EChartsChart", "DownloadButton"),  # its filters in a popover, drawn when opened
    "regional": ("Html", "Radio", "ButtonGroup", "ArrowVegaLiteChart", "DownloadButton"),
    "pledges": ("Html", "Radio", "TextInput", "Multiselect", "Button", "DownloadButton"),
    "about": ("Html", "Radio", "DownloadButton"),
    "data": ("Html", "Radio", "TextInput"),
}

# Streamlit's frontend finds its server by asking the page's own address first, then its parent (streamlit#7074):
# a page opened at /trends asked /trends/_stcore/health, got a 404 and waited about 0.35 s before asking
# /_stcore/health (bench/browser_bench.py). Streamlit reads the server's address from window.__streamlit when a
# host names it, so a page (not the Overview, at the app's own address) names it: the page's parent, resolved in
# the browser like the chunks' relative links, so it holds behind a proxy's prefix too.
SERVER_ADDRESS_SCRIPT = (
    "window.__streamlit={...window.__streamlit,"
    'BACKEND_BASE_URL:new URL(location.pathname.endsWith("/")?"..":".",location.href).href}'
)

_STATIC_IMPORT = re.compile(r'(?:from|import)\s*"\./([\w.\-]+\.js)"')  # not import("..."): loaded on demand
_INDEX_SCRIPT = re.compile(r'static/js/([\w.\-]+\.js)"')


def chunk_files(js_dir: Path, index_html: str, components: Iterable[str]) -> list[str]:
    """The files of these components' chunks and of everything they import, that index.html does not already
    load, in a stable order. A component whose chunk is missing (another Streamlit version) is skipped."""
    loaded = set(_INDEX_SCRIPT.findall(index_html))
    by_name = {path.name.split(".", 1)[0]: path.name for path in js_dir.glob("*.js")}
    wanted = [by_name[name] for name in components if name in by_name]
    found: list[str] = []
    while wanted:
        name = wanted.pop(0)
        if name in loaded or name in found or not (js_dir / name).is_file():
            continue
        found.append(name)
        wanted += _STATIC_IMPORT.findall((js_dir / name).read_text(encoding="utf-8"))
    return found


def preload_links(files: Iterable[str]) -> bytes:
    """`<link rel="modulepreload">` tags for these chunk files, relative to the page as index.html's own are."""
    return "".join(
        f'<link rel="modulepreload" crossorigin href="./static/js/{html.escape(name)}">' for name in files
    ).encode()


def with_links(page: bytes, links: bytes) -> bytes:
    """The page's HTML with `links` at the end of its head (unchanged when it has no head)."""
    head = page.find(b"</head>")
    return page if head < 0 or not links else page[:head] + links + page[head:]


def page_links(static: Path) -> dict[str, bytes]:
    """What each page of `FIRST_SCREEN` adds to its head, by url_path: `SERVER_ADDRESS_SCRIPT` (not the Overview)
    and the preload tags read from Streamlit's static folder, which MIRPS_PRELOAD=off leaves out (to measure a
    page without them: tests/test_browser_preload.py, the bench)."""
    import os

    preloads = os.environ.get("MIRPS_PRELOAD", "").lower() != "off"
    index = (static / "index.html").read_text(encoding="utf-8")
    return {
        page: (f"<script>{SERVER_ADDRESS_SCRIPT}</script>".encode() if page else b"")
        + (preload_links(chunk_files(static / "static" / "js", index, components)) if preloads else b"")
        for page, components in FIRST_SCREEN.items()
    }

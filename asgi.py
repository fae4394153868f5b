"""The server: `streamlit run asgi.py` serves app.py behind mirps_dash.server's guard.

Why an `st.App` (experimental since Streamlit 1.53) and not `streamlit run app.py`: only its middleware runs
before Streamlit's own routes, so only through it can the app drop the `clear_cache` websocket message any
visitor may send, take uploads from staff sessions only (bounded in total), close /_stcore/metrics and send
its security headers. `streamlit run asgi.py` finds `app` below and serves it with uvicorn, reading the same
.streamlit/config.toml and command-line flags as before. `streamlit run app.py` still works, without the guard
(and without the warm-up: its first visitors make the default views).
"""

from contextlib import asynccontextmanager

import streamlit as st

from mirps_dash.server import guard_middleware


@asynccontextmanager
async def warm_up(_app):
    """At start, a thread that makes every page's default views now and for each new data version."""
    from mirps_dash.ui import start_warming

    start_warming()
    yield


app = st.App("app.py", middleware=guard_middleware(), lifespan=warm_up)

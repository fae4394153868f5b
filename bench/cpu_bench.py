"""(6b) What a run costs the server, one session at a time: CPU per first run (a new session) and per filter
change, the messages a run sends, and what one more element of a kind costs (bench/element_app.py).

These are the causes behind the capacity knees of (6): a step opens all its sessions within 2 s and each of them
then changes a filter every 5 s, so a page's knee falls about where (sessions x CPU a run) fills the server's core.
CPU is the server process's own (user + system, from /proc), read after the server has gone idle (the dashboard's
warm-up makes every default view at start), so nothing but these runs is counted.
"""

from __future__ import annotations

import asyncio
import statistics
from pathlib import Path

from bench import servers
from bench.loadgen import Session
from bench.servers import Server

ELEMENT_KINDS = ("markdown", "button", "multiselect", "container")
EXTRA_ELEMENTS = 40


async def wait_idle(server: Server, busy_share: float = 0.05, poll: float = 0.5, timeout: float = 120.0) -> None:
    """Until the server has used under `busy_share` of a core for two polls in a row (its warm-up is done)."""
    quiet, waited, last = 0, 0.0, server.cpu_seconds()
    while quiet < 2 and waited < timeout:
        await asyncio.sleep(poll)
        waited += poll
        now = server.cpu_seconds()
        quiet = quiet + 1 if now - last < busy_share * poll else 0
        last = now


async def run_costs(server: Server, page: str, query: str, opens: int, reruns: int) -> dict:
    """Server CPU per first run and per filter change (ms), and the messages a run sends (median)."""
    warm = Session(server.url, page, query, seed=99)
    await warm.connect()
    await warm.open()
    for _ in range(5):
        await warm.change_filter()
    await warm.close()
    await wait_idle(server)
    sessions, open_messages, rerun_messages = [], [], []
    started = server.cpu_seconds()
    for seed in range(opens):
        session = Session(server.url, page, query, seed)
        await session.connect()
        open_messages.append((await session.open()).messages)
        sessions.append(session)
    opened = server.cpu_seconds()
    for number in range(reruns):
        rerun_messages.append((await sessions[number % len(sessions)].change_filter()).messages)
    done = server.cpu_seconds()
    for session in sessions:
        await session.close()
    return {
        "open_ms": 1000 * (opened - started) / opens,
        "rerun_ms": 1000 * (done - opened) / reruns,
        "open_messages": statistics.median(open_messages),
        "rerun_messages": statistics.median(rerun_messages),
    }


def per_element_ms(with_elements: dict, without: dict, count: int = EXTRA_ELEMENTS) -> float:
    """What one more element costs a rerun: the difference of two apps' rerun CPU over the elements added."""
    return (with_elements["rerun_ms"] - without["rerun_ms"]) / count


async def element_costs(root: Path, log_dir: Path, reruns: int, cpu: int | None = None) -> dict:
    """The bare app alone and with EXTRA_ELEMENTS more elements of each kind: rerun CPU, and per element
    ({"added": EXTRA_ELEMENTS, "kinds": {"none": ..., kind: ...}})."""
    found: dict = {}
    for kind in ("", *ELEMENT_KINDS):
        env = {"BENCH_ELEMENT_KIND": kind, "BENCH_ELEMENT_COUNT": str(EXTRA_ELEMENTS)}
        server = servers.start(root / "bench" / "element_app.py", root, log_dir, env, cpu=cpu)
        try:
            found[kind or "none"] = await run_costs(server, "", "", opens=1, reruns=reruns)
        finally:
            server.stop()
    for kind in ELEMENT_KINDS:
        found[kind]["per_element_ms"] = per_element_ms(found[kind], found["none"])
    return {"added": EXTRA_ELEMENTS, "kinds": found}

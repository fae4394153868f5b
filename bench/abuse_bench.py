"""Two attacks any visitor can make without signing in (issue 15), against a running server.

The cache wipe: one websocket sends the BackMsg `clear_cache` 10 times a second while N sessions open a page
and change its filters (loadgen). The upload flood: one visitor takes a session id from its own websocket and
the XSRF cookie from /_stcore/health, then PUTs 25 MB files to /_stcore/upload_file as fast as it can.

`make bench` (step 9, `measure_all`) measures, in one run: the code before issue 15's work (`streamlit run
app.py` of BEFORE_COMMIT in a temporary `git worktree`, removed after), this tree with the guard switched off
(`streamlit run app.py`: the memos only) and this tree as served (`asgi.py`: the guard and the memos).
`python -m bench.abuse_bench` does the same from the command line, each case well under two minutes, and
prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import json
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import websockets

# Streamlit internal: the websocket speaks Streamlit's protobuf messages (no public client API)
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench import servers
from bench.loadgen import percentile, run_step

MB = 1024 * 1024
FLOOD_FILE_BYTES = 25_000_000  # "25 MB", just under server.maxUploadSize (25 MiB), as in the attack
CASES = ("baseline", "cache_wipe", "upload_flood")
BEFORE_COMMIT = "8bcd38d"  # the last commit before issue 15's guard (mirps_dash/server.py) and memos (memo.py)
LABELS = {
    "before": f"before (code of {BEFORE_COMMIT}, app.py)",
    "unguarded": "this code, guard off (app.py)",
    "after": "after (asgi.py)",
}


def _connection(base_url: str) -> http.client.HTTPConnection:
    parts = urlsplit(base_url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)


def xsrf_cookie(base_url: str) -> str:
    """The `_streamlit_xsrf` cookie /_stcore/health hands to anyone."""
    connection = _connection(base_url)
    connection.request("GET", "/_stcore/health")
    response = connection.getresponse()
    response.read()
    connection.close()
    for header in response.headers.get_all("set-cookie") or []:
        name, _, rest = header.partition("=")
        if name.strip() == "_streamlit_xsrf":
            return rest.split(";", 1)[0]
    return ""


async def open_socket(base_url: str, page: str = "", query: str = "lang=en"):
    """A websocket whose first run has started: (connection, session id), as a visitor's script would get them."""
    url = base_url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
    connection = await websockets.connect(url, subprotocols=["streamlit"], max_size=None, ping_interval=None)
    message = BackMsg()
    message.rerun_script.query_string = query
    message.rerun_script.page_name = page
    await connection.send(message.SerializeToString())
    session_id = ""
    while True:
        forward = ForwardMsg()
        forward.ParseFromString(await asyncio.wait_for(connection.recv(), 60))
        kind = forward.WhichOneof("type")
        if kind == "new_session":
            session_id = forward.new_session.initialize.session_id
        elif kind == "script_finished":
            return connection, session_id


def put_upload(base_url: str, session_id: str, xsrf: str, size: int) -> int:
    """PUT one file of `size` bytes to the session's upload URL, as the file_uploader widget does; the status."""
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="flood.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    body = head + b"0" * size + f"\r\n--{boundary}--\r\n".encode()
    connection = _connection(base_url)
    # A refusal answers and closes before the whole body is sent: its answer is still there to read.
    with contextlib.suppress(ConnectionError):
        connection.request(
            "PUT",
            f"/_stcore/upload_file/{session_id}/{uuid.uuid4()}",
            body=body,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-Xsrftoken": xsrf,
                "Cookie": f"_streamlit_xsrf={xsrf}",
            },
        )
    try:
        response = connection.getresponse()
        response.read()
        return response.status
    except (ConnectionError, http.client.HTTPException):
        return 0  # closed with no answer
    finally:
        connection.close()


async def _wipe_cache(base_url: str, per_second: float, stop: asyncio.Event) -> int:
    connection, _ = await open_socket(base_url)
    message = BackMsg()
    message.clear_cache = True
    frame, sent = message.SerializeToString(), 0
    try:
        while not stop.is_set():
            await connection.send(frame)
            sent += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 1 / per_second)
    finally:
        await connection.close()
    return sent


async def _sample_rss(server: servers.Server, peaks: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        peaks.append(server.rss_mb())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.5)


async def cache_wipe(
    server: servers.Server, sessions: int, seconds: float, per_second: float = 10.0, attack: bool = True
) -> dict:
    """N sessions on Trends (think 2 s) for `seconds`, with or without the clear_cache socket; figures."""
    stop = asyncio.Event()
    peaks: list[float] = []
    before = server.rss_mb()
    sampler = asyncio.create_task(_sample_rss(server, peaks, stop))
    wiper = asyncio.create_task(_wipe_cache(server.url, per_second, stop)) if attack else None
    step = await run_step([(server.url, "trends", "lang=en")], sessions, seconds, think=2.0, seed=15)
    stop.set()
    sent = await wiper if wiper else 0
    await sampler
    await asyncio.sleep(5)
    return {
        "sessions": sessions,
        "seconds": seconds,
        "clear_cache_sent": sent,
        "p95_rerun_s": round(percentile(step.reruns, 95), 3),
        "p50_rerun_s": round(percentile(step.reruns, 50), 3),
        "runs_per_min": round(len(step.reruns) * 60 / seconds),
        "failures": step.failures,
        "rss_before_mb": round(before),
        "rss_peak_mb": round(max(peaks or [before])),
        "rss_after_5s_mb": round(server.rss_mb()),
    }


async def upload_flood(
    server: servers.Server, files: int = 40, size: int = FLOOD_FILE_BYTES, linger: float = 20.0
) -> dict:
    """One anonymous visitor PUTs `files` files of `size` bytes; statuses, time and memory (MB) before, at the
    end, and `linger` s after its socket closed."""
    xsrf = xsrf_cookie(server.url)
    connection, session_id = await open_socket(server.url)
    before = server.rss_mb()
    started = time.perf_counter()
    statuses: dict[str, int] = {}
    for _ in range(files):
        status = await asyncio.to_thread(put_upload, server.url, session_id, xsrf, size)
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    seconds = time.perf_counter() - started
    held = server.rss_mb()
    await connection.close()
    await asyncio.sleep(linger)
    return {
        "files": files,
        "file_mb": round(size / 1e6),
        "statuses": statuses,
        "seconds": round(seconds, 1),
        "rss_before_mb": round(before),
        "rss_after_flood_mb": round(held),
        f"rss_{int(linger)}s_after_close_mb": round(server.rss_mb()),
    }


def before_tree(root: Path, commit: str, folder: Path) -> Path:
    """The code at `commit` in its own folder (a git worktree; the working tree is left alone)."""
    if not (folder / "app.py").exists():
        subprocess.run(
            ["git", "-C", str(root), "worktree", "add", "--detach", str(folder), commit],
            check=True,
            capture_output=True,
        )
    return folder


async def measure(script: Path, tree: Path, work: Path, sessions: int, seconds: float, cases=CASES) -> dict:
    """Both attacks (and the same load without the attack) against `script` started in `tree`."""
    figures = {}
    for case in cases:
        store = work / f"{tree.name}-{case}.sqlite3"
        store.unlink(missing_ok=True)
        env = {"MIRPS_DATABASE_URL": "", "MIRPS_SQLITE_PATH": str(store)}
        server = servers.start(script, tree, work / "logs", env)
        try:
            if case == "upload_flood":
                figures[case] = await upload_flood(server)
            else:
                figures[case] = await cache_wipe(server, sessions, seconds, attack=case == "cache_wipe")
        finally:
            server.stop()
    return figures


def commit_present(root: Path, commit: str) -> bool:
    """Whether the repository holds this commit (a shallow clone may not)."""
    found = subprocess.run(["git", "-C", str(root), "cat-file", "-e", f"{commit}^{{commit}}"], capture_output=True)
    return found.returncode == 0


async def measure_all(
    root: Path, work: Path, sessions: int, seconds: float, before_commit: str | None = BEFORE_COMMIT
) -> dict:
    """Before and after in one run, each case on its own fresh server: the old code (when the repository holds
    its commit), this code with the guard switched off (the attacks' effect on the memos alone), and as served."""
    results = {}
    if before_commit and commit_present(root, before_commit):
        folder = work / "abuse-before"
        old = before_tree(root, before_commit, folder)
        try:
            results["before"] = await measure(old / "app.py", old, work, sessions, seconds)
        finally:
            subprocess.run(["git", "-C", str(root), "worktree", "remove", "--force", str(folder)], capture_output=True)
    results["unguarded"] = await measure(
        root / "app.py", root, work, sessions, seconds, cases=("cache_wipe", "upload_flood")
    )
    results["after"] = await measure(root / "asgi.py", root, work, sessions, seconds)
    return results


def _wipe_row(label: str, figures: dict) -> str:
    cells = [
        f"{figures['p50_rerun_s']:.2f} s",
        f"{figures['p95_rerun_s']:.2f} s",
        str(figures["runs_per_min"]),
        str(figures["clear_cache_sent"]),
        f"{figures['rss_before_mb']} -> {figures['rss_peak_mb']} MB",
    ]
    return f"| {label} | " + " | ".join(cells) + " |"


def _flood_row(label: str, figures: dict) -> str:
    statuses = ", ".join(
        f"{count} x {'closed unanswered' if status == '0' else status}"
        for status, count in sorted(figures["statuses"].items())
    )
    after = next(value for key, value in figures.items() if key.endswith("after_close_mb"))
    cells = [
        statuses,
        f"{figures['seconds']:.1f} s",
        f"{figures['rss_before_mb']} -> {figures['rss_after_flood_mb']} MB",
        f"{after} MB",
    ]
    return f"| {label} | " + " | ".join(cells) + " |"


def abuse_section(results: dict) -> list[str]:
    """BENCHMARKS.md's section: each attack before (the old code, if measured) and after, and without attack."""
    if not results:
        return []
    runs = results if "after" in results or "before" in results else {"after": results}
    lines = [
        "## Anonymous abuse of the server (issue 15)",
        "",
        "bench/abuse_bench.py against live servers on SQLite, one after the other, each case on a fresh server:",
        f"*{LABELS['before']}* is the code before this work (no guard, caches in `st.cache_data`/`st.cache_resource`),",
        f"*{LABELS['unguarded']}* is this code without mirps_dash/server.py's guard (the store, frames and views in",
        f"ui's memos only), *{LABELS['after']}* is this code as served (guard and memos). Cache wipe: N sessions on",
        "Trends change a filter every 2 s (+-50 %) while one more socket sends the BackMsg `clear_cache` 10 times a",
        "second. Upload flood: one visitor, with the session id of its own socket and the XSRF cookie from",
        "/_stcore/health, PUTs 40 files of 25,000,000 bytes one after the other; a connection closed while the client",
        "was still sending shows as 'closed unanswered'. The per-session and total upload bounds are checked by",
        "tests/test_abuse.py, the proxy's per-address limits by tests/test_proxy.py. Compare rows of one table only.",
        "",
    ]
    for sessions in sorted(
        {f["sessions"] for run in runs.values() for case, f in run.items() if case != "upload_flood"}
    ):
        lines += [
            f"Cache wipe, {sessions} sessions:",
            "",
            "| server | p50 rerun | p95 rerun | reruns a minute | clear_cache sent | RSS before -> peak |",
            "|---|---|---|---|---|---|",
        ]
        for tree, run in runs.items():
            for case in ("baseline", "cache_wipe"):
                if case in run and run[case]["sessions"] == sessions:
                    lines.append(
                        _wipe_row(
                            f"{LABELS.get(tree, tree)}, {'no attack' if case == 'baseline' else 'clear_cache 10/s'}",
                            run[case],
                        )
                    )
        lines.append("")
    floods = [(tree, run["upload_flood"]) for tree, run in runs.items() if "upload_flood" in run]
    if floods:
        lines += [
            "Upload flood:",
            "",
            "| server | answers | time | RSS before -> after the flood | 20 s after its socket closed |",
            "|---|---|---|---|---|",
            *(_flood_row(LABELS.get(tree, tree), figures) for tree, figures in floods),
            "",
        ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--before", default=BEFORE_COMMIT, help="commit of the old code (checked out with git worktree)"
    )
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--work", type=Path, default=Path("/tmp/abuse-bench"))
    parser.add_argument("--only", choices=("before", "after"))
    parser.add_argument("--after-script", default="asgi.py", help="what serves this tree (app.py: without the guard)")
    parser.add_argument("--cases", default=",".join(CASES), help="which of " + ", ".join(CASES))
    args = parser.parse_args()
    root = Path(__file__).resolve().parents[1]
    args.work.mkdir(parents=True, exist_ok=True)
    results, cases = {}, args.cases.split(",")
    if args.only != "after":
        old = before_tree(root, args.before, args.work / "before")
        results["before"] = asyncio.run(measure(old / "app.py", old, args.work, args.sessions, args.seconds, cases))
    if args.only != "before":
        results["after"] = asyncio.run(
            measure(root / args.after_script, root, args.work, args.sessions, args.seconds, cases)
        )
    json.dump(results, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()

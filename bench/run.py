"""The bench's steps in order; each returns plain figures that bench/report.py turns into BENCHMARKS.md."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench import proxy, servers
from bench.apptest_bench import page_paths
from bench.cpu_bench import ELEMENT_KINDS, EXTRA_ELEMENTS, element_costs, run_costs
from bench.protocol_bench import ramp, single_session, staleness
from bench.synthetic import claims_template, scale_store_100x, write_csv

LEVELS = [10, 25, 50, 75, 100, 125, 150, 200, 250, 300, 400, 500]  # the bare app held 250, then 500, on a fast machine
REPLICA_LEVELS = [5, 10, 15, 25, 50, 75, 100, 125, 150]
LANG_QUERY = "lang=en"
STALENESS_MARKER = "987,654"


NO_PRELOAD = "(no preloads)"
# Rounds of the browser pass (one load of each page per round; the median is the figure): a load's spread on
# this machine is +-0.5 s, and the verdict's line (1.5x the bare app) sits within it.
FIRST_RENDER_ROUNDS = 9


def page_names(root: Path) -> list[str]:
    return [Path(p).stem for p in page_paths(root)]


def url_path(page: str) -> str:
    """What a browser asks for to open `page`: the default page (Overview) lives at the app's root, and
    asking for it by name gets Streamlit's "page not found" answer before it runs the default page."""
    return "" if page == DEFAULT_PAGE else page


DEFAULT_PAGE = "overview"


def seeded_sqlite(path: Path, scale: str) -> Path:
    """A SQLite store seeded from data/, and at 100x filled with the synthetic rows."""
    from mirps_dash.service import ensure_seeded
    from mirps_dash.store import Store, make_engine

    path.unlink(missing_ok=True)
    store = Store(make_engine(f"sqlite:///{path}"))
    ensure_seeded(store)
    if scale == "100x":
        scale_store_100x(store)
    store.engine.dispose()
    return path


def seeded_postgres(url: str) -> None:
    from mirps_dash.service import ensure_seeded
    from mirps_dash.store import Store, make_engine

    store = Store(make_engine(url))
    ensure_seeded(store)
    store.engine.dispose()


def run_json(command: list[str], cwd: Path, out: Path, log: Callable[[str], None], timeout: float = 3600) -> object:
    """Run a bench subprocess that writes JSON to `out`; its stdout lines go to the log."""
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    for line in completed.stdout.splitlines():
        log(f"    {line[:220]}")
    if completed.returncode != 0:
        log(completed.stderr[-3000:])
        raise RuntimeError(f"{command[2:4]} failed with {completed.returncode}")
    return json.loads(out.read_text())


def publish_marker(url: str) -> None:
    """Publish, through the store as the CLI does, a claims update whose national 2025 total is 987,654."""
    from mirps_dash.service import publish_file
    from mirps_dash.store import Store, make_engine

    store = Store(make_engine(url))
    data = b"period,claims,source\n2025,987654,unhcr-stats\n"
    result = publish_file(store, "claims", data, file_name="staleness.csv", by="bench", mode="update")
    store.engine.dispose()
    if result.version is None:
        raise RuntimeError(f"marker publish refused: {result.report.errors[:3]}")


async def run_all(root: Path, out: Path, full: bool, log: Callable[[str], None]) -> dict:
    from bench.__main__ import drop_postgres_database, new_postgres_database

    smoke = os.environ.get("BENCH_SMOKE", "") not in ("", "0")  # a fast pass through every step, for the harness itself
    levels, replica_levels = ([3, 6], [3, 6]) if smoke else (LEVELS, REPLICA_LEVELS)
    work = out / "work"
    work.mkdir(parents=True, exist_ok=True)
    pages = page_names(root)
    results: dict = {"pages": pages}
    python = sys.executable
    log(f"pages: {', '.join(pages)}; run: {'FULL' if full else 'QUICK'}")

    # ---- stores at two scales ------------------------------------------------------------------
    log("preparing stores: as shipped, and 100x (1M synthetic claims, 20,000 pledges) ...")
    shipped_db = seeded_sqlite(work / "shipped.sqlite3", "shipped")
    scaled_db = shipped_db if smoke else seeded_sqlite(work / "scaled.sqlite3", "100x")

    # ---- (1) AppTest script time ---------------------------------------------------------------
    reruns = 3 if smoke else 40 if full else 20
    results["apptest"] = []
    for scale, db in (("shipped", shipped_db), ("100x", scaled_db)):
        log(f"(1) AppTest, {scale}: {reruns} reruns per page, each after a filter change ...")
        target = work / f"apptest-{scale}.json"
        results["apptest"] += run_json(
            [python, "-m", "bench.apptest_bench", scale, str(db), str(target), str(reruns)], root, target, log
        )

    log("(1b) pledge filtering at 20,000 synthetic pledges (mirps_dash.pledges) ...")
    target = work / "pledges.json"
    results["pledges"] = run_json([python, "-m", "bench.pledges_bench", str(target)], root, target, log)

    log("(1c) the briefing PDF of each page, as a click makes it (mirps_dash.briefing) ...")
    target = work / "briefing.json"
    results["briefing"] = run_json(
        [python, "-m", "bench.briefing_bench", str(shipped_db), str(target)], root, target, log
    )

    # ---- (2) one session over the protocol, (4)/(5) browser --------------------------------------
    results["protocol"] = {}
    results["browser"] = {}
    # QUICK runs the websocket and browser passes on the shipped scale only; FULL adds 100x.
    for scale, db in (("shipped", shipped_db), ("100x", scaled_db))[: 2 if full else 1]:
        env = {"MIRPS_SQLITE_PATH": str(db), "MIRPS_DATABASE_URL": ""}
        dashboard = servers.start(root / "asgi.py", root, work / "logs", env)
        bare = servers.start(root / "bench" / "bare_app.py", root, work / "logs")
        try:
            log(f"(2) one session over the websocket, {scale}: reruns after a filter change ...")
            protocol = {"bare": await single_session(bare.url, "", "", 3 if smoke else 30 if full else 20)}
            for page in pages:
                count = 3 if smoke else 30 if full else 20
                first = await single_session(dashboard.url, url_path(page), LANG_QUERY, count)
                # A second session making the same choices: the views it asks for are cached by then.
                again = await single_session(dashboard.url, url_path(page), LANG_QUERY, count)
                protocol[page] = {**first, "again_p50_s": again["p50_s"], "again_p95_s": again["p95_s"]}
            for name, figures in protocol.items():
                log(
                    f"    {name:>10}: load {figures['load_s']:.3f} s  rerun p50 {figures['p50_s'] * 1000:.0f} ms  "
                    f"p95 {figures['p95_s'] * 1000:.0f} ms  widgets {figures['widgets']} {figures['errors'][:1]}"
                )
            results["protocol"][scale] = protocol
            log(f"(4)(5) Chromium first render and bytes, {scale} ...")
            from bench.browser_bench import measure, shapes_size

            # The same pages on a replica without the preloads (MIRPS_PRELOAD=off), in the same interleaved pass:
            # (4b) compares the two loads of each page made side by side.
            plain = servers.start(root / "asgi.py", root, work / "logs", {**env, "MIRPS_PRELOAD": "off"})
            try:
                urls = {
                    "bare": bare.url + "/",
                    **{page: f"{dashboard.url}/{url_path(page)}?{LANG_QUERY}" for page in pages},
                    **{f"{page} {NO_PRELOAD}": f"{plain.url}/{url_path(page)}?{LANG_QUERY}" for page in pages},
                }
                measured = await asyncio.to_thread(measure, urls, 1 if smoke else FIRST_RENDER_ROUNDS)
            finally:
                plain.stop()
            browser = {name: figures for name, figures in measured.items() if not name.endswith(NO_PRELOAD)}
            for name, figures in browser.items():
                log(
                    f"    {name:>10}: first render {figures['first_render_s']:.2f} s  cold {figures['cold_http_bytes'] / 1e3:.0f} KB "
                    f"http ({figures['cold_gzip_bytes'] / 1e3:.0f} KB gzipped) + {figures['cold_ws_bytes'] / 1e3:.0f} KB ws  "
                    f"warm {figures['warm_http_bytes'] / 1e3:.0f} KB + {figures['warm_ws_bytes'] / 1e3:.0f} KB  "
                    f"charts {figures['charts']}  largest {figures['largest'][:2]}"
                )
            results["browser"][scale] = browser
            results.setdefault("browser_no_preload", {})[scale] = {
                name.removesuffix(f" {NO_PRELOAD}"): figures
                for name, figures in measured.items()
                if name.endswith(NO_PRELOAD) and browser[name.removesuffix(f" {NO_PRELOAD}")]["charts"]
            }
            if Path(proxy.NGINX).exists():
                log(f"(5b) first-visit bytes on the wire through nginx (deploy/nginx.conf, gzip on), {scale} ...")
                wire = await asyncio.to_thread(measure_through_proxy, root, work, bare.url, dashboard.url, pages)
                for name, figures in wire.items():
                    through = figures["cold_http_bytes"] + figures["cold_ws_bytes"]
                    direct = browser[name]["cold_http_bytes"] + browser[name]["cold_ws_bytes"]
                    log(
                        f"    {name:>10}: first visit {through / 1e3:.0f} KB through nginx, {direct / 1e3:.0f} KB direct"
                    )
                results.setdefault("browser_proxy", {})[scale] = wire
        finally:
            dashboard.stop()
            bare.stop()
    results["shapes"] = shapes_size(root / "static" / "mexico_states.geojson")

    # ---- (10) chart engines: plotly, ECharts, Vega-Lite (issue 13) -------------------------------------
    log("(10) chart engines: the same two charts in plotly, Apache ECharts and Vega-Lite apps ...")
    target = work / "engines.json"
    results["engines"] = run_json(
        [python, "-m", "bench.engine_bench", str(target), "1" if smoke else "3"], root, target, log
    )

    # ---- (11) the first rerun of a replica after a publish, 100x (issue 13) ------------------------------
    results["after_publish"] = run_after_publish(root, work, scaled_db, log)

    # ---- (3) ingest ----------------------------------------------------------------------------
    log("(3) ingest: a 1M-row claims CSV (synthetic) ...")
    csv_path = work / "claims-1m.csv"
    results["ingest"] = {"file_bytes": write_csv(claims_template(years=1) if smoke else claims_template(), csv_path)}
    target = work / "ingest-read_csv.json"
    results["ingest"]["read_csv"] = run_json(
        [python, "-m", "bench.ingest_bench", "read_csv", str(csv_path), "-", str(target)], root, target, log
    )
    sqlite_path = work / "ingest.sqlite3"
    sqlite_path.unlink(missing_ok=True)
    target = work / "ingest-sqlite.json"
    # BENCH_PROFILE=1 writes a cProfile of the SQLite ingest (it slows the run, so it is off by default).
    profile = [str(work / "profile-sqlite.txt")] if os.environ.get("BENCH_PROFILE") else []
    results["ingest"]["sqlite"] = run_json(
        [
            python,
            "-m",
            "bench.ingest_bench",
            "publish",
            str(csv_path),
            f"sqlite:///{sqlite_path}",
            str(target),
            *profile,
        ],
        root,
        target,
        log,
    )
    sqlite_path.unlink(missing_ok=True)
    pg_url = new_postgres_database()
    try:
        target = work / "ingest-postgresql.json"
        results["ingest"]["postgresql"] = run_json(
            [python, "-m", "bench.ingest_bench", "publish", str(csv_path), pg_url, str(target)], root, target, log
        )
    finally:
        drop_postgres_database(pg_url)
    sqlite_path.unlink(missing_ok=True)

    # ---- (8) hostile files (issue 15): each bomb and bound through the CLI, beside normal files -----------
    log("(8) hostile files through the CLI: the issue's workbook bombs, CSV bounds, beside normal files ...")
    target = work / "hostile.json"
    results["hostile"] = run_json([python, "-m", "bench.hostile_bench", str(target)], root, target, log)

    # ---- (6) capacity ----------------------------------------------------------------------------
    seconds = 6.0 if smoke else 60.0 if full else 15.0
    stop_after = 2 if full else 1
    log(
        f"(6) capacity: steps {levels} sessions, {seconds:.0f} s each, each session gives a random filter a random "
        "value (seeded per session and step) every 5 s (+-50 %); "
        "server on CPU 0, load generator on CPU 1 ..."
    )
    own_affinity = os.sched_getaffinity(0)
    results["capacity"] = {}
    results["server_cpu"] = {}
    try:
        os.sched_setaffinity(0, {1})
        targets = [("bare", root / "bench" / "bare_app.py", "")] + [
            (page, root / "asgi.py", url_path(page)) for page in pages
        ]
        for name, script, page in targets:
            server = servers.start(
                script, root, work / "logs", {"MIRPS_SQLITE_PATH": str(shipped_db), "MIRPS_DATABASE_URL": ""}, cpu=0
            )
            try:
                query = "" if name == "bare" else LANG_QUERY
                costs = await run_costs(server, page, query, opens=2 if smoke else 20, reruns=4 if smoke else 60)
                results["server_cpu"][name] = costs
                log(
                    f"  {name:>10} server CPU: first run {costs['open_ms']:.1f} ms, filter change "
                    f"{costs['rerun_ms']:.1f} ms; messages a run {costs['open_messages']:.0f} / {costs['rerun_messages']:.0f}"
                )
                result = await ramp(
                    name,
                    [server],
                    [(server.url, page, query)],
                    levels,
                    seconds,
                    stop_after_failures=stop_after,
                    log=log,
                )
            finally:
                server.stop()
            results["capacity"][name] = ramp_figures(result)
        log(f"(6b) server CPU a rerun, the bare app plus {EXTRA_ELEMENTS} elements of each kind ...")
        results["element_cpu"] = await element_costs(root, work / "logs", 4 if smoke else 100, cpu=0)
        for kind in ELEMENT_KINDS:
            log(f"  {kind:>12}: {results['element_cpu']['kinds'][kind]['per_element_ms']:.3f} ms an element")
    finally:
        os.sched_setaffinity(0, own_affinity)

    # ---- (7) two replicas on one PostgreSQL --------------------------------------------------------
    results["replicas"] = await run_replicas(root, work, pages, replica_levels, seconds, stop_after, log)

    # ---- (9) anonymous abuse: clear_cache 10/s during load, a visitor's upload flood; before and after ---------
    from bench.abuse_bench import measure_all as measure_abuse

    log(
        "(9) abuse: sessions on Trends with and without a clear_cache socket (10/s); a visitor PUTs 40 x 25 MB; "
        "the old code, this code with the guard off, and asgi.py ..."
    )
    results["abuse"] = await measure_abuse(root, work, 6 if smoke else 20, 10.0 if smoke else 40.0)
    return results


def measure_through_proxy(root: Path, work: Path, bare_url: str, dashboard_url: str, pages: list[str]) -> dict:
    """Cold first visits of the bare app and each page through nginx running deploy/nginx.conf (gzip on):
    the bytes the wire carries, as Chromium counts them (encoded bodies, headers, websocket frames)."""
    from bench.browser_bench import measure

    running = [
        proxy.start(root, work / "nginx" / name, [url]) for name, url in (("bare", bare_url), ("app", dashboard_url))
    ]
    try:
        urls = {
            "bare": running[0].url + "/",
            **{page: f"{running[1].url}/{url_path(page)}?{LANG_QUERY}" for page in pages},
        }
        return measure(urls, 1)
    finally:
        for nginx in running:
            nginx.stop()


def run_after_publish(root: Path, work: Path, scaled_db: Path, log: Callable[[str], None]) -> dict:
    """bench/after_publish_bench.py (when it exists) on a copy of the 100x SQLite store and on a fresh PostgreSQL
    database it seeds itself (--seed); each gives the first rerun after a publish and the steady rerun."""
    from bench.__main__ import drop_postgres_database, new_postgres_database

    if importlib.util.find_spec("bench.after_publish_bench") is None:
        log("(11) first rerun after a publish: skipped, bench/after_publish_bench.py is not there")
        return {}
    log("(11) first rerun of a replica after a publish, 100x: SQLite (a copy of the store), PostgreSQL (seeded) ...")
    figures: dict = {}
    copy = work / "after-publish.sqlite3"
    shutil.copyfile(scaled_db, copy)
    pg_url = new_postgres_database()
    try:
        for backend, url, extra in (("sqlite", f"sqlite:///{copy}", []), ("postgresql", pg_url, ["--seed"])):
            target = work / f"after-publish-{backend}.json"
            command = [sys.executable, "-m", "bench.after_publish_bench", url, str(target), *extra]
            try:
                figures[backend] = run_json(command, root, target, log)
            except (RuntimeError, OSError, ValueError, subprocess.TimeoutExpired) as failure:
                figures[backend] = {"error": str(failure)[:300]}
    finally:
        drop_postgres_database(pg_url)
        copy.unlink(missing_ok=True)
    return figures


def ramp_figures(result) -> dict:
    """A Ramp as plain figures (for JSON and the report)."""
    from bench.loadgen import summarise

    return {
        "knee": result.knee,
        "idle_rss_mb": result.idle_rss_mb,
        "rss_per_session_mb": result.rss_per_session_mb(),
        "growth_50_mb": result.growth_at(50),
        "cpu_seconds": result.cpu_seconds,
        "steps": [{**summarise(step), "errors": step.errors[:2]} for step in result.steps],
    }


async def run_replicas(
    root: Path,
    work: Path,
    pages: list[str],
    replica_levels: list[int],
    seconds: float,
    stop_after: int,
    log: Callable[[str], None],
) -> dict:
    """(7) One process, then two replicas (CPU 0 and 1) on one fresh PostgreSQL, the same mix; then staleness."""
    from bench.__main__ import drop_postgres_database, new_postgres_database

    log("(7) replicas on PostgreSQL: one process, then two (CPU 0 and 1), the same mix of pages ...")
    pg_url = new_postgres_database()
    results: dict = {}
    try:
        seeded_postgres(pg_url)
        env = {"MIRPS_DATABASE_URL": pg_url}
        mix = [url_path(page) for page in pages] or [""]
        one = servers.start(root / "asgi.py", root, work / "logs", env, cpu=0)
        try:
            result = await ramp(
                "1 process",
                [one],
                [(one.url, page, LANG_QUERY) for page in mix],
                replica_levels,
                seconds,
                stop_after_failures=stop_after,
                log=log,
            )
        finally:
            one.stop()
        results["one"] = ramp_figures(result)
        first = servers.start(root / "asgi.py", root, work / "logs", env, cpu=0)
        second = servers.start(root / "asgi.py", root, work / "logs", env, cpu=1)
        try:
            # Sticky sessions: session i stays on replica i % 2 for its whole life.
            split = [(server.url, page, LANG_QUERY) for page in mix for server in (first, second)]
            result = await ramp(
                "2 replicas", [first, second], split, replica_levels, seconds, stop_after_failures=stop_after, log=log
            )
            results["two"] = ramp_figures(result)
            log("(7) staleness: publish through the store (as replica A or the CLI would), read on replica B ...")
            page = mix[0]
            results["staleness"] = await staleness(
                second.url, page, LANG_QUERY, lambda: publish_marker(pg_url), STALENESS_MARKER
            )
            log(f"    {results['staleness']}")
        finally:
            first.stop()
            second.stop()
    finally:
        drop_postgres_database(pg_url)
    return results


def rerun_replicas() -> None:
    """`python -m bench.run replicas` (from bench/out/tree): redo step 7 only and re-render BENCHMARKS.md."""
    from bench.report import render

    root = Path.cwd()
    project = Path(os.environ.get("BENCH_PROJECT_ROOT", root.parents[2]))
    out = project / "bench" / "out"
    results = json.loads((out / "results.json").read_text())
    full = results["meta"]["run"].startswith("FULL")
    results["replicas"] = asyncio.run(
        run_replicas(
            root, out / "work", results["pages"], REPLICA_LEVELS, 60.0 if full else 15.0, 2 if full else 1, print
        )
    )
    results.setdefault("notes", []).append(
        f"(7) re-run on its own at {time.strftime('%H:%M UTC', time.gmtime())} with steps {REPLICA_LEVELS} "
        f"(load average {os.getloadavg()[0]:.1f})."
    )
    (out / "results.json").write_text(json.dumps(results, indent=1, default=str))
    table, markdown = render(results)
    (project / "BENCHMARKS.md").write_text(markdown)
    print(table)


if __name__ == "__main__" and sys.argv[1:] == ["replicas"]:
    rerun_replicas()

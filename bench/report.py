"""Turn the bench's figures into a printed table and BENCHMARKS.md: each figure, its baseline, the ratio, the goal."""

from __future__ import annotations

import json
import math
from pathlib import Path

# Issue 13's goals, each against the bare app (or the floor page, or read_csv) measured in the same run.
FIRST_RENDER_TIMES_BARE = 1.5
BYTES_TIMES_BARE = 2.0
SCRIPT_OVER_FLOOR_S = 0.020
SCRIPT_P95_100X_S = 0.100
KNEE_TIMES_BARE = 0.8
AFTER_PUBLISH_S = 1.0
INGEST_TIMES_READ_CSV = 5
INGEST_PEAK_MB = 1024
BEFORE = Path(__file__).resolve().parent / "before-85b8d66.json"


def ms(seconds: float) -> str:
    return "n/a" if seconds is None or math.isnan(seconds) else f"{seconds * 1000:.0f} ms"


def sec(seconds: float) -> str:
    return "n/a" if seconds is None or math.isnan(seconds) else f"{seconds:.2f} s"


def spread(figures: dict) -> str:
    """The fastest and slowest of a page's first-render loads, where the run kept each one."""
    loads = figures.get("first_render_all_s") or []
    return f" ({min(loads):.2f}-{max(loads):.2f})" if len(loads) > 1 else ""


def ratio(value: float, base: float) -> str:
    if value is None or base is None or math.isnan(value) or math.isnan(base) or base == 0:
        return "n/a"
    return f"{value / base:.2f}x"


def kb(value: float) -> str:
    return "n/a" if value is None or math.isnan(value) else f"{value / 1000:.0f} KB"


def verdict(met: bool | None) -> str:
    return "n/a" if met is None else ("**met**" if met else "**not met**")


def render(results: dict) -> tuple[str, str]:
    """(plain table for the terminal, the whole BENCHMARKS.md)."""
    meta = results["meta"]
    pages = results["pages"]
    rows: list[tuple[str, str, str, str, str, str]] = []  # measure, figure, baseline, ratio, goal, verdict
    notes: list[str] = list(results.get("notes", []))
    notes.append(
        "The load generator and the AppTest driver never touch play switches (`*_playing`): playing steps "
        "through every period with a pause and st.rerun(), an animation, not a filter."
    )
    notes.append(
        f"Other work on the same cores inflates timings (1-minute load average at start / end: "
        f"{meta.get('load_average_start_end', '?')}); the issue's idle figures for the bare app are about "
        "100 ms a rerun and a knee near 60 sessions. Compare each figure with its baseline in the same run."
    )

    # (1) AppTest script time
    for entry in results.get("apptest", []):
        if "p50_s" not in entry:
            rows.append((f"1 script time {entry['page']} ({entry['scale']})", "error", "", "", "", entry["errors"][0]))
            continue
        base = f"floor p50 {ms(entry['floor_p50_s'])} / p95 {ms(entry['floor_p95_s'])}"
        extra = "" if entry["widgets"] else ", no filter on the page yet"
        passes = [("first visits", entry["p50_s"], entry["p95_s"])]
        if "again_p50_s" in entry:
            passes.append(("same choices again", entry["again_p50_s"], entry["again_p95_s"]))
        for label, p50, p95 in passes:
            if entry["scale"] == "shipped":
                met, goal = p50 - entry["floor_p50_s"] <= SCRIPT_OVER_FLOOR_S, "p50 <= floor + 20 ms"
            else:
                met, goal = p95 <= SCRIPT_P95_100X_S, "p95 <= 100 ms"
            rows.append(
                (
                    f"1 script time {entry['page']} ({entry['scale']}, {label}{extra})",
                    f"p50 {ms(p50)} / p95 {ms(p95)}",
                    base,
                    ratio(p50, entry["floor_p50_s"]),
                    goal,
                    verdict(met),
                )
            )
        if entry.get("errors"):
            notes.append(f"(1) {entry['page']} at {entry['scale']} raised: {entry['errors'][0]}")

    pledges_figures = results.get("pledges")
    if pledges_figures and "filter_p50_s" in pledges_figures:
        rows.append(
            (
                f"1 filter_pledges at {pledges_figures['pledges']:,} pledges",
                f"p50 {ms(pledges_figures['filter_p50_s'])} / p95 {ms(pledges_figures['filter_p95_s'])}; with facets "
                f"p50 {ms(pledges_figures['facets_p50_s'])} / p95 {ms(pledges_figures['facets_p95_s'])}",
                f"one isin mask p50 {ms(pledges_figures['baseline_p50_s'])}",
                ratio(pledges_figures["filter_p50_s"], pledges_figures["baseline_p50_s"]),
                "(part of p95 <= 300 ms)",
                verdict(pledges_figures["facets_p95_s"] <= 0.300),
            )
        )

    briefing = results.get("briefing")
    if briefing and "pages" in briefing:
        slowest = max([briefing["first_s"], *(page["max_s"] for page in briefing["pages"].values())])
        rows.append(
            (
                "1 briefing PDF per page (shipped data), as a click makes it",
                "; ".join(f"{name} {sec(page['max_s'])}" for name, page in briefing["pages"].items())
                + f"; first in a fresh process ({briefing['first_page']}, imports included) {sec(briefing['first_s'])}",
                "",
                "",
                "< 5 s for any page",
                verdict(slowest < 5),
            )
        )

    # (2) one session over the protocol
    for scale, protocol in results.get("protocol", {}).items():
        bare = protocol["bare"]
        for page in pages:
            figures = protocol.get(page)
            if not figures:
                continue
            passes = [("first visits", figures["p50_s"], figures["p95_s"])]
            if "again_p50_s" in figures:
                passes.append(("same choices again", figures["again_p50_s"], figures["again_p95_s"]))
            for label, p50, p95 in passes:
                rows.append(
                    (
                        f"2 rerun over websocket {page} ({scale}, {label})",
                        f"p50 {ms(p50)} / p95 {ms(p95)}",
                        f"bare p50 {ms(bare['p50_s'])} / p95 {ms(bare['p95_s'])}",
                        ratio(p50, bare["p50_s"]),
                        "p50 <= bare + 50 ms",
                        verdict(p50 <= bare["p50_s"] + 0.050),
                    )
                )

    # (3) ingest
    ingest = results.get("ingest", {})
    if ingest:
        base = ingest["read_csv"]
        for backend, limit in (("sqlite", INGEST_TIMES_READ_CSV), ("postgresql", INGEST_TIMES_READ_CSV)):
            figures = ingest.get(backend)
            if not figures:
                continue
            met = figures["seconds"] <= limit * base["seconds"]
            rows.append(
                (
                    f"3 ingest 1M rows {backend} (read+validate+publish)",
                    f"{sec(figures['seconds'])} (read {sec(figures['read_s'])}, validate {sec(figures['validate_s'])}, "
                    f"publish {sec(figures['publish_s'])}, derived frames {sec(figures.get('derive_s', math.nan))})",
                    f"read_csv {sec(base['seconds'])}",
                    ratio(figures["seconds"], base["seconds"]),
                    f"<= {limit}x",
                    verdict(met),
                )
            )
            peak = figures.get("ingest_peak_rss_mb", figures["peak_rss_mb"])  # read + validate + publish
            rows.append(
                (
                    f"3 ingest peak memory {backend}",
                    f"{peak:.0f} MB (then {figures['peak_rss_mb']:.0f} MB with the 1M rows read back by store.load)",
                    f"read_csv {base['peak_rss_mb']:.0f} MB",
                    ratio(peak, base["peak_rss_mb"]),
                    "<= 1024 MB",
                    verdict(peak <= INGEST_PEAK_MB),
                )
            )
            if figures.get("upload_cap_mb") and ingest["file_bytes"] > figures["upload_cap_mb"] * 1024 * 1024:
                notes.append(
                    f"(3) the {kb(ingest['file_bytes'])} file is over the product's upload cap "
                    f"({figures['upload_cap_mb']} MB, MAX_UPLOAD_MB): the Data page and the CLI refuse it, so at "
                    "100x claims go in as several update files of under 25 MB (about 400,000 rows each). "
                    "The bench lifts the cap in its own process to time the parse."
                )
            rows.append(
                (
                    f"3 read back 1M rows {backend} (store.load)",
                    sec(figures["load_s"]),
                    f"read_csv {sec(base['seconds'])}",
                    ratio(figures["load_s"], base["seconds"]),
                    "(no goal)",
                    "",
                )
            )

    # (4) first render and (5) bytes
    for scale, browser in results.get("browser", {}).items():
        bare = browser["bare"]
        for page in pages:
            figures = browser.get(page)
            if not figures:
                continue
            met = figures["first_render_s"] <= FIRST_RENDER_TIMES_BARE * bare["first_render_s"]
            rows.append(
                (
                    f"4 first render {page} ({scale}, {figures['charts']} charts)",
                    sec(figures["first_render_s"]) + spread(figures),
                    f"bare {sec(bare['first_render_s'])}{spread(bare)}",
                    ratio(figures["first_render_s"], bare["first_render_s"]),
                    "<= 1.5x",
                    verdict(met),
                )
            )
        for page in pages:
            figures = browser.get(page)
            if not figures:
                continue
            cold = figures["cold_http_bytes"] + figures["cold_ws_bytes"]
            cold_gzip = figures["cold_gzip_bytes"] + figures["cold_ws_bytes"]
            warm = figures["warm_http_bytes"] + figures["warm_ws_bytes"]
            bare_warm = bare["warm_http_bytes"] + bare["warm_ws_bytes"]
            bare_cold = bare["cold_http_bytes"] + bare["cold_ws_bytes"]
            rows.append(
                (
                    f"5 first-visit bytes {page} ({scale}, uncompressed)",
                    f"{kb(cold)} ({kb(cold_gzip)} if gzipped, estimated); a returning visit {kb(warm)} "
                    f"(websocket {kb(figures['warm_ws_bytes'])})",
                    f"bare {kb(bare_cold)} ({kb(bare['cold_gzip_bytes'] + bare['cold_ws_bytes'])} estimated); "
                    f"returning {kb(bare_warm)}",
                    ratio(cold, bare_cold),
                    "<= 2x bare",
                    verdict(cold <= BYTES_TIMES_BARE * bare_cold),
                )
            )
            if cold > 1_000_000:
                notes.append(
                    f"(5) {page}: a first visit (empty browser cache) carries {kb(cold)} "
                    f"({kb(cold_gzip)} gzipped, estimated); largest files: "
                    + ", ".join(f"{name} {kb(size)}" for size, name in figures["largest"][:3])
                )
    for scale, plain in results.get("browser_no_preload", {}).items():
        preloaded = results.get("browser", {}).get(scale, {})
        for page in pages:
            if page in plain and page in preloaded:
                rows.append(
                    (
                        f"4b first render {page} ({scale}) without the preloads (MIRPS_PRELOAD=off)",
                        sec(plain[page]["first_render_s"]),
                        f"with them {sec(preloaded[page]['first_render_s'])}",
                        ratio(preloaded[page]["first_render_s"], plain[page]["first_render_s"]),
                        "(mirps_dash/preload.py)",
                        "",
                    )
                )
    for scale, wire in results.get("browser_proxy", {}).items():
        direct = results.get("browser", {}).get(scale, {})
        bare_wire = wire["bare"]["cold_http_bytes"] + wire["bare"]["cold_ws_bytes"]
        for name in ["bare", *pages]:
            if name not in wire or name not in direct:
                continue
            through = wire[name]["cold_http_bytes"] + wire[name]["cold_ws_bytes"]
            plain = direct[name]["cold_http_bytes"] + direct[name]["cold_ws_bytes"]
            rows.append(
                (
                    f"5b first-visit bytes {name} ({scale}) through nginx, gzip on (measured on the wire)",
                    f"{kb(through)} (without the proxy {kb(plain)}: {ratio(through, plain)})",
                    "" if name == "bare" else f"bare through nginx {kb(bare_wire)}",
                    "" if name == "bare" else ratio(through, bare_wire),
                    "(deploy/nginx.conf's gzip)",
                    "",
                )
            )
    shapes = results.get("shapes")
    if shapes:
        rows.append(
            (
                "5 state shapes static/mexico_states.geojson (fetched once per browser)",
                f"{kb(shapes['bytes'])} (gzip {kb(shapes['gzip_bytes'])})",
                "",
                "",
                "<= 250 KB",
                verdict(shapes["bytes"] <= 250_000),
            )
        )

    # (6) capacity
    capacity = results.get("capacity", {})
    bare_cap = capacity.get("bare")
    for name, figures in capacity.items():
        at_knee = next((s for s in figures["steps"] if s["sessions"] == figures["knee"]), None)
        shown = at_knee or (figures["steps"][0] if figures["steps"] else {})
        where = "at the knee" if at_knee else f"at {shown.get('sessions', 0)} sessions"
        figure = (
            f"knee {figures['knee']}; {where}: p95 load {sec(shown.get('p95_load_s'))}, "
            f"p95 rerun {sec(shown.get('p95_rerun_s'))}; {figures['rss_per_session_mb']:.1f} MB/session"
        )
        if name == "bare":
            rows.append(("6 capacity bare app (floor)", figure, "", "", "", ""))
            continue
        met = bare_cap is not None and figures["knee"] >= KNEE_TIMES_BARE * bare_cap["knee"]
        rows.append(
            (
                f"6 capacity {name}",
                figure,
                f"bare knee {bare_cap['knee'] if bare_cap else 'n/a'}",
                ratio(figures["knee"], bare_cap["knee"] if bare_cap else float("nan")),
                ">= 0.8x bare",
                verdict(met),
            )
        )
        per_50 = figures["rss_per_session_mb"] * 50
        bare_50 = bare_cap["rss_per_session_mb"] * 50 if bare_cap else float("nan")
        rows.append(
            (
                f"6 memory per 50 sessions {name}",
                "n/a" if math.isnan(per_50) else f"{per_50:.0f} MB",
                "n/a" if math.isnan(bare_50) else f"bare {bare_50:.0f} MB",
                ratio(per_50, bare_50),
                "<= 100 MB per 50",
                "n/a" if math.isnan(per_50) else verdict(per_50 <= 100),
            )
        )

    # (7) replicas
    replicas = results.get("replicas", {})
    if "one" in replicas and "two" in replicas:
        one, two = replicas["one"], replicas["two"]
        first_step = one["steps"][0]["sessions"] if one["steps"] else 0
        if one["knee"]:
            judged = verdict(two["knee"] >= 1.6 * one["knee"])
        elif two["knee"]:
            judged = f"ratio not defined: one process held no step (not even {first_step} sessions)"
        else:
            judged = "**not met**"
        rows.append(
            (
                "7 two replicas on PostgreSQL (page mix)",
                f"knee {two['knee']}",
                f"one process knee {one['knee']}",
                ratio(two["knee"], one["knee"]),
                ">= 1.6x",
                judged,
            )
        )
        # Past the knee, the reruns served in the same step say how much more work two processes did.
        common = [s["sessions"] for s in one["steps"] if any(t["sessions"] == s["sessions"] for t in two["steps"])]
        if common:
            size = max(common)
            step_one = next(s for s in one["steps"] if s["sessions"] == size)
            step_two = next(s for s in two["steps"] if s["sessions"] == size)
            rows.append(
                (
                    f"7 reruns served at {size} sessions (page mix)",
                    f"two replicas {step_two['reruns']} (p95 {sec(step_two['p95_rerun_s'])})",
                    f"one process {step_one['reruns']} (p95 {sec(step_one['p95_rerun_s'])})",
                    ratio(step_two["reruns"], step_one["reruns"]),
                    "(throughput past the knee)",
                    "",
                )
            )
    if "staleness" in replicas:
        stale = replicas["staleness"]
        rows.append(
            (
                "7 publish on A shows on B",
                f"after {stale['reruns_until_seen']} rerun(s), {sec(stale['staleness_s'])}",
                "",
                "",
                "at its next rerun",
                verdict(stale["seen"] and stale["reruns_until_seen"] == 1),
            )
        )

    for backend, figures in results.get("after_publish", {}).items():
        if "first_rerun_s" not in figures:
            rows.append(
                (f"11 first rerun after a publish, 100x {backend}", "error", "", "", "<= 1 s", figures.get("error", ""))
            )
            continue
        rows.append(
            (
                f"11 first rerun of a replica after a publish, 100x {backend}",
                f"{sec(figures['first_rerun_s'])} (load {sec(figures.get('load_s'))})",
                f"steady rerun {sec(figures['steady_rerun_s'])}",
                ratio(figures["first_rerun_s"], figures["steady_rerun_s"]),
                "<= 1 s",
                verdict(figures["first_rerun_s"] <= AFTER_PUBLISH_S),
            )
        )

    # (8) hostile files
    from bench.hostile_bench import hostile_rows, hostile_section

    rows += hostile_rows(results.get("hostile", []))

    headers = ("measure", "figure", "baseline (same run)", "ratio", "goal", "verdict")
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(6)]
    table = "\n".join("  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)) for row in [headers, *rows])
    markdown = [
        "# Benchmarks",
        "",
        "Written by `make bench` (bench/). Every figure is measured here, in one run, beside its baseline; timings are",
        "never pass/fail tests. Data at 100x is **synthetic** (bench/synthetic.py, source `synthetic-bench`): 1,003,200",
        "monthly claim rows (20 years x 11 offices x 38 nationalities x 2 sexes x 5 age groups) and 20,000 pledges.",
        "",
        "## Machine and run",
        "",
        *(f"- {key}: {value}" for key, value in meta.items() if key != "bench_seconds"),
        f"- bench time: {meta['bench_seconds'] / 60:.1f} min",
        "",
        "## Figures",
        "",
        "| " + " | ".join(headers) + " |",
        "|" + "---|" * 6,
        *("| " + " | ".join(str(cell).replace("|", "/") for cell in row) + " |" for row in rows),
        "",
    ]
    markdown[markdown.index("## Figures") : markdown.index("## Figures")] = issue13_section(results, load_before())
    markdown += engines_section(results.get("engines", {}))
    markdown += capacity_tables(capacity, replicas)
    markdown += server_cpu_section(results.get("server_cpu", {}), results.get("element_cpu", {}))
    markdown += hostile_section(results.get("hostile", []))
    from bench.abuse_bench import abuse_section

    markdown += abuse_section(results.get("abuse", {}))
    if notes:
        markdown += ["## Notes from this run", "", *(f"- {note}" for note in dict.fromkeys(notes)), ""]
    markdown += GAPS.splitlines()
    return table, "\n".join(markdown) + "\n"


def load_before() -> dict:
    """The figures of the run at commit 85b8d66 (bench/before-85b8d66.json), the "before" of issue 13."""
    return json.loads(BEFORE.read_text()) if BEFORE.exists() else {}


def with_ratio(value: float | None, base: float | None, show, base_name: str) -> str:
    """'7.29 s (2.61x bare)': a figure and its ratio to the baseline of the same run."""
    if value is None:
        return "n/a"
    return f"{show(value)} ({ratio(value, base)}{' ' + base_name if base_name else ''})"


def issue13_rows(results: dict, before: dict) -> list[tuple[str, str, str, str, str, str]]:
    """Issue 13's figures: (figure, goal, before with its ratio, after with its ratio, after / before, verdict)."""
    rows = []
    pages = results["pages"]
    browser = results.get("browser", {}).get("shipped", {})
    old_render, old_bytes = before.get("first_render_s", {}), before.get("first_visit_bytes", {})
    if browser:
        bare = browser["bare"]
        for page in pages:
            now = browser.get(page)
            if not now or not (now["charts"] or before.get("charts", {}).get(page)):
                continue
            rows.append(
                (
                    f"first render {page}, cold browser ({now['charts']} charts)",
                    "<= 1.5x bare",
                    with_ratio(old_render.get(page), old_render.get("bare"), sec, "bare"),
                    with_ratio(now["first_render_s"], bare["first_render_s"], sec, "bare"),
                    ratio(now["first_render_s"], old_render.get(page)),
                    verdict(now["first_render_s"] <= FIRST_RENDER_TIMES_BARE * bare["first_render_s"]),
                )
            )
        bare_cold = bare["cold_http_bytes"] + bare["cold_ws_bytes"]
        for page in pages:
            if page not in browser:
                continue
            cold = browser[page]["cold_http_bytes"] + browser[page]["cold_ws_bytes"]
            rows.append(
                (
                    f"first-visit bytes {page}, uncompressed",
                    "<= 2x bare",
                    with_ratio(old_bytes.get(page), old_bytes.get("bare"), kb, "bare"),
                    with_ratio(cold, bare_cold, kb, "bare"),
                    ratio(cold, old_bytes.get(page)),
                    verdict(cold <= BYTES_TIMES_BARE * bare_cold),
                )
            )
    old_script = before.get("script_first_visits", {})
    for entry in results.get("apptest", []):
        if "p50_s" not in entry:
            continue
        old = old_script.get(entry["scale"], {}).get(entry["page"], {})
        if entry["scale"] == "shipped":
            figure, goal, base = "p50_s", "p50 <= floor + 20 ms", "floor_p50_s"
            met = entry["p50_s"] - entry["floor_p50_s"] <= SCRIPT_OVER_FLOOR_S
        else:
            figure, goal, base = "p95_s", "p95 <= 100 ms", "floor_p95_s"
            met = entry["p95_s"] <= SCRIPT_P95_100X_S
        label = figure.split("_")[0]
        rows.append(
            (
                f"script time {entry['page']}, first visits ({entry['scale']}), {label}",
                goal,
                with_ratio(old.get(figure), old.get(base), ms, "floor"),
                with_ratio(entry[figure], entry[base], ms, "floor"),
                ratio(entry[figure], old.get(figure)),
                verdict(met),
            )
        )
    capacity = results.get("capacity", {})
    old_knee = before.get("knee", {})
    if "bare" in capacity:
        bare_knee = capacity["bare"]["knee"]
        for name, figures in capacity.items():
            rows.append(
                (
                    f"capacity knee {name}, random filter values",
                    "(the baseline)" if name == "bare" else ">= 0.8x bare",
                    with_ratio(old_knee.get(name), old_knee.get("bare"), str, "bare"),
                    with_ratio(figures["knee"], bare_knee, str, "bare"),
                    ratio(figures["knee"], old_knee.get(name)),
                    "" if name == "bare" else verdict(figures["knee"] >= KNEE_TIMES_BARE * bare_knee),
                )
            )
    for backend, figures in results.get("after_publish", {}).items():
        if "first_rerun_s" in figures:
            rows.append(
                (
                    f"first rerun of a replica after a publish, 100x, {backend}",
                    "<= 1 s",
                    "not measured",
                    with_ratio(figures["first_rerun_s"], figures["steady_rerun_s"], sec, "steady rerun"),
                    "",
                    verdict(figures["first_rerun_s"] <= AFTER_PUBLISH_S),
                )
            )
    ingest = results.get("ingest", {})
    old_ingest = before.get("ingest", {})
    for backend in ("sqlite", "postgresql"):
        figures = ingest.get(backend)
        if not figures:
            continue
        old = old_ingest.get(backend, {})
        peak = figures.get("ingest_peak_rss_mb", figures["peak_rss_mb"])
        met = figures["seconds"] <= INGEST_TIMES_READ_CSV * ingest["read_csv"]["seconds"] and peak <= INGEST_PEAK_MB
        rows.append(
            (
                f"ingest 1M rows, {backend} (time; peak memory)",
                "<= 5x read_csv; <= 1 GB",
                f"{with_ratio(old.get('seconds'), old_ingest.get('read_csv_s'), sec, 'read_csv')}; "
                f"{old.get('peak_rss_mb', float('nan')):.0f} MB",
                f"{with_ratio(figures['seconds'], ingest['read_csv']['seconds'], sec, 'read_csv')}; {peak:.0f} MB",
                ratio(figures["seconds"], old.get("seconds")),
                verdict(met),
            )
        )
    return rows


def issue13_section(results: dict, before: dict) -> list[str]:
    rows = issue13_rows(results, before)
    if not rows:
        return []
    rounds = len(results.get("browser", {}).get("shipped", {}).get("bare", {}).get("first_render_all_s", []))
    headers = (
        "figure",
        "goal",
        f"before ({before.get('commit', '?')}, another run)",
        "after (this run)",
        "after / before",
        "verdict (after)",
    )
    return [
        "## Issue 13: before and after",
        "",
        f"*Before* is another run, at commit {before.get('commit', '?')} ({before.get('date_utc', '?')}; "
        "bench/before-85b8d66.json, from that run's BENCHMARKS.md); *after* is this run. Each figure's ratio in",
        "brackets is to its baseline **in its own run** (the bare app, the floor page or read_csv), so compare the",
        "ratios across the two columns, not raw timings: the machine's load differed between the runs.",
        f"Of the before run: {before.get('notes', '')} Since then the browser pass makes one throw-away load before",
        "its first page, so the bare app's first render no longer carries Chromium's own start-up, as it did before,",
        f"and it interleaves the loads (one of each page and of the bare app per round, the median of {rounds} rounds,",
        "the fastest and slowest in brackets), so drift during the pass falls on the bare app and the pages alike;",
        "the AppTest pass keeps scripts compiled for the process, as a server does (pages and floors alike), and",
        "drives number inputs too (Trends' top N).",
        "",
        "| " + " | ".join(headers) + " |",
        "|" + "---|" * len(headers),
        *("| " + " | ".join(str(cell).replace("|", "/") for cell in row) + " |" for row in rows),
        "",
    ]


def engines_section(engines: dict) -> list[str]:
    """Chart engines against plotly, measured in one run (bench/engine_bench.py)."""
    browser, build = engines.get("browser", {}), engines.get("build", {})
    if "plotly" not in browser:
        return []
    base, base_build = browser["plotly"], build["plotly"]
    lines = [
        "## Chart engines (issue 13)",
        "",
        "bench/engine_bench.py: one tiny app per engine (bench/engine_apps/) draws the same line chart (20 years x 5",
        "series) and stacked bar chart (11 offices x 4 statuses) of synthetic data. Bundle: the files a cold first",
        "visit fetches that the bare app does not (as Streamlit serves them, and gzipped on the wire through nginx",
        "with deploy/nginx.conf). First render: Chromium, cold context, until both charts are drawn (median of "
        f"{engines.get('repeats', '?')}). Build: both charts from the frames (best of 5 x 20), then with the JSON",
        "Streamlit sends. Ratios are to plotly.",
        "",
        "| engine | bundle | gzipped (nginx) | first render | server build | build + JSON |",
        "|---|---|---|---|---|---|",
    ]
    for engine in ("plotly", "echarts", "vega"):
        figures, times = browser.get(engine), build.get(engine)
        if not figures or not times:
            continue
        gzipped = figures.get("bundle_gzip_bytes")
        lines.append(
            f"| {ENGINE_NAMES[engine]} | {with_ratio(figures['bundle_bytes'], base['bundle_bytes'], kb, '')} | "
            + (with_ratio(gzipped, base.get("bundle_gzip_bytes"), kb, "") if gzipped else "n/a")
            + f" | {with_ratio(figures['first_render_s'], base['first_render_s'], sec, '')} | "
            f"{with_ratio(times['build_s'], base_build['build_s'], ms1, '')} | "
            f"{with_ratio(times['build_json_s'], base_build['build_json_s'], ms1, '')} |"
        )
    if "bare" in browser:
        lines.append(f"| bare app (no chart) | | | {sec(browser['bare']['first_render_s'])} | | |")
    return [*lines, ""]


ENGINE_NAMES = {
    "plotly": "plotly (st.plotly_chart)",
    "echarts": "ECharts (st.echarts_chart)",
    "vega": "Vega-Lite (st.altair_chart)",
}


def ms1(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def server_cpu_section(runs: dict, elements: dict) -> list[str]:
    """(6b): what a run costs the server, each page beside the bare app, and what one more element costs."""
    if not runs:
        return []
    bare = runs.get("bare", {})
    lines = [
        "## Server CPU a run (what sets the capacity knees)",
        "",
        "One session at a time, on the capacity step's server (CPU 0) once it is idle (bench/cpu_bench.py): the",
        "server's own CPU for a new session's first run and for a filter change, and the messages the run sends over",
        "the websocket (one per element, container and widget, and a few of Streamlit's own per run).",
        "",
        "| target | first run (new session) | filter change | messages a first run / a rerun |",
        "|---|---|---|---|",
    ]
    for name, figures in runs.items():
        lines.append(
            f"| {name} | {figures['open_ms']:.1f} ms ({ratio(figures['open_ms'], bare.get('open_ms', 0))} bare) | "
            f"{figures['rerun_ms']:.1f} ms ({ratio(figures['rerun_ms'], bare.get('rerun_ms', 0))} bare) | "
            f"{figures['open_messages']:.0f} / {figures['rerun_messages']:.0f} |"
        )
    if elements:
        lines += [
            "",
            f"What one more element costs a rerun: the bare app with {elements['added']} more elements of one "
            "kind (bench/element_app.py), less the bare app, over the elements added.",
            "",
            "| kind | rerun with them | per element |",
            "|---|---|---|",
            f"| (none: the bare app) | {elements['kinds']['none']['rerun_ms']:.2f} ms |  |",
            *(
                f"| {kind} | {figures['rerun_ms']:.2f} ms | {figures['per_element_ms']:.3f} ms |"
                for kind, figures in elements["kinds"].items()
                if kind != "none"
            ),
        ]
    return [*lines, ""]


def capacity_tables(capacity: dict, replicas: dict) -> list[str]:
    lines = [
        "## Capacity steps",
        "",
        "| target | sessions | success | p95 load | p50 rerun | p95 rerun | reruns | server RSS idle -> peak |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, figures in [*capacity.items(), *((f"replicas: {k}", v) for k, v in replicas.items() if k != "staleness")]:
        for step in figures["steps"]:
            lines.append(
                f"| {name} | {step['sessions']} | {step['success_pct']:.1f} % | {sec(step['p95_load_s'])} | "
                f"{sec(step['p50_rerun_s'])} | {sec(step['p95_rerun_s'])} | {step['reruns']} | "
                f"{figures['idle_rss_mb']:.0f} -> {step['rss_after_mb']:.0f} MB |"
            )
    return [*lines, ""]


GAPS = """## Goals not met: cause and what would close it

The verdicts above are this run's. Causes were found by profiling on this machine: cProfile of the script thread
under AppTest (first visits as bench/apptest_bench.py makes them, and the same choices again, every view cached),
the files a cold visit fetches (bench/browser_bench.py records each one), rows 4b (each chart page on a replica
started without the preloads, in this run's interleaved pass), and Chrome's trace of one cold load per page.

- **(1) First render: over 1.5x on Overview (1.54x), Arrivals (1.54x) and Regional (1.52x) this run; Trends
  1.49x, Pledges 1.48x.** Last run every page was under (1.22x-1.34x against a bare app of 1.08 s). The pages did
  not get slower: the bare app got faster. This round the server runs on uvloop and httptools (uvicorn uses them
  when installed), and the bare app, served by the same Streamlit in the same environment, gains more from them
  than a page does. Interleaved cold loads, 7 rounds, the same code with and without the two packages: the bare
  app 1.35 s -> 1.09 s, Overview 1.74 s -> 1.62 s, Arrivals 1.68 s -> 1.56 s. Each page gains about 0.1 s and the
  bare app 0.26 s, so the ratio rose from about 1.3x to about 1.5x. The rest of a page's load is the browser
  fetching and compiling its extra module files. The preloads no longer gain anything either (rows 4b: 0.98x-1.05x).
  What would close it: fewer module files on a first screen, as last round (Trends 54 -> 33 files, Arrivals 65 ->
  43). Overview still draws four sparkline charts and a chart on its first screen.

  Measured after this run, on a slower machine of the same kind (the bare app's cold load 2.2 s there), with cold
  loads interleaved as in (4), 9 rounds:
  - **Where a chart page's extra time goes.** Streamlit's ECharts chunk is 1.16 MB and imports its Arrow table code
    (arrowFormatUtils 743 KB, recordbatch and serialization 180 KB): a page with an ECharts chart fetches and
    compiles about 2 MB of JavaScript the bare app does not, before its first chart draws. That is Streamlit's
    bundling, the same for any app that draws one ECharts chart.
  - **Preloads after the page's own script** (injected at DOMContentLoaded, so that they do not compete with
    Streamlit's main bundle), against preloads in the head as shipped: no difference beyond the rounds' spread
    (Overview 1.48x against 1.50x, Arrivals 1.44x against 1.45x, Regional 1.56x against 1.45x). Not kept.
  - **Overview without its four sparklines**: 1.46x against 1.53x with them (0.15 s). They stay: each headline
    figure keeps its yearly trend, with the year and value on hover.
- **(3) Ingest (this run 38x read_csv's 0.15 s on SQLite, 5.7 s: read 0.9 s, validate 1.3 s, publish 2.4 s,
  derived frames 1.0 s; 31x on PostgreSQL, 4.6 s; peak within 1 GB).** The ingest code did not change this
  round, and this machine ran slower: read_csv took 0.15 s, against 0.10 s last run. What would bring it nearer:
  keep the version only as its Parquet frame, with the rows for analysts' SQL written after the publish returns
  (the insert of the rows is most of "publish"), make the derived frames after it too, and validate each column's
  distinct values once. Reading the file alone takes 4-7x read_csv (every cell as text, its encoding and shape
  checked), so 5x is out of reach while a file is read as text and validated.
- **(6) Capacity: Overview, Arrivals and Trends (300), Regional (250) and Pledges (200) under 0.8x; the bare app's
  knee is still above the top.** The bare app held the ramp's top step, 500 sessions, at p95 rerun 0.01 s. So every
  verdict above compares a page with 500, not with the bare app's own knee. What sets a page's knee, measured this
  round:
  - **A step opens all its sessions within 2 s.** A page's first run costs the server 12-22 ms of CPU, measured as
    20 new sessions per page after the warm-up. The bare app's first run costs 3 ms. On Pledges at 250 sessions,
    the server's CPU, sampled every second, stayed at 98-100 % for the first 4 s. The load generator used 5-20 % of
    its core, so it was not the limit.
  - **The reruns come as a wave behind the opens.** Every session then thinks for 2.5-7.5 s, so the reruns arrive
    together behind that backlog, and their p95 passes 1 s.
  - **Server CPU per filter change** (one session at a time, after the warm-up): Pledges 13.7 ms, Trends 11.9 ms,
    Overview 10.3 ms, Data 6.0 ms, the bare app 1.5 ms.

  Changed this round:
  - **uvloop and httptools.** Server CPU per filter change on Pledges went from 21.8 to 13.6 ms, and on the bare
    app from 3.6 to 1.8 ms. In one A/B ramp, Arrivals held 300 sessions with uvloop and failed at 300 without it.
  - **The frame reads no secrets file on a reader's rerun.** Without a secrets.toml, every read of st.secrets or
    st.user searched for one again. Pledges went from 16.4 to 13.7 ms, Data from 7.5 to 6.0 ms.

  A correction to last round: py-spy without `--gil` also samples the threads that are only waiting for the GIL.
  The 34 % it showed in `_write_to_self` was mostly waiting, not CPU. With `--gil` (only the thread that holds the
  GIL), Trends' new-value view is 21 % of the server's CPU and Streamlit's event loop 13 %. The rest is spread over
  Streamlit's work for each element and each run.

  Measured after this run, on a slower machine of the same kind (the bare app's filter change there 3.7-4.4 ms of
  server CPU; pages 25-40 ms), with the tools that are now step (6b) of `make bench` ("Server CPU a run" above,
  from the next run on):
  - **Each element costs the server on every run**, whatever it shows: the bare app plus 40 elements of one kind
    costs, per element, 0.25 ms (container or markdown), 0.35 ms (button) and 0.44 ms (multiselect), with the
    server on one core as in (6); a `st.columns(2)` (three messages) about 0.4 ms. The same 40 lines in one
    markdown element cost about what one line does (5.05 against 4.85 ms). A run of a page sends 26-61 messages
    (Overview 57, Pledges 37-61 by filter, Regional 43, Arrivals 40, Trends 35, About 26, Data 15); the bare
    app's sends 6.
  - **The frame alone** (a page that stops after its first line) costs 12.5 ms a rerun against the bare app's 4.7
    ms. Its parts, each call timed in the server: the language switch with the page style 2.0 ms, reading the
    data versions 1.2 ms, eight `st.Page` 1.2 ms, Streamlit's new-session message 1.1 ms (six passes over its 367
    config options for the theme sections), the page icon 0.8 ms. The icon is now served from static/ by its
    address (it was read, decoded and registered as media again on every run).

  What would close it: holding 400 sessions needs a run to cost about half of what it does now. That means pages
  of about a dozen elements, or Streamlit sending a run's elements in fewer messages and doing less for each
  element and each new session, which is a change to Streamlit.
- **(7) Replicas on this machine**: the load generator shares the two cores with the two replicas, so the second
  replica never gets a whole core; on separate machines or more cores each replica adds its own knee.
"""

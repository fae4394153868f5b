"""Chart engines side by side (issue 13): plotly, Apache ECharts (st.echarts_chart), Vega-Lite (st.altair_chart).

Each engine draws the same two charts in its own tiny app (bench/engine_apps/): a line chart of 20 years x 5
series and a stacked bar chart of 11 offices x 4 statuses, from synthetic labelled data made here. Per engine, in
one run: the bytes a cold first visit fetches beyond the bare app (the engine's bundle; uncompressed from
Streamlit, and gzipped on the wire through nginx with deploy/nginx.conf), first render in Chromium until both
charts are drawn, and the server's build time (the object the st call takes, then serialised to JSON as
Streamlit does). `python -m bench.engine_bench OUT.json [REPEATS]`.
"""

from __future__ import annotations

import json
import sys
import tempfile
import timeit
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
import plotly.graph_objects as go

ENGINES = ("plotly", "echarts", "vega")
HERE = Path(__file__).resolve().parent


def chart_frames(seed: int = 13) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(line: year, series, claims; bar: office, status, claims): synthetic counts, labelled as such."""
    rng = np.random.default_rng(seed)
    years = list(range(2006, 2026))
    series = [f"Synthetic series {letter}" for letter in "ABCDE"]
    line = pd.DataFrame(
        [(year, name, int(rng.integers(1_000, 90_000))) for name in series for year in years],
        columns=["year", "series", "claims"],
    )
    offices = [f"Synthetic office {number}" for number in range(1, 12)]
    statuses = ["admitted", "pending", "granted", "refused"]
    bar = pd.DataFrame(
        [(office, status, int(rng.integers(100, 9_000))) for office in offices for status in statuses],
        columns=["office", "status", "claims"],
    )
    return line, bar


def plotly_charts(line: pd.DataFrame, bar: pd.DataFrame) -> list[go.Figure]:
    trend = go.Figure(
        [go.Scatter(x=rows["year"], y=rows["claims"], name=name, mode="lines") for name, rows in line.groupby("series")]
    )
    stacked = go.Figure(
        [go.Bar(x=rows["office"], y=rows["claims"], name=name) for name, rows in bar.groupby("status")],
        layout={"barmode": "stack"},
    )
    return [trend, stacked]


def echarts_charts(line: pd.DataFrame, bar: pd.DataFrame) -> list[dict]:
    # long (year, series, claims) -> wide: one row per year, one column per series
    wide = line.pivot(index="year", columns="series", values="claims")
    trend = {
        "tooltip": {"trigger": "axis"},
        "legend": {},
        "xAxis": {"type": "category", "data": [str(year) for year in wide.index]},
        "yAxis": {"type": "value"},
        "series": [{"type": "line", "name": name, "data": wide[name].tolist()} for name in wide.columns],
    }
    # long (office, status, claims) -> wide: one row per office, one column per status
    by_office = bar.pivot(index="office", columns="status", values="claims")
    stacked = {
        "tooltip": {"trigger": "axis"},
        "legend": {},
        "xAxis": {"type": "category", "data": by_office.index.tolist()},
        "yAxis": {"type": "value"},
        "series": [
            {"type": "bar", "stack": "claims", "name": name, "data": by_office[name].tolist()}
            for name in by_office.columns
        ],
    }
    return [trend, stacked]


def vega_charts(line: pd.DataFrame, bar: pd.DataFrame) -> list[alt.Chart]:
    trend = alt.Chart(line).mark_line().encode(x="year:O", y="claims:Q", color="series:N")
    stacked = alt.Chart(bar).mark_bar().encode(x="office:N", y="claims:Q", color="status:N")
    return [trend, stacked]


def serialise(engine: str, charts: list) -> list[str]:
    """Each chart as the JSON Streamlit sends (plotly: to_json; Vega-Lite: to_json; ECharts: json.dumps)."""
    if engine == "echarts":
        return [json.dumps(chart) for chart in charts]
    return [chart.to_json() for chart in charts]


BUILDERS = {"plotly": plotly_charts, "echarts": echarts_charts, "vega": vega_charts}


def build_times(number: int = 20, repeat: int = 5) -> dict[str, dict[str, float]]:
    """Per engine: best-of-`repeat` seconds to build both charts from the frames, and to build and serialise them."""
    line, bar = chart_frames()

    def best(work) -> float:
        return min(timeit.repeat(work, number=number, repeat=repeat)) / number

    return {
        engine: {
            "build_s": best(lambda: build(line, bar)),  # noqa: B023 (timed within this iteration)
            "build_json_s": best(lambda: serialise(engine, build(line, bar))),  # noqa: B023
        }
        for engine, build in BUILDERS.items()
    }


def browser_figures(root: Path, work: Path, repeats: int) -> dict[str, dict]:
    """First render and cold bytes of the bare app and each engine's app, direct and through nginx (gzip)."""
    from bench import proxy, servers
    from bench.browser_bench import measure

    apps = {"bare": HERE / "bare_app.py", **{engine: HERE / "engine_apps" / f"{engine}_app.py" for engine in ENGINES}}
    started = {
        name: servers.start(script, root, work / "logs", {"PYTHONPATH": str(root)}) for name, script in apps.items()
    }
    proxies: dict[str, proxy.Proxy] = {}
    try:
        least = {engine: 2 for engine in ENGINES}
        direct = measure({name: server.url + "/" for name, server in started.items()}, repeats, least)
        if Path(proxy.NGINX).exists():
            for name, server in started.items():
                proxies[name] = proxy.start(
                    root, Path(tempfile.mkdtemp(dir=work, prefix=f"nginx-{name}-")), [server.url]
                )
            wire = measure({name: p.url + "/" for name, p in proxies.items()}, 1, least)
        else:
            wire = {}
    finally:
        for running in proxies.values():
            running.stop()
        for server in started.values():
            server.stop()
    figures = {}
    bare_files = direct["bare"]["cold_files"]
    for name, figure in direct.items():
        # What this app fetched and the bare app did not: the engine's bundle and its chunks.
        own = {file: size for file, size in figure["cold_files"].items() if file not in bare_files}
        on_wire = wire[name]["cold_files"] if name in wire else {}
        figures[name] = {
            "first_render_s": figure["first_render_s"],
            "cold_http_bytes": figure["cold_http_bytes"],
            "proxy_http_bytes": wire[name]["cold_http_bytes"] if name in wire else None,
            "bundle_files": own,
            "bundle_bytes": sum(own.values()),
            "bundle_gzip_bytes": sum(on_wire.get(file, 0) for file in own) if on_wire else None,
            "charts": figure["charts"],
        }
    return figures


def main(argv: list[str]) -> None:
    out = Path(argv[0])
    repeats = int(argv[1]) if len(argv) > 1 else 3
    root = HERE.parent
    work = out.parent
    build = build_times()
    browser = browser_figures(root, work, repeats)
    results = {"build": build, "browser": browser, "repeats": repeats}
    for engine in ENGINES:
        figures, bare = browser[engine], browser["bare"]
        print(
            f"{engine:>8}: build {build[engine]['build_s'] * 1000:.1f} ms (+json {build[engine]['build_json_s'] * 1000:.1f} ms)  "
            f"first render {figures['first_render_s']:.2f} s (bare {bare['first_render_s']:.2f} s)  "
            f"bundle {figures['bundle_bytes'] / 1e3:.0f} KB (gzipped {(figures['bundle_gzip_bytes'] or 0) / 1e3:.0f} KB)  "
            f"charts {figures['charts']}  files {sorted(figures['bundle_files'])}"
        )
    out.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])

"""(10) A replica's first rerun after a publish (issue 13): the whole run, load and derived frames included.

One process acts as a replica that has already served every page at the current version (its frames and views are
in memory). For each page in turn, another Store object publishes a small claims update (as `bench.run.publish_marker`
does: one row, through the CLI's path, which also stores the new version's derived frames and changes), then the
replica reruns that page: that rerun reads the new version's derived frames (or makes those not stored). A rerun
with nothing new is the baseline.

    python -m bench.after_publish_bench <store url> <out.json> [--seed]

The store must hold the 100x scale (bench/run.py `seeded_sqlite(path, "100x")`); `--seed` fills an empty database
itself (shipped data, then `bench.synthetic.scale_store_100x`), as a fresh PostgreSQL database needs.
Output: {"first_rerun_s": max over pages, "per_page": {page: s}, "steady_rerun_s": max over pages,
"steady_per_page": {page: s}, "load_s": store.load of the new claims version on the replica, "publish_s": the slowest
of the publishes (validation, write, and the derived frames and changes it stores), "rows": claims rows,
"backend", "load_average_start_end"}.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from bench.apptest_bench import page_paths

MARKER = b"period,claims,source\n2025,987654,unhcr-stats\n"


def seed(url: str) -> None:
    """Seed an empty store with the shipped data and the 100x synthetic scale."""
    from bench.synthetic import scale_store_100x
    from mirps_dash.service import ensure_seeded
    from mirps_dash.store import Store, make_engine

    store = Store(make_engine(url))
    ensure_seeded(store)
    scale_store_100x(store)
    store.engine.dispose()


def publish_update(url: str, count: int) -> int:
    """Publish, through its own Store (another replica or the CLI), a one-row claims update; the new version id."""
    from mirps_dash.service import publish_file
    from mirps_dash.store import Store, make_engine

    store = Store(make_engine(url))
    data = MARKER.replace(b"987654", str(987_654 + count).encode())
    result = publish_file(store, "claims", data, file_name=f"after-publish-{count}.csv", by="bench", mode="update")
    store.engine.dispose()
    if result.version is None:
        raise RuntimeError(f"update refused: {result.report.errors[:3]}")
    return result.version


def timed_run(at) -> float:
    started = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"the page raised: {str(at.exception[0].value)[:300]}")
    return seconds


def measure(url: str, root: Path) -> dict:
    from streamlit.testing.v1 import AppTest

    from mirps_dash import ui

    os.environ["MIRPS_DATABASE_URL"] = url
    load_before = os.getloadavg()[0]
    pages = page_paths(root)
    tests = {}
    for page in pages:  # the replica serves every page once at the current version
        at = AppTest.from_file(str(root / "app.py"), default_timeout=600)
        at.query_params["lang"] = "en"
        at.run()
        at.switch_page(page)
        timed_run(at)
        tests[Path(page).stem] = at
    steady = {name: timed_run(at) for name, at in tests.items()}
    first, publishes = {}, []
    for count, (name, at) in enumerate(tests.items()):
        started = time.perf_counter()
        publish_update(url, count)
        publishes.append(time.perf_counter() - started)
        first[name] = timed_run(at)
        print(
            f"    {name:>10}: first rerun after a publish {first[name]:.3f} s (steady {steady[name]:.3f} s; the publish"
            f" {publishes[-1]:.2f} s)",
            flush=True,
        )
    publish_update(url, len(tests))
    store = ui.get_store()
    started = time.perf_counter()
    claims = store.load("claims")
    load_seconds = time.perf_counter() - started
    return {
        "first_rerun_s": max(first.values()),
        "per_page": first,
        "steady_rerun_s": max(steady.values()),
        "steady_per_page": steady,
        "load_s": load_seconds,
        "publish_s": max(publishes),
        "rows": len(claims),
        "backend": url.split(":", 1)[0].split("+")[0],
        "load_average_start_end": [load_before, os.getloadavg()[0]],  # timings on a shared machine: say how shared
    }


def main(argv: list[str]) -> None:
    url, out = argv[0], Path(argv[1])
    if "--seed" in argv[2:]:
        seed(url)
    result = measure(url, Path.cwd())
    out.write_text(json.dumps(result, indent=1))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

"""`make bench`: every figure of issue 6, each beside its baseline measured in the same run -> BENCHMARKS.md.

The bench measures the committed code: it exports HEAD (git archive) to bench/out/tree, lays the current
bench/ over it and runs there, so pages half-edited in the working tree do not skew the figures
(BENCH_TREE=worktree measures the working tree instead). QUICK by default (capacity steps of 15 s; about 50 min
in all on a 2-core machine, its time in BENCHMARKS.md); BENCH_FULL=1 holds each step 60 s and runs more repeats.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
FULL = os.environ.get("BENCH_FULL", "") not in ("", "0")
POSTGRES_ADMIN_URL = os.environ.get("MIRPS_TEST_POSTGRES_URL", "postgresql://127.0.0.1:5432/test")


def log(text: str) -> None:
    print(text, flush=True)


def snapshot_and_reexec() -> None:
    """Export HEAD to bench/out/tree with the current bench/ on top, and run the bench there."""
    root = HERE.parent
    tree = root / "bench" / "out" / "tree"
    shutil.rmtree(tree, ignore_errors=True)
    tree.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=root, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    shutil.rmtree(tree / "bench", ignore_errors=True)
    shutil.copytree(root / "bench", tree / "bench", ignore=shutil.ignore_patterns("out", "__pycache__"))
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=root, check=True, capture_output=True, text=True
    ).stdout.strip()
    env = {**os.environ, "BENCH_IN_SNAPSHOT": "1", "BENCH_COMMIT": commit, "BENCH_PROJECT_ROOT": str(root)}
    sys.exit(subprocess.run([sys.executable, "-m", "bench"], cwd=tree, env=env).returncode)


def main() -> None:
    if os.environ.get("BENCH_TREE") != "worktree" and not os.environ.get("BENCH_IN_SNAPSHOT"):
        snapshot_and_reexec()
    from bench.run import run_all

    root = Path.cwd()
    project = Path(os.environ.get("BENCH_PROJECT_ROOT", root))
    commit = (
        os.environ.get("BENCH_COMMIT")
        or subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=project, capture_output=True, text=True
        ).stdout.strip()
    )
    out = project / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    load_before = os.getloadavg()
    results = asyncio.run(run_all(root, out, FULL, log))
    results["meta"] = machine(
        commit,
        time.monotonic() - started,
        FULL,
        "working tree" if os.environ.get("BENCH_TREE") == "worktree" else f"commit {commit}",
    )
    # Other work on the machine skews timings; the 1-minute load average says how busy it was.
    results["meta"]["load_average_start_end"] = f"{load_before[0]:.1f} / {os.getloadavg()[0]:.1f} (2 cores)"
    (out / "results.json").write_text(json.dumps(results, indent=1, default=str))
    from bench.report import render

    table, markdown = render(results)
    (project / "BENCHMARKS.md").write_text(markdown)
    log(table)
    log(f"BENCHMARKS.md written ({results['meta']['bench_seconds'] / 60:.1f} min).")


def machine(commit: str, seconds: float, full: bool, tree: str) -> dict:
    """What the figures were measured on."""
    import pandas
    import streamlit

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True).stdout.strip()
    try:
        postgres = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-d", "test", "-tAc", "show server_version"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        postgres = "?"
    return {
        "date_utc": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": commit,
        "tree": tree,
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "pandas": pandas.__version__,
        "postgresql": postgres,
        "chromium": chromium,
        "run": "FULL (BENCH_FULL=1)" if full else "QUICK (default)",
        "bench_seconds": seconds,
    }


def new_postgres_database(prefix: str = "mirps_bench") -> str:
    """Create a fresh database on the local server and return its URL."""
    import sqlalchemy as sa

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(
        POSTGRES_ADMIN_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def drop_postgres_database(url: str) -> None:
    import sqlalchemy as sa

    name = url.rsplit("/", 1)[1]
    admin = sa.create_engine(
        POSTGRES_ADMIN_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


if __name__ == "__main__":
    main()

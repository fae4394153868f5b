"""Two app replicas on one PostgreSQL: a publish made while both run shows on the other at its next rerun.

Both replicas are real `streamlit run` processes; the page is read over Streamlit's own websocket
protocol (bench/loadgen.py), and the publish goes through the staff command line, as in production.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.loadgen import Session
from mirps_dash.service import ensure_seeded
from tests.browser import run_coroutine, start_app
from tests.conftest import empty_postgres_store

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[1]
MARKER = "987,654"  # the national 2025 claims total the publish sets, as the Overview shows it in English


async def open_overview(url: str) -> Session:
    session = Session(url, "", "lang=en", seed=1)  # the default page: the Overview
    await session.connect()
    opened = await session.open()
    assert opened.ok, opened.error
    return session


def shows_marker(session: Session) -> bool:
    return any(MARKER in str(element) for element in session.elements)


def test_a_publish_while_two_replicas_run_shows_on_the_other_at_its_next_rerun(
    postgres_database: str, tmp_path: Path
) -> None:
    store = empty_postgres_store(postgres_database)
    ensure_seeded(store)
    store.engine.dispose()
    env = {"MIRPS_DATABASE_URL": postgres_database}
    replica_a = start_app(tmp_path, extra_env=env)
    replica_b = start_app(tmp_path, extra_env=env)
    update = tmp_path / "claims-2025.csv"
    update.write_text("period,claims,source\n2025,987654,unhcr-stats\n")

    async def scenario() -> tuple[bool, bool, bool, bool]:
        on_a, on_b = await open_overview(replica_a.url), await open_overview(replica_b.url)
        before = shows_marker(on_a) or shows_marker(on_b)
        published = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "mirps_dash", "publish", "claims", str(update), "--by", "ana@example.org"],
            cwd=ROOT,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert published.returncode == 0, published.stdout + published.stderr
        rerun_b = await on_b.rerun()
        rerun_a = await on_a.rerun()
        after_b, after_a = shows_marker(on_b), shows_marker(on_a)
        await on_a.close()
        await on_b.close()
        return before, rerun_a.ok and rerun_b.ok, after_b, after_a

    try:
        before, reruns_ok, after_b, after_a = run_coroutine(scenario())
    finally:
        replica_a.stop()
        replica_b.stop()
    assert not before
    assert reruns_ok
    assert after_b, "replica B still shows the old figure at its next rerun"
    assert after_a

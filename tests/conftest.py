"""Shared fixtures: stores on SQLite and PostgreSQL, and the rule that CI runs every tier.

Tiers that need something outside Python (PostgreSQL, Chromium) skip with a reason where it is
missing; under CI (CI=true) a skip fails the run, so no tier is silently left out there.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from mirps_dash.store import Store, make_engine

POSTGRES_ADMIN_URL = os.environ.get("MIRPS_TEST_POSTGRES_URL", "postgresql+psycopg://127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def postgres_reachable() -> str | None:
    """None when the test server answers, else why not."""
    try:
        engine = sa.create_engine(POSTGRES_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(sa.text("select 1"))
        engine.dispose()
    except Exception as error:
        return f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {type(error).__name__}"
    return None


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """URL of a fresh database on the test server, dropped at the end of the session."""
    reason = postgres_reachable()
    if reason:
        pytest.skip(reason)
    name = f"mirps_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    yield url
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def empty_postgres_store(url: str) -> Store:
    """A store on the session's PostgreSQL database with every table emptied."""
    engine = make_engine(url)
    from mirps_dash.store import metadata

    metadata.drop_all(engine)
    store = Store(engine)
    store.create_schema()
    return store


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL for an empty store, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    url = request.getfixturevalue("postgres_database")
    empty_postgres_store(url).engine.dispose()
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An empty store with its tables created."""
    store = Store(make_engine(store_url))
    store.create_schema()
    yield store
    store.engine.dispose()


@pytest.fixture
def seeded_store(store: Store) -> Store:
    """A store holding the shipped data/."""
    from mirps_dash.service import ensure_seeded

    ensure_seeded(store)
    return store


@pytest.fixture
def sqlite_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app and the CLI at a fresh SQLite file (seeded on first use)."""
    path = tmp_path / "app.sqlite3"
    monkeypatch.delenv("MIRPS_DATABASE_URL", raising=False)
    monkeypatch.setenv("MIRPS_SQLITE_PATH", str(path))
    return path


def reset_process_caches() -> None:
    """Drop what an earlier test left in this process: the app's stores (pools closed), frames and views, and
    Streamlit's caches. Only modules already imported are touched, so a unit test imports no Streamlit."""
    if "mirps_dash.ui" in sys.modules:
        sys.modules["mirps_dash.ui"].reset_caches()
    elif "streamlit" in sys.modules:
        streamlit = sys.modules["streamlit"]
        streamlit.cache_data.clear()
        streamlit.cache_resource.clear()


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    """Every test starts and ends with empty caches: AppTest runs the app in this process, so tests pass in any order."""
    reset_process_caches()
    yield
    reset_process_caches()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say loudly how many tests a missing tier (PostgreSQL, Chromium) skipped, and why."""
    skipped = terminalreporter.stats.get("skipped", [])
    if skipped:
        reasons = sorted({str(report.longrepr[2]) for report in skipped if isinstance(report.longrepr, tuple)})
        terminalreporter.write_sep("!", f"{len(skipped)} TESTS SKIPPED: a tier did not run", red=True)
        for reason in reasons:
            terminalreporter.write_line(f"  - {reason}", red=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under CI, any skipped test fails the run: every tier must have run."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if IN_CI and skipped and exitstatus == 0:
        reporter.write_line(f"CI: {skipped} test(s) skipped; every tier must run in CI.", red=True)
        session.exitstatus = 1


pytest_plugins = ["tests.browser"]

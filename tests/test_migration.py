"""A store written by the previous release opens with today's code: every version reads, publishes and rolls back.

The previous release (PREVIOUS_RELEASE) is taken from git as it was (its mirps_dash/ and data/), run in a
subprocess of its own to make and seed a SQLite store, and that file is then opened here. Its tables lack the
columns added since (sources.producer; approx in claims, refugees and indicators).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from mirps_dash.schema import DATASETS
from mirps_dash.store import SCHEMA_VERSION, NewerStore, Store, frames_table, make_engine, schema_table, versions_table

ROOT = Path(__file__).resolve().parents[1]
PREVIOUS_RELEASE = "85b8d66"  # the release before issue 12; move it forward when a release changes the tables
ADDED_SINCE = {"region"}  # datasets declared after PREVIOUS_RELEASE: the old store has no table for them
OLD_CODE = """
import json, sys
import mirps_dash
from mirps_dash.service import ensure_seeded
from mirps_dash.store import Store, make_engine

assert mirps_dash.__file__.startswith(sys.argv[2]), mirps_dash.__file__  # the old package, not today's
store = Store(make_engine(sys.argv[1]))
ensure_seeded(store)
print(json.dumps({name: len(store.load(name)) for name in store.current_versions()}))
"""


@pytest.fixture(scope="module")
def previous_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, int]]:
    """URL of a SQLite store made and seeded by the previous release's own code, and its row count per dataset."""
    found = subprocess.run(["git", "cat-file", "-e", f"{PREVIOUS_RELEASE}^{{commit}}"], cwd=ROOT, capture_output=True)
    if found.returncode:
        pytest.skip(f"commit {PREVIOUS_RELEASE} is not in this clone (shallow?): fetch the history to run this test")
    folder = tmp_path_factory.mktemp("previous_release")
    archive = subprocess.run(
        ["git", "archive", PREVIOUS_RELEASE, "mirps_dash", "data"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    url = f"sqlite:///{folder / 'store.sqlite3'}"
    environment = {**os.environ, "PYTHONPATH": str(folder)}
    environment.pop("MIRPS_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", OLD_CODE, url, str(folder)],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return url, json.loads(done.stdout.strip().splitlines()[-1])


def test_the_previous_release_store_lacks_the_columns_added_since(previous_store: tuple[str, dict[str, int]]) -> None:
    """The premise: the old file really is the old shape (else the tests below prove nothing)."""
    engine = make_engine(previous_store[0])
    old_names = previous_store[1]  # the datasets the old release had (region came later)
    columns = {name: {c["name"] for c in sa.inspect(engine).get_columns(f"data_{name}")} for name in old_names}
    engine.dispose()
    assert "producer" not in columns["sources"] and "approx" not in columns["claims"]
    assert "schema_version" not in sa.inspect(make_engine(previous_store[0])).get_table_names()  # version 1


@pytest.fixture
def opened(previous_store: tuple[str, dict[str, int]], tmp_path: Path) -> Iterator[tuple[Store, dict[str, int]]]:
    """A copy of the previous release's store, opened with today's code (create_schema migrates it)."""
    source = Path(previous_store[0].removeprefix("sqlite:///"))
    copy = tmp_path / "store.sqlite3"
    copy.write_bytes(source.read_bytes())
    store = Store(make_engine(f"sqlite:///{copy}"))
    store.create_schema()
    yield store, previous_store[1]
    store.engine.dispose()


def test_every_version_of_the_previous_release_reads_with_todays_columns(opened: tuple[Store, dict[str, int]]) -> None:
    store, counts = opened
    assert set(counts) == set(DATASETS) - ADDED_SINCE
    for name, rows in counts.items():
        frame = store.load(name)
        assert len(frame) == rows and list(frame.columns) == DATASETS[name].columns
    assert set(store.load("claims")["approx"]) == {""}  # rows written before approx read as exact
    assert set(store.load("sources")["producer"]) == {""}  # and before producer as "the publisher itself"


def test_a_publish_and_a_rollback_on_the_previous_release_store(opened: tuple[Store, dict[str, int]]) -> None:
    store, counts = opened
    old = store.current_version("claims")
    before = store.load("claims")
    newer = before.iloc[:3].assign(approx="about")
    version = store.publish("claims", newer, by="ana", expected_version=old, file_name="new.csv")
    assert store.load("claims")["approx"].tolist() == ["about"] * 3
    assert store.rollback("claims", by="luis") == old
    pd.testing.assert_frame_equal(store.load("claims"), before)
    assert store.versions("claims")["version_id"].tolist()[:2] == [version, old]
    assert store.audit("claims")["action"].tolist()[:2] == ["rollback", "publish"]
    assert len(store.load("claims")) == counts["claims"]


def test_a_dataset_added_since_is_seeded_into_the_previous_release_store(opened: tuple[Store, dict[str, int]]) -> None:
    """An existing deployment gains the regional figures at its next start, its own versions untouched."""
    from mirps_dash.service import ensure_seeded

    store, counts = opened
    before = store.current_versions()
    assert ensure_seeded(store) == sorted(ADDED_SINCE)
    assert {name: version for name, version in store.current_versions().items() if name in counts} == before
    region = store.load("region")
    assert len(region) == len(pd.read_csv(ROOT / "data" / "region.csv")) and set(region["source"]) == {"unhcr-stats"}


def test_the_previous_release_store_is_brought_to_todays_schema_version(opened: tuple[Store, dict[str, int]]) -> None:
    store, _ = opened
    with store.engine.connect() as connection:
        assert connection.execute(sa.select(schema_table.c.version)).scalars().all() == [SCHEMA_VERSION]
        framed = connection.execute(sa.select(frames_table.c.version_id)).scalars().all()  # step 3: every version
        assert sorted(framed) == sorted(connection.execute(sa.select(versions_table.c.version_id)).scalars().all())
    store.create_schema()  # a second start, or another replica, finds nothing to do
    with store.engine.connect() as connection:
        assert connection.execute(sa.select(schema_table.c.version)).scalars().all() == [SCHEMA_VERSION]


def test_a_store_of_a_newer_release_is_refused_and_left_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from mirps_dash.cli import main

    path = tmp_path / "store.sqlite3"
    store = Store(make_engine(f"sqlite:///{path}"))
    store.create_schema()
    with store.engine.begin() as connection:
        connection.execute(schema_table.update().values(version=SCHEMA_VERSION + 1))
    with pytest.raises(NewerStore):
        store.create_schema()
    assert store.current_versions() == {}  # nothing seeded or changed
    store.engine.dispose()
    monkeypatch.setenv("MIRPS_SQLITE_PATH", str(path))
    monkeypatch.delenv("MIRPS_DATABASE_URL", raising=False)
    assert main(["versions", "claims"]) == 2
    assert f"schema version {SCHEMA_VERSION + 1}" in capsys.readouterr().err

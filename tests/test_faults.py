"""Faults on SQLite and PostgreSQL: a publish killed midway (SIGKILL) and two staff publishing at the same moment."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from mirps_dash.service import preview_file, publish_file, publish_preview
from mirps_dash.store import WRITE_OPTION, PublishConflict, Store, data_tables, make_engine

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow
STATES = ["_T", *[f"{code:02d}" for code in range(1, 33)]]
NATIONALITIES = ["HND", "HTI", "CUB", "VEN", "SLV", "GTM", "NIC", "COL", "ECU", "PER", "BRA", "CHL", "AGO"]


def large_claims_csv(count: int = 3) -> bytes:
    """128,700 rows (25 years x 12 months x 33 states x 13 nationalities): more than two chunks of the store."""
    lines = ["period,state,nationality,claims,source"]
    for year in range(2000, 2025):
        for month in range(1, 13):
            lines += [f"{year}-{month:02d},{state},{nat},{count},s" for state in STATES for nat in NATIONALITIES]
    return ("\n".join(lines) + "\n").encode()


SMALL = b"period,claims,source\n2019,10,s\n2020,20,s\n"


@pytest.fixture
def base_store(store_url: str) -> Store:
    """A store with its sources and one small claims version (the one that must survive)."""
    store = Store(make_engine(store_url))
    try:
        store.create_schema()
        publish_file(
            store, "sources", b"source_id,publisher\ns,UNHCR\n", file_name="sources.csv", by="seed", mode="replace"
        )
        assert (
            publish_file(store, "claims", SMALL, file_name="small.csv", by="seed", mode="replace").version is not None
        )
        yield store
    finally:
        store.engine.dispose()


def state_of(store: Store) -> dict:
    """Everything a reader or the next publisher could notice."""
    with store.engine.connect() as connection:
        rows_per_version = dict(
            connection.execute(
                sa.select(data_tables["claims"].c.version_id, sa.func.count()).group_by(
                    data_tables["claims"].c.version_id
                )
            ).all()
        )
    return {
        "current": store.current_version("claims"),
        "claims": store.load("claims")["claims"].tolist(),
        "versions": store.versions("claims")["version_id"].tolist(),
        "audit": len(store.audit("claims")),
        "rows_per_version": rows_per_version,
    }


KILLED_PUBLISHER = textwrap.dedent("""
    import sys, time
    from mirps_dash import store as store_module
    from mirps_dash.service import publish_file
    from mirps_dash.store import Store, make_engine

    real_records = store_module._records

    def records_then_stall(frame, version):
        for number, chunk in enumerate(real_records(frame, version)):
            yield chunk
            if number == 0:  # the first 50,000 rows are in the open transaction: midway
                print("midway", flush=True)
                time.sleep(120)

    store_module._records = records_then_stall
    store = Store(make_engine(sys.argv[1]))
    publish_file(store, "claims", open(sys.argv[2], "rb").read(), file_name="large.csv", by="killed", mode="replace")
    print("finished", flush=True)
""")


def kill_when_it_says(script: str, word: str, arguments: list[str], tmp_path: Path) -> None:
    """Run a publisher script in its own process, SIGKILL it as soon as it prints `word` (mid-transaction)."""
    errors = tmp_path / "publisher.err"
    with (
        errors.open("w") as stderr,
        subprocess.Popen(
            [sys.executable, "-c", script, *arguments], cwd=ROOT, stdout=subprocess.PIPE, stderr=stderr, text=True
        ) as process,
    ):
        try:
            line = process.stdout.readline()
            assert line.strip() == word, errors.read_text()
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == -signal.SIGKILL


def test_a_publish_killed_midway_leaves_the_old_version_current_and_the_store_consistent(
    base_store: Store, store_url: str, tmp_path: Path
) -> None:
    before = state_of(base_store)
    large = tmp_path / "large.csv"
    large.write_bytes(large_claims_csv())
    kill_when_it_says(KILLED_PUBLISHER, "midway", [store_url, str(large)], tmp_path)
    reader = Store(make_engine(store_url))
    try:
        assert state_of(reader) == before  # no new version, no pointer move, no audit entry, no orphan rows
        version = publish_file(
            reader, "claims", large.read_bytes(), file_name="large.csv", by="ana", mode="replace"
        ).version
        assert reader.current_version("claims") == version and len(reader.load("claims")) == 128_700
    finally:
        reader.engine.dispose()


KILLED_BETWEEN_WRITES = textwrap.dedent("""
    import sys, time
    from mirps_dash import store as store_module
    from mirps_dash.service import publish_file
    from mirps_dash.store import Store, make_engine
    from mirps_dash.upload import NewSource, UploadChoice

    real_records = store_module._records
    calls = []

    def stall_before_the_second_write(frame, version):
        calls.append(version)
        if len(calls) == 2:  # the new source's version is written; the claims rows are next
            print("between", flush=True)
            time.sleep(120)
        yield from real_records(frame, version)

    store_module._records = stall_before_the_second_write
    store = Store(make_engine(sys.argv[1]))
    source = NewSource("comar-boletin-2026-10", "COMAR", "Boletin", "https://www.gob.mx/comar", "2026-10")
    publish_file(store, "claims", b"Mes,Solicitudes\\n2026-10,7\\n", file_name="comar.csv", by="killed",
                 choice=UploadChoice(new_source=source))
    print("finished", flush=True)
""")


def test_a_publish_killed_between_the_new_source_and_the_version_leaves_neither(
    base_store: Store, store_url: str, tmp_path: Path
) -> None:
    before = state_of(base_store)
    sources_before = (
        base_store.current_version("sources"),
        base_store.load("sources")["source_id"].tolist(),
        len(base_store.audit("sources")),
    )
    kill_when_it_says(KILLED_BETWEEN_WRITES, "between", [store_url], tmp_path)
    reader = Store(make_engine(store_url))
    try:
        assert state_of(reader) == before
        assert (
            reader.current_version("sources"),
            reader.load("sources")["source_id"].tolist(),
            len(reader.audit("sources")),
        ) == sources_before  # the new source is not kept without its version
    finally:
        reader.engine.dispose()


def test_two_publishers_at_once_end_in_one_commit_and_one_clear_conflict(base_store: Store, store_url: str) -> None:
    files = {"ana": large_claims_csv(2), "bea": large_claims_csv(3)}
    previews = {name: preview_file(base_store, "claims", data, file_name=f"{name}.csv") for name, data in files.items()}
    assert {p.base for p in previews.values()} == {base_store.current_version("claims")}
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def publish(name: str) -> None:
        own = Store(make_engine(store_url))
        barrier.wait()
        try:
            outcomes[name] = publish_preview(own, previews[name], "replace", by=name)
        except PublishConflict as conflict:
            outcomes[name] = conflict
        finally:
            own.engine.dispose()

    threads = [threading.Thread(target=publish, args=(name,)) for name in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [name for name, outcome in outcomes.items() if isinstance(outcome, int)]
    losers = [name for name, outcome in outcomes.items() if isinstance(outcome, PublishConflict)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert base_store.current_version("claims") == outcomes[winners[0]]
    assert set(base_store.load("claims")["claims"]) == {2 if winners == ["ana"] else 3}
    assert base_store.versions("claims")["created_by"].tolist() == [winners[0], "seed"]
    assert "current version is" in str(outcomes[losers[0]])


def test_a_reader_does_not_wait_for_a_publish_in_progress_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    Store(make_engine(url)).create_schema()
    writing, release = threading.Event(), threading.Event()

    def publisher_holding_its_transaction() -> None:
        with make_engine(url).execution_options(**{WRITE_OPTION: True}).begin():  # a publish's write lock
            writing.set()
            release.wait(10)

    thread = threading.Thread(target=publisher_holding_its_transaction)
    thread.start()
    writing.wait()
    finished = threading.Event()
    engines = [make_engine(url)]
    reader = threading.Thread(target=lambda: (Store(engines[0]).current_version("claims"), finished.set()))
    reader.start()
    try:
        assert finished.wait(3), "the reader is still waiting for the publisher's transaction"
    finally:
        release.set()
        thread.join()
        reader.join()
        engines[0].dispose()


@pytest.mark.postgres
def test_loading_a_dataset_that_has_no_version_yet_gives_an_empty_frame_on_postgresql(postgres_database: str) -> None:
    from tests.conftest import empty_postgres_store

    store = empty_postgres_store(postgres_database)
    try:
        assert store.load("claims").empty
    finally:
        store.engine.dispose()

"""The versioned store on SQLite and PostgreSQL: publish, read, roll back, audit, conflicts, faults."""

from __future__ import annotations

import threading

import pandas as pd
import pytest

from mirps_dash import store as store_module
from mirps_dash.schema import DATASETS, SEED_ORDER
from mirps_dash.service import ensure_seeded
from mirps_dash.store import PublishConflict, Store, UnknownVersion, make_engine
from mirps_dash.validate import coerce


def claims_frame(*counts: int) -> pd.DataFrame:
    rows = [
        {
            "period_start": f"{2000 + i}-01-01",
            "period_end": f"{2000 + i}-12-31",
            "state": "_T",
            "office": "_T",
            "nationality": "HND",
            "sex": "_T",
            "age_group": "_T",
            "claims": count,
            "unit": "persons",
            "source": "unhcr-stats",
            "note": "",
        }
        for i, count in enumerate(counts)
    ]
    return coerce(DATASETS["claims"], pd.DataFrame(rows))


def test_first_publish_becomes_current_and_reads_back(store: Store) -> None:
    version = store.publish("claims", claims_frame(5, 7), by="ana", expected_version=None, file_name="a.csv")
    assert store.current_version("claims") == version
    pd.testing.assert_frame_equal(store.load("claims"), claims_frame(5, 7))


def test_publish_keeps_the_previous_version_and_rollback_brings_it_back(store: Store) -> None:
    first = store.publish("claims", claims_frame(5), by="ana", expected_version=None)
    second = store.publish("claims", claims_frame(9, 9), by="ana", expected_version=first)
    assert store.load("claims")["claims"].tolist() == [9, 9]
    assert store.load("claims", first)["claims"].tolist() == [5]
    assert store.rollback("claims", by="luis") == first
    assert store.load("claims")["claims"].tolist() == [5]
    assert store.rollback("claims", second, by="luis") == second
    assert store.load("claims")["claims"].tolist() == [9, 9]


def test_versions_list_newest_first_with_current_marked(store: Store) -> None:
    first = store.publish("claims", claims_frame(5), by="ana", expected_version=None, file_name="a.csv")
    second = store.publish("claims", claims_frame(6), by="bea", expected_version=first, file_name="b.csv")
    store.rollback("claims", by="carlos")
    table = store.versions("claims")
    assert table[["version_id", "created_by", "file_name", "row_count", "is_current"]].values.tolist() == [
        [second, "bea", "b.csv", 1, False],
        [first, "ana", "a.csv", 1, True],
    ]


def test_every_publish_and_rollback_is_audited(store: Store) -> None:
    first = store.publish("claims", claims_frame(5), by="ana", expected_version=None)
    second = store.publish("claims", claims_frame(6), by="bea", expected_version=first)
    store.rollback("claims", by="carlos")
    audit = store.audit("claims")
    rows = audit[["actor", "action", "version_id", "from_version"]].astype(object)
    assert rows.where(rows.notna(), None).values.tolist() == [
        ["carlos", "rollback", first, second],
        ["bea", "publish", second, first],
        ["ana", "publish", first, None],
    ]


def test_publishing_from_a_stale_version_is_a_conflict(store: Store) -> None:
    first = store.publish("claims", claims_frame(5), by="ana", expected_version=None)
    store.publish("claims", claims_frame(6), by="bea", expected_version=first)
    with pytest.raises(PublishConflict):
        store.publish("claims", claims_frame(7), by="carlos", expected_version=first)
    assert store.load("claims")["claims"].tolist() == [6]
    assert len(store.versions("claims")) == 2


def test_unknown_versions_are_refused(store: Store) -> None:
    store.publish("claims", claims_frame(5), by="ana", expected_version=None)
    with pytest.raises(UnknownVersion):
        store.rollback("claims", 999, by="ana")
    with pytest.raises(UnknownVersion):
        store.rollback("claims", by="ana")  # nothing before the first version
    with pytest.raises(UnknownVersion):
        store.load("claims", 999)


def test_two_publishers_at_once_end_in_one_commit_and_one_conflict(store_url: str) -> None:
    setup = Store(make_engine(store_url))
    setup.create_schema()
    base = setup.publish("claims", claims_frame(1), by="seed", expected_version=None)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def publish(name: str, count: int) -> None:
        own = Store(make_engine(store_url))
        barrier.wait()
        try:
            outcomes[name] = own.publish("claims", claims_frame(*[count] * 20_000), by=name, expected_version=base)
        except PublishConflict as conflict:
            outcomes[name] = conflict
        own.engine.dispose()

    threads = [threading.Thread(target=publish, args=(name, count)) for name, count in (("ana", 2), ("bea", 3))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [name for name, outcome in outcomes.items() if isinstance(outcome, int)]
    losers = [name for name, outcome in outcomes.items() if isinstance(outcome, PublishConflict)]
    assert len(winners) == 1 and len(losers) == 1
    loaded = setup.load("claims")
    assert len(loaded) == 20_000
    assert set(loaded["claims"]) == {2 if winners == ["ana"] else 3}
    assert len(setup.versions("claims")) == 2
    setup.engine.dispose()


def test_a_publish_that_fails_midway_leaves_the_old_version_whole(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = store.publish("claims", claims_frame(5, 6), by="ana", expected_version=None)
    real_insert = store_module._bulk_insert

    def insert_then_fail(connection, table, frame, version):
        real_insert(connection, table, frame.iloc[:1], version)
        raise OSError("disk gone")

    monkeypatch.setattr(store_module, "_bulk_insert", insert_then_fail)
    with pytest.raises(OSError):
        store.publish("claims", claims_frame(7, 8, 9), by="bea", expected_version=first)
    assert store.current_version("claims") == first
    assert store.load("claims")["claims"].tolist() == [5, 6]
    assert store.versions("claims")["version_id"].tolist() == [first]
    assert len(store.audit("claims")) == 1


def test_seeding_is_idempotent(store: Store) -> None:
    seeded = ensure_seeded(store)
    assert seeded == list(SEED_ORDER) and seeded[:2] == ["sources", "offices"]  # the others name sources and offices
    before = store.current_versions()
    assert ensure_seeded(store) == []
    assert store.current_versions() == before
    assert len(store.audit()) == len(DATASETS)


def awkward_pledges() -> pd.DataFrame:
    """Pledges whose cells test the writer: empty text, quotes, commas, line ends, a lone \\., NaN and exact floats."""
    texts = ["", 'say "hi", then', "two\nlines\r\nand more", "\\.", "\\N", "naïve — ñ €", " padded ", "NULL"]
    amounts = [float("nan"), 0.1, 1 / 3, 1e300, 5e-324, 12345678901234.5, 0.0, 2.0**60]
    years = [None, 1990, 2100, 2024, None, 2000, 2001, 2002]
    frame = pd.DataFrame({name: texts for name in DATASETS["pledges"].columns})
    frame["pledge_id"] = [f"p{i}" for i in range(len(texts))]
    frame["area_of_focus"], frame["status"] = "Education", "Pledged"
    frame["year"], frame["amount_usd"] = pd.array(years, dtype="Int64"), amounts
    return coerce(DATASETS["pledges"], frame)


def test_awkward_values_read_back_exactly(store: Store) -> None:
    frame = awkward_pledges()
    version = store.publish("pledges", frame, by="ana", expected_version=None)
    pd.testing.assert_frame_equal(store.load("pledges", version), frame)
    assert store.load("pledges", version)["title_en"].tolist()[:2] == ["", 'say "hi", then']  # empty text is not NULL


def test_rows_are_written_in_chunks_in_file_order(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "CHUNK_ROWS", 3)
    frame = claims_frame(*range(11))
    version = store.publish("claims", frame, by="ana", expected_version=None)
    pd.testing.assert_frame_equal(store.load("claims", version), frame)


def test_new_sources_publish_with_the_version_and_an_id_taken_meanwhile_writes_neither(store: Store) -> None:
    from mirps_dash.upload import NewSource

    first = NewSource("comar-boletin-2026-10", "COMAR", "Boletín", "https://www.gob.mx/comar", "2026-10")
    version = store.publish(
        "claims",
        claims_frame(5).assign(source=first.source_id),
        by="ana",
        expected_version=None,
        file_name="a.csv",
        new_sources=first.frame(),
    )
    assert store.load("sources")["source_id"].tolist() == [first.source_id]
    assert store.versions("sources").iloc[0][["created_by", "file_name", "mode"]].tolist() == ["ana", "a.csv", "update"]
    before = (store.current_versions(), len(store.audit()))
    with pytest.raises(PublishConflict, match="comar-boletin-2026-10"):
        store.publish("claims", claims_frame(6), by="bea", expected_version=version, new_sources=first.frame())
    assert (store.current_versions(), len(store.audit())) == before


def indicator_frame(source: str) -> pd.DataFrame:
    row = {"indicator": "resettled", "period_start": "2024-01-01", "period_end": "2024-12-31", "value": 3.0}
    return coerce(DATASETS["indicators"], pd.DataFrame([{**row, "approx": "", "unit": "persons", "source": source}]))


def test_sources_that_current_figures_cite_are_never_dropped_by_a_rollback_or_a_replace(store: Store) -> None:
    from mirps_dash.upload import NewSource

    old = NewSource("old-release", "UNHCR", "Statistics", "https://www.unhcr.org", "2024")
    new = NewSource("comar-2026-10", "COMAR", "Boletín", "https://www.gob.mx/comar", "2026-10")
    first = store.publish("sources", old.frame(), by="seed", expected_version=None)
    claims = store.publish(
        "claims", claims_frame(5).assign(source=new.source_id), by="ana", expected_version=None, new_sources=new.frame()
    )
    store.publish("indicators", indicator_frame(new.source_id), by="ana", expected_version=None)
    both = store.current_version("sources")
    assert sorted(store.load("sources")["source_id"]) == ["comar-2026-10", "old-release"]
    before = (store.current_versions(), len(store.audit()), len(store.versions("sources")))

    with pytest.raises(store_module.SourcesInUse) as refused:
        store.rollback("sources", first, by="luis")
    assert refused.value.used == {"claims": ["comar-2026-10"], "indicators": ["comar-2026-10"]}
    with pytest.raises(store_module.SourcesInUse, match="comar-2026-10"):
        store.publish("sources", old.frame(), by="luis", expected_version=both, mode="replace")
    assert (store.current_versions(), len(store.audit()), len(store.versions("sources"))) == before

    # Once no current version cites it, the source may go (it stays in the older versions of `sources`).
    store.publish("claims", claims_frame(5).assign(source=old.source_id), by="ana", expected_version=claims)
    with pytest.raises(store_module.SourcesInUse) as refused:
        store.rollback("sources", first, by="luis")
    assert refused.value.used == {"indicators": ["comar-2026-10"]}
    store.publish(
        "indicators", indicator_frame(old.source_id), by="ana", expected_version=store.current_version("indicators")
    )
    assert store.rollback("sources", first, by="luis") == first
    assert store.load("sources")["source_id"].tolist() == ["old-release"]

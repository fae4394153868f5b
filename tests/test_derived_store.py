"""The derived frames are stored once at publish (issue 13), on SQLite and PostgreSQL: a replica then reads them
instead of making them from a million rows, and shows the same figures as one that makes them.

What a reader would notice: every derived frame reads back exactly as made (dtypes, values, the tuples in its
cells); a publish and a rollback store the frames of the new current versions; a replica that reads them shows
the same chart data as one that makes them; frames of another release's code, or damaged ones, are made instead;
versions published before (seeding, an older release) get theirs from the warm-up.
"""

from __future__ import annotations

import logging
from dataclasses import fields
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from mirps_dash import service, ui, views
from mirps_dash.changes import Changes, compare_versions
from mirps_dash.freshness import cadences, newest_periods
from mirps_dash.service import publish_file, save_changes, save_derived_frames, stored_changes
from mirps_dash.store import Store, derived_table
from mirps_dash.views.common import DERIVED_FRAMES, derive_frames, derived_inputs, derived_recipe

UPDATE = b"period,state,office,nationality,claims,source\n2026-11,07,tapachula,_T,1234,comar-press-001\n"


def assert_same_frame(read: pd.DataFrame, made: pd.DataFrame) -> None:
    """Equal values and dtypes, and each object cell of the same Python type (a tuple stays a tuple)."""
    pd.testing.assert_frame_equal(read, made, check_exact=True)
    for column in [name for name, dtype in made.dtypes.items() if pd.api.types.is_object_dtype(dtype)]:
        assert read[column].map(type).tolist() == made[column].map(type).tolist(), column


def made_from(store: Store, versions: dict[str, int]) -> dict[str, pd.DataFrame]:
    """Every derived frame as a replica makes it from the stored versions."""
    datasets = {dataset for _, inputs in DERIVED_FRAMES.values() for dataset in inputs}
    return derive_frames({dataset: store.load(dataset, versions[dataset]) for dataset in datasets})


def test_every_derived_frame_reads_back_from_the_store_exactly_as_made(seeded_store: Store) -> None:
    versions = seeded_store.current_versions()
    assert sorted(save_derived_frames(seeded_store)) == sorted(DERIVED_FRAMES)
    made = made_from(seeded_store, versions)
    for name in DERIVED_FRAMES:
        read = seeded_store.load_derived(name, derived_inputs(name, versions) or {}, derived_recipe())
        assert read is not None, name
        assert_same_frame(read, made[name])
    assert save_derived_frames(seeded_store) == []  # nothing made twice


def test_a_publish_stores_the_derived_frames_of_its_new_version_with_its_figures(seeded_store: Store) -> None:
    result = publish_file(seeded_store, "claims", UPDATE, file_name="nov.csv", by="ana@example.org")
    assert result.version is not None
    versions = seeded_store.current_versions()
    wanted = {name: derived_inputs(name, versions) or {} for name in DERIVED_FRAMES}
    assert seeded_store.stored_derived(wanted, derived_recipe()) == set(DERIVED_FRAMES)
    areas = seeded_store.load_derived("claim_areas", wanted["claim_areas"], derived_recipe())
    assert areas is not None and "2026-11-01" in set(areas["period_start"])  # the new month is in the stored frame
    assert_same_frame(areas, made_from(seeded_store, versions)["claim_areas"])


def test_a_rollback_finds_or_stores_the_frames_of_the_version_it_makes_current(seeded_store: Store) -> None:
    before = seeded_store.current_versions()
    save_derived_frames(seeded_store)
    publish_file(seeded_store, "claims", UPDATE, file_name="nov.csv", by="ana@example.org")
    publish_file(
        seeded_store, "offices", service.version_file(seeded_store, "offices", None), file_name="o.csv", by="a"
    )
    service.rollback(seeded_store, "claims", before["claims"], by="luis")  # older claims beside newer offices
    versions = seeded_store.current_versions()
    areas = seeded_store.load_derived("claim_areas", derived_inputs("claim_areas", versions) or {}, derived_recipe())
    assert areas is not None and "2026-11-01" not in set(areas["period_start"])
    assert_same_frame(areas, made_from(seeded_store, versions)["claim_areas"])


def test_frames_another_release_stored_are_not_read(seeded_store: Store) -> None:
    versions = seeded_store.current_versions()
    inputs = derived_inputs("national_totals", versions) or {}
    made = made_from(seeded_store, versions)["national_totals"]
    assert seeded_store.save_derived("national_totals", inputs, "an-older-release", made.iloc[:1])
    assert seeded_store.load_derived("national_totals", inputs, derived_recipe()) is None
    assert_same_frame(seeded_store.load_derived("national_totals", inputs, "an-older-release"), made.iloc[:1])  # type: ignore[arg-type]


def test_a_frame_that_would_not_read_back_as_made_is_not_stored(store: Store, caplog: pytest.LogCaptureFixture) -> None:
    mixed = pd.DataFrame({"parts": [("a", "b"), "ab", None]})  # a tuple beside a text: Parquet keeps neither
    with caplog.at_level(logging.WARNING, logger="mirps_dash.store"):
        assert not store.save_derived("claim_areas", {"claims": 1, "offices": 2}, "r", mixed)
    assert "claim_areas is not stored" in caplog.text
    assert store.load_derived("claim_areas", {"claims": 1, "offices": 2}, "r") is None


def test_a_damaged_stored_frame_is_made_instead(seeded_store: Store, caplog: pytest.LogCaptureFixture) -> None:
    versions = seeded_store.current_versions()
    save_derived_frames(seeded_store)
    with seeded_store.engine.begin() as connection:
        connection.execute(derived_table.update().values(frame=b"not parquet"))
    with caplog.at_level(logging.WARNING, logger="mirps_dash.store"):
        assert (
            seeded_store.load_derived("claim_areas", derived_inputs("claim_areas", versions) or {}, derived_recipe())
            is None
        )
    assert "claim_areas" in caplog.text and "making it instead" in caplog.text


# ---- the app: a replica reads the stored frames, and shows the same figures as one that makes them ----------


def test_a_replica_reading_stored_frames_shows_the_same_figures_as_one_making_them(sqlite_env: Path) -> None:
    assert publish_file(ui.get_store(), "claims", UPDATE, file_name="nov.csv", by="ana@example.org").version
    args = ("2026-11-01", "2026-11-30", "en")
    releases = ["claim_areas", "national_totals", "sources"]
    read_periods = ui.view(views.arrivals_periods, ["claim_areas"], "en")
    read_releases = ui.view(views.arrivals_releases, releases, *args)
    ui.reset_caches()  # a second replica, whose store has no stored frame: it makes them
    with ui.get_store().engine.begin() as connection:
        connection.execute(derived_table.delete())
    made_periods = ui.view(views.arrivals_periods, ["claim_areas"], "en")
    made_releases = ui.view(views.arrivals_releases, releases, *args)
    assert "2026-11" in read_periods.keys and read_periods.keys == made_periods.keys
    pd.testing.assert_frame_equal(read_periods.frame, made_periods.frame)
    assert read_releases.keys == made_releases.keys and read_releases.labels == made_releases.labels


def test_a_replica_reads_the_frames_a_publish_stored_instead_of_making_them(
    sqlite_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert publish_file(ui.get_store(), "claims", UPDATE, file_name="nov.csv", by="ana@example.org").version
    ui.reset_caches()

    def never(*_frames: pd.DataFrame) -> pd.DataFrame:
        raise AssertionError("made, though the publish stored it")

    monkeypatch.setitem(views.DERIVED_FRAMES, "claim_areas", (never, ("claims", "offices")))
    assert "2026-11" in ui.view(views.arrivals_periods, ["claim_areas"], "en").keys
    versions = ui.get_store().current_versions()
    assert (ui._database_url(), "claims", versions["claims"]) not in ui._FRAMES  # nor was the dataset read


def test_the_warm_up_stores_the_frames_of_versions_published_without_them(sqlite_env: Path) -> None:
    store = ui.get_store()  # seeding stores no derived frame
    with store.engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(derived_table)).scalar() == 0
    ui.warm_defaults(ui._warm_state())
    versions = store.current_versions()
    wanted = {name: derived_inputs(name, versions) or {} for name in DERIVED_FRAMES}
    assert store.stored_derived(wanted, derived_recipe()) == set(DERIVED_FRAMES)


@pytest.mark.parametrize("dataset", ["claims", "refugees", "region"])
def test_the_freshness_line_finds_the_same_newest_periods_in_the_stored_releases(
    seeded_store: Store, dataset: str
) -> None:
    save_derived_frames(seeded_store)
    version = seeded_store.current_versions()[dataset]
    releases = seeded_store.load_derived(f"releases_of_{dataset}", {dataset: version}, derived_recipe())
    sources, rules = seeded_store.load("sources"), cadences()
    assert releases is not None
    assert newest_periods(releases, sources, rules) == newest_periods(seeded_store.load(dataset), sources, rules) != {}


@pytest.mark.parametrize(
    ("upload", "new_periods", "revised"),
    [(UPDATE, ["2026-11-01"], 0), (b"period,nationality,claims,source\n2000,AFG,6,unhcr-stats\n", [], 1)],
    ids=["a new month", "a revised figure"],
)
def test_a_publish_stores_what_it_changed_exactly_as_the_overview_would_compare_it(
    seeded_store: Store, upload: bytes, new_periods: list[str], revised: int
) -> None:
    before = seeded_store.current_versions()["claims"]
    assert publish_file(seeded_store, "claims", upload, file_name="u.csv", by="ana@example.org").version
    after = seeded_store.current_versions()["claims"]
    stored = stored_changes(seeded_store, "claims", before, after)
    made = compare_versions(seeded_store.load("claims", before), seeded_store.load("claims", after), "claims")
    assert stored is not None and stored.new_periods == new_periods and len(stored.changed) == revised
    for part in fields(Changes):
        assert_same_frame(getattr(stored, part.name), getattr(made, part.name))
    assert save_changes(seeded_store) == []  # compared once


def test_a_change_larger_than_the_cap_is_left_to_the_overview_to_compare(
    seeded_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole new table is not copied into its stored changes: the Overview compares it (tests/test_changes)."""
    monkeypatch.setattr(service, "MAX_STORED_CHANGE_ROWS", 0)
    before = seeded_store.current_versions()["claims"]
    assert publish_file(seeded_store, "claims", UPDATE, file_name="u.csv", by="ana@example.org").version
    assert stored_changes(seeded_store, "claims", before, seeded_store.current_versions()["claims"]) is None
    monkeypatch.setattr(service, "MAX_STORED_CHANGE_ROWS", 100)
    assert save_changes(seeded_store) == ["claims"]  # the same change under a larger cap is stored

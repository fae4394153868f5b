"""Each version is also kept as one Parquet frame that `Store.load` reads (issue 13), on SQLite and PostgreSQL.

What a reader would notice: a version reads back exactly as published (dtypes, values, missing values, order), from
its frame alone; rollback brings an earlier one back exactly; a store of schema 2 gains the frames and reads the
same; a damaged or missing frame is read from the rows; and the rows stay there for analysts' SQL.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mirps_dash import store as store_module
from mirps_dash.schema import DATASETS
from mirps_dash.service import ensure_seeded
from mirps_dash.store import SCHEMA_VERSION, Store, data_tables, frames_table, schema_table, versions_table
from tests.test_store import awkward_pledges, claims_frame

TEXT = st.one_of(
    st.none(), st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)
)  # PostgreSQL text holds no NUL
PLEDGE_TEXT_COLUMNS = [name for name in DATASETS["pledges"].columns if name not in ("year", "amount_usd")]


@st.composite
def pledge_frames(draw) -> pd.DataFrame:
    """Pledges frames in the store's dtypes (text: str, year: Int64, amount: float64), with missing values anywhere."""
    count = draw(st.integers(0, 8))
    frame = pd.DataFrame(
        {
            name: pd.array(draw(st.lists(TEXT, min_size=count, max_size=count)), dtype="str")
            for name in PLEDGE_TEXT_COLUMNS
        }
    )
    frame["year"] = pd.array(
        draw(st.lists(st.none() | st.integers(-(2**62), 2**62), min_size=count, max_size=count)), dtype="Int64"
    )
    amounts = draw(st.lists(st.floats(allow_infinity=False), min_size=count, max_size=count))
    frame["amount_usd"] = np.array(amounts, dtype="float64")
    return frame[DATASETS["pledges"].columns]


def delete_rows(store: Store, dataset: str, version: int) -> None:
    """Remove a version's rows (its frame stays): what then reads back can only come from the frame."""
    table = data_tables[dataset]
    with store.engine.begin() as connection:
        connection.execute(table.delete().where(table.c.version_id == version))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(frame=pledge_frames())
def test_any_version_reads_back_identical_from_its_frame_and_from_its_rows(store: Store, frame: pd.DataFrame) -> None:
    version = store.publish("pledges", frame, by="ana", expected_version=store.current_version("pledges"))
    pd.testing.assert_frame_equal(store.load("pledges"), frame)
    with store.engine.connect() as connection:  # the rows say the same as the frame
        rows = store_module._read_rows(connection, data_tables["pledges"], version)
    pd.testing.assert_frame_equal(store_module._with_model_dtypes("pledges", rows), frame)


def test_a_version_reads_from_its_frame_alone(store: Store) -> None:
    frame = awkward_pledges()
    version = store.publish("pledges", frame, by="ana", expected_version=None)
    delete_rows(store, "pledges", version)
    pd.testing.assert_frame_equal(store.load("pledges", version), frame)
    assert store.load("pledges")["title_en"].tolist()[:2] == ["", 'say "hi", then']  # empty text is not missing


def test_rollback_brings_back_an_earlier_version_exactly(store: Store) -> None:
    first = store.publish("claims", claims_frame(5, 7), by="ana", expected_version=None)
    store.publish("claims", claims_frame(9), by="ana", expected_version=first)
    store.rollback("claims", by="luis")
    pd.testing.assert_frame_equal(store.load("claims"), claims_frame(5, 7))


@pytest.mark.parametrize(
    ("damage", "logged"),
    [
        (frames_table.update().values(frame=b"not a parquet file"), "does not read"),
        (frames_table.update().values(format="parquet-99"), "format 'parquet-99'"),
        (frames_table.delete(), None),
    ],
    ids=["damaged", "unknown format", "missing"],
)
def test_a_damaged_or_missing_frame_is_read_from_the_rows(
    store: Store, damage: sa.Executable, logged: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    version = store.publish("claims", claims_frame(5, 7), by="ana", expected_version=None)
    with store.engine.begin() as connection:
        connection.execute(damage)
    with caplog.at_level(logging.WARNING, logger="mirps_dash.store"):
        pd.testing.assert_frame_equal(store.load("claims"), claims_frame(5, 7))
    if logged:
        assert f"claims version {version}" in caplog.text and logged in caplog.text


def test_a_frame_of_another_row_count_is_not_trusted(store: Store) -> None:
    """A frame that does not hold the version's rows (here another version's) is set aside for the rows."""
    first = store.publish("claims", claims_frame(5), by="ana", expected_version=None)
    second = store.publish("claims", claims_frame(9, 9), by="ana", expected_version=first)
    with store.engine.begin() as connection:
        other = connection.execute(sa.select(frames_table.c.frame).where(frames_table.c.version_id == first)).scalar()
        connection.execute(frames_table.update().where(frames_table.c.version_id == second).values(frame=other))
    pd.testing.assert_frame_equal(store.load("claims"), claims_frame(9, 9))


def rows_of(store: Store, dataset: str, version: int) -> pd.DataFrame:
    """A version as schema 2 read it: from its rows."""
    with store.engine.connect() as connection:
        return store_module._with_model_dtypes(
            dataset, store_module._read_rows(connection, data_tables[dataset], version)
        )


def test_a_schema_2_store_gains_a_frame_for_every_version_and_reads_the_same(store: Store) -> None:
    ensure_seeded(store)
    first = store.current_version("claims")
    store.publish("claims", claims_frame(5, 7), by="ana", expected_version=first)
    versions = {**store.current_versions(), "claims (older)": first}
    before = {name: rows_of(store, name.split()[0], version) for name, version in versions.items()}
    with store.engine.begin() as connection:  # the store as schema 2 left it: no frames table
        frames_table.drop(connection)
        connection.execute(schema_table.update().values(version=2))
    store.create_schema()
    with store.engine.connect() as connection:
        assert connection.execute(sa.select(schema_table.c.version)).scalars().all() == [SCHEMA_VERSION] == [3]
        framed = connection.execute(sa.select(frames_table.c.version_id)).scalars().all()
        assert sorted(framed) == sorted(connection.execute(sa.select(versions_table.c.version_id)).scalars().all())
    delete_rows(store, "claims", first)  # the upgrade's frames alone give what the rows gave
    for name, version in versions.items():
        pd.testing.assert_frame_equal(store.load(name.split()[0], version), before[name])


def test_rows_stay_queryable_with_plain_sql(store: Store) -> None:
    """What an analyst types in psql or sqlite3: the current claims version's figures, from the row table."""
    first = store.publish("claims", claims_frame(5, 7), by="ana", expected_version=None)
    store.publish("claims", claims_frame(100, 200), by="ana", expected_version=first)
    query = sa.text(
        "SELECT period_start, claims FROM data_claims WHERE version_id = "
        "(SELECT version_id FROM current_versions WHERE dataset = 'claims') ORDER BY period_start"
    )
    with store.engine.connect() as connection:
        assert [tuple(row) for row in connection.execute(query)] == [("2000-01-01", 100), ("2001-01-01", 200)]


def readme_sql() -> str:
    """The query the README gives analysts (its first ```sql block)."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    return readme.split("```sql\n", 1)[1].split("```", 1)[0]


def test_the_readmes_query_gives_the_national_figures_by_nationality_the_pages_read(store: Store) -> None:
    ensure_seeded(store)
    with store.engine.connect() as connection:
        rows = pd.DataFrame(connection.execute(sa.text(readme_sql())).fetchall())
    claims = store.load("claims")
    national = claims[
        (claims["unit"] == "persons")
        & claims[["state", "office", "sex", "age_group"]].eq("_T").all(axis=1)
        & claims["claims"].notna()
    ]
    assert len(rows) == len(national) > 100  # every release's national rows by nationality, and nothing else
    assert rows["claims"].astype("int64").sum() == national["claims"].astype("int64").sum()

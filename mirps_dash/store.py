"""Versioned store: every publish is an immutable version; a pointer names the current one; all audited.

SQLAlchemy over a SQLite file by default, PostgreSQL when MIRPS_DATABASE_URL names one (several app
replicas then share the data). A publish writes its rows, the same rows as one Parquet file (`version_frames`, what
`load` reads: one query instead of a million rows), its version record, the pointer and the audit entry in one
transaction; the pointer moves by compare-and-swap, so of two publishers working from the
same version one commits and the other gets `PublishConflict`. Readers select one version id, so they
always see one whole version. The frames derived from versions (`derived_frames`) are kept here as bytes too,
stored after the publish by whoever made them.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine

from mirps_dash.dtypes import as_kind, model_kinds, sql_kind, sql_type, with_model_dtypes
from mirps_dash.schema import DATASETS

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "mirps.sqlite3"
CHUNK_ROWS = 50_000
SQLITE_MAX_PARAMETERS = 999  # values bound in one statement: SQLite's lowest limit (SQLITE_MAX_VARIABLE_NUMBER)

metadata = sa.MetaData()
versions_table = sa.Table(
    "versions",
    metadata,
    sa.Column("version_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("dataset", sa.String(32), nullable=False, index=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("file_name", sa.String(500), nullable=False, default=""),
    sa.Column("sha256", sa.String(64), nullable=False, default=""),
    sa.Column("encoding", sa.String(40), nullable=False, default=""),
    sa.Column("row_count", sa.Integer, nullable=False),
    sa.Column("mode", sa.String(10), nullable=False, default="replace"),
    sa.Column("parent_version", sa.Integer, nullable=True),
    sa.Column("report", sa.Text, nullable=False, default="{}"),
)
current_table = sa.Table(
    "current_versions",
    metadata,
    sa.Column("dataset", sa.String(32), primary_key=True),
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.version_id"), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)
audit_table = sa.Table(
    "audit_log",
    metadata,
    sa.Column("entry_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("dataset", sa.String(32), nullable=False),
    sa.Column("version_id", sa.Integer, nullable=True),
    sa.Column("from_version", sa.Integer, nullable=True),
    sa.Column("detail", sa.Text, nullable=False, default=""),
)


# Each version's rows once more as one Parquet file: what `Store.load` reads (a replica's first run after a publish
# reads one value, not a million rows). The row tables stay the record analysts query with SQL; a version without a
# frame here, or whose frame does not read back whole, is read from its rows.
frames_table = sa.Table(
    "version_frames",
    metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.version_id"), primary_key=True),
    sa.Column("format", sa.String(20), nullable=False),
    sa.Column("frame", sa.LargeBinary, nullable=False),
)
FRAME_FORMAT = "parquet-1"  # Parquet, one column per model column in its kind (int64, float64, large_string)

# The frames derived from datasets (`views.DERIVED_FRAMES`), made once and kept as Parquet: a replica's first run
# after a publish reads the few it needs instead of making them from a million rows (about 1 s at 100x). Keyed by
# the versions of the datasets each is made from ("claims:12,offices:3": a rollback, or a publish of any input,
# names another key) and by `recipe`, the code that made it (a release that makes them otherwise never reads what
# an older one stored). The store only keeps the bytes: views.common makes them, service and ui store them.
# A table no older release reads or needs, so adding it needed no schema step: a frame missing here is made as
# before, and stored by the warm-up of the first process that made it.
derived_table = sa.Table(
    "derived_frames",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("inputs", sa.String(400), primary_key=True),
    sa.Column("recipe", sa.String(64), primary_key=True),
    sa.Column("format", sa.String(20), nullable=False),
    sa.Column("frame", sa.LargeBinary, nullable=False),
)
DERIVED_FORMAT = "parquet-derived-1"  # Parquet of the frame (pandas' metadata), cells' tuple/list kept in `mirps_dash`

log = logging.getLogger(__name__)


def _data_table(name: str) -> sa.Table:
    return sa.Table(
        f"data_{name}",
        metadata,
        sa.Column("version_id", sa.Integer, nullable=False, index=True),
        *(sa.Column(column, sql_type(kind)) for column, kind in model_kinds(DATASETS[name].model).items()),
    )


class _DataTables(Mapping[str, sa.Table]):
    """The data table of every dataset declared in schema.DATASETS, defined on first use (a dataset declared
    later, or in a test, gets its table without an edit here)."""

    def __getitem__(self, name: str) -> sa.Table:
        if name not in DATASETS:
            raise KeyError(name)
        table = metadata.tables.get(f"data_{name}")
        return _data_table(name) if table is None else table

    def __iter__(self) -> Iterator[str]:
        return iter(DATASETS)

    def __len__(self) -> int:
        return len(DATASETS)


data_tables: Mapping[str, sa.Table] = _DataTables()

# The shape of the store's tables, recorded in the store. Each release that changes the tables bumps it and adds the
# step that brings a store of the version before to it (`Store.create_schema` runs the steps it lacks, in order).
#   1  the first release (85b8d66): no version recorded
#   2  columns added since (sources.producer; approx in claims, refugees and indicators), by ALTER TABLE
#   3  version_frames: every version's rows as one Parquet file, written for the versions already stored (a step
#      that adds a column should rewrite the frames too: a frame lacking a model column is read from the rows)
SCHEMA_VERSION = 3
schema_table = sa.Table("schema_version", metadata, sa.Column("version", sa.Integer, nullable=False))


class NewerStore(RuntimeError):
    """The store was written by a newer release (a higher schema version) than this code: opening it would write
    rows to tables whose shape this code does not know, so it refuses to start."""

    def __init__(self, stored: int) -> None:
        self.stored = stored
        super().__init__(
            f"this store has schema version {stored}, made by a newer release of mirps-dash than this one (which "
            f"knows up to {SCHEMA_VERSION}): start the newer release, or restore a backup"
        )


class PublishConflict(RuntimeError):
    """Another publish or rollback moved the dataset's pointer first; nothing was written."""


class SourceIdTaken(PublishConflict):
    """A new source's id was created by someone else first (between preview and publish); nothing was written."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        super().__init__(f"sources: {', '.join(ids)} was created by someone else first")


class UnknownVersion(LookupError):
    """No such version of that dataset."""


class SourcesInUse(RuntimeError):
    """A publish or rollback of `sources` would drop source ids that the current versions of other datasets still
    name (sources are never lost); nothing was written. `used` maps each such dataset to the ids it names."""

    def __init__(self, used: dict[str, list[str]]) -> None:
        self.used = used
        super().__init__("sources still named: " + "; ".join(f"{name}: {', '.join(ids)}" for name, ids in used.items()))


def database_url() -> str:
    """MIRPS_DATABASE_URL, else the embedded SQLite file (MIRPS_SQLITE_PATH or var/mirps.sqlite3)."""
    if url := os.environ.get("MIRPS_DATABASE_URL"):
        return url
    path = Path(os.environ.get("MIRPS_SQLITE_PATH", DEFAULT_SQLITE_PATH))
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


WRITE_OPTION = "mirps_write"  # execution option marking a transaction that will write


def make_engine(url: str | None = None) -> Engine:
    """An engine for the store; SQLite gets WAL and BEGIN IMMEDIATE for writes only (writers queue, readers never wait)."""
    url = url or database_url()
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True)
    engine = sa.create_engine(url, connect_args={"timeout": 30, "isolation_level": None})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA busy_timeout=30000")

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Store:
    """Publish, read, list and roll back versions of the datasets."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create_schema(self) -> None:
        """Create the tables when they do not exist, then bring an older store to SCHEMA_VERSION: each missing step
        runs in one write transaction with the version it reaches (safe to call from several processes at once,
        since the version is read again inside that transaction). A newer store is refused (NewerStore)."""
        tables = [versions_table, current_table, audit_table, schema_table, frames_table, derived_table]
        tables += data_tables.values()
        metadata.create_all(self.engine, tables=tables, checkfirst=True)
        with self._read() as connection:
            stored = _schema_version(connection)
            behind = stored < SCHEMA_VERSION or bool(_missing_columns(sa.inspect(connection)))
        if stored > SCHEMA_VERSION:
            raise NewerStore(stored)
        if not behind:
            return
        with self.engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
            stored = _schema_version(connection)
            if stored > SCHEMA_VERSION:
                raise NewerStore(stored)
            # Columns a data table lacks are added whatever the version (a dataset declared since, as in the toy
            # test, or step 2); later steps that are not additive go here by the version they reach.
            for table, column in _missing_columns(sa.inspect(connection)):
                connection.exec_driver_sql(_add_column_sql(connection.dialect, table, column))
            if stored < 3:
                _write_missing_frames(connection)
            connection.execute(schema_table.delete())
            connection.execute(schema_table.insert().values(version=SCHEMA_VERSION))

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as connection:
            yield connection

    # ---- reading -----------------------------------------------------------------------------

    def current_version(self, dataset: str) -> int | None:
        """Id of the version every page shows now, or None before the first publish."""
        with self._read() as connection:
            return connection.execute(
                sa.select(current_table.c.version_id).where(current_table.c.dataset == dataset)
            ).scalar_one_or_none()

    def current_versions(self) -> dict[str, int]:
        """Current version id of every dataset, in one query (what caches key on)."""
        with self._read() as connection:
            return dict(connection.execute(sa.select(current_table.c.dataset, current_table.c.version_id)).all())

    def load(self, dataset: str, version: int | None = None) -> pd.DataFrame:
        """The rows of one version (the current one by default) as a canonical frame, read from the version's
        Parquet frame in one query; from its rows when it has none or that frame does not read back whole."""
        version = self.current_version(dataset) if version is None else version
        with self._read() as connection:
            if version is None:
                return _with_model_dtypes(dataset, _read_rows(connection, data_tables[dataset], -1))
            found = connection.execute(
                sa.select(versions_table.c.row_count, frames_table.c.format, frames_table.c.frame)
                .select_from(versions_table.outerjoin(frames_table))
                .where(versions_table.c.version_id == version, versions_table.c.dataset == dataset)
            ).one_or_none()
            if found is None:
                raise UnknownVersion(f"{dataset} has no version {version}")
            row_count, kind, blob = found
            frame = _frame_from_blob(dataset, version, kind, blob, row_count) if blob is not None else None
            if frame is None:
                frame = _with_model_dtypes(dataset, _read_rows(connection, data_tables[dataset], version))
        return frame

    def load_derived(self, name: str, inputs: Mapping[str, int], recipe: str) -> pd.DataFrame | None:
        """A derived frame as stored for these input versions and recipe, or None when none is (or it does not
        read back: the caller then makes it)."""
        with self._read() as connection:
            found = connection.execute(
                sa.select(derived_table.c.format, derived_table.c.frame).where(
                    derived_table.c.name == name,
                    derived_table.c.inputs == inputs_key(inputs),
                    derived_table.c.recipe == recipe,
                )
            ).one_or_none()
        return None if found is None else _derived_from_blob(name, *found)

    def stored_derived(self, wanted: Mapping[str, Mapping[str, int]], recipe: str) -> set[str]:
        """Which of `wanted` (derived frame name: its input versions) the store holds for this recipe."""
        keys = {(name, inputs_key(inputs)) for name, inputs in wanted.items()}
        with self._read() as connection:
            rows = connection.execute(
                sa.select(derived_table.c.name, derived_table.c.inputs).where(
                    derived_table.c.recipe == recipe, derived_table.c.name.in_(list(wanted))
                )
            ).all()
        return {name for name, inputs in rows if (name, inputs) in keys}

    def save_derived(self, name: str, inputs: Mapping[str, int], recipe: str, frame: pd.DataFrame) -> bool:
        """Keep a derived frame for these input versions and recipe; False when it cannot be stored so that it
        reads back exactly (logged; it is then made where needed, as before). A frame stored meanwhile by
        another process is kept (the same inputs and recipe make the same frame)."""
        blob = _blob_from_derived(name, frame)
        if blob is None:
            return False
        row = {"name": name, "inputs": inputs_key(inputs), "recipe": recipe, "format": DERIVED_FORMAT, "frame": blob}
        with self.engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
            insert = sqlite_insert if connection.dialect.name == "sqlite" else postgresql_insert
            connection.execute(insert(derived_table).values(**row).on_conflict_do_nothing())
        return True

    def versions(self, dataset: str) -> pd.DataFrame:
        """Every version of a dataset, newest first, with `is_current`."""
        current = self.current_version(dataset)
        with self._read() as connection:
            frame = pd.read_sql(
                sa.select(versions_table)
                .where(versions_table.c.dataset == dataset)
                .order_by(versions_table.c.version_id.desc()),
                connection,
            ).astype({"parent_version": "Int64"})
        frame["is_current"] = frame["version_id"] == current
        return frame

    def audit(self, dataset: str | None = None) -> pd.DataFrame:
        """The audit log, newest first."""
        query = sa.select(audit_table).order_by(audit_table.c.entry_id.desc())
        if dataset:
            query = query.where(audit_table.c.dataset == dataset)
        with self._read() as connection:
            frame = pd.read_sql(query, connection)
        return frame.astype({"version_id": "Int64", "from_version": "Int64"})

    # ---- writing -----------------------------------------------------------------------------

    def publish(
        self,
        dataset: str,
        frame: pd.DataFrame,
        *,
        by: str,
        expected_version: int | None,
        file_name: str = "",
        sha256: str = "",
        encoding: str = "",
        mode: str = "replace",
        report: dict | None = None,
        new_sources: pd.DataFrame | None = None,
    ) -> int:
        """Write `frame` (canonical, already validated) as a new version and make it current.

        `expected_version` is the version the publisher looked at (None for a first publish); if the
        pointer has moved since, nothing is written and PublishConflict is raised. `new_sources` (rows of
        `sources` that the frame names) become a new version of `sources` in the same transaction: both or neither.
        """
        frame = frame[DATASETS[dataset].columns]
        with self.engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
            if new_sources is not None and len(new_sources):
                self._add_sources(connection, new_sources, by=by, file_name=file_name, dataset=dataset)
            current = self._lock_pointer(connection, dataset)
            if current != expected_version:
                raise PublishConflict(f"{dataset}: current version is {current}, not {expected_version}")
            if dataset == "sources":
                self._keep_named_sources(connection, current, set(frame["source_id"]))
            version = _inserted_id(
                connection.execute(
                    versions_table.insert().values(
                        dataset=dataset,
                        created_at=_now(),
                        created_by=by,
                        file_name=file_name,
                        sha256=sha256,
                        encoding=encoding,
                        row_count=len(frame),
                        mode=mode,
                        parent_version=current,
                        report=json.dumps(report or {}, ensure_ascii=False, default=str),
                    )
                )
            )
            _bulk_insert(connection, data_tables[dataset], frame, version)
            _insert_frame(connection, dataset, frame, version)
            self._move_pointer(connection, dataset, current, version)
            self._log(connection, by, "publish", dataset, version, current, file_name)
        return version

    def _add_sources(
        self, connection: Connection, new_sources: pd.DataFrame, *, by: str, file_name: str, dataset: str
    ) -> int:
        """A new version of `sources`: the current rows plus `new_sources`, whose ids must still be free."""
        current = self._lock_pointer(connection, "sources")
        rows = _with_model_dtypes(
            "sources", _read_rows(connection, data_tables["sources"], current if current is not None else -1)
        )
        taken = sorted(set(rows["source_id"]) & set(new_sources["source_id"]))
        if taken:
            raise SourceIdTaken(taken)
        merged = pd.concat([rows, new_sources[DATASETS["sources"].columns]], ignore_index=True)
        added = new_sources["source_id"].tolist()
        version = _inserted_id(
            connection.execute(
                versions_table.insert().values(
                    dataset="sources",
                    created_at=_now(),
                    created_by=by,
                    file_name=file_name,
                    sha256="",
                    encoding="",
                    row_count=len(merged),
                    mode="update",
                    parent_version=current,
                    report=json.dumps({"rows": len(merged), "added": added, "with": dataset}, ensure_ascii=False),
                )
            )
        )
        _bulk_insert(connection, data_tables["sources"], merged, version)
        _insert_frame(connection, "sources", merged, version)
        self._move_pointer(connection, "sources", current, version)
        self._log(connection, by, "publish", "sources", version, current, f"{file_name}: {', '.join(added)}")
        return version

    def rollback(self, dataset: str, version: int | None = None, *, by: str) -> int:
        """Make an earlier version current again (default: the one before the current); audited."""
        with self.engine.execution_options(**{WRITE_OPTION: True}).begin() as connection:
            current = self._lock_pointer(connection, dataset)
            if version is None:
                version = connection.execute(
                    sa.select(sa.func.max(versions_table.c.version_id)).where(
                        versions_table.c.dataset == dataset, versions_table.c.version_id < (current or 0)
                    )
                ).scalar_one_or_none()
                if version is None:
                    raise UnknownVersion(f"{dataset} has no version before {current}")
            _require_version(connection, dataset, version)
            if dataset == "sources":
                self._keep_named_sources(
                    connection, current, set(_distinct(connection, "sources", "source_id", version))
                )
            self._move_pointer(connection, dataset, current, version)
            self._log(connection, by, "rollback", dataset, version, current, "")
        return version

    def _keep_named_sources(self, connection: Connection, current: int | None, kept: set[str]) -> None:
        """Raise SourcesInUse when moving `sources` from version `current` to one holding only `kept` would drop
        an id that the current version of another dataset names. Called with the `sources` pointer locked; the
        other datasets' pointers are locked too (after it, the order every publish takes), so that none of them
        can start naming a dropped id before this commits."""
        dropped = set(_distinct(connection, "sources", "source_id", current)) - kept if current is not None else set()
        if not dropped:
            return
        used = {}
        for name in (name for name, spec in DATASETS.items() if name != "sources" and "source" in spec.columns):
            version = self._lock_pointer(connection, name)
            if version is not None and (named := sorted(dropped & set(_distinct(connection, name, "source", version)))):
                used[name] = named
        if used:
            raise SourcesInUse(used)

    def _lock_pointer(self, connection: Connection, dataset: str) -> int | None:
        query = sa.select(current_table.c.version_id).where(current_table.c.dataset == dataset)
        if connection.dialect.name == "postgresql":
            query = query.with_for_update()
        return connection.execute(query).scalar_one_or_none()

    def _move_pointer(self, connection: Connection, dataset: str, current: int | None, version: int) -> None:
        if current is None:
            try:
                with connection.begin_nested():
                    connection.execute(
                        current_table.insert().values(dataset=dataset, version_id=version, updated_at=_now())
                    )
            except sa.exc.IntegrityError as error:
                raise PublishConflict(f"{dataset} was published by someone else first") from error
            return
        moved = connection.execute(
            current_table.update()
            .where(current_table.c.dataset == dataset, current_table.c.version_id == current)
            .values(version_id=version, updated_at=_now())
        ).rowcount
        if moved != 1:
            raise PublishConflict(f"{dataset} moved while publishing")

    def _log(
        self,
        connection: Connection,
        actor: str,
        action: str,
        dataset: str,
        version: int,
        from_version: int | None,
        detail: str,
    ) -> None:
        connection.execute(
            audit_table.insert().values(
                at=_now(),
                actor=actor,
                action=action,
                dataset=dataset,
                version_id=version,
                from_version=from_version,
                detail=detail,
            )
        )


def _require_version(connection: Connection, dataset: str, version: int) -> None:
    """Raise UnknownVersion unless `version` is a version of `dataset`."""
    found = connection.execute(
        sa.select(versions_table.c.version_id).where(
            versions_table.c.version_id == version, versions_table.c.dataset == dataset
        )
    ).scalar_one_or_none()
    if found is None:
        raise UnknownVersion(f"{dataset} has no version {version}")


def _distinct(connection: Connection, dataset: str, column: str, version: int) -> list[str]:
    """The distinct values of one text column in one version of a dataset."""
    table = data_tables[dataset]
    return list(
        connection.execute(sa.select(table.c[column]).distinct().where(table.c.version_id == version)).scalars()
    )


def _schema_version(connection: Connection) -> int:
    """The schema version the store records; 1 when it records none (a store of the first release, or new)."""
    return connection.execute(sa.select(sa.func.max(schema_table.c.version))).scalar_one_or_none() or 1


def _missing_columns(inspector: sa.Inspector) -> list[tuple[sa.Table, sa.Column]]:
    """(table, column) of every model column that an existing data table does not have yet."""
    missing = []
    for table in data_tables.values():
        present = {column["name"] for column in inspector.get_columns(table.name)}
        missing += [(table, column) for column in table.columns if column.name not in present]
    return missing


def _add_column_sql(dialect: sa.Dialect, table: sa.Table, column: sa.Column) -> str:
    """ALTER TABLE adding a nullable column; text defaults to '' so rows written before read as empty text
    (approx '' = exact, producer '' = the publisher), numbers are missing."""
    default = " DEFAULT ''" if sql_kind(column) == "text" else ""
    guard = " IF NOT EXISTS" if dialect.name == "postgresql" else ""
    kind = column.type.compile(dialect=dialect)
    return f'ALTER TABLE "{table.name}" ADD COLUMN{guard} "{column.name}" {kind}{default}'


def _with_model_dtypes(dataset: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with the dataset's model dtypes (dtypes.with_model_dtypes)."""
    return with_model_dtypes(DATASETS[dataset].model, frame)


def _blob_from_frame(dataset: str, frame: pd.DataFrame) -> bytes:
    """A version's rows as one Parquet file: each model column in its kind's Arrow type, in the model's order, so
    that it reads back as the rows would (`_frame_from_blob`). Uncompressed: Parquet's dictionary and run-length
    encoding already make the 1M synthetic claim rows 2.2 MB, read into pandas in 0.17 s (zstd: 0.9 MB in 0.35 s;
    Arrow IPC: 157 MB uncompressed, 10 MB with zstd in 0.14 s), measured on the bench machine under load."""
    kinds = model_kinds(DATASETS[dataset].model)
    arrow_types = {"int": pa.int64(), "float": pa.float64(), "text": pa.large_string()}
    arrays = [
        pa.array(as_kind(frame[name], kind), type=arrow_types[kind], from_pandas=True) for name, kind in kinds.items()
    ]
    buffer = io.BytesIO()
    # one row group: it reads back as one chunk per column (pandas filters and groups a chunked column several
    # times slower, and every frame derived from claims does)
    pq.write_table(pa.table(arrays, names=list(kinds)), buffer, compression="none", row_group_size=max(len(frame), 1))
    return buffer.getvalue()


def _frame_from_blob(dataset: str, version: int, kind: str, blob: bytes, row_count: int) -> pd.DataFrame | None:
    """The canonical frame of a version's Parquet frame, or None (the caller reads the rows) when it is of another
    format, lacks a model column (one added since), has another row count than the version, or does not parse."""
    kinds = model_kinds(DATASETS[dataset].model)
    try:
        if kind != FRAME_FORMAT:
            raise ValueError(f"format {kind!r}")
        table = pq.ParquetFile(io.BytesIO(blob)).read()  # read_table would cut each column into 128k-row chunks
        if table.num_rows != row_count or not set(kinds) <= set(table.column_names):
            raise ValueError(f"{table.num_rows} rows of {row_count}, columns {table.column_names}")
        # pyarrow's own conversion shares the Arrow buffers (~0.04 s at 1M rows, where converting column by column
        # with as_kind copied them: 0.5-1 s); a column it gives another dtype goes through as_kind
        table = table.select(list(kinds))
        if any(column.num_chunks > 1 for column in table.columns):
            table = table.combine_chunks()
        frame = table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
        for name, kind in kinds.items():
            if frame[name].dtype != pd.Series(as_kind((), kind)).dtype:
                frame[name] = as_kind(table.column(name), kind)
        return frame
    except (pa.ArrowException, ValueError, OSError) as error:
        log.warning(
            "%s version %s: its stored frame does not read (%s); reading its rows instead", dataset, version, error
        )
        return None


def inputs_key(inputs: Mapping[str, int]) -> str:
    """The versions a derived frame is made from, as stored: "claims:12,offices:3" (datasets in name order)."""
    return ",".join(f"{dataset}:{int(version)}" for dataset, version in sorted(inputs.items()))


def _blob_from_derived(name: str, frame: pd.DataFrame) -> bytes | None:
    """A derived frame as Parquet with pandas' metadata (dtypes, index), or None when it would not read back
    equal. Parquet gives a cell holding a tuple or list back as an array: which one each object column held is
    written beside, so that `_derived_from_blob` makes the tuples (hashable, compared by value) again."""
    cells: dict[str, str] = {}
    for column in frame.columns:
        if frame[column].dtype == object:
            kinds = {type(value) for value in frame[column].tolist() if value is not None}
            cells[str(column)] = next(iter(kinds)).__name__ if kinds in ({tuple}, {list}) else "object"
    try:
        table = pa.Table.from_pandas(frame)
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), b"mirps_dash": json.dumps(cells)})
        buffer = io.BytesIO()
        pq.write_table(table, buffer, compression="none", row_group_size=max(len(frame), 1))
        blob = buffer.getvalue()
        back = _derived_from_blob(name, DERIVED_FORMAT, blob)
        if back is None:
            raise ValueError("does not read back")
        pd.testing.assert_frame_equal(back, frame, check_exact=True)
    except (pa.ArrowException, ValueError, TypeError, AssertionError) as error:
        log.warning("derived frame %s is not stored: it does not read back as made (%s)", name, str(error)[:300])
        return None
    return blob


def _derived_from_blob(name: str, kind: str, blob: bytes) -> pd.DataFrame | None:
    """A stored derived frame, or None (the caller makes it) when it is of another format or does not parse."""
    try:
        if kind != DERIVED_FORMAT:
            raise ValueError(f"format {kind!r}")
        table = pq.ParquetFile(io.BytesIO(blob)).read()
        cells = json.loads((table.schema.metadata or {}).get(b"mirps_dash", b"{}"))
        frame = table.to_pandas()
        for column, cell in cells.items():
            # a tuple or list cell comes back as an array (None stays None); any other object column as a dtype
            # Arrow gives it (text as str): both as they were made
            values = frame[column].tolist()
            if cell in ("tuple", "list"):
                make = tuple if cell == "tuple" else list
                values = [None if value is None else make(np.asarray(value).tolist()) for value in values]
            frame[column] = pd.Series(values, index=frame.index, dtype=object)
        return frame
    except (pa.ArrowException, ValueError, OSError, KeyError) as error:
        log.warning("derived frame %s: the stored one does not read (%s); making it instead", name, error)
        return None


def _insert_frame(connection: Connection, dataset: str, frame: pd.DataFrame, version: int) -> None:
    """Store a version's Parquet frame (in the transaction that writes its rows)."""
    connection.execute(
        frames_table.insert().values(version_id=version, format=FRAME_FORMAT, frame=_blob_from_frame(dataset, frame))
    )


def _write_missing_frames(connection: Connection) -> None:
    """Schema step 3: a Parquet frame for every stored version that has none, made from its rows, one at a time."""
    missing = connection.execute(
        sa.select(versions_table.c.version_id, versions_table.c.dataset)
        .where(~sa.exists().where(frames_table.c.version_id == versions_table.c.version_id))
        .order_by(versions_table.c.version_id)
    ).all()
    for version, dataset in missing:
        if dataset in DATASETS:  # a dataset this release no longer declares keeps its rows only
            rows = _with_model_dtypes(dataset, _read_rows(connection, data_tables[dataset], version))
            _insert_frame(connection, dataset, rows, version)


def _column_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A column as codes into its distinct plain Python values (int, float, str; None, at code -1, for missing).

    Rows are then built by indexing, chunk by chunk: neither a Python object per cell nor a full copy of the
    frame is made, and a column of a few distinct values costs one array of codes.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    plain = np.empty(len(uniques) + 1, dtype=object)
    # pandas-stubs: to_numpy's na_value may be None (pandas documents it); the stub allows scalars only.
    plain[:-1] = uniques.to_numpy(dtype=object, na_value=None).tolist() if len(uniques) else []  # type: ignore[call-overload]
    plain[-1] = None
    return np.asarray(codes), plain


def _records(frame: pd.DataFrame, version: int) -> Iterator[range]:
    """Positions of the rows to write as `version`, CHUNK_ROWS at a time in file order.

    Each backend turns a chunk into its own form; every write goes through here, so a fault test can stop
    a publish midway (tests/test_faults.py).
    """
    for start in range(0, len(frame), CHUNK_ROWS):
        yield range(start, min(start + CHUNK_ROWS, len(frame)))


def _inserted_id(result: sa.CursorResult) -> int:
    """The id an insert of one row created (SQLAlchemy types the key optional, for statements that insert none)."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _driver(connection: Connection) -> Any:
    """The DB-API connection under SQLAlchemy's (psycopg's or sqlite3's), for COPY and executemany."""
    driver = connection.connection.driver_connection
    assert driver is not None  # None only once the connection is closed
    return driver


def _bulk_insert(connection: Connection, table: sa.Table, frame: pd.DataFrame, version: int) -> None:
    """Insert a version's rows: COPY on PostgreSQL (CSV written by pyarrow), the driver's executemany elsewhere."""
    names = [c.name for c in table.columns]
    columns = ", ".join(f'"{name}"' for name in names)
    if connection.dialect.name == "postgresql":
        # pyarrow writes numbers as their shortest exact text and quotes every string, so that an empty string
        # stays apart from NULL (unquoted empty) as COPY ... (FORMAT CSV) reads them.
        arrays = [pa.array(frame[name], from_pandas=True) for name in frame.columns]
        rows = pa.table([pa.array(np.full(len(frame), version, dtype=np.int64)), *arrays], names=names)
        options = pa_csv.WriteOptions(include_header=False, quoting_style="needed")
        driver = _driver(connection)
        with driver.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN (FORMAT CSV)') as copy:
            for chunk in _records(frame, version):
                buffer = io.BytesIO()
                pa_csv.write_csv(rows.slice(chunk.start, len(chunk)), buffer, options)
                copy.write(buffer.getvalue())
        return
    # Cells as plain Python values (None for missing), built chunk by chunk from each column's distinct values,
    # straight to the DBAPI cursor (inside the same transaction), as many rows per statement as SQLite binds: sqlite3
    # spends more on each statement it steps than on each value it binds (1M claim rows: 3.6 s, not 6 s, of CPU).
    # The version is written into the statement (an int), not bound on every row.
    coded = [_column_codes(frame[name]) for name in frame.columns]
    width = len(coded)
    row = f"({int(version)}{', ?' * width})"
    per_statement = max(1, SQLITE_MAX_PARAMETERS // max(width, 1))

    def statement(rows: int) -> str:
        return f'INSERT INTO "{table.name}" ({columns}) VALUES {", ".join([row] * rows)}'

    cursor = _driver(connection).cursor()
    try:
        for chunk in _records(frame, version):
            cells = np.empty((len(chunk), width), dtype=object)  # row by row, as the statements take them
            for position, (codes, plain) in enumerate(coded):
                cells[:, position] = plain[codes[chunk.start : chunk.stop]]
            flat = cells.ravel().tolist()
            whole, step = len(chunk) // per_statement, per_statement * width
            if whole:
                cursor.executemany(
                    statement(per_statement), (flat[at : at + step] for at in range(0, whole * step, step))
                )
            if rest := len(chunk) - whole * per_statement:
                cursor.execute(statement(rest), flat[whole * step :])
    finally:
        cursor.close()


def _read_rows(connection: Connection, table: sa.Table, version: int) -> pd.DataFrame:
    """One version's rows as a frame with the model's dtypes, read column-wise through the driver.

    PostgreSQL streams them with COPY ... TO STDOUT as CSV into pyarrow (NULL is unquoted empty, an empty
    string is quoted, so the two stay apart); SQLite hands back tuples, turned into columns once.
    """
    names = [c.name for c in table.columns if c.name != "version_id"]
    kinds = {c.name: sql_kind(c) for c in table.columns if c.name != "version_id"}
    select = (
        f'SELECT {", ".join(f"{chr(34)}{name}{chr(34)}" for name in names)} FROM "{table.name}" WHERE version_id = '
    )
    driver = _driver(connection)
    if connection.dialect.name == "postgresql":
        buffer = io.BytesIO()
        with driver.cursor() as cursor, cursor.copy(f"COPY ({select}{int(version)}) TO STDOUT (FORMAT CSV)") as copy:
            for block in copy:
                buffer.write(block)
        if not buffer.getvalue():  # a version with no rows: pyarrow refuses an empty CSV
            return pd.DataFrame({name: as_kind((), kinds[name]) for name in names})
        arrow_types = {"int": pa.int64(), "float": pa.float64(), "text": pa.large_string()}
        table_read = pa_csv.read_csv(
            io.BytesIO(buffer.getvalue()),
            read_options=pa_csv.ReadOptions(column_names=names),
            convert_options=pa_csv.ConvertOptions(
                column_types={name: arrow_types[kinds[name]] for name in names},
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=False,
            ),
        )
        return pd.DataFrame({name: as_kind(table_read.column(name), kinds[name]) for name in names})
    cursor = driver.cursor()
    try:
        cursor.execute(f"{select}?", (version,))
        rows = cursor.fetchall()
    finally:
        cursor.close()
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return pd.DataFrame({name: as_kind(values, kinds[name]) for name, values in zip(names, columns, strict=True)})

"""The one path from a file to a published version, shared by the Data page and the command line."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from mirps_dash.changes import Changes, compare_versions
from mirps_dash.export import to_csv_bytes, to_template, to_xlsx_bytes
from mirps_dash.ingest import read_table
from mirps_dash.schema import DATASETS, SEED_ORDER
from mirps_dash.store import PublishConflict, Store
from mirps_dash.validate import Report, validate_table

MODES = ("update", "replace")
Progress = Callable[[str, float], None]  # (step name, fraction done 0-1), for a progress bar

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
SEED_ACTOR = "seed"


def _no_progress(_step: str, _fraction: float) -> None:
    return None


def check_file(store: Store, dataset: str, data: bytes, sheet: str | None = None,
               on_step: Progress = _no_progress) -> Report:
    """Read and validate a file against the current offices and sources."""
    on_step("reading", 0.05)
    raw = read_table(dataset, data, sheet)
    on_step("checking", 0.35)
    offices = store.load("offices") if dataset == "claims" and store.current_version("offices") else None
    sources = store.load("sources") if dataset != "sources" and store.current_version("sources") else None
    return validate_table(dataset, raw, offices=offices, sources=sources)


def merge_update(current: pd.DataFrame, incoming: pd.DataFrame, key: tuple[str, ...]) -> pd.DataFrame:
    """Rows of `incoming` replace or join those of `current` with the same key; all other rows stay."""
    if current.empty:
        return incoming.reset_index(drop=True)
    key_list = list(key)
    incoming_keys = pd.MultiIndex.from_frame(incoming[key_list].astype(str))
    kept = current[~pd.MultiIndex.from_frame(current[key_list].astype(str)).isin(incoming_keys)]
    return pd.concat([kept, incoming], ignore_index=True)


def next_frame(store: Store, dataset: str, incoming: pd.DataFrame, mode: str) -> tuple[pd.DataFrame, int | None]:
    """What the dataset would hold after publishing `incoming` ('update' merges, 'replace' swaps), and its base."""
    base = store.current_version(dataset)
    if mode == "replace" or base is None:
        return incoming.reset_index(drop=True), base
    return merge_update(store.load(dataset, base), incoming, DATASETS[dataset].key), base


@dataclass
class PublishResult:
    """A report, and the new version id when the file was valid and published."""

    report: Report
    version: int | None


@dataclass
class Preview:
    """A checked file and, when valid, what each mode would publish, computed against version `base`."""

    dataset: str
    file_name: str
    sha256: str
    report: Report
    base: int | None
    base_rows: int = 0  # rows of version `base`
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)  # mode -> the dataset after publishing
    changes: dict[str, Changes] = field(default_factory=dict)  # mode -> what that changes against `base`


def preview_file(store: Store, dataset: str, data: bytes, *, file_name: str, sheet: str | None = None,
                 on_step: Progress = _no_progress) -> Preview:
    """Validate a file and, when valid, compute what 'update' and 'replace' would each make of the dataset."""
    base = store.current_version(dataset)
    report = check_file(store, dataset, data, sheet, on_step)
    preview = Preview(dataset, file_name, hashlib.sha256(data).hexdigest(), report, base)
    if not report.ok:
        on_step("done", 1.0)
        return preview
    on_step("comparing", 0.7)
    current = store.load(dataset, base) if base is not None else report.frame.iloc[:0]
    preview.base_rows = len(current)
    for mode in MODES:
        frame = merge_update(current, report.frame, DATASETS[dataset].key) if mode == "update" else report.frame.reset_index(drop=True)
        preview.frames[mode] = frame
        preview.changes[mode] = compare_versions(current, frame, dataset)
    on_step("done", 1.0)
    return preview


def publish_preview(store: Store, preview: Preview, mode: str, *, by: str) -> int:
    """Publish exactly what the preview showed for `mode`, in one transaction.

    Raises PublishConflict when the dataset moved since the preview was computed (another publish or a
    rollback): the preview is then out of date and nothing is written.
    """
    report = preview.report
    return store.publish(
        preview.dataset, preview.frames[mode], by=by, expected_version=preview.base, file_name=preview.file_name,
        sha256=preview.sha256, encoding=report.encoding, mode=mode, report=report.summary(),
    )


def publish_file(store: Store, dataset: str, data: bytes, *, file_name: str, by: str, mode: str = "update",
                 sheet: str | None = None, expected_version: int | None = None) -> PublishResult:
    """Validate a file and, when it is valid, publish it as a new version in one transaction.

    `expected_version` is the version a preview was computed against; by default the current one.
    """
    report = check_file(store, dataset, data, sheet)
    if not report.ok:
        return PublishResult(report, None)
    frame, base = next_frame(store, dataset, report.frame, mode)
    if expected_version is not None and expected_version != base:
        raise PublishConflict(f"{dataset}: current version is {base}, not {expected_version}")
    version = store.publish(
        dataset, frame, by=by, expected_version=base if expected_version is None else expected_version,
        file_name=file_name, sha256=hashlib.sha256(data).hexdigest(), encoding=report.encoding, mode=mode,
        report=report.summary(),
    )
    return PublishResult(report, version)


def rollback(store: Store, dataset: str, version: int | None, *, by: str) -> int:
    """Make an earlier version current again, recording who did it (the Data page and the CLI)."""
    return store.rollback(dataset, version, by=by)


def version_file(store: Store, dataset: str, version: int | None, fmt: str = "csv") -> bytes:
    """One version of a dataset in its template columns, as CSV or XLSX bytes (download and export)."""
    frame = to_template(dataset, store.load(dataset, version))
    return to_xlsx_bytes(frame) if fmt == "xlsx" else to_csv_bytes(frame)


def version_history(store: Store, dataset: str) -> pd.DataFrame:
    """Every version, newest first: id, when, who, file, rows, mode, current (for the history table)."""
    columns = ["version_id", "created_at", "created_by", "file_name", "row_count", "mode", "is_current"]
    return store.versions(dataset)[columns]


def ensure_seeded(store: Store, data_dir: Path = DATA_DIR) -> list[str]:
    """Create the tables and publish data/<dataset>.csv for every dataset that has no version yet.

    Idempotent: a second call changes nothing. Returns the datasets it seeded.
    """
    store.create_schema()
    missing = [name for name in SEED_ORDER if name not in store.current_versions()]
    seeded = []
    for name in missing:
        path = data_dir / f"{name}.csv"
        try:
            result = publish_file(store, name, path.read_bytes(), file_name=path.name, by=SEED_ACTOR, mode="replace")
        except PublishConflict:
            continue  # another process seeded it at the same moment
        if result.version is None:
            raise ValueError(f"shipped file {path} is invalid: {result.report.errors[:5]}")
        seeded.append(name)
    return seeded

"""The one path from a file to a published version, shared by the Data page and the command line."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from mirps_dash.ingest import read_table
from mirps_dash.schema import DATASETS, SEED_ORDER
from mirps_dash.store import PublishConflict, Store
from mirps_dash.validate import Report, validate_table

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
SEED_ACTOR = "seed"


def check_file(store: Store, dataset: str, data: bytes, sheet: str | None = None) -> Report:
    """Read and validate a file against the current offices and sources."""
    offices = store.load("offices") if dataset == "claims" else None
    sources = store.load("sources") if dataset != "sources" and store.current_version("sources") else None
    return validate_table(dataset, read_table(dataset, data, sheet), offices=offices, sources=sources)


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
        dataset, frame, by=by, expected_version=base, file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(), encoding=report.encoding, mode=mode, report=report.summary(),
    )
    return PublishResult(report, version)


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

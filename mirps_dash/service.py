"""The one path from a file to a published version, shared by the Data page and the command line."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path

import pandas as pd

from mirps_dash.changes import Changes, compare_versions
from mirps_dash.export import to_csv_bytes, to_template, to_xlsx_bytes
from mirps_dash.ingest import read_table
from mirps_dash.schema import DATASETS, SEED_ORDER
from mirps_dash.store import PublishConflict, SourceIdTaken, SourcesInUse, Store
from mirps_dash.upload import (
    NewSource,
    UploadChoice,
    apply_choice,
    chosen_unit,
    describe_ids,
    needs_source,
    source_label,
    used,
)
from mirps_dash.validate import Report, links_in_source_column, validate_table
from mirps_dash.views.common import CHANGED_DATASETS, DERIVED_FRAMES, derived_inputs, derived_recipe

MODES = ("update", "replace")
Progress = Callable[[str, float], None]  # (step name, fraction done 0-1), for a progress bar

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
SEED_ACTOR = "seed"
_LOG = logging.getLogger(__name__)

# Called with no argument after every publish, rollback or new source made in this process (ui's warm-up
# registers one to make the new version's default views at once; other processes notice it by polling).
_PUBLISH_LISTENERS: list[Callable[[], None]] = []


def on_publish(listener: Callable[[], None]) -> None:
    """Call `listener()` after each new version this process makes (once, however often it is registered)."""
    if listener not in _PUBLISH_LISTENERS:
        _PUBLISH_LISTENERS.append(listener)


FrameOf = Callable[[str], pd.DataFrame]  # a derived frame of given versions, by its name
Load = Callable[[str, int], pd.DataFrame]  # a version of a dataset (`Store.load`, or a cache of it)


def save_derived_frames(
    store: Store, versions: Mapping[str, int] | None = None, frame_of: FrameOf | None = None, load: Load | None = None
) -> list[str]:
    """Store every derived frame (`views.DERIVED_FRAMES`) of these versions (the current ones by default) that
    the store lacks, so that each replica reads it at its next run instead of making it from the datasets (at
    100x about 1 s of a replica's first run after a publish). `frame_of(name)` gives the frame (the app passes
    its cached one); by default it is made here from the stored versions (read by `load`), exactly as a replica
    would make it. Returns the names stored."""
    versions = store.current_versions() if versions is None else versions
    recipe = derived_recipe()
    wanted = {name: inputs for name in DERIVED_FRAMES if (inputs := derived_inputs(name, versions)) is not None}
    missing = [name for name in wanted if name not in store.stored_derived(wanted, recipe)]
    if frame_of is None:
        read = cache(store.load) if load is None else load

        def frame_of(name: str) -> pd.DataFrame:
            make, inputs = DERIVED_FRAMES[name]
            return make(*(read(dataset, versions[dataset]) for dataset in inputs))

    return [name for name in missing if store.save_derived(name, wanted[name], recipe, frame_of(name))]


_CHANGE_PARTS = tuple(part.name for part in fields(Changes))  # added, removed, changed, figures


def _changes_key(dataset: str, part: str, old: int, new: int) -> tuple[str, dict[str, int]]:
    """Where a part of what `new` changed against `old` is stored (as a derived frame of both versions)."""
    return f"changes_{dataset}_{part}", {"from": old, "to": new}


def stored_changes(store: Store, dataset: str, old: int, new: int) -> Changes | None:
    """What version `new` of a dataset changed against `old` (`changes.compare_versions`), as `save_changes`
    stored it, or None when it is not stored whole."""
    recipe = derived_recipe()
    parts = {part: store.load_derived(*_changes_key(dataset, part, old, new), recipe) for part in _CHANGE_PARTS}
    found = {part: frame for part, frame in parts.items() if frame is not None}
    return Changes(**found) if len(found) == len(_CHANGE_PARTS) else None


MAX_STORED_CHANGE_ROWS = 100_000  # rows added, removed and changed: a larger change is compared where it is read


def save_changes(store: Store, versions: Mapping[str, int] | None = None, load: Load | None = None) -> list[str]:
    """Store what the current version of each dataset the Overview summarises changed against its parent, unless
    stored already: comparing two 1M-row versions took about 1 s of every replica's first Overview after a
    publish at 100x. A change of more than MAX_STORED_CHANGE_ROWS rows (a whole new table) is not stored: its
    parts would copy the table, and comparing and storing a 1M-row replacement took 8.7 s and 0.9 GB at publish
    (bench/ingest_bench.py); the Overview compares it as before. Returns the datasets whose changes it stored."""
    versions = store.current_versions() if versions is None else versions
    recipe, stored, read = derived_recipe(), [], store.load if load is None else load
    for dataset in (name for name in CHANGED_DATASETS if name in versions):
        history = store.versions(dataset)
        parent = history.loc[history["version_id"] == versions[dataset], "parent_version"]
        if parent.empty or pd.isna(parent.iloc[0]):
            continue
        old, new = int(parent.iloc[0]), versions[dataset]
        if stored_changes(store, dataset, old, new) is not None:
            continue
        before, after = read(dataset, old), read(dataset, new)
        if abs(len(after) - len(before)) > MAX_STORED_CHANGE_ROWS:  # at least that many rows added or removed
            continue
        changes = compare_versions(before, after, dataset)
        if len(changes.added) + len(changes.removed) + len(changes.changed) > MAX_STORED_CHANGE_ROWS:
            continue
        saved = [
            store.save_derived(*_changes_key(dataset, part, old, new), recipe, getattr(changes, part))
            for part in _CHANGE_PARTS
        ]
        if all(saved):
            stored.append(dataset)
    return stored


def _published(store: Store, version: int, *, derive: bool = True) -> int:
    """Store the new versions' derived frames and changes, then tell the listeners. None of it fails the publish
    that is already made: a failure is logged (replicas then make them, as they would without this)."""
    if derive:
        try:
            load = cache(store.load)  # each version read once for both
            save_derived_frames(store, load=load)
            save_changes(store, load=load)
        except Exception:
            _LOG.exception("derived frames of version %s not stored", version)
    for listener in list(_PUBLISH_LISTENERS):
        try:
            listener()
        except Exception:
            _LOG.exception("publish listener %r failed", listener)
    return version


def _no_progress(_step: str, _fraction: float) -> None:
    return None


@dataclass
class Checked:
    """A checked file, with what it lacked and what the staff's choice gave it."""

    report: Report
    needs_source: bool = False  # some row names no source: the staff choose the file's source
    source: str | None = None  # the source id those rows took
    new_source: NewSource | None = None  # created with the version, when the choice described one
    unit: str | None = None  # the unit rows without one took (None: every row names its own)
    notes: tuple[str, ...] = ()  # notes around the table ("Fuente: COMAR …"): offered as a new source's note


def check_upload(
    store: Store,
    dataset: str,
    data: bytes,
    sheet: str | None = None,
    on_step: Progress = _no_progress,
    choice: UploadChoice | None = None,
    *,
    year: int | None = None,
) -> Checked:
    """Read a file, give rows without a source or unit the staff's choice, and validate it.

    While a needed source is not chosen yet, the report holds that one problem and nothing else is checked.
    """
    on_step("reading", 0.05)
    raw = read_table(dataset, data, sheet, year=year)  # year: the staff's, for figures whose file names none
    raw = links_in_source_column(dataset, raw)  # a pledges "Fuente" of links names no source: ask for one
    sources = store.load("sources") if dataset != "sources" and store.current_version("sources") else None
    missing_source = needs_source(dataset, raw)
    filled = apply_choice(dataset, raw, choice, set(sources["source_id"]) if sources is not None else set())
    on_step("checking", 0.35)
    offices = store.load("offices") if dataset == "claims" and store.current_version("offices") else None
    new_source = choice.new_source if missing_source and choice is not None else None
    if new_source is not None:
        sources = new_source.frame() if sources is None else pd.concat([sources, new_source.frame()], ignore_index=True)
    report = validate_table(dataset, filled, offices=offices, sources=sources)
    return Checked(
        report,
        missing_source,
        choice.source_id if missing_source and choice is not None else None,
        new_source,
        chosen_unit(dataset, raw, choice),
        tuple(getattr(raw, "notes", ())),
    )


def check_file(
    store: Store,
    dataset: str,
    data: bytes,
    sheet: str | None = None,
    on_step: Progress = _no_progress,
    choice: UploadChoice | None = None,
    *,
    year: int | None = None,
) -> Report:
    """Read and validate a file against the current offices and sources (rows without a source take the choice's)."""
    return check_upload(store, dataset, data, sheet, on_step, choice, year=year).report


def version_report(checked: Checked) -> dict:
    """What the version log keeps: the report's counts, and the source(s) and unit(s) the file's rows used."""
    frame = checked.report.frame
    return {
        **checked.report.summary(),
        "sources": used(frame, "source"),
        "units": used(frame, "unit"),
        "chosen_source": checked.source,
        "new_source": checked.new_source.source_id if checked.new_source else None,
        "chosen_unit": checked.unit,
    }


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
    checked: Checked | None = None  # what the file lacked and the source and unit its rows took

    @property
    def needs_source(self) -> bool:
        """True when some row names no source and none is chosen yet: ask before the preview."""
        return self.checked is not None and self.checked.needs_source and self.checked.source is None


def preview_file(
    store: Store,
    dataset: str,
    data: bytes,
    *,
    file_name: str,
    sheet: str | None = None,
    on_step: Progress = _no_progress,
    choice: UploadChoice | None = None,
    year: int | None = None,
) -> Preview:
    """Validate a file and, when valid, compute what 'update' and 'replace' would each make of the dataset."""
    base = store.current_version(dataset)
    checked = check_upload(store, dataset, data, sheet, on_step, choice, year=year)
    report = checked.report
    preview = Preview(dataset, file_name, hashlib.sha256(data).hexdigest(), report, base, checked=checked)
    if not report.ok:
        on_step("done", 1.0)
        return preview
    on_step("comparing", 0.7)
    current = store.load(dataset, base) if base is not None else report.frame.iloc[:0]
    preview.base_rows = len(current)
    for mode in MODES:
        frame = (
            merge_update(current, report.frame, DATASETS[dataset].key)
            if mode == "update"
            else report.frame.reset_index(drop=True)
        )
        preview.frames[mode] = frame
        preview.changes[mode] = compare_versions(current, frame, dataset)
    on_step("done", 1.0)
    return preview


def choice_lines(preview: Preview, sources: pd.DataFrame, lang: str) -> list[str]:
    """What the preview names beside the changes: the source of the rows without one (or the file's own
    sources), and the unit of claims and decisions."""
    from mirps_dash.i18n import t

    checked, frame = preview.checked, preview.report.frame
    lines = []
    if checked is not None and checked.new_source is not None:
        lines.append(t("data_choice_source", lang, label=source_label(checked.new_source)))
    elif checked is not None and checked.source is not None:
        known = sources.set_index("source_id", drop=False)
        label = source_label(known.loc[checked.source]) if checked.source in known.index else checked.source
        lines.append(t("data_choice_source", lang, label=label))
    elif "source" in frame:
        lines.append(t("data_choice_source_file", lang, sources=describe_ids(used(frame, "source"))))
    if DATASETS[preview.dataset].has_unit:
        lines.append(
            t("data_choice_unit", lang, unit=", ".join(t(f"unit_{unit}", lang) for unit in used(frame, "unit")))
        )
    return lines


def publish_preview(store: Store, preview: Preview, mode: str, *, by: str) -> int:
    """Publish exactly what the preview showed for `mode`, in one transaction.

    Raises PublishConflict when the dataset moved since the preview was computed (another publish or a
    rollback): the preview is then out of date and nothing is written.
    """
    report, checked = preview.report, preview.checked or Checked(preview.report)
    version = store.publish(
        preview.dataset,
        preview.frames[mode],
        by=by,
        expected_version=preview.base,
        file_name=preview.file_name,
        sha256=preview.sha256,
        encoding=report.encoding,
        mode=mode,
        report=version_report(checked),
        new_sources=checked.new_source.frame() if checked.new_source else None,
    )
    return _published(store, version)


def publish_file(
    store: Store,
    dataset: str,
    data: bytes,
    *,
    file_name: str,
    by: str,
    mode: str = "update",
    sheet: str | None = None,
    expected_version: int | None = None,
    choice: UploadChoice | None = None,
    year: int | None = None,
    derive: bool = True,
) -> PublishResult:
    """Validate a file and, when it is valid, publish it as a new version in one transaction.

    `expected_version` is the version a preview was computed against; by default the current one. A new
    source in `choice` is created in the same transaction. Its derived frames are then stored
    (`save_derived_frames`) unless `derive` is False (seeding, which publishes one dataset after another:
    the warm-up of the first process to show them stores them).
    """
    checked = check_upload(store, dataset, data, sheet, choice=choice, year=year)
    report = checked.report
    if not report.ok:
        return PublishResult(report, None)
    frame, base = next_frame(store, dataset, report.frame, mode)
    if expected_version is not None and expected_version != base:
        raise PublishConflict(f"{dataset}: current version is {base}, not {expected_version}")
    version = store.publish(
        dataset,
        frame,
        by=by,
        expected_version=base if expected_version is None else expected_version,
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=report.encoding,
        mode=mode,
        report=version_report(checked),
        new_sources=checked.new_source.frame() if checked.new_source else None,
    )
    return PublishResult(report, _published(store, version, derive=derive))


def add_source(store: Store, source: NewSource, *, by: str) -> int:
    """Publish one described source on its own (the command line's `sources add`); returns the version."""
    base = store.current_version("sources")
    current = store.load("sources", base) if base is not None else source.frame().iloc[:0]
    if source.source_id in set(current["source_id"]):
        raise SourceIdTaken([source.source_id])
    frame = pd.concat([current, source.frame()], ignore_index=True)
    version = store.publish(
        "sources",
        frame,
        by=by,
        expected_version=base,
        file_name="",
        mode="update",
        report={"rows": len(frame), "added": [source.source_id]},
    )
    return _published(store, version)


def source_ids(store: Store) -> set[str]:
    """Ids of the current sources (a new source's id must differ from these)."""
    return set(store.load("sources")["source_id"]) if store.current_version("sources") is not None else set()


def sources_in_use_message(error: SourcesInUse, lang: str) -> str:
    """Why a publish or rollback of `sources` was refused: each dataset and the source ids it still cites."""
    from mirps_dash.i18n import t

    uses = "; ".join(
        t("data_sources_in_use_by", lang, dataset=t(f"dataset_{name}", lang), ids=", ".join(ids))
        for name, ids in error.used.items()
    )
    return t("data_sources_in_use", lang, sources=t("dataset_sources", lang), uses=uses)


def rollback(store: Store, dataset: str, version: int | None, *, by: str) -> int:
    """Make an earlier version current again, recording who did it (the Data page and the CLI)."""
    return _published(store, store.rollback(dataset, version, by=by))


def version_file(store: Store, dataset: str, version: int | None, fmt: str = "csv") -> bytes:
    """One version of a dataset in its template columns, as CSV or XLSX bytes (download and export)."""
    frame = to_template(dataset, store.load(dataset, version))
    return to_xlsx_bytes(frame) if fmt == "xlsx" else to_csv_bytes(frame)


def version_provenance(report_json: str) -> tuple[str, str]:
    """The source(s) and unit(s) a version's rows used, as its report recorded them ('' for older versions);
    for `sources`, the sources it added."""
    try:
        report = json.loads(report_json or "{}")
    except ValueError:
        report = {}
    return describe_ids(list(report.get("sources") or report.get("added") or [])), ", ".join(report.get("units") or [])


def version_history(store: Store, dataset: str) -> pd.DataFrame:
    """Every version, newest first: id, when, who, file, rows, mode, source(s), unit(s), current."""
    versions = store.versions(dataset)
    provenance = [version_provenance(text) for text in versions["report"]]
    versions["sources"] = pd.Series([p[0] for p in provenance], index=versions.index, dtype="str")
    versions["units"] = pd.Series([p[1] for p in provenance], index=versions.index, dtype="str")
    columns = [
        "version_id",
        "created_at",
        "created_by",
        "file_name",
        "row_count",
        "mode",
        "sources",
        "units",
        "is_current",
    ]
    return versions[columns]


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
            data = path.read_bytes()
            result = publish_file(store, name, data, file_name=path.name, by=SEED_ACTOR, mode="replace", derive=False)
        except PublishConflict:
            continue  # another process seeded it at the same moment
        if result.version is None:
            raise ValueError(f"shipped file {path} is invalid: {result.report.errors[:5]}")
        seeded.append(name)
    return seeded

"""The changes proposed for ingest/validate (owned elsewhere), measured here without editing those modules.

Each function gives the same result as the one it stands for (tests/test_bench_tools.py checks that on a
synthetic file with bad rows); `patched()` swaps them in for one bench process (case `publish-proposed`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Iterator

import pandas as pd

from mirps_dash import ingest, validate
from mirps_dash.codes import TOTAL
from mirps_dash.ingest import Problem, RawTable


def reconcile_office_state(out: pd.DataFrame, frame: pd.DataFrame, rows: list[int], offices: pd.DataFrame) -> list[Problem]:
    """validate.reconcile_office_state, column-wise: map office -> state once instead of `.at` per row."""
    office_state = dict(zip(offices["office_id"], offices["state"], strict=True))
    has_office = out["office"].notna() & (out["office"] != TOTAL)
    expected = out["office"].map(office_state)
    state = out["state"]
    fill = has_office & (state == TOTAL)
    mismatch = has_office & ~fill & state.map(lambda value: value is not None) & (state != expected)
    if fill.any():
        out.loc[fill, "state"] = expected[fill]
    return [Problem(rows[position], "state", frame.loc[position, "state"], "office_state_mismatch",
                    {"office": out.at[position, "office"], "expected": expected[position]})
            for position in out.index[mismatch]]


def personal_data_problems(dataset, frame: pd.DataFrame, rows: list[int]) -> list[Problem]:
    """validate.personal_data_problems, searching each distinct text once (a 1M-row file has a handful)."""
    original = _ORIGINALS["personal_data_problems"]
    problems = []
    free_text = [c for c in frame.columns if c not in dataset.kinds and c not in ("period", "source_url", "url")]
    for column in free_text:
        texts = frame[column]
        distinct = pd.DataFrame({column: texts.drop_duplicates()})
        flagged = original(dataset, distinct.reset_index(drop=True), list(range(len(distinct))))
        bad = {problem.value for problem in flagged}
        if not bad:
            continue
        kinds = {}
        for problem in flagged:
            kinds.setdefault(problem.value, []).append(problem.params["kind"])
        order = ("curp", "email", "phone", "passport")
        for kind in order:
            for position in texts.index[texts.isin([v for v in bad if kind in kinds[v]])]:
                problems.append(Problem(rows[position], column, texts.loc[position], "personal_data", {"kind": kind}))
    return problems


def read_table(dataset_name: str, data: bytes, sheet: str | None = None) -> RawTable:
    """ingest.read_table with pandas' C parser for a clean CSV; anything unusual goes the original way.

    Clean means: UTF-8, no quote character, every non-blank line with as many cells as the widest (so no
    ragged rows) — then the text table is the same as the csv-module path gives.
    """
    original = _ORIGINALS["read_table"]
    if ingest.is_xlsx(data) or data.startswith(b"\xef\xbb\xbf") or len(data) / 1024 / 1024 > ingest.MAX_UPLOAD_MB:
        return original(dataset_name, data, sheet)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return original(dataset_name, data, sheet)
    if '"' in text:
        return original(dataset_name, data, sheet)
    delimiter = ingest.sniff_delimiter(text)
    lines = pd.Series(text.replace("\r\n", "\n").split("\n"), dtype="str")
    widths = lines[lines.str.strip() != ""].str.count(re.escape(delimiter))
    if widths.nunique() > 1:
        return original(dataset_name, data, sheet)  # ragged rows: the original names each one
    try:
        cells = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, dtype=str, keep_default_na=False,
                            na_values=[], skip_blank_lines=False, quoting=csv.QUOTE_MINIMAL, engine="c")
    except (pd.errors.ParserError, ValueError):
        return original(dataset_name, data, sheet)
    if cells.isna().any().any() or text.count('"') % 2:
        return original(dataset_name, data, sheet)  # short rows or odd quotes: let the original name them
    dataset = ingest.DATASETS[dataset_name]
    lookup = ingest.header_lookup(dataset)
    head = [list(row) for row in cells.head(30).itertuples(index=False, name=None)]
    header_index = ingest.find_header(head, lookup)
    problems: list[Problem] = []
    # Reuse the original header mapping on the header and one data row, then apply it column-wise.
    probe = ingest.build_table(dataset, [head[header_index]], 0, lookup, "utf-8", delimiter, "", problems)
    problems = [p for p in problems if p.code != "no_rows"]
    header = [str(cell).strip() for cell in head[header_index]]
    while header and not header[-1]:
        header.pop()
    body = cells.iloc[header_index + 1 :]
    wide = body.iloc[:, len(header) :]
    if not wide.empty and (wide.apply(lambda column: column.str.strip()) != "").any().any():
        return original(dataset_name, data, sheet)  # extra cells: ragged rows, named by the original
    blank = (body.apply(lambda column: column.str.strip()) == "").all(axis=1)
    body = body[~blank]
    columns = {}
    for position, name in enumerate(probe.frame.columns):
        source = _header_position(header, lookup, name, dataset)
        columns[name] = body.iloc[:, source].str.strip().astype("str").reset_index(drop=True)
        del position
    frame = pd.DataFrame(columns) if columns else pd.DataFrame(columns=list(probe.frame.columns), dtype="str")
    rows = (body.index + 1).tolist()
    if not rows:
        problems.append(Problem(None, None, "", "no_rows"))
    return RawTable(frame, rows, "utf-8", delimiter, "", problems)


def _header_position(header: list[str], lookup: dict[str, str], name: str, dataset) -> int:
    seen = []
    for position, cell in enumerate(header):
        column = lookup.get(ingest.fold(cell))
        if column == name and column not in seen:
            return position
        seen.append(column)
    raise KeyError(name)


_ORIGINALS = {"personal_data_problems": validate.personal_data_problems, "read_table": ingest.read_table,
              "reconcile_office_state": validate.reconcile_office_state}


@contextlib.contextmanager
def patched() -> Iterator[None]:
    """The proposed functions in place of the originals, for the duration of the block."""
    validate.reconcile_office_state = reconcile_office_state
    validate.personal_data_problems = personal_data_problems
    try:
        yield
    finally:
        validate.reconcile_office_state = _ORIGINALS["reconcile_office_state"]
        validate.personal_data_problems = _ORIGINALS["personal_data_problems"]

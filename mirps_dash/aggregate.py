"""The one aggregation rule: a figure for (release, unit, period, breakdown) from rows that overlap.

Published tables are marginal (claims by nationality for the country, claims by office for all
nationalities), so a figure is never a sum across levels, releases, units or periods. Every page, the
upload preview and "what changed" take their figures from `figures`; pure pandas, no streamlit.

API
---
``DIMENSIONS = ("state", "office", "nationality", "sex", "age_group")``
    The breakdown columns of claims (refugees have only ``nationality``; a missing column is all ``_T``).

``figures(rows, value, by=(), *, offices=None, where=None) -> DataFrame``
    ``rows``: canonical rows of ONE dataset, one row per cell (indicators: one indicator at a time; a
    ValueError otherwise). ``value``: the column to read ("claims", "refugees", ...). ``where``: booleans
    marking the rows to read, as ``figures(rows[where], ...)`` without the copy (each column of a frame is
    turned into integer codes once, and every call on the same frame reuses them: a 1M-row frame's derived
    frames cost a few numpy passes each, not a hash of every string per call).
    ``by``: the breakdown asked for (a subset of DIMENSIONS; () is the national figure).
    One row per (source, unit, period_start, period_end, *by) with columns
    ``source, unit, period_start, period_end, *by, <value>, basis, level, parts, covers, approx``
    (plus ``state`` when ``office`` is in ``by``):

    - ``basis`` 'total': the release's own row, ``_T`` on every dimension not in ``by``; ``level`` is ''.
    - ``basis`` 'sum': the sum of the release's rows of exactly ONE finer published table that covers it.
      ``level`` names that table: the dimensions outside ``by`` its rows are broken down on, joined by '+'
      ('office', 'nationality', 'office+nationality+sex' for a cube). ``parts`` are the codes of the
      table's first dimension (the offices summed, the nationalities summed), sorted.
    - ``basis`` 'partial': the same, from a table that does not cover it; ``parts`` and ``covers`` then
      name the first dimension that falls short: what there is, and what a full sum would need (the open
      offices, ('_O',), ('F', 'M'), ...; () when that cannot be known).

    - ``approx``: '' for an exact figure; the source's wording for a rounded one ('about', 'over', 'under'),
      'about' for a sum with a rounded part.

    Never summed: a total with its parts, two tables (levels), two releases (sources), two units, two
    periods (each distinct (period_start, period_end) is its own period: Jan–Aug is never added to months).

Coverage (when a sum is a 'sum' rather than 'partial'):

- offices of a state (``by`` has ``state``): every office of that state open in the period is there.
  Open = ``year_opened`` missing (no source rules it out) or not after the period's end year. Without
  ``offices``, an office sum is 'partial'.
- national from offices: every open office is there; national from states (rows with ``office`` _T):
  every state that has an open office is there.
- nationality: only when the rows include ``_O`` ("others"); a list of named countries is 'partial',
  except in a release declared in ``COMPLETE_BY_NATIONALITY`` (its national rows list every country of
  origin, unknown included, so their sum is the national figure: 'sum', labelled "sum of the nationalities
  in the release").
- sex: F and M both there.
- age: children (0-17, or 0-4 + 5-11 + 12-17) and adults (18+, or 18-59 + 60+). Where both a band and
  its sub-bands exist, the wider band is summed and its sub-bands left out (they overlap).

A table covers when each of its dimensions does. Choice when a release has no total: the covering
table with the fewest dimensions (then in ``LEVEL_ORDER`` of its first); else the partial table with
the largest sum (a partial sum can only be short of the truth).

Sex and age rows: when ``sex`` / ``age_group`` is not in ``by``, a table broken down by them is read
only as that one table, for a figure the release gives no total or coarser covering table for; sex
and age rows are never added to a total or to another table.

``national_total(rows, value, source, period_start, period_end) -> pd.Series | None``
    The national figure (one row of ``figures(..., by=())``) of one release and period, persons first.

``breakdown_of(rows) -> pd.Series``
    Each row's breakdown: the tuple of dimensions it is not ``_T`` on (office implies state, so an
    office row is ("office",)). The distinct values are the breakdowns a release published.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from math import isnan
from typing import TypeVar, cast

import numpy as np
import pandas as pd

from mirps_dash.codes import OTHERS, TOTAL

DIMENSIONS = ("state", "office", "nationality", "sex", "age_group")
KEY = ("source", "unit", "period_start", "period_end")
LEVEL_ORDER = ("office", "state", "nationality", "sex", "age_group")
CHILD_FINE, CHILD_WIDE = ("0-4", "5-11", "12-17"), "0-17"
ADULT_FINE, ADULT_WIDE = ("18-59", "60+"), "18+"
COLUMNS = ("basis", "level", "parts", "covers", "approx")
UNHCR_SOURCE = "unhcr-stats"
# Releases whose national rows by nationality list every country of origin (unknown and stateless included) and
# no national total: UNHCR's Refugee Population Statistics (the `refugees` package) give one row per country of
# origin for Mexico. Their sum over nationalities is the national figure, not a partial one.
COMPLETE_BY_NATIONALITY = frozenset({UNHCR_SOURCE})
Made = TypeVar("Made")


def _dimension(rows: pd.DataFrame, name: str) -> pd.Series:
    """A breakdown column as text, all _T when the dataset has no such column."""
    if name in rows.columns:
        return rows[name].astype(str)
    return pd.Series(TOTAL, index=rows.index, dtype=str)


def breakdown_of(rows: pd.DataFrame) -> pd.Series:
    """Each row's breakdown: the dimensions it is broken down on (office implies its state)."""
    flags = {name: (_dimension(rows, name) != TOTAL).to_numpy(dtype=bool) for name in DIMENSIONS}
    flags["state"] = flags["state"] & ~flags["office"]
    broken = np.column_stack([flags[name] for name in DIMENSIONS])
    # each row's flags as one integer, named once per distinct integer (a tuple built per row cost 5 s at 1M rows)
    masks = broken.astype(np.int64) @ (1 << np.arange(len(DIMENSIONS), dtype=np.int64))
    distinct, inverse = np.unique(masks, return_inverse=True)
    names = np.empty(len(distinct), dtype=object)
    for position, mask in enumerate(distinct.tolist()):  # one by one: numpy would read a list of tuples as 2-D
        names[position] = tuple(name for i, name in enumerate(DIMENSIONS) if mask >> i & 1)
    return pd.Series(names[inverse.reshape(-1)], index=rows.index, dtype=object)


def _free_levels(by: tuple[str, ...]) -> tuple[str, ...]:
    """Dimensions a figure at `by` may be summed over (one of them at a time)."""
    if "office" in by:
        return tuple(d for d in ("nationality", "sex", "age_group") if d not in by)
    if "state" in by:
        return tuple(d for d in ("office", "nationality", "sex", "age_group") if d not in by)
    return tuple(d for d in DIMENSIONS if d not in by)


class _Codes:
    """A column as integer codes (one per row) and the values they stand for (`labels[code]`): rows are then
    picked, grouped and summed as integers, never as 1M strings."""

    def __init__(self, codes: np.ndarray, labels: np.ndarray) -> None:
        self.codes = codes.astype(np.min_scalar_type(-max(len(labels), 1)), copy=False)  # int8 for a few labels
        self.labels = labels
        self._index: dict[object, int] | None = None

    def code(self, label: str) -> int:
        """The code of `label`; -1 (no row's code) when no row has it."""
        if self._index is None:
            self._index = {label: i for i, label in reversed(list(enumerate(self.labels.tolist())))}
        return self._index.get(label, -1)

    def codes_of(self, labels: Iterable[str]) -> list[int]:
        return [self.code(label) for label in labels]


def _codes(column: pd.Series) -> _Codes:
    """Codes in order of first appearance; the labels as they are (a missing value is a label of its own)."""
    return _shared(column, "as is", lambda: _Codes(*_factorize(column)))


def _text_codes(column: pd.Series, missing: str | None = None) -> _Codes:
    """Codes of the values as text (`astype(str)`; a missing one is `missing`, or kept missing and last) in sorted
    order: a larger code is a later text, so a max or a sorted list of codes is one of texts."""

    def make() -> _Codes:
        codes, labels = _factorize(column)
        text = [missing if label is None or label is pd.NA or label != label else str(label) for label in labels]
        distinct = sorted(set(text), key=lambda label: (label is None, label or ""))
        rank = {label: i for i, label in enumerate(distinct)}
        return _Codes(np.array([rank[label] for label in text], dtype=np.int64)[codes], np.array(distinct, object))

    return _shared(column, f"text, missing {missing!r}", make)


def _factorize(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    codes, uniques = pd.factorize(column, use_na_sentinel=False)
    return codes, np.asarray(uniques, dtype=object)


def _constant(length: int, label: str) -> _Codes:
    """A column that is `label` on every row (a dimension the dataset does not have is all _T)."""
    return _Codes(np.zeros(length, dtype=np.int8), np.array([label], dtype=object))


class _Releases:
    """Each row's (source, unit, period_start, period_end) as one code (`ids`), and each code's codes of those
    columns (`table`): a figure's release, unit and period are grouped as one column."""

    def __init__(self, columns: list[_Codes]) -> None:
        ids, count = _group_ids([c.codes for c in columns], [len(c.labels) for c in columns])
        first = np.full(count, len(ids), dtype=np.int64)
        np.minimum.at(first, ids, np.arange(len(ids)))
        self.codes = _Codes(ids, np.arange(count))
        self.table = {name: column.codes[first] for name, column in zip(KEY, columns, strict=True)}


def _releases(rows: pd.DataFrame) -> _Releases:
    return _shared([rows[c] for c in KEY], "releases", lambda: _Releases([_codes(rows[c]) for c in KEY]))


def releases_of(rows: pd.DataFrame) -> pd.DataFrame:
    """Each distinct (source, unit, period_start, period_end) of `rows` once, in no set order: the releases,
    units and periods the rows hold (their codes are shared with `figures`, so on 1M rows this is a
    lookup, not a pass over a million strings)."""
    releases = _releases(rows)
    return pd.DataFrame({name: _codes(rows[name]).labels[releases.table[name]] for name in KEY})


# What `_codes`, `_text_codes` and `_releases` make of columns, by the identity of the columns' Arrow arrays: an
# Arrow array never changes (a column changed in place gets a new one), so what is made of it holds as long as it
# lives. The derived frames of one data version call `figures` several times over the same 1M rows (with
# `where`, not a filtered copy): each column is hashed once.
_SHARED: dict[tuple, tuple[list[weakref.ref], object]] = {}


def _shared(columns: pd.Series | list[pd.Series], kind: str, make: Callable[[], Made]) -> Made:
    arrays = [column.array for column in (columns if isinstance(columns, list) else [columns])]
    if not all(isinstance(array, pd.arrays.ArrowExtensionArray) for array in arrays):
        return make()  # a numpy-backed column: no identity to trust
    arrows = [array.__arrow_array__() for array in arrays]
    key = (*(id(arrow) for arrow in arrows), kind)
    found = _SHARED.get(key)
    if found is not None and all(ref() is arrow for ref, arrow in zip(found[0], arrows, strict=True)):
        return cast(Made, found[1])
    made = make()
    forget = lambda _, key=key: _SHARED.pop(key, None)  # noqa: E731  # gone with the first array that goes
    _SHARED[key] = ([weakref.ref(arrow, forget) for arrow in arrows], made)
    return made


def _amounts(column: pd.Series) -> np.ndarray:
    """The figures of a column with no missing value left to read, as a numpy array (integers stay exact)."""
    dtype = getattr(column.dtype, "numpy_dtype", None)  # a nullable integer or float column
    if dtype is not None:
        return column.to_numpy(dtype=dtype, na_value=0)
    return np.asarray(column)


def _group_ids(columns: list[np.ndarray], sizes: list[int]) -> tuple[np.ndarray, int]:
    """Each row's group (0..count-1, in the order of the combined codes) for the distinct combinations of its
    codes (column i holds codes below sizes[i]), and the count of groups: the codes are the digits of one integer,
    renumbered 0..count-1 whenever the next digit would make it too large to count its values."""
    limit = 4 * len(columns[0]) + 4096
    ids = np.zeros(len(columns[0]), dtype=np.int64)
    size, dense = 1, True
    for codes, radix in zip(columns, sizes, strict=True):
        if size * radix > limit and not dense:
            ids, size = _dense(ids, size, limit)
        ids = ids * radix + codes
        size, dense = size * radix, dense and radix == 1
    return (ids, size) if dense else _dense(ids, size, limit)


def _dense(ids: np.ndarray, size: int, limit: int) -> tuple[np.ndarray, int]:
    """`ids` (each below `size`) numbered 0..count-1 in the same order, and count: by counting when there are
    at most `limit` possible ids, else by hashing."""
    if size <= limit:
        seen = np.zeros(size, dtype=bool)
        seen[ids] = True
        distinct = np.flatnonzero(seen)
        rank = np.empty(size, dtype=np.int64)
        rank[distinct] = np.arange(len(distinct))
        return rank[ids], len(distinct)
    codes, uniques = pd.factorize(ids, sort=True)
    return codes.astype(np.int64, copy=False), len(uniques)


def _overlapping_ages(ages: np.ndarray, labels: _Codes, cell: np.ndarray, count: int) -> np.ndarray:
    """Rows that are sub-bands of a wider band their cell also has (they would count twice)."""
    overlapped = np.zeros(len(ages), dtype=bool)
    for wide, fine in ((CHILD_WIDE, CHILD_FINE), (ADULT_WIDE, ADULT_FINE)):
        has_wide = np.zeros(count, dtype=bool)
        has_wide[cell[ages == labels.code(wide)]] = True
        overlapped |= np.isin(ages, labels.codes_of(fine)) & has_wide[cell]
    return overlapped


def _office_years(offices: pd.DataFrame | None) -> list[tuple[str, str, float]] | None:
    """(office_id, state, year opened or NaN) of each office, read once per call; None when not known."""
    if offices is None:
        return None
    opened = pd.to_numeric(offices.get("year_opened", pd.Series(pd.NA, index=offices.index)), errors="coerce")
    years = pd.Series(opened, index=offices.index).astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    return list(zip(offices["office_id"].astype(str), offices["state"].astype(str), years.tolist(), strict=True))


def _open_offices(
    offices: list[tuple[str, str, float]] | None, end_year: int, state: str | None
) -> tuple[str, ...] | None:
    """Offices open by the end of `end_year` (in `state`, or all); None when the offices are not known.
    Open = no year opened known (no source rules it out) or not after `end_year`."""
    if offices is None:
        return None
    return tuple(sorted(o for o, s, opened in offices if (isnan(opened) or opened <= end_year) and state in (None, s)))


def _needed(level: str, key: dict, offices: list[tuple[str, str, float]] | None) -> tuple[str, ...] | None:
    """The parts a sum at `level` must have to cover its figure; None when that cannot be known."""
    end_year = int(str(key["period_end"])[:4])
    if level == "office":
        return _open_offices(offices, end_year, key.get("state"))
    if level == "state":
        open_ids = _open_offices(offices, end_year, None)
        if offices is None or open_ids is None:
            return None
        states = {o: s for o, s, _ in offices}
        return tuple(sorted({states[o] for o in open_ids}))
    if level == "nationality":
        return (OTHERS,)
    if level == "sex":
        return ("F", "M")
    return (CHILD_WIDE, ADULT_WIDE)  # age: stands for "children and adults", checked in _covers


def _sizes(columns: dict[str, _Codes], names: Iterable[str]) -> list[int]:
    return [len(columns[name].labels) for name in names]


def figures(
    rows: pd.DataFrame,
    value: str,
    by: Iterable[str] = (),
    *,
    offices: pd.DataFrame | None = None,
    where: np.ndarray | pd.Series | None = None,
) -> pd.DataFrame:
    """Figures at breakdown `by`, one per (release, unit, period, *by): its total, else one level's sum.
    `where`: the rows to read (booleans, one per row of `rows` in order), as `figures(rows[where], ...)` but
    without copying the rows: every call on the same frame reads the codes its columns already have."""
    by = tuple(by)
    unknown = [d for d in by if d not in DIMENSIONS]
    if unknown:
        raise ValueError(f"not a breakdown dimension: {unknown}")
    group = [*KEY, *by]
    office_state = "office" in by and "state" not in by  # keep the office's state beside it
    out_columns = [*group, *(["state"] if office_state else []), value, *COLUMNS]
    found = _read(rows, value, by, where)
    if found is None:
        return pd.DataFrame(columns=out_columns)
    columns, releases, cells, amounts = found
    grouped = ["release", *by]  # the figure's columns: KEY as one
    free = _free_levels(by)
    level = _levels(columns, cells, free)
    ages = (level & (1 << free.index("age_group"))) != 0 if "age_group" in free else np.zeros(len(level), bool)
    if ages.any() and np.isin(cells["age_group"][ages], columns["age_group"].codes_of((CHILD_WIDE, ADULT_WIDE))).any():
        # one cell of the table = every column but the age band; a cell with a wide band and its sub-bands
        cell_columns = [*grouped, *(d for d in DIMENSIONS if d != "age_group" and d not in by)]
        cell, count = _group_ids(
            [*(cells[c] for c in cell_columns), level], [*_sizes(columns, cell_columns), 2 ** len(free)]
        )
        keep = ~(ages & _overlapping_ages(cells["age_group"], columns["age_group"], cell, count))
        cells = {name: codes[keep] for name, codes in cells.items()}
        amounts, level, ages = amounts[keep], level[keep], ages[keep]
    # One candidate per (figure, level): its sum, its count of rows, its rounding and its first row.
    candidate, count = _group_ids([*(cells[c] for c in grouped), level], [*_sizes(columns, grouped), 2 ** len(free)])
    first = np.full(count, len(level), dtype=np.int64)
    np.minimum.at(first, candidate, np.arange(len(level)))
    sums = np.zeros(count, dtype=amounts.dtype)
    np.add.at(sums, candidate, amounts)
    rows_summed = np.bincount(candidate, minlength=count)
    rounding = np.zeros(count, dtype=np.int64)
    np.maximum.at(rounding, candidate, cells["approx"].astype(np.int64))
    levels = level[first]
    if ((levels == 0) & (rows_summed > 1)).any():  # e.g. several indicators: never add them up
        raise ValueError("rows hold more than one figure per cell: pass one dataset's rows (one indicator at a time)")
    # A figure the source rounds keeps its wording ("about", "over"); a sum with a rounded part is "about".
    approx = columns["approx"].labels[rounding]
    approx[(rows_summed > 1) & (approx != "")] = "about"
    figure, count = _group_ids([cells[c][first] for c in grouped], _sizes(columns, grouped))
    keys = {c: releases.table[c][cells["release"][first]] for c in KEY} | {d: cells[d][first] for d in by}
    chosen = np.full(count, -1, dtype=np.int64)
    chosen[figure[levels == 0]] = np.flatnonzero(levels == 0)  # a release's own total, where it has one
    basis: list[str] = ["total"] * count
    parts: list[tuple[str, ...]] = [()] * count
    covers: list[tuple[str, ...]] = [()] * count
    # the candidates of figures without a total, in the order their rows first appear (a table by age last)
    tried = np.lexsort((ages[first] * len(level) + first, figure))
    tried = tried[chosen[figure[tried]] < 0]
    if len(tried):
        sums_judged = _Sums(tried, figure, levels, sums, free, by, columns, keys)
        rows_judged = np.full(len(first), -1, dtype=np.int64)
        rows_judged[tried] = np.arange(len(tried))
        office_years = _office_years(offices)
        judged = rows_judged[candidate]  # each row's sum among those judged, -1 for a row of a total's figure
        every = bool((judged >= 0).all())
        for i, d in enumerate(free):
            at = (level & (1 << i)) != 0
            if not every:
                at &= judged >= 0
            whole = bool(at.all())  # a published cube: every row is at a level with every dimension
            sums_judged.judge(d, i, judged if whole else judged[at], cells[d] if whole else cells[d][at], office_years)
        best, best_basis, best_parts, best_covers = sums_judged.choose()
        chosen[figure[best]] = best
        for f, sum_basis, sum_parts, sum_covers in zip(
            figure[best].tolist(), best_basis, best_parts, best_covers, strict=True
        ):
            basis[f], parts[f], covers[f] = sum_basis, sum_parts, sum_covers
    out = {c: columns[c].labels[keys[c][chosen]] for c in group}
    if office_state:
        out["state"] = columns["state"].labels[cells["state"][first[chosen]]]
    names = [_level_name(free, c) for c in range(2 ** len(free))]
    out.update({value: sums[chosen], "basis": basis, "level": [names[c] for c in levels[chosen]], "parts": parts})
    out.update({"covers": covers, "approx": approx[chosen]})
    return pd.DataFrame({c: list(out[c]) for c in out_columns}).sort_values(group).reset_index(drop=True)


def rows_in_periods(rows: pd.DataFrame, keep: Callable[[str, str], bool]) -> np.ndarray:
    """Which rows' period (period_start, period_end) `keep` holds for, asked once per release and period, not
    per row (1M rows, a few hundred periods): a mask for `figures(..., where=)`."""
    releases = _releases(rows)
    starts, ends = (_codes(rows[c]).labels[releases.table[c]] for c in ("period_start", "period_end"))
    kept = np.array([keep(start, end) for start, end in zip(starts.tolist(), ends.tolist(), strict=True)], bool)
    return kept[releases.codes.codes] if len(kept) else np.zeros(len(rows), dtype=bool)


def _read(
    rows: pd.DataFrame, value: str, by: tuple[str, ...], where: np.ndarray | pd.Series | None
) -> tuple[dict[str, _Codes], _Releases, dict[str, np.ndarray], np.ndarray] | None:
    """The columns of `rows` as codes (KEY as one column, 'release'), and the codes and figures of the rows to
    read: those with a figure, in `where`, and not a total on a dimension of `by`. None when no row is left."""
    if value not in rows.columns or rows.empty:
        return None
    columns = {d: _text_codes(rows[d]) if d in rows.columns else _constant(len(rows), TOTAL) for d in DIMENSIONS}
    kept = rows[value].notna().to_numpy(dtype=bool, copy=True)
    if where is not None:
        kept &= np.asarray(where, dtype=bool)
    for d in by:
        kept &= columns[d].codes != columns[d].code(TOTAL)
    if not kept.any():
        return None
    releases = _releases(rows)
    columns.update({c: _codes(rows[c]) for c in KEY})
    columns["release"] = releases.codes
    columns["approx"] = (
        _text_codes(rows["approx"], missing="") if "approx" in rows.columns else _constant(len(rows), "")
    )
    read = [name for name in columns if name not in KEY]
    if kept.all():
        return columns, releases, {name: columns[name].codes for name in read}, _amounts(rows[value])
    return columns, releases, {name: columns[name].codes[kept] for name in read}, _amounts(rows[value])[kept]


def _levels(columns: dict[str, _Codes], cells: dict[str, np.ndarray], free: tuple[str, ...]) -> np.ndarray:
    """The level of each row as bits: bit i set when the row is broken down on free[i] (an office implies its
    state: a row by office is not one by state)."""
    broken = {d: cells[d] != columns[d].code(TOTAL) for d in free}
    if "state" in broken and "office" in broken:
        broken["state"] &= ~broken["office"]
    level = np.zeros(len(cells["release"]), dtype=np.int64)
    for i, d in enumerate(free):
        level |= broken[d].astype(np.int64) << i
    return level


def _level_name(free: tuple[str, ...], bits: int) -> str:
    """A level's name: its dimensions joined by '+' ('' for a total)."""
    return "+".join(d for i, d in enumerate(free) if bits >> i & 1)


class _Sums:
    """The sums of figures without a total, one per (figure, level), judged dimension by dimension: whether each
    covers its figure (`judge`), then one chosen per figure (`choose`). Vectorised over every figure at once."""

    def __init__(
        self,
        tried: np.ndarray,
        figure: np.ndarray,
        levels: np.ndarray,
        sums: np.ndarray,
        free: tuple[str, ...],
        by: tuple[str, ...],
        columns: dict[str, _Codes],
        keys: dict[str, np.ndarray],
    ) -> None:
        self.candidates, self.figure, self.levels, self.sums = tried, figure[tried], levels[tried], sums[tried]
        self.free, self.by, self.columns = free, by, columns
        self.keys = {c: codes[tried] for c, codes in keys.items()}
        self.covered = np.ones(len(tried), dtype=bool)
        self.short = np.full(len(tried), -1, dtype=np.int64)  # the first dimension that falls short
        self.parts: dict[int, np.ndarray] = {}  # by dimension: the labels each sum has (booleans per label)
        self.needs: dict[int, tuple[np.ndarray, list[tuple[str, ...]]]] = {}  # by dimension: what covering needs

    def judge(
        self, d: str, i: int, sums: np.ndarray, codes: np.ndarray, offices: list[tuple[str, str, float]] | None
    ) -> None:
        """Judge every sum at a level with dimension `d` (free[i]), from its rows' codes of `d` (`sums`: the
        sum each row is part of)."""
        column = self.columns[d]
        have = np.zeros((len(self.candidates), len(column.labels)), dtype=bool)
        have.ravel()[sums * len(column.labels) + codes] = True
        self.parts[i] = have
        needed, which = self._needed(d, offices)
        covered = np.ones(len(self.candidates), dtype=bool)
        if d == "age_group":  # children (0-17, or its sub-bands) and adults (18+, or its sub-bands)
            for wide, fine in ((CHILD_WIDE, CHILD_FINE), (ADULT_WIDE, ADULT_FINE)):
                covered &= _has(have, column, wide) | np.logical_and.reduce([_has(have, column, f) for f in fine])
        else:  # every part needed is there (and something is needed, and known)
            wanted = np.zeros((len(needed), len(column.labels)), dtype=bool)
            possible = np.zeros(len(needed), dtype=bool)
            for k, need in enumerate(needed):
                found = column.codes_of(need or ())
                wanted[k, [c for c in found if c >= 0]] = True
                possible[k] = bool(found) and min(found) >= 0  # no sum has a part no row has
            covered = possible[which] & ~(wanted[which] & ~have).any(axis=1)
        if d == "nationality":  # a release that lists every country of origin: its nationalities are the whole
            sources = self.columns["source"].labels[self.keys["source"]]
            complete = np.isin(sources, list(COMPLETE_BY_NATIONALITY)) & ~self._has_geography()
            covered |= complete
            which = np.where(complete, -1, which)  # -1: what covering needs is what there is
        self.needs[i] = (which, [tuple(need or ()) for need in needed])
        at = (self.levels >> i) & 1 == 1
        self.short[at & ~covered & (self.short < 0)] = i
        self.covered &= ~at | covered

    def _needed(
        self, d: str, offices: list[tuple[str, str, float]] | None
    ) -> tuple[list[tuple[str, ...] | None], np.ndarray]:
        """What covering needs, for each distinct (year, state) of the sums, and which of those each sum has."""
        if d not in ("office", "state"):
            return [_needed(d, {"period_end": "0000"}, offices)], np.zeros(len(self.candidates), dtype=np.int64)
        state = self.keys["state"] if "state" in self.keys else np.zeros(len(self.candidates), dtype=np.int64)
        years = np.array([int(str(end)[:4]) for end in self.columns["period_end"].labels])[self.keys["period_end"]]
        pairs, which = np.unique(np.stack([years, state.astype(np.int64)]), axis=1, return_inverse=True)
        needed = []
        for year, code in pairs.T.tolist():  # what covering needs depends on the year and the state only
            in_state = {"state": self.columns["state"].labels[code]} if "state" in self.keys else {}
            needed.append(_needed(d, {"period_end": str(year), **in_state}, offices))
        return needed, which.ravel()

    def _has_geography(self) -> np.ndarray:
        """Sums at a level by office or state, or of a figure by office or state."""
        if {"state", "office"} & set(self.by):
            return np.ones(len(self.candidates), dtype=bool)
        bits = sum(1 << i for i, d in enumerate(self.free) if d in ("state", "office"))
        return (self.levels & bits) != 0

    def choose(self) -> tuple[np.ndarray, list[str], list[tuple[str, ...]], list[tuple[str, ...]]]:
        """One sum per figure: the covering one with the fewest dimensions (then in LEVEL_ORDER of its first),
        else the largest partial one; ties go to the first tried. Its candidate id, basis, parts and covers."""
        table = [(bin(c).count("1"), _first_rank(self.free, c)) for c in range(2 ** len(self.free))]
        dims = np.array([t[0] for t in table])[self.levels]
        first = np.array([t[1] for t in table])[self.levels]
        tried = np.arange(len(self.candidates))
        order = np.lexsort((tried, first, dims, ~self.covered, self.figure))  # covering first, fewest dimensions
        partial = np.lexsort((tried, first, dims, -self.sums, self.figure))  # else the largest sum
        best_covering = order[np.r_[True, np.diff(self.figure[order]) != 0]]
        best_partial = partial[np.r_[True, np.diff(self.figure[partial]) != 0]]
        best = np.where(self.covered[best_covering], best_covering, best_partial)
        lowest = np.array([(c & -c).bit_length() - 1 for c in range(2 ** len(self.free))])
        shown = np.where(self.short[best] >= 0, self.short[best], lowest[self.levels[best]])
        parts, covers = [], []
        for j, i in zip(best.tolist(), shown.tolist(), strict=True):
            labels = self.columns[self.free[i]].labels
            parts.append(tuple(labels[self.parts[i][j]]))
            which, needed = self.needs[i]
            covers.append(parts[-1] if which[j] < 0 else needed[which[j]])
        basis = ["sum" if covered else "partial" for covered in self.covered[best]]
        return self.candidates[best], basis, parts, covers


def _first_rank(free: tuple[str, ...], bits: int) -> int:
    """LEVEL_ORDER's place of a level's first dimension (0 for a total, which is never ranked)."""
    return LEVEL_ORDER.index(free[(bits & -bits).bit_length() - 1]) if bits else 0


def _has(have: np.ndarray, column: _Codes, label: str) -> np.ndarray:
    """Which sums have `label` among their parts."""
    code = column.code(label)
    return have[:, code] if code >= 0 else np.zeros(len(have), dtype=bool)


def national_total(rows: pd.DataFrame, value: str, source: str, period_start: str, period_end: str) -> pd.Series | None:
    """The national figure of one release and period (persons when it has them); None when it has none."""
    selected = rows[
        (rows["source"] == source) & (rows["period_start"] == period_start) & (rows["period_end"] == period_end)
    ]
    found = figures(selected, value)
    if found.empty:
        return None
    found = found.assign(_persons=found["unit"] != "persons").sort_values("_persons")
    return found.drop(columns="_persons").iloc[0]

"""The one aggregation rule: a figure for (release, unit, period, breakdown) from rows that overlap.

Published tables are marginal (claims by nationality for the country, claims by office for all
nationalities), so a figure is never a sum across levels, releases, units or periods. Every page, the
upload preview and "what changed" take their figures from `figures`; pure pandas, no streamlit.

API
---
``DIMENSIONS = ("state", "office", "nationality", "sex", "age_group")``
    The breakdown columns of claims (refugees have only ``nationality``; a missing column is all ``_T``).

``figures(rows, value, by=(), *, offices=None) -> DataFrame``
    ``rows``: canonical rows of ONE dataset, one row per cell (indicators: one indicator at a time; a
    ValueError otherwise). ``value``: the column to read ("claims", "refugees", ...).
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

from collections.abc import Iterable

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


def _dimension(rows: pd.DataFrame, name: str) -> pd.Series:
    """A breakdown column as text, all _T when the dataset has no such column."""
    if name in rows.columns:
        return rows[name].astype(str)
    return pd.Series(TOTAL, index=rows.index, dtype=str)


def breakdown_of(rows: pd.DataFrame) -> pd.Series:
    """Each row's breakdown: the dimensions it is broken down on (office implies its state)."""
    broken = pd.DataFrame({name: _dimension(rows, name) != TOTAL for name in DIMENSIONS}, index=rows.index)
    broken.loc[broken["office"], "state"] = False
    names = [tuple(name for name, flag in zip(DIMENSIONS, flags, strict=True) if flag) for flags in broken.to_numpy()]
    return pd.Series(names, index=rows.index, dtype=object)


def _free_levels(by: tuple[str, ...]) -> tuple[str, ...]:
    """Dimensions a figure at `by` may be summed over (one of them at a time)."""
    if "office" in by:
        return tuple(d for d in ("nationality", "sex", "age_group") if d not in by)
    if "state" in by:
        return tuple(d for d in ("office", "nationality", "sex", "age_group") if d not in by)
    return tuple(d for d in DIMENSIONS if d not in by)


def _row_levels(rows: pd.DataFrame, by: tuple[str, ...]) -> pd.Series:
    """The level each row belongs to for a figure at `by`: '' (a total) or its published table, the free
    dimensions it is broken down on joined by '+' ('office', 'nationality+sex'); an office implies its state."""
    free = _free_levels(by)
    broken = pd.DataFrame({d: _dimension(rows, d) != TOTAL for d in free}, index=rows.index)
    if "state" in free and "office" in free:
        broken["state"] = broken["state"] & ~broken["office"]
    code = sum(broken[d].to_numpy().astype("int64") << i for i, d in enumerate(free)) if free else 0
    names = {c: "+".join(d for i, d in enumerate(free) if c >> i & 1) for c in range(2 ** len(free))}
    return pd.Series(code, index=rows.index).map(names)  # one label per combination, not one string per row


def _drop_overlapping_ages(rows: pd.DataFrame, group: list[str]) -> pd.DataFrame:
    """Age rows without the sub-bands of a wider band the same cell also has (they would count twice)."""
    ages = rows["age_group"].astype(str)
    keys = [rows[c] for c in group]
    has_child = ages.eq(CHILD_WIDE).groupby(keys, dropna=False).transform("any")
    has_adult = ages.eq(ADULT_WIDE).groupby(keys, dropna=False).transform("any")
    overlapped = (ages.isin(CHILD_FINE) & has_child) | (ages.isin(ADULT_FINE) & has_adult)
    return rows[~overlapped]


def _open_offices(offices: pd.DataFrame | None, end_year: int, state: str | None) -> tuple[str, ...] | None:
    """Offices open by the end of `end_year` (in `state`, or all); None when the offices are not known."""
    if offices is None:
        return None
    opened = pd.to_numeric(offices.get("year_opened", pd.Series(pd.NA, index=offices.index)), errors="coerce")
    open_rows = offices[opened.isna() | (opened <= end_year)]
    if state is not None:
        open_rows = open_rows[open_rows["state"].astype(str) == state]
    return tuple(sorted(open_rows["office_id"].astype(str)))


def _needed(level: str, key: dict, offices: pd.DataFrame | None) -> tuple[str, ...] | None:
    """The parts a sum at `level` must have to cover its figure; None when that cannot be known."""
    end_year = int(str(key["period_end"])[:4])
    if level == "office":
        return _open_offices(offices, end_year, key.get("state"))
    if level == "state":
        open_ids = _open_offices(offices, end_year, None)
        if offices is None or open_ids is None:
            return None
        states = offices.set_index(offices["office_id"].astype(str))["state"].astype(str)
        return tuple(sorted({states[o] for o in open_ids}))
    if level == "nationality":
        return (OTHERS,)
    if level == "sex":
        return ("F", "M")
    return (CHILD_WIDE, ADULT_WIDE)  # age: stands for "children and adults", checked in _covers


def _covers(level: str, parts: tuple[str, ...], needed: tuple[str, ...] | None) -> bool:
    """Whether the parts summed at `level` make up the whole figure."""
    have = set(parts)
    if level == "age_group":
        children = CHILD_WIDE in have or set(CHILD_FINE) <= have
        adults = ADULT_WIDE in have or set(ADULT_FINE) <= have
        return children and adults
    return bool(needed) and set(needed or ()) <= have


def figures(
    rows: pd.DataFrame, value: str, by: Iterable[str] = (), *, offices: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Figures at breakdown `by`, one per (release, unit, period, *by): its total, else one level's sum."""
    by = tuple(by)
    unknown = [d for d in by if d not in DIMENSIONS]
    if unknown:
        raise ValueError(f"not a breakdown dimension: {unknown}")
    group = [*KEY, *by]
    office_state = "office" in by and "state" not in by  # keep the office's state beside it
    out_columns = [*group, *(["state"] if office_state else []), value, *COLUMNS]
    frame = rows[rows[value].notna()] if value in rows.columns else rows.iloc[0:0]
    for d in by:
        frame = frame[_dimension(frame, d) != TOTAL]
    if frame.empty:
        return pd.DataFrame(columns=out_columns)
    approx = frame["approx"].fillna("").astype(str) if "approx" in frame.columns else ""
    frame = frame.assign(_level=_row_levels(frame, by), _approx=approx, **{d: _dimension(frame, d) for d in DIMENSIONS})
    with_ages = frame["_level"].isin([level for level in frame["_level"].unique() if "age_group" in level])
    if with_ages.any():  # one cell of the table = every column but the age band
        cell = [*group, "_level", *(d for d in DIMENSIONS if d != "age_group" and d not in by)]
        frame = pd.concat([frame[~with_ages], _drop_overlapping_ages(frame[with_ages], cell)])
    agg = {
        value: (value, "sum"),
        "_rows": (value, "size"),
        "approx": ("_approx", "max"),
        **({"state": ("state", "first")} if office_state else {}),
    }
    summed = frame.groupby([*group, "_level"], sort=False, dropna=False).agg(**agg).reset_index()
    if (summed["_level"].eq("") & summed["_rows"].gt(1)).any():  # e.g. several indicators: never add them up
        raise ValueError("rows hold more than one figure per cell: pass one dataset's rows (one indicator at a time)")
    # A figure the source rounds keeps its wording ("about", "over"); a sum with a rounded part is "about".
    summed.loc[summed["_rows"].gt(1) & summed["approx"].ne(""), "approx"] = "about"
    summed = summed.drop(columns="_rows")
    free = _free_levels(by)
    codes: dict[str, dict[tuple, tuple[str, ...]]] = {}
    for d in free:  # the distinct codes of each dimension in each (figure, level), to judge coverage
        at = frame[frame["_level"].isin([level for level in frame["_level"].unique() if d in level.split("+")])]
        distinct = at[[*group, "_level", d]].drop_duplicates()
        codes[d] = {
            k if isinstance(k, tuple) else (k,): tuple(sorted(v))
            for k, v in distinct.groupby([*group, "_level"], sort=False, dropna=False)[d]
        }
    figures_by_key: dict[tuple, list[dict]] = {}
    for record in summed.to_dict("records"):
        figures_by_key.setdefault(tuple(record[c] for c in group), []).append(record)
    needs: dict[tuple, tuple[str, ...] | None] = {}
    chosen = [_choose(candidates, value, offices, by, group, codes, needs) for candidates in figures_by_key.values()]
    return pd.DataFrame(chosen, columns=out_columns).sort_values(group).reset_index(drop=True)


def _choose(
    candidates: list[dict],
    value: str,
    offices: pd.DataFrame | None,
    by: tuple[str, ...],
    group: list[str],
    codes: dict[str, dict[tuple, tuple[str, ...]]],
    needs: dict[tuple, tuple[str, ...] | None],
) -> dict:
    """One figure from the candidate levels of one (release, unit, period, *by): see the module rules."""
    for row in candidates:
        if row["_level"] == "":
            return {**row, "basis": "total", "level": "", "parts": (), "covers": ()}
    sums = []
    for row in candidates:
        key = {c: row[c] for c in group}
        dims = row["_level"].split("+")
        judged = []  # (dimension, its codes, what covering needs, covered?)
        for d in dims:
            parts = codes[d].get((*key.values(), row["_level"]), ())
            memo = (d, str(key["period_end"])[:4], key.get("state"))  # what covering needs depends on these only
            if memo not in needs:
                needs[memo] = _needed(d, key, offices)
            needed = needs[memo]
            if (
                d == "nationality"
                and key["source"] in COMPLETE_BY_NATIONALITY
                and not {"state", "office"} & {*by, *dims}
            ):
                needed = parts  # every country of origin is listed: the sum is the whole
            judged.append((d, parts, needed, _covers(d, parts, needed)))
        shown = next((j for j in judged if not j[3]), judged[0])  # the first dimension that falls short, else the first
        sums.append(
            {
                **row,
                "level": row["_level"],
                "parts": shown[1],
                "covers": tuple(shown[2] or ()),
                "basis": "sum" if all(j[3] for j in judged) else "partial",
                "_rank": (len(dims), LEVEL_ORDER.index(dims[0])),
            }
        )
    covering = sorted((s for s in sums if s["basis"] == "sum"), key=lambda s: s["_rank"])
    best = covering[0] if covering else max(sums, key=lambda s: (s[value], tuple(-r for r in s["_rank"])))
    return {k: v for k, v in best.items() if k not in ("_rank", "_level")}


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

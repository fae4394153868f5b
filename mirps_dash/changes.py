"""What a new version changes against an older one: rows added, removed, revised, and each figure before → after.

Used by the Data page's preview (before publishing) and by the Overview ("what changed in the latest
data"). Rows are matched on the dataset's key; a row whose key exists in both but whose other values
differ is *changed* (a revised figure).

Figures follow the aggregation rule (mirps_dash.aggregate): each row is a figure of one release, unit and
period at the breakdown it was published at (its `_T` dimensions), and that row is the rule's figure for
that breakdown. So "what changed" lists, per source and breakdown, each published figure whose value
moved, before → after; a figure is never a sum across levels, releases, units or periods, and a revision
of one cell changes that cell's figure only. Sums the rule derives from a revised cell (a state from its
offices) are not figures of their own and are not listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from mirps_dash.aggregate import DIMENSIONS, breakdown_of
from mirps_dash.schema import DATASETS

FIGURE_COLUMNS = [
    "source",
    "unit",
    "period_start",
    "period_end",
    "breakdown",
    *DIMENSIONS,
    "indicator",
    "asylum_country",  # the regional dataset's country of asylum ('' for the others)
    "figure",
    "before",
    "after",
]


@dataclass
class Changes:
    """Rows added, removed and changed (with before/after values), and every published figure that moved."""

    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame  # key columns, then for each differing column: <column>_before, <column>_after
    figures: pd.DataFrame  # FIGURE_COLUMNS: one row per figure whose value moved (before or after NA: new / gone)

    @property
    def new_periods(self) -> list[str]:
        """Period starts present in the new version only (for datasets with periods)."""
        if "period_start" not in self.added:
            return []
        # unique() first: a 1M-row upload has a few hundred periods, and iterating the rows costs seconds
        removed = self.removed["period_start"].unique().tolist() if "period_start" in self.removed else []
        return sorted(set(self.added["period_start"].unique().tolist()) - set(removed))

    @property
    def is_empty(self) -> bool:
        return self.added.empty and self.removed.empty and self.changed.empty


def _row_keys(old: pd.DataFrame, new: pd.DataFrame, key: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each row's key as one integer, equal in both frames for equal keys (its columns compared as text).

    The two frames' values are coded together column by column and folded into one number (coded again
    only if it would outgrow 64 bits); numpy then matches 1M rows in a fraction of a second, where an index
    of text tuples took seconds.
    """
    codes, size = np.zeros(len(old) + len(new), dtype=np.int64), 1
    for column in key:
        values = pd.concat([old[column].astype(str), new[column].astype(str)], ignore_index=True)
        column_codes, uniques = pd.factorize(values)
        if size * len(uniques) >= 2**62:
            codes, distinct = pd.factorize(codes)
            size = len(distinct)
        codes, size = codes * len(uniques) + column_codes, size * len(uniques)
    return codes[: len(old)], codes[len(old) :]


def _by_key(frame: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """The rows in the order of their key, as text (the order a preview lists them in)."""
    order = frame[key].astype(str).sort_values(key).index
    return frame.loc[order].reset_index(drop=True)


def figure_changes(added: pd.DataFrame, removed: pd.DataFrame, changed: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """Each published figure that moved: its release, unit, period, breakdown and codes, before → after."""
    declared = DATASETS[dataset]
    values, key = declared.figures, list(declared.key)
    parts = []
    # key | claims | recognized ...   ->   key | figure | before | after   (one row per figure that moved)
    for frame, side in ((added, "after"), (removed, "before")):
        present = [v for v in values if v in frame.columns]
        if present and not frame.empty:
            long = frame.melt(id_vars=key, value_vars=present, var_name="figure", value_name=side)
            parts.append(long.dropna(subset=[side]))
    for value in values:
        if f"{value}_before" in changed.columns:
            moved = changed[[*key, f"{value}_before", f"{value}_after"]].rename(
                columns={f"{value}_before": "before", f"{value}_after": "after"}
            )
            same = (moved["before"] == moved["after"]).fillna(False) | (moved["before"].isna() & moved["after"].isna())
            parts.append(moved[~same.astype(bool)].assign(figure=value))
    if not parts:
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    whole = set(values) <= set(declared.counts)  # counts stay whole numbers
    dtype: Literal["Float64", "Int64"] = "Int64" if whole else "Float64"
    for column in ("before", "after"):
        out[column] = out[column].astype(dtype) if column in out else pd.Series(pd.NA, index=out.index, dtype=dtype)
    out["breakdown"] = ["+".join(names) for names in breakdown_of(out)]
    for column in FIGURE_COLUMNS:
        if column not in out:
            out[column] = "_T" if column in DIMENSIONS else ""
    out = out[FIGURE_COLUMNS].sort_values(
        ["source", "period_end", "period_start", "asylum_country", "breakdown", *DIMENSIONS, "figure"]
    )
    return out.reset_index(drop=True)


def compare_versions(old: pd.DataFrame, new: pd.DataFrame, dataset: str) -> Changes:
    """The differences between two canonical frames of one dataset (each key once in a frame, as validated)."""
    key = list(DATASETS[dataset].key)
    old_keys, new_keys = _row_keys(old, new, key)
    # pandas' hash table of int64 (numpy's isin hashes its big integers slowly: seconds at 1M rows)
    in_new, in_old = pd.Index(old_keys).isin(new_keys), pd.Index(new_keys).isin(old_keys)
    added = _by_key(new[~in_old], key)
    removed = _by_key(old[~in_new], key)
    # the rows both hold, paired: each side's positions in the order of their key's integer
    old_at = np.flatnonzero(in_new)[np.argsort(old_keys[in_new], kind="stable")]
    new_at = np.flatnonzero(in_old)[np.argsort(new_keys[in_old], kind="stable")]
    values = [c for c in DATASETS[dataset].columns if c not in key and c in old.columns and c in new.columns]
    left = old[values].iloc[old_at].reset_index(drop=True)
    right = new[values].iloc[new_at].reset_index(drop=True)
    differs = ~((left == right) | (left.isna() & right.isna())).fillna(False)
    rows = differs.any(axis=1).to_numpy()
    changed = new[key].iloc[new_at[rows]].reset_index(drop=True)
    for column in values:
        if differs.loc[rows, column].any():
            changed[f"{column}_before"] = left.loc[rows, column].to_numpy()
            changed[f"{column}_after"] = right.loc[rows, column].to_numpy()
    changed = _by_key(changed, key)
    return Changes(added, removed, changed, figure_changes(added, removed, changed, dataset))

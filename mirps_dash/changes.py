"""What a new version changes against an older one: rows added, removed, revised, and yearly totals.

Used by the Data page's preview (before publishing) and by the Overview ("what changed in the latest
data"). Rows are matched on the dataset's key; a row whose key exists in both but whose other values
differ is *changed* (a revised figure).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mirps_dash.schema import DATASETS

# The figure whose yearly totals a preview shows, per dataset (None: the dataset has no count to total).
MAIN_FIGURE = {"claims": "claims", "refugees": "decisions_total", "indicators": "value", "pledges": None,
               "offices": None, "sources": None}


@dataclass
class Changes:
    """Rows added, removed and changed (with before/after values), and per-year totals before and after."""

    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame  # key columns, then for each differing column: <column>_before, <column>_after
    yearly: pd.DataFrame  # year, source, before, after (sum of the main figure per source and unit persons)

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


def _keyed(frame: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    keyed = frame.copy()
    keyed.index = pd.MultiIndex.from_frame(frame[key].astype(str)) if len(key) > 1 else frame[key[0]].astype(str)
    return keyed


def yearly_totals(frame: pd.DataFrame, dataset: str) -> pd.Series:
    """Sum of the main figure per (year of period start, source), persons only; empty when none.

    Totals are per source so that revisions from different releases are never added together.
    """
    figure = MAIN_FIGURE.get(dataset)
    if figure is None or frame.empty or "period_start" not in frame:
        return pd.Series(dtype="float64")
    rows = frame[frame["unit"] == "persons"] if "unit" in frame else frame
    years = rows["period_start"].str[:4].astype(int)
    return rows.groupby([years.rename("year"), rows["source"]])[figure].sum(min_count=1)


def compare_versions(old: pd.DataFrame, new: pd.DataFrame, dataset: str) -> Changes:
    """The differences between two canonical frames of one dataset."""
    key = list(DATASETS[dataset].key)
    before, after = _keyed(old, key), _keyed(new, key)
    added = after.loc[after.index.difference(before.index)].reset_index(drop=True)
    removed = before.loc[before.index.difference(after.index)].reset_index(drop=True)
    common = before.index.intersection(after.index)
    values = [c for c in DATASETS[dataset].columns if c not in key]
    left, right = before.loc[common, values], after.loc[common, values]
    differs = ~((left == right) | (left.isna() & right.isna())).fillna(False)
    rows = differs.any(axis=1)
    changed = after.loc[common[rows.to_numpy()], key].reset_index(drop=True)
    for column in values:
        if differs.loc[rows, column].any():
            changed[f"{column}_before"] = left.loc[rows, column].to_numpy()
            changed[f"{column}_after"] = right.loc[rows, column].to_numpy()
    yearly = pd.concat({"before": yearly_totals(old, dataset), "after": yearly_totals(new, dataset)}, axis=1)
    if yearly.empty:
        yearly = pd.DataFrame(columns=["year", "source", "before", "after"])
    else:
        yearly = yearly[yearly["before"].ne(yearly["after"]).fillna(True)].reset_index()
    return Changes(added, removed, changed, yearly)

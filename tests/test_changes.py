"""A preview names rows added, removed and revised, and each published figure that moved, before → after."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from mirps_dash.changes import compare_versions
from mirps_dash.ingest import read_table
from mirps_dash.schema import DATASETS
from mirps_dash.validate import coerce, validate_table

DATA = Path(__file__).resolve().parents[1] / "data"
DIMENSIONS = ["state", "office", "nationality", "sex", "age_group"]


@cache
def shipped(dataset: str) -> pd.DataFrame:
    """A shipped data/ file in canonical form (claims are read with the shipped offices, as a publish does)."""
    offices = shipped("offices") if dataset == "claims" else None
    report = validate_table(dataset, read_table(dataset, (DATA / f"{dataset}.csv").read_bytes()), offices=offices)
    assert report.ok, report.errors[:3]
    return report.frame


def shipped_claims() -> pd.DataFrame:
    """A copy of the shipped claims (tests change it)."""
    return shipped("claims").copy()


def claims(*rows: tuple[str, str, int]) -> pd.DataFrame:
    base = {"state": "_T", "office": "_T", "sex": "_T", "age_group": "_T", "unit": "persons", "source": "s"}
    frame = pd.DataFrame(
        [
            {**base, "period_start": start, "period_end": start[:4] + "-12-31", "nationality": nat, "claims": count}
            for start, nat, count in rows
        ]
    )
    return coerce(DATASETS["claims"], frame.reindex(columns=DATASETS["claims"].columns, fill_value=""))


def moved(changes) -> list[list]:
    """The figures that moved as [source, period_start, breakdown, codes..., before, after] (NA as None)."""
    frame = changes.figures[["source", "period_start", "breakdown", *DIMENSIONS, "before", "after"]].astype(object)
    return frame.where(frame.notna(), None).values.tolist()


def test_added_removed_changed_and_the_figures_that_moved() -> None:
    old = claims(("2019-01-01", "HND", 10), ("2019-01-01", "SLV", 5), ("2020-01-01", "HND", 7))
    new = claims(("2019-01-01", "HND", 12), ("2020-01-01", "HND", 7), ("2021-01-01", "HND", 3))
    changes = compare_versions(old, new, "claims")
    assert changes.added["period_start"].tolist() == ["2021-01-01"]
    assert changes.removed["nationality"].tolist() == ["SLV"]
    assert changes.changed[["nationality", "claims_before", "claims_after"]].values.tolist() == [["HND", 10, 12]]
    assert changes.new_periods == ["2021-01-01"]
    assert moved(changes) == [
        ["s", "2019-01-01", "nationality", "_T", "_T", "HND", "_T", "_T", 10, 12],
        ["s", "2019-01-01", "nationality", "_T", "_T", "SLV", "_T", "_T", 5, None],
        ["s", "2021-01-01", "nationality", "_T", "_T", "HND", "_T", "_T", None, 3],
    ]


def test_identical_versions_have_no_changes() -> None:
    frame = claims(("2019-01-01", "HND", 10))
    changes = compare_versions(frame, frame.copy(), "claims")
    assert changes.is_empty and changes.figures.empty


def test_revising_one_la_razon_office_cell_names_that_figure_only_never_the_268042_sum() -> None:
    old = shipped_claims()
    cell = (old["source"] == "comar-press-006") & (old["office"] == "tapachula") & (old["period_start"] == "2022-01-01")
    before = int(old.loc[cell, "claims"].item())
    new = old.copy()
    new.loc[cell, "claims"] = before + 61
    release = old[(old["source"] == "comar-press-006") & (old["period_start"] == "2022-01-01")]
    # national + offices and states + Honduras: what the old code showed as the release's 2022
    summed_over_levels = int(release["claims"].sum())
    changes = compare_versions(old, new, "claims")
    assert moved(changes) == [
        ["comar-press-006", "2022-01-01", "office", "07", "tapachula", "_T", "_T", "_T", before, before + 61]
    ]
    shown = set(changes.figures["before"]) | set(changes.figures["after"])
    assert summed_over_levels not in shown and summed_over_levels + 61 not in shown


def test_a_unhcr_nationality_revision_moves_that_nationality_only() -> None:
    old = shipped("refugees")
    new = old.copy()
    row = new.index[
        (new["source"] == "unhcr-stats") & (new["nationality"] == "HND") & (new["period_start"] == "2023-01-01")
    ]
    new.loc[row, "refugees"] = new.loc[row, "refugees"] + 1
    figures = compare_versions(old, new, "refugees").figures
    assert figures[["nationality", "figure"]].values.tolist() == [["HND", "refugees"]]
    assert figures["after"].item() - figures["before"].item() == 1


def test_a_note_that_changes_is_a_revised_row_but_no_figure_moved() -> None:
    old = claims(("2019-01-01", "HND", 10))
    new = old.assign(note="revised note")
    changes = compare_versions(old, new, "claims")
    assert len(changes.changed) == 1 and changes.figures.empty

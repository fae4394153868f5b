"""A preview names rows added, removed and revised, and each published figure that moved, before → after."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from mirps_dash.changes import compare_versions
from mirps_dash.ingest import read_table
from mirps_dash.schema import DATASETS
from mirps_dash.validate import coerce, validate_table

DATA = Path(__file__).resolve().parents[1] / "data"
DIMENSIONS = ["state", "office", "nationality", "sex", "age_group"]


@pytest.fixture(autouse=True)
def own_store(sqlite_env: Path) -> Path:
    """Each test's app reads its own fresh SQLite file (conftest's fresh_caches drops what an earlier test cached)."""
    return sqlite_env


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


# ---- the Overview's "what changed" after a publish (AppTest) -----------------------------------


def test_overview_names_the_one_revised_office_figure_and_nothing_else(sqlite_env: Path) -> None:
    import re

    from mirps_dash.service import ensure_seeded, publish_file
    from mirps_dash.store import Store, make_engine
    from tests.shown_charts import open_table_views
    from tests.test_app import open_app
    from tests.test_officials_pages import texts

    rows = shipped("claims")
    release = rows[(rows["source"] == "comar-press-006") & (rows["period_start"] == "2022-01-01")]
    before = int(release.loc[release["office"] == "tapachula", "claims"].item())
    at_total = (
        (rows[DIMENSIONS] == "_T").all(axis=1)
        & (rows["period_start"] == "2022-01-01")
        & (rows["period_end"] == "2022-12-31")
    )
    largest_2022 = int(rows.loc[at_total, "claims"].max())
    store = Store(make_engine())
    ensure_seeded(store)
    upload = f"period,state,office,nationality,claims,source\n2022,07,tapachula,_T,{before + 61},comar-press-006\n"
    assert publish_file(store, "claims", upload.encode(), file_name="tapachula.csv", by="ana@example.org").version
    store.engine.dispose()
    at = open_app(lang="en")
    assert not at.exception
    shown = texts(at)
    assert "revised figures 1" in shown
    section = shown[shown.index("Figures that changed") : shown.index("Decisions and population:")]
    assert f"2022, Asylum claims, office Tapachula: {before:,} → {before + 61:,}" in section
    assert section.count("→") == 1  # that figure and nothing else: no state, national or yearly sum
    assert not at.dataframe  # the table opens on demand, like every table view
    at = open_table_views(at)
    table = next(frame.value for frame in at.dataframe if "Before" in frame.value.columns)
    assert table[["Breakdown", "Before", "After"]].values.tolist() == [
        ["office Tapachula", f"{before:,}", f"{before + 61:,}"]
    ]
    numbers = [int(n.replace(",", "")) for n in re.findall(r"\d{1,3}(?:,\d{3})+", section)]
    assert numbers and max(numbers) <= largest_2022


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("es", "2019, Solicitudes de asilo, nacionalidad Honduras: 10 → 12"),
        ("en", "2019, Asylum claims, nationality Honduras: 10 → 12"),
    ],
)
def test_the_figures_that_moved_read_in_the_readers_language(lang: str, line: str) -> None:
    from mirps_dash import views

    changes = compare_versions(claims(("2019-01-01", "HND", 10)), claims(("2019-01-01", "HND", 12)), "claims")
    _text, figures, _rows = views.change_summary(changes, "claims", lang)
    words, table = views.describe_figure_changes(figures, shipped("sources"), shipped("offices"), lang)
    assert line in words.replace("\\", "")
    assert len(table) == 1 and table.iloc[0, -2:].tolist() == ["10", "12"]

"""Trends' release tables: made once for every year, a choice of years and nationalities is a slice of them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mirps_dash import views


def _rows(nationalities: list[str] | None) -> views.ReleaseRows:
    table = pd.DataFrame({"Period": ["2019", "2020", "2021", "2021"], "Claims": ["1", "2", "3", "4"]})
    return views.ReleaseRows(
        table,
        table.assign(source_id=["a", "b", "b", "c"]),
        np.array([2019, 2020, 2021, 2021]),
        None if nationalities is None else np.array(nationalities, dtype=object),
        np.array(["a", "b", "b", "c"], dtype=object),
        "trends_national_summary",
        "en",
    )


@pytest.mark.parametrize(
    ("years", "nations", "periods", "sources"),
    [
        ((2019, 2021), (), ["2019", "2020", "2021", "2021"], ("a", "b", "c")),
        ((2020, 2020), (), ["2020"], ("b",)),
        ((2020, 2021), ("HND",), ["2021"], ("c",)),
        ((2019, 2021), ("HND", "CUB"), ["2019", "2021"], ("a", "c")),
    ],
)
def test_a_choice_shows_only_its_years_and_nationalities_and_their_releases(years, nations, periods, sources) -> None:
    shown = views.rows_in(_rows(["CUB", "VEN", "VEN", "HND"]), years, nations)
    assert shown is not None
    assert shown.table["Period"].tolist() == periods
    assert list(shown.table.index) == list(range(len(periods)))  # numbered from the first row shown
    assert shown.csv["source_id"].tolist() == [s for s in "abbc" if s in sources][: len(periods)]
    assert shown.sources == sources
    assert str(len(periods)) in shown.summary


def test_a_table_without_nationalities_ignores_the_nationality_filter() -> None:
    shown = views.rows_in(_rows(None), (2019, 2021), ("HND",))
    assert shown is not None and len(shown.table) == 4


@pytest.mark.parametrize("rows", [None, _rows(None)])
def test_no_rows_in_the_years_is_no_table(rows) -> None:
    assert views.rows_in(rows, (2000, 2005)) is None

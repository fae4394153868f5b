"""A figure counts as a calendar year's exactly when periods.period_kind says 'year', wherever it is asked."""

from __future__ import annotations

import pandas as pd

from mirps_dash import periods


def test_only_rows_covering_one_whole_calendar_year_are_yearly_figures() -> None:
    frame = pd.DataFrame(
        {
            "period_start": ["2019-01-01", "2019-01-01", "2019-01-01", "2020-01-01", "2021-02-01"],
            "period_end": ["2019-12-31", "2019-08-31", "2020-12-31", "2020-12-31", "2022-01-31"],
            "claims": [10, 6, 30, 20, 5],
        }
    )
    years = periods.full_years(frame)
    assert years[["year", "claims"]].values.tolist() == [[2019, 10], [2020, 20]]
    assert [periods.period_kind(s, e) for s, e in zip(frame["period_start"], frame["period_end"], strict=True)] == [
        "year",
        "cumulative",
        "cumulative",
        "year",
        "cumulative",
    ]


def test_no_yearly_rows_gives_an_empty_frame_with_a_year_column() -> None:
    frame = pd.DataFrame({"period_start": ["2019-03-01"], "period_end": ["2019-03-31"], "claims": [1]})
    assert periods.full_years(frame).empty and "year" in periods.full_years(frame.iloc[0:0])

"""A preview names rows added, removed and revised, and yearly totals per source before and after."""

import pandas as pd

from mirps_dash.changes import compare_versions
from mirps_dash.schema import DATASETS
from mirps_dash.validate import coerce


def claims(*rows: tuple[str, str, int]) -> pd.DataFrame:
    return coerce(DATASETS["claims"], pd.DataFrame([
        {"period_start": start, "period_end": start[:4] + "-12-31", "state": "_T", "office": "_T", "nationality": nat,
         "sex": "_T", "age_group": "_T", "claims": count, "unit": "persons", "source": "s", "note": ""}
        for start, nat, count in rows
    ]))


def test_added_removed_changed_and_yearly_totals() -> None:
    old = claims(("2019-01-01", "HND", 10), ("2019-01-01", "SLV", 5), ("2020-01-01", "HND", 7))
    new = claims(("2019-01-01", "HND", 12), ("2020-01-01", "HND", 7), ("2021-01-01", "HND", 3))
    changes = compare_versions(old, new, "claims")
    assert changes.added["period_start"].tolist() == ["2021-01-01"]
    assert changes.removed["nationality"].tolist() == ["SLV"]
    assert changes.changed[["nationality", "claims_before", "claims_after"]].values.tolist() == [["HND", 10, 12]]
    assert changes.new_periods == ["2021-01-01"]
    yearly = changes.yearly.astype(object)
    assert yearly.where(yearly.notna(), None).values.tolist() == [[2019, "s", 15, 12], [2021, "s", None, 3]]


def test_identical_versions_have_no_changes() -> None:
    frame = claims(("2019-01-01", "HND", 10))
    assert compare_versions(frame, frame.copy(), "claims").is_empty

"""ui.view hands each frame to the view's parameter of the same name: a wrong name is a clear error at the first
call, the order of the names does not matter, and a derived frame is made once per data version."""

from __future__ import annotations

from pathlib import Path

import pytest

from mirps_dash import queries as q
from mirps_dash import ui, views


@pytest.mark.parametrize(
    ("function", "datasets", "args", "message"),
    [
        (
            views.arrivals_periods,
            ["claims", "offices"],
            ("en",),
            "no parameter named 'claims', 'offices'; its parameters are claim_areas, lang",
        ),
        (views.arrivals_periods, ["claim_area"], ("en",), "not a dataset or derived frame: 'claim_area'"),
        (views.trends_rate, ["unhcr_refugees"], ((2020, 2024), (), "en"), "do not fit its other parameters"),
    ],
)
def test_a_view_called_with_names_that_are_not_its_parameters_is_refused_before_any_data_is_read(
    function, datasets: list[str], args: tuple, message: str, sqlite_env: Path
) -> None:
    with pytest.raises(TypeError, match=message):
        ui.view(function, datasets, *args)
    assert not sqlite_env.exists()  # refused before the store was opened


def test_frames_go_to_the_parameter_of_their_name_in_any_order(sqlite_env: Path) -> None:
    ordered = ui.view(
        views.arrivals_releases, ["claim_areas", "national_totals", "sources"], "2022-01-01", "2022-12-31", "en"
    )
    swapped = ui.view(
        views.arrivals_releases, ["sources", "national_totals", "claim_areas"], "2022-01-01", "2022-12-31", "en"
    )
    assert swapped.keys == ordered.keys and ordered.keys[0] == "comar-press-006"
    assert swapped.labels == ordered.labels


def test_a_derived_frame_is_made_once_per_data_version_for_every_view_and_filter(
    sqlite_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = []

    def counted(claims, offices):
        made.append(len(claims))
        return q.area_figures(claims, offices)

    monkeypatch.setitem(views.DERIVED_FRAMES, "claim_areas", (counted, ("claims", "offices")))
    periods = ui.view(views.arrivals_periods, ["claim_areas"], "en")
    ui.view(views.arrivals_periods, ["claim_areas"], "es")
    for key in periods.keys[-3:]:
        start, end = periods.frame.loc[key, ["period_start", "period_end"]]
        ui.view(views.arrivals_releases, ["claim_areas", "national_totals", "sources"], start, end, "en")
    assert len(made) == 1


def test_a_publish_gets_its_own_derived_frame_and_the_view_shows_the_new_period(sqlite_env: Path) -> None:
    from mirps_dash.service import publish_file

    before = ui.view(views.arrivals_periods, ["claim_areas"], "en")
    upload = "period,state,office,nationality,claims,source\n2026-11,07,tapachula,_T,1234,comar-press-001\n"
    assert publish_file(ui.get_store(), "claims", upload.encode(), file_name="marzo.csv", by="ana@example.org").version
    after = ui.view(views.arrivals_periods, ["claim_areas"], "en")
    assert "2026-11" not in before.keys and "2026-11" in after.keys
    assert ui.view(views.arrivals_periods, ["claim_areas"], "en") is after  # kept for the new version

"""The shipped data/ files: rebuilt from ../shared/reference-data they come out byte for byte the same, and they hold."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from mirps_dash.schema import DATASETS

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
REFERENCE = ROOT.parent / "shared" / "reference-data"
CSV_NAMES = list(DATASETS)  # every declared dataset is shipped as data/<name>.csv
OUTPUTS = [f"{name}.csv" for name in CSV_NAMES] + ["mexico_states.geojson", "mirps_countries.geojson"]


def load_build_data():
    """Import scripts/build_data.py (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("build_data", ROOT / "scripts" / "build_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_shipped(name: str) -> pd.DataFrame:
    """A shipped CSV as text, empty cells as empty strings."""
    return pd.read_csv(DATA / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    """data/ rebuilt into a temporary folder from the reference data."""
    if not REFERENCE.is_dir():
        pytest.skip(f"reference data not found at {REFERENCE}: cannot rebuild data/")
    out = tmp_path_factory.mktemp("data")
    load_build_data().write_data(REFERENCE, out)
    return out


@pytest.mark.parametrize("file_name", OUTPUTS)
def test_rebuild_matches_committed_file(rebuilt, file_name):
    assert (rebuilt / file_name).read_bytes() == (DATA / file_name).read_bytes()


def test_rebuild_writes_nothing_else(rebuilt):
    assert sorted(p.name for p in rebuilt.iterdir()) == sorted(OUTPUTS)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2019-01-01", "2019-12-31", ("2019", "")),
        ("2019-03-01", "2019-03-31", ("2019-03", "")),
        ("2024-02-01", "2024-02-29", ("2024-02", "")),
        ("2019-01-01", "2019-08-31", ("2019-01", "2019-08")),
        ("2013-01-01", "2018-06-30", ("2013-01", "2018-06")),
        ("2019-01-01", "2022-12-31", ("2019", "2022")),
        ("2022-01-01", "2022-02-16", ("2022-01-01", "2022-02-16")),
        ("2023-01-01", "2023-11-15", ("2023-01-01", "2023-11-15")),
        ("2020-06-30", "2020-06-30", ("2020-06-30", "")),
    ],
)
def test_format_period(start, end, expected):
    assert load_build_data().format_period(start, end) == expected


def test_format_period_rejects_a_reversed_range():
    with pytest.raises(ValueError):
        load_build_data().format_period("2020-02-01", "2020-01-31")


@pytest.mark.parametrize("name", CSV_NAMES)
def test_header_is_the_template(name):
    assert list(read_shipped(name).columns) == DATASETS[name].template_columns


@pytest.mark.parametrize(
    ("year", "claims"),
    [("2017", 14583), ("2018", 29609), ("2019", 70363), ("2020", 41204), ("2023", 140979), ("2025", 70482)],
)
def test_unhcr_national_claims_are_the_sum_of_nationalities(year, claims):
    unhcr = read_shipped("claims").query("source == 'unhcr-stats'")
    assert (unhcr[["state", "office"]] == "_T").all().all()
    assert (unhcr["nationality"] != "_T").all()  # no national row that would double count its parts
    assert unhcr.loc[unhcr["period"] == year, "claims"].astype(int).sum() == claims


@pytest.mark.parametrize(
    ("year", "column", "total"),
    [
        ("2019", "refugees", 28517),
        ("2019", "asylum_seekers", 69451),
        ("2020", "recognized", 15878),
        ("2018", "complementary", 1463),
        ("2025", "refugees", 152002),
    ],
)
def test_unhcr_refugee_figures(year, column, total):
    unhcr = read_shipped("refugees").query("source == 'unhcr-stats' and period == @year")
    assert pd.to_numeric(unhcr[column]).sum() == total


def test_row_counts():
    assert len(read_shipped("offices")) == 11
    assert len(read_shipped("pledges")) == 88
    assert len(read_shipped("indicators")) == 3
    # 526 press rows = 476 claims rows + 50 decision rows, merged here into fewer refugee rows; the opinion
    # column's 23 claims rows are left out (data/README.md says why).
    assert read_shipped("claims")["source"].str.startswith("comar-press-").sum() == 476 - 23


def test_every_source_is_listed():
    known = set(read_shipped("sources")["source_id"])
    for name in CSV_NAMES[1:]:
        assert set(read_shipped(name)["source"]) <= known, name


def test_source_ids_are_unique():
    assert read_shipped("sources")["source_id"].is_unique


def test_offices_match_the_office_ids_used_in_claims():
    offices = read_shipped("offices")
    assert set(offices["office_id"]) == {
        "cdmx", "tapachula", "tenosique", "acayucan", "palenque", "monterrey",
        "tijuana", "guadalajara", "saltillo", "villahermosa", "cancun",
    }  # fmt: skip
    assert set(read_shipped("claims")["office"]) - {"_T"} <= set(offices["office_id"])


def test_integers_are_written_without_decimals():
    for name in ("claims", "refugees"):
        text = (DATA / f"{name}.csv").read_text(encoding="utf-8")
        assert ".0," not in text, name


def test_seed_page_figures_are_kept():
    claims = read_shipped("claims").query("source == 'unhcr-gcr-mexico-2020'")
    assert set(zip(claims["period"], claims["period_end"], claims["claims"], strict=True)) == {
        ("2018", "", "29600"),
        ("2019-01", "2019-10", "62299"),
    }
    refugees = read_shipped("refugees").query("source == 'unhcr-gcr-mexico-2020'")
    assert refugees[["refugees", "asylum_seekers"]].values.tolist() == [["34946", "78619"]]

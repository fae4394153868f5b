"""Hypothesis properties: export -> validate -> publish round-trips; any bytes give a report, never a crash."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mirps_dash.aggregate import DIMENSIONS, breakdown_of, figures
from mirps_dash.changes import compare_versions
from mirps_dash.codes import STATES, TOTAL
from mirps_dash.export import to_csv_bytes, to_template, to_xlsx_bytes
from mirps_dash.ingest import read_table
from mirps_dash.schema import DATASETS
from mirps_dash.service import publish_file
from mirps_dash.store import Store, make_engine
from mirps_dash.validate import CURP, EMAIL, MAX_COUNT, PASSPORT, Report, coerce, find_phone, validate_table

PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Free text as staff type it: letters in any script, digits, punctuation, inner spaces (ends are trimmed on read).
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn")), max_size=40).map(
    str.strip
)


def holds_personal_data(text: str) -> bool:
    return bool(CURP.search(text) or EMAIL.search(text) or PASSPORT.search(text) or find_phone(text))


@st.composite
def claims_frames(draw) -> pd.DataFrame:
    """Canonical claims frames with unique keys: months or years, states, countries, counts, notes."""
    keys = draw(
        st.lists(
            st.tuples(
                st.integers(1990, dt.date.today().year + 1),
                st.integers(0, 12),
                st.sampled_from([TOTAL, *STATES]),
                st.sampled_from([TOTAL, "_O", "HND", "HTI", "VEN", "CUB", "XXA"]),
            ),
            min_size=1,
            max_size=12,
            unique=True,
        )
    )
    rows = []
    for year, month, state, nationality in keys:
        start, end = (
            (f"{year}-01-01", f"{year}-12-31")
            if month == 0
            else (f"{year}-{month:02d}-01", pd.Period(f"{year}-{month:02d}").end_time.date().isoformat())
        )
        note = draw(TEXT)
        assume(not holds_personal_data(note))
        rows.append(
            {
                "period_start": start,
                "period_end": end,
                "state": state,
                "office": TOTAL,
                "nationality": nationality,
                "sex": TOTAL,
                "age_group": TOTAL,
                "claims": draw(st.integers(0, MAX_COUNT)),
                "unit": "persons",
                "source": "s",
                "note": note,
            }
        )
    return coerce(DATASETS["claims"], pd.DataFrame(rows).reindex(columns=DATASETS["claims"].columns, fill_value=""))


_STORE_DIR = tempfile.TemporaryDirectory()


def fresh_store(name: str) -> Store:
    """A store with the one source the frames cite (a file per test, examples publish over each other)."""
    store = Store(make_engine(f"sqlite:///{Path(_STORE_DIR.name) / name}.sqlite3"))
    store.create_schema()
    if store.current_version("sources") is None:
        publish_file(store, "sources", b"source_id,publisher\ns,UNHCR\n", file_name="s.csv", by="t", mode="replace")
    return store


@PROFILE
@given(frame=claims_frames(), fmt=st.sampled_from(["csv", "xlsx"]))
def test_export_then_validate_then_publish_round_trips(frame: pd.DataFrame, fmt: str) -> None:
    template = to_template("claims", frame)
    data = to_csv_bytes(template) if fmt == "csv" else to_xlsx_bytes(template)
    report = validate_table("claims", read_table("claims", data))
    assert report.ok, report.problems[:3]
    pd.testing.assert_frame_equal(report.frame, frame)
    store = fresh_store("round_trip")
    result = publish_file(
        store,
        "claims",
        data,
        file_name=f"x.{fmt}",
        by="hypothesis",
        mode="replace",
        expected_version=store.current_version("claims"),
    )
    assert result.version is not None
    pd.testing.assert_frame_equal(store.load("claims"), frame)
    store.engine.dispose()


def assert_a_report(dataset: str, data: bytes) -> None:
    """Reading and checking never raises; an unreadable file is a report with at least one error."""
    raw = read_table(dataset, data)
    report = validate_table(dataset, raw)
    assert isinstance(report, Report)
    assert report.ok or report.errors
    assert report.ok == (not report.errors) and (report.frame.empty or report.ok)


@PROFILE
@given(data=st.binary(max_size=3000), dataset=st.sampled_from(list(DATASETS)))
def test_arbitrary_bytes_give_a_report_never_a_crash(data: bytes, dataset: str) -> None:
    assert_a_report(dataset, data)


@PROFILE
@given(
    text=st.text(max_size=2000),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]),
    dataset=st.sampled_from(list(DATASETS)),
)
def test_arbitrary_text_gives_a_report_never_a_crash(text: str, encoding: str, dataset: str) -> None:
    assert_a_report(dataset, text.encode(encoding, errors="replace"))


@PROFILE
@given(
    cells=st.lists(
        st.lists(
            st.one_of(TEXT, st.sampled_from(["2024", "-1", "1,234", "Chiapas", "HND", '"', "", "31/02/2024"])),
            min_size=0,
            max_size=6,
        ),
        max_size=8,
    ),
    delimiter=st.sampled_from([",", ";", "\t"]),
    dataset=st.sampled_from(list(DATASETS)),
)
def test_files_that_look_like_the_real_thing_give_a_report(
    cells: list[list[str]], delimiter: str, dataset: str
) -> None:
    header = delimiter.join(DATASETS[dataset].template_columns[:5])
    body = "\n".join(delimiter.join(row) for row in cells)
    assert_a_report(dataset, (header + "\n" + body).encode())


def test_text_that_starts_with_an_apostrophe_and_an_equals_sign_round_trips() -> None:
    frame = coerce(
        DATASETS["claims"],
        pd.DataFrame(
            [
                {
                    "period_start": "2020-01-01",
                    "period_end": "2020-12-31",
                    "state": TOTAL,
                    "office": TOTAL,
                    "nationality": "HND",
                    "sex": TOTAL,
                    "age_group": TOTAL,
                    "claims": 1,
                    "unit": "persons",
                    "source": "s",
                    "note": "'=x",
                }
            ]
        ),
    )
    report = validate_table("claims", read_table("claims", to_csv_bytes(to_template("claims", frame))))
    assert report.frame["note"].tolist() == ["'=x"]


# ---- the aggregation rule over random marginal tables --------------------------------------------

RULE_PERIODS = [("2022-01-01", "2022-12-31"), ("2022-01-01", "2022-08-31"), ("2022-08-01", "2022-08-31")]
RULE_OFFICES = pd.DataFrame(
    {
        "office_id": ["tapachula", "palenque", "cdmx"],
        "state": ["07", "07", "09"],
        "year_opened": pd.array([None, None, None], dtype="Int64"),
    }
)
RULE_BREAKDOWNS = [(), ("state",), ("office",), ("nationality",), ("sex",), ("office", "sex")]


@st.composite
def marginal_tables(draw) -> pd.DataFrame:
    """Claims published as marginal tables (national, by state, by office, by nationality, by sex, office x sex) by
    one or two releases over a year, a cumulative Jan-Aug and a month. Row i holds 2**i (at most 60 rows), so any
    sum names the rows it added."""
    rows = []
    releases = draw(st.lists(st.sampled_from(["r1", "r2"]), min_size=1, max_size=2, unique=True))
    periods = draw(st.lists(st.sampled_from(RULE_PERIODS), min_size=1, max_size=2, unique=True))
    for source in releases:
        for start, end in periods:
            cells = [{}] if draw(st.booleans()) else []
            cells += [
                {"state": s, "office": o}
                for s, o in draw(
                    st.lists(st.sampled_from([("07", "tapachula"), ("07", "palenque"), ("09", "cdmx")]), unique=True)
                )
            ]
            cells += [{"state": s} for s in draw(st.lists(st.sampled_from(["07", "09"]), unique=True))]
            cells += [
                {"state": "07", "office": o, "sex": x}
                for o, x in draw(
                    st.lists(
                        st.sampled_from(  # a small cube
                            [("tapachula", "F"), ("tapachula", "M"), ("palenque", "F"), ("palenque", "M")]
                        ),
                        unique=True,
                    )
                )
            ]
            cells += [{"nationality": n} for n in draw(st.lists(st.sampled_from(["HND", "CUB", "_O"]), unique=True))]
            cells += [{"sex": x} for x in draw(st.lists(st.sampled_from(["F", "M"]), unique=True))]
            rows += [{"period_start": start, "period_end": end, "source": source, **cell} for cell in cells]
    assume(rows)
    base = {"state": TOTAL, "office": TOTAL, "nationality": TOTAL, "sex": TOTAL, "age_group": TOTAL, "unit": "persons"}
    frame = pd.DataFrame([{**base, **row, "claims": 2**i} for i, row in enumerate(rows)])
    return coerce(DATASETS["claims"], frame.reindex(columns=DATASETS["claims"].columns, fill_value=""))


def rows_in(value: int, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows whose 2**i values add up to `value` (each row's value is a distinct power of two)."""
    return frame[[(int(value) & int(v)) != 0 for v in frame["claims"]]]


def expected_breakdown(by: tuple[str, ...], level: str) -> tuple[str, ...]:
    """The breakdown of the rows a figure at `by` summed at `level` ('office', 'nationality+sex'; an office implies
    its state)."""
    dims = set(by) | set(filter(None, level.split("+")))
    if "office" in dims:
        dims.discard("state")
    return tuple(d for d in DIMENSIONS if d in dims)


@PROFILE
@given(frame=marginal_tables())
def test_no_figure_is_a_sum_across_levels_releases_or_periods(frame: pd.DataFrame) -> None:
    for by in RULE_BREAKDOWNS:
        for figure in figures(frame, "claims", by, offices=RULE_OFFICES).to_dict("records"):
            used = rows_in(figure["claims"], frame)
            assert int(used["claims"].sum()) == int(figure["claims"])
            for column in ("source", "unit", "period_start", "period_end", *by):
                assert set(used[column]) == {figure[column]}, (by, figure)  # one release, unit, period, cell
            assert set(breakdown_of(used)) == {expected_breakdown(by, figure["level"])}, (by, figure)  # one level
            if figure["basis"] == "total":
                assert len(used) == 1
            else:  # every row of that level in that release and period, and they cover it only if it says so
                same = frame[
                    (frame["source"] == figure["source"])
                    & (frame["period_start"] == figure["period_start"])
                    & (frame["period_end"] == figure["period_end"])
                ]
                for column in by:
                    same = same[same[column] == figure[column]]
                level_rows = same[breakdown_of(same) == expected_breakdown(by, figure["level"])]
                assert len(level_rows) == len(used)


@PROFILE
@given(frame=marginal_tables(), data=st.data())
def test_a_revision_of_one_cell_changes_that_cells_figure_only(frame: pd.DataFrame, data) -> None:
    position = data.draw(st.integers(0, len(frame) - 1))
    revised = frame.copy()
    revised.loc[revised.index[position], "claims"] = 2**62  # a value no sum of the other rows can reach
    cell = frame.iloc[position]
    changes = compare_versions(frame, revised, "claims")
    assert len(changes.figures) == 1
    moved = changes.figures.iloc[0]
    assert (int(moved["before"]), int(moved["after"])) == (int(cell["claims"]), 2**62)
    assert all(moved[c] == cell[c] for c in ("source", "period_start", "period_end", *DIMENSIONS))
    own = breakdown_of(frame.iloc[[position]]).iloc[0]
    key = ["source", "unit", "period_start", "period_end", *own]
    before = figures(frame, "claims", own, offices=RULE_OFFICES).set_index(key)["claims"]
    after = figures(revised, "claims", own, offices=RULE_OFFICES).set_index(key)["claims"]
    differs = before.index[before.ne(after.reindex(before.index))]
    assert list(differs) == [tuple(cell[c] for c in key)]  # at its own breakdown, only that cell's figure moved


@st.composite
def release_series(draw) -> tuple[pd.DataFrame, pd.DataFrame]:
    """An office's series as `queries.office_series` gives it: a few periods, each from one or more releases whose
    dates (full, month, year or none) often tie; and the sources naming those dates."""
    ids = [f"src-{i}" for i in range(draw(st.integers(1, 5)))]
    dates = st.sampled_from(["2024-03-05", "2024-03", "2024", "2023-12-31", ""])
    sources = pd.DataFrame({"source_id": ids, "publisher": ids, "as_of": [draw(dates) for _ in ids]})
    rows = draw(
        st.lists(st.tuples(st.sampled_from(["2023", "2024", "2025"]), st.sampled_from(ids)), min_size=1, max_size=12)
    )
    series = pd.DataFrame(
        [
            {"period_start": f"{year}-01-01", "period_end": f"{year}-12-31", "source": source, "claims": n}
            for n, (year, source) in enumerate(dict.fromkeys(rows))  # one figure per release and period
        ]
    )
    return series, sources


@PROFILE
@given(case=release_series())
def test_an_office_s_series_shows_the_release_every_other_cell_would(case) -> None:
    from mirps_dash.queries import latest_in_series, pick_latest_release

    # the Trends office chart picks its releases apart from the other cells, in plain Python: the same rule
    series, sources = case
    picked = pick_latest_release(series.assign(state="_T", office="_T"), sources)
    expected = [(int(n), list(tied)) for n, tied in zip(picked["claims"], picked["tied_sources"], strict=True)]
    assert [(int(series["claims"].iloc[row]), tied) for row, tied in latest_in_series(series, sources)] == expected

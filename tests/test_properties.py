"""Hypothesis properties: export -> validate -> publish round-trips; any bytes give a report, never a crash."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mirps_dash.codes import STATES, TOTAL
from mirps_dash.export import to_csv_bytes, to_template, to_xlsx_bytes
from mirps_dash.ingest import read_table
from mirps_dash.schema import DATASETS
from mirps_dash.service import publish_file
from mirps_dash.store import Store, make_engine
from mirps_dash.validate import CURP, EMAIL, PASSPORT, Report, coerce, find_phone, validate_table

PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Free text as staff type it: letters in any script, digits, punctuation, inner spaces (ends are trimmed on read).
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn")), max_size=40).map(str.strip)


def holds_personal_data(text: str) -> bool:
    return bool(CURP.search(text) or EMAIL.search(text) or PASSPORT.search(text) or find_phone(text))


@st.composite
def claims_frames(draw) -> pd.DataFrame:
    """Canonical claims frames with unique keys: months or years, states, countries, counts, notes."""
    keys = draw(st.lists(st.tuples(st.integers(1990, 2030), st.integers(0, 12), st.sampled_from([TOTAL, *STATES]),
                                   st.sampled_from([TOTAL, "_O", "HND", "HTI", "VEN", "CUB", "XXA"])),
                         min_size=1, max_size=12, unique=True))
    rows = []
    for year, month, state, nationality in keys:
        start, end = (f"{year}-01-01", f"{year}-12-31") if month == 0 else (
            f"{year}-{month:02d}-01", pd.Period(f"{year}-{month:02d}").end_time.date().isoformat())
        note = draw(TEXT)
        assume(not holds_personal_data(note))
        rows.append({"period_start": start, "period_end": end, "state": state, "office": TOTAL, "nationality": nationality,
                     "sex": TOTAL, "age_group": TOTAL, "claims": draw(st.integers(0, 10**9)), "unit": "persons",
                     "source": "s", "note": note})
    return coerce(DATASETS["claims"], pd.DataFrame(rows))


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
    result = publish_file(store, "claims", data, file_name=f"x.{fmt}", by="hypothesis", mode="replace",
                          expected_version=store.current_version("claims"))
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
@given(text=st.text(max_size=2000), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]),
       dataset=st.sampled_from(list(DATASETS)))
def test_arbitrary_text_gives_a_report_never_a_crash(text: str, encoding: str, dataset: str) -> None:
    assert_a_report(dataset, text.encode(encoding, errors="replace"))


@PROFILE
@given(cells=st.lists(st.lists(st.one_of(TEXT, st.sampled_from(["2024", "-1", "1,234", "Chiapas", "HND", '"', "", "31/02/2024"])),
                               min_size=0, max_size=6), max_size=8),
       delimiter=st.sampled_from([",", ";", "\t"]), dataset=st.sampled_from(list(DATASETS)))
def test_files_that_look_like_the_real_thing_give_a_report(cells: list[list[str]], delimiter: str, dataset: str) -> None:
    header = delimiter.join(DATASETS[dataset].template_columns[:5])
    body = "\n".join(delimiter.join(row) for row in cells)
    assert_a_report(dataset, (header + "\n" + body).encode())


def test_text_that_starts_with_an_apostrophe_and_an_equals_sign_round_trips() -> None:
    frame = coerce(DATASETS["claims"], pd.DataFrame([{
        "period_start": "2020-01-01", "period_end": "2020-12-31", "state": TOTAL, "office": TOTAL, "nationality": "HND",
        "sex": TOTAL, "age_group": TOTAL, "claims": 1, "unit": "persons", "source": "s", "note": "'=x"}]))
    report = validate_table("claims", read_table("claims", to_csv_bytes(to_template("claims", frame))))
    assert report.frame["note"].tolist() == ["'=x"]

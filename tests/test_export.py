"""Every CSV and XLSX the dashboard writes opens as text: no cell, header included, runs as a formula."""

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from mirps_dash.export import period_label, to_csv_bytes, to_xlsx_bytes


@pytest.mark.parametrize(("start", "end", "expected"), [
    ("2019-01-01", "2019-12-31", ("2019", "")),
    ("2019-03-01", "2019-03-31", ("2019-03", "")),
    ("2019-01-01", "2019-08-31", ("2019-01", "2019-08")),
    ("2013-01-01", "2024-12-31", ("2013", "2024")),
    ("2022-01-01", "2022-02-16", ("2022-01-01", "2022-02-16")),
    ("2020-06-30", "2020-06-30", ("2020-06-30", "")),
])
def test_periods_are_written_in_their_shortest_exact_form(start: str, end: str, expected: tuple[str, str]) -> None:
    assert period_label(start, end) == expected


TABLE = pd.DataFrame({"=HYPERLINK(1)": ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "'=x", "plain"], "n": [1, 2, 3, 4, 5, 6]})
GUARDED = ["'=1+1", "'+cmd", "'-2+3", "'@SUM(A1)", "''=x", "plain"]


def test_csv_cells_and_header_get_the_guard() -> None:
    written = pd.read_csv(io.BytesIO(to_csv_bytes(TABLE)), encoding="utf-8-sig", dtype=str)
    assert written.columns.tolist() == ["'=HYPERLINK(1)", "n"]
    assert written.iloc[:, 0].tolist() == GUARDED


def test_xlsx_has_no_formula_cell() -> None:
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes(TABLE, notes=["=evil()"]))).worksheets
    cells = [cell for ws in sheet for row in ws.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert [row[0] for row in sheet[0].iter_rows(min_row=2, values_only=True)] == GUARDED


LINE_BREAK_PAYLOADS = ["Ver nota\r=cmd|' /C calc'!A0", "a\n+1", "b\r\n@x", "2019\r=1+1\rmexico"]


def test_a_line_break_inside_a_cell_never_starts_an_unguarded_row() -> None:
    """A bare CR or LF in a field stays inside its quoted cell, as csv and spreadsheets read it back."""
    import csv

    frame = pd.DataFrame({"description": LINE_BREAK_PAYLOADS, "n": range(len(LINE_BREAK_PAYLOADS))})
    text = to_csv_bytes(frame).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [row[0] for row in rows[1:]] == LINE_BREAK_PAYLOADS
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)

"""Canonical frames back to template form, as CSV or XLSX bytes that open as text, never as formulas."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd

from mirps_dash.schema import DATASETS
from mirps_dash.validate import FORMULA_PREFIXES, month_end


def period_label(start: str, end: str) -> tuple[str, str]:
    """Shortest template spelling of a period: ('2019', ''), ('2019-03', ''), ('2019-01', '2019-08'), dates."""
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    starts_month = first.day == 1
    ends_month = last == month_end(last.year, last.month)
    if starts_month and first.month == 1 and last.month == 12 and ends_month:
        if first.year == last.year:
            return str(first.year), ""
        return str(first.year), str(last.year)
    if starts_month and ends_month:
        if (first.year, first.month) == (last.year, last.month):
            return first.strftime("%Y-%m"), ""
        return first.strftime("%Y-%m"), last.strftime("%Y-%m")
    return start, "" if start == end else end


def guard_formula(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe.

    Text that already starts with an apostrophe before = + - @ gets one more, so that import (which strips
    one) gives back exactly what was exported.
    """
    if isinstance(value, str) and (value.startswith(FORMULA_PREFIXES) or (value[:1] == "'" and value[1:2] in FORMULA_PREFIXES)):
        return "'" + value
    return value


def to_template(dataset_name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A canonical frame in the dataset's template columns, ready to write or to upload again."""
    dataset = DATASETS[dataset_name]
    out = frame[dataset.columns].copy()
    if "period_start" in out:
        labels = [period_label(s, e) for s, e in zip(out["period_start"], out["period_end"], strict=True)]
        out["period_start"] = [label[0] for label in labels]
        out["period_end"] = [label[1] for label in labels]
        out = out.rename(columns={"period_start": "period"})
    return out


def guard_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and header) carry the formula guard."""
    out = frame.rename(columns=guard_formula)
    for column in out.columns:
        if out[column].dtype == "str" or out[column].dtype == object:
            out[column] = out[column].map(guard_formula)
    return out


def csv_text(frame: pd.DataFrame, header: bool = True) -> str:
    """CSV text with CRLF line ends, so that every field holding a bare CR or LF is quoted: a line break
    inside a cell can never start a new, unguarded row."""
    return frame.to_csv(index=False, header=header, lineterminator="\r\n")


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a BOM (Excel then shows accents), text guarded so that no cell runs as a formula."""
    return csv_text(guard_frame(frame)).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "data", notes: list[str] | None = None) -> bytes:
    """An XLSX workbook; every text cell is guarded and written as a string, never as a formula.

    `notes` (source, filters) go to a second sheet, so the data sheet keeps its header on row 1.
    """
    from openpyxl import Workbook

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append([guard_formula(column) for column in frame.columns])
    for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None):
        worksheet.append([guard_formula(value) for value in row])
    for row in worksheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    if notes:
        about = workbook.create_sheet("about")
        for note in notes:
            about.append([guard_formula(note)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

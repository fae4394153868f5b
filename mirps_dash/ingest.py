"""Read uploaded bytes (CSV in any common encoding and delimiter, or XLSX) into a table of text cells.

Nothing here knows what the columns mean beyond their header aliases: values stay text, each row keeps
the row number a person sees in Excel (the header is row 1 of a CSV), and every problem found on the way
(ragged rows, unbalanced quotes, binary content, missing columns) becomes a `Problem`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

import pandas as pd
from charset_normalizer import from_bytes

from mirps_dash.codes import fold
from mirps_dash.schema import DATASETS, Dataset

DELIMITERS = (",", ";", "\t")
MAX_UPLOAD_MB = 25  # the same cap as server.maxUploadSize in .streamlit/config.toml (a test keeps them equal)
# A header naming one person's data: the dashboard holds aggregates only.
PERSONAL_DATA_HEADERS = {
    "nombre", "nombres", "name", "names", "full name", "first name", "last name", "nombre completo",
    "nombre del solicitante", "nombre de la persona", "e mail",
}
PERSONAL_DATA_WORDS = {
    "apellido", "apellidos", "surname", "curp", "pasaporte", "passport", "telefono", "phone", "celular", "mobile",
    "email", "correo", "domicilio", "address", "nacimiento", "birth", "rfc", "nss",
}
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls workbooks (and other Office 97 files)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: Excel row (None for the whole file), template column, value, message key."""

    row: int | None
    column: str | None
    value: str
    code: str
    params: dict = field(default_factory=dict, hash=False, compare=False)
    severity: str = "error"


@dataclass
class RawTable:
    """Text cells under template column names, with the Excel row number of each row."""

    frame: pd.DataFrame
    rows: list[int]
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    problems: list[Problem] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # template column -> the header as the file spells it


def header_lookup(dataset: Dataset) -> dict[str, str]:
    """Folded header spelling -> template column, for every column, alias and Spanish template header."""
    from mirps_dash.templates import HEADERS_ES

    lookup = {fold(column): column for column in dataset.template_columns}
    for column, aliases in dataset.aliases.items():
        for alias in aliases:
            lookup.setdefault(fold(alias), column)
    for column, header in HEADERS_ES.get(dataset.name, {}).items():
        lookup.setdefault(fold(header), column)
    return lookup


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text: NUL bytes or many control characters in the first 4 KB."""
    head = data[:4096]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    return controls > len(head) * 0.01


def is_personal_data_header(cell: str) -> bool:
    """True for a header that names personal data (names, CURP, passport, phone, e-mail, address)."""
    folded = fold(cell)
    return folded in PERSONAL_DATA_HEADERS or bool(set(folded.split()) & PERSONAL_DATA_WORDS)


def utf16_text(data: bytes) -> tuple[str, str] | None:
    """Text of a UTF-16 file with a byte-order mark (Excel's "Unicode text"), else None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (with or without BOM) when it decodes, else charset-normalizer's guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=["cp1252", "latin_1"]).best()
    encoding = best.encoding if best is not None else "cp1252"
    return data.decode(encoding, errors="replace"), encoding


def choose_delimiter(text: str, lookup: dict[str, str]) -> str:
    """The delimiter under which the file's header names the most known columns; the sniffer breaks ties."""
    lines = text.splitlines()[:30]
    scores = {}
    for delimiter in DELIMITERS:
        try:
            records = list(csv.reader(lines, delimiter=delimiter))
        except csv.Error:
            continue
        scores[delimiter] = max((sum(fold(cell) in lookup for cell in record) for record in records), default=0)
    best = max(scores.values(), default=0)
    if best == 0:
        return sniff_delimiter(text)
    leaders = [d for d, score in scores.items() if score == best]
    return leaders[0] if len(leaders) == 1 else (sniffed if (sniffed := sniff_delimiter(text)) in leaders else leaders[0])


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV text among comma, semicolon and tab."""
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        first = text.splitlines()[0] if text else ""
        return max(DELIMITERS, key=first.count)


def read_csv_records(text: str, delimiter: str) -> tuple[list[list[str]], list[Problem]]:
    """Records of a CSV text; an unbalanced quote stops reading with a problem naming its row."""
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for record in reader:
            records.append(record)
    except csv.Error as error:
        return records, [Problem(len(records) + 1, None, str(error), "unbalanced_quotes")]
    if text.count('"') % 2:
        return records, [Problem(len(records), None, "", "unbalanced_quotes")]
    return records, []


def cell_text(value: object) -> str:
    """One spreadsheet cell as text: dates ISO, whole floats without '.0', None empty."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx_records(data: bytes, sheet: str | None) -> tuple[list[list[str]], str]:
    """Rows of one worksheet (the first unless named) as text cells, and the sheet's name.

    Raises KeyError for a sheet the workbook does not have.
    """
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        records = [[cell_text(value) for value in row] for row in worksheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return records, worksheet.title


def find_header(records: list[list[str]], lookup: dict[str, str]) -> int:
    """Index of the record that looks most like the header (title rows above it are skipped)."""
    scores = [sum(fold(cell) in lookup for cell in record) for record in records[:30]]
    return max(range(len(scores)), key=lambda i: (scores[i], -i)) if scores else 0


def xlsx_sheet_names(data: bytes) -> list[str]:
    """Names of the worksheets in an XLSX file, for a sheet picker."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True)
    except Exception:  # a damaged workbook: read_table names the problem
        return []
    names = list(workbook.sheetnames)
    workbook.close()
    return names


def is_xlsx(data: bytes) -> bool:
    """True for an Office Open XML workbook (a zip with xl/workbook.xml)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        return "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        return False


def read_table(dataset_name: str, data: bytes, sheet: str | None = None) -> RawTable:
    """Bytes of a CSV or XLSX file -> text table under template column names, with file-level problems."""
    dataset = DATASETS[dataset_name]
    lookup = header_lookup(dataset)
    empty = RawTable(pd.DataFrame(columns=dataset.template_columns, dtype="str"), [])
    size_mb = len(data) / 1024 / 1024
    if size_mb > MAX_UPLOAD_MB:
        empty.problems.append(Problem(None, None, f"{size_mb:.1f}", "file_too_large", {"limit": MAX_UPLOAD_MB}))
        return empty
    if not data.strip():
        empty.problems.append(Problem(None, None, "", "empty_file"))
        return empty
    utf16 = utf16_text(data)
    if is_xlsx(data):
        try:
            records, sheet_name = read_xlsx_records(data, sheet)
        except KeyError:
            empty.problems.append(Problem(None, None, sheet or "", "unknown_sheet"))
            return empty
        except Exception as error:  # openpyxl raises many kinds for a damaged workbook
            empty.problems.append(Problem(None, None, type(error).__name__, "damaged_workbook"))
            return empty
        encoding, delimiter, problems = "xlsx", "", []
    elif data.startswith(OLE2_MAGIC):
        empty.problems.append(Problem(None, None, "", "old_excel"))
        return empty
    elif utf16 is None and looks_binary(data):
        empty.problems.append(Problem(None, None, "", "binary_file"))
        return empty
    else:
        text, encoding = utf16 or decode_text(data)
        if "\x00" in text:  # a NUL past the first 4 KB: still not a text file
            empty.problems.append(Problem(None, None, "", "binary_file"))
            return empty
        delimiter = choose_delimiter(text, lookup)
        records, problems = read_csv_records(text, delimiter)
        sheet_name = ""
    header_index = find_header(records, lookup) if records else 0
    return build_table(dataset, records, header_index, lookup, encoding, delimiter, sheet_name, problems)


def build_table(
    dataset: Dataset,
    records: list[list[str]],
    header_index: int,
    lookup: dict[str, str],
    encoding: str,
    delimiter: str,
    sheet: str,
    problems: list[Problem],
) -> RawTable:
    """Map the header to template columns and keep the data rows, noting ragged and empty rows."""
    header = [cell.strip() for cell in records[header_index]] if records else []
    while header and not header[-1]:
        header.pop()
    columns: list[str | None] = []
    for position, cell in enumerate(header, start=1):
        folded = fold(cell)
        column = lookup.get(folded)
        if column is None and is_personal_data_header(cell):
            problems.append(Problem(header_index + 1, cell, cell, "personal_data_column"))
            column = None
        elif column is None:
            problems.append(Problem(header_index + 1, cell or f"#{position}", cell, "unknown_column", severity="warning"))
        elif column in columns:
            problems.append(Problem(header_index + 1, column, cell, "duplicate_column"))
            column = None
        columns.append(column)
    for column in dataset.required:
        if column not in columns:
            problems.append(Problem(None, column, "", "missing_column"))

    kept = [i for i, column in enumerate(columns) if column is not None]
    rows: list[list[str]] = []
    row_numbers: list[int] = []
    for index in range(header_index + 1, len(records)):
        record = records[index]
        excel_row = index + 1
        if not any(cell.strip() for cell in record):
            continue
        extra = [cell for cell in record[len(header):] if cell.strip()]
        if extra or len(record) < len(header):
            problems.append(Problem(excel_row, None, str(len(record)), "ragged_row", {"expected": len(header)}))
            continue
        rows.append([record[i].strip() for i in kept])
        row_numbers.append(excel_row)
    names = [columns[i] for i in kept]
    frame = pd.DataFrame(rows, columns=names, dtype="str") if rows else pd.DataFrame(columns=names, dtype="str")
    if not rows and not any(p.code in {"empty_file", "binary_file", "unbalanced_quotes"} for p in problems):
        problems.append(Problem(None, None, "", "no_rows"))
    headers = {column: header[i] for i, column in enumerate(columns) if column is not None}
    return RawTable(frame, row_numbers, encoding, delimiter, sheet, problems, headers)

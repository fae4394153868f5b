"""Reading uploads: encodings x delimiters, Excel workbooks, aliases, templates, every class of bad file, config."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from mirps_dash import ingest
from mirps_dash.ingest import MAX_UPLOAD_MB, read_table, xlsx_sheet_names
from mirps_dash.schema import DATASETS
from mirps_dash.templates import template_csv, template_headers, template_xlsx
from mirps_dash.validate import problems_frame, validate_table

ROOT = Path(__file__).resolve().parents[1]
OFFICES = pd.DataFrame(
    {
        "office_id": ["tapachula", "cdmx"],
        "name": ["Tapachula", "Ciudad de México"],
        "city": ["Tapachula", "Mexico City"],
        "state": ["07", "09"],
    }
)
# A claims file as staff write it: Spanish headers, names with accents, es-MX thousands, day-first dates.
HEADER = ["Mes", "Entidad federativa", "Oficina", "País de origen", "Solicitudes", "Fuente", "Nota"]
ROWS = [
    ["2024-01", "Chiapas", "Tapachula", "Haití", "12,345", "comar", "Cifra preliminar; revisión en curso"],
    ["01/02/2024", "Ciudad de México", "", "Perú", "7", "comar", "Niñas y niños"],
    ["marzo 2024", "Nuevo León", "", "Venezuela", "1,002", "comar", "Monterrey, según la COMAR"],
    ["45383", "Edo. Méx.", "", "Honduras", "0", "comar", ""],
]


def csv_bytes(rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def check(data: bytes, dataset: str = "claims", sheet: str | None = None):
    return validate_table(dataset, read_table(dataset, data, sheet), offices=OFFICES)


def expected_claims() -> pd.DataFrame:
    report = check(csv_bytes([HEADER, *ROWS]))
    assert report.ok, report.problems
    return report.frame


def test_the_reference_file_reads_as_codes() -> None:
    frame = expected_claims()
    assert frame[["period_start", "period_end", "state", "office", "nationality", "claims"]].values.tolist() == [
        ["2024-01-01", "2024-01-31", "07", "tapachula", "HTI", 12345],
        ["2024-02-01", "2024-02-01", "09", "_T", "PER", 7],
        ["2024-03-01", "2024-03-31", "19", "_T", "VEN", 1002],
        ["2024-04-01", "2024-04-01", "15", "_T", "HND", 0],
    ]
    assert frame["note"].tolist()[:2] == ["Cifra preliminar; revisión en curso", "Niñas y niños"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_every_encoding_and_delimiter_gives_the_identical_table(encoding: str, delimiter: str) -> None:
    raw = read_table("claims", csv_bytes([HEADER, *ROWS], delimiter, encoding))
    assert raw.delimiter == delimiter
    report = validate_table("claims", raw, offices=OFFICES)
    assert report.ok, report.problems
    pd.testing.assert_frame_equal(report.frame, expected_claims())


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [
        ("utf-8", {"utf-8"}),
        ("utf-8-sig", {"utf-8-sig"}),
        ("cp1252", {"cp1252", "latin_1"}),
        ("latin-1", {"cp1252", "latin_1"}),
    ],
)
def test_the_encoding_is_detected_not_assumed(encoding: str, detected: set[str]) -> None:
    assert read_table("claims", csv_bytes([HEADER, *ROWS], ";", encoding)).encoding in detected


def test_cp1252_only_characters_survive() -> None:
    rows = [HEADER, ["2024", "Chiapas", "", "Honduras", "5", "comar", "“Entre comillas” – 5 €"]]
    assert check(csv_bytes(rows, ";", "cp1252")).frame.iloc[0]["note"] == "“Entre comillas” – 5 €"


def test_xlsx_header_below_title_rows_and_rows_numbered_as_in_excel() -> None:
    rows = [
        ["Solicitudes de asilo por entidad, 2024"],
        ["Fuente: COMAR"],
        [],
        HEADER,
        [dt.datetime(2024, 1, 1), "Chiapas", "Tapachula", "Haití", 12345, "comar", None],
        ["2024-02", "Atlantis", None, "Perú", 7, "comar", None],
    ]
    report = check(xlsx_bytes({"Hoja1": rows}))
    assert [(p.row, p.column, p.value, p.code) for p in report.errors] == [(6, "state", "Atlantis", "unknown_state")]
    good = check(xlsx_bytes({"Hoja1": rows[:5]}))
    assert good.ok and good.frame.iloc[0][["period_start", "claims"]].tolist() == ["2024-01-01", 12345]
    assert good.sheet == "Hoja1"


def test_xlsx_first_sheet_or_a_chosen_one() -> None:
    data = xlsx_bytes({"Notas": [["Léame"], ["nada que leer"]], "Datos": [HEADER, *ROWS]})
    assert xlsx_sheet_names(data) == ["Notas", "Datos"]
    assert not check(data).ok
    chosen = check(data, sheet="Datos")
    assert chosen.ok and len(chosen.frame) == 4
    assert [p.code for p in check(data, sheet="Otra").errors] == ["unknown_sheet"]


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Mes", "period"),
        ("Periodo", "period"),
        ("Fecha", "period"),
        ("Entidad federativa", "state"),
        ("Estado", "state"),
        ("Oficina", "office"),
        ("Nacionalidad", "nationality"),
        ("País de origen", "nationality"),
        ("Solicitudes", "claims"),
        ("PERIODO ", "period"),
        ("pais de origen", "nationality"),
    ],
)
def test_spanish_and_english_headers_and_aliases(header: str, column: str) -> None:
    assert column in read_table("claims", f"{header},x\n1,2\n".encode()).frame.columns


def test_pledge_fields_by_their_spanish_names() -> None:
    text = (
        "Id del compromiso,Título,Título en inglés,Área de enfoque,Estatus,Año,Monto (USD),Fuente\n"
        'p1,Escuelas para todos,Schools for all,Educación,Cumplido,2023,"1,500,000",s\n'
    )
    report = validate_table("pledges", read_table("pledges", text.encode()))
    assert report.ok, report.problems
    row = report.frame.iloc[0]
    assert (row["title_es"], row["title_en"], row["area_of_focus"], row["status"], row["amount_usd"]) == (
        "Escuelas para todos",
        "Schools for all",
        "Education",
        "Fulfilled",
        1_500_000.0,
    )


@pytest.mark.parametrize(
    ("cell", "state", "nationality"), [("07", "07", "HTI"), ("Chiapas", "07", "HTI"), ("7", "07", "HTI")]
)
def test_names_or_codes_for_states_and_countries(cell: str, state: str, nationality: str) -> None:
    for country in ("HTI", "Haití", "Haiti"):
        frame = check(f"period,state,nationality,claims,source\n2024,{cell},{country},1,s\n".encode()).frame
        assert frame.iloc[0][["state", "nationality"]].tolist() == [state, nationality]


@pytest.mark.parametrize(
    ("cell", "start"),
    [
        ("01/03/2024", "2024-03-01"),
        ("13/01/2024", "2024-01-13"),
        ("2024-03-01", "2024-03-01"),
        ("45352", "2024-03-01"),
        ("1/3/2024", "2024-03-01"),
        ("ene-2024", "2024-01-01"),
    ],
)
def test_dates_are_day_first_iso_or_excel(cell: str, start: str) -> None:
    assert check(f"period,claims,source\n{cell},1,s\n".encode()).frame.iloc[0]["period_start"] == start


@pytest.mark.parametrize("cell", ["01/13/2024", "31/02/2024", "29/02/2023", "2024-02-30", "2024-13"])
def test_an_impossible_date_is_an_error_never_a_swapped_day_and_month(cell: str) -> None:
    report = check(f"period,claims,source\n{cell},1,s\n".encode())
    assert [(p.row, p.column, p.value, p.code) for p in report.errors] == [(2, "period", cell, "impossible_date")]


# ---- every class of bad input, built here; each refused with Excel row, column, value and a message -----------

BAD_FILES = {
    "ragged_row": (b"period,claims,source\n2024,1,s\n2024-02,2,s,extra\n", 3, None, "ragged_row"),
    "first_row_longer": (b"period,claims,source\n2024,1,s,extra\n", 2, None, "ragged_row"),
    "short_row": (b"period,claims,source\n2024,1\n", 2, None, "ragged_row"),
    "unbalanced_quote": (b'period,claims,source,note\n2024,1,s,ok\n2024-02,2,s,"open\n', 3, None, "unbalanced_quotes"),
    "negative": (b"period,claims,source\n2024,-5,s\n", 2, "claims", "negative_count"),
    "not_a_number": (b"period,claims,source\n2024,doce,s\n", 2, "claims", "not_a_count"),
    "decimal_count": (b"period,claims,source\n2024,12.5,s\n", 2, "claims", "not_a_count"),
    "unknown_state": (b"period,state,claims,source\n2024,Atlantis,5,s\n", 2, "state", "unknown_state"),
    "unknown_country": (b"period,nationality,claims,source\n2024,Narnia,5,s\n", 2, "nationality", "unknown_country"),
    "unknown_office": (b"period,office,claims,source\n2024,Hogwarts,5,s\n", 2, "office", "unknown_office"),
    "duplicate_key": (b"period,state,claims,source\n2024,Chiapas,1,s\n2024,07,2,s\n", 3, "key", "duplicate_key"),
    "missing_column": (b"period,source\n2024,s\n", None, "claims", "missing_column"),
    "empty": (b"", None, None, "empty_file"),
    "blank": (b" \r\n\r\n", None, None, "empty_file"),
    "header_only": (b"period,claims,source\r\n", None, None, "no_rows"),
    "binary_named_csv": (bytes(range(256)) * 20, None, None, "binary_file"),
    "png_named_csv": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), None, None, "binary_file"),
    "old_xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), None, None, "old_excel"),
    "damaged_xlsx": (b"PK\x03\x04" + b"xl/workbook.xml" + bytes(100), None, None, "binary_file"),
    "name_column": ("period,claims,source,Nombre\n2024,1,s,Ana Pérez\n".encode(), 1, "Nombre", "personal_data_column"),
    "curp_column": (b"period,claims,source,CURP\n2024,1,s,x\n", 1, "CURP", "personal_data_column"),
    "passport_column": (
        "period,claims,source,Número de pasaporte\n2024,1,s,x\n".encode(),
        1,
        "Número de pasaporte",
        "personal_data_column",
    ),
    "phone_column": ("period,claims,source,Teléfono\n2024,1,s,x\n".encode(), 1, "Teléfono", "personal_data_column"),
    "curp_cell": (b"period,claims,source,note\n2024,1,s,caso GODE561231HDFRRN09\n", 2, "note", "personal_data"),
    "phone_cell": (b"period,claims,source,note\n2024,1,s,llamar al 55 1234 5678\n", 2, "note", "personal_data"),
    "passport_cell": (b"period,claims,source,note\n2024,1,s,pasaporte G12345678\n", 2, "note", "personal_data"),
    "email_cell": (b"period,claims,source,note\n2024,1,s,ana.perez@correo.mx\n", 2, "note", "personal_data"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_each_class_of_bad_input_is_refused_with_row_column_and_value(name: str) -> None:
    data, row, column, code = BAD_FILES[name]
    report = check(data)
    assert not report.ok and report.frame.empty
    assert (row, column, code) in [(p.row, p.column, p.code) for p in report.errors]
    for lang in ("es", "en"):
        table = problems_frame(report.problems, lang)
        assert table.iloc[:, 3].str.len().min() > 10  # a sentence, not a code


def test_a_real_zip_that_is_not_a_workbook_and_a_damaged_workbook() -> None:
    good = xlsx_bytes({"Hoja1": [HEADER, *ROWS]})
    broken = good[:200] + bytes(len(good) - 200)
    assert [p.code for p in check(broken).errors] in (["damaged_workbook"], ["binary_file"])


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("es", ["2", "claims", "-5", "«-5» es negativo; se espera un número entero de cero o más."]),
        ("en", ["2", "claims", "-5", "“-5” is negative; a whole number of zero or more is expected."]),
    ],
)
def test_messages_in_the_users_language(lang: str, expected: list[str]) -> None:
    assert problems_frame(check(BAD_FILES["negative"][0]).problems, lang).iloc[0].tolist() == expected


def test_personal_data_kind_is_named_in_the_users_language() -> None:
    problems = check(BAD_FILES["passport_cell"][0]).problems
    assert "número de pasaporte" in problems_frame(problems, "es").iloc[0, 3]
    assert "passport number" in problems_frame(problems, "en").iloc[0, 3]


def test_every_bad_cell_is_reported_not_only_the_first() -> None:
    body = "".join(f"2024-{m:02d},-{m},s\n" for m in range(1, 13))
    report = check(("period,claims,source\n" + body).encode())
    assert [p.row for p in report.errors] == list(range(2, 14))


# ---- templates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", list(DATASETS))
@pytest.mark.parametrize("lang", ["es", "en"])
def test_templates_read_back_to_the_dataset_columns(dataset: str, lang: str) -> None:
    for data in (template_csv(dataset, lang), template_xlsx(dataset, lang)):
        raw = read_table(dataset, data)
        assert list(raw.frame.columns) == DATASETS[dataset].template_columns
        assert [p.code for p in raw.problems] == ["no_rows"]


def test_the_spanish_template_has_spanish_headers_and_a_help_sheet() -> None:
    assert template_headers("claims", "es")[:5] == [
        "Periodo",
        "Fin del periodo",
        "Entidad federativa",
        "Oficina",
        "Nacionalidad",
    ]
    assert "Solicitudes" in template_headers("claims", "es")
    assert template_headers("claims", "en")[:2] == ["period", "period_end"]
    workbook = load_workbook(io.BytesIO(template_xlsx("claims", "es")))
    assert workbook.sheetnames == ["datos", "ayuda"]
    help_rows = list(workbook["ayuda"].iter_rows(values_only=True))
    assert help_rows[0] == ("columna", "obligatoria", "qué escribir", "significado (inglés)")
    assert help_rows[[r[0] for r in help_rows].index("Solicitudes")][:2] == ("Solicitudes", "sí")


def test_a_filled_spanish_template_validates() -> None:
    workbook = load_workbook(io.BytesIO(template_xlsx("claims", "es")))
    sheet = workbook["datos"]
    values = {
        "Periodo": "2024-05",
        "Oficina": "Tapachula",
        "Nacionalidad": "Cuba",
        "Solicitudes": 1500,
        "Fuente": "comar",
    }
    sheet.append([values.get(cell.value) for cell in sheet[1]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = check(buffer.getvalue())
    assert report.ok, report.problems
    assert report.frame.iloc[0][["state", "office", "nationality", "claims"]].tolist() == [
        "07",
        "tapachula",
        "CUB",
        1500,
    ]


# ---- hardened configuration ------------------------------------------------------------------------------


def test_config_turns_on_xsrf_caps_uploads_and_hides_error_details() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB == 25
    assert config["client"]["showErrorDetails"] in ("none", False)
    assert config["client"]["toolbarMode"] == "viewer"


def test_config_hides_streamlits_own_table_export_which_has_no_formula_guard() -> None:
    """Streamlit's "Download as CSV" on every table leaves a bare CR unquoted and '=...' as written: only the
    dashboard's own downloads, which guard both, are offered."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["disableDataExport"] is True


def test_a_file_above_the_cap_is_refused_with_its_size_named() -> None:
    data = b"period,claims,source\n" + b"2024,1,s\n" * (MAX_UPLOAD_MB * 1024 * 1024 // 9 + 10_000)
    report = check(data)
    assert [p.code for p in report.errors] == ["file_too_large"]
    assert problems_frame(report.problems, "en").iloc[0, 3] == "The file is 25.1 MB; the limit is 25 MB."
    assert problems_frame(report.problems, "es").iloc[0, 3] == "El archivo pesa 25.1 MB; el límite es 25 MB."


def test_problems_name_the_column_as_the_file_spells_it_in_row_order() -> None:
    text = (
        "Periodo;Entidad federativa;Solicitudes;Fuente;Nota\n2024;Atlantis;1;s;\n2024-02;Chiapas;2;s;tel 55 1234 5678\n"
    )
    report = check(text.encode("cp1252"))
    table = problems_frame(report.problems, "es", report.headers)
    assert table[["fila", "columna", "valor"]].values.tolist() == [
        ["2", "Entidad federativa", "Atlantis"],
        ["3", "Nota", "tel 55 1234 5678"],
    ]


# ---- the C-parser path reads every file as the csv module does ----------------------------------------------


def read_by_csv_module(dataset: str, data: bytes, monkeypatch: pytest.MonkeyPatch):
    """read_table with the C parsers switched off, so every CSV goes through the csv module."""
    with monkeypatch.context() as patch:
        patch.setattr(ingest, "read_csv_cells", lambda *args: None)
        return read_table(dataset, data)


def assert_same_reading(data: bytes, monkeypatch: pytest.MonkeyPatch, dataset: str = "claims") -> None:
    fast, slow = read_table(dataset, data), read_by_csv_module(dataset, data, monkeypatch)
    pd.testing.assert_frame_equal(fast.frame, slow.frame)
    assert fast.rows == slow.rows
    assert [(p.row, p.column, p.value, p.code, p.params, p.severity) for p in fast.problems] == [
        (p.row, p.column, p.value, p.code, p.params, p.severity) for p in slow.problems
    ]
    assert (fast.encoding, fast.delimiter, fast.sheet, fast.headers) == (
        slow.encoding,
        slow.delimiter,
        slow.sheet,
        slow.headers,
    )
    fast_report, slow_report = (
        validate_table(dataset, fast, offices=OFFICES),
        validate_table(dataset, slow, offices=OFFICES),
    )
    pd.testing.assert_frame_equal(fast_report.frame, slow_report.frame)
    assert [(p.row, p.column, p.value, p.code, p.params) for p in fast_report.problems] == [
        (p.row, p.column, p.value, p.code, p.params) for p in slow_report.problems
    ]


SAME_READING = {
    "reference": (csv_bytes([HEADER, *ROWS]), True),
    "bom": (csv_bytes([HEADER, *ROWS], ",", "utf-8-sig"), True),
    "latin_1_semicolon": (csv_bytes([HEADER, *ROWS], ";", "latin-1"), True),
    "cp1252_tab": (csv_bytes([HEADER, *ROWS], "\t", "cp1252"), True),
    "utf_16": (csv_bytes([HEADER, *ROWS], ";", "utf-16"), True),
    "quoted_newlines": (b'period,claims,source,note\n2024,1,s,"two\nlines"\n2024-02,2,s,"a, ""quoted"" word"\n', True),
    "quoted_crlf_and_empty": (b'period,claims,source,note\r\n2024,1,s,"x\r\ny"\r\n2024-02,2,s,""\r\n', True),
    "lone_cr_lines": (b"period,claims,source\r2024,1,s\r2024-02,2,s\r", True),
    "formula_guarded": (
        b"period,claims,source,note\n2024,1,s,'=HYPERLINK(1)\n2024-02,2,s,''+x\n2024-03,3,s,'@me\n",
        True,
    ),
    "bad_rows": (
        b"period,claims,source\n2024,1,s\n2024-02,2,s,extra\n\n  \n2024-03\n2024-04,4,s,,\n2024-05,-5,s\n",
        True,
    ),
    "title_rows": (b"Solicitudes 2024\nFuente: COMAR\n\nperiod,claims,source\n2024,1,s\n", True),
    "no_header_match": (b"a,b\n1,2\n", True),
    "padded_cells": ("period , claims,source,note\n 2024 ,\u00a01\u3000, s ,\x1cnota\x1f\n".encode(), True),
    "stray_quote": (b'period,claims,source,note\n2024,1,s,5" screen\n', False),
    "junk_after_quote": (b'period,claims,source,note\n2024,1,s,"a"b\n', False),
    "unclosed_quote": (b'period,claims,source,note\n2024,1,s,ok\n2024-02,2,s,"open\n', False),
    "personal_data": (b"period,claims,source,note\n2024,1,s,llamar al 55 1234 5678\n2024-02,2,s,ana@correo.mx\n", True),
}


@pytest.mark.parametrize("name", list(SAME_READING))
def test_the_c_parser_path_reads_as_the_csv_module_does(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    data, fast = SAME_READING[name]
    assert_same_reading(data, monkeypatch)
    text, _ = ingest.utf16_text(data) or ingest.decode_text(data)
    delimiter = ingest.choose_delimiter(text, ingest.header_lookup(DATASETS["claims"]))
    assert (ingest.read_csv_cells(text, delimiter) is not None) == fast  # which path the file takes


def test_a_synthetic_file_with_bad_rows_reads_the_same_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ["period;state;office;claims;source;note"]
    for index in range(3000):
        lines.append(f"2024-{index % 12 + 1:02d};07;tapachula;{index};s;{'' if index % 7 else 'n'}")
    lines[100] += ";extra"
    lines[200] = "2024-01;07"
    lines[300] = ""
    data = "\r\n".join(lines).encode("cp1252")
    assert_same_reading(data, monkeypatch)


def test_line_ends_and_delimiters_are_counted_across_blocks() -> None:
    data = b"a,b,c\r\n1,2\r3,4,5,6\n\n7" * 5
    # As the csv module reads it, except that a blank line counts one (empty) cell.
    expected = [max(len(record), 1) for record in csv.reader(io.StringIO(data.decode(), newline=""))]
    assert expected[:6] == [3, 2, 4, 1, 3, 2]
    for block in (1, 3, 7, 1 << 23):
        assert ingest.field_counts(data, ",", block).tolist() == expected
    assert ingest.count_records(data) == len(expected)


def test_python_whitespace_is_what_str_strip_strips() -> None:
    import sys

    whitespace = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    assert whitespace == ingest.PYTHON_WHITESPACE


# ---- the files of issue 10, as COMAR's figures reach staff ----------------------------------------------------

ISSUE_HEADER = ["Mes", "Entidad federativa", "Nacionalidad", "Solicitudes", "Fuente"]
ISSUE_ROWS = [
    ["01/02/2024", "Chiapas", "Honduras", "12,345", "comar"],
    ["marzo 2024", "Tabasco", "Haití", "1,002", "comar"],
]
ISSUE_EXPECTED = [["2024-02-01", "2024-02-01", "07", "HND", 12345], ["2024-03-01", "2024-03-31", "27", "HTI", 1002]]
ISSUE_FILES = {
    "cp1252_semicolons": lambda: csv_bytes([ISSUE_HEADER, *ISSUE_ROWS], ";", "cp1252"),
    "utf8_bom": lambda: csv_bytes([ISSUE_HEADER, *ISSUE_ROWS], ",", "utf-8-sig"),
    "latin1_tabs": lambda: csv_bytes([ISSUE_HEADER, *ISSUE_ROWS], "\t", "latin-1"),
    "es_mx_thousands_quoted": lambda: csv_bytes([ISSUE_HEADER, *ISSUE_ROWS], ",", "utf-8"),
    "excel_title_rows_and_a_note": lambda: xlsx_bytes(
        {
            "Hoja1": [
                ["Solicitudes de la condición de refugiado"],
                ["Fuente: COMAR"],
                [],
                ISSUE_HEADER,
                [dt.datetime(2024, 2, 1), "Chiapas", "Honduras", 12345, "comar"],
                ["marzo 2024", "Tabasco", "Haití", 1002, "comar"],
                [],
                ["Cifras preliminares, sujetas a revisión"],
            ]
        }
    ),
}


@pytest.mark.parametrize("name", list(ISSUE_FILES))
def test_the_issues_files_read_to_the_same_canonical_rows(name: str) -> None:
    raw = read_table("claims", ISSUE_FILES[name]())
    report = validate_table("claims", raw, offices=OFFICES)
    assert report.ok and not report.problems, report.problems
    assert (
        report.frame[["period_start", "period_end", "state", "nationality", "claims"]].values.tolist() == ISSUE_EXPECTED
    )


def test_a_workbooks_title_and_note_rows_are_kept_as_notes() -> None:
    raw = read_table("claims", ISSUE_FILES["excel_title_rows_and_a_note"]())
    assert raw.titles == ["Solicitudes de la condición de refugiado", "Fuente: COMAR"]
    assert raw.notes == ["Fuente: COMAR", "Cifras preliminares, sujetas a revisión"]


def test_a_csv_with_a_note_below_the_table_is_no_longer_a_ragged_row() -> None:
    data = csv_bytes([ISSUE_HEADER, *ISSUE_ROWS, [], ["Fuente: COMAR, boletín de marzo de 2024"]], ";", "cp1252")
    raw = read_table("claims", data)
    assert [p.code for p in raw.problems] == [] and raw.rows == [2, 3]
    assert raw.notes == ["Fuente: COMAR, boletín de marzo de 2024"]


WIDE_BY_MONTH = csv_bytes(
    [
        ["Solicitudes por entidad federativa, 2024"],
        ["Entidad federativa", "Ene", "Feb", "Total", "Fuente"],
        ["Chiapas", "1,200", "950", "2,150", "comar"],
        ["Total", "1,200", "950", "2,151", "comar"],
        [],
        ["Fuente: COMAR"],
    ],
    ";",
    "cp1252",
)


@pytest.mark.parametrize(
    "data", [WIDE_BY_MONTH, WIDE_BY_MONTH.replace(b";", b"\t"), WIDE_BY_MONTH.decode("cp1252").encode("utf-16")]
)
def test_a_wide_table_reads_the_same_through_the_c_parser_and_the_csv_module(
    data: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_same_reading(data, monkeypatch)
    raw = read_table("claims", data)
    assert raw.shape == "wide" and raw.notes == ["Fuente: COMAR"]
    assert [(p.row, p.column, p.code) for p in raw.problems] == [(4, "Total", "total_mismatch")]

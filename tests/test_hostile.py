"""Hostile and careless files (issue 15) through the command line: each refused with a message naming what is wrong
(row, column, value where there is one) in the reader's language, nothing published. Time and memory: bench/."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from bench.hostile_bench import (
    MAIN,
    bomb_empty_rows,
    bomb_long_cells,
    bomb_outside_cells,
    bomb_shared_string,
    bomb_styled_rows,
    bomb_styles,
    data_rows,
    inline,
    sheet_xml,
    styled_numbered_rows,
    table_rows,
    unique_rows,
    workbook,
)
from mirps_dash import views
from mirps_dash.cli import main
from mirps_dash.ingest import MAX_CELL_CHARS, MAX_COLUMNS, MAX_PROBLEMS, MAX_ROWS, MAX_XLSX_CELLS, read_table
from mirps_dash.validate import problems_frame, validate_table


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One seeded SQLite store for the module's CLI runs (seeding once keeps the module fast)."""
    path = tmp_path_factory.mktemp("hostile") / "app.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("MIRPS_DATABASE_URL", raising=False)
        patch.setenv("MIRPS_SQLITE_PATH", str(path))
        assert main(["init"]) == 0
        yield path


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def versions(capsys: pytest.CaptureFixture[str], dataset: str) -> str:
    return cli(capsys, "versions", dataset)[1]


def refused(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    data: bytes,
    dataset: str = "claims",
    suffix: str = ".xlsx",
    lang: str = "en",
) -> str:
    """Validate and publish a file through the CLI: both refuse it, nothing is stored; the report is returned."""
    path = tmp_path / f"hostile{suffix}"
    path.write_bytes(data)
    before = versions(capsys, dataset)
    code, _, err = cli(capsys, "validate", dataset, str(path), "--lang", lang, "--source", "unhcr-stats")
    assert code == 1
    assert cli(capsys, "publish", dataset, str(path), "--by", "test", "--source", "unhcr-stats")[0] == 1
    assert versions(capsys, dataset) == before
    assert "Traceback" not in err and "Error" not in err.split("\n")[0]
    return err


# ---- XLSX: the three bombs and the bounds behind them ------------------------------------------------


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        # 4M styled empty rows with no row numbers and no dimension (0.5 MB here, 0.97 MB in the issue)
        (lambda: bomb_empty_rows(4_000_000), "unpacks to 343 times its size: not a normal Excel workbook"),
        # formatted rows down to row 1,048,575, the dimension saying so
        (
            lambda: bomb_styled_rows(dimension=True, columns=1),
            "The sheet has 1,048,575 rows (empty formatted rows count",
        ),
        # the same without a dimension: counted while streaming, stopped at the cap
        (lambda: bomb_styled_rows(dimension=False, columns=1), "The sheet has > 100,000 rows"),
        # one 60 MiB shared string in 40 cells (64 KB)
        (lambda: bomb_shared_string(), "“xl/sharedStrings.xml” of the workbook unpacks to"),
        # a long shared string in a small file, where the ratio says nothing
        (
            lambda: bomb_shared_string(200_000, 40),
            "The workbook holds a text of 200,000 characters; a cell holds at most 131,072",
        ),
    ],
    ids=["4M-empty-rows", "1M-styled-rows", "1M-styled-rows-no-dimension", "60MiB-shared-string", "long-shared-string"],
)
def test_each_workbook_bomb_is_refused_with_a_message(
    cli_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], make, expected: str
) -> None:
    assert expected in refused(capsys, tmp_path, make())


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        # the audit's junk sheet: 300 MB of <extLst> (16.9 MB, ratio 18.7): 98 s and 5.2 GB before, now stopped
        # after the first 4 MB outside <sheetData> (6 MB here)
        (
            lambda: bomb_outside_cells(6),
            "The sheet “xl/worksheets/sheet1.xml” of the workbook holds > 4 MB outside its cells",
        ),
        # a sheet past its size in cells each under the cell cap
        (
            lambda: bomb_long_cells(70),
            "The part “xl/worksheets/sheet1.xml” of the workbook takes 70 MB unpacked; at most 64 MB are read",
        ),
        # a styles part of 150,000 cell formats, varied so that no ratio flags it
        (bomb_styles, "The part “xl/styles.xml” of the workbook takes 12 MB unpacked; at most 8 MB are read"),
    ],
    ids=["6MB-outside-cells", "70MB-sheet", "12MB-styles"],
)
def test_a_workbook_part_past_its_size_is_refused_naming_the_part(
    cli_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], make, expected: str
) -> None:
    assert expected in refused(capsys, tmp_path, make())


def test_a_part_past_its_size_is_named_in_spanish(
    cli_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = refused(capsys, tmp_path, bomb_outside_cells(6), lang="es")
    assert "La hoja «xl/worksheets/sheet1.xml» del libro tiene > 4 MB fuera de sus celdas" in err


def test_cells_in_a_prefixed_sheet_data_are_not_counted_outside_it() -> None:
    """Some writers prefix the namespace (<x:sheetData>): 6 MB of rows inside it are cells, not junk."""
    rows = b"".join(table_rows(unique_rows(40_000)))
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="'
        + MAIN
        + b'"><x:sheetData>'
        + rows.replace(b"<", b"<x:").replace(b"<x:/", b"</x:")
        + b"</x:sheetData></x:worksheet>"
    )
    assert len(rows) > 6 * 1024 * 1024
    assert [p.code for p in read_table("claims", workbook([sheet])).problems] == []


def test_a_bomb_is_refused_in_spanish_too(cli_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(capsys, tmp_path, bomb_shared_string(200_000, 3), lang="es")
    assert "El libro tiene un texto de 200,000 caracteres; una celda admite hasta 131,072" in err


def test_a_dimension_wider_than_the_cap_is_refused_before_any_row_is_padded(
    cli_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = workbook(sheet_xml(table_rows(data_rows(2)), dimension="A1:XFD3"))
    assert f"The row has 16,384 columns; at most {MAX_COLUMNS:,} are read" in refused(capsys, tmp_path, data)


def test_a_formula_without_a_saved_result_is_an_error_naming_its_cell(
    cli_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        *table_rows([("period", "claims", "source")]),
        b'<row r="2">' + inline("A2", "2024") + b'<c r="B2"><f>SUM(1,2)</f></c>' + inline("C2", "s") + b"</row>",
    ]
    err = refused(capsys, tmp_path, workbook(sheet_xml(rows)))
    assert "Cell B2 holds a formula with no saved result: open the file in Excel and save it" in err


def test_a_formula_with_its_saved_result_reads_as_the_result() -> None:
    rows = [
        *table_rows([("period", "claims", "source")]),
        b'<row r="2">'
        + inline("A2", "2024")
        + b'<c r="B2"><f>SUM(1,2)</f><v>3</v></c>'
        + inline("C2", "s")
        + b"</row>",
    ]
    raw = read_table("claims", workbook(sheet_xml(rows)))
    assert raw.problems == [] and raw.frame["claims"].tolist() == ["3"]


def test_a_sheet_without_a_dimension_has_no_ragged_rows() -> None:
    """Rows that end early (their last cells empty) were called ragged when the sheet had no <dimension>."""
    rows = [("period", "claims", "source", "note"), ("2024", "1", "s"), ("2024-02", "2", "s", "revisada")]
    report = validate_table("claims", read_table("claims", workbook(sheet_xml(table_rows(rows), dimension=None))))
    assert report.ok, report.problems
    assert report.frame["note"].tolist() == ["", "revisada"]


def test_xml_entities_are_never_expanded(cli_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>'
    )
    assert "The Excel workbook is damaged and cannot be read" in refused(capsys, tmp_path, workbook([laughs]))


# ---- CSV bounds --------------------------------------------------------------------------------------------

LONG = "x" * (MAX_CELL_CHARS + 1)


@pytest.mark.parametrize(
    ("body", "row", "column", "code", "value"),
    [
        (f"period,claims,source,note\n2024,1,s,ok\n2024-02,2,s,{LONG}\n", 3, "note", "cell_too_long", "131,073"),
        (f'period,claims,source,note\n2024,1,s,"{LONG}"\n', 2, "note", "cell_too_long", "131,073"),
        ("period,claims,source\n2024,1,s" + "," * MAX_COLUMNS + "\n", 2, None, "too_many_columns", "1,003"),
        ("period,claims,source\r2024,1,s\r2024,1,s" + "," * MAX_COLUMNS + "\r", 3, None, "too_many_columns", "1,003"),
        ("period,claims,source\r\n2024,1,s" + "," * MAX_COLUMNS + "\r\n", 2, None, "too_many_columns", "1,003"),
        (
            "period,claims,source,note\n" + "2023,1,s,ok\n" * 40 + "2024,1,s,\x1b[2J\x1b]0;pwned\x07\n",
            42,
            "note",
            "control_character",
            "\\x1b[2J\\x1b]0;pwned\\x07",
        ),
        ("period,claims,source,note\n2024,1,s,a\x00b\n", None, None, "binary_file", ""),
    ],
)
def test_csv_bounds_name_row_column_and_value(
    body: str, row: int | None, column: str | None, code: str, value: str
) -> None:
    report = validate_table("claims", read_table("claims", body.encode()))
    assert (row, column, code, value) in [(p.row, p.column, p.code, p.value) for p in report.errors]
    assert "unbalanced_quotes" not in [p.code for p in report.errors]


def test_a_csv_with_more_rows_than_a_sheet_is_refused_before_it_is_parsed() -> None:
    data = b"period,claims,source\n" + b"2024,1,s\n" * (MAX_ROWS + 1)
    assert [(p.code, p.value) for p in read_table("claims", data).problems] == [("too_many_rows", "1,048,577")]


def test_a_control_character_never_reaches_the_terminal(
    cli_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "period,state,claims,source\n" + "2023,Chiapas,1,s\n" * 40 + "2024,\x1b[31mChiapas\x9b1m,1,s\n"
    err = refused(capsys, tmp_path, body.encode(), suffix=".csv")
    assert "\x1b" not in err and "\x9b" not in err
    assert "\\x1b[31mChiapas\\x9b1m" in err and "holds a control character (U+001B)" in err


def test_the_cli_refuses_a_file_too_large_from_its_size_without_reading_it(
    cli_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as stream:
        stream.truncate(2 * 1024**3)  # 2 GB, sparse: nothing is written
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read"))
    code, _, err = cli(capsys, "validate", "claims", str(path), "--lang", "en")
    assert code == 1 and "The file is 2048.0 MB; the limit is 25 MB." in err
    assert cli(capsys, "publish", "claims", str(path), "--by", "test")[0] == 1


# ---- bounds on values ----------------------------------------------------------------------------------------

COUNT_CELL = ("claims", "period,claims,source", "2019,{},unhcr-stats", "claims")
AMOUNT_CELL = (
    "pledges",
    "pledge_id,area_of_focus,status,amount_usd,source",
    "p{},education,fulfilled,{},unhcr-stats",
    "amount_usd",
)
TOO_LARGE = "is too large for a figure: a whole number from 0 to 50,000,000 is expected."
IMPOSSIBLE = "is not a possible figure: write a finite number of at most 1,000,000,000,000."


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        (COUNT_CELL, "9223372036854775807", TOO_LARGE),
        (COUNT_CELL, "9,223,372,036,854,775,807", TOO_LARGE),
        (COUNT_CELL, str(10**30), TOO_LARGE),
        (COUNT_CELL, str(2**63), TOO_LARGE),
        (COUNT_CELL, "50000001", TOO_LARGE),
        (AMOUNT_CELL, "inf", "is not a number"),
        (AMOUNT_CELL, "1e309", IMPOSSIBLE),
        (AMOUNT_CELL, str(10**30), IMPOSSIBLE),
        (AMOUNT_CELL, "1000000000001", IMPOSSIBLE),
    ],
)
def test_unbounded_numbers_get_a_message_naming_the_row(
    where: tuple[str, str, str, str], value: str, message: str
) -> None:
    dataset, header, cell, column = where
    rows = [
        cell.format(1, 1) if "p{}" in cell else cell.format(1),
        cell.format(2, value) if "p{}" in cell else cell.format(value),
    ]
    data = (
        "\n".join(
            [
                header,
                *(
                    f"{row.rsplit(',', 1)[0].replace(value, chr(34) + value + chr(34))},{row.rsplit(',', 1)[1]}"
                    if "," in value
                    else row
                    for row in rows
                ),
            ]
        )
        + "\n"
    )
    problems = validate_table(dataset, read_table(dataset, data.encode())).errors
    assert [(p.row, p.column, p.value) for p in problems] == [(3, column, value)]
    assert message in problems_frame(problems, "en").iloc[0, 3]


def test_counts_at_the_bounds_are_accepted() -> None:
    report = validate_table("claims", read_table("claims", b"period,claims,source\n2019,0,s\n2020,50000000,s\n"))
    assert report.ok and report.frame["claims"].tolist() == [0, 50_000_000]


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("99999", "The period “99999” is out of range: write a period from 1951 to"),
        ("2035", "The period “2035” is out of range"),
        ("1900", "The period “1900” is out of range"),
    ],
)
def test_periods_out_of_range_are_refused(period: str, expected: str) -> None:
    problems = validate_table("claims", read_table("claims", f"period,claims,source\n{period},1,s\n".encode())).errors
    assert [(p.row, p.column, p.code) for p in problems] == [(2, "period", "period_out_of_range")]
    assert expected in problems_frame(problems, "en").iloc[0, 3]


@pytest.mark.parametrize(
    ("dataset", "body", "column"),
    [
        ("sources", "source_id,publisher,url,as_of\ns1,P,javascript:alert(document.cookie),2020\n", "url"),
        (
            "pledges",
            "pledge_id,area_of_focus,status,source_url,source\np1,education,fulfilled,"
            "https://ok.org ; javascript:alert(1),s\n",
            "source_url",
        ),
    ],
)
def test_only_http_links_are_accepted(dataset: str, body: str, column: str) -> None:
    problems = validate_table(dataset, read_table(dataset, body.encode())).errors
    assert [(p.row, p.column, p.code) for p in problems] == [(2, column, "bad_url")]


def test_about_draws_no_link_that_is_not_http() -> None:
    sources = pd.DataFrame(
        {
            "source_id": ["a", "b"],
            "publisher": ["P", "Q"],
            "producer": ["", ""],
            "title": ["t", "u"],
            "url": ["javascript:alert(1)", "https://www.acnur.org"],
            "licence": ["", ""],
            "as_of": ["2020", "2021"],
            "note": ["", ""],
        }
    )
    shown = views.about_tables(sources, "en").sources
    assert sorted(shown.iloc[:, 4].tolist()) == ["", "https://www.acnur.org"]


def test_a_range_message_never_shows_the_rule() -> None:
    workbook_rows = [
        ("office_id", "name", "state", "latitude", "longitude", "source"),
        ("x", "X", "07", "19428.0", "-92", "s"),
    ]
    problems = validate_table("offices", read_table("offices", workbook(sheet_xml(table_rows(workbook_rows))))).errors
    text = problems_frame(problems, "en").iloc[0, 3]
    assert "less_than" not in text and "between 14 and 33" in text


def test_bench_files_are_real_workbooks() -> None:
    """The builders' workbooks are what they claim: openpyxl opens them and they hold the parts named."""
    data = workbook(sheet_xml(table_rows(data_rows(3))))
    assert set(zipfile.ZipFile(io.BytesIO(data)).namelist()) >= {"xl/workbook.xml", "xl/worksheets/sheet1.xml"}
    assert read_table("claims", data).frame["period"].tolist() == ["2000-01", "2001-02", "2002-03"]


def test_a_record_of_millions_of_cells_is_refused_before_it_is_built() -> None:
    data = b"period,claims,source\n2024,1,s" + b"," * 2_000_000 + b"\n"
    assert [(p.row, p.code, p.value) for p in read_table("claims", data).problems] == [
        (2, "too_many_columns", "2,000,003")
    ]


def test_a_file_with_thousands_of_bad_rows_lists_a_thousand_and_counts_the_rest() -> None:
    body = "period,state,claims,source\n" + "".join(f"2019,Atlantis{i % 3000},1,s\n" for i in range(5000))
    problems = validate_table("claims", read_table("claims", body.encode())).problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert [p.row for p in problems[:3]] == [2, 3, 4]
    assert problems_frame(problems[-1:], "en").iloc[0, 3] == (
        "4,000 more problems of this kind are not listed: correct the ones above and check the file again."
    )


def test_a_file_name_with_escape_codes_is_listed_escaped(
    cli_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "claims\x1b[2J\x1b]0;pwned\x07.csv"
    path.write_bytes(b"period,claims,source\n2024,5,unhcr-stats\n")
    assert cli(capsys, "publish", "claims", str(path), "--by", "staff\x1b[31m")[0] == 0
    listing = versions(capsys, "claims")
    assert "\x1b" not in listing and "\x07" not in listing
    assert "claims\\x1b[2J\\x1b]0;pwned\\x07.csv" in listing and "staff\\x1b[31m" in listing


def test_a_workbook_damaged_inside_its_zip_is_named_damaged_not_a_traceback() -> None:
    data = bytearray(workbook(sheet_xml(table_rows(data_rows(2000)))))
    start = data.find(b"xl/worksheets/sheet1.xml") + 200
    data[start : start + 50] = bytes(50)
    assert [p.code for p in read_table("claims", bytes(data)).problems] == ["damaged_workbook"]


def test_a_sheet_with_more_cells_than_the_cap_is_refused_while_streaming() -> None:
    rows = [*table_rows(data_rows(2)), *styled_numbered_rows(4, 30_003, columns=10)]
    problems = read_table("claims", workbook(sheet_xml(rows))).problems
    assert [(p.code, p.value) for p in problems] == [("xlsx_too_many_cells", f"> {MAX_XLSX_CELLS:,}")]


def test_a_markdown_table_reads_every_value_as_written_and_links_only_web_addresses() -> None:
    from mirps_dash.safe import markdown_table
    from tests.markdown_tables import table_cells

    hostile = pd.DataFrame(
        {
            "name | col": ["<img src=x onerror=alert(1)>", "**bold** [a](javascript:alert(1))", "two\nlines", None],
            "url": ["javascript:alert(1)", "https://a.org/x?(q)|y<z>", "http://b.org/ x", "ftp://c.org/"],
        }
    )
    text = markdown_table(hostile, ["url"])
    header, rule, *rows = table_cells(text)
    assert header == ["name | col", "url"] and rule == ["---", "---"]
    assert [row[0] for row in rows] == [
        "<img src=x onerror=alert(1)>",
        "**bold** [a](javascript:alert(1))",
        "two lines",
        "",
    ]
    # the web addresses are links whose address no character can end early; the others stay text
    assert rows[1][1] == "[https://a.org/x?(q)|y<z>](https://a.org/x?%28q%29%7Cy%3Cz%3E)"
    assert [rows[0][1], rows[2][1], rows[3][1]] == ["javascript:alert(1)", "http://b.org/ x", "ftp://c.org/"]
    assert "](javascript" not in text

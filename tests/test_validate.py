"""Files in, canonical frames or problems out: pass and fail tables per dataset."""

from __future__ import annotations

import pandas as pd
import pytest

from mirps_dash.ingest import read_table
from mirps_dash.validate import parse_period, problems_frame, validate_table

OFFICES = pd.DataFrame(
    {
        "office_id": ["tapachula", "cdmx"],
        "name": ["Tapachula", "Ciudad de México (oficinas centrales)"],
        "city": ["Tapachula", "Mexico City"],
        "state": ["07", "09"],
    }
)


def check(dataset: str, text: str, encoding: str = "utf-8"):
    return validate_table(dataset, read_table(dataset, text.encode(encoding)), offices=OFFICES)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2019", "2019-01-01", "2019-12-31"),
        ("2019-03", "2019-03-01", "2019-03-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("01/03/2024", "2024-03-01", "2024-03-01"),
        ("2024-03-01", "2024-03-01", "2024-03-01"),
        ("marzo 2024", "2024-03-01", "2024-03-31"),
        ("45352", "2024-03-01", "2024-03-01"),
    ],
)
def test_periods_read_day_first_and_never_swap_day_and_month(text: str, start: str, end: str) -> None:
    first, last = parse_period(text)
    assert (first.isoformat(), last.isoformat()) == (start, end)


def test_a_valid_claims_file_becomes_codes() -> None:
    report = check(
        "claims",
        "Periodo,Fin,Oficina,Nacionalidad,Solicitudes,Fuente\n"
        '2019-01,2019-08,Tapachula,Haití,"12,345",src\n'
        "2019,,,Honduras,30093,src\n",
    )
    assert report.ok, report.problems
    first = report.frame.iloc[0]
    assert (
        first["period_start"],
        first["period_end"],
        first["state"],
        first["office"],
        first["nationality"],
        first["claims"],
    ) == ("2019-01-01", "2019-08-31", "07", "tapachula", "HTI", 12345)
    assert report.frame.iloc[1]["office"] == "_T"


@pytest.mark.parametrize(
    ("body", "row", "column", "code"),
    [
        ("2019,Chiapas,-5,src", 2, "claims", "negative_count"),
        ("2019,Chiapas,doce,src", 2, "claims", "not_a_count"),
        ("2019,Atlantis,5,src", 2, "state", "unknown_state"),
        ("31/02/2024,Chiapas,5,src", 2, "period", "impossible_date"),
        ("2024-13,Chiapas,5,src", 2, "period", "impossible_date"),
        ("hoy,Chiapas,5,src", 2, "period", "bad_period"),
    ],
)
def test_bad_values_are_named_by_row_column_and_value(body: str, row: int, column: str, code: str) -> None:
    report = check(
        "claims", "period,state,claims,source\n2018,Chiapas,1,src\n".replace("2018,Chiapas,1,src\n", "") + body + "\n"
    )
    assert not report.ok
    problem = report.errors[0]
    assert (problem.row, problem.column, problem.code) == (row, column, code)
    assert problem.value == body.split(",")[["period", "state", "claims"].index(column)]


def test_duplicate_keys_name_both_rows() -> None:
    report = check("claims", "period,state,claims,source\n2019,Chiapas,1,src\n2019,07,2,src\n")
    assert [(p.row, p.code, p.params["first_row"]) for p in report.errors] == [(3, "duplicate_key", 2)]


def test_office_in_another_state_is_an_error() -> None:
    report = check("claims", "period,state,office,claims,source\n2019,Jalisco,Tapachula,1,src\n")
    assert [p.code for p in report.errors] == ["office_state_mismatch"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_file"),
        (b"period,claims,source\n", "no_rows"),
        (b"\x00\x01\x02binary\x00" * 50, "binary_file"),
        (b"period,source\n2019,src\n", "missing_column"),
        (b"period,claims,source\n2019,5,src,extra\n", "ragged_row"),
        (b'period,claims,source\n2019,"5,src\n', "unbalanced_quotes"),
        (b"period,claims,source,CURP\n2019,5,src,GODE561231HDFRRN09\n", "personal_data_column"),
        (b"period,claims,source,note\n2019,5,src,call 55 1234 5678\n", "personal_data"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data: bytes, code: str) -> None:
    report = validate_table("claims", read_table("claims", data), offices=OFFICES)
    assert code in [p.code for p in report.errors]
    assert report.frame.empty


@pytest.mark.parametrize("lang", ["es", "en"])
def test_messages_speak_the_users_language(lang: str) -> None:
    report = check("claims", "Periodo,Estado,Solicitudes,Fuente\n2019,Atlantis,5,src\n")
    table = problems_frame(report.problems, lang, report.headers)
    expected = {
        "es": "Estado «Atlantis» desconocido. Escriba el nombre o la clave INEGI de un estado (p. ej. Chiapas, 07, CDMX).",
        "en": "Unknown state “Atlantis”. Write a state's name or INEGI code (e.g. Chiapas, 07, CDMX).",
    }[lang]
    assert table.iloc[0].tolist() == ["2", "Estado", "Atlantis", expected]


def test_formula_guard_apostrophe_is_stripped_on_import() -> None:
    report = check("claims", "period,claims,source,note\n2019,5,src,'=HYPERLINK(1)\n")
    assert report.frame.iloc[0]["note"] == "=HYPERLINK(1)"


def test_each_distinct_value_is_parsed_once_but_every_row_holding_a_bad_one_is_named() -> None:
    rows = [
        "2024-01,,Chiapas,1,src",
        "2024-02,,Atlantis,2,src",
        "hoy,,Chiapas,3,src",
        "2024-03,,Atlantis,4,src",
        "2024-04,'=x,Chiapas,5,src",
        "hoy,2024-12,Chiapas,6,src",
    ]
    report = check("claims", "period,period_end,state,claims,source\n" + "\n".join(rows) + "\n")
    assert [(p.row, p.column, p.value, p.code) for p in report.errors] == [
        (3, "state", "Atlantis", "unknown_state"),
        (4, "period", "hoy", "bad_period"),  # its empty end copies the period: named once, as the period
        (5, "state", "Atlantis", "unknown_state"),
        (6, "period_end", "=x", "bad_period"),  # the formula guard is undone before parsing
        (7, "period", "hoy", "bad_period"),
    ]


@pytest.mark.parametrize(
    ("text", "row", "column", "code"),
    [
        ("period,period_end,claims,source\n2024,bad,1,src\n", 2, "period_end", "bad_period"),
        ("period,period_end,claims,source\nhoy,ayer,1,src\n", 2, "period", "bad_period"),
    ],
)
def test_a_column_whose_every_cell_is_bad_is_reported_not_a_crash(text: str, row: int, column: str, code: str) -> None:
    report = check("claims", text)
    assert (row, column, code) in [(p.row, p.column, p.code) for p in report.errors]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("es", "La oficina tapachula está en Chiapas, no en «Jalisco»: corrija el estado o déjelo vacío."),
        ("en", "Office tapachula is in Chiapas, not “Jalisco”: correct the state or leave it empty."),
    ],
)
def test_an_office_in_another_state_names_the_state_it_is_in(lang: str, expected: str) -> None:
    report = check("claims", "Periodo,Entidad federativa,Oficina,Solicitudes,Fuente\n2019,Jalisco,Tapachula,1,src\n")
    assert problems_frame(report.problems, lang, report.headers, "claims").iloc[0].tolist() == [
        "2",
        "Entidad federativa",
        "Jalisco",
        expected,
    ]


def test_a_column_the_file_lacks_is_named_by_the_spanish_template_of_any_dataset_alike() -> None:
    from mirps_dash.schema import DATASETS

    names: dict[str, str] = {}
    for dataset in DATASETS.values():
        for column, header in dataset.headers_es.items():
            assert names.setdefault(column, header) == header, (dataset.name, column)


@pytest.mark.parametrize(("lang", "column"), [("es", "Solicitudes"), ("en", "claims")])
def test_an_empty_required_cell_names_its_column_and_says_to_fill_it(lang: str, column: str) -> None:
    report = check("claims", "period,claims,source\n2019,,src\n")
    table = problems_frame(report.problems, lang, {}, "claims")
    assert table.iloc[0, 1] == column and f"{column}" in table.iloc[0, 3]
    assert "rule" not in table.iloc[0, 3] and "regla" not in table.iloc[0, 3]


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("es", "La fila no da ninguna cifra: escriba al menos una en «Reconocidos», «Negativas», o borre la fila."),
        ("en", "The row gives no figure: write at least one in «Reconocidos», «Negativas», or delete the row."),
    ],
)
def test_a_decisions_row_without_any_figure_is_refused_by_its_row(lang: str, message: str) -> None:
    # On "Update" such a row would replace a published row's figures with blanks.
    report = check("refugees", "Año;Nacionalidad;Reconocidos;Negativas;Fuente\n2024;Honduras;;;src\n2024;Cuba;3;;src\n")
    assert [(p.row, p.code) for p in report.errors] == [(2, "no_figure")]
    assert problems_frame(report.errors, lang, report.headers).iloc[0].tolist() == ["2", "Reconocidos", "", message]

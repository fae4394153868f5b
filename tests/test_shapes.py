"""COMAR's table shapes: wide by month or year, Total rows and columns, year-to-date periods, titles and notes."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import Workbook

from mirps_dash import shapes
from mirps_dash.ingest import read_table
from mirps_dash.shapes import Span, header_span, title_span
from mirps_dash.validate import problems_frame, validate_table

SHOWN = ["period_start", "period_end", "state", "office", "nationality", "claims", "source"]


def csv_bytes(rows: list[list[object]], delimiter: str = ";", encoding: str = "cp1252") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def check(data: bytes, year: int | None = None, dataset: str = "claims"):
    raw = read_table(dataset, data, year=year)
    return raw, validate_table(dataset, raw)


def canonical(data: bytes, year: int | None = None) -> list[list[object]]:
    _raw, report = check(data, year)
    assert report.ok, report.problems
    return report.frame[SHOWN].values.tolist()


def codes(problems) -> list[tuple]:
    return [(p.row, p.column, p.code) for p in problems]


# ---- wide by month -----------------------------------------------------------------------------------------

SPANISH_BY_MONTH = [
    ["Solicitudes de la condición de refugiado por entidad federativa, 2024"],
    [],
    ["Entidad federativa", "Ene", "Feb", "Mar", "Total", "Fuente"],
    ["Chiapas", "1,200", "950", "1,010", "3,160", "comar"],
    ["Tabasco", "80", "", "75", "155", "comar"],
    ["Total", "1,280", "950", "1,085", "3,315", "comar"],
]
# The same figures, each row kept at its own breakdown: states by month, the state totals, the national row.
SPANISH_EXPECTED = [
    ["2024-01-01", "2024-01-31", "07", "_T", "_T", 1200, "comar"],
    ["2024-02-01", "2024-02-29", "07", "_T", "_T", 950, "comar"],
    ["2024-03-01", "2024-03-31", "07", "_T", "_T", 1010, "comar"],
    ["2024-01-01", "2024-03-31", "07", "_T", "_T", 3160, "comar"],
    ["2024-01-01", "2024-01-31", "27", "_T", "_T", 80, "comar"],
    ["2024-03-01", "2024-03-31", "27", "_T", "_T", 75, "comar"],
    ["2024-01-01", "2024-03-31", "27", "_T", "_T", 155, "comar"],
    ["2024-01-01", "2024-01-31", "_T", "_T", "_T", 1280, "comar"],
    ["2024-02-01", "2024-02-29", "_T", "_T", "_T", 950, "comar"],
    ["2024-03-01", "2024-03-31", "_T", "_T", "_T", 1085, "comar"],
    ["2024-01-01", "2024-03-31", "_T", "_T", "_T", 3315, "comar"],
]


def test_a_spanish_table_by_month_reads_long_with_the_year_from_its_title() -> None:
    raw, report = check(csv_bytes(SPANISH_BY_MONTH))
    assert raw.shape == "wide" and report.ok and not report.problems, report.problems
    assert report.frame[SHOWN].values.tolist() == SPANISH_EXPECTED
    assert raw.rows[:4] == [4, 4, 4, 4]  # each figure keeps the Excel row of its state


def test_the_same_table_as_an_excel_workbook_with_numbers_reads_the_same() -> None:
    rows = [
        [int(c.replace(",", "")) if c.replace(",", "").isdigit() else (c or None) for c in row]
        for row in SPANISH_BY_MONTH
    ]
    assert canonical(xlsx_bytes(rows)) == SPANISH_EXPECTED


def test_an_english_table_by_month_takes_the_year_the_staff_give() -> None:
    rows = [["State", "January", "February", "Source"], ["Chiapas", 10, 12, "comar"], ["Mexico City", 3, 4, "comar"]]
    assert canonical(xlsx_bytes(rows), year=2023) == [
        ["2023-01-01", "2023-01-31", "07", "_T", "_T", 10, "comar"],
        ["2023-02-01", "2023-02-28", "07", "_T", "_T", 12, "comar"],
        ["2023-01-01", "2023-01-31", "09", "_T", "_T", 3, "comar"],
        ["2023-02-01", "2023-02-28", "09", "_T", "_T", 4, "comar"],
    ]


def test_month_columns_without_a_year_anywhere_ask_for_it_in_both_languages() -> None:
    rows = [["Oficina", "Ene", "Feb", "Fuente"], ["Tapachula", "10", "12", "comar"]]
    _raw, report = check(csv_bytes(rows))
    assert codes(report.errors) == [(None, "Ene…Feb", "wide_year_missing")]
    spanish = problems_frame(report.problems, "es", report.headers).iloc[0, 3]
    english = problems_frame(report.problems, "en", report.headers).iloc[0, 3]
    assert "«Ene…Feb» no dicen de qué año son" in spanish and "Indique el año" in spanish
    assert "“Ene…Feb” do not say which year" in english and "Give the year" in english


def test_the_year_in_the_file_wins_over_the_one_the_staff_give() -> None:
    rows = [["Entidad", "Ene 2022", "Feb 2022", "Fuente"], ["Chiapas", "1", "2", "comar"]]
    assert [row[:2] for row in canonical(csv_bytes(rows), year=2030)] == [
        ["2022-01-01", "2022-01-31"],
        ["2022-02-01", "2022-02-28"],
    ]


def test_a_year_column_dates_the_months_of_each_row() -> None:
    rows = [
        ["Año", "Entidad federativa", "Enero", "Febrero", "Fuente"],
        ["2023", "Chiapas", "5", "6", "comar"],
        ["2024", "Chiapas", "7", "8", "comar"],
    ]
    assert [(r[0], r[5]) for r in canonical(csv_bytes(rows))] == [
        ("2023-01-01", 5),
        ("2023-02-01", 6),
        ("2024-01-01", 7),
        ("2024-02-01", 8),
    ]


def test_a_bad_year_in_the_year_column_names_its_row() -> None:
    rows = [
        ["Año", "Entidad federativa", "Enero", "Fuente"],
        ["2023", "Chiapas", "5", "comar"],
        ["dos mil", "Chiapas", "7", "comar"],
    ]
    assert codes(check(csv_bytes(rows))[1].errors) == [(3, "Año", "not_a_year")]


def test_a_row_of_years_above_the_months_dates_each_block() -> None:
    rows = [
        ["", "2023", "", "2024", ""],
        ["Nacionalidad", "Nov", "Dic", "Ene", "Fuente"],
        ["Honduras", "10", "11", "12", "comar"],
    ]
    assert [(r[0], r[4], r[5]) for r in canonical(csv_bytes(rows))] == [
        ("2023-11-01", "HND", 10),
        ("2023-12-01", "HND", 11),
        ("2024-01-01", "HND", 12),
    ]


# ---- wide by year ------------------------------------------------------------------------------------------


def test_a_table_by_year_reads_long_and_its_total_column_covers_every_year() -> None:
    rows = [
        ["Nacionalidad", "2019", "2020", "2021", "Total", "Fuente"],
        ["Honduras", "30,045", "15,431", "36,361", "81,837", "comar"],
        ["Haití", "5,552", "6,000", "51,827", "63,379", "comar"],
    ]
    _raw, report = check(csv_bytes(rows, ",", "utf-8"))
    assert report.ok and not report.problems, report.problems
    assert report.frame[SHOWN].values.tolist() == [
        ["2019-01-01", "2019-12-31", "_T", "_T", "HND", 30045, "comar"],
        ["2020-01-01", "2020-12-31", "_T", "_T", "HND", 15431, "comar"],
        ["2021-01-01", "2021-12-31", "_T", "_T", "HND", 36361, "comar"],
        ["2019-01-01", "2021-12-31", "_T", "_T", "HND", 81837, "comar"],
        ["2019-01-01", "2019-12-31", "_T", "_T", "HTI", 5552, "comar"],
        ["2020-01-01", "2020-12-31", "_T", "_T", "HTI", 6000, "comar"],
        ["2021-01-01", "2021-12-31", "_T", "_T", "HTI", 51827, "comar"],
        ["2019-01-01", "2021-12-31", "_T", "_T", "HTI", 63379, "comar"],
    ]


# ---- Total rows and columns ----------------------------------------------------------------------------------


def test_a_total_row_that_matches_is_kept_as_the_explicit_total_never_added_to_its_parts() -> None:
    _, report = check(csv_bytes(SPANISH_BY_MONTH))
    frame = report.frame
    january = frame[frame["period_end"] == "2024-01-31"]
    assert dict(zip(january["state"], january["claims"], strict=True)) == {"07": 1200, "27": 80, "_T": 1280}
    assert not report.problems


def test_a_total_that_does_not_match_is_a_warning_naming_both_figures_and_the_row() -> None:
    rows = [row[:] for row in SPANISH_BY_MONTH]
    rows[5][2] = "960"  # the national February says 960; the states add up to 950
    rows[3][4] = "3,161"  # Chiapas' total says 3,161; its months add up to 3,160
    _raw, report = check(csv_bytes(rows))
    assert report.ok  # published as the source printed it
    # Chiapas' months; the national row's months (1,280 + 960 + 1,085); February's states; the states' totals.
    assert [(p.row, p.column, p.value, p.params["parts"], p.severity) for p in report.problems] == [
        (4, "Total", "3,161", "3,160", "warning"),
        (6, "Total", "3,315", "3,325", "warning"),
        (6, "Feb", "960", "950", "warning"),
        (6, "Total", "3,315", "3,316", "warning"),
    ]
    spanish = problems_frame(report.problems, "es", report.headers)
    english = problems_frame(report.problems, "en", report.headers)
    assert spanish.iloc[2].tolist()[:3] == ["6", "Feb", "960"]
    assert "«Total» en «Feb» es 960, pero sus partes suman 950" in spanish.iloc[2, 3]
    assert "The total of “Chiapas” in “Total” is 3,161, but its parts add up to 3,160" in english.iloc[0, 3]
    national = report.frame[(report.frame["state"] == "_T") & (report.frame["period_start"] == "2024-02-01")]
    assert national["claims"].tolist() == [960]  # the total as published, not the sum


# ---- year-to-date --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header", ["enero-agosto 2019", "Ene–Ago 2019", "January to August 2019", "Enero a agosto de 2019", "jan-aug 2019"]
)
def test_a_year_to_date_column_is_a_cumulative_period_with_its_start_and_end(header: str) -> None:
    rows = [["Entidad federativa", header, "Fuente"], ["Chiapas", "48,254", "comar"], ["Total", "48,254", "comar"]]
    assert canonical(csv_bytes(rows, ";", "utf-8")) == [
        ["2019-01-01", "2019-08-31", "07", "_T", "_T", 48254, "comar"],
        ["2019-01-01", "2019-08-31", "_T", "_T", "_T", 48254, "comar"],
    ]


@pytest.mark.parametrize(
    "title",
    [
        "Solicitudes por nacionalidad, enero-agosto 2019",
        "Ene–Ago 2019",
        "Asylum claims, January to August 2019",
        "Cifras al 31 de agosto de 2019",
    ],
)
def test_a_year_to_date_title_dates_a_table_without_a_period_column(title: str) -> None:
    rows = [[title], ["Nacionalidad", "Solicitudes", "Fuente"], ["Honduras", "19,428", "comar"]]
    assert canonical(csv_bytes(rows)) == [["2019-01-01", "2019-08-31", "_T", "_T", "HND", 19428, "comar"]]


def test_a_year_to_date_column_beside_its_months_is_checked_against_them() -> None:
    rows = [["Entidad", "Ene 2019", "Feb 2019", "Ene-Feb 2019", "Fuente"], ["Chiapas", "1", "2", "4", "comar"]]
    _, report = check(csv_bytes(rows))
    assert [(p.row, p.column, p.params["parts"]) for p in report.problems] == [(2, "Ene-Feb 2019", "3")]


def test_the_year_the_staff_give_dates_a_long_table_without_a_period_column() -> None:
    rows = [["Entidad federativa", "Solicitudes", "Fuente"], ["Chiapas", "7", "comar"]]
    assert canonical(csv_bytes(rows), year=2022) == [["2022-01-01", "2022-12-31", "07", "_T", "_T", 7, "comar"]]
    assert [p.column for p in check(csv_bytes(rows))[1].errors] == ["period"]


# ---- title rows and notes ------------------------------------------------------------------------------------


def test_title_rows_and_notes_below_are_skipped_and_the_notes_kept_for_the_source() -> None:
    rows = [
        ["Comisión Mexicana de Ayuda a Refugiados"],
        ["Solicitudes por mes, 2024"],
        ["Mes", "Entidad federativa", "Solicitudes", "Fuente"],
        ["2024-01", "Chiapas", "1,200", "comar"],
        ["2024-02", "Chiapas", "950", "comar"],
        [],
        ["Fuente: COMAR, con datos al 29 de febrero de 2024."],
        ["* Cifras preliminares"],
    ]
    for data in (csv_bytes(rows), xlsx_bytes(rows)):
        raw, report = check(data)
        assert report.ok and not report.problems, report.problems
        assert report.frame["claims"].tolist() == [1200, 950]
        assert raw.titles == ["Comisión Mexicana de Ayuda a Refugiados", "Solicitudes por mes, 2024"]
        assert raw.notes == ["Fuente: COMAR, con datos al 29 de febrero de 2024.", "* Cifras preliminares"]


def test_a_wide_table_with_a_footnote_and_a_source_line_above() -> None:
    rows = [["Fuente: COMAR"], SPANISH_BY_MONTH[0], *SPANISH_BY_MONTH[2:], ["Nota: cifras preliminares"]]
    raw, report = check(csv_bytes(rows))
    assert report.frame[SHOWN].values.tolist() == SPANISH_EXPECTED
    assert raw.notes == ["Fuente: COMAR", "Nota: cifras preliminares"]


def test_a_last_row_with_a_figure_is_never_taken_for_a_note() -> None:
    rows = [["Mes", "Solicitudes", "Fuente"], ["2024-01", "5", "comar"], ["2024-02"]]
    raw, report = check(csv_bytes(rows))
    assert codes(report.errors) == [(3, None, "ragged_row")] and raw.notes == []


# ---- another dataset's file ------------------------------------------------------------------------------------


def test_pledge_headers_uploaded_as_claims_name_the_dataset_they_look_like() -> None:
    header = [
        "Identificador",
        "Título",
        "Descripción",
        "Entidad",
        "Tipo de entidad",
        "Área de enfoque",
        "Tipo de compromiso",
        "Foro",
        "Año",
        "Estado",
        "Monto (USD)",
        "Ubicación",
        "Fuente",
    ]
    row = [
        "p1",
        "Escuelas",
        "Aulas",
        "ACNUR",
        "UN agency",
        "Education",
        "Policy",
        "GRF 2019",
        "2019",
        "Pledged",
        "1000",
        "Chiapas",
        "https://example.org",
    ]
    _, report = check(csv_bytes([header, row]))
    looks = [p for p in report.errors if p.code == "looks_like_dataset"]
    assert [p.params["dataset"] for p in looks] == ["pledges"]
    assert "«Compromisos»" in problems_frame(looks, "es").iloc[0, 3]
    assert "“Pledges”" in problems_frame(looks, "en").iloc[0, 3]


def test_a_claims_file_missing_a_column_is_not_taken_for_another_dataset() -> None:
    _, report = check(csv_bytes([["Mes", "Entidad federativa", "Fuente"], ["2024-01", "Chiapas", "comar"]]))
    assert "looks_like_dataset" not in [p.code for p in report.problems]


# ---- hostile files -------------------------------------------------------------------------------------------


def test_a_wide_table_with_too_many_figures_is_refused_not_expanded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shapes, "MAX_WIDE_CELLS", 20)
    rows = [
        ["Nacionalidad", *(f"{year}" for year in range(2000, 2012)), "Fuente"],
        *([country, *["1"] * 12, "comar"] for country in ("Honduras", "Haití")),
    ]
    raw, report = check(csv_bytes(rows))
    assert codes(report.errors) == [(None, None, "wide_too_large")] and raw.frame.empty
    assert "24" in problems_frame(report.problems, "en").iloc[0, 3]


# ---- the pieces ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "span"),
    [
        ("Ene", Span(1, 1)),
        ("enero", Span(1, 1)),
        ("Jan", Span(1, 1)),
        ("December", Span(12, 12)),
        ("Sept.", Span(9, 9)),
        ("2024-01", Span(1, 1, 2024)),
        ("2024/03", Span(3, 3, 2024)),
        ("03/2024", Span(3, 3, 2024)),
        ("2024-03-01", Span(3, 3, 2024)),
        ("ene-24", Span(1, 1, 2024)),
        ("marzo de 2024", Span(3, 3, 2024)),
        ("2019", Span(1, 12, 2019, by_year=True)),
        ("Ene–Ago 2019", Span(1, 8, 2019)),
        ("ene-ago", Span(1, 8)),
        ("Solicitudes", None),
        ("Total", None),
        ("Entidad federativa", None),
        ("12345", None),
        ("2024-03-15", None),
        ("Ago–Ene 2019", None),
        ("1850", None),
    ],
)
def test_month_and_year_headers(cell: str, span: Span | None) -> None:
    assert header_span(cell) == span


@pytest.mark.parametrize(
    ("titles", "span"),
    [
        (["Solicitudes por entidad federativa, 2024"], Span(1, 12, 2024, by_year=True)),
        (["Fuente: COMAR 2025", "Solicitudes 2024"], Span(1, 12, 2024, by_year=True)),
        (["Solicitudes de marzo de 2024"], Span(3, 3, 2024)),
        (["Cifras al 15 de agosto de 2019"], None),  # a cut-off inside a month cannot be a period of months
        (["Comparación 2023 y 2024"], None),
        (["Data set 2024"], Span(1, 12, 2024, by_year=True)),
    ],
)
def test_periods_named_by_titles(titles: list[str], span: Span | None) -> None:
    assert title_span(titles) == span


def test_month_headers_that_excel_keeps_as_dates_and_a_label_column_without_a_header() -> None:
    rows = [
        ["", dt.datetime(2024, 1, 1), dt.datetime(2024, 2, 1), "Fuente"],
        ["Chiapas", 3, 4, "comar"],
        ["Nuevo León", 5, None, "comar"],
    ]
    assert canonical(xlsx_bytes(rows)) == [
        ["2024-01-01", "2024-01-31", "07", "_T", "_T", 3, "comar"],
        ["2024-02-01", "2024-02-29", "07", "_T", "_T", 4, "comar"],
        ["2024-01-01", "2024-01-31", "19", "_T", "_T", 5, "comar"],
    ]


def test_an_english_title_dates_month_columns_and_inegis_national_row_is_the_total() -> None:
    rows = [
        ["Asylum applications by state, 2023"],
        ["State", "Jan", "Feb", "Source"],
        ["Chiapas", "3", "4", "comar"],
        ["Estados Unidos Mexicanos", "3", "4", "comar"],
    ]
    _, report = check(csv_bytes(rows, ",", "utf-8"))
    assert report.ok and not report.problems, report.problems
    assert report.frame[["period_start", "state", "claims"]].values.tolist() == [
        ["2023-01-01", "07", 3],
        ["2023-02-01", "07", 4],
        ["2023-01-01", "_T", 3],
        ["2023-02-01", "_T", 4],
    ]


def test_a_total_row_in_a_long_table_is_checked_against_the_rows_it_sums() -> None:
    rows = [
        ["Mes", "Entidad federativa", "Solicitudes", "Fuente"],
        ["2024-01", "Chiapas", "100", "comar"],
        ["2024-01", "Tabasco", "50", "comar"],
        ["2024-01", "Total", "160", "comar"],
        ["2024-02", "Chiapas", "7", "comar"],
        ["2024-02", "Nacional", "7", "comar"],
    ]
    _, report = check(csv_bytes(rows))
    assert report.ok
    assert [(p.row, p.column, p.value, p.params["parts"]) for p in report.problems] == [
        (4, "Solicitudes", "160", "150")
    ]
    assert report.frame[["state", "claims"]].values.tolist()[2] == ["_T", 160]


def test_a_file_in_the_templates_form_with_partial_breakdowns_is_not_checked() -> None:
    text = "period,nationality,claims,source\n2024,_T,100,s\n2024,HND,60,s\n2024,HTI,30,s\n"
    assert check(text.encode())[1].problems == []


def test_a_note_cut_at_its_commas_in_a_comma_separated_file_is_still_a_note() -> None:
    text = "Mes,Entidad federativa,Solicitudes,Fuente\n2024-01,Chiapas,5,comar\nFuente: COMAR, boletín, 2024\n"
    raw, report = check(text.encode())
    assert report.ok and not report.problems and raw.notes == ["Fuente: COMAR, boletín, 2024"]


# ---- the whole path: a wide COMAR workbook with no source column and no year, as staff publish it -------------


def test_a_wide_workbook_without_source_or_year_publishes_with_the_staffs_choices(store) -> None:
    from mirps_dash.service import check_upload, publish_file
    from mirps_dash.upload import UploadChoice

    sources = b"source_id,publisher,title,as_of\ncomar-2024,COMAR,Boletin,2024-03\n"
    assert publish_file(store, "sources", sources, file_name="sources.csv", by="seed", mode="replace").version
    data = xlsx_bytes(
        [
            ["Solicitudes por entidad federativa"],
            ["Entidad federativa", "Ene", "Feb", "Total"],
            ["Chiapas", 10, 12, 22],
            ["Total", 10, 12, 22],
            [],
            ["Fuente: COMAR. Cifras preliminares"],
        ]
    )
    asked = check_upload(store, "claims", data, choice=UploadChoice(source="comar-2024"))
    assert [p.code for p in asked.report.errors] == ["wide_year_missing"]
    assert asked.notes == ("Fuente: COMAR. Cifras preliminares",)
    result = publish_file(
        store, "claims", data, file_name="comar.xlsx", by="ana", year=2024, choice=UploadChoice(source="comar-2024")
    )
    assert result.version is not None, result.report.problems
    frame = store.load("claims")
    assert frame[["period_start", "period_end", "state", "claims", "unit", "source"]].values.tolist() == [
        ["2024-01-01", "2024-01-31", "07", 10, "persons", "comar-2024"],
        ["2024-02-01", "2024-02-29", "07", 12, "persons", "comar-2024"],
        ["2024-01-01", "2024-02-29", "07", 22, "persons", "comar-2024"],
        ["2024-01-01", "2024-01-31", "_T", 10, "persons", "comar-2024"],
        ["2024-02-01", "2024-02-29", "_T", 12, "persons", "comar-2024"],
        ["2024-01-01", "2024-02-29", "_T", 22, "persons", "comar-2024"],
    ]

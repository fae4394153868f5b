"""One registry of names: every label the dashboard shows uploads back as its code; messages speak the staff's words."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from mirps_dash import pledges as pl
from mirps_dash.codes import CODE_LISTS, code_label, code_labels, country_name, state_name
from mirps_dash.ingest import Problem, read_table
from mirps_dash.schema import DATASETS
from mirps_dash.templates import help_rows, template_headers, template_xlsx
from mirps_dash.upload import UploadChoice, apply_choice
from mirps_dash.validate import (
    coerce,
    links_in_source_column,
    problem_message,
    problems_frame,
    schema_problems,
    validate_table,
)

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
OFFICES = pd.read_csv(DATA_DIR / "offices.csv", dtype=str, keep_default_na=False)
# A value for each required template column, so that a file of one coded column is otherwise valid.
FILLERS = {
    "claims": {"period": "2024", "claims": "1", "source": "src"},
    "refugees": {"period": "2024", "recognized": "1", "source": "src"},
    "offices": {"name": "Oficina", "state": "07", "latitude": "16.9", "longitude": "-92.1", "source": "src"},
    "pledges": {"area_of_focus": "Education", "status": "Pledged", "source": "src"},
    "indicators": {"indicator": "share", "period": "2024", "value": "1", "unit": "persons", "source": "src"},
    "region": {"period": "2024", "asylum_country": "MEX", "claims": "1", "source": "src"},
}
# Template columns whose value must differ per row for the key to stay unique.
ROW_IDS = {"offices": "office_id", "pledges": "pledge_id", "indicators": "indicator"}
RULE_WORDS = re.compile(r"isin|less_than|greater_than|str_matches|str_length|not_nullable|in_range|dtype|\(\(")


def shown_label(dataset: str, column: str, code: str, lang: str) -> str:
    """The label a page shows for a code: the pledges page's, the map's state names, the country names."""
    kind = DATASETS[dataset].kinds[column]
    if dataset == "pledges":
        return pl.value_label(column, code, lang)
    if kind == "state":
        return state_name(code) if code != "_T" else code_label("state", code, lang)
    if kind == "country":
        return country_name(code, lang)
    if kind == "office":
        return OFFICES.set_index("office_id").loc[code, "name"]
    return code_label(kind, code, lang)


def displayed_codes(dataset: str, column: str) -> list[str]:
    """Every code a coded column can hold (the model's own list where it has one)."""
    kind = DATASETS[dataset].kinds[column]
    if kind == "office":
        return list(OFFICES["office_id"])
    codes = [label.code for label in code_labels(kind)]
    checks = DATASETS[dataset].model.to_schema().columns[column].checks
    allowed = next((check.statistics["allowed_values"] for check in checks if check.name == "isin"), None)
    return [code for code in codes if allowed is None or code in allowed]


LABEL_KINDS = {*CODE_LISTS, "state", "country", "office"}
CODED_COLUMNS = [(d, c) for d, spec in DATASETS.items() for c, kind in spec.kinds.items() if kind in LABEL_KINDS]


def csv_file(dataset: str, lang: str, rows: list[dict[str, str]]) -> bytes:
    """A ';'-separated file with the template's headers in `lang`, as staff fill it in."""
    headers = dict(zip(DATASETS[dataset].template_columns, template_headers(dataset, lang), strict=True))
    columns = list(rows[0])
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow([headers[column] for column in columns])
    writer.writerows([[row[column] for column in columns] for row in rows])
    return buffer.getvalue().encode("utf-8")


def test_every_coded_column_of_every_dataset_is_walked() -> None:
    walked = {c for _, c in CODED_COLUMNS}
    assert {
        "area_of_focus",
        "status",
        "entity_type",
        "pledge_type",
        "forum",
        "state",
        "office",
        "nationality",
        "unit",
        "sex",
        "age_group",
    } <= walked


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize(("dataset", "column"), CODED_COLUMNS)
def test_every_label_the_dashboard_shows_uploads_back_as_its_code(dataset: str, column: str, lang: str) -> None:
    codes = displayed_codes(dataset, column)
    rows = []
    for number, code in enumerate(codes):
        row = {**FILLERS[dataset], column: shown_label(dataset, column, code, lang)}
        if "period" in row:  # rows that differ only in a column outside the key would repeat the key
            row["period"] = f"{1990 + number // 12}-{number % 12 + 1:02d}"  # periods within validate's bounds
        if dataset in ROW_IDS:
            row[ROW_IDS[dataset]] = f"row-{number}" if dataset == "offices" else f"row_{number}"
        if column == "state" and dataset == "claims":
            row["office"] = ""  # the office would put the state right
        rows.append(row)
    report = validate_table(dataset, read_table(dataset, csv_file(dataset, lang, rows)), offices=OFFICES)
    assert report.errors == []
    assert list(report.frame[column]) == codes


def test_the_area_the_pledges_page_shows_is_accepted_back() -> None:
    file = "Identificador;Área de enfoque;Estatus;Fuente\nX-1;Reparto de cargas y responsabilidades;En curso;src\n"
    report = validate_table("pledges", read_table("pledges", file.encode()))
    assert report.ok, report.problems
    assert (report.frame.at[0, "area_of_focus"], report.frame.at[0, "status"]) == (
        "Burden and responsibility sharing",
        "In progress",
    )


@pytest.mark.parametrize(
    ("kind", "spelling", "code"),
    [
        ("area", "Reparto de la carga y la responsabilidad", "Burden and responsibility sharing"),
        ("area", "EDUCACION", "Education"),
        ("pledge_status", "en progreso", "In progress"),
        ("entity_type", "Organización no gubernamental", "NGO"),
        ("forum", "Foro Mundial sobre los Refugiados 2023", "GRF 2023"),
        ("unit", "Casos", "cases"),
        ("sex", "mujeres", "F"),
        ("age_group", "60 años o más", "60+"),
    ],
)
def test_aliases_and_spellings_map_to_codes(kind: str, spelling: str, code: str) -> None:
    from mirps_dash.codes import code_of

    assert code_of(kind, spelling) == code


def test_no_spelling_names_two_codes_of_one_kind() -> None:
    from mirps_dash.codes import fold

    for kind, labels in CODE_LISTS.items():
        seen: dict[str, str] = {}
        for label in labels:
            for spelling in {fold(s) for s in (label.code, label.es, label.en, *label.aliases)}:
                assert seen.setdefault(spelling, label.code) == label.code, (kind, spelling)


# ---- pledge headers as staff have them --------------------------------------------------------------------------

PLEDGE_ROW = [
    "MX-1",
    "Becas para personas refugiadas",
    "Programa de becas",
    "Universidad X",
    "Academia",
    "Educación",
    "Financiero",
    "FMR 2023",
    "2023",
    "En curso",
    "15,000",
    "Tapachula",
    "https://example.org/compromiso",
]


@pytest.mark.parametrize(
    "header",
    [
        "Identificador;Título;Descripción;Entidad que compromete;Tipo de entidad;Área de enfoque;Tipo de compromiso;Foro;"
        "Año;Estado;Monto (USD);Ubicación;Fuente",
        "Folio;Título;Descripción;Entidad;Tipo de entidad;Área de enfoque;Tipo de compromiso;Foro;Año;Estatus;Monto (USD);"
        "Ubicación;Enlace",
        "ID;Title;Description;Submitting entity;Entity type;Area of focus;Pledge type;Forum;Year;Status;Amount (USD);"
        "Location;Source",
    ],
)
def test_a_pledges_file_with_spanish_or_english_headers_and_a_link_as_source_validates(header: str) -> None:
    data = (header + "\n" + ";".join(PLEDGE_ROW) + "\n").encode("utf-8")
    raw = links_in_source_column("pledges", read_table("pledges", data))
    raw = apply_choice("pledges", raw, UploadChoice(source="compiled-pledges"), {"compiled-pledges"})
    report = validate_table("pledges", raw)
    assert report.ok, report.problems
    row = report.frame.iloc[0]
    assert (
        row["pledge_id"],
        row["entity_type"],
        row["area_of_focus"],
        row["pledge_type"],
        row["forum"],
        row["status"],
        row["amount_usd"],
    ) == ("MX-1", "Academia", "Education", "Financial", "GRF 2023", "In progress", 15000.0)
    assert (row["source_url"], row["source"]) == ("https://example.org/compromiso", "compiled-pledges")


def test_a_source_column_of_ids_stays_the_source() -> None:
    data = b"Identificador;Area de enfoque;Estatus;Fuente\nMX-1;Salud;Cumplido;compiled-pledges\n"
    report = validate_table("pledges", read_table("pledges", data))
    assert report.ok, report.problems
    assert (report.frame.at[0, "source"], report.frame.at[0, "source_url"]) == ("compiled-pledges", "")


def test_an_unknown_entity_type_is_kept_as_written() -> None:
    data = b"Identificador;Area de enfoque;Estatus;Tipo de entidad;Fuente\nMX-1;Salud;Cumplido;Cooperativa;src\n"
    assert validate_table("pledges", read_table("pledges", data)).frame.at[0, "entity_type"] == "Cooperativa"


# ---- messages ----------------------------------------------------------------------------------------------------


def messages(report, lang: str) -> list[str]:
    return list(
        problems_frame(report.problems, lang, report.headers, report.dataset)["mensaje" if lang == "es" else "message"]
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "es",
            "«Reparto» no es un valor admitido en «Área de enfoque». Escriba uno de estos: Reparto de cargas y "
            "responsabilidades | Educación | Empleo y medios de vida",
        ),
        (
            "en",
            "“Reparto” is not an accepted value of “Área de enfoque”. Write one of: Burden and responsibility "
            "sharing | Education | Jobs and livelihoods",
        ),
    ],
)
def test_an_unknown_label_names_the_column_as_the_file_does_and_lists_the_accepted_values(
    lang: str, expected: str
) -> None:
    data = "Identificador;Área de enfoque;Estatus;Fuente\nMX-1;Reparto;Cumplido;src\n".encode()
    report = validate_table("pledges", read_table("pledges", data))
    assert [(p.row, p.column, p.value) for p in report.errors] == [(2, "area_of_focus", "Reparto")]
    assert messages(report, lang)[0].startswith(expected)


def test_a_missing_column_is_named_as_the_spanish_template_names_it() -> None:
    report = validate_table("claims", read_table("claims", b"Periodo;Fuente\n2024;src\n"))
    assert messages(report, "es") == [
        "Falta la columna obligatoria «Solicitudes»: agréguela con ese encabezado (vea la plantilla)."
    ]
    assert problems_frame(report.problems, "es", report.headers)["columna"].tolist() == ["Solicitudes"]


OFFICE_HEADER = "Clave;Nombre;Ciudad;Entidad federativa;Latitud;Longitud;Año de apertura;Fuente\n"


@pytest.mark.parametrize(
    ("cells", "column", "value", "es", "en"),
    [
        (
            "tapachula;Tapachula;Tapachula;Chiapas;19428;-92.2;;src",
            "latitude",
            "19428",
            "«19428» está fuera de lo admitido en «Latitud»: escriba un valor entre 14 y 33.",
            "“19428” is out of range for “Latitud”: write a value between 14 and 33.",
        ),
        (
            "tapachula;Tapachula;Tapachula;Chiapas;14.9;-92.2;1800;src",
            "year_opened",
            "1800",
            "«1800» está fuera de lo admitido en «Año de apertura»: escriba un valor entre 1990 y 2100.",
            "“1800” is out of range for “Año de apertura”: write a value between 1990 and 2100.",
        ),
        (
            "Tapa Chula;Tapachula;Tapachula;Chiapas;14.9;-92.2;;src",
            "office_id",
            "Tapa Chula",
            "«Tapa Chula» no tiene la forma que pide «Clave»: use solo minúsculas sin acentos, cifras y guiones, p. ej. "
            "tapachula o ciudad-de-mexico.",
            "“Tapa Chula” is not in the form “Clave” needs: use lower-case letters without accents, digits and dashes "
            "only, e.g. tapachula or ciudad-de-mexico.",
        ),
        (
            "tapachula;Tapachula;Tapachula;total;14.9;-92.2;;src",
            "state",
            "total",
            "«total» no es un valor admitido en «Entidad federativa». Escriba uno de estos: el nombre o la clave INEGI de "
            "un estado (p. ej. Chiapas, 07, CDMX)",
            "“total” is not an accepted value of “Entidad federativa”. Write one of: a state's name or INEGI code (e.g. "
            "Chiapas, 07, CDMX)",
        ),
        (
            "tapachula;;Tapachula;Chiapas;14.9;-92.2;;src",
            "name",
            "",
            "Falta el valor obligatorio de «Nombre»: escríbalo en esta fila.",
            "The required value of “Nombre” is missing: write it in this row.",
        ),
    ],
)
def test_each_kind_of_check_reads_as_what_to_write_in_both_languages(
    cells: str, column: str, value: str, es: str, en: str
) -> None:
    report = validate_table("offices", read_table("offices", (OFFICE_HEADER + cells + "\n").encode()))
    assert [(p.row, p.column, p.value) for p in report.errors] == [(2, column, value)]
    assert messages(report, "es")[0].startswith(es)
    assert messages(report, "en")[0].startswith(en)


@pytest.mark.parametrize("check", ["isin", "ge", "le", "str_matches", "str_length", "not_nullable", "dtype"])
def test_no_message_shows_a_rule_of_the_validation_library(check: str) -> None:
    frame = pd.DataFrame(
        {
            "office_id": ["tapachula"],
            "name": ["Tapachula"],
            "city": ["Tapachula"],
            "state": ["07"],
            "latitude": [14.9],
            "longitude": [-92.2],
            "status": [""],
            "year_opened": [pd.NA],
            "note": [""],
            "source": ["src"],
        }
    )
    for column in DATASETS["offices"].columns:
        if column not in frame:
            frame[column] = ""
    broken = {
        "isin": ("state", "_T"),
        "ge": ("latitude", 5.0),
        "le": ("longitude", 10.0),
        "str_matches": ("office_id", "Tapa Chula"),
        "str_length": ("source", ""),
        "not_nullable": ("latitude", float("nan")),
        "dtype": ("city", "Tapachula"),
    }[check]
    frame.loc[0, broken[0]] = broken[1]
    frame = coerce(DATASETS["offices"], frame)
    if check == "dtype":  # a cell the model cannot coerce to its type
        frame["year_opened"] = pd.Series(["mil"], dtype=object)
    problems = schema_problems(DATASETS["offices"], frame, [2])
    assert problems and all(p.row == 2 for p in problems)
    for lang in ("es", "en"):
        for problem in problems:
            text = problem_message(problem, lang, {}, "offices")
            assert not RULE_WORDS.search(text), text
            assert "«" in text if lang == "es" else "“" in text


def test_an_unknown_check_still_says_where_to_look() -> None:
    problem = Problem(4, "latitude", "x", "check_other")
    assert problem_message(problem, "es", {}, "offices") == (
        "«x» no es válido en «Latitud»: vea en la hoja «ayuda» de la plantilla qué escribir."
    )


# ---- the template's help sheet ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dataset", "lang", "header", "values"),
    [
        ("claims", "es", "Unidad", ["Personas", "Casos"]),
        ("claims", "en", "unit", ["Persons", "Cases"]),
        ("claims", "es", "Sexo", ["Mujeres", "Hombres", "Ambos sexos"]),
        ("claims", "es", "Grupo de edad", ["0 a 4 años", "60 años o más", "Todas las edades"]),
        ("pledges", "es", "Área de enfoque", ["Reparto de cargas y responsabilidades", "Educación", "Apatridia"]),
        ("pledges", "en", "status", ["Pledged", "In progress", "Fulfilled", "Unknown"]),
        ("pledges", "es", "Tipo de entidad", ["ONG", "Agencia de la ONU"]),
        ("indicators", "es", "Unidad", ["Personas", "Porcentaje (0-100)"]),
    ],
)
def test_the_help_sheet_lists_the_accepted_values_of_each_coded_column(
    dataset: str, lang: str, header: str, values: list[str]
) -> None:
    sheet = load_workbook(io.BytesIO(template_xlsx(dataset, lang))).worksheets[1]
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    assert all(value in rows[header][2] for value in values)
    assert not rows[header][2].startswith(("texto", "text"))


def test_the_help_sheet_says_what_an_empty_cell_means() -> None:
    rows = {row[0]: row for row in help_rows("claims", "es")}
    assert rows["Unidad"][2].endswith("vacío = Personas")

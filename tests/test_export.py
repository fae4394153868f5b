"""Every CSV and XLSX the dashboard writes opens as text (no cell, header included, runs as a formula), starts with
its header, speaks the reader's language with the codes beside, and uploads back as the same rows."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from mirps_dash import pledges as pl
from mirps_dash.export import (
    ShownFile,
    guard_lines,
    reader_frame,
    readme_text,
    shown_zip,
    to_csv_bytes,
    to_xlsx_bytes,
)
from mirps_dash.periods import template_period
from mirps_dash.schema import DATASETS
from mirps_dash.service import check_file, ensure_seeded
from mirps_dash.store import Store, make_engine


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2019-01-01", "2019-12-31", ("2019", "")),
        ("2019-03-01", "2019-03-31", ("2019-03", "")),
        ("2019-01-01", "2019-08-31", ("2019-01", "2019-08")),
        ("2013-01-01", "2024-12-31", ("2013", "2024")),
        ("2022-01-01", "2022-02-16", ("2022-01-01", "2022-02-16")),
        ("2020-06-30", "2020-06-30", ("2020-06-30", "")),
    ],
)
def test_periods_are_written_in_their_shortest_exact_form(start: str, end: str, expected: tuple[str, str]) -> None:
    assert template_period(start, end) == expected


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


# ---- files a reader opens: header first, labels in the reader's language, codes beside, round trip on upload ----

NOW = dt.datetime(2026, 12, 1, 20, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def shipped_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """One SQLite store holding the shipped data (its offices and sources are what uploads are checked against)."""
    store = Store(make_engine(f"sqlite:///{tmp_path_factory.mktemp('store') / 'export.sqlite3'}"))
    ensure_seeded(store)
    yield store
    store.engine.dispose()


def claims_fixture() -> pd.DataFrame:
    """Claims at every breakdown a file can hold: office, state only, nationality, sex and age, cases, rounding."""
    rows = [
        ("2024-01-01", "2024-12-31", "_T", "_T", "_T", "_T", "_T", 78_975, "", "persons"),
        ("2024-01-01", "2024-08-31", "07", "tapachula", "HND", "F", "18-59", 1_204, "about", "persons"),
        ("2023-03-01", "2023-03-31", "09", "_T", "HTI", "M", "0-17", 88, "over", "cases"),
        ("2022-01-01", "2022-02-16", "_T", "_T", "_O", "_T", "60+", 5, "under", "persons"),
        ("2022-01-01", "2022-12-31", "23", "_T", "VEN", "_T", "_T", 3_001, "", "cases"),
    ]
    columns = [
        "period_start",
        "period_end",
        "state",
        "office",
        "nationality",
        "sex",
        "age_group",
        "claims",
        "approx",
        "unit",
    ]
    frame = pd.DataFrame(rows, columns=columns).astype({"claims": "Int64"})
    frame["source"] = "unhcr-stats"
    frame["note"] = ["", "=1+1 nota", "línea 1\nlínea 2", "", "+cmd"]
    return frame


def pledges_fixture() -> pd.DataFrame:
    """One pledge per area of focus and status, with entity types, forums and pledge types of the registry and not."""
    from mirps_dash.codes import codes_of

    areas, statuses = codes_of("area"), codes_of("pledge_status")
    entities = [*codes_of("entity_type"), "Cooperativa local"]
    count = len(areas)
    return pd.DataFrame(
        {
            "pledge_id": [f"T-{n}" for n in range(count)],
            "title_en": [f"Pledge {n}" for n in range(count)],
            "title_es": [f"Compromiso {n}" for n in range(count)],
            "description_en": ["-2 start", *[""] * (count - 1)],
            "submitting_entity": ["@SUM(A1)", *["Actor"] * (count - 1)],
            "entity_type": [entities[n % len(entities)] for n in range(count)],
            "area_of_focus": list(areas),
            "pledge_type": [["Financial", "Policy", "Technical", ""][n % 4] for n in range(count)],
            "forum": [["GRF 2019", "GRF 2023", "MIRPS NAP", "measure", "Foro local"][n % 5] for n in range(count)],
            "year": pd.array([2019, 2023, None, *[2020] * (count - 3)], dtype="Int64"),
            "status": [statuses[n % len(statuses)] for n in range(count)],
            "amount_usd": [1_500_000.0, None, *[250.5] * (count - 2)],
            "beneficiary_location": ["Tapachula; Mexico City", *[""] * (count - 1)],
            "source_title": ["Page"] * count,
            "source_url": ["https://example.org/p"] * count,
            "source_date": ["2023-12"] * count,
            "source": ["compiled-pledges"] * count,
        }
    )


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def same_rows(frame: pd.DataFrame, expected: pd.DataFrame) -> None:
    def canonical(rows: pd.DataFrame) -> pd.DataFrame:
        return rows.astype(str).sort_values(list(rows.columns)).reset_index(drop=True)

    pd.testing.assert_frame_equal(canonical(frame[list(expected.columns)]), canonical(expected))


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_every_dataset_exported_reads_with_read_csv_alone_and_uploads_back_as_the_same_rows(
    shipped_store: Store, tmp_path: Path, dataset: str, lang: str
) -> None:
    canonical = {"claims": claims_fixture(), "pledges": pledges_fixture()}.get(dataset)
    canonical = shipped_store.load(dataset) if canonical is None else canonical
    table = reader_frame(dataset, canonical, lang, shipped_store.load("offices"))
    path = write(tmp_path, f"{dataset}.csv", to_csv_bytes(table))
    read = pd.read_csv(path)
    assert list(read.columns) == list(table.columns) and len(read) == len(canonical)
    report = check_file(shipped_store, dataset, path.read_bytes())
    assert report.errors == []
    assert [p.value for p in report.problems if p.code == "unknown_column"] == []  # the code columns are read
    same_rows(report.frame, canonical)


def test_a_spanish_export_has_spanish_headers_and_labels_with_each_code_beside_it(shipped_store: Store) -> None:
    table = reader_frame("claims", claims_fixture(), "es", shipped_store.load("offices"))
    assert list(table.columns[:6]) == [
        "Periodo",
        "Fin del periodo",
        "Entidad federativa",
        "Entidad federativa (código)",
        "Oficina",
        "Oficina (código)",
    ]
    row = table.iloc[1]
    assert (row["Entidad federativa"], row["Oficina"], row["Nacionalidad"], row["Sexo"], row["Grupo de edad"]) == (
        "Chiapas",
        "Tapachula",
        "Honduras",
        "Mujeres",
        "18 a 59 años",
    )
    assert (row["Oficina (código)"], row["Nacionalidad (código)"], row["Sexo (código)"]) == ("tapachula", "HND", "F")
    assert (row["Periodo"], row["Fin del periodo"], row["Aproximación"], row["Unidad"]) == (
        "2024-01",
        "2024-08",
        "Cerca de",
        "Personas",
    )
    assert table.iloc[0]["Oficina"] == "Todas" and table.iloc[0]["Entidad federativa"] == "Todo el país"
    english = reader_frame("claims", claims_fixture(), "en", shipped_store.load("offices")).iloc[2]
    assert (english["sex"], english["unit"], english["age_group"], english["approx"]) == (
        "Men",
        "Cases",
        "Under 18",
        "Over",
    )


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_pledges_export_starts_with_its_header_and_uploads_back(
    shipped_store: Store, tmp_path: Path, lang: str
) -> None:
    frame = pledges_fixture()
    notes = pl.export_notes(pl.PledgeSelection(text="=cmd"), len(frame), 88, {"publisher": "mirps-dash"}, lang, 3, NOW)
    path = write(tmp_path, "pledges.csv", pl.export_file("csv", frame, notes, lang))
    first = path.read_bytes().decode("utf-8-sig").split("\r\n", 1)[0]
    assert first.startswith(
        "Identificador,Título en inglés,Título," if lang == "es" else "pledge_id,title_en,title_es,"
    )
    read = pd.read_csv(path)
    area = "Área de enfoque" if lang == "es" else "area_of_focus"
    labels = dict(zip(read[area + (" (código)" if lang == "es" else " (code)")], read[area], strict=True))
    assert labels["Education"] == ("Educación" if lang == "es" else "Education")
    assert read.iloc[0][("Entidad que se compromete" if lang == "es" else "submitting_entity")] == "'@SUM(A1)"
    report = check_file(shipped_store, "pledges", path.read_bytes())
    assert report.errors == []
    same_rows(report.frame, frame)


def test_an_edited_label_wins_over_the_code_beside_it(shipped_store: Store) -> None:
    """A person edits the label they read; the code column beside it is then not read back over their change."""
    table = reader_frame("claims", claims_fixture(), "es", shipped_store.load("offices"))
    table.loc[1, "Nacionalidad"] = "Cuba"
    report = check_file(shipped_store, "claims", to_csv_bytes(table))
    assert report.errors == [] and report.frame["nationality"].iloc[1] == "CUB"


def test_a_file_that_keeps_only_the_code_columns_reads_as_the_same_rows(shipped_store: Store) -> None:
    """A reader who deleted the label columns of a Spanish export (or a tool that joins on codes) can upload it."""
    table = reader_frame("claims", claims_fixture(), "es", shipped_store.load("offices"))
    codes_only = table.drop(columns=[c for c in table.columns if f"{c} (código)" in table.columns])
    report = check_file(shipped_store, "claims", to_csv_bytes(codes_only))
    assert report.errors == [] and not [p for p in report.problems if p.code == "unknown_column"]
    same_rows(report.frame, claims_fixture())


def test_text_the_dashboard_writes_is_guarded_line_by_line() -> None:
    assert guard_lines("Filtros: ninguno\r\n=1+1\n+cmd\rplain\n@x") == "Filtros: ninguno\r\n'=1+1\n'+cmd\rplain\n'@x"
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes(TABLE, notes=["Search = x\n=evil()"])))["about"]
    assert sheet["A1"].value == "Search = x\n'=evil()" and sheet["A1"].data_type == "s"


SOURCES = pd.DataFrame(
    {
        "source_id": ["unhcr-stats", "comar-x"],
        "publisher": ["UNHCR", "El Heraldo"],
        "title": ["Refugee Data Finder", '=HYPERLINK("x") COMAR'],
        "url": ["https://unhcr.org/rdf", ""],
        "licence": ["CC BY 4.0", ""],
        "as_of": ["2025-06", "2024-03-05"],
    }
)
VERSIONS = [
    {"dataset": "claims", "version_id": 4, "created_at": "2026-11-30 10:00:00", "file_name": "comar.xlsx"},
    {"dataset": "sources", "version_id": 1, "created_at": "2026-11-01 09:00:00", "file_name": "sources.csv"},
]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "es",
            [
                "MIRPS México: datos descargados de la página «Tendencias»",
                "Enlace a esta vista: http://host/trends?lang=es",
                "  UNHCR, Refugee Data Finder. Licencia: CC BY 4.0. Datos al 2025-06. https://unhcr.org/rdf",
                '  El Heraldo, =HYPERLINK("x") COMAR. Licencia: no indicada. Datos al 2024-03-05. —',
                "  trends_years = 2019-2023",
                "  claims: versión 4 del 2026-11-30 (archivo comar.xlsx)",
            ],
        ),
        (
            "en",
            [
                "MIRPS Mexico: data downloaded from the “Trends” page",
                "Link to this view: http://host/trends?lang=es",
                "  UNHCR, Refugee Data Finder. Licence: CC BY 4.0. Figures as of 2025-06. https://unhcr.org/rdf",
                "  claims: version 4 of 2026-11-30 (file comar.xlsx)",
            ],
        ),
    ],
)
def test_download_everything_is_a_zip_of_csvs_and_a_readme_in_the_readers_language(
    tmp_path: Path, lang: str, expected: list[str]
) -> None:
    from mirps_dash.i18n import t

    files = [
        ShownFile(
            "trends_claims.csv",
            pd.DataFrame({"Año": [2019, 2020], "Solicitudes": [70_363, 41_197]}),
            "Claims rose.",
            ("unhcr-stats",),
            ("claims",),
        ),
        ShownFile("trends_notes.csv", pd.DataFrame({"note": ["=1+1"]}), "", ("comar-x",), ("claims",)),
    ]
    readme = readme_text(
        lang,
        t("page_trends", lang),
        "http://host/trends?lang=es",
        ["trends_years = 2019-2023"],
        files,
        SOURCES,
        VERSIONS,
        NOW,
    )
    archive = zipfile.ZipFile(io.BytesIO(shown_zip(files, readme)))
    assert archive.namelist() == ["README.txt", "trends_claims.csv", "trends_notes.csv"]
    lines = archive.read("README.txt").decode("utf-8-sig").split("\r\n")
    assert set(expected) <= set(lines)
    assert not [line for line in lines if line.startswith(("=", "+", "-", "@"))]
    for name in archive.namelist()[1:]:
        read = pd.read_csv(io.BytesIO(archive.read(name)))  # header on the first line, nothing above it
        assert list(read.columns) == list(files[archive.namelist().index(name) - 1].frame.columns)
    assert pd.read_csv(io.BytesIO(archive.read("trends_notes.csv")))["note"].tolist() == ["'=1+1"]


# ---- every payload class through every export path (issue 15) ---------------------------------------------------

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
PAYLOADS = [
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "Ver nota\r=cmd|' /C calc'!A0",
    "a\n+1",
    "b\r\n@x",
    "c\t-1",
    "'=already guarded",
]
URL_SEARCH = "2019\r=1+1\rmexico\n@x\t-y"  # /pledges?pledges_search=2019%0D%3D1%2B1%0Dmexico... as the page reads it


def pledge_payload_frame():
    """Canonical pledges whose every text column holds a payload (one per row, each class in every column)."""
    from mirps_dash.schema import DATASETS

    dataset = DATASETS["pledges"]
    rows = []
    for number, payload in enumerate(PAYLOADS):
        row = {column: payload for column in dataset.columns}
        row.update(
            pledge_id=f"{payload}{number}",
            area_of_focus="education",
            status="fulfilled",
            year=2019,
            amount_usd=float(number),
            entity_type="State",
            forum="GRF 2019",
            pledge_type="Policy",
        )
        rows.append(row)
    from mirps_dash.validate import coerce

    return coerce(dataset, pd.DataFrame(rows))


def cells_of_csv(data: bytes) -> list[str]:
    import csv

    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for cell in row]


def cells_of_xlsx(data: bytes) -> list[object]:
    workbook = load_workbook(io.BytesIO(data))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    return [cell.value for cell in cells]


def exported_files(tmp_path) -> dict[str, bytes]:
    """The same payloads through the CLI's version export (csv, xlsx) and the Pledges page's export (csv, xlsx)."""
    import datetime as dt

    from mirps_dash import pledges as pl
    from mirps_dash.service import version_file
    from mirps_dash.store import Store, make_engine

    frame = pledge_payload_frame()
    store = Store(make_engine(f"sqlite:///{tmp_path / 'payloads.sqlite3'}"))
    store.create_schema()
    version = store.publish("pledges", frame, by="test", expected_version=None, file_name="payloads.csv")
    selection = pl.PledgeSelection(text=URL_SEARCH, entity=tuple(PAYLOADS[:3]))
    files = {f"version.{fmt}": version_file(store, "pledges", version, fmt) for fmt in ("csv", "xlsx")}
    store.engine.dispose()
    source = {"publisher": "=evil()", "title": "\t+t", "as_of": "@2019", "licence": "-licence"}
    for lang in ("es", "en"):
        notes = pl.export_notes(
            selection,
            len(frame),
            len(frame),
            source,
            lang,
            version,
            dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
            permalink="/pledges?q=%0D%3D1%2B1",
        )
        assert any(URL_SEARCH.split("\r")[0] in note for note in notes)  # the filters are written into the file
        for fmt in ("csv", "xlsx"):
            files[f"pledges-{lang}.{fmt}"] = pl.export_file(fmt, frame, notes, lang)
    return files


def test_no_exported_cell_starts_with_a_formula_trigger(tmp_path) -> None:
    """Leading = + - @, tab, CR, LF, in data and in the URL's filters, re-read with csv and openpyxl: every cell
    that a spreadsheet would run starts with the apostrophe guard instead, and every payload is still there."""
    for name, data in exported_files(tmp_path).items():
        cells = cells_of_xlsx(data) if name.endswith(".xlsx") else cells_of_csv(data)
        texts = [cell for cell in cells if isinstance(cell, str)]
        assert texts, name
        assert [cell for cell in texts if cell.startswith(TRIGGERS)] == [], name
        for payload in PAYLOADS[:4]:  # the data is kept, behind its guard
            assert any(cell == "'" + payload for cell in texts), (name, payload)


@pytest.mark.parametrize(
    ("lang", "heading", "term"),
    [("es", "Cómo citar:", "Solicitud de asilo: "), ("en", "How to cite:", "Asylum claim: ")],
)
def test_the_readme_holds_the_citation_and_the_definitions_of_the_figures_terms(
    lang: str, heading: str, term: str
) -> None:
    from mirps_dash.words import defined_terms

    files = [ShownFile("trends_claims.csv", pd.DataFrame({"x": [1]}), "", ("unhcr-stats",), ("claims",))]
    citation = "UNHCR, Refugee Data Finder. Via mirps-dash, data version 4, http://host/trends?v=claims:4"
    readme = readme_text(
        lang,
        "Trends",
        "http://host/trends",
        [],
        files,
        SOURCES,
        VERSIONS,
        NOW,
        citation,
        defined_terms(["claims"], lang),
    )
    lines = readme.split("\r\n")
    assert lines[lines.index(heading) + 1] == f"  {citation}"
    definitions = lines[lines.index("Definiciones:" if lang == "es" else "Definitions:") + 1 :]
    assert any(line.startswith(f"  {term}") for line in definitions)
    assert not any("Refugee recognition rate" in line or "Tasa de reconocimiento" in line for line in lines)

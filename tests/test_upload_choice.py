"""Source and unit chosen once per upload: rows without them take the choice, a new source is created with the
version in one transaction (SQLite and PostgreSQL), the file's own cells win row by row."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from mirps_dash import store as store_module
from mirps_dash.ingest import RawTable
from mirps_dash.service import check_upload, publish_file, rollback, version_history
from mirps_dash.store import Store
from mirps_dash.upload import (
    UploadChoice,
    check_new_source,
    source_slug,
    sources_newest_first,
    unit_from_headers,
)

TODAY = dt.date(2026, 12, 1)
COMAR_LONG = (
    "Mes;Entidad federativa;Nacionalidad;Solicitudes\n2026-10;Chiapas;Honduras;1,234\n2026-10;Tabasco;Cuba;55\n"
)
SOURCES = b"source_id,publisher,title,as_of\ns,UNHCR,Refugee statistics,2025-12-31\nold,COMAR,Boletin,2019-08\n"
COMAR = {
    "publisher": "COMAR",
    "title": "Solicitudes por entidad federativa",
    "url": "https://www.gob.mx/comar",
    "as_of": "2026-11-05",
    "licence": "",
    "note": "Cifras preliminares",
}


@pytest.fixture
def base(store: Store) -> Store:
    """Two sources and one claims version, on SQLite and on PostgreSQL."""
    assert publish_file(store, "sources", SOURCES, file_name="sources.csv", by="seed", mode="replace").version
    assert publish_file(store, "claims", b"period,claims,source\n2019,10,s\n", file_name="c.csv", by="seed").version
    return store


def new_source(taken: set[str] = frozenset()):
    source, problems = check_new_source(COMAR, taken, today=TODAY)
    assert problems == []
    return source


def test_a_file_with_no_source_column_is_asked_for_one_then_publishes_with_the_chosen_source(base: Store) -> None:
    data = COMAR_LONG.encode("cp1252")
    asked = check_upload(base, "claims", data)
    assert asked.needs_source and [p.code for p in asked.report.errors] == ["source_needed"]
    # nothing is published without a source
    assert publish_file(base, "claims", data, file_name="comar.csv", by="ana").version is None
    version = publish_file(
        base, "claims", data, file_name="comar.csv", by="ana", choice=UploadChoice(source="old")
    ).version
    claims = base.load("claims", version)
    october = claims[claims["period_start"] == "2026-10-01"]
    assert october[["state", "nationality", "claims", "unit", "source"]].values.tolist() == [
        ["07", "HND", 1234, "persons", "old"],
        ["27", "CUB", 55, "persons", "old"],
    ]
    history = version_history(base, "claims").iloc[0]
    assert (history["sources"], history["units"]) == ("old", "persons")


def test_a_new_source_is_created_in_the_same_transaction_as_the_version_and_outlives_its_rollback(base: Store) -> None:
    sources_before = base.current_version("sources")
    claims_before = base.current_version("claims")
    source = new_source({"s", "old"})
    assert source.source_id == "comar-solicitudes-por-entidad-federativa-2026-11-05"
    result = publish_file(
        base, "claims", COMAR_LONG.encode(), file_name="comar.csv", by="ana", choice=UploadChoice(new_source=source)
    )
    assert result.version is not None
    assert base.current_version("sources") != sources_before
    row = base.load("sources").set_index("source_id").loc[source.source_id]
    assert (row["publisher"], row["url"], row["as_of"], row["note"]) == (
        "COMAR",
        "https://www.gob.mx/comar",
        "2026-11-05",
        "Cifras preliminares",
    )
    assert set(base.load("claims").query("period_start == '2026-10-01'")["source"]) == {source.source_id}
    report = json.loads(base.versions("claims").iloc[0]["report"])
    assert (report["sources"], report["new_source"], report["units"]) == (
        [source.source_id],
        source.source_id,
        ["persons"],
    )
    assert [tuple(a) for a in base.audit()[["action", "dataset"]].head(2).values] == [
        ("publish", "claims"),
        ("publish", "sources"),
    ]
    rollback(base, "claims", claims_before, by="ana")
    assert base.current_version("claims") == claims_before
    assert source.source_id in set(base.load("sources")["source_id"])  # sources are never lost


def test_when_the_versions_rows_fail_to_write_the_new_source_is_not_kept_either(
    base: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (base.current_version("sources"), base.current_version("claims"), len(base.audit()))
    real_bulk_insert = store_module._bulk_insert

    def fail_on_claims(connection, table, frame, version) -> None:
        if table.name == "data_claims":
            raise OSError("disk full")
        real_bulk_insert(connection, table, frame, version)

    monkeypatch.setattr(store_module, "_bulk_insert", fail_on_claims)
    with pytest.raises(OSError):
        publish_file(
            base,
            "claims",
            COMAR_LONG.encode(),
            file_name="comar.csv",
            by="ana",
            choice=UploadChoice(new_source=new_source()),
        )
    assert (base.current_version("sources"), base.current_version("claims"), len(base.audit())) == before
    assert len(base.load("sources")) == 2 and len(base.versions("sources")) == 1


def test_the_files_own_source_wins_row_by_row_and_an_unknown_id_names_its_row(base: Store) -> None:
    data = b"Mes,Solicitudes,Fuente\n2026-09,5,s\n2026-10,6,\n"
    checked = check_upload(base, "claims", data, choice=UploadChoice(source="old"))
    assert checked.report.ok and checked.report.frame["source"].tolist() == ["s", "old"]
    bad = check_upload(
        base, "claims", b"Mes,Solicitudes,Fuente\n2026-09,5,nope\n2026-10,6,\n", choice=UploadChoice(source="old")
    )
    assert [(p.row, p.column, p.value, p.code) for p in bad.report.errors] == [(2, "source", "nope", "unknown_source")]


def test_a_chosen_source_id_that_does_not_exist_is_one_problem_of_the_file(base: Store) -> None:
    checked = check_upload(base, "claims", COMAR_LONG.encode(), choice=UploadChoice(source="nope"))
    assert [(p.row, p.value, p.code) for p in checked.report.errors] == [(None, "nope", "unknown_chosen_source")]


@pytest.mark.parametrize(
    ("body", "choice", "units"),
    [
        (COMAR_LONG, None, ["persons", "persons"]),  # persons by default
        (COMAR_LONG, UploadChoice(source="s", unit="cases"), ["cases", "cases"]),  # the staff say cases
        (
            "Mes;Solicitudes;Unidad\n2026-09;5;cases\n2026-10;6;\n",
            UploadChoice(source="s", unit="persons"),
            ["cases", "persons"],
        ),
    ],
)
def test_rows_without_a_unit_take_the_chosen_one_and_a_unit_cell_wins(base: Store, body: str, choice, units) -> None:
    checked = check_upload(base, "claims", body.encode(), choice=choice or UploadChoice(source="s"))
    assert checked.report.ok, checked.report.problems
    assert checked.report.frame["unit"].tolist() == units


def test_a_file_that_names_every_source_and_unit_asks_for_neither(base: Store) -> None:
    checked = check_upload(base, "claims", b"period,claims,unit,source\n2026,5,cases,s\n")
    assert (checked.needs_source, checked.source, checked.unit) == (False, None, None)


@pytest.mark.parametrize(
    ("header", "unit"),
    [
        ("Casos", "cases"),
        ("Solicitudes (casos)", "cases"),
        ("Cases", "cases"),
        ("Personas", "persons"),
        ("Solicitudes", None),
    ],
)
def test_the_count_columns_header_says_the_unit(header: str, unit: str | None) -> None:
    raw = RawTable(pd.DataFrame({"claims": ["1"]}), [2], headers={"claims": header})
    assert unit_from_headers("claims", raw) == unit


@pytest.mark.parametrize("header", ["Casos", "Número de casos", "Cases"])
def test_a_count_column_headed_casos_is_read_as_claims_counted_in_cases(base: Store, header: str) -> None:
    checked = check_upload(base, "claims", f"Mes;{header}\n2026-09;5\n".encode(), choice=UploadChoice(source="s"))
    assert checked.report.ok, checked.report.problems
    assert (checked.report.frame["claims"].tolist(), checked.unit) == ([5], "cases")
    assert checked.report.frame["unit"].tolist() == ["cases"]


@pytest.mark.parametrize(
    ("dataset", "text", "figures", "unit"),
    [
        ("claims", "Mes;Solicitudes (casos)\n2026-09;5\n", {"claims": [5]}, "cases"),
        ("claims", "Mes;Solicitudes (personas)\n2026-09;5\n", {"claims": [5]}, "persons"),
        (
            "refugees",
            "Año;Nacionalidad;Reconocidos (casos);Negativas (casos)\n2024;Honduras;5;6\n",
            {"recognized": [5], "rejected": [6]},
            "cases",
        ),
    ],
)
def test_a_unit_in_parentheses_after_a_count_s_name_reads_the_count_in_that_unit(
    base: Store, dataset: str, text: str, figures: dict, unit: str
) -> None:
    checked = check_upload(base, dataset, text.encode(), choice=UploadChoice(source="s"))
    assert checked.report.ok, checked.report.problems
    assert not checked.report.problems  # no "unknown column" warning: the count is read, not ignored
    frame = checked.report.frame
    assert {column: frame[column].tolist() for column in figures} == figures
    assert frame["unit"].tolist() == [unit] * len(frame)


@pytest.mark.parametrize(
    ("text", "choice", "unit"),
    [
        ("Año;Nacionalidad;Reconocidos;Negativas\n2024;Honduras;5;6\n", UploadChoice(source="old"), "persons"),
        (
            "Año;Nacionalidad;Reconocidos;Negativas\n2024;Honduras;5;6\n",
            UploadChoice(source="old", unit="cases"),
            "cases",
        ),
        (
            "Resoluciones de la COMAR por nacionalidad, casos, 2024\nNacionalidad;Reconocidos;Negativas\nHonduras;5;6\n",
            UploadChoice(source="old"),
            "cases",
        ),
    ],
)
def test_a_decisions_file_without_source_and_unit_columns_publishes_with_the_chosen_ones(
    base: Store, text: str, choice: UploadChoice, unit: str
) -> None:
    data = text.encode("cp1252")
    assert check_upload(base, "refugees", data).needs_source
    version = publish_file(base, "refugees", data, file_name="resoluciones.csv", by="ana", choice=choice).version
    assert version is not None
    rows = base.load("refugees", version)
    assert rows[["period_start", "period_end", "nationality", "recognized", "rejected", "unit", "source"]].astype(
        object
    ).values.tolist() == [["2024-01-01", "2024-12-31", "HND", 5, 6, unit, "old"]]
    history = version_history(base, "refugees").iloc[0]
    assert (history["sources"], history["units"]) == ("old", unit)


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({}, []),
        ({"url": "www.gob.mx/comar"}, [("url", "source_bad_url")]),
        ({"url": "javascript:alert(1)"}, [("url", "source_bad_url")]),
        ({"as_of": "2024-02-30"}, [("as_of", "source_bad_date")]),
        ({"as_of": "agosto"}, [("as_of", "source_bad_date")]),
        ({"as_of": "2026-12-02"}, [("as_of", "source_future_date")]),
        ({"publisher": " ", "url": ""}, [("publisher", "source_required"), ("url", "source_required")]),
    ],
)
def test_a_described_source_needs_a_publisher_title_an_http_url_and_a_real_past_date(
    changes: dict, problems: list
) -> None:
    source, found = check_new_source({**COMAR, **changes}, set(), today=TODAY)
    assert [(p.field, p.code) for p in found] == problems
    assert (source is None) == bool(problems)


@pytest.mark.parametrize(
    ("as_of", "stored"),
    [("2026-12-01", "2026-12-01"), ("05/11/2026", "2026-11-05"), ("2019-08", "2019-08"), ("2019", "2019")],
)
def test_the_as_of_date_is_kept_as_iso_text(as_of: str, stored: str) -> None:
    source, _ = check_new_source({**COMAR, "as_of": as_of}, set(), today=TODAY)
    assert source.as_of == stored


def test_a_source_id_is_a_readable_slug_made_unique() -> None:
    taken = {"comar-boletin-estadistico-2024-08"}
    assert source_slug("COMAR", "Boletín estadístico", "2024-08", set()) == "comar-boletin-estadistico-2024-08"
    assert source_slug("COMAR", "Boletín estadístico", "2024-08", taken) == "comar-boletin-estadistico-2024-08-2"


def test_the_picker_lists_sources_newest_first() -> None:
    sources = pd.DataFrame(
        {"source_id": ["a", "b", "c", "d"], "as_of": ["2019-08", "2025-12-31", "2025", "2025-12-31"]}
    )
    assert sources_newest_first(sources)["source_id"].tolist() == ["b", "d", "c", "a"]


def wide_workbook(title: str) -> bytes:
    """A COMAR-style workbook: a title row, one row per state, a column per month, a Total row, a footnote."""
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    for row in (
        [title],
        [],
        ["Entidad federativa", "Ene", "Feb"],
        ["Chiapas", 1200, 1300],
        ["Tabasco", 50, 60],
        ["Total", 1250, 1360],
        [],
        ["Fuente: COMAR, cifras preliminares"],
    ):
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("title", "unit"),
    [("Solicitudes por entidad federativa, 2026", "persons"), ("Casos por entidad federativa, 2026", "cases")],
)
def test_a_wide_workbook_without_sources_takes_the_new_source_and_the_unit_its_title_says(
    base: Store, title: str, unit: str
) -> None:
    data = wide_workbook(title)
    asked = check_upload(base, "claims", data)
    assert asked.needs_source and asked.unit == unit and asked.notes == ("Fuente: COMAR, cifras preliminares",)
    checked = check_upload(base, "claims", data, choice=UploadChoice(new_source=new_source()))
    assert checked.report.ok, checked.report.problems
    rows = checked.report.frame[["period_start", "state", "claims", "unit", "source"]].values.tolist()
    assert rows[:2] == [
        ["2026-01-01", "07", 1200, unit, new_source().source_id],
        ["2026-02-01", "07", 1300, unit, new_source().source_id],
    ]
    assert {unit} == set(checked.report.frame["unit"])


def test_a_pledges_file_whose_fuente_holds_links_asks_for_a_source_and_keeps_the_links(base: Store) -> None:
    body = "Identificador;Área de enfoque;Estatus;Fuente\nMX-9;Salud;Cumplido;https://example.org/p/9\n".encode()
    asked = check_upload(base, "pledges", body)
    assert asked.needs_source and not asked.report.ok
    checked = check_upload(base, "pledges", body, choice=UploadChoice(source="s"))
    assert checked.report.ok, checked.report.problems
    assert checked.report.frame[["source", "source_url"]].values.tolist() == [["s", "https://example.org/p/9"]]

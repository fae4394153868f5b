"""A dataset declared once (schema.DATASETS) is validated, stored, exported and templated with no other edit."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pandera.pandas as pa
import pytest
from pandera.typing import Series

from mirps_dash import schema
from mirps_dash import store as store_module
from mirps_dash.changes import compare_versions
from mirps_dash.export import reader_frame, to_csv_bytes, to_template
from mirps_dash.ingest import read_table
from mirps_dash.store import Store, make_engine
from mirps_dash.templates import help_rows, template_csv, template_headers, template_xlsx
from mirps_dash.validate import problem_message, validate_table


class ShelterModel(pa.DataFrameModel):
    """Beds in shelters, by state and period (a toy: built here only, never shipped)."""

    period_start: Series[str] = pa.Field(str_matches=schema.ISO_DATE, description="First day (ISO date)")
    period_end: Series[str] = pa.Field(str_matches=schema.ISO_DATE, description="Last day (ISO date)")
    state: Series[str] = pa.Field(isin=schema.STATE_CODES, description="INEGI state code, or _T")
    beds: Series[pd.Int64Dtype] = pa.Field(ge=0, description="Beds available (count)")
    occupancy: Series[float] = pa.Field(ge=0, nullable=True, description="Share of beds taken (percent)")
    source: Series[str] = pa.Field(str_length={"min_value": 1}, description="Source id (text)")
    note: Series[str] = pa.Field(description="Free text (text)")

    class Config:
        strict = True
        coerce = True


SHELTERS = schema.Dataset(
    name="shelters",
    model=ShelterModel,
    key=("period_start", "period_end", "state", "source"),
    kinds={
        "period_start": "period",
        "period_end": "period_end",
        "state": "state",
        "beds": "count",
        "occupancy": "optional_number",
    },
    required=("period", "beds", "source"),
    aliases={"beds": ("camas", "plazas"), "state": ("estado", "entidad"), "source": ("fuente",)},
    defaults={"state": "_T"},
    headers_es={
        "period": "Periodo",
        "period_end": "Fin del periodo",
        "state": "Entidad federativa",
        "beds": "Camas",
        "occupancy": "Ocupación",
        "source": "Fuente",
        "note": "Nota",
    },
    title={"es": "Albergues", "en": "Shelters"},
)


@pytest.fixture
def shelters(monkeypatch: pytest.MonkeyPatch) -> Iterator[schema.Dataset]:
    """The toy dataset in the one registry every module reads; its table is dropped from the store's model after."""
    monkeypatch.setitem(schema.DATASETS, "shelters", SHELTERS)
    yield SHELTERS
    table = store_module.metadata.tables.get("data_shelters")
    if table is not None:
        store_module.metadata.remove(table)


SPANISH_FILE = "Periodo;Entidad federativa;Camas;Ocupación;Fuente\n2024-03;Chiapas;120;85.5;toy\n2023;CDMX;40;;toy\n"


def test_a_spanish_file_of_the_toy_dataset_validates_by_its_declared_headers(shelters: schema.Dataset) -> None:
    report = validate_table("shelters", read_table("shelters", SPANISH_FILE.encode("utf-8")))
    assert report.ok, [problem_message(p, "en") for p in report.problems]
    frame = report.frame
    assert frame[["period_start", "period_end", "state"]].values.tolist() == [
        ["2024-03-01", "2024-03-31", "07"],
        ["2023-01-01", "2023-12-31", "09"],
    ]
    assert frame["beds"].tolist() == [120, 40] and frame["note"].tolist() == ["", ""]


def test_a_bad_cell_of_the_toy_dataset_is_named_by_row_column_and_value(shelters: schema.Dataset) -> None:
    report = validate_table("shelters", read_table("shelters", b"period,beds,source\n2024,many,toy\n"))
    assert [(p.row, p.column, p.value) for p in report.errors] == [(2, "beds", "many")]
    assert "many" in problem_message(report.errors[0], "es")


def test_the_toy_dataset_is_stored_published_and_rolled_back(shelters: schema.Dataset, tmp_path: Path) -> None:
    store = Store(make_engine(f"sqlite:///{tmp_path / 'toy.sqlite3'}"))
    store.create_schema()
    frame = validate_table("shelters", read_table("shelters", SPANISH_FILE.encode("utf-8"))).frame
    first = store.publish("shelters", frame, by="ana", expected_version=None)
    second = store.publish("shelters", frame.iloc[:1], by="ana", expected_version=first)
    pd.testing.assert_frame_equal(store.load("shelters", first), frame)
    assert len(store.load("shelters")) == 1
    assert store.rollback("shelters", by="luis") == first and store.current_version("shelters") == first
    assert store.versions("shelters")["version_id"].tolist() == [second, first]
    store.engine.dispose()


def test_the_toy_dataset_exports_in_both_languages_and_uploads_back(shelters: schema.Dataset) -> None:
    frame = validate_table("shelters", read_table("shelters", SPANISH_FILE.encode("utf-8"))).frame
    assert to_template("shelters", frame)[["period", "period_end"]].values.tolist() == [["2024-03", ""], ["2023", ""]]
    spanish = reader_frame("shelters", frame, "es")
    assert list(spanish.columns)[:5] == [
        "Periodo",
        "Fin del periodo",
        "Entidad federativa",
        "Entidad federativa (código)",
        "Camas",
    ]
    assert spanish["Entidad federativa"].tolist() == ["Chiapas", "Ciudad de México"]
    again = validate_table("shelters", read_table("shelters", to_csv_bytes(spanish)))
    assert again.ok
    pd.testing.assert_frame_equal(again.frame, frame)


def test_what_changed_in_the_toy_dataset_lists_each_count_that_moved(shelters: schema.Dataset) -> None:
    """Its count column (kind count) is its figure: a revised and a new number of beds show before → after."""
    old = validate_table("shelters", read_table("shelters", SPANISH_FILE.encode("utf-8"))).frame
    revised = SPANISH_FILE.replace(";120;", ";150;") + "2024-03;Tabasco;30;;toy\n"
    new = validate_table("shelters", read_table("shelters", revised.encode("utf-8"))).frame
    figures = compare_versions(old, new, "shelters").figures
    moved = figures[["period_start", "state", "breakdown", "figure", "before", "after"]].astype(object)
    assert moved.where(moved.notna(), None).values.tolist() == [
        ["2024-03-01", "07", "state", "beds", 120, 150],
        ["2024-03-01", "27", "state", "beds", None, 30],
    ]
    assert str(figures["after"].dtype) == "Int64"  # beds stay whole numbers; occupancy (a share) is no figure


def test_the_toy_dataset_gets_templates_and_its_name_from_its_declaration(shelters: schema.Dataset) -> None:
    assert template_headers("shelters", "es") == [
        "Periodo",
        "Fin del periodo",
        "Entidad federativa",
        "Camas",
        "Ocupación",
        "Fuente",
        "Nota",
    ]
    assert template_csv("shelters", "en").decode("utf-8-sig").splitlines() == [
        "period,period_end,state,beds,occupancy,source,note"
    ]
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx("shelters", "es")))
    assert [cell.value for cell in workbook.worksheets[0][1]][:4] == [
        "Periodo",
        "Fin del periodo",
        "Entidad federativa",
        "Camas",
    ]
    rows = help_rows("shelters", "en")
    assert rows[4][:2] == ["beds", "yes"] and "Beds available" in rows[4][3]
    assert (
        schema.dataset_title("shelters", "es") == "Albergues" and schema.dataset_title("shelters", "en") == "Shelters"
    )


def test_build_data_refuses_a_declared_dataset_it_has_no_step_for(shelters: schema.Dataset) -> None:
    from tests.test_build_data import REFERENCE, load_build_data

    if not REFERENCE.exists():
        pytest.skip("reference data not available")
    with pytest.raises(NotImplementedError, match="shelters"):
        load_build_data().build_tables(REFERENCE)


@pytest.mark.parametrize("name", list(schema.DATASETS))
def test_every_declared_dataset_names_itself_in_both_languages(name: str) -> None:
    """The Data page's picker, its messages and the validator name a dataset from its declaration alone."""
    from mirps_dash.i18n import t

    dataset = schema.DATASETS[name]
    assert set(dataset.title) == {"es", "en"} and all(dataset.title.values())
    assert [t(f"dataset_{name}", lang) for lang in ("es", "en")] == [dataset.label("es"), dataset.label("en")]

"""The upload templates' help sheet: what the source column takes now that the source can be chosen at upload."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from mirps_dash.templates import template_xlsx


def help_sheet(dataset: str, lang: str) -> dict[str, tuple]:
    sheet = load_workbook(io.BytesIO(template_xlsx(dataset, lang))).worksheets[1]
    return {row[0]: row for row in sheet.iter_rows(values_only=True)}


@pytest.mark.parametrize(
    ("dataset", "lang", "header", "optional", "accepts"),
    [
        ("claims", "es", "Fuente", "no, si elige la fuente al subir", "id de una fuente de la lista «Fuentes»"),
        ("refugees", "es", "Fuente", "no, si elige la fuente al subir", "vacío o sin esta columna = la fuente elegida"),
        ("claims", "en", "source", "no, when you choose the source at upload", "id of a source in the “Sources” list"),
        ("indicators", "en", "source", "no, when you choose", "empty or no such column = the source chosen at upload"),
    ],
)
def test_the_source_column_is_optional_when_chosen_at_upload_and_takes_a_source_id(
    dataset: str, lang: str, header: str, optional: str, accepts: str
) -> None:
    row = help_sheet(dataset, lang)[header]
    assert row[1].startswith(optional)
    assert accepts in row[2] and "unhcr-stats" in row[2]
    assert not row[2].startswith(("texto", "text"))


def test_the_id_of_a_source_itself_stays_required() -> None:
    assert help_sheet("sources", "es")["Id fuente"][1] == "sí"

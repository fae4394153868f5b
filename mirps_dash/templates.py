"""Empty upload templates per dataset, in Spanish or English headers, as CSV or XLSX with a help sheet.

The Spanish headers are what staff see in the es template; ingest reads them back (see
`ingest.header_lookup`), so a template filled in and uploaded maps to the dataset's columns.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from mirps_dash.codes import CODE_LISTS, OPEN_KINDS, code_label
from mirps_dash.schema import DATASETS


class _SpanishHeaders(Mapping[str, dict[str, str]]):
    """Spanish template headers per dataset, read from schema.DATASETS at each look-up (a dataset declared later,
    or in a test, has its headers here too)."""

    def __getitem__(self, name: str) -> dict[str, str]:
        return DATASETS[name].headers_es

    def __iter__(self) -> Iterator[str]:
        return iter(DATASETS)

    def __len__(self) -> int:
        return len(DATASETS)


HEADERS_ES: Mapping[str, dict[str, str]] = _SpanishHeaders()
# What a cell may hold, by parser kind (see validate.parsers): shown on the template's help sheet.
FORMATS = {
    "period": {
        "es": "2024 | 2024-03 | marzo 2024 | 01/03/2024 (día/mes/año) | 2024-03-01",
        "en": "2024 | 2024-03 | March 2024 | 01/03/2024 (day/month/year) | 2024-03-01",
    },
    "period_end": {
        "es": "vacío, o fin de un periodo acumulado: 2024-08",
        "en": "empty, or end of a cumulative period: 2024-08",
    },
    "count": {"es": "número entero ≥ 0: 12345 o 12,345", "en": "whole number ≥ 0: 12345 or 12,345"},
    "optional_count": {"es": "vacío o número entero ≥ 0", "en": "empty or whole number ≥ 0"},
    "number": {"es": "número con punto decimal: 16.75", "en": "number with a decimal point: 16.75"},
    "optional_number": {"es": "vacío o número", "en": "empty or number"},
    "year": {"es": "año: 2023", "en": "year: 2023"},
    "partial_date": {"es": "2024 | 2024-03 | 2024-03-01", "en": "2024 | 2024-03 | 2024-03-01"},
    "state": {
        "es": "nombre o clave INEGI: Chiapas | 07 | CDMX; vacío = todo el país",
        "en": "name or INEGI code: Chiapas | 07 | CDMX; empty = whole country",
    },
    "office": {
        "es": "oficina COMAR: Tapachula | tapachula; vacío = todas",
        "en": "COMAR office: Tapachula | tapachula; empty = all",
    },
    "country": {
        "es": "nombre o código ISO: Honduras | HND | Haití; vacío = todas",
        "en": "name or ISO code: Honduras | HND | Haiti; empty = all",
    },
    "text": {"es": "texto (sin datos personales)", "en": "text (no personal data)"},
    "url": {
        "es": "vacío, o una dirección http:// o https:// (varias, separadas por « ; »)",
        "en": "empty, or an http:// or https:// address (several, separated by “ ; ”)",
    },
}  # coded kinds (units, statuses, areas, sexes, age groups, ...) list their values from the registry: cell_format


def template_headers(dataset_name: str, lang: str) -> list[str]:
    """Header row of a dataset's template: Spanish names for es, the column names for en."""
    columns = DATASETS[dataset_name].template_columns
    if lang == "en":
        return columns
    return [HEADERS_ES[dataset_name].get(column, column) for column in columns]


def column_kind(dataset_name: str, column: str) -> str:
    """Parser kind of a template column ('text' for free text)."""
    canonical = "period_start" if column == "period" else column
    return DATASETS[dataset_name].kinds.get(canonical, "text")


def source_chosen_at_upload(dataset_name: str, column: str) -> bool:
    """True for the `source` column of a dataset whose rows without one take the source chosen at upload (every
    dataset but `sources` itself: see upload.needs_source)."""
    return column == "source" and dataset_name != "sources"


def cell_format(dataset_name: str, column: str, lang: str) -> str:
    """What a cell of a template column may hold; a coded column lists every value it accepts, from the registry."""
    from mirps_dash.i18n import t

    if source_chosen_at_upload(dataset_name, column):
        return t("template_source_format", lang, sources=t("dataset_sources", lang))
    kind = column_kind(dataset_name, column)
    if kind not in CODE_LISTS:
        return FORMATS[kind][lang]
    text = t("template_one_of", lang, values=" | ".join(label.text(lang) for label in CODE_LISTS[kind]))
    if kind in OPEN_KINDS:
        text += t("template_or_other", lang)
    default = DATASETS[dataset_name].defaults.get(column)
    if default is not None:
        text += t("template_empty_is", lang, value=code_label(kind, default, lang))
    return text


def help_rows(dataset_name: str, lang: str) -> list[list[str]]:
    """One row per column: header, required or not, what it may hold, what it means (schema description)."""
    from mirps_dash.i18n import t

    dataset = DATASETS[dataset_name]
    descriptions = {name: column.description or "" for name, column in dataset.model.to_schema().columns.items()}
    rows = [
        [
            t("template_help_column", lang),
            t("template_help_required", lang),
            t("template_help_format", lang),
            t("template_help_meaning", lang),
        ]
    ]
    for column, header in zip(dataset.template_columns, template_headers(dataset_name, lang), strict=True):
        if source_chosen_at_upload(dataset_name, column):
            required = t("template_source_optional", lang)
        else:
            required = t("yes" if column in dataset.required else "no", lang)
        meaning = descriptions.get("period_start" if column == "period" else column, "")
        rows.append([header, required, cell_format(dataset_name, column, lang), meaning])
    return rows


def template_csv(dataset_name: str, lang: str) -> bytes:
    """A CSV template: the header row only, UTF-8 with BOM so that Excel shows accents."""
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(template_headers(dataset_name, lang))
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(dataset_name: str, lang: str) -> bytes:
    """An XLSX template: the header on the first sheet, and a help sheet describing every column."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from mirps_dash.i18n import t

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = t("template_sheet_data", lang)
    sheet.append(template_headers(dataset_name, lang))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    helper = workbook.create_sheet(t("template_sheet_help", lang))
    for row in help_rows(dataset_name, lang):
        helper.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

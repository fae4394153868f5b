"""Canonical frames back to template form, as CSV or XLSX bytes that open as text, never as formulas."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import overload

import pandas as pd

from mirps_dash.codes import CODE_LISTS, TOTAL, code_label
from mirps_dash.periods import template_period
from mirps_dash.schema import DATASETS
from mirps_dash.validate import FORMULA_PREFIXES


@overload
def guard_formula(value: str) -> str: ...
@overload
def guard_formula(value: object) -> object: ...
def guard_formula(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe.

    Text that already starts with an apostrophe before = + - @ gets one more, so that import (which strips
    one) gives back exactly what was exported.
    """
    if isinstance(value, str) and (
        value.startswith(FORMULA_PREFIXES) or (value[:1] == "'" and value[1:2] in FORMULA_PREFIXES)
    ):
        return "'" + value
    return value


def to_template(dataset_name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A canonical frame in the dataset's template columns, ready to write or to upload again."""
    dataset = DATASETS[dataset_name]
    out = frame[dataset.columns].copy()
    if "period_start" in out:
        labels = [template_period(s, e) for s, e in zip(out["period_start"], out["period_end"], strict=True)]
        out["period_start"] = [label[0] for label in labels]
        out["period_end"] = [label[1] for label in labels]
        out = out.rename(columns={"period_start": "period"})
    return out


def guard_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and header) carry the formula guard."""
    out = frame.rename(columns=guard_formula)
    for column in out.columns:
        if out[column].dtype == "str" or out[column].dtype == object:
            out[column] = out[column].map(guard_formula)
    return out


def csv_text(frame: pd.DataFrame, header: bool = True) -> str:
    """CSV text with CRLF line ends, so that every field holding a bare CR or LF is quoted: a line break
    inside a cell can never start a new, unguarded row."""
    return frame.to_csv(index=False, header=header, lineterminator="\r\n")


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a BOM (Excel then shows accents), text guarded so that no cell runs as a formula."""
    return csv_text(guard_frame(frame)).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "data", notes: list[str] | None = None) -> bytes:
    """An XLSX workbook; every text cell is guarded and written as a string, never as a formula.

    `notes` (source, filters) go to a second sheet, so the data sheet keeps its header on row 1.
    """
    from openpyxl import Workbook

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append([guard_formula(column) for column in frame.columns])
    for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None):
        worksheet.append([guard_formula(value) for value in row])
    for row in worksheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    if notes:
        about = workbook.create_sheet("about")
        for note in notes:
            about.append([guard_lines(note)])
        for row in about.iter_rows():
            for cell in row:
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---- files a reader opens: labels in the reader's language, codes beside them, notes beside the data ------------

# Column kinds whose cells are codes with a label per language (the registry's kinds, states, countries, offices).
LABELLED_KINDS = frozenset({*CODE_LISTS, "state", "country", "office"})
CODE_HEADER = {"es": "{header} (código)", "en": "{header} (code)"}
# What an office cell holding the total (_T) reads as; validate.office_names reads both back as _T.
ALL_OFFICES = {"es": "Todas", "en": "All"}
LINE_BREAK = re.compile(r"(\r\n|\r|\n)")


def guard_lines(text: str) -> str:
    """The formula guard on every line of a text the dashboard writes (a note, a filter, a README line)."""
    return "".join(part if LINE_BREAK.fullmatch(part) else guard_formula(part) for part in LINE_BREAK.split(text))


def code_labels_for(kind: str, codes: pd.Series, lang: str, offices: pd.DataFrame | None) -> pd.Series:
    """Each code's label in `lang` (the one the pages show), computed once per distinct code and spread by position
    (a map through a dict of labels cost 3 ms a column at 20,000 rows); a missing code stays missing."""
    positions, distinct = pd.factorize(codes)
    if kind == "office":
        names = dict(zip(offices["office_id"], offices["name"], strict=True)) if offices is not None else {}
        labels = [ALL_OFFICES[lang] if code == TOTAL else names.get(code, code) for code in distinct.tolist()]
    else:
        labels = [code_label(kind, code, lang) for code in distinct.tolist()]
    return pd.Series(pd.Series(labels, dtype=codes.dtype).array.take(positions, allow_fill=True), index=codes.index)


def reader_frame(
    dataset_name: str, frame: pd.DataFrame, lang: str, offices: pd.DataFrame | None = None
) -> pd.DataFrame:
    """A canonical frame as a reader's file: the template's headers and labels in `lang`, each coded column's code
    beside it ('Área de enfoque' = 'Educación', 'Área de enfoque (código)' = 'Education').

    Uploaded again, the labelled columns read back as the same canonical rows (the registry maps every label
    to its code); the code columns are for tools that join on codes, and an upload ignores them."""
    from mirps_dash.templates import column_kind, template_headers

    template = to_template(dataset_name, frame)
    headers = dict(zip(DATASETS[dataset_name].template_columns, template_headers(dataset_name, lang), strict=True))
    columns: dict[str, pd.Series] = {}
    for column in template.columns:
        kind = column_kind(dataset_name, column)
        if kind in LABELLED_KINDS:
            columns[headers[column]] = code_labels_for(kind, template[column], lang, offices)
            columns[CODE_HEADER[lang].format(header=headers[column])] = template[column]
        else:
            columns[headers[column]] = template[column]
    return pd.DataFrame(columns, index=template.index).reset_index(drop=True)


# A table, or the function that makes it when it is first needed (a chart's table, made only for a download).
Frame = pd.DataFrame | Callable[[], pd.DataFrame]


def made(frame: Frame) -> pd.DataFrame:
    """The table of a `Frame`, made now if it was deferred."""
    return frame() if callable(frame) else frame


@dataclass(frozen=True)
class ShownFile:
    """One table a page showed, for "download everything shown": file name, raw values, what it says, its sources."""

    name: str
    frame: Frame
    summary: str = ""
    sources: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()


def describe_sources(source_ids: list[str], sources: pd.DataFrame, lang: str) -> list[str]:
    """One line per source: publisher, title, licence, as-of date and address, in the reader's language."""
    from mirps_dash.i18n import t

    wanted = list(dict.fromkeys(source_ids))
    # one record per cited source, read once (a pandas row lookup per source cost a Trends run 13 ms)
    picked = sources[sources["source_id"].isin(wanted)] if len(sources) else sources
    rows = {row["source_id"]: row for row in picked.to_dict("records")}
    lines = []
    for source_id in wanted:
        if source_id not in rows:
            continue
        row = rows[source_id]
        licence = str(row.get("licence", "") or "") or t("export_no_licence", lang)
        lines.append(
            t(
                "export_source",
                lang,
                publisher=row["publisher"],
                title=row["title"],
                licence=licence,
                as_of=row["as_of"],
                url=row.get("url", "") or "—",
            )
        )
    return lines


def readme_text(
    lang: str,
    title: str,
    permalink: str,
    filters: list[str],
    files: list[ShownFile],
    sources: pd.DataFrame,
    versions: list[dict],
    now: dt.datetime,
    citation: str = "",
    definitions: list[str] | None = None,
) -> str:
    """README.txt of a "download everything shown" ZIP: what each file holds, sources with licences and as-of
    dates, definitions of the figures' terms, filters, data versions, the permalink and the citation (with the
    permalink pinning these versions), in the reader's language; every line formula-guarded."""
    from mirps_dash.i18n import t

    lines = [
        t("export_readme_title", lang, page=title),
        t("export_when", lang, when=now.strftime("%Y-%m-%d %H:%M UTC")),
        "",
        t("export_permalink", lang, url=permalink or "—"),
        "",
        t("export_files", lang),
    ]
    lines += [f"  {file.name}: {file.summary}" if file.summary else f"  {file.name}" for file in files]
    lines += ["", t("export_filters", lang)] + [f"  {line}" for line in (filters or [t("export_no_filters", lang)])]
    source_lines = describe_sources([s for file in files for s in file.sources], sources, lang)
    lines += ["", t("export_sources", lang)] + [f"  {line}" for line in source_lines or [t("export_no_sources", lang)]]
    lines += ["", t("export_versions", lang)]
    lines += [
        f"  {t('export_version', lang, dataset=v['dataset'], version=v['version_id'], day=str(v['created_at'])[:10], file=v.get('file_name') or '—')}"
        for v in versions
    ]
    if definitions:
        lines += ["", t("export_definitions", lang)] + [f"  {line}" for line in definitions]
    if citation:
        lines += ["", t("export_citation", lang), f"  {citation}"]
    lines += ["", t("export_csv_note", lang)]
    return guard_lines("\r\n".join(lines) + "\r\n")


def shown_zip(files: list[ShownFile], readme: str) -> bytes:
    """A ZIP of every shown table as CSV (header on the first line) and the README beside them."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme.encode("utf-8-sig"))
        for file in files:
            archive.writestr(file.name, to_csv_bytes(made(file.frame)))
    return buffer.getvalue()

"""Ready citations of a figure, and the freshness note of a dataset, in the reader's language (plain text).

A citation names each original source (publisher, title, as-of date, address), then this dashboard: the data
version(s) behind the figure, the day it was consulted and a permalink that pins those versions (`?v=`), so the
cited numbers can be seen again after later uploads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd

from mirps_dash.freshness import Freshness
from mirps_dash.i18n import format_day, t
from mirps_dash.provenance import body_name
from mirps_dash.schema import DATASETS
from mirps_dash.words import format_partial_date


def source_reference(row: Mapping[str, object], lang: str) -> str:
    """'ACNUR, «Refugee Population Statistics Database», datos al 31 de diciembre de 2025, https://…'; the parts
    the source lacks (title, date, address) are left out."""
    parts = [body_name(str(row.get("publisher") or ""), lang)]
    if title := str(row.get("title") or ""):
        parts.append(t("cite_title", lang, title=title))
    if as_of := str(row.get("as_of") or ""):
        parts.append(t("cite_as_of", lang, as_of=format_partial_date(as_of, lang)))
    if url := str(row.get("url") or ""):
        parts.append(url)
    return ", ".join(part for part in parts if part)


def versions_words(versions: Mapping[str, int], lang: str) -> str:
    """'versión de datos 12' for one dataset; 'versiones de datos 12 (Solicitudes de asilo), 4 (…)' for several."""
    if len(versions) == 1:
        return t("cite_version", lang, version=next(iter(versions.values())))
    named = [f"{version} ({DATASETS[name].title[lang]})" for name, version in versions.items()]
    return t("cite_versions", lang, versions=", ".join(named))


def citation_text(
    source_ids: Sequence[str],
    sources: pd.DataFrame,
    versions: Mapping[str, int],
    day: dt.date,
    permalink: str,
    lang: str,
) -> str:
    """The citation of a figure: each source's reference ('; ' between them), then 'Vía mirps-dash, versión de
    datos N, consultado el FECHA, ENLACE'. `versions` are the datasets the figure is read from."""
    return references_text(source_ids, sources, lang) + via_text(versions, day, permalink, lang)


def references_text(source_ids: Sequence[str], sources: pd.DataFrame, lang: str) -> str:
    """The sources part of a citation: each known source's reference, '. ' after each ('' for none)."""
    wanted = list(dict.fromkeys(source_ids))
    # one record per cited source, read at once (a pandas row lookup per source cost 20 ms for a monthly chart)
    picked = sources[sources["source_id"].isin(wanted)] if len(sources) else sources
    rows = {str(row["source_id"]): {str(k): v for k, v in row.items()} for row in picked.to_dict("records")}
    references = [source_reference(rows[source_id], lang) for source_id in wanted if source_id in rows]
    return ". ".join(references) + ". " if references else ""


def via_text(versions: Mapping[str, int], day: dt.date, permalink: str, lang: str) -> str:
    """'Vía mirps-dash, versión de datos N, consultado el FECHA, ENLACE'."""
    return t("cite_via", lang, versions=versions_words(versions, lang), day=format_day(day, lang), url=permalink)


def freshness_text(freshness: Freshness, lang: str) -> str:
    """'Solicitudes de asilo: datos de ACNUR hasta 2025; publicados aquí el 6 de diciembre de 2026.', and when
    overdue '…; más antiguos que su intervalo de actualización (18 meses).'"""
    text = t(
        "fresh_line",
        lang,
        dataset=DATASETS[freshness.dataset].title[lang],
        producer=body_name(freshness.producer, lang),
        newest=format_partial_date(freshness.newest, lang),
        day=format_day(freshness.published, lang),
    )
    if freshness.overdue:
        text += t("fresh_overdue", lang, months=freshness.months)
    return text + "."

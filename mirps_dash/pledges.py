"""Pledges queries: filter, search, count, detail and export (pure; the page's charts and views are in views).

Every value from data is text: chart labels and hover texts are HTML-escaped here, Markdown is escaped by
the page with `safe.escape_markdown`. Amounts are of different kinds (budgets, contributions, regional
envelopes), so nothing here ever adds them up.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from itertools import compress
from typing import cast

import numpy as np
import pandas as pd

from mirps_dash.codes import fold
from mirps_dash.export import reader_frame, to_csv_bytes, to_xlsx_bytes
from mirps_dash.i18n import CATALOGUE, format_number, t
from mirps_dash.queries import national_claims_by_year, refugee_figures_by_year
from mirps_dash.schema import AREAS_OF_FOCUS, PLEDGE_STATUSES

SEARCH_COLUMN = "search_text"
MIME_TYPES = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
PLACE_SEPARATOR = re.compile(r"\s*;\s*")
SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$")

# Filter name -> pledge column it selects on. The page's widget key is "pledges_" + name.
FILTER_COLUMNS: dict[str, str] = {
    "area": "area_of_focus",
    "entity_type": "entity_type",
    "entity": "submitting_entity",
    "pledge_type": "pledge_type",
    "forum": "forum",
    "year": "year",
    "status": "status",
    "location": "beneficiary_location",
}
# Column -> kind of value whose label the catalogue translates (key "pl_value_<kind>:<value>").
TRANSLATED = {
    "area_of_focus": "area",
    "status": "status",
    "entity_type": "entity_type",
    "pledge_type": "pledge_type",
    "forum": "forum",
}
# Area of focus -> the indicator on this dashboard that the pledge should move (None: none yet).
AREA_INDICATORS: dict[str, str] = {
    "Protection capacity": "claims_decisions",
    "Jobs and livelihoods": "labour_relocations",
    "Solutions": "refugees",
    "Burden and responsibility sharing": "population",
}
DETAIL_FIELDS = (
    "pledge_id",
    "title_es",
    "title_en",
    "description_en",
    "submitting_entity",
    "entity_type",
    "area_of_focus",
    "pledge_type",
    "forum",
    "year",
    "status",
    "amount_usd",
    "beneficiary_location",
    "source_title",
    "source_url",
    "source_date",
    "source",
)
TABLE_COLUMNS = (
    "pledge_id",
    "title",
    "submitting_entity",
    "entity_type",
    "area_of_focus",
    "status",
    "forum",
    "year",
    "amount_usd",
    "beneficiary_location",
)


@dataclass(frozen=True)
class PledgeSelection:
    """What a donor picked: values per filter (empty = no filter) and the search text."""

    area: tuple[str, ...] = ()
    entity_type: tuple[str, ...] = ()
    entity: tuple[str, ...] = ()
    pledge_type: tuple[str, ...] = ()
    forum: tuple[str, ...] = ()
    year: tuple[int, ...] = ()
    status: tuple[str, ...] = ()
    location: tuple[str, ...] = ()
    text: str = ""

    def is_empty(self) -> bool:
        """True when nothing is filtered or searched."""
        return not any(getattr(self, f.name) for f in fields(self))


def value_label(column: str, value: object, lang: str) -> str:
    """A data value as the donor reads it: translated where the catalogue knows it, else as stored."""
    if column == "year":
        # pandas-stubs: isna takes any object, not only the scalars it lists; a year that is not missing is a number
        return t("pl_none", lang) if pd.isna(value) else str(int(cast(float, value)))  # type: ignore[call-overload]
    kind = TRANSLATED.get(column)
    key = f"pl_value_{kind}:{value}"
    if kind and key in CATALOGUE:
        return t(key, lang)
    return t("pl_none", lang) if value == "" else str(value)


def split_places(location: str) -> list[str]:
    """'Tapachula; Mexico City' -> ['Tapachula', 'Mexico City']."""
    return [place for place in PLACE_SEPARATOR.split(str(location)) if place]


def search_index(frame: pd.DataFrame) -> pd.Series:
    """Folded (accent-free, lower-case) words of each pledge in both languages, each once: titles, description,
    entity, place, id, and the Spanish and English names of its area, status, entity type and forum. A searched
    word (no space in it) is in the text exactly when it is in one of its words, so a repeated word adds nothing
    but length: without repeats the text is a third shorter, and each search as much faster."""
    parts = [
        frame[c].astype(str)
        for c in ("pledge_id", "title_en", "title_es", "description_en", "submitting_entity", "beneficiary_location")
    ]
    for column in TRANSLATED:
        for lang in ("es", "en"):
            labels = {value: value_label(column, value, lang) if value else "" for value in frame[column].unique()}
            parts.append(frame[column].map(labels).astype(str))
    joined = [" ".join(row) for row in zip(*(part.tolist() for part in parts), strict=True)]
    # plain Python strings: substring tests on them are the fastest here
    words = [" ".join(dict.fromkeys(fold_search(text).split())) for text in joined]
    return pd.Series(words, index=frame.index, dtype=object)


fold_search = fold  # the search index and the query fold text as every other match does (codes.fold)


def prepare_pledges(frame: pd.DataFrame) -> pd.DataFrame:
    """The pledges with the folded search column added (computed once per dataset version)."""
    out = frame.copy()
    out[SEARCH_COLUMN] = search_index(out) if len(out) else pd.Series(dtype=object)
    return out


def search_mask(frame: pd.DataFrame, text: str, rows: np.ndarray | None = None) -> pd.Series:
    """Rows whose search text holds every word of `text`, ignoring accents and case ('salud' finds 'Salud'); with
    `rows`, only the rows it marks are searched (the others are False). Each word is looked for in one list
    comprehension over the texts that held the words before it: a test of every word per row in a generator cost
    twice as long (15 ms at 20,000 pledges for one word)."""
    index = frame[SEARCH_COLUMN] if SEARCH_COLUMN in frame else search_index(frame)
    positions = np.arange(len(frame)) if rows is None else np.flatnonzero(rows)
    texts = index.to_numpy(dtype=object)[positions].tolist()
    for word in fold_search(text).split():
        held = [word in folded for folded in texts]
        positions = positions[np.array(held, dtype=bool)]
        texts = list(compress(texts, held))
    found = np.zeros(len(frame), dtype=bool)
    found[positions] = True
    return pd.Series(found, index=frame.index)


def _filter_masks(frame: pd.DataFrame, selection: PledgeSelection) -> dict[str, np.ndarray]:
    """Per filter with a choice, the rows it keeps (the search text aside)."""
    masks = {}
    for name, column in FILTER_COLUMNS.items():
        chosen = list(getattr(selection, name))
        if not chosen:
            continue
        if name == "location":
            masks[name] = _naming_places(frame[column], chosen)
        else:
            masks[name] = frame[column].isin(chosen).to_numpy(dtype=bool, na_value=False)
    return masks


def _naming_places(locations: pd.Series, places: list[str]) -> np.ndarray:
    """Rows whose beneficiary location lists one of `places` (';'-separated). The pattern is matched once per
    distinct location (a few dozen) and spread by position: on every row it cost 5 ms at 20,000 pledges."""
    pattern = r"(?:^|;)\s*(?:" + "|".join(re.escape(place) for place in places) + r")\s*(?:;|$)"
    positions, distinct = pd.factorize(locations)  # a missing location is at position -1: the appended False
    matched = distinct.astype(str).str.contains(pattern, regex=True)
    return np.append(np.asarray(matched, dtype=bool), False)[positions]


def _kept_rows(rows: int, masks: dict[str, np.ndarray], skip: tuple[str, ...] = ()) -> np.ndarray:
    """The rows every mask keeps but those of the filters in `skip`."""
    keep = np.ones(rows, dtype=bool)
    for name, mask in masks.items():
        if name not in skip:
            keep &= mask
    return keep


def filter_pledges(frame: pd.DataFrame, selection: PledgeSelection, skip: tuple[str, ...] = ()) -> pd.DataFrame:
    """The pledges matching every filter and the search text (vectorised; `skip` leaves filters out)."""
    kept = frame[_kept_rows(len(frame), _filter_masks(frame, selection), skip)]
    if selection.text.strip():  # the search looks only at the rows the filters kept
        kept = kept[search_mask(kept, selection.text)]
    return kept


def filter_with_facets(
    frame: pd.DataFrame,
    selection: PledgeSelection,
    facets: tuple[str, ...] = ("area", "status", "entity_type"),
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """The filtered pledges, and per facet the rows of `frame` under the search and every other filter (what its
    bars count, `count_by`). Each filter's rows are found once for all of them, the search looks only at the rows
    some bar counts (a Python test per row: 17 ms at 20,000 pledges), and only the shown pledges are taken out of
    the frame (each take of a frame costs about a millisecond however small)."""
    masks = _filter_masks(frame, selection)
    counted = {name: _kept_rows(len(frame), masks, (name,)) for name in facets}
    if selection.text.strip():
        found = search_mask(frame, selection.text, np.logical_or.reduce([*counted.values()])).to_numpy(dtype=bool)
        masks["text"] = found
        counted = {name: rows & found for name, rows in counted.items()}
    return frame[_kept_rows(len(frame), masks)], counted


def filter_options(frame: pd.DataFrame) -> dict[str, list]:
    """Choices for each filter, from the data: areas and statuses in the Compact's order, years newest first."""
    options: dict[str, list] = {}
    for name, column in FILTER_COLUMNS.items():
        values = frame[column].dropna().unique().tolist()
        if name == "location":
            options[name] = sorted({place for value in values for place in split_places(value)}, key=fold)
        elif name == "year":
            options[name] = sorted({int(v) for v in values}, reverse=True)
        elif name in ("area", "status"):
            present = set(values)
            options[name] = [v for v in (AREAS_OF_FOCUS if name == "area" else PLEDGE_STATUSES) if v in present]
        else:
            options[name] = sorted(values, key=lambda v: (v == "", fold(v)))
    return options


def count_by(frame: pd.DataFrame, column: str, lang: str, rows: np.ndarray | None = None) -> pd.DataFrame:
    """Pledges per value of a column (among the `rows` marked, else all), most first, then in the Compact's order
    for areas and statuses, then as first met: value (as stored), label (for the reader), pledges. Counted on
    positions with numpy: pandas' value_counts and sorts cost a few milliseconds per chart whatever the rows. Only
    the marked rows are factorized, so their codes are already in the order first met (factorizing the whole column
    and sorting the marked codes cost twice as long at 20,000 pledges)."""
    marked = frame[column].array if rows is None else frame[column].array[rows]
    positions, distinct = pd.factorize(marked, use_na_sentinel=False)
    counts = np.bincount(positions, minlength=len(distinct))
    order = AREAS_OF_FOCUS if column == "area_of_focus" else PLEDGE_STATUSES if column == "status" else ()
    rank = {value: position for position, value in enumerate(order)}
    values = distinct.astype(str).tolist()
    ranks = np.array([rank.get(value, len(rank)) for value in values], dtype=int)
    ordered = np.lexsort((np.arange(len(values)), ranks, -counts))  # the last key sorts first
    values = [values[position] for position in ordered]
    return pd.DataFrame(
        {
            "value": pd.Series(values, dtype=str),
            "label": [value_label(column, value, lang) for value in values],
            "pledges": counts[ordered].astype(int),
        }
    )


def picked_values(points: list[dict], values: list[str]) -> list[str]:
    """Values of the bars a reader clicked, from the count bars' point selection (`charts.PICK`: each chosen bar
    as {"index": its position}); an index the bars no longer have is skipped (the selection outlives its data)."""
    picked = [
        values[point["index"]]
        for point in points
        if isinstance(point.get("index"), int) and 0 <= point["index"] < len(values)
    ]
    return list(dict.fromkeys(picked))


def amount_summary(frame: pd.DataFrame) -> tuple[int, int]:
    """(pledges stating an amount, pledges without one): counted, never summed."""
    with_amount = int(frame["amount_usd"].notna().sum())
    return with_amount, len(frame) - with_amount


def _labelled(values: pd.Series, column: str, lang: str) -> pd.Series:
    """`value_label` of each value of a column, each distinct value labelled once and spread by its position (a
    map over 20,000 rows of text ran per row in Python)."""
    positions, distinct = pd.factorize(values, use_na_sentinel=False)
    labels = pd.Series([value_label(column, value, lang) for value in distinct], dtype=values.dtype)
    return pd.Series(labels.array.take(positions), index=values.index)


def _titles(frame: pd.DataFrame, lang: str) -> pd.Series:
    """Each pledge's title in the reader's language, else the other language's."""
    title = frame["title_es"] if lang == "es" else frame["title_en"]
    other = frame["title_en"] if lang == "es" else frame["title_es"]
    # each row's title, else the other language's: taken by position (pandas' where on text ran per row in Python)
    rows = np.arange(len(frame))
    both = pd.concat([title, other], ignore_index=True).array
    chosen = np.where((title.astype(str) != "").to_numpy(dtype=bool), rows, rows + len(frame))
    return pd.Series(both.take(chosen), index=frame.index)


def title_of(pledge: Mapping[str, object] | pd.Series, lang: str) -> object:
    """One pledge's title as `table_frame` shows it: in the reader's language, else the other language's."""
    ours, other = ("title_es", "title_en") if lang == "es" else ("title_en", "title_es")
    return pledge[ours] if str(pledge[ours]) != "" else pledge[other]


def table_frame(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The rows the table shows: title in the reader's language, translated categories, amount per pledge."""
    out = pd.DataFrame(index=frame.index)
    out["pledge_id"] = frame["pledge_id"]
    out["title"] = _titles(frame, lang)
    for column in TABLE_COLUMNS[2:]:
        if column in TRANSLATED:
            out[column] = _labelled(frame[column], column, lang)
        else:
            out[column] = frame[column]
    return out.reset_index(drop=True)


def amounts_frame(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Pledges that state an amount, largest first, one row each (the amounts are not comparable sums). Only its
    four columns are made (the whole table's labels cost 10-20 ms at 20,000 pledges)."""
    rows = frame[frame["amount_usd"].notna()]
    out = pd.DataFrame(
        {
            "pledge_id": rows["pledge_id"],
            "amount_usd": rows["amount_usd"],
            "submitting_entity": rows["submitting_entity"],
            "title": _titles(rows, lang),
        }
    ).reset_index(drop=True)
    return out.sort_values("amount_usd", ascending=False)


def detail_fields(pledge: pd.Series, lang: str) -> list[tuple[str, str]]:
    """Every field of one pledge as (label, text) in the reader's language; empty fields say so."""
    out = []
    for column in DETAIL_FIELDS:
        value = pledge[column]
        if column == "amount_usd":
            text = t("pl_no_amount", lang) if pd.isna(value) else "USD " + format_number(value, lang)
        elif column == "year":
            text = value_label("year", value, lang)
        else:
            text = value_label(column, value, lang)
        out.append((t(f"pl_field_{column}", lang), text))
    return out


def source_links(pledge: pd.Series) -> list[tuple[str, str]]:
    """(title, URL) of each source that is a plain http(s) link; several are separated by ' ; ' in both fields."""
    urls = [url.strip() for url in str(pledge["source_url"]).split(" ; ")]
    titles = [title.strip() for title in str(pledge.get("source_title", "")).split(" ; ")]
    if len(titles) != len(urls):
        titles = [str(pledge.get("source_title", "")) or url for url in urls]
    return [
        (title or url, url.replace("(", "%28").replace(")", "%29"))
        for title, url in zip(titles, urls, strict=True)
        if SAFE_URL.match(url)
    ]


def indicator_kind(area: str) -> str | None:
    """Which dashboard indicator a pledge of this area of focus should move, if the dashboard has one."""
    return AREA_INDICATORS.get(area)


def indicator_frame(kind: str, claims: pd.DataFrame, refugees: pd.DataFrame) -> pd.DataFrame:
    """Yearly figures (UNHCR) for an indicator kind, tidy: year, series (catalogue key), value."""
    figures = refugee_figures_by_year(refugees)
    columns = {
        "claims_decisions": ["decisions_total"],
        "refugees": ["refugees"],
        "population": ["refugees", "asylum_seekers"],
    }[kind]
    # wide (year, refugees, asylum_seekers, ...) -> long (year, series, value)
    long = figures.melt(id_vars="year", value_vars=columns, var_name="series", value_name="value")
    if kind == "claims_decisions":
        claim_years = national_claims_by_year(claims).rename(columns={"claims": "value"}).drop(columns="source")
        long = pd.concat([claim_years.assign(series="claims"), long], ignore_index=True)
    long = long.dropna(subset=["value"])
    return long[long["year"] >= 2013].astype({"year": int, "value": float}).reset_index(drop=True)


def single_indicator(indicators: pd.DataFrame, name: str) -> dict:
    """The latest published figure of a one-off indicator (value, period_start, period_end, unit, source, note)."""
    rows = indicators[indicators["indicator"] == name].sort_values("period_end")
    return rows.iloc[-1].to_dict()


def describe_selection(selection: PledgeSelection, lang: str) -> str:
    """The filters and search text in words, for export notes ('none' when nothing is filtered)."""
    parts = []
    for name, column in FILTER_COLUMNS.items():
        chosen = getattr(selection, name)
        if chosen:
            parts.append(t(f"pl_filter_{name}", lang) + " = " + ", ".join(value_label(column, v, lang) for v in chosen))
    if selection.text.strip():
        parts.append(t("pl_search", lang) + " = “" + selection.text.strip() + "”")
    return "; ".join(parts) or t("pl_no_filters", lang)


def export_notes(
    selection: PledgeSelection,
    shown: int,
    total: int,
    source: dict[str, str],
    lang: str,
    version: int | None,
    now: dt.datetime,
    permalink: str = "",
) -> list[str]:
    """What an exported file says about itself (its about sheet): source and licence, that the list is compiled,
    filters, counts, data version, when, the link to this view, and how its code columns read."""
    notes = [
        t(
            "source_line",
            lang,
            publisher=source.get("publisher", ""),
            title=source.get("title", ""),
            as_of=source.get("as_of", ""),
        ),
        t("export_licence_line", lang, licence=source.get("licence", "") or t("export_no_licence", lang)),
        t("pl_compiled_notice", lang),
        t("pl_export_filters", lang, filters=describe_selection(selection, lang)),
        t(
            "pl_export_count",
            lang,
            shown=shown,
            total=total,
            version=version or "—",
            when=now.strftime("%Y-%m-%d %H:%M UTC"),
        ),
        t("pl_amounts_caveat", lang),
        t("export_codes_line", lang),
    ]
    return [*notes, t("export_permalink_line", lang, url=permalink)] if permalink else notes


def source_record(sources: pd.DataFrame, source_id: str) -> dict[str, str]:
    """One row of the sources dataset as a dict (empty when it is missing)."""
    rows = sources[sources["source_id"] == source_id]
    return cast(dict[str, str], rows.iloc[0].to_dict()) if len(rows) else {}  # every column of sources is text


def export_frame(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The filtered pledges as a reader's file: template headers and labels in `lang`, codes beside the labels."""
    return reader_frame("pledges", frame, lang)


def export_file(file_format: str, frame: pd.DataFrame, notes: list[str], lang: str = "en") -> bytes:
    """The filtered pledges as a CSV (header on line 1, nothing else) or an XLSX whose `about` sheet holds the notes."""
    table = export_frame(frame, lang)
    if file_format == "xlsx":
        return to_xlsx_bytes(table, sheet="pledges", notes=notes)
    return to_csv_bytes(table)

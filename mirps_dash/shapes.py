"""The shapes COMAR's tables come in: where a table starts and ends, and wide tables turned long.

COMAR, state offices and partners send figures as they print them: a title row or two ("Solicitudes por
entidad federativa, 2024"), one row per state, office or nationality, one column per month or year, a
`Total` row and column, and notes under the table ("Fuente: COMAR", "Cifras preliminares"). These pure
functions work on text records (lists of cells); ingest.py reads the bytes and maps the headers.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from mirps_dash.codes import TOTAL, country_code, fold, state_code
from mirps_dash.periods import MONTHS_EN, MONTHS_ES, MONTHS_SHORT

if TYPE_CHECKING:
    from mirps_dash.ingest import Problem

MONTHS_FULL = {**MONTHS_ES, **MONTHS_EN}  # full month names, Spanish and English (periods.py holds them)
MONTH_WORDS = {**MONTHS_SHORT, **MONTHS_FULL}
TOTAL_WORDS = {
    "total",
    "totales",
    "total general",
    "gran total",
    "grand total",
    "suma",
    "suma total",
    "sum",
    "total anual",
    "annual total",
    "total nacional",
    "national total",
}
# Row labels that mean "all of them" (INEGI names the national row "Estados Unidos Mexicanos").
TOTAL_LABELS = TOTAL_WORDS | {
    "t",
    "nacional",
    "national",
    "todas",
    "todos",
    "all",
    "estados unidos mexicanos",
    "republica mexicana",
    "mexico total",
}
NOTE_STARTS = (
    "fuente",
    "fuentes",
    "source",
    "sources",
    "nota",
    "notas",
    "note",
    "notes",
    "cifras",
    "figures",
    "datos",
    "data",
    "elaborado",
    "elaboracion",
    "prepared",
    "preliminar",
    "preliminary",
    "actualizado",
    "updated",
    "fecha de corte",
    "corte",
    "incluye",
    "includes",
    "no incluye",
    "excluye",
    "p ",
    "e ",
)
# Lines that name who published or when, not the period of the figures.
SOURCE_STARTS = (
    "fuente",
    "source",
    "elaborado",
    "elaboracion",
    "prepared",
    "actualizado",
    "updated",
    "publicado",
    "published",
    "fecha de publicacion",
)
FIRST_YEAR, LAST_YEAR = 1990, 2100
_ALL = "|".join(sorted(map(re.escape, MONTH_WORDS), key=len, reverse=True))
_FULL = "|".join(sorted(map(re.escape, MONTHS_FULL), key=len, reverse=True))
_JOIN = r"(?: (?:a|al|to|through|hasta|y))?"  # fold() has turned "-" and "–" into a space already
_YEAR4 = r"((?:19|20)\d\d)"
_HEADER_FORMS = (
    re.compile(
        rf"(?:de |acumulado |cumulative |ytd )?({_ALL}){_JOIN} ({_ALL})(?: (?:de|del|of))?(?: (\d{{4}}|\d\d))?(?: acumulado| ytd)?"
    ),
    re.compile(rf"({_ALL})(?: (?:de|of))?(?: (\d{{4}}|\d\d))?"),
)
_TITLE_RANGE = re.compile(rf"\b(?:de )?({_ALL}){_JOIN} ({_ALL})(?: (?:de|del|of))? {_YEAR4}\b")
_TITLE_CUTOFF = re.compile(
    rf"\b(?:al|a|to|as of|hasta el|hasta) (\d{{1,2}}) (?:de |of )?({_FULL})(?: (?:de|of))? {_YEAR4}\b"
)
_TITLE_MONTH = re.compile(rf"\b({_FULL})(?: (?:de|of))? {_YEAR4}\b")
_TITLE_YEAR = re.compile(rf"\b{_YEAR4}\b")
MAX_WIDE_CELLS = 200_000  # figures in one wide table (32 states x 13 columns is 416): a bigger one is refused


@dataclass(frozen=True)
class Span:
    """Months `first`..`last` of `year` (None: the year comes from a column, the title or the staff)."""

    first: int
    last: int
    year: int | None = None
    by_year: bool = False  # the header is a year ("2024"), not months of one

    def months(self, year: int | None) -> tuple[int, int] | None:
        """Its first and last month as month numbers since year 0 (year*12 + month-1); None without a year."""
        chosen = self.year if self.year is not None else year
        return None if chosen is None else (chosen * 12 + self.first - 1, chosen * 12 + self.last - 1)


def known_year(text: str) -> int | None:
    """A four-digit year in the range the datasets accept, else None."""
    return int(text) if re.fullmatch(r"\d{4}", text) and FIRST_YEAR <= int(text) <= LAST_YEAR else None


def header_span(cell: str) -> Span | None:
    """The months a column header names: 'Ene', 'enero 2024', '2024-01', '2024', 'Ene–Ago 2019'; else None."""
    folded = fold(cell)
    if (year := known_year(folded)) is not None:
        return Span(1, 12, year, by_year=True)
    if match := re.fullmatch(r"(\d{4}) (\d{1,2})(?: 01(?: 00 00 00)?)?", folded):  # 2024-01, 2024/01, 2024-01-01
        year, month = known_year(match[1]), int(match[2])
        return Span(month, month, year) if year and 1 <= month <= 12 else None
    if match := re.fullmatch(r"(\d{1,2}) (\d{4})", folded):  # 01/2024
        year, month = known_year(match[2]), int(match[1])
        return Span(month, month, year) if year and 1 <= month <= 12 else None
    ranged, single = (form.fullmatch(folded) for form in _HEADER_FORMS)
    if ranged:
        first, last = MONTH_WORDS[ranged[1]], MONTH_WORDS[ranged[2]]
        year = header_year(ranged[3])
        return Span(first, last, year) if first <= last and year != 0 else None
    if single:
        year = header_year(single[2])
        return Span(MONTH_WORDS[single[1]], MONTH_WORDS[single[1]], year) if year != 0 else None
    return None


def header_year(text: str | None) -> int | None:
    """'2024' or '24' (Excel's 'ene-24') as a year; None when absent, 0 when out of range."""
    if text is None:
        return None
    return known_year(text if len(text) == 4 else f"20{text}") or 0


def title_span(texts: list[str]) -> Span | None:
    """The period a title names: 'enero-agosto 2019', 'Ene–Ago 2019', 'marzo de 2024', 'al 31 de agosto de 2019'
    (January to August) or one year; else None.

    The first title row (source lines aside) that names one is used; a row naming several years names none.
    """
    for text in texts:
        folded = fold(text)
        if folded.startswith(SOURCE_STARTS):
            continue
        if match := _TITLE_RANGE.search(folded):
            first, last = MONTH_WORDS[match[1]], MONTH_WORDS[match[2]]
            if first <= last:
                return Span(first, last, int(match[3]))
        if match := _TITLE_CUTOFF.search(folded):
            year, month = int(match[3]), MONTHS_FULL[match[2]]
            if int(match[1]) == calendar.monthrange(year, month)[1]:
                return Span(1, month, year)  # figures "to 31 August": January to August
            continue  # a cut-off inside a month: the title cannot date the figures
        if match := _TITLE_MONTH.search(folded):
            return Span(MONTHS_FULL[match[1]], MONTHS_FULL[match[1]], int(match[2]))
        years = {int(y) for y in _TITLE_YEAR.findall(folded) if known_year(y)}
        if len(years) == 1:
            return Span(1, 12, years.pop(), by_year=True)
    return None


def months_template(start: int, end: int) -> tuple[str, str]:
    """Template cells (period, period_end) for months start..end (see Span.months): '2024', '2024-03', or a range."""
    first, last = divmod(start, 12), divmod(end, 12)
    if first[0] == last[0] and first[1] == 0 and last[1] == 11:
        return f"{first[0]:04d}", ""
    if start == end:
        return f"{first[0]:04d}-{first[1] + 1:02d}", ""
    return f"{first[0]:04d}-{first[1] + 1:02d}", f"{last[0]:04d}-{last[1] + 1:02d}"


def is_total(cell: str) -> bool:
    """True for a column header that is a total ('Total', 'Total general', 'Suma')."""
    return fold(cell) in TOTAL_WORDS


def is_total_label(cell: str) -> bool:
    """True for a row label that stands for every state, office or nationality ('Total', 'Nacional', '_T')."""
    return fold(cell) in TOTAL_LABELS


def is_note_text(text: str) -> bool:
    """True for a line that reads as a note under or above a table ('Fuente: COMAR', '* Cifras preliminares')."""
    stripped = text.strip()
    if re.match(r"^(\*|†|¹|²|³|\(\d\)|\d/|[a-z]/)", stripped, re.IGNORECASE):
        return True
    folded = fold(stripped)
    return any(
        folded == start.strip() or folded.startswith(start if start.endswith(" ") else start + " ")
        for start in NOTE_STARTS
    )


def note_of(record: list[str], width: int) -> str | None:
    """The text of a record that is a note below a table (one non-blank cell of words), else None.

    A short record that opens like a note ("Fuente: COMAR, 2024" cut at its comma) is one too.
    """
    filled = [cell.strip() for cell in record if cell.strip()]
    if width >= 2 and len(filled) > 1 and len(record) < width and is_note_text(filled[0]):
        return ", ".join(filled)
    if width < 2 or len(filled) != 1 or not re.search(r"[^\W\d_]{2}", filled[0]):
        return None
    text = filled[0]
    return text if is_note_text(text) or len(text.split()) >= 3 else None


def trailing_notes(records: list[list[str]], width: int) -> tuple[int, list[str]]:
    """How many of the last records are notes or blank (the table ends above them), and the notes, top first."""
    notes: list[str] = []
    cut = 0
    for position in range(len(records) - 1, -1, -1):
        record = records[position]
        if not any(cell.strip() for cell in record):
            cut += 1
            continue
        note = note_of(record, width)
        if note is None:
            break
        notes.append(note)
        cut += 1
    while cut and not any(cell.strip() for cell in records[len(records) - cut]):
        cut -= 1  # blank rows above the first note stay in the table: they are skipped there as before
    return cut, notes[::-1]


def title_texts(records: list[list[str]]) -> list[str]:
    """Each non-blank record above the header as one line of text."""
    return [
        " ".join(cell.strip() for cell in record if cell.strip())
        for record in records
        if any(cell.strip() for cell in record)
    ]


def band_years(above: list[str] | None, spans: list[Span | None]) -> list[Span | None]:
    """Month headers under a row of years ('2023' over Ene…Dic, '2024' over the next): each takes the year to its left."""
    if not above or not any(known_year(fold(cell)) for cell in above):
        return spans
    if any(cell.strip() and not known_year(fold(cell)) for cell in above):
        return spans  # a row of words is a title, not a band of years
    out, current = [], None
    for position, span in enumerate(spans):
        cell = above[position] if position < len(above) else ""
        current = known_year(fold(cell)) or current
        if span is None or span.year is not None or span.by_year or current is None:
            out.append(span)
        else:
            out.append(Span(span.first, span.last, current))
    return out


@dataclass
class Columns:
    """A wide header read: which positions are months or years, which the Total, which the row labels."""

    spans: dict[int, Span] = field(default_factory=dict)  # position -> the months its figures cover
    totals: list[int] = field(default_factory=list)  # positions of Total columns
    year: int | None = None  # position of a column holding each row's year
    labels: list[int] = field(default_factory=list)  # positions of the row-label columns (state, office, ...)
    others: list[int] = field(default_factory=list)  # every other column, carried over as it is


def read_columns(
    header: list[str],
    lookup: dict[str, str],
    value_column: str,
    dimensions: tuple[str, ...],
    above: list[str] | None = None,
) -> Columns | None:
    """The wide reading of a header, or None when the table is long (it has a column for the figures themselves)."""
    spans = band_years(above, [header_span(cell) for cell in header])
    columns = Columns()
    for position, cell in enumerate(header):
        mapped = lookup.get(fold(cell))
        span = spans[position]
        if span is not None:
            columns.spans[position] = span
        elif is_total(cell):
            columns.totals.append(position)
        elif mapped == value_column:
            return None
        elif mapped in ("period", "period_end"):
            if columns.year is not None or mapped == "period_end":
                return None
            columns.year = position
        elif mapped in dimensions or (not cell.strip() and position == 0):
            columns.labels.append(position)
        else:
            columns.others.append(position)
    return columns if columns.spans else None


def infer_label(values: list[str]) -> str | None:
    """The dimension of a row-label column that has no header: states or nationalities, by their names."""
    named = [value for value in values if value.strip() and not is_total_label(value)]
    if not named:
        return None
    for column, finds in (("state", state_code), ("nationality", country_code)):
        if sum(finds(value) is not None for value in named) >= 0.8 * len(named):
            return column
    return None


@dataclass
class Long:
    """A wide table made long: template-form records, the Excel row of each, and what was noticed on the way."""

    header: list[str]
    records: list[list[str]]
    rows: list[int]
    problems: list[Problem] = field(default_factory=list)
    spelled: dict[str, str] = field(default_factory=dict)  # template column -> how the file names its source


def reshape_wide(
    header: list[str],
    body: list[list[str]],
    rows: list[int],
    columns: Columns,
    value_column: str,
    parse_count: Callable[[str], int],
    *,
    year: int | None = None,
    title: Span | None = None,
) -> Long:
    """One record per (row, month or year column) with a figure; Total rows and columns kept as totals, checked.

    `body`: the records under the header, as wide as it; `rows`: the Excel row of each; `year`: the staff's
    answer when the file names no year; `title`: the period the title names (its year dates the months).

    Before, one row per state and a column per month:   Entidad | Ene | Feb | Total
                                                        Chiapas |  10 |  12 |    22
    after, one row per state and month, the total kept:  Entidad | period  | period_end | claims
                                                        Chiapas | 2024-01 |            | 10
                                                        Chiapas | 2024-02 |            | 12
                                                        Chiapas | 2024-01 | 2024-02    | 22
    """
    from mirps_dash.ingest import Problem

    problems: list[Problem] = []
    default_year = title.year if title is not None and title.year is not None else year
    labels = list(columns.labels)
    label_names = [header[p] if header[p].strip() else "" for p in labels]
    for index, position in enumerate(labels):
        if not label_names[index]:
            label_names[index] = infer_label([record[position] for record in body]) or f"#{position + 1}"
    carried = [*labels, *columns.others]
    out_header = [*label_names, *(header[p] for p in columns.others), "period", "period_end", value_column]
    figures = len(body) * (len(columns.spans) + len(columns.totals))
    if figures > MAX_WIDE_CELLS:
        problems.append(Problem(None, None, f"{figures:,}", "wide_too_large", {"limit": f"{MAX_WIDE_CELLS:,}"}))
        return Long(out_header, [], [], problems)
    shown = [header[p] for p in sorted(columns.spans)]
    spelled = {"period": f"{shown[0]}…{shown[-1]}" if len(shown) > 1 else shown[0]}
    spelled["period_end"] = spelled[value_column] = spelled["period"]
    bases = [p for p, span in columns.spans.items() if span.first == span.last or span.by_year]

    records: list[list[str]] = []
    out_rows: list[int] = []
    missing_year = False
    for record, row in zip(body, rows, strict=True):
        if not any(cell.strip() for cell in record):
            continue
        row_year = default_year
        if columns.year is not None:
            cell = record[columns.year].strip()
            row_year = known_year(fold(cell))
            if row_year is None:
                problems.append(Problem(row, header[columns.year], cell, "not_a_year"))
                continue
        found = {p: span.months(row_year) for p, span in columns.spans.items()}
        months = {p: covered for p, covered in found.items() if covered is not None}
        if len(months) < len(found):
            missing_year = True
            continue
        kept = [record[p] for p in carried]
        kept = [TOTAL if index < len(labels) and is_total_label(cell) else cell for index, cell in enumerate(kept)]
        label = " ".join(record[p].strip() for p in labels if record[p].strip()) or str(row)
        for position in sorted(columns.spans):
            if record[position].strip():
                records.append([*kept, *months_template(*months[position]), record[position]])
                out_rows.append(row)
            if position not in bases:  # a year-to-date column: checked against the months it covers, when all are here
                first, last = months[position]
                inside = [p for p in bases if first <= months[p][0] and months[p][1] <= last]
                if inside and sum(months[p][1] - months[p][0] + 1 for p in inside) == last - first + 1:
                    problems += check_sum(
                        record[position], [record[p] for p in inside], parse_count, row, header[position], label
                    )
        if columns.totals:
            parts = [months[p] for p in bases] or list(months.values())
            span = (min(m[0] for m in parts), max(m[1] for m in parts))
            for position in columns.totals:
                if record[position].strip():
                    records.append([*kept, *months_template(*span), record[position]])
                    out_rows.append(row)
                    problems += check_sum(
                        record[position], [record[p] for p in bases], parse_count, row, header[position], label
                    )
    if missing_year:
        problems.append(Problem(None, spelled["period"], spelled["period"], "wide_year_missing"))
    problems += check_total_rows(header, body, rows, columns, labels, parse_count)
    seen: set[tuple] = set()  # the grand total is checked along its row and its column: say it once when they agree
    unique = []
    for p in problems:
        key = (p.row, p.column, p.code, p.params.get("parts"))
        if key not in seen:
            seen.add(key)
            unique.append(p)
    problems = unique
    return Long(out_header, records, out_rows, problems, spelled)


def check_sum(
    total_cell: str, part_cells: list[str], parse_count: Callable[[str], int], row: int, column: str, label: str
) -> list[Problem]:
    """A warning when a published total differs from the sum of its parts (blank parts count as none)."""
    from mirps_dash.ingest import Problem

    try:
        total = parse_count(total_cell)
        parts = sum(parse_count(cell) for cell in part_cells if cell.strip())
    except ValueError:
        return []  # a cell that is not a count: validation names it
    if not part_cells or total == parts:
        return []
    return [
        Problem(
            row,
            column,
            total_cell.strip(),
            "total_mismatch",
            {"label": label, "total": f"{total:,}", "parts": f"{parts:,}"},
            severity="warning",
        )
    ]


def check_total_rows(
    header: list[str],
    body: list[list[str]],
    rows: list[int],
    columns: Columns,
    labels: list[int],
    parse_count: Callable[[str], int],
) -> list[Problem]:
    """Each Total row against the sum of the other rows of its year, column by column."""
    groups: dict[str, tuple[list[int], list[int]]] = {}  # year cell -> (total rows, part rows), as body positions
    for index, record in enumerate(body):
        if not any(record[p].strip() for p in (*columns.spans, *columns.totals)):
            continue
        key = record[columns.year].strip() if columns.year is not None else ""
        totals, parts = groups.setdefault(key, ([], []))
        (totals if any(is_total_label(record[p]) for p in labels) else parts).append(index)
    problems = []
    for totals, parts in groups.values():
        if len(totals) != 1 or not parts:
            continue  # no Total row, or several (one per office and per state): nothing to check it against
        record = body[totals[0]]
        label = " ".join(record[p].strip() for p in labels if record[p].strip())
        for position in (*sorted(columns.spans), *columns.totals):
            if record[position].strip():
                problems += check_sum(
                    record[position],
                    [body[i][position] for i in parts],
                    parse_count,
                    rows[totals[0]],
                    header[position],
                    label,
                )
    return problems


def spelled_total(cell: str) -> bool:
    """True for a row label a printed table uses for its total ('Total', 'Nacional'), not the template's code _T."""
    return fold(cell) in TOTAL_LABELS - {"t"}


def long_total_problems(
    frame: pd.DataFrame,
    rows: list[int],
    key: tuple[str, ...],
    dimensions: tuple[str, ...],
    value_column: str,
    parse_count: Callable[[str], int],
    headers: dict[str, str],
) -> list[Problem]:
    """In a long table, each row labelled 'Total' against the rows beside it that break it down.

    The parts of a Total row in column D are the rows that agree with it on every other key column (period,
    the other dimensions, unit, source) and name something in D. A file in the template's form writes _T,
    not 'Total', and is not checked: its breakdowns may be partial (the ten main nationalities).
    """
    problems: list[Problem] = []
    if value_column not in frame or frame.empty:
        return problems
    for dimension in (d for d in dimensions if d in frame):
        labels = frame[dimension].astype("str")
        distinct = labels.unique()
        totals = {value for value in distinct if spelled_total(value)}
        if not totals:
            continue
        others = [column for column in ("period", *key) if column in frame and column != dimension]
        is_total = labels.isin(totals)
        named = ~is_total & labels.str.strip().ne("") & ~labels.map(is_total_label)
        texts = frame[others].astype("str").apply(lambda column: column.str.strip())
        group_of = texts.groupby(others, sort=False).ngroup() if others else pd.Series(0, index=frame.index)
        parts_by_group: dict[int, list[int]] = {}
        for position in frame.index[named]:
            parts_by_group.setdefault(group_of[position], []).append(position)
        for group, positions in frame.index[is_total].to_series().groupby(group_of[is_total]):
            if len(positions) != 1 or group not in parts_by_group:
                continue
            position = positions.iloc[0]
            problems += check_sum(
                str(frame.at[position, value_column]),
                [str(frame.at[p, value_column]) for p in parts_by_group[group]],
                parse_count,
                rows[position],
                headers.get(value_column, value_column),
                str(frame.at[position, dimension]).strip(),
            )
    return problems

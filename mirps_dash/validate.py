"""Turn a text table (template form) into a canonical frame, naming every problem by row, column and value.

Each column is parsed by its kind (period, count, state, country, ...). Parsers work on the distinct
values of a column, so a million-row file with a few hundred distinct periods parses quickly. Then the
pandera model checks ranges, codes and keys; its failures are mapped back to Excel rows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, cast

import numpy as np
import pandas as pd
import pandera.pandas as pa

from mirps_dash.codes import CODE_LISTS, OPEN_KINDS, TOTAL, code_of, fold, state_name
from mirps_dash.dtypes import coerce_to_model
from mirps_dash.ingest import MAX_PROBLEMS, Problem, RawTable, listed, more_problems
from mirps_dash.periods import ParseError, parse_period
from mirps_dash.schema import DATASETS, Dataset

# What makes a spreadsheet read a cell as a formula (OWASP's list: = + - @, and a leading tab, CR or LF before one).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
LINK = re.compile(r"^(https?://|www\.)\S+", re.IGNORECASE)  # a cell that is a web address (one or several)
CURP = re.compile(r"\b[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d\b", re.IGNORECASE)
PASSPORT = re.compile(
    r"\b(pasaporte|passport)\b\W{0,3}(n[oº°]\.?|n[uú]m(ero)?\.?|number|#)?\W{0,3}(?=[A-Z0-9]{0,8}\d)[A-Z0-9]{6,9}\b",
    re.IGNORECASE,
)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")
MAX_COUNT = 50_000_000  # claims or decisions in one cell: Mexico's population is under 135 million
MAX_NUMBER = 10**12  # an amount in US dollars or a figure; larger is a typing slip (and 1e309 is infinity)
DECIMAL = re.compile(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
# UNHCR's statistics start with the 1951 Convention (its series for Mexico, shipped in data/, with 1970): a period
# before is a slip (Excel's day 0 is 1899-12-30), as is one after next year (99999 read as an Excel serial is 2173).
FIRST_YEAR = 1951
URL_SCHEMES = ("http://", "https://")
PHONE = re.compile(r"(?<![\w.,/-])\+?(?:\d[ ()-]{0,2}){9,13}\d(?![\w.,/-])")  # 10 to 14 digits


@dataclass
class Report:
    """The outcome of checking one file: the canonical frame (when valid) and every problem."""

    dataset: str
    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    headers: dict[str, str] = field(default_factory=dict)  # template column -> the file's own header

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def reading(self) -> str:
        """How the file was read, for the staff: 'Excel «Hoja1»' or 'CSV cp1252 «;»'."""
        if self.sheet:
            return f"Excel «{self.sheet}»"
        return f"CSV {self.encoding} «{self.delimiter.replace(chr(9), 'TAB')}»" if self.encoding else "—"

    def summary(self) -> dict:
        """Counts for the version log: rows, errors, warnings, how the file was read."""
        return {
            "rows": len(self.frame),
            "errors": len(self.errors),
            "warnings": len(self.problems) - len(self.errors),
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "sheet": self.sheet,
        }


# ---- one value -----------------------------------------------------------------------------------


def parse_count(text: str) -> int:
    """A whole number from 0 to MAX_COUNT, with es-MX/en thousands separators ('12,345', '12 345').

    Bounded so that no figure overflows a 64-bit column or a chart (9,223,372,036,854,775,807 once read as -9.2e18).
    """
    value = text.strip().replace("\u00a0", " ")
    if re.fullmatch(r"\d{1,3}([, ]\d{3})+", value):
        value = re.sub(r"[, ]", "", value)
    if re.fullmatch(r"\d+(\.0+)?", value):
        number = int(value.split(".")[0])
        if number > MAX_COUNT:
            raise ParseError("count_too_large", {"max": f"{MAX_COUNT:,}"})
        return number
    if re.fullmatch(r"-\s*[\d,. ]+", value):
        raise ParseError("negative_count")
    raise ParseError("not_a_count")


def parse_number(text: str) -> float:
    """A decimal number; commas are thousands separators, the point is the decimal mark."""
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", value):
        value = value.replace(",", "")
    if not DECIMAL.fullmatch(value):  # float() would also take 'inf', 'nan' and '1_000'
        raise ParseError("not_a_number")
    number = float(value)
    if not math.isfinite(number) or abs(number) > MAX_NUMBER:
        raise ParseError("number_too_large", {"max": f"{MAX_NUMBER:,.0f}"})
    return number


def parse_bounded_period(text: str) -> tuple[dt.date, dt.date]:
    """A period (parse_period) that lies between FIRST_YEAR and next year: 99999 as an Excel serial is 2173."""
    start, end = parse_period(text)
    last = dt.date.today().year + 1
    if start.year < FIRST_YEAR or end.year > last:
        raise ParseError("period_out_of_range", {"min": FIRST_YEAR, "max": last})
    return start, end


def parse_url(text: str) -> str:
    """One web address or several separated by ' ; ', each http(s): a `javascript:` link is never stored."""
    parts = [part.strip() for part in text.split(" ; ")]
    if not all(
        part.lower().startswith(URL_SCHEMES) and len(part) > len("https://") and not re.search(r"\s", part)
        for part in parts
    ):
        raise ParseError("bad_url")
    return text.strip()


def parse_year(text: str) -> int:
    """A calendar year."""
    if re.fullmatch(r"\d{4}(\.0)?", text.strip()):
        return int(float(text))
    raise ParseError("not_a_year")


def parse_partial_date(text: str) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD (day-first dates accepted and turned round)."""
    value = text.strip()
    if re.fullmatch(r"\d{4}(-\d{2})?", value):
        return value
    start, _ = parse_period(value)
    return start.isoformat()


def choice_parser(names: dict[str, str], error: str) -> Callable[[str], str]:
    """A parser that maps folded spellings to a code."""

    def parse(text: str) -> str:
        code = names.get(fold(text))
        if code is None:
            raise ParseError(error)
        return code

    return parse


def code_parser(kind: str) -> Callable[[str], str]:
    """A parser that maps a code, label or alias of a registry kind (codes.CODE_LISTS) to its code.

    An unknown value is an error, except in an open kind (entity types, forums), where it is kept as written.
    """
    opened = kind in OPEN_KINDS

    def parse(text: str) -> str:
        code = code_of(kind, text)
        if code is None:
            if opened:
                return text
            raise ParseError("unknown_code", {"list": kind})
        return code

    return parse


def _or_default(default: object, value: object) -> object:
    """A cell's text, or its column's default where the cell is empty."""
    return default if value == "" else value


def office_names(offices: pd.DataFrame | None) -> dict[str, str]:
    """Folded office ids, names, cities and 'City (State)' spellings -> office id."""
    table: dict[str, str] = {fold(TOTAL): TOTAL, "total": TOTAL, "todas": TOTAL, "all": TOTAL}
    if offices is None:
        return table
    for row in offices.itertuples():
        for spelling in (row.office_id, row.name, row.city, f"{row.city} ({row.state})"):
            table.setdefault(fold(spelling), str(row.office_id))
    return table


def parsers(offices: pd.DataFrame | None) -> dict[str, Callable[[str], object]]:
    """Parser for each column kind; the office parser knows the current offices."""

    def parse_state(text: str) -> str:
        code = code_of("state", text)
        if code is None:
            raise ParseError("unknown_state")
        return code

    def parse_country(text: str) -> str:
        code = code_of("country", text)
        if code is None:
            raise ParseError("unknown_country")
        return code

    return {
        "period": lambda text: parse_bounded_period(text)[0].isoformat(),
        "period_end": lambda text: parse_bounded_period(text)[1].isoformat(),
        "url": parse_url,
        "count": parse_count,
        "optional_count": parse_count,
        "number": parse_number,
        "optional_number": parse_number,
        "year": parse_year,
        "partial_date": parse_partial_date,
        "state": parse_state,
        "country": parse_country,
        "office": choice_parser(office_names(offices), "unknown_office"),
        **{kind: code_parser(kind) for kind in CODE_LISTS},
    }


def strip_formula_guard(text: str) -> str:
    """Undo the apostrophe that export puts before = + - @ so that a spreadsheet shows text, not a formula."""
    if text.startswith("'") and text.lstrip("'")[:1] in FORMULA_PREFIXES:
        return text[1:]  # "'=x" was "=x"; "''=x" was "'=x" (once export guards text that starts so)
    return text


# ---- one column ------------------------------------------------------------------------------------


@dataclass
class Distinct:
    """A column as a code per row into its distinct values: what is done to the values is done to the column.

    A million-row file has a few hundred distinct periods, offices or notes, so text work (formula guard,
    parsing, personal-data searches) runs once per distinct value, and rows are found by their codes.
    """

    codes: np.ndarray
    values: np.ndarray  # object: text, or NaN for a missing cell

    @classmethod
    def of(cls, values: pd.Series) -> Distinct:
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        return cls(np.asarray(codes), np.asarray(uniques, dtype=object))

    @classmethod
    def constant(cls, value: str, length: int) -> Distinct:
        return cls(np.zeros(length, dtype=np.intp), np.array([value], dtype=object))

    def map(self, function: Callable[[Any], object]) -> Distinct:
        """The function applied to every distinct value."""
        values = np.empty(len(self.values), dtype=object)
        values[:] = [function(value) for value in self.values]
        return Distinct(self.codes, values)

    def rows(self, flags: np.ndarray | list[bool]) -> np.ndarray:
        """Per row, the flag of its value (one flag per distinct value)."""
        return np.asarray(flags, dtype=bool)[self.codes] if len(self.codes) else np.zeros(0, dtype=bool)

    def where(self, keep: np.ndarray, other: Distinct) -> Distinct:
        """This column where `keep`, else `other` (as Series.where); only the values some row takes are kept."""
        codes = np.where(keep, self.codes, other.codes + len(self.values))
        values = np.concatenate([self.values, other.values])
        used = np.bincount(codes, minlength=len(values)) > 0
        return Distinct((np.cumsum(used) - 1)[codes], values[used])

    def to_series(self) -> pd.Series:
        """The column as pandas text (str dtype)."""
        return pd.Series(pd.array(self.values, dtype="str").take(self.codes))


def parse_column(
    texts: Distinct,
    parse: Callable[[str], object],
    rows: list[int],
    column: str,
    problems: list[Problem],
    empty: object = None,
) -> pd.Series:
    """Parse each distinct non-empty value once; bad cells become problems, naming every row they appear in.

    The result has a value per row (missing for empty and bad cells, or `empty` when given), typed as Series.map
    types it.
    """
    present = [value != "" for value in texts.values]
    parsed: dict[str, object] = {}
    failed: list[str | None] = [None] * len(texts.values)
    details: dict[int, dict] = {}
    for index, value in enumerate(texts.values):
        if present[index]:
            try:
                parsed[value] = parse(value)
            except ParseError as error:
                failed[index] = error.args[0]
                details[index] = error.args[1] if len(error.args) > 1 else {}
    if any(failed):
        flagged = np.flatnonzero(texts.rows([code is not None for code in failed]))
        for position in listed(flagged):
            code = texts.codes[position]
            problems.append(Problem(rows[position], column, texts.values[code], failed[code], details[code]))
        problems += more_problems(len(flagged), column)
    # Series.map over the distinct present values gives the dtype the whole column would get; -1 marks the empty.
    distinct_present = pd.Series(texts.values[np.asarray(present, dtype=bool)] if present else [], dtype="str")
    mapped = distinct_present.map(parsed)
    order = np.full(len(texts.values), -1, dtype=np.intp)
    order[np.asarray(present, dtype=bool)] = np.arange(len(distinct_present))
    if empty is None:
        return pd.Series(pd.api.extensions.take(mapped.array, order[texts.codes], allow_fill=True))
    # Filled among the distinct values, one missing appended for the empty cells: as Series.where(notna, empty) on
    # the whole column, without a pass over a million rows.
    values = pd.Series(pd.api.extensions.take(mapped.array, np.r_[np.arange(len(mapped)), -1], allow_fill=True))
    values = values.where(values.notna(), empty).array
    order[order < 0] = len(mapped)
    return pd.Series(values.take(order[texts.codes]))


def find_phone(text: str) -> bool:
    """True when the text holds a phone number (10 to 14 digits), not a date with a figure after it."""
    return any(not re.search(r"\d{4}-\d{2}-\d{2}", m.group()) for m in PHONE.finditer(text))


def personal_data_problems(
    dataset: Dataset, frame: pd.DataFrame, rows: list[int], distinct: dict[str, Distinct] | None = None
) -> list[Problem]:
    """Free-text cells that hold a CURP, an e-mail, a phone or a passport number: the dashboard holds aggregates only.

    `distinct`: the frame's columns already factorized (to_canonical shares them).
    """
    problems = []
    free_text = [c for c in frame.columns if c not in dataset.kinds and c not in ("period", "source_url", "url")]
    for column in free_text:
        texts = (distinct or {}).get(column) or Distinct.of(frame[column])  # each distinct text is searched once
        for kind, finds in (
            ("curp", CURP.search),
            ("email", EMAIL.search),
            ("phone", find_phone),
            ("passport", PASSPORT.search),
        ):
            flagged = [isinstance(text, str) and bool(text) and bool(finds(text)) for text in texts.values]
            if not any(flagged):
                continue
            found = np.flatnonzero(texts.rows(flagged))
            for position in listed(found):
                problems.append(
                    Problem(
                        rows[position], column, texts.values[texts.codes[position]], "personal_data", {"kind": kind}
                    )
                )
            problems += more_problems(len(found), column)
    return problems


def to_canonical(dataset: Dataset, raw: RawTable, offices: pd.DataFrame | None) -> tuple[pd.DataFrame, list[Problem]]:
    """Template-form text table -> canonical frame (columns and dtypes of the pandera model)."""
    problems: list[Problem] = []
    frame = raw.frame.reset_index(drop=True)
    rows = raw.rows
    distinct = {column: Distinct.of(frame[column]) for column in frame.columns}
    problems += personal_data_problems(dataset, frame, rows, distinct)
    kinds = parsers(offices)
    out = pd.DataFrame(index=frame.index)
    for column in dataset.columns:
        template_column = "period" if column == "period_start" else column
        if template_column in frame:
            texts = distinct[template_column].map(lambda value: "" if pd.isna(value) else value)
        else:
            texts = Distinct.constant("", len(frame))
        texts = texts.map(strip_formula_guard)
        copied = np.zeros(len(frame), dtype=bool)
        if column == "period_end":  # an empty end is the end of the period itself: its errors are the period's
            copied = texts.rows([value == "" for value in texts.values])
            period = distinct["period"] if "period" in frame else Distinct.constant("", len(frame))
            texts = texts.where(~copied, period)
        default = dataset.defaults.get(template_column)
        if default is not None:
            texts = texts.map(partial(_or_default, default))
        kind = dataset.kinds.get(column)
        if kind is None:
            out[column] = texts.to_series()
            continue
        found: list[Problem] = []
        stays_text = kind in (*OPEN_KINDS, "url") or (
            kind in CODE_LISTS and "" in (label.code for label in CODE_LISTS[kind])
        )  # an empty entity type or rounding stays empty text
        parsed = parse_column(texts, kinds[kind], rows, template_column, found, "" if stays_text else None)
        if found:
            copied_rows = {rows[position] for position in np.flatnonzero(copied)}
            problems += [p for p in found if p.row not in copied_rows]
        required_kinds = ("count", "number", "year", "period", "state", *(set(CODE_LISTS) - OPEN_KINDS))
        if kind in required_kinds and column in (*dataset.required, "period_start"):
            empty = np.flatnonzero(texts.rows([value == "" for value in texts.values]))
            for position in listed(empty):
                problems.append(Problem(rows[position], template_column, "", "required_value"))
            problems += more_problems(len(empty), template_column)
        out[column] = parsed
    if "office" in out and "state" in out and offices is not None:
        problems += reconcile_office_state(out, frame, rows, offices)
    if "period_start" in out:
        # A column whose every cell failed to parse is all missing and may not be text: compare as text.
        ends, starts = out["period_end"].astype("str"), out["period_start"].astype("str")
        backwards = ends.notna() & starts.notna() & (ends < starts)
        for position in out.index[backwards]:
            problems.append(
                Problem(rows[position], "period_end", frame.loc[position, "period_end"], "end_before_start")
            )
    return out, problems


def reconcile_office_state(
    out: pd.DataFrame, frame: pd.DataFrame, rows: list[int], offices: pd.DataFrame
) -> list[Problem]:
    """Fill the state from the office when it is missing; flag an office placed in another state (column-wise)."""
    # Mapped once per distinct office (a few dozen), not per row: as Series.map over the whole column.
    codes, distinct = pd.factorize(out["office"], use_na_sentinel=False)
    states = pd.Series(distinct).map(dict(zip(offices["office_id"], offices["state"], strict=True)))
    expected = pd.Series(states.array.take(codes), index=out.index)
    named = out["office"].notna() & (out["office"] != TOTAL) & expected.notna()
    fill = named & (out["state"] == TOTAL)
    out["state"] = expected.where(fill, out["state"])
    wrong = named & ~fill & out["state"].notna() & (out["state"] != expected)
    return [
        Problem(
            rows[position],
            "state",
            frame.loc[position, "state"],
            "office_state_mismatch",
            {"office": out.at[position, "office"], "expected": expected[position]},
        )
        for position in out.index[wrong]
    ]


def coerce(dataset: Dataset, frame: pd.DataFrame) -> pd.DataFrame:
    """Give a canonical frame the dtypes of its pandera model (nullable integers, floats, text)."""
    return coerce_to_model(dataset.model, frame)


# pandera check -> message key. The rule's text never reaches the staff: its bounds or values do, in their words.
CHECK_MESSAGES = {
    "isin": "check_isin",
    "greater_than_or_equal_to": "check_range",
    "less_than_or_equal_to": "check_range",
    "greater_than": "check_range",
    "less_than": "check_range",
    "in_range": "check_range",
    "str_matches": "check_pattern",
    "str_length": "required_value",
    "not_nullable": "required_value",
    "coerce_dtype": "check_type",
    "dtype": "check_type",
}


def check_problem(dataset: Dataset, column: str, check: str, check_number: object) -> tuple[str, dict]:
    """Message key and details for one pandera failure: bounds of a range, the list of a code column."""
    schema_column = dataset.model.to_schema().columns.get(column)
    checks = schema_column.checks if schema_column is not None else []
    name = check.split("(")[0]
    if isinstance(check_number, int | float) and check_number == check_number and int(check_number) < len(checks):
        name = checks[int(check_number)].name
    code = CHECK_MESSAGES.get(name, "check_other")
    if code == "check_range":
        bounds = {}
        for each in checks:  # both bounds, whichever was broken: "between 14 and 33"
            for bound in ("min_value", "max_value"):
                if each.statistics.get(bound) is not None:
                    bounds[bound] = f"{each.statistics[bound]:g}"
        code = {2: "check_between", 1: "check_at_least" if "min_value" in bounds else "check_at_most"}.get(
            len(bounds), "check_other"
        )
        return code, {"min": bounds.get("min_value", ""), "max": bounds.get("max_value", "")}
    if code == "check_isin":
        kind = dataset.kinds.get(column)
        allowed = next((each.statistics.get("allowed_values") for each in checks if each.name == "isin"), ())
        return code, {"list": kind} if kind else {"allowed": ", ".join(map(str, allowed))}
    if code == "check_pattern":
        return code, {"pattern": column}
    if code == "check_type":
        return code, {"format_of": (dataset.name, "period" if column == "period_start" else column)}
    return code, {}


def schema_problems(
    dataset: Dataset, frame: pd.DataFrame, rows: list[int], raw: pd.DataFrame | None = None
) -> list[Problem]:
    """Run the pandera model; map each failure to its Excel row, column, value (as the file wrote it) and message."""
    try:
        dataset.model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        problems = []
        cases = errors.failure_cases
        named = set(cases.loc[cases["index"].notna(), "column"])
        seen: set[tuple] = set()
        for case in cases.itertuples():
            index = case.index if isinstance(case.index, int) else None
            column = "period" if case.column == "period_start" else case.column
            if "uniqueness" in str(case.check) or "unique" in str(case.check):
                continue  # duplicate keys are reported once per row by duplicate_key_problems
            if (index is None and case.column in named) or (index, column) in seen:
                continue  # one problem per cell; a whole-column failure after a cell's (a range over text) adds nothing
            seen.add((index, column))
            # A whole-column failure's "case" is the library's own text: never shown.
            value = "" if index is None or pd.isna(case.failure_case) else str(case.failure_case)
            if raw is not None and index is not None and column in raw and index in raw.index:
                value = "" if pd.isna(raw.at[index, column]) else str(raw.at[index, column])  # type: ignore[arg-type]  # pandas-stubs: isna takes any object
            code, params = check_problem(dataset, case.column, str(case.check), case.check_number)
            problems.append(Problem(rows[index] if index is not None else None, column, value, code, params))
        return problems
    return []


def problem_order(problem: Problem) -> tuple:
    """File-level problems first, then by Excel row; the counts of problems not listed last."""
    return problem.code == "more_problems", problem.row is not None, problem.row or 0


def capped(problems: list[Problem]) -> list[Problem]:
    """At most MAX_PROBLEMS problems, errors first, then the counts of those not listed."""
    listed_ = [p for p in problems if p.code != "more_problems"]
    if len(listed_) <= MAX_PROBLEMS:
        return problems
    kept = sorted(listed_, key=lambda p: p.severity != "error")[:MAX_PROBLEMS]
    kept.sort(key=problem_order)
    counts = [p for p in problems if p.code == "more_problems"]
    hidden = len(listed_) - len(kept)
    return [*kept, *counts, Problem(None, None, f"{hidden:,}", "more_problems")]


def duplicate_key_problems(dataset: Dataset, frame: pd.DataFrame, rows: list[int]) -> list[Problem]:
    """Rows whose key (period and breakdown, or id) appears more than once in the file."""
    key = list(dataset.key)
    duplicated = frame.duplicated(key, keep=False)
    problems: list[Problem] = []
    first_row: dict[tuple, int] = {}
    positions = frame.index[duplicated]
    for position, key_value in zip(
        positions, frame.loc[positions, key].itertuples(index=False, name=None), strict=True
    ):
        if key_value in first_row and len(problems) >= MAX_PROBLEMS:
            problems += more_problems(MAX_PROBLEMS + 1, "key") if problems[-1].code != "more_problems" else []
        elif key_value in first_row:
            shown = " / ".join(str(v) for v in key_value)
            problems.append(
                Problem(
                    rows[position],
                    key[0] if len(key) == 1 else "key",
                    shown,
                    "duplicate_key",
                    {"first_row": first_row[key_value]},
                )
            )
        else:
            first_row[key_value] = rows[position]
    return problems


def no_figure_problems(dataset: Dataset, frame: pd.DataFrame, rows: list[int], in_file: set[str]) -> list[Problem]:
    """Rows that give none of the dataset's figures, where each figure may be blank (decisions and population):
    such a row says nothing, and on "Update" it would replace a published row's figures with blanks."""
    optional = [column for column in dataset.figures if dataset.kinds.get(column) == "optional_count"]
    if not optional or len(optional) != len(dataset.figures):
        return []
    given = [column for column in optional if column in in_file] or optional  # the message names the file's
    empty = frame.index[frame[optional].isna().all(axis=1)]
    problems = [
        Problem(rows[position], given[0], "", "no_figure", {"figures": tuple(given)})
        for position in empty[:MAX_PROBLEMS]
    ]
    return problems + more_problems(len(empty), "figures")


def links_in_source_column(dataset_name: str, raw: RawTable) -> RawTable:
    """A "Fuente" / "Source" column that holds links (not source ids) is the pledges' source_url column.

    Run it on the file as read, before the staff's chosen source fills rows without one (upload.apply_choice).
    """
    frame = raw.frame
    if "source_url" not in DATASETS[dataset_name].columns or "source" not in frame or "source_url" in frame:
        return raw
    values = frame["source"].dropna().unique()
    texts = [str(value).strip() for value in values if str(value).strip()]
    if not texts or not all(LINK.match(text) for text in texts):
        return raw
    headers = {("source_url" if column == "source" else column): header for column, header in raw.headers.items()}
    return dataclasses.replace(raw, frame=frame.rename(columns={"source": "source_url"}), headers=headers)


def validate_table(
    dataset_name: str, raw: RawTable, offices: pd.DataFrame | None = None, sources: pd.DataFrame | None = None
) -> Report:
    """Check a text table against its dataset; the frame is canonical when the report has no errors."""
    dataset = DATASETS[dataset_name]
    raw = links_in_source_column(dataset_name, raw)
    problems = list(raw.problems)
    report = Report(
        dataset_name,
        pd.DataFrame(columns=dataset.columns),
        problems,
        raw.encoding,
        raw.delimiter,
        raw.sheet,
        raw.headers,
    )
    if report.errors:
        return report
    frame, parse_problems = to_canonical(dataset, raw, offices)
    problems += parse_problems
    if report.errors:
        problems.sort(key=problem_order)
        report.problems = capped(problems)
        return report
    frame = coerce(dataset, frame)
    problems += schema_problems(dataset, frame, raw.rows, raw.frame.reset_index(drop=True))
    problems += duplicate_key_problems(dataset, frame, raw.rows)
    problems += no_figure_problems(dataset, frame, raw.rows, set(raw.frame.columns))
    if sources is not None and "source" in frame and dataset_name != "sources":
        known = set(sources["source_id"])
        unknown = frame.index[~frame["source"].isin(known)]
        for position in unknown[:MAX_PROBLEMS]:
            problems.append(
                Problem(raw.rows[position], "source", cast(str, frame.at[position, "source"]), "unknown_source")
            )
        problems += more_problems(len(unknown), "source")
    problems.sort(key=problem_order)
    report.problems = capped(problems)
    report.frame = frame if not report.errors else report.frame
    return report


def accepted_values(kind: str | None, lang: str) -> str:
    """What a coded column accepts, for a message or the template's help: the registry's labels, or a hint."""
    from mirps_dash.i18n import t

    if kind in CODE_LISTS:
        return " | ".join(label.text(lang) for label in CODE_LISTS[kind])
    if kind in ("state", "country", "office"):
        return t(f"accepted_{kind}", lang)
    return t("accepted_template_help", lang)


def column_title(
    column: str | None, lang: str, headers: dict[str, str] | None = None, dataset: str | None = None
) -> str:
    """A column as the staff know it: as their file names it, else (a column the file lacks) as the template does."""
    from mirps_dash.i18n import t

    if not column:
        return ""
    if headers is None:  # the file's own spellings are not known: the dataset's column name
        return column
    if column in headers:
        return headers[column]
    if column == "key":
        return t("column_key", lang)
    if lang == "es":
        named = [DATASETS[dataset]] if dataset in DATASETS else DATASETS.values()
        return next((d.headers_es[column] for d in named if column in d.headers_es), column)
    return column


def problem_message(
    problem: Problem, lang: str, headers: dict[str, str] | None = None, dataset: str | None = None
) -> str:
    """The problem in the user's language: its value, its column as the file names it, and what to write instead."""
    from mirps_dash.i18n import CATALOGUE, t

    params = dict(problem.params)
    if "kind" in params:
        params["kind"] = t(f"personal_kind_{params['kind']}", lang)
    if "dataset" in params:
        params["name"] = DATASETS[params["dataset"]].label(lang)
    if "list" in params:
        params["accepted"] = accepted_values(params.pop("list"), lang)
    elif "allowed" in params:
        params["accepted"] = params.pop("allowed")
    if "figures" in params:
        params["figures"] = ", ".join(f"«{column_title(c, lang, headers, dataset)}»" for c in params["figures"])
    if problem.code == "office_state_mismatch":
        params["expected"] = state_name(params["expected"])  # "Chiapas", not "07"
    if "format_of" in params:
        from mirps_dash.templates import cell_format

        format_dataset, format_column = params.pop("format_of")
        params["hint"] = cell_format(format_dataset, format_column, lang)
    if "pattern" in params:
        hint = f"pattern_{params.pop('pattern')}"
        params["hint"] = t(hint if hint in CATALOGUE else "accepted_template_help", lang)
    return t(
        f"msg_{problem.code}",
        lang,
        value=problem.value,
        column=column_title(problem.column, lang, headers, dataset),
        **params,
    )


def problems_frame(
    problems: list[Problem], lang: str, headers: dict[str, str] | None = None, dataset: str | None = None
) -> pd.DataFrame:
    """Problems as a table (row, column, value, message) for the screen, the terminal and CSV download.

    `headers` (Report.headers) names each column as the file spells it ("Entidad federativa", not "state"); a column
    the file lacks is named as the template in the user's language names it.
    """
    from mirps_dash.i18n import t

    titles = {"es": ("fila", "columna", "valor", "mensaje"), "en": ("row", "column", "value", "message")}[lang]
    return pd.DataFrame(
        [
            (
                p.row if p.row is not None else t("problem_file", lang),
                column_title(p.column, lang, headers, dataset),
                p.value,
                problem_message(p, lang, headers, dataset),
            )
            for p in problems
        ],
        columns=list(titles),
        dtype="str",
    )

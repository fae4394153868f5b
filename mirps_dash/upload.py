"""What staff choose once per upload (the file's source, its unit) and how rows without them take the choice.

Real files carry no source ids and rarely a unit column: the Data page and the command line ask once, and a
source or unit cell in the file still wins row by row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Protocol

import pandas as pd

from mirps_dash.codes import code_of, fold
from mirps_dash.ingest import Problem, RawTable
from mirps_dash.schema import DATASETS, UNITS

NEW_SOURCE_FIELDS = ("publisher", "title", "url", "as_of", "licence", "note")
REQUIRED_FIELDS = ("publisher", "title", "url", "as_of")
MAX_SLUG = 60


@dataclass(frozen=True)
class NewSource:
    """A source described at upload, created in the same transaction as the version that names it."""

    source_id: str
    publisher: str
    title: str
    url: str
    as_of: str  # YYYY, YYYY-MM or YYYY-MM-DD
    licence: str = ""
    note: str = ""

    def frame(self) -> pd.DataFrame:
        """The one row it adds to `sources`, in that dataset's columns (any other column empty)."""
        values = dataclasses.asdict(self)
        return pd.DataFrame(
            {column: pd.array([values.get(column, "")], dtype="str") for column in DATASETS["sources"].columns}
        )


@dataclass(frozen=True)
class UploadChoice:
    """The staff's choice for rows that name no source or unit: an existing source id or a new source; a unit."""

    source: str | None = None
    new_source: NewSource | None = None
    unit: str | None = None  # None: from the header ("Casos"), else persons

    @property
    def source_id(self) -> str | None:
        return self.new_source.source_id if self.new_source else self.source


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with a described source: which field, what was written, the message key (source_*)."""

    field: str
    value: str
    code: str
    params: dict = dataclasses.field(default_factory=dict, hash=False, compare=False)


def parse_as_of(text: str) -> str:
    """YYYY, YYYY-MM, YYYY-MM-DD or day-first DD/MM/YYYY -> ISO text; ValueError when it is no real date."""
    value = text.strip()
    if match := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value):
        value = f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}"
    if re.fullmatch(r"\d{4}", value):
        dt.date(int(value), 1, 1)
    elif re.fullmatch(r"\d{4}-\d{2}", value):
        dt.date(int(value[:4]), int(value[5:]), 1)
    else:
        dt.date.fromisoformat(value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else "no date")
    return value


def source_slug(publisher: str, title: str, as_of: str, taken: set[str] | frozenset[str]) -> str:
    """A readable, unique id: 'comar-solicitudes-por-entidad-2024-08', then '-2', '-3' when taken."""
    words = fold(publisher).split()[:3] + fold(title).split()[:5]
    base = "-".join(words)[: MAX_SLUG - len(as_of) - 1].strip("-")
    base = f"{base}-{as_of}" if base else f"source-{as_of}"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def check_new_source(
    values: dict[str, str], taken: set[str] | frozenset[str], today: dt.date | None = None
) -> tuple[NewSource | None, list[FieldProblem]]:
    """A described source, checked: publisher, title, an http(s) URL, a real as-of date not after today."""
    today = today or dt.date.today()
    cleaned = {name: " ".join(str(values.get(name) or "").split()) for name in NEW_SOURCE_FIELDS}
    problems = [FieldProblem(name, "", "source_required") for name in REQUIRED_FIELDS if not cleaned[name]]
    url = cleaned["url"]
    if url and not re.fullmatch(r"https?://[^\s/]+\.[^\s/]+(/\S*)?", url, flags=re.IGNORECASE):
        problems.append(FieldProblem("url", url, "source_bad_url"))
    as_of = cleaned["as_of"]
    if as_of:
        try:
            as_of = parse_as_of(as_of)
        except ValueError:
            problems.append(FieldProblem("as_of", cleaned["as_of"], "source_bad_date"))
        else:
            if as_of > today.isoformat():  # a partial date compares by its first day
                problems.append(
                    FieldProblem("as_of", cleaned["as_of"], "source_future_date", {"today": today.isoformat()})
                )
    if problems:
        return None, problems
    source_id = source_slug(cleaned["publisher"], cleaned["title"], as_of, taken)
    return NewSource(
        source_id, cleaned["publisher"], cleaned["title"], url, as_of, cleaned["licence"], cleaned["note"]
    ), []


def sources_newest_first(sources: pd.DataFrame) -> pd.DataFrame:
    """Sources for the picker: newest as-of date first, then by id."""
    return sources.sort_values(["as_of", "source_id"], ascending=[False, True], kind="stable")


class SourceFields(Protocol):
    """What a source's label reads: a row of `sources` (as a Series or a row tuple) or a NewSource."""

    @property
    def publisher(self) -> object: ...
    @property
    def title(self) -> object: ...
    @property
    def as_of(self) -> object: ...


def source_label(row: SourceFields) -> str:
    """'Publisher — Title (as of)': what the picker searches and the preview names."""
    title = f" — {row.title}" if row.title else ""
    return f"{row.publisher}{title} ({row.as_of})" if row.as_of else f"{row.publisher}{title}"


def _blank(values: pd.Series) -> pd.Series:
    return values.isna() | (values.astype("str").str.strip() == "")


def needs_source(dataset: str, raw: RawTable) -> bool:
    """True when some row of the file names no source (no source column, or empty cells)."""
    if dataset == "sources" or "source" not in DATASETS[dataset].template_columns:
        return False
    return "source" not in raw.frame or bool(_blank(raw.frame["source"]).any())


def needs_unit(dataset: str, raw: RawTable) -> bool:
    """True for a dataset counted in persons or cases (claims, decisions) with rows that name no unit."""
    if not DATASETS[dataset].has_unit:
        return False
    return "unit" not in raw.frame or bool(_blank(raw.frame["unit"]).any())


def unit_from_headers(dataset: str, raw: RawTable) -> str | None:
    """'cases' when a count column's header or a title row says so ("Casos", "Solicitudes (casos)", "Casos por
    entidad, 2024"), 'persons' when it says personas, else None. A word names a unit as the registry spells it
    (codes.CODE_LISTS["unit"]: label, code or alias)."""
    texts = [raw.headers.get(column, "") for column in DATASETS[dataset].counts] + list(getattr(raw, "titles", []))
    named = {code_of("unit", word) for text in texts for word in fold(text).split()}
    for unit in ("cases", "persons"):  # a header that says cases anywhere wins
        if unit in named:
            return unit
    return None


def chosen_unit(dataset: str, raw: RawTable, choice: UploadChoice | None) -> str | None:
    """The unit rows without one take: the staff's choice, else the header's, else persons (None: not asked)."""
    if not needs_unit(dataset, raw):
        return None
    if choice is not None and choice.unit in UNITS:
        return choice.unit
    return unit_from_headers(dataset, raw) or "persons"


def _fill(frame: pd.DataFrame, column: str, value: str) -> None:
    if column not in frame:
        frame[column] = pd.array([value] * len(frame), dtype="str")
        return
    frame[column] = frame[column].where(~_blank(frame[column]), value).astype("str")


def apply_choice(dataset: str, raw: RawTable, choice: UploadChoice | None, known_sources: set[str]) -> RawTable:
    """The file with the chosen source and unit in the rows that have none; the file's own cells win.

    With no source chosen where one is needed, the missing column becomes one clear 'source_needed' problem;
    a chosen id that is not a source is a problem of the whole file, not of each row.
    """
    frame = raw.frame.copy(deep=False)
    problems = list(raw.problems)
    if needs_source(dataset, raw):
        problems = [p for p in problems if not (p.code == "missing_column" and p.column == "source")]
        source_id = choice.source_id if choice is not None else None
        if source_id is None:
            if "source" not in frame:
                problems.append(Problem(None, "source", "", "source_needed"))
        elif choice is not None and choice.new_source is None and source_id not in known_sources:
            problems.append(Problem(None, "source", source_id, "unknown_chosen_source"))
        else:
            _fill(frame, "source", source_id)
    unit = chosen_unit(dataset, raw, choice)
    if unit is not None:
        _fill(frame, "unit", unit)
    return dataclasses.replace(raw, frame=frame, problems=problems)


def used(frame: pd.DataFrame, column: str) -> list[str]:
    """The distinct non-empty values of a column of the uploaded rows (sources, units), sorted."""
    if column not in frame or frame.empty:
        return []
    return sorted(value for value in frame[column].dropna().astype("str").unique() if value)


def describe_ids(ids: list[str], shown: int = 3) -> str:
    """'a, b, c' or 'a, b, c +12': a history cell that stays one line."""
    text = ", ".join(ids[:shown])
    return f"{text} +{len(ids) - shown}" if len(ids) > shown else text


def field_problem_message(problem: FieldProblem, lang: str) -> str:
    """A described source's problem in the user's language, naming the field as the form labels it."""
    from mirps_dash.i18n import t

    field_label = t(f"data_new_{problem.field}", lang)
    return t(f"msg_{problem.code}", lang, field=field_label, value=problem.value, **problem.params)

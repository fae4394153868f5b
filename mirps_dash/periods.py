"""Periods, in one place: a cell read as a period, its kind, its template spelling, its label and its key.

A canonical period is two ISO dates (first and last day); a year or a month is the whole of it, anything else
(several months, days or years) is cumulative. Every module that reads, writes, names or orders periods uses these.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

import pandas as pd
from babel.dates import get_month_names

from mirps_dash.codes import fold
from mirps_dash.i18n import BABEL_LOCALES

EXCEL_EPOCH = dt.date(1899, 12, 30)
MONTHS_ES = {
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
}
MONTHS_EN = {fold(calendar.month_name[m]): m for m in range(1, 13)}
# Three-letter months as Excel writes them in a CSV ("ene-24" needs a four-digit year here: "ene-2024").
MONTHS_SHORT = {
    "ene": 1,
    "feb": 2,
    "mar": 3,
    "abr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "ago": 8,
    "sep": 9,
    "sept": 9,
    "set": 9,
    "oct": 10,
    "nov": 11,
    "dic": 12,
    "jan": 1,
    "apr": 4,
    "aug": 8,
    "dec": 12,
}


class ParseError(ValueError):
    """A cell that cannot be read as its column's kind; args[0] is the message key, args[1] (if any) its details."""


def month_end(year: int, month: int) -> dt.date:
    """Last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """First and last day named by YYYY, YYYY-MM, a date (ISO or day-first), 'marzo 2024' or an Excel serial."""
    value = text.strip()
    try:
        if re.fullmatch(r"\d{4}", value):
            return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
        if match := re.fullmatch(r"(\d{4})[-/](\d{1,2})", value):
            year, month = int(match[1]), int(match[2])
            return dt.date(year, month, 1), month_end(year, month)
        if match := re.fullmatch(r"(\d{1,2})[-/](\d{4})", value):
            year, month = int(match[2]), int(match[1])
            return dt.date(year, month, 1), month_end(year, month)
        if match := re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})( 00:00:00)?", value):
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
            return day, day
        if match := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value):
            day = dt.date(int(match[3]), int(match[2]), int(match[1]))  # day first, always
            return day, day
        if match := re.fullmatch(r"([a-zA-ZáéíóúÁÉÍÓÚ]+)\.?(?:\s+de|\s+of)?[\s/-]+(\d{4})", value):
            name = fold(match[1])
            named = MONTHS_ES.get(name) or MONTHS_EN.get(name) or MONTHS_SHORT.get(name)
            if named:
                return dt.date(int(match[2]), named, 1), month_end(int(match[2]), named)
        if re.fullmatch(r"\d{5}(\.0)?", value):
            day = EXCEL_EPOCH + dt.timedelta(days=int(float(value)))
            return day, day
    except ValueError as error:
        raise ParseError("impossible_date") from error
    raise ParseError("bad_period")


def period_kind(start: str, end: str) -> str:
    """'year', 'month' or 'cumulative' (anything else: several months, days, or years)."""
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    if first == dt.date(last.year, 1, 1) and last == dt.date(last.year, 12, 31):
        return "year"
    if (
        first.day == 1
        and (first.year, first.month) == (last.year, last.month)
        and last == month_end(last.year, last.month)
    ):
        return "month"
    return "cumulative"


def full_years(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows whose period is exactly one calendar year (period_kind 'year'), with an integer `year` column added."""
    pairs = pd.MultiIndex.from_arrays([frame["period_start"].astype(str), frame["period_end"].astype(str)])
    yearly = pairs.isin([pair for pair in pairs.unique() if period_kind(*pair) == "year"])  # few periods, many rows
    out = frame[yearly].copy()
    out["year"] = out["period_start"].astype(str).str[:4].astype(int)
    return out


def first_day(partial: str) -> str:
    """The ISO day a partial date starts on ('2019' -> '2019-01-01', '2019-05' -> '2019-05-01'): it ranks as later
    only when it is known to be (a year-only date is not 31 December). Text that is no date is returned as it is."""
    try:
        return parse_period(partial)[0].isoformat()
    except ParseError:
        return partial


def template_period(start: str, end: str) -> tuple[str, str]:
    """Shortest exact template spelling (period, period_end) of an ISO date range: ('2019', ''), ('2019-03', ''),
    ('2019-01', '2019-08'), dates."""
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    starts_month = first.day == 1
    ends_month = last == month_end(last.year, last.month)
    if starts_month and first.month == 1 and last.month == 12 and ends_month:
        if first.year == last.year:
            return str(first.year), ""
        return str(first.year), str(last.year)
    if starts_month and ends_month:
        if (first.year, first.month) == (last.year, last.month):
            return first.strftime("%Y-%m"), ""
        return first.strftime("%Y-%m"), last.strftime("%Y-%m")
    return start, "" if start == end else end


def _month_abbr(month: int, lang: str) -> str:
    return get_month_names("abbreviated", context="stand-alone", locale=BABEL_LOCALES[lang])[month].rstrip(".")


@lru_cache(maxsize=8192)  # a table labels thousands of rows with a few hundred periods
def period_label(start: str, end: str, lang: str) -> str:
    """A period as people write it: '2022', 'ene 2020', 'ene–may 2024' / 'Jan–May 2024', '1 ene–15 sep 2023'."""
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    kind = period_kind(start, end)
    if kind == "year":
        return str(last.year)
    if kind == "month":
        return f"{_month_abbr(last.month, lang)} {last.year}"
    whole_months = first.day == 1 and last == month_end(last.year, last.month)
    if whole_months and first.month == 1 and last.month == 12:
        return f"{first.year}–{last.year}"
    if whole_months:
        left = _month_abbr(first.month, lang) + ("" if first.year == last.year else f" {first.year}")
        return f"{left}–{_month_abbr(last.month, lang)} {last.year}"
    left = f"{first.day} {_month_abbr(first.month, lang)}" + ("" if first.year == last.year else f" {first.year}")
    return f"{left}–{last.day} {_month_abbr(last.month, lang)} {last.year}"


def period_key(start: str, end: str) -> str:
    """Short, URL-friendly id of a period: '2022', '2024-01_2024-05', '2023-01-01_2023-09-15'."""
    first, last = template_period(start, end)
    return f"{first}_{last}" if last else first

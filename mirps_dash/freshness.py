"""How fresh each dataset is: the newest period it covers per producer, the day it was published here, and whether
it is older than that producer's expected update interval (UNHCR's yearly release, COMAR's monthly figures).

Pure: the frames, the day of publication and `today` come in as arguments, so a test can move the clock.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from mirps_dash.aggregate import KEY, releases_of
from mirps_dash.periods import month_end, period_kind

FRESHNESS_ENV = "MIRPS_FRESHNESS_MONTHS"  # e.g. "UNHCR=18,COMAR=3": overrides the months of the table below


@dataclass(frozen=True)
class Cadence:
    """How often a producer's figures are expected: `yearly` figures cover whole calendar years (UNHCR's release),
    the others months or months to date (COMAR's monthly figures); overdue `months` after the newest period ends."""

    producer: str
    yearly: bool
    months: int


# The one declared table of expected update intervals (configurable through MIRPS_FRESHNESS_MONTHS).
CADENCES = (Cadence("UNHCR", yearly=True, months=18), Cadence("COMAR", yearly=False, months=3))


@dataclass(frozen=True)
class Freshness:
    """One dataset's figures from one producer: up to when (`newest_end`, its label), published here on which day,
    and whether they are older than the producer's interval (`overdue`)."""

    dataset: str
    producer: str
    newest: str  # the newest period: '2025' for yearly figures, '2025-09' for monthly ones
    published: dt.date
    months: int
    overdue: bool


def today() -> dt.date:
    """The day freshness and citations are judged on (UTC); tests move it with monkeypatch."""
    return dt.datetime.now(dt.UTC).date()


def cadences(environ: Mapping[str, str] | None = None) -> tuple[Cadence, ...]:
    """The declared cadences, with their months overridden by MIRPS_FRESHNESS_MONTHS ('UNHCR=12,COMAR=2'); a
    part naming no declared producer or no whole number of months is ignored."""
    text = (os.environ if environ is None else environ).get(FRESHNESS_ENV, "")
    months: dict[str, int] = {}
    for part in text.split(","):
        name, _, number = part.partition("=")
        if number.strip().isdigit():
            months[name.strip().upper()] = int(number)
    return tuple(
        Cadence(c.producer, c.yearly, months.get(c.producer.upper(), c.months)) if months else c for c in CADENCES
    )


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has no such day (31 Dec + 2 -> 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, month_end(year, month + 1).day))


def newest_periods(frame: pd.DataFrame, sources: pd.DataFrame, rules: tuple[Cadence, ...]) -> dict[str, str]:
    """For each cadence, the last day (ISO) of the newest period its producer's figures in `frame` cover, counting
    only whole years for a yearly producer and only shorter periods for the others; producers absent are left out.

    A source's producer is its `producer`, else its publisher (a publisher that made the figures itself)."""
    if frame.empty or "period_end" not in frame or "source" not in frame:
        return {}
    # 1M rows, a few hundred periods: the releases the figures already coded (`aggregate.releases_of`)
    distinct = releases_of(frame) if set(KEY) <= set(frame.columns) else frame
    frame = distinct[["source", "period_start", "period_end"]].drop_duplicates()
    producer = sources["producer"].where(sources["producer"].fillna("") != "", sources["publisher"])
    producers = frame["source"].map(dict(zip(sources["source_id"], producer, strict=True)))
    yearly = pd.Series(
        [period_kind(s, e) == "year" for s, e in zip(frame["period_start"], frame["period_end"], strict=True)],
        index=frame.index,
    )
    newest = {}
    for rule in rules:
        ends = frame["period_end"][(producers == rule.producer) & (yearly == rule.yearly)]
        if len(ends):
            newest[rule.producer] = str(ends.max())
    return newest


def assess(
    dataset: str,
    newest: Mapping[str, str],
    published: dt.date,
    day: dt.date,
    rules: tuple[Cadence, ...],
) -> list[Freshness]:
    """Each producer's figures in a dataset, judged on `day`: overdue once `day` is past the end of the newest
    period plus the producer's interval (UNHCR's 2025 figures, 18 months: overdue from 1 July 2027)."""
    found = []
    for rule in rules:
        if rule.producer not in newest:
            continue
        end = dt.date.fromisoformat(newest[rule.producer][:10])
        label = str(end.year) if rule.yearly else end.isoformat()[:7]
        found.append(
            Freshness(dataset, rule.producer, label, published, rule.months, day > add_months(end, rule.months))
        )
    return found

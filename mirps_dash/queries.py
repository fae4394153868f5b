"""Pure pandas questions over canonical frames: totals that never add a total to its parts.

Published tables overlap (claims by nationality for the whole country; claims by office for all
nationalities), so each query picks rows at one breakdown: "_T" rows for a total where they exist,
else the sum of the finer rows of *one* source, never both.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mirps_dash.aggregate import UNHCR_SOURCE as UNHCR_SOURCE  # named here by pages and views
from mirps_dash.aggregate import figures, rows_in_periods
from mirps_dash.codes import OTHERS, TOTAL
from mirps_dash.periods import first_day, full_years, period_key, period_kind
from mirps_dash.schema import DATASETS


def _national_by_year(rows: pd.DataFrame, value: str) -> pd.Series:
    """One release's national figure per calendar year by the aggregation rule (its _T row, else one level's sum)."""
    found = figures(full_years(rows), value)
    if found.empty:
        return pd.Series(dtype="Int64", name=value)
    years = found["period_start"].str[:4].astype(int).rename("year")
    return pd.Series(found[value].to_numpy(), index=years, name=value).astype("Int64").sort_index()


def national_claims_by_year(claims: pd.DataFrame, source: str = UNHCR_SOURCE) -> pd.DataFrame:
    """Claims lodged per calendar year (persons) from one release: its _T row, else the sum over nationalities,
    never with its rows by sex or age (`aggregate.figures`).

    Columns: year, claims, source.
    """
    combined = _national_by_year(claims[(claims["source"] == source) & (claims["unit"] == "persons")], "claims")
    return pd.DataFrame(
        {"year": combined.index.astype("int64"), "claims": combined.to_numpy(dtype="int64"), "source": source}
    )


def refugee_figures_by_year(refugees: pd.DataFrame, source: str = UNHCR_SOURCE) -> pd.DataFrame:
    """Decisions and end-of-year population per year (persons) from one release, each figure by the aggregation
    rule (its _T row, else the sum over nationalities). A figure is missing (NA) for a year where no row has it.
    """
    rows = refugees[(refugees["source"] == source) & (refugees["unit"] == "persons")]
    names = list(DATASETS["refugees"].counts)
    summed = pd.concat([_national_by_year(rows, name) for name in names if name in rows.columns], axis=1).sort_index()
    summed = summed.reindex(columns=names).rename_axis("year").reset_index()
    summed["source"] = source
    return summed


# ---- periods -----------------------------------------------------------------------------------

FIGURES_DECISIONS = ("recognized", "complementary", "rejected", "closed")
FIGURES_POPULATION = ("refugees", "asylum_seekers", "oip")
CELL = ["period_start", "period_end", "state", "office", "nationality", "sex", "age_group", "unit"]


# ---- several releases of one figure -------------------------------------------------------------


def source_dates(sources: pd.DataFrame) -> pd.Series:
    """Each source's as-of date as a sortable ISO day, a partial date taken at its start (2019 -> 2019-01-01), so a
    release ranks as later only when it is known to be (a year-only date is not 31 December)."""
    as_of = sources.set_index("source_id")["as_of"].astype(str)
    return as_of.map(first_day)


def as_of_by_id(sources: pd.DataFrame) -> dict[str, str]:
    """Each source's as-of text ('2024', '2024-07', '2024-07-15'), by source id."""
    return dict(zip(sources["source_id"].tolist(), sources["as_of"].astype(str).tolist(), strict=True))


def _days_of(source_ids: set, as_of: dict[str, str]) -> dict[str, str]:
    """`source_dates` of the given sources only (a frame's few releases, not every source parsed on each call),
    from `as_of_by_id`."""
    return {source: first_day(as_of[source]) for source in source_ids if source in as_of}


def _sort_codes(values: pd.Series) -> np.ndarray:
    """Each value's rank among the distinct values (ascending, missing last, as sort_values puts them)."""
    codes, uniques = pd.factorize(values, sort=True)
    return np.where(codes < 0, len(uniques), codes)


def pick_latest_release(rows: pd.DataFrame, sources: pd.DataFrame, value: str = "claims") -> pd.DataFrame:
    """One row per cell: the release with the latest source date; the others go to `other_values`,
    `other_sources` (and `other_approx`, the source's rounding of each, when `rows` has `approx`).

    Releases of the same cell are never summed: the latest is shown, the others beside it. Releases of the same
    date tie: the first by source id is shown and `tied_sources` names the others of that date, so the choice
    is said, never hidden. Ranked over integer codes with numpy (pandas' sort, merge and groupby-agg of lists
    cost 60-120 ms for an office's few hundred rows); the lists are made by one pass over the rows.
    """
    extra = ("other_values", "other_sources", "other_approx", "tied_sources")
    if rows.empty:
        return rows.assign(as_of=pd.Series(dtype=str), **{c: pd.Series(dtype=object) for c in extra})
    cell = [c for c in CELL if c in rows.columns]
    as_of = as_of_by_id(sources)
    ids = rows["source"].tolist()
    day_by_id = _days_of(set(ids), as_of)
    ranked = rows.assign(as_of=[as_of.get(s, "") for s in ids])
    if "approx" not in ranked.columns:
        ranked = ranked.assign(approx="")
    day = _sort_codes(pd.Series([day_by_id.get(s, "0000-00-00") for s in ids], dtype=object))
    # the cell's columns ascending, then the latest day first, then the source id: np.lexsort's last key is primary
    cell_keys = [_sort_codes(rows[c]) for c in cell]
    order = np.lexsort([_sort_codes(rows["source"]), -day, *reversed(cell_keys)])
    cell_codes = np.column_stack(cell_keys)[order]
    first = np.r_[True, np.any(cell_codes[1:] != cell_codes[:-1], axis=1)]  # the first (shown) row of each cell
    starts, group = np.flatnonzero(first), np.cumsum(first) - 1  # group: each sorted row's cell, 0..cells-1
    values, sources_of = ranked[value].to_numpy(dtype=object)[order], np.asarray(ids, dtype=object)[order]
    approx = ranked["approx"].to_numpy(dtype=object)[order]
    days = day[order]
    others: list[list] = [[] for _ in starts]
    other_sources: list[list] = [[] for _ in starts]
    other_approx: list[list] = [[] for _ in starts]
    tied: list[list] = [[] for _ in starts]
    for position in np.flatnonzero(~first).tolist():  # the releases not shown
        cell_at = int(group[position])
        others[cell_at].append(values[position])
        other_sources[cell_at].append(sources_of[position])
        rounded = approx[position]
        other_approx[cell_at].append(str(rounded) if rounded == rounded else "")
        if days[position] == days[starts[cell_at]]:  # the same date as the one shown
            tied[cell_at].append(sources_of[position])
    latest = ranked.iloc[order[starts]]
    latest = latest[[*cell, *(c for c in latest.columns if c not in cell)]].reset_index(drop=True)
    made = {"other_values": others, "other_sources": other_sources, "other_approx": other_approx, "tied_sources": tied}
    return latest.assign(**{name: pd.Series(lists, index=latest.index, dtype=object) for name, lists in made.items()})


# ---- arrivals: claims by office and state in one period, from one release -----------------------

AREA_COLUMNS = [
    "period_start",
    "period_end",
    "source",
    "level",
    "state",
    "office",
    "claims",
    "approx",
    "basis",
    "summed",
    "parts",
    "covers",
]


def area_figures(claims: pd.DataFrame, offices: pd.DataFrame) -> pd.DataFrame:
    """Every release's claims (persons) by office and by state, period by period, by the one aggregation rule.

    Columns: period_start, period_end, source, level ('office' or 'state'), state, office (_T for a state), claims,
    approx (the source's rounding: '', 'about', 'over', 'under'), basis ('total', 'sum', 'partial'), summed (the level a sum is over: 'office', 'nationality', ...; '' for a
    total), parts (the codes summed), covers (what a whole sum needs).
    """
    geo = (claims["unit"] == "persons") & ((claims["office"] != TOTAL) | (claims["state"] != TOTAL))
    by_office = figures(claims, "claims", ("office",), offices=offices, where=geo)
    by_state = figures(claims, "claims", ("state",), offices=offices, where=geo).assign(office=TOTAL)
    found = pd.concat(
        [
            by_office.rename(columns={"level": "summed"}).assign(level="office"),
            by_state.rename(columns={"level": "summed"}).assign(level="state"),
        ],
        ignore_index=True,
    )
    if found.empty:
        return pd.DataFrame(columns=AREA_COLUMNS)
    return found[AREA_COLUMNS].astype({"claims": "int64"})


def national_totals(claims: pd.DataFrame) -> pd.DataFrame:
    """Each release's own national figure (persons, its _T row) per period: the base of an office's share.

    Columns: source, period_start, period_end, claims.
    """
    found = figures(claims, "claims", where=claims["unit"] == "persons")
    found = found[found["basis"] == "total"] if not found.empty else found
    return found.reindex(columns=["source", "period_start", "period_end", "claims"]).reset_index(drop=True)


def geo_periods(areas: pd.DataFrame) -> pd.DataFrame:
    """Periods that have claims by office or by state (persons, `area_figures`), oldest end first.

    Columns: period_start, period_end, key, kind.
    """
    periods = areas[["period_start", "period_end"]].drop_duplicates().sort_values(["period_end", "period_start"])
    periods["key"] = [period_key(s, e) for s, e in zip(periods["period_start"], periods["period_end"], strict=True)]
    periods["kind"] = [period_kind(s, e) for s, e in zip(periods["period_start"], periods["period_end"], strict=True)]
    return periods.reset_index(drop=True)


def _in_period(frame: pd.DataFrame, start: str, end: str) -> np.ndarray:
    """The positions of one period's rows: two array comparisons (a frame's filter costs about a millisecond)."""
    return np.flatnonzero((frame["period_start"].array == start) & (frame["period_end"].array == end))


def as_records(frame: pd.DataFrame, columns: list[str], positions: np.ndarray | None = None) -> list[dict]:
    """A frame's rows (those at `positions`, when given) as plain dicts of these columns, from each column's list:
    a row read with `.loc` or `.iloc` builds a Series, a fraction of a millisecond each, where a dict costs a
    microsecond. Rows at positions are picked from each column as Python objects (numpy's indexing), where a take
    of a text column (pyarrow's) costs about 0.1 ms however few rows it takes."""
    lists = (
        (frame[c].tolist() for c in columns)
        if positions is None
        else (frame[c].to_numpy(dtype=object)[positions].tolist() for c in columns)
    )
    return [dict(zip(columns, values, strict=True)) for values in zip(*lists, strict=True)]


def period_areas(areas: pd.DataFrame, start: str, end: str) -> list[dict]:
    """One period's figures (`area_figures`) as plain dicts in the frame's order, each with AREA_COLUMNS and `row`,
    its position in `areas`. A map asks several questions of the period's few dozen rows: taken once as dicts, each
    is a loop of microseconds, where a frame's filter, sort or map costs about a millisecond."""
    positions = _in_period(areas, start, end)
    rows = as_records(areas, AREA_COLUMNS, positions)
    for row, position in zip(rows, positions.tolist(), strict=True):
        row["row"] = position
    return rows


def period_national(totals: pd.DataFrame, start: str, end: str) -> dict[str, int]:
    """Each release's own national figure for one period (`national_totals`), by source id."""
    national: dict[str, int] = {}
    for row in as_records(totals, ["source", "claims"], _in_period(totals, start, end)):
        national.setdefault(row["source"], row["claims"])  # a release's first row, as drop_duplicates kept it
    return national


RELEASE_COLUMNS = ["source", "publisher", "as_of", "offices", "areas", "national"]


def rank_releases(period: list[dict], national: dict[str, int], sources: pd.DataFrame) -> list[dict]:
    """`area_releases` of a period's figures (`period_areas`) and national totals (`period_national`), as dicts
    with RELEASE_COLUMNS (`national` NA without a total), best first."""
    own: dict[str, set] = {}
    counts: dict[str, int] = {}
    for row in period:
        source = row["source"]
        counts[source] = counts.get(source, 0) + 1
        offices_of = own.setdefault(source, set())
        if row["level"] == "office":
            offices_of.add(row["office"])
    if not counts:
        return []
    wanted = set().union(*own.values())
    publisher = dict(zip(sources["source_id"].tolist(), sources["publisher"].tolist(), strict=True))
    as_of = as_of_by_id(sources)
    days = _days_of(set(counts), as_of)
    records = [
        {
            "source": source,
            "publisher": publisher.get(source, source),
            "as_of": as_of.get(source, ""),
            "offices": len(own[source]),
            "areas": counts[source],
            "national": national.get(source, pd.NA),
        }
        for source in sorted(counts)
    ]
    # stable sorts, the last the first key: covers the offices, most of them, latest day, most areas, a total, id
    records.sort(key=lambda r: (-r["areas"], pd.isna(r["national"])))
    records.sort(key=lambda r: days.get(r["source"], "0000-00-00"), reverse=True)
    records.sort(key=lambda r: (not wanted <= own[r["source"]], -len(own[r["source"]] & wanted)))
    return records


def area_releases(
    areas: pd.DataFrame, totals: pd.DataFrame, sources: pd.DataFrame, start: str, end: str
) -> pd.DataFrame:
    """The releases with figures by office or state for one period, the one to show first.

    First the releases that cover the period's offices (every office that any release gives a figure for), then
    the most recent (a partial date at its start), then the one with most areas and a national total.
    Columns: source, publisher, as_of, offices (count of office figures), areas (count of figures), national.
    """
    ranked = rank_releases(period_areas(areas, start, end), period_national(totals, start, end), sources)
    if not ranked:
        return pd.DataFrame(columns=RELEASE_COLUMNS)
    return pd.DataFrame(ranked).astype({"national": "Int64"})


def _share_base(national: int | None) -> float | None:
    """The national total a share is of: None without one (or a total of 0), so the share is NA."""
    return float(national) if national else None


def release_areas(period: list[dict], source: str, national: int | None) -> list[dict]:
    """`claims_by_area` of a period's figures (`period_areas`) and the release's national total (None without
    one), as dicts, largest first."""
    total = _share_base(national)
    # each area's other releases in one pass over the period's few rows (three groupby-aggs of lists: 5-10 ms)
    found: dict[tuple, tuple[list, list, list]] = {}
    chosen = []
    for row in period:
        if row["source"] == source:
            chosen.append({**row, "share": row["claims"] / total if total else pd.NA})
            continue
        lists = found.setdefault((row["level"], row["state"], row["office"]), ([], [], []))
        lists[0].append(row["claims"])
        lists[1].append(row["source"])
        rounded = row["approx"]
        lists[2].append("" if pd.isna(rounded) else str(rounded))
    for row in chosen:
        others = found.get((row["level"], row["state"], row["office"]), ([], [], []))
        row["other_values"], row["other_sources"], row["other_approx"] = others
    chosen.sort(key=lambda row: row["level"])  # stable: the claims, largest first, then the level
    chosen.sort(key=lambda row: row["claims"], reverse=True)
    return chosen


def claims_by_area(areas: pd.DataFrame, totals: pd.DataFrame, start: str, end: str, source: str) -> pd.DataFrame:
    """One release's claims (persons) by office and by state for one period, largest first, with each figure's
    share of that release's national total (NA without one) and what other releases give for the same area.

    Columns: those of `area_figures`, share, other_values, other_sources, other_approx (the rounding of each).
    """
    national = period_national(totals, start, end).get(source)
    rows = release_areas(period_areas(areas, start, end), source, national)
    chosen = areas.take([row["row"] for row in rows]).reset_index(drop=True)
    total = _share_base(national)
    chosen["share"] = chosen["claims"] / total if total else pd.NA
    for column in ("other_values", "other_sources", "other_approx"):
        chosen[column] = [row[column] for row in rows]
    return chosen


def state_figures(areas: list[dict]) -> list[dict]:
    """The state figures of one release's areas (`release_areas`), by state code: the state's own figure, else
    its offices' sum."""
    return sorted((row for row in areas if row["level"] == "state"), key=lambda row: row["state"])


def claims_by_state(areas: pd.DataFrame) -> pd.DataFrame:
    """The state figures of one release's areas (`claims_by_area`): the state's own figure, else its offices' sum.

    Columns: state, claims, approx, basis, summed, parts, covers.
    """
    rows = [{**row, "row": position} for position, row in enumerate(as_records(areas, ["level", "state"]))]
    columns = ["state", "claims", "approx", "basis", "summed", "parts", "covers"]
    return areas[columns].take([row["row"] for row in state_figures(rows)]).reset_index(drop=True)


POINT_COLUMNS = ["office_id", "name", "city", "state", "latitude", "longitude", "year_opened"]


def office_points(offices: pd.DataFrame, areas: pd.DataFrame | list[dict], year: int) -> pd.DataFrame:
    """`office_point_rows` as a frame. `areas`: one release's areas, `claims_by_area`'s frame or `release_areas`'
    dicts.

    Columns: POINT_COLUMNS, claims, approx, share, source, status.
    """
    if isinstance(areas, pd.DataFrame):
        areas = as_records(areas, [column for column in (*AREA_COLUMNS, "share") if column in areas.columns])
    rows = office_point_rows(offices, areas, year)
    # each column's type as a map of the offices' figures gives it: a share is NA (object) in a release without a
    # national total, and where no office has a figure of its own the share and source are NaN (float)
    return pd.DataFrame(
        {
            **{column: offices[column].array for column in POINT_COLUMNS},
            "claims": pd.array([row["claims"] for row in rows], dtype="Int64"),
            "approx": [row["approx"] for row in rows],
            "share": pd.Series([row["share"] for row in rows]).array,
            "source": pd.Series([row["source"] for row in rows]).array,
            "status": [row["status"] for row in rows],
        }
    )


def office_point_rows(offices: pd.DataFrame, areas: list[dict], year: int) -> list[dict]:
    """Every office, as a dict of POINT_COLUMNS, with its claims in the period (NA without a figure of its own),
    approx, share, source (NaN without one) and a status: 'office' (own figure), 'state' (only its state has a
    figure of its own, not made of other offices), 'none' (no figure), or 'not_open' (opened after the period's
    year and no figure of its own). `areas`: one release's areas (`release_areas`). Plain dicts for the map, which
    reads them one by one: a frame of them cost a millisecond to make and another to read back."""
    own = {row["office"]: row for row in areas if row["level"] == "office"}
    state_rows = {row["state"] for row in areas if row["level"] == "state" and row["summed"] != "office"}
    columns = offices.columns.tolist()
    points = []
    for values in offices.to_numpy(dtype=object).tolist():
        office = dict(zip(columns, values, strict=True))
        row, opened = own.get(office["office_id"]), office["year_opened"]
        if row:
            status = "office"
        elif pd.notna(opened) and int(opened) > year:
            status = "not_open"
        elif office["state"] in state_rows:
            status = "state"
        else:
            status = "none"
        rounded = row.get("approx") if row else None
        points.append(
            {
                **{column: office[column] for column in POINT_COLUMNS},
                "claims": row["claims"] if row else pd.NA,
                "approx": rounded if isinstance(rounded, str) else "",
                "share": row.get("share", pd.NA) if row else np.nan,
                "source": row["source"] if row else np.nan,
                "status": status,
            }
        )
    return points


SERIES_COLUMNS = [
    "period_start",
    "period_end",
    "level",
    "claims",
    "approx",
    "source",
    "as_of",
    "basis",
    "summed",
    "parts",
    "covers",
]


def office_series(areas: pd.DataFrame, sources: pd.DataFrame, office_id: str, state: str) -> pd.DataFrame:
    """Every release's figure for one office over time (persons, `area_figures`), else its state's own figures.

    An office given only by nationality is the sum of those rows (basis and parts say so). Columns:
    SERIES_COLUMNS; oldest first (by period end, start, then the release's date, one without a date last).
    """
    positions = _series_positions(areas, office_id, state)
    ids, starts, ends = (
        areas[column].array.take(positions).tolist() for column in ("source", "period_start", "period_end")
    )
    order, as_of = _oldest_first(ids, starts, ends, sources)
    rows = areas.take(positions[order])
    # the as-of text of each row's release (NaN for an unknown one, as pandas' map of the text gave it)
    as_of_text = pd.array(as_of, dtype="str")
    return pd.DataFrame({c: as_of_text if c == "as_of" else rows[c].array for c in SERIES_COLUMNS})


def office_series_rows(areas: pd.DataFrame, sources: pd.DataFrame, office_id: str, state: str) -> list[dict]:
    """`office_series` as plain dicts with SERIES_COLUMNS, for a view that reads its few rows one by one: a frame
    of them cost milliseconds to make and as many to read back."""
    positions = _series_positions(areas, office_id, state)
    rows = as_records(areas, [column for column in SERIES_COLUMNS if column != "as_of"], positions)
    order, as_of = _oldest_first(
        [row["source"] for row in rows],
        [row["period_start"] for row in rows],
        [row["period_end"] for row in rows],
        sources,
    )
    return [{**rows[i], "as_of": text} for i, text in zip(order, as_of, strict=True)]


def _series_positions(areas: pd.DataFrame, office_id: str, state: str) -> np.ndarray:
    """The positions of an office's figures in `areas`, else of its state's own figures (not made of its offices'):
    array comparisons, where two frame filters cost milliseconds."""
    level = areas["level"].array
    positions = np.flatnonzero((level == "office") & (areas["office"].array == office_id))
    if not len(positions):
        positions = np.flatnonzero(
            (level == "state") & (areas["state"].array == state) & (areas["summed"].array != "office")
        )
    return positions


def _oldest_first(ids: list, starts: list, ends: list, sources: pd.DataFrame) -> tuple[list[int], list]:
    """The order of a series' rows (each row's release, period start and end), oldest first: by period end, start,
    then the release's date, one without a date last; and each row's as-of text in that order (NaN for an unknown
    release). A sort of the few rows in plain Python, where a map and a keyed sort of a frame cost milliseconds."""
    as_of = as_of_by_id(sources)
    days = _days_of(set(ids), as_of)  # the dates of this office's few releases only, not every source parsed
    order = sorted(range(len(ids)), key=lambda i: (ends[i], starts[i], ids[i] not in days, days.get(ids[i], "")))
    return order, [as_of.get(ids[i], np.nan) for i in order]


def latest_in_series(series: pd.DataFrame, sources: pd.DataFrame) -> list[tuple[int, list[str]]]:
    """`pick_latest_release` over an office's series (`office_series`, a period being a cell): per period, by end
    then start, the position of the latest release's row (the first by source id of those of its date; a release
    without a date is the oldest) and the other releases of that date. Sorts of each period's few rows, where that
    function's frame work cost 5-10 ms an office."""
    ids = series["source"].tolist()
    days = _days_of(set(ids), as_of_by_id(sources))
    day = [days.get(source, "0000-00-00") for source in ids]
    by_period: dict[tuple[str, str], list[int]] = {}
    ends, starts = series["period_end"].tolist(), series["period_start"].tolist()
    for position, period in enumerate(zip(ends, starts, strict=True)):
        by_period.setdefault(period, []).append(position)
    latest = []
    for period in sorted(by_period):
        ranked = sorted(by_period[period], key=lambda i: ids[i])
        ranked.sort(key=lambda i: day[i], reverse=True)  # stable: the latest date first, then the source id
        shown = ranked[0]
        latest.append((shown, [ids[i] for i in ranked[1:] if day[i] == day[shown]]))
    return latest


# ---- trends ------------------------------------------------------------------------------------


def unhcr_by_nationality(frame: pd.DataFrame) -> pd.DataFrame:
    """UNHCR figures (persons) per calendar year and nationality, each by the one aggregation rule: a nationality's
    own row, never added to its rows by sex or age (those are read only as a breakdown asked for).

    Columns: year, nationality, and every figure column of the dataset present (claims, or decisions and
    population), NA where the release gives none.
    """
    rows = full_years(frame[(frame["source"] == UNHCR_SOURCE) & (frame["unit"] == "persons")])
    values = [v for v in ("claims", *FIGURES_DECISIONS, *FIGURES_POPULATION) if v in rows.columns]
    merged = None
    for value in values:
        found = figures(rows, value, ("nationality",))
        found = found.assign(year=found["period_start"].str[:4].astype(int))[["year", "nationality", value]]
        merged = found if merged is None else merged.merge(found, on=["year", "nationality"], how="outer")
    if merged is None or merged.empty:
        return pd.DataFrame(columns=["year", "nationality", *values]).astype({"year": "int64"})
    return merged.astype({v: "Int64" for v in values}).sort_values(["year", "nationality"]).reset_index(drop=True)


def _unhcr_years(by_nationality: pd.DataFrame, years: tuple[int, int], nations: list[str] | None) -> pd.DataFrame:
    rows = by_nationality[by_nationality["year"].between(*years)]
    return rows[rows["nationality"].isin(nations)] if nations else rows


def claims_by_nationality(
    by_nationality: pd.DataFrame, years: tuple[int, int], top_n: int = 5, nations: list[str] | None = None
) -> pd.DataFrame:
    """UNHCR claims per year for the top N nationalities of the chosen years (or the chosen ones) and 'others' (_O),
    from `unhcr_by_nationality(claims)`.

    Columns: year, nationality, claims. The groups partition one table, so they add up to the national figure.
    """
    year = by_nationality["year"].to_numpy(dtype="int64")
    claims = by_nationality["claims"].to_numpy(dtype="float64", na_value=np.nan)
    keep = np.flatnonzero((year >= years[0]) & (year <= years[1]) & ~np.isnan(claims))
    codes, code_of_row = np.unique(by_nationality["nationality"].to_numpy(dtype=object)[keep], return_inverse=True)
    # each nationality's claims over the years, largest first (pandas' sort, as a groupby-sum sorted would tie)
    totals = np.bincount(code_of_row, weights=claims[keep], minlength=len(codes)).astype("int64")
    ranking = pd.Series(totals, index=codes).sort_values(ascending=False)
    shown = list(nations) if nations else [n for n in ranking.index if n != OTHERS][:top_n]
    order, chosen = {code: i for i, code in enumerate([*shown, OTHERS])}, set(shown)
    # summed per (year, group) by numpy's bincount, in (year, group order) order: a groupby, rename and keyed sort
    # cost 6 ms on these few rows
    group_of_code = np.array(
        [order[code] if code in chosen else order[OTHERS] for code in codes.tolist()], dtype="int64"
    )
    groups = len(shown) + 1
    place = (year[keep] - years[0]) * groups + group_of_code[code_of_row]
    size = max(years[1] - years[0] + 1, 0) * groups
    sums = np.bincount(place, weights=claims[keep], minlength=size)
    present = np.flatnonzero(np.bincount(place, minlength=size) > 0)
    label = {i: code for code, i in order.items()}
    return pd.DataFrame(
        {
            "year": years[0] + present // groups,
            "nationality": pd.array([label[i] for i in (present % groups).tolist()], dtype="str"),
            "claims": sums[present].astype("int64"),
        }
    )


def top_nationalities(by_nationality: pd.DataFrame, years: tuple[int, int], top_n: int) -> list[str]:
    """Codes of the N nationalities with most UNHCR claims over the chosen years (`unhcr_by_nationality(claims)`)."""
    rows = _unhcr_years(by_nationality, years, None)
    ranking = rows.groupby("nationality")["claims"].sum().sort_values(ascending=False)
    return [n for n in ranking.index if n != OTHERS][:top_n]


def _not_geographic_partial(found: pd.DataFrame) -> pd.DataFrame:
    """National figures without those made of some offices or states only (those are Arrivals' figures): a
    national figure is a release's total, a covering sum, or its nationality rows (partial, and said so)."""
    if found.empty:
        return found
    first_level = found["level"].astype(str).str.split("+").str[0]
    return found[(found["basis"] != "partial") | ~first_level.isin(["office", "state"])]


def _period_kinds(frame: pd.DataFrame) -> list[str]:
    """Each row's `period_kind`, worked out once per distinct period (thousands of figures share a few periods)."""
    pairs = list(zip(frame["period_start"], frame["period_end"], strict=True))
    kinds = {pair: period_kind(*pair) for pair in set(pairs)}
    return [kinds[pair] for pair in pairs]


NATIONAL_COLUMNS = [
    "period_start",
    "period_end",
    "kind",
    "source",
    "unit",
    "claims",
    "approx",
    "basis",
    "level",
    "parts",
    "covers",
]


def national_figures(claims: pd.DataFrame) -> pd.DataFrame:
    """Every national figure of the press releases (every source but UNHCR's yearly table), period by period and
    release by release, by the one aggregation rule: its own total, else one level's sum ('partial' for a list of
    nationalities without 'others', which says it is the sum of the nationalities in the release). Months, years
    and cumulative periods alike; cases stay cases (`unit`). Never two releases or periods added.

    Columns: NATIONAL_COLUMNS (kind: 'month', 'year', 'cumulative').
    """
    found = _not_geographic_partial(figures(claims, "claims", where=claims["source"] != UNHCR_SOURCE))
    if found.empty:
        return pd.DataFrame(columns=NATIONAL_COLUMNS)
    kinds = _period_kinds(found)
    return found.assign(kind=kinds)[NATIONAL_COLUMNS].astype({"claims": "int64"}).reset_index(drop=True)


NATIONALITY_COLUMNS = [
    "period_start",
    "period_end",
    "kind",
    "source",
    "unit",
    "nationality",
    "claims",
    "approx",
    "basis",
    "level",
    "parts",
    "covers",
]


def nationality_figures(claims: pd.DataFrame, offices: pd.DataFrame) -> pd.DataFrame:
    """Every figure by nationality of the press releases (never UNHCR's, which Trends draws on its own), one
    per release, period and nationality by the aggregation rule: the release's national row for it, else the sum
    of its offices' or states' rows for it (partial when some offices are missing, and said so).

    Columns: NATIONALITY_COLUMNS.
    """
    rows = (claims["source"] != UNHCR_SOURCE) & (claims["nationality"] != OTHERS)
    found = figures(claims, "claims", ("nationality",), offices=offices, where=rows)
    if found.empty:
        return pd.DataFrame(columns=NATIONALITY_COLUMNS)
    kinds = _period_kinds(found)
    return found.assign(kind=kinds)[NATIONALITY_COLUMNS].astype({"claims": "int64"}).reset_index(drop=True)


def monthly_claims(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """COMAR national claims for single months (persons; each release's national figure by the aggregation rule,
    the latest release per month shown), oldest first. A month that a release gives only by nationality is the
    sum of those nationalities (basis 'partial', level 'nationality'), shown when no release gives the whole month.

    Columns: period_start, period_end, claims, approx, source, basis, level, parts, covers, other_values,
    other_sources, other_approx, tied_sources.
    """
    months = rows_in_periods(claims, lambda start, end: period_kind(start, end) == "month")
    found = _not_geographic_partial(figures(claims, "claims", where=months & (claims["unit"] == "persons")))
    columns = [
        "period_start",
        "period_end",
        "claims",
        "approx",
        "source",
        "basis",
        "level",
        "parts",
        "covers",
        "other_values",
        "other_sources",
        "other_approx",
        "tied_sources",
    ]
    if found.empty:
        return pd.DataFrame(columns=columns)
    whole = found["basis"].ne("partial").groupby([found["period_start"], found["period_end"]]).transform("any")
    found = found[found["basis"].ne("partial") | ~whole]  # a partial sum never hides a whole figure of the month
    picked = pick_latest_release(found, sources)
    return picked[columns].astype({"claims": "int64"}).sort_values("period_start").reset_index(drop=True)


def _as_floats(frame: pd.DataFrame, columns: tuple[str, ...] | list[str], missing: float = np.nan) -> np.ndarray:
    """The columns as one float64 array (rows x columns), `missing` where a value is NA: numpy over a few hundred
    rows in microseconds, where pandas' nullable arithmetic costs a millisecond an operation."""
    return np.column_stack(
        [frame[c].to_numpy(dtype="float64", na_value=missing) for c in columns] or [np.empty((len(frame), 0))]
    )


def _year_sums(
    year: np.ndarray, values: np.ndarray, first: int, count: int, chosen: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Per year of first .. first + count - 1, each column of `values` (rows x columns, NaN where missing; `year`
    gives each row's) summed over that year's rows (rows outside those years, or not `chosen` when given,
    ignored), and where no row has a value: pandas' groupby-sum with min_count=1 reindexed to the years, by numpy's
    bincount in microseconds (the same integers: counts stay far below 2**53). Returns (totals, missing)."""
    position = year - first
    keep = (position >= 0) & (position < count)
    if chosen is not None:
        keep &= chosen
    totals = np.zeros((count, values.shape[1]), dtype="int64")
    missing = np.ones((count, values.shape[1]), dtype=bool)
    for i, column in enumerate(values.T):
        known = keep & ~np.isnan(column)
        totals[:, i] = np.bincount(position[known], weights=column[known], minlength=count)
        missing[:, i] = np.bincount(position[known], minlength=count) == 0
    return totals, missing


def _counts(
    totals: np.ndarray, missing: np.ndarray, columns: tuple[str, ...]
) -> dict[str, pd.api.extensions.ExtensionArray]:
    """Each column of `_year_sums`' result as pandas' nullable integers (Int64), by name."""
    return {name: pd.arrays.IntegerArray(totals[:, i].copy(), missing[:, i].copy()) for i, name in enumerate(columns)}


def _chosen(by_nationality: pd.DataFrame, nations: list[str] | None) -> np.ndarray | None:
    """Which rows are of the chosen nationalities (None: every row)."""
    return np.isin(by_nationality["nationality"].to_numpy(dtype=object), nations) if nations else None


# Outcomes every asylum procedure has: a year without them reported is incomplete, even for a place that never
# reports them (a rate from recognitions with no rejections would read 100 %).
EVERY_PROCEDURE = ("recognized", "rejected")


def _procedure(reported: np.ndarray) -> tuple[str, ...]:
    """`outcomes_in_procedure` from whether each outcome of FIGURES_DECISIONS is reported (above 0) in some year."""
    return tuple(
        o for o, flag in zip(FIGURES_DECISIONS, reported.tolist(), strict=True) if o in EVERY_PROCEDURE or flag
    )


def outcomes_in_procedure(totals: pd.DataFrame) -> tuple[str, ...]:
    """The outcomes a place's decisions are judged complete on (FIGURES_DECISIONS order): recognitions and
    rejections always, complementary protection and closures where it reports them in some year. One it reports in
    no year at all is not part of its procedure (Guatemala, Costa Rica and the other MIRPS states grant no
    complementary protection: UNHCR gives 0 every year), so its zeros are no gap."""
    return _procedure(np.any(_as_floats(totals, FIGURES_DECISIONS, 0.0) > 0, axis=0))


def _unreported(reported: np.ndarray, procedure: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Per row of `reported` (rows x procedure: the outcome's total is above 0), the outcomes not reported."""
    return [tuple(o for o, flag in zip(procedure, flags, strict=True) if not flag) for flags in reported.tolist()]


def missing_outcomes(totals: pd.DataFrame, procedure: tuple[str, ...] = FIGURES_DECISIONS) -> pd.Series:
    """Per row of decision totals (one place and year; columns FIGURES_DECISIONS), the outcomes of its
    `procedure` (`outcomes_in_procedure` over all its years) not reported, as a tuple: an outcome whose total is
    missing or zero in a year the place reports it in others is not reported (UNHCR's 2013 figures for Mexico
    have no rejections). The one test of complete decisions, for Mexico (Trends) and each MIRPS state (the
    regional page): decisions are complete where nothing is missing."""
    reported = _as_floats(totals, procedure, 0.0) > 0
    return pd.Series(_unreported(reported, procedure), index=totals.index, dtype=object)


def _rates(
    recognized: np.ndarray, complementary: np.ndarray, rejected: np.ndarray, complete: np.ndarray
) -> dict[str, pd.api.extensions.ExtensionArray]:
    """`with_rates`' two rates (Float64, NA where not usable) from float arrays (NaN where missing)."""
    substantive = recognized + complementary + rejected  # NaN where any is missing, as NA in pandas' Float64
    usable = complete & (substantive > 0)
    with np.errstate(divide="ignore", invalid="ignore"):  # 0 / 0 is not usable, and dropped just below
        return {
            "refugee_rate": pd.arrays.FloatingArray(np.where(usable, recognized / substantive, 0.0), ~usable),
            "protection_rate": pd.arrays.FloatingArray(
                np.where(usable, (recognized + complementary) / substantive, 0.0), ~usable
            ),
        }


def with_rates(decisions: pd.DataFrame, missing: pd.Series) -> pd.DataFrame:
    """`decisions` (columns FIGURES_DECISIONS) with `missing` (from `missing_outcomes`) and both recognition
    rates (0-1) where nothing is missing and there are substantive decisions: refugee_rate = recognized /
    substantive, protection_rate = (recognized + complementary) / substantive, substantive = recognized +
    complementary + rejected (closed cases are no decision on the merits). Elsewhere the rates are NA."""
    out = decisions.assign(missing=missing)
    complete = np.array([len(m) == 0 for m in out["missing"]], dtype=bool)
    recognized, complementary, rejected = _as_floats(out, ("recognized", "complementary", "rejected")).T
    return out.assign(**_rates(recognized, complementary, rejected, complete))


def decisions_by_year(
    by_nationality: pd.DataFrame, years: tuple[int, int], nations: list[str] | None = None
) -> pd.DataFrame:
    """UNHCR decisions per year by outcome (persons), with both recognition rates (0-1) for complete years only,
    from `unhcr_by_nationality(refugees)`.

    A year is complete when UNHCR reports every outcome (recognised, complementary protection, rejected, closed)
    for Mexico that year (`missing_outcomes` over the national totals). Other years keep their figures but no
    rate; every year of the range is a row.
    Columns: year, recognized, complementary, rejected, closed, missing (the outcomes not reported), refugee_rate,
    protection_rate. Substantive decisions (the rates' base) are recognized + complementary + rejected.
    """
    # numpy throughout (the same frame as pandas' groupby, reindex and with_rates, at a tenth of their cost)
    every_year = np.arange(years[0], years[1] + 1, dtype="int64")
    year = by_nationality["year"].to_numpy(dtype="int64")
    values = _as_floats(by_nationality, FIGURES_DECISIONS)
    first = int(year.min()) if len(year) else years[0]
    national, _ = _year_sums(year, values, first, int(year.max()) - first + 1 if len(year) else 0)
    procedure = _procedure(np.any(national > 0, axis=0))  # over every year, not only the range shown
    # each year of the range: which of its procedure's outcomes Mexico reports (a year without figures: none)
    position = every_year - first
    inside = (position >= 0) & (position < len(national))
    reported = np.zeros((len(every_year), len(procedure)), dtype=bool)
    reported[inside] = national[position[inside]][:, [FIGURES_DECISIONS.index(o) for o in procedure]] > 0
    missing = _unreported(reported, procedure)
    totals, unknown = _year_sums(year, values, years[0], len(every_year), _chosen(by_nationality, nations))
    shown = np.where(unknown, np.nan, totals.astype("float64"))
    complete = np.array([not m for m in missing], dtype=bool)
    return pd.DataFrame(
        {
            "year": every_year,
            **_counts(totals, unknown, FIGURES_DECISIONS),
            "missing": pd.Series(missing, dtype=object).to_numpy(),
            **_rates(shown[:, 0], shown[:, 1], shown[:, 2], complete),
        }
    )


def population_by_year(
    by_nationality: pd.DataFrame, years: tuple[int, int], nations: list[str] | None = None
) -> pd.DataFrame:
    """UNHCR end-of-year refugees, asylum-seekers (persons awaiting a decision) and other people in need of
    protection, one row per year of the range, from `unhcr_by_nationality(refugees)`.

    Columns: year, refugees, asylum_seekers, oip (NA where UNHCR gives no figure: a gap, never a join).
    """
    totals, missing = _year_sums(
        by_nationality["year"].to_numpy(dtype="int64"),
        _as_floats(by_nationality, FIGURES_POPULATION),
        years[0],
        years[1] - years[0] + 1,
        _chosen(by_nationality, nations),
    )
    known = np.flatnonzero(~missing.all(axis=1))  # the years with a figure: the first to the last of them shown
    if not len(known):
        return pd.DataFrame(columns=["year", *FIGURES_POPULATION]).astype("Int64")
    span = slice(known[0], known[-1] + 1)
    return pd.DataFrame(
        {
            "year": np.arange(years[0] + known[0], years[0] + known[-1] + 1, dtype="int64"),
            **_counts(totals[span], missing[span], FIGURES_POPULATION),
        }
    )


def to_long(frame: pd.DataFrame, index: str, columns: list[str], name: str, value: str) -> pd.DataFrame:
    """Wide to long for charts: (year, a, b) -> (year, name, value), dropping missing values (pandas' melt and
    dropna, the same frame, by numpy over each column's known rows at a tenth of their cost)."""
    # year | refugees | asylum_seekers   ->   year | figure | persons
    parts = [frame[column].array for column in columns]
    dtypes = {part.dtype for part in parts}  # melt's common dtype
    common = dtypes.pop() if len(dtypes) == 1 else pd.concat([frame[column].iloc[:0] for column in columns]).dtype
    known = [np.flatnonzero(~part.isna()) for part in parts]
    rows = np.concatenate(known)
    return pd.DataFrame(
        {
            index: frame[index].to_numpy()[rows],
            name: pd.array(np.repeat(np.array(columns, dtype=object), [len(k) for k in known]), dtype="str"),
            value: pd.array(
                np.concatenate([part[k].to_numpy() for part, k in zip(parts, known, strict=True)]),
                dtype=common,
            ),
        }
    )


def summarise_series(frame: pd.DataFrame, x: str, y: str) -> dict[str, object]:
    """First, last and peak of a series, for a one-sentence summary (empty dict when no data)."""
    xs, ys = frame[x].tolist(), frame[y].tolist()
    known = [i for i, v in enumerate(ys) if not pd.isna(v)]
    if not known:
        return {}
    peak = max(known, key=lambda i: float(ys[i]))  # the first largest
    first, last = known[0], known[-1]
    return {
        "first_x": xs[first],
        "first": ys[first],
        "last_x": xs[last],
        "last": ys[last],
        "peak_x": xs[peak],
        "peak": ys[peak],
    }


# ---- overview --------------------------------------------------------------------------------


def june_2020_figures(
    refugees: pd.DataFrame, indicators: pd.DataFrame, source: str = "unhcr-gcr-mexico-2020"
) -> dict[str, tuple[float, str, str]]:
    """The UNHCR 2020 page's figures: name -> (value, period_start, period_end), with the indicators' units."""
    out: dict[str, tuple[float, str, str]] = {}
    for _, row in refugees[refugees["source"] == source].iterrows():
        for name in ("refugees", "asylum_seekers"):
            if pd.notna(row[name]):
                out[name] = (float(row[name]), row["period_start"], row["period_end"])
    for _, row in indicators[indicators["source"] == source].iterrows():
        out[row["indicator"]] = (float(row["value"]), row["period_start"], row["period_end"])
    return out


def unhcr_yearly(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    """UNHCR's national figure per calendar year (persons) by the one aggregation rule: its total, else one
    level's sum (never a total plus its parts, never sex or age rows added to it). Columns: year, <value>, basis,
    level."""
    rows = frame[(frame["source"] == UNHCR_SOURCE) & (frame["unit"] == "persons")]
    years = full_years(figures(rows, value))
    return years[["year", value, "basis", "level"]].sort_values("year").reset_index(drop=True)

"""Pure pandas questions over canonical frames: totals that never add a total to its parts.

Published tables overlap (claims by nationality for the whole country; claims by office for all
nationalities), so each query picks rows at one breakdown: "_T" rows for a total where they exist,
else the sum of the finer rows of *one* source, never both.
"""

from __future__ import annotations

import datetime as dt
import functools
import weakref

import pandas as pd
from babel.dates import format_date, get_month_names

from mirps_dash.codes import OTHERS, TOTAL, state_name
from mirps_dash.export import period_label as export_period_label
from mirps_dash.i18n import BABEL_LOCALES, CATALOGUE, format_day, format_number, format_share, t
from mirps_dash.validate import month_end

UNHCR_SOURCE = "unhcr-stats"


def once_per_frames(function):
    """Remember `function(*frames)` for as long as those frame objects live. The app's frames are shared and
    never changed, so a filter-independent step (a 1M-row scan) runs once per data version, not per filter."""
    results: dict[tuple[int, ...], object] = {}

    @functools.wraps(function)
    def remembered(*frames: pd.DataFrame):
        key = tuple(id(frame) for frame in frames)
        if key not in results:
            results[key] = function(*frames)
            for frame in frames:  # forget the result when any of its frames is freed (its id may be reused)
                weakref.finalize(frame, results.pop, key, None)
        return results[key]

    return remembered


def full_years(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows that cover exactly one calendar year, with an integer `year` column added."""
    start, end = frame["period_start"], frame["period_end"]
    yearly = start.str.endswith("-01-01") & end.str.endswith("-12-31") & (start.str[:4] == end.str[:4])
    out = frame[yearly].copy()
    out["year"] = out["period_start"].str[:4].astype(int)
    return out


@once_per_frames
def unhcr_full_years(frame: pd.DataFrame) -> pd.DataFrame:
    """UNHCR rows (persons) for one nationality and one calendar year each, with `year`: what Trends filters."""
    return full_years(frame[(frame["source"] == UNHCR_SOURCE) & (frame["unit"] == "persons") & (frame["nationality"] != TOTAL)])


def national_claims_by_year(claims: pd.DataFrame, source: str = UNHCR_SOURCE) -> pd.DataFrame:
    """Claims lodged per calendar year (persons) from one source: its _T row, else the sum over nationalities.

    Columns: year, claims, source.
    """
    rows = full_years(claims[(claims["source"] == source) & (claims["unit"] == "persons")])
    rows = rows[(rows["state"] == TOTAL) & (rows["office"] == TOTAL) & (rows["sex"] == TOTAL) & (rows["age_group"] == TOTAL)]
    totals = rows[rows["nationality"] == TOTAL].groupby("year")["claims"].sum()
    parts = rows[rows["nationality"] != TOTAL].groupby("year")["claims"].sum()
    combined = totals.combine_first(parts).astype("int64")
    return pd.DataFrame({"year": combined.index, "claims": combined.to_numpy(), "source": source})


def refugee_figures_by_year(refugees: pd.DataFrame, source: str = UNHCR_SOURCE) -> pd.DataFrame:
    """Decisions and end-of-year population per year (persons) from one source, summed over nationalities.

    A figure is missing (NA) for a year where no nationality row has it.
    """
    rows = full_years(refugees[(refugees["source"] == source) & (refugees["unit"] == "persons")])
    totals = rows[rows["nationality"] == TOTAL]
    parts = rows[rows["nationality"] != TOTAL]
    figures = ["recognized", "complementary", "rejected", "closed", "decisions_total", "refugees", "asylum_seekers", "oip"]
    summed = parts.groupby("year")[figures].sum(min_count=1)
    if not totals.empty:
        summed = totals.set_index("year")[figures].combine_first(summed)
    summed = summed.reset_index()
    summed["source"] = source
    return summed


def latest_key_figures(claims: pd.DataFrame, refugees: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """For each headline figure, (year, value) of the latest year that has it (UNHCR figures)."""
    claim_years = national_claims_by_year(claims)
    figures = refugee_figures_by_year(refugees)
    out: dict[str, tuple[int, int]] = {}
    if not claim_years.empty:
        last = claim_years.iloc[-1]
        out["claims"] = (int(last["year"]), int(last["claims"]))
    for name in ("refugees", "asylum_seekers", "recognized"):
        known = figures[figures[name].notna()]
        if not known.empty:
            last = known.iloc[-1]
            out[name] = (int(last["year"]), int(last[name]))
    return out


# ---- periods -----------------------------------------------------------------------------------

FIGURES_DECISIONS = ("recognized", "complementary", "rejected", "closed")
FIGURES_POPULATION = ("refugees", "asylum_seekers", "oip")
CELL = ["period_start", "period_end", "state", "office", "nationality", "sex", "age_group", "unit"]


def _month_abbr(month: int, lang: str) -> str:
    return get_month_names("abbreviated", context="stand-alone", locale=BABEL_LOCALES[lang])[month].rstrip(".")


def period_kind(start: str, end: str) -> str:
    """'year', 'month' or 'cumulative' (anything else: several months, days, or years)."""
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    if first == dt.date(last.year, 1, 1) and last == dt.date(last.year, 12, 31):
        return "year"
    if first.day == 1 and (first.year, first.month) == (last.year, last.month) and last == month_end(last.year, last.month):
        return "month"
    return "cumulative"


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
    first, last = export_period_label(start, end)
    return f"{first}_{last}" if last else first


def geo_periods(claims: pd.DataFrame) -> pd.DataFrame:
    """Periods that have claims by office or by state (persons), oldest end first.

    Columns: period_start, period_end, key, kind.
    """
    rows = claims[((claims["office"] != TOTAL) | (claims["state"] != TOTAL)) & (claims["unit"] == "persons")]
    periods = rows[["period_start", "period_end"]].drop_duplicates().sort_values(["period_end", "period_start"])
    periods["key"] = [period_key(s, e) for s, e in zip(periods["period_start"], periods["period_end"], strict=True)]
    periods["kind"] = [period_kind(s, e) for s, e in zip(periods["period_start"], periods["period_end"], strict=True)]
    return periods.reset_index(drop=True)


# ---- several releases of one figure -------------------------------------------------------------

def source_dates(sources: pd.DataFrame) -> pd.Series:
    """Each source's as-of date as a sortable ISO day, a partial date taken at its end (2019 -> 2019-12-31)."""
    as_of = sources.set_index("source_id")["as_of"].astype(str)
    return as_of.map(lambda text: text + {4: "-12-31", 7: "-31"}.get(len(text), ""))


def pick_latest_release(rows: pd.DataFrame, sources: pd.DataFrame, value: str = "claims") -> pd.DataFrame:
    """One row per cell: the release with the latest source date; the others go to `other_values`, `other_sources`.

    Releases of the same cell are never summed: the latest is shown, the others beside it.
    """
    if rows.empty:
        return rows.assign(as_of=pd.Series(dtype=str), other_values=pd.Series(dtype=object), other_sources=pd.Series(dtype=object))
    cell = [c for c in CELL if c in rows.columns]
    raw_as_of = sources.set_index("source_id")["as_of"].astype(str)
    ranked = rows.assign(as_of=rows["source"].map(raw_as_of).fillna(""),
                         sort_day=rows["source"].map(source_dates(sources)).fillna("0000-00-00"))
    ranked = ranked.sort_values([*cell, "sort_day", "source"], ascending=[True] * len(cell) + [False, False])
    latest = ranked.drop_duplicates(cell, keep="first").set_index(cell).drop(columns="sort_day")
    others = ranked[ranked.duplicated(cell, keep="first")].groupby(cell)
    latest["other_values"] = others[value].agg(list).reindex(latest.index)
    latest["other_sources"] = others["source"].agg(list).reindex(latest.index)
    for column in ("other_values", "other_sources"):
        latest[column] = [v if isinstance(v, list) else [] for v in latest[column]]
    return latest.reset_index()


# ---- arrivals: claims by office and state in one period -----------------------------------------

@once_per_frames
def latest_area_releases(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Every period's claims (persons, all nationalities) by office and by state, latest release per cell."""
    rows = claims[(claims["unit"] == "persons") & (claims["nationality"] == TOTAL) & (claims["sex"] == TOTAL)
                  & (claims["age_group"] == TOTAL) & ((claims["office"] != TOTAL) | (claims["state"] != TOTAL))]
    return pick_latest_release(rows, sources)


def claims_by_area(claims: pd.DataFrame, sources: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Claims (persons, all nationalities) by office and by state for one period, latest release per cell.

    Columns: level ('office' or 'state'), state, office, claims, source, as_of, other_values, other_sources, note.
    """
    releases = latest_area_releases(claims, sources)
    picked = releases[(releases["period_start"] == start) & (releases["period_end"] == end)]
    picked = picked.assign(level=["state" if office == TOTAL else "office" for office in picked["office"]])
    columns = ["level", "state", "office", "claims", "source", "as_of", "other_values", "other_sources", "note"]
    return picked[columns].sort_values("claims", ascending=False).reset_index(drop=True)


def claims_by_state(areas: pd.DataFrame) -> pd.DataFrame:
    """Claims per state: the state's own row where published, else the sum of its offices' rows.

    Columns: state, claims, basis ('state' or 'offices'), sources (list of source ids).
    """
    records = []
    for state, group in areas.groupby("state"):
        own = group[group["level"] == "state"]
        chosen, basis = (own, "state") if not own.empty else (group[group["level"] == "office"], "offices")
        records.append({"state": state, "claims": int(chosen["claims"].sum()), "basis": basis,
                        "sources": sorted(set(chosen["source"]))})
    return pd.DataFrame(records, columns=["state", "claims", "basis", "sources"])


def office_points(offices: pd.DataFrame, areas: pd.DataFrame, year: int) -> pd.DataFrame:
    """Every office with its claims in the period and a status: 'office' (own figure), 'state' (only its
    state has a figure), 'none' (no figure), or 'not_open' (opened after the period's year)."""
    own = areas[areas["level"] == "office"].set_index("office")
    state_rows = set(areas.loc[areas["level"] == "state", "state"])
    points = offices[["office_id", "name", "city", "state", "latitude", "longitude", "year_opened"]].copy()
    points["claims"] = points["office_id"].map(own["claims"]).astype("Int64")
    points["source"] = points["office_id"].map(own["source"])
    status = []
    for office_id, state, opened in zip(points["office_id"], points["state"], points["year_opened"], strict=True):
        if pd.notna(opened) and int(opened) > year:
            status.append("not_open")
        elif office_id in own.index:
            status.append("office")
        elif state in state_rows:
            status.append("state")
        else:
            status.append("none")
    points["status"] = status
    return points.reset_index(drop=True)


def office_series(claims: pd.DataFrame, sources: pd.DataFrame, office_id: str, state: str) -> pd.DataFrame:
    """Every published figure for one office over time (persons, all nationalities), else its state's.

    Columns: period_start, period_end, level, claims, source, as_of, note; oldest first.
    """
    base = claims[(claims["unit"] == "persons") & (claims["nationality"] == TOTAL) & (claims["sex"] == TOTAL) & (claims["age_group"] == TOTAL)]
    rows = base[base["office"] == office_id].assign(level="office")
    if rows.empty:
        rows = base[(base["state"] == state) & (base["office"] == TOTAL)].assign(level="state")
    rows = rows.assign(as_of=rows["source"].map(sources.set_index("source_id")["as_of"].astype(str)),
                       sort_day=rows["source"].map(source_dates(sources)))
    columns = ["period_start", "period_end", "level", "claims", "source", "as_of", "note"]
    return rows.sort_values(["period_end", "period_start", "sort_day"])[columns].reset_index(drop=True)


# ---- trends ------------------------------------------------------------------------------------

def _unhcr_years(frame: pd.DataFrame, years: tuple[int, int], nations: list[str] | None) -> pd.DataFrame:
    rows = unhcr_full_years(frame)
    rows = rows[rows["year"].between(*years)]
    return rows[rows["nationality"].isin(nations)] if nations else rows


def claims_by_nationality(claims: pd.DataFrame, years: tuple[int, int], top_n: int = 5,
                          nations: list[str] | None = None) -> pd.DataFrame:
    """UNHCR claims per year for the top N nationalities of the chosen years (or the chosen ones) and 'others' (_O).

    Columns: year, nationality, claims. The groups partition one table, so they add up to the national figure.
    """
    rows = _unhcr_years(claims, years, None)
    rows = rows[(rows["state"] == TOTAL) & (rows["office"] == TOTAL)]
    ranking = rows.groupby("nationality")["claims"].sum().sort_values(ascending=False)
    shown = list(nations) if nations else [n for n in ranking.index if n != OTHERS][:top_n]
    group = rows["nationality"].where(rows["nationality"].isin(shown), OTHERS)
    out = rows.groupby([rows["year"], group.rename("group")])["claims"].sum().reset_index()
    out = out.rename(columns={"group": "nationality"})
    order = {code: i for i, code in enumerate([*shown, OTHERS])}
    out = out.sort_values(["year", "nationality"], key=lambda s: s.map(order) if s.name == "nationality" else s)
    return out.astype({"claims": "int64"}).reset_index(drop=True)


def top_nationalities(claims: pd.DataFrame, years: tuple[int, int], top_n: int) -> list[str]:
    """Codes of the N nationalities with most UNHCR claims over the chosen years."""
    rows = _unhcr_years(claims, years, None)
    ranking = rows.groupby("nationality")["claims"].sum().sort_values(ascending=False)
    return [n for n in ranking.index if n != OTHERS][:top_n]


@once_per_frames
def monthly_claims(claims: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """COMAR national claims for single months (persons, latest release per month), oldest first.

    Columns: period_start, period_end, claims, source, other_values, other_sources.
    """
    rows = claims[(claims["unit"] == "persons") & (claims["state"] == TOTAL) & (claims["office"] == TOTAL)
                  & (claims["nationality"] == TOTAL) & (claims["sex"] == TOTAL) & (claims["age_group"] == TOTAL)]
    months = [period_kind(s, e) == "month" for s, e in zip(rows["period_start"], rows["period_end"], strict=True)]
    picked = pick_latest_release(rows[months], sources)
    columns = ["period_start", "period_end", "claims", "source", "other_values", "other_sources"]
    return picked[columns].sort_values("period_start").reset_index(drop=True)


def decisions_by_year(refugees: pd.DataFrame, years: tuple[int, int], nations: list[str] | None = None) -> pd.DataFrame:
    """UNHCR decisions per year by outcome (persons), with both recognition rates (0-1).

    Columns: year, recognized, complementary, rejected, closed, refugee_rate, protection_rate. Substantive
    decisions (the rates' base) are recognized + complementary + rejected; closed cases are left out.
    """
    rows = _unhcr_years(refugees, years, nations)
    out = rows.groupby("year")[list(FIGURES_DECISIONS)].sum(min_count=1).fillna(0).astype("int64")
    out = out[out.sum(axis=1) > 0]
    substantive = out["recognized"] + out["complementary"] + out["rejected"]
    out["refugee_rate"] = (out["recognized"] / substantive).where(substantive > 0)
    out["protection_rate"] = ((out["recognized"] + out["complementary"]) / substantive).where(substantive > 0)
    return out.reset_index()


def population_by_year(refugees: pd.DataFrame, years: tuple[int, int], nations: list[str] | None = None) -> pd.DataFrame:
    """UNHCR end-of-year refugees, asylum-seekers (pending claims) and other people in need of protection.

    Columns: year, refugees, asylum_seekers, oip (NA where UNHCR gives no figure).
    """
    rows = _unhcr_years(refugees, years, nations)
    out = rows.groupby("year")[list(FIGURES_POPULATION)].sum(min_count=1)
    return out[out.notna().any(axis=1)].astype("Int64").reset_index()


def to_long(frame: pd.DataFrame, index: str, columns: list[str], name: str, value: str) -> pd.DataFrame:
    """Wide to long for charts: (year, a, b) -> (year, name, value), dropping missing values."""
    # year | refugees | asylum_seekers   ->   year | figure | persons
    long = frame.melt(id_vars=[index], value_vars=columns, var_name=name, value_name=value)
    return long.dropna(subset=[value]).reset_index(drop=True)


def summarise_series(frame: pd.DataFrame, x: str, y: str) -> dict[str, object]:
    """First, last and peak of a series, for a one-sentence summary (empty dict when no data)."""
    known = frame.dropna(subset=[y])
    if known.empty:
        return {}
    peak = known[y].astype("float64").idxmax()
    return {"first_x": known[x].iloc[0], "first": known[y].iloc[0], "last_x": known[x].iloc[-1],
            "last": known[y].iloc[-1], "peak_x": known[x].loc[peak], "peak": known[y].loc[peak]}


# ---- overview --------------------------------------------------------------------------------

def june_2020_figures(refugees: pd.DataFrame, indicators: pd.DataFrame, source: str = "unhcr-gcr-mexico-2020") -> dict[str, tuple[float, str, str]]:
    """The UNHCR 2020 page's figures: name -> (value, period_start, period_end), with the indicators' units."""
    out: dict[str, tuple[float, str, str]] = {}
    for _, row in refugees[refugees["source"] == source].iterrows():
        for name in ("refugees", "asylum_seekers"):
            if pd.notna(row[name]):
                out[name] = (float(row[name]), row["period_start"], row["period_end"])
    for _, row in indicators[indicators["source"] == source].iterrows():
        out[row["indicator"]] = (float(row["value"]), row["period_start"], row["period_end"])
    return out


def format_partial_date(text: str, lang: str) -> str:
    """'2025-12-31' -> '31 de diciembre de 2025'; '2020-06' -> 'junio de 2020'; '2019' stays '2019'."""
    if len(text) == 10:
        return format_day(text, lang)
    if len(text) == 7:
        return format_date(dt.date(int(text[:4]), int(text[5:7]), 1), format="MMMM 'de' y" if lang == "es" else "MMMM y",
                           locale=BABEL_LOCALES[lang])
    return text


# ---- texts generated from the numbers ----------------------------------------------------------

def describe_series(frame: pd.DataFrame, x: str, y: str, lang: str, what: str, percent: bool = False) -> str:
    """One sentence: the first and last value of a series and its peak (for screen readers and readers)."""
    facts = summarise_series(frame, x, y)
    if not facts:
        return t("summary_empty", lang)
    show = (lambda v: format_share(float(v), lang)) if percent else (lambda v: format_number(v, lang))
    return t("summary_series", lang, what=what, first_x=facts["first_x"], first=show(facts["first"]),
             last_x=facts["last_x"], last=show(facts["last"]), peak_x=facts["peak_x"], peak=show(facts["peak"]))


def describe_largest(frame: pd.DataFrame, x: str, y: str, group: str, names: dict[str, str], lang: str) -> str:
    """One sentence: the largest group in the last `x` (e.g. the nationality with most claims in 2025)."""
    if frame.empty:
        return ""
    last = frame[frame[x] == frame[x].max()]
    top = last.loc[last[y].idxmax()]
    return t("summary_largest", lang, x=top[x], name=names.get(top[group], top[group]),
             value=format_number(top[y], lang), total=format_number(last[y].sum(), lang))


def label_columns(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A copy with column headers in the reader's language (catalogue keys col_<column>)."""
    return frame.rename(columns={c: t(f"col_{c}", lang) for c in frame.columns if f"col_{c}" in CATALOGUE})


def releases_text(values: list, source_ids: list, sources: pd.DataFrame, lang: str) -> str:
    """Other releases of a figure, side by side: '5,728 (COMAR, as reported by La Razón, 2023-01)'."""
    publishers = sources.set_index("source_id")
    parts = []
    for value, source_id in zip(values, source_ids, strict=True):
        who = publishers.loc[source_id, "publisher"] if source_id in publishers.index else source_id
        when = publishers.loc[source_id, "as_of"] if source_id in publishers.index else ""
        parts.append(f"{format_number(value, lang)} ({who}, {when})")
    return "; ".join(parts)


def area_table(areas: pd.DataFrame, offices: pd.DataFrame, sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The map's numbers as a table: area, level, claims, source, as-of, other releases (headers translated)."""
    office_names = offices.set_index("office_id")["name"]
    publishers = sources.set_index("source_id")["publisher"]
    table = pd.DataFrame({
        "area": [office_names.get(o, o) if level == "office" else state_name(s)
                 for level, s, o in zip(areas["level"], areas["state"], areas["office"], strict=True)],
        "state": [state_name(s) for s in areas["state"]],
        "level": [t(f"level_{level}", lang) for level in areas["level"]],
        "claims": areas["claims"].astype("int64"),
        "source": [publishers.get(s, s) for s in areas["source"]],
        "as_of": areas["as_of"],
        "other_releases": [releases_text(v, s, sources, lang) for v, s in zip(areas["other_values"], areas["other_sources"], strict=True)],
    })
    return label_columns(table, lang)


def change_counts(changes, lang: str) -> dict[str, object]:
    """Counts of a `changes.Changes`: added, removed, revised rows, and the new periods as labels."""
    added, labels = changes.added, []
    if "period_start" in added:
        new = added[added["period_start"].isin(changes.new_periods)].drop_duplicates(["period_start", "period_end"])
        new = new.sort_values(["period_end", "period_start"])
        labels = [period_label(s, e, lang) for s, e in zip(new["period_start"], new["period_end"], strict=True)]
    return {"added": len(added), "removed": len(changes.removed), "revised": len(changes.changed), "periods": labels}


def series_table(series: pd.DataFrame, sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    """An office's (or state's) published figures over time: period, claims, source, as-of, note."""
    publishers = sources.set_index("source_id")["publisher"]
    table = pd.DataFrame({
        "period": [period_label(s, e, lang) for s, e in zip(series["period_start"], series["period_end"], strict=True)],
        "kind": [t(f"kind_{period_kind(s, e)}", lang) for s, e in zip(series["period_start"], series["period_end"], strict=True)],
        "claims": series["claims"].astype("int64"),
        "source": [publishers.get(s, s) for s in series["source"]],
        "as_of": series["as_of"],
        "note": series["note"],
    })
    return label_columns(table, lang)


DEFINED_TERMS = ("claim", "asylum_seeker", "refugee", "complementary", "refugee_rate", "protection_rate", "closed", "cumulative", "total_marker")
GLOSSARY_TERMS = ("comar", "mirps", "gcr", "grf", "unhcr", "inm", "curp", "claim", "asylum_seeker", "refugee", "complementary", "closed")


def glossary(lang: str) -> pd.DataFrame:
    """The glossary: each term in Spanish and in English, with its meaning in the reader's language."""
    return pd.DataFrame({
        "Español": [t(f"term_{k}", "es") for k in GLOSSARY_TERMS],
        "English": [t(f"term_{k}", "en") for k in GLOSSARY_TERMS],
        t("col_meaning", lang): [t(f"define_{k}", lang) for k in GLOSSARY_TERMS],
    })

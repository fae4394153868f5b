"""`aggregate.figures` (integer codes over whole columns) gives what the rule, read one figure at a time, gives.

The reference below applies the module's rules literally, row by row in plain Python: it is slow and obvious, and
random cells (totals, offices, states, nationalities, sex and age bands, wide and narrow, rounded figures, several
releases, units and periods) must give the same frame, to the dtype.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mirps_dash.aggregate import DIMENSIONS, figures, releases_of, rows_in_periods
from mirps_dash.periods import period_kind
from mirps_dash.schema import DATASETS
from mirps_dash.validate import coerce

KEY = ("source", "unit", "period_start", "period_end")
T = "_T"
OFFICES = {"tapachula": "07", "palenque": "07", "cdmx": "09", "tijuana": "02"}
OPENED = {"tijuana": 2023}  # the others: no year known, so open
LEVEL_ORDER = ("office", "state", "nationality", "sex", "age_group")
CHILDREN, ADULTS = ("0-4", "5-11", "12-17"), ("18-59", "60+")
PERIODS = [("2022-01-01", "2022-12-31"), ("2022-08-01", "2022-08-31"), ("2024-01-01", "2024-12-31")]
BREAKDOWNS = [(), ("state",), ("office",), ("nationality",), ("sex",), ("age_group",), ("office", "sex")]


def open_offices(year: int, state: str | None) -> tuple[str, ...]:
    return tuple(sorted(o for o, s in OFFICES.items() if OPENED.get(o, year) <= year and (state is None or s == state)))


def free_dimensions(by: tuple[str, ...]) -> tuple[str, ...]:
    if "office" in by:
        return tuple(d for d in ("nationality", "sex", "age_group") if d not in by)
    if "state" in by:
        return tuple(d for d in ("office", "nationality", "sex", "age_group") if d not in by)
    return tuple(d for d in DIMENSIONS if d not in by)


def covers(d: str, have: tuple[str, ...], year: int, state: str | None, offices: bool) -> tuple[bool, tuple]:
    """Whether the parts `have` of dimension `d` make up the figure, and what a whole sum needs."""
    if d == "age_group":
        children = "0-17" in have or set(CHILDREN) <= set(have)
        adults = "18+" in have or set(ADULTS) <= set(have)
        return children and adults, ("0-17", "18+")
    needed: tuple[str, ...] | None = {"nationality": ("_O",), "sex": ("F", "M")}.get(d)
    if d == "office":
        needed = open_offices(year, state) if offices else None
    if d == "state":
        needed = tuple(sorted({OFFICES[o] for o in open_offices(year, None)})) if offices else None
    return bool(needed) and set(needed or ()) <= set(have), tuple(needed or ())


def reference(rows: pd.DataFrame, value: str, by: tuple[str, ...], offices: bool) -> pd.DataFrame:
    """The rule, one figure at a time."""
    free = free_dimensions(by)
    records = [r for r in rows.to_dict("records") if pd.notna(r[value]) and all(r[d] != T for d in by)]
    for r in records:
        r["approx"] = r["approx"] if isinstance(r["approx"], str) else ""
        broken = [d for d in free if r[d] != T and not (d == "state" and "office" in free and r["office"] != T)]
        r["_level"] = tuple(broken)
    wide = {"0-4": "0-17", "5-11": "0-17", "12-17": "0-17", "18-59": "18+", "60+": "18+"}

    def cell(r: dict) -> tuple:
        others = (d for d in DIMENSIONS if d != "age_group" and d not in by)
        return (*(r[c] for c in (*KEY, *by)), r["_level"], *(r[d] for d in others))

    bands = {(cell(r), r["age_group"]) for r in records if "age_group" in r["_level"]}
    records = [r for r in records if not ("age_group" in r["_level"] and (cell(r), wide.get(r["age_group"])) in bands)]
    records = [r for r in records if "age_group" not in r["_level"]] + [
        r for r in records if "age_group" in r["_level"]
    ]
    tables: dict[tuple, dict[tuple, list[dict]]] = {}  # figure -> level -> rows, in order of first appearance
    for r in records:
        tables.setdefault(tuple(r[c] for c in (*KEY, *by)), {}).setdefault(r["_level"], []).append(r)
    out = []
    for key, levels in tables.items():
        figure = dict(zip((*KEY, *by), key, strict=True))
        if "office" in by and "state" not in by:
            figure["state"] = next(iter(levels.values()))[0]["state"]
        if () in levels:
            (total,) = levels[()]
            out.append({**figure, value: total[value], "basis": "total", "level": "", "parts": (), "covers": ()})
            out[-1]["approx"] = total["approx"]
            continue
        sums = []
        for level, level_rows in levels.items():
            year, state = int(key[3][:4]), figure.get("state") if "state" in by else None
            judged = []
            for d in level:
                have = tuple(sorted({r[d] for r in level_rows}))
                whole, needed = covers(d, have, year, state, offices)
                if d == "nationality" and key[0] == "unhcr-stats" and not {"state", "office"} & {*by, *level}:
                    whole, needed = True, have
                judged.append((have, needed, whole))
            shown = next((j for j in judged if not j[2]), judged[0])
            rounded = max(r["approx"] for r in level_rows)
            sums.append(
                {
                    **figure,
                    value: sum(r[value] for r in level_rows),
                    "basis": "sum" if all(j[2] for j in judged) else "partial",
                    "level": "+".join(level),
                    "parts": shown[0],
                    "covers": shown[1],
                    "approx": "about" if rounded and len(level_rows) > 1 else rounded,
                    "_rank": (len(level), LEVEL_ORDER.index(level[0])),
                }
            )
        covering = sorted((s for s in sums if s["basis"] == "sum"), key=lambda s: s["_rank"])
        best = covering[0] if covering else max(sums, key=lambda s: (s[value], tuple(-r for r in s["_rank"])))
        out.append({k: v for k, v in best.items() if k != "_rank"})
    columns = [*KEY, *by, *(["state"] if "office" in by and "state" not in by else []), value]
    columns += ["basis", "level", "parts", "covers", "approx"]
    if not out:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame(out, columns=columns).sort_values([*KEY, *by]).reset_index(drop=True)


GEOGRAPHY = [(T, T), *((s, T) for s in sorted(set(OFFICES.values()))), *((s, o) for o, s in OFFICES.items())]


@st.composite
def cells(draw) -> pd.DataFrame:
    """Canonical claims, one row per cell: any mix of breakdowns, releases, units and periods."""
    chosen = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["r1", "unhcr-stats"]),
                st.sampled_from(["persons", "cases"]),
                st.sampled_from(PERIODS),
                st.sampled_from(GEOGRAPHY),
                st.sampled_from([T, "_O", "HND", "CUB"]),
                st.sampled_from([T, "F", "M"]),
                st.sampled_from([T, "0-17", "18+", *CHILDREN, *ADULTS]),
            ),
            min_size=1,
            max_size=40,
            unique=True,
        )
    )
    rows = [
        {
            "source": source,
            "unit": unit,
            "period_start": period[0],
            "period_end": period[1],
            "state": geography[0],
            "office": geography[1],
            "nationality": nationality,
            "sex": sex,
            "age_group": age,
            "claims": draw(st.integers(0, 2**40)),
            "approx": draw(st.sampled_from(["", "", "about", "over"])),
            "note": "",
        }
        for source, unit, period, geography, nationality, sex, age in chosen
    ]
    frame = pd.DataFrame(rows).reindex(columns=DATASETS["claims"].columns, fill_value="")
    return coerce(DATASETS["claims"], frame)


PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
OFFICE_TABLE = pd.DataFrame(
    {
        "office_id": list(OFFICES),
        "state": list(OFFICES.values()),
        "year_opened": pd.array([OPENED.get(o) for o in OFFICES], dtype="Int64"),
    }
)


@PROFILE
@given(frame=cells(), by=st.sampled_from(BREAKDOWNS), offices=st.booleans())
def test_figures_are_the_rule_read_one_figure_at_a_time(frame: pd.DataFrame, by: tuple, offices: bool) -> None:
    found = figures(frame, "claims", by, offices=OFFICE_TABLE if offices else None)
    pd.testing.assert_frame_equal(found, reference(frame, "claims", by, offices))


@PROFILE
@given(frame=cells(), by=st.sampled_from(BREAKDOWNS), data=st.data())
def test_where_reads_the_rows_it_marks_as_a_filtered_copy_would(frame: pd.DataFrame, by: tuple, data) -> None:
    where = pd.Series(data.draw(st.lists(st.booleans(), min_size=len(frame), max_size=len(frame))), index=frame.index)
    for _ in range(2):  # the second call reads the codes the first one made of the same columns
        found = figures(frame, "claims", by, offices=OFFICE_TABLE, where=where)
        pd.testing.assert_frame_equal(found, figures(frame[where].copy(), "claims", by, offices=OFFICE_TABLE))


def test_a_frame_changed_in_place_gives_its_new_figures_not_the_old_ones() -> None:
    frame = coerce(
        DATASETS["claims"],
        pd.DataFrame(
            [
                {"source": "r1", "unit": "persons", "period_start": "2022-01-01", "period_end": "2022-12-31"}
                | {"state": T, "office": T, "nationality": n, "sex": T, "age_group": T, "claims": 5, "approx": ""}
                | {"note": ""}
                for n in ("HND", "CUB")
            ]
        ).reindex(columns=DATASETS["claims"].columns, fill_value=""),
    )
    assert figures(frame, "claims", ("nationality",))["nationality"].tolist() == ["CUB", "HND"]
    frame.loc[0, "nationality"] = "VEN"
    assert figures(frame, "claims", ("nationality",))["nationality"].tolist() == ["CUB", "VEN"]


def test_two_rows_of_one_cell_are_refused_as_the_reference_would_have_them_summed() -> None:
    row = {"source": "r1", "unit": "persons", "period_start": "2022-01-01", "period_end": "2022-12-31", "note": ""}
    row |= {"state": T, "office": T, "nationality": T, "sex": T, "age_group": T, "claims": 5, "approx": ""}
    frame = coerce(DATASETS["claims"], pd.DataFrame([row, row]).reindex(columns=DATASETS["claims"].columns))
    with pytest.raises(ValueError, match="more than one figure per cell"):
        figures(frame, "claims")


@PROFILE
@given(frame=cells(), kind=st.sampled_from(["month", "year", "cumulative"]))
def test_rows_in_periods_marks_each_row_whose_period_is_of_the_kind(frame: pd.DataFrame, kind: str) -> None:
    expected = [period_kind(s, e) == kind for s, e in zip(frame["period_start"], frame["period_end"], strict=True)]
    assert rows_in_periods(frame, lambda s, e: period_kind(s, e) == kind).tolist() == expected


@PROFILE
@given(frame=cells())
def test_releases_of_lists_each_release_unit_and_period_once(frame: pd.DataFrame) -> None:
    found = releases_of(frame)
    assert len(found) == len(found.drop_duplicates())
    assert sorted(found.itertuples(index=False)) == sorted(frame[list(KEY)].drop_duplicates().itertuples(index=False))

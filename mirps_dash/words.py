"""What the views say, in the reader's language: sentences made from the numbers, table headers and cells, how a
figure was made, release names, and the glossary. Pure (frames and codes in, text out); pages show them as text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd
from babel.dates import format_date

from mirps_dash.codes import country_name, state_name
from mirps_dash.i18n import BABEL_LOCALES, CATALOGUE, format_count, format_day, format_number, format_share, t
from mirps_dash.periods import period_kind, period_label
from mirps_dash.provenance import source_attribution
from mirps_dash.queries import FIGURES_DECISIONS, SERIES_COLUMNS, as_records, summarise_series


def format_partial_date(text: str, lang: str) -> str:
    """'2025-12-31' -> '31 de diciembre de 2025'; '2020-06' -> 'junio de 2020'; '2019' stays '2019'."""
    if len(text) == 10:
        return format_day(text, lang)
    if len(text) == 7:
        return format_date(
            dt.date(int(text[:4]), int(text[5:7]), 1),
            format="MMMM 'de' y" if lang == "es" else "MMMM y",
            locale=BABEL_LOCALES[lang],
        )
    return text


def describe_series(frame: pd.DataFrame, x: str, y: str, lang: str, what: str, percent: bool = False) -> str:
    """One sentence: the first and last value of a series and its peak (for screen readers and readers); a
    series of one point gets a one-point sentence."""
    facts = summarise_series(frame, x, y)
    if not facts:
        return t("summary_empty", lang)
    show = (lambda v: format_share(float(v), lang)) if percent else (lambda v: format_number(v, lang))
    if facts["first_x"] == facts["last_x"]:
        return t("summary_one_point", lang, what=what, x=facts["last_x"], value=show(facts["last"]))
    return t(
        "summary_series",
        lang,
        what=what,
        first_x=facts["first_x"],
        first=show(facts["first"]),
        last_x=facts["last_x"],
        last=show(facts["last"]),
        peak_x=facts["peak_x"],
        peak=show(facts["peak"]),
    )


def describe_largest(frame: pd.DataFrame, x: str, y: str, group: str, names: dict[str, str], lang: str) -> str:
    """One sentence: the largest group in the last `x` (e.g. the nationality with most claims in 2025)."""
    if frame.empty:
        return ""
    # over plain lists: a filter, idxmax and a row's Series cost a millisecond on a chart's few dozen rows
    xs, ys, groups = frame[x].tolist(), frame[y].tolist(), frame[group].tolist()
    latest = max(xs)
    last = [i for i, value in enumerate(xs) if value == latest and not pd.isna(ys[i])]
    top = max(last, key=lambda i: ys[i])  # the first largest, as idxmax
    return t(
        "summary_largest",
        lang,
        x=xs[top],
        name=names.get(groups[top], groups[top]),
        value=format_number(ys[top], lang),
        total=format_number(sum(ys[i] for i in last), lang),
    )


def describe_one_year(frame: pd.DataFrame, x: str, y: str, group: str, names: dict[str, str], lang: str) -> str:
    """The sentence for a one-year range: 'In 2021: 131,418 claims; the largest group was Honduras, with …'."""
    top = frame.loc[frame[y].idxmax()]  # type: ignore[call-overload]  # pandas-stubs: loc refuses the label idxmax returns
    return t(
        "summary_one_year",
        lang,
        x=top[x],
        total=format_number(frame[y].sum(), lang),
        name=names.get(top[group], top[group]),
        value=format_number(top[y], lang),
    )


def describe_rate_gaps(decisions: pd.DataFrame, lang: str) -> str:
    """Which years have no rate and why (no decisions, or the outcomes not reported); '' when none."""
    gaps = [
        f"{year} ({rate_gap_reason(missing, lang)})"
        for year, missing in zip(decisions["year"], decisions["missing"], strict=True)
        if missing
    ]
    return t("rate_gaps", lang, gaps="; ".join(gaps)) if gaps else ""


def rate_gap_reason(missing: tuple[str, ...], lang: str) -> str:
    """Why a year has no rate: '' (it has one), 'no decisions published', or 'not reported: rejected, closed'."""
    if not missing:
        return ""
    if len(missing) == len(FIGURES_DECISIONS):
        return t("rate_gap_no_decisions", lang)
    return t("rate_gap_not_reported", lang, outcomes=", ".join(t(f"outcome_{o}", lang) for o in missing))


def label_columns(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A copy with column headers in the reader's language (catalogue keys col_<column>)."""
    # set_axis, not rename: the same frame at a third of the cost (every view labels two or three tables)
    return frame.set_axis([t(f"col_{c}", lang) if f"col_{c}" in CATALOGUE else c for c in frame.columns], axis=1)


def format_columns(
    frame: pd.DataFrame, lang: str, numbers: tuple[str, ...] = (), shares: tuple[str, ...] = ()
) -> pd.DataFrame:
    """A copy for reading: counts as '73,918' ('about 14,418' where an `approx` column says the source rounds it)
    and fractions as '73.9 %' in the reader's language ('—' when missing); the raw frame is what a CSV holds."""
    out = frame.copy()
    approx = frame["approx"] if "approx" in frame.columns else pd.Series("", index=frame.index)
    for column in numbers:
        out[column] = [
            format_count(None if pd.isna(v) else v, a, lang) for v, a in zip(frame[column], approx, strict=True)
        ]
    if "approx" in frame.columns:  # said beside the number now
        out = out.drop(columns="approx")
    for column in shares:
        out[column] = [format_share(None if pd.isna(v) else float(v), lang) for v in frame[column]]
    return out


def releases_text(
    values: list,
    source_ids: list,
    sources: pd.DataFrame,
    lang: str,
    approx: list | None = None,
    names: ReleaseNames | None = None,
) -> str:
    """Other releases of a figure, side by side: '5,716 – COMAR, via En Cambio Diario (2023)'; a figure the
    source rounds keeps its wording ('about 14,418 – ...'). `names`: the table's release names, if it keeps them."""
    names = names if names is not None else ReleaseNames(sources, lang)
    rounding = list(approx) if approx is not None and len(approx) == len(values) else [""] * len(values)
    return "; ".join(
        f"{format_count(value, rounded, lang)} – {names[source_id]}"
        for value, source_id, rounded in zip(values, source_ids, rounding, strict=True)
    )


def shown_release(
    source_id: str, tied: list, sources: pd.DataFrame, lang: str, names: ReleaseNames | None = None
) -> str:
    """The release a figure is shown from; where others of the same date give the same cell, both are named
    ('COMAR, via A (2023) — same date as COMAR, via B (2023); shown first by id')."""
    names = names if names is not None else ReleaseNames(sources, lang)
    name = names[source_id]
    if not tied:
        return name
    return t("release_tied", lang, release=name, others="; ".join(names[s] for s in tied))


def release_name(source_id: str, sources: pd.DataFrame, lang: str) -> str:
    """A release as readers know it, who produced the figures and who reported them: 'COMAR, via La Razón (2023-01)'."""
    row = _first_rows(sources, {source_id}).get(source_id)
    return source_id if row is None else source_attribution(row, lang)


def _first_rows(sources: pd.DataFrame, source_ids: set) -> dict[str, dict[str, object]]:
    """The first row of each of these source ids that `sources` has, as a dict of every column: the ids searched as
    one list and the rows read from the frame as one object array (a quarter of a millisecond), where a frame
    filter cost a millisecond a name."""
    positions: dict[str, int] = {}
    for position, source_id in enumerate(sources["source_id"].tolist()):
        if source_id in source_ids:
            positions.setdefault(source_id, position)
    if not positions:
        return {}
    columns, values = sources.columns.tolist(), sources.to_numpy(dtype=object)
    return {source: dict(zip(columns, values[at].tolist(), strict=True)) for source, at in positions.items()}


class ReleaseNames(dict):
    """`release_name` of each source id asked for, each made once: a table of many rows names few releases, and
    each name is a search of the sources."""

    def __init__(self, sources: pd.DataFrame, lang: str) -> None:
        super().__init__()
        self.sources, self.lang = sources, lang

    def __missing__(self, source_id: str) -> str:
        name = self[source_id] = release_name(source_id, self.sources, self.lang)
        return name

    def column(self, source_ids: Iterable[str]) -> list[str]:
        """The names of a column of source ids, in order (the sources searched once for all the new ids)."""
        ids = list(source_ids)
        new = set(ids) - set(self)
        rows = _first_rows(self.sources, new) if new else {}
        for source_id in new:  # an id the sources lack is named by itself, as `release_name` names it
            self[source_id] = source_attribution(rows[source_id], self.lang) if source_id in rows else source_id
        return [self[source_id] for source_id in ids]


def _part_names(level: str, parts: tuple[str, ...], office_names: dict[str, str], lang: str) -> str:
    if level == "office":
        return ", ".join(office_names.get(p, p) for p in parts)
    if level == "nationality":
        return ", ".join(country_name(p, lang) for p in parts)
    if level == "state":
        return ", ".join(state_name(p) for p in parts)
    return ", ".join(parts)


def basis_text(basis: str, summed: str, parts: tuple, covers: tuple, office_names: dict[str, str], lang: str) -> str:
    """How a figure was made, in words: 'published figure', 'sum of the state's offices (Tapachula, Palenque)',
    'Tapachula only; no figure for Palenque', 'sum of the nationalities in the release (Honduras, Cuba)'."""
    if basis == "total":
        return t("basis_total", lang)
    names = _part_names(summed, tuple(parts), office_names, lang)
    if summed == "office":
        if basis == "sum":
            return t("basis_sum_offices", lang, parts=names)
        missing = _part_names("office", tuple(sorted(set(covers) - set(parts))), office_names, lang)
        return (
            t("basis_partial_offices", lang, parts=names, missing=missing)
            if missing
            else t("basis_only_offices", lang, parts=names)
        )
    if summed == "nationality":
        return t("basis_sum_nationalities" if basis == "sum" else "basis_partial_nationalities", lang, parts=names)
    return t(
        "basis_sum_level",
        lang,
        level=t(f"level_{summed}", lang) if f"level_{summed}" in CATALOGUE else summed,
        parts=names,
    )


def _as_key(parts: object) -> object:
    """A list or array of codes as a tuple (hashable); anything else as it is."""
    return tuple(parts) if isinstance(parts, list | tuple | np.ndarray) else parts


def basis_column(frame: pd.DataFrame, office_names: dict[str, str], lang: str) -> list[str]:
    """`basis_text` of every row of a frame with basis, summed, parts and covers columns (each distinct row once)."""
    made: dict[tuple, str] = {}
    out = []
    for b, s, p, c in zip(frame["basis"], frame["summed"], frame["parts"], frame["covers"], strict=True):
        key = (b, s, _as_key(p), _as_key(c))
        if key not in made:
            made[key] = basis_text(b, s, p, c, office_names, lang)
        out.append(made[key])
    return out


def count_text(key: str, count: int, lang: str, **values: object) -> str:
    """A catalogue text with a count in it, in the singular where the count is one (key `<key>_one`)."""
    chosen = f"{key}_one" if count == 1 and f"{key}_one" in CATALOGUE else key
    return t(chosen, lang, count=format_number(count, lang), **values)


def area_table(areas: pd.DataFrame, offices: pd.DataFrame, sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The map's numbers as raw values: area, state, level, claims, share of the national total (0-1), how the
    figure was made, source, as-of, other releases of the same area."""
    office_names = dict(zip(offices["office_id"], offices["name"], strict=True))
    publishers = sources.set_index("source_id")
    names = ReleaseNames(sources, lang)
    return pd.DataFrame(
        {
            "area": [
                office_names.get(o, o) if level == "office" else state_name(s)
                for level, s, o in zip(areas["level"], areas["state"], areas["office"], strict=True)
            ],
            "state": [state_name(s) for s in areas["state"]],
            "level": [t(f"level_{level}", lang) for level in areas["level"]],
            "claims": areas["claims"].astype("int64"),
            "approx": areas["approx"].fillna("").astype(str),
            "share": areas["share"].astype("Float64"),
            "basis": basis_column(areas, office_names, lang),
            "source": names.column(areas["source"]),
            "as_of": [str(publishers["as_of"].get(s, "")) for s in areas["source"]],
            "other_releases": [
                releases_text(v, s, sources, lang, a, names)
                for v, s, a in zip(
                    areas["other_values"],
                    areas["other_sources"],
                    areas.get("other_approx", pd.Series([None] * len(areas), index=areas.index)),
                    strict=True,
                )
            ],
        }
    )


def change_counts(changes, lang: str) -> dict[str, object]:
    """Counts of a `changes.Changes`: added, removed, revised rows, and the new periods as labels."""
    added, labels = changes.added, []
    if "period_start" in added:
        new = added[added["period_start"].isin(changes.new_periods)].drop_duplicates(["period_start", "period_end"])
        new = new.sort_values(["period_end", "period_start"])
        labels = [period_label(s, e, lang) for s, e in zip(new["period_start"], new["period_end"], strict=True)]
    return {"added": len(added), "removed": len(changes.removed), "revised": len(changes.changed), "periods": labels}


def series_table(series: pd.DataFrame, sources: pd.DataFrame, offices: pd.DataFrame, lang: str) -> pd.DataFrame:
    """An office's (or state's) published figures over time (`queries.office_series`), raw values: period, kind,
    claims, how the figure was made, source, as-of."""
    return series_rows_table(as_records(series, [c for c in SERIES_COLUMNS if c != "level"]), sources, offices, lang)


def series_rows_table(rows: list[dict], sources: pd.DataFrame, offices: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`series_table` of the series as plain dicts (`queries.office_series_rows`): one frame made from lists, where
    a column read per cell of the series' frame cost milliseconds."""
    office_names = dict(zip(offices["office_id"].tolist(), offices["name"].tolist(), strict=True))
    return pd.DataFrame(
        {
            "period": [period_label(row["period_start"], row["period_end"], lang) for row in rows],
            "kind": [t(f"kind_{period_kind(row['period_start'], row['period_end'])}", lang) for row in rows],
            "claims": pd.array([row["claims"] for row in rows], dtype="int64"),
            "approx": pd.array(["" if pd.isna(row["approx"]) else str(row["approx"]) for row in rows], dtype="str"),
            "basis": [
                basis_text(row["basis"], row["summed"], row["parts"], row["covers"], office_names, lang) for row in rows
            ],
            "source": ReleaseNames(sources, lang).column(row["source"] for row in rows),
            "as_of": pd.array([row["as_of"] for row in rows], dtype="str"),
        }
    )


DEFINED_TERMS = (
    "claim",
    "asylum_seeker",
    "refugee",
    "complementary",
    "refugee_rate",
    "protection_rate",
    "closed",
    "cumulative",
    "total_marker",
)
GLOSSARY_TERMS = (
    "comar",
    "mirps",
    "gcr",
    "grf",
    "unhcr",
    "inm",
    "curp",
    "claim",
    "asylum_seeker",
    "refugee",
    "complementary",
    "closed",
)


def glossary(lang: str) -> pd.DataFrame:
    """The glossary: each term in Spanish and in English, with its meaning in the reader's language."""
    return pd.DataFrame(
        {
            "Español": [t(f"term_{k}", "es") for k in GLOSSARY_TERMS],
            "English": [t(f"term_{k}", "en") for k in GLOSSARY_TERMS],
            t("col_meaning", lang): [t(f"define_{k}", lang) for k in GLOSSARY_TERMS],
        }
    )


# The defined terms a reader of each dataset's figures needs (the README of "download what is shown").
DATASET_TERMS = {
    "claims": ("claim", "cumulative", "total_marker", "comar"),
    "refugees": ("refugee", "asylum_seeker", "complementary", "closed", "refugee_rate", "protection_rate", "unhcr"),
    "offices": ("comar",),
    "indicators": ("asylum_seeker", "refugee"),
    "pledges": ("gcr", "grf", "mirps"),
}


def defined_terms(datasets: list[str] | tuple[str, ...], lang: str) -> list[str]:
    """'Term: definition' for each term the figures of these datasets use, each once, in the reader's language."""
    terms = dict.fromkeys(term for dataset in datasets for term in DATASET_TERMS.get(dataset, ()))
    return [f"{t(f'term_{term}', lang)}: {t(f'define_{term}', lang)}" for term in terms]

"""What changed in an upload (the Overview and the Data page) and a dataset's version history, in words and tables."""

from __future__ import annotations

from typing import Any

import pandas as pd

from mirps_dash import words
from mirps_dash.codes import STATES, country_name
from mirps_dash.i18n import CATALOGUE, format_number, t
from mirps_dash.periods import period_label
from mirps_dash.safe import escape_markdown

MAX_CHANGED_FIGURES = 200  # rows of the "what changed" table; the words name the first CHANGES_IN_WORDS
CHANGES_IN_WORDS = 10


def change_summary(changes, dataset: str, lang: str) -> tuple[str, pd.DataFrame, pd.DataFrame]:
    """What the latest upload of a dataset changed (a `changes.Changes`): a sentence in Markdown with the counts,
    the figures that moved (raw, for `describe_figure_changes`) and the revised rows with translated headers."""
    counts: dict[str, Any] = words.change_counts(changes, lang)
    figures = changes.figures
    counts["revised"] = int((figures["before"].notna() & figures["after"].notna()).sum())
    text = t(
        "changes_summary",
        lang,
        dataset=t(f"changes_dataset_{dataset}", lang),
        **{name: format_number(value, lang) for name, value in counts.items() if name != "periods"},
        periods=escape_markdown(", ".join(counts["periods"]) or "—"),
    )
    return text, figures.head(MAX_CHANGED_FIGURES), words.label_columns(changes.changed, lang)


def _breakdown_label(row: dict, office_names: dict[str, str], lang: str) -> str:
    """Where a figure sits: 'national total', 'office Tapachula', 'office Tapachula × nationality Honduras'; a
    regional figure first names its country of asylum ('country of asylum Panama × nationality Venezuela')."""
    country = row.get("asylum_country") or ""
    if country:
        inner = {**row, "asylum_country": ""}
        place = t("changes_at_asylum_country", lang, name=country_name(country, lang))
        return place if not row["breakdown"] else f"{place} × {_breakdown_label(inner, office_names, lang)}"
    if not row["breakdown"]:
        return t("changes_at_national", lang)
    names = {
        "state": lambda code: STATES.get(code, code),
        "office": lambda code: office_names.get(code, code),
        "nationality": lambda code: country_name(code, lang),
    }
    return " × ".join(t(f"changes_at_{d}", lang, name=names.get(d, str)(row[d])) for d in row["breakdown"].split("+"))


def _figure_changes(figures: pd.DataFrame, sources: pd.DataFrame, offices: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The figures that moved, raw: release, period, figure, breakdown in words, before and after as numbers."""
    office_names = dict(zip(offices["office_id"], offices["name"], strict=True))
    return pd.DataFrame(
        {
            "release": words.ReleaseNames(sources, lang).column(figures["source"]),
            "period": [
                period_label(s, e, lang) for s, e in zip(figures["period_start"], figures["period_end"], strict=True)
            ],
            "figure": [
                t(f"figure_{name}", lang) if f"figure_{name}" in CATALOGUE else name for name in figures["figure"]
            ],
            "breakdown": [_breakdown_label(row, office_names, lang) for row in figures.to_dict("records")],
            "before": _as_numbers(figures["before"]),
            "after": _as_numbers(figures["after"]),
        }
    )


def _as_numbers(values: pd.Series) -> pd.api.extensions.ExtensionArray:
    """Values as numbers for a CSV: whole numbers as integers (118478, not 118478.0), empty where missing."""
    numbers = pd.to_numeric(values, errors="coerce").astype("Float64")
    whole = bool(((numbers.round() == numbers) | numbers.isna()).all())
    return (numbers.round().astype("Int64") if whole else numbers).array


def figure_changes_csv(figures: pd.DataFrame, sources: pd.DataFrame, offices: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The "what changed" table as its CSV holds it: before and after as numbers (empty where new or gone), the
    release's source id and the period's dates beside their names, headers in the reader's language."""
    if figures.empty:
        return pd.DataFrame()
    raw = _figure_changes(figures, sources, offices, lang).assign(
        source_id=figures["source"].to_numpy(),
        period_start=figures["period_start"].to_numpy(),
        period_end=figures["period_end"].to_numpy(),
    )
    return words.label_columns(raw, lang)


def describe_figure_changes(
    figures: pd.DataFrame, sources: pd.DataFrame, offices: pd.DataFrame, lang: str
) -> tuple[str, pd.DataFrame]:
    """The figures that moved, in words (a Markdown list of the first few) and as a small table, each named by
    its release, period and breakdown, before → after ('—' where it is new or gone); values are text."""
    if figures.empty:
        return "", pd.DataFrame()
    table = _figure_changes(figures, sources, offices, lang)
    table = table.assign(
        before=[format_number(None if pd.isna(v) else v, lang) for v in figures["before"]],
        after=[format_number(None if pd.isna(v) else v, lang) for v in figures["after"]],
    )
    lines = [
        t("changes_figure", lang, **{str(k): escape_markdown(str(v)) for k, v in row.items()})
        for row in table.head(CHANGES_IN_WORDS).to_dict("records")
    ]
    if len(table) > CHANGES_IN_WORDS:
        lines.append(words.count_text("changes_more", len(table) - CHANGES_IN_WORDS, lang))
    in_words = t("changes_figures_lead", lang) + "\n\n" + "\n".join(f"- {line}" for line in lines)
    return in_words, words.label_columns(table, lang)


HISTORY_HEADERS = (
    "col_version",
    "col_when",
    "col_by",
    "col_file",
    "col_rows",
    "col_mode",
    "col_sources",
    "col_unit",
    "col_current",
)


def version_history_table(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A dataset's versions (`service.version_history`) as the Data page lists them: units and headers in the
    reader's language."""
    units = history["units"].map(lambda text: ", ".join(t(f"unit_{unit}", lang) for unit in text.split(", ") if unit))
    return history.assign(units=units).set_axis([t(h, lang) for h in HISTORY_HEADERS], axis=1)

"""What the views share: a chart with its table, sentence and sources, and the frames several views read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import pandas as pd

from mirps_dash import pledges as pl
from mirps_dash import queries as q
from mirps_dash import region as rg


@dataclass(frozen=True)
class ChartView:
    """A chart, the same numbers as a table, a one-sentence summary, and the source ids behind it."""

    figure: Any  # an ECharts option dict (`charts`), or a plotly figure for a map (`maps`)
    table: pd.DataFrame  # formatted for the reader's language
    summary: str
    sources: tuple[str, ...]
    csv: pd.DataFrame | None = None  # the same numbers as raw values, for the CSV download (else `table`)


@dataclass(frozen=True)
class TableView:
    """A table without a chart: formatted for reading, its raw values for the CSV, a sentence, its sources."""

    table: pd.DataFrame  # formatted for the reader's language
    csv: pd.DataFrame  # raw values, headers in the reader's language
    summary: str
    sources: tuple[str, ...]


# Frames derived from datasets that several views read, by name: ui.view passes each as the parameter of that
# name and keeps it once per version of its datasets (a 1M-row scan runs once per publish, not per filter).
DERIVED_FRAMES: dict[str, tuple[Callable[..., pd.DataFrame], tuple[str, ...]]] = {
    "claim_areas": (q.area_figures, ("claims", "offices")),
    "national_totals": (q.national_totals, ("claims",)),
    "unhcr_claims": (q.unhcr_by_nationality, ("claims",)),
    "unhcr_refugees": (q.unhcr_by_nationality, ("refugees",)),
    "monthly_claims": (q.monthly_claims, ("claims", "sources")),
    "national_figures": (q.national_figures, ("claims",)),
    "nationality_figures": (q.nationality_figures, ("claims", "offices")),
    "searchable_pledges": (pl.prepare_pledges, ("pledges",)),
    "region_years": (rg.state_years, ("region", "sources")),
    "region_releases": (rg.one_release, ("region", "sources")),
    # UNHCR's national figure per year (queries.unhcr_yearly): the Overview's and Trends' headlines and notes
    "yearly_claims": (partial(q.unhcr_yearly, value="claims"), ("claims",)),
    "yearly_refugees": (partial(q.unhcr_yearly, value="refugees"), ("refugees",)),
    "yearly_asylum_seekers": (partial(q.unhcr_yearly, value="asylum_seekers"), ("refugees",)),
    "yearly_recognized": (partial(q.unhcr_yearly, value="recognized"), ("refugees",)),
}
YEARLY_FIGURES = ["yearly_claims", "yearly_refugees", "yearly_asylum_seekers", "yearly_recognized"]


def derive_frames(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The datasets given and every derived frame they make (for tests and the CLI; the app's ui keeps each)."""
    out = dict(frames)
    for name, (make, inputs) in DERIVED_FRAMES.items():
        if all(dataset in frames for dataset in inputs):
            out[name] = make(*(frames[dataset] for dataset in inputs))
    return out

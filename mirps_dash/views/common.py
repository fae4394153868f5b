"""What the views share: a chart with its table, sentence and sources, and the frames several views read."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from functools import cache, partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from mirps_dash import pledges as pl
from mirps_dash import queries as q
from mirps_dash import region as rg
from mirps_dash.aggregate import releases_of

Tables = Callable[[], tuple[pd.DataFrame, pd.DataFrame | None]]  # (table, csv), made when first read


class _Tables:
    """A view's table and CSV, given as frames or as a function (`tables`) that makes them the first time either is
    read: most runs never open a table or download its file, and building the two frames was most of a new filter
    value's cost. `table` is formatted for the reader's language; `csv` holds the same numbers as raw values, for
    the CSV download (None: `table` is the file). Views are shared by every session: never changed."""

    def __init__(self, table: pd.DataFrame | None, csv: pd.DataFrame | None, tables: Tables | None) -> None:
        if (table is None) == (tables is None):
            raise TypeError(f"a {type(self).__name__} needs its table, or the function that makes it, not both")
        self._tables = tables
        self._made: tuple[pd.DataFrame, pd.DataFrame | None] | None = None if table is None else (table, csv)

    def _both(self) -> tuple[pd.DataFrame, pd.DataFrame | None]:
        if self._made is None:
            self._made = self._tables()  # type: ignore[misc]  # set whenever _made is None
        return self._made

    @property
    def table(self) -> pd.DataFrame:
        return self._both()[0]

    @property
    def csv(self) -> pd.DataFrame | None:
        return self._both()[1]

    def csv_file(self) -> pd.DataFrame:
        """The frame of the CSV download: raw values, or the table when the view has none."""
        table, csv = self._both()
        return table if csv is None else csv


class ChartView(_Tables):
    """A chart, the same numbers as a table, a one-sentence summary, and the source ids behind it."""

    def __init__(
        self,
        figure: Any,  # an ECharts option dict (`charts`), or a map (`maps`)
        table: pd.DataFrame | None = None,
        summary: str = "",
        sources: tuple[str, ...] = (),
        csv: pd.DataFrame | None = None,
        *,
        tables: Tables | None = None,
    ) -> None:
        super().__init__(table, csv, tables)
        self.figure, self.summary, self.sources = figure, summary, tuple(sources)


class TableView(_Tables):
    """A table without a chart: formatted for reading, its raw values for the CSV, a sentence, its sources."""

    def __init__(
        self,
        table: pd.DataFrame | None = None,
        csv: pd.DataFrame | None = None,
        summary: str = "",
        sources: tuple[str, ...] = (),
        *,
        tables: Tables | None = None,
    ) -> None:
        super().__init__(table, csv, tables)
        self.summary, self.sources = summary, tuple(sources)


# The datasets whose freshness line (ui.data_freshness) and latest changes (the Overview) pages show.
FRESHNESS_DATASETS = ("claims", "refugees", "region")
CHANGED_DATASETS = ("claims", "refugees")

# Frames derived from datasets that several views read, by name: ui.view passes each as the parameter of that
# name and keeps it once per version of its datasets (a 1M-row scan runs once per publish, not per filter).
DERIVED_FRAMES: dict[str, tuple[Callable[..., pd.DataFrame], tuple[str, ...]]] = {
    "claim_areas": (q.area_figures, ("claims", "offices")),
    "national_totals": (q.national_totals, ("claims",)),
    "claims_by_year": (q.national_claims_by_year, ("claims",)),  # Trends' year range
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
    # each release (source, unit, period) a dataset holds, once: what its freshness line reads (ui.data_freshness)
    **{f"releases_of_{dataset}": (releases_of, (dataset,)) for dataset in FRESHNESS_DATASETS},
}
YEARLY_FIGURES = ["yearly_claims", "yearly_refugees", "yearly_asylum_seekers", "yearly_recognized"]


def derived_inputs(name: str, versions: Mapping[str, int | None]) -> dict[str, int] | None:
    """The versions a derived frame is made from, as the store keys it; None when one of them has no version."""
    datasets = DERIVED_FRAMES[name][1]
    inputs = {dataset: version for dataset in datasets if (version := versions.get(dataset)) is not None}
    return inputs if len(inputs) == len(datasets) else None


@cache
def derived_recipe() -> str:
    """What a stored derived frame is keyed on besides its inputs' versions: a digest of this package's source
    and of numpy's, pandas' and pyarrow's versions. A release that makes a frame otherwise (a fix in queries,
    aggregate or anything they call) then never reads a frame an older release stored; it makes its own."""
    digest = hashlib.sha256(f"numpy {np.__version__} pandas {pd.__version__} pyarrow {pa.__version__}".encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:32]


def derive_frames(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The datasets given and every derived frame they make (for tests and the CLI; the app's ui keeps each)."""
    out = dict(frames)
    for name, (make, inputs) in DERIVED_FRAMES.items():
        if all(dataset in frames for dataset in inputs):
            out[name] = make(*(frames[dataset] for dataset in inputs))
    return out

"""What every page shows, one module per page, computed from the canonical frames: charts with their table,
sentence and caption (`common.ChartView`), in the reader's language.

Pure functions, frames and filter values in, a view out. `ui.view` passes each frame to the parameter of its name
(a dataset, or one of `common.DERIVED_FRAMES`), caches each view per (data versions, arguments) and shares it
between sessions, so a rerun with filters seen before costs a lookup instead of pandas work and plotly
validation: a view is never changed after it is made. Pages call them as `views.<name>`.
"""

from mirps_dash.views.about import (
    AboutTables,
    about_tables,
)
from mirps_dash.views.arrivals import (
    ArrivalsView,
    OfficeSeries,
    Periods,
    Releases,
    arrivals_periods,
    arrivals_releases,
    arrivals_view,
    office_series,
)
from mirps_dash.views.common import (
    DERIVED_FRAMES,
    ChartView,
    derive_frames,
)
from mirps_dash.views.data import (
    CHANGES_IN_WORDS,
    HISTORY_HEADERS,
    MAX_CHANGED_FIGURES,
    change_summary,
    describe_figure_changes,
    version_history_table,
)
from mirps_dash.views.overview import (
    JUNE_2020_CELLS,
    JUNE_2020_STOCKS,
    KEY_FIGURES,
    context_text,
    format_percent_as_given,
    june_2020_text,
    key_figures,
    overview_trend,
    unhcr_yearly,
)
from mirps_dash.views.pledges import (
    PledgeDetail,
    PledgesView,
    make_count_chart,
    make_indicator_chart,
    pledge_detail,
    pledge_indicator,
    pledges_filter_options,
    pledges_filtered,
    pledges_shown_files,
    pledges_view,
)
from mirps_dash.views.regional import (
    RANKED_FIGURES,
    RegionalChoices,
    mexico_in_region,
    regional_choices,
    regional_claims_trend,
    regional_map,
    regional_origins,
    regional_ranking,
    regional_rates,
)
from mirps_dash.views.trends import (
    TrendsChoices,
    trends_choices,
    trends_claims,
    trends_decisions,
    trends_monthly,
    trends_office,
    trends_population,
    trends_rate,
)

__all__ = [
    "CHANGES_IN_WORDS",
    "DERIVED_FRAMES",
    "HISTORY_HEADERS",
    "JUNE_2020_CELLS",
    "JUNE_2020_STOCKS",
    "KEY_FIGURES",
    "MAX_CHANGED_FIGURES",
    "RANKED_FIGURES",
    "AboutTables",
    "ArrivalsView",
    "ChartView",
    "OfficeSeries",
    "Periods",
    "PledgeDetail",
    "PledgesView",
    "RegionalChoices",
    "Releases",
    "TrendsChoices",
    "about_tables",
    "arrivals_periods",
    "arrivals_releases",
    "arrivals_view",
    "change_summary",
    "context_text",
    "derive_frames",
    "describe_figure_changes",
    "format_percent_as_given",
    "june_2020_text",
    "key_figures",
    "make_count_chart",
    "make_indicator_chart",
    "mexico_in_region",
    "office_series",
    "overview_trend",
    "pledge_detail",
    "pledge_indicator",
    "pledges_filter_options",
    "pledges_filtered",
    "pledges_shown_files",
    "pledges_view",
    "regional_choices",
    "regional_claims_trend",
    "regional_map",
    "regional_origins",
    "regional_ranking",
    "regional_rates",
    "trends_choices",
    "trends_claims",
    "trends_decisions",
    "trends_monthly",
    "trends_office",
    "trends_population",
    "trends_rate",
    "unhcr_yearly",
    "version_history_table",
]

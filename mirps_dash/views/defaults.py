"""What each page shows before anyone picks a filter: its default filter values, named once, and the views the
page asks `ui.view` for with them (in one language).

The pages take their widgets' defaults from here, and the warm-up (`ui.start_warming`) calls `DEFAULT_VIEWS`
when a data version appears, so the first visit after a publish finds every default view already made. Each
`<page>_defaults` function makes the same `view(function, datasets, *args)` calls as its page does with no
filter chosen (tests/test_warmup.py opens every page after a warm-up and checks that nothing more is computed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mirps_dash import pledges as pl
from mirps_dash.maps import DISPLAY_COUNTRIES_URL, DISPLAY_SHAPES_URL
from mirps_dash.views import about, arrivals, overview, pledges, regional, trends
from mirps_dash.views.common import YEARLY_FIGURES

ViewCall = Callable[..., Any]  # ui.view's signature: view(function, datasets, *args) -> the view

TRENDS_FIRST_YEAR = 2013  # the year range starts here (or at the first UNHCR year, if later)
TRENDS_TOP_N = 5  # nationalities shown by name, the others summed
TRENDS_RATE = "refugee_rate"
REGIONAL_FOCUS = "MEX"  # the state in focus on the regional page
REGIONAL_FIGURE = "claims"  # the figure the regional map shows
PLEDGES_SOURCE = "compiled-pledges"  # the source id of the compiled pledges


def trends_years(choices: trends.TrendsChoices) -> tuple[int, int]:
    """The Trends year range shown first: from 2013 (or the first year) to the last."""
    return (max(choices.first_year, TRENDS_FIRST_YEAR), choices.last_year)


def other_language(lang: str) -> str:
    """The language a page also labels its choices in (an old link may hold labels in either)."""
    return "en" if lang == "es" else "es"


def overview_defaults(view: ViewCall, lang: str) -> None:
    view(overview.key_figures, YEARLY_FIGURES, lang)
    view(overview.unhcr_national_note, YEARLY_FIGURES, lang)
    view(regional.mexico_in_region, ["region_years"], lang)
    view(overview.overview_trend, YEARLY_FIGURES[:3], lang)
    view(overview.june_2020_text, ["refugees", "indicators"], lang)
    view(overview.context_text, ["yearly_claims"], lang)


def arrivals_defaults(view: ViewCall, lang: str) -> None:
    periods = view(arrivals.arrivals_periods, ["claim_areas"], lang)
    view(arrivals.arrivals_periods, ["claim_areas"], other_language(lang))
    if periods.default is None:
        return
    period = periods.frame.loc[periods.default]
    start, end = period["period_start"], period["period_end"]
    releases = view(arrivals.arrivals_releases, ["claim_areas", "national_totals", "sources"], start, end, lang)
    view(arrivals.arrivals_releases, ["claim_areas", "national_totals", "sources"], start, end, other_language(lang))
    release = releases.keys[0] if releases.keys else None
    datasets = ["claim_areas", "national_totals", "sources", "offices"]
    view(arrivals.arrivals_view, datasets, start, end, release, DISPLAY_SHAPES_URL, lang)


def trends_defaults(view: ViewCall, lang: str) -> None:
    choices = view(trends.trends_choices, ["claims_by_year", "offices", "claim_areas", "unhcr_claims"])
    if choices is None:
        return
    years, nations = trends_years(choices), ()
    view(trends.trends_claims, ["unhcr_claims"], years, TRENDS_TOP_N, nations, lang)
    view(overview.unhcr_national_note, YEARLY_FIGURES, lang)
    view(trends.trends_monthly, ["monthly_claims", "sources"], years, lang)
    view(trends.trends_national, ["national_figures", "sources"], lang)
    view(trends.trends_nationalities, ["nationality_figures", "sources"], lang)
    view(trends.trends_decisions, ["unhcr_refugees"], years, nations, lang)
    view(trends.trends_rate, ["unhcr_refugees"], years, nations, TRENDS_RATE, lang)
    view(trends.trends_population, ["unhcr_refugees"], years, nations, lang)


def regional_defaults(view: ViewCall, lang: str) -> None:
    choices = view(regional.regional_choices, ["region_years"])
    if choices is None:
        return
    year, focus = choices.default_year, REGIONAL_FOCUS
    view(regional.regional_map, ["region_years"], year, REGIONAL_FIGURE, focus, DISPLAY_COUNTRIES_URL, lang)
    for value in ("claims", "refugees", "asylum_seekers"):
        view(regional.regional_ranking, ["region_years"], year, focus, value, lang)
    view(regional.regional_claims_trend, ["region_years"], focus, lang)
    view(regional.regional_rates, ["region_years"], year, focus, lang)
    view(regional.regional_origins, ["region_releases", "sources"], focus, year, lang)


def pledges_defaults(view: ViewCall, lang: str) -> None:
    view(pledges.pledges_filter_options, ["pledges"])
    view(pledges.pledges_view, ["searchable_pledges"], pl.PledgeSelection(), PLEDGES_SOURCE, lang)
    view(pledges.pledges_source, ["sources"], PLEDGES_SOURCE)


def about_defaults(view: ViewCall, lang: str) -> None:
    view(about.about_tables, ["sources"], lang)


# Every public page's default views, by its file in pages/ (the Data page is for staff, and filters nothing).
DEFAULT_VIEWS: dict[str, Callable[[ViewCall, str], None]] = {
    "overview": overview_defaults,
    "arrivals": arrivals_defaults,
    "trends": trends_defaults,
    "regional": regional_defaults,
    "pledges": pledges_defaults,
    "about": about_defaults,
}

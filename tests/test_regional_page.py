"""AppTest stories for the regional page (the seven MIRPS states) and the Overview's line on Mexico in the region."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mirps_dash.i18n import t
from tests.shown_charts import (
    chart_alts,
    charts_shown,
    figures,
    map_alts,
    map_outlined,
    map_specs,
    open_table_views,
    titled,
)
from tests.test_app import open_app
from tests.test_links import open_page, open_section, params
from tests.test_officials_pages import texts


@pytest.fixture(autouse=True)
def own_store(sqlite_env: Path) -> Path:
    return sqlite_env


def map_spec(at: AppTest) -> dict:
    """The page's map (drawn for a wide column and a phone's; its charts are Vega-Lite too, without a projection)."""
    wide, phone = map_specs(at)
    assert wide["layer"] == phone["layer"]
    return wide


@pytest.mark.parametrize(
    ("lang", "title", "line", "caption"),
    [
        ("es", "Región MIRPS", "Solicitudes de asilo, 2025: la cifra mayor es la de México", "Made with Natural Earth"),
        ("en", "MIRPS region", "Asylum claims, 2025: Mexico has the largest figure", "Made with Natural Earth"),
    ],
)
def test_the_regional_page_opens_on_mexico_in_the_latest_year(lang: str, title: str, line: str, caption: str) -> None:
    at = open_page("pages/regional.py", lang=lang)
    shown = texts(at)
    assert at.title[0].value == title and line in shown and caption in shown
    assert at.selectbox(key="regional_focus").value == "MEX" and at.selectbox(key="regional_year").value == 2025
    spec = map_spec(at)
    assert map_outlined(spec) == ["MEX"]  # Mexico outlined by default
    assert spec["layer"][0]["data"]["url"] == "app/static/mirps_countries.geojson"
    assert "regional_focus" not in params(at) and "regional_section" not in params(at)  # the default view: none
    # a first visit draws the map (wide and phone) and the first section's chart, the claims ranking; each carries
    # its sentence as alt text, and its table, CSV and images
    alts = [*chart_alts(at), *map_alts(at)]
    assert all(alts) and any(line in alt for alt in alts)
    assert not at.get("echarts_chart") and len(alts) == 2 + 1  # one engine: Vega-Lite draws the charts and the map
    keys = {button.key for button in open_table_views(at).download_button}
    assert {
        f"{chart}_{kind}" for chart in ("regional_map", "regional_claims") for kind in ("csv", "svg", "png")
    } <= keys
    assert len(at.dataframe) == 2


SECTION_CHARTS = {
    "claims": ["regional_claims"],
    "trend": ["regional_trend"],
    "rates": ["regional_rates"],
    "population": ["regional_refugees", "regional_asylum_seekers"],
    "origins": ["regional_origins"],
}


@pytest.mark.parametrize("section", list(SECTION_CHARTS))
def test_each_section_s_charts_carry_their_sentence_and_a_table_view(section: str) -> None:
    at = open_page("pages/regional.py", lang="en", regional_section=section)
    alts = chart_alts(at)
    assert len(alts) == len(SECTION_CHARTS[section]) and len(map_alts(at)) == 2  # the map stays above the tabs
    shown = texts(at)
    assert all(alt and alt in shown for alt in alts)  # the alt text is the sentence under the chart
    assert charts_shown(at) == {"regional_map", *SECTION_CHARTS[section]}  # no other section's chart
    keys = {button.key for button in at.download_button}
    assert {f"{chart}_csv" for chart in ["regional_map", *SECTION_CHARTS[section]]} <= keys  # each table's CSV
    assert len(at.dataframe) == 1 + len(SECTION_CHARTS[section])  # each chart's table, in its opened table view


@pytest.mark.parametrize(
    ("lang", "focus_text", "rate_text"),
    [
        (
            "es",
            "Guatemala: 1,373 personas, lugar 3 de 6 países que cuentan personas.",
            "Guatemala: 69.5 % (condición de refugiado)",
        ),
        (
            "en",
            "Guatemala: 1,373 persons, place 3 of 6 countries counting persons.",
            "Guatemala: 69.5 % (refugee status)",
        ),
    ],
)
def test_another_focus_state_from_the_address_code(lang: str, focus_text: str, rate_text: str) -> None:
    at = open_page("pages/regional.py", lang=lang, regional_focus="gtm")
    assert at.selectbox(key="regional_focus").value == "GTM"
    assert focus_text in texts(at)  # the claims ranking, the first section
    assert map_outlined(map_spec(at)) == ["GTM"]
    assert params(at)["regional_focus"] == ["gtm"]
    open_section(at, "regional_section", "rates")
    assert rate_text in texts(at) and at.selectbox(key="regional_focus").value == "GTM"
    assert params(at)["regional_focus"] == ["gtm"] and map_outlined(map_spec(at)) == ["GTM"]


def test_rates_are_drawn_only_for_complete_state_years() -> None:
    at = open_page("pages/regional.py", lang="en", regional_year="2024", regional_section="rates")
    rates = titled(at, "recognition rates")
    drawn = {label for series in figures(rates).values() for label, value in series.items() if value is not None}
    assert drawn == {"Costa Rica", "Mexico", "Guatemala", "Panama"}
    weight = rates["encoding"]["y"]["axis"]["labelFontWeight"]  # the focus state's name in bold
    assert weight == {"condition": {"test": 'datum.value === "Mexico"', "value": "bold"}, "value": "normal"}
    shown = texts(at)
    assert "Rates in 2024: Costa Rica: 81.1 % (refugee status)" in shown and "Mexico: 73.9 % (refugee status)" in shown
    # no rejections reported: a rate would read 100 %; no complementary protection where Belize reports it elsewhere
    assert "El Salvador (no rejections reported); Honduras (no rejections reported)" in shown
    assert "Belize (no complementary protection reported)" in shown


def test_a_focus_state_counted_in_cases_is_named_with_its_unit() -> None:
    at = open_page("pages/regional.py", lang="en", regional_focus="pan", regional_year="2023")
    shown = texts(at)
    assert "Panama counts cases, not persons: 357 cases." in shown
    assert "leaving out Panama (counts cases: 357 cases)" in shown


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("es", "México recibió 78,966 de las"),
        ("en", "Mexico received 78,966 of the"),
    ],
)
def test_the_overview_places_mexico_in_the_region(lang: str, line: str) -> None:
    at = open_app(lang=lang)
    shown = texts(at)
    assert line in shown and ("en 2024" in shown or "in 2024" in shown)


@pytest.mark.parametrize(
    ("lang", "given", "line"),
    [
        ("es", {}, "País destacado: México · Año 2025"),
        ("en", {"regional_focus": "gtm", "regional_year": "2023"}, "Country in focus: Guatemala · Year 2023"),
    ],
)
def test_the_filters_sit_in_one_popover_and_the_line_under_it_names_them(lang: str, given: dict, line: str) -> None:
    """The state in focus and the year are behind one "Filters" control (a first visit draws the map, not two
    selectboxes), so the line under it says what they hold, in the reader's language."""
    at = open_page("pages/regional.py", lang=lang, **given)
    popover = next(block for block in at.main.children.values() if getattr(block, "type", "") == "popover")
    assert popover.proto.popover.label == t("filters", lang)
    assert {box.key for box in popover.get("selectbox")} == {"regional_focus", "regional_year"}
    assert line in [caption.value.replace("\\", "") for caption in at.caption]  # as read: Markdown's escapes off


def test_the_focus_state_is_chosen_with_no_warning_from_streamlit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Mexico, the default, is not the first state: the selectbox used to get its index beside the session state's
    value, and Streamlit logged a warning about it on every run."""
    # Streamlit internal: the policy warning is only logged (streamlit.elements.lib.policies), never shown
    from streamlit.elements.lib import policies

    warned: list[str] = []
    # Streamlit internal: its module logger (policies._LOGGER), the one place to hear the warning
    monkeypatch.setattr(policies._LOGGER, "warning", lambda message, *args, **kwargs: warned.append(message % args))
    at = open_page("pages/regional.py", lang="en")
    at.selectbox(key="regional_focus").set_value("GTM").run()
    assert at.selectbox(key="regional_focus").value == "GTM" and params(at)["regional_focus"] == ["gtm"]
    at.selectbox(key="regional_focus").set_value("MEX").run()
    assert at.selectbox(key="regional_focus").value == "MEX" and "regional_focus" not in params(at)
    assert warned == []

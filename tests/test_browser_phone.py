"""Real browser at a phone's size (390 x 844), in es-MX and en-US where the language changes what is shown, every
request to another host blocked: each page fits the screen's width, the Arrivals map shows all 32 states, legends
leave the plot alone, the filters sit behind a labelled control, and the keyboard focus can be seen."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from PIL import Image

from tests.browser import new_page, other_hosts, wait_for_app

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PAGES = ["overview", "arrivals", "trends", "pledges", "about", "data"]
FOCUS_BLUE = "rgb(0, 114, 188)"
LOCALES = ["es-MX", "en-US"]
# what each browser language shows: the texts a reader looks for, and the month names of a monthly axis
WORDS = {
    "es-MX": {
        "map_2022": "Solicitudes por oficina y estado: 2022",
        "filters": "Filtros",
        "years": "Años",
        "months": {"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "sep", "oct", "nov", "dic"},
    },
    "en-US": {
        "map_2022": "Claims by office and state: 2022",
        "filters": "Filters",
        "years": "Years",
        "months": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
    },
}


def phone_page(chromium, app_server, path: str, locale: str = "es-MX"):
    """A page at 390 x 844 in the browser's language `locale`; requests to other hosts blocked (`other_hosts`)."""
    page = new_page(chromium, locale, viewport=PHONE)
    page.goto(app_server.url + path)
    wait_for_app(page)
    return page


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None, "element not drawn"
    return found


def overlap(a: dict, b: dict) -> bool:
    """Whether two boxes (x, y, width, height) share more than a pixel."""
    return (
        min(a["x"] + a["width"], b["x"] + b["width"]) - max(a["x"], b["x"]) > 1
        and min(a["y"] + a["height"], b["y"] + b["height"]) - max(a["y"], b["y"]) > 1
    )


def widest_overflow(page) -> list:
    """The page's and Streamlit's main scroller's width against the screen's, after the run has drawn."""
    return page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        return [document.documentElement.scrollWidth, window.innerWidth,
                main ? main.scrollWidth : 0, main ? main.clientWidth : 0];
    }""")


@pytest.mark.parametrize("locale", LOCALES)  # labels, titles and sentences differ in length
@pytest.mark.parametrize("name", PAGES)
def test_every_page_fits_a_phone_s_width(app_server, chromium, name: str, locale: str) -> None:
    page = phone_page(chromium, app_server, f"/{name}", locale)
    page.locator("h1").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)  # charts and tables size themselves after the run
    for expander in page.get_by_test_id("stExpander").all():  # tables inside closed expanders count too
        summary = expander.locator("summary")
        if expander.locator("details").get_attribute("open") is None:
            summary.click()
    page.wait_for_timeout(1000)
    page_width, screen, main_width, main_client = widest_overflow(page)
    assert page_width <= screen, f"{name} ({locale}): the page is {page_width} px wide on a {screen} px screen"
    assert main_width <= main_client, (
        f"{name} ({locale}): the main column scrolls sideways ({main_width} > {main_client} px)"
    )
    assert other_hosts(page) == []
    page.context.close()


def state_pixels(png: bytes) -> np.ndarray:
    """Where a screenshot of the map shows a state (grey fill, its borders, or the blues of shaded states)."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
    grey = np.abs(pixels - np.array([0xEE, 0xEE, 0xEE])).sum(axis=2) < 12
    blue = (pixels[:, :, 2] - pixels[:, :, 0] > 40) & (pixels[:, :, 0] < 120)  # shaded states, never an office point
    return grey | blue


@pytest.mark.parametrize("locale", LOCALES)  # the colour bar's title and the office names' language differ
def test_the_arrivals_map_shows_all_32_states_on_a_phone(app_server, chromium, locale: str) -> None:
    # 2022: Tijuana (Baja California) and Cancún (Quintana Roo) both have offices; at the desktop zoom a phone saw
    # neither Baja California nor Chiapas (Tapachula, the largest figure)
    page = phone_page(chromium, app_server, "/arrivals?arrivals_period=2022", locale)
    page.get_by_text(WORDS[locale]["map_2022"]).wait_for(timeout=30_000)
    plot = page.locator(".js-plotly-plot:visible")
    plot.first.wait_for(timeout=30_000)
    assert plot.count() == 1  # the map made for the column's width, the other hidden
    canvas = plot.locator("canvas.maplibregl-canvas")
    canvas.wait_for(timeout=30_000)
    canvas.scroll_into_view_if_needed()
    page.wait_for_timeout(2000)  # MapLibre draws the shapes after it loads them
    map_box = box(canvas)
    assert map_box["width"] >= 0.85 * PHONE["width"]
    shown = state_pixels(canvas.screenshot(path=f"/tmp/phone-arrivals-map-{locale}.png"))
    rows, columns = np.nonzero(shown)
    height, width = shown.shape
    assert shown.mean() > 0.05  # the states are drawn (a third of the box around Mexico is sea)
    # all of Mexico inside the map, clear of every edge: Baja California at the left, Quintana Roo at the right,
    # Chiapas at the bottom
    assert columns.min() >= 2 and columns.max() <= width - 3, (columns.min(), columns.max(), width)
    assert rows.min() >= 2 and rows.max() <= height - 3, (rows.min(), rows.max(), height)
    assert columns.max() - columns.min() >= 0.7 * width  # as wide as a 320 px phone allows, not a speck
    assert other_hosts(page) == []
    page.context.close()


@pytest.mark.parametrize("locale", LOCALES)  # a legend's width is its labels' in the reader's language
@pytest.mark.parametrize(("path", "charts"), [("/trends", 4), ("/overview", 1), ("/arrivals?arrivals_period=2022", 1)])
def test_legends_leave_the_plot_and_the_toolbar_alone(
    app_server, chromium, path: str, charts: int, locale: str
) -> None:
    page = phone_page(chromium, app_server, path, locale)
    plots = page.locator(".js-plotly-plot:visible")
    plots.nth(charts - 1).wait_for(timeout=30_000)
    checked = 0
    for plot in plots.all():
        plot.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        legend = plot.locator(".legend")
        if legend.count() == 0:
            continue
        area = plot.locator(".nsewdrag, .maplibregl-map").first  # a chart's plot area, or a map's
        legend_box, area_box = box(legend.first), box(area)
        assert not overlap(legend_box, area_box), (path, locale, legend_box, area_box)
        plot.hover()  # plotly shows its toolbar on hover
        toolbar = plot.locator(".modebar")
        if toolbar.count():
            assert not overlap(legend_box, box(toolbar.first)), (path, legend_box, box(toolbar.first))
        checked += 1
    assert checked >= 1
    page.context.close()


@pytest.mark.parametrize("locale", LOCALES)
def test_the_trends_filters_are_behind_a_labelled_control_at_the_top(app_server, chromium, locale: str) -> None:
    words = WORDS[locale]
    page = phone_page(chromium, app_server, "/trends", locale)
    filters = page.get_by_test_id("stExpander").filter(has_text=words["filters"]).first
    summary = filters.locator("summary")
    summary.wait_for(timeout=30_000)
    assert summary.inner_text().strip().endswith(words["filters"])
    assert box(summary)["y"] < PHONE["height"]  # on the first screen, not behind the sidebar's "»"
    years = page.get_by_test_id("stSlider").filter(has_text=words["years"])
    years.wait_for(state="visible", timeout=30_000)  # open at first: the run draws the slider after the summary
    summary.click()
    years.wait_for(state="hidden", timeout=10_000)
    summary.click()
    years.wait_for(state="visible", timeout=10_000)
    page.context.close()


def tick_texts(plot) -> list[str]:
    """The x axis's tick labels as drawn (SVG text)."""
    return plot.locator(".xtick text").evaluate_all("texts => texts.map(t => t.textContent)")


@pytest.mark.parametrize("locale", LOCALES)  # each language groups thousands its own way ("2,022.5", "2 022,5")
def test_a_one_year_trends_range_reads_whole_years(app_server, chromium, locale: str) -> None:
    page = phone_page(chromium, app_server, "/trends?trends_years=2022-2022", locale)
    # the yearly chart by its key: plotly marks a chart .js-plotly-plot only once it draws, so "the first chart"
    # could be the monthly one below it
    claims = page.locator(".st-key-trends_claims_chart .js-plotly-plot")
    claims.locator(".xtick text").first.wait_for(timeout=30_000)
    ticks = [text.strip() for text in tick_texts(claims)]
    assert ticks == ["2022"], ticks  # never "2,022.5"
    page.context.close()


@pytest.mark.parametrize("locale", LOCALES)
def test_the_monthly_axis_names_months_in_the_reader_s_language(app_server, chromium, locale: str) -> None:
    page = phone_page(chromium, app_server, "/trends", locale)
    page.locator(".js-plotly-plot").nth(1).wait_for(timeout=30_000)
    ticks = [tick for plot in page.locator(".js-plotly-plot").all() for tick in tick_texts(plot)]
    months = [tick for tick in ticks if re.fullmatch(r"[^\d\s]+\.? \d{4}", tick.strip())]
    assert months, ticks
    names = WORDS[locale]["months"]  # case and all: Spanish "may", English "May"
    assert all(month.split()[0].rstrip(".") in names for month in months), (locale, months)
    page.context.close()


@pytest.mark.parametrize("path", ["/arrivals", "/trends", "/pledges"])
def test_the_keyboard_focus_ring_is_visible_and_follows_the_page(app_server, chromium, path: str) -> None:
    page = phone_page(chromium, app_server, path)
    page.locator("h1").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    page.locator("h1").first.click()  # start from the page's top, as a reader does
    seen = []
    for _ in range(6):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate("""() => {
            const e = document.activeElement, s = getComputedStyle(e), b = e.getBoundingClientRect();
            const ringed = s.outlineStyle !== 'none' ? e : e.closest('[data-baseweb]');
            const r = ringed ? getComputedStyle(ringed) : s;
            return {tag: e.tagName, top: b.top + window.scrollY + document.querySelector('[data-testid="stMain"]').scrollTop,
                    visible: b.width > 0 && b.height > 0 && getComputedStyle(e).visibility !== 'hidden',
                    style: r.outlineStyle, width: parseFloat(r.outlineWidth), colour: r.outlineColor};
        }""")
        )
    assert all(focus["visible"] for focus in seen), seen  # never on something out of sight (the closed sidebar)
    assert all(focus["style"] == "solid" and focus["width"] >= 2 and focus["colour"] == FOCUS_BLUE for focus in seen), (
        seen
    )
    tops = [focus["top"] for focus in seen]
    assert tops == sorted(tops), seen  # reading order: top to bottom
    page.context.close()

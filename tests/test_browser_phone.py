"""Real browser at a phone's size (390 x 844), in es-MX and en-US where the language changes what is shown, every
request to another host blocked: each page fits the screen's width, the Arrivals map shows all 32 states, legends
leave the plot alone, the filters sit behind a labelled control; and on every page, at a desktop's size and a
phone's, Tab reaches every control in reading order with a ring anyone can see."""

from __future__ import annotations

import io
import re
from itertools import pairwise

import numpy as np
import pytest
from PIL import Image

from tests.browser import (
    ECHARTS,
    PAGE_NAMES,
    VEGA_CHART,
    VEGA_MAP,
    chart_texts,
    new_page,
    other_hosts,
    wait_for_app,
    wait_for_page_style,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PAGES = PAGE_NAMES
FOCUS_BLUE = "rgb(0, 114, 188)"
LOCALES = ["es-MX", "en-US"]
# what each browser language shows: the texts a reader looks for, and the month names of a monthly axis
WORDS = {
    "es-MX": {
        "map_2022": "Solicitudes por oficina y estado: 2022",
        "filters": "Filtros",
        "claims_title": "Solicitudes de asilo por año y nacionalidad",
        "filters_line": "Años 2013–2025 · las 5 nacionalidades con más solicitudes",
        "years": "Años",
        "months": {"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "sep", "oct", "nov", "dic"},
    },
    "en-US": {
        "map_2022": "Claims by office and state: 2022",
        "filters": "Filters",
        "claims_title": "Asylum claims per year by nationality",
        "filters_line": "Years 2013–2025 · the 5 nationalities with the most claims",
        "years": "Years",
        "months": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
    },
}


def phone_page(chromium, app_server, path: str, locale: str = "es-MX"):
    """A page at 390 x 844 in the browser's language `locale`; requests to other hosts blocked (`other_hosts`)."""
    page = new_page(chromium, locale, viewport=PHONE)
    page.goto(app_server.url + path)
    wait_for_app(page)
    wait_for_page_style(page)
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


# Every page in Spanish (most readers' language, and its labels run longer); in English too where filters and
# tables hold the most text. One language per page elsewhere keeps the browser tier's time in hand.
WIDTH_CASES = [(name, "es-MX") for name in PAGES] + [("trends", "en-US"), ("pledges", "en-US")]


@pytest.mark.parametrize(("name", "locale"), WIDTH_CASES)
def test_every_page_fits_a_phone_s_width(app_server, chromium, name: str, locale: str) -> None:
    page = phone_page(chromium, app_server, f"/{name}", locale)
    page.locator("h1").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)  # charts and tables size themselves after the run
    for expander in page.get_by_test_id("stExpander").all():  # tables inside closed expanders count too
        summary = expander.locator("summary")
        if expander.locator("details").get_attribute("open") is None:
            summary.click()  # a table view runs when opened (a rerun)
            wait_for_app(page)
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
    plot = page.locator(f"{VEGA_MAP}:visible")
    plot.first.wait_for(timeout=30_000)
    assert plot.count() == 1  # the map made for the column's width, the other hidden
    states = plot.locator("g.mark-shape.role-mark").first  # the states (the legends are under them)
    states.wait_for(timeout=30_000)
    states.scroll_into_view_if_needed()
    page.wait_for_timeout(2000)  # Vega draws the shapes after it loads them
    map_box, states_box = box(plot.first), box(states)
    assert map_box["width"] >= 0.85 * PHONE["width"]
    above_legends = {**map_box, "height": states_box["y"] + states_box["height"] + 3 - map_box["y"]}
    shown = state_pixels(page.screenshot(clip=above_legends, path=f"/tmp/phone-arrivals-map-{locale}.png"))
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


# the texts a reader sees: Vega keeps a label it hides (one of two that would touch) in the page, transparent
TEXT_BOXES = "texts => texts.filter(t => t.textContent.trim() && getComputedStyle(t).opacity !== '0').map(t => {const r = t.getBoundingClientRect(); return {x: r.x, y: r.y, width: r.width, height: r.height, text: t.textContent}})"


# the sections after the first of a page with tabs, by locale: each tab's label and the charts it draws
SECTIONS = {
    "/trends": {
        "es-MX": [("Por mes y publicación", 1), ("Decisiones", 1), ("Tasas de reconocimiento", 1), ("Población", 1)],
        "en-US": [("By month and release", 1), ("Decisions", 1), ("Recognition rates", 1), ("Population", 1)],
    },
    "/regional": {
        "es-MX": [("Año por año", 1), ("Tasas de reconocimiento", 1), ("Población acogida", 2), ("Orígenes", 1)],
        "en-US": [("Year by year", 1), ("Recognition rates", 1), ("Population hosted", 2), ("Origins", 1)],
    },
}


def assert_legends_clear(page, plots, path: str, locale: str) -> None:
    """No text of these charts (title, legend, axis name, tick labels) runs into another or out of its chart."""
    for plot in plots.all():
        plot.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        texts = plot.locator("text").evaluate_all(TEXT_BOXES)
        chart_box = box(plot)
        assert texts and chart_box["width"] <= PHONE["width"]
        for text in texts:
            assert (
                chart_box["x"] - 1 <= text["x"] and text["x"] + text["width"] <= chart_box["x"] + chart_box["width"] + 1
            )
        inner = [
            text | {"x": text["x"] + 2, "y": text["y"] + 2, "width": text["width"] - 4, "height": text["height"] - 4}
            for text in texts
        ]  # glyph boxes, less the line's padding: the axes' corner labels ("0", "2013") may touch
        clashes = [(a["text"], b["text"]) for i, a in enumerate(inner) for b in inner[i + 1 :] if overlap(a, b)]
        assert not clashes, (path, locale, clashes)


@pytest.mark.parametrize("locale", LOCALES)  # a legend's width is its labels' in the reader's language
@pytest.mark.parametrize(
    ("path", "charts", "drawn"),
    [
        ("/trends", 1, f"{ECHARTS} svg"),  # claims per year; then each section's
        ("/overview", 1, f"{ECHARTS} svg"),
        ("/regional", 2, f"{VEGA_CHART}:visible svg.marks"),  # the map and the claims; then each section's
    ],
)
def test_chart_legends_wrap_above_the_plot_on_a_phone(
    app_server, chromium, path: str, charts: int, drawn: str, locale: str
) -> None:
    """A legend wraps to as many rows as the phone needs (ECharts), or is laid out in as many columns as a phone
    holds (Vega-Lite), and the plot starts below it: no text of a chart (title, legend, axis name, tick labels)
    runs into another or out of the chart. Every chart: a first visit's, then each section's, its tab clicked."""
    page = phone_page(chromium, app_server, path, locale)
    # the charts with axes and legends (not the Overview's key-figure lines, which have neither)
    plots = page.locator(f".stElementContainer:not([class*='st-key-overview_kpi']) {drawn}")
    plots.nth(charts - 1).wait_for(timeout=30_000)
    assert_legends_clear(page, plots, path, locale)
    for tab, section_charts in SECTIONS.get(path, {}).get(locale, []):
        page.get_by_role("tab", name=tab, exact=True).click()
        wait_for_app(page)
        section = page.locator(f"[role='tabpanel'] {drawn}")  # the open section's (the map is above the tabs)
        section.nth(section_charts - 1).wait_for(timeout=30_000)
        assert section.count() == section_charts, (path, tab)
        assert_legends_clear(page, section, f"{path} {tab}", locale)
    page.context.close()


@pytest.mark.parametrize("locale", LOCALES)  # a legend's width is its labels' in the reader's language
@pytest.mark.parametrize(("path", "charts"), [("/arrivals?arrivals_period=2022", 1)])
def test_map_legends_leave_the_map_and_the_toolbar_alone(
    app_server, chromium, path: str, charts: int, locale: str
) -> None:
    page = phone_page(chromium, app_server, path, locale)
    plots = page.locator(f"{VEGA_MAP}:visible")
    plots.nth(charts - 1).wait_for(timeout=30_000)
    checked = 0
    for plot in plots.all():
        plot.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        legends = plot.locator("g.role-legend")
        states = plot.locator("g.mark-shape.role-mark").first  # the map's shapes (Vega fits them to the box)
        states.wait_for(timeout=30_000)
        area_box = box(states)
        for legend in legends.all():
            legend_box = box(legend)
            assert not overlap(legend_box, area_box), (path, locale, legend_box, area_box)
            assert legend_box["y"] >= area_box["y"] + area_box["height"] - 1  # under the map, on a phone
        chart = plot.locator("xpath=ancestor::*[@data-testid='stVegaLiteChart']")
        chart.hover()  # Streamlit shows its toolbar on hover
        toolbar = chart.get_by_test_id("stElementToolbar")
        if toolbar.count() and legends.count():
            assert not overlap(box(legends.first), box(toolbar.first)), (path, box(toolbar.first))
        checked += legends.count() > 0
    assert checked >= 1
    page.context.close()


@pytest.mark.parametrize("locale", LOCALES)
def test_the_trends_filters_are_behind_a_labelled_control_at_the_top(app_server, chromium, locale: str) -> None:
    words = WORDS[locale]
    page = phone_page(chromium, app_server, "/trends", locale)
    control = page.get_by_test_id("stPopover").filter(has_text=words["filters"]).first
    control.wait_for(timeout=30_000)
    assert words["filters"] in control.inner_text().split("\n")  # its label (between its icon's and arrow's names)
    assert box(control)["y"] < PHONE["height"]  # on the first screen, not behind the sidebar's "»"
    # what the filters hold, named under the closed control; the chart's title below, on the first screen too
    line = page.get_by_test_id("stCaptionContainer").filter(has_text=words["filters_line"])
    line.wait_for(timeout=30_000)
    assert box(line)["y"] < PHONE["height"]
    title = page.get_by_role("heading", name=words["claims_title"])
    title.wait_for(timeout=30_000)
    assert box(title)["y"] < PHONE["height"]
    years = page.get_by_test_id("stSlider").filter(has_text=words["years"])
    assert years.count() == 0  # closed at first: its widgets are drawn when it opens
    control.get_by_role("button").click()
    years.wait_for(state="visible", timeout=10_000)
    assert box(years)["x"] >= 0 and box(years)["x"] + box(years)["width"] <= PHONE["width"]  # within the phone
    page.context.close()


@pytest.mark.parametrize("locale", LOCALES)  # each language groups thousands its own way ("2,022.5", "2 022,5")
def test_a_one_year_trends_range_reads_whole_years(app_server, chromium, locale: str) -> None:
    page = phone_page(chromium, app_server, "/trends?trends_years=2022-2022", locale)
    # the yearly chart by its key: "the first chart" could be the monthly one below it
    claims = page.locator(f".st-key-trends_claims_chart {ECHARTS}")
    claims.locator("svg text", has_text="2022").first.wait_for(timeout=30_000)
    texts = chart_texts(claims)
    assert [text for text in texts if "2022" in text or "2021" in text or "2023" in text] == ["2022"], texts
    page.context.close()


@pytest.mark.parametrize("locale", LOCALES)
def test_the_monthly_axis_names_months_in_the_reader_s_language(app_server, chromium, locale: str) -> None:
    page = phone_page(chromium, app_server, "/trends?trends_section=monthly", locale)
    monthly = page.locator(f".st-key-trends_monthly_chart {ECHARTS}")
    monthly.locator("svg text").first.wait_for(timeout=30_000)
    ticks = chart_texts(monthly)
    months = [tick for tick in ticks if re.fullmatch(r"[^\d\s]+\.? \d{4}", tick.strip())]
    assert months, ticks
    names = WORDS[locale]["months"]  # case and all: Spanish "may", English "May"
    assert all(month.split()[0].rstrip(".") in names for month in months), (locale, months)
    page.context.close()


# The element the keyboard is on, and where its ring is drawn: the element itself or the nearest ancestor whose
# outline is not hidden (a radio's, a checkbox's or a slider's own <input> is clipped to nothing, so an outline on
# it is no ring anyone sees). Transitions are finished first: a toolbar fading in is judged as it ends.
FOCUSED = """() => {
    document.getAnimations().forEach(a => { try { a.finish(); } catch (error) {} });
    const e = document.activeElement;
    if (!e || e === document.body || e === document.documentElement) return null;
    const hidden = node => {
        for (let n = node; n && n !== document.body; n = n.parentElement) {
            const s = getComputedStyle(n);
            if (s.clip !== 'auto' || s.clipPath !== 'none' || s.opacity === '0' || s.visibility === 'hidden') {
                return true;
            }
        }
        return false;
    };
    const main = document.querySelector('[data-testid="stMain"]');
    const place = node => {
        const b = node.getBoundingClientRect();
        return {top: b.top + (main ? main.scrollTop : 0) + window.scrollY, left: b.left, width: b.width,
                height: b.height};
    };
    let ring = null;
    for (let n = e, depth = 0; n && depth < 6 && !ring; n = n.parentElement, depth++) {
        const s = getComputedStyle(n), b = n.getBoundingClientRect();
        if (s.outlineStyle !== 'none' && b.width >= 8 && b.height >= 8 && !hidden(n)) {
            ring = {...place(n), style: s.outlineStyle, outline: parseFloat(s.outlineWidth), colour: s.outlineColor};
        }
    }
    const column = e.closest('[data-testid="stColumn"]'), widget = e.closest('[data-testid="stElementContainer"]');
    return {
        name: (e.getAttribute('aria-label') || e.innerText || e.getAttribute('data-testid') || e.tagName)
            .trim().split('\\n').pop().slice(0, 40),
        region: e.closest('[data-testid="stSidebar"]') ? 'sidebar' : e.closest('[data-testid="stMain"]') ? 'main' : 'frame',
        ring, ...place(e),
        // columns are read one after the other, each top to bottom: the block they share and the column's left edge
        block: column ? place(column.parentElement).top : null, column: column ? place(column).left : null,
        // one chart or table: the order of its own parts (a toolbar over a map) is its library's
        widget: widget ? place(widget) : null,
        // a table's grid moves the focus onto a cell of its hidden accessible copy and marks the cell on its canvas
        in_grid_copy: !!e.closest('[data-testid="stDataFrame"]') && e.getBoundingClientRect().width === 0,
    };
}"""
MOST_STOPS = 300  # more than any page has: reaching it means the keyboard is trapped


def tab_stops(page) -> list[dict]:
    """Every place Tab stops on from the top of the page until focus leaves it (each stop once in a row: a table's
    grid keeps the focus for a few presses)."""
    stops: list[dict] = []
    for _ in range(MOST_STOPS):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None:
            return stops
        if not stops or stop != stops[-1]:
            stops.append(stop)
    raise AssertionError(f"focus never left the page after {MOST_STOPS} presses of Tab: {stops[-5:]}")


def read_before(a: dict, b: dict) -> bool:
    """Whether a reader meets `a` no later than `b`: b starts lower down (or on the same line, to the right), or
    b is in a later column of the same row of columns, or both are parts of one chart or table."""
    if a["widget"] is not None and a["widget"] == b["widget"]:
        return True
    a_box, b_box = a["ring"] or a, b["ring"] or b
    if abs(b_box["top"] - a_box["top"]) <= 10:  # one line: left to right, unless one sits over the other
        side_by_side = (
            b_box["left"] >= a_box["left"] + a_box["width"] or a_box["left"] >= b_box["left"] + b_box["width"]
        )
        return not side_by_side or b_box["left"] > a_box["left"]
    if b_box["top"] > a_box["top"]:
        return True
    return a["block"] is not None and a["block"] == b["block"] and b["column"] > a["column"]


DESKTOP = {"width": 1400, "height": 1000}


# the order and the ring do not depend on the language: the desktop in English, the phone in Spanish
# every page at desktop size; at phone size the pages with a map, charts or many filters (the sidebar is shared)
KEYBOARD_CASES = [(name, DESKTOP, "en-US") for name in PAGES] + [
    (name, PHONE, "es-MX") for name in ("overview", "arrivals", "trends", "pledges")
]


@pytest.mark.parametrize(("name", "viewport", "locale"), KEYBOARD_CASES)
def test_every_control_is_reached_by_keyboard_in_reading_order_with_a_visible_ring(
    app_server, chromium, name: str, viewport: dict, locale: str
) -> None:
    page = new_page(chromium, locale, viewport=viewport)
    page.goto(app_server.url + f"/{name}")
    wait_for_app(page)
    wait_for_page_style(page)  # the ring is the page's style: judged once it has arrived
    page.locator("h1").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)  # charts draw their toolbars after the run
    stops = [stop for stop in tab_stops(page) if not stop["in_grid_copy"]]  # the grid draws that focus itself
    page.context.close()
    assert stops and stops[0]["name"] in ("Skip to main content", "Saltar al contenido principal"), stops[:1]
    unringed = [
        stop
        for stop in stops
        if not (stop["ring"] and stop["ring"]["style"] == "solid" and stop["ring"]["outline"] >= 2)
        or stop["ring"]["colour"] != FOCUS_BLUE
    ]
    assert unringed == [], f"{name}: focus without a visible ring: {unringed}"
    shown = [stop["ring"] for stop in stops]  # what is drawn: a slider's thumb, not its clipped input
    off_screen = [box for box in shown if box["left"] < 0 or box["left"] + box["width"] > viewport["width"] + 1]
    assert off_screen == [], f"{name}: focus on something out of sight (a closed sidebar?): {off_screen}"
    regions = [stop["region"] for stop in stops if stop["region"] != "frame"]  # the frame: skip link, menu, "»"
    runs = [region for i, region in enumerate(regions) if i == 0 or regions[i - 1] != region]
    assert runs == (["sidebar", "main"] if viewport is DESKTOP else ["main"]), f"{name}: {runs}"  # sidebar first
    main = [stop for stop in stops if stop["region"] == "main"]
    sidebar = [stop for stop in stops if stop["region"] == "sidebar"]
    for run in (sidebar, main):
        backwards = [(a["name"], b["name"]) for a, b in pairwise(run) if not read_before(a, b)]
        assert backwards == [], f"{name}: Tab goes back up the page: {backwards}"

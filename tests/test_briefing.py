"""The briefing: each chart kind redrawn as SVG with its labels as text, and one PDF of what a page shows (its key
figures, sentences, sources with licence and as-of date, data versions and link, as TEXT; charts as vector paths),
made on the server; AppTest: the button on every page, in es and en, gives that page's PDF."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from mirps_dash import briefing as b
from mirps_dash.charts import make_bar_chart, make_line_chart
from mirps_dash.maps import MEXICO_BOUNDS, make_arrivals_map
from tests.shown_charts import chart_options, chart_specs, map_specs, open_table_views

PAYLOAD = "<script>alert(1)</script>"
FORMULA = "=cmd|' /C calc'!A0"
FRAME = pd.DataFrame(
    {
        "year": [2022, 2023, 2022, 2023],
        "group": ["HND", "HND", PAYLOAD, PAYLOAD],
        "claims": [5000, 7000, 1200, 2500],
    }
)
NAMES = {"HND": "Honduras"}


def svg_texts(svg: bytes) -> list[str]:
    """Every <text> of an SVG, as a reader's viewer shows it (XML entities decoded)."""
    import html

    return [html.unescape(text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg.decode("utf-8"))]


def pdf_text(pdf: bytes) -> str:
    """The PDF's text, page after page, lines joined with spaces (a long line may wrap anywhere)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def chart_colours(pdf: bytes) -> set[str]:
    """The chart palette's colours the PDF's pages paint with in their own content, as '#RRGGBB': fpdf2 draws an
    SVG there as paths (`rg`/`RG` set the fill and stroke colour of the bars, lines and points that follow)."""
    from mirps_dash.charts import PALETTE
    from mirps_dash.maps import STATUS_COLOURS

    reader = PdfReader(io.BytesIO(pdf))
    content = b" ".join(page.get_contents().get_data() for page in reader.pages if page.get_contents() is not None)
    found = {
        "#{:02X}{:02X}{:02X}".format(*(round(float(part) * 255) for part in match[:3]))
        for match in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)", content)
    }
    return found & {colour.upper() for colour in [*PALETTE, *STATUS_COLOURS.values()]}


def images(pdf: bytes) -> int:
    """How many raster images the PDF holds (a chart drawn as a picture would be one)."""
    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


# ---- charts as SVG -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("figure", "expected"),
    [
        (
            make_bar_chart(FRAME, "year", "claims", "group", NAMES, y_title="Solicitudes", title="Apiladas"),
            ["Apiladas", "Solicitudes", "Honduras", PAYLOAD, "2022", "2023", "6,000"],
        ),
        (
            make_bar_chart(FRAME, "group", "claims", "year", stacked=False, title="Agrupadas"),
            ["Agrupadas", "HND", PAYLOAD, "2022", "2023"],
        ),
        (
            make_line_chart(FRAME, "year", "claims", "group", NAMES, y_title="Personas", title="Líneas ñ"),
            ["Líneas ñ", "Personas", "Honduras", PAYLOAD, "2022", "2023"],
        ),
        (
            make_line_chart(FRAME.assign(claims=FRAME["claims"] / 10_000), "year", "claims", percent=True),
            ["2022", "20%"],
        ),
    ],
    ids=["stacked bars", "grouped bars", "lines", "percent line"],
)
def test_each_chart_kind_is_an_svg_with_its_labels_as_text(figure, expected: list[str]) -> None:
    svg = b.figure_svg(figure)
    texts = svg_texts(svg)
    assert svg.lstrip().startswith(b"<?xml") and b"<path" in svg
    for label in expected:
        assert label in texts, (label, texts)
    assert b"<script" not in svg  # a label is text in the SVG, never markup


def test_horizontal_bars_keep_their_labels_counts_and_order() -> None:
    from mirps_dash.views.pledges import make_count_chart

    counts = pd.DataFrame({"value": ["a", "b"], "label": [FORMULA, "Educación $5 & $6"], "pledges": [33, 1234]})
    texts = svg_texts(b.figure_svg(make_count_chart(counts, "Por área")))
    assert {"Por área", FORMULA, "Educación $5 & $6", "33", "1,234"} <= set(texts)  # "$" is no math


def test_a_pledges_indicator_keeps_its_marked_year() -> None:
    from mirps_dash.views.pledges import make_indicator_chart

    frame = pd.DataFrame({"series": ["claims"] * 3, "year": [2018, 2019, 2020], "value": [1000, 2000, 3000]})
    texts = svg_texts(b.figure_svg(make_indicator_chart(frame, "es", 2019, "Solicitudes")))
    assert {"Solicitudes", "compromiso 2019", "2018", "2020"} <= set(texts)


def test_the_arrivals_map_draws_every_state_and_each_office_point_offline() -> None:
    offices = pd.DataFrame(
        {
            "office_id": ["tapachula", "tijuana"],
            "name": ["Tapachula", "Tijuana"],
            "state": ["07", "02"],
            "latitude": [14.9, 32.5],
            "longitude": [-92.3, -117.0],
            "claims": [76239.0, None],
            "status": ["office", "none"],
            "share": [0.64, None],
        }
    )
    by_state = pd.DataFrame({"state": ["07"], "claims": [76239], "basis": ["offices"], "label": ["Tapachula"]})
    figure = make_arrivals_map(
        "app/static/mexico_states.geojson", [f"{n:02d}" for n in range(1, 33)], by_state, offices, "en"
    )
    svg = b.figure_svg(figure)
    texts = svg_texts(svg)
    assert {"States", "States with a figure", "claims"} <= set(texts)
    assert len(re.findall(rb"<path", svg)) > 32  # the 32 states (twice where shaded) and the points
    drawn = b.figure_dict(figure)
    assert [t["type"] for t in drawn["data"]][:2] == ["choroplethmap", "choroplethmap"]
    west, south, east, north = MEXICO_BOUNDS
    assert west < -117.0 < east and south < 14.9 < north  # the points sit inside the map drawn


def test_a_chart_as_png_is_a_png() -> None:
    png = b.figure_png(make_bar_chart(FRAME, "year", "claims", "group"), dpi=50)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_map_labels_read_back_as_plain_text() -> None:
    assert b.plain_text("&lt;script&gt;alert(1)&lt;/script&gt;") == PAYLOAD
    assert b.plain_text({"text": "Two<br>lines &amp; more"}) == "Two\nlines & more"
    assert b.group_digits(1234567.5, ".,", 1) == "1,234,567.5" and b.group_digits(1234.5, ",.", 1) == "1.234,5"


# ---- the PDF -------------------------------------------------------------------------------------------------

SOURCES = pd.DataFrame(
    {
        "source_id": ["unhcr-stats", "comar-x"],
        "publisher": ["UNHCR", "El Heraldo"],
        "title": ["Refugee Data Finder", FORMULA],
        "url": ["https://unhcr.org/rdf", ""],
        "licence": ["CC BY 4.0", ""],
        "as_of": ["2025-06", "2024-03-05"],
    }
)
VERSIONS = (
    {"dataset": "claims", "version_id": 12, "created_at": "2026-11-30 10:00:00", "file_name": "comar.xlsx"},
    {"dataset": "sources", "version_id": 4, "created_at": "2026-11-01 09:00:00", "file_name": None},
)
PERMALINK = "http://host:8501/trends?lang=es&trends_years=2019-2023&trends_nations=HND"


def briefing_of(lang: str, rows: int = 3) -> b.Briefing:
    table = pd.DataFrame(
        {"Fila": [f"fila-{i:02d}" for i in range(rows)], "Solicitudes": [f"{i * 1000:,}" for i in range(rows)]}
    )
    chart = make_bar_chart(FRAME, "year", "claims", "group", NAMES, y_title="Solicitudes")
    return b.Briefing(
        lang=lang,
        page="Tendencias" if lang == "es" else "Trends",
        made_at=dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC),
        permalink=PERMALINK,
        key_figures=(b.KeyFigure("Solicitudes en 2025", "70,482"), b.KeyFigure(PAYLOAD, FORMULA)),
        charts=(
            b.BriefingChart(chart, "Las solicitudes subieron 40 % en 2023.", table, ("unhcr-stats",)),
            b.BriefingChart(make_line_chart(FRAME, "year", "claims", "group"), "Una línea.", table, ("comar-x",)),
        ),
        sources=SOURCES,
        versions=VERSIONS,
        filters=("trends_years = 2019-2023",),
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "es",
            [
                "MIRPS México: informe de la página «Tendencias»",
                "1 de diciembre de 2026",
                "Cifras clave",
                "Solicitudes en 2025 70,482",
                "Las solicitudes subieron 40 % en 2023.",
                "Una línea.",
                "UNHCR, Refugee Data Finder. Licencia: CC BY 4.0. Datos al 2025-06.",
                "Licencia: no indicada. Datos al 2024-03-05.",
                "claims: versión 12 del 2026-11-30 (archivo comar.xlsx)",
                "sources: versión 4 del 2026-11-01",
                "trends_years = 2019-2023",
            ],
        ),
        (
            "en",
            [
                "MIRPS Mexico: briefing of the “Trends” page",
                "December 1, 2026",
                "Key figures",
                "UNHCR, Refugee Data Finder. Licence: CC BY 4.0. Figures as of 2025-06.",
                "claims: version 12 of 2026-11-30 (file comar.xlsx)",
            ],
        ),
    ],
)
def test_the_pdf_holds_what_the_page_shows_as_text(lang: str, expected: list[str]) -> None:
    pdf = b.briefing_pdf(briefing_of(lang))
    reader = PdfReader(io.BytesIO(pdf))
    text = pdf_text(pdf)
    for line in expected:
        assert line in text, line
    assert PERMALINK in text.replace(" ", "")  # the link, whole (wrapping may put a break in it)
    title = {
        "es": "MIRPS México: informe de la página «Tendencias»",
        "en": "MIRPS Mexico: briefing of the “Trends” page",
    }
    assert reader.metadata is not None and reader.metadata.title == title[lang]  # what a PDF reader's title bar shows
    assert "Honduras" in text  # the chart's labels are text too
    assert "INEGI" not in text  # the map's credit only under a map
    assert {"#0072BC", "#E69F00"} <= chart_colours(pdf) and images(pdf) == 0  # bars and lines as vector paths


def test_values_from_data_are_drawn_as_plain_text() -> None:
    text = pdf_text(b.briefing_pdf(briefing_of("en")))
    assert PAYLOAD in text and FORMULA in text


def test_a_long_table_is_cut_with_a_note() -> None:
    text = pdf_text(b.briefing_pdf(briefing_of("es", rows=40)))
    assert "fila-24" in text and "fila-25" not in text and "fila-39" not in text
    assert f"Se muestran las primeras {b.TABLE_ROWS} de 40 filas" in text
    short = pdf_text(b.briefing_pdf(briefing_of("es", rows=3)))
    assert "Se muestran las primeras" not in short


def test_every_text_of_the_briefing_is_in_both_languages() -> None:
    from mirps_dash.catalogue import briefing as texts

    assert texts.TEXTS and all(set(value) == {"es", "en"} and all(value.values()) for value in texts.TEXTS.values())


# ---- AppTest: the button on each page -------------------------------------------------------------------------


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], bytes]]:
    """The callables the pages' deferred download buttons would run on a click, by file name (AppTest drops its
    media file manager after each run, so they are caught as they are registered)."""
    # Streamlit internal: a deferred download button keeps only a callable in the MediaFileManager, which AppTest
    # drops after its run; catching the callable there is the one way to read the file the button would give.
    from streamlit.runtime.media_file_manager import MediaFileManager

    caught: dict[str, Callable[[], bytes]] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        caught[file_name or coordinates] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return caught


PAGES = {
    "overview": "pages/overview.py",
    "arrivals": "pages/arrivals.py",
    "trends": "pages/trends.py",
    "pledges": "pages/pledges.py",
    "regional": "pages/regional.py",
}
SECTION = {"pledges": {"pledges_section": "charts"}}  # Pledges opens on its list: its charts are a tab away
BUTTON = {"es": "Descargar informe", "en": "Download briefing"}
SOURCE_LINE = {"es": "Licencia:", "en": "Licence:"}


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("page", list(PAGES))
def test_each_page_gives_a_briefing_of_what_it_shows(sqlite_env: Path, deferred: dict, page: str, lang: str) -> None:
    from tests.test_app import open_app

    at = open_app(PAGES[page], lang=lang, **SECTION.get(page, {}))
    assert not at.exception
    button = at.download_button(key="download_briefing")
    assert button.label == BUTTON[lang]
    pdf = deferred[f"mirps-{page}-{lang}.pdf"]()
    text = pdf_text(pdf)
    page_title = {
        "overview": ("Resumen", "Overview"),
        "arrivals": ("Llegadas", "Arrivals"),
        "trends": ("Tendencias", "Trends"),
        "pledges": ("Compromisos", "Pledges"),
        "regional": ("Región MIRPS", "MIRPS region"),
    }[page]
    assert page_title[0 if lang == "es" else 1] in text[:200]
    for metric in at.metric:  # the page's key figures
        assert f"{metric.label} {metric.value}" in text
    if page == "overview":
        assert len(at.metric) == 4
    summaries = [
        m.value.replace("\\", "")
        for m in at.markdown
        if re.search(r"\d", m.value) and m.value.rstrip().endswith(".") and "**" not in m.value
    ]
    charts, maps = [*chart_options(at), *chart_specs(at)], map_specs(at)
    assert charts or maps
    assert bool(maps) == (page in ("arrivals", "regional"))
    if page != "pledges":
        assert any(" ".join(s.split()) in text for s in summaries), summaries  # at least one chart's sentence
    if page == "pledges":
        assert ("88 compromisos" if lang == "es" else "88 pledges") in text
    if page == "arrivals":
        assert ("Total nacional en esa publicación" if lang == "es" else "National total in that release") in text
    cited = [
        found.group(1)
        for caption in at.caption
        for line in caption.value.replace("\\", "").split("\n")
        if (found := re.match(r"(?:Fuente|Source): (.+)\. (?:Al|As of) .+\.$", line.strip()))
    ]
    assert cited  # every source under a chart or figure, with its licence and as-of date
    for publisher_title in cited:
        assert f"{' '.join(publisher_title.split())}. {SOURCE_LINE[lang]}" in text, publisher_title
    assert ("Versiones de los datos" if lang == "es" else "Data versions") in text
    link = {"es": "Enlace a esta vista: ", "en": "Link to this view: "}[lang]
    assert f"lang={lang}" in text.split(link)[1].split(" ")[0]  # this view's permalink (no host under AppTest)
    assert chart_colours(pdf) and images(pdf) == 0  # at least one chart, drawn as vector paths


@pytest.mark.parametrize(
    ("page", "chart", "label"),
    [("trends", "trends_claims", "Honduras"), ("pledges", "pledges_area", "Education")],
)
def test_every_chart_can_be_saved_as_svg_and_png(
    sqlite_env: Path, deferred: dict, page: str, chart: str, label: str
) -> None:
    from tests.test_app import open_app

    opened = open_app(f"pages/{page}.py", lang="en", **SECTION.get(page, {}))
    at = open_table_views(opened)  # the trends chart's buttons: in its table view
    keys = {button.key for button in at.download_button}
    assert {f"{chart}_svg", f"{chart}_png"} <= keys
    assert label in svg_texts(deferred[f"{chart}.svg"]())
    assert deferred[f"{chart}.png"]().startswith(b"\x89PNG")


def test_a_map_draws_the_shapes_its_page_serves_the_region_s_countries_or_mexico_s_states() -> None:
    from mirps_dash.briefing import _shapes_for
    from mirps_dash.maps import DISPLAY_COUNTRIES_URL, DISPLAY_SHAPES_URL

    assert set(_shapes_for(DISPLAY_COUNTRIES_URL)) == {"BLZ", "CRI", "SLV", "GTM", "HND", "MEX", "PAN"}
    assert len(_shapes_for(DISPLAY_SHAPES_URL)) == 32

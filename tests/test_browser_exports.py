"""Real browser, es-MX and en: every file a reader downloads opens with `pandas.read_csv(path)` alone, speaks the
reader's language with the codes beside, and uploads back as the same rows; the Excel file and the "download
everything shown" ZIP carry the source, licence, filters, data version and the link to the view; the briefing PDF,
made on the server, holds the page's key figures, sentences, sources and link as text and its map as vector paths."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from mirps_dash.ingest import read_table
from mirps_dash.store import Store, make_engine
from mirps_dash.validate import validate_table
from tests.browser import AppServer, chromium_missing, new_page, other_hosts, start_app, wait_for_app

pytestmark = pytest.mark.browser
LANGS = {"es-MX": "es", "en-US": "en"}
EVERYTHING = {"es": "Descargar todo lo mostrado", "en": "Download everything shown"}


@pytest.fixture(scope="module")
def export_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AppServer, Path]]:
    """A dashboard on its own SQLite store (the test reads the store to compare what a file uploads back as)."""
    reason = chromium_missing()
    if reason:
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("exports")
    server = start_app(folder)
    yield server, folder / "browser.sqlite3"
    server.stop()


def download(page, label: str, folder: Path) -> Path:
    """Click the download button with this label; the file as the browser saved it."""
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").filter(has_text=label).locator("button").first.click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def open_view(chromium, locale: str, url: str):
    page = new_page(chromium, locale)
    page.goto(url)
    wait_for_app(page)
    if folder := os.environ.get("MIRPS_SCREENSHOTS"):
        page.screenshot(path=str(Path(folder) / f"exports_{locale}_{url.rsplit('/', 1)[-1][:20]}.png"), full_page=True)
    return page


@pytest.mark.parametrize("locale", LANGS)
def test_the_pledges_downloads_open_as_they_are_and_upload_back_as_the_filtered_rows(
    export_server, chromium, tmp_path: Path, locale: str
) -> None:
    server, store_path = export_server
    lang = LANGS[locale]
    page = open_view(chromium, locale, server.url + "/pledges?pledges_area=Education")
    page.get_by_text("10 de 88 compromisos" if lang == "es" else "10 of 88 pledges").wait_for(timeout=30_000)

    csv_path = download(page, "Descargar CSV" if lang == "es" else "Download CSV", tmp_path)
    table = pd.read_csv(csv_path)
    area = "Área de enfoque" if lang == "es" else "area_of_focus"
    assert table.columns[0] == ("Identificador" if lang == "es" else "pledge_id") and len(table) == 10
    assert set(table[area]) == {"Educación" if lang == "es" else "Education"}
    assert set(table[area + (" (código)" if lang == "es" else " (code)")]) == {"Education"}
    report = validate_table("pledges", read_table("pledges", csv_path.read_bytes()))
    assert report.errors == []
    store = Store(make_engine(f"sqlite:///{store_path}"))
    published = store.load("pledges")
    store.engine.dispose()
    expected = published[published["area_of_focus"] == "Education"].sort_values("pledge_id").reset_index(drop=True)
    got = report.frame.sort_values("pledge_id").reset_index(drop=True)[list(expected.columns)]
    pd.testing.assert_frame_equal(got.astype(str), expected.astype(str))

    workbook = load_workbook(download(page, "Descargar Excel" if lang == "es" else "Download Excel", tmp_path))
    assert workbook["pledges"]["A1"].value == table.columns[0]
    about = [row[0] for row in workbook["about"].iter_rows(values_only=True)]
    assert about[0].startswith("Fuente: " if lang == "es" else "Source: ")
    assert about[1].startswith("Licencia: " if lang == "es" else "Licence: ")
    assert any(line.startswith("Filtros: " if lang == "es" else "Filters: ") for line in about)
    link = about[-1]
    assert "/pledges?" in link and "pledges_area=education" in link.lower()  # the same view, by its link

    archive = zipfile.ZipFile(download(page, EVERYTHING[lang], tmp_path))
    assert "README.txt" in archive.namelist() and "pledges.csv" in archive.namelist()
    readme = archive.read("README.txt").decode("utf-8-sig")
    assert (
        "Enlace a esta vista: " if lang == "es" else "Link to this view: "
    ) in readme and "pledges_area=education" in readme.lower()
    assert ("Versiones de los datos:" if lang == "es" else "Data versions:") in readme
    for name in archive.namelist()[1:]:
        assert len(pd.read_csv(io.BytesIO(archive.read(name)))) > 0, name
    page.context.close()


@pytest.mark.parametrize("locale", LANGS)
def test_everything_trends_shows_downloads_as_csvs_with_a_readme_naming_unhcrs_licence(
    export_server, chromium, tmp_path: Path, locale: str
) -> None:
    server, _store = export_server
    lang = LANGS[locale]
    page = open_view(chromium, locale, server.url + "/trends")
    archive = zipfile.ZipFile(download(page, EVERYTHING[lang], tmp_path))
    names = archive.namelist()
    # what the page shows: its first section (claims), not the sections behind the other tabs
    assert names[0] == "README.txt" and "trends_claims.csv" in names and "trends_decisions.csv" not in names
    readme = archive.read("README.txt").decode("utf-8-sig")
    assert ("Tendencias" if lang == "es" else "Trends") in readme.splitlines()[0]
    assert "CC BY 4.0" in readme and ("Licencia: CC BY 4.0" if lang == "es" else "Licence: CC BY 4.0") in readme
    lines = readme.splitlines()
    citation = lines[lines.index("Cómo citar:" if lang == "es" else "How to cite:") + 1]
    assert ("Vía mirps-dash" if lang == "es" else "Via mirps-dash") in citation
    assert f"{server.url}/trends?" in citation and "v=claims:" in citation  # the view, pinned to its versions
    for name in names[1:]:
        path = tmp_path / name
        path.write_bytes(archive.read(name))
        assert len(pd.read_csv(path)) > 0, name  # the header is the first line, nothing above it
    archive.close()

    page.get_by_role("tab", name="Decisiones" if lang == "es" else "Decisions", exact=True).click()
    page.get_by_text("Decisiones por resultado" if lang == "es" else "Decisions by outcome").first.wait_for()
    wait_for_app(page)
    decisions = zipfile.ZipFile(download(page, EVERYTHING[lang], tmp_path))  # the section the page shows now
    assert "trends_decisions.csv" in decisions.namelist() and "trends_claims.csv" not in decisions.namelist()
    assert "trends_section=decisions" in decisions.read("README.txt").decode("utf-8-sig")  # its link opens it
    page.context.close()


def test_the_arrivals_briefing_downloads_as_a_pdf_of_the_view_with_no_request_to_another_host(
    export_server, chromium, tmp_path: Path
) -> None:
    from tests.test_briefing import chart_colours, images, pdf_text

    server, _store = export_server
    page = open_view(chromium, "es-MX", server.url + "/arrivals?arrivals_period=2022")
    summary = page.get_by_text("En 2022 hay 6 cifras por oficina o estado").first
    summary.wait_for(timeout=30_000)
    shown = " ".join(summary.inner_text().split())
    pdf = download(page, "Descargar informe", tmp_path)
    assert pdf.suffix == ".pdf"
    text = pdf_text(pdf.read_bytes())
    assert "MIRPS México: informe de la página «Llegadas»" in text
    assert shown in text  # the map's sentence, as the page shows it
    assert "Periodo 2022" in text and "Total nacional en esa publicación" in text  # key figures
    assert "Licencia:" in text and "Versiones de los datos" in text and "límites estatales de INEGI" in text
    link = text.split("Enlace a esta vista: ")[1].split(" ")[0]
    assert link.startswith(server.url + "/arrivals?") and "arrivals_period=2022" in link and "lang=es" in link
    assert chart_colours(pdf.read_bytes()) and images(pdf.read_bytes()) == 0  # the map, as vector paths
    assert other_hosts(page) == []
    page.context.close()

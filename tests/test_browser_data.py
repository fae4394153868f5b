"""Real browser: a visitor gets only a sign-in prompt; staff sign in, upload through the real widget, read the
preview, publish, see the new figure on the Overview, and roll back."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import STAFF_PASSWORD, new_page, other_hosts, wait_for_app

pytestmark = pytest.mark.browser
PASSWORD = STAFF_PASSWORD  # the account tests.browser.staff_app creates
UPLOAD = 'Periodo,Solicitudes,Fuente\n2026,"99,999",unhcr-stats\n'


def shot(page, tmp: Path, name: str) -> None:
    page.screenshot(path=str(tmp / f"{name}.png"), full_page=True)


def nav_link(page, title: str):
    """The sidebar navigation entry with this title (the app's navigation, once app.py has run)."""
    return page.get_by_test_id("stSidebarNavLink").filter(has_text=title)


def open_home(page, url: str) -> None:
    """Open the home page. On a fresh server Streamlit 1.67 serves pages/<name>.py on its own (its old pages/
    directory mode) until app.py has run once, so a test that reads the app's navigation starts here."""
    page.goto(url + "/?lang=en")
    nav_link(page, "Staff sign-in").wait_for(timeout=60_000)  # an entry only app.py's navigation has
    wait_for_app(page)


def metric_value(page, label: str) -> str:
    return page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue").inner_text()


def test_a_visitor_opening_the_data_url_gets_only_a_sign_in_prompt(staff_app, chromium) -> None:
    server, tmp = staff_app
    page = new_page(chromium, "en-US")
    page.goto(server.url + "/data?lang=en")
    page.get_by_text("This page is for the staff who update the data. Sign in to continue.").wait_for(timeout=60_000)
    wait_for_app(page)
    shot(page, tmp, "visitor")
    assert page.locator("input[type=file]").count() == 0
    assert page.get_by_role("button", name="Sign in").is_visible()
    open_home(page, server.url)  # the app's own navigation: a sign-in entry, no Data page
    nav_link(page, "Staff sign-in").wait_for(timeout=60_000)
    assert nav_link(page, "Overview").count() == 1 and nav_link(page, "Data (staff)").count() == 0
    page.context.close()


def sign_in_as_staff(page, url: str, lang: str, email_label: str, password_label: str, button: str) -> None:
    """Open the Data page in `lang`, sign in as the test's staff member, wait for the upload widget."""
    open_home(page, url)
    page.goto(url + f"/data?lang={lang}")
    page.get_by_label(email_label, exact=True).wait_for(timeout=60_000)
    page.get_by_label(email_label, exact=True).fill("ana@example.org")
    page.get_by_label(password_label, exact=True).fill(PASSWORD)
    page.get_by_role("button", name=button).click()
    page.locator("input[type=file]").wait_for(state="attached", timeout=30_000)


def test_staff_sign_in_upload_preview_publish_see_it_and_roll_back(staff_app, chromium) -> None:
    from mirps_dash.store import Store, make_engine

    server, tmp = staff_app
    store = Store(make_engine(f"sqlite:///{tmp / 'browser.sqlite3'}"))
    page = new_page(chromium, "en-US")
    sign_in_as_staff(page, server.url, "en", "E-mail", "Password", "Sign in")
    wait_for_app(page)
    before = store.current_version("claims")  # whatever the other tests of this module published before
    shot(page, tmp, "signed-in")
    nav_link(page, "Data (staff)").wait_for(timeout=60_000)
    assert nav_link(page, "Staff sign-in").count() == 0

    upload = tmp / "claims-2026.csv"
    upload.write_text(UPLOAD, encoding="cp1252")
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_text("Preview: what changes against version").wait_for(timeout=60_000)
    wait_for_app(page)
    shot(page, tmp, "preview")
    assert metric_value(page, "Rows added") == "1"
    assert metric_value(page, "Rows removed") == "0"
    assert page.get_by_text("Read as CSV").is_visible()

    page.get_by_role("button", name="Publish as a new version").click()
    page.get_by_text("published by ana@example.org").wait_for(timeout=60_000)
    wait_for_app(page)
    shot(page, tmp, "published")

    nav_link(page, "Overview").click()
    page.get_by_test_id("stMetric").filter(has_text="Asylum claims lodged in 2026").wait_for(timeout=60_000)
    wait_for_app(page)
    shot(page, tmp, "overview-after-publish")
    assert "99,999" in metric_value(page, "Asylum claims lodged in 2026")

    nav_link(page, "Data (staff)").click()
    page.get_by_role("tab", name="History and rollback").click()
    history = page.get_by_test_id("stTabs")
    history.get_by_test_id("stSelectbox").click()
    # by its number, not its place in the list: the list grows with whatever this module's other tests published
    page.get_by_role("option", name=str(before), exact=True).click()  # the version before the one just published
    page.get_by_role("button", name="Roll back to version").click()
    page.get_by_text("is back at version").wait_for(timeout=60_000)
    wait_for_app(page)
    shot(page, tmp, "rolled-back")
    try:
        assert store.current_version("claims") == before
    finally:
        store.engine.dispose()

    nav_link(page, "Overview").click()
    page.get_by_test_id("stMetric").filter(has_text="Asylum claims lodged in 2025").wait_for(timeout=60_000)
    wait_for_app(page)
    assert "70,482" in metric_value(page, "Asylum claims lodged in 2025")
    assert page.get_by_test_id("stMetric").filter(has_text="2026").count() == 0
    assert other_hosts(page) == []
    page.context.close()


def test_staff_download_every_problem_of_a_bad_file_as_csv(staff_app, chromium) -> None:
    server, tmp = staff_app
    page = new_page(chromium, "es-MX")
    sign_in_as_staff(page, server.url, "es", "Correo electrónico", "Contraseña", "Entrar")
    bad = tmp / "malo.csv"
    bad.write_text(
        "Periodo;Entidad federativa;Solicitudes;Fuente\n"
        + "".join(f"2026-01;Atlantis{i};1;unhcr-stats\n" for i in range(250)),
        encoding="cp1252",
    )
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_text("250 errores y 0 avisos").wait_for(timeout=60_000)
    wait_for_app(page)
    shot(page, tmp, "problems-es")
    assert page.get_by_text("Se muestran los primeros 200 de 250 problemas").is_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Descargar todos los problemas (CSV)").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "fila,columna,valor,mensaje" and len(lines) == 251
    assert lines[1].startswith('2,Entidad federativa,Atlantis0,"Estado «Atlantis0» desconocido.')
    page.context.close()


def comar_wide_workbook(path: Path) -> None:
    """A COMAR-style workbook with no source column: a title row, a column per month, a Total row, a footnote."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Entidades"
    for row in (
        ["Solicitudes de asilo por entidad federativa, 2026"],
        [],
        ["Entidad federativa", "Ene", "Feb"],
        ["Chiapas", 1200, 1300],
        ["Tabasco", 50, 60],
        ["Total", 1250, 1360],
        [],
        ["Fuente: COMAR, cifras preliminares"],
    ):
        workbook.active.append(row)
    workbook.save(path)


def test_staff_upload_a_wide_comar_workbook_create_its_source_publish_see_it_on_arrivals_and_roll_back(
    staff_app, chromium
) -> None:
    import pandas as pd

    from mirps_dash.store import Store, make_engine

    server, tmp = staff_app
    store = Store(make_engine(f"sqlite:///{tmp / 'browser.sqlite3'}"))
    page = new_page(chromium, "en-US")
    sign_in_as_staff(page, server.url, "en", "E-mail", "Password", "Sign in")
    before = store.current_version("claims")
    upload = tmp / "comar-entidades-2026.xlsx"
    comar_wide_workbook(upload)
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_text("Some rows of this file do not say which source they come from.").wait_for(timeout=60_000)
    wait_for_app(page)
    assert page.get_by_text("Preview: what changes against version").count() == 0  # the source comes first
    page.get_by_text("A new source", exact=True).click()
    page.get_by_label("Publisher", exact=True).wait_for(timeout=30_000)
    wait_for_app(page)
    shot(page, tmp, "wide-new-source-form")
    assert (
        page.get_by_label("Note", exact=True).input_value() == "Fuente: COMAR, cifras preliminares"
    )  # the file's note
    page.get_by_label("Publisher", exact=True).fill("COMAR")
    page.get_by_label("Title", exact=True).fill("Solicitudes de asilo por entidad federativa, enero y febrero de 2026")
    page.get_by_label("Web address (URL)", exact=True).fill("https://www.gob.mx/comar")
    page.get_by_label("As-of date (YYYY-MM-DD)", exact=True).fill("2026-11-05")
    page.get_by_role("button", name="Use this source").click()
    page.get_by_text("Preview: what changes against version").wait_for(timeout=60_000)
    wait_for_app(page)
    shot(page, tmp, "wide-preview")
    assert page.get_by_text("New source, created when you publish: COMAR").is_visible()
    assert page.get_by_text(
        "Source of the rows without one: COMAR — Solicitudes de asilo por entidad federativa, "
        "enero y febrero de 2026 (2026-11-05)"
    ).is_visible()
    assert page.get_by_text("Unit: persons").is_visible()
    assert metric_value(page, "Rows added") == "6"  # two states and the Total, two months each

    page.get_by_role("button", name="Publish as a new version").click()
    page.get_by_text("published by ana@example.org").wait_for(timeout=60_000)
    wait_for_app(page)

    page.goto(server.url + "/arrivals?lang=en&arrivals_period=2026-02")  # the file's last month, by its code
    wait_for_app(page)
    page.get_by_text("Claims by office and state: Feb 2026").wait_for(timeout=60_000)
    caption = page.get_by_text(
        "Source: COMAR, Solicitudes de asilo por entidad federativa, enero y febrero de 2026. As of November 5, 2026."
    )
    try:
        caption.first.wait_for(timeout=60_000)
    finally:
        wait_for_app(page)
        shot(page, tmp, "wide-arrivals")
    assert page.get_by_test_id("stVegaLiteChart").count() >= 1  # the map
    # The file's February figures, as published: Chiapas 1,300 and Tabasco 60, the Total row 1,360 their national
    # total (never added to its parts).
    assert page.get_by_text(
        "For Feb 2026 there are 2 figures by office or state; the largest is Chiapas, with 1,300 claims."
    ).is_visible()
    assert page.get_by_text("National total in that release: 1,360.").is_visible()
    table_view = page.get_by_test_id("stExpander").filter(has_text="View as a table and download").first
    table_view.locator("summary").click()  # opened, it reruns: its table, then its CSV button
    table_view.get_by_test_id("stDownloadButton").first.wait_for(timeout=30_000)
    wait_for_app(page)  # a click during that rerun asks for a file the run is still replacing
    with page.expect_download() as download:
        table_view.get_by_test_id("stDownloadButton").filter(has_text="Download CSV").locator("button").first.click()
    shown = pd.read_csv(download.value.path(), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert sorted(shown[["Office or state", "Claims"]].values.tolist()) == [["Chiapas", "1300"], ["Tabasco", "60"]]

    page.goto(server.url + "/data?lang=en")  # still signed in: the sign-in outlives the typed address
    wait_for_app(page)
    page.get_by_role("tab", name="History and rollback").click()
    page.get_by_test_id("stTabs").get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name=str(before), exact=True).click()  # the version before the one just published
    page.get_by_role("button", name="Roll back to version").click()
    page.get_by_text("is back at version").wait_for(timeout=60_000)
    wait_for_app(page)
    shot(page, tmp, "wide-rolled-back")
    try:
        assert store.current_version("claims") == before
        assert "2026-02-01" not in set(store.load("claims")["period_start"])
        page.goto(server.url + "/arrivals?lang=en&arrivals_period=2026-02")  # rolled back: the figures are gone
        page.get_by_text("Claims by office and state:").first.wait_for(timeout=60_000)
        wait_for_app(page)
        shot(page, tmp, "wide-arrivals-rolled-back")
        assert page.get_by_text("Claims by office and state: Feb 2026").count() == 0
        assert page.get_by_text("with 1,300 claims").count() == 0
        assert page.get_by_text("National total in that release: 1,360.").count() == 0
        sources = store.load("sources")
        assert "COMAR" in set(sources.loc[sources["as_of"] == "2026-11-05", "publisher"])  # the source stays
    finally:
        store.engine.dispose()
    page.context.close()

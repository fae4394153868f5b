"""Real browser: a staff sign-in survives a reload, a new tab and a typed address; an upload waiting for Publish
is named after the reload; signing out in one tab ends the sign-in in both. In Spanish and in English."""

from __future__ import annotations

import pytest

from tests.browser import STAFF_PASSWORD, new_page, other_hosts, wait_for_app

pytestmark = pytest.mark.browser
PASSWORD = STAFF_PASSWORD  # the account tests.browser.staff_app creates
UPLOAD = 'Periodo,Solicitudes,Fuente\n2026,"99,999",unhcr-stats\n'
# what a reader of each language sees (mirps_dash/catalogue/staff.py and core.py)
WORDS = {
    "es": {
        "prompt": "Esta página es solo para el personal que actualiza los datos. Inicie sesión para continuar.",
        "email": "Correo electrónico",
        "password": "Contraseña",
        "sign_in": "Entrar",
        "signed_in": "Sesión: ana@example.org",
        "publish": "Publicar",
        "upload_lost": "El archivo «update.csv» se estaba revisando antes de recargar la página",
        "sign_out": "Cerrar sesión",
        "data_page": "Datos (personal)",
        "overview": "Resumen",
        "sign_in_page": "Acceso del personal",
    },
    "en": {
        "prompt": "This page is for the staff who update the data. Sign in to continue.",
        "email": "E-mail",
        "password": "Password",
        "sign_in": "Sign in",
        "signed_in": "Signed in: ana@example.org",
        "publish": "Publish",
        "upload_lost": "The file “update.csv” was being checked before the page was reloaded",
        "sign_out": "Sign out",
        "data_page": "Data (staff)",
        "overview": "Overview",
        "sign_in_page": "Staff sign-in",
    },
}
LOCALES = {"es": "es-MX", "en": "en-US"}


def staff_cookie(context) -> dict | None:
    return next((cookie for cookie in context.cookies() if cookie["name"] == "mirps_staff"), None)


def open_data(page, url: str, lang: str) -> None:
    page.goto(url + f"/data?lang={lang}")
    page.get_by_test_id("stApp").wait_for(timeout=60_000)
    wait_for_app(page)


def shows_staff_page(page, lang: str) -> bool:
    page.locator("input[type=file]").wait_for(state="attached", timeout=30_000)
    return page.get_by_text(WORDS[lang]["signed_in"]).is_visible()


def shows_prompt(page, lang: str) -> bool:
    page.get_by_text(WORDS[lang]["prompt"]).wait_for(timeout=30_000)
    # the run that draws the prompt leaves the signed-in page's elements in place, stale, until it ends
    wait_for_app(page)
    return page.locator("input[type=file]").count() == 0


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_sign_in_survives_reload_new_tab_and_typed_address_and_ends_in_both_tabs_at_sign_out(
    staff_app, chromium, lang: str
) -> None:
    server, tmp = staff_app
    words = WORDS[lang]
    first = new_page(chromium, LOCALES[lang])
    violations = []
    first.context.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page_url = server.url
    first.goto(page_url + f"/?lang={lang}")  # app.py's navigation once, then the Data page by address
    wait_for_app(first)
    open_data(first, page_url, lang)
    first.get_by_label(words["email"], exact=True).fill("ana@example.org")
    first.get_by_label(words["password"], exact=True).fill(PASSWORD)
    first.get_by_role("button", name=words["sign_in"], exact=True).click()
    assert shows_staff_page(first, lang)
    # static/staff_session.js writes the cookie once it has loaded, a moment after the page shows
    first.wait_for_function("() => document.cookie.includes('mirps_staff=')", timeout=30_000)
    cookie = staff_cookie(first.context)
    assert cookie is not None and cookie["sameSite"] == "Strict" and cookie["expires"] > 0  # kept, not a session cookie

    first.locator("input[type=file]").set_input_files(
        files=[{"name": "update.csv", "mimeType": "text/csv", "buffer": UPLOAD.encode()}]
    )
    first.get_by_role("button", name=words["publish"]).wait_for(timeout=60_000)
    first.reload()
    wait_for_app(first)
    assert shows_staff_page(first, lang)  # no password typed again
    first.get_by_text(words["upload_lost"]).wait_for(timeout=30_000)
    first.screenshot(path=str(tmp / f"reloaded-{lang}.png"), full_page=True)

    second = first.context.new_page()  # a new tab of the same browser
    open_data(second, page_url, lang)
    assert shows_staff_page(second, lang)
    second.goto(page_url + f"/overview?lang={lang}")  # a typed address: the navigation still has the Data page
    wait_for_app(second)
    second.get_by_test_id("stSidebarNavLink").filter(has_text=words["data_page"]).wait_for(timeout=30_000)
    open_data(second, page_url, lang)
    assert shows_staff_page(second, lang)

    first.get_by_role("button", name=words["sign_out"]).click()
    assert shows_prompt(first, lang)
    first.wait_for_function("() => !document.cookie.includes('mirps_staff=')", timeout=10_000)
    assert staff_cookie(first.context) is None

    nav = second.get_by_test_id("stSidebarNavLink")
    nav.filter(has_text=words["overview"]).click()  # the other tab's next rerun, without a reload: signed out too
    nav.filter(has_text=words["sign_in_page"]).wait_for(timeout=30_000)
    assert nav.filter(has_text=words["data_page"]).count() == 0
    second.reload()
    open_data(second, page_url, lang)
    assert shows_prompt(second, lang)
    assert other_hosts(first) == [] and violations == []
    first.context.close()

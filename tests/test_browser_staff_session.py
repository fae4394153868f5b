"""Real browser: a staff sign-in survives a reload, a new tab and a typed address; an upload waiting for Publish
is named after the reload; signing out in one tab ends the sign-in in both."""

from __future__ import annotations

import pytest

from tests.browser import STAFF_PASSWORD, new_page, other_hosts, wait_for_app

pytestmark = pytest.mark.browser
PASSWORD = STAFF_PASSWORD  # the account tests.browser.staff_app creates
UPLOAD = 'Periodo,Solicitudes,Fuente\n2026,"99,999",unhcr-stats\n'
PROMPT = "This page is for the staff who update the data. Sign in to continue."


def staff_cookie(context) -> dict | None:
    return next((cookie for cookie in context.cookies() if cookie["name"] == "mirps_staff"), None)


def open_data(page, url: str) -> None:
    page.goto(url + "/data?lang=en")
    page.get_by_test_id("stApp").wait_for(timeout=60_000)
    wait_for_app(page)


def shows_staff_page(page) -> bool:
    page.locator("input[type=file]").wait_for(state="attached", timeout=30_000)
    return page.get_by_text("Signed in: ana@example.org").is_visible()


def shows_prompt(page) -> bool:
    page.get_by_text(PROMPT).wait_for(timeout=30_000)
    return page.locator("input[type=file]").count() == 0


def test_a_sign_in_survives_reload_new_tab_and_typed_address_and_ends_in_both_tabs_at_sign_out(
    staff_app, chromium
) -> None:
    server, tmp = staff_app
    first = new_page(chromium, "en-US")
    violations = []
    first.context.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page_url = server.url
    first.goto(page_url + "/?lang=en")  # app.py's navigation once, then the Data page by address
    wait_for_app(first)
    open_data(first, page_url)
    first.get_by_label("E-mail", exact=True).fill("ana@example.org")
    first.get_by_label("Password", exact=True).fill(PASSWORD)
    first.get_by_role("button", name="Sign in").click()
    assert shows_staff_page(first)
    cookie = staff_cookie(first.context)
    assert cookie is not None and cookie["sameSite"] == "Strict" and cookie["expires"] > 0  # kept, not a session cookie

    first.locator("input[type=file]").set_input_files(
        files=[{"name": "update.csv", "mimeType": "text/csv", "buffer": UPLOAD.encode()}]
    )
    first.get_by_role("button", name="Publish").wait_for(timeout=60_000)
    first.reload()
    wait_for_app(first)
    assert shows_staff_page(first)  # no password typed again
    first.get_by_text("The file “update.csv” was being checked before the page was reloaded").wait_for(timeout=30_000)
    first.screenshot(path=str(tmp / "reloaded.png"), full_page=True)

    second = first.context.new_page()  # a new tab of the same browser
    open_data(second, page_url)
    assert shows_staff_page(second)
    second.goto(page_url + "/overview?lang=en")  # a typed address: the navigation still has the Data page
    wait_for_app(second)
    second.get_by_test_id("stSidebarNavLink").filter(has_text="Data (staff)").wait_for(timeout=30_000)
    open_data(second, page_url)
    assert shows_staff_page(second)

    first.get_by_role("button", name="Sign out").click()
    assert shows_prompt(first)
    first.wait_for_function("() => !document.cookie.includes('mirps_staff=')", timeout=10_000)
    assert staff_cookie(first.context) is None

    nav = second.get_by_test_id("stSidebarNavLink")
    nav.filter(has_text="Overview").click()  # the other tab's next rerun, without a reload: signed out there too
    nav.filter(has_text="Staff sign-in").wait_for(timeout=30_000)
    assert nav.filter(has_text="Data (staff)").count() == 0
    second.reload()
    open_data(second, page_url)
    assert shows_prompt(second)
    assert other_hosts(first) == [] and violations == []
    first.context.close()

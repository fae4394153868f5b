"""Sign-in abuse through the Data page (AppTest): throttling per account and address, one answer for every
refusal, the failed attempts shown after sign-in, and a sign-in that survives a new session and ends everywhere."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mirps_dash import auth
from mirps_dash.service import ensure_seeded
from mirps_dash.store import Store, make_engine

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery"
STRANGER, OFFICE, HOME = "203.0.113.7", "198.51.100.4", "192.0.2.10"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
UPDATE = b'Periodo,Oficina,Solicitudes,Fuente\n2026-01,Tapachula,"1,234",unhcr-stats\n'


class Clock:
    """The time auth reads, moved by the test (no test waits for real seconds)."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(auth, "_now", clock)
    return clock


@pytest.fixture
def store(sqlite_env: Path) -> Store:
    """The app's own store (the same SQLite file), seeded, with one local staff account."""
    store = Store(make_engine())
    ensure_seeded(store)
    auth.add_staff(store.engine, "ana@example.org", PASSWORD)
    yield store
    store.engine.dispose()


@pytest.fixture
def place(monkeypatch: pytest.MonkeyPatch) -> dict:
    """The address (and browser cookie) each next AppTest run comes from: AppTest cannot seed st.context's."""
    where = {"address": OFFICE, "cookie": None}
    monkeypatch.setattr("mirps_dash.ui.client_address", lambda: where["address"])
    monkeypatch.setattr("mirps_dash.ui.staff_cookie", lambda: where["cookie"])
    return where


def open_data_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/data.py")
    at.run()
    assert not at.exception, at.exception
    return at


def sign_in(at: AppTest, email: str = "ana@example.org", password: str = PASSWORD) -> AppTest:
    at.text_input(key="data_email").input(email)
    at.text_input(key="data_password").input(password)
    at.button(key="data_sign_in").click()
    at.run()
    assert not at.exception, at.exception
    return at


def answer(at: AppTest) -> str:
    (error,) = at.error
    return error.value


def wait_s(text: str) -> int:
    return int(re.search(r"try again in (\d+) s", text).group(1))


def signed_in(at: AppTest) -> bool:
    return len(at.file_uploader) == 1


def cookie_written(at: AppTest) -> str | None:
    """The token the page's script hands the browser to keep (None when no script sets one)."""
    for element in at.get("html"):
        if found := re.search(r'data-name="mirps_staff" data-token="([^"]+)"', element.proto.body):
            return found.group(1)
    return None


def test_a_strangers_failures_slow_only_the_stranger_and_staff_then_see_them(store, clock, place) -> None:
    place["address"] = STRANGER
    stranger = open_data_page()
    waits = []
    for guess in range(6):
        clock.advance(waits[-1] if waits else 0)  # each try once the previous wait has run out
        waits.append(wait_s(answer(sign_in(stranger, password=f"guess number {guess}"))))
    assert waits == [1, 2, 4, 8, 16, 32]  # each failure doubles the wait: no hard lock that a stranger renews
    clock.advance(30)
    assert wait_s(answer(sign_in(stranger, password="guess again now"))) == 2  # too early: refused, not counted

    place["address"] = OFFICE
    ana = sign_in(open_data_page())
    assert signed_in(ana)  # at once, from her own address, while the stranger still waits
    (warning,) = [w.value for w in ana.warning if "Failed attempts" in w.value]
    assert "since your last sign-in: 6" in warning
    shown = next(frame.value for frame in ana.dataframe if "From address" in frame.value.columns)
    assert shown["From address"].tolist() == [STRANGER] * 6
    newest = START + dt.timedelta(seconds=31)
    assert shown["When (UTC)"].iloc[0] == newest.strftime("%Y-%m-%d %H:%M:%S UTC")

    ana.button(key="data_failures_hide").click().run()
    assert not [w for w in ana.warning if "Failed attempts" in w.value]


def test_a_stranger_on_many_addresses_cannot_keep_staff_out_of_a_new_one(store, clock, place) -> None:
    for n in range(12):  # a wrong password from a fresh address each time the last wait runs out
        clock.advance(auth.sign_in(store.engine, "ana@example.org", "guess", f"203.0.113.{n}").wait_s)
    place["address"] = "203.0.113.200"
    assert wait_s(answer(sign_in(open_data_page(), password="one more guess"))) == 128  # 13th address: 2^7 s

    place["address"] = HOME  # Ana, travelling: an address she never signed in from, a second later
    clock.advance(1)
    assert signed_in(sign_in(open_data_page()))


def test_unknown_email_wrong_password_and_throttled_account_get_the_same_answer(store, clock, place) -> None:
    place["address"] = STRANGER
    unknown = answer(sign_in(open_data_page(), email="nobody@example.org", password="whatever it is"))
    place["address"] = HOME
    at = open_data_page()
    wrong = answer(sign_in(at, password="not the password"))
    throttled = answer(sign_in(at))  # the right password, one second too early: refused, unchecked
    assert unknown == wrong == throttled == "Wrong e-mail or password, or too many attempts. You can try again in 1 s."
    assert not signed_in(at)
    clock.advance(1)
    assert signed_in(sign_in(at))  # waiting always ends: the early try did not count


def test_the_spanish_answer_is_the_same_for_every_refusal_too(store, clock, place) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "es"
    at.run()
    at.switch_page("pages/data.py").run()
    assert answer(sign_in(at, email="nadie@example.org", password="lo que sea")) == (
        "Correo o contraseña incorrectos, o demasiados intentos. Podrá volver a intentarlo en 1 s."
    )


def test_a_sign_in_carries_to_a_new_session_through_the_cookie_and_sign_out_ends_both(store, clock, place) -> None:
    first = sign_in(open_data_page())
    token = cookie_written(first)
    assert token and auth.verify_token(store.engine, token, _secret()) == "ana@example.org"

    place["cookie"] = token  # a reload or a new tab: a new session that sends the cookie
    second = open_data_page()
    # Streamlit internal: AppTest lists no pages that st.navigation was given (_registered_pages)
    assert signed_in(second) and "Data (staff)" in {p.get("page_name") for p in second._registered_pages.values()}

    second.button(key="data_sign_out").click().run()
    assert not signed_in(second) and cookie_written(second) is None
    assert any('data-name="mirps_staff" data-token="" data-max-age="0"' in e.proto.body for e in second.get("html"))
    first.run()
    assert not signed_in(first)  # the other tab is signed out at its next rerun
    assert not signed_in(open_data_page())  # and the old cookie no longer signs anyone in


def test_an_upload_waiting_for_publish_is_named_after_a_reload(store, clock, place) -> None:
    first = sign_in(open_data_page())
    first.file_uploader[0].upload("update.csv", UPDATE, "text/csv")
    first.run()
    assert [b for b in first.button if b.key == "data_publish"]
    place["cookie"] = cookie_written(sign_in(open_data_page()))  # a fresh token from a second sign-in
    reloaded = open_data_page()
    assert signed_in(reloaded)
    (lost,) = [w.value for w in reloaded.warning if "update.csv" in w.value]
    assert "upload it again here to publish it" in lost


def _secret() -> str:
    from mirps_dash.ui import session_secret

    return session_secret()


@pytest.mark.parametrize(
    ("configured", "email", "staff"),
    [
        (True, "Ana@Example.org", True),
        (True, "visitor@example.org", False),  # the proxy's user, but not on the staff list
        (False, "ana@example.org", False),  # without the option, an e-mail in st.user is nobody's word
    ],
)
def test_behind_an_identity_aware_proxy_its_email_header_decides(store, place, configured, email, staff) -> None:
    # Streamlit internal: st.set_option refuses server options, so the test sets one through config
    from streamlit import config

    before = config.get_option("server.trustedUserHeaders")
    config.set_option("server.trustedUserHeaders", {"X-Forwarded-Email": "email"} if configured else {})
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params["lang"] = "en"
        at.user = {"email": email}  # what Streamlit puts in st.user from the header: no is_logged_in
        at.run()
        at.switch_page("pages/data.py").run()
    finally:
        config.set_option("server.trustedUserHeaders", before)
    assert not at.exception, at.exception
    assert signed_in(at) is staff
    if staff:
        assert not [b for b in at.sidebar.button if b.key == "data_sign_out"]  # the proxy signs out, not the app

"""Staff accounts: argon2 hashes, throttled sign-in, signed session tokens, the OIDC and proxy allowlist, and the CLI."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from mirps_dash import auth
from mirps_dash.cli import main
from mirps_dash.store import make_engine

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path):
    """The staff tables on SQLite, and on PostgreSQL (what replicas share: attempts and session keys live there)."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'staff.sqlite3'}")
    else:
        engine = make_engine(request.getfixturevalue("postgres_database"))
        auth.staff_metadata.drop_all(engine)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE IF EXISTS staff_accounts"))
    auth._created.clear()
    yield engine
    engine.dispose()


def test_a_right_password_signs_in_and_the_table_holds_only_an_argon2_hash(engine) -> None:
    auth.add_staff(engine, " Ana@Example.org ", PASSWORD)
    assert auth.sign_in(engine, "ana@example.org", PASSWORD).outcome == "ok"
    with engine.connect() as connection:
        stored = connection.execute(sa.select(auth.staff_table.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


START = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
SECRET = "a secret shared by every replica"


def later(seconds: float) -> dt.datetime:
    return START + dt.timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("email", "password"),
    [("ana@example.org", "wrong password!"), ("nobody@example.org", PASSWORD), ("ana@example.org", "")],
)
def test_a_wrong_email_or_password_is_refused(engine, email: str, password: str) -> None:
    auth.add_staff(engine, "ana@example.org", PASSWORD)
    assert auth.sign_in(engine, email, password).outcome == "refused"


def test_each_failure_doubles_the_wait_and_an_early_try_is_refused_uncounted_even_with_the_right_password(
    engine,
) -> None:
    auth.add_staff(engine, "ana@example.org", PASSWORD)
    moment, waits = START, []
    for _ in range(12):
        waits.append(auth.sign_in(engine, "ana@example.org", "guess", "203.0.113.7", now=moment).wait_s)
        moment += dt.timedelta(seconds=waits[-1])
    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]  # capped at 15 minutes, never a lock
    early = auth.sign_in(engine, "ana@example.org", PASSWORD, "203.0.113.7", now=moment - dt.timedelta(seconds=100))
    assert (early.outcome, early.wait_s) == ("refused", 100)
    assert auth.sign_in(engine, "ana@example.org", PASSWORD, "203.0.113.7", now=moment).outcome == "ok"


def test_an_unknown_email_is_answered_exactly_as_a_known_one(engine) -> None:
    auth.add_staff(engine, "ana@example.org", PASSWORD)

    def answers(email: str, address: str) -> list[tuple[str, str, int]]:
        moments = [START, later(0.5), later(1), later(2), later(3), later(7)]
        return [
            (r.outcome, r.email, r.wait_s)
            for r in (auth.sign_in(engine, email, "guess", address, now=m) for m in moments)
        ]

    assert answers("ana@example.org", "203.0.113.7") == answers("nobody@example.org", "198.51.100.4")


def test_a_strangers_failures_do_not_slow_the_account_from_another_address(engine) -> None:
    auth.add_staff(engine, "ana@example.org", PASSWORD)
    moment = START
    for _ in range(10):
        moment += dt.timedelta(
            seconds=auth.sign_in(engine, "ana@example.org", "guess", "203.0.113.7", now=moment).wait_s
        )
    assert (
        auth.sign_in(engine, "ana@example.org", "guess", "203.0.113.7", now=moment - dt.timedelta(seconds=1)).wait_s > 0
    )
    result = auth.sign_in(engine, "ana@example.org", PASSWORD, "198.51.100.4", now=moment - dt.timedelta(seconds=1))
    assert result.outcome == "ok"
    assert [address for _, address in result.failures] == ["203.0.113.7"] * 10


def test_one_address_trying_many_emails_is_slowed_down(engine) -> None:
    waits = [
        auth.sign_in(engine, f"guess{n}@example.org", "guess", "203.0.113.7", now=later(n * 60)).wait_s
        for n in range(13)
    ]
    assert waits == [1] * 10 + [1, 2, 4]  # from the 11th e-mail the address waits longer with each one
    assert auth.sign_in(engine, "new@example.org", "guess", "198.51.100.4", now=later(12 * 60)).wait_s == 1


def test_many_addresses_slow_the_account_except_from_an_address_it_signed_in_from(engine) -> None:
    auth.add_staff(engine, "ana@example.org", PASSWORD)
    assert auth.sign_in(engine, "ana@example.org", PASSWORD, "198.51.100.4", now=START).outcome == "ok"
    for n in range(8):
        auth.sign_in(engine, "ana@example.org", "guess", f"203.0.113.{n}", now=later(60 + n))
    assert auth.sign_in(engine, "ana@example.org", "guess", "192.0.2.1", now=later(70)).wait_s > 1  # a ninth stranger
    assert auth.sign_in(engine, "ana@example.org", PASSWORD, "198.51.100.4", now=later(70)).outcome == "ok"


def test_a_stranger_renewing_failures_from_new_addresses_never_keeps_staff_out(engine) -> None:
    """The audit's attack: one wrong password from a fresh address each time the last wait runs out, for hours.
    The right password from an address that has not failed signs in at once, however recent the stranger's try."""
    auth.add_staff(engine, "ana@example.org", PASSWORD)
    moment = START
    for n in range(40):
        moment += dt.timedelta(
            seconds=auth.sign_in(engine, "ana@example.org", "guess", f"2001:db8:{n}::1", now=moment).wait_s
        )
    assert auth.sign_in(engine, "ana@example.org", "guess", "203.0.113.99", now=moment).wait_s == 300  # slowed
    result = auth.sign_in(engine, "ana@example.org", PASSWORD, "198.51.100.4", now=moment + dt.timedelta(seconds=1))
    assert result.outcome == "ok"
    assert len(result.failures) == auth.SHOWN_FAILURES  # and she sees them


def test_under_attack_a_staff_typo_waits_at_most_the_cap_from_her_own_failure(engine) -> None:
    auth.add_staff(engine, "ana@example.org", PASSWORD)
    for n in range(8):
        auth.sign_in(engine, "ana@example.org", "guess", f"203.0.113.{n}", now=later(n))
    typo = auth.sign_in(engine, "ana@example.org", "typo typo typo", "198.51.100.4", now=later(10))
    assert typo.wait_s > 1  # one more address failing on an account under attack waits longer
    for n in range(8, 40):  # the stranger keeps trying from new addresses, the last a second before she does
        auth.sign_in(engine, "ana@example.org", "guess", f"203.0.113.{n}", now=later(10 + auth.ACCOUNT_CAP_S - 40 + n))
    on_time = auth.sign_in(engine, "ana@example.org", PASSWORD, "198.51.100.4", now=later(10 + auth.ACCOUNT_CAP_S))
    assert on_time.outcome == "ok"  # her wait is not renewed by the stranger's tries


def test_staff_see_the_failures_since_their_previous_sign_in_only(engine) -> None:
    auth.add_staff(engine, "ana@example.org", PASSWORD)
    auth.sign_in(engine, "ana@example.org", "guess", "203.0.113.7", now=START)
    first = auth.sign_in(engine, "ana@example.org", PASSWORD, "198.51.100.4", now=later(60))
    assert first.failures == ((START, "203.0.113.7"),)
    assert auth.format_failures(first.failures) == [{"when": "2026-01-01 12:00:00 UTC", "address": "203.0.113.7"}]
    assert auth.sign_in(engine, "ana@example.org", PASSWORD, "198.51.100.4", now=later(120)).failures == ()


def test_short_passwords_and_non_emails_are_refused(engine) -> None:
    with pytest.raises(ValueError, match="10 characters"):
        auth.add_staff(engine, "ana@example.org", "short")
    with pytest.raises(ValueError, match="e-mail"):
        auth.add_staff(engine, "ana", PASSWORD)


def test_signed_in_is_not_staff_the_allowlist_decides_on_every_rerun(engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIRPS_STAFF_EMAILS", "luis@example.org, ana@example.org")
    outsider = {"is_logged_in": True, "email": "visitor@example.org"}
    insider = {"is_logged_in": True, "email": "Luis@Example.org"}
    assert auth.current_staff(engine, outsider, {}) is None
    assert auth.current_staff(engine, insider, {}) == "luis@example.org"
    assert auth.current_staff(engine, {"is_logged_in": False, "email": "luis@example.org"}, {}) is None
    monkeypatch.setenv("MIRPS_STAFF_EMAILS", "")
    assert auth.current_staff(engine, insider, {}) is None  # taken off the list: no longer staff at the next rerun


def test_a_token_is_signed_with_the_servers_secret(engine) -> None:
    auth.add_staff(engine, "ana@example.org", PASSWORD)
    token = auth.issue_token(engine, "ana@example.org", SECRET)
    assert auth.verify_token(engine, token, SECRET) == "ana@example.org"
    assert auth.verify_token(engine, token, "another replica's own secret") is None
    payload, signature = token.rsplit(".", 1)
    assert auth.verify_token(engine, f"{payload}.{signature[::-1]}", SECRET) is None
    forged = auth.URLSafeTimedSerializer("guessed", salt=auth.TOKEN_SALT).dumps({"e": "ana@example.org", "k": "x"})
    assert auth.verify_token(engine, forged, SECRET) is None
    assert auth.verify_token(engine, "not a token", SECRET) is None


def test_a_token_expires_after_the_session_hours(engine, monkeypatch: pytest.MonkeyPatch) -> None:
    auth.add_staff(engine, "ana@example.org", PASSWORD)
    token = auth.issue_token(engine, "ana@example.org", SECRET)
    now = dt.datetime.now(dt.UTC)
    assert auth.verify_token(engine, token, SECRET, now=now + dt.timedelta(hours=7, minutes=59)) == "ana@example.org"
    assert auth.verify_token(engine, token, SECRET, now=now + dt.timedelta(hours=8, minutes=1)) is None
    monkeypatch.setenv("MIRPS_STAFF_SESSION_HOURS", "1")
    assert auth.verify_token(engine, token, SECRET, now=now + dt.timedelta(minutes=61)) is None


def test_signing_out_rejects_every_token_of_the_account(engine) -> None:
    auth.add_staff(engine, "ana@example.org", PASSWORD)
    auth.add_staff(engine, "luis@example.org", PASSWORD)
    tab, laptop = (auth.issue_token(engine, "ana@example.org", SECRET) for _ in range(2))
    other = auth.issue_token(engine, "luis@example.org", SECRET)
    auth.end_sessions(engine, "ana@example.org")
    assert auth.verify_token(engine, tab, SECRET) is None and auth.verify_token(engine, laptop, SECRET) is None
    assert auth.verify_token(engine, other, SECRET) == "luis@example.org"
    assert auth.verify_token(engine, auth.issue_token(engine, "ana@example.org", SECRET), SECRET) == "ana@example.org"


@pytest.mark.parametrize("change", ["removed", "removed and created again", "new password"])
def test_a_token_is_rejected_once_its_account_is_removed_or_given_a_new_password(engine, change: str) -> None:
    auth.add_staff(engine, "ana@example.org", PASSWORD)
    token = auth.issue_token(engine, "ana@example.org", SECRET)
    if change.startswith("removed"):
        assert auth.remove_staff(engine, "ana@example.org")
    if change != "removed":
        auth.add_staff(engine, "ana@example.org", "another long password")
    assert auth.verify_token(engine, token, SECRET) is None


def test_a_session_takes_the_browsers_cookie_once_and_drops_it_when_it_stops_working(engine) -> None:
    auth.add_staff(engine, "ana@example.org", PASSWORD)
    cookie = auth.issue_token(engine, "ana@example.org", SECRET)
    session: dict = {}
    assert auth.current_staff(engine, {}, session, secret=SECRET, cookie=cookie) == "ana@example.org"
    assert session[auth.RESTORED_KEY] is True
    assert auth.remove_staff(engine, "ana@example.org")
    assert auth.current_staff(engine, {}, session, secret=SECRET, cookie=cookie) is None
    assert auth.SESSION_KEY not in session
    auth.add_staff(engine, "ana@example.org", PASSWORD)
    assert auth.current_staff(engine, {}, {}, secret=SECRET, cookie=cookie) is None  # re-created: old cookie dead
    assert auth.current_staff(engine, {}, {}, secret=SECRET, cookie="forged") is None
    assert auth.current_staff(engine, {}, {}, secret=None, cookie=cookie) is None


def test_a_proxy_identity_counts_only_when_configured_and_on_the_allowlist(engine) -> None:
    auth.add_staff(engine, "ana@example.org", None)
    from_proxy = {"email": "Ana@Example.org"}  # st.user from server.trustedUserHeaders: no is_logged_in
    assert auth.current_staff(engine, from_proxy, {}, proxy_identity=True) == "ana@example.org"
    assert auth.current_staff(engine, from_proxy, {}) is None  # without the proxy set up, a header means nothing
    assert auth.current_staff(engine, {"email": "visitor@example.org"}, {}, proxy_identity=True) is None


@pytest.mark.parametrize(
    ("ip", "forwarded", "proxies", "expected"),
    [
        ("203.0.113.7", None, 0, "203.0.113.7"),
        (None, None, 0, "local"),
        ("10.0.0.2", "198.51.100.4", 0, "10.0.0.2"),  # not configured: a client-sent header is ignored
        ("10.0.0.2", "198.51.100.4", 1, "198.51.100.4"),
        ("10.0.0.2", "6.6.6.6, 198.51.100.4", 1, "198.51.100.4"),  # a forged first entry is not the proxy's
        ("10.0.0.2", "192.0.2.9, 198.51.100.4, 10.0.0.3", 2, "198.51.100.4"),
        ("2001:db8:1:2:3:4:5:6", None, 0, "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", None, 0, "203.0.113.7"),
    ],
)
def test_the_address_attempts_count_against(ip, forwarded, proxies, expected) -> None:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    assert auth.client_address(ip, headers, proxies) == expected


def test_an_older_staff_table_gains_the_new_columns(engine) -> None:
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "CREATE TABLE staff_accounts (email VARCHAR(320) PRIMARY KEY, password_hash VARCHAR(200), "
                "failed_attempts INTEGER NOT NULL, locked_until TIMESTAMP, created_at TIMESTAMP NOT NULL, "
                "last_sign_in TIMESTAMP)"
            )
        )
        connection.execute(
            sa.text("INSERT INTO staff_accounts VALUES ('old@example.org', NULL, 0, NULL, '2025-01-01', NULL)")
        )
    auth._created.clear()
    token = auth.issue_token(engine, "old@example.org", SECRET)
    assert auth.verify_token(engine, token, SECRET) == "old@example.org"


def test_an_identity_provider_only_account_cannot_sign_in_with_a_password(engine) -> None:
    auth.add_staff(engine, "bea@example.org", None)
    assert auth.sign_in(engine, "bea@example.org", "").outcome == "refused"
    assert auth.current_staff(engine, {"is_logged_in": True, "email": "bea@example.org"}, {}) == "bea@example.org"


class Terminal(io.StringIO):
    """Standard input that is a terminal (the password is then typed at getpass's prompt)."""

    def isatty(self) -> bool:
        return True


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_add_list_remove(
    sqlite_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert run(capsys, "staff", "add", "ana@example.org", "--password-stdin")[0] == 0
    typed = iter(["typed password 1", "typed password 1"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(typed))
    monkeypatch.setattr(sys, "stdin", Terminal())  # typed at a prompt, as in a terminal
    assert run(capsys, "staff", "add", "luis@example.org")[0] == 0
    listing = run(capsys, "staff", "list")[1]
    assert "ana@example.org\tpassword\tactive" in listing and "luis@example.org" in listing
    assert PASSWORD not in listing and "argon2" not in listing
    engine = make_engine()
    assert auth.sign_in(engine, "luis@example.org", "typed password 1").outcome == "ok"
    assert run(capsys, "staff", "remove", "ana@example.org")[0] == 0
    assert "ana@example.org" not in run(capsys, "staff", "list")[1]
    assert run(capsys, "staff", "remove", "ana@example.org")[0] == 1
    engine.dispose()


def test_cli_refuses_two_different_typed_passwords(
    sqlite_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    typed = iter(["typed password 1", "typed password 2"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(typed))
    monkeypatch.setattr(sys, "stdin", Terminal())
    code, _, err = run(capsys, "staff", "add", "ana@example.org")
    assert code == 1 and "differ" in err
    assert "ana@example.org" not in run(capsys, "staff", "list")[1]


def test_cli_staff_add_from_a_script(sqlite_env: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mirps_dash", "staff", "add", "ana@example.org", "--password-stdin"],
        cwd=ROOT,
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    engine = make_engine()
    assert auth.sign_in(engine, "ana@example.org", PASSWORD).outcome == "ok"
    engine.dispose()


def test_no_secret_is_kept_in_the_repository() -> None:
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert ".streamlit/secrets.toml" not in tracked
    assert not any(name.endswith((".sqlite3", ".env")) for name in tracked)

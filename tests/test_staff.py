"""Staff accounts: argon2 hashes, lockout after 5 failures, the OIDC allowlist, and `staff add|remove|list`."""

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


@pytest.fixture
def engine(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'staff.sqlite3'}")
    yield engine
    engine.dispose()


def test_a_right_password_signs_in_and_the_table_holds_only_an_argon2_hash(engine) -> None:
    auth.add_staff(engine, " Ana@Example.org ", PASSWORD)
    assert auth.sign_in(engine, "ana@example.org", PASSWORD).outcome == "ok"
    with engine.connect() as connection:
        stored = connection.execute(sa.select(auth.staff_table.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize(("email", "password"), [("ana@example.org", "wrong password!"), ("nobody@example.org", PASSWORD),
                                                 ("ana@example.org", "")])
def test_a_wrong_email_or_password_is_refused(engine, email: str, password: str) -> None:
    auth.add_staff(engine, "ana@example.org", PASSWORD)
    assert auth.sign_in(engine, email, password).outcome == "bad"


def test_five_failures_lock_the_account_even_for_the_right_password_until_the_lock_runs_out(engine) -> None:
    auth.add_staff(engine, "ana@example.org", PASSWORD)
    start = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
    outcomes = [auth.sign_in(engine, "ana@example.org", "guess", now=start).outcome for _ in range(5)]
    assert outcomes == ["bad", "bad", "bad", "bad", "locked"]
    assert auth.sign_in(engine, "ana@example.org", PASSWORD, now=start + dt.timedelta(minutes=14)).outcome == "locked"
    assert auth.sign_in(engine, "ana@example.org", PASSWORD, now=start + dt.timedelta(minutes=16)).outcome == "ok"


def test_a_success_resets_the_failure_count(engine) -> None:
    auth.add_staff(engine, "ana@example.org", PASSWORD)
    for _ in range(4):
        auth.sign_in(engine, "ana@example.org", "guess")
    assert auth.sign_in(engine, "ana@example.org", PASSWORD).outcome == "ok"
    assert [auth.sign_in(engine, "ana@example.org", "guess").outcome for _ in range(4)] == ["bad"] * 4


def test_a_new_password_clears_a_lockout(engine) -> None:
    auth.add_staff(engine, "ana@example.org", PASSWORD)
    for _ in range(5):
        auth.sign_in(engine, "ana@example.org", "guess")
    auth.add_staff(engine, "ana@example.org", "another long password")
    assert auth.sign_in(engine, "ana@example.org", "another long password").outcome == "ok"


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


def test_a_local_session_ends_when_its_account_is_removed(engine) -> None:
    auth.add_staff(engine, "ana@example.org", PASSWORD)
    session = {auth.SESSION_KEY: "ana@example.org"}
    assert auth.current_staff(engine, {}, session) == "ana@example.org"
    assert auth.remove_staff(engine, "ana@example.org")
    assert auth.current_staff(engine, {}, session) is None
    assert auth.SESSION_KEY not in session
    assert not auth.remove_staff(engine, "ana@example.org")


def test_an_identity_provider_only_account_cannot_sign_in_with_a_password(engine) -> None:
    auth.add_staff(engine, "bea@example.org", None)
    assert auth.sign_in(engine, "bea@example.org", "").outcome == "bad"
    assert auth.current_staff(engine, {"is_logged_in": True, "email": "bea@example.org"}, {}) == "bea@example.org"


class Terminal(io.StringIO):
    """Standard input that is a terminal (the password is then typed at getpass's prompt)."""

    def isatty(self) -> bool:
        return True


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_add_list_remove(sqlite_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
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


def test_cli_refuses_two_different_typed_passwords(sqlite_env: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    typed = iter(["typed password 1", "typed password 2"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(typed))
    monkeypatch.setattr(sys, "stdin", Terminal())
    code, _, err = run(capsys, "staff", "add", "ana@example.org")
    assert code == 1 and "differ" in err
    assert "ana@example.org" not in run(capsys, "staff", "list")[1]


def test_cli_staff_add_from_a_script(sqlite_env: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "mirps_dash", "staff", "add", "ana@example.org", "--password-stdin"],
                            cwd=ROOT, input=PASSWORD + "\n", capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    engine = make_engine()
    assert auth.sign_in(engine, "ana@example.org", PASSWORD).outcome == "ok"
    engine.dispose()


def test_no_secret_is_kept_in_the_repository() -> None:
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert ".streamlit/secrets.toml" not in tracked
    assert not any(name.endswith((".sqlite3", ".env")) for name in tracked)

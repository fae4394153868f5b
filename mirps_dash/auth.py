"""Who may upload: local staff accounts (argon2 hashes, lockout) and the allowlist for OIDC sign-in.

Two ways in. With an identity provider in `.streamlit/secrets.toml` ([auth]), `st.login` signs a person in
and this module decides whether that e-mail is staff (MIRPS_STAFF_EMAILS or the staff table), on every
rerun: being signed in is not being staff. With no provider (the default), staff sign in on the Data page
with an account created from the command line (`python -m mirps_dash staff add EMAIL`). No secret lives in
the repository: the table holds argon2 hashes only. Nothing here imports streamlit; `st.user` and
`st.session_state` are passed in as mappings.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.engine import Engine

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = dt.timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10
SESSION_KEY = "data_staff_email"  # st.session_state key of a local sign-in

staff_metadata = sa.MetaData()
staff_table = sa.Table(
    "staff_accounts",
    staff_metadata,
    sa.Column("email", sa.String(320), primary_key=True),
    sa.Column("password_hash", sa.String(200), nullable=True),
    sa.Column("failed_attempts", sa.Integer, nullable=False, default=0),
    sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_sign_in", sa.DateTime(timezone=True), nullable=True),
)


@dataclass(frozen=True)
class SignIn:
    """Outcome of a sign-in attempt: ok, bad (wrong e-mail or password) or locked (too many failures)."""

    outcome: str
    email: str = ""
    attempts_left: int = 0


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    """A hash to verify against for unknown e-mails, so that their answer takes as long as a known one."""
    return _hasher().hash("not a password of anyone")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; they were written in UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment is not None and moment.tzinfo is None else moment


def normalise_email(email: str) -> str:
    """Trimmed, lower-case e-mail (how accounts and allowlists are compared)."""
    return email.strip().lower()


_created: set[str] = set()  # databases where the table is known to exist (checked once per process)


def create_staff_table(engine: Engine) -> None:
    """Create the staff table when it does not exist (same database as the store); once per process and database."""
    url = engine.url.render_as_string(hide_password=True)
    if url not in _created:
        staff_metadata.create_all(engine, checkfirst=True)
        _created.add(url)


def add_staff(engine: Engine, email: str, password: str | None) -> None:
    """Create or update an account; a new password also clears any lockout. None: OIDC-only (no password)."""
    email = normalise_email(email)
    if "@" not in email:
        raise ValueError("an e-mail address is expected")
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    create_staff_table(engine)
    hashed = _hasher().hash(password) if password is not None else None
    with engine.begin() as connection:
        exists = connection.execute(sa.select(staff_table.c.email).where(staff_table.c.email == email)).first()
        values = {"password_hash": hashed, "failed_attempts": 0, "locked_until": None}
        if exists:
            connection.execute(staff_table.update().where(staff_table.c.email == email).values(**values))
        else:
            connection.execute(staff_table.insert().values(email=email, created_at=_now(), **values))


def remove_staff(engine: Engine, email: str) -> bool:
    """Delete an account; True when there was one. A signed-in session loses its rights at its next rerun."""
    create_staff_table(engine)
    with engine.begin() as connection:
        return connection.execute(staff_table.delete().where(staff_table.c.email == normalise_email(email))).rowcount > 0


def list_staff(engine: Engine) -> list[dict]:
    """Accounts with their state (no hashes): email, has_password, failed_attempts, locked_until, last_sign_in."""
    create_staff_table(engine)
    with engine.connect() as connection:
        rows = connection.execute(sa.select(staff_table).order_by(staff_table.c.email)).mappings().all()
    return [
        {"email": row["email"], "has_password": row["password_hash"] is not None,
         "failed_attempts": row["failed_attempts"], "locked_until": _aware(row["locked_until"]),
         "last_sign_in": _aware(row["last_sign_in"])}
        for row in rows
    ]


def staff_emails(engine: Engine) -> set[str]:
    """Every e-mail allowed to manage data: the staff table plus MIRPS_STAFF_EMAILS (comma-separated)."""
    allowed = {normalise_email(e) for e in os.environ.get("MIRPS_STAFF_EMAILS", "").split(",") if e.strip()}
    create_staff_table(engine)
    with engine.connect() as connection:
        allowed.update(connection.execute(sa.select(staff_table.c.email)).scalars())
    return allowed


def sign_in(engine: Engine, email: str, password: str, now: dt.datetime | None = None) -> SignIn:
    """Check a password; the 5th failure in a row locks the account for 15 minutes (even for the right password)."""
    email, now = normalise_email(email), now or _now()
    create_staff_table(engine)
    with engine.begin() as connection:
        row = connection.execute(sa.select(staff_table).where(staff_table.c.email == email)).mappings().first()
        if row is None or row["password_hash"] is None:
            _verify(_dummy_hash(), password)
            return SignIn("bad")
        locked_until = _aware(row["locked_until"])
        if locked_until is not None and locked_until > now:
            return SignIn("locked", email)
        failures = 0 if locked_until is not None else row["failed_attempts"]  # a lock that ran out starts afresh
        if _verify(row["password_hash"], password):
            connection.execute(staff_table.update().where(staff_table.c.email == email).values(
                failed_attempts=0, locked_until=None, last_sign_in=now))
            if _hasher().check_needs_rehash(row["password_hash"]):
                connection.execute(staff_table.update().where(staff_table.c.email == email).values(
                    password_hash=_hasher().hash(password)))
            return SignIn("ok", email)
        failures += 1
        locked = failures >= MAX_FAILED_ATTEMPTS
        connection.execute(staff_table.update().where(staff_table.c.email == email).values(
            failed_attempts=failures, locked_until=now + LOCKOUT if locked else None))
        return SignIn("locked" if locked else "bad", email, max(MAX_FAILED_ATTEMPTS - failures, 0))


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher().verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def oidc_email(user: Mapping) -> str | None:
    """The e-mail of a person signed in through the identity provider (st.user), else None."""
    if not user.get("is_logged_in", False):
        return None
    email = user.get("email")
    return normalise_email(str(email)) if email else None


def current_staff(engine: Engine, user: Mapping, session: MutableMapping) -> str | None:
    """E-mail of the staff member behind this session, checked against the accounts on every rerun; else None.

    An OIDC user counts only when their e-mail is on the allowlist; a local sign-in only while the account
    still exists (an account removed from the command line signs its sessions out).
    """
    email = oidc_email(user)
    local = session.get(SESSION_KEY) if email is None else None
    if email is None and local is None:
        return None  # a reader who has not signed in: nothing to look up (most reruns)
    allowed = staff_emails(engine)
    if email is not None:
        return email if email in allowed else None
    if local not in allowed:
        session.pop(SESSION_KEY, None)
        return None
    return local

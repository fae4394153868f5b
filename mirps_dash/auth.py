"""Who may upload: local staff accounts (argon2 hashes, throttled sign-in, signed sessions) and the OIDC allowlist.

Three ways in. With an identity provider in `.streamlit/secrets.toml` ([auth]), `st.login` signs a person in
and this module decides whether that e-mail is staff (MIRPS_STAFF_EMAILS or the staff table), on every
rerun: being signed in is not being staff. Behind an identity-aware proxy, `server.trustedUserHeaders` puts the
proxy's e-mail header into `st.user` and the same allowlist decides. With neither (the default), staff sign in
on the Data page with an account created from the command line (`mirps-dash staff add EMAIL`); the sign-in is
a token signed with the server's secret that the browser keeps for MIRPS_STAFF_SESSION_HOURS (default 8), valid
only while the account exists and has not signed out (a per-account key in the staff table, so signing out on
one replica ends every session on all of them). Failed attempts are kept in the database and slow down, per
account and per address, exponentially; every refusal reads the same, whatever its reason. No secret lives in
the repository: the table holds argon2 hashes only. Nothing here imports streamlit; `st.user` and
`st.session_state` are passed in as mappings.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import secrets
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from functools import cache
from typing import overload

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy.engine import Engine

MIN_PASSWORD_LENGTH = 10
SESSION_KEY = "data_staff_token"  # st.session_state key of a local sign-in: the signed token
COOKIE_SEEN_KEY = "data_staff_cookie_seen"  # the browser's cookie, once checked in this session
RESTORED_KEY = "data_staff_restored"  # True when this session's sign-in came from the browser's cookie
COOKIE_NAME = "mirps_staff"
DEFAULT_SESSION_HOURS = 8.0
TOKEN_SALT = "mirps-staff-session"

# Throttling: the wait before the next attempt grows as 1, 2, 4, ... seconds with each failure, up to a cap.
# The pair (account, address) waits from its first failure; an address waits after failures on many e-mails; an
# account under attack from many addresses it never signed in from makes each address that failed on it wait
# longer, from that address's own last failure: failures elsewhere never refuse a try from an address that has
# not failed, nor renew another's wait, so no stranger can keep the real staff member out (no lock to renew).
# Failures older than the window, or before a success, do not count.
WINDOW = dt.timedelta(hours=24)
KNOWN_ADDRESS = dt.timedelta(days=30)  # an address an account signed in from this recently is its own
PAIR_FREE, PAIR_CAP_S = 0, 900
ADDRESS_FREE, ADDRESS_CAP_S = 10, 900
ACCOUNT_FREE_ADDRESSES, ACCOUNT_CAP_S = 5, 300
SHOWN_FAILURES = 20  # failed attempts shown to staff after they sign in
KEPT_ATTEMPTS = dt.timedelta(days=30)

staff_metadata = sa.MetaData()
staff_table = sa.Table(
    "staff_accounts",
    staff_metadata,
    sa.Column("email", sa.String(320), primary_key=True),
    sa.Column("password_hash", sa.String(200), nullable=True),
    sa.Column("failed_attempts", sa.Integer, nullable=False, default=0),  # unused since attempts have their table
    sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),  # unused: no hard lock any more
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_sign_in", sa.DateTime(timezone=True), nullable=True),
    # Rotated by sign-out, a new password and re-creation: every token signed with the old key stops working.
    sa.Column("session_key", sa.String(32), nullable=True),
    # The file a staff member was checking, so a reload can say it must be uploaded again.
    sa.Column("pending_upload", sa.String(400), nullable=True),
)
ADDED_COLUMNS = ("session_key", "pending_upload")  # added to tables created before them

attempts_table = sa.Table(
    "staff_sign_in_attempts",
    staff_metadata,
    sa.Column("attempt_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("email", sa.String(320), nullable=False),  # as typed (normalised), known account or not
    sa.Column("address", sa.String(64), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ok", sa.Boolean, nullable=False),
    sa.Index("ix_staff_attempts_email_at", "email", "at"),
    sa.Index("ix_staff_attempts_address_at", "address", "at"),
)


@dataclass(frozen=True)
class SignIn:
    """Outcome of a sign-in attempt: ok, or refused with the seconds to wait before the next try.

    A refusal never says why (unknown e-mail, wrong password or too many attempts). On ok, `failures` are the
    account's failed attempts since its previous sign-in: (when, address), newest first.
    """

    outcome: str
    email: str = ""
    wait_s: int = 0
    failures: tuple[tuple[dt.datetime, str], ...] = field(default=())


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    """A hash to verify against for unknown e-mails and throttled attempts, so that every answer takes as long."""
    return _hasher().hash("not a password of anyone")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@overload
def _aware(moment: dt.datetime) -> dt.datetime: ...
@overload
def _aware(moment: None) -> None: ...
def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; they were written in UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment is not None and moment.tzinfo is None else moment


def normalise_email(email: str) -> str:
    """Trimmed, lower-case e-mail (how accounts and allowlists are compared)."""
    return email.strip().lower()


def session_hours() -> float:
    """How long a sign-in lasts, from MIRPS_STAFF_SESSION_HOURS (default 8 hours)."""
    try:
        hours = float(os.environ.get("MIRPS_STAFF_SESSION_HOURS", "") or DEFAULT_SESSION_HOURS)
    except ValueError:
        return DEFAULT_SESSION_HOURS
    return hours if hours > 0 else DEFAULT_SESSION_HOURS


_created: set[str] = set()  # databases where the tables are known to exist (checked once per process)


def create_staff_table(engine: Engine) -> None:
    """Create the staff tables when missing (same database as the store), adding columns newer than the table."""
    url = engine.url.render_as_string(hide_password=True)
    if url in _created:
        return
    staff_metadata.create_all(engine, checkfirst=True)
    present = {column["name"] for column in sa.inspect(engine).get_columns(staff_table.name)}
    for name in ADDED_COLUMNS:
        if name not in present:
            kind = staff_table.c[name].type.compile(dialect=engine.dialect)
            try:
                with engine.begin() as connection:
                    connection.execute(sa.text(f"ALTER TABLE {staff_table.name} ADD COLUMN {name} {kind}"))
            except sa.exc.DBAPIError:  # another replica added it at the same moment
                if name not in {column["name"] for column in sa.inspect(engine).get_columns(staff_table.name)}:
                    raise
    _created.add(url)


def _new_session_key() -> str:
    return secrets.token_hex(16)


def add_staff(engine: Engine, email: str, password: str | None) -> None:
    """Create or update an account; a new password ends the account's sessions. None: OIDC-only (no password)."""
    email = normalise_email(email)
    if "@" not in email:
        raise ValueError("an e-mail address is expected")
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    create_staff_table(engine)
    hashed = _hasher().hash(password) if password is not None else None
    with engine.begin() as connection:
        exists = connection.execute(sa.select(staff_table.c.email).where(staff_table.c.email == email)).first()
        values = {
            "password_hash": hashed,
            "failed_attempts": 0,
            "locked_until": None,
            "session_key": _new_session_key(),
        }
        if exists:
            connection.execute(staff_table.update().where(staff_table.c.email == email).values(**values))
        else:
            connection.execute(staff_table.insert().values(email=email, created_at=_now(), **values))


def remove_staff(engine: Engine, email: str) -> bool:
    """Delete an account; True when there was one. Its sessions lose their rights at their next rerun."""
    create_staff_table(engine)
    with engine.begin() as connection:
        return (
            connection.execute(staff_table.delete().where(staff_table.c.email == normalise_email(email))).rowcount > 0
        )


def list_staff(engine: Engine, now: dt.datetime | None = None) -> list[dict]:
    """Accounts with their state (no hashes): email, has_password, recent_failures (24 h), last_sign_in."""
    create_staff_table(engine)
    since = (now or _now()) - WINDOW
    with engine.connect() as connection:
        rows = connection.execute(sa.select(staff_table).order_by(staff_table.c.email)).mappings().all()
        failures: dict[str, int] = dict(
            connection.execute(
                sa.select(attempts_table.c.email, sa.func.count())
                .where(~attempts_table.c.ok, attempts_table.c.at > since)
                .group_by(attempts_table.c.email)
            ).all()
        )
    return [
        {
            "email": row["email"],
            "has_password": row["password_hash"] is not None,
            "recent_failures": failures.get(row["email"], 0),
            "last_sign_in": _aware(row["last_sign_in"]),
        }
        for row in rows
    ]


def staff_emails(engine: Engine) -> set[str]:
    """Every e-mail allowed to manage data: the staff table plus MIRPS_STAFF_EMAILS (comma-separated)."""
    allowed = {normalise_email(e) for e in os.environ.get("MIRPS_STAFF_EMAILS", "").split(",") if e.strip()}
    create_staff_table(engine)
    with engine.connect() as connection:
        allowed.update(connection.execute(sa.select(staff_table.c.email)).scalars())
    return allowed


# ---- who is asking: the client address -------------------------------------------------------------------


def client_address(ip_address: str | None, headers: Mapping[str, str] | None = None, trusted_proxies: int = 0) -> str:
    """The address a sign-in attempt is counted against: the socket's peer, or with `trusted_proxies` proxies in
    front (MIRPS_TRUST_FORWARDED_FOR) the X-Forwarded-For entry the nearest trusted one added. IPv6 addresses
    count by their /64 network (one machine holds a whole /64). None (Streamlit's answer on localhost): "local".
    """
    address = ip_address
    if trusted_proxies > 0 and headers is not None:
        forwarded = [
            part.strip() for part in (headers.get("X-Forwarded-For") or headers.get("x-forwarded-for") or "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            address = forwarded[-min(trusted_proxies, len(forwarded))]
    if not address:
        return "local"
    try:
        parsed = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return address[:64]
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def trusted_proxies() -> int:
    """How many proxies in front add X-Forwarded-For, from MIRPS_TRUST_FORWARDED_FOR (0: none, trust the socket)."""
    value = os.environ.get("MIRPS_TRUST_FORWARDED_FOR", "").strip()
    return int(value) if value.isdigit() else 0


# ---- throttled sign-in -----------------------------------------------------------------------------------


def _delay_s(failures: int, free: int, cap_s: int) -> int:
    """1, 2, 4, ... seconds after the free failures, never more than the cap."""
    if failures <= free:
        return 0
    return min(2 ** min(failures - free - 1, 30), cap_s)


def _wait_s(connection, email: str, address: str, now: dt.datetime) -> int:
    """Seconds before (email, address) may try again, from the failures kept in the database."""
    table, since = attempts_table, now - WINDOW

    def last_ok(*conditions) -> dt.datetime:
        moment = connection.execute(sa.select(sa.func.max(table.c.at)).where(table.c.ok, *conditions)).scalar()
        return max(since, _aware(moment)) if moment is not None else since

    def failures(after: dt.datetime, *conditions) -> list[dt.datetime]:
        query = sa.select(table.c.at).where(~table.c.ok, table.c.at > after, *conditions).order_by(table.c.at)
        return [_aware(moment) for moment in connection.execute(query).scalars()]

    waits = []
    pair = failures(
        last_ok(table.c.email == email, table.c.address == address), table.c.email == email, table.c.address == address
    )
    if pair:
        waits.append(pair[-1] + dt.timedelta(seconds=_delay_s(len(pair), PAIR_FREE, PAIR_CAP_S)))
    by_address = failures(last_ok(table.c.address == address), table.c.address == address)
    if by_address:
        waits.append(by_address[-1] + dt.timedelta(seconds=_delay_s(len(by_address), ADDRESS_FREE, ADDRESS_CAP_S)))
    known = set(
        connection.execute(
            sa.select(table.c.address).where(table.c.ok, table.c.email == email, table.c.at > now - KNOWN_ADDRESS)
        ).scalars()
    )
    # Many strangers make an address that failed here wait longer, counted from its own last failure: an address
    # that has not failed is never refused for others' failures, and no stranger's try renews anyone else's wait.
    if pair and address not in known:
        strangers = connection.execute(
            sa.select(table.c.address)
            .where(~table.c.ok, table.c.email == email, table.c.at > last_ok(table.c.email == email))
            .distinct()
        ).scalars()
        delay = _delay_s(len(set(strangers) - known), ACCOUNT_FREE_ADDRESSES, ACCOUNT_CAP_S)
        waits.append(pair[-1] + dt.timedelta(seconds=delay))
    return max([0, *(int((moment - now).total_seconds() + 0.999) for moment in waits)])


def sign_in(
    engine: Engine, email: str, password: str, address: str = "local", now: dt.datetime | None = None
) -> SignIn:
    """Check a password, unless this account and address must still wait; every refusal reads the same.

    Each failure (known account or not) is kept with its address and time, and makes the next try wait 1, 2, 4,
    ... seconds (see WINDOW and the caps above). An attempt that comes too early is refused without checking
    the password, and is not counted, so waiting always ends. Unknown e-mails and early attempts verify against a
    dummy hash, so that no answer is faster than another.
    """
    email, now = normalise_email(email), now or _now()
    create_staff_table(engine)
    with engine.begin() as connection:
        wait = _wait_s(connection, email, address, now)
        row = connection.execute(sa.select(staff_table).where(staff_table.c.email == email)).mappings().first()
        if wait > 0:
            _verify(_dummy_hash(), password)
            return SignIn("refused", wait_s=wait)
        if row is None or row["password_hash"] is None:
            _verify(_dummy_hash(), password)
            ok = False
        else:
            ok = _verify(row["password_hash"], password)
        connection.execute(attempts_table.delete().where(attempts_table.c.at < now - KEPT_ATTEMPTS))
        if not ok:
            connection.execute(attempts_table.insert().values(email=email, address=address, at=now, ok=False))
            return SignIn("refused", wait_s=_wait_s(connection, email, address, now))
        assert row is not None  # ok only for a known account
        previous = _aware(row["last_sign_in"]) or now - KEPT_ATTEMPTS
        failures = connection.execute(
            sa.select(attempts_table.c.at, attempts_table.c.address)
            .where(~attempts_table.c.ok, attempts_table.c.email == email, attempts_table.c.at > previous)
            .order_by(attempts_table.c.at.desc())
            .limit(SHOWN_FAILURES)
        ).all()
        connection.execute(attempts_table.insert().values(email=email, address=address, at=now, ok=True))
        connection.execute(staff_table.update().where(staff_table.c.email == email).values(last_sign_in=now))
        if _hasher().check_needs_rehash(row["password_hash"]):
            connection.execute(
                staff_table.update().where(staff_table.c.email == email).values(password_hash=_hasher().hash(password))
            )
        return SignIn("ok", email, failures=tuple((_aware(at), place) for at, place in failures))


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher().verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# ---- the session token ---------------------------------------------------------------------------------


class _ClockSigner(TimestampSigner):
    """Stamps tokens with this module's clock (the one sign-in and expiry read), not the system's directly."""

    def get_timestamp(self) -> int:
        return int(_now().timestamp())


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=TOKEN_SALT, signer=_ClockSigner)


def _session_key(connection, email: str) -> str | None:
    return connection.execute(sa.select(staff_table.c.session_key).where(staff_table.c.email == email)).scalar()


def issue_token(engine: Engine, email: str, secret: str) -> str:
    """A token for the browser to keep: the e-mail and the account's session key, signed with the server's secret."""
    email = normalise_email(email)
    create_staff_table(engine)
    with engine.begin() as connection:
        key = _session_key(connection, email)
        if key is None:  # an account from before session keys
            key = _new_session_key()
            connection.execute(staff_table.update().where(staff_table.c.email == email).values(session_key=key))
    return _serializer(secret).dumps({"e": email, "k": key})


def verify_token(
    engine: Engine, token: str, secret: str, now: dt.datetime | None = None, hours: float | None = None
) -> str | None:
    """The e-mail a token signs in, or None: bad signature, older than the session hours, signed out, or removed."""
    try:
        payload, signed_at = _serializer(secret).loads(token, return_timestamp=True)
    except (BadSignature, ValueError, TypeError):
        return None
    age = (now or _now()) - signed_at
    if (
        not isinstance(payload, dict)
        or age > dt.timedelta(hours=hours or session_hours())
        or age < -dt.timedelta(minutes=5)
    ):
        return None
    email, key = payload.get("e"), payload.get("k")
    if not isinstance(email, str) or not isinstance(key, str):
        return None
    create_staff_table(engine)
    with engine.connect() as connection:
        stored = _session_key(connection, email)
    return email if stored is not None and secrets.compare_digest(stored, key) else None


def end_sessions(engine: Engine, email: str) -> None:
    """Sign the account out everywhere: every browser, tab and replica, at its next rerun."""
    create_staff_table(engine)
    with engine.begin() as connection:
        connection.execute(
            staff_table.update()
            .where(staff_table.c.email == normalise_email(email))
            .values(session_key=_new_session_key(), pending_upload=None)
        )


def note_pending_upload(engine: Engine, email: str, file_name: str | None) -> None:
    """Remember the file a staff member is checking (None once published or dropped), for a reload to name it."""
    create_staff_table(engine)
    with engine.begin() as connection:
        connection.execute(
            staff_table.update()
            .where(staff_table.c.email == normalise_email(email))
            .values(pending_upload=file_name[:400] if file_name else None)
        )


def take_pending_upload(engine: Engine, email: str) -> str | None:
    """The file noted by `note_pending_upload`, forgotten as it is read (a reload says it once)."""
    create_staff_table(engine)
    with engine.begin() as connection:
        condition = staff_table.c.email == normalise_email(email)
        name = connection.execute(sa.select(staff_table.c.pending_upload).where(condition)).scalar()
        if name is not None:
            connection.execute(staff_table.update().where(condition).values(pending_upload=None))
    return name


# ---- who is behind this session ------------------------------------------------------------------------


def oidc_email(user: Mapping) -> str | None:
    """The e-mail of a person signed in through the identity provider (st.user), else None."""
    if not user.get("is_logged_in", False):
        return None
    email = user.get("email")
    return normalise_email(str(email)) if email else None


def proxy_email(user: Mapping) -> str | None:
    """The e-mail an identity-aware proxy sent in a trusted header (st.user["email"] with no sign-in flag)."""
    email = user.get("email")
    return normalise_email(str(email)) if isinstance(email, str) and "@" in email else None


def current_staff(
    engine: Engine,
    user: Mapping,
    session: MutableMapping,
    *,
    secret: str | None = None,
    cookie: str | None = None,
    proxy_identity: bool = False,
) -> str | None:
    """E-mail of the staff member behind this session, checked against the accounts on every rerun; else None.

    An OIDC or proxy user counts only when their e-mail is on the allowlist; a local sign-in only while its token
    is valid (signed, not expired, not signed out, account not removed). A session with no sign-in of its own
    takes the browser's cookie (checked once per session), so a reload or a new tab stays signed in.
    """
    email = oidc_email(user) or (proxy_email(user) if proxy_identity else None)
    if email is not None:
        return email if email in staff_emails(engine) else None
    token = session.get(SESSION_KEY)
    if token is None and cookie and secret and session.get(COOKIE_SEEN_KEY) != cookie:
        session[COOKIE_SEEN_KEY] = cookie
        token = cookie
        session[RESTORED_KEY] = True
    if token is None or secret is None:
        return None  # a reader who has not signed in: nothing to look up (most reruns)
    email = verify_token(engine, token, secret)
    if email is None:
        session.pop(SESSION_KEY, None)
        session.pop(RESTORED_KEY, None)
        return None
    session[SESSION_KEY] = token
    return email


def format_failures(failures: Iterable[tuple[dt.datetime, str]]) -> list[dict]:
    """Failed attempts as rows for a table: when (UTC, to the second) and from which address."""
    return [
        {"when": moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"), "address": address}
        for moment, address in failures
    ]

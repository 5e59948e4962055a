"""Who is looking: accounts and wall-screen tokens from a config file, password hashes, roles,
and the audit log of every view of unmasked personal data.

The identity lives in the server-side session only. A street leader's street comes from their
account — never from a widget or the URL — and every street-bound query takes it from here.

    python -m app.auth hash-password          # prints a hash for accounts.toml
    python -m app.auth new-screen-token NAME  # prints a token and its hash for a wall screen
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import sys
import threading
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ingest import audit
from ingest.build import person_salt_problem, production

ROOT = Path(__file__).resolve().parent.parent
ROLES = ("wall", "street_leader", "steward", "admin")
# Who may switch masking off at all (per account, `can_view_personal` narrows it further).
UNMASK_ROLES = {"street_leader", "steward", "admin"}

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def accounts_path() -> Path:
    return Path(os.environ.get("YIPING_ACCOUNTS", ROOT / "app" / "config" / "accounts.toml"))


def audit_log_path() -> Path:
    return Path(os.environ.get("YIPING_AUDIT_LOG", ROOT / "data" / "audit" / "personal_data_views.jsonl"))


@dataclass(frozen=True)
class Identity:
    username: str
    display_name: str
    role: str
    street_code: str | None = None
    street_name: str | None = None
    can_view_personal: bool = False
    screen: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_wall(self) -> bool:
        return self.role == "wall"

    @property
    def street_filter(self) -> str | None:
        """The street every query of this user is restricted to (None: the whole district)."""
        return self.street_code if self.role == "street_leader" else None


class ConfigError(Exception):
    """The accounts file is missing or malformed; the message names the file and entry."""


# ---- passwords and tokens -----------------------------------------------------------------------


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    b64 = base64.urlsafe_b64encode
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    b64d = base64.urlsafe_b64decode
    got = hashlib.scrypt(password.encode("utf-8"), salt=b64d(salt), dklen=32, n=int(n), r=int(r), p=int(p))
    return hmac.compare_digest(got, b64d(digest))


_DUMMY_HASH = hash_password("yiping-no-such-user", salt=b"yiping-dummy-salt")


def hash_token(token: str) -> str:
    """Wall tokens are long random strings; a plain SHA-256 is enough to keep them out of the file."""
    return "sha256$" + hashlib.sha256(token.encode("utf-8")).hexdigest()


# ---- the accounts file --------------------------------------------------------------------------


@dataclass(frozen=True)
class Accounts:
    users: dict[str, dict]
    screens: list[dict]
    streets: dict[str, str]


_cache: dict[tuple, Accounts] = {}
_cache_lock = threading.Lock()


def load_accounts(path: Path | None = None) -> Accounts:
    """Parse and validate the accounts file (cached until the file changes)."""
    path = path or accounts_path()
    try:
        stat = path.stat()
    except FileNotFoundError as e:
        raise ConfigError(f"{path}: accounts file not found (set YIPING_ACCOUNTS or create it)") from e
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    with _cache_lock:
        if key not in _cache:
            _cache.clear()
            _cache[key] = _parse(path)
        return _cache[key]


def _parse(path: Path) -> Accounts:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from e
    streets = {str(k): str(v) for k, v in data.get("streets", {}).items()}
    users: dict[str, dict] = {}
    for i, user in enumerate(data.get("users", []), start=1):
        where = f"{path}: [[users]] entry {i}"
        for required in ("username", "role", "password_hash"):
            if not user.get(required):
                raise ConfigError(f"{where}: field '{required}' is required")
        if user["role"] not in ROLES or user["role"] == "wall":
            raise ConfigError(f"{where}: role '{user['role']}' is not one of street_leader, steward, admin")
        if user["role"] == "street_leader":
            code = str(user.get("street_code") or "")
            if code not in streets:
                raise ConfigError(f"{where}: a street leader needs a street_code listed under [streets]")
        if user["username"] in users:
            raise ConfigError(f"{where}: username '{user['username']}' appears twice")
        users[user["username"]] = user
    screens = []
    for i, screen in enumerate(data.get("screens", []), start=1):
        if not str(screen.get("token_hash", "")).startswith("sha256$"):
            raise ConfigError(f"{path}: [[screens]] entry {i}: field 'token_hash' must be 'sha256$<hex>'")
        screens.append(screen)
    accounts = Accounts(users=users, screens=screens, streets=streets)
    if production():
        _refuse_demo_secrets(path, accounts)
    return accounts


# The demo's secrets are public (README.md): a production deployment must not run with any of them.
DEMO_PASSWORDS = ("yiping-admin", "yiping-steward", "yiping-ruijin", "yiping-qinhong")
DEMO_WALL_TOKENS = ("demo-wall-qinhuai",)


def _refuse_demo_secrets(path: Path, accounts: Accounts) -> None:
    if path.resolve() == (ROOT / "app" / "config" / "accounts.toml").resolve():
        raise ConfigError(f"{path}: the demo accounts file; production needs its own (YIPING_ACCOUNTS)")
    for user in accounts.users.values():
        if any(verify_password(demo, user["password_hash"]) for demo in DEMO_PASSWORDS):
            raise ConfigError(f"{path}: account '{user['username']}' uses a demo password (README.md)")
    demo_tokens = {hash_token(token) for token in DEMO_WALL_TOKENS}
    for screen in accounts.screens:
        if screen["token_hash"] in demo_tokens:
            raise ConfigError(f"{path}: wall screen '{screen.get('name', '?')}' uses the demo token")
    salt_problem = person_salt_problem()
    if salt_problem:
        raise ConfigError(salt_problem)
    if not os.environ.get("YIPING_SESSION_KEY") and not os.environ.get("YIPING_SESSION_KEY_FILE"):
        raise ConfigError(
            "YIPING_SESSION_KEY (or YIPING_SESSION_KEY_FILE): production needs the session key set"
        )


def _identity_of(user: dict, accounts: Accounts) -> Identity:
    street_code = str(user["street_code"]) if user.get("street_code") else None
    return Identity(
        username=user["username"],
        display_name=user.get("display_name", user["username"]),
        role=user["role"],
        street_code=street_code,
        street_name=accounts.streets.get(street_code) if street_code else None,
        can_view_personal=bool(user.get("can_view_personal", False)) and user["role"] in UNMASK_ROLES,
    )


class Throttled(Exception):
    """Too many failed sign-ins for this account or from this client: wait `seconds` (locked: 15 min)."""

    def __init__(self, seconds: float, locked: bool):
        super().__init__(f"wait {seconds:.0f} s")
        self.seconds, self.locked = seconds, locked


# Failed sign-ins per account and per client (in this server process). From the 3rd failure a delay
# that doubles (1, 2, 4 ... 60 s) must pass before the next attempt is even checked; 10 failures of an
# account (30 from one client) within 15 minutes lock it for 15 minutes, right password or not.
FREE_FAILURES = 3
MAX_DELAY_S = 60.0
LOCKOUT_FAILURES = {"account": 10, "client": 30}
WINDOW_S = LOCKOUT_S = 15 * 60
_failures: dict[tuple[str, str], list[float]] = {}
_failures_lock = threading.Lock()


def _recent(key: tuple[str, str], now: float) -> list[float]:
    times = [t for t in _failures.get(key, []) if now - t < WINDOW_S]
    _failures[key] = times
    return times


def _check_throttle(keys: list[tuple[str, str]], now: float) -> None:
    with _failures_lock:
        for key in keys:
            times = _recent(key, now)
            if len(times) >= LOCKOUT_FAILURES[key[0]]:
                raise Throttled(LOCKOUT_S - (now - times[-1]), locked=True)
            if len(times) >= FREE_FAILURES:
                delay = min(MAX_DELAY_S, 2.0 ** (len(times) - FREE_FAILURES))
                if now - times[-1] < delay:
                    raise Throttled(delay - (now - times[-1]), locked=False)


def login(
    username: str, password: str, accounts: Accounts | None = None, client: str | None = None
) -> Identity | None:
    """The identity for a username and password, or None. Raises Throttled while the account or the
    client must wait. Every attempt is audited; an unknown user costs the same scrypt work as a known one."""
    import time

    accounts = accounts or load_accounts()
    name = username.strip()
    # per account always; per client when the client's address is known (a browser behind the proxy)
    keys = [("account", name.lower()), *([("client", client)] if client else [])]
    now = time.time()
    try:
        _check_throttle(keys, now)
    except Throttled as e:
        audit_event(name, "?", "login", "sign_in", "throttled", client=client, locked=e.locked)
        raise
    user = accounts.users.get(name)
    # the same work whether the user exists or not: one scrypt, against a dummy hash when unknown
    ok = verify_password(password, user["password_hash"] if user else _DUMMY_HASH)
    if user is None or not ok:
        with _failures_lock:
            for key in keys:
                _recent(key, now).append(now)
        audit_event(name, user["role"] if user else "?", "login", "sign_in", "failed", client=client,
                    known_user=user is not None)  # fmt: skip
        return None
    with _failures_lock:
        _failures.pop(keys[0], None)
    ident = _identity_of(user, accounts)
    audit_event(ident.username, ident.role, "login", "sign_in", "ok", client=client)
    return ident


def screen_login(token: str, accounts: Accounts | None = None) -> Identity | None:
    """A wall screen's identity from its URL token: always the wall role, never personal data."""
    if not token:
        return None
    accounts = accounts or load_accounts()
    wanted = hash_token(token)
    for screen in accounts.screens:
        if hmac.compare_digest(wanted, screen["token_hash"]):
            return Identity(
                username=f"screen:{screen.get('name', '?')}",
                display_name=screen.get("name", "wall"),
                role="wall",
                screen=dict(screen),
            )
    return None


# ---- the session cookie: a reload (F5) keeps the sign-in ------------------------------------------

SESSION_COOKIE = "yiping_session"
SESSION_HOURS = 8
_revoked: set[str] = set()  # signed-out cookies of this server process


def _session_key() -> bytes:
    """The key that signs session cookies: YIPING_SESSION_KEY, else a random key kept beside the data
    (created once, readable by the service account only)."""
    if os.environ.get("YIPING_SESSION_KEY"):
        return os.environ["YIPING_SESSION_KEY"].encode()
    path = Path(os.environ.get("YIPING_SESSION_KEY_FILE", ROOT / "data" / ".session_key"))
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(32))
    return path.read_bytes()


def session_cookie(identity: Identity, now: float | None = None) -> str:
    """A signed, expiring cookie value naming the signed-in user (never a wall screen)."""
    import time

    expires = int((now or time.time()) + SESSION_HOURS * 3600)
    body = base64.urlsafe_b64encode(f"{identity.username}|{expires}".encode()).decode()
    mac = hmac.new(_session_key(), body.encode(), hashlib.sha256).hexdigest()
    return f"{body}.{mac}"


def identity_from_cookie(value: str | None, accounts: Accounts | None = None, now: float | None = None):
    """The identity a session cookie names, if its signature holds, it has not expired or been signed
    out, and the account still exists (its role and street as the accounts file says now)."""
    import time

    if not value or value in _revoked or "." not in value:
        return None
    body, mac = value.rsplit(".", 1)
    if not hmac.compare_digest(mac, hmac.new(_session_key(), body.encode(), hashlib.sha256).hexdigest()):
        return None
    try:
        username, expires = base64.urlsafe_b64decode(body.encode()).decode().rsplit("|", 1)
        if int(expires) < (now or time.time()):
            return None
    except (ValueError, UnicodeDecodeError):
        return None
    accounts = accounts or load_accounts()
    user = accounts.users.get(username)
    return _identity_of(user, accounts) if user else None


def revoke_cookie(value: str | None) -> None:
    if value:
        _revoked.add(value)


# ---- audit ---------------------------------------------------------------------------------------


def audit_unmasked_view(
    identity: Identity, page: str, subject: str, rows: int, keys: list[str] | None = None
) -> None:
    """Append one line per view of unmasked personal data: who, when, where, what and how many."""
    audit_event(identity.username, identity.role, page, subject, "view", rows=int(rows), keys=(keys or [])[:50],
                street_code=identity.street_code)  # fmt: skip


def audit_event(username: str, role: str, page: str, subject: str, action: str, **details) -> None:
    """One line in the hash-chained audit log (ingest/audit.py): sign-ins, views, downloads, remedies."""
    audit.write(
        audit_log_path(),
        {
            "at": datetime.now().isoformat(timespec="seconds"),
            "username": username,
            "role": role,
            "page": page,
            "subject": subject,
            "action": action,
            "rows": details.pop("rows", 0),
            "keys": details.pop("keys", []),
            **details,
        },
    )


def read_audit_log(limit: int = 1000) -> list[dict]:
    """The newest `limit` lines, newest first; damaged lines are returned marked, never raised."""
    return list(reversed(audit.read(audit_log_path(), limit=limit)))


def _main(argv: list[str]) -> int:
    if argv[:1] == ["hash-password"]:
        import getpass

        password = argv[1] if len(argv) > 1 else getpass.getpass("password: ")
        print(hash_password(password))
        return 0
    if argv[:1] == ["new-screen-token"] and len(argv) == 2:
        token = secrets.token_urlsafe(24)
        print(f"token (put in the wall's URL as /?screen=…): {token}")
        print(f'[[screens]]\nname = "{argv[1]}"\ntoken_hash = "{hash_token(token)}"')
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))

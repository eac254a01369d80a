"""Where the API key comes from, without ever storing it.

Precedence: a key typed in the sidebar for this session > ``st.secrets`` >
the environment (which ``.env`` fills in at start). The key lives only in
memory: never in the workspace, an export, a log line or the URL.
"""

from __future__ import annotations

import hmac
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

API_KEY_NAME = "OPENAI_API_KEY"
SOURCE_SESSION = "session"
SOURCE_SECRETS = "secrets"
SOURCE_ENVIRONMENT = "environment"
SOURCE_NONE = "none"
# Sources that belong to whoever deployed the app rather than to the visitor.
OWNER_SOURCES = frozenset({SOURCE_SECRETS, SOURCE_ENVIRONMENT})


def mask_key(key: str | None) -> str:
    """Only the last four characters, so a screenshot never leaks a key."""
    if not key:
        return ""
    return "…" + key[-4:] if len(key) > 4 else "…"


@dataclass(frozen=True)
class ResolvedKey:
    """An API key and where it came from. ``repr`` never shows the key."""

    key: str | None
    source: str

    @property
    def present(self) -> bool:
        return bool(self.key)

    @property
    def is_owner_key(self) -> bool:
        return self.source in OWNER_SOURCES

    @property
    def masked(self) -> str:
        return mask_key(self.key)

    def __repr__(self) -> str:
        return f"ResolvedKey(source={self.source!r}, key={self.masked!r})"

    __str__ = __repr__


def resolve_api_key(
    typed: str | None, secrets: Mapping[str, object] | None, environ: Mapping[str, str], name: str = API_KEY_NAME
) -> ResolvedKey:
    """Pick the key by precedence: typed > secrets > environment."""
    if typed and typed.strip():
        return ResolvedKey(typed.strip(), SOURCE_SESSION)
    if secrets:
        value = secrets.get(name)
        if isinstance(value, str) and value.strip():
            return ResolvedKey(value.strip(), SOURCE_SECRETS)
    value = environ.get(name, "")
    if value.strip():
        return ResolvedKey(value.strip(), SOURCE_ENVIRONMENT)
    return ResolvedKey(None, SOURCE_NONE)


_DOTENV_LOADED = False


def load_dotenv_once(path: Path | None = None) -> None:
    """Read ``.env`` into the environment once per process; real env vars win."""
    global _DOTENV_LOADED
    if _DOTENV_LOADED:
        return
    from dotenv import load_dotenv

    load_dotenv(dotenv_path=path or Path(__file__).resolve().parents[2] / ".env", override=False)
    _DOTENV_LOADED = True


# ------------------------------------------------------------- the spend gate
# When the deployer's own key (secrets / environment) is in use and an
# ``app_password`` secret is set, a visitor must type that password before
# anything that costs money may run. A visitor's own typed key is never gated.
APP_PASSWORD_NAME = "app_password"
# The same password for self-hosted servers configured through the environment.
APP_PASSWORD_ENV = "APP_PASSWORD"
SPEND_OK = "ok"
SPEND_NO_KEY = "no_key"
SPEND_LOCKED = "locked"


def configured_app_password(secrets: Mapping[str, object] | None, environ: Mapping[str, str]) -> str | None:
    """The ``app_password`` from secrets, else ``$APP_PASSWORD``; None when neither is set."""
    value = (secrets or {}).get(APP_PASSWORD_NAME)
    # TOML turns ``app_password = 1234`` into a number: accept it as text.
    text = str(value).strip() if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""
    if not text:
        text = environ.get(APP_PASSWORD_ENV, "").strip()
    return text or None


def password_matches(typed: str | None, expected: str | None) -> bool:
    """Constant-time comparison, so response times don't reveal how much of a guess was right."""
    if not typed or not expected:
        return False
    return hmac.compare_digest(typed.strip().encode("utf-8"), expected.encode("utf-8"))


def spend_status(resolved: ResolvedKey, app_password: str | None, unlocked: bool) -> str:
    """``SPEND_OK``, ``SPEND_NO_KEY`` or ``SPEND_LOCKED`` (owner's key, password not yet typed)."""
    if not resolved.present:
        return SPEND_NO_KEY
    if resolved.is_owner_key and app_password and not unlocked:
        return SPEND_LOCKED
    return SPEND_OK


def usable_key(resolved: ResolvedKey, app_password: str | None, unlocked: bool) -> str | None:
    """The key a client may be built with: none while the owner's key is locked.

    Withholding the key (rather than trusting every page to ask first) means a
    page that forgets to check still cannot spend the owner's money.
    """
    return resolved.key if spend_status(resolved, app_password, unlocked) == SPEND_OK else None


@dataclass(frozen=True)
class BoundKey:
    """The key a session's clients get and the endpoint it is bound to (None: the visitor's own key)."""

    key: str | None
    bound_to: str | None
    # True when the owner's key exists but the session points somewhere else, so it was withheld.
    withheld_elsewhere: bool = False

    def __repr__(self) -> str:
        return f"BoundKey(key={mask_key(self.key)!r}, bound_to={self.bound_to!r})"


def bind_key(key: str | None, resolved: ResolvedKey, owner_address: str, chosen_address: str) -> BoundKey:
    """Tie the owner's key to the owner's endpoint; a visitor's typed key goes wherever they point it.

    ``key`` is what ``usable_key`` left (None while locked); ``owner_address`` is the endpoint made from
    secrets and the environment only, ``chosen_address`` the one this session would call.
    """
    if not key or not resolved.is_owner_key:
        return BoundKey(key, None)
    if chosen_address != owner_address:
        return BoundKey(None, None, withheld_elsewhere=True)
    return BoundKey(key, owner_address)


@dataclass(frozen=True)
class Visitor:
    """Who is typing a password: this browser session, and the address it connects from (None: local)."""

    session: str
    address: str | None = None


class PasswordThrottle:
    """Slows down guessing, per visitor: too many wrong passwords within ``window_s`` refuse that visitor a while.

    Counted per browser session (``max_failures``) and, more loosely, per client address
    (``max_address_failures``), so a reload, which starts a new session, doesn't reset a
    guesser, while one stranger's guesses never lock out anyone else in another session.
    """

    def __init__(
        self,
        max_failures: int = 10,
        window_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        max_address_failures: int = 50,
    ) -> None:
        self.max_failures, self.window_s, self._clock = max_failures, window_s, clock
        self.max_address_failures = max_address_failures
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _buckets(self, visitor: Visitor) -> list[tuple[str, int]]:
        buckets = [(f"session:{visitor.session}", self.max_failures)]
        if visitor.address:
            buckets.append((f"address:{visitor.address}", self.max_address_failures))
        return buckets

    def _forget_old(self) -> None:
        cutoff = self._clock() - self.window_s
        for name in list(self._failures):
            kept = [stamp for stamp in self._failures[name] if stamp > cutoff]
            if kept:
                self._failures[name] = kept
            else:
                del self._failures[name]  # nobody's old failures are kept forever

    def allowed(self, visitor: Visitor) -> bool:
        """May this visitor's password be checked right now?"""
        with self._lock:
            self._forget_old()
            return all(len(self._failures.get(name, ())) < limit for name, limit in self._buckets(visitor))

    def record_failure(self, visitor: Visitor) -> None:
        with self._lock:
            self._forget_old()
            stamp = self._clock()
            for name, _limit in self._buckets(visitor):
                self._failures.setdefault(name, []).append(stamp)


PASSWORD_THROTTLE = PasswordThrottle()

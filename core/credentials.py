"""Where the API key comes from, without ever storing it.

Precedence: a key typed in the sidebar for this session > ``st.secrets`` >
the environment (which ``.env`` fills in at start). The key lives only in
memory: never in the workspace, an export, a log line or the URL.
"""

from __future__ import annotations

from collections.abc import Mapping
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


def resolve_api_key(typed: str | None, secrets: Mapping[str, object] | None,
                    environ: Mapping[str, str], name: str = API_KEY_NAME) -> ResolvedKey:
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

    load_dotenv(dotenv_path=path or Path(__file__).resolve().parent.parent / ".env", override=False)
    _DOTENV_LOADED = True

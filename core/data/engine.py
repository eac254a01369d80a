"""Which database holds the workspace, and how to connect to it.

SQLite (the workspace file) stays the default. A team database is named the way
Streamlit names SQL connections, in ``.streamlit/secrets.toml``::

    [connections.sql]
    url = "postgresql+psycopg://user:password@host/dbname"

or in the environment as ``DATABASE_URL``. The secrets are passed in as a plain
mapping because this package never imports Streamlit. A URL's password is never
shown: everything that prints or logs a URL uses ``redacted()``.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

DATABASE_URL_ENV = "DATABASE_URL"
SECRETS_SECTION = ("connections", "sql")
# The driver the app ships with (psycopg 3); hosted databases hand out plain postgres:// URLs.
POSTGRES_DRIVER = "postgresql+psycopg"
_PLAIN_POSTGRES_SCHEMES = ("postgres", "postgresql")
SQLITE_BUSY_TIMEOUT_S = 10
_SQLITE_LOCK_POLL_S = 0.02
_PASSWORD_IN_TEXT = re.compile(r"(://[^:/@\s]*:)[^@\s]*(@)")


def sql_secrets(secrets: Mapping[str, Any] | None) -> Mapping[str, Any]:
    section: Any = secrets or {}
    for key in SECRETS_SECTION:
        section = section.get(key, {}) if isinstance(section, Mapping) else {}
    return section if isinstance(section, Mapping) else {}


def _url_from_parts(parts: Mapping[str, Any]) -> str | None:
    """Streamlit also accepts the URL in pieces (dialect, host, username…)."""
    dialect = str(parts.get("dialect") or "").strip()
    if not dialect or not parts.get("host"):
        return None
    driver = str(parts.get("driver") or "").strip()
    port = parts.get("port")
    return URL.create(
        f"{dialect}+{driver}" if driver else dialect,
        username=parts.get("username"),
        password=parts.get("password"),
        host=str(parts["host"]),
        port=int(port) if port else None,
        database=parts.get("database"),
        query=dict(parts.get("query") or {}),
    ).render_as_string(hide_password=False)


def with_driver(url: str) -> str:
    """``postgres://`` and ``postgresql://`` (what Neon and Supabase show) → the psycopg 3 driver."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme.lower() in _PLAIN_POSTGRES_SCHEMES:
        return f"{POSTGRES_DRIVER}://{rest}"
    return url


def database_url(
    secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None, workspace: Path | None = None
) -> str:
    """The workspace's database: secrets first, then ``$DATABASE_URL``, else the SQLite file.

    ``workspace`` is the SQLite file to use when no server is configured (the
    store's workspace path when left out).
    """
    section = sql_secrets(secrets)
    configured = str(section.get("url") or "").strip() or _url_from_parts(section)
    if not configured and environ is not None:
        configured = str(environ.get(DATABASE_URL_ENV, "")).strip()
    if configured:
        return with_driver(configured)
    if workspace is None:
        from core.data.store import workspace_path

        workspace = workspace_path()
    return sqlite_url(workspace)


def sqlite_url(path: Path) -> str:
    return URL.create("sqlite", database=str(Path(path).expanduser())).render_as_string()


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise ValueError("an SQLite workspace needs a file")
    return Path(database)


def redacted(url: str | URL) -> str:
    """The URL with its password replaced by ``***``; safe to print and log.

    Text that isn't a URL SQLAlchemy can parse still has anything between
    ``user:`` and ``@`` masked, so a typo can't leak the password either.
    """
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return _PASSWORD_IN_TEXT.sub(r"\1***\2", url)


def _sqlite_connection_setup(dbapi_connection: Any, _record: Any) -> None:
    # A busy writer is waited for, foreign keys hold, and readers never block the writer (WAL).
    dbapi_connection.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_S * 1000}")
    dbapi_connection.execute("PRAGMA foreign_keys = ON")
    _use_wal(dbapi_connection)
    dbapi_connection.execute("PRAGMA synchronous = NORMAL")


def _use_wal(dbapi_connection: sqlite3.Connection) -> None:
    """Switch the file to WAL once, waiting for another writer like every other statement does.

    The mode is kept in the file, so this only writes on a new workspace. SQLite
    doesn't call the busy handler for this one change: while a second server
    holds the write lock (starting at the same moment), it fails at once with
    "database is locked" instead of waiting the busy timeout. So wait here.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_S
    while dbapi_connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            dbapi_connection.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as locked:
            if "locked" not in str(locked) or time.monotonic() > deadline:
                raise
            time.sleep(_SQLITE_LOCK_POLL_S)


def _begin_immediate(connection: Connection) -> None:
    # A read on an autocommit connection takes no lock; only a transaction does.
    if connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    """An engine for the workspace database.

    SQLite: the driver's own transaction handling is switched off and ``BEGIN
    IMMEDIATE`` is sent instead, so a transaction takes the file's write lock at
    its start (no upgrade deadlocks between two writers). PostgreSQL: dead
    pooled connections are replaced, so the app recovers when the server comes back.
    """
    if is_sqlite(url):
        path = sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "isolation_level": None, "check_same_thread": False}
        )
        event.listen(engine, "connect", _sqlite_connection_setup)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    return create_engine(with_driver(url), pool_pre_ping=True)

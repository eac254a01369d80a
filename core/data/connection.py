"""The workspace connection: which database, opening and upgrading it, reads and write transactions.

The workspace is one SQLAlchemy engine: the SQLite file by default, or the team's
PostgreSQL server when a URL is configured (``core.data.engine``). Every other
module of this package takes a ``Database`` (or the connection of an open
transaction) and keeps its SQL to its own tables; the statements are written
once, in the SQL both engines speak (``ON CONFLICT``, ``RETURNING``, ``COALESCE``).

- Reads (``Database.conn``) check a connection out of the engine's pool for one
  statement, in autocommit, and hand back the rows already fetched: a page never
  holds a connection, or a transaction, between statements.
- Writes that belong together run in ``Database.tx()``: one transaction that
  first takes the workspace's write lock (``BEGIN IMMEDIATE`` on SQLite, a
  transaction-scoped advisory lock on PostgreSQL), so a read-modify-write inside
  it can't interleave with another writer, in this process or another server.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any, Self, TypeVar

from sqlalchemy import Connection as SAConnection
from sqlalchemy import CursorResult, Engine, Table, TextClause, insert, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

from core.data.engine import database_url, is_sqlite, make_engine, redacted, sqlite_path, sqlite_url
from core.errors import StudioError

T = TypeVar("T")

WORKSPACE_ENV = "FINETUNE_STUDIO_WORKSPACE"
DEFAULT_WORKSPACE = Path(__file__).resolve().parents[2] / "workspace" / "studio.sqlite3"
BUSY_TIMEOUT_MS = 10_000
# A row that is not in the trash.
LIVE = "deleted_at IS NULL"
# One fixed 64-bit key for "the workspace's write lock" on PostgreSQL (ASCII "FTSwrite").
WRITE_LOCK_KEY = 0x46_54_53_77_72_69_74_65
# What callers outside this package may catch without knowing the engine.
DatabaseBusy = sa_exc.OperationalError  # locked past the busy timeout; the transaction rolled back
ConstraintViolation = sa_exc.IntegrityError
DatabaseError = sa_exc.DBAPIError  # anything the database refused; the transaction rolled back


class StoreError(StudioError):
    """A problem the user can fix (a taken name, a missing project…)."""

    KEY_PREFIX = "store."


class DatabaseUnavailable(StoreError):
    """The team database can't be reached: nothing was written, the user may try again."""


# A write that did not happen, all of it rolled back: the user is told, and may simply try again.
WRITE_REFUSED: tuple[type[Exception], ...] = (DatabaseBusy, DatabaseUnavailable)


def now_iso() -> str:
    """The current UTC time as ISO 8601 with microseconds (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def workspace_path() -> Path:
    """Where the workspace file lives: ``$FINETUNE_STUDIO_WORKSPACE`` or the default."""
    configured = os.environ.get(WORKSPACE_ENV, "").strip()
    return Path(configured).expanduser() if configured else DEFAULT_WORKSPACE


# The team database named in Streamlit's secrets, handed over by the UI at start-up
# (this package never imports Streamlit). ``$DATABASE_URL`` is read here directly.
_configured_url: str | None = None


def configure_database(url: str | None) -> None:
    """Use ``url`` (from ``[connections.sql]`` in the app's secrets) for every ``Database()`` opened without one."""
    global _configured_url
    _configured_url = url.strip() if url and url.strip() else None


def default_location() -> str:
    """The workspace to open: the configured server, else ``$DATABASE_URL``, else the SQLite file."""
    secrets = {"connections": {"sql": {"url": _configured_url}}} if _configured_url else None
    return database_url(secrets, os.environ, workspace_path())


class Record:
    """One fetched row, read by column name or by position (like ``sqlite3.Row``); iterating gives the values."""

    __slots__ = ("_row",)

    def __init__(self, row: Any) -> None:
        self._row = row

    def __getitem__(self, key: str | int) -> Any:
        return self._row._mapping[key] if isinstance(key, str) else self._row[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._row)

    def __len__(self) -> int:
        return len(self._row)

    def keys(self) -> list[str]:
        return list(self._row._mapping.keys())

    def __repr__(self) -> str:
        return f"Record({dict(self._row._mapping)!r})"


Row = Record


class Rows:
    """A statement's outcome, fetched before its connection went back to the pool."""

    def __init__(self, records: list[Record], rowcount: int) -> None:
        self._records = records
        self._next = 0
        self.rowcount = rowcount

    def fetchone(self) -> Record | None:
        if self._next >= len(self._records):
            return None
        self._next += 1
        return self._records[self._next - 1]

    def one(self) -> Record:
        """The next row of a statement that always returns one (an aggregate, ``RETURNING``)."""
        row = self.fetchone()
        if row is None:  # a bug in the statement, not the user's problem
            raise RuntimeError("the statement returned no row")
        return row

    def fetchall(self) -> list[Record]:
        rest, self._next = self._records[self._next :], len(self._records)
        return rest

    def __iter__(self) -> Iterator[Record]:
        return iter(self.fetchall())

    def scalar(self) -> Any:
        first = self.fetchone()
        return None if first is None else first[0]


@lru_cache(maxsize=1024)
def _compiled(statement: str) -> tuple[TextClause, int]:
    """``statement`` with its ``?`` placeholders as numbered named binds, which both drivers take through SQLAlchemy.

    The store's statements are written with positional ``?``; SQLAlchemy's
    ``text()`` binds by name, and renders each name in the driver's own style
    (``?`` for sqlite3, ``%(name)s`` for psycopg). A ``?`` inside a quoted
    literal or identifier is left alone.
    """
    parts: list[str] = []
    count, quote = 0, ""
    for char in statement:
        if char == ":":
            # text() would read any `:word` as a bind, quoted or not (`'a:b'`, a `::` cast): keep colons literal.
            parts.append("\\:")
            continue
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "?":
            parts.append(f":p{count}")
            count += 1
            continue
        parts.append(char)
    return text("".join(parts)), count


def _bind(statement: str, params: Sequence[Any] | Mapping[str, Any]) -> tuple[TextClause, dict[str, Any]]:
    if isinstance(params, Mapping):
        return text(statement), dict(params)
    clause, count = _compiled(statement)
    values = list(params)
    if len(values) != count:
        raise ValueError(f"{count} placeholder(s), {len(values)} value(s): {statement[:80]}")
    return clause, {f"p{i}": value for i, value in enumerate(values)}


def _rows(result: CursorResult[Any]) -> Rows:
    records = [Record(row) for row in result.fetchall()] if result.returns_rows else []
    return Rows(records, result.rowcount if not result.returns_rows else len(records))


class Conn:
    """A connection to the workspace with the store's calling convention: ``execute(sql, params)``."""

    def __init__(self, connection: SAConnection) -> None:
        self._connection = connection

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._connection.dialect.name

    def execute(self, statement: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> Rows:
        clause, values = _bind(statement, params)
        return _rows(self._connection.execute(clause, values))

    def insert_returning_ids(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> list[int]:
        """Insert ``rows`` into ``table`` in one batched statement; their new ids, in the order given.

        SQLAlchemy sends them as multi-row ``INSERT … RETURNING`` on both engines
        ("insertmanyvalues"), so a large import is a few round trips, not one per row.
        """
        if not rows:
            return []
        if self.dialect == "postgresql":
            # COPY is PostgreSQL's bulk path; it returns no ids, so they are drawn from the table's sequence first.
            ids = self._connection.execute(
                text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)"),
                {"table": table.name, "count": len(rows)},
            ).scalars()
            numbered = [{**row, "id": int(row_id)} for row, row_id in zip(rows, ids, strict=True)]
            self._copy(table, numbered)
            return [row["id"] for row in numbered]
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return [int(row[0]) for row in self._connection.execute(statement, list(rows))]

    def insert_many(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert ``rows`` into ``table`` in batches (no ids wanted back); COPY on PostgreSQL."""
        if not rows:
            return
        if self.dialect == "postgresql":
            self._copy(table, rows)
        else:
            self._connection.execute(insert(table), list(rows))

    def _copy(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        """``COPY table (columns) FROM STDIN`` through psycopg, inside this connection's transaction."""
        columns = list(rows[0])
        driver = self._connection.connection.driver_connection
        assert driver is not None  # a checked-out connection always has its driver connection
        names = ", ".join(f'"{name}"' for name in columns)
        with driver.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[name] for name in columns])

    def executemany(self, statement: str, rows: Iterator[Sequence[Any]] | Sequence[Sequence[Any]]) -> Rows:
        """One statement for many rows, sent in batches by the driver (never a round trip per row)."""
        bound = [_bind(statement, row) for row in rows]
        if not bound:
            return Rows([], 0)
        result = self._connection.execute(bound[0][0], [values for _clause, values in bound])
        return Rows([], result.rowcount)


Connection = Conn


class _Reader:
    """``Database.conn``: each statement on a pooled connection, in autocommit, its rows fetched at once."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def execute(self, statement: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> Rows:
        with self._database.connect() as connection:
            return connection.execute(statement, params)


# Either kind of connection, for a helper that only reads (inside a transaction or not).
Reads = Conn | _Reader

_MANGLED_URL = re.compile(r"^[a-z][a-z0-9+.-]*:/[^/]", re.IGNORECASE)

_ENGINES: dict[str, Engine] = {}
_UPGRADED: set[str] = set()
_ENGINES_LOCK = threading.Lock()


def engine_for(url: str) -> Engine:
    """One engine (a connection pool) per database per process, brought to the current schema on first use.

    Sharing it across sessions is safe: it holds the workspace's own address,
    never a visitor's API key.
    """
    with _ENGINES_LOCK:
        engine = _ENGINES.get(url)
        if engine is None:
            engine = make_engine(url)
            _ENGINES[url] = engine
        if url not in _UPGRADED:
            from core.data.upgrade import upgrade_engine

            try:
                upgrade_engine(engine)
            except sa_exc.OperationalError as exc:
                raise _unavailable(url, exc) from exc
            _UPGRADED.add(url)
        return engine


def forget_engine(url: str) -> None:
    """Close the pool of ``url`` (tests that delete a database or a file)."""
    with _ENGINES_LOCK:
        engine = _ENGINES.pop(url, None)
        _UPGRADED.discard(url)
    if engine is not None:
        engine.dispose()


def _unavailable(url: str, exc: BaseException) -> DatabaseUnavailable:
    lines = str(getattr(exc, "orig", exc) or exc).strip().splitlines()
    reason = lines[0] if lines else ""
    password = make_url(url).password
    if password:  # a driver may quote what it was given; the password never leaves this function
        reason = reason.replace(str(password), "***")
    return DatabaseUnavailable("database_unavailable", where=redacted(url), reason=reason)


def _location_url(location: str | Path | None) -> str:
    if location is None:
        return default_location()
    if isinstance(location, str) and "://" in location:
        return location
    if _MANGLED_URL.match(str(location)):
        # Path("postgresql+psycopg://…") keeps one slash: opening it would make a stray SQLite file named after the URL.
        raise ValueError("a database URL was turned into a file path; pass the URL string as it is")
    return sqlite_url(Path(location))


class Database:
    """The workspace: SQLite (``path``) or a server (a URL), upgraded on first open in this process."""

    def __init__(self, location: str | Path | None = None) -> None:
        self.url = _location_url(location)
        # What a worker thread is handed to open the same workspace again: the file's path, or the URL.
        self.path: Path | str = sqlite_path(self.url) if is_sqlite(self.url) else self.url
        self.engine = engine_for(self.url)
        self.conn = _Reader(self)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def ping(self) -> None:
        """Raise ``DatabaseUnavailable`` unless the database answers now."""
        self.conn.execute("SELECT 1")

    def close(self) -> None:
        """Nothing to release: connections go back to the pool after each statement or transaction."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def connect(self) -> Iterator[Conn]:
        """One pooled connection in autocommit, for reads and single-statement writes."""
        try:
            with self.engine.connect() as connection:
                yield Conn(connection.execution_options(isolation_level="AUTOCOMMIT"))
        except (sa_exc.OperationalError, sa_exc.InterfaceError) as exc:
            if self._is_outage(exc):
                raise _unavailable(self.url, exc) from exc
            raise

    @contextmanager
    def tx(self) -> Iterator[Conn]:
        """One write transaction: all of it lands, or none of it.

        The write lock is taken before the first read, so a read-modify-write
        inside it can't interleave with another writer.
        """
        try:
            with self.engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
                # SQLite: the engine began this transaction with BEGIN IMMEDIATE (core.data.engine).
                yield Conn(connection)
        except (sa_exc.OperationalError, sa_exc.InterfaceError) as exc:
            if self._is_outage(exc):
                raise _unavailable(self.url, exc) from exc
            raise

    def _is_outage(self, exc: sa_exc.DBAPIError) -> bool:
        """A lost server is the user's to know about, in plain words; a busy SQLite file stays ``DatabaseBusy``."""
        return self.dialect != "sqlite" or bool(getattr(exc, "connection_invalidated", False))


def inserted_id(rows: Rows) -> int:
    """The id an ``INSERT … RETURNING id`` just made."""
    row_id = rows.scalar()
    if row_id is None:  # an INSERT … RETURNING always has a row: None here is a bug in this package
        raise RuntimeError("the statement inserted no row")
    return int(row_id)


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` (any iterable, also a generator) in lists of at most ``size``; Python 3.11 has no batched()."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def chunks(items: list[int], size: int = 500) -> Iterator[list[int]]:
    """``items`` in slices small enough for one ``IN (?, …)`` list."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def placeholders(count: int) -> str:
    """``?,?,…`` for an ``IN`` list of ``count`` values."""
    return ",".join("?" * count)

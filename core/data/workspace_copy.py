"""Copy a SQLite workspace into another database (a team's PostgreSQL server).

Table by table, parents before children, each in primary-key order and in
batches (one ``executemany`` per batch, never a round trip per row). A row whose
primary key is already there is skipped, so the copy can be run again after an
interruption or a second time by mistake: nothing is duplicated. Any other
conflict (say a project of the same name but another id) stops the copy with
that table named, instead of skipping a row silently.

Afterwards both sides are compared, per table: the number of rows and a
SHA-256 over every row in primary-key order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

from core.data.tables import copy_order

BATCH_ROWS = 2_000


@dataclass(frozen=True)
class TableCopy:
    """What happened to one table."""

    table: str
    source_rows: int
    copied: int
    skipped: int
    target_rows: int
    source_hash: str
    target_hash: str

    @property
    def matches(self) -> bool:
        return self.source_rows == self.target_rows and self.source_hash == self.target_hash


@dataclass(frozen=True)
class CopyReport:
    tables: tuple[TableCopy, ...]

    @property
    def matches(self) -> bool:
        return all(table.matches for table in self.tables)

    @property
    def copied(self) -> int:
        return sum(table.copied for table in self.tables)

    @property
    def skipped(self) -> int:
        return sum(table.skipped for table in self.tables)


def _ordered(table: Table) -> Any:
    return select(table).order_by(*table.primary_key.columns)


def _batches(connection: Connection, table: Table) -> Iterator[list[dict[str, Any]]]:
    result = connection.execution_options(yield_per=BATCH_ROWS).execute(_ordered(table))
    for partition in result.mappings().partitions(BATCH_ROWS):
        yield [dict(row) for row in partition]


def _insert_skipping_existing(target: Connection, table: Table) -> Insert:
    """INSERT … ON CONFLICT (primary key) DO NOTHING, in the target's own dialect."""
    key = list(table.primary_key.columns)
    if target.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=key)
    if target.dialect.name == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=key)
    raise ValueError(f"copying into {target.dialect.name} is not supported")


def _count(connection: Connection, table: Table) -> int:
    return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def table_hash(connection: Connection, table: Table) -> str:
    """SHA-256 over every row in primary-key order; equal content gives an equal hash on any engine."""
    digest = hashlib.sha256()
    for batch in _batches(connection, table):
        for row in batch:
            digest.update(json.dumps(list(row.values()), ensure_ascii=False, default=str).encode("utf-8"))
            digest.update(b"\n")
    return digest.hexdigest()


def _advance_identity(target: Connection, table: Table) -> None:
    """After rows were inserted with their ids, new rows on PostgreSQL must get ids above them."""
    if target.dialect.name != "postgresql" or "id" not in table.c or table.c.id.identity is None:
        return
    target.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL)"
            f" FROM {table.name}"
        )
    )


def copy_table(source: Connection, target: Connection, table: Table) -> tuple[int, int]:
    """Copy one table; returns (rows copied, rows skipped because their key was already there)."""
    before = _count(target, table)
    statement = _insert_skipping_existing(target, table)
    offered = 0
    for batch in _batches(source, table):
        target.execute(statement, batch)
        offered += len(batch)
    _advance_identity(target, table)
    copied = _count(target, table) - before
    return copied, offered - copied


def copy_workspace(source: Engine, target: Engine, tables: Sequence[Table] | None = None) -> CopyReport:
    """Copy every table from ``source`` into ``target`` (already at the same schema), then compare them.

    Each table is committed on its own, so an interrupted copy keeps what it
    finished and the next run carries on from there.
    """
    results = []
    with source.connect() as reader:
        for table in tables or copy_order():
            with target.begin() as writer:
                copied, skipped = copy_table(reader, writer, table)
            with target.connect() as checker:
                results.append(
                    TableCopy(
                        table.name,
                        _count(reader, table),
                        copied,
                        skipped,
                        _count(checker, table),
                        table_hash(reader, table),
                        table_hash(checker, table),
                    )
                )
    return CopyReport(tuple(results))

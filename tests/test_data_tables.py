"""One schema for both engines: core/data/tables.py and the Alembic baseline equal today's sqlite3 schema."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from core.data.engine import make_engine, sqlite_url
from core.data.schema import MIGRATIONS, SCHEMA_VERSION
from core.data.store import Store
from core.data.tables import copy_order, metadata
from core.data.upgrade import VERSION_TABLE, upgrade_to_head

_CHECK = re.compile(r"CHECK\s*\(")


def _checks(sql: str) -> list[str]:
    """The text inside every CHECK (…), whitespace squeezed."""
    found = []
    for match in _CHECK.finditer(sql):
        depth, start = 1, match.end()
        for index in range(start, len(sql)):
            depth += {"(": 1, ")": -1}.get(sql[index], 0)
            if depth == 0:
                found.append(" ".join(sql[start:index].split()))
                break
    return found


def sqlite_schema(path: Path) -> dict[str, Any]:
    """Everything SQLite enforces about each table, in a form that ignores only spelling."""
    conn = sqlite3.connect(path)
    try:
        schema: dict[str, Any] = {}
        tables = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name != ? ORDER BY name",
            (VERSION_TABLE,),
        ).fetchall()
        for table, sql in tables:
            # A primary-key column can never hold NULL (an INTEGER one is the rowid), declared NOT NULL or not.
            columns = [
                (name, kind.upper(), bool(notnull or pk), default, pk)
                for _, name, kind, notnull, default, pk in conn.execute(f'PRAGMA table_info("{table}")')
            ]
            keys = sorted(
                (parent, src, dst, on_delete)
                for _, _, parent, src, dst, _, on_delete, _ in conn.execute(f'PRAGMA foreign_key_list("{table}")')
            )
            indexes, uniques = {}, []
            for _, name, unique, origin, _ in conn.execute(f'PRAGMA index_list("{table}")'):
                cols = [row[2] for row in conn.execute(f'PRAGMA index_info("{name}")')]
                if origin == "c":
                    indexes[name] = (cols, unique)
                elif origin == "u":
                    uniques.append(cols)
            schema[table] = {
                "columns": columns,
                "foreign_keys": keys,
                "indexes": indexes,
                "unique": sorted(uniques),
                "checks": _checks(sql),
            }
        return schema
    finally:
        conn.close()


@pytest.fixture
def legacy_file(tmp_path: Path) -> Path:
    """A workspace made by today's sqlite3 store and its five migrations."""
    path = tmp_path / "legacy.sqlite3"
    Store(path).close()
    return path


def test_the_comparison_sees_what_matters(legacy_file: Path):
    # Guards the comparison itself: it must see columns, defaults, keys, indexes and the CHECK.
    schema = sqlite_schema(legacy_file)
    examples = schema["examples"]
    assert ("status", "TEXT", True, "'draft'", 0) in examples["columns"]
    assert ("projects", "project_id", "id", "CASCADE") in examples["foreign_keys"]
    assert examples["indexes"]["examples_by_tags"] == (["project_id", "tags"], 0)
    assert examples["checks"] == ["status IN ('draft', 'approved', 'rejected')"]
    assert schema["projects"]["unique"] == [["name"]]
    assert ("examples", "example_id", "id", "SET NULL") in schema["preference_pairs"]["foreign_keys"]
    # 17 tables from the sqlite3 migrations, 2 from the Alembic revision 0002_documents, 2 from 0003_example_sources.
    assert len(schema) == 21 and SCHEMA_VERSION == len(MIGRATIONS) == 5


def test_tables_py_creates_exactly_todays_schema_on_sqlite(legacy_file: Path, tmp_path: Path):
    fresh = tmp_path / "from_metadata.sqlite3"
    engine = create_engine(sqlite_url(fresh))
    metadata.create_all(engine)
    engine.dispose()
    assert sqlite_schema(fresh) == sqlite_schema(legacy_file)


def test_the_alembic_baseline_creates_exactly_todays_schema_on_sqlite(legacy_file: Path, tmp_path: Path):
    fresh = tmp_path / "from_alembic.sqlite3"
    upgrade_to_head(sqlite_url(fresh))
    assert sqlite_schema(fresh) == sqlite_schema(legacy_file)


def _differences(url: str) -> list[Any]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    finally:
        engine.dispose()


def test_the_alembic_baseline_equals_tables_py_on_postgres(postgres_url: str):
    upgrade_to_head(postgres_url)
    assert _differences(postgres_url) == []


def test_copy_order_puts_every_parent_before_its_children():
    order = [table.name for table in copy_order()]
    assert sorted(order) == sorted(metadata.tables)
    for table in copy_order():
        for key in table.foreign_keys:
            assert order.index(key.column.table.name) < order.index(table.name)

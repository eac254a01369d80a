"""SQL is written in ``core/data/`` only: the seam a second database engine plugs into.

Scans every module of ``core/`` outside ``core/data/`` for calls that run SQL
(``.execute(``, ``.executemany(``, ``.executescript(``), for reaching into the
store's raw connection (``store.conn``) and for string literals that read as
SQL statements.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "core"
DATA = CORE / "data"
SQL_CALLS = frozenset({"execute", "executemany", "executescript"})
SQL_TEXT = re.compile(r"\b(SELECT |INSERT INTO|INSERT OR |UPDATE \w+ SET|DELETE FROM|CREATE TABLE|PRAGMA )")
ALLOWED: set[str] = set()  # nothing outside core/data runs SQL


def sql_in(source: str) -> list[str]:
    """Where ``source`` runs or spells SQL, as ``line: what`` texts."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS:
            found.append(f"{node.lineno}: .{node.func.attr}(")
        elif isinstance(node, ast.Attribute) and node.attr == "conn":
            found.append(f"{node.lineno}: .conn")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_TEXT.search(node.value):
            found.append(f"{node.lineno}: {SQL_TEXT.search(node.value).group(0)!r}")
    return found


def test_the_scanner_finds_sql_calls_and_statements():
    source = (
        'conn.execute("PRAGMA x")\n'
        "db.conn.executemany(q, rows)\n"
        'q = "SELECT id FROM examples"\n'
        'w = f"UPDATE examples SET a = {b}"\n'
        'd = "DELETE FROM x"\n'
        'i = "INSERT INTO t VALUES (1)"\n'
    )
    assert len(sql_in(source)) == 8  # both calls, the PRAGMA literal inside the first one, and db.conn
    assert sql_in('label = "Update the answer"\nselect = "select all"\n') == []


def test_no_sql_outside_core_data():
    offenders = {}
    for path in sorted(CORE.rglob("*.py")):
        relative = path.relative_to(CORE.parent).as_posix()
        if path.is_relative_to(DATA) or relative in ALLOWED:
            continue
        found = sql_in(path.read_text(encoding="utf-8"))
        if found:
            offenders[relative] = found
    assert offenders == {}, "SQL belongs in core/data/ (add a function there and call it):\n" + "\n".join(
        f"{name}: {', '.join(lines)}" for name, lines in offenders.items()
    )

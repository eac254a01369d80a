"""The PostgreSQL ``store`` fixture reuses a test's database for the next test (much faster than a new copy):
the next test must find it exactly like a new copy, or get a new copy."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import psycopg
import pytest
from sqlalchemy import inspect, text

from core.data.connection import DatabaseUnavailable, forget_engine
from core.data.engine import make_engine
from core.data.store import NewExample, Store
from tests.postgres import PostgresServer


def _psycopg(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def _oid(url: str) -> int:
    """The database's own number, which a rename keeps: equal means the same database was handed out again."""
    with psycopg.connect(_psycopg(url)) as conn:
        row = conn.execute("SELECT oid FROM pg_database WHERE datname = current_database()").fetchone()
        assert row is not None
        return int(row[0])


def _row_counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            tables = [name for name in inspect(conn).get_table_names() if name != "alembic_version"]
            return {name: conn.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one() for name in tables}
    finally:
        engine.dispose()


@pytest.fixture
def checked_out(postgres_server: PostgresServer) -> Iterator[list[str]]:
    """The URLs this test checked out, given back at its end."""
    urls: list[str] = []
    yield urls
    for url in urls:
        forget_engine(url)
        postgres_server.return_workspace(url)


def test_a_given_back_workspace_comes_back_empty_under_a_new_name(postgres_server: PostgresServer, checked_out):
    url = postgres_server.checkout_workspace()
    with Store(url) as store:
        project_id = store.create_project("Used before", settings={"training_system_prompt": "x"})
        store.add_examples(project_id, [NewExample("q1", "a1"), NewExample("q2")])
        [first, _] = list(store.iter_examples(project_id))
        store.update_example(first.id, answer="edited")  # history rows too
    forget_engine(url)
    assert any(_row_counts(url).values())
    oid = _oid(url)

    postgres_server.return_workspace(url)
    again = postgres_server.checkout_workspace()
    checked_out.append(again)

    assert _oid(again) == oid  # the reuse path itself, not a new copy
    assert again != url
    assert _row_counts(again) and not any(_row_counts(again).values())
    with Store(again) as store:
        assert store.list_projects() == []
        new_id = store.create_project("Next test")
        assert new_id == project_id == 1  # sequences start again: ids are as in a new copy
        store.add_examples(new_id, [NewExample("fresh")])
        assert [e.id for e in store.iter_examples(new_id)] == [1]
    with pytest.raises(DatabaseUnavailable):  # whatever still holds the old URL can't reach it any more
        Store(url)
    forget_engine(url)


def _keep_a_connection(url: str) -> Callable[[], None]:
    engine = make_engine(url)
    connection = engine.connect()
    connection.execute(text("SELECT 1"))

    def release() -> None:
        connection.close()
        engine.dispose()

    return release


def _change(statement: str) -> Callable[[str], Callable[[], None]]:
    def change(url: str) -> Callable[[], None]:
        with psycopg.connect(_psycopg(url), autocommit=True) as conn:
            conn.execute(statement.replace("{db}", url.rsplit("/", 1)[1]))
        return lambda: None

    return change


@pytest.mark.parametrize(
    "leave_behind",
    [
        _keep_a_connection,
        _change("ALTER TABLE projects ADD COLUMN extra TEXT"),
        _change("CREATE INDEX extra_index ON examples (question)"),
        _change("UPDATE alembic_version SET version_num = 'a_newer_app'"),
        _change('ALTER DATABASE "{db}" SET search_path TO nowhere'),
    ],
    ids=["still-connected", "new-column", "new-index", "other-revision", "database-setting"],
)
def test_a_workspace_still_in_use_or_changed_is_not_handed_out_again(
    postgres_server: PostgresServer, checked_out, leave_behind
):
    url = postgres_server.checkout_workspace()
    with Store(url):
        pass
    forget_engine(url)
    oid = _oid(url)
    release = leave_behind(url)
    try:
        postgres_server.return_workspace(url)
        again = postgres_server.checkout_workspace()
        checked_out.append(again)
        assert _oid(again) != oid
    finally:
        release()

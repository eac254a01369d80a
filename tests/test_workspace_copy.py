"""`python -m core workspace copy --to URL` against a real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, insert, select, text

from core.__main__ import main
from core.data import tables
from core.data.engine import make_engine, sqlite_url
from core.data.upgrade import upgrade_to_head
from core.data.workspace_cli import EXIT_COPIED, EXIT_DIFFERS, EXIT_FAILED
from core.data.workspace_copy import copy_workspace
from tests.fixtures.workspaces.make_v5 import build_workspace
from tests.postgres import PostgresServer

PASSWORD = "tr0ub4dor-and-3"


@pytest.fixture(scope="module")
def sample_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Today's store: the sample project with edits, a run, a launch, a comparison and a vote."""
    path = tmp_path_factory.mktemp("copy") / "studio.sqlite3"
    build_workspace(path)
    return path


@pytest.fixture
def target(postgres_server: PostgresServer) -> str:
    # Trust authentication accepts any password: it is there to prove it is never printed.
    return postgres_server.url(postgres_server.create_database(), password=PASSWORD)


def _rows(engine: Engine) -> dict[str, list[tuple]]:
    with engine.connect() as conn:
        return {
            table.name: [tuple(row) for row in conn.execute(select(table).order_by(*table.primary_key.columns))]
            for table in tables.copy_order()
        }


def _copy(source: Path, url: str, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["workspace", "copy", "--from", str(source), "--to", url, *extra])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_the_workspace_arrives_whole_and_a_second_run_duplicates_nothing(
    sample_workspace: Path, target: str, capsys: pytest.CaptureFixture[str]
):
    source, server = make_engine(sqlite_url(sample_workspace)), make_engine(target)
    try:
        expected = _rows(source)
        total = sum(len(rows) for rows in expected.values())
        assert all(expected.values()), "the sample workspace should fill every table"

        code, output = _copy(sample_workspace, target, capsys)
        assert code == EXIT_COPIED
        assert PASSWORD not in output and "***" in output
        assert (
            f"All {len(expected)} tables match (row counts and content hashes): {total} rows copied, 0 already"
            in output
        )
        assert _rows(server) == expected

        code, output = _copy(sample_workspace, target, capsys)
        assert code == EXIT_COPIED
        assert f"0 rows copied, {total} already there and skipped" in output
        assert _rows(server) == expected
    finally:
        source.dispose()
        server.dispose()


def test_new_rows_on_the_server_get_ids_after_the_copied_ones(
    sample_workspace: Path, target: str, capsys: pytest.CaptureFixture[str]
):
    assert _copy(sample_workspace, target, capsys)[0] == EXIT_COPIED
    server = make_engine(target)
    try:
        with server.begin() as conn:
            highest = conn.execute(select(func.max(tables.examples.c.id))).scalar_one()
            new_id = conn.execute(
                insert(tables.examples)
                .values(project_id=1, created_at="t", updated_at="t")
                .returning(tables.examples.c.id)
            ).scalar_one()
        assert new_id > highest
    finally:
        server.dispose()


def test_an_interrupted_copy_carries_on_where_it_stopped(
    sample_workspace: Path, target: str, capsys: pytest.CaptureFixture[str]
):
    upgrade_to_head(target)
    first_tables = tables.copy_order()[:5]
    source, server = make_engine(sqlite_url(sample_workspace)), make_engine(target)
    try:
        done = copy_workspace(source, server, first_tables)
        assert done.copied > 0
        code, output = _copy(sample_workspace, target, capsys)
        assert code == EXIT_COPIED
        assert f"{done.copied} already there and skipped" in output
        assert _rows(server) == _rows(source)
    finally:
        source.dispose()
        server.dispose()


def test_a_clashing_row_on_the_server_stops_the_copy_with_a_plain_message(
    sample_workspace: Path, target: str, capsys: pytest.CaptureFixture[str]
):
    upgrade_to_head(target)
    source, server = make_engine(sqlite_url(sample_workspace)), make_engine(target)
    try:
        with source.connect() as conn:
            name = conn.execute(select(tables.projects.c.name)).scalar_one()
        with server.begin() as conn:  # the same name under another id: not the same row
            conn.execute(insert(tables.projects).values(id=99, name=name, created_at="t", updated_at="t"))
        code, output = _copy(sample_workspace, target, capsys)
        assert code == EXIT_FAILED
        assert "The copy stopped" in output and "Traceback" not in output and PASSWORD not in output
    finally:
        source.dispose()
        server.dispose()


def test_extra_rows_on_the_server_are_reported_not_hidden(
    sample_workspace: Path, target: str, capsys: pytest.CaptureFixture[str]
):
    upgrade_to_head(target)
    server = make_engine(target)
    try:
        with server.begin() as conn:
            conn.execute(
                insert(tables.owner_spend).values(id=500, day="2026-01-01", action="generate", usd=1.0, created_at="t")
            )
        code, output = _copy(sample_workspace, target, capsys)
        assert code == EXIT_DIFFERS
        assert "owner_spend" in output.splitlines()[-1] and "DIFFERS" in output
    finally:
        server.dispose()


def test_an_unreachable_server_gives_a_plain_message_without_the_password(
    sample_workspace: Path, capsys: pytest.CaptureFixture[str]
):
    code, output = _copy(sample_workspace, f"postgresql://team:{PASSWORD}@127.0.0.1:1/studio", capsys)
    assert code == EXIT_FAILED
    assert "Could not use the database at postgresql+psycopg://team:***@127.0.0.1:1/studio" in output
    assert PASSWORD not in output and "Traceback" not in output


def test_the_report_speaks_korean(sample_workspace: Path, target: str, capsys: pytest.CaptureFixture[str]):
    code, output = _copy(sample_workspace, target, capsys, "--lang", "ko")
    assert code == EXIT_COPIED
    assert "모두 일치합니다" in output and "테이블" in output.splitlines()[1]


def test_a_missing_workspace_file_is_named(tmp_path: Path, target: str, capsys: pytest.CaptureFixture[str]):
    code, output = _copy(tmp_path / "nowhere.sqlite3", target, capsys)
    assert code == EXIT_FAILED and "nowhere.sqlite3" in output and "--from" in output


def test_the_server_is_real(target: str):
    # Not a stand-in: the copy tests above ran against PostgreSQL itself.
    server = make_engine(target)
    try:
        with server.connect() as conn:
            assert "PostgreSQL" in conn.execute(text("SELECT version()")).scalar_one()
    finally:
        server.dispose()

"""Which database the workspace lives in, and a URL's password never shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from core.data.engine import (
    DATABASE_URL_ENV,
    database_url,
    is_sqlite,
    make_engine,
    redacted,
    sqlite_path,
    sqlite_url,
)
from core.data.store import WORKSPACE_ENV

PASSWORD = "pa55-w0rd!"
TEAM_URL = f"postgresql+psycopg://team:{PASSWORD}@db.example.com:5432/studio"


def test_secrets_name_the_database_the_way_streamlit_does(tmp_path: Path):
    secrets = {"connections": {"sql": {"url": TEAM_URL}}}
    assert database_url(secrets, environ={}, workspace=tmp_path / "ws.sqlite3") == TEAM_URL


def test_secrets_win_over_the_environment_and_the_environment_over_the_file(tmp_path: Path):
    env_url = "postgresql+psycopg://env@db/other"
    secrets = {"connections": {"sql": {"url": TEAM_URL}}}
    assert database_url(secrets, {DATABASE_URL_ENV: env_url}, tmp_path / "ws.sqlite3") == TEAM_URL
    assert database_url({}, {DATABASE_URL_ENV: env_url}, tmp_path / "ws.sqlite3") == env_url
    assert database_url(
        {"connections": {"sql": {"url": "  "}}}, {DATABASE_URL_ENV: " "}, tmp_path / "ws.sqlite3"
    ) == sqlite_url(tmp_path / "ws.sqlite3")


def test_without_a_server_the_workspace_file_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(WORKSPACE_ENV, str(tmp_path / "mine.sqlite3"))
    url = database_url(None, environ={})
    assert is_sqlite(url) and sqlite_path(url) == tmp_path / "mine.sqlite3"


def test_the_url_may_be_given_in_pieces_like_streamlits_connection_secrets(tmp_path: Path):
    parts = {
        "dialect": "postgresql",
        "driver": "psycopg",
        "host": "db.example.com",
        "port": 5432,
        "username": "team",
        "password": PASSWORD,
        "database": "studio",
    }
    url = make_url(database_url({"connections": {"sql": parts}}, {}, tmp_path / "ws.sqlite3"))
    assert url.password == PASSWORD  # escaped in the URL, the same password to the server
    assert url.render_as_string(hide_password=True) == redacted(TEAM_URL)


@pytest.mark.parametrize("plain", ["postgres://team:pw@host/db", "postgresql://team:pw@host/db"])
def test_hosted_databases_plain_urls_get_the_psycopg_driver(plain: str, tmp_path: Path):
    assert database_url({}, {DATABASE_URL_ENV: plain}, tmp_path / "x").startswith("postgresql+psycopg://team:pw@")


@pytest.mark.parametrize(
    "url",
    [
        TEAM_URL,
        f"postgres://team:{PASSWORD}@host/db?sslmode=require",
        f"not a url://team:{PASSWORD}@host/db",
        f"postgresql://team:{PASSWORD}@",
    ],
)
def test_redacted_never_shows_the_password(url: str):
    shown = redacted(url)
    assert PASSWORD not in shown
    assert "team" in shown and "***" in shown


def test_redacted_leaves_a_url_without_password_readable(tmp_path: Path):
    assert (
        redacted("postgresql+psycopg://team@db.example.com/studio") == "postgresql+psycopg://team@db.example.com/studio"
    )
    assert redacted(sqlite_url(tmp_path / "ws.sqlite3")).endswith("ws.sqlite3")


def test_the_engine_reaches_a_real_postgres_server(postgres_url: str):
    engine = make_engine(postgres_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT current_setting('server_version_num')::int")).scalar_one() >= 150000
    finally:
        engine.dispose()


def test_the_test_server_does_not_run_as_root(postgres_server):
    # PostgreSQL refuses root; tests/postgres.py runs it as the postgres system user when needed.
    import psutil

    owners = {
        process.username()
        for process in psutil.process_iter(["cmdline", "username"])
        if f"-p {postgres_server.port}" in " ".join(process.info["cmdline"] or [])
    }
    assert owners and "root" not in owners

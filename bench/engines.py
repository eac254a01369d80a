"""The ``--database`` option of the benches that time the store: SQLite alone, or PostgreSQL next to it."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

SQLITE = "sqlite"
POSTGRES = "postgres"


def add_database_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database",
        choices=(SQLITE, POSTGRES),
        default=SQLITE,
        help="postgres: also on a throwaway local PostgreSQL server (Debian's binaries), next to SQLite in one run",
    )


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh, empty database on a throwaway local server, for as long as the block runs; yields its URL."""
    from tests.postgres import PostgresServer

    with PostgresServer.started() as server:
        yield server.url(server.create_database())

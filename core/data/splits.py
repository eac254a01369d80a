"""Recorded train/validation splits (table ``splits``).

A split is the example ids on each side plus a hash of the exact lines that
would be uploaded; how it is drawn lives in ``core.dataset.split``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from core.data.connection import Connection, Database, Row, inserted_id


@dataclass(frozen=True)
class Split:
    id: int
    project_id: int
    train_ids: list[int]
    valid_ids: list[int]
    seed: int
    valid_ratio: float
    approved_only: bool
    dataset_hash: str
    created_at: str


def _row_to_split(row: Row) -> Split:
    return Split(
        row["id"],
        row["project_id"],
        json.loads(row["train_ids"]),
        json.loads(row["valid_ids"]),
        row["seed"],
        row["valid_ratio"],
        bool(row["approved_only"]),
        row["dataset_hash"],
        row["created_at"],
    )


def insert_split_row(
    conn: Connection,
    project_id: int,
    *,
    created_at: str,
    seed: int,
    valid_ratio: float,
    approved_only: bool,
    train_ids: list[int],
    valid_ids: list[int],
    dataset_hash: str,
) -> int:
    """One split inside the caller's transaction."""
    return inserted_id(
        conn.execute(
            "INSERT INTO splits (project_id, created_at, seed, valid_ratio, approved_only, train_ids, valid_ids,"
            " dataset_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                project_id,
                created_at,
                seed,
                float(valid_ratio),
                int(approved_only),
                json.dumps(train_ids),
                json.dumps(valid_ids),
                dataset_hash,
            ),
        )
    )


def add_split(
    db: Database,
    project_id: int,
    *,
    created_at: str,
    seed: int,
    valid_ratio: float,
    approved_only: bool,
    train_ids: list[int],
    valid_ids: list[int],
    dataset_hash: str,
) -> Split:
    """Record a split in its own transaction."""
    with db.tx() as conn:
        split_id = insert_split_row(
            conn,
            project_id,
            created_at=created_at,
            seed=seed,
            valid_ratio=valid_ratio,
            approved_only=approved_only,
            train_ids=train_ids,
            valid_ids=valid_ids,
            dataset_hash=dataset_hash,
        )
    return Split(
        split_id, project_id, train_ids, valid_ids, seed, float(valid_ratio), approved_only, dataset_hash, created_at
    )


def latest_split(db: Database, project_id: int) -> Split | None:
    """The most recent split recorded for the project, or None."""
    row = db.conn.execute(
        "SELECT * FROM splits WHERE project_id = ? ORDER BY id DESC LIMIT 1", (project_id,)
    ).fetchone()
    return _row_to_split(row) if row else None


def get_split(db: Database, split_id: int) -> Split | None:
    row = db.conn.execute("SELECT * FROM splits WHERE id = ?", (split_id,)).fetchone()
    return _row_to_split(row) if row else None


def project_splits(db: Database, project_id: int) -> list[Split]:
    """Every split of the project, oldest first."""
    return [
        _row_to_split(r)
        for r in db.conn.execute("SELECT * FROM splits WHERE project_id = ? ORDER BY id", (project_id,))
    ]

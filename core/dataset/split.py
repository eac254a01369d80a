"""The train/validation split, seeded and recorded, so the fine-tune uploads exactly it.

A split is a list of example ids on each side plus a hash of the exact lines
that would be uploaded, so a later edit to the dataset is noticed
(``is_current``) instead of silently training on something else.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from dataclasses import dataclass

from core.dataset.export import iter_chat_jsonl
from core.data.store import Store, now_iso

DEFAULT_VALID_RATIO = 0.1
DEFAULT_SEED = 42
MAX_VALID_RATIO = 0.5


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


def eligible_ids(store: Store, project_id: int, approved_only: bool = True) -> list[int]:
    """Examples a split draws from: approved ones, or every one not rejected."""
    statuses = ("approved",) if approved_only else ("approved", "draft")
    return [e.id for e in store.iter_examples(project_id, statuses=statuses)]


def split_ids(ids: list[int], valid_ratio: float, seed: int) -> tuple[list[int], list[int]]:
    """Shuffle with ``seed`` and cut: the same ids, ratio and seed always give the same split.

    The validation side gets round(n × ratio) examples, never all of them.
    """
    ratio = min(max(float(valid_ratio), 0.0), MAX_VALID_RATIO)
    shuffled = sorted(ids)
    random.Random(seed).shuffle(shuffled)
    n_valid = min(math.floor(len(shuffled) * ratio + 0.5), max(len(shuffled) - 1, 0))
    return sorted(shuffled[n_valid:]), sorted(shuffled[:n_valid])


def dataset_hash(store: Store, project_id: int, train_ids: list[int], valid_ids: list[int]) -> str:
    """SHA-256 of the exact train and validation lines (streamed, never all in memory)."""
    digest = hashlib.sha256()
    for side in (train_ids, valid_ids):
        digest.update(b"--side--\n")
        for line in iter_chat_jsonl(store, project_id, side):
            digest.update(line.encode("utf-8"))
    return digest.hexdigest()


def make_split(store: Store, project_id: int, valid_ratio: float = DEFAULT_VALID_RATIO, seed: int = DEFAULT_SEED,
               approved_only: bool = True) -> Split:
    """Draw a new split from the current dataset and record it in table ``splits``."""
    train_ids, valid_ids = split_ids(eligible_ids(store, project_id, approved_only), valid_ratio, seed)
    fingerprint = dataset_hash(store, project_id, train_ids, valid_ids)
    stamp = now_iso()
    with store.tx() as conn:
        split_id = conn.execute(
            "INSERT INTO splits (project_id, created_at, seed, valid_ratio, approved_only, train_ids, valid_ids,"
            " dataset_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (project_id, stamp, seed, float(valid_ratio), int(approved_only), json.dumps(train_ids),
             json.dumps(valid_ids), fingerprint)).lastrowid
    return Split(int(split_id), project_id, train_ids, valid_ids, seed, float(valid_ratio), approved_only,
                 fingerprint, stamp)


def _row_to_split(row) -> Split:  # noqa: ANN001 - sqlite3.Row
    return Split(row["id"], row["project_id"], json.loads(row["train_ids"]), json.loads(row["valid_ids"]),
                 row["seed"], row["valid_ratio"], bool(row["approved_only"]), row["dataset_hash"], row["created_at"])


def latest_split(store: Store, project_id: int) -> Split | None:
    """The most recent split recorded for the project, or None."""
    row = store.conn.execute("SELECT * FROM splits WHERE project_id = ? ORDER BY id DESC LIMIT 1",
                             (project_id,)).fetchone()
    return _row_to_split(row) if row else None


def get_split(store: Store, split_id: int) -> Split | None:
    row = store.conn.execute("SELECT * FROM splits WHERE id = ?", (split_id,)).fetchone()
    return _row_to_split(row) if row else None


def is_current(store: Store, split: Split) -> bool:
    """Whether the split's examples still read exactly as when it was drawn."""
    return dataset_hash(store, split.project_id, split.train_ids, split.valid_ids) == split.dataset_hash

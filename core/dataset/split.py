"""The train/validation split, seeded and recorded, so the fine-tune uploads exactly it.

A split is a list of example ids on each side plus a hash of the exact lines
that would be uploaded, so a later edit to the dataset is noticed
(``is_current``) instead of silently training on something else.
"""

from __future__ import annotations

import hashlib
import math
import random

from core.data import splits
from core.data.splits import Split
from core.data.store import Store, now_iso
from core.dataset.export import iter_chat_jsonl

DEFAULT_VALID_RATIO = 0.1
DEFAULT_SEED = 42
MAX_VALID_RATIO = 0.5


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


def make_split(
    store: Store,
    project_id: int,
    valid_ratio: float = DEFAULT_VALID_RATIO,
    seed: int = DEFAULT_SEED,
    approved_only: bool = True,
) -> Split:
    """Draw a new split from the current dataset and record it in table ``splits``."""
    train_ids, valid_ids = split_ids(eligible_ids(store, project_id, approved_only), valid_ratio, seed)
    fingerprint = dataset_hash(store, project_id, train_ids, valid_ids)
    return splits.add_split(
        store,
        project_id,
        created_at=now_iso(),
        seed=seed,
        valid_ratio=float(valid_ratio),
        approved_only=approved_only,
        train_ids=train_ids,
        valid_ids=valid_ids,
        dataset_hash=fingerprint,
    )


def latest_split(store: Store, project_id: int) -> Split | None:
    """The most recent split recorded for the project, or None."""
    return splits.latest_split(store, project_id)


def get_split(store: Store, split_id: int) -> Split | None:
    return splits.get_split(store, split_id)


def is_current(store: Store, split: Split) -> bool:
    """Whether the split's examples still read exactly as when it was drawn."""
    return dataset_hash(store, split.project_id, split.train_ids, split.valid_ids) == split.dataset_hash

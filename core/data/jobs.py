"""Fine-tuning jobs in the store: launches (``ft_jobs``) and what their provider reported (``ft_events``).

Functions take the ``Store`` and return plain dicts with the JSON columns
decoded; ``core.workflows.finetune`` turns them into its ``JobRow``. The
checkpoint and result-file rows of ``ft_events`` are ours (their ``type`` names
them); every other row is an event as the provider sent it.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from core.data.connection import Row, inserted_id
from core.data.store import Store, now_iso

STATUS_REFUSED = "refused"  # the account may not fine-tune (403); a normal, stored outcome
JSON_COLUMNS = frozenset({"settings", "lineage", "job", "error"})
UPDATABLE_COLUMNS = frozenset({"job_id", "status", "fine_tuned_model", "split_id", *JSON_COLUMNS})


def _decoded(r: Row) -> dict[str, Any]:
    record = dict(r)
    record["settings"] = json.loads(r["settings"] or "{}")
    record["lineage"] = json.loads(r["lineage"] or "{}")
    record["job"] = json.loads(r["job"] or "{}")
    record["error"] = json.loads(r["error"]) if r["error"] else None
    return record


def _encoded(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# ------------------------------------------------------------------ ft_jobs
def get(store: Store, row_id: int) -> dict[str, Any] | None:
    """One launch by its row id, or None."""
    r = store.conn.execute("SELECT * FROM ft_jobs WHERE id = ?", (row_id,)).fetchone()
    return _decoded(r) if r else None


def for_project(store: Store, project_id: int) -> list[dict[str, Any]]:
    """This project's launches, newest first."""
    rows = store.conn.execute("SELECT * FROM ft_jobs WHERE project_id = ? ORDER BY id DESC", (project_id,))
    return [_decoded(r) for r in rows]


def refused(store: Store, project_id: int, provider: str, since: str = "") -> list[dict[str, Any]]:
    """The project's launches this provider refused, updated after ``since`` (an ISO time; "" for all)."""
    rows = store.conn.execute(
        "SELECT * FROM ft_jobs WHERE project_id = ? AND status = ? AND provider = ? AND updated_at > ?"
        " ORDER BY updated_at DESC",
        (project_id, STATUS_REFUSED, provider, since),
    )
    return [_decoded(r) for r in rows]


def insert_launch(
    store: Store,
    project_id: int,
    launch_tag: str,
    provider: str,
    status: str,
    method: str,
    base_model: str,
    settings: Mapping[str, Any],
    busy_statuses: Collection[str],
) -> int | None:
    """Record a launch; None (nothing written) when the project already has one in ``busy_statuses``.

    The check and the insert share one write transaction, so a double click or a
    second tab can't start a second launch in between.
    """
    stamp = now_iso()
    with store.tx() as conn:
        marks = ",".join("?" * len(busy_statuses))
        busy = conn.execute(
            f"SELECT 1 FROM ft_jobs WHERE project_id = ? AND status IN ({marks})", (project_id, *sorted(busy_statuses))
        ).fetchone()
        if busy:
            return None
        row_id = conn.execute(
            "INSERT INTO ft_jobs (project_id, launch_tag, provider, status, method, base_model, settings, lineage,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                project_id,
                launch_tag,
                provider,
                status,
                method,
                base_model,
                _encoded(dict(settings)),
                "{}",
                stamp,
                stamp,
            ),
        )
    return inserted_id(row_id)


def update(store: Store, row_id: int, **fields: Any) -> None:
    """Write these columns of one launch (JSON columns as objects; None clears) and stamp ``updated_at``."""
    unknown = set(fields) - UPDATABLE_COLUMNS
    if unknown:
        raise ValueError(f"not a column of ft_jobs: {sorted(unknown)}")
    values = {k: (_encoded(v) if k in JSON_COLUMNS and v is not None else v) for k, v in fields.items()}
    assignments = ", ".join(f"{name} = ?" for name in values)
    with store.tx() as conn:
        conn.execute(
            f"UPDATE ft_jobs SET {assignments}, updated_at = ? WHERE id = ?", [*values.values(), now_iso(), row_id]
        )


# ---------------------------------------------------------------- ft_events
def event_ids(store: Store, row_id: int) -> set[str]:
    """The ids of every row stored for this launch (events, checkpoints, result file)."""
    return {r[0] for r in store.conn.execute("SELECT event_id FROM ft_events WHERE job_row_id = ?", (row_id,))}


def add_events(store: Store, row_id: int, events: Iterable[Mapping[str, Any]]) -> int:
    """Store provider events (``id``, ``created_at``, ``level``, ``type``, ``message``, ``data``); known ids are
    kept as they are. Returns how many were new."""
    added = 0
    with store.tx() as conn:
        for event in events:
            cursor = conn.execute(
                "INSERT INTO ft_events (job_row_id, event_id, created_at, level, type, message, data)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (
                    row_id,
                    str(event["id"]),
                    int(event.get("created_at") or 0),
                    event.get("level"),
                    event.get("type"),
                    event.get("message"),
                    _encoded(event.get("data")) if event.get("data") is not None else None,
                ),
            )
            added += cursor.rowcount
    return added


def put_own_row(store: Store, row_id: int, event_id: str, kind: str, data: Any, created_at: int = 0) -> None:
    """Store (or replace the data of) one of our own rows: a checkpoint or the result file."""
    with store.tx() as conn:
        conn.execute(
            "INSERT INTO ft_events (job_row_id, event_id, created_at, level, type, message, data)"
            " VALUES (?, ?, ?, NULL, ?, NULL, ?) ON CONFLICT(job_row_id, event_id) DO UPDATE SET data = excluded.data",
            (row_id, event_id, created_at, kind, _encoded(data)),
        )


def events(store: Store, row_id: int, own_types: Collection[str], newest_first: bool = True) -> list[dict[str, Any]]:
    """The provider's events for this launch (not rows whose type is in ``own_types``), by time."""
    order = "DESC" if newest_first else "ASC"
    marks = ",".join("?" * len(own_types)) or "NULL"
    rows = store.conn.execute(
        f"SELECT * FROM ft_events WHERE job_row_id = ? AND COALESCE(type, '') NOT IN ({marks})"
        # The provider stamps whole seconds; its event id breaks a tie the same way on every engine.
        f" ORDER BY created_at {order}, event_id {order}",
        (row_id, *sorted(own_types)),
    )
    return [{**dict(r), "data": json.loads(r["data"]) if r["data"] else None} for r in rows]


def own_rows_data(store: Store, row_id: int, kind: str) -> list[Any]:
    """The data of this launch's own rows of one kind, in the order stored."""
    rows = store.conn.execute("SELECT data FROM ft_events WHERE job_row_id = ? AND type = ?", (row_id, kind))
    return [json.loads(r["data"]) for r in rows]


def project_own_rows_data(store: Store, project_id: int, kind: str) -> list[Any]:
    """The data of own rows of one kind across all the project's launches, newest first."""
    rows = store.conn.execute(
        "SELECT e.data FROM ft_events e JOIN ft_jobs j ON j.id = e.job_row_id"
        " WHERE j.project_id = ? AND e.type = ? ORDER BY e.created_at DESC",
        (project_id, kind),
    )
    return [json.loads(r["data"]) for r in rows]


# ------------------------------------------------------- compare candidates
def add_to_setting_list(store: Store, project_id: int, key: str, item: Any) -> None:
    """Append ``item`` to the list stored in project setting ``key`` unless it is there already.

    Read, change and write share one transaction, so two visitors adding at the same
    time both land (last write wins per item, not per list).
    """
    with store.tx() as conn:
        r = conn.execute(
            "SELECT value FROM project_settings WHERE project_id = ? AND key = ?", (project_id, key)
        ).fetchone()
        items = list(json.loads(r["value"]) or []) if r else []
        if item in items:
            return
        conn.execute(
            "INSERT INTO project_settings (project_id, key, value, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(project_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            (project_id, key, _encoded([*items, item]), now_iso()),
        )

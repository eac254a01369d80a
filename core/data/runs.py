"""Generation runs and their items (tables ``gen_runs`` and ``gen_items``).

A run is one row in ``gen_runs`` (settings as JSON, status, cost) and one row
per (example, variant) in ``gen_items``. ``record_item`` stores an answer in the
same transaction that marks its item done, so a crash at any moment leaves
either "done and answered" or "still to do"; the primary key of ``gen_items``
means one run can never give a row two answers. What a run's settings mean is
``core.workflows.generation``'s business; here they are an opaque JSON text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.data.connection import Connection, Database, inserted_id, now_iso, placeholders
from core.data.examples import SOURCE_GENERATED, apply_edit
from core.data.variants import insert_variant

ITEM_PENDING = "pending"
ITEM_DONE = "done"
ITEM_FAILED = "failed"
# The batch columns a run's poller may set.
EXTERNAL_FIELDS = frozenset({"external_id", "external_status", "external_detail"})
_ANSWERABLE = (
    "SELECT id FROM examples WHERE project_id = ? AND deleted_at IS NULL AND messages IS NULL AND question != ''"
)


@dataclass(frozen=True)
class ItemOutcome:
    """One finished request of a run, as the store keeps it."""

    example_id: int
    variant: int
    ok: bool
    answer: str | None = None
    error: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cost_usd: float = 0.0
    attempts: int = 0
    model: str | None = None
    temperature: float | None = None
    # Several answers per row: each lands as a variant, the row's answer stays.
    as_variant: bool = False
    # The history entry's source for an answer written into the row.
    source: str = SOURCE_GENERATED


def get_run(db: Database, run_id: int) -> dict[str, Any] | None:
    r = db.conn.execute("SELECT * FROM gen_runs WHERE id = ?", (run_id,)).fetchone()
    return dict(r) if r else None


def latest_run(db: Database, project_id: int, kind: str) -> dict[str, Any] | None:
    r = db.conn.execute(
        "SELECT * FROM gen_runs WHERE project_id = ? AND kind = ? ORDER BY id DESC LIMIT 1", (project_id, kind)
    ).fetchone()
    return dict(r) if r else None


def list_runs(
    db: Database,
    project_id: int,
    *,
    mode: str | None = None,
    status: str | None = None,
    kinds: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """A project's runs, newest first, optionally of one mode and/or status and/or of these kinds."""
    sql = "SELECT * FROM gen_runs WHERE project_id = ?"
    params: list[Any] = [project_id]
    if kinds:
        sql, params = sql + f" AND kind IN ({placeholders(len(kinds))})", [*params, *kinds]
    if mode:
        sql, params = sql + " AND mode = ?", [*params, mode]
    if status:
        sql, params = sql + " AND status = ?", [*params, status]
    return [dict(r) for r in db.conn.execute(sql + " ORDER BY id DESC", params)]


def answerable_ids(db: Database, project_id: int, *, missing: bool = False, failed: bool = False) -> list[int]:
    """Live single-turn examples with a question (only those without an answer, or with an error)."""
    sql = (
        _ANSWERABLE
        + (" AND answer = ''" if missing else "")
        + (" AND error IS NOT NULL AND error != ''" if failed else "")
    )
    return [r[0] for r in db.conn.execute(sql + " ORDER BY id", (project_id,))]


def insert_run(
    db: Database,
    project_id: int,
    *,
    kind: str,
    mode: str,
    status: str,
    settings_json: str,
    owner: str,
    example_ids: Sequence[int],
    variants: int,
) -> int:
    """A run and one pending item per (example, variant), in one transaction."""
    stamp = now_iso()
    with db.tx() as conn:
        run_id = inserted_id(
            conn.execute(
                "INSERT INTO gen_runs (project_id, kind, mode, status, settings, owner, cost_usd, created_at,"
                " updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id",
                (project_id, kind, mode, status, settings_json, owner, stamp, stamp),
            )
        )
        conn.executemany(
            "INSERT INTO gen_items (run_id, example_id, variant, status, updated_at)"
            " VALUES (?, ?, ?, 'pending', ?) ON CONFLICT DO NOTHING",
            [(run_id, example_id, v, stamp) for example_id in example_ids for v in range(variants)],
        )
    return run_id


def pending_items(db: Database, run_id: int) -> list[dict[str, Any]]:
    """(example_id, variant, question, answer) of the items not done whose row is live, oldest rows first."""
    return [
        dict(r)
        for r in db.conn.execute(
            "SELECT i.example_id, i.variant, e.question, e.answer"
            " FROM gen_items i JOIN examples e ON e.id = i.example_id"
            " WHERE i.run_id = ? AND i.status != 'done' AND e.deleted_at IS NULL ORDER BY i.example_id, i.variant",
            (run_id,),
        )
    ]


def record_item(db: Database, run_id: int, outcome: ItemOutcome) -> bool:
    """Write one finished request: item done + answer (or failed + error) in one transaction.

    Returns False when the item was already done (a duplicate delivery) or is
    gone (its example was deleted meanwhile), in which case nothing changes.
    """
    stamp = now_iso()
    with db.tx() as conn:
        if outcome.ok:
            changed = conn.execute(
                "UPDATE gen_items SET status = 'done', answer = ?, error = NULL, prompt_tokens = ?,"
                " completion_tokens = ?, cost_usd = ?, attempts = attempts + ?, updated_at = ?"
                " WHERE run_id = ? AND example_id = ? AND variant = ? AND status != 'done'",
                (
                    outcome.answer,
                    outcome.prompt_tokens,
                    outcome.completion_tokens,
                    outcome.cost_usd,
                    outcome.attempts,
                    stamp,
                    run_id,
                    outcome.example_id,
                    outcome.variant,
                ),
            ).rowcount
            if changed != 1:
                return False
            if outcome.as_variant:
                insert_variant(
                    conn,
                    outcome.example_id,
                    outcome.answer or "",
                    outcome.model,
                    outcome.temperature,
                    stamp,
                    run_id=run_id,
                )
                conn.execute(
                    "UPDATE examples SET error = NULL, updated_at = ? WHERE id = ?", (stamp, outcome.example_id)
                )
            else:
                _write_answer(conn, run_id, outcome, stamp)
        else:
            changed = conn.execute(
                "UPDATE gen_items SET status = 'failed', error = ?, attempts = attempts + ?, updated_at = ?"
                " WHERE run_id = ? AND example_id = ? AND variant = ? AND status != 'done'",
                (outcome.error, outcome.attempts, stamp, run_id, outcome.example_id, outcome.variant),
            ).rowcount
            if changed != 1:
                return False
            conn.execute(
                "UPDATE examples SET error = ?, updated_at = ? WHERE id = ?", (outcome.error, stamp, outcome.example_id)
            )
        conn.execute(
            "UPDATE gen_runs SET cost_usd = cost_usd + ?, updated_at = ? WHERE id = ?",
            (outcome.cost_usd, stamp, run_id),
        )
    return True


def _write_answer(conn: Connection, run_id: int, outcome: ItemOutcome, stamp: str) -> None:
    """The machine answer into its row, through the one edit path, inside the item's transaction.

    A row a person edited or reviewed after the run started keeps their answer:
    the machine's one becomes a variant and the row says an answer is waiting.
    The check and the write share this transaction, so an edit can't slip in between.
    """
    current = conn.execute(
        "SELECT e.touched_at, r.created_at AS run_started FROM examples e JOIN gen_runs r ON r.id = ? WHERE e.id = ?",
        (run_id, outcome.example_id),
    ).fetchone()
    if current is None:
        return
    answer = outcome.answer or ""
    if current["touched_at"] and current["touched_at"] > current["run_started"]:
        insert_variant(conn, outcome.example_id, answer, outcome.model, outcome.temperature, stamp, run_id=run_id)
        conn.execute(
            "UPDATE examples SET answer_waiting = 1, error = NULL, updated_at = ? WHERE id = ?",
            (stamp, outcome.example_id),
        )
        return
    # A row moved to the trash mid-run still gets its answer, as before: restoring it brings it back answered.
    apply_edit(
        conn,
        outcome.example_id,
        {"answer": answer, "error": None},
        source=outcome.source,
        model=outcome.model,
        stamp=stamp,
        by_person=False,
        live_only=False,
    )


def set_run_status(
    db: Database, run_id: int, status: str, error: str | None = None, only_if: tuple[str, ...] | None = None
) -> bool:
    """Change a run's status (``only_if``: only when it currently has one of these)."""
    sql = "UPDATE gen_runs SET status = ?, error = ?, updated_at = ? WHERE id = ?"
    params: list[Any] = [status, error, now_iso(), run_id]
    if only_if:
        sql += f" AND status IN ({placeholders(len(only_if))})"
        params.extend(only_if)
    with db.tx() as conn:
        return conn.execute(sql, params).rowcount == 1


def restart_run(db: Database, run_id: int, status: str, owner: str) -> None:
    """The run goes on in this process: its status, no error, and this process as its owner."""
    with db.tx() as conn:
        conn.execute(
            "UPDATE gen_runs SET status = ?, error = NULL, owner = ?, updated_at = ? WHERE id = ?",
            (status, owner, now_iso(), run_id),
        )


def item_counts(db: Database, run_id: int) -> dict[str, int]:
    """How many items of the run are in each status."""
    return {
        r["status"]: r["n"]
        for r in db.conn.execute(
            "SELECT status, COUNT(*) AS n FROM gen_items WHERE run_id = ? GROUP BY status", (run_id,)
        )
    }


def finished_since(db: Database, run_id: int, since: str) -> list[str]:
    """When each item finished (done or failed) at or after ``since``, in order."""
    return [
        r[0]
        for r in db.conn.execute(
            "SELECT updated_at FROM gen_items WHERE run_id = ? AND status != 'pending' AND updated_at >= ?"
            " ORDER BY updated_at",
            (run_id, since),
        )
    ]


def add_cost(db: Database, run_id: int, usd: float) -> None:
    """Add what a result cost to its run (for runs whose results are not rows' answers)."""
    with db.tx() as conn:
        conn.execute(
            "UPDATE gen_runs SET cost_usd = cost_usd + ?, updated_at = ? WHERE id = ?", (usd, now_iso(), run_id)
        )


def set_external(db: Database, run_id: int, **fields: Any) -> None:
    """Keep what the batch service says about the run (its id, status, request counts)."""
    unknown = set(fields) - EXTERNAL_FIELDS
    if unknown:
        raise ValueError(f"not a batch column: {sorted(unknown)}")
    assignments = ", ".join(f"{name} = ?" for name in fields)
    with db.tx() as conn:
        conn.execute(
            f"UPDATE gen_runs SET {assignments}, updated_at = ? WHERE id = ?", [*fields.values(), now_iso(), run_id]
        )


def external_state(db: Database, run_id: int) -> tuple[str | None, str | None] | None:
    """(the batch's own status, its request counts as JSON) as last polled; None without the run."""
    r = db.conn.execute("SELECT external_status, external_detail FROM gen_runs WHERE id = ?", (run_id,)).fetchone()
    return (r["external_status"], r["external_detail"]) if r else None

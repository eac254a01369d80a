"""SQL of model comparisons: the comparisons, their stored answers, the votes, and compare's project settings.

Tables ``comparisons`` (frozen contenders and items, plus a JSON ``settings``
object for the salt, the judge and the last run's problem),
``comparison_answers`` (one row per item × contender) and ``votes`` (people's
and the judge's). Every read-modify-write of a stored JSON value (a project
setting, a comparison's settings, a vote's data) reads and writes inside one
transaction, so two visitors changing different fields never undo each other.

The functions take the ``Store`` and return plain rows or values; what they
mean lives in ``core.workflows.compare``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from core.data import projects
from core.data.connection import Row, inserted_id
from core.data.store import Store, now_iso

# Changes a project's stored settings: given the current values of some keys, the new values to write.
SettingsChange = Callable[[dict[str, Any]], Mapping[str, Any]]


# ------------------------------------------------------------- project settings
def update_project_settings(
    store: Store, project_id: int, keys: Sequence[str], change: SettingsChange
) -> dict[str, Any]:
    """Read ``keys`` of the project's settings, apply ``change`` and write what it returns, in one transaction.

    ``change`` gets {key: value} for the keys that are set and returns {key: new value}; it may read the
    store (same connection) but must not write through another transaction. Returns what was written.
    """
    with store.tx() as conn:
        marks = ",".join("?" * len(keys))
        rows = conn.execute(
            f"SELECT key, value FROM project_settings WHERE project_id = ? AND key IN ({marks})", (project_id, *keys)
        ).fetchall()
        current = {r["key"]: json.loads(r["value"]) for r in rows}
        written = dict(change(current))
        stamp = now_iso()
        for key, value in written.items():
            projects.write_setting(conn, project_id, key, value, stamp)
    return written


# ---------------------------------------------------------------- comparisons
def insert_comparison(
    store: Store,
    project_id: int,
    name: str,
    contenders: Sequence[Mapping[str, Any]],
    settings: Mapping[str, Any],
    answer_slots: Iterable[tuple[str, int, str]],
    stamp: str,
) -> int:
    """A new comparison with one pending answer row per (item key, contender index, question)."""
    with store.tx() as conn:
        comparison_id = inserted_id(
            conn.execute(
                "INSERT INTO comparisons (project_id, name, contenders, settings, created_at) VALUES (?, ?, ?, ?, ?)"
                " RETURNING id",
                (
                    project_id,
                    name,
                    json.dumps(list(contenders), ensure_ascii=False),
                    json.dumps(dict(settings), ensure_ascii=False),
                    stamp,
                ),
            )
        )
        conn.executemany(
            "INSERT INTO comparison_answers (comparison_id, item_key, contender, question, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [(comparison_id, key, index, question, stamp) for key, index, question in answer_slots],
        )
    return comparison_id


def comparison_row(store: Store, comparison_id: int) -> dict[str, Any] | None:
    """The comparison's columns, with ``contenders`` and ``settings`` decoded; None when it is gone."""
    row = store.conn.execute("SELECT * FROM comparisons WHERE id = ?", (comparison_id,)).fetchone()
    if row is None:
        return None
    return {**dict(row), "contenders": json.loads(row["contenders"]), "settings": json.loads(row["settings"])}


def comparison_listing(store: Store, project_id: int) -> list[tuple[int, str, str]]:
    """(id, name, created_at) of the project's comparisons, newest first."""
    rows = store.conn.execute(
        "SELECT id, name, created_at FROM comparisons WHERE project_id = ? ORDER BY id DESC", (project_id,)
    )
    return [(r["id"], r["name"], r["created_at"]) for r in rows]


def delete_comparison(store: Store, comparison_id: int) -> None:
    """The comparison with its answers and votes (they cascade)."""
    with store.tx() as conn:
        conn.execute("DELETE FROM comparisons WHERE id = ?", (comparison_id,))


def comparison_settings(store: Store, comparison_id: int) -> dict[str, Any] | None:
    row = store.conn.execute("SELECT settings FROM comparisons WHERE id = ?", (comparison_id,)).fetchone()
    return json.loads(row["settings"]) if row else None


def merge_comparison_settings(store: Store, comparison_id: int, changes: Mapping[str, Any]) -> None:
    """Merge ``changes`` into the comparison's settings in one transaction (nothing when it is gone)."""
    with store.tx() as conn:
        row = conn.execute("SELECT settings FROM comparisons WHERE id = ?", (comparison_id,)).fetchone()
        if row is None:
            return
        settings = {**json.loads(row["settings"]), **changes}
        conn.execute(
            "UPDATE comparisons SET settings = ? WHERE id = ?",
            (json.dumps(settings, ensure_ascii=False), comparison_id),
        )


# -------------------------------------------------------------------- answers
def answer_rows(store: Store, comparison_id: int) -> list[Row]:
    return list(store.conn.execute("SELECT * FROM comparison_answers WHERE comparison_id = ?", (comparison_id,)))


def save_answer(
    store: Store,
    comparison_id: int,
    item_key: str,
    contender: int,
    *,
    answer: str | None,
    error: str | None,
    prompt_tokens: int | None,
    completion_tokens: int | None,
    latency_s: float | None,
    cost: float | None,
) -> None:
    """Write one answer (or its error); an error never overwrites an answer."""
    with store.tx() as conn:
        conn.execute(
            "UPDATE comparison_answers SET answer = COALESCE(?, answer), error = ?, prompt_tokens = ?,"
            " completion_tokens = ?, latency_s = ?, cost_usd = ?, created_at = ?"
            " WHERE comparison_id = ? AND item_key = ? AND contender = ?",
            (
                answer,
                None if answer is not None else error,
                prompt_tokens,
                completion_tokens,
                latency_s,
                cost,
                now_iso(),
                comparison_id,
                item_key,
                contender,
            ),
        )


def answer_counts(store: Store, comparison_id: int) -> tuple[int, int, int]:
    """(total, answered, failed) answer rows of the comparison."""
    r = store.conn.execute(
        "SELECT COUNT(*) AS total, COUNT(*) FILTER (WHERE answer IS NOT NULL) AS answered,"
        " COUNT(*) FILTER (WHERE answer IS NULL AND error IS NOT NULL) AS failed"
        " FROM comparison_answers WHERE comparison_id = ?",
        (comparison_id,),
    ).one()
    return int(r["total"] or 0), int(r["answered"] or 0), int(r["failed"] or 0)


def spent_usd(store: Store, comparison_id: int) -> float:
    r = store.conn.execute(
        "SELECT SUM(cost_usd) FROM comparison_answers WHERE comparison_id = ?", (comparison_id,)
    ).one()
    return float(r[0] or 0.0)


# ---------------------------------------------------------------------- votes
_SAME_PAIR = "((contender_a = ? AND contender_b = ?) OR (contender_a = ? AND contender_b = ?))"


def insert_vote(
    store: Store,
    comparison_id: int,
    item_key: str,
    left: int,
    right: int,
    choice: str,
    voter: str,
    comment: str | None,
    data: Mapping[str, Any],
    *,
    once: bool = False,
    replace_choice: str | None = None,
) -> int:
    """Store one vote in one transaction; returns its id.

    ``once``: when this voter already voted on this pair (either placement), keep that vote and return its id.
    ``replace_choice``: first remove this voter's votes with that choice on the pair (a judge's earlier
    no-verdict), so asking again never counts a pair twice.
    """
    pair = (left, right, right, left)
    with store.tx() as conn:
        if replace_choice is not None:
            conn.execute(
                f"DELETE FROM votes WHERE comparison_id = ? AND item_key = ? AND voter = ? AND choice = ?"
                f" AND {_SAME_PAIR}",
                (comparison_id, item_key, voter, replace_choice, *pair),
            )
        if once:
            earlier = conn.execute(
                f"SELECT id FROM votes WHERE comparison_id = ? AND item_key = ? AND voter = ?"
                f" AND {_SAME_PAIR} ORDER BY id",
                (comparison_id, item_key, voter, *pair),
            ).fetchone()
            if earlier is not None:
                return int(earlier["id"])
        return inserted_id(
            conn.execute(
                "INSERT INTO votes (comparison_id, item_key, contender_a, contender_b, choice, voter, comment, data,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    comparison_id,
                    item_key,
                    left,
                    right,
                    choice,
                    voter,
                    comment,
                    json.dumps(dict(data), ensure_ascii=False),
                    now_iso(),
                ),
            )
        )


def vote_rows(store: Store, comparison_id: int, voter: str | None = None) -> list[Row]:
    sql = "SELECT * FROM votes WHERE comparison_id = ?" + (" AND voter = ?" if voter else "") + " ORDER BY id"
    params: list[Any] = [comparison_id] + ([voter] if voter else [])
    return list(store.conn.execute(sql, params))


def vote_row(store: Store, vote_id: int) -> Row | None:
    row: Row | None = store.conn.execute("SELECT * FROM votes WHERE id = ?", (vote_id,)).fetchone()
    return row


def merge_vote_data(store: Store, vote_id: int, changes: Mapping[str, Any]) -> None:
    """Add ``changes`` to a vote's data in one transaction (what it was turned into: a row, a pair)."""
    with store.tx() as conn:
        row = conn.execute("SELECT data FROM votes WHERE id = ?", (vote_id,)).fetchone()
        if row is None:
            return
        data = {**(json.loads(row["data"]) if row["data"] else {}), **changes}
        conn.execute("UPDATE votes SET data = ? WHERE id = ?", (json.dumps(data, ensure_ascii=False), vote_id))


# ------------------------------------------------------------ the project's rows
def example_id_with_question(store: Store, project_id: int, question: str) -> int | None:
    """The first row of the project whose question is exactly ``question`` (trimmed), if any."""
    row = store.conn.execute(
        "SELECT id FROM examples WHERE project_id = ? AND TRIM(question) = ? ORDER BY id LIMIT 1",
        (project_id, question.strip()),
    ).fetchone()
    return int(row["id"]) if row else None

"""Alternative answers and preference pairs (tables ``answer_variants`` and ``preference_pairs``).

Variants are the answers generated for one question that were not picked (and
machine answers that arrived after a person had worked on the row); with the
answer history they are the material for DPO pairs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from core.data.connection import Connection, Database, inserted_id, now_iso
from core.data.examples import ExamplesMixin


def insert_variant(
    conn: Connection,
    example_id: int,
    answer: str,
    model: str | None,
    temperature: float | None,
    stamp: str,
    run_id: int | None = None,
    chosen: bool = False,
) -> int:
    """One variant inside the caller's transaction."""
    return inserted_id(
        conn.execute(
            "INSERT INTO answer_variants (example_id, answer, model, temperature, run_id, chosen, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (example_id, answer, model, temperature, run_id, int(chosen), stamp),
        )
    )


def insert_pair(
    conn: Connection,
    project_id: int,
    messages: Sequence[dict[str, Any]],
    preferred: str,
    non_preferred: str,
    source: str,
    example_id: int | None,
    ref: str | None,
    stamp: str,
) -> int:
    """One preference pair inside the caller's transaction."""
    return inserted_id(
        conn.execute(
            "INSERT INTO preference_pairs (project_id, example_id, messages, preferred, non_preferred, source,"
            " ref, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                project_id,
                example_id,
                json.dumps(list(messages), ensure_ascii=False),
                preferred,
                non_preferred,
                source,
                ref,
                stamp,
            ),
        )
    )


def project_variants(db: Database, project_id: int) -> list[dict[str, Any]]:
    """Every variant of the project's live examples, oldest first (for the project file)."""
    return [
        dict(r)
        for r in db.conn.execute(
            "SELECT v.* FROM answer_variants v JOIN examples e ON e.id = v.example_id WHERE e.project_id = ?"
            " AND e.deleted_at IS NULL ORDER BY v.id",
            (project_id,),
        )
    ]


def has_preference_data(db: Database, project_id: int) -> bool:
    """Whether the project has recorded pairs, approved rows with an edited answer, or unpicked variants.

    One query, so a page can ask on every rerun of a large dataset.
    """
    row = db.conn.execute(
        "SELECT EXISTS(SELECT 1 FROM preference_pairs WHERE project_id = ?)"
        " OR EXISTS(SELECT 1 FROM examples e JOIN answer_versions v ON v.example_id = e.id"
        "           WHERE e.project_id = ? AND e.deleted_at IS NULL AND e.status = 'approved'"
        "           GROUP BY e.id HAVING COUNT(*) > 1)"
        " OR EXISTS(SELECT 1 FROM examples e JOIN answer_variants v ON v.example_id = e.id"
        "           WHERE e.project_id = ? AND e.deleted_at IS NULL AND e.status = 'approved' AND v.chosen = 0)",
        (project_id, project_id, project_id),
    ).one()
    return bool(row[0])


class VariantsMixin(ExamplesMixin):
    """The ``Store`` operations on variants and preference pairs."""

    def add_variant(
        self,
        example_id: int,
        answer: str,
        model: str | None = None,
        temperature: float | None = None,
        run_id: int | None = None,
    ) -> int:
        with self.tx() as conn:
            return insert_variant(conn, example_id, answer, model, temperature, now_iso(), run_id=run_id)

    def list_variants(self, example_id: int) -> list[dict[str, Any]]:
        return [
            dict(r)
            for r in self.conn.execute("SELECT * FROM answer_variants WHERE example_id = ? ORDER BY id", (example_id,))
        ]

    def choose_variant(self, variant_id: int) -> bool:
        """Make one variant the example's answer; the others stay as DPO candidates."""
        r = self.conn.execute(
            "SELECT example_id, answer, model FROM answer_variants WHERE id = ?", (variant_id,)
        ).fetchone()
        if r is None:
            return False
        with self.tx() as conn:
            conn.execute(
                "UPDATE answer_variants SET chosen = CASE WHEN id = ? THEN 1 ELSE 0 END WHERE example_id = ?",
                (variant_id, r["example_id"]),
            )
            conn.execute("UPDATE examples SET answer_waiting = 0 WHERE id = ?", (r["example_id"],))
        return self.update_example(r["example_id"], answer=r["answer"], source="variant", model=r["model"])

    def add_preference_pair(
        self,
        project_id: int,
        messages: Sequence[dict[str, Any]],
        preferred: str,
        non_preferred: str,
        source: str,
        example_id: int | None = None,
        ref: str | None = None,
    ) -> int:
        with self.tx() as conn:
            return insert_pair(conn, project_id, messages, preferred, non_preferred, source, example_id, ref, now_iso())

    def list_preference_pairs(self, project_id: int) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT * FROM preference_pairs WHERE project_id = ? ORDER BY id", (project_id,))
        return [{**dict(r), "messages": json.loads(r["messages"])} for r in rows]

"""What the project file carries of a project's documents: the documents, their chunks, rows' ties, checks.

Reading gives plain values keyed by the store's ids (the file uses them as
its own references); writing runs inside the caller's transaction, so an
import lands whole or not at all. Ids are always new on import: the caller
maps the file's references onto the ids these functions return.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from core.data import tables
from core.data.connection import LIVE, Connection, Database
from core.data.grounding import GroundingCheck


def project_documents(db: Database, project_id: int) -> list[dict[str, Any]]:
    """The project's documents as stored (with their Markdown), oldest first."""
    rows = db.conn.execute(
        "SELECT id, name, kind, size_bytes, markdown, chunk_size, chunk_overlap, created_at FROM documents"
        " WHERE project_id = ? ORDER BY id",
        (project_id,),
    )
    return [dict(row) for row in rows]


def project_chunks(db: Database, project_id: int) -> list[dict[str, Any]]:
    """Every chunk of the project's documents, by document and position."""
    rows = db.conn.execute(
        "SELECT c.id, c.document_id, c.position, c.heading, c.text FROM document_chunks c"
        " JOIN documents d ON d.id = c.document_id WHERE d.project_id = ? ORDER BY c.document_id, c.position",
        (project_id,),
    )
    return [dict(row) for row in rows]


def project_ties(db: Database, project_id: int) -> dict[int, tuple[int, int | None]]:
    """Each live row's (document id, chunk id or None) it was written from, for documents the project still has.

    A row whose document was removed keeps its own copy of the chunk, but its
    tie names a document no file could carry, so it is not part of the file
    (nor is a chunk id that is not one of the document's chunks).
    """
    rows = db.conn.execute(
        "SELECT s.example_id, s.document_id, c.id AS chunk_id FROM example_sources s"
        " JOIN examples e ON e.id = s.example_id JOIN documents d ON d.id = s.document_id"
        " LEFT JOIN document_chunks c ON c.id = s.chunk_id AND c.document_id = s.document_id"
        f" WHERE e.project_id = ? AND d.project_id = e.project_id AND e.{LIVE}",
        (project_id,),
    )
    return {row["example_id"]: (row["document_id"], row["chunk_id"]) for row in rows}


def project_checks(db: Database, project_id: int) -> dict[int, GroundingCheck]:
    """The stored groundedness check of each live row of the project that has one."""
    rows = db.conn.execute(
        "SELECT g.example_id, g.verdict, g.reason, g.model, g.answer, g.checked_at FROM grounding_checks g"
        f" JOIN examples e ON e.id = g.example_id WHERE e.project_id = ? AND e.{LIVE}",
        (project_id,),
    )
    return {
        r["example_id"]: GroundingCheck(
            r["example_id"], r["verdict"], r["reason"], r["model"], r["answer"], r["checked_at"]
        )
        for r in rows
    }


def insert_ties(conn: Connection, ties: Mapping[int, tuple[int, int | None]]) -> None:
    """Tie rows to the document (and chunk) they were written from, inside the caller's transaction."""
    conn.insert_many(
        tables.example_sources,
        [
            {"example_id": example_id, "document_id": document_id, "chunk_id": chunk_id}
            for example_id, (document_id, chunk_id) in ties.items()
        ],
    )


def insert_checks(conn: Connection, checks: Sequence[GroundingCheck]) -> None:
    """Rows' groundedness checks as they were made (the answer each read), inside the caller's transaction."""
    conn.insert_many(
        tables.grounding_checks,
        [
            {
                "example_id": check.example_id,
                "verdict": check.verdict,
                "reason": check.reason,
                "model": check.model,
                "answer": check.answer,
                "checked_at": check.checked_at,
            }
            for check in checks
        ],
    )

"""The user's documents and their chunks (tables ``documents`` and ``document_chunks``).

A document is stored as converted (its Markdown), with the size and overlap it
was chunked with, and its chunks in reading order with their heading paths.
Removing a document removes its chunks (the foreign key cascades) and nothing
else: the rows written from its chunks keep a copy of their chunk, so no
question or answer a person has seen or edited goes with it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from core.data import tables
from core.data.connection import LIVE, Connection, Database, Row, chunks, inserted_id, now_iso, placeholders

# examples.source of a question written from a chunk (core.workflows.grounded writes it).
SOURCE_DOCUMENT = "document"


@dataclass(frozen=True)
class StoredDocument:
    id: int
    project_id: int
    name: str
    kind: str
    size_bytes: int
    chunk_size: int
    chunk_overlap: int
    created_at: str
    chunk_count: int


@dataclass(frozen=True)
class StoredChunk:
    id: int
    document_id: int
    position: int
    heading: str
    text: str


@dataclass(frozen=True)
class NewChunk:
    position: int
    heading: str
    text: str


def _row_to_document(row: Row) -> StoredDocument:
    return StoredDocument(
        id=row["id"],
        project_id=row["project_id"],
        name=row["name"],
        kind=row["kind"],
        size_bytes=row["size_bytes"],
        chunk_size=row["chunk_size"],
        chunk_overlap=row["chunk_overlap"],
        created_at=row["created_at"],
        chunk_count=int(row["chunk_count"] or 0),
    )


def add_document(
    db: Database,
    project_id: int,
    *,
    name: str,
    kind: str,
    size_bytes: int,
    markdown: str,
    chunk_size: int,
    chunk_overlap: int,
    new_chunks: Sequence[NewChunk],
) -> int:
    """A document and all its chunks in one transaction (never a document without its chunks); its id."""
    with db.tx() as conn:
        document_id = insert_document_row(
            conn,
            project_id,
            name=name,
            kind=kind,
            size_bytes=size_bytes,
            markdown=markdown,
            chunk_size=chunk_size,
            chunk_overlap=chunk_overlap,
            created_at=now_iso(),
        )
        insert_chunk_rows(conn, document_id, new_chunks)
    return document_id


def insert_document_row(
    conn: Connection,
    project_id: int,
    *,
    name: str,
    kind: str,
    size_bytes: int,
    markdown: str,
    chunk_size: int,
    chunk_overlap: int,
    created_at: str,
) -> int:
    """One document inside the caller's transaction (its chunks: ``insert_chunk_rows``); its new id."""
    return inserted_id(
        conn.execute(
            "INSERT INTO documents (project_id, name, kind, size_bytes, markdown, chunk_size, chunk_overlap,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (project_id, name, kind, size_bytes, markdown, chunk_size, chunk_overlap, created_at),
        )
    )


def insert_chunk_rows(conn: Connection, document_id: int, new_chunks: Sequence[NewChunk]) -> list[int]:
    """A document's chunks inside the caller's transaction; their new ids, in the order given."""
    return conn.insert_returning_ids(
        tables.document_chunks,
        [
            {"document_id": document_id, "position": chunk.position, "heading": chunk.heading, "text": chunk.text}
            for chunk in new_chunks
        ],
    )


def list_documents(db: Database, project_id: int) -> list[StoredDocument]:
    """The project's documents, oldest first, each with how many chunks it has."""
    rows = db.conn.execute(
        "SELECT d.id, d.project_id, d.name, d.kind, d.size_bytes, d.chunk_size, d.chunk_overlap, d.created_at,"
        " COUNT(c.id) AS chunk_count FROM documents d LEFT JOIN document_chunks c ON c.document_id = d.id"
        " WHERE d.project_id = ? GROUP BY d.id, d.project_id, d.name, d.kind, d.size_bytes, d.chunk_size,"
        " d.chunk_overlap, d.created_at ORDER BY d.id",
        (project_id,),
    )
    return [_row_to_document(row) for row in rows]


def document_chunks(db: Database, project_id: int, document_ids: Sequence[int]) -> list[StoredChunk]:
    """The chunks of these documents of the project, by document and position."""
    found: list[StoredChunk] = []
    for part in chunks(sorted(set(document_ids))):
        rows = db.conn.execute(
            "SELECT c.id, c.document_id, c.position, c.heading, c.text FROM document_chunks c"
            " JOIN documents d ON d.id = c.document_id"
            f" WHERE d.project_id = ? AND c.document_id IN ({placeholders(len(part))})"
            " ORDER BY c.document_id, c.position",
            (project_id, *part),
        )
        found.extend(StoredChunk(r["id"], r["document_id"], r["position"], r["heading"], r["text"]) for r in rows)
    return found


def rows_written_from(db: Database, project_id: int, document_id: int) -> int:
    """How many live rows of the project were written from this document's chunks (they stay if it goes)."""
    rows = db.conn.execute(
        f"SELECT extra FROM examples WHERE project_id = ? AND source = ? AND {LIVE} AND extra IS NOT NULL",
        (project_id, SOURCE_DOCUMENT),
    )
    count = 0
    for row in rows:
        source = json.loads(row["extra"]).get("source")
        count += isinstance(source, dict) and source.get("document_id") == document_id
    return count


def chunk_row_extras(db: Database, project_id: int) -> list[tuple[int, str]]:
    """(chunk id, extra as JSON) of every live row of the project written from a stored chunk."""
    rows = db.conn.execute(
        "SELECT s.chunk_id, e.extra FROM examples e JOIN example_sources s ON s.example_id = e.id"
        f" WHERE e.project_id = ? AND e.source = ? AND {LIVE} AND s.chunk_id IS NOT NULL ORDER BY e.id",
        (project_id, SOURCE_DOCUMENT),
    )
    return [(row["chunk_id"], row["extra"] or "{}") for row in rows]


def delete_document(db: Database, project_id: int, document_id: int) -> bool:
    """Remove a document and its chunks; the rows written from it stay. False when it wasn't there."""
    with db.tx() as conn:
        removed = conn.execute("DELETE FROM documents WHERE id = ? AND project_id = ?", (document_id, project_id))
    return removed.rowcount > 0

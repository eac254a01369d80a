"""Where a question comes from: a chunk of one of the user's documents, as the rows written from it keep it.

A row written from a chunk keeps a copy of it in ``extra["source"]`` (document,
position, heading path, text, and the stored ids), so its answer can be
grounded in it and a reviewer can see it even after the document is removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from core.data import documents as stored_documents
from core.data.store import Store
from core.dataset.documents.chunking import chunk_text
from core.dataset.documents.convert import ConvertedDocument

EXTRA_SOURCE = "source"  # extra["source"]: the chunk a row came from


@dataclass(frozen=True)
class SourceChunk:
    """A chunk of a document; the ids once the document is in the store."""

    document: str
    position: int
    heading: str
    text: str
    chunk_id: int | None = None
    document_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _id(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def source_of(extra: Mapping[str, Any] | None) -> SourceChunk | None:
    """The chunk a row was written from, from its ``extra``; None for any other row."""
    found = (extra or {}).get(EXTRA_SOURCE)
    if not isinstance(found, Mapping) or not isinstance(found.get("text"), str):
        return None
    return SourceChunk(
        document=str(found.get("document", "")),
        position=int(found.get("position", 0)),
        heading=str(found.get("heading", "")),
        text=found["text"],
        chunk_id=_id(found.get("chunk_id")),
        document_id=_id(found.get("document_id")),
    )


def save_document(store: Store, project_id: int, document: ConvertedDocument, size: int, overlap: int) -> int:
    """Store a converted document with its chunks at this size and overlap (one transaction); its id."""
    chunks = chunk_text(document.markdown, size, overlap)
    return stored_documents.add_document(
        store,
        project_id,
        name=document.name,
        kind=document.kind,
        size_bytes=document.size_bytes,
        markdown=document.markdown,
        chunk_size=size,
        chunk_overlap=overlap,
        new_chunks=[stored_documents.NewChunk(c.position, c.heading, c.text) for c in chunks],
    )


def stored_sources(store: Store, project_id: int, document_ids: list[int] | None = None) -> list[SourceChunk]:
    """The chunks of the project's stored documents (all of them, or these), in reading order."""
    listed = stored_documents.list_documents(store, project_id)
    names = {d.id: d.name for d in listed}
    wanted = [d.id for d in listed] if document_ids is None else [i for i in document_ids if i in names]
    return [
        SourceChunk(names[c.document_id], c.position, c.heading, c.text, chunk_id=c.id, document_id=c.document_id)
        for c in stored_documents.document_chunks(store, project_id, wanted)
    ]

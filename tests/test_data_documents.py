"""Documents and chunks in the store, on SQLite and PostgreSQL: stored whole, listed, removed without rows."""

from __future__ import annotations

import pytest

from core.data import documents
from core.data.documents import NewChunk
from core.data.store import NewExample
from core.dataset.documents import chunk_text
from tests import document_fixtures as fx


def _store_manual(store, project: int, name: str = "카페 매뉴얼.md") -> int:
    chunks = chunk_text(fx.manual_markdown(), size=300, overlap=0)
    return documents.add_document(
        store,
        project,
        name=name,
        kind="markdown",
        size_bytes=len(fx.manual_markdown().encode()),
        markdown=fx.manual_markdown(),
        chunk_size=300,
        chunk_overlap=0,
        new_chunks=[NewChunk(c.position, c.heading, c.text) for c in chunks],
    )


def test_a_document_is_stored_with_every_chunk_in_order(store):
    project = store.create_project("Manual")
    document_id = _store_manual(store, project)
    [listed] = documents.list_documents(store, project)
    assert (listed.id, listed.name, listed.kind, listed.chunk_size) == (document_id, "카페 매뉴얼.md", "markdown", 300)
    stored = documents.document_chunks(store, project, [document_id])
    expected = chunk_text(fx.manual_markdown(), size=300, overlap=0)
    assert listed.chunk_count == len(stored) == len(expected)
    assert [(c.position, c.heading, c.text) for c in stored] == [(c.position, c.heading, c.text) for c in expected]


def test_chunks_of_another_project_are_never_returned(store):
    mine, theirs = store.create_project("Mine"), store.create_project("Theirs")
    their_document = _store_manual(store, theirs)
    assert documents.document_chunks(store, mine, [their_document]) == []
    assert documents.delete_document(store, mine, their_document) is False
    assert len(documents.list_documents(store, theirs)) == 1


def test_removing_a_document_keeps_every_row_written_from_it(store):
    project = store.create_project("Rows stay")
    document_id = _store_manual(store, project)
    chunk = documents.document_chunks(store, project, [document_id])[0]
    source = {"document_id": document_id, "chunk_id": chunk.id, "text": chunk.text, "document": "m", "position": 0}
    ids = store.add_examples(
        project,
        [NewExample(question="오픈 준비는 언제?", extra={"source": source}), NewExample(question="다른 질문")],
        source=documents.SOURCE_DOCUMENT,
    )
    store.update_example(ids[0], answer="30분 전에 출근합니다.")  # a person's edit
    assert documents.rows_written_from(store, project, document_id) == 1
    assert documents.delete_document(store, project, document_id)
    assert documents.list_documents(store, project) == []
    assert documents.document_chunks(store, project, [document_id]) == []  # its chunks went with it
    kept = store.get_example(ids[0])
    assert kept.answer == "30분 전에 출근합니다." and kept.extra["source"]["text"] == chunk.text


def test_a_deleted_project_takes_its_documents_along(store):
    project = store.create_project("Going")
    document_id = _store_manual(store, project)
    with store.tx() as conn:
        conn.execute("DELETE FROM projects WHERE id = ?", (project,))
    rows = store.conn.execute("SELECT COUNT(*) FROM document_chunks WHERE document_id = ?", (document_id,)).scalar()
    assert rows == 0


@pytest.mark.parametrize("name", ["a.pdf", "같은 이름.pdf"])
def test_the_same_file_twice_is_two_documents(store, name):
    project = store.create_project("Twice")
    first, second = _store_manual(store, project, name), _store_manual(store, project, name)
    assert first != second and [d.name for d in documents.list_documents(store, project)] == [name, name]

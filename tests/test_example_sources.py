"""Rows tied to their source in SQL: filter by document, by chunk and by "not grounded", on both engines."""

from __future__ import annotations

import json
from pathlib import Path

from alembic import command
from sqlalchemy import text

from core.data import documents as stored_documents
from core.data.engine import make_engine, sqlite_url
from core.data.store import ExampleFilter, NewExample, Store
from core.data.upgrade import alembic_config, upgrade_to_head
from core.dataset import curate
from core.dataset.documents.sources import SourceChunk
from core.i18n import t
from core.ui.state import W_CURATE_CHUNK, W_CURATE_DOCUMENT, W_CURATE_UNSUPPORTED
from core.workflows import grounded, synthetic
from tests.conftest import app_at


def _sourced(question: str, document_id: int, chunk_id: int) -> NewExample:
    source = {"document": "m.pdf", "position": 0, "heading": "", "text": "t", "document_id": document_id}
    return NewExample(
        question, extra={"source": {**source, "chunk_id": chunk_id}}, document_id=document_id, chunk_id=chunk_id
    )


def test_rows_filter_by_their_document_and_chunk(store):
    project = store.create_project("Manual")
    ids = store.add_examples(
        project,
        [_sourced("q1", 10, 100), _sourced("q2", 10, 101), _sourced("q3", 11, 200), NewExample("typed")],
        source="document",
    )
    assert store.filtered_ids(project, ExampleFilter(document_id=10)) == ids[:2]
    assert store.filtered_ids(project, ExampleFilter(document_id=11)) == [ids[2]]
    assert store.filtered_ids(project, ExampleFilter(document_id=10, chunk_id=101)) == [ids[1]]
    assert store.count_examples(project, ExampleFilter(document_id=12)) == 0
    assert store.count_examples(project, ExampleFilter(document_id=10, statuses=("draft",), text="q2")) == 1
    # Removing the row (trash, then for good) takes its link with it; other rows keep theirs.
    store.delete_examples([ids[0]])
    assert store.filtered_ids(project, ExampleFilter(document_id=10)) == [ids[1]]


def test_make_filter_passes_the_document_and_groundedness_on():
    where = curate.make_filter(document_id=4, only_unsupported=True)
    assert (where.document_id, where.only_unsupported) == (4, True)
    assert curate.make_filter().document_id is None


def test_a_workspace_from_before_the_source_table_gets_its_document_rows_linked(tmp_path: Path):
    url = sqlite_url(tmp_path / "older.sqlite3")
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0002_documents")
            connection.execute(text("INSERT INTO projects (name, created_at, updated_at) VALUES ('p', 'x', 'x')"))
            for question, source in (
                ("from a chunk", {"text": "t", "document_id": 3, "chunk_id": 9}),
                ("removed document's row without ids", {"text": "t"}),
            ):
                connection.execute(
                    text(
                        "INSERT INTO examples (project_id, question, extra, source, created_at, updated_at)"
                        " VALUES (1, :q, :extra, 'document', 'x', 'x')"
                    ),
                    {"q": question, "extra": json.dumps({"source": source})},
                )
    finally:
        engine.dispose()
    upgrade_to_head(url)
    with Store(url) as store:
        assert store.filtered_ids(1, ExampleFilter(document_id=3)) == [1]
        assert store.filtered_ids(1, ExampleFilter(document_id=3, chunk_id=9)) == [1]


def test_curate_filters_by_source_document_and_keeps_it_in_review_mode(workspace):

    with Store(workspace) as store:
        project = store.create_project("Manual")
        manual, faq = (
            stored_documents.add_document(
                store,
                project,
                name=name,
                kind="md",
                size_bytes=10,
                markdown="text",
                chunk_size=400,
                chunk_overlap=0,
                new_chunks=[stored_documents.NewChunk(0, "", "text"), stored_documents.NewChunk(1, "Refunds", "more")],
            )
            for name in ("manual.md", "faq.md")
        )
        store.add_examples(
            project,
            [_sourced("q1", manual, 1), _sourced("q2", manual, 2), _sourced("q3", faq, 3), NewExample("typed")],
            source="document",
        )
    at = app_at("pages/3_Curate.py")
    at.query_params["review"] = ""
    at.run()
    assert not at.exception
    progress = lambda: [p.proto.text for p in at.get("progress")]  # noqa: E731
    assert progress() == [t("curate.review_reviewed", "en", reviewed=0, total=4)]
    picker = at.selectbox(key=W_CURATE_DOCUMENT)
    assert picker.options == [t("docreview.filter_document_any", "en"), "manual.md", "faq.md"]
    assert picker.value == 0  # "any" is shown as picked, not as an empty placeholder
    picker.set_value(manual).run()
    assert progress() == [t("curate.review_reviewed", "en", reviewed=0, total=2)]
    # Within a document, by its chunk: only the chunk the rows name.
    chunk = at.selectbox(key=W_CURATE_CHUNK)
    assert chunk.options == [
        t("docreview.filter_chunk_any", "en"),
        t("docreview.filter_chunk_label", "en", n=1, heading="—"),
        t("docreview.filter_chunk_label", "en", n=2, heading="Refunds"),
    ]
    chunk.set_value(2).run()
    assert progress() == [t("curate.review_reviewed", "en", reviewed=0, total=1)]
    at.selectbox(key=W_CURATE_CHUNK).set_value(0).run()
    at.selectbox(key=W_CURATE_DOCUMENT).set_value(faq).run()
    assert progress() == [t("curate.review_reviewed", "en", reviewed=0, total=1)]
    at.toggle(key=W_CURATE_UNSUPPORTED).set_value(True).run()
    assert not at.exception and t("curate.no_match", "en") in [i.value for i in at.info]


def test_curate_has_no_source_filters_before_the_project_has_documents(workspace):

    with Store(workspace) as store:
        store.add_examples(store.create_project("Plain"), [NewExample("typed")])
    at = app_at("pages/3_Curate.py").run()
    assert not at.exception
    assert W_CURATE_DOCUMENT not in [s.key for s in at.selectbox]


def test_questions_written_from_a_stored_chunk_are_found_by_its_document(store):
    project = store.create_project("Manual")
    chunk = SourceChunk("m.pdf", 0, "", "text", chunk_id=5, document_id=2)
    loose = SourceChunk("preview only.pdf", 0, "", "text")  # never stored: no ids, no link
    ids = grounded.add_questions(
        store, project, [(chunk, synthetic.Candidate("q1")), (loose, synthetic.Candidate("q2"))]
    )
    assert store.filtered_ids(project, ExampleFilter(document_id=2)) == [ids[0]]
    assert store.filtered_ids(project, ExampleFilter(chunk_id=5)) == [ids[0]]

"""The project file carries a project's documents, chunks, each row's tie to its chunk and its groundedness check."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.data import documents as stored_documents
from core.data import grounding
from core.data.connection import forget_engine
from core.data.store import ExampleFilter, NewExample, Store
from core.dataset import project_file
from core.dataset.documents.sources import source_of, stored_sources
from core.dataset.project_file import ProjectFileError, export_project, import_project, read_document
from core.i18n import t
from core.workflows import grounded, synthetic

FIXTURE_FORMAT_1 = Path(__file__).parent / "fixtures" / "project_files" / "cafe_format_1.ftstudio.zip"
STYLE = "faq"
CHUNK_SIZE, CHUNK_OVERLAP = 400, 40


def _add_document(store: Store, project_id: int, name: str, chunks: list[tuple[str, str]]) -> int:
    return stored_documents.add_document(
        store,
        project_id,
        name=name,
        kind="md",
        size_bytes=1234,
        markdown="\n\n".join(f"# {heading}\n\n{text}" for heading, text in chunks),
        chunk_size=CHUNK_SIZE,
        chunk_overlap=CHUNK_OVERLAP,
        new_chunks=[stored_documents.NewChunk(i, heading, text) for i, (heading, text) in enumerate(chunks)],
    )


def _questions(store: Store, project_id: int, document_id: int, questions: list[str]) -> list[int]:
    """Rows written from each of the document's chunks in turn, the way "questions from documents" saves them."""
    sources = stored_sources(store, project_id, [document_id])
    candidates = [(sources[i % len(sources)], synthetic.Candidate(q)) for i, q in enumerate(questions)]
    return grounded.add_questions(store, project_id, candidates, style=STYLE)


@pytest.fixture
def fresh_store(store: Store, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Store]:
    """Another, empty workspace on the same engine as ``store`` (a team database is another PostgreSQL one)."""
    location: str | Path = tmp_path / "other" / "studio.sqlite3"
    if store.dialect == "postgresql":
        location = request.getfixturevalue("postgres_server").create_workspace()
    with Store(location) as other:
        yield other
    forget_engine(str(location) if store.dialect == "postgresql" else other.url)


@pytest.fixture
def manual_project(store: Store) -> tuple[Store, int, dict[str, int]]:
    """A project with a document, rows from its chunks (one edited by a person), checks, and a removed document."""
    project_id = store.create_project("매뉴얼")
    manual = _add_document(
        store,
        project_id,
        "환불 규정.pdf",
        [("환불 > 기간", "구매 후 14일 이내에 환불할 수 있습니다."), ("환불 > 방법", "앱에서 신청하세요.")],
    )
    first, second, third = _questions(store, project_id, manual, ["환불 기간은?", "어떻게 신청하나요?", "언제까지?"])
    store.update_example(first, answer="14일 이내입니다.", source="generated", model="gpt-4o-mini")
    store.update_example(second, answer="앱에서요.", source="generated", model="gpt-4o-mini")
    grounding.save_checks(
        store,
        [
            grounding.GroundingCheck(first, "supported", "", "gpt-4o", "14일 이내입니다.", "2026-11-01T00:00:00+00:00"),
            grounding.GroundingCheck(
                second, "unsupported", "앱 언급 없음", "gpt-4o", "앱에서요.", "2026-11-02T00:00:00"
            ),
        ],
    )
    # A person fixes the answer the check found unsupported: that check no longer counts.
    store.update_example(second, answer="앱의 '주문 내역'에서 신청합니다.", status="approved")
    gone = _add_document(store, project_id, "old.md", [("", "지난 규정")])
    [orphan] = _questions(store, project_id, gone, ["지난 규정은?"])
    stored_documents.delete_document(store, project_id, gone)
    return store, project_id, {"first": first, "second": second, "third": third, "orphan": orphan, "manual": manual}


def _documents_view(store: Store, project_id: int) -> list[tuple[Any, ...]]:
    from core.data import documents_in_file

    listed = {d.id: d for d in stored_documents.list_documents(store, project_id)}
    return [
        (
            d["name"],
            d["kind"],
            d["size_bytes"],
            d["markdown"],
            d["chunk_size"],
            d["chunk_overlap"],
            d["created_at"],
            listed[d["id"]].chunk_count,
        )
        for d in documents_in_file.project_documents(store, project_id)
    ]


def _chunks_view(store: Store, project_id: int) -> list[tuple[str, int, str, str]]:
    return [(c.document, c.position, c.heading, c.text) for c in stored_sources(store, project_id)]


def _rows_view(store: Store, project_id: int) -> list[tuple[Any, ...]]:
    """Each row with its source as Curate finds it (its chunk, resolved to the store's chunk) and its check."""
    chunks = {c.chunk_id: c for c in stored_sources(store, project_id)}
    # Curate's document filter offers the project's documents: a removed one's rows are not found by it.
    documents = {d.id for d in stored_documents.list_documents(store, project_id)}
    rows = list(store.iter_examples(project_id))
    checks = grounding.checks_for(store, [e.id for e in rows])
    view = []
    for e in rows:
        source = source_of(e.extra)
        assert source is not None
        stored = chunks.get(source.chunk_id)
        if stored is not None:  # the row's copy names this store's chunk, and agrees with it
            assert (stored.document_id, stored.text, stored.position) == (
                source.document_id,
                source.text,
                source.position,
            )
        in_filter = [
            key
            for key, where in (
                ("document", ExampleFilter(document_id=source.document_id)),
                ("chunk", ExampleFilter(document_id=source.document_id, chunk_id=source.chunk_id)),
            )
            if source.document_id in documents and e.id in store.filtered_ids(project_id, where)
        ]
        check = checks.get(e.id)
        view.append(
            (
                e.question,
                e.answer,
                e.status,
                (source.document, source.position, source.heading, source.text),
                None if stored is None else (stored.document, stored.position),
                in_filter,
                None if check is None else (check.verdict, check.reason, check.model, check.answer, check.checked_at),
            )
        )
    return view


def _done_positions(store: Store, project_id: int) -> list[int]:
    """The chunks "questions from documents" would not ask again in the style, by position."""
    done = grounded.done_chunk_ids(store, project_id, STYLE)
    return sorted(c.position for c in stored_sources(store, project_id) if c.chunk_id in done)


def test_documents_chunks_ties_and_checks_come_back_in_a_fresh_workspace(manual_project, fresh_store):
    store, project_id, ids = manual_project
    result = import_project(fresh_store, export_project(store, project_id))
    new_id = result.project_id
    assert _documents_view(fresh_store, new_id) == _documents_view(store, project_id)
    assert _chunks_view(fresh_store, new_id) == _chunks_view(store, project_id)
    assert _rows_view(fresh_store, new_id) == _rows_view(store, project_id)
    rows = _rows_view(fresh_store, new_id)
    assert [row[4] for row in rows] == [("환불 규정.pdf", 0), ("환불 규정.pdf", 1), ("환불 규정.pdf", 0), None]
    assert [row[5] for row in rows] == [["document", "chunk"]] * 3 + [[]]
    # The filters and the resume see the same rows and chunks as before the move.
    for where in (ExampleFilter(only_unsupported=True), ExampleFilter(needs_grounding_check=True)):
        assert fresh_store.count_examples(new_id, where) == store.count_examples(project_id, where)
    assert _done_positions(fresh_store, new_id) == _done_positions(store, project_id) == [0, 1]
    [document] = stored_documents.list_documents(fresh_store, new_id)
    assert stored_documents.rows_written_from(fresh_store, new_id, document.id) == 3
    assert (result.examples, result.documents) == (4, 1)


def test_the_removed_documents_row_keeps_its_copy_but_names_no_document_here(manual_project, fresh_store):
    store, project_id, ids = manual_project
    # A document made in the fresh workspace first would take the old ids the row's copy still names.
    other = fresh_store.create_project("other")
    for name in ("a.md", "b.md", "c.md"):
        _add_document(fresh_store, other, name, [("", name)])
    result = import_project(fresh_store, export_project(store, project_id))
    orphan = list(fresh_store.iter_examples(result.project_id))[-1]
    source = source_of(orphan.extra)
    assert source is not None and source.text == "지난 규정" and (source.document_id, source.chunk_id) == (None, None)
    old_copy = source_of(store.get_example(ids["orphan"]).extra)
    assert old_copy is not None and old_copy.document_id is not None


def test_an_imported_project_imports_again_the_same(manual_project):
    store, project_id, _ = manual_project
    once = import_project(store, export_project(store, project_id))
    twice = import_project(store, export_project(store, once.project_id))
    assert _rows_view(store, twice.project_id) == _rows_view(store, project_id)
    assert _chunks_view(store, twice.project_id) == _chunks_view(store, project_id)


def _normalised(document: dict[str, Any]) -> dict[str, Any]:
    """A file's content without what an import rightly changes: refs, the export time, the format version."""
    position = {e["ref"]: i for i, e in enumerate(document["examples"])}
    examples = [
        {key: value for key, value in e.items() if key not in ("ref", "document_ref", "chunk_ref", "grounding_check")}
        for e in document["examples"]
    ]
    for e in document["examples"]:
        assert e.get("document_ref") is None and e.get("chunk_ref") is None and e.get("grounding_check") is None
    pairs = [{**p, "example_ref": position.get(p["example_ref"])} for p in document["preference_pairs"]]
    splits = [
        {
            **s,
            "train_refs": [position[r] for r in s["train_refs"]],
            "valid_refs": [position[r] for r in s["valid_refs"]],
        }
        for s in document["splits"]
    ]
    assert document.get("documents", []) == []
    return {"project": document["project"], "examples": examples, "pairs": pairs, "splits": splits}


def test_a_file_from_before_documents_imports_exactly_as_before(store):
    data = FIXTURE_FORMAT_1.read_bytes()
    old = read_document(data)
    assert old["format_version"] == 1 and "documents" not in old
    result = import_project(store, data)
    assert (result.examples, result.history, result.variants, result.pairs, result.splits) == (3, 3, 1, 1, 1)
    assert result.documents == 0
    again = project_file.project_document(store, result.project_id)
    assert again["format_version"] == project_file.FORMAT_VERSION == 2
    assert _normalised(again) == _normalised(old)


def _file(examples: list[dict[str, Any]] | None = None, **changes: Any) -> bytes:
    document: dict[str, Any] = {
        "format": project_file.FORMAT_NAME,
        "format_version": 2,
        "project": {"name": "P", "settings": {}},
        "documents": [
            {
                "ref": 7,
                "name": "m.md",
                "kind": "md",
                "size_bytes": 10,
                "markdown": "# A\n\ntext",
                "chunk_size": 400,
                "chunk_overlap": 0,
                "chunks": [{"ref": 70, "position": 0, "heading": "A", "text": "text"}],
            }
        ],
        "examples": examples or [{"question": "q", "document_ref": 7, "chunk_ref": 70}],
    }
    document.update(changes)
    return json.dumps(document).encode()


def _with_document(**changes: Any) -> list[dict[str, Any]]:
    return [{**json.loads(_file())["documents"][0], **changes}]


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (_file(documents="all of them"), "documents"),
        (_file(documents=[None]), "documents[0]"),
        (_file(documents=_with_document(ref=None)), "documents[0].ref"),
        (_file(documents=_with_document() * 2), "documents[1].ref"),
        (_file(documents=_with_document(name=3)), "documents[0].name"),
        (_file(documents=_with_document(markdown=None)), "documents[0].markdown"),
        (_file(documents=_with_document(chunk_size="big")), "documents[0].chunk_size"),
        (_file(documents=_with_document(chunk_overlap=-1)), "documents[0].chunk_overlap"),
        (_file(documents=_with_document(size_bytes=2**40)), "documents[0].size_bytes"),
        (_file(documents=_with_document(chunks={"ref": 70})), "documents[0].chunks"),
        (_file(documents=_with_document(chunks=[{"ref": 70, "position": 0}])), "documents[0].chunks[0].text"),
        (
            _file(
                documents=_with_document(
                    chunks=[{"ref": 70, "position": 0, "text": "a"}, {"ref": 71, "position": 0, "text": "b"}]
                )
            ),
            "documents[0].chunks[1].position",
        ),
        (
            _file(documents=_with_document(chunks=[{"ref": [1], "position": 0, "text": "a"}])),
            "documents[0].chunks[0].ref",
        ),
        (_file([{"question": "q", "document_ref": 8}]), "examples[0].document_ref"),
        (_file([{"question": "q", "document_ref": True}]), "examples[0].document_ref"),
        (_file([{"question": "q", "chunk_ref": 70}]), "examples[0].chunk_ref"),
        (_file([{"question": "q", "document_ref": 7, "chunk_ref": 71}]), "examples[0].chunk_ref"),
        (_file([{"question": "q", "grounding_check": "yes"}]), "examples[0].grounding_check"),
        (
            _file([{"question": "q", "grounding_check": {"verdict": "maybe", "model": "m", "answer": "a"}}]),
            "examples[0].grounding_check.verdict",
        ),
        (
            _file([{"question": "q", "grounding_check": {"verdict": "supported", "model": "m"}}]),
            "examples[0].grounding_check.answer",
        ),
    ],
)
def test_malformed_document_parts_are_named_and_nothing_is_written(store, data, where):
    before = store.list_projects()
    with pytest.raises(ProjectFileError) as caught:
        import_project(store, data)
    assert (caught.value.code, caught.value.details) == ("damaged", {"where": where})
    assert store.list_projects() == before
    for table in ("documents", "document_chunks", "examples", "example_sources", "grounding_checks"):
        assert store.conn.execute(f"SELECT COUNT(*) FROM {table}").scalar() == 0
    for lang in ("en", "ko"):
        assert where in t("projectfile.error_damaged", lang, where=where)


def test_a_failure_after_the_documents_rolls_them_back_too(store):
    data = _file(splits=[{"train_refs": [], "valid_refs": [], "seed": "not a number"}])
    with pytest.raises(ProjectFileError):
        import_project(store, data)
    assert store.list_projects() == []
    for table in ("documents", "document_chunks", "example_sources"):
        assert store.conn.execute(f"SELECT COUNT(*) FROM {table}").scalar() == 0


def test_a_tie_to_a_document_alone_or_to_a_chunk_it_lacks_still_exports_and_imports(store):
    project_id = store.create_project("P")
    manual = _add_document(store, project_id, "m.md", [("A", "text")])
    store.add_examples(
        project_id,
        [NewExample("whole document", document_id=manual), NewExample("stray chunk", document_id=manual, chunk_id=999)],
        source="document",
    )
    result = import_project(store, export_project(store, project_id))
    [document] = stored_documents.list_documents(store, result.project_id)
    assert document.id != manual
    assert len(store.filtered_ids(result.project_id, ExampleFilter(document_id=document.id))) == 2

"""AppTest for the Documents page: several files at once, a plain message per bad file, a live chunk preview."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.data.store import NewExample, Store
from core.dataset.documents import DocumentError, convert_document
from core.i18n import t
from tests import document_fixtures as fx
from tests.conftest import app_at
from tests.test_page_questions import make_project

PAGE = "pages/1_Documents.py"
UPLOADER = "_w_documents_upload_0"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return fx.write_all(tmp_path_factory.mktemp("documents"))


def open_page(lang: str = "en"):
    at = app_at(PAGE)
    at.session_state["lang"] = lang
    return at.run()


def upload(at, *named: tuple[str, bytes]):
    uploader = at.file_uploader(key=UPLOADER)
    for name, data in named:
        uploader.upload(name, data, "application/octet-stream")
    return at.run()


def _message(name: str, data: bytes, lang: str) -> str:
    with pytest.raises(DocumentError) as caught:
        convert_document(name, data)
    return caught.value.message(lang)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_good_and_bad_files_together_each_get_their_own_answer(workspace, files, lang):
    make_project(workspace)
    at = open_page(lang)
    assert not at.exception
    named = [(name, files[name].read_bytes()) for name in ("카페 매뉴얼.md", "암호.pdf", "스캔본.pdf")]
    at = upload(at, *named)
    assert not at.exception
    errors = sorted(e.value for e in at.error)
    assert errors == sorted(_message(name, data, lang) for name, data in named[1:])
    titles = [e.label for e in at.main.expander]  # the sidebar has expanders of its own (keys)
    assert len(titles) == 1 and titles[0].startswith("카페 매뉴얼.md")
    shown = "\n".join(text.value for text in at.text)
    assert fx.KNOWN_SENTENCES[0] in shown


def test_the_preview_follows_the_size(workspace, files):
    make_project(workspace)
    at = upload(open_page(), ("카페 매뉴얼.md", files["카페 매뉴얼.md"].read_bytes()))
    before = len(at.text)
    at.number_input(key="_w_documents_size").set_value(100).run()
    assert not at.exception
    assert len(at.text) > before
    assert all(len(text.value) <= 100 for text in at.text)
    # Each chunk says where it sits: its place and its heading path (">" escaped for Markdown).
    assert any(f"{fx.TITLE} \\> 1. 오픈 준비" in caption.value for caption in at.caption)
    # The setting outlives a page switch (it is kept in a plain session key).
    assert at.session_state["documents_chunk_size"] == 100


def test_no_file_no_settings_and_the_title_is_translated(workspace):
    make_project(workspace)
    at = open_page("ko")
    assert at.title[0].value == t("nav.documents", "ko")
    assert not at.number_input


def test_saving_stores_every_chunk_as_previewed_and_empties_the_uploader(workspace, files):
    from core.data import documents

    project = make_project(workspace)
    at = upload(open_page(), ("카페 매뉴얼.md", files["카페 매뉴얼.md"].read_bytes()), ("암호.pdf", b"%PDF-1.7 x"))
    at.number_input(key="_w_documents_size").set_value(300).run()
    previewed = [text.value for text in at.text]
    save = at.button(key="_w_documents_save")
    assert save.label == t("documents.save", "en", count=1, chunks=len(previewed))
    save.click().run()
    assert not at.exception
    with Store(workspace) as store:
        [stored] = documents.list_documents(store, project)
        chunks = documents.document_chunks(store, project, [stored.id])
    assert (stored.name, stored.chunk_size) == ("카페 매뉴얼.md", 300)
    assert [c.text for c in chunks] == previewed
    assert at.success[0].value == t("documents.saved", "en", count=1, chunks=len(previewed))
    assert not at.file_uploader(key="_w_documents_upload_1").value  # a fresh, empty uploader
    assert any("카페 매뉴얼.md" in m.value for m in at.markdown)


def test_removing_a_document_asks_first_and_keeps_its_rows(workspace, files):
    from core.data import documents
    from core.dataset.documents.sources import save_document

    project = make_project(workspace)
    with Store(workspace) as store:
        converted = convert_document("카페 매뉴얼.md", files["카페 매뉴얼.md"].read_bytes())
        document_id = save_document(store, project, converted, 1000, 100)
        extra = {"source": {"document_id": document_id, "text": "x", "document": "카페 매뉴얼.md", "position": 0}}
        [row] = store.add_examples(project, [NewExample("질문?", extra=extra)], source=documents.SOURCE_DOCUMENT)
        store.update_example(row, answer="사람이 쓴 답")
    at = open_page("ko")
    at.button(key=f"_w_documents_remove_{document_id}").click().run()
    assert at.warning[0].value == t("documents.remove_confirm", "ko", file="카페 매뉴얼.md", rows=1)
    with Store(workspace) as store:
        assert documents.list_documents(store, project)  # nothing removed before the answer
    at.button(key="_w_documents_remove_no").click().run()
    assert not at.warning
    at.button(key=f"_w_documents_remove_{document_id}").click().run()
    at.button(key="_w_documents_remove_yes").click().run()
    assert not at.exception
    with Store(workspace) as store:
        assert documents.list_documents(store, project) == []
        assert store.get_example(row).answer == "사람이 쓴 답"


def test_questions_from_the_chunks_cost_first_then_land_as_drafts(workspace, files, standin):
    from core import ui
    from core.dataset.documents.sources import save_document
    from core.workflows import grounded, runner

    project = make_project(workspace)
    with Store(workspace) as store:
        converted = convert_document("카페 매뉴얼.md", files["카페 매뉴얼.md"].read_bytes())
        save_document(store, project, converted, 1000, 100)
    at = app_at(PAGE)
    at.session_state["lang"] = "ko"
    at.session_state[ui.SS_TYPED_KEY] = standin.api_key
    at.session_state[ui.SS_BASE_URL] = standin.base_url
    at = at.run()
    at.number_input(key="_w_documents_per_chunk").set_value(2).run()
    go = at.button(key="_w_documents_go")
    chunks = 5
    assert go.label == t("documents.questions_go", "ko", count=2 * chunks, chunks=chunks) and not go.disabled
    assert any(c.value.startswith(t("spend.highest_cost", "ko", usd="")[:6]) for c in at.caption)
    assert not [r for r in standin.requests if r["path"] == "/v1/chat/completions"]  # nothing sent before the click
    go.click().run()
    assert not at.exception
    for job in runner.running_jobs(project):
        assert runner.wait(job, timeout=60)
    with Store(workspace) as store:
        rows = list(store.iter_examples(project))
    assert len(rows) == 2 * chunks
    sources = [grounded.source_of(row.extra) for row in rows]
    assert all(s.document == "카페 매뉴얼.md" and s.chunk_id and s.document_id for s in sources)

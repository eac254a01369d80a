"""AppTest for the Documents page: several files at once, a plain message per bad file, a live chunk preview."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    titles = [e.label for e in at.expander]
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


def test_questions_from_the_chunks_cost_first_then_land_as_drafts(workspace, files, standin):
    from core import ui
    from core.data.store import Store
    from core.workflows import grounded, runner

    project = make_project(workspace)
    at = app_at(PAGE)
    at.session_state["lang"] = "ko"
    at.session_state[ui.SS_TYPED_KEY] = standin.api_key
    at.session_state[ui.SS_BASE_URL] = standin.base_url
    at = upload(at.run(), ("카페 매뉴얼.md", files["카페 매뉴얼.md"].read_bytes()))
    at.number_input(key="_w_documents_per_chunk").set_value(2).run()
    go = at.button(key="_w_documents_go")
    chunks = len(at.text)
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
    assert all(grounded.source_of(row.extra).document == "카페 매뉴얼.md" for row in rows)

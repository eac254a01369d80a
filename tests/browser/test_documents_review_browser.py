"""Curate in Chromium: a row written from a document is reviewed beside its chunk, the supporting sentence
highlighted, and the groundedness check (against the stand-in) flags the answer the chunk doesn't support."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from core.data import documents as stored_documents
from core.data import grounding
from core.data.store import NewExample, Store
from core.dataset.documents.sources import EXTRA_SOURCE, SourceChunk
from core.i18n import t
from tests.browser.conftest import ARTIFACTS, standin_process, start_app, wait_for_app

CHUNK = (
    "## 환불 규정\n매장은 오전 10시에 문을 열고 오후 9시에 닫습니다.\n"
    "환불은 구매 후 14일 이내에 영수증이 있을 때만 가능합니다. 포인트는 1년 뒤 사라집니다."
)
SUPPORTED = "환불은 구매 후 14일 이내에 영수증이 있을 때만 가능합니다."
UNSUPPORTED = "포인트는 3년 동안 유지됩니다."


@pytest.fixture(scope="module")
def sourced_app(tmp_path_factory) -> Iterator[tuple[object, list[int]]]:
    workspace = tmp_path_factory.mktemp("documents-review") / "studio.sqlite3"
    with Store(workspace) as store:
        project = store.create_project("카페 매뉴얼")
        document = stored_documents.add_document(
            store,
            project,
            name="카페 매뉴얼.pdf",
            kind="pdf",
            size_bytes=100,
            markdown=CHUNK,
            chunk_size=400,
            chunk_overlap=0,
            new_chunks=[stored_documents.NewChunk(0, "환불 규정", CHUNK)],
        )
        chunk_id = stored_documents.document_chunks(store, project, [document])[0].id
        source = SourceChunk("카페 매뉴얼.pdf", 0, "환불 규정", CHUNK, chunk_id=chunk_id, document_id=document)
        ids = store.add_examples(
            project,
            [
                NewExample(question, answer, extra={EXTRA_SOURCE: source.to_json()}, document_id=document)
                for question, answer in (("환불 되나요?", SUPPORTED), ("포인트는요?", UNSUPPORTED))
            ],
            source=stored_documents.SOURCE_DOCUMENT,
        )
    with standin_process() as url:
        server = start_app(
            workspace,
            ARTIFACTS / "test_documents_review_browser-server.log",
            extra_env={"OPENAI_BASE_URL": url, "OPENAI_API_KEY": "sk-standin-documents-review"},
        )
        yield server, ids
        server.stop_in_background()


def test_review_highlights_the_support_and_the_check_flags_the_unsupported_answer(sourced_app, page):
    server, ids = sourced_app
    page.goto(f"{server.url}/Curate?lang=ko&review={ids[0]}")
    page.get_by_text(t("docreview.source_title", "ko"), exact=True).wait_for()
    wait_for_app(page)
    # Streamlit draws :orange-background[…] as a span with a background colour: the supporting sentence only.
    marked = page.locator("[data-testid='stMarkdownContainer'] span[style*='background']")
    assert marked.count() == 1 and marked.first.inner_text().strip() == SUPPORTED
    page.get_by_text(t("docreview.check_title", "ko")).click()
    button = page.get_by_role("button", name=t("docreview.check_go", "ko", count=2))
    button.wait_for()
    assert page.get_by_text(t("spend.highest_cost", "ko", usd="")[:6]).count() >= 1  # the cost, before anything
    button.click()
    page.get_by_text(t("docreview.check_done", "ko", checked=2, unsupported=1)).wait_for(timeout=30_000)
    with Store(server.workspace) as store:
        checks = grounding.checks_for(store, ids)
    assert (checks[ids[0]].verdict, checks[ids[1]].verdict) == ("supported", "unsupported")
    page.goto(f"{server.url}/Curate?lang=ko&review={ids[1]}")
    page.get_by_text(t("docreview.check_unsupported", "ko", model="", reason="")[:12]).wait_for()

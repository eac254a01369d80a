"""In a real browser: upload the Korean manual as a PDF printed by Chromium, preview its chunks, write
save them, write questions from them with the stand-in, then generate their answers, grounded in each
question's own chunk."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from core.data import documents
from core.data.store import Store
from core.i18n import t
from core.workflows import grounded
from tests import document_fixtures as fx
from tests.browser.conftest import ARTIFACTS, standin_process, start_app, until, wait_for_app


@pytest.fixture(scope="module")
def documents_app(tmp_path_factory) -> Iterator[tuple]:
    workspace = tmp_path_factory.mktemp("documents-browser") / "studio.sqlite3"
    with Store(workspace) as store:
        project = store.create_project("카페 매뉴얼")
    with standin_process() as url:
        server = start_app(
            workspace,
            ARTIFACTS / "test_documents_browser-server.log",
            extra_env={"OPENAI_BASE_URL": url, "OPENAI_API_KEY": "sk-standin-documents-0016"},
        )
        yield server, project
        server.stop_in_background()


@pytest.fixture(scope="module")
def manual_pdf(browser, tmp_path_factory):
    """The manual printed by this module's Chromium (a second Playwright in this thread can't start)."""
    printer = browser.new_page()
    printer.set_content(fx.manual_html())
    path = tmp_path_factory.mktemp("pdf") / "카페 매뉴얼.pdf"
    path.write_bytes(printer.pdf(format="A4", outline=True, tagged=True))
    printer.close()
    return path


def test_korean_pdf_to_chunks_to_questions_to_grounded_answers(documents_app, manual_pdf, page, tmp_path):
    server, project = documents_app
    page.goto(f"{server.url}/Documents?project={project}&lang=ko")
    wait_for_app(page)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(manual_pdf))
    # The chunk preview shows the manual's sentences, whole, under their headings.
    page.get_by_text(fx.KNOWN_SENTENCES[-1]).wait_for(timeout=60_000)
    page.get_by_text(t("documents.preview_title", "ko", file="카페 매뉴얼.pdf", count=5)).wait_for()
    assert page.get_by_text("카페 운영 매뉴얼 > 2. 음료 제조 > 2.1 아메리카노", exact=False).count() == 1
    page.get_by_role("button", name=t("documents.save", "ko", count=1, chunks=5)).click()
    page.get_by_text(t("documents.saved", "ko", count=1, chunks=5)).wait_for()
    with Store(server.workspace) as store:
        [stored] = documents.list_documents(store, project)
        assert stored.chunk_count == 5 and stored.name == "카페 매뉴얼.pdf"

    per_chunk = page.get_by_role("spinbutton", name=t("documents.per_chunk", "ko"))
    per_chunk.fill("1")
    per_chunk.press("Enter")
    go = page.get_by_role("button", name=t("documents.questions_go", "ko", count=5, chunks=5))
    go.wait_for()
    go.click()
    page.get_by_text(t("documents.questions_added", "ko", count=5, flagged=0)).wait_for(timeout=60_000)
    with Store(server.workspace) as store:
        rows = list(store.iter_examples(project))
    assert len(rows) == 5 and all(grounded.source_of(row.extra).document_id == stored.id for row in rows)
    # Run again: every chunk is done in this kind, so nothing is sent; another kind, in Batch mode, is offered.
    page.get_by_text(t("docq.all_done", "ko")).wait_for()
    wait_for_app(page)
    assert page.locator(".st-key-_w_documents_go").count() == 0
    page.get_by_text(t("documents.style_how_to", "ko"), exact=True).click()
    page.get_by_text(t("docq.batch", "ko"), exact=True).click()
    page.get_by_role("button", name=t("docq.batch_go", "ko", count=5, chunks=5)).wait_for()

    page.goto(f"{server.url}/Generate?project={project}&lang=en")
    wait_for_app(page)
    page.get_by_role("button", name=t("generate.start", "en")).click()
    page.get_by_text(t("generate.progress", "en", done=5, failed=0, remaining=0, total=5)).wait_for(timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0
    with Store(server.workspace) as store:
        answered = list(store.iter_examples(project))
    for row in answered:
        source = grounded.source_of(row.extra)
        # The stand-in answers from the chunk it was shown: each answer is a sentence of the row's own chunk.
        assert row.answer and row.answer in source.text, (row.question, row.answer)

    # Review the first row beside its chunk: only the sentence the answer came from is highlighted.
    first = answered[0]
    page.goto(f"{server.url}/Curate?project={project}&lang=ko&review={first.id}")
    page.get_by_text(t("docreview.source_title", "ko"), exact=True).wait_for()
    wait_for_app(page)
    marked = page.locator("[data-testid='stMarkdownContainer'] span[style*='background']")
    assert marked.count() == 1 and marked.first.inner_text().strip() == first.answer.strip()
    page.get_by_role("button", name=t("curate.review_approve", "ko")).first.click()
    until(lambda: _status(server.workspace, first.id) == "approved", 20, "the reviewed row is approved")

    # …and it is in the exported training file, question and grounded answer as reviewed.
    page.goto(f"{server.url}/Preview?project={project}&lang=en")
    wait_for_app(page)
    with page.expect_download(timeout=30_000) as caught:
        page.get_by_role("button", name="train.jsonl").click()
    target = tmp_path / "train.jsonl"
    caught.value.save_as(target)
    records = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    pairs = [(r["messages"][-2]["content"], r["messages"][-1]["content"]) for r in records]
    assert pairs == [(first.question, first.answer)]


def _status(workspace, example_id: int) -> str:
    with Store(workspace) as store:
        example = store.get_example(example_id)
        return example.status if example else ""

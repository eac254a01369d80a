"""AppTest: the Documents page says how many chosen chunks are done already, sends and prices only the rest,
and offers Batch mode, whose batch ends as rows that keep their chunks."""

from __future__ import annotations

import pytest

from core import ui
from core.data.store import Store
from core.dataset.documents import convert_document
from core.dataset.documents.sources import save_document, stored_sources
from core.i18n import t
from core.providers import api_errors
from core.ui.spend import _money
from core.ui.state import W_DOCUMENTS_BATCH, W_DOCUMENTS_GO, W_DOCUMENTS_PER_CHUNK
from core.workflows import batch, generation, grounded, question_batch, runner, synthetic
from tests import document_fixtures as fx
from tests.conftest import app_at
from tests.test_page_questions import make_project

PAGE = "pages/1_Documents.py"
MODEL = "gpt-4.1-mini-2025-04-14"


def manual_with_two_done(workspace) -> tuple[int, list[grounded.SourceChunk]]:
    """The manual stored, and questions of the first kind (facts) already written from its first two chunks."""
    project = make_project(workspace)
    with Store(workspace) as store:
        converted = convert_document("카페 매뉴얼.md", fx.manual_markdown().encode("utf-8"))
        save_document(store, project, converted, 1000, 100)
        chunks = stored_sources(store, project)
        done = [(chunk, synthetic.Candidate(f"이미 있는 질문 {chunk.position}?")) for chunk in chunks[:2]]
        grounded.add_questions(store, project, done, grounded.STYLE_FACTS)
    return project, chunks


def open_page(standin, lang: str):
    at = app_at(PAGE)
    at.session_state["lang"] = lang
    at.session_state[ui.SS_TYPED_KEY] = standin.api_key
    at.session_state[ui.SS_BASE_URL] = standin.base_url
    return at.run()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_done_chunks_are_named_and_only_the_rest_is_sent_in_a_batch(workspace, standin, monkeypatch, lang):
    monkeypatch.setattr(batch, "POLL_INTERVAL_S", 0.05)
    project, chunks = manual_with_two_done(workspace)
    rest = len(chunks) - 2
    at = open_page(standin, lang)
    assert not at.exception
    at.number_input(key=W_DOCUMENTS_PER_CHUNK).set_value(2).run()
    infos = [info.value for info in at.info]
    assert t("docq.already_done", lang, done=2, total=len(chunks), rest=rest) in infos
    go = at.button(key=W_DOCUMENTS_GO)
    assert go.label == t("documents.questions_go", lang, count=2 * rest, chunks=rest)

    # Batch mode: offered, priced at the Batch price for the rest only.
    box = at.checkbox(key=W_DOCUMENTS_BATCH)
    assert box.label == t("docq.batch", lang)
    at = box.check().run()
    go = at.button(key=W_DOCUMENTS_GO)
    assert go.label == t("docq.batch_go", lang, count=2 * rest, chunks=rest) and not go.disabled
    model = at.selectbox(key="_w_documents_model").value
    half = grounded.highest_cost_usd(model, chunks[2:], grounded.STYLE_FACTS, 2, batch=True)
    assert t("spend.highest_cost", lang, usd=_money(half)) in [c.value for c in at.caption]
    assert not [r for r in standin.requests if r["path"].startswith(("/v1/files", "/v1/batches"))]

    # The first line of this workspace's first batch fails at OpenAI.
    standin.configure(batch_fail_custom_ids=[question_batch.custom_id(1, 0)])
    at = go.click().run()
    assert not at.exception
    for job in runner.running_jobs():
        assert runner.wait(job, timeout=60)
    at = at.run()
    assert not at.exception
    assert t("docq.batch_done", lang, count=2 * (rest - 1), flagged=0) in [s.value for s in at.success]
    why = t("docq.chunk_failed", lang, status=500, detail="The server had an error while processing your request.")
    assert [w.value for w in at.warning] == [t("docq.batch_chunks_failed", lang, count=1, detail=why)]
    # Only the chunk that failed is left: the page offers just that one.
    assert t("docq.already_done", lang, done=len(chunks) - 1, total=len(chunks), rest=1) in [i.value for i in at.info]
    assert at.button(key=W_DOCUMENTS_GO).label == t("docq.batch_go", lang, count=2, chunks=1)
    uploaded = [r for r in standin.requests if r["path"] == "/v1/files"]
    assert len(uploaded) == 1
    with Store(workspace) as store:
        rows = list(store.iter_examples(project))
    assert len(rows) == 2 + 2 * (rest - 1)
    assert {grounded.source_of(row.extra).chunk_id for row in rows} == {
        c.chunk_id for c in chunks if c is not chunks[2]
    }


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_questions_batch_that_failed_says_why_in_plain_words(workspace, standin, monkeypatch, lang):
    monkeypatch.setattr(batch, "POLL_INTERVAL_S", 0.05)
    project, chunks = manual_with_two_done(workspace)
    standin.fault("insufficient_quota", path_prefix="/batches", method="POST")
    with Store(workspace) as store:
        run_id = question_batch.start(
            store, project, standin.connection(), MODEL, chunks, style=grounded.STYLE_HOW_TO, per_chunk=1, lang=lang
        )
    assert runner.wait(batch.job_name(run_id), timeout=30)
    at = open_page(standin, lang)
    assert not at.exception
    with Store(workspace) as store:
        problem = generation.problem_from_text(generation.get_run(store, run_id).error)
    assert problem.kind == "no_quota"
    assert api_errors.explain(problem, lang) in [error.value for error in at.error]
    assert not any("Traceback" in error.value for error in at.error)

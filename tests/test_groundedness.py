"""The groundedness check: a judge model says whether a row's chunk supports its answer (against the stand-in)."""

from __future__ import annotations

import json

from core import ui
from core.data import documents as stored_documents
from core.data import grounding
from core.data.store import ExampleFilter, NewExample, Store
from core.dataset.documents.sources import EXTRA_SOURCE, SourceChunk
from core.i18n import t
from core.ui.state import W_CURATE_GROUNDING_GO, W_CURATE_UNSUPPORTED
from core.workflows import groundedness, runner
from core.workflows.groundedness import parse_verdict
from tests.conftest import app_at
from tests.openai_standin import chat

MODEL = "gpt-4.1-mini-2025-04-14"
CHUNK = (
    "매장은 오전 10시에 문을 열고 오후 9시에 닫습니다. 주말에는 오전 11시에 엽니다.\n"
    "환불은 구매 후 14일 이내에 영수증이 있을 때만 가능합니다."
)
SUPPORTED = "환불은 구매 후 14일 이내에 영수증이 있을 때만 가능합니다."
UNSUPPORTED = "환불은 30일 이내에 언제든 가능합니다."


def _rows(store, project):
    source = {EXTRA_SOURCE: SourceChunk("매뉴얼.pdf", 0, "환불", CHUNK, chunk_id=1, document_id=1).to_json()}
    return store.add_examples(
        project,
        [
            NewExample("환불 되나요?", SUPPORTED, extra=source, document_id=1, chunk_id=1),
            NewExample("환불 기간은?", UNSUPPORTED, extra=source, document_id=1, chunk_id=1),
            NewExample("아직 답 없음", "", extra=source, document_id=1, chunk_id=1),  # nothing to check
            NewExample("typed by hand", "an answer"),  # no chunk: nothing to check against
        ],
    )


def _run(store, project, connection, session="s1"):
    examples = list(store.iter_examples(project))
    assert groundedness.start(store, project, connection, MODEL, examples, lang="ko", session_id=session)
    job = groundedness.job_name(project, session)
    assert runner.wait(job, timeout=60)
    ended = runner.outcome(job)
    assert ended.error is None
    return ended.result


def test_verdicts_are_read_from_json_and_nothing_else():
    assert parse_verdict('{"verdict": "supported", "reason": "ok"}') == ("supported", "ok")
    assert parse_verdict('```json\n{"verdict": "Unsupported", "reason": "no 30 days"}\n```') == (
        "unsupported",
        "no 30 days",
    )
    assert parse_verdict("The answer looks supported to me.") is None
    assert parse_verdict('{"verdict": "maybe"}') is None
    assert parse_verdict('{"verdict": ') is None


def test_the_standin_judges_from_the_text_of_the_chunk():
    def asked(answer):
        example = type("E", (), {})()
        example.extra = {EXTRA_SOURCE: SourceChunk("m", 0, "", CHUNK).to_json()}
        example.question, example.answer = "q", answer
        return json.loads(chat.groundedness_verdict(groundedness.judge_messages(example)))["verdict"]

    assert asked(SUPPORTED) == "supported"
    assert asked("주말에는 오전 11시에 엽니다. " + SUPPORTED) == "supported"
    assert asked(UNSUPPORTED) == "unsupported"
    # The judge prompt is not mistaken for a request to answer from the passage.
    assert chat.grounded_answer([{"role": "user", "content": "Question: x"}]) is None


def test_checks_are_stored_per_row_and_the_unsupported_filter_finds_them(store, standin):
    project = store.create_project("Manual")
    ids = _rows(store, project)
    assert groundedness.highest_cost_usd(MODEL, list(store.iter_examples(project))) > 0
    outcome = _run(store, project, standin.connection())
    assert (outcome.checked, outcome.unsupported, outcome.failed) == (2, 1, 0)
    checks = grounding.checks_for(store, ids)
    assert set(checks) == {ids[0], ids[1]}
    assert checks[ids[0]].verdict == "supported" and checks[ids[0]].model == MODEL
    assert checks[ids[1]].verdict == "unsupported" and "30일" in checks[ids[1]].reason
    assert store.filtered_ids(project, ExampleFilter(only_unsupported=True)) == [ids[1]]
    # A person fixes the answer: the old verdict no longer counts, and a new check finds it supported.
    store.update_example(ids[1], answer=SUPPORTED)
    assert store.filtered_ids(project, ExampleFilter(only_unsupported=True)) == []
    again = _run(store, project, standin.connection())
    assert (again.checked, again.unsupported) == (2, 0)
    assert grounding.checks_for(store, [ids[1]])[ids[1]].verdict == "supported"


def test_a_check_that_could_not_be_made_is_stored_as_failed_with_why(store, standin):
    project = store.create_project("Manual")
    ids = _rows(store, project)
    standin.configure(valid_keys=["sk-the-right-key"])
    outcome = _run(store, project, standin.connection(api_key="sk-wrong-key-000000000000"))
    assert outcome.failed == 2 and outcome.checked == 0 and outcome.error
    checks = grounding.checks_for(store, ids)
    assert {checks[i].verdict for i in ids[:2]} == {"failed"}
    assert all(checks[i].reason for i in ids[:2])
    assert store.filtered_ids(project, ExampleFilter(only_unsupported=True)) == []


def test_curate_checks_the_filtered_answers_cost_first_and_shows_each_verdict(workspace, standin):
    project = _project_with_a_document(workspace)
    with Store(workspace) as store:
        ids = _rows(store, project)
    at = app_at("pages/3_Curate.py")
    at.session_state["lang"] = "ko"
    at.session_state[ui.SS_TYPED_KEY] = standin.api_key
    at.session_state[ui.SS_BASE_URL] = standin.base_url
    at.run()
    assert not at.exception
    go = at.button(key=W_CURATE_GROUNDING_GO)
    assert go.label == t("docreview.check_go", "ko", count=2) and not go.disabled
    assert any(c.value.startswith(t("spend.highest_cost", "ko", usd="")[:6]) for c in at.caption)
    assert not [r for r in standin.requests if r["path"] == "/v1/chat/completions"]  # nothing sent before the click
    go.click().run()
    assert not at.exception
    for job in runner.running_jobs(project):
        assert runner.wait(job, timeout=60)
    with Store(workspace) as store:
        assert {c.verdict for c in grounding.checks_for(store, ids).values()} == {"supported", "unsupported"}
    # Review the unsupported one: its verdict and reason are shown beside its passage.
    at.query_params["review"] = str(ids[1])
    at.toggle(key=W_CURATE_UNSUPPORTED).set_value(True).run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any(w.startswith(t("docreview.check_unsupported", "ko", model=MODEL, reason="")) for w in warnings)
    assert [p.proto.text for p in at.get("progress")] == [t("curate.review_reviewed", "ko", reviewed=0, total=1)]
    at.query_params["review"] = str(ids[0])
    at.toggle(key=W_CURATE_UNSUPPORTED).set_value(False).run()
    assert t("docreview.check_supported", "ko", model=MODEL) in [s.value for s in at.success]
    # Everything is checked now: the button has nothing left to do.
    assert at.button(key=W_CURATE_GROUNDING_GO).disabled


def test_no_check_panel_before_the_project_has_documents(workspace):
    with Store(workspace) as store:
        _rows(store, store.create_project("Manual"))
    at = app_at("pages/3_Curate.py").run()
    assert not at.exception
    assert W_CURATE_GROUNDING_GO not in [b.key for b in at.button]


def _project_with_a_document(workspace) -> int:
    with Store(workspace) as store:
        project = store.create_project("Manual")
        stored_documents.add_document(
            store,
            project,
            name="매뉴얼.pdf",
            kind="pdf",
            size_bytes=10,
            markdown=CHUNK,
            chunk_size=400,
            chunk_overlap=0,
            new_chunks=[stored_documents.NewChunk(0, "환불", CHUNK)],
        )
    return project


def test_the_rows_due_for_a_check_are_picked_in_sql(store):
    project = store.create_project("Manual")
    source = {EXTRA_SOURCE: SourceChunk("m.pdf", 0, "", CHUNK, chunk_id=1, document_id=1).to_json()}
    ids = store.add_examples(
        project,
        [
            NewExample("a", SUPPORTED, extra=source, document_id=1, chunk_id=1),
            NewExample("b", UNSUPPORTED, extra=source, document_id=1, chunk_id=1),
            NewExample("c", SUPPORTED, extra=source, document_id=1, chunk_id=1),
            NewExample("no answer yet", "", extra=source, document_id=1, chunk_id=1),
            NewExample("typed", "no source"),
        ],
    )
    due = ExampleFilter(needs_grounding_check=True)
    assert store.filtered_ids(project, due) == ids[:3]

    def check(example_id: int, verdict: str, answer: str) -> grounding.GroundingCheck:
        return grounding.GroundingCheck(example_id, verdict, "", MODEL, answer, "2026-11-29T00:00:00")

    grounding.save_checks(
        store,
        [
            check(ids[0], "supported", SUPPORTED),
            check(ids[1], "unsupported", "an older answer"),
            check(ids[2], "failed", SUPPORTED),
        ],
    )
    # Checked with its current answer: done. Checked an older answer, or the check failed: due again.
    assert store.filtered_ids(project, due) == ids[1:3]

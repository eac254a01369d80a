"""Questions from documents: saved chunk by chunk, a stopped run keeps what arrived, a second run asks only the
rest, and Batch mode (submit → poll → rows that keep their chunks; failures kept in plain words). Both engines."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable

import pytest

from core.dataset.documents import convert_document
from core.dataset.documents.sources import save_document, stored_sources
from core.workflows import batch, generation, grounded, job_keys, question_batch, runner, synthetic
from tests import document_fixtures as fx

MODEL = "gpt-4.1-mini-2025-04-14"
CHAT = "/v1/chat/completions"


def until(check: Callable[[], bool], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def stored_manual(store, name: str = "Manual") -> tuple[int, list[grounded.SourceChunk]]:
    project = store.create_project(name)
    converted = convert_document("카페 매뉴얼.md", fx.manual_markdown().encode("utf-8"))
    save_document(store, project, converted, 400, 0)
    return project, stored_sources(store, project)


def sent_passages(standin, since: int = 0) -> list[str]:
    """The chunk text of each question-writing request the stand-in answered (429s left out)."""
    found = []
    for request in standin.requests[since:]:
        if request["path"] == CHAT and request.get("status", 200) == 200:
            prompt = request["json"]["messages"][0]["content"]
            found.append(prompt.split('">\n', 1)[1].rsplit("\n</passage>", 1)[0])
    return found


def rows_by_chunk(store, project) -> dict[int, list]:
    found: dict[int, list] = {}
    for row in store.iter_examples(project):
        found.setdefault(grounded.source_of(row.extra).chunk_id, []).append(row)
    return found


def test_a_stopped_run_keeps_what_arrived_and_the_next_run_asks_only_the_rest(store, standin):
    project, chunks = stored_manual(store)
    assert len(chunks) >= 4
    connection = standin.connection()
    standin.configure(rpm=2)  # two chunks answer at once; the rest wait on the rate limit until stopped
    job = grounded.job_name(project, "s1")
    start = dict(style=grounded.STYLE_FACTS, per_chunk=2, lang="en", session_id="s1")
    assert grounded.start(store, project, connection, MODEL, chunks, **start)
    until(lambda: len(grounded.done_chunk_ids(store, project, grounded.STYLE_FACTS)) == 2, 30, "two chunks saved")
    grounded.stop(project, "s1")
    assert runner.wait(job, timeout=30)
    stopped = runner.outcome(job).result
    assert stopped.stopped and len(stopped.candidates) == 4
    kept = rows_by_chunk(store, project)
    assert len(kept) == 2 and all(len(rows) == 2 for rows in kept.values())
    for rows in kept.values():
        assert all(row.extra[grounded.EXTRA_STYLE] == grounded.STYLE_FACTS for row in rows)

    # Run again for the same chunks: the two done are left out, and the cost is only the rest's.
    standin.configure(rpm=None)
    remaining, done = grounded.still_to_ask(store, project, chunks, grounded.STYLE_FACTS)
    assert done == 2 and [c.chunk_id for c in remaining] == [c.chunk_id for c in chunks if c.chunk_id not in kept]
    every = grounded.highest_cost_usd(MODEL, chunks, grounded.STYLE_FACTS, 2)
    assert 0 < grounded.highest_cost_usd(MODEL, remaining, grounded.STYLE_FACTS, 2) < every
    before = len(standin.requests)
    assert grounded.start(store, project, connection, MODEL, chunks, **start)
    assert runner.wait(job, timeout=60)
    resumed = runner.outcome(job).result
    assert resumed.skipped == 2 and not resumed.stopped and resumed.failed == 0
    assert sorted(sent_passages(standin, before)) == sorted(c.text for c in remaining)
    written = rows_by_chunk(store, project)
    assert sorted(written) == sorted(c.chunk_id for c in chunks) and all(len(r) == 2 for r in written.values())

    # Another kind of question is not done yet for any chunk; rows in the trash don't count as done.
    assert grounded.still_to_ask(store, project, chunks, grounded.STYLE_HOW_TO)[1] == 0
    store.delete_examples([row.id for row in written[chunks[0].chunk_id]])
    assert chunks[0].chunk_id not in grounded.done_chunk_ids(store, project, grounded.STYLE_FACTS)


def test_each_chunk_is_saved_as_it_arrives_and_flagged_against_rows_saved_before_it(store, standin):
    project, chunks = stored_manual(store, "Dups")
    chunk = chunks[0]
    saved: list[list[int]] = []

    def save(source, flagged):
        ids = grounded.add_questions(store, project, [(source, c) for c in flagged], grounded.STYLE_FACTS)
        saved.append(ids)
        return ids

    # The same chunk twice: whichever reply comes second repeats the rows the first one saved.
    outcome = asyncio.run(
        grounded.write_questions(
            standin.connection(),
            MODEL,
            [chunk, chunk],
            style=grounded.STYLE_FACTS,
            per_chunk=2,
            existing=synthetic.existing_questions(store, project),
            save=save,
        )
    )
    assert [len(ids) for ids in saved] == [2, 2]
    assert [candidate.near_duplicate for _, candidate in outcome.candidates] == [False, False, True, True]
    first = {row_id: store.get_example(row_id).question for row_id in saved[0]}
    for row_id in saved[1]:
        row = store.get_example(row_id)
        assert synthetic.TAG_NEAR_DUPLICATE in row.tags
        # It points at the row saved moments before, by its id.
        assert row.extra["near_duplicate_of"] in first and row.extra["similar_question"] in first.values()


@pytest.fixture
def quick_polls(monkeypatch):
    monkeypatch.setattr(batch, "POLL_INTERVAL_S", 0.05)


def test_a_questions_batch_lands_as_rows_that_keep_their_chunks(store, standin, quick_polls):
    project, chunks = stored_manual(store, "Batch")
    connection = standin.connection()
    # One chunk already has questions of this kind: the batch leaves it out.
    grounded.add_questions(
        store, project, [(chunks[0], synthetic.Candidate("이미 있는 질문?"))], grounded.STYLE_CUSTOMER
    )
    live = grounded.highest_cost_usd(MODEL, chunks[1:], grounded.STYLE_CUSTOMER, 2)
    half = grounded.highest_cost_usd(MODEL, chunks[1:], grounded.STYLE_CUSTOMER, 2, batch=True)
    assert half == pytest.approx(live / 2)
    standin.configure(clock_speed=0.001)  # the batch waits at OpenAI until the clock is moved on
    run_id = question_batch.start(
        store, project, connection, MODEL, chunks, style=grounded.STYLE_CUSTOMER, per_chunk=2, lang="ko"
    )
    until(lambda: generation.get_run(store, run_id).external_id is not None, 30, "the batch submitted")
    # The third line of the batch fails at OpenAI: its chunk gets no questions and says why.
    standin.configure(batch_fail_custom_ids=[question_batch.custom_id(run_id, 2)])
    standin.advance(24 * 3600)
    assert runner.wait(batch.job_name(run_id), timeout=60)
    run = generation.get_run(store, run_id)
    assert (run.kind, run.mode, run.status) == (grounded.KIND_DOCUMENT_QUESTIONS, "batch", "completed")
    assert run.cost_usd > 0 and not [r for r in standin.requests if r["path"] == CHAT]  # nothing sent live

    uploaded = [r for r in standin.requests if r["path"] == "/v1/files"]
    assert len(uploaded) == 1
    written = rows_by_chunk(store, project)
    failed_chunk = chunks[1 + 2]
    assert sorted(written) == sorted(c.chunk_id for c in chunks if c is not failed_chunk)
    for chunk in chunks[1:]:
        rows = written.get(chunk.chunk_id, [])
        assert len(rows) == (0 if chunk is failed_chunk else 2)
        for row in rows:
            source = grounded.source_of(row.extra)
            assert source.text == chunk.text and source.document_id == chunk.document_id
            assert row.extra[grounded.EXTRA_STYLE] == grounded.STYLE_CUSTOMER and grounded.TAG_DOCUMENT in row.tags
    _, detail = batch.batch_state(store, run_id)
    assert detail[question_batch.DETAIL_QUESTIONS] == 2 * (len(chunks) - 2)
    assert detail[question_batch.DETAIL_CHUNKS_FAILED] == 1
    assert detail[question_batch.DETAIL_FIRST_STATUS] == 500 and detail[question_batch.DETAIL_FIRST_ERROR]
    # The failed chunk is not done: the next run asks only it.
    remaining, done = grounded.still_to_ask(store, project, chunks, grounded.STYLE_CUSTOMER)
    assert [c.chunk_id for c in remaining] == [failed_chunk.chunk_id] and done == len(chunks) - 1

    # The batch is recorded with the fingerprint of the key that started it, never the key.
    fingerprint = job_keys.fingerprint(store, connection.api_key)
    assert job_keys.access(store, generation.job_name(run_id), fingerprint) == job_keys.ACCESS_OWN
    assert job_keys.access(store, generation.job_name(run_id), "another") == job_keys.ACCESS_OTHER
    recorded = job_keys.get(store, generation.job_name(run_id))
    assert recorded.fingerprint == fingerprint and connection.api_key not in json.dumps(recorded.__dict__)


def test_a_questions_batch_that_cannot_be_submitted_is_kept_as_a_plain_failure(store, standin, quick_polls):
    project, chunks = stored_manual(store, "Quota")
    standin.fault("insufficient_quota", path_prefix="/batches", method="POST")
    run_id = question_batch.start(
        store, project, standin.connection(), MODEL, chunks, style=grounded.STYLE_HOW_TO, per_chunk=1, lang="en"
    )
    assert runner.wait(batch.job_name(run_id), timeout=30)
    run = question_batch.latest(store, project)
    assert run.id == run_id and run.status == generation.STATUS_FAILED
    problem = generation.problem_from_text(run.error)
    assert problem is not None and problem.kind == "no_quota"
    assert list(store.iter_examples(project)) == []
    # Nothing was written, so every chunk is still to ask.
    assert grounded.still_to_ask(store, project, chunks, grounded.STYLE_HOW_TO)[1] == 0


def test_a_question_batch_is_not_taken_for_an_answer_batch(store, standin, quick_polls):
    project, chunks = stored_manual(store, "Apart")
    standin.configure(clock_speed=0.001)  # the batch stays open
    run_id = question_batch.start(
        store, project, standin.connection(), MODEL, chunks, style=grounded.STYLE_FACTS, per_chunk=1, lang="en"
    )
    until(lambda: generation.get_run(store, run_id).external_id is not None, 30, "the batch submitted")
    assert generation.active_run(store, project) is None  # Generate isn't blocked by it
    assert question_batch.cancel(store, run_id, standin.connection())
    assert runner.wait(batch.job_name(run_id), timeout=30)
    assert generation.get_run(store, run_id).status == generation.STATUS_CANCELLED


def test_an_open_questions_batch_is_polled_again_after_a_restart_only_with_its_own_key(store, standin, quick_polls):
    project, chunks = stored_manual(store, "Restart")
    connection = standin.connection()
    standin.configure(clock_speed=0.001)  # the batch stays open at OpenAI
    run_id = question_batch.start(
        store, project, connection, MODEL, chunks, style=grounded.STYLE_FACTS, per_chunk=1, lang="en"
    )
    until(lambda: generation.get_run(store, run_id).external_id is not None, 30, "the batch submitted")
    # The server goes away: its poller ends, the run stays open in the store.
    runner.request_stop(batch.job_name(run_id))
    assert runner.wait(batch.job_name(run_id), timeout=30)
    assert generation.get_run(store, run_id).status == generation.STATUS_RUNNING
    other = connection.with_overrides(api_key="sk-someone-else")
    assert question_batch.resume_polling(store, project, other) == []
    assert batch.resume_polling(store, project, connection) == []  # the Generate page leaves it alone
    assert question_batch.resume_polling(store, project, connection) == [run_id]
    standin.advance(24 * 3600)
    assert runner.wait(batch.job_name(run_id), timeout=60)
    assert generation.get_run(store, run_id).status == generation.STATUS_COMPLETED
    assert sorted(rows_by_chunk(store, project)) == sorted(c.chunk_id for c in chunks)
    uploads = [r for r in standin.requests if r["path"] == "/v1/files"]
    assert len(uploads) == 1  # polled again, never submitted twice

"""Batch API mode against the stand-in: JSONL per row, submit once, poll, join by custom_id, resume polling."""

from __future__ import annotations

import asyncio
import json

import pytest

from core.dataset.sample import GENERATION_SYSTEM_PROMPT, create_sample_project
from core.providers.request_runner import chat_request_body, engine_client
from core.workflows import batch, generation, runner
from core.workflows.generation import GenSettings

SETTINGS = GenSettings(system_prompt=GENERATION_SYSTEM_PROMPT, mode=generation.MODE_BATCH, max_tokens=100)


@pytest.fixture
def batch_run(store):
    project = create_sample_project(store)
    ids = generation.target_ids(store, project, generation.SCOPE_MISSING)
    return project, ids, generation.create_run(store, project, SETTINGS, ids)


def run_job(store, run_id, standin, poll=0.05):
    async def main():
        client = engine_client(standin.connection())
        try:
            return await batch.submit_and_poll(
                store.path, run_id, standin.connection(), client=client, poll_interval_s=poll
            )
        finally:
            await client.close()

    return asyncio.run(main())


def test_jsonl_has_one_custom_id_per_row(store, batch_run):
    _project, ids, run_id = batch_run
    lines = [json.loads(line) for line in batch.batch_lines(store, run_id)]
    assert [batch.parse_custom_id(line["custom_id"]) for line in lines] == [(run_id, i, 0) for i in ids]
    assert all(line["url"] == "/v1/chat/completions" and line["method"] == "POST" for line in lines)
    assert lines[0]["body"]["messages"][0] == {"role": "system", "content": GENERATION_SYSTEM_PROMPT}
    assert batch.parse_custom_id("nonsense") is None
    # A Batch line asks exactly what a live request would.
    first = generation.pending_requests(store, run_id)[0]
    assert lines[0]["body"] == chat_request_body(first, first.model)
    assert lines[0]["body"]["max_tokens"] == SETTINGS.max_tokens


def test_batch_answers_every_row_at_half_price(store, batch_run, standin):
    project, ids, run_id = batch_run
    standin.configure(batch_fail_custom_ids=[batch.custom_id(run_id, ids[2], 0)])
    assert run_job(store, run_id, standin) == "completed"
    uploads = [r for r in standin.requests if r["path"] == "/v1/files"]
    creates = [r for r in standin.requests if r["path"] == "/v1/batches" and r["method"] == "POST"]
    assert len(uploads) == 1 and len(creates) == 1
    progress = generation.run_progress(store, run_id)
    assert (progress.status, progress.done, progress.failed) == ("completed", len(ids) - 1, 1)
    failed = store.get_example(ids[2])
    assert failed.answer == "" and failed.error
    answered = store.get_example(ids[0])
    assert answered.answer and store.answer_history(ids[0])[0].source == "generated"
    items = store.conn.execute(
        "SELECT prompt_tokens, completion_tokens, cost_usd FROM gen_items WHERE run_id = ? AND status = 'done'",
        (run_id,),
    ).fetchall()
    from core.pricing import chat_cost_usd

    assert all(
        r["cost_usd"] == pytest.approx(chat_cost_usd(SETTINGS.model, r["prompt_tokens"], r["completion_tokens"]) / 2)
        for r in items
    )
    status, counts = batch.batch_state(store, run_id)
    assert status == "completed" and counts["total"] == len(ids)


def test_submit_is_never_repeated_and_polling_resumes_after_restart(store, batch_run, standin, monkeypatch):
    monkeypatch.setattr(batch, "POLL_INTERVAL_S", 0.05)
    project, ids, run_id = batch_run
    standin.configure(clock_speed=0.001)  # the batch stays open: we are "restarted" while it runs

    async def submit_only():
        client = engine_client(standin.connection())
        try:
            first = await batch.submit(store, run_id, standin.connection(), client)
            # Lost the stored id (crash between create and write): the metadata finds the batch again.
            store.conn.execute("UPDATE gen_runs SET external_id = NULL WHERE id = ?", (run_id,))
            second = await batch.submit(store, run_id, standin.connection(), client)
            return first, second
        finally:
            await client.close()

    first, second = asyncio.run(submit_only())
    assert first == second
    assert len([r for r in standin.requests if r["path"] == "/v1/batches" and r["method"] == "POST"]) == 1
    # "Server restart": no job in this process; the first page visit restarts polling.
    assert not runner.is_running(batch.job_name(run_id))
    standin.configure(clock_speed=100_000)
    assert batch.resume_polling(store, project, standin.connection()) == [run_id]
    assert runner.wait(batch.job_name(run_id), 30)
    assert generation.run_progress(store, run_id).done == len(ids)


def test_join_ignores_foreign_lines_and_duplicates(store, batch_run):
    _project, ids, run_id = batch_run
    ok = {
        "custom_id": batch.custom_id(run_id, ids[0], 0),
        "response": {
            "status_code": 200,
            "body": {
                "choices": [{"message": {"role": "assistant", "content": "hello"}}],
                "usage": {"prompt_tokens": 3, "completion_tokens": 2},
            },
        },
    }
    foreign = {**ok, "custom_id": batch.custom_id(run_id + 99, ids[0], 0)}
    text = "\n".join(json.dumps(x) for x in (ok, ok, foreign)) + "\nnot json\n"
    counts = batch.join_results(store, run_id, text)
    assert (counts.answered, counts.failed, counts.ignored) == (1, 0, 2)
    assert len(store.answer_history(ids[0])) == 1

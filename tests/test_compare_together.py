"""Compare with Together: a finished Together fine-tune and its base model become contenders that answer
through Together's OpenAI-compatible chat endpoint with the Together key, never through the connection."""

from __future__ import annotations

from core.data.store import NewExample
from core.providers.client import PROVIDER_TOGETHER, ConnectionSettings, endpoint_address, make_async_client
from core.workflows import compare, finetune, runner
from core.workflows.finetune import together as tw

MODEL = "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference"
QUESTION = "질문 7: 임대료는?"


def _finished_together_job(store, together_standin):
    together_standin.configure(clock_speed=0)
    pid = store.create_project("compare on together", settings={"training_system_prompt": "카페 컨설턴트"})
    store.add_examples(
        pid, [NewExample(f"질문 {i}: 임대료는?", f"답변 {i}: 상권마다 다릅니다.", status="approved") for i in range(30)]
    )
    settings = together_standin.connection()
    request = finetune.LaunchRequest(finetune.METHOD_SUPERVISED, MODEL)
    row = finetune.begin_launch(store, pid, request, PROVIDER_TOGETHER)
    finetune.run_launch(store, settings, row.id, sleep=lambda _s: None)
    together_standin.advance(10_000)
    finetune.poll_project(store, settings, pid)
    return pid, finetune.get_job(store, row.id), settings


def test_the_finished_together_model_answers_in_compare_through_together(store, together_standin, standin):
    pid, row, together = _finished_together_job(store, together_standin)
    assert row.status == "succeeded"
    assert row.fine_tuned_model not in finetune.fine_tuned_models(store, pid)  # not on the connection's list
    assert [r.id for r in finetune.together_fine_tunes(store, pid)] == [row.id]
    assert compare.preselect_newest_fine_tune(store, pid) == [row.fine_tuned_model, MODEL]
    contenders = compare.saved_contenders(store, pid)
    assert [c.model for c in contenders] == [row.fine_tuned_model, MODEL]
    assert all(compare.is_together(c) for c in contenders)
    assert contenders[0].system_prompt == contenders[1].system_prompt == "카페 컨설턴트"
    session = standin.connection()  # the OpenAI connection: must not be used for models on Together
    runs = [(compare.connection_for(c, session, {}, together), c) for c in contenders]
    assert all(settings is together for settings, _ in runs)
    together_standin.clear_requests()
    name = compare.adhoc_job_name("together-test")
    assert compare.start_adhoc(name, runs, QUESTION)
    assert runner.wait(name, timeout=20)
    answers = compare.adhoc_answers(name)
    assert [a.error for a in answers] == [None, None]
    assert answers[0].text == "답변 7: 상권마다 다릅니다."  # the fine-tune says what it was trained on
    assert answers[1].text != answers[0].text
    assert standin.requests == []
    assert {r["api_path"] for r in together_standin.requests} == {"/chat/completions"}
    assert all(r["headers"]["authorization"] == f"Bearer {together_standin.api_key}" for r in together_standin.requests)
    compare.forget_adhoc(name)


def test_without_a_together_connection_a_together_contender_carries_no_key(store, together_standin):
    pid, row, _ = _finished_together_job(store, together_standin)
    [contender] = compare.add_together_contenders(store, pid, [(str(row.fine_tuned_model), True)])
    owners_openai = ConnectionSettings(api_key="sk-openai-owner", key_bound_to="openai:https://api.openai.com/v1")
    settings = compare.connection_for(contender, owners_openai, {})  # no Together connection this session
    assert settings.provider == PROVIDER_TOGETHER and not settings.has_key  # the OpenAI key never goes along


def test_together_chat_never_falls_back_to_openais_address(monkeypatch, together_standin):
    monkeypatch.delenv("TOGETHER_BASE_URL", raising=False)
    settings = together_standin.connection(base_url=None)
    assert str(make_async_client(settings).base_url).startswith("https://api.together.xyz/v1")
    assert endpoint_address(settings) == "together:https://api.together.xyz/v1"


def test_a_full_fine_tune_is_served_only_from_a_dedicated_endpoint(store, together_standin):
    pid, row, together = _finished_together_job(store, together_standin)
    assert tw.needs_dedicated_endpoint(row, together) is False  # LoRA on a model Together serves per token
    row.settings["hyperparameters"] = {"training_type": "full"}
    assert tw.needs_dedicated_endpoint(row, together) is True
    row.settings["hyperparameters"] = {}
    row.base_model = "meta-llama/Llama-3.3-70B-Instruct-Reference"  # Together merges its LoRA: dedicated only
    assert tw.needs_dedicated_endpoint(row, together) is True

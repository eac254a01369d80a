"""AppTest for the generation actions in Curate's one-example editor: regenerate, repair, pick a variant."""

from __future__ import annotations

import time

import pytest

from core import ui
from core.data.store import Store
from core.dataset.sample import create_sample_project
from core.providers.request_runner import ChatResult
from core.workflows import generation, runner
from core.workflows.generation import GenSettings
from tests.conftest import app_at

PAGE = "pages/3_Curate.py"
SS_OPEN = "curate_open_example"


@pytest.fixture
def opened(workspace):
    with Store(workspace) as store:
        project = create_sample_project(store)
        example_id = generation.target_ids(store, project, generation.SCOPE_ALL)[0]
        store.update_example(example_id, answer="old answer", source="edit")
    return project, example_id


def curate_at(standin, example_id):
    at = app_at(PAGE)
    at.session_state[ui.SS_TYPED_KEY] = standin.api_key
    at.session_state[ui.SS_BASE_URL] = standin.base_url
    at.session_state[SS_OPEN] = example_id
    return at


def wait_for_runs(timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while runner.running_jobs() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_regenerate_keeps_the_old_answer_in_history(opened, standin, workspace):
    project, example_id = opened
    at = curate_at(standin, example_id).run()
    assert not at.exception
    at.button(key=f"gen_regen_{example_id}").click().run()
    wait_for_runs()
    at.run()
    assert not at.exception
    with Store(workspace) as store:
        history = store.answer_history(example_id)
        assert [v.answer for v in history][0] == "old answer"
        assert history[-1].source == "generated" and store.get_example(example_id).answer != "old answer"
        # The Generate page's own latest run is not replaced by this one-row run.
        assert generation.latest_run(store, project) is None


def test_repair_sends_the_instruction_and_records_a_repair(opened, standin, workspace):
    project, example_id = opened
    at = curate_at(standin, example_id).run()
    assert at.button(key=f"gen_repair_{example_id}").disabled  # nothing typed yet
    at.text_input(key=f"_w_gen_repair_{example_id}").input("더 짧고 친절하게").run()
    at.button(key=f"gen_repair_{example_id}").click().run()
    wait_for_runs()
    sent = [r["json"]["messages"] for r in standin.requests if r["path"] == "/v1/chat/completions"]
    assert sent and sent[-1][-2] == {"role": "assistant", "content": "old answer"}
    assert "더 짧고 친절하게" in sent[-1][-1]["content"]
    with Store(workspace) as store:
        assert store.answer_history(example_id)[-1].source == "repair"


def test_pick_a_variant(opened, standin, workspace):
    project, example_id = opened
    settings = GenSettings(variants=2)
    with Store(workspace) as store:
        run_id = generation.create_run(store, project, settings, [example_id])
        for variant, text in enumerate(("variant A", "variant B")):
            generation.record_result(store, run_id, settings, ChatResult(key=f"{example_id}:{variant}", text=text))
        second = store.list_variants(example_id)[1]["id"]
    at = curate_at(standin, example_id).run()
    at.button(key=f"gen_pick_{second}").click().run()
    assert not at.exception
    with Store(workspace) as store:
        assert store.get_example(example_id).answer == "variant B"
        assert [v["chosen"] for v in store.list_variants(example_id)] == [0, 1]

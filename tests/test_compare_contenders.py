"""Contenders: their prompts, prices and keys, the picks, and the newest fine-tune preselected."""

from __future__ import annotations

import pytest

from core.data.store import Store
from core.pricing import chat_cost_usd, model_info
from core.providers.client import ConnectionSettings
from core.workflows import compare
from tests import compare_helpers
from tests.compare_helpers import BASE, FINE_TUNED, contenders_of
from tests.interleave import teammate_after
from tests.workspace_text import workspace_text

project = compare_helpers.project  # the shared fixture: a project with six tagged questions


def test_contenders_get_their_own_prompt_and_price(store, project):
    base, tuned = contenders_of(store, project)
    assert base.system_prompt == "LONG generation prompt" and tuned.system_prompt == "short prompt"
    info = model_info(BASE)
    assert (base.input_price_per_1m, base.output_price_per_1m) == (info.input_price_per_1m, info.output_price_per_1m)
    assert (tuned.input_price_per_1m, tuned.output_price_per_1m) == (
        info.ft_input_price_per_1m,
        info.ft_output_price_per_1m,
    )
    assert compare.kind_of_model(FINE_TUNED + ":ckpt-step-88") == compare.KIND_CHECKPOINT
    custom = compare.make_contender(
        store, project, "llama3", kind=compare.KIND_CUSTOM, base_url="http://vllm.local/v1", endpoint_id="e1"
    )
    assert custom.input_price_per_1m is None
    assert chat_cost_usd(custom.prices, 100, 100) is None
    session = ConnectionSettings(api_key="sk-main")
    assert compare.connection_for(base, session, {"e1": "sk-other"}) is session
    own = compare.connection_for(custom, session, {"e1": "sk-other"})
    assert own.api_key == "sk-other" and own.base_url == "http://vllm.local/v1"


def test_custom_endpoint_keys_are_never_stored(store, project):
    custom = compare.make_contender(
        store, project, "llama3", kind=compare.KIND_CUSTOM, base_url="http://vllm.local/v1", endpoint_id="e1"
    )
    items = compare.items_from_examples(store.iter_examples(project))
    compare.create_comparison(store, project, "c", [contenders_of(store, project)[0], custom], items)
    assert "sk-" not in workspace_text(store)


# ---------------------------------------------------- finished fine-tunes are preselected
def _finished_job(store, project_id, base, model, status="succeeded"):
    from core.workflows import finetune

    row = finetune.begin_launch(
        store, project_id, finetune.LaunchRequest(finetune.METHOD_SUPERVISED, base, {}), "openai"
    )
    with store.tx() as conn:
        conn.execute("UPDATE ft_jobs SET status = ?, fine_tuned_model = ? WHERE id = ?", (status, model, row.id))


def test_the_newest_finished_fine_tune_is_picked_against_its_base_with_the_training_prompt(store, project):
    assert compare.preselect_newest_fine_tune(store, project) is None  # no fine-tune yet: nothing picked
    assert compare.saved_contenders(store, project) == []
    _finished_job(store, project, BASE, FINE_TUNED)
    _finished_job(store, project, "gpt-4.1-mini-2025-04-14", None, status="failed")  # newer, but no model
    assert compare.preselect_newest_fine_tune(store, project) == [FINE_TUNED, BASE]
    tuned, base = compare.saved_contenders(store, project)
    assert (tuned.model, tuned.kind, base.model, base.kind) == (
        FINE_TUNED,
        compare.KIND_FINE_TUNED,
        BASE,
        compare.KIND_BASE,
    )
    assert tuned.system_prompt == base.system_prompt == "short prompt"
    # Once: the user's own picks are left alone afterwards, even an empty picker.
    compare.choose_models(store, project, [])
    assert compare.preselect_newest_fine_tune(store, project) is None
    assert compare.saved_contenders(store, project) == []


def test_a_newer_fine_tune_replaces_an_untouched_preselection_but_not_the_users_picks(store, project):
    _finished_job(store, project, BASE, FINE_TUNED)
    compare.preselect_newest_fine_tune(store, project)
    newer = "ft:gpt-4o-mini-2024-07-18:acme:cafe:def456"
    _finished_job(store, project, BASE, newer)
    assert compare.preselect_newest_fine_tune(store, project) == [newer, BASE]
    compare.choose_models(store, project, [newer, BASE, "gpt-4.1-nano-2025-04-14"])
    _finished_job(store, project, BASE, "ft:gpt-4o-mini-2024-07-18:acme:cafe:ghi789")
    assert compare.preselect_newest_fine_tune(store, project) is None
    assert len(compare.saved_contenders(store, project)) == 3


# ---------------------------------------------------- two visitors at once
def _teammate_sets_prompt(location, project_id, uid, prompt):
    """Another visitor's edit, on their own connection to the same workspace."""

    def edit():
        with Store(location) as other:
            compare.edit_contender(other, project_id, uid, system_prompt=prompt)

    return edit


NANO = "gpt-4.1-nano-2025-04-14"
MINI = "gpt-4.1-mini-2025-04-14"
MY_CHANGES = {
    "edit": lambda store, project: compare.edit_contender(store, project, NANO, label="mine"),
    "choose": lambda store, project: compare.choose_models(store, project, [BASE, NANO, MINI]),
    "add_custom": lambda store, project: compare.add_custom_contender(
        store, project, "llama3", "http://localhost:1/v1"
    ),
    "remove": lambda store, project: compare.remove_contender(store, project, "ep-none"),
}


@pytest.mark.parametrize("mine", list(MY_CHANGES))
def test_a_teammates_edit_between_my_read_and_my_write_is_kept(store, project, mine):
    compare.choose_models(store, project, [BASE, NANO])
    theirs = _teammate_sets_prompt(store.path, project, BASE, "theirs")
    with teammate_after(store.engine, "FROM project_settings", theirs, compare.SETTING_CONTENDERS) as teammate:
        MY_CHANGES[mine](store, project)
    assert teammate.held_back  # it came between my read and my write, and waited for my lock
    with Store(store.path) as fresh:
        picks = {c.model: c for c in compare.saved_contenders(fresh, project)}
    assert picks[BASE].system_prompt == "theirs"  # theirs is not undone by mine …
    assert {
        "edit": picks[NANO].label == "mine",
        "choose": MINI in picks,
        "remove": len(picks) == 2,
        "add_custom": "llama3" in picks,
    }[mine]  # … and mine is there too


def test_a_preselection_and_a_teammates_pick_do_not_undo_each_other(store, project):
    _finished_job(store, project, BASE, FINE_TUNED)

    def teammate_picks():
        with Store(store.path) as other:
            compare.choose_models(other, project, [NANO])

    with teammate_after(store.engine, "FROM project_settings", teammate_picks, compare.SETTING_CONTENDERS) as teammate:
        preselected = compare.preselect_newest_fine_tune(store, project)
    assert teammate.held_back
    with Store(store.path) as fresh:
        picked = [c.model for c in compare.saved_contenders(fresh, project)]
    # Either order is fine; what is not: a pick that is silently lost.
    assert picked == [NANO] and preselected == [FINE_TUNED, BASE]

"""The Fine-tune page with Together AI (AppTest on the Together stand-in): the key rules, the base models
and their limits, Together's price shown before the launch button, the one spend gate, and the launch."""

from __future__ import annotations

import pytest

from core.data.store import NewExample
from core.i18n import t
from core.providers.client import (
    PROVIDER_TOGETHER,
    ConnectionSettings,
    KeyBoundElsewhere,
    endpoint_address,
    make_together_client,
)
from core.ui.state import (
    SS_TOGETHER_TYPED_KEY,
    SS_VISITOR_SESSION,
    W_FINETUNE_PROVIDER,
    W_TOGETHER_LAUNCH,
    W_TOGETHER_QUOTE,
)
from core.workflows import finetune, job_keys, runner
from core.workflows.finetune import together as tw
from tests.conftest import app_at
from tests.workspace_text import workspace_text

PAGE = "pages/5_Finetune.py"
TYPED = "tgp_v1_typed-by-the-visitor-4242"
FULL_TRAINABLE = "Qwen/Qwen3-8B"  # a stand-in base model Together can also train fully


@pytest.fixture
def project_id(store):
    pid = store.create_project("together page")
    store.add_examples(pid, [NewExample(f"질문 {i}?", f"답변 {i}.", status="approved") for i in range(30)])
    return pid


@pytest.fixture
def together_env(monkeypatch, together_standin):
    together_standin.configure(clock_speed=0)
    monkeypatch.setenv("TOGETHER_BASE_URL", together_standin.base_url)
    monkeypatch.delenv("TOGETHER_API_KEY", raising=False)
    monkeypatch.setenv(finetune.POLL_INTERVAL_ENV, "0.05")
    return together_standin


def _open(threshold: float = 100.0, typed: str | None = TYPED):
    at = app_at(PAGE)
    at.secrets["spend_confirm_threshold_usd"] = threshold
    if typed:
        at.session_state[SS_TOGETHER_TYPED_KEY] = typed
    at.run()
    at.segmented_control(key=W_FINETUNE_PROVIDER).set_value("together").run()
    return at


def _texts(at) -> str:
    return " ".join(str(e.value) for e in [*at.markdown, *at.info, *at.caption, *at.warning, *at.error, *at.success])


def test_without_a_together_key_the_form_says_where_to_type_one(store, project_id, together_env):
    at = _open(typed=None)
    assert not at.exception
    assert t("together.need_key", "en") in _texts(at)
    assert together_env.requests == []


def test_price_first_then_the_launch_through_the_spend_gate(store, project_id, together_env):
    at = _open()
    assert not at.exception
    assert [b for b in at.button if b.key == W_TOGETHER_LAUNCH] == []  # no launch before Together's price
    assert t("together.quote_first", "en") in _texts(at)
    assert not any(r["method"] == "POST" and r["api_path"] == "/fine-tunes" for r in together_env.requests)
    at.button(key=W_TOGETHER_QUOTE).click().run()
    quote = next(r for r in together_env.requests if r.get("api_path") == "/fine-tunes/estimate-price")
    usd = together_env.world.estimate(quote["json"])["estimated_total_price"]
    assert f"${usd:,.4f}" in _texts(at)
    at.button(key=W_TOGETHER_LAUNCH).click().run()
    assert not at.exception
    [row] = finetune.list_project_jobs(store, project_id)
    assert row.provider == PROVIDER_TOGETHER and row.method == finetune.METHOD_SUPERVISED
    assert runner.wait(finetune.launch_worker_name(row.id), timeout=20)
    fingerprint = job_keys.fingerprint(store, TYPED)
    assert finetune.get_job(store, row.id).job_id in together_env.world.together_jobs
    assert job_keys.may_control(store, finetune.job_key_name(row.id), fingerprint)  # the key that started it
    together_env.advance(10_000)  # the job ends, so the monitor ends too
    assert runner.wait(finetune.monitor_name(project_id, fingerprint), timeout=20)
    assert finetune.get_job(store, row.id).status == "succeeded"
    assert TYPED not in workspace_text(store)  # the key itself is never stored


def test_a_changed_choice_needs_a_new_price(store, project_id, together_env):
    at = _open()
    at.button(key=W_TOGETHER_QUOTE).click().run()
    assert [b for b in at.button if b.key == W_TOGETHER_LAUNCH]
    at.text_input(key="ft_w_together_hp_n_epochs").set_value("3").run()
    assert t("together.quote_stale", "en") in _texts(at)
    assert [b for b in at.button if b.key == W_TOGETHER_LAUNCH] == []


def test_above_the_threshold_the_price_must_be_confirmed(store, project_id, together_env):
    at = _open(threshold=0.0)
    at.button(key=W_TOGETHER_QUOTE).click().run()
    assert at.button(key=W_TOGETHER_LAUNCH).disabled  # the consent box comes first
    [box] = [c for c in at.checkbox if c.key.startswith(W_TOGETHER_LAUNCH + "_confirm")]
    box.check().run()
    at.button(key=W_TOGETHER_LAUNCH).click().run()
    [row] = finetune.list_project_jobs(store, project_id)
    assert runner.wait(finetune.launch_worker_name(row.id), timeout=20)
    together_env.advance(10_000)
    assert runner.wait(finetune.monitor_name(project_id, job_keys.fingerprint(store, TYPED)), timeout=20)


def test_the_connection_test_lists_the_base_models_and_their_limits(store, project_id, together_env):
    at = _open()
    at.button(key="ft_w_together_test").click().run()
    assert t("together.test_ok", "en", count=4) in _texts(at)
    [table] = [d for d in at.dataframe if t("together.col.rank", "en") in d.value.columns]
    assert "Qwen/Qwen3-8B" in list(table.value[t("together.col.model", "en")])


def test_the_owner_key_goes_only_to_the_owners_together_endpoint(together_standin):
    owner = ConnectionSettings(provider=PROVIDER_TOGETHER, api_key="tgp_owner", base_url=together_standin.base_url)
    bound = owner.with_overrides(key_bound_to=endpoint_address(owner))
    make_together_client(bound)  # its own endpoint: fine
    with pytest.raises(KeyBoundElsewhere):
        make_together_client(bound.with_overrides(base_url="https://elsewhere.example/v1"))
    # "/v1" or not, it is the same endpoint (Together's SDK writes /v1 itself).
    assert endpoint_address(owner) == endpoint_address(owner.with_overrides(base_url=together_standin.root_url))


def test_the_owner_key_from_the_environment_is_locked_by_the_app_password(store, project_id, together_env, monkeypatch):
    monkeypatch.setenv("TOGETHER_API_KEY", "tgp_owner_env_key")
    own = store.create_project("a visitor's own", owner_session="visitor-1")  # not read-only for its visitor
    store.add_examples(own, [NewExample(f"q {i}?", f"a {i}.", status="approved") for i in range(12)])
    at = app_at(PAGE)
    at.secrets["app_password"] = "open sesame"
    at.session_state[SS_VISITOR_SESSION] = "visitor-1"
    at.query_params["project"] = str(own)
    at.run()
    at.segmented_control(key=W_FINETUNE_PROVIDER).set_value("together").run()
    assert t("together.locked", "en") in _texts(at)
    assert together_env.requests == []


def test_hyperparameter_boxes_read_together_defaults_and_refuse_words():
    request, bad = tw.read_request(
        finetune.METHOD_DPO,
        "m",
        "lora",
        {"n_epochs": "", "batch_size": "max", "lora_r": "auto", "dpo_beta": "0.3", "learning_rate": "fast"},
        "v1",
        "7",
        True,
    )
    assert bad == ["learning_rate"]
    chosen = request.method_payload()["dpo"]["hyperparameters"]
    assert chosen["n_epochs"] == 1 and chosen["dpo_beta"] == 0.3 and "lora_r" not in chosen  # auto: the model's own
    assert chosen["batch_size"] == "max" and request.seed == 7


def _finished_job(store, project_id, together_env, **hyperparameters):
    request = finetune.LaunchRequest(finetune.METHOD_SUPERVISED, FULL_TRAINABLE, hyperparameters)
    row = finetune.begin_launch(store, project_id, request, PROVIDER_TOGETHER)
    settings = together_env.connection()
    finetune.run_launch(store, settings, row.id, sleep=lambda _s: None)
    together_env.advance(10_000)
    finetune.poll_project(store, settings, project_id)
    return finetune.get_job(store, row.id)


def test_compare_says_a_dedicated_endpoint_before_anything_is_asked(store, project_id, together_env):
    row = _finished_job(store, project_id, together_env, training_type="full")
    assert row.status == "succeeded"
    at = app_at("pages/6_Compare.py")
    at.session_state[SS_TOGETHER_TYPED_KEY] = TYPED
    at.run()
    assert not at.exception
    notice = t("together.dedicated_notice", "en", model=row.fine_tuned_model)
    assert notice in [w.value for w in at.warning]
    assert not any(r.get("api_path") == "/chat/completions" for r in together_env.requests)  # nothing asked yet


def test_compare_asks_for_a_together_key_for_models_on_together(store, project_id, together_env):
    _finished_job(store, project_id, together_env)
    at = app_at("pages/6_Compare.py").run()
    assert not at.exception
    assert t("compare_together.need_key", "en") in [i.value for i in at.info]

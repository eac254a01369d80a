"""The Fine-tune page in AppTest: preview and cost, confirmation gate, launch, refusal, jobs and charts."""

from __future__ import annotations

import pytest

from core.data.store import NewExample
from core.i18n import t
from core.providers import api_errors
from core.providers.finetuning import registry as finetune_providers
from core.providers.finetuning.openai import OpenAIFineTuning
from core.workflows import finetune, finetune_view, job_keys, runner
from tests.conftest import app_at
from tests.fake_finetune import FakeFineTuning

PAGE = "pages/5_Finetune.py"


@pytest.fixture
def fake(monkeypatch):
    api = FakeFineTuning()
    monkeypatch.setattr(finetune_providers, "make_client", api.client)
    # The monitor reads its interval when it starts: a short one keeps the tests from waiting on it.
    monkeypatch.setenv(finetune.POLL_INTERVAL_ENV, "0.05")
    return api


@pytest.fixture
def project_id(store):
    pid = store.create_project("ft page", settings={"training_system_prompt": "You are a café adviser."})
    store.add_examples(pid, [NewExample(f"Question {i}?", f"Answer number {i}.", status="approved") for i in range(12)])
    return pid


def _open(key: str | None = "sk-test-page-9999"):
    at = app_at(PAGE)
    # A threshold of $0 makes even this small training job ask for the confirmation first.
    at.secrets["spend_confirm_threshold_usd"] = 0.0
    if key:
        at.session_state["typed_api_key"] = key
        at.session_state["conn_base_url"] = "http://fake/v1"
    return at.run()


def consent(at):
    """The cost-consent box of the launch form (its key carries the estimate's fingerprint)."""
    [box] = [c for c in at.checkbox if c.key.startswith("ft_w_launch_confirm@")]
    return box


def _texts(at) -> str:
    return " ".join(str(e.value) for e in [*at.markdown, *at.info, *at.caption, *at.warning, *at.error, *at.success])


def test_preview_and_cost_show_and_launch_waits_for_confirmation(store, project_id, fake):
    at = _open()
    assert not at.exception
    assert t("plan.upload_train_only", "en", train=12, unit=t("plan.unit.supervised", "en")) in _texts(at)
    assert t("plan.why.small_dataset", "en", threshold=20, total=12) in _texts(at)
    assert "Estimated training cost" in _texts(at)
    launch = at.button(key="ft_w_launch")
    assert launch.disabled  # nothing is spent before the confirmation
    consent(at).check().run()
    assert not at.button(key="ft_w_launch").disabled
    at.button(key="ft_w_launch").click().run()
    assert not at.exception
    [row] = finetune.list_project_jobs(store, project_id)
    assert runner.wait(finetune.launch_worker_name(row.id), timeout=20)
    monitor = finetune.monitor_name(project_id, job_keys.fingerprint(store, "sk-test-page-9999"))
    assert runner.wait(monitor, timeout=20)
    done = finetune.get_job(store, row.id)
    assert done.status == "succeeded" and len(fake.creates()) == 1
    assert "sk-test-page" not in str(done.settings) + str(done.lineage)
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    assert done.fine_tuned_model in table.to_string()
    assert at.get("plotly_chart"), "the loss chart is drawn"
    assert done.fine_tuned_model in finetune.fine_tuned_models(store, project_id)


def test_bad_hyperparameter_is_explained_and_blocks_launch(store, project_id, fake):
    at = _open()
    at.text_input(key="ft_w_hp_n_epochs").set_value("two").run()
    assert t("finetune.hp_invalid", "en", name=t("finetune.hp.n_epochs", "en")) in _texts(at)
    consent(at).check().run()
    assert at.button(key="ft_w_launch").disabled


def test_refusal_shows_the_explanation_and_alternatives(store, project_id, fake):
    fake.create_faults = ["403"]
    row = finetune.begin_launch(
        store, project_id, finetune.LaunchRequest("supervised", "gpt-4.1-mini-2025-04-14"), "openai"
    )
    refused = finetune.run_launch(store, finetune_settings(), row.id, sleep=lambda _s: None)
    at = _open()
    assert not at.exception
    assert api_errors.explain(refused.problem, "en") in [w.value for w in at.warning]
    assert t("finetune.alternatives", "en") in _texts(at)
    links = {link.label for link in at.get("page_link")}
    assert t("finetune.alt_azure", "en") in links and t("finetune.alt_compare", "en") in links


def test_without_a_key_the_page_still_previews_and_asks_for_one(store, project_id, fake):
    at = _open(key=None)
    assert not at.exception
    assert t("finetune.need_key", "en") in _texts(at)
    assert fake.requests == []


def test_dpo_preview_counts_pairs_and_left_out(store, project_id, fake):
    for example in list(store.iter_examples(project_id))[:4]:
        store.update_example(example.id, answer=example.answer + " Reviewed: with rent, staff and margins.")
    at = _open()
    at.segmented_control(key="ft_w_method").set_value("dpo").run()
    assert not at.exception
    texts = _texts(at)
    # 4 edited examples make pairs; the 8 untouched ones have no second answer and are left out.
    preview = finetune_view.launch_preview(store, project_id, "dpo", "gpt-4.1-mini-2025-04-14")
    assert preview.train_count + preview.valid_count == 4 and preview.left_out == 8
    # Four pairs are under OpenAI's minimum of ten: the page says so and what to do, and offers no launch.
    assert preview.blocked and preview.train_count == 4
    assert t(
        "plan.blocked",
        "en",
        method=t("finetune.method.dpo", "en"),
        provider="OpenAI",
        minimum=10,
        unit=t("plan.unit.dpo", "en"),
        count=4,
    ) in [e.value for e in at.error]
    assert t("plan.fix.dpo", "en", missing=6) in texts
    assert t("finetune.dpo_left_out", "en", count=8) in texts
    assert "ft_w_launch" not in [b.key for b in at.button]  # no way to send a file the provider refuses
    assert t("finetune.hp.beta", "en") in [w.label for w in at.text_input]


def test_korean_page_is_korean(store, project_id, fake):
    at = app_at(PAGE)
    at.session_state["lang"] = "ko"
    at.run()
    assert not at.exception
    assert at.title[0].value == t("nav.finetune", "ko")
    assert t("finetune.need_key", "ko") in _texts(at)


def finetune_settings():
    from core.providers.client import ConnectionSettings

    return ConnectionSettings(api_key="sk-test-page-9999", base_url="http://fake/v1")


def test_preflight_without_access_shows_its_verdict_and_its_models_are_offered(store, project_id, fake):
    from core.providers.connection import ACCESS_NO, ConnectionCheck, ModelOffer, Preflight

    preflight = Preflight(
        access=ACCESS_NO,
        check=ConnectionCheck(ok=True, models=("gpt-4o-mini-2024-07-18",)),
        offered=(ModelOffer("gpt-4o-mini-2024-07-18", True, None, None),),
    )
    at = app_at(PAGE)
    at.session_state["settings_preflight"] = (preflight, "2026-11-25 09:00")
    at.run()
    assert not at.exception
    assert preflight.verdict("en") in [w.value for w in at.warning]
    assert t("finetune.alternatives", "en") in _texts(at)
    assert at.selectbox(key="ft_w_model").options == ["gpt-4o-mini-2024-07-18"]


def _finished_job(store, project_id, fake):
    row = finetune.begin_launch(
        store, project_id, finetune.LaunchRequest("supervised", "gpt-4.1-mini-2025-04-14"), "openai"
    )
    finetune.run_launch(store, finetune_settings(), row.id, sleep=lambda _s: None)
    for _ in range(fake.total_steps + 1):
        if finetune.poll_project(store, finetune_settings(), project_id):
            break
    return finetune.get_job(store, row.id)


def test_a_new_launch_is_shown_on_the_charts_and_in_the_detail(store, project_id, fake):
    first = _finished_job(store, project_id, fake)
    at = _open()
    assert at.multiselect(key="ft_w_chart_jobs").value == [first.id]
    assert at.selectbox(key="ft_w_detail").value == first.id
    # The checkpoint picker starts on the best checkpoint (lowest validation loss: the fake's last), not the first.
    [picker] = [box for box in at.selectbox if str(box.key).startswith(f"ft_w_ckpt_{first.id}")]
    assert picker.value.endswith("ckpt-step-3")
    consent(at).check().run()
    at.button(key="ft_w_launch").click().run()
    second = max(finetune.list_project_jobs(store, project_id), key=lambda r: r.id)
    assert second.id != first.id
    assert at.selectbox(key="ft_w_detail").value == second.id  # at once, before it has a job id
    assert runner.wait(finetune.launch_worker_name(second.id), timeout=20)
    assert runner.wait(finetune.monitor_name(project_id, job_keys.fingerprint(store, "sk-test-page-9999")), timeout=20)
    at.run()
    assert not at.exception
    assert at.multiselect(key="ft_w_chart_jobs").value == [second.id]  # on the charts once it has an id
    assert at.selectbox(key="ft_w_detail").value == second.id
    at.multiselect(key="ft_w_chart_jobs").set_value([first.id, second.id]).run()
    assert at.multiselect(key="ft_w_chart_jobs").value == [first.id, second.id]  # the user's picks win afterwards


def test_a_failed_job_without_metrics_points_to_its_error_instead_of_waiting(store, project_id, fake):
    row = finetune.begin_launch(
        store, project_id, finetune.LaunchRequest("supervised", "gpt-4.1-mini-2025-04-14"), "openai"
    )
    row = finetune.run_launch(store, finetune_settings(), row.id, sleep=lambda _s: None)
    fake.jobs[row.job_id].update(
        status="failed",
        error={"code": "invalid_n_examples", "param": "training_file", "message": "Training file has 9 example(s)."},
    )
    failed = finetune.poll_job(store, OpenAIFineTuning(fake.client(finetune_settings())), row)
    at = app_at(PAGE)
    at.session_state["typed_api_key"] = "sk-test-page-9999"
    at.session_state["lang"] = "ko"
    at.run()
    assert not at.exception
    texts = _texts(at)
    assert t("finetune_view.chart_failed", "ko", job=finetune_view.job_label(failed)) in texts
    assert t("finetune.chart_waiting", "ko") not in texts
    assert t("provider_messages.error.invalid_n_examples", "ko") in texts and "Training file has 9" in texts


def test_the_checkpoint_picker_follows_a_better_checkpoint_while_the_job_runs(store, project_id, fake):
    row = finetune.begin_launch(
        store, project_id, finetune.LaunchRequest("supervised", "gpt-4.1-mini-2025-04-14"), "openai"
    )
    row = finetune.run_launch(store, finetune_settings(), row.id, sleep=lambda _s: None)
    client = OpenAIFineTuning(fake.client(finetune_settings()))
    for _ in range(2):
        row = finetune.poll_job(store, client, row)
    assert row.status == "running"
    at = _open(key=None)  # no key: no monitor thread moves the job on behind the test's back

    def picker():
        [box] = [box for box in at.selectbox if str(box.key).startswith(f"ft_w_ckpt_{row.id}")]
        return box.value

    assert picker().endswith("ckpt-step-2")
    finetune.poll_job(store, client, row)  # step 3 arrives, with a lower validation loss
    at.run()
    assert picker().endswith("ckpt-step-3")


def test_consent_is_used_up_by_a_launch_and_belongs_to_one_estimate(store, project_id, fake):
    at = _open()
    consent(at).check().run()
    assert consent(at).value and not at.button(key="ft_w_launch").disabled
    at.text_input(key="ft_w_hp_n_epochs").input("5").run()  # a different estimate: the tick doesn't carry over
    assert not consent(at).value and at.button(key="ft_w_launch").disabled
    consent(at).check().run()
    at.button(key="ft_w_launch").click().run()
    [row] = finetune.list_project_jobs(store, project_id)
    assert runner.wait(finetune.launch_worker_name(row.id), timeout=20)
    assert runner.wait(finetune.monitor_name(project_id, job_keys.fingerprint(store, "sk-test-page-9999")), timeout=20)
    at.run()
    assert not at.exception
    assert not consent(at).value  # a second launch needs a fresh tick
    assert at.button(key="ft_w_launch").disabled

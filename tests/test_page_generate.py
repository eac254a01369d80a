"""AppTest for the Generate page: no key, settings saved at once, cost confirmation, run, resume, errors."""

from __future__ import annotations

import time

import pytest

from core import ui
from core.data.store import NewExample, Store
from core.dataset.sample import SETTING_GENERATION_PROMPT, create_sample_project, sample_questions
from core.i18n import t
from core.workflows import generation, runner
from tests.conftest import app_at

PAGE = "pages/2_Generate.py"
SAMPLE_SIZE = len(sample_questions())


@pytest.fixture
def project(workspace):
    with Store(workspace) as store:
        return create_sample_project(store)


def connected(standin):
    at = app_at(PAGE)
    at.session_state[ui.SS_TYPED_KEY] = standin.api_key
    at.session_state[ui.SS_BASE_URL] = standin.base_url
    return at


def wait_for_runs(timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while runner.running_jobs() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_without_a_key_the_page_explains_and_links_to_settings(project):
    at = app_at(PAGE).run()
    assert not at.exception
    assert any(t("generate.no_key", "en") == i.value for i in at.info)
    assert "gen_start" not in [b.key for b in at.button]


def test_settings_are_saved_at_once_and_models_come_from_the_key(project, standin, workspace):
    at = connected(standin).run()
    assert not at.exception
    model_box = at.selectbox(key="_w_gen_model")
    assert "gpt-4o-mini" in model_box.options  # an alias only the stand-in's models.list() has
    assert "text-embedding-3-small" not in model_box.options
    at.text_area(key="_w_gen_system_prompt").input("Be brief.").run()
    at.slider(key="_w_gen_temperature").set_value(0.3).run()
    assert not at.exception
    with Store(workspace) as store:
        assert store.get_setting(project, SETTING_GENERATION_PROMPT) == "Be brief."
        assert generation.load_options(store, project).temperature == pytest.approx(0.3)
        # The training prompt is untouched.
        assert store.get_setting(project, "training_system_prompt") == "당신은 카페 창업 컨설턴트입니다."


def consent(at):
    """The cost-consent box (its key carries the estimate's fingerprint)."""
    [box] = [c for c in at.checkbox if c.key.startswith("gen_start_confirm@")]
    return box


def test_expensive_run_needs_a_confirmation(project, standin, workspace):
    with Store(workspace) as store:
        generation.save_option(store, project, "model", "gpt-4.1-2025-04-14")
        generation.save_option(store, project, "max_tokens", 16_384)
    at = connected(standin).run()
    assert at.button(key="gen_start").disabled
    consent(at).check().run()
    assert not at.button(key="gen_start").disabled
    at.number_input(key="_w_gen_max_tokens").set_value(16_000).run()  # a changed estimate un-ticks
    assert not consent(at).value and at.button(key="gen_start").disabled
    consent(at).check().run()
    at.button(key="gen_start").click().run()
    wait_for_runs()
    at.run()
    at.radio(key="_w_gen_scope").set_value("all").run()  # the same rows, the same estimate, once more
    assert not consent(at).value and at.button(key="gen_start").disabled  # the next run needs a fresh tick


def test_start_runs_in_the_background_and_progress_shows_it(project, standin, workspace):
    at = connected(standin).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("generate.requests", "en")] == str(SAMPLE_SIZE)
    assert metrics[t("generate.estimate", "en")].startswith("$")
    at.button(key="gen_start").click().run()
    assert not at.exception
    wait_for_runs()
    at.run()
    assert not at.exception
    assert any(
        t("generate.progress", "en", done=SAMPLE_SIZE, failed=0, remaining=0, total=SAMPLE_SIZE) == p.proto.text
        for p in at.get("progress")
    )
    with Store(workspace) as store:
        assert all(e.answer for e in store.iter_examples(project))
    assert any(t("generate.rows_none", "en") == i.value for i in at.info)  # nothing missing any more


def test_interrupted_run_offers_resume_which_finishes_it(project, standin, workspace):
    with Store(workspace) as store:
        ids = generation.target_ids(store, project, generation.SCOPE_MISSING)
        run_id = generation.create_run(store, project, generation.load_options(store, project), ids)
    at = connected(standin).run()  # "running" in the store, but no thread here: a restart left it
    assert any(t("generate.status_interrupted", "en") == w.value for w in at.warning)
    at.button(key=f"gen_resume_{run_id}").click().run()
    wait_for_runs()
    with Store(workspace) as store:
        assert generation.run_progress(store, run_id).done == SAMPLE_SIZE


def test_a_bad_key_stops_the_run_with_one_plain_message(project, standin, workspace):
    standin.configure(valid_keys=["sk-the-right-one"])
    at = connected(standin).run()
    at.button(key="gen_start").click().run()
    wait_for_runs()
    at.run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any(t("api_errors.invalid_key", "en") in e for e in errors)
    chats = [r for r in standin.requests if r["path"] == "/v1/chat/completions"]
    assert len(chats) <= SAMPLE_SIZE  # a bad key is never retried: at most the first wave, one request a row
    assert all(standin.api_key not in e for e in errors)


def test_korean_page(project, standin):
    at = connected(standin)
    at.session_state[ui.SS_LANG] = "ko"
    at.run()
    assert not at.exception
    assert at.title[0].value == t("nav.generate", "ko")
    assert at.button(key="gen_start").label == t("generate.start", "ko")


def test_every_generate_key_used_in_the_page_and_views_exists():
    import re
    from pathlib import Path

    from core.i18n import tables
    from core.workflows import synthetic

    root = Path(__file__).resolve().parent.parent
    sources = [
        root / "pages" / "2_Generate.py",
        root / "core" / "ui" / "generate_panels.py",
        root / "core" / "ui" / "generate_curate.py",
    ]
    keys = tables()
    for source in sources:
        text = source.read_text(encoding="utf-8")
        for literal in re.findall(r"""tr\(\s*"([a-z_.]+)"|tr\(\s*'([a-z_.]+)'""", text):
            key = literal[0] or literal[1]
            assert key in keys, f"{source.name}: {key}"
        for pattern in re.findall(r'tr\(\s*f"([^"]+)"', text):
            regex = re.compile("^" + re.sub(r"\\\{[^}]*\\\}", ".+", re.escape(pattern)) + "$")
            assert any(regex.match(k) for k in keys), f"{source.name}: {pattern}"
    # Every value those f-string keys take.
    statuses = ("running", "paused", "cancelled", "completed", "failed", "interrupted")
    expected = (
        [f"generate.status_{s}" for s in statuses]
        + [f"generate.scope_{s}" for s in generation.SCOPES]
        + [f"generate.synthetic_{m}" for m in synthetic.MODES]
        + [f"generate.{name}_help" for name in ("model", "temperature", "max_tokens", "variants")]
    )
    assert [k for k in expected if k not in keys] == []


def test_look_alike_questions_are_listed_on_request(project, standin, workspace):
    with Store(workspace) as store:
        store.add_examples(
            project,
            [
                NewExample(question="카페 입지는 어떻게 고르면 좋을까?"),
                NewExample(question="커피 한 잔 가격은 어떻게 정하면 되나요?"),
            ],
        )
    at = connected(standin).run()
    at.button(key="gen_find_duplicates").click().run()
    assert not at.exception
    listed = "\n".join(m.value for m in at.markdown)
    assert "입지는 어떻게 고르면 좋을까?" in listed and "카페 입지는 어떻게 고르면 좋을까?" in listed
    assert "커피 한 잔 가격은 어떻게 정하면 될까?" in listed and "커피 한 잔 가격은 어떻게 정하면 되나요?" in listed
    # The sample's distinct questions share endings ("…어떻게 해야 할까?") but are not listed.
    assert any(c.value == t("generate.near_duplicates", "en", count=2) for c in at.caption)


def test_look_alikes_past_the_first_300_questions_are_found(project, standin, workspace):
    # Made-up three-syllable words, no syllable used twice: hundreds of questions, none alike.
    filler = ["".join(chr(0xAC00 + 3 * i + k) for k in range(3)) + "?" for i in range(400)]
    with Store(workspace) as store:
        store.add_examples(
            project,
            [NewExample(question=q) for q in filler]
            + [NewExample(question="카페 이름이랑 로고는 어떻게 정하면 좋을까요?")],
        )
    at = connected(standin).run()
    at.button(key="gen_find_duplicates").click().run()
    assert not at.exception
    listed = "\n".join(m.value for m in at.markdown)
    assert "카페 이름이랑 로고는 어떻게 정하면 좋을까요?" in listed
    assert any(c.value == t("generate.near_duplicates", "en", count=1) for c in at.caption)


def test_training_prompt_sits_next_to_the_generation_prompt_and_saves(project, standin, workspace):
    from core.dataset.training_prompt import get_prompt
    from core.ui.prompt_fields import W_TRAINING_PROMPT

    at = connected(standin).run()
    field = at.text_area(key=W_TRAINING_PROMPT)
    assert field.label == t("trainprompt.label", "en") and field.help == t("trainprompt.help", "en")
    assert "Preview page" not in at.text_area(key="_w_gen_system_prompt").help  # the old help pointed nowhere
    field.input("당신은 친절한 카페 창업 컨설턴트입니다.").run()
    assert not at.exception
    with Store(workspace) as store:
        assert get_prompt(store, project) == "당신은 친절한 카페 창업 컨설턴트입니다."


def test_both_prompts_can_be_set_without_a_key(project, workspace, monkeypatch):
    from core.dataset.training_prompt import get_prompt
    from core.ui.prompt_fields import W_TRAINING_PROMPT

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    at = app_at(PAGE)
    at.session_state["lang"] = "ko"
    at.run()
    assert not at.exception
    assert at.text_area(key="_w_gen_system_prompt").label == t("generate.prompt", "ko")
    at.text_area(key=W_TRAINING_PROMPT).input("짧은 프롬프트").run()
    with Store(workspace) as store:
        assert get_prompt(store, project) == "짧은 프롬프트"


def test_more_questions_run_in_the_background_and_the_page_shows_what_arrived(project, standin, workspace):
    at = connected(standin).run()
    with Store(workspace) as store:
        before = store.count_examples(project)
    at.button(key="gen_syn_go").click().run()
    assert not at.exception
    wait_for_runs()
    at.run()
    assert not at.exception
    with Store(workspace) as store:
        added = store.count_examples(project) - before
        tagged = [e for e in store.iter_examples(project) if "synthetic" in e.tags]
        flagged = sum("near-duplicate" in e.tags for e in tagged)
    assert added > 0 and len(tagged) == added
    assert t("generate.synthetic_added", "en", count=added, flagged=flagged) in [s.value for s in at.success]

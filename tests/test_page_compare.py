"""AppTest for the Compare page: contenders, ad-hoc answers, a run on a set, blind votes, results, data back."""

from __future__ import annotations

import pytest

from core.data.store import NewExample, Store
from core.dataset.sample import SETTING_GENERATION_PROMPT, SETTING_TRAINING_PROMPT
from core.i18n import t
from core.workflows import compare, finetune, runner
from tests.conftest import app_at
from tests.workspace_text import workspace_text

PAGE = "pages/6_Compare.py"
BASE = "gpt-4o-mini-2024-07-18"
OTHER = "gpt-4.1-nano-2025-04-14"


@pytest.fixture
def project(workspace):
    with Store(workspace) as store:
        project_id = store.create_project(
            "Café", settings={SETTING_GENERATION_PROMPT: "long prompt", SETTING_TRAINING_PROMPT: "short prompt"}
        )
        store.add_examples(
            project_id,
            [
                NewExample(question=f"Question {n}?", answer=f"Reference {n}.", status="approved", tags=("rent",))
                for n in range(3)
            ],
        )
        compare.choose_models(store, project_id, [BASE, OTHER])
    return project_id


@pytest.fixture
def online(standin, monkeypatch):
    """The app talks to the stand-in with a key from the environment."""
    monkeypatch.setenv("OPENAI_API_KEY", standin.api_key)
    monkeypatch.setenv("OPENAI_BASE_URL", standin.base_url)
    return standin


def open_tab(at, name: str):
    """Switch the page's tabs (they track state, so only the open one runs)."""
    at.session_state["_w_compare_tab"] = t(f"compare.tab_{name}", "en")
    return at.run()


def _infos(at) -> str:
    return " ".join(e.value for e in [*at.info, *at.success, *at.error, *at.caption])


def test_without_a_key_the_page_explains_and_still_shows_the_contenders(workspace, project):
    at = app_at(PAGE).run()
    assert not at.exception
    assert at.title[0].value == t("nav.compare", "en")
    assert t("compare.no_key", "en") in _infos(at)
    assert at.multiselect(key="_w_compare_models").value == [BASE, OTHER]
    # Running needs a key: the button is there but disabled.
    open_tab(at, "set")
    run = next(b for b in at.button if b.label == t("compare.run", "en"))
    assert run.disabled


def test_picking_models_and_editing_a_prompt_is_saved_at_once(workspace, project):
    at = app_at(PAGE).run()
    at.multiselect(key="_w_compare_models").unselect(OTHER).run()
    with Store(workspace) as store:
        assert [c.model for c in compare.saved_contenders(store, project)] == [BASE]
    assert t("compare.need_two", "en") in _infos(at)
    at.text_area(key=f"_w_contender_{BASE}_prompt").input("Be brief.").run()
    at.number_input(key=f"_w_contender_{BASE}_input_price_per_1m").set_value(1.5).run()
    assert not at.exception
    with Store(workspace) as store:
        [contender] = compare.saved_contenders(store, project)
        assert contender.system_prompt == "Be brief." and contender.input_price_per_1m == 1.5
    # A checkpoint sent from Fine-tune is offered; it runs with the short training prompt and the fine-tuned price.
    checkpoint = f"ft:{BASE}:acme:cafe:abc123:ckpt-step-40"
    with Store(workspace) as store:
        finetune.send_to_compare(store, project, checkpoint)
    at.run()
    assert at.multiselect(key="_w_compare_models").options[0] == checkpoint
    at.multiselect(key="_w_compare_models").select(checkpoint).run()
    assert not at.exception
    with Store(workspace) as store:
        typed = compare.saved_contenders(store, project)[1]
    assert (typed.model, typed.kind, typed.system_prompt) == (checkpoint, compare.KIND_CHECKPOINT, "short prompt")


def test_a_custom_endpoint_is_added_but_its_key_is_never_stored(workspace, project):
    at = app_at(PAGE).run()
    at.text_input(key="_w_custom_url").input("localhost:11434")
    at.text_input(key="_w_custom_model").input("llama3")
    at.button(key="_w_custom_add").click().run()
    assert "http://" in _infos(at)  # "… must start with http:// or https://"
    at.text_input(key="_w_custom_url").input("http://localhost:11434/v1")
    at.text_input(key="_w_custom_key").input("sk-vllm-secret-key")
    at.button(key="_w_custom_add").click().run()
    assert not at.exception
    with Store(workspace) as store:
        custom = [c for c in compare.saved_contenders(store, project) if c.kind == compare.KIND_CUSTOM]
        assert [c.base_url for c in custom] == ["http://localhost:11434/v1"]
        assert "sk-vllm-secret-key" not in workspace_text(store)
    assert at.session_state["compare_endpoint_keys"][custom[0].endpoint_id] == "sk-vllm-secret-key"


def test_ad_hoc_question_streams_every_answer_with_its_figures(workspace, project, online):
    at = app_at(PAGE).run()
    at.text_area(key="_w_adhoc_question").input("Where should I open my café?")
    next(b for b in at.button if b.label == t("compare.adhoc_ask", "en")).click().run()
    assert not at.exception
    # The answers come from a background job that the page polls; no script run waits for it.
    assert runner.wait(at.session_state["compare_adhoc_job"], timeout=30)
    at.run()
    assert not at.exception
    answers = at.session_state["compare_adhoc_answers"]
    assert set(answers) == {BASE, OTHER} and all(a["text"] and "tokens" in a["caption"] for a in answers.values())
    sent = [r for r in online.requests if r["path"].endswith("/chat/completions")]
    assert {r["json"]["model"] for r in sent} == {BASE, OTHER} and all(r["json"]["stream"] for r in sent)


def test_run_on_a_set_then_vote_blind_see_results_and_make_a_dpo_pair(workspace, project, online):
    at = open_tab(app_at(PAGE).run(), "set")
    assert at.radio(key="_w_compare_source").value == "filter"  # no split yet: the filtered set is preselected
    assert "3 questions × 2 models = 6 answers" in _infos(at)
    next(b for b in at.button if b.label == t("compare.run", "en")).click().run()
    assert not at.exception
    with Store(workspace) as store:
        [(comparison_id, _name, _created)] = compare.list_comparisons(store, project)
    assert runner.wait(compare.worker_name(comparison_id), timeout=30)
    at.run()
    with Store(workspace) as store:
        assert compare.progress(store, comparison_id).answered == 6
    assert "6 of 6 answers" in " ".join(p.proto.text for p in at.get("progress"))
    open_tab(at, "review")
    # Blind review: vote A on the first pair; the names are revealed afterwards.
    at.text_input(key="_w_compare_comment_0").input("A is clearer")
    at.button(key="_w_vote_a").click().run()
    assert not at.exception
    with Store(workspace) as store:
        [vote] = compare.list_votes(store, comparison_id)
    assert vote.choice == "a" and vote.comment == "A is clearer"
    assert any("A was" in s.value and BASE in s.value and OTHER in s.value for s in at.success)
    at.button(key="_w_to_dpo_revealed").click().run()
    assert not at.exception
    with Store(workspace) as store:
        [pair] = store.list_preference_pairs(project)
        assert pair["source"] == "compare" and pair["ref"].endswith(f"vote:{vote.id}")
        item = compare.load_comparison(store, comparison_id).item(vote.item_key)
        assert pair["example_id"] == item.example_id and store.count_examples(project) == 3  # no duplicate row
    assert any(t("compare.saved_pair", "en").split(" #")[0] in s.value for s in at.success)
    # The winning answer into the data: the question's row has an approved answer, so it asks first.
    at.button(key="_w_to_row_revealed").click().run()
    assert t("compare.confirm_replace", "en", id=item.example_id) in [w.value for w in at.warning]
    with Store(workspace) as store:
        assert store.get_example(item.example_id).answer == item.reference
    at.button(key="_w_replace_no_revealed").click().run()
    assert not at.warning
    at.button(key="_w_to_row_revealed").click().run()
    at.button(key="_w_replace_yes_revealed").click().run()
    assert not at.exception
    with Store(workspace) as store:
        row = store.get_example(item.example_id)
        assert row.answer != item.reference and row.status == "draft" and store.count_examples(project) == 3
        assert item.reference in [v.answer for v in store.answer_history(item.example_id)]
    assert any(f"row #{item.example_id}" in s.value for s in at.success)
    # Results: a chart and the counts, the export buttons, then the judge (cost first, both orders).
    open_tab(at, "results")
    assert at.get("plotly_chart") and "1 votes from people" in _infos(at)
    assert len(at.get("download_button")) == 2
    assert "3 pairs × 2 orders = 6 calls" in _infos(at)
    online.configure(judge_replies="prose")  # a judge that talks instead of answering 1, 2 or tie
    next(b for b in at.button if b.label == t("compare.judge_run", "en")).click().run()
    assert runner.wait(compare.worker_name(comparison_id, "judge"), timeout=30)
    at.run()
    assert not at.exception
    with Store(workspace) as store:
        verdicts = compare.list_votes(store, comparison_id, compare.VOTER_JUDGE)
        assert len(verdicts) == 3 and all(v.data["ab"] and v.data["ba"] for v in verdicts)
        assert len(compare.list_votes(store, comparison_id, compare.VOTER_HUMAN)) == 1
    judge_calls = [
        r
        for r in online.requests
        if r["path"].endswith("/chat/completions") and "Verdict (1, 2 or tie)" in str(r["json"]["messages"])
    ]
    assert len(judge_calls) == 6
    # Prose, not "1", "2" or "tie": no verdicts, said so, not a 50/50.
    assert {v.choice for v in verdicts} == {compare.CHOICE_NO_VERDICT}
    assert "1 votes from people, 0 verdicts from the judge" in _infos(at)
    assert "The judge gave no verdict on 3 pair(s)" in " ".join(w.value for w in at.warning)
    chart = at.get("plotly_chart")[0].proto.spec
    assert t("compare.people", "en") in chart and t("compare.judge", "en") not in chart


def test_korean_page_has_no_missing_strings(workspace, project):
    at = app_at(PAGE)
    at.session_state["lang"] = "ko"
    at.run()
    assert not at.exception
    assert at.title[0].value == t("nav.compare", "ko")
    texts = [e.value for e in [*at.info, *at.caption, *at.markdown]] + [b.label for b in at.button]
    assert not any(text.startswith("compare.") for text in texts)


def test_every_key_the_compare_views_use_exists():
    """tests/test_i18n.py scans pages/ and core/; this covers the compare views the same way."""
    from core.i18n import tables
    from tests.conftest import ROOT
    from tests.test_i18n import LITERAL_CALL

    text = "".join(
        (ROOT / "core" / "ui" / name).read_text(encoding="utf-8") for name in ("compare_review.py", "compare_setup.py")
    )
    keys = [m.group(3) for m in LITERAL_CALL.finditer(text)]
    literal = [key for key, match in zip(keys, LITERAL_CALL.finditer(text), strict=True) if not match.group(1)]
    prefixes = [
        key.split("{", 1)[0] for key, match in zip(keys, LITERAL_CALL.finditer(text), strict=True) if match.group(1)
    ]
    assert len(literal) > 30 and prefixes
    assert [k for k in literal if k not in tables()] == []
    assert [p for p in prefixes if not any(k.startswith(p) for k in tables())] == []


def _run_all(at):
    next(b for b in at.button if b.label == t("compare.run", "en")).click().run()
    assert not at.exception


def test_a_second_run_takes_the_selector_and_the_progress(workspace, project, online):
    at = open_tab(app_at(PAGE).run(), "set")
    _run_all(at)
    with Store(workspace) as store:
        [(first, _name, _created)] = compare.list_comparisons(store, project)
    assert runner.wait(compare.worker_name(first), timeout=30)
    at.run()
    assert at.selectbox(key="_w_compare_current").value == first
    # Narrow the set so the second run is told apart by its progress (2 questions × 2 models).
    with Store(workspace) as store:
        store.set_status([store.filtered_ids(project)[0]], "draft")
    at.run()
    _run_all(at)
    with Store(workspace) as store:
        second = compare.list_comparisons(store, project)[0][0]
    assert second != first
    assert runner.wait(compare.worker_name(second), timeout=30)
    at.run()
    assert at.selectbox(key="_w_compare_current").value == second
    assert "4 of 4 answers" in " ".join(p.proto.text for p in at.get("progress"))
    # Picking the older one by hand keeps it on screen, until a newer run appears.
    at.selectbox(key="_w_compare_current").set_value(first).run()
    assert at.selectbox(key="_w_compare_current").value == first
    assert "6 of 6 answers" in " ".join(p.proto.text for p in at.get("progress"))


def test_a_fresh_session_shows_the_newest_comparison(workspace, project):
    with Store(workspace) as store:
        contenders = compare.saved_contenders(store, project)
        items = compare.items_from_examples(store.iter_examples(project))
        older = compare.create_comparison(store, project, "older", contenders, items)
        newer = compare.create_comparison(store, project, "newer", contenders, items)
        store.set_setting(project, "compare_current", older)  # what an earlier version remembered
    at = app_at(PAGE).run()
    assert at.selectbox(key="_w_compare_current").value == newer != older


def test_results_show_the_judges_no_verdicts_apart_from_the_rates(workspace, project):
    with Store(workspace) as store:
        contenders = compare.saved_contenders(store, project)
        comparison = compare.load_comparison(
            store,
            compare.create_comparison(
                store, project, "run", contenders, compare.items_from_examples(store.iter_examples(project))
            ),
        )
        for item in comparison.items:
            for index in range(2):
                compare.save_answer(store, comparison.id, item.key, index, answer=f"answer {index}")
            compare.record_judge_verdict(
                store, comparison.id, compare.BlindPair(item.key, 0, 1), "I like both", "1", BASE
            )
    at = open_tab(app_at(PAGE).run(), "results")
    assert not at.exception
    warning = " ".join(w.value for w in at.warning)
    assert "no verdict on 3 pair(s)" in warning and "“I like both”" in warning
    assert "0 votes from people, 0 verdicts from the judge" in _infos(at)
    assert not at.get("plotly_chart")  # nothing to chart: no 50/50 bars from unread replies


def test_on_a_compatible_server_the_picker_offers_its_own_models_and_nothing_typed(workspace, project, standin):
    standin.configure(models=["llama3:8b", "qwen2.5:7b", "nomic-embed-text-embedding"])
    at = app_at(PAGE)
    at.session_state["conn_provider"] = "compatible"
    at.session_state["conn_base_url"] = standin.base_url
    at.session_state["typed_api_key"] = standin.api_key
    at.run()
    assert not at.exception
    picker = at.multiselect(key="_w_compare_models")
    # The server's chat models, then what is already picked; no OpenAI defaults, no embedding model.
    assert picker.options == ["llama3:8b", "qwen2.5:7b", BASE, OTHER]
    assert not picker.proto.accept_new_options  # no "Add: <text>" that makes up a model id
    # Generate offers the same list (one source, asked once per session and connection).
    at.switch_page("pages/2_Generate.py").run()
    assert not at.exception
    assert {"llama3:8b", "qwen2.5:7b"} <= set(at.selectbox(key="_w_gen_model").options)
    assert sum(r["path"].endswith("/models") for r in standin.requests) == 1


def test_compare_opens_with_the_newest_fine_tune_against_its_base(workspace):
    from core.workflows import finetune

    tuned = f"ft:{BASE}:acme:cafe:abc123"
    with Store(workspace) as store:
        project_id = store.create_project(
            "Café", settings={SETTING_GENERATION_PROMPT: "long prompt", SETTING_TRAINING_PROMPT: "short prompt"}
        )
        row = finetune.begin_launch(
            store, project_id, finetune.LaunchRequest(finetune.METHOD_SUPERVISED, BASE, {}), "openai"
        )
        with store.tx() as conn:
            conn.execute("UPDATE ft_jobs SET status = 'succeeded', fine_tuned_model = ? WHERE id = ?", (tuned, row.id))
    at = app_at(PAGE).run()
    assert not at.exception
    assert at.multiselect(key="_w_compare_models").value == [tuned, BASE]
    assert tuned in " ".join(i.value for i in at.info)
    assert at.text_area(key=f"_w_contender_{tuned}_prompt").value == "short prompt"
    assert at.text_area(key=f"_w_contender_{BASE}_prompt").value == "short prompt"


def test_on_the_stand_in_the_judge_prefers_the_fine_tuned_answers(workspace, project, online):
    """The local demo: the stand-in follows the judge's format, so the results show real verdicts."""
    from tests.openai_standin.chat import FT_PREFIX

    with Store(workspace) as store:
        contenders = compare.saved_contenders(store, project)
        comparison = compare.load_comparison(
            store,
            compare.create_comparison(
                store, project, "run", contenders, compare.items_from_examples(store.iter_examples(project))
            ),
        )
        for item in comparison.items:  # the second contender answers as the stand-in's fine-tunes do
            compare.save_answer(store, comparison.id, item.key, 0, answer=f"Plain answer to {item.question}")
            compare.save_answer(
                store,
                comparison.id,
                item.key,
                1,
                answer=FT_PREFIX.format(suffix="cafe") + f"Trained answer to {item.question}",
            )
    at = open_tab(app_at(PAGE).run(), "results")
    next(b for b in at.button if b.label == t("compare.judge_run", "en")).click().run()
    assert runner.wait(compare.worker_name(comparison.id, "judge"), timeout=30)
    at.run()
    assert not at.exception
    with Store(workspace) as store:
        verdicts = compare.list_votes(store, comparison.id, compare.VOTER_JUDGE)
    assert len(verdicts) == 3 and {v.winner for v in verdicts} == {1}
    assert "0 votes from people, 3 verdicts from the judge" in _infos(at)
    assert not at.warning
    assert t("compare.judge", "en") in at.get("plotly_chart")[0].proto.spec

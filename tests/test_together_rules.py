"""Together's rules in validation: message order, its models' context lengths and its minimum, in plain words."""

from __future__ import annotations

import json

import pytest

from core.data.store import NewExample
from core.dataset import preview, upload_plan
from core.dataset.upload_plan import METHOD_DPO, METHOD_SUPERVISED, PROVIDER_OPENAI, PROVIDER_TOGETHER
from core.dataset.validate import Validator, problem_text, render_text, together, validate_file, where_text

MODEL = "openai/gpt-oss-20b"
S = {"role": "system", "content": "규칙"}
U = {"role": "user", "content": "질문"}
A = {"role": "assistant", "content": "답"}


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        ([S, U, A], []),
        ([U, A, U, A], []),
        ([{"role": "developer", "content": "규칙"}, U, A], []),  # the Together file writes it as system
        ([A, U, A], [together.ORDER_STARTS_WITH_ASSISTANT]),
        ([S, A], [together.ORDER_STARTS_WITH_ASSISTANT]),
        ([U, U, A], [together.ORDER_NOT_ALTERNATING]),
        ([U, A, A], [together.ORDER_NOT_ALTERNATING]),
        ([U, S, A], [together.ORDER_SYSTEM_NOT_FIRST]),
        ([S, S, U, A], [together.ORDER_SYSTEM_NOT_FIRST]),
        ([S, U, A, U], [together.ORDER_ENDS_WITH_USER]),
        ([U, {"role": "tool", "tool_call_id": "c", "content": "x"}, A], [together.ORDER_ROLE]),
        ([U, {"role": "assistant", "content": None, "tool_calls": [{"id": "c"}]}, A], [together.ORDER_ROLE]),
        ([{"role": "user", "content": [{"type": "text", "text": "이건?"}]}, A], []),
        ([{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}, A], [together.ORDER_ROLE]),
    ],
)
def test_message_order_together_requires(messages, expected):
    assert together.order_problems(messages) == expected


def test_a_preference_input_ends_with_the_users_question():
    assert together.order_problems([S, U], prompt_only=True) == []
    assert together.order_problems([U, A], prompt_only=True) == [together.ORDER_PROMPT_ENDS_WITH_ASSISTANT]


def _file(tmp_path, records):
    path = tmp_path / "train.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_the_validator_names_the_lines_that_break_the_order_only_under_togethers_rules(tmp_path):
    records = [{"messages": [S, U, A]}, {"messages": [S, A, U, A]}, {"messages": [U, A]}, {"messages": [U, U, A]}]
    validator = Validator(MODEL, provider=PROVIDER_TOGETHER)
    for line, record in enumerate(records, start=1):
        validator.add(record, line=line)
    report = validator.finish()
    assert not report.ready and report.provider == PROVIDER_TOGETHER
    problems = {p.code: p for p in report.errors}
    assert set(problems) == {together.ORDER_STARTS_WITH_ASSISTANT, together.ORDER_NOT_ALTERNATING}
    assert where_text(problems[together.ORDER_STARTS_WITH_ASSISTANT], "en") == "lines 2"
    assert where_text(problems[together.ORDER_NOT_ALTERNATING], "ko") == "4번째 줄"
    # OpenAI takes the same file: these are Together's rules, not a general format error.
    openai = Validator("gpt-4o-mini-2024-07-18", min_examples=1)
    for record in records:
        openai.add(record)
    assert openai.finish().ready


def test_context_length_comes_from_the_models_row_in_togethers_table():
    long_answer = "커피 " * 20_000  # well over gpt-oss-20b's 16,384 but under gpt-4o-mini's 65,536 tokens
    record = {"messages": [S, U, {"role": "assistant", "content": long_answer}]}
    assert together.context_length(MODEL) == 16_384 and together.context_length(MODEL, method_dpo=True) == 8_192
    on_together = Validator(MODEL, provider=PROVIDER_TOGETHER)
    on_together.add(record, example_id=7)
    report = on_together.finish()
    assert report.example_token_limit == 16_384
    [over] = [p for p in report.warnings if p.code == together.OVER_CONTEXT]
    assert over.refs[0].example_id == 7 and where_text(over, "en") == "examples #7"
    text = problem_text(over, "en", report.example_token_limit, report.minimum, report.model)
    assert MODEL in text and "16384" in text and "Shorten it" in text
    assert report.ready  # cut off, not refused
    on_openai = Validator("gpt-4o-mini-2024-07-18")
    on_openai.add(record)
    assert not on_openai.finish().warnings


def test_a_model_missing_from_the_table_is_said_and_lengths_are_left_to_together():
    validator = Validator("someone/new-model", provider=PROVIDER_TOGETHER)
    validator.add({"messages": [S, U, A]})
    report = validator.finish()
    assert report.example_token_limit == 0 and report.ready
    [unknown] = report.warnings
    assert unknown.code == together.UNKNOWN_MODEL
    assert "someone/new-model" in problem_text(unknown, "ko", 0, report.minimum, report.model)


def test_togethers_minimum_is_one_example_per_method_and_the_text_names_together():
    assert upload_plan.minimum_examples(PROVIDER_TOGETHER, METHOD_SUPERVISED) == 1
    assert upload_plan.minimum_examples(PROVIDER_TOGETHER, METHOD_DPO) == 1
    empty = Validator(MODEL, min_examples=1, provider=PROVIDER_TOGETHER).finish()
    [too_few] = empty.errors
    assert too_few.code == together.TOO_FEW
    for lang in ("en", "ko"):
        text = problem_text(too_few, lang, empty.example_token_limit, empty.minimum, empty.model)
        assert "Together" in text and "1" in text and "OpenAI" not in text


def test_cli_report_of_a_file_keeps_openai_rules(tmp_path):
    path = _file(tmp_path, [{"messages": [A, U, A]}] * 10)
    report = validate_file(path)
    assert report.provider == PROVIDER_OPENAI and not any(p.code.startswith("together_") for p in report.errors)
    assert "together" not in render_text(report, "en").lower()


def test_preview_checks_what_a_together_launch_uploads(store, workspace):
    project_id = store.create_project("p", settings={"training_system_prompt": "규칙"})
    messages = (U, A, {"role": "user", "content": "하나 더?"})  # ends with the user: Together refuses it
    ids = store.add_examples(
        project_id,
        [NewExample(question=f"질문 {i}", answer="답", status="approved") for i in range(4)]
        + [NewExample(question="", messages=messages, status="approved")],
    )
    assert preview.preview_models(PROVIDER_TOGETHER) == list(together.TOGETHER_MODELS)
    assert preview.chosen_model("gpt-4o-mini-2024-07-18", preview.preview_models(PROVIDER_TOGETHER)) == MODEL
    found = preview.analyse(str(store.path), project_id, MODEL, None, PROVIDER_TOGETHER)
    assert not found.plan.blocked and found.plan.minimum == 1  # OpenAI would block five examples
    assert found.report.provider == PROVIDER_TOGETHER and found.report.minimum == 1
    [problem] = found.report.errors
    assert problem.code == together.ORDER_ENDS_WITH_USER and problem.refs[0].example_id == ids[-1]
    openai = preview.analyse(str(store.path), project_id, "gpt-4o-mini-2024-07-18", None, PROVIDER_OPENAI)
    assert openai.plan.blocked and not any(p.code.startswith("together_") for p in openai.report.errors)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_preview_page_on_together_shows_its_rules_and_the_row_to_fix(workspace, lang):
    from core.data.store import Store
    from core.i18n import t
    from core.ui.state import W_PREVIEW_EPOCHS, W_PREVIEW_RULES
    from tests.conftest import app_at

    with Store(workspace) as store:
        project_id = store.create_project("p", settings={"training_system_prompt": "규칙"})
        store.add_examples(
            project_id, [NewExample(question=f"질문 {i}", answer="답", status="approved") for i in range(3)]
        )
        [bad] = store.add_examples(project_id, [NewExample(question="", messages=(A, U, A), status="approved")])
    at = app_at("pages/4_Preview.py")
    at.query_params["lang"] = lang
    at.run()
    rules = at.segmented_control(key=W_PREVIEW_RULES)
    assert rules.value == preview.RULES_CONNECTION and at.caption[0].value == t("share.howto_preview", lang)
    assert not any(t("validate.together_starts_with_assistant", lang) in e.value for e in at.error)
    rules.set_value(PROVIDER_TOGETHER).run()
    assert not at.exception, at.exception
    with Store(workspace) as store:  # saved with the project, so a reload keeps it
        assert store.get_setting(project_id, preview.SETTING_RULES) == PROVIDER_TOGETHER
    at = app_at("pages/4_Preview.py")
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    assert at.segmented_control(key=W_PREVIEW_RULES).value == PROVIDER_TOGETHER
    assert at.caption[0].value == t("share.howto_preview_together", lang)
    assert at.selectbox[0].options == list(together.TOGETHER_MODELS) and at.selectbox[0].value == MODEL
    note = t("preview.together_rules", lang, model=MODEL, context="16,384", date="2026-11-29")
    assert note in [i.value for i in at.info]
    assert t("preview.metric_cost", lang) not in [m.label for m in at.metric]  # Together quotes its own price
    assert not [n for n in at.number_input if n.key == W_PREVIEW_EPOCHS]  # Together sets its own epochs
    wrong = t("validate.together_starts_with_assistant", lang)
    assert any(wrong in e.value for e in at.error)
    assert f"example={bad}" in [link.proto.query_string for link in at.get("page_link")]  # opens that row


def test_cli_checks_a_file_by_togethers_rules_and_names_each_line(tmp_path, capsys):
    from core.__main__ import EXIT_BLOCKING, EXIT_READY, main

    bad = _file(tmp_path, [{"messages": [S, U, A]}, {"messages": [S, A, U, A]}, {"messages": [S, U, U, A]}])
    args = ["validate", str(bad), "--provider", PROVIDER_TOGETHER, "--model", MODEL]
    assert main(args) == EXIT_BLOCKING
    out = capsys.readouterr().out
    assert "[together_starts_with_assistant]" in out and "(lines 2)" in out
    assert "[together_not_alternating]" in out and "(lines 3)" in out
    assert "$" not in out  # OpenAI's price isn't Together's
    assert main([*args, "--lang", "ko"]) == EXIT_BLOCKING and "2번째 줄" in capsys.readouterr().out
    assert main(["validate", str(bad), "--model", "gpt-4o-mini-2024-07-18"]) == EXIT_BLOCKING  # OpenAI: too few
    assert "together_" not in capsys.readouterr().out
    good = _file(tmp_path, [{"messages": [S, U, A]}])
    assert main(["validate", str(good), "--provider", PROVIDER_TOGETHER, "--model", MODEL]) == EXIT_READY


def test_a_preference_file_is_held_to_togethers_shorter_dpo_context(tmp_path):
    answer = "커피 " * 5_000  # about 10,000 tokens: over the DPO context (8,192), under the SFT one (16,384)
    pair = {
        "input": {"messages": [S, U]},
        "preferred_output": [{"role": "assistant", "content": answer}],
        "non_preferred_output": [{"role": "assistant", "content": "짧은 답"}],
    }
    report = validate_file(_file(tmp_path, [pair]), MODEL, provider=PROVIDER_TOGETHER)
    assert report.example_token_limit == 8_192
    assert [p.code for p in report.warnings] == [together.OVER_CONTEXT]
    sft = validate_file(
        _file(tmp_path, [{"messages": [S, U, {"role": "assistant", "content": answer}]}]),
        MODEL,
        provider=PROVIDER_TOGETHER,
    )
    assert sft.example_token_limit == 16_384 and not sft.warnings

"""Every validation check, on fixture files written for it and on the cookbook's own samples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.data.store import NewExample
from core.dataset import validate
from core.dataset.validate import UnreadableFile, validate_file, validate_project
from core.dataset.validate import checks as validate_checks
from tests.conftest import COOKBOOK, FIXTURES

VALIDATE = FIXTURES / "validate"
GOOD_LINES = (VALIDATE / "good_chat.jsonl").read_text(encoding="utf-8").splitlines()

# fixture file → (expected category, severity); each file holds one malformed example.
MALFORMED = {
    "bad_data_type.jsonl": "data_type",
    "bad_missing_messages_list.jsonl": "missing_messages_list",
    "bad_message_missing_key.jsonl": "message_missing_key",
    "bad_missing_tool_call_id.jsonl": "message_missing_key",
    "bad_message_unrecognized_key.jsonl": "message_unrecognized_key",
    "bad_unrecognized_role.jsonl": "unrecognized_role",
    "bad_missing_content.jsonl": "missing_content",
    "bad_example_missing_assistant_message.jsonl": "example_missing_assistant_message",
    "bad_invalid_json.jsonl": "invalid_json",
    "bad_invalid_tool_calls.jsonl": "invalid_tool_calls",
    "bad_tool_call_arguments_not_json.jsonl": "tool_call_arguments_not_json",
    "bad_invalid_tools.jsonl": "invalid_tools",
    "bad_invalid_parallel_tool_calls.jsonl": "invalid_parallel_tool_calls",
    "bad_invalid_weight.jsonl": "invalid_weight",
    "bad_invalid_weight_on_user.jsonl": "invalid_weight",
    "bad_invalid_name.jsonl": "invalid_name",
    "bad_special_tokens.jsonl": "special_tokens",
    "bad_special_tokens_fim.jsonl": "special_tokens",
}


def dataset_with(tmp_path: Path, extra_lines: list[str], name: str = "data.jsonl") -> Path:
    """The 12 good examples, then the given lines (so the bad one is on line 13)."""
    path = tmp_path / name
    path.write_text("\n".join(GOOD_LINES + extra_lines) + "\n", encoding="utf-8")
    return path


def test_good_file_is_ready_with_todays_format():
    report = validate_file(VALIDATE / "good_chat.jsonl")
    assert report.ready, [p.code for p in report.errors]
    assert report.n_examples == 12 and report.kind == "chat"
    assert report.warnings == []  # developer counts as a system message
    assert report.exact and report.encoding == "o200k_base"


@pytest.mark.parametrize(("fixture", "category"), sorted(MALFORMED.items()))
def test_each_malformed_case_is_a_blocking_error_on_its_line(tmp_path, fixture, category):
    bad = (VALIDATE / fixture).read_text(encoding="utf-8").splitlines()
    report = validate_file(dataset_with(tmp_path, bad))
    assert not report.ready
    codes = {p.code for p in report.errors}
    assert category in codes
    problem = report.problems[category]
    assert problem.severity == "error"
    assert [ref.line for ref in problem.refs] == [len(GOOD_LINES) + 1]
    assert report.to_json()["format_errors"][category] >= 1
    assert report.to_json()["ready"] is False


def test_cookbook_message_categories_count_per_message(tmp_path):
    two_bad = json.dumps({"messages": [{"role": "user"}, {"role": "assistant"}]})
    report = validate_file(dataset_with(tmp_path, [two_bad]))
    assert report.problems["message_missing_key"].count == 2
    assert report.problems["missing_content"].count == 2
    assert len(report.problems["message_missing_key"].refs) == 1  # one example listed once


@pytest.mark.parametrize(
    "fixture", ["bad_dpo_missing_input.jsonl", "bad_dpo_invalid_output.jsonl", "bad_dpo_user_output.jsonl"]
)
def test_dpo_lines(tmp_path, fixture):
    good = validate_file(VALIDATE / "good_dpo.jsonl")
    assert good.ready and good.kind == "dpo"
    assert all(t > 0 for t in good.assistant_tokens_per_example)
    path = tmp_path / "dpo.jsonl"
    path.write_text(
        (VALIDATE / "good_dpo.jsonl").read_text(encoding="utf-8") + (VALIDATE / fixture).read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    report = validate_file(path)
    expected = "dpo_missing_input" if "missing_input" in fixture else "dpo_invalid_output"
    assert expected in {p.code for p in report.errors}
    assert report.problems[expected].refs[0].line == 12


def test_mixed_chat_and_dpo_lines_are_rejected(tmp_path):
    dpo_line = (VALIDATE / "good_dpo.jsonl").read_text(encoding="utf-8").splitlines()[0]
    report = validate_file(dataset_with(tmp_path, [dpo_line]))
    assert "mixed_formats" in {p.code for p in report.errors}


def test_cookbook_toy_file_matches_the_notebook():
    report = validate_file(COOKBOOK / "toy_chat_fine_tuning.jsonl", "gpt-3.5-turbo")
    data = report.to_json()
    assert data["warnings"]["missing_system"] == 1 and data["warnings"]["missing_user"] == 1
    assert report.problems["missing_system"].refs[0].line == 3
    assert report.problems["missing_user"].refs[0].line == 4
    assert all(data["format_errors"][c] == 0 for c in validate.COOKBOOK_CATEGORIES)
    # The notebook's printed figures for this file: min 26, max 8032 tokens; 20 epochs.
    assert min(data["tokens"]["per_example"]) == 26 and max(data["tokens"]["per_example"]) == 8032
    assert data["n_epochs"] == 20
    assert data["billed_tokens"] == sum(data["tokens"]["per_example"]) * 20
    assert data["format_errors"]["too_few_examples"] == 1 and data["ready"] is False


def test_cookbook_pretty_printed_file_is_unreadable_with_a_clear_message():
    with pytest.raises(UnreadableFile) as caught:
        validate_file(COOKBOOK / "01-testing-example.jsonl")
    assert caught.value.code == "pretty_json"
    message = validate.unreadable_text(caught.value)
    assert "01-testing-example.jsonl" in message and "one line" in message


@pytest.mark.parametrize(
    ("fixture", "code"),
    [("not_utf8.jsonl", "not_utf8"), ("csv_renamed.jsonl", "not_jsonl"), ("does_not_exist.jsonl", "not_found")],
)
def test_unreadable_files(fixture, code):
    with pytest.raises(UnreadableFile) as caught:
        validate_file(VALIDATE / fixture)
    assert caught.value.code == code
    assert validate.unreadable_text(caught.value, "ko") != f"validate.unreadable.{code}"
    if code == "not_utf8":
        assert caught.value.details["line"] == 2


def test_blank_content_duplicates_blank_lines_and_unknown_top_level_keys(tmp_path):
    extra = [GOOD_LINES[0], "", json.dumps({"messages": json.loads(GOOD_LINES[1])["messages"], "label": "x"})]
    report = validate_file(dataset_with(tmp_path, extra))
    assert report.problems["duplicate_examples"].refs[0].line == 13
    assert report.problems["blank_lines"].refs[0].line == 14
    assert report.problems["unrecognized_example_key"].refs[0].line == 15
    assert report.ready  # all three are warnings


def test_missing_system_and_user_are_warnings(tmp_path):
    no_system = json.dumps({"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]})
    no_user = json.dumps({"messages": [{"role": "system", "content": "s"}, {"role": "assistant", "content": "a"}]})
    report = validate_file(dataset_with(tmp_path, [no_system, no_user]))
    assert report.ready
    assert report.to_json()["warnings"] == {"missing_system": 1, "missing_user": 1}


def test_examples_over_the_models_limit_are_flagged(tmp_path):
    long_answer = "token " * 33_000  # > 32,768 (gpt-4.1-nano), < 65,536 (gpt-4.1-mini)
    line = json.dumps({"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": long_answer}]})
    path = dataset_with(tmp_path, [line])
    assert "over_token_limit" in validate_file(path, "gpt-4.1-nano").problems
    assert "over_token_limit" not in validate_file(path, "gpt-4.1-mini").problems
    nano = validate_file(path, "gpt-4.1-nano")
    capped = sum(nano.tokens_per_example) - nano.tokens_per_example[-1] + 32_768
    assert nano.cost.billed_tokens == capped * nano.cost.n_epochs


def test_too_few_examples_and_file_too_large(tmp_path, monkeypatch):
    path = tmp_path / "small.jsonl"
    path.write_text("\n".join(GOOD_LINES[:9]) + "\n", encoding="utf-8")
    assert "too_few_examples" in {p.code for p in validate_file(path).errors}
    monkeypatch.setattr(validate_checks, "MAX_UPLOAD_BYTES", 100)
    assert "file_too_large" in {p.code for p in validate_file(VALIDATE / "good_chat.jsonl").errors}


def test_leakage_between_files(tmp_path):
    valid = tmp_path / "valid.jsonl"
    valid.write_text(GOOD_LINES[2].replace("질문 2", "질문   2") + "\n", encoding="utf-8")  # spacing ignored
    report = validate_file(VALIDATE / "good_chat.jsonl", valid_path=valid)
    assert [r.line for r in report.problems["leakage"].refs] == [3]


def _seed(store, n=12, status="approved"):
    project_id = store.create_project("p", settings={"training_system_prompt": "당신은 카페 컨설턴트입니다."})
    ids = store.add_examples(
        project_id, [NewExample(question=f"질문 {i}", answer=f"답변 {i}", status=status) for i in range(n)]
    )
    return project_id, ids


def test_store_backed_problems_carry_example_ids(store):
    project_id, ids = _seed(store)
    store.update_example(ids[3], answer="  ")
    store.update_example(ids[5], answer="bad <|endoftext|>")
    report = validate_project(store, project_id)
    assert [r.example_id for r in report.problems["missing_content"].refs] == [ids[3]]
    assert [r.example_id for r in report.problems["special_tokens"].refs] == [ids[5]]
    assert report.problems["special_tokens"].refs[0].line is None
    assert not report.ready


def test_store_leakage_runs_on_the_split(store):
    from core.dataset.split import make_split

    project_id, ids = _seed(store, 20)
    split = make_split(store, project_id, valid_ratio=0.2, seed=1)
    assert "leakage" not in validate_project(store, project_id, split=split).problems
    leaked = split.valid_ids[0]
    train_twin = split.train_ids[0]
    store.update_example(train_twin, question=store.get_example(leaked).question.upper() + " ")
    report = validate_project(store, project_id, split=split)
    assert [r.example_id for r in report.problems["leakage"].refs] == [train_twin]
    # Only training examples are billed and counted towards the minimum.
    assert report.cost.n_examples == len(split.train_ids)
    assert report.n_examples == 20


def test_report_text_lists_problems_with_where_they_are(tmp_path):
    bad = (VALIDATE / "bad_special_tokens.jsonl").read_text(encoding="utf-8").splitlines()
    report = validate_file(dataset_with(tmp_path, bad))
    text = validate.render_text(report, "en")
    assert text.startswith("Not ready: 1 blocking errors")
    assert "[special_tokens]" in text and "lines 13" in text
    assert "토큰" in validate.render_text(report, "ko")

"""`python -m core validate`: exit codes 0/1/2, the text report and the --json object."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import COOKBOOK, FIXTURES, ROOT

VALIDATE = FIXTURES / "validate"
JSON_FIELDS = {
    "n_examples",
    "format_errors",
    "warnings",
    "tokens",
    "n_epochs",
    "billed_tokens",
    "estimated_cost_usd",
    "ready",
}


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "core", "validate", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env or os.environ.copy(),
    )


def test_ready_file_exits_0_with_the_report():
    result = run(VALIDATE / "good_chat.jsonl")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Ready to upload: 12 examples")
    assert "o200k_base" in result.stdout and "Traceback" not in result.stderr


def test_blocking_errors_exit_1_and_json_has_exactly_the_issues_fields():
    result = run(COOKBOOK / "toy_chat_fine_tuning.jsonl", "--model", "gpt-3.5-turbo", "--json")
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == JSON_FIELDS
    assert data["n_examples"] == 5 and data["ready"] is False
    assert data["warnings"]["missing_system"] == 1 and data["warnings"]["missing_user"] == 1
    assert set(data["tokens"]) == {"per_example", "total", "assistant_per_example", "encoding", "exact"}
    assert data["tokens"]["encoding"] == "cl100k_base" and data["tokens"]["exact"] is True
    assert data["tokens"]["total"] == sum(data["tokens"]["per_example"])
    assert data["billed_tokens"] == data["tokens"]["total"] * data["n_epochs"]
    assert data["estimated_cost_usd"] > 0


def test_malformed_line_exits_1_naming_line_and_fix(tmp_path):
    path = tmp_path / "data.jsonl"
    path.write_text(
        (VALIDATE / "good_chat.jsonl").read_text(encoding="utf-8")
        + (VALIDATE / "bad_tool_call_arguments_not_json.jsonl").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    result = run(path)
    assert result.returncode == 1
    assert "[tool_call_arguments_not_json]" in result.stdout and "lines 13" in result.stdout


def test_unreadable_files_exit_2_with_a_message_not_a_traceback(tmp_path):
    for target in (COOKBOOK / "01-testing-example.jsonl", VALIDATE / "not_utf8.jsonl", tmp_path / "missing.jsonl"):
        result = run(target)
        assert result.returncode == 2, target
        assert target.name in result.stderr and "Traceback" not in result.stderr
    as_json = run(COOKBOOK / "01-testing-example.jsonl", "--json")
    assert as_json.returncode == 2 and json.loads(as_json.stdout)["error"] == "pretty_json"


def test_leakage_with_a_validation_file_and_korean_report(tmp_path):
    valid = tmp_path / "valid.jsonl"
    valid.write_text(
        (VALIDATE / "good_chat.jsonl").read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8"
    )
    result = run(VALIDATE / "good_chat.jsonl", "--valid", valid, "--json")
    assert json.loads(result.stdout)["warnings"]["leakage"] == 1
    korean = run(VALIDATE / "good_chat.jsonl", "--lang", "ko")
    assert korean.returncode == 0 and "업로드 준비 완료" in korean.stdout


def test_offline_counts_are_flagged_estimates(tmp_path):
    env = {**os.environ, "TIKTOKEN_CACHE_DIR": str(tmp_path)}
    result = run(VALIDATE / "good_chat.jsonl", "--json", env=env)
    assert result.returncode == 0
    assert json.loads(result.stdout)["tokens"]["exact"] is False
    assert "ESTIMATE" in run(VALIDATE / "good_chat.jsonl", env=env).stdout

"""core/dataset/message_format.py: import, the format checks, export and the editor agree on the chat format."""

from __future__ import annotations

import json

import pytest

from core.data.store import Store
from core.dataset import curate, export, importers, message_format, validate
from core.i18n import LANGUAGES, t, tables


def chat_line(role: str) -> dict:
    extra = {"tool_call_id": "call_1"} if role == "tool" else ({"name": "lookup"} if role == "function" else {})
    return {
        "messages": [
            {"role": role, "content": "지시 또는 결과", **extra},
            {"role": "user", "content": "메뉴 추천해 줘"},
            {"role": "assistant", "content": "라테 어때요?"},
        ]
    }


@pytest.mark.parametrize("role", sorted(message_format.ROLES))
def test_every_role_the_checks_accept_also_imports_and_exports_as_written(tmp_path, role):
    record = chat_line(role)
    report = validate.validate_examples([(record, 1, True)])
    assert "unrecognized_role" not in report.problems
    with Store(tmp_path / "ws.sqlite3") as store:
        project = store.create_project("Roles")
        _, preview = importers.preview_file(
            "roles.jsonl", (json.dumps(record, ensure_ascii=False) + "\n").encode(), store.existing_keys(project)
        )
        assert preview.to_add == 1 and not preview.broken_lines
        [example_id] = importers.commit_import(store, project, preview).example_ids
        exported = json.loads("".join(export.iter_chat_jsonl(store, project, [example_id])))
    assert exported == record


def test_a_developer_message_imports():
    line = (
        '{"messages": [{"role": "developer", "content": "짧게 답하세요."}, '
        '{"role": "user", "content": "영업시간이 어떻게 되나요?"}, {"role": "assistant", "content": "9시부터요."}]}'
    )
    _, preview = importers.preview_file("dev.jsonl", (line + "\n").encode())
    assert preview.to_add == 1 and not preview.broken_lines
    assert preview.rows[0].question == "영업시간이 어떻게 되나요?"


def test_an_unknown_role_is_refused_with_the_roles_that_work():
    _, preview = importers.preview_file("robot.jsonl", b'{"messages": [{"role": "robot", "content": "beep"}]}\n')
    (problem,) = preview.broken_lines
    assert problem.key == "questions.broken.bad_role"
    for lang in LANGUAGES:
        assert all(role in problem.message(lang) for role in message_format.ROLES)


def test_the_editor_names_every_role_in_both_languages():
    assert set(curate.ROLES) <= curate.KNOWN_ROLES == message_format.ROLES
    known = tables()
    for role in message_format.ROLES:
        assert all(known[f"curate.role_{role}"][lang].strip() for lang in LANGUAGES)
    assert t("curate.role_developer", "ko") != t("curate.role_system", "ko")

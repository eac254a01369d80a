"""Together's and Fireworks' files: every line parses back and follows the trainer's documented format."""

from __future__ import annotations

import json
from typing import Any

import pytest

from core.data.store import NewExample
from core.dataset import preview, trainer_formats
from core.dataset.trainer_formats import FIREWORKS, TOGETHER

SYSTEM = "당신은 카페 창업 컨설턴트입니다."
# The documented rules, written out here on their own so the test doesn't trust the code it checks.
SFT_MESSAGE_KEYS = {TOGETHER: {"role", "content", "weight"}, FIREWORKS: {"role", "content"}}
ROLES = {"system", "user", "assistant"}
A_MSG = {"role": "assistant", "content": "답", "weight": 1}


def sft_problems(record: Any, trainer: str) -> list[str]:
    """Why ``trainer`` would refuse a supervised line (empty: it accepts it)."""
    if not isinstance(record, dict) or set(record) != {"messages"}:
        return ["top-level keys"]
    messages = record["messages"]
    problems = []
    for message in messages:
        if set(message) - SFT_MESSAGE_KEYS[trainer] or message.get("role") not in ROLES:
            problems.append(f"message keys/role {message}")
        if not isinstance(message.get("content"), str) or not message["content"].strip():
            problems.append("content not text")
        if "weight" in message and (type(message["weight"]) is not int or message["weight"] not in (0, 1)):
            problems.append("weight")
    roles = [m.get("role") for m in messages]
    body = roles[1:] if roles[:1] == ["system"] else roles
    if body[:1] != ["user"] or any(a == b for a, b in zip(body, body[1:], strict=False)) or "system" in body:
        problems.append(f"order {roles}")
    if "assistant" not in roles:
        problems.append("no assistant")
    return problems


def preference_problems(record: Any, trainer: str) -> list[str]:
    if not isinstance(record, dict) or set(record) != {"input", "preferred_output", "non_preferred_output"}:
        return ["top-level keys"]
    if set(record["input"]) != {"messages"}:
        return ["input keys"]
    prompt = record["input"]["messages"]
    problems = [p for p in sft_problems({"messages": prompt + [{"role": "assistant", "content": "x"}]}, trainer)]
    if prompt[-1]["role"] == "assistant":
        problems.append("input ends with the assistant")
    for side in ("preferred_output", "non_preferred_output"):
        output = record[side]
        if len(output) != 1 or set(output[0]) != {"role", "content"} or output[0]["role"] != "assistant":
            problems.append(side)
        elif not isinstance(output[0]["content"], str) or not output[0]["content"].strip():
            problems.append(f"{side} content")
    return problems


def seed(store, n: int = 6) -> tuple[int, list[int]]:
    project_id = store.create_project("p", settings={"training_system_prompt": SYSTEM})
    rows = [NewExample(question=f"질문 {i}", answer=f"답변 {i}", status="approved") for i in range(n)]
    return project_id, store.add_examples(project_id, rows)


def parse(lines: list[str]) -> list[dict[str, Any]]:
    assert all(line.endswith("\n") and line.count("\n") == 1 for line in lines)
    return [json.loads(line) for line in lines]


@pytest.mark.parametrize("trainer", trainer_formats.TRAINERS)
def test_supervised_file_is_one_accepted_line_per_example(store, trainer):
    project_id, ids = seed(store)
    lines = list(trainer_formats.iter_sft_jsonl(store, project_id, ids, trainer))
    assert "답변 0" in lines[0]  # UTF-8 text as is, not \\u escapes
    records = parse(lines)
    assert len(records) == len(ids)
    for i, record in enumerate(records):
        assert sft_problems(record, trainer) == []
        assert record["messages"] == [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"질문 {i}"},
            {"role": "assistant", "content": f"답변 {i}"},
        ]


def test_multi_turn_conversation_keeps_weight_for_together_only(store):
    project_id = store.create_project("p")
    messages = (
        {"role": "developer", "content": "짧게 답하세요.", "name": "rules"},
        {"role": "user", "content": [{"type": "text", "text": "메뉴 "}, {"type": "text", "text": "추천?"}]},
        {"role": "assistant", "content": "라떼요.", "weight": 0, "refusal": None},
        {"role": "user", "content": "다른 건?"},
        {"role": "assistant", "content": "아메리카노요.", "weight": 1},
    )
    [example_id] = store.add_examples(project_id, [NewExample(question="", messages=messages, status="approved")])
    [together] = parse(list(trainer_formats.iter_sft_jsonl(store, project_id, [example_id], TOGETHER)))
    [fireworks] = parse(list(trainer_formats.iter_sft_jsonl(store, project_id, [example_id], FIREWORKS)))
    assert sft_problems(together, TOGETHER) == [] and sft_problems(fireworks, FIREWORKS) == []
    assert together["messages"][0] == {"role": "system", "content": "짧게 답하세요."}
    assert together["messages"][1] == {"role": "user", "content": "메뉴 추천?"}
    assert [m.get("weight") for m in together["messages"]] == [None, None, 0, None, 1]
    assert all("weight" not in m for m in fireworks["messages"])
    assert [m["content"] for m in fireworks["messages"]] == [m["content"] for m in together["messages"]]


def test_tool_turns_are_kept_whole_so_the_checks_can_name_them(store):
    project_id = store.create_project("p")
    call = {"id": "c", "type": "function", "function": {"name": "w", "arguments": "{}"}}
    messages = (
        {"role": "user", "content": "날씨?"},
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "c", "content": "맑음"},
        {"role": "assistant", "content": "맑아요"},
    )
    [example_id] = store.add_examples(project_id, [NewExample(question="", messages=messages, status="approved")])
    [record] = parse(list(trainer_formats.iter_sft_jsonl(store, project_id, [example_id], TOGETHER)))
    assert record["messages"][1:3] == list(messages[1:3])
    assert sft_problems(record, TOGETHER)  # Together would refuse it: the file must not pretend otherwise


@pytest.mark.parametrize("trainer", trainer_formats.TRAINERS)
def test_preference_file_is_one_accepted_line_per_pair(store, trainer):
    project_id, ids = seed(store)
    assert list(trainer_formats.iter_preference_jsonl(store, project_id, trainer)) == []
    store.update_example(ids[0], answer="훨씬 나은 답변 0")
    store.update_example(ids[2], answer="훨씬 나은 답변 2")
    records = parse(list(trainer_formats.iter_preference_jsonl(store, project_id, trainer)))
    assert len(records) == 2
    for record in records:
        assert preference_problems(record, trainer) == []
    assert records[0]["input"]["messages"] == [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": "질문 0"},
    ]
    assert records[0]["preferred_output"] == [{"role": "assistant", "content": "훨씬 나은 답변 0"}]
    assert records[0]["non_preferred_output"] == [{"role": "assistant", "content": "답변 0"}]


def test_preview_offers_each_trainer_file_with_its_name(store, workspace):
    project_id, ids = seed(store, 4)
    store.update_example(ids[1], answer="훨씬 나은 답변")
    builders = preview.download_builders(str(store.path), project_id, ids[:3], ids[3:])
    expected = {
        "together": "together_sft.jsonl",
        "together_dpo": "together_dpo.jsonl",
        "fireworks": "fireworks_sft.jsonl",
        "fireworks_dpo": "fireworks_dpo.jsonl",
    }
    for name, file_name in expected.items():
        got_name, mime, build = builders[name]
        assert (got_name, mime) == (file_name, "application/jsonl")
        records = [json.loads(line) for line in build().decode("utf-8").splitlines()]
        trainer = name.split("_")[0]
        if name.endswith("_dpo"):
            assert len(records) == 1 and preference_problems(records[0], trainer) == []
        else:  # training and validation parts together
            assert [r["messages"][1]["content"] for r in records] == [f"질문 {i}" for i in range(4)]
            assert all(sft_problems(r, trainer) == [] for r in records)


def test_preview_shows_the_lines_in_the_form_the_provider_is_sent(store, workspace):
    project_id = store.create_project("p")
    messages = ({"role": "developer", "content": "짧게"}, {"role": "user", "content": "질문", "name": "kim"}, A_MSG)
    [example_id] = store.add_examples(project_id, [NewExample(question="", messages=messages, status="approved")])
    [(shown_id, record, line)] = preview.shown_examples(str(store.path), project_id, [example_id], provider=TOGETHER)
    assert shown_id == example_id and json.loads(line) == record
    assert record["messages"] == [{"role": "system", "content": "짧게"}, {"role": "user", "content": "질문"}, A_MSG]
    [(_id, openai_record, _line)] = preview.shown_examples(str(store.path), project_id, [example_id])
    assert openai_record["messages"] == list(messages)  # OpenAI's lines keep developer and name


def test_a_preference_file_can_hold_one_side_of_a_split(store):
    project_id, ids = seed(store)
    for i in (0, 1, 2):
        store.update_example(ids[i], answer=f"훨씬 나은 답변 {i}")
    records = parse(list(trainer_formats.iter_preference_jsonl(store, project_id, TOGETHER, ids=[ids[1], ids[2]])))
    assert [r["preferred_output"][0]["content"] for r in records] == ["훨씬 나은 답변 1", "훨씬 나은 답변 2"]

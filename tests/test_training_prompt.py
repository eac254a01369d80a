"""The training system prompt: a project setting, and one action that writes it into examples without one."""

from __future__ import annotations

from core.data.store import NewExample
from core.dataset import export, training_prompt


def test_apply_fills_only_examples_without_a_system_message(store):
    pid = store.create_project("prompt")
    plain, own, conversation, conversation_own = store.add_examples(
        pid,
        [
            NewExample("Q1?", "A1."),
            NewExample("Q2?", "A2.", system_prompt="내 프롬프트"),
            NewExample(
                "Q3?", "A3.", messages=({"role": "user", "content": "Q3?"}, {"role": "assistant", "content": "A3."})
            ),
            NewExample(
                "Q4?",
                "A4.",
                messages=(
                    {"role": "developer", "content": "개발자 지시"},
                    {"role": "user", "content": "Q4?"},
                    {"role": "assistant", "content": "A4."},
                ),
            ),
        ],
    )
    assert training_prompt.apply_to_examples(store, pid) == 0  # no prompt set: nothing to write
    training_prompt.set_prompt(store, pid, "  당신은 카페 창업 컨설턴트입니다.  ")
    assert training_prompt.get_prompt(store, pid) == "당신은 카페 창업 컨설턴트입니다."
    assert training_prompt.count_without_system(store, pid) == 2
    assert training_prompt.apply_to_examples(store, pid) == 2
    assert store.get_example(plain).system_prompt == "당신은 카페 창업 컨설턴트입니다."
    assert store.get_example(own).system_prompt == "내 프롬프트"  # never overwritten
    assert store.get_example(conversation).messages[0] == {
        "role": "system",
        "content": "당신은 카페 창업 컨설턴트입니다.",
    }
    assert store.get_example(conversation).messages[1:] == [
        {"role": "user", "content": "Q3?"},
        {"role": "assistant", "content": "A3."},
    ]
    assert store.get_example(conversation_own).messages[0]["content"] == "개발자 지시"
    assert store.get_example(conversation).answer == "A3." and len(store.answer_history(conversation)) <= 1
    assert training_prompt.count_without_system(store, pid) == 0
    assert training_prompt.apply_to_examples(store, pid) == 0  # a second click changes nothing


def test_the_written_prompt_is_what_the_training_file_holds(store):
    pid = store.create_project("export")
    [conversation] = store.add_examples(
        pid,
        [
            NewExample(
                "Q?",
                "A.",
                status="approved",
                messages=({"role": "user", "content": "Q?"}, {"role": "assistant", "content": "A."}),
            )
        ],
    )
    training_prompt.set_prompt(store, pid, "짧은 학습 프롬프트")
    before = "".join(export.iter_chat_jsonl(store, pid, [conversation]))
    assert "짧은 학습 프롬프트" not in before  # a conversation is used as written…
    training_prompt.apply_to_examples(store, pid)
    after = "".join(export.iter_chat_jsonl(store, pid, [conversation]))
    assert '"role": "system", "content": "짧은 학습 프롬프트"' in after  # …so the action puts it in

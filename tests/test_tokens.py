"""Token counts: the cookbook's convention, each model's encoding, and flagged estimates offline."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import tiktoken

from core import tokens
from core.tokens import TokenCounter, count_example_tokens, count_text_tokens
from tests.conftest import COOKBOOK, ROOT

CONVERSATION = [
    {"role": "system", "content": "당신은 카페 창업 컨설턴트입니다."},
    {"role": "user", "content": "권리금은 얼마가 적당한가요?", "name": "minji"},
    {"role": "assistant", "content": "상권과 매출에 따라 다릅니다."},
]


def cookbook_count(messages, encoding_name):
    """The cookbook's num_tokens_from_messages / num_assistant_tokens_from_messages, written out."""
    encoding = tiktoken.get_encoding(encoding_name)
    total = 0
    for message in messages:
        total += 3
        for key, value in message.items():
            total += len(encoding.encode(value))
            if key == "name":
                total += 1
    assistant = sum(len(encoding.encode(m["content"])) for m in messages if m["role"] == "assistant")
    return total + 3, assistant


@pytest.mark.parametrize(
    ("model", "encoding"),
    [
        ("gpt-4o-mini-2024-07-18", "o200k_base"),
        ("gpt-4.1-nano", "o200k_base"),
        ("ft:gpt-4.1-mini-2025-04-14:org::abc", "o200k_base"),
        ("gpt-3.5-turbo-0125", "cl100k_base"),
    ],
)
def test_counts_match_the_cookbook_with_the_models_encoding(model, encoding):
    count = count_example_tokens(CONVERSATION, model)
    assert (count.total, count.assistant) == cookbook_count(CONVERSATION, encoding)
    assert count.exact and count.encoding == encoding


def test_cookbook_sample_file_counts():
    examples = [
        json.loads(line)["messages"]
        for line in (COOKBOOK / "toy_chat_fine_tuning.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    counts = TokenCounter("gpt-3.5-turbo").count_many(examples)
    assert [(c.total, c.assistant) for c in counts] == [cookbook_count(m, "cl100k_base") for m in examples]


def test_name_adds_one_and_untrained_assistant_turns_are_not_counted():
    plain = count_example_tokens([{"role": "user", "content": "hi"}], "gpt-4o")
    named = count_example_tokens([{"role": "user", "content": "hi", "name": "a"}], "gpt-4o")
    assert named.total == plain.total + 1 + count_text_tokens("a", "gpt-4o")
    weighted = count_example_tokens(
        [{"role": "assistant", "content": "first try", "weight": 0}, {"role": "assistant", "content": "good"}], "gpt-4o"
    )
    assert weighted.assistant == count_text_tokens("good", "gpt-4o")


def test_tool_calls_are_encoded_and_batches_keep_order():
    call = {
        "role": "assistant",
        "content": None,
        "tool_calls": [{"id": "c", "type": "function", "function": {"name": "f", "arguments": "{}"}}],
    }
    count = count_example_tokens([call], "gpt-4o")
    assert count.assistant == count_text_tokens(json.dumps(call["tool_calls"], ensure_ascii=False), "gpt-4o")
    many = [[{"role": "user", "content": "word " * n}] for n in range(1, 30)]
    totals = [c.total for c in TokenCounter("gpt-4o").count_many(many)]
    assert totals == sorted(totals) and len(set(totals)) == len(totals)


def test_offline_gives_flagged_estimates_not_a_crash(monkeypatch):
    def offline(name):
        raise ConnectionError("no internet")

    monkeypatch.setattr(tiktoken, "get_encoding", offline)
    tokens.forget_encodings()
    try:
        count = count_example_tokens(CONVERSATION, "gpt-4o")
        assert count.exact is False and count.total > 3 * len(CONVERSATION)
        assert count_text_tokens("hello world", "gpt-4o") == tokens.estimate_text_tokens("hello world") == 3
    finally:
        tokens.forget_encodings()


def test_offline_in_a_fresh_process_with_an_empty_cache(tmp_path):
    env = {**os.environ, "TIKTOKEN_CACHE_DIR": str(tmp_path)}
    code = (
        "import json; from core.tokens import count_example_tokens;"
        "c = count_example_tokens([{'role': 'user', 'content': '안녕하세요 hello'}], 'gpt-4o');"
        "print(json.dumps([c.total, c.exact]))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    total, exact = json.loads(result.stdout)
    assert exact is False and total > 0


def test_korean_estimate_errs_high():
    text = "카페 창업에 필요한 자금은 얼마인가요?"
    assert tokens.estimate_text_tokens(text) >= count_text_tokens(text, "gpt-4o")

"""Token counting speed: core.tokens vs raw tiktoken (the floor) and vs the cookbook's per-message loop.

100,000 synthetic chat examples (system prompt from a small pool, unique
user/assistant texts, a mix of Korean and English). Each contender runs three
times, interleaved; the best time counts. The raw floor is what the issue
names, ``encode_ordinary_batch`` over every value; a plain ``encode_ordinary``
loop over the same texts is printed too, as a stricter floor. Ratios only (no absolute targets): goal
``ratio_vs_raw_tiktoken`` ≤ 1.3 and ``speedup_vs_cookbook`` ≥ 2.

Run: TIKTOKEN_CACHE_DIR=../shared/tiktoken_cache python bench/tokens.py
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(ROOT.parent / "shared" / "tiktoken_cache"))

import tiktoken  # noqa: E402

from core.tokens import TokenCounter  # noqa: E402

N_EXAMPLES = 100_000
MODEL = "gpt-4o-mini-2024-07-18"
RUNS = 3
WORDS_EN = "coffee shop rent deposit menu price customer latte bean roast staff lease profit margin".split()
WORDS_KO = "카페 창업 권리금 보증금 메뉴 가격 손님 라떼 원두 로스팅 직원 임대 수익 마진".split()
SYSTEMS = [f"당신은 카페 창업 컨설턴트입니다. 규칙 {i}: 실용적으로 답하세요." for i in range(20)]


def synthetic(n: int, seed: int = 1) -> list[list[dict[str, str]]]:
    rng = random.Random(seed)
    examples = []
    for i in range(n):
        words = WORDS_KO if i % 2 else WORDS_EN
        question = " ".join(rng.choices(words, k=rng.randint(8, 20))) + f" #{i}?"
        answer = " ".join(rng.choices(words, k=rng.randint(30, 90))) + f" ({i})."
        examples.append(
            [
                {"role": "system", "content": rng.choice(SYSTEMS)},
                {"role": "user", "content": question},
                {"role": "assistant", "content": answer},
            ]
        )
    return examples


def best_of(function, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    examples = synthetic(N_EXAMPLES)
    encoding = tiktoken.get_encoding(TokenCounter(MODEL).encoding_name)
    texts = [value for messages in examples for message in messages for value in message.values()]

    def raw() -> None:
        encoding.encode_ordinary_batch(texts)

    def cookbook() -> None:
        for messages in examples:  # num_tokens_from_messages + num_assistant_tokens_from_messages
            total = 0
            for message in messages:
                total += 3
                for key, value in message.items():
                    total += len(encoding.encode(value))
                    if key == "name":
                        total += 1
            total += 3
            sum(len(encoding.encode(m["content"])) for m in messages if m["role"] == "assistant")

    counter = TokenCounter(MODEL)

    def ours() -> None:
        counter.count_many(examples)

    assert counter.exact, "the encoding must load (set TIKTOKEN_CACHE_DIR)"

    def raw_loop() -> None:
        for text in texts:
            encoding.encode_ordinary(text)

    # Interleaved, best of RUNS each, so that load from other processes hits every contender alike.
    timings: dict[str, list[float]] = {"raw": [], "raw_loop": [], "ours": [], "cookbook": []}
    for _ in range(RUNS):
        for name, function in (("raw", raw), ("raw_loop", raw_loop), ("ours", ours), ("cookbook", cookbook)):
            timings[name].append(best_of(function, runs=1))
    t_raw, t_raw_loop, t_ours, t_cookbook = (min(timings[n]) for n in ("raw", "raw_loop", "ours", "cookbook"))
    print(
        f"texts: {len(texts):,}; best of {RUNS}: raw encode_ordinary_batch {t_raw:.2f}s, "
        f"raw encode_ordinary loop {t_raw_loop:.2f}s, core.tokens {t_ours:.2f}s, cookbook loop {t_cookbook:.2f}s"
    )
    print(f"core.tokens / raw encode_ordinary loop = {t_ours / t_raw_loop:.3f}")
    print(
        json.dumps(
            {
                "examples": N_EXAMPLES,
                "ratio_vs_raw_tiktoken": round(t_ours / t_raw, 3),
                "speedup_vs_cookbook": round(t_cookbook / t_ours, 2),
            }
        )
    )


if __name__ == "__main__":
    main()

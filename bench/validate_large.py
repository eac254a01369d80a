"""Validating a 500 MB JSONL file as a stream: peak memory of the validating process.

Generates a ~500 MB chat JSONL in a temporary directory (unique examples, Korean
and English), then runs, each in its own fresh process so that ``ru_maxrss``
is that run's own peak:
  1. a plain one-pass read (``json.loads`` of every line, nothing kept),
  2. the app's validator (``core.dataset.validate.validate_file``: every check, exact
     token counts, cost) — the same code behind the Preview page and the CLI.
Goal: peak RSS of (2) ≤ 1 GB. Last line: {"file_mb", "peak_rss_mb", "ratio_vs_one_pass"}.

Run: TIKTOKEN_CACHE_DIR=../shared/tiktoken_cache python bench/validate_large.py [--mb 500]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(ROOT.parent / "shared" / "tiktoken_cache"))
WORDS = (
    "카페 창업 권리금 보증금 메뉴 가격 손님 라떼 원두 로스팅 직원 임대 수익 마진 "
    "coffee shop rent deposit menu price customer latte bean roast staff lease profit margin"
).split()

ONE_PASS = """
import json, resource, sys, time
start = time.perf_counter(); n = 0
with open(sys.argv[1], 'rb') as handle:
    for line in handle:
        if line.strip():
            json.loads(line); n += 1
print(json.dumps({"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "seconds": time.perf_counter() - start, "n": n}))
"""
VALIDATE = """
import json, resource, sys, time
from core.dataset.validate import validate_file
start = time.perf_counter()
report = validate_file(sys.argv[1])
print(json.dumps({"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "seconds": time.perf_counter() - start, "n": report.n_examples, "ready": report.ready,
                  "exact": report.exact, "total_tokens": sum(report.tokens_per_example)}))
"""
IMPORTS_ONLY = """
import json, resource
from core.tokens import TokenCounter
TokenCounter("gpt-4.1-mini").count_text("warm up")
print(json.dumps({"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def generate(path: Path, target_bytes: int, seed: int = 7) -> int:
    """Write unique chat examples until the file reaches ``target_bytes``; returns the example count."""
    rng = random.Random(seed)
    answers = [" ".join(rng.choices(WORDS, k=rng.randint(120, 260))) for _ in range(997)]
    questions = [" ".join(rng.choices(WORDS, k=rng.randint(8, 25))) for _ in range(991)]
    written = n = 0
    with path.open("w", encoding="utf-8") as handle:
        while written < target_bytes:
            line = (
                json.dumps(
                    {
                        "messages": [
                            {"role": "system", "content": "당신은 카페 창업 컨설턴트입니다."},
                            {"role": "user", "content": f"{questions[n % 991]} #{n}?"},
                            {"role": "assistant", "content": f"{answers[n % 997]} ({n})."},
                        ]
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
            handle.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    return n


def run_child(code: str, *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=True, env=os.environ.copy()
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.jsonl"
        n = generate(path, args.mb * 1024 * 1024)
        file_mb = path.stat().st_size / 1024 / 1024
        print(f"generated {n:,} examples, {file_mb:.0f} MB")
        one_pass = run_child(ONE_PASS, str(path))
        imports = run_child(IMPORTS_ONLY)
        validated = run_child(VALIDATE, str(path))
    assert validated["n"] == one_pass["n"] == n and validated["exact"]
    print(
        f"one-pass read: {one_pass['rss_mb']:.0f} MB peak, {one_pass['seconds']:.0f} s; "
        f"validator: {validated['rss_mb']:.0f} MB peak, {validated['seconds']:.0f} s "
        f"({validated['total_tokens']:,} tokens, exact); imports + encoding alone: {imports['rss_mb']:.0f} MB"
    )
    print(
        json.dumps(
            {
                "file_mb": round(file_mb),
                "peak_rss_mb": round(validated["rss_mb"]),
                "ratio_vs_one_pass": round(validated["rss_mb"] / one_pass["rss_mb"], 2),
            }
        )
    )


if __name__ == "__main__":
    main()

"""Synthetic questions: new questions from a topic and examples, or paraphrases of existing ones.

The model is asked for a JSON list; its reply is parsed leniently (a JSON
array, an object holding one, or numbered lines), and every candidate is
compared with the project's questions and with the other candidates so that
near-duplicates are flagged before anyone trains on the same question twice.
New questions land as draft rows tagged ``synthetic`` for review; flagged ones
also get the tag ``near-duplicate`` and the id of the question they resemble.
"""

from __future__ import annotations

import asyncio
import difflib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from core.data import examples as example_rows
from core.data.store import NewExample, Store
from core.pricing import chat_cost_usd
from core.providers.client import ConnectionSettings
from core.providers.request_runner import ChatRequest, ChatResult, Limits, run_requests
from core.tokens import TokenCounter

MODE_NEW = "new"
MODE_PARAPHRASE = "paraphrase"
MODES: tuple[str, ...] = (MODE_NEW, MODE_PARAPHRASE)
MAX_QUESTIONS = 50
MAX_EXAMPLES_IN_PROMPT = 8
# Calibrated on the sample file: its two near-duplicate pairs (입지 / 카페 입지: 0.92,
# 혼자 해도 될까 / 혼자 창업하면 힘들까: 0.40) reach it; its distinct questions stay ≤ 0.32.
NEAR_DUPLICATE_THRESHOLD = 0.4
# Bigram containment catches reordered phrases ("브랜드 … 개인" vs "개인 … 브랜드");
# it is damped because short questions share common endings ("…할까").
CONTAINMENT_WEIGHT = 0.75
TAG_SYNTHETIC = "synthetic"
TAG_NEAR_DUPLICATE = "near-duplicate"
SOURCE_SYNTHETIC = "synthetic"
# Sent to the model, not shown to users.
PROMPT_NEW = ("You write realistic questions that users of an assistant would ask.\n"
              "Topic: {topic}\n"
              "Example questions:\n{examples}\n"
              "Write {n} new, varied questions on this topic, in the same language and tone as the examples. "
              "Do not repeat the examples. Reply with a JSON array of strings only.")
PROMPT_PARAPHRASE = ("Rewrite each question below in {per} different ways a real user might ask it, keeping the "
                     "meaning and the language. Reply with a JSON array of strings only, {n} in total.\n"
                     "Questions:\n{examples}")
_LEADING_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)]|[(]?\d+[)])\s*")
_NON_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Lower case without spaces and punctuation: '카페 입지는?' → '카페입지는'."""
    return _NON_WORD.sub("", text.lower())


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(max(1, len(text) - 1))} if text else set()


def similarity(first: str, second: str) -> float:
    """0..1: how alike two questions read (character sequence, or shared bigrams when reordered)."""
    a, b = normalise(first), normalise(second)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    grams_a, grams_b = _bigrams(a), _bigrams(b)
    containment = len(grams_a & grams_b) / min(len(grams_a), len(grams_b))
    return max(ratio, CONTAINMENT_WEIGHT * containment)


@dataclass(frozen=True)
class Candidate:
    """A generated question and, if it resembles one, the closest existing question."""

    question: str
    similar_to: str | None = None
    similar_id: int | None = None
    score: float = 0.0

    @property
    def near_duplicate(self) -> bool:
        return self.similar_to is not None


@dataclass
class SyntheticResult:
    candidates: list[Candidate] = field(default_factory=list)
    error: str | None = None
    cost_usd: float = 0.0


def near_duplicate_pairs(questions: Sequence[tuple[int, str]],
                         threshold: float = NEAR_DUPLICATE_THRESHOLD) -> list[tuple[int, int, float]]:
    """Pairs (id, id, score) of existing questions that look like near-duplicates of each other."""
    pairs = []
    for index, (first_id, first) in enumerate(questions):
        for second_id, second in questions[index + 1:]:
            score = similarity(first, second)
            if score >= threshold:
                pairs.append((first_id, second_id, round(score, 2)))
    return pairs


def flag_candidates(texts: Sequence[str], existing: Sequence[tuple[int, str]],
                    threshold: float = NEAR_DUPLICATE_THRESHOLD) -> list[Candidate]:
    """Each text with its closest match among ``existing`` and the texts before it, if close enough."""
    seen: list[tuple[int | None, str]] = list(existing)
    candidates: list[Candidate] = []
    for text in texts:
        best_score, best = 0.0, None
        for example_id, question in seen:
            score = similarity(text, question)
            if score > best_score:
                best_score, best = score, (example_id, question)
        if best is not None and best_score >= threshold:
            candidates.append(Candidate(text, best[1], best[0], round(best_score, 2)))
        else:
            candidates.append(Candidate(text))
        seen.append((None, text))
    return candidates


def parse_questions(reply: str) -> list[str]:
    """The questions in a model reply: a JSON array, {"questions": [...]}, or one per line."""
    text = reply.strip()
    fenced = re.search(r"```(?:json)?\s*(.*?)```", text, re.S)
    if fenced:
        text = fenced.group(1).strip()
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        data = next((v for v in data.values() if isinstance(v, list)), None)
    if isinstance(data, list):
        items = [str(item).strip() for item in data if str(item).strip()]
    else:
        items = [_LEADING_MARK.sub("", line).strip().strip('"') for line in text.splitlines()]
    unique: dict[str, None] = {}
    for item in items:
        if item and item not in ("[", "]"):
            unique.setdefault(item, None)
    return list(unique)


def build_messages(mode: str, topic: str, examples: Sequence[str], count: int) -> list[dict[str, str]]:
    listed = "\n".join(f"- {q}" for q in list(examples)[:MAX_EXAMPLES_IN_PROMPT])
    if mode == MODE_PARAPHRASE:
        per = max(1, -(-count // max(1, len(examples[:MAX_EXAMPLES_IN_PROMPT]))))
        prompt = PROMPT_PARAPHRASE.format(per=per, n=count, examples=listed)
    else:
        prompt = PROMPT_NEW.format(topic=topic.strip() or "-", examples=listed or "-", n=count)
    return [{"role": "user", "content": prompt}]


def max_tokens_for(count: int) -> int:
    """The longest answer asked for ``count`` questions (about 80 tokens a question, capped)."""
    return min(4000, 80 * count + 200)


def highest_cost_usd(model: str, *, mode: str, topic: str, examples: Sequence[str], count: int,
                     overrides: dict[str, dict[str, Any]] | None = None) -> float:
    """What ``generate_questions`` can cost at most: its prompt plus the longest answer it allows."""
    count = max(1, min(MAX_QUESTIONS, int(count)))
    prompt = TokenCounter(model).count_many([build_messages(mode, topic, examples, count)])[0].total
    return chat_cost_usd(model, prompt, max_tokens_for(count), overrides=overrides) or 0.0


def generate_questions(connection: ConnectionSettings, model: str, *, mode: str, topic: str,
                       examples: Sequence[str], count: int, existing: Sequence[tuple[int, str]],
                       lang: str = "en", client: object = None) -> SyntheticResult:
    """Ask the model once for ``count`` questions and flag near-duplicates (blocking; a few seconds)."""
    count = max(1, min(MAX_QUESTIONS, int(count)))
    request = ChatRequest(key="synthetic", model=model, messages=build_messages(mode, topic, examples, count),
                          temperature=1.0, max_tokens=max_tokens_for(count))
    results: list[ChatResult] = []
    summary = asyncio.run(run_requests(connection, [request], limits=Limits(max_attempts=4, lang=lang),
                                       on_result=results.append, client=client))  # type: ignore[arg-type]
    if summary.fatal_message:
        return SyntheticResult(error=summary.fatal_message)
    if not results or not results[0].ok:
        return SyntheticResult(error=results[0].error if results else None)
    texts = parse_questions(results[0].text or "")[:count]
    return SyntheticResult(candidates=flag_candidates(texts, existing), cost_usd=results[0].cost_usd)


def existing_questions(store: Store, project_id: int) -> list[tuple[int, str]]:
    return example_rows.live_questions(store, project_id)


def add_candidates(store: Store, project_id: int, candidates: Sequence[Candidate]) -> list[int]:
    """Add candidates as draft rows; near-duplicates are tagged and point at their look-alike."""
    rows = []
    for candidate in candidates:
        tags = (TAG_SYNTHETIC, TAG_NEAR_DUPLICATE) if candidate.near_duplicate else (TAG_SYNTHETIC,)
        extra = ({"near_duplicate_of": candidate.similar_id, "similar_question": candidate.similar_to,
                  "similarity": candidate.score} if candidate.near_duplicate else None)
        rows.append(NewExample(question=candidate.question, tags=tags, extra=extra))
    return store.add_examples(project_id, rows, source=SOURCE_SYNTHETIC)

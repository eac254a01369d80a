"""Synthetic questions: new questions from a topic and examples, or paraphrases of existing ones.

The model is asked for a JSON list; its reply is parsed leniently (a JSON
array, an object holding one, or numbered lines), and every candidate is
compared with the project's questions and with the other candidates so that
near-duplicates are flagged before anyone trains on the same question twice.
New questions land as draft rows tagged ``synthetic`` for review; flagged ones
also get the tag ``near-duplicate`` and the id of the question they resemble.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from core.data import examples as example_rows
from core.data.store import NewExample, Store
from core.pricing import chat_cost_usd
from core.providers.client import ConnectionSettings
from core.providers.request_runner import ChatRequest, ChatResult, Limits, run_requests
from core.tokens import TokenCounter
from core.workflows import runner

if TYPE_CHECKING:
    from openai import AsyncOpenAI

MODE_NEW = "new"
MODE_PARAPHRASE = "paraphrase"
MODES: tuple[str, ...] = (MODE_NEW, MODE_PARAPHRASE)
MAX_QUESTIONS = 50
KIND_SYNTHETIC = "synthetic"  # the runner job kind
MAX_EXAMPLES_IN_PROMPT = 8
# Weighted Dice overlap of the questions' character n-grams, each weighted by its rarity in the set (see
# ``_weighted_grams``), so that an ending most questions share ("…어떻게 해야 할까?", "how do I…") counts
# little and a shared subject counts a lot. Measured: real look-alikes ("입지는 …" / "카페 입지는 …", reordered
# "브랜드 … 개인" / "개인 … 브랜드", "How do I pick a location?" / "… a good location for my cafe?") score
# 0.53 or more; the shipped sample's 40 distinct questions score 0.34 or less, distinct English ones 0.42 or
# less. Plain difflib gave 0.4 and more to distinct sample questions that only share an ending.
NEAR_DUPLICATE_THRESHOLD = 0.5
# Hangul syllables carry about two letters each, so syllable pairs play the role Latin letter triples do.
_HANGUL = re.compile(r"[\u1100-\u11ff\u3131-\u318e\uac00-\ud7a3]")
# Rows compared at once, so a large project's score matrix stays a few MB.
_BLOCK_ROWS = 512
TAG_SYNTHETIC = "synthetic"
TAG_NEAR_DUPLICATE = "near-duplicate"
SOURCE_SYNTHETIC = "synthetic"
# Sent to the model, not shown to users.
PROMPT_NEW = (
    "You write realistic questions that users of an assistant would ask.\n"
    "Topic: {topic}\n"
    "Example questions:\n{examples}\n"
    "Write {n} new, varied questions on this topic, in the same language and tone as the examples. "
    "Do not repeat the examples. Reply with a JSON array of strings only."
)
PROMPT_PARAPHRASE = (
    "Rewrite each question below in {per} different ways a real user might ask it, keeping the "
    "meaning and the language. Reply with a JSON array of strings only, {n} in total.\n"
    "Questions:\n{examples}"
)
_LEADING_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)]|[(]?\d+[)])\s*")
_NON_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Lower case without spaces and punctuation: '카페 입지는?' → '카페입지는'."""
    return _NON_WORD.sub("", text.casefold())


def _grams(text: str) -> frozenset[str]:
    """Character n-grams inside each word: syllable pairs for Korean, letter triples otherwise."""
    grams: set[str] = set()
    for word in _NON_WORD.sub(" ", text.casefold()).split():
        size = 2 if _HANGUL.search(word) else 3
        grams.update([word] if len(word) <= size else (word[i : i + size] for i in range(len(word) - size + 1)))
    return frozenset(grams)


def _weighted_grams(questions: Sequence[str]) -> list[dict[str, int]]:
    """Each question's grams, each weighted by how rare it is in the set: round(log2(questions / holders)).

    A gram held by half the questions or more ("어떻게 … 할까", "how do I") weighs 1, one held by a single
    question of 1,000 weighs 10; so two questions match on what they are about, not on how they end.
    In a set of two, every gram weighs 1: the plain Dice overlap.
    """
    grams = [_grams(q) for q in questions]
    holders = Counter(g for found in grams for g in found)
    total = len(questions)
    return [{g: max(1, round(math.log2(total / holders[g]))) for g in found} for found in grams]


def _as_symbols(weighted: Sequence[dict[str, int]]) -> list[str]:
    """Each question as a string holding one symbol per gram, repeated by its weight, in a fixed order.

    The longest common subsequence of two such strings is exactly the weight of their shared grams, so
    rapidfuzz's ``fuzz.ratio`` on them is the weighted Dice overlap 2·w(A∩B) / (w(A)+w(B)) — computed by its
    fast, multi-core ``process.cdist`` instead of a Python loop over every pair.
    """
    ids: dict[str, int] = {}
    for grams in weighted:
        for gram in sorted(grams):
            ids.setdefault(gram, len(ids))
    return [
        "".join(chr(0x10000 + ids[g]) * w for g, w in sorted(grams.items(), key=lambda item: ids[item[0]]))
        for grams in weighted
    ]


def _symbols(questions: Sequence[str]) -> list[str]:
    return _as_symbols(_weighted_grams(questions))


def similarity(first: str, second: str, context: Sequence[str] = ()) -> float:
    """0..1: how alike two questions read; wording common in ``context`` (other questions) counts little."""
    if not normalise(first) or not normalise(second):
        return 0.0
    if normalise(first) == normalise(second):
        return 1.0
    others = [question for question in context if question not in (first, second)]
    a, b = _symbols([first, second, *others])[:2]
    return fuzz.ratio(a, b) / 100


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


def near_duplicate_pairs(
    questions: Sequence[tuple[int, str]], threshold: float = NEAR_DUPLICATE_THRESHOLD
) -> list[tuple[int, int, float]]:
    """Pairs (id, id, score) of existing questions that look like near-duplicates; every pair is compared."""
    symbols = _symbols([q for _, q in questions])
    cutoff = threshold * 100
    pairs = []
    for start in range(0, len(symbols), _BLOCK_ROWS):
        # Each block against itself and the questions after it: the upper triangle, each pair once.
        scores = process.cdist(
            symbols[start : start + _BLOCK_ROWS], symbols[start:], scorer=fuzz.ratio, score_cutoff=cutoff, workers=-1
        )
        for row, column in zip(*scores.nonzero(), strict=True):
            first, second = start + int(row), start + int(column)
            if second > first and symbols[first] and symbols[second]:
                pairs.append((first, second, round(float(scores[row, column]) / 100, 2)))
    return [(questions[first][0], questions[second][0], score) for first, second, score in sorted(pairs)]


def flag_candidates(
    texts: Sequence[str], existing: Sequence[tuple[int | None, str]], threshold: float = NEAR_DUPLICATE_THRESHOLD
) -> list[Candidate]:
    """Each text with its closest match among ``existing`` and the texts before it, if close enough."""
    seen: list[tuple[int | None, str]] = [*existing, *((None, text) for text in texts)]
    symbols = _symbols([question for _, question in seen])
    scores = (
        process.cdist(symbols[len(existing) :], symbols, scorer=fuzz.ratio, score_cutoff=threshold * 100, workers=-1)
        if texts
        else None
    )
    candidates: list[Candidate] = []
    for index, text in enumerate(texts):
        before = len(existing) + index
        row = scores[index, :before] if scores is not None and before else None
        best = int(row.argmax()) if row is not None and symbols[before] else -1
        if row is not None and best >= 0 and row[best] > 0:
            candidates.append(Candidate(text, seen[best][1], seen[best][0], round(float(row[best]) / 100, 2)))
        else:
            candidates.append(Candidate(text))
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


def highest_cost_usd(
    model: str,
    *,
    mode: str,
    topic: str,
    examples: Sequence[str],
    count: int,
    overrides: dict[str, dict[str, Any]] | None = None,
) -> float:
    """What ``generate_questions`` can cost at most: its prompt plus the longest answer it allows."""
    count = max(1, min(MAX_QUESTIONS, int(count)))
    prompt = TokenCounter(model).count_many([build_messages(mode, topic, examples, count)])[0].total
    return chat_cost_usd(model, prompt, max_tokens_for(count), overrides=overrides) or 0.0


async def generate_questions(
    connection: ConnectionSettings,
    model: str,
    *,
    mode: str,
    topic: str,
    examples: Sequence[str],
    count: int,
    existing: Sequence[tuple[int, str]],
    lang: str = "en",
    client: AsyncOpenAI | None = None,
) -> SyntheticResult:
    """Ask the model once for ``count`` questions and flag near-duplicates (a few seconds)."""
    count = max(1, min(MAX_QUESTIONS, int(count)))
    request = ChatRequest(
        key="synthetic",
        model=model,
        messages=build_messages(mode, topic, examples, count),
        temperature=1.0,
        max_tokens=max_tokens_for(count),
    )
    results: list[ChatResult] = []
    summary = await run_requests(
        connection, [request], limits=Limits(max_attempts=4, lang=lang), on_result=results.append, client=client
    )
    if summary.fatal_message:
        return SyntheticResult(error=summary.fatal_message)
    if not results or not results[0].ok:
        return SyntheticResult(error=results[0].error if results else None)
    texts = parse_questions(results[0].text or "")[:count]
    return SyntheticResult(candidates=flag_candidates(texts, existing), cost_usd=results[0].cost_usd)


def job_name(project_id: int, session_id: str) -> str:
    """One "more questions" job per project and browser session at a time."""
    return f"synthetic-{project_id}-{session_id}"


def start(
    store: Store,
    project_id: int,
    connection: ConnectionSettings,
    model: str,
    *,
    mode: str,
    topic: str,
    examples: Sequence[str],
    count: int,
    lang: str,
    session_id: str,
) -> bool:
    """Write new questions in the background; they land as tagged drafts and the job's outcome says how many.

    Runs in the one background runner, so the page never waits on the model; it
    polls ``runner.outcome(job_name(…))``. False when this session's job is still running.
    """
    existing, path = existing_questions(store, project_id), store.path

    async def work() -> SyntheticResult:
        result = await generate_questions(
            connection, model, mode=mode, topic=topic, examples=examples, count=count, existing=existing, lang=lang
        )
        if result.candidates:
            with Store(path) as own:
                add_candidates(own, project_id, result.candidates)
        return result

    return runner.start_background(job_name(project_id, session_id), work, kind=KIND_SYNTHETIC, project_id=project_id)


def existing_questions(store: Store, project_id: int) -> list[tuple[int, str]]:
    return example_rows.live_questions(store, project_id)


def add_candidates(store: Store, project_id: int, candidates: Sequence[Candidate]) -> list[int]:
    """Add candidates as draft rows; near-duplicates are tagged and point at their look-alike."""
    rows = []
    for candidate in candidates:
        tags = (TAG_SYNTHETIC, TAG_NEAR_DUPLICATE) if candidate.near_duplicate else (TAG_SYNTHETIC,)
        extra = (
            {
                "near_duplicate_of": candidate.similar_id,
                "similar_question": candidate.similar_to,
                "similarity": candidate.score,
            }
            if candidate.near_duplicate
            else None
        )
        rows.append(NewExample(question=candidate.question, tags=tags, extra=extra))
    return store.add_examples(project_id, rows, source=SOURCE_SYNTHETIC)

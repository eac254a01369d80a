"""Benchmark: flagging near-duplicates among 10,000 questions, against the difflib code it replaced.

Builds QUESTIONS questions deterministically, half Korean and half English, from café-startup
templates that share their endings the way real questions do ("…어떻게 해야 할까?", "How do I…"),
and plants PLANTED look-alikes: a question reworded slightly (a word added or dropped, a politer
ending, two phrases swapped, "How do I" → "How can I"). Then it times
``core.workflows.synthetic.near_duplicate_pairs`` on all of them, every pair compared.

The difflib code it replaced (kept below, verbatim, as the baseline) is far too slow for all
10,000² / 2 pairs, so it is timed on the first DIFFLIB_SUBSET questions and the time is extrapolated
by the number of pairs (n²); the output says so. Recall is the share of planted pairs each method
flags; for difflib it is its score of each planted pair (its score of a pair does not depend on the
other questions). On the subset both methods are also run side by side, to show how many pairs each
flags there: mostly distinct template questions that share their wording, for difflib.

Last line: one JSON object, e.g. {"questions": 10000, "seconds": …, "difflib_seconds_extrapolated": …,
"speedup": …, "planted_found": …}. The goal is a speedup of at least 20.
Run: python bench/near_duplicates.py
"""

from __future__ import annotations

import difflib
import json
import random
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.dataset.sample import sample_questions  # noqa: E402
from core.i18n import resolve_particles  # noqa: E402
from core.workflows import synthetic  # noqa: E402

QUESTIONS = 10_000
PLANTED = 500
DIFFLIB_SUBSET = 800
GOAL_SPEEDUP = 20
SEED = 16

KO_PLACES = [
    "서울",
    "부산",
    "대구",
    "인천",
    "광주",
    "대전",
    "울산",
    "수원",
    "제주",
    "전주",
    "강릉",
    "춘천",
    "청주",
    "천안",
    "포항",
    "창원",
    "김해",
    "세종",
    "일산",
    "분당",
]
KO_SHOPS = [
    "카페",
    "디저트 카페",
    "베이커리 카페",
    "테이크아웃 매장",
    "로스터리",
    "브런치 카페",
    "스터디 카페",
    "애견 카페",
    "북카페",
    "키즈 카페",
]
KO_TOPICS = [
    "임대료",
    "권리금",
    "인테리어 비용",
    "원두 가격",
    "메뉴 구성",
    "직원 급여",
    "배달 수수료",
    "카드 수수료",
    "전기 요금",
    "영업시간",
    "좌석 수",
    "간판",
    "포장 용기",
    "재고 관리",
    "위생 점검",
    "보험",
    "세금 신고",
    "마케팅 예산",
    "리뷰 관리",
    "단골 이벤트",
    "시즌 메뉴",
    "커피 머신 수리",
    "정수기 필터",
    "냉장고 용량",
    "음악 저작권료",
]
KO_FORMS = [
    "{place} {shop}의 {topic}은(는) 어떻게 정해야 할까?",
    "{place}에서 {shop}을(를) 할 때 {topic}은(는) 어느 정도가 적당할까?",
    "{place} {shop} {topic}, 얼마나 잡아야 할까?",
    "{shop}을(를) {place}에 열면 {topic}은(는) 어떻게 관리해야 할까?",
    "{place} {shop}의 {topic}을(를) 줄이려면 어떻게 해야 할까?",
]
EN_PLACES = [
    "Seoul",
    "Busan",
    "a college town",
    "a suburb",
    "a train station",
    "a business district",
    "a beach town",
    "a shopping mall",
    "a hospital lobby",
    "an office park",
    "a small village",
    "a tourist street",
    "a university campus",
    "a residential block",
    "an airport",
    "a market square",
    "a ski resort",
    "a harbour",
    "a highway rest stop",
    "a night market",
]
EN_SHOPS = [
    "cafe",
    "bakery cafe",
    "coffee kiosk",
    "roastery",
    "brunch place",
    "study cafe",
    "dog cafe",
    "book cafe",
    "dessert bar",
    "drive-through coffee stand",
]
EN_TOPICS = [
    "rent",
    "key money",
    "fit-out budget",
    "bean prices",
    "menu size",
    "staff wages",
    "delivery fees",
    "card fees",
    "power bill",
    "opening hours",
    "seat count",
    "signage",
    "takeaway packaging",
    "stock control",
    "hygiene inspection",
    "insurance",
    "tax filing",
    "marketing budget",
    "online reviews",
    "loyalty stamps",
    "seasonal drinks",
    "machine repairs",
    "water filters",
    "fridge space",
    "music licensing",
]
EN_FORMS = [
    "How do I plan the {topic} for a {shop} in {place}?",
    "What {topic} is normal for a {shop} in {place}?",
    "How much should a {shop} in {place} budget for {topic}?",
    "If I open a {shop} in {place}, how should I manage {topic}?",
    "How can a {shop} in {place} cut its {topic}?",
]


def _fill(form: str, **values: str) -> str:
    return resolve_particles(form, values).format(**values)


def _korean_variant(question: str, rng: random.Random) -> str:
    choice = rng.randrange(4)
    if choice == 0:
        return question.replace("할까?", "할까요?") if "할까?" in question else "혹시 " + question
    if choice == 1:
        return "혹시 " + question
    if choice == 2:
        head, _, tail = question.partition(" ")
        return f"{tail.rstrip('?')} ({head})?"
    return question.replace("어떻게", "어떤 식으로").replace("어느 정도가", "얼마가")


def _english_variant(question: str, rng: random.Random) -> str:
    choice = rng.randrange(4)
    if choice == 0:
        return question.replace("How do I", "How can I").replace("How much should", "How much does")
    if choice == 1:
        return question.rstrip("?") + " these days?"
    if choice == 2:
        return question.lower().replace("?", "")
    return "Quick question: " + question.replace("What", "Which")


def build_questions() -> tuple[list[str], list[tuple[int, int]]]:
    """QUESTIONS distinct questions, and the (index, index) pairs planted as look-alikes."""
    rng = random.Random(SEED)
    combos = {
        "ko": [(f, p, s, t) for f in KO_FORMS for p in KO_PLACES for s in KO_SHOPS for t in KO_TOPICS],
        "en": [(f, p, s, t) for f in EN_FORMS for p in EN_PLACES for s in EN_SHOPS for t in EN_TOPICS],
    }
    base_count = QUESTIONS - PLANTED - len(sample_questions())
    picked = rng.sample(combos["ko"], base_count // 2) + rng.sample(combos["en"], base_count - base_count // 2)
    questions = list(sample_questions()) + [_fill(form, place=p, shop=s, topic=t) for form, p, s, t in picked]
    questions = list(dict.fromkeys(questions))
    planted: list[tuple[int, int]] = []
    for original in rng.sample(range(len(questions)), PLANTED):
        text = questions[original]
        korean = bool(re.search(r"[가-힣]", text))
        variant = _korean_variant(text, rng) if korean else _english_variant(text, rng)
        if variant in questions or variant == text:
            variant = ("혹시 " if korean else "Honestly, ") + text
        planted.append((original, len(questions)))
        questions.append(variant)
    order = list(range(len(questions)))
    rng.shuffle(order)
    position = {old: new for new, old in enumerate(order)}
    return [questions[i] for i in order], [tuple(sorted((position[a], position[b]))) for a, b in planted]


# --- The code this replaced, verbatim: difflib over the whole question, or damped bigram containment.
OLD_THRESHOLD = 0.4
OLD_CONTAINMENT_WEIGHT = 0.75
_OLD_NON_WORD = re.compile(r"[\W_]+")


def _old_normalise(text: str) -> str:
    return _OLD_NON_WORD.sub("", text.lower())


def _old_bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(max(1, len(text) - 1))} if text else set()


def old_similarity(first: str, second: str) -> float:
    a, b = _old_normalise(first), _old_normalise(second)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    grams_a, grams_b = _old_bigrams(a), _old_bigrams(b)
    containment = len(grams_a & grams_b) / min(len(grams_a), len(grams_b))
    return max(ratio, OLD_CONTAINMENT_WEIGHT * containment)


def old_near_duplicate_pairs(questions: Sequence[tuple[int, str]]) -> list[tuple[int, int, float]]:
    pairs = []
    for index, (first_id, first) in enumerate(questions):
        for second_id, second in questions[index + 1 :]:
            score = old_similarity(first, second)
            if score >= OLD_THRESHOLD:
                pairs.append((first_id, second_id, round(score, 2)))
    return pairs


def _pair_count(n: int) -> int:
    return n * (n - 1) // 2


def main() -> None:
    questions, planted = build_questions()
    rows = list(enumerate(questions))
    print(
        f"{len(questions)} questions ({sum(bool(re.search(r'[가-힣]', q)) for q in questions)} Korean), "
        f"{len(planted)} planted look-alike pairs, e.g.:"
    )
    for a, b in planted[:4]:
        print(f"  {questions[a]!r} ~ {questions[b]!r}")

    started = time.perf_counter()
    pairs = synthetic.near_duplicate_pairs(rows)
    seconds = time.perf_counter() - started
    found = {(a, b) for a, b, _ in pairs}
    planted_found = sum(pair in found for pair in planted)
    print(
        f"rapidfuzz, all {_pair_count(len(rows)):,} pairs: {seconds:.2f} s, {len(pairs)} pairs flagged, "
        f"{planted_found}/{len(planted)} planted found"
    )

    subset = rows[:DIFFLIB_SUBSET]
    started = time.perf_counter()
    old_subset_pairs = old_near_duplicate_pairs(subset)
    old_subset_seconds = time.perf_counter() - started
    extrapolated = old_subset_seconds * _pair_count(len(rows)) / _pair_count(len(subset))
    new_subset_pairs = synthetic.near_duplicate_pairs(subset)
    old_planted_found = sum(old_similarity(questions[a], questions[b]) >= OLD_THRESHOLD for a, b in planted)
    print(
        f"difflib, first {len(subset)} questions ({_pair_count(len(subset)):,} pairs): {old_subset_seconds:.2f} s; "
        f"EXTRAPOLATED by pair count to {len(rows)} questions: {extrapolated:.0f} s (not run in full)"
    )
    print(
        f"  on those {len(subset)} questions difflib flags {len(old_subset_pairs)} pairs, rapidfuzz "
        f"{len(new_subset_pairs)}; difflib scores {old_planted_found}/{len(planted)} planted pairs as look-alikes"
    )
    for a, b, score in old_subset_pairs[:3]:
        print(f"  difflib flags {questions[a]!r} ~ {questions[b]!r} ({score})")

    speedup = extrapolated / seconds
    print(f"speedup {speedup:.0f}x (goal {GOAL_SPEEDUP}x): {'met' if speedup >= GOAL_SPEEDUP else 'NOT met'}")
    print(
        json.dumps(
            {
                "questions": len(rows),
                "seconds": round(seconds, 2),
                "difflib_subset": len(subset),
                "difflib_subset_seconds": round(old_subset_seconds, 2),
                "difflib_seconds_extrapolated": round(extrapolated, 1),
                "speedup": round(speedup, 1),
                "planted": len(planted),
                "planted_found": planted_found,
                "difflib_planted_found": old_planted_found,
                "pairs_flagged": len(pairs),
                "subset_pairs_flagged": len(new_subset_pairs),
                "difflib_subset_pairs_flagged": len(old_subset_pairs),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()

"""Questions written from 1,000 stored chunks under an enforced rate limit: ``python -m bench.document_questions``.

The Documents step's real path: the chunks are stored in a throw-away SQLite
workspace (``add_document`` with ``NewChunk``s), read back as the page reads
them (``stored_sources``), and ``grounded.write_questions`` asks for
``PER_CHUNK`` questions on each through ``run_requests`` with the limits it
uses in the app (``Limits(lang=…)``: the engine's defaults, corrected from the
``x-ratelimit-*`` headers). ``grounded.add_questions`` then writes the rows.
The page runs the same two calls inside the background runner; the bench calls
them directly so it can time them.

The stand-in (bench/generation.py's ``StandInProcess``, its own process)
enforces RPM_LIMIT over a sliding 60 s window, and a TPM limit set so that RPM
binds. 1,000 requests at 600 RPM: a fresh limit lets the first minute's 600 go
at once, the other 400 must wait for slots to free up. Sustained utilisation is
measured as in bench/generation.py: 60 s over the mean time between two uses of
the same slot (1.0 = no moment of the limit lost). The chunk texts are Korean
café-manual sentences built from varied parts, so that near-duplicate flagging
(which tags rows, it never drops them) has little to flag; flagged rows are
counted separately. Last line: one JSON object with the figures.
"""

from __future__ import annotations

import asyncio
import json
import random
import tempfile
import time
from pathlib import Path

from openai import AsyncOpenAI

from bench.generation import StandInProcess
from core.data.documents import NewChunk, add_document
from core.data.store import Store
from core.dataset.documents.sources import stored_sources
from core.providers.request_runner import estimate_request_tokens
from core.workflows import grounded, synthetic

CHUNKS = 1000
PER_CHUNK = 2
RPM_LIMIT = 600
LATENCY_S = 0.2
MODEL = "gpt-4.1-mini-2025-04-14"
GOAL_UTILISATION = 0.9
SEED = 16

# Parts of café-manual sentences. Each sentence takes a few of them in a random order, so that the
# questions the stand-in builds from the sentences are rarely near-duplicates of each other.
WORDS = (
    "에스프레소 원두 우유 스팀피처 콜드브루 바닐라시럽 카라멜소스 녹차파우더 휘핑크림 샌드위치 치즈케이크 머핀반죽 "
    "종이컵 뚜껑 빨대 냅킨 제빙기 포터필터 그라인더 디카페인 오트밀크 레몬청 자몽에이드 초콜릿 시나몬 꿀 탄산수 "
    "아메리카노 라떼 모카 스콘 베이글 쿠키 와플 아이스티 허브차 홍차 밀크티 딸기 블루베리 망고 바나나 요거트 "
    "냉장고 냉동고 오븐 전자레인지 블렌더 정수기 계량컵 저울 타이머 행주 세제 소독제 장갑 앞치마 위생모 "
    "영수증 기프티콘 쿠폰 적립카드 포인트 키오스크 포스기 카드단말기 현금함 예약장부 배달앱 진열대 "
    "테라스 주방 창고 계산대 세척실 화장실 출입문 간판 조명 에어컨 환풍기 배수구 쓰레기통 분리수거함 "
    "매니저 점장 바리스타 아르바이트생 손님 단골 배송기사 점검원 본사 협력업체"
).split()
DOING = (
    "확인합니다 기록합니다 정리합니다 헹굽니다 말립니다 보고합니다 입력합니다 닦습니다 소독합니다 교체합니다 "
    "보관합니다 옮깁니다 나눕니다 폐기합니다 채웁니다 잠급니다 켭니다 끕니다 데웁니다 식힙니다 섞습니다 "
    "붓습니다 거릅니다 포장합니다 안내합니다 환불합니다 교환합니다 점검합니다 주문합니다 반납합니다"
).split()
# (after a final consonant, after a vowel): the particle that fits the word before it.
LINKS = [("을", "를"), ("은", "는"), ("이", "가"), ("과", "와"), ("의", "의"), ("에", "에"), ("으로", "로")]
LINKS += [("에서", "에서"), ("까지", "까지"), ("부터", "부터"), ("마다", "마다"), ("보다", "보다")]


def with_particle(word: str, pick: random.Random) -> str:
    has_final = (ord(word[-1]) - 0xAC00) % 28 != 0
    after_consonant, after_vowel = pick.choice(LINKS)
    return word + (after_consonant if has_final else after_vowel)


def sentence(pick: random.Random) -> str:
    words = [with_particle(pick.choice(WORDS), pick) for _ in range(pick.randint(5, 8))]
    at = pick.randint(0, len(words))
    words.insert(at, f"{pick.randint(2, 980)}{pick.choice(['분', '그램', '개', '도', '밀리리터', '번'])}")
    return " ".join(words) + f" {pick.choice(DOING)}."


def chunk_texts(count: int) -> list[tuple[str, str]]:
    """(heading, text) pairs, PER_CHUNK sentences each, drawn from varied parts with a fixed seed."""
    pick = random.Random(SEED)
    return [
        (f"{index // 10 + 1}.{index % 10 + 1}", " ".join(sentence(pick) for _ in range(PER_CHUNK)))
        for index in range(count)
    ]


def store_chunks(store: Store, project_id: int) -> None:
    texts = chunk_texts(CHUNKS)
    markdown = "\n\n".join(f"## {heading}\n\n{text}" for heading, text in texts)
    add_document(
        store,
        project_id,
        name="카페 운영 매뉴얼.md",
        kind="md",
        size_bytes=len(markdown.encode()),
        markdown=markdown,
        chunk_size=1000,
        chunk_overlap=0,
        new_chunks=[NewChunk(i, heading, text) for i, (heading, text) in enumerate(texts)],
    )


async def write(standin: StandInProcess, store: Store, project_id: int) -> tuple[float, grounded.ChunkQuestions]:
    chunks = stored_sources(store, project_id)
    existing = synthetic.existing_questions(store, project_id)
    client = AsyncOpenAI(api_key="sk-bench", base_url=standin.base_url, max_retries=0, timeout=60)
    started = time.perf_counter()
    outcome = await grounded.write_questions(
        standin.connection(),
        MODEL,
        chunks,
        style=grounded.STYLE_CUSTOMER,
        per_chunk=PER_CHUNK,
        existing=existing,
        lang="ko",
        client=client,
    )
    elapsed = time.perf_counter() - started
    await client.close()
    return elapsed, outcome


def sustained_utilisation(admitted: list[float]) -> float:
    """60 s over the mean time before a slot of the sliding window is used again (bench/generation.py)."""
    gaps = [later - earlier for earlier, later in zip(admitted, admitted[RPM_LIMIT:], strict=False)]
    return 60.0 / (sum(gaps) / len(gaps)) if gaps else 0.0


def main() -> None:
    standin = StandInProcess()
    folder = tempfile.TemporaryDirectory(prefix="bench-document-questions-")
    try:
        with Store(Path(folder.name) / "ws.sqlite3") as store:
            project_id = store.create_project("Bench")
            store_chunks(store, project_id)
            sample = grounded.question_requests(MODEL, stored_sources(store, project_id)[:1], "customer", PER_CHUNK)
            tpm = int(estimate_request_tokens(sample[0]) * RPM_LIMIT * 1.5)
            standin.control("/_standin/reset")
            standin.control("/_standin/configure", {"latency_s": LATENCY_S, "rpm": RPM_LIMIT, "tpm": tpm})
            elapsed, outcome = asyncio.run(write(standin, store, project_id))
            grounded.add_questions(store, project_id, outcome.candidates)
            landed = store.count_examples(project_id)
        log = standin.chat_log()
        statuses = [status for _, status in log]
        admitted = sorted(at for at, status in log if status == 200)
        requested = CHUNKS * PER_CHUNK
        flagged = sum(1 for _, candidate in outcome.candidates if candidate.near_duplicate)
        # add_questions tags near-duplicates and still adds them, so every landed row counts once.
        lost = requested - landed
        utilisation = sustained_utilisation(admitted)
        # With a fresh 60 s window no run can end before the last allowance it needs opens, plus one answer.
        least_possible = 60.0 * ((len(admitted) - 1) // RPM_LIMIT) + LATENCY_S
        print(f"chunks: {CHUNKS} ({PER_CHUNK} questions asked per chunk, one request each)")
        print(f"questions requested: {requested}; landed as rows: {landed}, of which flagged near-duplicate: {flagged}")
        print(f"lost rows: {lost}; failed chunks: {outcome.failed}; error: {outcome.error}")
        print(f"elapsed: {elapsed:.1f} s at {RPM_LIMIT} RPM / {tpm} TPM (RPM binds), stand-in latency {LATENCY_S} s")
        print(
            f"sustained utilisation of the RPM limit: {utilisation:.1%} (slot reuse after the first minute's "
            f"allowance, over {max(0, len(admitted) - RPM_LIMIT)} reused slots); elapsed against the least possible "
            f"{least_possible:.1f} s: {least_possible / elapsed:.1%}"
        )
        print(f"rate-limit (429) answers: {statuses.count(429)} of {len(statuses)} chat requests")
        print(
            json.dumps(
                {
                    "chunks": CHUNKS,
                    "questions_requested": requested,
                    "questions_landed": landed,
                    "flagged_near_duplicates": flagged,
                    "lost_rows": lost,
                    "elapsed_s": round(elapsed, 1),
                    "rpm_limit": RPM_LIMIT,
                    "sustained_utilisation": round(utilisation, 3),
                    "least_possible_s": round(least_possible, 1),
                    "elapsed_vs_least_possible": round(least_possible / elapsed, 3),
                    "rate_limited_429": statuses.count(429),
                    "goal_utilisation": GOAL_UTILISATION,
                    "meets_goal": utilisation >= GOAL_UTILISATION and lost == 0,
                }
            )
        )
    finally:
        standin.stop()
        folder.cleanup()


if __name__ == "__main__":
    main()

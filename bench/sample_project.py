"""The 10,000-example project that the Curate and memory benchmarks open.

Long Korean answers, tags, all three statuses, and every 20th example a
multi-turn conversation (one with a ``weight: 0`` turn), so that the pages do
the same work they do for a real, large project.
"""

from __future__ import annotations

from pathlib import Path

EXAMPLES = 10_000
STATUSES = ("draft", "approved", "rejected")


def fill_large_project(workspace: Path | str, name: str = "Bench", examples: int = EXAMPLES) -> int:
    """Create the project in ``workspace`` and return its id."""
    from core.data.store import NewExample, Store

    rows = []
    for i in range(examples):
        if i % 20 == 0:
            rows.append(
                NewExample(
                    "",
                    status=STATUSES[i % 3],
                    messages=(
                        {"role": "system", "content": "당신은 카페 창업 컨설턴트입니다."},
                        {"role": "user", "content": f"질문 {i}: 임대료는 얼마가 적당할까요?"},
                        {"role": "assistant", "content": "지역에 따라 다릅니다. " * 10, "weight": 0},
                        {"role": "user", "content": "서울이라면요?"},
                        {"role": "assistant", "content": "서울은 보증금과 권리금을 함께 봐야 합니다. " * 8},
                    ),
                )
            )
        else:
            rows.append(
                NewExample(
                    f"질문 {i}: 카페 창업에 필요한 것은 무엇인가요? question {i}",
                    ("상권 분석, 자금 계획, 메뉴 구성이 필요합니다. " * 15) + str(i),
                    tags=("rent", "menu")[: 1 + i % 2],
                    status=STATUSES[i % 3],
                )
            )
    with Store(workspace) as store:
        project_id = store.create_project(name)
        store.add_examples(project_id, rows)
    return project_id

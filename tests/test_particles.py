"""Korean particles after a name: 을/를, 이/가, 은/는, 과/와, (으)로 picked from the name's last sound."""

from __future__ import annotations

import re

import pytest

from core.i18n import PARTICLE_PAIRS, particle, resolve_particles, t, tables


@pytest.mark.parametrize(
    ("word", "pair", "expected"),
    [
        ("엑셀 카페 질문", "을(를)", "을"),  # 문: final ㄴ
        ("카페", "을(를)", "를"),
        ("“엑셀 카페 질문”", "을(를)", "을"),  # closing quotes don't count
        ("DPO 쌍 #1", "을(를)", "을"),  # 1 = 일
        ("#2", "이(가)", "가"),  # 2 = 이
        ("#3", "은(는)", "은"),  # 3 = 삼
        ("gpt-4o-mini", "을(를)", "를"),  # i = 아이
        ("model-L", "이(가)", "이"),  # L = 엘
        ("CSV", "은(는)", "는"),  # V = 브이
        ("data.jsonl", "과(와)", "과"),  # l = 엘
        ("서울", "(으)로", "로"),  # ㄹ takes 로
        ("파일 7", "(으)로", "로"),  # 7 = 칠
        ("집", "(으)로", "으로"),
        ("카페", "(으)로", "로"),
        ("80%", "이(가)", "가"),  # % = 퍼센트
        ("東京", "을(를)", "을(를)"),  # can't tell: keep both
        ("", "은(는)", "은(는)"),
    ],
)
def test_particle_follows_the_last_sound(word, pair, expected):
    assert particle(word, pair) == expected


def test_templates_get_the_right_particle_after_a_placeholder():
    assert t("sidebar.created", "ko", name="엑셀 카페 질문") == "프로젝트 “엑셀 카페 질문”을 만들었습니다."
    assert t("sidebar.created", "ko", name="카페") == "프로젝트 “카페”를 만들었습니다."
    assert "DPO 쌍 #1을 저장했습니다" in t("compare.added_pair", "ko", id=3, pair=1)
    assert "DPO 쌍 #2를 저장했습니다" in t("compare.added_pair", "ko", id=3, pair=2)
    assert resolve_particles("{a}이(가) {b}", {"b": "x"}) == "{a}이(가) {b}"  # no value: left as written


# The placeholder sits in a parenthesis there: the particle follows the word before it (토큰(정확히 셈)과).
AFTER_A_PARENTHESIS = {
    "generate.estimate_help",
    "questions.problem.rows_above_header",
    "urlstate.project_missing",
    "compare.saved_pair",
}


def test_no_korean_template_hard_codes_a_particle_after_a_placeholder():
    """A name's particle depends on the name: write "{name}을(를)", which t() resolves."""
    fixed = re.compile(r"\{\w+\}[\"'”’)\]]*(을|를|이|가|은|는|과|와|으로|로)(?![(가-힣])")
    pairs = "|".join(re.escape(p) for p in PARTICLE_PAIRS)
    offenders = [
        key
        for key, texts in tables().items()
        if key not in AFTER_A_PARENTHESIS
        and fixed.search(re.sub(r"\{\w+\}[\"'”’)\]]*(" + pairs + ")", "", texts["ko"]))
    ]
    assert offenders == []

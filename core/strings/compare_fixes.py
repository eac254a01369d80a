"""Strings of the Compare page added with the newest-run, judge, model-list and duplicate fixes."""

STRINGS: dict[str, dict[str, str]] = {
    "compare.choice.no_verdict": {"en": "No verdict", "ko": "판정 없음"},
    "compare.no_verdict": {
        "en": "The judge gave no verdict on {count} pair(s): {reason} These pairs are left out of the win rates; "
              "run the judge again (perhaps with another model) to ask about them again.",
        "ko": "심사 모델이 {count}개 쌍에 판정을 내리지 못했습니다. {reason} 이 쌍들은 승률에서 뺐습니다. "
              "심사를 다시 실행하면(다른 모델로 바꿔도 됩니다) 이 쌍들을 다시 묻습니다."},
    "compare.no_verdict_reason.empty": {"en": "its reply was empty.", "ko": "답이 비어 있었습니다."},
    "compare.no_verdict_reason.unreadable": {
        "en": "it replied “{reply}”, which is not 1, 2 or tie.",
        "ko": "“{reply}”라고 답했는데, 1, 2, tie 중 어느 것도 아닙니다."},
    "compare.col_voter": {"en": "Votes by", "ko": "평가 주체"},
}

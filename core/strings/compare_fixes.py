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
    "compare.pick_help_listed": {
        "en": "Your project's fine-tuned models and checkpoints come first, then the models your connection lists. "
              "For a model on another server, use “Add a model on another endpoint”.",
        "ko": "프로젝트의 파인튜닝 모델과 체크포인트가 먼저, 그다음 연결된 서버가 알려 준 모델이 나옵니다. "
              "다른 서버의 모델은 ‘다른 엔드포인트의 모델 추가’로 넣으세요."},
    "compare.pick_placeholder_listed": {"en": "Choose models", "ko": "모델을 고르세요"},
    "compare.models_fallback": {
        "en": "Couldn't list your connection's models ({reason}); showing the models the app knows.",
        "ko": "연결된 서버의 모델 목록을 가져오지 못했습니다 ({reason}). 앱이 아는 모델을 보여 줍니다."},
    "compare.refresh_models": {"en": "Refresh the model list", "ko": "모델 목록 새로 고침"},
    "compare.refresh_models_help": {
        "en": "Ask the server again for its models, e.g. after a fine-tune finished on another machine.",
        "ko": "서버에 모델 목록을 다시 묻습니다. 예: 다른 곳에서 파인튜닝이 끝났을 때."},
    "compare.preselected": {
        "en": "Your newest fine-tuned model is picked against its base model, both with the training prompt: "
              "{fine_tuned} vs {base}. Change the picks below as you like.",
        "ko": "가장 최근에 파인튜닝한 모델과 그 기본 모델을 골라 두었습니다(둘 다 학습용 프롬프트): "
              "{fine_tuned} 대 {base}. 아래에서 마음대로 바꾸세요."},
}

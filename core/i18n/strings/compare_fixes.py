"""Strings of the Compare page added with the newest-run, judge, model-list and duplicate fixes."""

STRINGS: dict[str, dict[str, str]] = {
    "compare.choice.no_verdict": {"en": "No verdict", "ko": "판정 없음"},
    "compare.no_verdict": {
        "en": "The judge gave no verdict on {count} pair(s): {reason} These pairs are left out of the win rates; "
        "run the judge again (perhaps with another model) to ask about them again.",
        "ko": "심사 모델이 {count}개 쌍에 판정을 내리지 못했습니다. {reason} 이 쌍들은 승률에서 뺐습니다. "
        "심사를 다시 실행하면(다른 모델로 바꿔도 됩니다) 이 쌍들을 다시 묻습니다.",
    },
    "compare.no_verdict_reason.empty": {"en": "its reply was empty.", "ko": "답이 비어 있었습니다."},
    "compare.no_verdict_reason.unreadable": {
        "en": "it replied “{reply}”, which is not 1, 2 or tie.",
        "ko": "“{reply}”라고 답했는데, 1, 2, tie 중 어느 것도 아닙니다.",
    },
    "compare.col_voter": {"en": "Votes by", "ko": "평가 주체"},
    "compare.pick_help_listed": {
        "en": "Your project's fine-tuned models and checkpoints come first, then the models your connection lists. "
        "For a model on another server, use “Add a model on another endpoint”.",
        "ko": "프로젝트의 파인튜닝 모델과 체크포인트가 먼저, 그다음 연결된 서버가 알려 준 모델이 나옵니다. "
        "다른 서버의 모델은 ‘다른 엔드포인트의 모델 추가’로 넣으세요.",
    },
    "compare.pick_placeholder_listed": {"en": "Choose models", "ko": "모델을 고르세요"},
    "compare.models_fallback": {
        "en": "Couldn't list your connection's models ({reason}); showing the models the app knows.",
        "ko": "연결된 서버의 모델 목록을 가져오지 못했습니다 ({reason}). 앱이 아는 모델을 보여 줍니다.",
    },
    "compare.refresh_models": {"en": "Refresh the model list", "ko": "모델 목록 새로 고침"},
    "compare.refresh_models_help": {
        "en": "Ask the server again for its models, e.g. after a fine-tune finished on another machine.",
        "ko": "서버에 모델 목록을 다시 묻습니다. 예: 다른 곳에서 파인튜닝이 끝났을 때.",
    },
    "compare.preselected": {
        "en": "Your newest fine-tuned model is picked against its base model, both with the training prompt: "
        "{fine_tuned} vs {base}. Change the picks below as you like.",
        "ko": "가장 최근에 파인튜닝한 모델과 그 기본 모델을 골라 두었습니다(둘 다 학습용 프롬프트): "
        "{fine_tuned} 대 {base}. 아래에서 마음대로 바꾸세요.",
    },
    "compare.revealed_choice": {
        "en": "You chose “{choice}”. A was **{a}**, B was **{b}**.",
        "ko": "선택: “{choice}”. A: **{a}**, B: **{b}**.",
    },
    "compare.added_row_new": {
        "en": "Added as new draft row #{id}: review and approve it in Curate.",
        "ko": "새 초안 행으로 추가했습니다(#{id}). ‘검토·편집’에서 확인하고 승인하세요.",
    },
    "compare.updated_row": {
        "en": "This question is row #{id}: its answer is now the winning one (the previous answer is in its history).",
        "ko": "이 질문은 이미 행 #{id}에 있어서, 그 행의 답변을 이긴 답변으로 바꿨습니다(이전 답변은 기록에 남아 있습니다).",
    },
    "compare.same_row": {
        "en": "Row #{id} already has this answer; it is now linked to this vote.",
        "ko": "행 #{id}에 이미 이 답변이 있습니다. 이 평가와 연결해 두었습니다.",
    },
    "compare.confirm_replace": {
        "en": "This question is already row #{id}, and its answer was approved or written by a person. Replace it "
        "with the winning answer? The current answer stays in the row's history; an approved row goes back "
        "to draft.",
        "ko": "이 질문은 이미 행 #{id}에 있고, 그 답변은 사람이 승인했거나 직접 쓴 것입니다. 이긴 답변으로 바꿀까요? "
        "지금 답변은 행의 기록에 남고, 승인된 행은 초안으로 돌아갑니다.",
    },
    "compare.current_answer": {"en": "Current answer of row #{id}", "ko": "행 #{id}의 지금 답변"},
    "compare.winning_answer": {"en": "Winning answer", "ko": "이긴 답변"},
    "compare.confirm_replace_yes": {"en": "Replace the answer", "ko": "답변 바꾸기"},
    "compare.confirm_replace_no": {"en": "Keep the current answer", "ko": "지금 답변 유지"},
    "compare.error.confirm_replace": {
        "en": "Row #{id} has a person's answer: confirm before replacing it.",
        "ko": "행 #{id}에는 사람이 쓴 답변이 있습니다. 바꾸기 전에 확인하세요.",
    },
    "compare.saved_pair": {
        "en": "Saved DPO pair #{pair} on row #{id}: it is exported once that row is approved in Curate.",
        "ko": "DPO 쌍(#{pair})을 행 #{id}에 저장했습니다. ‘검토·편집’에서 이 행이 승인되면 함께 내보내집니다.",
    },
}

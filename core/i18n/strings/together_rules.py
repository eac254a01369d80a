"""Strings of Together AI's rules for a training file: message order, context length, fewest examples."""

STRINGS = {
    "plan.provider.together": {"en": "Together AI", "ko": "Together AI"},
    "validate.together_role": {
        "en": "Together takes only system, user and assistant messages with text: this example has a tool call, "
        "a tool result, an image or another role. Remove those messages in Curate, or train it on OpenAI instead.",
        "ko": "Together는 텍스트로 된 system, user, assistant 메시지만 받습니다. 이 예시에는 도구 호출, 도구 결과, "
        "이미지 또는 다른 역할의 메시지가 있습니다. 큐레이션에서 그 메시지를 지우거나 OpenAI에서 학습하세요.",
    },
    "validate.together_system_not_first": {
        "en": "A system message comes after the conversation started. Together takes one system message, and only "
        "as the first message: move it to the top or merge it into the first one.",
        "ko": "대화가 시작된 뒤에 시스템 메시지가 있습니다. Together는 시스템 메시지를 맨 처음에 하나만 받습니다. "
        "맨 위로 옮기거나 첫 시스템 메시지에 합치세요.",
    },
    "validate.together_starts_with_assistant": {
        "en": "The conversation starts with the assistant. Together wants the user first (after an optional "
        "system message): add the user's question before the first answer.",
        "ko": "대화가 어시스턴트 메시지로 시작합니다. Together는 (선택인 시스템 메시지 다음에) 사용자 메시지가 먼저 "
        "와야 합니다. 첫 답변 앞에 사용자 질문을 넣으세요.",
    },
    "validate.together_not_alternating": {
        "en": "Two user messages or two assistant messages follow each other. Together wants user and assistant "
        "to take turns: merge the two messages into one, or add the missing turn between them.",
        "ko": "사용자 메시지 두 개 또는 어시스턴트 메시지 두 개가 연달아 있습니다. Together는 사용자와 어시스턴트가 "
        "번갈아 말해야 합니다. 두 메시지를 하나로 합치거나 그 사이에 빠진 차례를 넣으세요.",
    },
    "validate.together_ends_with_user": {
        "en": "The conversation ends with a user message, so its last question is never answered. Together's "
        "examples end with the assistant: add the answer or remove the last question.",
        "ko": "대화가 사용자 메시지로 끝나서 마지막 질문에 답이 없습니다. Together의 예시는 어시스턴트 답변으로 "
        "끝나야 합니다. 답변을 넣거나 마지막 질문을 지우세요.",
    },
    "validate.together_prompt_ends_with_assistant": {
        "en": "The preference pair's input ends with the assistant. Together wants it to end with the user's "
        "question the two answers reply to: remove the last assistant message from the input.",
        "ko": "선호도 쌍의 입력이 어시스턴트 메시지로 끝납니다. Together는 입력이 두 답변이 대답하는 사용자 질문으로 "
        "끝나야 합니다. 입력에서 마지막 어시스턴트 메시지를 지우세요.",
    },
    "validate.together_too_few_examples": {
        "en": "Together needs at least {minimum} training example. Approve or add examples.",
        "ko": "Together는 학습 예시가 최소 {minimum}개 필요합니다. 예시를 승인하거나 추가하세요.",
    },
    "validate.together_over_context": {
        "en": "Longer than {model}'s context on Together ({limit} tokens, counted with OpenAI's tokenizer, so "
        "roughly): the end is cut off. Shorten it, or pick a model with a longer context.",
        "ko": "Together에서 {model} 모델의 문맥 길이({limit} 토큰, OpenAI 토크나이저로 센 대략값)보다 깁니다. "
        "뒷부분이 잘리니 줄이거나 문맥이 더 긴 모델을 고르세요.",
    },
    "validate.together_cost_elsewhere": {
        "en": "Cost: Together quotes its own price when you start a job there (its price estimate).",
        "ko": "비용: Together에서 작업을 시작할 때 Together가 직접 가격을 알려 줍니다(가격 견적).",
    },
    "share.howto_preview_together": {
        "en": "How it works: every approved example is checked the way Together AI checks a training file (message "
        "order, the model's context length); a line that would be refused links to the row in Curate. When it "
        "says ready, download the files or go on to Fine-tune.",
        "ko": "작동 방식: 승인한 예시를 Together AI가 학습 파일을 검사하는 방식(메시지 순서, 모델의 문맥 길이)으로 "
        "확인합니다. 거부될 줄은 ‘검토·편집’의 해당 행으로 연결됩니다. 준비 완료가 뜨면 파일을 내려받거나 "
        "파인튜닝으로 가세요.",
    },
    "preview.rules": {"en": "Check against", "ko": "확인 기준"},
    "preview.rules_connection": {"en": "{provider} (connection)", "ko": "{provider} (연결 설정)"},
    "preview.rules_help": {
        "en": "Whose rules the checks below follow: your connection's provider, or Together AI (its message order "
        "and its models' context lengths). Pick Together AI if you'll train there; the choice is saved with the "
        "project.",
        "ko": "아래 확인에 적용할 규칙입니다. 연결 설정의 제공자, 또는 Together AI(메시지 순서와 모델별 문맥 길이) "
        "중에서 고르세요. Together에서 학습할 거라면 Together AI를 고르세요. 선택은 프로젝트에 저장됩니다.",
    },
    "preview.together_context_unknown": {"en": "not in the table", "ko": "표에 없음"},
    "validate.together_unknown_model": {
        "en": "{model} isn't in the app's table of Together models, so example lengths aren't checked here; "
        "Together checks them when the file is uploaded. Pick a listed model to check them now.",
        "ko": "{model} 모델은 앱의 Together 모델 표에 없어서 여기서는 예시 길이를 확인하지 않습니다. 파일을 올리면 "
        "Together가 확인합니다. 지금 확인하려면 표에 있는 모델을 고르세요.",
    },
    "preview.together_rules": {
        "en": "Checked against Together AI's rules for {model}: system (optional) first, then user and assistant "
        "taking turns, ending with the assistant; context {context} tokens (Together's table of {date}). Token "
        "counts use OpenAI's tokenizer, so they are close but not exact. Together quotes its own price on the "
        "Fine-tune page before anything is spent.",
        "ko": "Together AI의 {model} 규칙으로 확인했습니다: (선택인) 시스템 메시지가 맨 앞, 이어서 사용자와 "
        "어시스턴트가 번갈아 말하고 어시스턴트 답변으로 끝남, 문맥 {context} 토큰({date} 기준 Together 표). "
        "토큰 수는 OpenAI 토크나이저로 세어 대략값입니다. 가격은 비용이 들기 전에 파인튜닝 페이지에서 Together가 "
        "직접 알려 줍니다.",
    },
}

"""What a fine-tune uploads (core.dataset.upload_plan), the training system prompt, and Home's next step."""

STRINGS = {
    "plan.title": {"en": "What will be uploaded", "ko": "업로드될 내용"},
    "plan.caption": {
        "en": "Exactly what a launch on the Fine-tune page sends, checked against the provider's minimum.",
        "ko": "‘파인튜닝’ 페이지에서 시작하면 실제로 보내는 내용이며, 제공자의 최소 개수를 기준으로 확인했습니다.",
    },
    "plan.provider.openai": {"en": "OpenAI", "ko": "OpenAI"},
    "plan.provider.azure": {"en": "Azure OpenAI", "ko": "Azure OpenAI"},
    "plan.unit.supervised": {"en": "examples", "ko": "예시"},
    "plan.unit.dpo": {"en": "preference pairs", "ko": "선호 쌍"},
    "plan.upload_with_valid": {
        "en": "Will upload a training file with {train} {unit} and a validation file with {valid} {unit}.",
        "ko": "학습 파일({unit} {train}개)과 검증 파일({unit} {valid}개)을 올립니다.",
    },
    "plan.upload_train_only": {
        "en": "Will upload a training file with {train} {unit} and no validation file.",
        "ko": "학습 파일({unit} {train}개)만 올리고 검증 파일은 올리지 않습니다.",
    },
    "plan.why.small_dataset": {
        "en": "Why no validation file: with fewer than {threshold}, all {total} are used for training. A validation "
        "part that small would measure almost nothing, and the model needs every example.",
        "ko": "검증 파일이 없는 이유: {threshold}개 미만이면 {total}개를 모두 학습에 씁니다. 그렇게 작은 검증 세트로는 "
        "거의 아무것도 잴 수 없고, 모델에는 예시 하나하나가 필요합니다.",
    },
    "plan.why.off": {
        "en": "Why no validation file: uploading one is turned off, so all {total} are used for training.",
        "ko": "검증 파일이 없는 이유: 검증용 데이터 올리기를 꺼서 {total}개를 모두 학습에 씁니다.",
    },
    "plan.why.none_held_out": {
        "en": "Why no validation file: the split holds nothing out (validation ratio 0), so all {total} are used "
        "for training.",
        "ko": "검증 파일이 없는 이유: 분할의 검증 비율이 0이라 따로 둔 것이 없으므로 {total}개를 모두 학습에 씁니다.",
    },
    "plan.why.valid_below_minimum": {
        "en": "Why no validation file: the split holds out {held}, but {provider} needs at least {minimum} in a "
        "validation file, so all {total} are used for training. To get one, raise the validation ratio of "
        "the split on Preview & export, or add examples.",
        "ko": "검증 파일이 없는 이유: 분할에서 {held}개를 따로 두었지만 {provider} 기준 검증 파일에는 최소 {minimum}개가 "
        "필요해서 {total}개를 모두 학습에 씁니다. 검증 파일이 필요하면 ‘검증·내보내기’에서 분할의 검증 비율을 "
        "높이거나 예시를 더 추가하세요.",
    },
    "plan.why.train_below_minimum": {
        "en": "Why no validation file: holding out {held} would leave fewer than {minimum} for training, which "
        "{provider} refuses, so all {total} are used for training.",
        "ko": "검증 파일이 없는 이유: {held}개를 따로 두면 학습용이 {minimum}개보다 적어져 {provider}에서 거절하므로, "
        "{total}개를 모두 학습에 씁니다.",
    },
    "plan.blocked": {
        "en": "Can't launch yet: for {method}, {provider} needs at least {minimum} {unit} in the training file, "
        "and there are {count}.",
        "ko": "아직 시작할 수 없습니다: {method}의 학습 파일에는 {provider} 기준으로 최소 {minimum}개가 필요한데, "
        "지금 {unit} 수는 {count}개입니다.",
    },
    "plan.fix.supervised": {
        "en": "**Fix:** approve {missing} more on Curate (or add questions on Questions and generate their answers).",
        "ko": "**해결:** ‘검토·편집’에서 {missing}개를 더 승인하세요(또는 ‘질문’에서 질문을 더하고 답변을 생성하세요).",
    },
    "plan.fix.dpo": {
        "en": "**Fix:** {missing} more pairs are needed. A pair is an approved example with a second, really "
        "different answer: edit answers on Curate (the first version becomes the rejected one), generate "
        "several answers per question, or train with supervised fine-tuning instead.",
        "ko": "**해결:** 선호 쌍이 {missing}개 더 필요합니다. 선호 쌍은 승인된 예시에 실제로 다른 두 번째 답변이 있는 "
        "것입니다. ‘검토·편집’에서 답변을 고치거나(처음 답이 ‘선호하지 않는 답’이 됩니다), 질문마다 답변을 여러 "
        "개 생성하거나, 지도 학습(SFT)으로 학습하세요.",
    },
    "finetune.error.too_few_examples": {
        "en": "The training file would have held fewer examples than the provider accepts, so nothing was sent. "
        "The launch form says how many are missing.",
        "ko": "학습 파일이 제공자가 받는 최소 개수보다 적어서 아무것도 보내지 않았습니다. 몇 개가 부족한지는 시작 양식에 "
        "나옵니다.",
    },
    "home.next_generate": {"en": "Generate the answers", "ko": "답변 생성하기"},
    "trainprompt.label": {"en": "Training system prompt", "ko": "학습용 시스템 프롬프트"},
    "trainprompt.help": {
        "en": "The short system message the fine-tuned model is trained with, and that you send it later when you "
        "use it. Every example without its own system message trains with it. Keep it short: the detailed "
        "instructions belong in the generation prompt, which only the model drafting the answers sees. "
        "Saved as you type.",
        "ko": "파인튜닝된 모델이 학습할 때, 그리고 나중에 사용할 때 함께 보내는 짧은 시스템 메시지입니다. 자체 시스템 "
        "메시지가 없는 예시는 모두 이 프롬프트로 학습합니다. 짧게 쓰세요. 자세한 지시는 답변 초안을 쓰는 모델만 "
        "보는 생성용 프롬프트에 넣습니다. 입력하는 즉시 저장됩니다.",
    },
    "trainprompt.title": {"en": "Training system prompt", "ko": "학습용 시스템 프롬프트"},
    "trainprompt.none": {
        "en": "No training system prompt is set: examples without their own system message train with none. "
        "Set it on the Generate page, next to the generation prompt.",
        "ko": "학습용 시스템 프롬프트가 없습니다. 자체 시스템 메시지가 없는 예시는 시스템 메시지 없이 학습합니다. "
        "‘답변 생성’ 페이지의 생성용 프롬프트 옆에서 설정하세요.",
    },
    "trainprompt.where": {
        "en": "Every example without its own system message trains with this. Change it on the Generate page.",
        "ko": "자체 시스템 메시지가 없는 예시는 모두 이 프롬프트로 학습합니다. ‘답변 생성’ 페이지에서 바꿀 수 있습니다.",
    },
    "trainprompt.apply": {
        "en": "Write it into the {count} examples without a system message",
        "ko": "시스템 메시지가 없는 예시 {count}개에 넣기",
    },
    "trainprompt.apply_help": {
        "en": "Stores the training prompt in each example that has no system message (a conversation gets it as its "
        "first message), so the data says exactly what is trained on. A system message an example already "
        "has is never replaced. Examples it was written into keep it if you change the prompt later.",
        "ko": "시스템 메시지가 없는 예시마다 학습용 프롬프트를 저장합니다(대화형 예시는 첫 메시지로 들어갑니다). 그러면 "
        "데이터만 봐도 무엇으로 학습하는지 알 수 있습니다. 이미 있는 시스템 메시지는 절대 바꾸지 않습니다. "
        "나중에 프롬프트를 바꿔도 이미 넣은 예시는 그대로입니다.",
    },
    "trainprompt.applied": {
        "en": "The training prompt was written into {count} examples.",
        "ko": "학습용 프롬프트를 예시 {count}개에 넣었습니다.",
    },
    "trainprompt.all_have": {
        "en": "Every example has its own system message.",
        "ko": "모든 예시에 자체 시스템 메시지가 있습니다.",
    },
    "trainprompt.go_generate": {"en": "Set it on Generate", "ko": "‘답변 생성’에서 설정"},
    "preview.dl_tables_only": {
        "en": "CSV and Excel hold every example with its status, drafts too; the training files come once "
        "answers are approved.",
        "ko": "CSV와 엑셀에는 모든 예시가 상태와 함께(초안 포함) 들어갑니다. 학습 파일은 답변을 승인하면 받을 수 "
        "있습니다.",
    },
}

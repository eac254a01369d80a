"""Strings of the preflight's advice to train on Together AI, and Together's dates."""

STRINGS = {
    "lifecycle.advice_elsewhere_together": {
        "en": "Together AI: anyone can sign up, and it has announced no end to fine-tuning. It trains open models "
        "(Llama, Qwen, gpt-oss …) on the same examples. On the Fine-tune page pick “Together AI” under “Train on” "
        "(with a Together key), or download Together's file in Preview and upload it there.",
        "ko": "Together AI: 누구나 가입할 수 있고 파인튜닝 종료 계획도 발표되지 않았습니다. 같은 예시로 오픈 "
        "모델(Llama, Qwen, gpt-oss 등)을 학습합니다. 파인튜닝 페이지의 ‘학습할 곳’에서 ‘Together AI’를 "
        "고르거나(Together 키 필요), 미리보기에서 Together용 파일을 내려받아 그곳에 올리세요.",
    },
    "lifecycle.advice_here_together": {
        "en": "Train on Together AI: your connection points there, and it has announced no end to fine-tuning. "
        "Pick one of its base models on the Fine-tune page.",
        "ko": "Together AI에서 학습하세요. 지금 연결이 Together AI를 가리키고 있고, 파인튜닝 종료 계획도 발표되지 "
        "않았습니다. 파인튜닝 페이지에서 기본 모델을 고르세요.",
    },
    "lifecycle.advice_maybe_together": {
        "en": "Train on Together AI once its key is confirmed: it has announced no end to fine-tuning. "
        "Testing the Together connection checks your key.",
        "ko": "Together 키가 확인되면 Together AI에서 학습하세요. 파인튜닝 종료 계획이 발표되지 않았습니다. "
        "Together 연결을 테스트하면 키를 확인할 수 있습니다.",
    },
    "lifecycle.dates_together": {
        "en": "Together AI has announced no end to fine-tuning, for new or existing customers. Its base models and "
        "their limits come from Together itself. OpenAI, for comparison, takes no new jobs from {openai_cutoff}.",
        "ko": "Together AI는 신규·기존 고객 모두에 대해 파인튜닝 종료 계획을 발표하지 않았습니다. 기본 모델과 그 "
        "한도는 Together에서 직접 받아 옵니다. 참고로 OpenAI는 {openai_cutoff}부터 새 작업을 받지 않습니다.",
    },
}

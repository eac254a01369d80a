"""Strings of training on Together AI: its key, connection, base models, hyperparameters, price and launch."""

STRINGS: dict[str, dict[str, str]] = {
    # Sidebar key
    "together.key_header": {"en": "Together AI key", "ko": "Together AI 키"},
    "together.key_from_session": {
        "en": "Together key: typed for this session ({masked})",
        "ko": "Together 키: 이 세션에서 입력함 ({masked})",
    },
    "together.key_from_secrets": {
        "en": "Together key: from the app's secrets ({masked})",
        "ko": "Together 키: 앱 secrets에서 ({masked})",
    },
    "together.key_from_environment": {
        "en": "Together key: from the environment / .env ({masked})",
        "ko": "Together 키: 환경 변수 / .env에서 ({masked})",
    },
    "together.key_none": {
        "en": "No Together key: needed only to train on Together.",
        "ko": "Together 키 없음: Together에서 학습할 때만 필요합니다.",
    },
    "together.type_key": {"en": "Together key for this session", "ko": "이 세션에서 쓸 Together 키"},
    "together.type_key_help": {
        "en": "Kept in memory for this browser tab only; never saved or shared.",
        "ko": "이 브라우저 탭의 메모리에만 있고 저장·공유되지 않습니다.",
    },
    # Where to train
    "together.where_label": {"en": "Train on", "ko": "학습할 곳"},
    "together.where_help": {
        "en": "The connection's provider (OpenAI or Azure), or Together AI with its own key.",
        "ko": "연결 설정의 제공자(OpenAI 또는 Azure)나, 별도 키를 쓰는 Together AI입니다.",
    },
    "together.where.connection": {"en": "Connection ({provider})", "ko": "연결 설정({provider})"},
    "together.where.together": {"en": "Together AI", "ko": "Together AI"},
    # Connection and base models
    "together.need_key": {
        "en": "Type a Together key in the sidebar (“Together AI key”), or set TOGETHER_API_KEY, to train on Together.",
        "ko": "Together에서 학습하려면 사이드바의 ‘Together AI 키’에 키를 넣거나 TOGETHER_API_KEY를 설정하세요.",
    },
    "together.locked": {
        "en": "The app's Together key is locked: type the app password in the sidebar, or type your own key.",
        "ko": "앱의 Together 키가 잠겨 있습니다. 사이드바에 앱 비밀번호를 넣거나 본인 키를 넣으세요.",
    },
    "together.test_button": {"en": "Test the Together connection", "ko": "Together 연결 확인"},
    "together.test_ok": {
        "en": "Connected to Together: {count} base models can be fine-tuned with this key.",
        "ko": "Together에 연결했습니다. 이 키로 기본 모델 {count}개를 파인튜닝할 수 있습니다.",
    },
    "together.test_failed": {
        "en": "Could not reach Together: {reason}",
        "ko": "Together에 연결하지 못했습니다: {reason}",
    },
    "together.models_header": {
        "en": "Base models Together can fine-tune, and their limits",
        "ko": "Together에서 파인튜닝할 수 있는 기본 모델과 한도",
    },
    "together.col.model": {"en": "Model", "ko": "모델"},
    "together.col.context": {"en": "Context (SFT)", "ko": "컨텍스트(SFT)"},
    "together.col.context_dpo": {"en": "Context (DPO)", "ko": "컨텍스트(DPO)"},
    "together.col.epochs": {"en": "Max epochs", "ko": "최대 에포크"},
    "together.col.rank": {"en": "Max LoRA rank", "ko": "최대 LoRA 랭크"},
    "together.col.full": {"en": "Full training", "ko": "전체 학습"},
    "together.col.serving": {"en": "Serving", "ko": "서빙"},
    "together.serving.serverless": {"en": "serverless", "ko": "서버리스"},
    "together.serving.dedicated": {"en": "dedicated endpoint", "ko": "전용 엔드포인트"},
    "together.yes": {"en": "yes", "ko": "예"},
    "together.no": {"en": "no", "ko": "아니요"},
    "together.base_model_help": {
        "en": "A base model Together fine-tunes; its limits are in the table above.",
        "ko": "Together가 파인튜닝하는 기본 모델입니다. 한도는 위 표에 있습니다.",
    },
    "together.dedicated_notice": {
        "en": "{model}: Together serves the fine-tuned model only from a dedicated endpoint, billed by the hour "
        "while it runs, not per token. Answering in Compare then costs that too.",
        "ko": "{model}: 파인튜닝된 모델은 전용 엔드포인트에서만 서빙되며, 토큰이 아니라 켜져 있는 시간만큼 "
        "요금이 붙습니다. 비교 화면에서 답을 받을 때도 그 비용이 듭니다.",
    },
    # Training type and hyperparameters (Together's defaults)
    "together.training_type": {"en": "Training type", "ko": "학습 유형"},
    "together.training_type_help": {
        "en": "LoRA trains a small adapter (cheaper, served per token); full training changes every weight.",
        "ko": "LoRA는 작은 어댑터만 학습합니다(저렴, 토큰당 서빙). 전체 학습은 모든 가중치를 바꿉니다.",
    },
    "together.training_type.lora": {"en": "LoRA", "ko": "LoRA"},
    "together.training_type.full": {"en": "Full", "ko": "전체"},
    "together.no_full": {
        "en": "Together can't fully train this model: LoRA is used.",
        "ko": "이 모델은 전체 학습을 지원하지 않아 LoRA로 학습합니다.",
    },
    "together.hp_header": {"en": "Hyperparameters (Together's defaults)", "ko": "하이퍼파라미터(Together 기본값)"},
    "together.hp.n_epochs": {"en": "Epochs", "ko": "에포크"},
    "together.hp.n_epochs_help": {
        "en": "How many times the model reads every example (default 1).",
        "ko": "모델이 모든 예시를 몇 번 읽을지입니다(기본값 1).",
    },
    "together.hp.learning_rate": {"en": "Learning rate", "ko": "학습률"},
    "together.hp.learning_rate_help": {
        "en": "How big each learning step is (default 0.00001); lower it if the loss jumps around.",
        "ko": "한 번에 얼마나 크게 배우는지입니다(기본값 0.00001). 손실이 요동치면 낮추세요.",
    },
    "together.hp.batch_size": {"en": "Batch size", "ko": "배치 크기"},
    "together.hp.batch_size_help": {
        "en": "Examples per training step; “max” (default) is the largest the model allows.",
        "ko": "한 단계에 쓰는 예시 수입니다. 기본값 “max”는 모델이 허용하는 최대값입니다.",
    },
    "together.hp.lora_r": {"en": "LoRA rank", "ko": "LoRA 랭크"},
    "together.hp.lora_r_help": {
        "en": "Size of the adapter; “auto” (default) is the model's own default rank.",
        "ko": "어댑터의 크기입니다. 기본값 “auto”는 모델의 기본 랭크입니다.",
    },
    "together.hp.lora_alpha": {"en": "LoRA alpha", "ko": "LoRA 알파"},
    "together.hp.lora_alpha_help": {
        "en": "How strongly the adapter acts; “auto” (default) is twice the rank.",
        "ko": "어댑터가 얼마나 강하게 작용하는지입니다. 기본값 “auto”는 랭크의 두 배입니다.",
    },
    "together.hp.lora_dropout": {"en": "LoRA dropout", "ko": "LoRA 드롭아웃"},
    "together.hp.lora_dropout_help": {
        "en": "Share of adapter weights switched off at random while training (default 0), against overfitting.",
        "ko": "과적합을 막으려고 학습 중 무작위로 끄는 어댑터 가중치 비율입니다(기본값 0).",
    },
    "together.hp.warmup_ratio": {"en": "Warm-up ratio", "ko": "워밍업 비율"},
    "together.hp.warmup_ratio_help": {
        "en": "Share of the first steps in which the learning rate rises slowly (default 0).",
        "ko": "처음 몇 단계 동안 학습률을 천천히 올리는 비율입니다(기본값 0).",
    },
    "together.hp.weight_decay": {"en": "Weight decay", "ko": "가중치 감쇠"},
    "together.hp.weight_decay_help": {
        "en": "Keeps weights small, against overfitting (default 0).",
        "ko": "가중치를 작게 유지해 과적합을 줄입니다(기본값 0).",
    },
    "together.hp.n_checkpoints": {"en": "Checkpoints", "ko": "체크포인트 수"},
    "together.hp.n_checkpoints_help": {
        "en": "How many versions are saved during training (default 1: the final model).",
        "ko": "학습 중에 저장할 모델 버전 수입니다(기본값 1: 최종 모델).",
    },
    "together.hp.n_evals": {"en": "Evaluations", "ko": "평가 횟수"},
    "together.hp.n_evals_help": {
        "en": "How often the validation file is scored during training (default 0; needs a validation file).",
        "ko": "학습 중 검증 파일로 평가할 횟수입니다(기본값 0, 검증 파일이 있어야 합니다).",
    },
    "together.hp.dpo_beta": {"en": "DPO beta", "ko": "DPO 베타"},
    "together.hp.dpo_beta_help": {
        "en": "How far the model may move from the base toward the preferred answers (default 0.1).",
        "ko": "모델이 선호 답변 쪽으로 기본 모델에서 얼마나 멀어져도 되는지입니다(기본값 0.1).",
    },
    "together.hp.rpo_alpha": {"en": "RPO alpha", "ko": "RPO 알파"},
    "together.hp.rpo_alpha_help": {
        "en": "Also learns to write the preferred answer itself, this strongly (default 0: off).",
        "ko": "선호 답변 자체를 쓰는 법도 이만큼 함께 배웁니다(기본값 0: 끔).",
    },
    "together.hp.simpo_gamma": {"en": "SimPO gamma", "ko": "SimPO 감마"},
    "together.hp.simpo_gamma_help": {
        "en": "The margin the preferred answer must win by, in SimPO's variant (default 0: off).",
        "ko": "SimPO 방식에서 선호 답변이 이겨야 하는 차이입니다(기본값 0: 끔).",
    },
    "together.hp_invalid": {
        "en": "{name}: type a number (or “auto” where it is offered).",
        "ko": "{name}: 숫자를 입력하세요(“auto”가 있는 칸은 “auto”도 됩니다).",
    },
    # Price and launch
    "together.quote_button": {"en": "Get Together's price", "ko": "Together 가격 확인"},
    "together.quote_help": {
        "en": "Uploads the training file (free) and asks Together what this exact job would cost. Nothing is spent.",
        "ko": "학습 파일을 올리고(무료) 이 작업의 비용을 Together에 묻습니다. 비용은 들지 않습니다.",
    },
    "together.quote_line": {
        "en": "Together's estimate: {usd} for {tokens} trained tokens ({train} training and {valid} validation examples).",
        "ko": "Together 예상 비용: 학습 토큰 {tokens}개에 {usd}(학습 예시 {train}개, 검증 예시 {valid}개).",
    },
    "together.quote_unavailable": {
        "en": "Together could not estimate this job yet (the file is still being checked). Try again in a moment.",
        "ko": "Together가 아직 비용을 계산하지 못했습니다(파일 확인 중). 잠시 후 다시 시도하세요.",
    },
    "together.quote_not_allowed": {
        "en": "Together says this job exceeds your account's credit limit ({limit}).",
        "ko": "Together에 따르면 이 작업은 계정의 크레딧 한도를 넘습니다(한도: {limit}).",
    },
    "together.quote_first": {
        "en": "Get Together's price first: the launch button appears with it.",
        "ko": "먼저 Together 가격을 확인하세요. 그러면 시작 버튼이 나타납니다.",
    },
    "together.quote_stale": {
        "en": "The choices or the data changed since the price: get Together's price again.",
        "ko": "가격을 확인한 뒤 선택이나 데이터가 바뀌었습니다. Together 가격을 다시 확인하세요.",
    },
    "together.quote_failed": {
        "en": "No price from Together: {reason}",
        "ko": "Together 가격을 받지 못했습니다: {reason}",
    },
    "together.launch_button": {"en": "Launch on Together", "ko": "Together에서 시작"},
    # Compare
    "compare_together.add": {
        "en": "Compare on Together: {model} against its base model {base}",
        "ko": "Together에서 비교: {model} 대 기본 모델 {base}",
    },
    "compare_together.add_help": {
        "en": "Both answer through Together's OpenAI-compatible chat endpoint with your Together key.",
        "ko": "두 모델 모두 Together 키로 Together의 OpenAI 호환 채팅 엔드포인트를 통해 답합니다.",
    },
    "compare_together.need_key": {
        "en": "Models on Together answer only with a Together key: type one in the sidebar (“Together AI key”).",
        "ko": "Together의 모델은 Together 키가 있어야 답합니다. 사이드바의 ‘Together AI 키’에 넣으세요.",
    },
}

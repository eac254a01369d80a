"""Strings of the model calendar: each provider's fine-tuning dates and where a user can still train."""

STRINGS = {
    # OpenAI's dates, in three phases: jobs still accepted, no new jobs, everything shut down.
    "lifecycle.dates_openai_open": {
        "en": "OpenAI takes no new fine-tuning jobs from {cutoff} ({days} days from today), from anyone. "
        "On {shutdown}, {shutdown_models} and their fine-tunes shut down. Until then only organisations "
        "that still may can start a job: since {never} not those that never fine-tuned, since {inactive} "
        "not those without fine-tuned-model use in 60 days. Already shut down: {gone_models}. "
        "The successor ({not_tunable}) is reported as not fine-tunable.",
        "ko": "OpenAI는 {cutoff}부터 누구의 새 파인튜닝 작업도 받지 않습니다 (오늘부터 {days}일 남음). "
        "{shutdown}에는 {shutdown_models} 모델과 그 파인튜닝 모델이 종료됩니다. 그때까지도 허용된 조직만 "
        "작업을 시작할 수 있습니다. {never}부터는 파인튜닝을 한 번도 하지 않은 조직이, {inactive}부터는 "
        "60일 동안 파인튜닝 모델을 쓰지 않은 조직이 제외되었습니다. 이미 종료됨: {gone_models}. "
        "후속 모델({not_tunable}) 역시 파인튜닝할 수 없는 것으로 알려져 있습니다.",
    },
    "lifecycle.dates_openai_closed": {
        "en": "OpenAI has taken no new fine-tuning jobs since {cutoff}. On {shutdown}, {shutdown_models} and "
        "their fine-tunes shut down. Already shut down: {gone_models}.",
        "ko": "OpenAI는 {cutoff}부터 새 파인튜닝 작업을 받지 않습니다. {shutdown}에는 {shutdown_models} 모델과 "
        "그 파인튜닝 모델이 종료됩니다. 이미 종료됨: {gone_models}.",
    },
    "lifecycle.dates_openai_gone": {
        "en": "OpenAI has taken no new fine-tuning jobs since {cutoff}, and its fine-tunable models and their "
        "fine-tunes were shut down (the last on {shutdown}).",
        "ko": "OpenAI는 {cutoff}부터 새 파인튜닝 작업을 받지 않으며, 파인튜닝 가능했던 모델과 그 파인튜닝 모델은 "
        "모두 종료되었습니다 (마지막 종료일 {shutdown}).",
    },
    # Azure's own dates: training for existing customers only, serving longer.
    "lifecycle.dates_azure_open": {
        "en": "Azure OpenAI keeps training {models} for existing fine-tuning customers only (new customers can't "
        "start), until no earlier than {training_ends}. Fine-tuned deployments keep running until {deployments}.",
        "ko": "Azure OpenAI는 기존 파인튜닝 고객에게만 {models} 학습을 계속 제공합니다 (신규 고객은 시작할 수 "
        "없음). 종료는 빨라도 {training_ends}입니다. 파인튜닝 모델 배포는 {deployments}까지 계속 동작합니다.",
    },
    "lifecycle.dates_azure_closed": {
        "en": "Azure OpenAI no longer starts fine-tuning jobs on {models}. Fine-tuned deployments keep running "
        "until {deployments}.",
        "ko": "Azure OpenAI는 이제 {models} 파인튜닝 작업을 시작하지 않습니다. 파인튜닝 모델 배포는 "
        "{deployments}까지 계속 동작합니다.",
    },
    "lifecycle.dates_azure_gone": {
        "en": "Azure OpenAI no longer trains {models}, and fine-tuned deployments ended in {deployments}.",
        "ko": "Azure OpenAI는 더 이상 {models} 학습을 제공하지 않으며, 파인튜닝 모델 배포도 {deployments}에 "
        "끝났습니다.",
    },
    "lifecycle.closed_azure": {
        "en": "Azure OpenAI no longer starts new fine-tuning jobs on the models this app knows.",
        "ko": "Azure OpenAI는 이 앱이 아는 모델로 새 파인튜닝 작업을 더 이상 시작하지 않습니다.",
    },
    # Where to train, best first.
    "lifecycle.where": {"en": "Where you can still train", "ko": "아직 학습할 수 있는 곳"},
    "lifecycle.recommended": {"en": "Recommended", "ko": "추천"},
    "lifecycle.advice_here_openai": {
        "en": "Train on OpenAI now: the check says your organisation still may. Start jobs by {last_day} "
        "(from {cutoff} no one can); fine-tuned models answer until {shutdown}.",
        "ko": "지금 OpenAI에서 학습하세요. 점검 결과 이 조직은 아직 파인튜닝을 할 수 있습니다. {last_day}까지 "
        "작업을 시작하세요 ({cutoff}부터는 아무도 시작할 수 없음). 파인튜닝 모델은 {shutdown}까지 응답합니다.",
    },
    "lifecycle.advice_maybe_openai": {
        "en": "OpenAI, until {last_day}, if your organisation still may fine-tune. Not confirmed yet: "
        "“Check fine-tuning access” on the Connection page tells.",
        "ko": "조직이 아직 파인튜닝을 할 수 있다면 {last_day}까지 OpenAI에서 학습할 수 있습니다. 아직 확인되지 "
        "않았습니다. 연결 페이지의 ‘파인튜닝 가능 여부 확인’으로 알아보세요.",
    },
    "lifecycle.advice_elsewhere_openai": {
        "en": "OpenAI, until {last_day}, if your OpenAI organisation still may fine-tune: choose OpenAI as the "
        "provider on the Connection page and check.",
        "ko": "OpenAI 조직이 아직 파인튜닝을 할 수 있다면 {last_day}까지 OpenAI에서 학습할 수 있습니다. "
        "연결 페이지에서 제공자를 OpenAI로 바꾼 뒤 확인하세요.",
    },
    "lifecycle.advice_here_azure": {
        "en": "Train on Azure OpenAI: the check says this resource still may, as an existing fine-tuning customer. "
        "Training continues until no earlier than {training_ends}; deployments run until {deployments}.",
        "ko": "Azure OpenAI에서 학습하세요. 점검 결과 이 리소스는 기존 파인튜닝 고객으로서 아직 학습할 수 "
        "있습니다. 학습은 빨라도 {training_ends}까지 계속되고, 배포는 {deployments}까지 동작합니다.",
    },
    "lifecycle.advice_maybe_azure": {
        "en": "Azure OpenAI, if you are already an Azure fine-tuning customer (new customers can't start). "
        "Not confirmed yet: “Check fine-tuning access” on the Connection page tells.",
        "ko": "이미 Azure 파인튜닝 고객이라면 Azure OpenAI에서 학습할 수 있습니다 (신규 고객은 시작할 수 없음). "
        "아직 확인되지 않았습니다. 연결 페이지의 ‘파인튜닝 가능 여부 확인’으로 알아보세요.",
    },
    "lifecycle.advice_elsewhere_azure": {
        "en": "Azure OpenAI, if you are already an Azure fine-tuning customer (new customers can't start): "
        "until no earlier than {training_ends}. Choose Azure as the provider on the Connection page.",
        "ko": "이미 Azure 파인튜닝 고객이라면 Azure OpenAI에서 학습할 수 있습니다 (신규 고객은 시작할 수 없음). "
        "종료는 빨라도 {training_ends}입니다. 연결 페이지에서 제공자를 Azure로 바꾸세요.",
    },
    "lifecycle.advice_export": {
        "en": "Or export the dataset and train anywhere: Preview has Together's and Fireworks' exact files, "
        "HF chat JSONL (TRL, Unsloth) and OpenAI's JSONL.",
        "ko": "또는 데이터셋을 내보내 어디서든 학습하세요. 미리보기에 Together와 Fireworks용 파일, HF 채팅 JSONL"
        "(TRL, Unsloth), OpenAI JSONL이 있습니다.",
    },
    # The model table on the Connection page.
    "lifecycle.table": {"en": "Model table as of {date} ({provider})", "ko": "{date} 기준 모델 표 ({provider})"},
    "lifecycle.col_model": {"en": "Model", "ko": "모델"},
    "lifecycle.col_status": {"en": "Today", "ko": "오늘 상태"},
    "lifecycle.col_training_ends": {"en": "No new jobs from", "ko": "새 작업 불가 시작일"},
    "lifecycle.col_shutdown": {"en": "Shuts down (with its fine-tunes)", "ko": "종료일 (파인튜닝 모델 포함)"},
    "lifecycle.status_trainable": {"en": "can be trained", "ko": "학습 가능"},
    "lifecycle.status_closed": {"en": "no new jobs, still answers", "ko": "새 작업 불가, 응답은 가능"},
    "lifecycle.status_retired": {"en": "retired (shut down)", "ko": "종료됨"},
    "lifecycle.status_not_tunable": {"en": "not fine-tunable", "ko": "파인튜닝 불가"},
    "lifecycle.source": {"en": "Source: {title} ({url}), checked {date}.", "ko": "출처: {title} ({url}), {date} 확인."},
    "lifecycle.no_base": {
        "en": "No base model can be trained with this provider any more, so no new job can start here. "
        "See the Connection page's preflight for where you can still train.",
        "ko": "이 제공자에서는 더 이상 학습할 수 있는 기본 모델이 없어 새 작업을 시작할 수 없습니다. "
        "아직 학습할 수 있는 곳은 연결 페이지의 사전 점검에서 확인하세요.",
    },
}

"""Strings of the Fine-tune page, its charts and its training notes."""

STRINGS: dict[str, dict[str, str]] = {
    # Launch
    "finetune.launch_header": {"en": "Start a fine-tuning job", "ko": "파인튜닝 작업 시작"},
    "finetune.method_label": {"en": "Method", "ko": "방식"},
    "finetune.method_help": {
        "en": "Supervised learns your approved answers; DPO learns which of two answers you prefer.",
        "ko": "지도 학습은 승인된 답변을 배우고, DPO는 두 답변 중 어느 쪽을 더 좋아하는지 배웁니다.",
    },
    "finetune.method.supervised": {"en": "Supervised (SFT)", "ko": "지도 학습(SFT)"},
    "finetune.method.dpo": {"en": "Preference (DPO)", "ko": "선호 학습(DPO)"},
    "finetune.base_model": {"en": "Base model", "ko": "기본 모델"},
    "finetune.base_model_help": {
        "en": "The model your examples will train. Smaller models cost less.",
        "ko": "예시로 학습시킬 모델입니다. 작은 모델일수록 비용이 적습니다.",
    },
    "finetune.hp.n_epochs": {"en": "Epochs", "ko": "에포크"},
    "finetune.hp.n_epochs_help": {
        "en": "How many times the model reads every example; “auto” picks by size.",
        "ko": "모델이 모든 예시를 몇 번 읽을지입니다. “auto”는 데이터 크기에 맞춰 정합니다.",
    },
    "finetune.hp.batch_size": {"en": "Batch size", "ko": "배치 크기"},
    "finetune.hp.batch_size_help": {
        "en": "Examples per training step; larger is steadier but updates less often.",
        "ko": "한 단계에 쓰는 예시 수입니다. 크면 안정적이지만 덜 자주 갱신됩니다.",
    },
    "finetune.hp.learning_rate_multiplier": {"en": "Learning-rate multiplier", "ko": "학습률 배수"},
    "finetune.hp.learning_rate_multiplier_help": {
        "en": "How big each learning step is; lower it if the validation loss climbs.",
        "ko": "학습 한 번의 크기입니다. 검증 손실이 올라가면 낮추세요.",
    },
    "finetune.hp.beta": {"en": "Beta (DPO)", "ko": "베타(DPO)"},
    "finetune.hp.beta_help": {
        "en": "How strongly DPO may move away from the base model; higher stays closer.",
        "ko": "DPO가 기본 모델에서 얼마나 멀어질 수 있는지입니다. 높을수록 가깝게 유지됩니다.",
    },
    "finetune.hp_invalid": {
        "en": "“{name}” must be “auto” or a positive number (whole number for epochs and batch size).",
        "ko": "“{name}”에는 “auto” 또는 양수를 넣으세요(에포크와 배치 크기는 정수).",
    },
    "finetune.suffix": {"en": "Name suffix", "ko": "모델 이름 접미사"},
    "finetune.suffix_help": {
        "en": "Added to the fine-tuned model's name, e.g. “cafe-v1”.",
        "ko": "파인튜닝된 모델 이름 끝에 붙습니다. 예: “cafe-v1”.",
    },
    "finetune.seed": {"en": "Seed (optional)", "ko": "시드(선택)"},
    "finetune.seed_help": {
        "en": "A whole number to make a rerun train the same way; empty = random.",
        "ko": "같은 방식으로 다시 학습하려면 정수를 넣으세요. 비우면 무작위입니다.",
    },
    "finetune.use_validation": {"en": "Upload the validation part", "ko": "검증용 데이터도 올리기"},
    "finetune.use_validation_help": {
        "en": "The split's validation examples are scored during training, so you can spot overfitting. "
        "Off: they are trained on too. Under 20 examples there is never a validation file.",
        "ko": "분할의 검증 예시로 학습 중 점수를 매겨 과적합을 알아챌 수 있습니다. 끄면 그 예시도 학습에 씁니다. "
        "예시가 20개 미만이면 검증 파일은 올리지 않습니다.",
    },
    "finetune.dpo_left_out": {
        "en": "{count} examples were left out: their two answers don't really differ, or there is no second answer.",
        "ko": "예시 {count}개는 제외했습니다. 두 답변이 사실상 같거나 비교할 두 번째 답변이 없습니다.",
    },
    "finetune.no_data": {
        "en": "Nothing to train on yet: approve some examples on Curate first.",
        "ko": "아직 학습할 데이터가 없습니다. 먼저 ‘검토·편집’에서 예시를 승인하세요.",
    },
    "finetune.cost": {
        "en": "Estimated training cost: **about ${cost}** ({tokens} billed tokens, {epochs} epochs; prices of {date}).",
        "ko": "예상 학습 비용: **약 ${cost}** (과금 토큰 {tokens}개, 에포크 {epochs}회, {date} 기준 가격).",
    },
    "finetune.need_key": {
        "en": "Add an API key (sidebar or Connection) to launch a job.",
        "ko": "작업을 시작하려면 API 키를 넣으세요(사이드바 또는 ‘연결 설정’).",
    },
    "finetune.confirm": {
        "en": "I understand this starts a paid training job of about ${cost}.",
        "ko": "약 ${cost}의 유료 학습 작업이 시작된다는 것을 이해했습니다.",
    },
    "finetune.launch_button": {"en": "Launch fine-tuning", "ko": "파인튜닝 시작"},
    "finetune.launch_started": {
        "en": "Launch started: the files are uploading. The job appears below.",
        "ko": "시작했습니다. 파일을 올리는 중이며 작업은 아래에 나타납니다.",
    },
    "finetune.launch_running": {
        "en": "A launch is still in progress; wait until it has a job id.",
        "ko": "시작 작업이 아직 진행 중입니다. 작업 ID가 생길 때까지 기다리세요.",
    },
    # Refusal and alternatives
    "finetune.alternatives": {
        "en": "You can still: **use Azure OpenAI** (enter its endpoint and key on Connection), "
        "**export the dataset** to train elsewhere, or **compare** an existing model with your prompt.",
        "ko": "다른 방법이 있습니다. **Azure OpenAI 사용**(‘연결 설정’에 엔드포인트와 키 입력), "
        "**데이터셋 내보내기**로 다른 곳에서 학습, 또는 기존 모델을 프롬프트와 함께 **비교**하기.",
    },
    "finetune.alt_azure": {"en": "Set up Azure OpenAI", "ko": "Azure OpenAI 설정"},
    "finetune.alt_export": {"en": "Export the dataset", "ko": "데이터셋 내보내기"},
    "finetune.alt_compare": {"en": "Compare existing models", "ko": "기존 모델 비교"},
    # Jobs
    "finetune.jobs_header": {"en": "Jobs", "ko": "작업"},
    "finetune.no_jobs": {
        "en": "No fine-tuning job in this project yet.",
        "ko": "이 프로젝트에는 아직 파인튜닝 작업이 없습니다.",
    },
    "finetune.live": {
        "en": "Updating on its own while a job runs.",
        "ko": "작업이 진행되는 동안 자동으로 새로 고칩니다.",
    },
    "finetune.refresh_account": {"en": "Refresh from the account", "ko": "계정에서 새로 고침"},
    "finetune.account_error": {
        "en": "Couldn't read the account's job list: {reason}",
        "ko": "계정의 작업 목록을 읽지 못했습니다: {reason}",
    },
    "finetune.other_jobs": {"en": "Other jobs on this account ({count})", "ko": "이 계정의 다른 작업({count}개)"},
    "finetune.chart_jobs": {"en": "Jobs on the charts", "ko": "차트에 표시할 작업"},
    "finetune.smoothing": {"en": "Smoothing", "ko": "평활화"},
    "finetune.smoothing_help": {
        "en": "Averages out the step-to-step noise of the lines; 0 shows raw values.",
        "ko": "단계마다 튀는 값을 부드럽게 합니다. 0이면 원래 값입니다.",
    },
    "finetune.log_scale": {"en": "Log scale for loss", "ko": "손실을 로그 축으로"},
    "finetune.chart_waiting": {
        "en": "No metrics yet: the charts fill in as training runs.",
        "ko": "아직 지표가 없습니다. 학습이 진행되면 차트가 채워집니다.",
    },
    "finetune.detail_header": {"en": "Job detail", "ko": "작업 상세"},
    "finetune.pick_job": {"en": "Job", "ko": "작업"},
    "finetune.hyperparameters_used": {"en": "Hyperparameters used", "ko": "사용된 하이퍼파라미터"},
    "finetune.events": {"en": "Events (newest first)", "ko": "이벤트(최신순)"},
    "finetune.checkpoints": {"en": "Checkpoints", "ko": "체크포인트"},
    "finetune.checkpoint_pick": {"en": "Checkpoint", "ko": "체크포인트"},
    "finetune.send_to_compare": {"en": "Send to Compare", "ko": "비교로 보내기"},
    "finetune.sent_to_compare": {
        "en": "{model} is now offered on Compare.",
        "ko": "{model}을(를) ‘비교’에서 고를 수 있습니다.",
    },
    "finetune.action.cancel": {"en": "Cancel job", "ko": "작업 취소"},
    "finetune.action.pause": {"en": "Pause", "ko": "일시 정지"},
    "finetune.action.resume": {"en": "Resume", "ko": "재개"},
    # Statuses
    "finetune.status.preparing": {"en": "Preparing", "ko": "준비 중"},
    "finetune.status.uploading": {"en": "Uploading files", "ko": "파일 올리는 중"},
    "finetune.status.creating": {"en": "Creating the job", "ko": "작업 만드는 중"},
    "finetune.status.validating_files": {"en": "Checking files", "ko": "파일 확인 중"},
    "finetune.status.queued": {"en": "Queued", "ko": "대기 중"},
    "finetune.status.running": {"en": "Training", "ko": "학습 중"},
    "finetune.status.paused": {"en": "Paused", "ko": "일시 정지됨"},
    "finetune.status.succeeded": {"en": "Succeeded", "ko": "성공"},
    "finetune.status.failed": {"en": "Failed", "ko": "실패"},
    "finetune.status.cancelled": {"en": "Cancelled", "ko": "취소됨"},
    "finetune.status.refused": {"en": "Refused by the account", "ko": "계정에서 거부됨"},
    "finetune.status.launch_failed": {"en": "Could not start", "ko": "시작하지 못함"},
    # Errors
    "finetune.error.job_failed": {
        "en": "The training job failed. OpenAI said: {detail}",
        "ko": "학습 작업이 실패했습니다. OpenAI의 설명: {detail}",
    },
    "finetune.error.no_training_data": {
        "en": "There were no approved examples to train on. Approve some on Curate.",
        "ko": "학습할 승인된 예시가 없었습니다. ‘검토·편집’에서 승인하세요.",
    },
    "finetune.error.action_not_allowed": {
        "en": "That isn't possible in the job's current state.",
        "ko": "작업의 현재 상태에서는 할 수 없습니다.",
    },
    # Table columns
    "finetune.col.job": {"en": "Job", "ko": "작업"},
    "finetune.col.status": {"en": "Status", "ko": "상태"},
    "finetune.col.method": {"en": "Method", "ko": "방식"},
    "finetune.col.base": {"en": "Base model", "ko": "기본 모델"},
    "finetune.col.model": {"en": "Fine-tuned model", "ko": "파인튜닝된 모델"},
    "finetune.col.created": {"en": "Created", "ko": "생성"},
    "finetune.col.finished": {"en": "Finished", "ko": "완료"},
    "finetune.col.tokens": {"en": "Trained tokens", "ko": "학습 토큰"},
    "finetune.col.cost": {"en": "Cost (USD)", "ko": "비용(USD)"},
    "finetune.col.eta": {"en": "Estimated finish", "ko": "예상 완료"},
    "finetune.col.time": {"en": "Time", "ko": "시각"},
    "finetune.col.level": {"en": "Level", "ko": "수준"},
    "finetune.col.message": {"en": "Message", "ko": "메시지"},
    "finetune.col.step": {"en": "Step", "ko": "단계"},
    "finetune.metric.train_loss": {"en": "Train loss", "ko": "학습 손실"},
    "finetune.metric.train_mean_token_accuracy": {"en": "Train accuracy", "ko": "학습 정확도"},
    "finetune.metric.valid_loss": {"en": "Valid loss", "ko": "검증 손실"},
    "finetune.metric.valid_mean_token_accuracy": {"en": "Valid accuracy", "ko": "검증 정확도"},
    "finetune.metric.full_valid_loss": {"en": "Full valid loss", "ko": "전체 검증 손실"},
    "finetune.metric.full_valid_mean_token_accuracy": {"en": "Full valid accuracy", "ko": "전체 검증 정확도"},
    # Charts
    "finetune.chart.train": {"en": "train", "ko": "학습"},
    "finetune.chart.valid": {"en": "validation", "ko": "검증"},
    "finetune.chart.full_valid": {"en": "full validation (epoch end)", "ko": "전체 검증(에포크 끝)"},
    "finetune.chart.loss": {"en": "Loss", "ko": "손실"},
    "finetune.chart.accuracy": {"en": "Mean token accuracy", "ko": "평균 토큰 정확도"},
    "finetune.chart.step": {"en": "Step", "ko": "단계"},
    # Notes under the charts
    "finetune.note.overfitting": {
        "en": "Validation loss was lowest at step {step} ({best}) and has risen to {last} while training loss "
        "kept falling: the model is likely memorising the examples (overfitting).",
        "ko": "검증 손실은 {step}단계에서 가장 낮았고({best}) 학습 손실이 계속 내려가는 동안 {last}까지 올랐습니다. "
        "모델이 예시를 외우고 있을 가능성이 큽니다(과적합).",
    },
    "finetune.note.best_checkpoint": {
        "en": "The checkpoint at step {step} looks best: {model}. Try it on Compare, or train again with fewer epochs.",
        "ko": "{step}단계 체크포인트가 가장 좋아 보입니다: {model}. ‘비교’에서 써 보거나 에포크를 줄여 다시 학습하세요.",
    },
    "finetune.note.accuracy_floor": {
        "en": "Mean token accuracy started at {first}, not 0 %: most words of an answer are easy to predict, so "
        "that first value is the floor. Only the rise above it (now {last}) shows learning, and 100 % is "
        "neither expected nor desirable.",
        "ko": "평균 토큰 정확도는 0 %가 아닌 {first}에서 시작했습니다. 답변의 단어 대부분은 예측하기 쉬워서 첫 값이 "
        "바닥선입니다. 그 위로 오른 만큼(현재 {last})만 학습의 결과이며, 100 %는 기대할 필요도 바람직하지도 않습니다.",
    },
    "finetune.note.on_track": {
        "en": "On track: {progress} of the steps done, about {minutes} min to the estimated finish.",
        "ko": "순조롭습니다: 단계의 {progress} 완료, 예상 완료까지 약 {minutes}분.",
    },
    "finetune.note.behind": {
        "en": "Behind schedule: {progress} of the steps done but {elapsed} of the estimated time used.",
        "ko": "예정보다 늦습니다: 예상 시간의 {elapsed}이(가) 지났지만 단계는 {progress}만 끝났습니다.",
    },
    "finetune.note.past_estimate": {
        "en": "The job is {minutes} min past its estimated finish. Busy queues cause this; nothing is lost.",
        "ko": "예상 완료 시각을 {minutes}분 넘겼습니다. 대기열이 붐비면 생기는 일이며 잃는 것은 없습니다.",
    },
    # One-line help for each setting.
    "finetune.confirm_help": {
        "en": "Training is billed by your provider; tick to unlock the start button.",
        "ko": "학습 비용은 제공업체가 청구합니다. 체크하면 시작 버튼을 누를 수 있습니다.",
    },
    "finetune.chart_jobs_help": {
        "en": "Pick one or more jobs to draw their loss and accuracy side by side.",
        "ko": "작업을 하나 이상 고르면 손실과 정확도를 나란히 그립니다.",
    },
    "finetune.chart_jobs_placeholder": {"en": "Choose jobs", "ko": "작업을 고르세요"},
    "finetune.log_scale_help": {
        "en": "A log axis makes small late changes in the loss easier to see.",
        "ko": "로그 축을 쓰면 후반의 작은 손실 변화가 잘 보입니다.",
    },
    "finetune.pick_job_help": {
        "en": "The job whose details, events and checkpoints are shown below.",
        "ko": "아래에 세부 정보, 이벤트, 체크포인트를 보여 줄 작업입니다.",
    },
    "finetune.checkpoint_pick_help": {
        "en": "A saved model from partway through training; you can compare it with others.",
        "ko": "학습 도중 저장된 모델입니다. 다른 모델과 비교할 수 있습니다.",
    },
}

"""Strings of the Fine-tune jobs panel (empty charts, notes per job, the limit legend) and of provider messages."""

STRINGS: dict[str, dict[str, str]] = {
    # Why a chart is empty, per job state
    "finetune_view.chart_pick": {
        "en": "Pick a job above to draw its charts.",
        "ko": "위에서 작업을 고르면 차트를 그립니다.",
    },
    "finetune_view.chart_running": {
        "en": "{job}: no metrics yet. The charts fill in as training runs.",
        "ko": "{job}: 아직 지표가 없습니다. 학습이 진행되면 차트가 채워집니다.",
    },
    "finetune_view.chart_failed": {
        "en": "{job} failed before it reported any metrics. The error is shown under Job detail.",
        "ko": "{job} 작업은 지표를 보내기 전에 실패했습니다. 오류는 ‘작업 상세’에 있습니다.",
    },
    "finetune_view.chart_succeeded": {
        "en": "{job} finished, but the provider sent no training metrics for it, so there is nothing to draw.",
        "ko": "{job} 작업은 끝났지만 제공업체가 학습 지표를 보내지 않아 그릴 것이 없습니다.",
    },
    "finetune_view.chart_cancelled": {
        "en": "{job} was cancelled before it reported any metrics.",
        "ko": "{job} 작업은 지표를 보내기 전에 취소되었습니다.",
    },
    "finetune_view.note_for_job": {"en": "**{job}**: {text}", "ko": "**{job}**: {text}"},
    "finetune_view.checkpoint_best": {"en": "{model} (best)", "ko": "{model} (가장 좋음)"},
    # The red dashed line on Preview's token histogram
    "charts.limit_legend": {
        "en": "Model's limit per example ({limit} tokens)",
        "ko": "모델의 예시당 한도({limit} 토큰)",
    },
    # Provider messages: levels, a Korean lead before the original text
    "provider_messages.level.info": {"en": "Info", "ko": "정보"},
    "provider_messages.level.warning": {"en": "Warning", "ko": "경고"},
    "provider_messages.level.error": {"en": "Error", "ko": "오류"},
    "provider_messages.generic": {"en": "{provider} message: {original}", "ko": "{provider} 메시지: {original}"},
    "provider_messages.with_original": {"en": "{sentence} ({original})", "ko": "{sentence} (원문: {original})"},
    "provider_messages.said": {"en": "{provider} said: {original}", "ko": "{provider}의 원문: {original}"},
    "provider_messages.job_failed": {"en": "The training job failed.", "ko": "학습 작업이 실패했습니다."},
    "provider_messages.event.created": {
        "en": "The fine-tuning job was created.",
        "ko": "파인튜닝 작업을 만들었습니다.",
    },
    "provider_messages.event.validating": {
        "en": "The training files are being checked.",
        "ko": "학습 파일을 검사하고 있습니다.",
    },
    "provider_messages.event.file_invalid": {
        "en": "A training file did not pass the check.",
        "ko": "학습 파일이 검사를 통과하지 못했습니다.",
    },
    "provider_messages.event.validated": {
        "en": "The files passed the check; the job is queued.",
        "ko": "파일이 검사를 통과해 작업이 대기열에 들어갔습니다.",
    },
    "provider_messages.event.started": {"en": "Training has started.", "ko": "학습을 시작했습니다."},
    "provider_messages.event.step": {
        "en": "Training metrics of step {step} of {total}.",
        "ko": "{total}단계 중 {step}단계의 학습 지표입니다.",
    },
    "provider_messages.event.checkpoint": {
        "en": "A checkpoint was saved at step {step}.",
        "ko": "{step}단계에서 체크포인트를 저장했습니다.",
    },
    "provider_messages.event.model_created": {
        "en": "The fine-tuned model was created.",
        "ko": "파인튜닝된 모델이 만들어졌습니다.",
    },
    "provider_messages.event.policy_check": {
        "en": "The model is being checked against the usage policies.",
        "ko": "모델이 사용 정책에 맞는지 검사하고 있습니다.",
    },
    "provider_messages.event.policy_passed": {
        "en": "The usage-policy check passed; the model can be used.",
        "ko": "사용 정책 검사를 통과해 모델을 쓸 수 있습니다.",
    },
    "provider_messages.event.succeeded": {
        "en": "The job finished successfully.",
        "ko": "작업이 성공적으로 끝났습니다.",
    },
    "provider_messages.event.paused": {"en": "The job was paused.", "ko": "작업이 일시 정지되었습니다."},
    "provider_messages.event.resumed": {"en": "The job was resumed.", "ko": "작업이 다시 시작되었습니다."},
    "provider_messages.event.cancelled": {"en": "The job was cancelled.", "ko": "작업이 취소되었습니다."},
    "provider_messages.event.failed": {"en": "The job failed.", "ko": "작업이 실패했습니다."},
    # Known error codes of a failed job
    "provider_messages.error.invalid_training_file": {
        "en": "The training file was refused. Check it on Preview & export, fix the rows it names and launch again.",
        "ko": "학습 파일이 거부되었습니다. ‘검증·내보내기’에서 확인하고, 지적된 행을 고친 뒤 다시 시작하세요.",
    },
    "provider_messages.error.invalid_validation_file": {
        "en": "The validation file was refused. Fix it on Preview & export, or launch without validation.",
        "ko": "검증 파일이 거부되었습니다. ‘검증·내보내기’에서 고치거나 검증 없이 시작하세요.",
    },
    "provider_messages.error.invalid_n_examples": {
        "en": "The file has too few examples for the provider (at least 10 are needed). Add or approve more.",
        "ko": "파일의 예시 수가 제공업체의 최소 기준(10개)보다 적습니다. 예시를 더 추가하거나 승인하세요.",
    },
    "provider_messages.error.invalid_file_format": {
        "en": "The file's format was refused. Export it again from Preview & export.",
        "ko": "파일 형식이 거부되었습니다. ‘검증·내보내기’에서 다시 만들어 올리세요.",
    },
    "provider_messages.error.content_policy_violation": {
        "en": "Some examples break the provider's usage policies. Find and remove them, then launch again.",
        "ko": "일부 예시가 제공업체의 사용 정책에 어긋납니다. 해당 예시를 찾아 지운 뒤 다시 시작하세요.",
    },
    "provider_messages.error.insufficient_quota": {
        "en": "The account has no credit left for training. Add credit, then launch again.",
        "ko": "계정에 학습에 쓸 크레딧이 없습니다. 크레딧을 충전한 뒤 다시 시작하세요.",
    },
    "provider_messages.error.server_error": {
        "en": "The provider had an internal problem. Nothing is wrong with your data; launch again later.",
        "ko": "제공업체 쪽에 내부 문제가 있었습니다. 데이터 문제는 아니니 나중에 다시 시작하세요.",
    },
    "provider_messages.error.internal_error": {
        "en": "The provider had an internal problem. Nothing is wrong with your data; launch again later.",
        "ko": "제공업체 쪽에 내부 문제가 있었습니다. 데이터 문제는 아니니 나중에 다시 시작하세요.",
    },
}

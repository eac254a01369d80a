"""Messages for error codes that had none, so every ``StudioError`` can be told in both languages."""

STRINGS = {
    "store.unknown_fields": {
        "en": "These fields can't be changed: {fields}.",
        "ko": "다음 항목은 바꿀 수 없습니다: {fields}.",
    },
    "store.bad_status": {
        "en": "“{status}” is not a status an example can have.",
        "ko": "“{status}”: 예시에 쓸 수 없는 상태입니다.",
    },
    "finetune.error.launch_in_progress": {
        "en": "A launch is still in progress; wait until it has a job id.",
        "ko": "아직 시작 중인 학습이 있습니다. 작업 ID가 생길 때까지 기다려 주세요.",
    },
}

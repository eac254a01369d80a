"""Strings of work that runs in the background runner and is polled by a page."""

STRINGS: dict[str, dict[str, str]] = {
    "runner.synthetic_working": {
        "en": "Writing new questions in the background… they appear here and in Curate when they arrive.",
        "ko": "새 질문을 백그라운드에서 쓰는 중입니다… 도착하면 여기와 ‘검토·편집’에 나타납니다.",
    },
}

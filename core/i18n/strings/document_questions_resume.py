"""Questions from documents: what is done already, stopping a run, and Batch mode."""

STRINGS = {
    "docq.batch": {"en": "Batch mode (half price, within 24 h)", "ko": "배치 모드 (반값, 24시간 이내)"},
    "docq.batch_help": {
        "en": "Sends every chunk as one OpenAI Batch: half the price, but the questions come back within 24 hours, "
        "not live. You may close the app; the batch is checked again when you come back to this page.",
        "ko": "모든 조각을 OpenAI 배치 하나로 보냅니다. 가격은 절반이지만 질문은 실시간이 아니라 24시간 안에 옵니다. "
        "앱을 닫아도 되며, 이 페이지를 다시 열면 이어서 확인합니다.",
    },
    "docq.already_done": {
        "en": "Already done, with questions of this kind: {done} of the {total} chosen chunks. Only what is left "
        "({rest}) is sent, and the cost below covers only that.",
        "ko": "고른 조각 {total}개 중 {done}개는 이 종류의 질문이 이미 있어 나머지 {rest}개만 보냅니다. "
        "아래 비용도 그 조각들의 비용입니다.",
    },
    "docq.all_done": {
        "en": "Every chosen chunk already has questions of this kind. To have them written again, move those "
        "questions to the trash on Curate, or choose another kind.",
        "ko": "고른 조각 모두 이 종류의 질문이 이미 있습니다. 다시 쓰려면 [검토·편집]에서 그 질문들을 휴지통으로 "
        "옮기거나 다른 종류를 고르세요.",
    },
    "docq.stop": {"en": "Stop", "ko": "중지"},
    "docq.stop_help": {
        "en": "Stops sending. Questions that already arrived are kept; running it again asks only the rest.",
        "ko": "보내기를 멈춥니다. 이미 도착한 질문은 저장되어 있고, 다시 실행하면 나머지 조각만 묻습니다.",
    },
    "docq.stopped": {
        "en": "Stopped. Questions that arrived are kept ({count}); run it again to write the rest.",
        "ko": "중지했습니다. 도착한 질문 {count}개는 저장되어 있으니, 다시 실행하면 나머지만 씁니다.",
    },
    "docq.skipped": {
        "en": "Not asked again, as they already had questions of this kind: {count} of the chunks.",
        "ko": "조각 {count}개는 이 종류의 질문이 이미 있어 다시 묻지 않았습니다.",
    },
    "docq.batch_go": {
        "en": "Submit a batch: {count} questions from {chunks} chunks",
        "ko": "배치 제출: 조각 {chunks}개에서 질문 {count}개",
    },
    "docq.batch_title": {"en": "Questions batch", "ko": "질문 배치"},
    "docq.batch_status": {
        "en": "Batch {id}: {status} ({completed} of {total} chunks done, {failed} failed). You may close the app; "
        "it is checked again when you come back.",
        "ko": "배치 {id}: {status} (조각 {total}개 중 {completed}개 완료, {failed}개 실패). 앱을 닫아도 되며, "
        "다시 열면 이어서 확인합니다.",
    },
    "docq.batch_submitting": {"en": "Submitting the batch…", "ko": "배치를 제출하는 중…"},
    "docq.batch_waiting_key": {
        "en": "A questions batch is still open. Enter your API key to check on it.",
        "ko": "질문 배치가 아직 진행 중입니다. 확인하려면 API 키를 입력하세요.",
    },
    "docq.batch_open": {
        "en": "A questions batch is open: wait for it, or cancel it, before writing more questions.",
        "ko": "질문 배치가 진행 중입니다. 질문을 더 만들려면 배치가 끝날 때까지 기다리거나 배치를 취소하세요.",
    },
    "docq.batch_done": {
        "en": "The batch is done: {count} questions added as drafts ({flagged} flagged as near-duplicates).",
        "ko": "배치가 끝났습니다. 질문 {count}개를 초안으로 추가했습니다(비슷한 질문 {flagged}개 표시).",
    },
    "docq.batch_chunks_failed": {
        "en": "No questions for {count} of the chunks. {detail} Running it again asks only those.",
        "ko": "조각 {count}개는 질문을 받지 못했습니다. {detail} 다시 실행하면 그 조각만 다시 묻습니다.",
    },
    "docq.chunk_failed": {
        "en": "The request failed (status {status}): {detail}",
        "ko": "요청이 실패했습니다(상태 {status}): {detail}",
    },
    "docq.batch_failed": {
        "en": "The batch ended without questions: {detail}",
        "ko": "배치가 질문 없이 끝났습니다: {detail}",
    },
    "docq.batch_cancel": {"en": "Cancel the batch", "ko": "배치 취소"},
    "docq.batch_cancelled": {
        "en": "The batch was cancelled; questions already added stay.",
        "ko": "배치를 취소했습니다. 이미 추가된 질문은 그대로 있습니다.",
    },
}

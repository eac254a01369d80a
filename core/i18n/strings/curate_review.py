"""Strings of Curate's review mode, answer history restore, live generation line and add-row form."""

STRINGS: dict[str, dict[str, str]] = {
    # The grid
    "curate.grid_help": {
        "en": "Double-click a cell to edit it; press Enter to save. # is the row number; the example's ID is in "
        "the one-example editor below.",
        "ko": "셀을 두 번 클릭해 고치고 Enter로 저장하세요. #은 행 번호이며, 예시 ID는 아래 예시 편집기에 나옵니다.",
    },
    "curate.col_row_help": {
        "en": "Row number in this list (the example's ID is shown when you open it).",
        "ko": "이 목록에서의 행 번호입니다(예시 ID는 예시를 열면 보입니다).",
    },
    "curate.add_row": {"en": "Add a row", "ko": "행 추가"},
    "curate.add_row_question_help": {"en": "The new example's question.", "ko": "새 예시의 질문입니다."},
    "curate.add_row_answer_help": {
        "en": "Its answer (you can leave it empty and generate it).",
        "ko": "답변입니다(비워 두고 나중에 생성해도 됩니다).",
    },
    "curate.add_row_save": {"en": "Add", "ko": "추가"},
    # Live generation
    "curate.live_progress": {
        "en": "Generating answers: {done} of {total} done. New answers appear here as they arrive.",
        "ko": "답변 생성 중: {total}개 중 {done}개 완료. 새 답변은 도착하는 대로 여기에 나타납니다.",
    },
    "curate.live_progress_help": {
        "en": "New answers appear in the table on their own, and a cell you are typing in stays open. "
        "What you type is saved when you confirm it with Enter. Pause or stop the run on Generate.",
        "ko": "새 답변은 표에 저절로 나타나고, 입력 중인 셀은 그대로 열려 있습니다. "
        "입력한 내용은 Enter로 확정하면 저장됩니다. 일시 정지나 중지는 생성 페이지에서 하세요.",
    },
    # Review mode
    "curate.mode_review": {"en": "Review one by one", "ko": "하나씩 검토"},
    "curate.mode_review_help": {
        "en": "Read each example in full, edit its answer and approve or reject it with a key. "
        "Works on the filter above; the link keeps your place.",
        "ko": "예시를 하나씩 전부 읽고, 답변을 고치고, 키 하나로 승인하거나 거절합니다. "
        "위의 필터에 맞는 예시만 보며, 링크가 현재 위치를 기억합니다.",
    },
    "curate.review_reviewed": {"en": "{reviewed} / {total} reviewed", "ko": "{total}개 중 {reviewed}개 검토함"},
    "curate.review_position": {"en": "Example {n} of {total} (ID {id})", "ko": "{total}개 중 {n}번째 예시(ID {id})"},
    "curate.review_back": {"en": "Back", "ko": "이전"},
    "curate.review_approve": {"en": "Approve", "ko": "승인"},
    "curate.review_reject": {"en": "Reject", "ko": "거절"},
    "curate.review_skip": {"en": "Skip", "ko": "건너뛰기"},
    "curate.review_keys": {
        "en": "Keys: {approve} approve · {reject} reject · ← back · → skip (not while typing in the answer).",
        "ko": "키: {approve} 승인 · {reject} 거절 · ← 이전 · → 건너뛰기(답변을 입력하는 중에는 동작하지 않음).",
    },
    "curate.review_prompt_own": {"en": "System prompt (this example's own):", "ko": "시스템 프롬프트(이 예시 전용):"},
    "curate.review_prompt_project": {
        "en": "System prompt (the project's training prompt):",
        "ko": "시스템 프롬프트(프로젝트의 학습용 프롬프트):",
    },
    "curate.review_prompt_none": {
        "en": "No system prompt: neither this example nor the project has one.",
        "ko": "시스템 프롬프트가 없습니다. 이 예시에도 프로젝트에도 설정되어 있지 않습니다.",
    },
    "curate.review_passage": {"en": "Source passage", "ko": "근거 문단"},
    "curate.review_answer_help": {
        "en": "Saved as soon as you click outside the box; every version stays in the history.",
        "ko": "상자 밖을 클릭하면 바로 저장되며, 모든 버전이 기록에 남습니다.",
    },
    # History
    "curate.restore": {"en": "Restore this version", "ko": "이 버전으로 되돌리기"},
    "curate.restore_help": {
        "en": "Makes this answer the current one again, as a new version; nothing is deleted.",
        "ko": "이 답변을 다시 현재 답변으로 만듭니다. 새 버전으로 저장되며 아무것도 지워지지 않습니다.",
    },
    "curate.restored": {
        "en": "The older answer is the current one again (saved as a new version).",
        "ko": "이전 답변을 다시 현재 답변으로 되돌렸습니다(새 버전으로 저장됨).",
    },
    "curate.history_current": {"en": "current", "ko": "현재"},
    "curate.source_restore": {"en": "restored", "ko": "되돌림"},
    # Generate: pauses and rates
    "generate.waiting_rate_limit": {
        "en": "Waiting for the rate limit: {seconds} s. The server said the key is over its limit; sending resumes on its own.",
        "ko": "요청 한도 때문에 기다리는 중: {seconds}초. 서버가 키의 한도를 넘었다고 알려 왔으며, 시간이 지나면 저절로 다시 보냅니다.",
    },
    "generate.waiting_other": {
        "en": "Waiting before the next request ({reason}): {seconds} s.",
        "ko": "다음 요청 전에 기다리는 중({reason}): {seconds}초.",
    },
    "generate.eta_paused": {"en": "after the pause", "ko": "대기 후 계산"},
}

"""Strings of the Curate page: the table, bulk actions and the example editor."""

STRINGS: dict[str, dict[str, str]] = {
    "curate.intro": {
        "en": "Edit answers right in the table: every change is saved at once. Approve the ones you want to train on.",
        "ko": "표에서 바로 답변을 고치세요. 모든 변경은 즉시 저장됩니다. 학습에 쓸 예시는 ‘승인’으로 바꾸세요.",
    },
    "curate.empty_project": {"en": "This project has no examples yet.", "ko": "이 프로젝트에는 아직 예시가 없습니다."},
    "curate.go_import": {"en": "Import questions", "ko": "질문 가져오기"},
    # Filters
    "curate.filter_status": {"en": "Status", "ko": "상태"},
    "curate.filter_status_help": {
        "en": "Show only these statuses (empty: all).",
        "ko": "이 상태의 예시만 보여 줍니다(비워 두면 전체).",
    },
    "curate.filter_status_any": {"en": "All statuses", "ko": "모든 상태"},
    "curate.filter_tag": {"en": "Tag", "ko": "태그"},
    "curate.filter_tag_any": {"en": "Any tag", "ko": "모든 태그"},
    "curate.filter_text": {"en": "Search", "ko": "검색"},
    "curate.filter_text_help": {
        "en": "Finds text in the question, the answer or the tags.",
        "ko": "질문, 답변, 태그에서 글자를 찾습니다.",
    },
    "curate.filter_errors": {"en": "Only failed generations", "ko": "생성 실패만"},
    "curate.page_size": {"en": "Rows per page", "ko": "페이지당 행 수"},
    "curate.showing": {
        "en": "Rows {first}–{last} of {total} (filtered) · {all} in the project",
        "ko": "{total}개 중 {first}–{last}번째 행(필터 적용) · 프로젝트 전체 {all}개",
    },
    "curate.no_match": {"en": "No example matches these filters.", "ko": "조건에 맞는 예시가 없습니다."},
    # Table columns
    "curate.col_select": {"en": "✓", "ko": "✓"},
    "curate.col_select_help": {
        "en": "Tick rows to delete them or open one below.",
        "ko": "삭제하거나 아래에서 열 행을 체크하세요.",
    },
    "curate.col_question": {"en": "Question", "ko": "질문"},
    "curate.col_answer": {"en": "Answer", "ko": "답변"},
    "curate.col_status": {"en": "Status", "ko": "상태"},
    "curate.col_tags": {"en": "Tags", "ko": "태그"},
    "curate.col_tags_help": {"en": "Comma-separated, e.g. “menu, rent”.", "ko": "쉼표로 구분, 예: “메뉴, 임대료”."},
    "curate.col_turns": {"en": "Messages", "ko": "메시지 수"},
    "curate.col_turns_help": {
        "en": "Multi-turn conversation: open it below to edit every message.",
        "ko": "여러 턴 대화입니다. 아래에서 열어 모든 메시지를 편집하세요.",
    },
    "curate.col_error": {"en": "Generation error", "ko": "생성 오류"},
    "curate.saved_rows": {"en": "Saved.", "ko": "저장했습니다."},
    "curate.rows_gone": {
        "en": "{count} row(s) were deleted in another window; your change to them was not saved.",
        "ko": "{count}개 행은 다른 창에서 삭제되어 변경 내용을 저장하지 못했습니다.",
    },
    "curate.save_failed": {
        "en": "Your change could not be saved (the workspace is busy). Nothing was lost: please try again.",
        "ko": "작업 공간이 사용 중이라 변경을 저장하지 못했습니다. 잃어버린 것은 없으니 다시 시도하세요.",
    },
    "curate.new_row_pending": {
        "en": "New row: type a question or an answer to save it.",
        "ko": "새 행: 질문이나 답변을 입력하면 저장됩니다.",
    },
    # Bulk actions
    "curate.bulk_title": {"en": "Bulk actions", "ko": "한꺼번에 바꾸기"},
    "curate.bulk_status": {"en": "New status", "ko": "바꿀 상태"},
    "curate.bulk_apply": {
        "en": "Set status of all {count} filtered examples",
        "ko": "필터된 예시 {count}개 모두 상태 변경",
    },
    "curate.bulk_done": {
        "en": "{count} examples are now “{status}”.",
        "ko": "예시 {count}개를 “{status}”(으)로 바꿨습니다.",
    },
    "curate.delete_selected": {"en": "Delete {count} selected", "ko": "선택한 {count}개 삭제"},
    "curate.delete_filtered": {"en": "Delete all {count} filtered", "ko": "필터된 {count}개 모두 삭제"},
    "curate.delete_confirm": {
        "en": "Delete {count} examples and their answer history? This can't be undone.",
        "ko": "예시 {count}개와 답변 기록을 삭제할까요? 되돌릴 수 없습니다.",
    },
    "curate.delete_yes": {"en": "Yes, delete {count}", "ko": "네, {count}개 삭제"},
    "curate.delete_cancel": {"en": "Cancel", "ko": "취소"},
    "curate.deleted": {"en": "{count} examples deleted.", "ko": "예시 {count}개를 삭제했습니다."},
    "curate.selected_count": {"en": "{count} selected", "ko": "{count}개 선택됨"},
    "curate.clear_selection": {"en": "Clear selection", "ko": "선택 해제"},
    # Single-example editor
    "curate.editor_title": {"en": "One example", "ko": "예시 하나 편집"},
    "curate.open_pick": {"en": "Open an example", "ko": "예시 열기"},
    "curate.open_none": {"en": "— choose a row —", "ko": "— 행을 고르세요 —"},
    "curate.open_label": {"en": "#{id} · {question}", "ko": "#{id} · {question}"},
    "curate.example_heading": {"en": "Example #{id}", "ko": "예시 #{id}"},
    "curate.close": {"en": "Close", "ko": "닫기"},
    "curate.example_gone": {
        "en": "Example #{id} no longer exists (it was deleted).",
        "ko": "예시 #{id}은(는) 더 이상 없습니다(삭제됨).",
    },
    "curate.question": {"en": "Question", "ko": "질문"},
    "curate.answer": {"en": "Answer", "ko": "답변"},
    "curate.system_prompt": {
        "en": "System prompt for this example (optional)",
        "ko": "이 예시의 시스템 프롬프트(선택)",
    },
    "curate.system_prompt_help": {
        "en": "Empty: the project's training system prompt is used.",
        "ko": "비워 두면 프로젝트의 학습용 시스템 프롬프트를 씁니다.",
    },
    "curate.tags": {"en": "Tags", "ko": "태그"},
    "curate.status": {"en": "Status", "ko": "상태"},
    "curate.error_label": {"en": "Last generation failed: {error}", "ko": "마지막 생성이 실패했습니다: {error}"},
    "curate.make_conversation": {"en": "Turn into a multi-turn conversation", "ko": "여러 턴 대화로 바꾸기"},
    "curate.make_conversation_help": {
        "en": "Lets you add more questions and answers to this example.",
        "ko": "이 예시에 질문과 답변을 더 추가할 수 있게 됩니다.",
    },
    "curate.conversation": {"en": "Conversation", "ko": "대화"},
    "curate.role": {"en": "Role", "ko": "역할"},
    "curate.role_system": {"en": "System", "ko": "시스템"},
    "curate.role_user": {"en": "User", "ko": "사용자"},
    "curate.role_assistant": {"en": "Assistant", "ko": "어시스턴트"},
    "curate.content": {"en": "Message {n}", "ko": "메시지 {n}"},
    "curate.weight": {"en": "Train on this", "ko": "학습에 사용"},
    "curate.weight_help": {
        "en": "Off (weight 0): the model sees this answer but doesn't learn to write it.",
        "ko": "끄면(weight 0) 모델이 이 답변을 보기만 하고 따라 쓰도록 학습하지는 않습니다.",
    },
    "curate.move_up": {"en": "Move up", "ko": "위로"},
    "curate.move_down": {"en": "Move down", "ko": "아래로"},
    "curate.remove": {"en": "Remove", "ko": "삭제"},
    "curate.add_message": {"en": "Add a message", "ko": "메시지 추가"},
    "curate.problem_no_user": {"en": "There is no user message.", "ko": "사용자 메시지가 없습니다."},
    "curate.problem_no_assistant": {
        "en": "There is no assistant answer to learn from.",
        "ko": "학습할 어시스턴트 답변이 없습니다.",
    },
    "curate.problem_last_not_assistant": {
        "en": "The conversation should end with an assistant answer.",
        "ko": "대화는 어시스턴트 답변으로 끝나야 합니다.",
    },
    "curate.problem_system_not_first": {
        "en": "A system message should only come first.",
        "ko": "시스템 메시지는 맨 처음에만 와야 합니다.",
    },
    "curate.problem_empty_message": {"en": "Some messages are empty.", "ko": "비어 있는 메시지가 있습니다."},
    "curate.problem_nothing_to_learn": {
        "en": "Every assistant answer has weight 0: nothing to learn.",
        "ko": "모든 어시스턴트 답변의 weight가 0이라 학습할 것이 없습니다.",
    },
    "curate.history": {"en": "Answer history ({count} versions)", "ko": "답변 기록({count}개 버전)"},
    "curate.source_import": {"en": "imported", "ko": "가져옴"},
    "curate.source_edit": {"en": "edited", "ko": "편집함"},
    "curate.source_generated": {"en": "generated", "ko": "생성됨"},
    "curate.source_repair": {"en": "repaired", "ko": "고침(재생성)"},
    "curate.source_variant": {"en": "chosen variant", "ko": "고른 변형 답변"},
    "curate.source_manual": {"en": "typed in", "ko": "직접 입력"},
    "curate.source_sample": {"en": "sample", "ko": "예제"},
    "curate.row_added": {
        "en": "{count} new example(s) saved; they are at the end of the list (shown now).",
        "ko": "새 예시 {count}개를 저장했습니다. 목록 맨 끝에 있습니다(지금 보이는 페이지).",
    },
    "curate.history_empty": {"en": "No answer yet.", "ko": "아직 답변이 없습니다."},
    "curate.history_time": {"en": "Time", "ko": "시각"},
    "curate.history_source": {"en": "Source", "ko": "출처"},
    "curate.history_model": {"en": "Model", "ko": "모델"},
    "curate.history_answer": {"en": "Answer", "ko": "답변"},
    "curate.moved_project": {
        "en": "Opened example #{id} in its project “{name}”.",
        "ko": "예시 #{id}을(를) 해당 프로젝트 “{name}”에서 열었습니다.",
    },
    "curate.not_found": {"en": "There is no example #{id}.", "ko": "예시 #{id}이(가) 없습니다."},
    # One-line help for each setting.
    "curate.help_bulk_status": {
        "en": "The status every filtered example gets when you press the button.",
        "ko": "버튼을 누르면 필터된 모든 예시가 이 상태로 바뀝니다.",
    },
    "curate.help_open_pick": {
        "en": "Open one example below to edit it in full, including conversations.",
        "ko": "아래에서 예시 하나를 열어 대화를 포함해 전부 편집합니다.",
    },
    "curate.help_status": {
        "en": "Approved examples are the ones exported for training; rejected ones are always left out.",
        "ko": "승인된 예시가 학습용으로 내보내집니다. 거절된 예시는 항상 빠집니다.",
    },
    "curate.help_tags": {
        "en": "Words to group examples, separated by commas, e.g. “refund, shipping”.",
        "ko": "예시를 묶는 단어들로, 쉼표로 구분합니다. 예: “환불, 배송”",
    },
    "curate.help_question": {
        "en": "What the user asks; the model learns to answer questions like this.",
        "ko": "사용자가 묻는 말입니다. 모델은 이런 질문에 답하는 법을 배웁니다.",
    },
    "curate.help_answer": {
        "en": "The ideal answer the model should learn to give.",
        "ko": "모델이 배워야 할 모범 답변입니다.",
    },
    "curate.help_role": {
        "en": "Who says this message: the system (instructions), the user or the assistant.",
        "ko": "이 메시지를 누가 말하는지입니다: 시스템(지시), 사용자 또는 어시스턴트.",
    },
    "curate.help_content": {
        "en": "The text of this message; saved as soon as you leave the box.",
        "ko": "이 메시지의 내용입니다. 입력 칸을 벗어나면 바로 저장됩니다.",
    },
    "curate.help_filter_tag": {"en": "Show only examples with this tag.", "ko": "이 태그가 붙은 예시만 보여 줍니다."},
    "curate.help_filter_errors": {
        "en": "Show only examples whose last answer generation failed.",
        "ko": "마지막 답변 생성이 실패한 예시만 보여 줍니다.",
    },
    "curate.help_page_size": {
        "en": "How many rows the table shows at once.",
        "ko": "표에 한 번에 보여 줄 행 수입니다.",
    },
}

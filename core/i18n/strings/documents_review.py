"""Strings of reviewing a row next to its source chunk on Curate: the passage, its filters and the groundedness check."""

STRINGS: dict[str, dict[str, str]] = {
    "docreview.source_title": {"en": "Source in your documents", "ko": "문서 속 근거"},
    "docreview.source_where": {
        "en": "{document} · part {position} · {heading}",
        "ko": "{document} · {position}번째 조각 · {heading}",
    },
    "docreview.source_where_no_heading": {
        "en": "{document} · part {position}",
        "ko": "{document} · {position}번째 조각",
    },
    "docreview.marked": {
        "en": "Highlighted: the sentences closest to the answer.",
        "ko": "강조된 부분: 답변과 가장 가까운 문장입니다.",
    },
    "docreview.none_marked": {
        "en": "No sentence of this passage closely matches the answer. Check that the answer really comes from it.",
        "ko": "이 문단에는 답변과 가깝게 맞는 문장이 없습니다. 답변이 정말 이 문단에서 나왔는지 확인하세요.",
    },
    "docreview.no_answer": {
        "en": "No answer yet: the passage is shown without highlights.",
        "ko": "아직 답변이 없어 문단을 강조 없이 보여 줍니다.",
    },
    "docreview.no_source": {
        "en": "This row was not written from one of your documents, so there is no source passage to show.",
        "ko": "이 행은 문서에서 만든 것이 아니어서 보여 줄 근거 문단이 없습니다.",
    },
    "docreview.filter_document": {"en": "Source document", "ko": "출처 문서"},
    "docreview.filter_document_any": {"en": "Any (or none)", "ko": "전체(출처 없음 포함)"},
    "docreview.filter_document_help": {
        "en": "Show only the rows whose questions were written from this document.",
        "ko": "이 문서에서 만든 질문의 행만 보여 줍니다.",
    },
    "docreview.filter_chunk": {"en": "Part of the document", "ko": "문서의 조각"},
    "docreview.filter_chunk_any": {"en": "Any part", "ko": "모든 조각"},
    "docreview.filter_chunk_label": {"en": "Part {n} · {heading}", "ko": "{n}번째 조각 · {heading}"},
    "docreview.filter_chunk_help": {
        "en": "Show only the rows written from this part (chunk) of the picked document.",
        "ko": "고른 문서의 이 조각에서 만든 행만 보여 줍니다.",
    },
    "docreview.filter_unsupported": {"en": "Only not grounded", "ko": "근거 없는 답변만"},
    "docreview.filter_unsupported_help": {
        "en": "Show only the rows whose answer the groundedness check found not supported by its source passage. "
        "An answer edited after the check is no longer counted.",
        "ko": "근거 확인에서 출처 문단이 뒷받침하지 않는다고 나온 답변의 행만 보여 줍니다. "
        "확인 뒤에 고친 답변은 세지 않습니다.",
    },
    "docreview.check_title": {"en": "Check answers against their source", "ko": "답변을 근거 문단과 대조하기"},
    "docreview.check_how": {
        "en": "A judge model reads each filtered row's source passage and answer, and flags answers the passage "
        "doesn't support. Rows already checked with their current answer are skipped.",
        "ko": "판정 모델이 필터된 각 행의 근거 문단과 답변을 읽고, 문단이 뒷받침하지 않는 답변을 표시합니다. "
        "지금 답변으로 이미 확인한 행은 건너뜁니다.",
    },
    "docreview.check_model": {"en": "Judge model", "ko": "판정 모델"},
    "docreview.check_model_help": {
        "en": "The model that reads the passage and the answer. A capable model judges more reliably.",
        "ko": "문단과 답변을 읽는 모델입니다. 성능이 좋은 모델일수록 더 믿을 만하게 판정합니다.",
    },
    "docreview.check_go": {"en": "Check {count} answers", "ko": "답변 {count}개 확인"},
    "docreview.check_needs_key": {
        "en": "Add an API key in Settings to check answers.",
        "ko": "답변을 확인하려면 설정에서 API 키를 넣으세요.",
    },
    "docreview.check_nothing_due": {
        "en": "Every filtered row with a source and an answer is already checked.",
        "ko": "근거와 답변이 있는 필터된 행은 모두 이미 확인했습니다.",
    },
    "docreview.check_running": {"en": "Checking answers…", "ko": "답변을 확인하는 중…"},
    "docreview.check_done": {
        "en": "Checked {checked} answers: {unsupported} not supported by their passage.",
        "ko": "답변 {checked}개를 확인했습니다. 근거 문단이 뒷받침하지 않는 답변: {unsupported}개.",
    },
    "docreview.check_some_failed": {
        "en": "{count} checks could not be made; the rows say why. Press the button again to retry them.",
        "ko": "{count}개는 확인하지 못했습니다. 이유는 각 행에 나옵니다. 버튼을 다시 누르면 다시 시도합니다.",
    },
    "docreview.check_supported": {
        "en": "Supported by the passage (checked by {model}).",
        "ko": "근거 문단이 뒷받침합니다({model} 확인).",
    },
    "docreview.check_unsupported": {
        "en": "Not supported by the passage (checked by {model}): {reason}",
        "ko": "근거 문단이 뒷받침하지 않습니다({model} 확인): {reason}",
    },
    "docreview.check_failed": {
        "en": "The groundedness check could not be made: {reason}",
        "ko": "근거 확인을 하지 못했습니다: {reason}",
    },
    "docreview.check_unreadable": {
        "en": "the judge model's reply was not a verdict.",
        "ko": "판정 모델의 답이 판정 형식이 아니었습니다.",
    },
    "docreview.check_stale": {
        "en": "Checked by {model} before the answer changed: check again to judge the current answer.",
        "ko": "답변이 바뀌기 전의 확인 결과입니다({model}). 지금 답변을 판정하려면 다시 확인하세요.",
    },
    # Out-of-scope questions on the Documents page
    "docscope.title": {"en": "Questions your documents don't answer", "ko": "문서에 답이 없는 질문"},
    "docscope.how": {
        "en": "Optional. Add questions your documents don't cover, each answered with the refusal you write once. "
        "Trained with them, the model says so instead of guessing. Nothing is sent to a model.",
        "ko": "선택 사항입니다. 문서에서 다루지 않는 질문을 넣으면, 한 번 적어 둔 거절 답변이 각 질문의 답이 됩니다. "
        "이 예시로 학습한 모델은 추측하지 않고 모른다고 답합니다. 모델에 아무것도 보내지 않습니다.",
    },
    "docscope.refusal": {"en": "Refusal answer", "ko": "거절 답변"},
    "docscope.refusal_placeholder": {
        "en": "That isn't in the manual. Please ask a store manager.",
        "ko": "매뉴얼에 없는 내용입니다. 매장 관리자에게 문의하세요.",
    },
    "docscope.refusal_help": {
        "en": "What the model should answer when the documents don't cover a question. Saved with the project.",
        "ko": "문서에 답이 없는 질문에 모델이 할 답변입니다. 프로젝트에 저장됩니다.",
    },
    "docscope.questions": {"en": "Questions, one per line", "ko": "질문(한 줄에 하나씩)"},
    "docscope.questions_placeholder": {
        "en": "Can I bring my dog?\nWhat is the CEO's phone number?",
        "ko": "강아지를 데려가도 되나요?\n대표님 전화번호가 뭔가요?",
    },
    "docscope.questions_help": {
        "en": "Questions customers may ask that your documents don't answer. List marks (-, 1.) are removed; "
        "repeats and questions already in the project are skipped.",
        "ko": "고객이 물을 수 있지만 문서에 답이 없는 질문입니다. 목록 기호(-, 1.)는 지우고, "
        "겹치는 질문과 프로젝트에 이미 있는 질문은 건너뜁니다.",
    },
    "docscope.add": {"en": "Add {count} questions with this answer", "ko": "이 답변으로 질문 {count}개 추가"},
    "docscope.add_help": {
        "en": "They become draft rows tagged out_of_scope; review them on Curate.",
        "ko": "out_of_scope 태그가 붙은 초안 행이 됩니다. 검토·편집에서 확인하세요.",
    },
    "docscope.needs_refusal": {
        "en": "Write the refusal answer first.",
        "ko": "먼저 거절 답변을 적으세요.",
    },
    "docscope.added": {
        "en": "Added {count} questions with the refusal answer ({skipped} already in the project).",
        "ko": "거절 답변과 함께 질문 {count}개를 추가했습니다(이미 있던 질문 {skipped}개는 건너뜀).",
    },
    "curate.source_out_of_scope": {"en": "refusal (out of scope)", "ko": "거절 답변(범위 밖)"},
}

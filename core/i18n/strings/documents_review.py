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
    "docreview.filter_unsupported": {"en": "Only not grounded", "ko": "근거 없는 답변만"},
    "docreview.filter_unsupported_help": {
        "en": "Show only the rows whose answer the groundedness check found not supported by its source passage. "
        "An answer edited after the check is no longer counted.",
        "ko": "근거 확인에서 출처 문단이 뒷받침하지 않는다고 나온 답변의 행만 보여 줍니다. "
        "확인 뒤에 고친 답변은 세지 않습니다.",
    },
}

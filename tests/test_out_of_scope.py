"""Questions the documents don't answer, each with the refusal the user writes once (Documents page)."""

from __future__ import annotations

from core.data import documents as stored_documents
from core.data.store import NewExample, Store
from core.dataset.documents import out_of_scope
from core.i18n import t
from core.ui.state import W_DOCUMENTS_REFUSAL, W_DOCUMENTS_SCOPE_ADD, W_DOCUMENTS_SCOPE_QUESTIONS
from tests.conftest import app_at

REFUSAL = "매뉴얼에 없는 내용입니다. 매장 관리자에게 문의하세요."


def test_questions_are_one_a_line_without_list_marks_blanks_or_repeats():
    typed = (
        "- 강아지를 데려가도 되나요?\n\n1. 주차장이 있나요?\n2) 강아지를 데려가도 되나요?\n"
        "  * Wi-Fi 비밀번호는?  \n-5도 이하면?"
    )
    assert out_of_scope.parse_questions(typed) == [
        "강아지를 데려가도 되나요?",
        "주차장이 있나요?",
        "Wi-Fi 비밀번호는?",
        "-5도 이하면?",  # a minus sign is not a list mark
    ]


def test_rows_get_the_refusal_and_skip_questions_already_in_the_project(store):
    project = store.create_project("Manual")
    store.add_examples(project, [NewExample("주차장이 있나요?")])
    ids = out_of_scope.add_out_of_scope(store, project, ["주차장이  있나요?", "강아지를 데려가도 되나요?"], REFUSAL)
    assert len(ids) == 1
    row = store.get_example(ids[0])
    assert (row.question, row.answer, row.tags, row.status) == (
        "강아지를 데려가도 되나요?",
        REFUSAL,
        ["out_of_scope"],
        "draft",
    )
    assert row.extra == {"out_of_scope": True}
    assert [v.source for v in store.answer_history(ids[0])] == ["out_of_scope"]
    assert out_of_scope.add_out_of_scope(store, project, ["다른 질문"], "   ") == []  # no refusal, no rows


def test_documents_page_adds_them_and_keeps_the_refusal_for_next_time(workspace):
    with Store(workspace) as store:
        project = store.create_project("Manual")
        stored_documents.add_document(
            store,
            project,
            name="manual.md",
            kind="md",
            size_bytes=4,
            markdown="text",
            chunk_size=400,
            chunk_overlap=0,
            new_chunks=[stored_documents.NewChunk(0, "", "text")],
        )
    at = app_at("pages/1_Documents.py")
    at.session_state["lang"] = "ko"
    at.run()
    assert not at.exception
    assert at.button(key=W_DOCUMENTS_SCOPE_ADD).disabled  # nothing typed yet
    at.text_area(key=f"{W_DOCUMENTS_REFUSAL}{project}").input(REFUSAL)
    at.text_area(key=f"{W_DOCUMENTS_SCOPE_QUESTIONS}0").input("- 강아지를 데려가도 되나요?\n- 주차장이 있나요?").run()
    add = at.button(key=W_DOCUMENTS_SCOPE_ADD)
    assert add.label == t("docscope.add", "ko", count=2) and not add.disabled
    add.click().run()
    assert not at.exception
    with Store(workspace) as store:
        rows = list(store.iter_examples(project))
        assert store.get_setting(project, out_of_scope.SETTING_REFUSAL) == REFUSAL
    assert [(r.question, r.answer) for r in rows] == [
        ("강아지를 데려가도 되나요?", REFUSAL),
        ("주차장이 있나요?", REFUSAL),
    ]
    # The questions box is empty again; the refusal is still there on the next visit.
    assert at.text_area(key=f"{W_DOCUMENTS_SCOPE_QUESTIONS}1").value == ""
    again = app_at("pages/1_Documents.py").run()
    assert again.text_area(key=f"{W_DOCUMENTS_REFUSAL}{project}").value == REFUSAL

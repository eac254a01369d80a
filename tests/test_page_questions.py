"""AppTest for the Questions page: paste and upload, preview, mapping, import, and bad files."""

from __future__ import annotations

import io

import openpyxl

from core.data.store import NewExample, Store
from core.i18n import t
from tests.conftest import COOKBOOK, SAMPLES, app_at

PAGE = "pages/1_Questions.py"


def make_project(workspace, name: str = "Cafe", rows: list[str] | None = None) -> int:
    with Store(workspace) as store:
        project_id = store.create_project(name)
        if rows:
            store.add_examples(project_id, [NewExample(q) for q in rows])
        return project_id


def questions_in(workspace, project_id: int) -> list[str]:
    with Store(workspace) as store:
        return [e.question for e in store.query_examples(project_id, limit=1000)]


def open_page(lang: str = "en"):
    at = app_at(PAGE)
    at.session_state["lang"] = lang
    return at.run()


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def import_button(at):
    return at.button(key="_w_import")


def upload(at, name: str, data: bytes):
    at.file_uploader(key="_w_upload_0").upload(name, data, "application/octet-stream")
    return at.run()


def test_paste_preview_then_import_end_to_end(workspace):
    project = make_project(workspace, rows=["Already here?"])
    at = open_page()
    assert not at.exception
    assert at.caption[0].value == t("questions.how_it_works", "en")
    at.radio(key="_w_questions_source").set_value("paste").run()
    pasted = "How much does it cost?\n\nAlready here?\nHow much does it cost?\nWhere?"
    at.text_area(key="_w_paste_0").input(pasted).run()
    assert not at.exception
    assert metrics(at) == {t("questions.will_add", "en"): "2", t("questions.will_skip", "en"): "2"}
    reasons = " ".join(m.value for m in at.markdown)
    assert "Already in the project: 1 (line 3)" in reasons and "Repeated in this file: 1 (line 4)" in reasons
    button = import_button(at)
    assert button.label == t("questions.import_button", "en", count=2) and not button.disabled
    button.click().run()
    assert not at.exception
    assert at.success[0].value == t(
        "questions.imported", "en", file=t("questions.paste_source", "en"), added=2, skipped=2
    )
    assert questions_in(workspace, project) == ["Already here?", "How much does it cost?", "Where?"]
    # A fresh, empty text box after the import; pasting the same again adds nothing.
    at.text_area(key="_w_paste_1").input("Where?").run()
    assert metrics(at)[t("questions.will_add", "en")] == "0"
    assert import_button(at).disabled


def test_korean_excel_csv_upload_maps_질문_and_imports_in_korean(workspace):
    project = make_project(workspace)
    at = open_page("ko")
    at = upload(at, "cafe_questions_cp949.csv", (SAMPLES / "cafe_questions_cp949.csv").read_bytes())
    assert not at.exception
    question_box = at.selectbox(key=next(s.key for s in at.selectbox if s.key.startswith("_w_map_question_")))
    assert question_box.value == "질문" and question_box.label == t("questions.map_question", "ko")
    assert any("CP949" in c.value for c in at.caption)
    assert metrics(at)[t("questions.will_add", "ko")] == "10"
    assert import_button(at).label == "10개 행 가져오기"
    import_button(at).click().run()
    assert not at.exception
    assert "10개 행을 가져왔습니다" in at.success[0].value
    assert len(questions_in(workspace, project)) == 10


def test_user_picks_the_question_column_when_none_is_recognised(workspace):
    project = make_project(workspace)
    at = open_page()
    at = upload(at, "faq.csv", "번호,내용,메모\n1,카페 창업 비용은?,x\n".encode())
    assert any("couldn't find a question column" in e.value for e in at.error)
    assert import_button(at).disabled
    key = next(s.key for s in at.selectbox if s.key.startswith("_w_map_question_"))
    at.selectbox(key=key).set_value("내용").run()
    assert not at.exception and not at.error
    import_button(at).click().run()
    assert questions_in(workspace, project) == ["카페 창업 비용은?"]


def test_xlsx_sheet_picker(workspace):
    project = make_project(workspace)
    workbook = openpyxl.Workbook()
    workbook.active.title = "표지"
    workbook.active.append(["FAQ 2026"])
    sheet = workbook.create_sheet("질문")
    sheet.append(["질문", "답변"])
    sheet.append(["비용은?", "5천만 원"])
    other = workbook.create_sheet("추가")
    other.append(["질문"])
    other.append(["월세는?"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    at = upload(open_page(), "faq.xlsx", buffer.getvalue())
    sheet_box = next(s for s in at.selectbox if s.key.startswith("_w_sheet_"))
    assert sheet_box.value == "질문" and sheet_box.options == ["표지", "질문", "추가"]
    sheet_box.set_value("추가").run()
    assert not at.exception
    import_button(at).click().run()
    assert questions_in(workspace, project) == ["월세는?"]


def test_pretty_printed_json_and_binary_files_get_messages_not_tracebacks(workspace):
    project = make_project(workspace)
    at = upload(open_page(), "01-testing-example.jsonl", (COOKBOOK / "01-testing-example.jsonl").read_bytes())
    assert not at.exception
    assert "pretty-printed JSON" in at.error[0].value and "01-testing-example.jsonl" in at.error[0].value
    assert import_button(at).disabled
    at = upload(open_page(), "photo.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    assert not at.exception and "photo.csv" in at.error[0].value
    assert questions_in(workspace, project) == []


def test_jsonl_with_broken_lines_lists_them(workspace):
    project = make_project(workspace)
    data = (
        b'{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]}\n'
        b'{"messages": [\n'
    )
    at = upload(open_page(), "chat.jsonl", data)
    assert not at.exception
    assert at.expander[0].label == t("questions.broken_title", "en", count=1)
    assert "“chat.jsonl”, line 2" in " ".join(m.value for m in at.markdown)
    import_button(at).click().run()
    assert questions_in(workspace, project) == ["Hi"]


def test_without_a_project_the_page_points_home(workspace):
    at = open_page()
    assert not at.exception
    assert at.info[0].value == t("common.no_project", "en")


def test_a_plain_question_list_is_read_without_a_header(workspace):
    project = make_project(workspace)
    at = upload(open_page(), "list.csv", "카페를 열려면 어떤 준비가 필요할까?\n창업 비용은?\n".encode("cp949"))
    header_box = next(c for c in at.checkbox if c.key.startswith("_w_header_"))
    assert header_box.value is False
    assert metrics(at)[t("questions.will_add", "en")] == "2"
    header_box.check().run()  # as a header, that question is no recognisable column name
    assert any("couldn't find a question column" in e.value for e in at.error)
    next(c for c in at.checkbox if c.key.startswith("_w_header_")).uncheck().run()
    import_button(at).click().run()
    assert questions_in(workspace, project) == ["카페를 열려면 어떤 준비가 필요할까?", "창업 비용은?"]


def test_cells_pasted_from_excel_get_a_column_mapping(workspace):
    project = make_project(workspace)
    at = open_page("ko")
    at.radio(key="_w_questions_source").set_value("paste").run()
    at.text_area(key="_w_paste_0").input("질문\t답변\n비용은?\t5천만 원\n입지는?\t\n").run()
    assert not at.exception
    answer_box = next(s for s in at.selectbox if s.key.startswith("_w_map_answer_"))
    assert answer_box.value == "답변"
    import_button(at).click().run()
    with Store(workspace) as store:
        assert [(e.question, e.answer) for e in store.query_examples(project)] == [
            ("비용은?", "5천만 원"),
            ("입지는?", ""),
        ]

"""core/dataset/importers/: every input a user may bring, and every way it can be wrong.

Files are the shared samples, the two cookbook files, and small files built
here (so each test shows exactly what it feeds in).
"""

from __future__ import annotations

import io
import re
import tomllib
import zipfile

import openpyxl
import pytest

from core.data.connection import DatabaseBusy, DatabaseError
from core.data.store import NewExample, Store
from core.dataset import importers as imp
from core.i18n import LANGUAGES, t, tables
from tests.conftest import COOKBOOK, ROOT, SAMPLES

CAFE_QUESTIONS = [
    line.strip('"') for line in (SAMPLES / "cafe_questions.csv").read_text(encoding="utf-8").splitlines()[1:]
]


def preview(
    name: str, data: bytes, store: Store | None = None, project_id: int | None = None, **options
) -> tuple[imp.TableSource | None, imp.ImportPreview]:
    existing = store.existing_keys(project_id) if store is not None else None
    return imp.preview_file(name, data, existing, **options)


def codes(problems) -> list[str]:
    return [problem.key.rsplit(".", 1)[-1] for problem in problems]


def xlsx_bytes(sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cell_range in (merges or {}).get(title, []):
            sheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """Add the cached results Excel would have stored next to formulas (openpyxl writes none).

    openpyxl writes the empty value as ``<v/>``, or as ``<v></v>`` when lxml is installed.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = content.decode("utf-8")
                for ref, value in values.items():
                    text = re.sub(
                        rf'<c r="{ref}"><f>(.*?)</f><v\s*(?:/>|></v>)',
                        rf'<c r="{ref}" t="str"><f>\1</f><v>{value}</v>',
                        text,
                    )
                content = text.encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()


# ------------------------------------------------------------------ CSV reading
def test_shared_utf8_sample_reads_all_ten_questions_with_the_quoted_comma_intact():
    table, result = preview("cafe_questions.csv", (SAMPLES / "cafe_questions.csv").read_bytes())
    assert table.encoding == "utf-8" and table.columns == ["question"]
    assert result.to_add == 10 and result.skipped == {} and not result.problems
    assert [row.question for row in result.rows] == CAFE_QUESTIONS
    assert "브랜드 창업이 좋을까, 개인 창업이 좋을까?" in CAFE_QUESTIONS
    assert [row.line for row in result.rows] == list(range(2, 12))


def test_shared_cp949_sample_maps_the_korean_question_column_automatically():
    table, result = preview("cafe_questions_cp949.csv", (SAMPLES / "cafe_questions_cp949.csv").read_bytes())
    assert table.encoding == "cp949" and table.delimiter == ","
    assert table.columns == ["번호", "질문"]
    assert imp.guess_table_mapping(table) == imp.ColumnMapping(question="질문")
    assert [row.question for row in result.rows] == CAFE_QUESTIONS
    assert "CP949" in imp.describe_table(table, "en")


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8-sig", "utf-8-sig"),
        ("euc-kr", "cp949"),
        ("cp949", "cp949"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
    ],
)
def test_encodings_korean_excel_users_bring(encoding, expected):
    text = '번호,질문,답변\n1,카페 창업 비용은?,약 5천만 원\n2,"입지, 어떻게 고르죠?",유동인구를 보세요\n'
    table, result = preview("q.csv", text.encode(encoding))
    assert table.encoding == expected
    assert table.columns == ["번호", "질문", "답변"]  # no BOM glued to the first name
    assert [(row.question, row.answer) for row in result.rows] == [
        ("카페 창업 비용은?", "약 5천만 원"),
        ("입지, 어떻게 고르죠?", "유동인구를 보세요"),
    ]


def test_excel_unicode_text_is_utf16_with_tabs():
    text = "질문\t답변\t태그\r\n카페 창업 비용은?\t약 5천만 원\t비용, 창업\r\n"
    table, result = preview("unicode.txt", text.encode("utf-16"))
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert result.rows[0].tags == "비용, 창업"


@pytest.mark.parametrize(("delimiter", "name"), [(",", "comma"), (";", "semicolon"), ("\t", "tab")])
def test_delimiter_is_detected(delimiter, name):
    data = f"question{delimiter}answer\nHow much?{delimiter}A lot\n".encode()
    table, result = preview("d.csv", data)
    assert table.delimiter == delimiter
    assert (result.rows[0].question, result.rows[0].answer) == ("How much?", "A lot")
    assert imp.describe_table(table, "en").endswith(f"separated by {t(f'questions.delimiter_{name}', 'en')}.")


def test_one_column_file_keeps_unquoted_commas_inside_questions():
    _, result = preview("q.csv", "질문\n안녕, 잘 지내?\n카페, 어때?\n".encode())
    assert [row.question for row in result.rows] == ["안녕, 잘 지내?", "카페, 어때?"]


def test_title_line_above_the_header_is_skipped_with_a_note():
    table, result = preview("q.csv", "카페 질문 목록\n번호,질문\n1,비용은?\n".encode("cp949"))
    assert table.header_line == 2 and table.columns == ["번호", "질문"]
    assert "rows_above_header" in codes(table.problems)
    assert [row.question for row in result.rows] == ["비용은?"]


# --------------------------------------------------------------- column mapping
@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (
            ["번호", "질문", "답변", "시스템 프롬프트", "태그"],
            imp.ColumnMapping("질문", "답변", "시스템 프롬프트", "태그"),
        ),
        (["Prompt", "Response", "System", "Category"], imp.ColumnMapping("Prompt", "Response", "System", "Category")),
        (["ID", "질문 내용", "응답", "분류"], imp.ColumnMapping("질문 내용", "응답", None, "분류")),
        (["question_text", "model answer"], imp.ColumnMapping("question_text", "model answer")),
        (["번호", "문의", "회신", "구분"], imp.ColumnMapping("문의", "회신", None, "구분")),
        (["번호", "내용"], imp.ColumnMapping()),
    ],
)
def test_mapping_is_guessed_from_english_and_korean_names(columns, expected):
    assert imp.guess_mapping(columns) == expected


def test_csv_without_a_question_column_asks_the_user_to_pick_one():
    data = "번호,내용\n1,카페 창업 비용은?\n".encode()
    table, result = preview("no_question.csv", data)
    assert "no_question_column" in codes(result.problems)
    assert not result.can_import
    message = result.problems[-1].message("ko")
    assert "no_question.csv" in message and "번호, 내용" in message
    picked = imp.preview_table(table, imp.ColumnMapping(question="내용"))
    assert picked.can_import and picked.rows[0].question == "카페 창업 비용은?"


def test_headerless_file_takes_the_first_text_column():
    data = "1,카페 창업 비용은?\n2,입지는?\n".encode()
    table, result = preview("plain.csv", data, has_header=False)
    assert table.columns == ["#1", "#2"]
    assert [row.question for row in result.rows] == ["카페 창업 비용은?", "입지는?"]


def test_duplicate_headers_are_renamed_and_reported():
    table, result = preview("dup.csv", b"question,question,answer\nfirst,second,A\n")
    assert table.columns == ["question", "question (2)", "answer"]
    duplicate = next(p for p in table.problems if p.key.endswith("duplicate_header"))
    assert duplicate.severity == imp.SEVERITY_WARNING and duplicate.line == 1
    assert "dup.csv" in duplicate.message("en") and "question (2)" in duplicate.message("en")
    assert (result.rows[0].question, result.rows[0].answer) == ("first", "A")


def test_tags_and_per_row_system_prompt_are_imported(store):
    project = store.create_project("P")
    data = '질문,답변,시스템,태그\n비용은?,5천만 원,너는 컨설턴트야,"비용; 창업, 비용"\n입지는?,,,\n'.encode()
    _, result = preview("full.csv", data, store, project)
    imported = imp.commit_import(store, project, result)
    first, second = [store.get_example(i) for i in imported.example_ids]
    assert (first.question, first.answer, first.system_prompt, first.tags) == (
        "비용은?",
        "5천만 원",
        "너는 컨설턴트야",
        ["비용", "창업"],
    )
    assert (second.answer, second.system_prompt, second.tags) == ("", None, [])
    assert [v.answer for v in store.answer_history(first.id)] == ["5천만 원"]  # version 1 of its history
    assert first.extra["import"] == {"file": "full.csv", "line": 2}


# ---------------------------------------------------------------- bad files
@pytest.mark.parametrize(
    "data",
    [b"", b"   \r\n\n", b"\xef\xbb\xbf", b"\xff\xfe", bytes(64)],
    ids=["zero-bytes", "blank-lines", "utf8-bom-only", "utf16-bom-only", "only-nuls"],
)
def test_empty_file(data):
    _, result = preview("empty.csv", data)
    assert codes(result.problems) == ["empty_file"]
    assert "empty.csv" in result.problems[0].message("en")
    assert not result.can_import


def test_header_without_rows():
    _, result = preview("header.csv", "번호,질문\n".encode())
    assert codes(result.problems) == ["no_data_rows"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "binary_file"),
        (b"%PDF-1.7\n" + bytes(range(32)) * 200, "document_file"),
        (b"abc\x00\x00\x01\x02" * 500, "binary_file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "old_excel"),
    ],
    ids=["png", "pdf", "nul-heavy", "xls"],
)
def test_binary_files_are_refused_with_a_next_step(data, code):
    _, result = preview("questions.csv", data)
    assert codes(result.problems) == [code]
    for lang in LANGUAGES:
        assert "questions.csv" in result.problems[0].message(lang)


def test_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("questions.csv", "question\nhi\n")
    assert codes(preview("q.zip", buffer.getvalue())[1].problems) == ["zip_file"]


def test_damaged_xlsx_is_a_message_not_a_traceback():
    data = xlsx_bytes({"Q": [["질문"], ["a"]]})
    _, result = preview("broken.xlsx", data[: len(data) // 2])
    assert codes(result.problems) in (["xlsx_unreadable"], ["unreadable"])


def test_nul_bytes_are_removed_and_reported():
    _, result = preview("nul.csv", "question\n안녕\x00하세요\n커피\x00\x00\n".encode())
    assert [row.question for row in result.rows] == ["안녕하세요", "커피"]
    note = next(p for p in result.problems if p.key.endswith("nul_removed"))
    assert note.severity == imp.SEVERITY_NOTE and note.details["count"] == 3


def test_100k_character_cells(store):
    project = store.create_project("P")
    fits = "가" * imp.MAX_CELL_CHARS
    too_long = "나" * (imp.MAX_CELL_CHARS + 1)
    huge = "x" * 300_000  # beyond csv's default field limit: must not break the parser
    data = f"question,answer\n{fits},ok\n{too_long},no\nshort,{huge}\nlast,fine\n".encode()
    _, result = preview("long.csv", data, store, project)
    assert result.to_add == 2
    assert result.skipped == {imp.REASON_TOO_LONG: 2}
    assert result.skipped_lines[imp.REASON_TOO_LONG] == [3, 4]
    ids = imp.commit_import(store, project, result).example_ids
    assert len(store.get_example(ids[0]).question) == imp.MAX_CELL_CHARS


def test_50_mb_csv_is_previewed_and_imported_without_loss(store, tmp_path):
    if store.dialect != "sqlite":
        pytest.skip("the same import on PostgreSQL is timed against SQLite by bench/import_csv.py --database postgres")
    project = store.create_project("Big")
    row_text = "카페 창업 질문 {i}: " + "자세한 설명 " * 110
    lines = ["번호,질문,답변"] + [f'{i},"{row_text.format(i=i)}",답 {i}' for i in range(1, 40_001)]
    data = ("\n".join(lines) + "\n").encode("cp949")
    assert len(data) > 50 * 1024 * 1024
    _, result = preview("big.csv", data, store, project)
    assert result.to_add == 40_000 and not result.blocked
    assert len(result.rows) == imp.PREVIEW_ROWS  # only a page of rows is kept for the preview
    imported = imp.commit_import(store, project, result)
    assert imported.added == 40_000 == store.count_examples(project)
    last = store.get_example(imported.example_ids[-1])
    assert last.question.startswith("카페 창업 질문 40000:") and last.answer == "답 40000"


def test_size_limit_has_a_friendly_message_and_sits_within_streamlits():
    problem = imp.check_size("huge.csv", imp.MAX_IMPORT_BYTES + 1)
    assert problem is not None and "huge.csv" in problem.message("ko")
    assert str(imp.MAX_IMPORT_MB) in problem.message("en")
    assert imp.check_size("ok.csv", imp.MAX_IMPORT_BYTES) is None
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert imp.MAX_IMPORT_MB <= config["server"]["maxUploadSize"]


# -------------------------------------------------------------------- Excel
def test_xlsx_picks_the_sheet_with_questions_and_lets_the_user_switch():
    data = xlsx_bytes(
        {
            "표지": [["카페 창업 FAQ"], ["2026"]],
            "질문들": [["번호", "질문", "답변"], [1, "비용은?", "5천만 원"], [2.0, "입지는?", None]],
            "메모": [["question"], ["from the memo sheet"]],
        }
    )
    table, result = preview("faq.xlsx", data)
    assert table.sheets == ["표지", "질문들", "메모"] and table.sheet == "질문들"
    assert [(r.question, r.answer) for r in result.rows] == [("비용은?", "5천만 원"), ("입지는?", "")]
    other, other_result = preview("faq.xlsx", data, sheet="메모")
    assert other.sheet == "메모" and [r.question for r in other_result.rows] == ["from the memo sheet"]


def test_xlsx_merged_cells_fill_every_cell_of_their_range():
    rows = [
        ["카페 질문 목록", None, None],
        ["분류", "질문", "답변"],
        ["비용", "창업 비용은?", "5천만 원"],
        [None, "월세는?", "지역마다 다릅니다"],
        ["입지", "입지는?", "유동인구"],
    ]
    data = xlsx_bytes({"Q": rows}, merges={"Q": ["A1:C1", "A3:A4"]})
    table, result = preview("merged.xlsx", data)
    assert table.header_line == 2 and table.columns == ["분류", "질문", "답변"]
    assert "merged_cells" in codes(table.problems) and "rows_above_header" in codes(table.problems)
    assert [(r.question, r.tags) for r in result.rows] == [
        ("창업 비용은?", "비용"),
        ("월세는?", "비용"),
        ("입지는?", "입지"),
    ]


def test_xlsx_formulas_use_cached_values_or_say_how_to_get_them():
    rows = [["질문", "답변"], ["비용은?", '=A2&" 답"'], ['="입지"&"는?"', "유동인구"], ["월세는?", "=1+1"]]
    raw = xlsx_bytes({"Q": rows})
    calculated = with_cached_values(raw, {"B2": "비용은? 답", "A3": "입지는?", "B4": "2"})
    _, result = preview("calc.xlsx", calculated)
    assert [(r.question, r.answer) for r in result.rows] == [
        ("비용은?", "비용은? 답"),
        ("입지는?", "유동인구"),
        ("월세는?", "2"),
    ]
    assert result.to_add == 3
    # Written by a script and never opened in Excel: no cached values at all.
    _, uncalculated = preview("script.xlsx", raw)
    assert uncalculated.skipped == {imp.REASON_FORMULA: 3}
    warning = next(p for p in uncalculated.problems if p.key.endswith("formulas_not_calculated"))
    assert warning.details["cell"] == "B2" and warning.details["count"] == 3
    assert "script.xlsx" in warning.message("ko") and "Q" in warning.message("en")


def test_xlsx_error_values_and_numbers():
    data = xlsx_bytes({"Q": [["질문", "답변"], ["#REF!", "x"], [42, 3.5]]})
    _, result = preview("values.xlsx", data)
    assert result.skipped == {imp.REASON_EXCEL_ERROR: 1}
    assert (result.rows[1].question, result.rows[1].answer) == ("42", "3.5")


# -------------------------------------------------------------------- JSONL
def test_cookbook_toy_chat_file_keeps_every_conversation_as_written(store):
    project = store.create_project("Toy")
    _, result = preview(
        "toy_chat_fine_tuning.jsonl", (COOKBOOK / "toy_chat_fine_tuning.jsonl").read_bytes(), store, project
    )
    assert result.kind == imp.KIND_JSONL and result.to_add == 5 and not result.broken_lines
    no_user = [p for p in result.problems if p.key.endswith("no_user_message")]
    assert [p.line for p in no_user] == [4] and not result.blocked
    imported = imp.commit_import(store, project, result)
    examples = [store.get_example(i) for i in imported.example_ids]
    assert all(example.is_multi_turn for example in examples)
    assert len(examples[1].messages) == 9  # multi-turn conversation kept whole
    assert examples[0].question == "I fell off my bike today."


def test_cookbook_pretty_printed_json_is_refused_clearly():
    _, result = preview("01-testing-example.jsonl", (COOKBOOK / "01-testing-example.jsonl").read_bytes())
    assert codes(result.problems) == ["json_pretty_printed"] and not result.can_import
    message = result.problems[0].message("en")
    assert "01-testing-example.jsonl" in message and "one example per line" in message
    assert "jq -c" in result.problems[0].message("ko")


def test_json_array_is_refused():
    data = b'[{"messages": [{"role": "user", "content": "hi"}]}]'
    assert codes(preview("list.json", data)[1].problems) == ["json_array"]


def test_broken_jsonl_lines_are_listed_with_line_numbers_and_reasons(store):
    project = store.create_project("J")
    lines = [
        '{"messages": [{"role": "user", "content": "Q1"}, {"role": "assistant", "content": "A1", "weight": 0},'
        ' {"role": "user", "content": "Q1b"}, {"role": "assistant", "content": "A1b", "weight": 1}]}',
        '{"messages": [{"role": "user", "content": "Q2"}, {"role": "assistant", "content": "A2"}',
        "",
        '["not", "an", "object"]',
        '{"messages": [{"role": "robot", "content": "beep"}]}',
        '{"prompt": "old completions format", "completion": "x"}',
        '{"messages": [{"role": "user", "content": ["parts"]}]}',
        '{"messages": [{"role": "user", "content": "Q8"}, {"role": "assistant", "content": "A8", "weight": 5}]}',
        '{"messages": [{"role": "user", "content": "Q9"}, {"role": "assistant", "content": "A9"}]}',
    ]
    _, result = preview("mixed.jsonl", "\n".join(lines).encode(), store, project)
    assert result.to_add == 2
    assert result.skipped == {imp.REASON_BROKEN: 6}
    broken = {p.line: p.key.rsplit(".", 1)[-1] for p in result.broken_lines}
    assert broken == {
        2: "bad_json",
        4: "not_object",
        5: "bad_role",
        6: "no_messages",
        7: "content_not_text",
        8: "bad_weight",
    }
    for problem in result.broken_lines:
        for lang in LANGUAGES:
            text = problem.message(lang)
            assert "mixed.jsonl" in text and str(problem.line) in text and "{line}" not in text
    imported = imp.commit_import(store, project, result)
    first = store.get_example(imported.example_ids[0])
    assert [m.get("weight") for m in first.messages] == [None, 0, None, 1]


def test_dpo_lines_become_an_example_and_a_preference_pair(store):
    project = store.create_project("DPO")
    line = (
        '{"input": {"messages": [{"role": "user", "content": "카페 이름 추천해 줘"}]}, '
        '"preferred_output": [{"role": "assistant", "content": "‘한 잔의 쉼’ 어때요?"}], '
        '"non_preferred_output": [{"role": "assistant", "content": "카페"}]}'
    )
    bad = '{"input": {"messages": [{"role": "user", "content": "x"}]}, "preferred_output": []}'
    _, result = preview("pairs.jsonl", f"{line}\n{bad}\n".encode(), store, project)
    assert result.to_add == 1 and result.preference_pairs == 1
    assert codes(result.broken_lines) == ["dpo_outputs"]
    imported = imp.commit_import(store, project, result)
    assert imported.preference_pairs == 1
    example = store.get_example(imported.example_ids[0])
    assert example.messages[-1] == {"role": "assistant", "content": "‘한 잔의 쉼’ 어때요?"}
    (pair,) = store.list_preference_pairs(project)
    assert (pair["preferred"], pair["non_preferred"], pair["example_id"]) == (
        "‘한 잔의 쉼’ 어때요?",
        "카페",
        example.id,
    )
    assert pair["messages"] == [{"role": "user", "content": "카페 이름 추천해 줘"}]


# ------------------------------------------------------------ duplicates, commit
def test_reimporting_skips_what_the_project_already_has(store):
    project = store.create_project("Cafe")
    first = imp.commit_import(
        store, project, preview("a.csv", (SAMPLES / "cafe_questions.csv").read_bytes(), store, project)[1]
    )
    assert first.added == 10
    _, again = preview("b.csv", (SAMPLES / "cafe_questions_cp949.csv").read_bytes(), store, project)
    assert again.to_add == 0 and again.skipped == {imp.REASON_DUP_PROJECT: 10}
    assert again.skipped_lines[imp.REASON_DUP_PROJECT] == list(range(2, 12))
    assert not again.can_import
    assert imp.commit_import(store, project, again).added == 0
    assert store.count_examples(project) == 10


def test_duplicates_within_the_file_and_answered_rows(store):
    project = store.create_project("P")
    store.add_examples(project, [NewExample("기존 질문", "기존 답")])
    data = "질문,답변\n새 질문,\n새 질문,\n 새 질문 ,\n기존 질문,\n기존 질문,다른 답\n빈칸,\n,답만 있음\n".encode()
    _, result = preview("d.csv", data, store, project)
    assert result.skipped == {imp.REASON_DUP_FILE: 2, imp.REASON_DUP_PROJECT: 1, imp.REASON_EMPTY: 1}
    assert result.skipped_lines == {imp.REASON_DUP_FILE: [3, 4], imp.REASON_DUP_PROJECT: [5], imp.REASON_EMPTY: [8]}
    assert result.to_add == 3  # 새 질문, 기존 질문 with a new answer, 빈칸
    summary = imp.skipped_summary(result, "en")
    assert summary[0] == "Empty question: 1 (line 8)"


def test_commit_rechecks_duplicates_against_the_store_as_it_is_now(store):
    project = store.create_project("P")
    result = imp.preview_pasted("하나\n둘\n셋", store.existing_keys(project))
    assert result.to_add == 3
    store.add_examples(project, [NewExample("둘")])  # another session, meanwhile
    imported = imp.commit_import(store, project, result)
    assert imported.added == 2 and imported.skipped == {imp.REASON_DUP_PROJECT: 1}
    assert sorted(e.question for e in store.query_examples(project)) == ["둘", "셋", "하나"]


def test_commit_is_one_transaction(store, monkeypatch):
    project = store.create_project("P")
    store.add_examples(project, [NewExample("kept")])
    result = imp.preview_pasted("a\nb\nc", store.existing_keys(project))
    original = result._candidates

    def failing():
        for number, candidate in enumerate(original()):
            if number == 2:
                raise DatabaseError("INSERT", {}, OSError("disk I/O error"))
            yield candidate

    result._candidates = failing
    imported = imp.commit_import(store, project, result)
    assert imported.added == 0 and imported.problem.key.endswith("save_failed")
    assert [e.question for e in store.query_examples(project)] == ["kept"]


def test_pasted_text_one_question_per_line():
    result = imp.preview_pasted("  카페 창업 비용은?  \r\n\n입지는?\n카페 창업 비용은?\n", source_name="pasted text")
    assert [(r.line, r.question, r.skip_reason) for r in result.rows] == [
        (1, "카페 창업 비용은?", None),
        (3, "입지는?", None),
        (4, "카페 창업 비용은?", imp.REASON_DUP_FILE),
    ]
    assert codes(imp.preview_pasted("  \n ").problems) == ["empty_paste"]


def test_preview_rows_are_translated_for_the_table():
    result = imp.preview_pasted("a\na")
    rows = imp.preview_table_rows(result, "ko")
    assert rows[0]["질문"] == "a" and rows[0]["처리"] == "추가" and rows[1]["처리"] == "이 파일 안에서 중복"


# ------------------------------------------------------------------ messages
def test_every_problem_and_reason_key_exists_in_both_languages():
    modules = sorted((ROOT / "core/dataset/importers").glob("*.py"))
    source = "".join(path.read_text(encoding="utf-8") for path in modules)
    problem_codes = set(re.findall(r'make_problem\(\s*"([a-z_]+)"', source))
    broken_codes = set(re.findall(r'_broken\([^)]*?"([a-z_]+)"', source))
    warning_keys = set(re.findall(r'"(questions\.warning\.[a-z_]+)"', source))
    assert len(problem_codes) > 15 and len(broken_codes) >= 6 and warning_keys
    keys = (
        {f"questions.problem.{code}" for code in problem_codes}
        | {f"questions.broken.{code}" for code in broken_codes}
        | {f"questions.reason.{reason}" for reason in imp.REASONS}
        | warning_keys
    )
    known = tables()
    assert sorted(key for key in keys if key not in known) == []
    for key in keys:
        assert all(known[key][lang].strip() for lang in LANGUAGES)


def test_jsonl_with_bom_and_a_raw_line_separator_inside_a_string():
    line = '{"messages": [{"role": "user", "content": "첫 줄\u2028둘째 줄"}, {"role": "assistant", "content": "네"}]}'
    _, result = preview("sep.jsonl", b"\xef\xbb\xbf" + (line + "\r\n" + line.replace("네", "응") + "\r\n").encode())
    assert result.to_add == 2 and not result.broken_lines
    assert result.rows[0].question == "첫 줄\u2028둘째 줄"


def test_tool_calling_lines_keep_their_tools_for_the_export(store):
    project = store.create_project("Tools")
    record = {
        "messages": [
            {"role": "user", "content": "서울 날씨 어때?"},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": "weather", "arguments": '{"city": "Seoul"}'},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": "call_1", "content": "맑음"},
            {"role": "assistant", "content": "서울은 맑아요."},
        ],
        "tools": [{"type": "function", "function": {"name": "weather", "parameters": {"type": "object"}}}],
        "parallel_tool_calls": False,
    }
    import json

    _, result = preview("tools.jsonl", (json.dumps(record, ensure_ascii=False) + "\n").encode(), store, project)
    assert result.to_add == 1 and not result.broken_lines
    example = store.get_example(imp.commit_import(store, project, result).example_ids[0])
    assert example.messages == record["messages"]
    assert example.extra["tools"] == record["tools"] and example.extra["parallel_tool_calls"] is False
    assert (example.question, example.answer) == ("서울 날씨 어때?", "서울은 맑아요.")


def test_names_from_the_file_cannot_turn_into_markdown():
    table, result = preview("$5_menu*.csv", "*번호*,[내용](http://x)\n1,a\n".encode())
    problem = next(p for p in result.problems if p.key.endswith("no_question_column"))
    assert "$5_menu*.csv" in problem.message("en")  # plain text keeps the name as it is
    shown = problem.message("en", markdown=True)
    assert "\\$5\\_menu\\*.csv" in shown and "\\*번호\\*, \\[내용\\](http://x)" in shown


def test_broken_line_column_counts_from_the_line_itself_and_the_preview_shows_its_start():
    _, result = preview("cut.jsonl", b'{"messages": [\r\n')
    (problem,) = result.broken_lines
    assert problem.details["column"] == 15
    assert result.rows[0].question == '{"messages": ['


def test_excel_sep_directive_line_sets_the_delimiter_and_is_not_a_row():
    table, result = preview("eu.csv", "sep=;\r\nquestion;answer\r\nWie viel, ungefähr?;Viel\r\n".encode("utf-8-sig"))
    assert table.delimiter == ";" and table.columns == ["question", "answer"] and table.header_line == 2
    assert [(r.line, r.question, r.answer) for r in result.rows] == [(3, "Wie viel, ungefähr?", "Viel")]


def test_a_plain_list_of_questions_has_no_header_row():
    data = "카페를 열려면 어떤 준비가 필요할까?\n창업 비용은 어느 정도 들지?\n".encode("cp949")
    headed, _ = preview("list.csv", data)
    assert not imp.header_likely(headed)
    plain, result = preview("list.csv", data, has_header=False)
    assert [row.question for row in result.rows] == [
        "카페를 열려면 어떤 준비가 필요할까?",
        "창업 비용은 어느 정도 들지?",
    ]
    assert imp.header_likely(preview("q.csv", "질문\n비용은?\n".encode())[0])
    assert imp.header_likely(preview("q.csv", "Notes\n비용은?\n".encode())[0])


def test_other_encodings_fall_back_to_charset_normalizer():
    text = "question,answer\nWhere is the café?,Near the naïve artist's studio, façade blue\n" * 20
    table, result = preview("latin.csv", text.encode("cp1252"))
    assert table.encoding not in (None, "utf-8", "cp949")
    assert result.rows[0].question == "Where is the café?"


def test_if_saving_the_pairs_fails_the_examples_are_taken_back(store, monkeypatch):
    project = store.create_project("DPO")
    line = (
        '{"input": {"messages": [{"role": "user", "content": "Q"}]}, '
        '"preferred_output": [{"role": "assistant", "content": "good"}], '
        '"non_preferred_output": [{"role": "assistant", "content": "bad"}]}'
    )
    _, result = preview("pairs.jsonl", (line + "\n").encode(), store, project)

    def broken_pair(*args, **kwargs):
        raise DatabaseBusy("INSERT", {}, OSError("database is locked"))

    monkeypatch.setattr(store, "add_preference_pair", broken_pair)
    imported = imp.commit_import(store, project, result)
    assert imported.added == 0 and imported.problem.key.endswith("save_failed")
    assert store.count_examples(project) == 0


def test_a_few_damaged_bytes_are_replaced_and_located():
    good = "질문,답변\n" + "".join(f"카페 질문 {i}?,답 {i}\n" for i in range(1, 40))
    data = good.encode("utf-8").replace("카페 질문 7?".encode(), "카페 질문 7?".encode() + b"\xff")
    table, result = preview("glued.csv", data)
    assert table.encoding == "utf-8"
    damage = next(p for p in table.problems if p.key.endswith("damaged_bytes"))
    assert (damage.line, damage.details["count"], damage.severity) == (8, 1, imp.SEVERITY_WARNING)
    assert "glued.csv" in damage.message("ko") and result.to_add == 39
    assert result.rows[6].question == "카페 질문 7?\ufffd"


def test_text_full_of_undecodable_bytes_is_refused():
    data = bytes(range(0x80, 0x100)) * 400
    _, result = preview("noise.csv", b"question\n" + data)
    assert codes(result.problems) == ["unknown_encoding"]

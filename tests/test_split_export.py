"""The recorded split and every download: JSONL, DPO, HF chat, CSV and XLSX (formula-safe)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from core.data.store import NewExample
from core.dataset import export
from core.dataset.split import eligible_ids, is_current, latest_split, make_split, split_ids
from core.dataset.validate import Validator

SYSTEM = "당신은 카페 창업 컨설턴트입니다."


def seed(store, n=20):
    project_id = store.create_project("p", settings={"training_system_prompt": SYSTEM})
    rows = [NewExample(question=f"질문 {i}", answer=f"답변 {i}", status="approved") for i in range(n)]
    rows += [
        NewExample(question="초안", answer="초안 답", status="draft"),
        NewExample(question="거절", answer="거절 답", status="rejected"),
    ]
    return project_id, store.add_examples(project_id, rows)


def test_split_is_seeded_and_sized_by_ratio():
    ids = list(range(1, 101))
    train, valid = split_ids(ids, 0.2, seed=7)
    assert len(valid) == 20 and sorted(train + valid) == ids and not set(train) & set(valid)
    assert split_ids(list(reversed(ids)), 0.2, seed=7) == (train, valid)  # order of input doesn't matter
    assert split_ids(ids, 0.2, seed=8) != (train, valid)
    assert split_ids([1], 0.5, seed=1) == ([1], [])  # never everything to validation
    assert split_ids(ids, 0.0, seed=1) == (ids, [])


def test_split_is_recorded_and_uses_approved_examples_by_default(store):
    project_id, ids = seed(store)
    assert latest_split(store, project_id) is None
    split = make_split(store, project_id, valid_ratio=0.1, seed=3)
    assert sorted(split.train_ids + split.valid_ids) == ids[:20] and len(split.valid_ids) == 2
    assert latest_split(store, project_id) == split
    assert is_current(store, split)
    broad = make_split(store, project_id, approved_only=False)
    assert ids[20] in broad.train_ids + broad.valid_ids and ids[21] not in broad.train_ids + broad.valid_ids
    assert latest_split(store, project_id).id == broad.id
    store.update_example(split.train_ids[0], answer="바뀐 답변")
    assert not is_current(store, split)


def test_train_jsonl_lines_are_utf8_chat_examples(store):
    project_id, ids = seed(store)
    lines = list(export.iter_chat_jsonl(store, project_id, ids[:20]))
    assert len(lines) == 20 and all(line.endswith("\n") and line.count("\n") == 1 for line in lines)
    assert "답변 0" in lines[0]  # ensure_ascii=False
    first = json.loads(lines[0])
    assert first == {
        "messages": [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": "질문 0"},
            {"role": "assistant", "content": "답변 0"},
        ]
    }
    validator = Validator()
    for line in lines:
        validator.add(json.loads(line))
    assert validator.finish().ready


def test_chat_record_keeps_an_imported_conversation_and_its_tools(store):
    project_id = store.create_project("p")
    messages = (
        {"role": "user", "content": "날씨?"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [{"id": "c", "type": "function", "function": {"name": "w", "arguments": "{}"}}],
        },
        {"role": "tool", "tool_call_id": "c", "content": "맑음"},
        {"role": "assistant", "content": "맑아요", "weight": 1},
    )
    tools = [{"type": "function", "function": {"name": "w"}}]
    [example_id] = store.add_examples(project_id, [NewExample(question="", messages=messages, extra={"tools": tools})])
    record = export.chat_record(store.get_example(example_id), "ignored for multi-turn")
    assert record == {"messages": list(messages), "tools": tools}
    hf = export.hf_record(record)
    assert set(hf) == {"messages"} and "weight" not in hf["messages"][-1]


def test_dpo_file_has_one_pair_per_reviewed_answer(store):
    project_id, ids = seed(store, 12)
    assert list(export.iter_dpo_jsonl(store, project_id)) == []
    assert not export.has_preference_data(store, project_id)
    store.update_example(ids[0], answer="훨씬 나은 답변")
    [line] = list(export.iter_dpo_jsonl(store, project_id))
    record = json.loads(line)
    assert record["preferred_output"] == [{"role": "assistant", "content": "훨씬 나은 답변"}]
    assert record["non_preferred_output"] == [{"role": "assistant", "content": "답변 0"}]
    assert record["input"]["messages"][-1] == {"role": "user", "content": "질문 0"}
    assert export.has_preference_data(store, project_id)


@pytest.mark.parametrize("dangerous", ["=1+1", "+82 10", "-cmd", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised(dangerous):
    assert export.neutralise_cell(dangerous) == "'" + dangerous
    assert export.neutralise_cell("안전한 " + dangerous) == "안전한 " + dangerous
    assert export.neutralise_cell(42) == 42


def test_csv_and_xlsx_are_formula_safe_and_complete(store):
    project_id, ids = seed(store, 3)
    store.update_example(ids[0], answer='=HYPERLINK("http://evil","클릭")')
    store.update_example(ids[1], question="@SUM(A1:A3)")
    data = export.csv_bytes(store, project_id)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(export.TABLE_COLUMNS) and len(rows) == 1 + 5
    assert rows[1][3].startswith("'=HYPERLINK") and rows[2][2] == "'@SUM(A1:A3)"
    sheet = load_workbook(io.BytesIO(export.xlsx_bytes(store, project_id))).active
    values = list(sheet.values)
    assert list(values[0]) == list(export.TABLE_COLUMNS) and len(values) == 6
    assert values[1][3].startswith("'=") and values[2][2] == "'@SUM(A1:A3)"
    assert not any(isinstance(cell, str) and cell.startswith("=") for row in values for cell in row)


def test_hf_jsonl_covers_the_given_ids(store):
    project_id, ids = seed(store, 4)
    lines = [json.loads(line) for line in export.iter_hf_jsonl(store, project_id, ids[:4])]
    assert [r["messages"][1]["content"] for r in lines] == [f"질문 {i}" for i in range(4)]
    assert all(set(r) == {"messages"} for r in lines)
    assert eligible_ids(store, project_id) == ids[:4]


def test_training_file_size_is_checked_for_store_datasets(store, monkeypatch):
    from core.dataset import validate
    from core.dataset.validate import checks as validate_checks

    project_id, ids = seed(store, 12)
    report = validate.validate_project(store, project_id)
    assert report.ready
    exact_size = len(export.jsonl_bytes(export.iter_chat_jsonl(store, project_id, ids[:12])))
    monkeypatch.setattr(validate_checks, "MAX_UPLOAD_BYTES", exact_size - 1)
    assert "file_too_large" in {p.code for p in validate.validate_project(store, project_id).errors}
    monkeypatch.setattr(validate_checks, "MAX_UPLOAD_BYTES", exact_size)
    assert validate.validate_project(store, project_id).ready


def test_preference_material_is_detected_cheaply(store):
    project_id, ids = seed(store, 3)
    assert not export.has_preference_data(store, project_id)
    store.add_variant(ids[1], "다른 답")
    assert export.has_preference_data(store, project_id)

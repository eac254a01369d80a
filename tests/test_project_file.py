"""One-file project export/import: a full round trip, no secrets, and plain refusals of bad files."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from core.data.store import NewExample, Store
from core.dataset import project_file
from core.dataset.project_file import ProjectFileError, export_project, import_project, read_document
from core.i18n import t
from tests.conftest import COOKBOOK, SAMPLES, app_at

FAKE_KEY = "sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


@pytest.fixture
def rich_project(store):
    project_id = store.create_project(
        "카페 상담",
        settings={
            "training_system_prompt": "당신은 카페 창업 컨설턴트입니다.",
            "temperature": 0.4,
            "openai_api_key": FAKE_KEY,
            "note": f"my key is {FAKE_KEY}",
        },
    )
    single, multi, plain = store.add_examples(
        project_id,
        [
            NewExample(
                "임대료는?",
                "지역마다 달라요.",
                system_prompt="짧게",
                tags=("rent", "서울"),
                status="approved",
                extra={"row": 3},
            ),
            NewExample(
                "",
                messages=(
                    {"role": "user", "content": "q1"},
                    {"role": "assistant", "content": "a1", "weight": 0},
                    {"role": "user", "content": "q2"},
                    {"role": "assistant", "content": "a2"},
                ),
            ),
            NewExample("no answer yet"),
        ],
        source="import",
        model="gpt-4o-mini",
    )
    store.update_example(single, answer="지역마다 크게 달라요.")
    store.update_example(plain, error="rate limited")
    store.add_variant(single, "variant answer", model="gpt-4o", temperature=0.9)
    store.add_preference_pair(project_id, [{"role": "user", "content": "임대료는?"}], "good", "bad", "edit", single)
    store.conn.execute(
        "INSERT INTO splits (project_id, created_at, seed, valid_ratio, approved_only, train_ids, valid_ids,"
        " dataset_hash) VALUES (?, '2026-01-01', 42, 0.1, 1, ?, ?, 'abc')",
        (project_id, json.dumps([single, multi]), json.dumps([plain])),
    )
    return store, project_id, (single, multi, plain)


def snapshot(store: Store, project_id: int) -> dict:
    """Everything a user would care about, without ids (they change on import)."""
    examples = []
    for e in store.iter_examples(project_id):
        examples.append(
            (
                e.question,
                e.answer,
                e.system_prompt,
                e.tags,
                e.status,
                e.messages,
                e.extra,
                e.source,
                e.error,
                e.created_at,
                [(v.answer, v.source, v.model, v.created_at) for v in store.answer_history(e.id)],
                [(v["answer"], v["model"], v["temperature"], v["chosen"]) for v in store.list_variants(e.id)],
            )
        )
    pairs = [
        (p["messages"], p["preferred"], p["non_preferred"], p["source"])
        for p in store.list_preference_pairs(project_id)
    ]
    return {"examples": examples, "pairs": pairs}


def test_round_trip_keeps_everything_but_the_key(rich_project):
    store, project_id, (single, multi, plain) = rich_project
    data = export_project(store, project_id)
    assert FAKE_KEY.encode() not in data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read(project_file.MEMBER_NAME).decode("utf-8")
    assert FAKE_KEY not in body and "카페 상담" in body  # readable Korean, not \\u escapes
    result = import_project(store, data)
    assert result.name == "카페 상담 (2)" and result.renamed_from == "카페 상담"
    assert (result.examples, result.history, result.variants, result.pairs, result.splits) == (3, 3, 1, 1, 1)
    assert snapshot(store, result.project_id) == snapshot(store, project_id)
    settings = store.get_settings(result.project_id)
    assert settings == {"training_system_prompt": "당신은 카페 창업 컨설턴트입니다.", "temperature": 0.4}
    new_ids = [e.id for e in store.iter_examples(result.project_id)]
    [split] = store.conn.execute("SELECT * FROM splits WHERE project_id = ?", (result.project_id,)).fetchall()
    assert json.loads(split["train_ids"]) == new_ids[:2] and json.loads(split["valid_ids"]) == new_ids[2:]
    [pair] = store.list_preference_pairs(result.project_id)
    assert pair["example_id"] == new_ids[0]


def test_import_into_a_fresh_workspace_keeps_the_name(rich_project, tmp_path):
    store, project_id, _ = rich_project
    data = export_project(store, project_id)
    with Store(tmp_path / "other" / "studio.sqlite3") as other:
        result = import_project(other, data)
        assert result.name == "카페 상담" and result.renamed_from is None
        assert snapshot(other, result.project_id) == snapshot(store, project_id)


def test_plain_json_is_accepted_too(rich_project):
    store, project_id, _ = rich_project
    text = json.dumps(project_file.project_document(store, project_id), ensure_ascii=False)
    assert import_project(store, text.encode("utf-8")).examples == 3


def test_file_name_is_safe_and_keeps_korean():
    assert project_file.export_file_name("카페 / 상담: v2?") == "카페 _ 상담_ v2.ftstudio.zip"
    assert project_file.export_file_name("../..") == "project.ftstudio.zip"


def _zip(member: str, body: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, body)
    return buffer.getvalue()


def _document(**changes) -> bytes:
    document = {
        "format": project_file.FORMAT_NAME,
        "format_version": 1,
        "project": {"name": "P", "settings": {}},
        "examples": [{"question": "q", "answer": "a", "status": "draft"}],
    }
    document.update(changes)
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (bytes(range(256)) * 10, "not_a_project"),
        (b'{"messages": [{"role": "user", "content": "hi"}]}\n{"messages": []}\n', "dataset_not_project"),
        (b'[{"question": "q"}]', "dataset_not_project"),
        (b'{"hello": "world"}', "not_a_project"),
        (b"question,answer\nq,a\n", "not_a_project"),
        (_zip("other.txt", b"x"), "zip_without_project"),
        (b"PK\x03\x04 truncated zip", "damaged_zip"),
        (_document(format_version=99), "too_new"),
        (_document(format_version="1"), "damaged"),
        (_document(examples=[{"question": "q", "status": "published"}]), "damaged"),
        (_document(examples=[{"question": 5}]), "damaged"),
        (_document(examples=[{"question": "q", "messages": "not a list"}]), "damaged"),
        (_document(project={"settings": {}}), "damaged"),
        (_document(splits=[{"train_refs": 1}]), "damaged"),
    ],
)
def test_bad_files_are_refused_with_a_reason_and_nothing_is_written(store, data, code):
    before = store.list_projects()
    with pytest.raises(ProjectFileError) as caught:
        import_project(store, data)
    assert caught.value.code == code
    assert store.list_projects() == before
    # Every refusal has a plain sentence in both languages.
    for lang in ("en", "ko"):
        reason = t(f"projectfile.error_{code}", lang, **caught.value.details)
        assert reason != f"projectfile.error_{code}" and "{" not in reason


def test_damaged_file_names_the_bad_field(store):
    with pytest.raises(ProjectFileError) as caught:
        read_document(_document(examples=[{"question": "q"}, {"question": "q", "status": "weird"}]))
    assert caught.value.details["where"] == "examples[1].status"


def test_a_failure_half_way_rolls_back(store):
    # Passes the type check but fails on insert (a non-numeric seed).
    data = _document(splits=[{"train_refs": [], "valid_refs": [], "seed": "not a number"}])
    with pytest.raises(ProjectFileError) as caught:
        import_project(store, data)
    assert caught.value.code == "damaged"
    assert store.list_projects() == []
    assert store.conn.execute("SELECT COUNT(*) FROM examples").fetchone()[0] == 0


@pytest.mark.parametrize("path", [COOKBOOK / "toy_chat_fine_tuning.jsonl", SAMPLES / "cafe_questions_cp949.csv"])
def test_real_datasets_are_sent_to_the_questions_page(store, path):
    with pytest.raises(ProjectFileError) as caught:
        import_project(store, path.read_bytes())
    assert caught.value.code == ("dataset_not_project" if path.suffix == ".jsonl" else "not_a_project")


# ------------------------------------------------------------------ home page ("Keep your work")
def test_home_page_imports_a_project_file_and_opens_it(rich_project, workspace):
    store, project_id, _ = rich_project
    data = export_project(store, project_id)
    at = app_at().run()
    assert not at.exception
    assert any(t("projectfile.title", "en") == h.value for h in at.subheader)
    at.file_uploader[0].upload("cafe.ftstudio.zip", data, "application/zip").run()
    at.button(key="home_import_button").click().run()
    assert not at.exception
    with Store(store.path) as check:
        imported = check.find_project("카페 상담 (2)")
        assert imported is not None and check.count_examples(imported.id) == 3
    assert at.session_state["project_id"] == imported.id
    assert any("카페 상담 (2)" in s.value for s in at.success)


def test_home_page_explains_a_bad_file_in_korean(workspace):
    at = app_at()
    at.session_state["lang"] = "ko"
    at.run()
    at.file_uploader[0].upload("data.json", b'{"hello": 1}', "application/json").run()
    at.button(key="home_import_button").click().run()
    assert not at.exception
    [error] = at.error
    assert "data.json" in error.value and t("projectfile.error_not_a_project", "ko") in error.value


def test_a_locked_workspace_refuses_politely_and_keeps_nothing_half_done(rich_project, monkeypatch, workspace):
    import sqlite3

    from core.data import store as store_module

    store, project_id, _ = rich_project
    data = export_project(store, project_id)
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 50)
    with Store(workspace) as impatient:
        impatient.conn.execute("PRAGMA busy_timeout = 50")
        blocker = sqlite3.connect(workspace, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(ProjectFileError) as caught:
                import_project(impatient, data)
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
    assert caught.value.code == "busy"
    assert [p.name for p in store.list_projects()] == ["카페 상담"]

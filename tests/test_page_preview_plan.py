"""Preview says exactly what a launch uploads (in English and Korean), offers the training prompt, and
exports drafts as CSV/Excel before anything is approved."""

from __future__ import annotations

import csv
import io

import pytest

from core.data.store import NewExample, Store
from core.dataset import preview
from core.dataset.sample import create_sample_project, sample_questions
from core.i18n import t
from tests.conftest import app_at

PAGE = "pages/4_Preview.py"


def _open(lang: str = "en"):
    at = app_at(PAGE)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(at) -> list[str]:
    return [str(e.value) for e in [*at.info, *at.caption, *at.error, *at.markdown, *at.warning, *at.success]]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_ten_approved_examples_show_one_training_file_and_why(workspace, lang):
    with Store(workspace) as store:
        pid = store.create_project("열 개")
        store.add_examples(pid, [NewExample(f"질문 {i}?", f"답변 {i}.", status="approved") for i in range(10)])
    at = _open(lang)
    texts = _texts(at)
    assert t("plan.title", lang) in [s.value for s in at.subheader]
    assert t("plan.upload_train_only", lang, train=10, unit=t("plan.unit.supervised", lang)) in texts
    assert t("plan.why.small_dataset", lang, threshold=20, total=10) in texts


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_too_few_examples_block_with_the_fix(workspace, lang):
    with Store(workspace) as store:
        pid = store.create_project("아홉 개")
        store.add_examples(pid, [NewExample(f"질문 {i}?", f"답변 {i}.", status="approved") for i in range(9)])
    at = _open(lang)
    errors = [e.value for e in at.error]
    assert (
        t(
            "plan.blocked",
            lang,
            method=t("finetune.method.supervised", lang),
            provider="OpenAI",
            minimum=10,
            unit=t("plan.unit.supervised", lang),
            count=9,
        )
        in errors
    )
    assert t("plan.fix.supervised", lang, missing=1) in _texts(at)


def test_the_training_prompt_is_shown_and_written_into_examples_without_one(workspace):
    with Store(workspace) as store:
        pid = create_sample_project(store)
        ids = [e.id for e in store.iter_examples(pid)]
        for example_id in ids:
            store.update_example(example_id, answer="답변입니다.", status="approved")
        prompt = store.get_setting(pid, "training_system_prompt")
    at = _open("ko")
    assert prompt in [text.value for text in at.text]  # inside "what the model sees"
    apply = at.button(key="_w_preview_apply_prompt")
    assert apply.label == t("trainprompt.apply", "ko", count=len(sample_questions()))
    apply.click().run()
    assert not at.exception
    with Store(workspace) as store:
        assert all(store.get_example(i).system_prompt == prompt for i in ids)
    assert t("trainprompt.all_have", "ko") in _texts(at)


def test_drafts_export_as_csv_and_excel_before_anything_is_approved(workspace):
    with Store(workspace) as store:
        pid = store.create_project("초안")
        store.add_examples(pid, [NewExample("질문 1?", "초안 답변 1."), NewExample("질문 2?")])
    at = _open()
    assert at.info[0].value == t("preview.no_examples", "en")
    buttons = {b.proto.label: b.proto.disabled for b in at.get("download_button")}
    assert buttons[t("preview.dl_csv", "en")] is False and buttons[t("preview.dl_xlsx", "en")] is False
    assert buttons["train.jsonl"] is True  # the training files wait for approved examples
    _name, _mime, build = preview.download_builders(str(workspace), pid, [], [])["csv"]
    rows = list(csv.DictReader(io.StringIO(build().decode("utf-8-sig"))))
    assert [(r["question"], r["status"]) for r in rows] == [("질문 1?", "draft"), ("질문 2?", "draft")]


def test_an_empty_project_offers_no_downloads(workspace):
    with Store(workspace) as store:
        store.create_project("빈 프로젝트")
    assert not _open().get("download_button")

"""AppTest for the Preview & export page."""

from __future__ import annotations

import json

from core.data.store import NewExample, Store
from core.dataset.split import latest_split
from core.i18n import t
from core.pricing import MODELS
from tests.conftest import app_at

PAGE = "pages/4_Preview.py"


def seed(workspace, n=12, status="approved"):
    with Store(workspace) as store:
        project_id = store.create_project("카페", settings={"training_system_prompt": "당신은 카페 컨설턴트입니다."})
        ids = store.add_examples(
            project_id, [NewExample(question=f"질문 {i}", answer=f"답변 {i}", status=status) for i in range(n)]
        )
    return project_id, ids


def open_preview():
    at = app_at(PAGE).run()
    assert not at.exception, at.exception
    return at


def curate_links(at):
    return [link.proto.query_string for link in at.get("page_link") if "example=" in link.proto.query_string]


def test_without_a_project_the_page_points_home(workspace):
    at = open_preview()
    assert at.info[0].value == t("common.no_project", "en")


def test_no_approved_examples_points_to_curate(workspace):
    seed(workspace, status="draft")
    at = open_preview()
    assert at.info[0].value == t("preview.no_examples", "en")


def test_ready_dataset_shows_headline_metrics_conversation_and_downloads(workspace):
    seed(workspace)
    at = open_preview()
    assert at.success[0].value.startswith("Ready to upload: 12 examples")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Training examples"] == "12" and metrics["Epochs"] == "8"  # 100 // 12
    assert metrics["Estimated cost"].startswith("$")
    # What the model sees: the system prompt is part of the conversation.
    assert any("당신은 카페 컨설턴트입니다." == text.value for text in at.text)
    assert '"content": "답변 0"' in at.code[0].value
    buttons = {b.proto.label: b.proto.disabled for b in at.get("download_button")}
    assert buttons["train.jsonl"] is False
    assert buttons["valid.jsonl"] is True  # no split yet
    assert buttons[t("preview.dl_dpo", "en")] is True  # no preference pairs yet
    assert len(at.get("plotly_chart")) == 3


def test_each_problem_links_its_examples_to_curate(workspace):
    project_id, ids = seed(workspace)
    with Store(workspace) as store:
        store.update_example(ids[4], answer="끝 <|endoftext|>")
        store.update_example(ids[7], answer=" ")
    at = open_preview()
    assert at.error[0].value.startswith("Not ready: 2 blocking errors")
    assert any(t("validate.special_tokens", "en") in e.value for e in at.error)
    assert sorted(curate_links(at)) == sorted([f"example={ids[4]}", f"example={ids[7]}"])


def test_drawing_a_split_records_it_and_enables_valid_jsonl(workspace):
    project_id, ids = seed(workspace, 40)
    at = open_preview()
    at.slider(key="_w_preview_ratio").set_value(0.25)
    at.number_input(key="_w_preview_seed").set_value(7)
    at.button(key="_w_preview_make_split").click().run()
    assert not at.exception
    with Store(workspace) as store:
        split = latest_split(store, project_id)
    assert split is not None and split.seed == 7 and len(split.valid_ids) == 10
    assert any(f"Split #{split.id}" in c.value for c in at.caption)
    buttons = {b.proto.label: b.proto.disabled for b in at.get("download_button")}
    assert buttons["valid.jsonl"] is False
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Training examples"] == "30"


def test_model_choice_is_saved_and_changes_the_price(workspace):
    project_id, _ids = seed(workspace)
    at = open_preview()
    before = {m.label: m.value for m in at.metric}["Estimated cost"]
    at.selectbox(key="_w_preview_model").set_value("gpt-4o-2024-08-06").run()
    assert not at.exception
    with Store(workspace) as store:
        assert store.get_setting(project_id, "preview_model") == "gpt-4o-2024-08-06"
    after = {m.label: m.value for m in at.metric}["Estimated cost"]
    assert after != before
    assert any(MODELS["gpt-4o-2024-08-06"].price_date in c.value and "gpt-4o-2024-08-06" in c.value for c in at.caption)
    # A fresh session (e.g. after a reload) starts from the saved choice.
    assert open_preview().selectbox(key="_w_preview_model").value == "gpt-4o-2024-08-06"


def test_korean_page(workspace):
    seed(workspace)
    at = app_at(PAGE)
    at.session_state["lang"] = "ko"
    at.run()
    assert not at.exception
    assert at.success[0].value.startswith("업로드 준비 완료")


def test_offline_tokenizer_shows_the_estimate_warning(workspace, monkeypatch):
    import tiktoken

    from core import tokens

    seed(workspace)

    def offline(name):
        raise OSError("no network")

    monkeypatch.setattr(tiktoken, "get_encoding", offline)
    tokens.forget_encodings()
    try:
        at = open_preview()
        assert any(w.value == t("validate.estimate_flag", "en") for w in at.warning)
        assert at.success[0].value.startswith("Ready to upload")
    finally:
        tokens.forget_encodings()


def test_token_histogram_bins_every_example_and_draws_the_limit():
    from core.dataset.preview import histogram

    values = [30, 45, 45, 60, 900, 70_000]
    figure = histogram(values, "Tokens", "examples", limit=65_536, limit_label="limit")
    assert sum(figure.data[0].y) == len(values)
    assert figure.layout.xaxis.type == "log"
    assert [shape.x0 for shape in figure.layout.shapes] == [65_536]
    plain = histogram([2, 3, 3, 5], "Messages", "examples")
    assert sum(plain.data[0].y) == 4 and not plain.layout.shapes


def test_a_split_drawn_before_an_edit_is_reported_stale(workspace):
    from core.dataset.split import make_split

    project_id, ids = seed(workspace, 20)
    with Store(workspace) as store:
        split = make_split(store, project_id, valid_ratio=0.2, seed=3)
        store.update_example(split.train_ids[0], answer="고친 답변")
    at = open_preview()
    assert any(w.value == t("preview.split_stale", "en") for w in at.warning)
    # Until it is drawn again, everything approved counts as training data.
    assert {m.label: m.value for m in at.metric}["Training examples"] == "20"


def test_message_text_shows_tool_calls_and_parts_as_json():
    from core.dataset.preview import message_text

    call = [{"id": "c", "type": "function", "function": {"name": "날씨", "arguments": "{}"}}]
    assert message_text({"role": "assistant", "content": "*굵게*"}) == "*굵게*"
    assert message_text({"role": "assistant", "content": None, "tool_calls": call}) == json.dumps(
        call, ensure_ascii=False
    )
    parts = [{"type": "text", "text": "메뉴"}]
    assert message_text({"role": "user", "content": parts}) == json.dumps(parts, ensure_ascii=False)

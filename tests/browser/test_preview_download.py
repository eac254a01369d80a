"""Preview in a real browser: a dataset of approved examples shows "ready"; train.jsonl and the other trainers'
files download and parse."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from core.data.store import NewExample, Store
from core.dataset.trainer_formats import FIREWORKS, TOGETHER
from core.dataset.validate import Validator
from core.i18n import t
from core.pricing import SETTING_OVERRIDES
from tests.browser.conftest import ARTIFACTS, AppServer, next_frame, start_app, wait_for_app

SYSTEM = "당신은 카페 창업 컨설턴트입니다."
N_APPROVED = 12
BETTER_ANSWER = "더 나은 답변 0"


@pytest.fixture(scope="module")
def seeded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AppServer, int]]:
    """A cold server on a workspace seeded through the store before it starts."""
    workspace = tmp_path_factory.mktemp("preview-ws") / "studio.sqlite3"
    with Store(workspace) as store:
        project_id = store.create_project("카페 상담", settings={"training_system_prompt": SYSTEM})
        store.add_examples(
            project_id,
            [NewExample(question=f"카페 질문 {i}?", answer=f"=답변 {i}", status="approved") for i in range(N_APPROVED)],
        )
        store.add_examples(project_id, [NewExample(question="아직 초안", answer="", status="draft")])
        # One reviewed answer: the first version against it makes the one preference pair.
        first = next(store.iter_examples(project_id, statuses=("approved",)))
        store.update_example(first.id, answer=BETTER_ANSWER)
    server = start_app(workspace, ARTIFACTS / "test_preview_download-server.log")
    yield server, project_id
    server.stop_in_background()


def test_ready_dataset_downloads_a_valid_train_jsonl(seeded_server, page, tmp_path):
    server, _project_id = seeded_server
    page.goto(server.url + "/Preview")
    wait_for_app(page)
    alert = page.locator("[data-testid='stAlert']").first
    assert f"Ready to upload: {N_APPROVED} examples" in alert.inner_text()
    assert page.locator("[data-testid='stException']").count() == 0
    with page.expect_download(timeout=30_000) as caught:
        page.get_by_role("button", name="train.jsonl").click()
    download = caught.value
    assert download.suggested_filename == "train.jsonl"
    target = tmp_path / "train.jsonl"
    download.save_as(target)
    raw = target.read_bytes()
    lines = raw.decode("utf-8").splitlines()
    assert len(lines) == N_APPROVED and "카페 질문 0?".encode() in raw  # UTF-8, not \\u escapes
    validator = Validator()
    for line in lines:
        record = json.loads(line)
        assert record["messages"][0] == {"role": "system", "content": SYSTEM}
        validator.add(record)
    assert validator.finish().ready


def _download(page, label: str, tmp_path) -> tuple[str, list[dict]]:
    with page.expect_download(timeout=30_000) as caught:
        page.get_by_role("button", name=label).click()
    download = caught.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    return download.suggested_filename, [json.loads(line) for line in target.read_text("utf-8").splitlines()]


@pytest.mark.parametrize("trainer", [TOGETHER, FIREWORKS])
def test_other_trainers_files_download_in_their_exact_formats(seeded_server, page, tmp_path, trainer):
    server, _project_id = seeded_server
    page.goto(server.url + "/Preview")
    wait_for_app(page)
    assert page.get_by_text(t("preview.other_trainers", "en")).is_visible()
    name, records = _download(page, t(f"preview.dl_{trainer}", "en"), tmp_path)
    assert name == f"{trainer}_sft.jsonl" and len(records) == N_APPROVED
    questions = sorted(r["messages"][1]["content"] for r in records)
    assert questions == sorted(f"카페 질문 {i}?" for i in range(N_APPROVED))
    for record in records:
        assert set(record) == {"messages"}
        assert [m["role"] for m in record["messages"]] == ["system", "user", "assistant"]
        assert record["messages"][0] == {"role": "system", "content": SYSTEM}
        assert all(set(m) == {"role", "content"} for m in record["messages"])
    name, pairs = _download(page, t(f"preview.dl_{trainer}_dpo", "en"), tmp_path)
    assert name == f"{trainer}_dpo.jsonl"
    assert pairs == [
        {
            "input": {"messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "카페 질문 0?"}]},
            "preferred_output": [{"role": "assistant", "content": BETTER_ANSWER}],
            "non_preferred_output": [{"role": "assistant", "content": "=답변 0"}],
        }
    ]


def test_price_edit_in_the_table_is_saved_at_once(seeded_server, page):
    server, project_id = seeded_server
    page.goto(server.url + "/Preview")
    wait_for_app(page)
    page.get_by_text(t("preview.prices", "en")).click()
    grid = page.locator("[data-testid='stDataFrame']").last
    grid.wait_for()
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    # Select the first row's model cell (header row and data rows are ~35 px), move two
    # columns right to its training price, open the editor and type the new price.
    page.mouse.click(box["x"] + 40, box["y"] + 35 + 17)
    page.wait_for_timeout(300)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")  # opens the cell editor (an input in the grid's overlay portal)
    editor = page.locator("#portal input, #portal textarea").first
    editor.wait_for()
    editor.fill("31.5")
    next_frame(page)  # Enter in the same frame as the typing commits nothing (see type_into_open_cell)
    editor.press("Enter")
    wait_for_app(page)
    deadline_ok = False
    for _ in range(40):
        with Store(server.workspace) as store:
            overrides = store.get_setting(project_id, SETTING_OVERRIDES) or {}
        if any(v.get("training_price_per_1m") == 31.5 for v in overrides.values()):
            deadline_ok = True
            break
        page.wait_for_timeout(250)
    assert deadline_ok, overrides

"""Preview in a real browser: a dataset of approved examples shows "ready" and train.jsonl downloads and parses."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from core.data.store import NewExample, Store
from core.dataset.validate import Validator
from core.i18n import t
from core.pricing import SETTING_OVERRIDES
from tests.browser.conftest import ARTIFACTS, AppServer, start_app, wait_for_app

SYSTEM = "당신은 카페 창업 컨설턴트입니다."
N_APPROVED = 12


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
    server = start_app(workspace, ARTIFACTS / "test_preview_download-server.log")
    yield server, project_id
    server.stop()


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

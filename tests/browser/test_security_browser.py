"""Security in the real browser.

- HTML and script in an imported question/answer (and in the file's name) are
  shown as text on every page that shows them, never run.
- A file over the import limit is refused with a message, not a traceback.
"""

from __future__ import annotations

import os

from core.data.store import Store
from core.dataset import importers
from core.i18n import t
from tests.browser.conftest import wait_for_app

PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
QUESTION = f"{PAYLOAD} 카페 질문"
ANSWER = '<img src=x onerror="window.__pwned=2">**굵게** <iframe src="javascript:window.__pwned=3"></iframe>'
# No quotes: the browser would percent-encode them in the upload's file name.
FILE_NAME = "<img src=x onerror=window.__pwned=4>.csv"
PROJECT = "XSS check"


def _csv() -> bytes:
    def cell(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    return f"question,answer\n{cell(QUESTION)},{cell(ANSWER)}\n".encode()


def _not_pwned(page) -> None:
    assert page.evaluate("() => window.__pwned") is None, f"injected script ran on {page.url}"
    assert page.locator("[data-testid='stException']").count() == 0


def _create_project_through_the_guide(page, base_url: str, name: str) -> None:
    page.goto(base_url)
    wait_for_app(page)
    page.get_by_role("textbox", name=t("share.guide_project_name", "en"), exact=True).fill(name)
    page.get_by_role("button", name=t("share.guide_create_and_import", "en")).click()
    page.wait_for_url("**/Questions?project=*")
    wait_for_app(page)


def _upload(page, files) -> None:
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(files)


def test_html_in_questions_and_answers_is_shown_as_text(app_server, page):
    _create_project_through_the_guide(page, app_server.url, PROJECT)
    _upload(page, {"name": FILE_NAME, "mimeType": "text/csv", "buffer": _csv()})
    wait_for_app(page)
    page.get_by_role("button", name=t("questions.import_button", "en", count=1)).first.click()
    page.get_by_text(t("questions.imported", "en", added=1, file=FILE_NAME, skipped=0)).wait_for()
    _not_pwned(page)

    with Store(app_server.workspace) as store:
        project = store.find_project(PROJECT)
        example = next(store.iter_examples(project.id))
        assert example.question == QUESTION  # stored exactly as typed: nothing stripped, nothing run
        store.update_example(example.id, status="approved")

    page.goto(f"{app_server.url}/Curate?example={example.id}")
    wait_for_app(page)
    page.locator("textarea").first.wait_for()
    # The text reaches the page as text (a positive control for the check below).
    shown = [box.input_value() for box in page.locator("textarea").all()]
    assert any(PAYLOAD in value for value in shown), shown
    _not_pwned(page)

    page.goto(f"{app_server.url}/Preview")
    wait_for_app(page)
    page.wait_for_timeout(500)
    _not_pwned(page)
    page.goto(f"{app_server.url}/")
    wait_for_app(page)
    _not_pwned(page)


def test_oversized_upload_is_refused_with_a_message(app_server, page, tmp_path):
    big = tmp_path / "too_big.csv"
    with big.open("wb") as handle:  # one byte over the limit, written sparsely (fast, no RAM)
        handle.write(b"question\n")
        handle.seek(importers.MAX_IMPORT_BYTES)
        handle.write(b"x")
    assert os.path.getsize(big) == importers.MAX_IMPORT_BYTES + 1
    with Store(app_server.workspace) as store:
        big_upload = store.create_project("Big upload")  # the newest project is the one a new session opens
    page.goto(f"{app_server.url}/Questions")
    wait_for_app(page)
    _upload(page, str(big))
    # Streamlit's limit is the app's own (server.maxUploadSize), so the browser refuses the file before
    # sending it, with Streamlit's own sentence (it offers no way to translate it).
    page.get_by_text(f"File must be {importers.MAX_IMPORT_MB:.1f}MB or smaller.").wait_for(timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0
    with Store(app_server.workspace) as store:
        assert store.count_examples(big_upload) == 0

"""Security checks for a shared app, one test each.

- the API key never lands in the workspace file, the project export, logs or
  an error message a user sees (the URL and the browser side are covered in
  tests/browser/test_owner_key.py and tests/browser/test_security_browser.py);
- user text is never rendered as HTML (static tripwire here, real browser there);
- CSV and XLSX exports neutralise spreadsheet formulas;
- uploads beyond the size limit are refused with a message.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
import re
import tomllib
import zipfile

import httpx2
import openai
import pytest

from core.data.store import NewExample, Store
from core.dataset import export, importers, project_file
from core.i18n import LANGUAGES, t
from core.providers import api_errors
from core.workflows import generation
from tests.conftest import ROOT
from tests.openai_standin.server import StandIn
from tests.workspace_text import workspace_text

SECRET_KEY = "sk-proj-SECRETtestKEY-9d8c7b6a5f4e3d2c1b0a99887766554433221100ZZ"
APP_SOURCES = [
    ROOT / "streamlit_app.py",
    *sorted((ROOT / "pages").glob("*.py")),
    *sorted((ROOT / "core").rglob("*.py")),
]


def _key_fragments(key: str) -> list[str]:
    # The whole key, and its body without the last four (which the UI may show masked).
    return [key, key[:-4], key[8:-4]]


def _assert_no_key(blob: bytes | str, where: str) -> None:
    data = blob.encode("utf-8") if isinstance(blob, str) else blob
    for fragment in _key_fragments(SECRET_KEY):
        assert fragment.encode("utf-8") not in data, f"the API key leaked into {where}"


# ------------------------------------------------------------------ workspace + export
@pytest.fixture
def secret_standin():
    server = StandIn(api_key=SECRET_KEY).start()
    server.configure(valid_keys=[SECRET_KEY])
    try:
        yield server
    finally:
        server.stop()


def _generate(store: Store, project_id: int, connection) -> int:
    ids = [e.id for e in store.iter_examples(project_id)]
    run_id = generation.create_run(store, project_id, generation.GenSettings(system_prompt="Be brief."), ids)
    with store.tx() as conn:
        conn.execute("UPDATE gen_runs SET status = ? WHERE id = ?", (generation.STATUS_RUNNING, run_id))
    asyncio.run(generation.execute_run(store.path, run_id, connection))
    return run_id


def test_key_never_lands_in_the_workspace_or_the_project_export(store, workspace, secret_standin):
    project_id = store.create_project("Secrets", settings={"generation_system_prompt": "Be brief."})
    store.add_examples(project_id, [NewExample(question=f"질문 {i}?") for i in range(5)])
    # Generous timeout and retries: a loaded CI machine must not turn this into a flaky test.
    run_id = _generate(store, project_id, secret_standin.connection(timeout_s=60.0, max_retries=2))
    answered = [e for e in store.iter_examples(project_id) if e.answer]
    assert len(answered) == 5, (
        f"generation did not run, the scan would prove nothing: {generation.get_run(store, run_id)}"
    )
    assert secret_standin.requests, "the stand-in saw no requests"
    assert generation.get_run(store, run_id).status == generation.STATUS_COMPLETED

    # A failing run too: the error text (401, "Incorrect API key…") is stored for the user.
    bad = secret_standin.connection(api_key=SECRET_KEY.replace("SECRET", "WRONG1"))
    failed_run = _generate(store, project_id, bad)
    assert generation.get_run(store, failed_run).status == generation.STATUS_FAILED

    _assert_no_key(workspace_text(store), "the workspace")
    wrong = SECRET_KEY.replace("SECRET", "WRONG1")
    assert wrong[:-4] not in workspace_text(store)

    exported = project_file.export_project(store, project_id)
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        body = b"".join(archive.read(name) for name in archive.namelist())
    assert "질문 0?" in body.decode("utf-8")  # the export really holds the project
    _assert_no_key(body, "the project export")
    _assert_no_key(export.csv_bytes(store, project_id), "the CSV export")


def test_a_key_pasted_into_a_project_setting_is_left_out_of_the_export(store):
    project_id = store.create_project(
        "Pasted", settings={"api_key": SECRET_KEY, "notes": f"key is {SECRET_KEY}", "training_system_prompt": "Short."}
    )
    document = project_file.project_document(store, project_id)
    _assert_no_key(json.dumps(document, ensure_ascii=False), "the project document")
    assert document["project"]["settings"]["training_system_prompt"] == "Short."


# ------------------------------------------------------------------ error messages and logs
def _echoing_server(request: httpx2.Request) -> httpx2.Response:
    """The worst case: a server that repeats the whole key in its error message."""
    sent = request.headers.get("authorization", "").removeprefix("Bearer ")
    body = {
        "error": {
            "message": f"Incorrect API key provided: {sent}. Bad request for key {sent}.",
            "type": "invalid_request_error",
            "code": "invalid_api_key",
        }
    }
    status = 401 if "/chat/" in request.url.path else 400
    return httpx2.Response(status, json=body)


def _failing_call(path: str = "chat") -> openai.APIError:
    client = openai.OpenAI(
        api_key=SECRET_KEY,
        base_url="http://example.invalid/v1",
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(_echoing_server)),
    )
    try:
        if path == "chat":
            client.chat.completions.create(model="gpt-4.1-mini", messages=[{"role": "user", "content": "hi"}])
        else:
            client.fine_tuning.jobs.create(model="gpt-4.1-mini", training_file="file-1")
    except openai.APIError as error:
        return error
    raise AssertionError("the call should have failed")


@pytest.mark.parametrize("path", ["chat", "fine_tuning"])
def test_error_messages_shown_to_users_never_contain_the_key(path):
    error = _failing_call(path)
    assert SECRET_KEY in str(error)  # the SDK's own text does contain it: the redaction matters
    problem = api_errors.classify(error)
    for lang in LANGUAGES:
        _assert_no_key(api_errors.explain(problem, lang), f"the {lang} explanation")
    _assert_no_key(repr(problem), "the classified problem")
    _assert_no_key(generation.problem_to_text(problem) or "", "the stored problem")


def test_logs_never_contain_the_key(caplog, monkeypatch):
    monkeypatch.setenv("OPENAI_LOG", "debug")
    with caplog.at_level(logging.DEBUG):
        error = _failing_call()
        api_errors.classify(error)
    assert caplog.records, "nothing was logged at DEBUG: the check would be vacuous"
    _assert_no_key("\n".join(record.getMessage() for record in caplog.records), "the log")


def test_connection_settings_never_print_the_key():
    from core.providers.client import ConnectionSettings
    from core.providers.credentials import ResolvedKey

    settings = ConnectionSettings(api_key=SECRET_KEY)
    for text in (
        repr(settings),
        str(settings),
        repr(ResolvedKey(SECRET_KEY, "secrets")),
        f"{ResolvedKey(SECRET_KEY, 'session')}",
    ):
        _assert_no_key(text, "a repr")


# ------------------------------------------------------------------ HTML stays text
RAW_HTML = re.compile(r"unsafe_allow_html\s*=\s*True|\bst\.html\s*\(|components\.v1|components\.html\s*\(")


def test_no_page_renders_raw_html():
    """User text reaches the browser only through widgets that escape it; raw HTML is never switched on."""
    offenders = [
        f"{source.relative_to(ROOT)}:{number}"
        for source in APP_SOURCES
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
        if RAW_HTML.search(line)
    ]
    assert offenders == []


# ------------------------------------------------------------------ formula injection
DANGEROUS = [
    '=HYPERLINK("http://evil.example","click")',
    "+SUM(1,2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|'/c calc'!A1",
]


def _dangerous_project(store: Store) -> int:
    project_id = store.create_project("Formulas")
    store.add_examples(project_id, [NewExample(question=value, answer=value, tags=("=tag",)) for value in DANGEROUS])
    return project_id


def test_csv_export_neutralises_formulas(store):
    project_id = _dangerous_project(store)
    text = export.csv_bytes(store, project_id).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows[1:] for cell in row]
    assert len(rows) == len(DANGEROUS) + 1
    for value in DANGEROUS:
        assert "'" + value in cells  # kept, readable, but inert
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@", "\t", "\r")]
    assert not [cell for cell in cells if cell.startswith("-") and not cell.lstrip("-").isdigit()]


def test_xlsx_export_neutralises_formulas(store):
    from openpyxl import load_workbook

    project_id = _dangerous_project(store)
    workbook = load_workbook(io.BytesIO(export.xlsx_bytes(store, project_id)))
    cells = [cell for row in workbook.active.iter_rows(min_row=2) for cell in row]
    assert cells
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    values = [cell.value for cell in cells]
    texts = [value for value in values if isinstance(value, str)]
    for value in DANGEROUS:  # xlsx may store a lone \r differently; what matters is the apostrophe
        assert any(text.startswith("'") and text[1:].strip() == value.strip() for text in texts), value


# ------------------------------------------------------------------ upload size
def test_oversized_upload_is_refused_with_a_message_in_both_languages():
    problem = importers.check_size("huge.csv", importers.MAX_IMPORT_BYTES + 1)
    assert problem is not None and problem.severity == importers.SEVERITY_ERROR
    assert importers.check_size("fine.csv", importers.MAX_IMPORT_BYTES) is None
    for lang in LANGUAGES:
        message = t(problem.key, lang, file=problem.file_name, **problem.details)
        assert message != problem.key and str(importers.MAX_IMPORT_MB) in message


def test_streamlits_upload_limit_is_the_apps_own():
    """The uploader prints Streamlit's limit ("100MB per file"), so it must be the app's real one: a bigger
    file is refused in the browser before it is sent, instead of being uploaded only to be refused."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert importers.MAX_IMPORT_MB == config["server"]["maxUploadSize"]


# ------------------------------------------------------------------ the lock's backstop
def test_a_withheld_key_never_falls_back_to_the_environment(monkeypatch):
    """While the owner's key is locked, settings carry no key; the SDK must not pick it up from the env."""
    from core.providers.client import ConnectionSettings, make_async_client, make_client

    monkeypatch.setenv("OPENAI_API_KEY", SECRET_KEY)
    assert make_client(ConnectionSettings(api_key=None)).api_key != SECRET_KEY
    assert make_async_client(ConnectionSettings(api_key=None)).api_key != SECRET_KEY


def test_clients_are_only_built_by_the_factory():
    """One place decides which key a client gets (core/providers/client.py); nothing else constructs one."""
    pattern = re.compile(r"\b(?:Async)?(?:Azure)?OpenAI\(")
    offenders = [
        f"{source.relative_to(ROOT)}:{number}"
        for source in APP_SOURCES
        if source.name != "client.py"
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_comparison_exports_neutralise_formulas_too():
    """Model answers are text from outside: the Compare page's CSV/XLSX downloads must be inert as well."""
    from openpyxl import load_workbook

    from core.workflows import compare

    rows = [{"question": value, "answer: model": value} for value in DANGEROUS]
    cells = [
        cell for row in csv.reader(io.StringIO(compare.results_csv(rows).decode("utf-8-sig"))) for cell in row[:2]
    ][2:]
    assert cells and all(cell.startswith("'") for cell in cells), cells
    sheet = load_workbook(io.BytesIO(compare.results_xlsx(rows))).active
    written = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert written and [cell.coordinate for cell in written if cell.data_type == "f"] == []
    assert all(str(cell.value).startswith("'") for cell in written)


def _crashing_script() -> None:
    """Runs inside AppTest: a bug whose message happens to hold the key."""
    import os

    raise RuntimeError(f"request failed with key {os.environ['SECURITY_PROBE_KEY']}")


def test_a_crash_never_shows_its_message_in_the_browser(monkeypatch):
    """.streamlit/config.toml redacts uncaught exception messages (the log keeps them for the owner)."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("SECURITY_PROBE_KEY", SECRET_KEY)
    at = AppTest.from_function(_crashing_script).run()
    assert at.exception, "the probe script should have crashed"
    shown = at.exception[0]
    _assert_no_key(shown.message + "\n".join(shown.stack_trace or []), "the exception shown in the page")

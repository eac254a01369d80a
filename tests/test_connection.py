"""Test connection and the fine-tuning preflight, against the stand-in, for every kind of problem."""

from __future__ import annotations

from datetime import date

import pytest

from core.data.store import Store
from core.pricing import FT_CLOSED_ALL_NEW_JOBS
from core.providers import connection
from core.providers.connection import ACCESS_NO, ACCESS_UNKNOWN, ACCESS_YES
from tests.openai_standin import StandIn
from tests.workspace_text import workspace_text

TODAY = date(2026, 11, 29)


def test_working_connection_lists_models(standin: StandIn) -> None:
    check = connection.check_connection(standin.connection())
    assert check.ok and "gpt-4o-mini-2024-07-18" in check.models
    assert str(len(check.models)) in check.message("en") and str(len(check.models)) in check.message("ko")


def test_no_key_makes_no_request(standin: StandIn) -> None:
    check = connection.check_connection(standin.connection(api_key=None))
    assert check.missing_key and not check.ok
    assert standin.requests == []
    assert "API" in check.message("en")


def test_other_servers_and_azure_need_an_address(standin: StandIn, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    for settings in (
        standin.connection(provider="compatible", base_url=None),
        standin.azure_connection(azure_endpoint=None),
    ):
        check = connection.check_connection(settings)
        assert check.missing_url and "address" in check.message("en")
    assert standin.requests == []


def test_not_a_web_address(standin: StandIn) -> None:
    check = connection.check_connection(standin.connection(base_url="127.0.0.1:1234/v1"))
    assert check.bad_url and standin.requests == []


@pytest.mark.parametrize(
    ("setup", "kind", "words"),
    [
        ("bad_key", "invalid_key", "API key"),
        ("no_quota", "no_quota", "credit"),
        ("unreachable", "unreachable", "could not reach"),
        ("wrong_base_url", "wrong_base_url", "base URL"),
        ("server_error", "server_error", "temporary"),
        ("timeout", "timeout", "too long"),
    ],
)
def test_each_problem_is_named_in_plain_words(standin: StandIn, setup: str, kind: str, words: str) -> None:
    settings = standin.connection(timeout_s=0.5)
    if setup == "bad_key":
        standin.configure(valid_keys=["sk-the-right-key-1234"])
    elif setup == "no_quota":
        standin.fault("insufficient_quota")
    elif setup == "unreachable":
        standin.stop()
    elif setup == "wrong_base_url":
        settings = standin.connection(base_url=standin.root_url)  # forgot the /v1
    elif setup == "server_error":
        standin.fault("503")
    elif setup == "timeout":
        standin.configure(hang_s=3)
        standin.fault("timeout")
    check = connection.check_connection(settings)
    assert not check.ok and check.problem is not None and check.problem.kind == kind
    assert words in check.message("en")
    assert check.message("ko") != check.message("en")
    assert standin.api_key not in check.message("en") + check.message("ko")


def test_azure_connection(standin: StandIn) -> None:
    check = connection.check_connection(standin.azure_connection())
    assert check.ok
    assert standin.requests[-1]["path"] == "/openai/models"


def test_preflight_offers_fine_tunable_models_with_retirement(standin: StandIn) -> None:
    standin.configure(models=["gpt-4o-mini-2024-07-18", "gpt-4.1-nano-2025-04-14", "gpt-5-mini", "gpt-4o"])
    pre = connection.preflight(standin.connection(), today=TODAY)
    assert pre.access == ACCESS_YES
    names = [offer.name for offer in pre.offered]
    # gpt-4.1-nano was shut down on 2026-10-23: listed by the key, still never offered as a base.
    assert names == ["gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18"]
    mini = next(o for o in pre.offered if o.name == "gpt-4o-mini-2024-07-18")
    assert mini.retirement == date(2027, 1, 14) and mini.days_left == 46 and mini.training_ends == date(2027, 1, 6)
    assert "gpt-4.1-mini-2025-04-14" in pre.not_offered
    assert not {"gpt-3.5-turbo-0125", "gpt-4.1-nano-2025-04-14"} & set(pre.not_offered)
    assert pre.cutoff == FT_CLOSED_ALL_NEW_JOBS and pre.days_to_cutoff == 38
    assert "2" in pre.verdict("en") and "38" in pre.dates_note("en") and "38" in pre.dates_note("ko")
    assert [a.where for a in pre.advice] == ["openai", "together", "azure", "export"]
    assert [r["path"] for r in standin.requests] == ["/v1/models", "/v1/fine_tuning/jobs"]
    assert standin.requests[-1]["query"] == {"limit": "1"}


def test_preflight_when_listing_jobs_is_refused(standin: StandIn) -> None:
    standin.fault("ft_forbidden", method="GET", path_prefix="/fine_tuning/jobs")
    pre = connection.preflight(standin.connection(), today=TODAY)
    assert pre.access == ACCESS_NO and pre.access_problem.kind == "ft_not_available"
    assert "Fine-tuning is not available" in pre.verdict("en")


def test_preflight_on_a_server_without_fine_tuning(standin: StandIn) -> None:
    from tests.openai_standin.chat import ApiFailure

    settings = standin.connection()
    # The stand-in has a fine-tuning API; make it answer the 404 that vLLM or a proxy would.
    original = standin.world.list_jobs

    def no_fine_tuning(*args, **kwargs):
        raise ApiFailure(404, "Invalid URL (GET /v1/fine_tuning/jobs)")

    standin.world.list_jobs = no_fine_tuning
    try:
        pre = connection.preflight(settings, today=TODAY)
    finally:
        standin.world.list_jobs = original
    assert pre.access == ACCESS_NO and "no fine-tuning API" in pre.verdict("en")


def test_preflight_when_the_connection_fails(standin: StandIn) -> None:
    standin.fault("invalid_api_key")
    pre = connection.preflight(standin.connection(), today=TODAY)
    assert pre.access == ACCESS_UNKNOWN and pre.check.problem.kind == "invalid_key"
    assert "API key" in pre.verdict("en")


def test_after_the_cutoff_no_one_can_fine_tune(standin: StandIn) -> None:
    pre = connection.preflight(standin.connection(), today=date(2027, 1, 6))
    assert pre.access == ACCESS_NO and pre.cutoff_passed and "2027-01-06" in pre.verdict("en")


def test_a_refused_create_is_the_truth_and_is_stored_without_the_key(standin: StandIn, store: Store) -> None:
    import io

    import openai

    from core.providers.client import make_client

    project_id = store.create_project("Café")
    settings = standin.connection()
    client = make_client(settings)
    rows = b"".join(
        b'{"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}\n' for _ in range(10)
    )
    uploaded = client.files.create(file=("t.jsonl", io.BytesIO(rows)), purpose="fine-tune")
    standin.fault("ft_forbidden")
    with pytest.raises(openai.PermissionDeniedError) as caught:
        client.fine_tuning.jobs.create(model="gpt-4o-mini-2024-07-18", training_file=uploaded.id)
    refusal = connection.record_refusal(store, project_id, settings, caught.value)
    assert refusal is not None and "not available" in refusal.message
    assert connection.recorded_refusal(store, project_id, settings) == refusal
    # Listing still works, but the stored refusal wins.
    pre = connection.preflight(settings, refusal=refusal, today=TODAY)
    assert pre.access == ACCESS_NO and pre.refusal == refusal and "refused" in pre.verdict("en")
    # Another endpoint or organisation is not judged by this refusal.
    assert connection.recorded_refusal(store, project_id, settings.with_overrides(organization="org-2")) is None
    # Errors that say nothing about access are not stored.
    assert connection.record_refusal(store, project_id, settings, RuntimeError("boom")) is None
    dump = workspace_text(store)
    assert standin.api_key not in dump and standin.api_key[-8:] not in dump
    connection.clear_refusal(store, project_id)
    assert connection.recorded_refusal(store, project_id, settings) is None


def test_deployment_lines() -> None:
    mapping, bad = connection.parse_deployments("gpt-4o-mini = my-mini\n\n# note\nnonsense\ngpt-4o=big\n")
    assert mapping == {"gpt-4o-mini": "my-mini", "gpt-4o": "big"} and bad == [4]
    assert connection.parse_deployments(connection.format_deployments(mapping))[0] == mapping


def test_endpoint_label_never_holds_the_key(standin: StandIn) -> None:
    label = connection.endpoint_label(standin.connection(organization="org-1"))
    assert label == f"openai:{standin.base_url} (org-1)" and standin.api_key not in label


@pytest.mark.parametrize(
    ("content_type", "body"),
    [("text/html", b"<html><body>Welcome</body></html>"), ("application/json", b'{"hello": "world"}')],
)
def test_a_web_page_answering_200_is_a_wrong_base_url(content_type: str, body: bytes) -> None:
    """Some sites answer every path with 200 and a page; that is not an OpenAI API either."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from core.providers.client import ConnectionSettings

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings = ConnectionSettings(
            api_key="sk-any-1234", base_url=f"http://127.0.0.1:{server.server_port}/v1", max_retries=0
        )
        check = connection.check_connection(settings)
    finally:
        server.shutdown()
        server.server_close()
    assert not check.ok and check.problem.kind == "wrong_base_url"


def test_a_launch_the_fine_tune_page_saw_refused_decides_access(standin: StandIn, store: Store) -> None:
    """The fine-tune page keeps refused launches in its history; the preflight reads them as the truth."""
    from core.data.store import NewExample
    from core.workflows import finetune

    project_id = store.create_project("refused", settings={"training_system_prompt": "카페 상담사입니다."})
    store.add_examples(project_id, [NewExample(f"질문 {i}", f"답변 {i}", status="approved") for i in range(20)])
    settings = standin.connection()
    assert connection.project_refusal(store, project_id, settings) is None
    standin.fault("ft_forbidden")
    row = finetune.begin_launch(
        store, project_id, finetune.LaunchRequest(finetune.METHOD_SUPERVISED, "gpt-4o-mini-2024-07-18"), "openai"
    )
    assert finetune.run_launch(store, settings, row.id, sleep=lambda _s: None).status == finetune.STATUS_REFUSED
    refusal = connection.project_refusal(store, project_id, settings)
    assert refusal is not None and "not available" in refusal.message
    assert connection.preflight(settings, refusal=refusal, today=TODAY).access == ACCESS_NO
    assert connection.project_refusal(store, project_id, settings.with_overrides(provider="azure")) is None
    connection.clear_refusal(store, project_id)
    assert connection.project_refusal(store, project_id, settings) is None

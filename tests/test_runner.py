"""The one background runner: sync and async work, no double starts, stored failures, pruning, no blocking."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from core.workflows import runner


@pytest.fixture
def name(request: pytest.FixtureRequest) -> str:
    return f"test-runner-{request.node.name}"


def test_plain_and_async_work_both_run_without_wrappers(name):
    def plain() -> str:
        return threading.current_thread().name

    async def coroutine() -> str:
        await asyncio.sleep(0)
        return "async done"

    assert runner.start_background(name, plain)
    assert runner.wait(name, timeout=10)
    assert runner.outcome(name).result == f"job:{name}"  # it ran in the job's own thread, not the caller's
    assert runner.start_background(name + "-async", coroutine)
    assert runner.wait(name + "-async", timeout=10)
    assert runner.outcome(name + "-async").result == "async done"


def test_a_second_start_of_a_running_job_starts_nothing(name):
    release = threading.Event()
    calls: list[int] = []

    def work() -> None:
        calls.append(1)
        release.wait(10)

    assert runner.start_background(name, work, kind="generation", project_id=7)
    assert not runner.start_background(name, work)
    assert runner.is_running(name) and name in runner.running_jobs(7) and name not in runner.running_jobs(8)
    release.set()
    assert runner.wait(name, timeout=10)
    assert calls == [1]


def test_a_failure_is_kept_for_the_page_and_the_job_is_pruned(name, caplog):
    def broken() -> None:
        raise RuntimeError("the provider went away")

    assert runner.start_background(name, broken, kind="batch", project_id=3)
    assert runner.wait(name, timeout=10)
    assert not runner.is_running(name) and name not in runner.running_jobs()
    assert name not in runner._JOBS  # pruned when it ended
    error = runner.last_error(name)
    assert isinstance(error, RuntimeError) and str(error) == "the provider went away"
    assert runner.outcome(name).kind == "batch" and runner.outcome(name).project_id == 3
    assert any("background job" in record.message and name in record.message for record in caplog.records)


def test_a_restart_while_stopping_never_blocks_the_caller_and_runs_after_the_old_job(name):
    order: list[str] = []
    old_may_end = threading.Event()

    def old() -> None:
        while not runner.stop_requested(name):
            time.sleep(0.01)
        old_may_end.wait(10)  # in-flight answers still landing
        assert runner.stop_requested(name)  # its own flag, although a successor is registered
        order.append("old ended")

    def new() -> None:
        order.append("new started")

    assert runner.start_background(name, old)
    runner.request_stop(name)
    started = time.monotonic()
    assert runner.start_background(name, new)  # a stopping job doesn't refuse the restart…
    assert time.monotonic() - started < 0.5  # …and the caller (a page) doesn't wait for it
    assert not runner.stop_requested(name)  # the new job is not asked to stop
    assert order == []
    old_may_end.set()
    assert runner.wait(name, timeout=10)
    assert order == ["old ended", "new started"]


def test_remembered_outcomes_are_bounded(name, monkeypatch):
    monkeypatch.setattr(runner, "KEPT_OUTCOMES", 3)
    for index in range(5):
        assert runner.start_background(f"{name}-{index}", lambda: None)
        assert runner.wait(f"{name}-{index}", timeout=10)
    assert runner.outcome(f"{name}-0") is None and runner.outcome(f"{name}-4") is not None
    assert len(runner._OUTCOMES) <= 3

"""Background work inside the Streamlit server process: one thread per named job.

Generation runs, batch polling, fine-tune job polling and compare runs must go
on when the user leaves or reloads the page, so they don't run in a script
run. Each job gets a daemon thread with its own asyncio event loop; the
registry is keyed by a name such as ``"gen-run-12"`` so that a page can ask
whether its job is alive and a second click never starts it twice.

Stopping is cooperative: ``request_stop`` sets a flag that the job's
``should_stop`` checks between requests, so an answer already on its way is
still written to the store. Jobs persist their progress in the store; this
registry only knows what runs *in this process* (after a restart it is empty,
which is how pages tell an interrupted run from a running one).
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

LOG = logging.getLogger(__name__)
# Identifies this server process in the store (gen_runs.owner): a run marked
# "running" by another process (or an earlier life of this one) was interrupted.
PROCESS_TOKEN = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"

CoroutineFactory = Callable[[], Awaitable[Any]]


@dataclass
class _Job:
    name: str
    thread: threading.Thread
    stop: threading.Event = field(default_factory=threading.Event)
    started_at: float = field(default_factory=time.monotonic)
    error: BaseException | None = None
    result: Any = None
    finished: threading.Event = field(default_factory=threading.Event)


_JOBS: dict[str, _Job] = {}
_LOCK = threading.Lock()


def _run_job(job: _Job, factory: CoroutineFactory) -> None:
    try:
        job.result = asyncio.run(_as_coroutine(factory))
    except BaseException as error:  # noqa: BLE001 - a job must never take the server down
        job.error = error
        LOG.exception("background job %s failed", job.name)
    finally:
        job.finished.set()


async def _as_coroutine(factory: CoroutineFactory) -> Any:
    return await factory()


def start_background(name: str, coroutine_factory: CoroutineFactory) -> bool:
    """Run ``coroutine_factory()`` in a new thread with its own event loop.

    Returns False (and starts nothing) when a job of that name is still
    running, so double clicks and two browser tabs can't start it twice.
    """
    with _LOCK:
        current = _JOBS.get(name)
        if current is not None and current.thread.is_alive():
            return False
        job = _Job(name=name, thread=threading.Thread(name=f"job:{name}", daemon=True))
        # The thread needs the job (to record its outcome), so it is made second.
        job.thread = threading.Thread(name=f"job:{name}", daemon=True, target=_run_job,
                                      args=(job, coroutine_factory))
        _JOBS[name] = job
        job.thread.start()
    return True


def is_running(name: str) -> bool:
    """True while the job's thread is alive in this process."""
    with _LOCK:
        job = _JOBS.get(name)
    return job is not None and job.thread.is_alive()


def request_stop(name: str) -> None:
    """Ask the job to stop at its next check (in-flight work still lands)."""
    with _LOCK:
        job = _JOBS.get(name)
    if job is not None:
        job.stop.set()


def stop_requested(name: str) -> bool:
    """What a job's ``should_stop`` reads: has anyone asked it to stop?"""
    with _LOCK:
        job = _JOBS.get(name)
    return job is not None and job.stop.is_set()


def wait(name: str, timeout: float | None = None) -> bool:
    """Block until the job has finished (tests, shutdown); True if it has."""
    with _LOCK:
        job = _JOBS.get(name)
    return True if job is None else job.finished.wait(timeout)


def last_error(name: str) -> BaseException | None:
    """The exception that ended the job, if it crashed (pages show a plain message)."""
    with _LOCK:
        job = _JOBS.get(name)
    return job.error if job is not None else None


def running_jobs() -> list[str]:
    """Names of the jobs alive right now."""
    with _LOCK:
        return sorted(name for name, job in _JOBS.items() if job.thread.is_alive())

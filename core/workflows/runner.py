"""The one runner for background work inside the Streamlit server process.

Generation runs, batch polling, fine-tune launches and monitoring, compare runs
and the judge must go on when the user leaves or reloads the page, so they
never run in a script run. Each job gets its own daemon thread, named so that a
page can ask whether it is alive and a second click never starts it twice.

One entry point takes both kinds of work, with no wrappers at the call site: a
plain function runs in the job's thread; a function that returns an awaitable
(an ``async def``) runs on an event loop of the job's own.

Stopping is cooperative: ``request_stop`` sets a flag that the job reads through
``stop_requested`` between requests, so an answer already on its way is still
written to the store. A job started while its predecessor of the same name is
still stopping waits for it *in its own thread*, so no page ever blocks on a job.

A job leaves the registry when it ends; what it ended with (its result or the
exception, with the traceback in the server log) is kept in a small bounded
record so that a page can still show a crash in plain words. Jobs persist their
progress in the store; the registry only knows what runs *in this process* (after
a restart it is empty, which is how pages tell an interrupted run from a running one).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import os
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

LOG = logging.getLogger(__name__)
# Identifies this server process in the store (a run's owner): a run marked
# "running" by another process (or an earlier life of this one) was interrupted.
PROCESS_TOKEN = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
# How many ended jobs' outcomes are remembered (for "it crashed: …" on a page).
KEPT_OUTCOMES = 500

# A job: a plain function, or one that returns an awaitable (an ``async def``).
Work = Callable[[], Any]


@dataclass(frozen=True)
class Outcome:
    """How an ended job ended: its result, or the exception that ended it."""

    name: str
    kind: str | None
    project_id: int | None
    ended_at: float
    result: Any = None
    error: BaseException | None = None


@dataclass
class _Job:
    name: str
    kind: str | None
    project_id: int | None
    stop: threading.Event = field(default_factory=threading.Event)
    finished: threading.Event = field(default_factory=threading.Event)
    started_at: float = field(default_factory=time.monotonic)
    thread: threading.Thread | None = None


_JOBS: dict[str, _Job] = {}
_OUTCOMES: OrderedDict[str, Outcome] = OrderedDict()
_LOCK = threading.Lock()
# The job whose thread this is: a stopping job keeps reading its own stop flag even
# after a successor of the same name was registered.
_CURRENT = threading.local()


def _execute(work: Work) -> Any:
    result = work()
    if inspect.isawaitable(result):
        return asyncio.run(_awaited(result))
    return result


async def _awaited(awaitable: Any) -> Any:
    return await awaitable


def _run_job(job: _Job, work: Work, predecessor: _Job | None) -> None:
    result: Any = None
    error: BaseException | None = None
    _CURRENT.job = job
    try:
        if predecessor is not None:
            predecessor.finished.wait()  # let the stopping job land its last answers first
        if not job.stop.is_set():
            result = _execute(work)
    except BaseException as exc:  # noqa: BLE001 - a job must never take the server down; the page shows it
        error = exc
        LOG.exception("background job %s failed", job.name)
    finally:
        with _LOCK:
            if _JOBS.get(job.name) is job:
                del _JOBS[job.name]  # pruned when it ends; only its outcome is kept
            _OUTCOMES[job.name] = Outcome(job.name, job.kind, job.project_id, time.time(), result, error)
            _OUTCOMES.move_to_end(job.name)
            while len(_OUTCOMES) > KEPT_OUTCOMES:
                _OUTCOMES.popitem(last=False)
        job.finished.set()


def start_background(name: str, work: Work, *, kind: str | None = None, project_id: int | None = None) -> bool:
    """Run ``work()`` in a new background thread (awaited on its own event loop if it is async).

    Returns False (and starts nothing) when a job of that name is running and
    nobody asked it to stop, so double clicks and two browser tabs can't start it
    twice. A job of that name that is *stopping* is waited for by the new job's
    thread, not by the caller.
    """
    with _LOCK:
        current = _JOBS.get(name)
        if current is not None and not current.finished.is_set() and not current.stop.is_set():
            return False
        predecessor = current if current is not None and not current.finished.is_set() else None
        job = _Job(name=name, kind=kind, project_id=project_id)
        job.thread = threading.Thread(name=f"job:{name}", daemon=True, target=_run_job, args=(job, work, predecessor))
        _JOBS[name] = job
        _OUTCOMES.pop(name, None)  # a new life: the previous outcome no longer describes this name
    job.thread.start()
    return True


def _job(name: str) -> _Job | None:
    with _LOCK:
        return _JOBS.get(name)


def is_running(name: str) -> bool:
    """True while a job of that name is alive in this process (a stopping one included)."""
    job = _job(name)
    return job is not None and not job.finished.is_set()


def request_stop(name: str) -> None:
    """Ask the job to stop at its next check (in-flight work still lands). Cancelling is this."""
    job = _job(name)
    if job is not None:
        job.stop.set()


def stop_requested(name: str) -> bool:
    """What a job's ``should_stop`` reads: has anyone asked it to stop?

    Inside a job's own thread this is that job's flag, even when a successor of
    the same name is already waiting for it.
    """
    own = getattr(_CURRENT, "job", None)
    job = own if own is not None and own.name == name else _job(name)
    return job is not None and job.stop.is_set()


def wait(name: str, timeout: float | None = None) -> bool:
    """Block until the job has ended (tests and shutdown only; pages never wait); True if it has."""
    job = _job(name)
    return True if job is None else job.finished.wait(timeout)


def outcome(name: str) -> Outcome | None:
    """How the last job of that name ended, while it is remembered; None while it runs or if unknown."""
    with _LOCK:
        return _OUTCOMES.get(name)


def last_error(name: str) -> BaseException | None:
    """The exception that ended the job, if it crashed (pages show a plain message)."""
    ended = outcome(name)
    return ended.error if ended is not None else None


def running_jobs(project_id: int | None = None) -> list[str]:
    """Names of the jobs alive right now (of one project, when given)."""
    with _LOCK:
        return sorted(
            name
            for name, job in _JOBS.items()
            if not job.finished.is_set() and (project_id is None or job.project_id == project_id)
        )

"""The repository's static checks as background processes, started when the suite starts.

mypy alone takes most of a minute of one core. Started as soon as the tests
are collected (``pytest_collection_finish`` in ``tests/conftest.py``), at a
lower priority, it runs on the core the single-threaded tests leave idle;
``tests/test_code_checks.py`` (ordered after the other unit tests) then only
collects the outcome. Run alone, that module starts them itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
CI = ROOT / ".ci"
PYTHON_SOURCES = ["core", "pages", "streamlit_app.py", "tests", "bench"]
TIMEOUT_S = 600
# Behind the tests in the CPU queue: the checks take the idle core, never the tests' one.
NICENESS = 10

CHECKS: dict[str, tuple[str, ...]] = {
    "ruff-lint": ("ruff", "check", "--config", str(CI / "ruff.toml"), *PYTHON_SOURCES),
    "ruff-format": ("ruff", "format", "--check", "--config", str(CI / "ruff.toml"), *PYTHON_SOURCES),
    "mypy": ("mypy", "--config-file", str(CI / "mypy.ini"), "-p", "core"),
    "import-linter": ("lint-imports", str(CI / "importlinter.ini")),
}


@dataclass
class _Running:
    process: subprocess.Popen[bytes]
    output: IO[bytes]
    started: float


_RUNNING: dict[str, _Running] = {}


def _argv(command: tuple[str, ...]) -> list[str]:
    if command[0] == "lint-imports":  # import-linter has no ``python -m`` entry, only its console script
        script = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
        return [script, *command[1:]]
    return [sys.executable, "-m", *command]


def start(name: str) -> None:
    """Start check ``name`` in the background (once); its output goes to a temporary file, never a full pipe."""
    if name in _RUNNING:
        return
    output = tempfile.TemporaryFile()
    process = subprocess.Popen(_argv(CHECKS[name]), cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
    try:
        os.setpriority(os.PRIO_PROCESS, process.pid, os.getpriority(os.PRIO_PROCESS, 0) + NICENESS)
    except OSError:  # it may already have ended; a lower priority is only a courtesy anyway
        pass
    _RUNNING[name] = _Running(process, output, time.monotonic())


def outcome(name: str) -> tuple[int, str]:
    """Wait for check ``name`` (starting it if it wasn't); its exit code and what it printed."""
    start(name)
    running = _RUNNING[name]
    left = TIMEOUT_S - (time.monotonic() - running.started)
    try:
        code = running.process.wait(timeout=max(left, 1))
    except subprocess.TimeoutExpired:
        running.process.kill()
        running.process.wait()
        raise
    running.output.seek(0)
    return code, running.output.read().decode("utf-8", errors="replace")


def stop_all() -> None:
    """End checks nobody waited for (a run stopped early, or one that did not collect their test)."""
    for running in _RUNNING.values():
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait()
        running.output.close()
    _RUNNING.clear()

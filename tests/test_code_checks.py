"""The repository's static checks, run as part of the suite so that CI fails when one fails.

- ruff: lint and format (``.ci/ruff.toml``);
- mypy over ``core/`` (``.ci/mypy.ini``);
- import-linter: the layers of ``core`` and "only core.ui imports Streamlit" (``.ci/importlinter.ini``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

CI = ROOT / ".ci"
PYTHON_SOURCES = ["core", "pages", "streamlit_app.py", "tests", "bench"]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    if command[0] == "lint-imports":  # import-linter has no ``python -m`` entry, only its console script
        script = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
        argv = [script, *command[1:]]
    else:
        argv = [sys.executable, "-m", *command]
    return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "--config", str(CI / "ruff.toml"), *PYTHON_SOURCES),
        ("ruff", "format", "--check", "--config", str(CI / "ruff.toml"), *PYTHON_SOURCES),
        ("mypy", "--config-file", str(CI / "mypy.ini"), "-p", "core"),
        ("lint-imports", str(CI / "importlinter.ini")),
    ],
    ids=["ruff-lint", "ruff-format", "mypy", "import-linter"],
)
def test_static_check_passes(command: tuple[str, ...]) -> None:
    result = _run(*command)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"

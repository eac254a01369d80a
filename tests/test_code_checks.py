"""The repository's static checks, run as part of the suite so that CI fails when one fails.

- ruff: lint and format (``.ci/ruff.toml``);
- mypy over ``core/`` (``.ci/mypy.ini``);
- import-linter: the layers of ``core`` and "only core.ui imports Streamlit" (``.ci/importlinter.ini``).

They run as background processes from the start of the suite (``tests/static_checks.py``); here each
one's outcome is collected.
"""

from __future__ import annotations

import pytest

from tests import static_checks


@pytest.mark.parametrize("name", list(static_checks.CHECKS))
def test_static_check_passes(name: str) -> None:
    code, output = static_checks.outcome(name)
    assert code == 0, f"{' '.join(static_checks.CHECKS[name])} failed:\n{output}"

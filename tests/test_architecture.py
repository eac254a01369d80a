"""The layout the design card fixes, kept honest by a test.

- ``core`` imports no Streamlit except the ``core.ui`` package.
- Pages draw and dispatch; they stay short.
- No folders beyond the agreed layout at the top level.
"""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

from tests.conftest import ROOT

PAGE_LINE_LIMIT = 175  # "about 150": a hard ceiling so a page can't quietly grow logic
ALLOWED_TOP_LEVEL = {
    "streamlit_app.py",
    "pages",
    "core",
    "tests",
    "requirements.txt",
    ".streamlit",
    "README.md",
    "bench",
    ".ci",
    "docs",
    "pytest.ini",
    ".gitignore",
}


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_imports_streamlit_only_in_the_ui_package():
    core_files = [p for p in (ROOT / "core").rglob("*.py") if "ui" not in p.relative_to(ROOT / "core").parts[:1]]
    assert len(core_files) > 10
    offenders = [str(p.relative_to(ROOT)) for p in core_files if "streamlit" in _imported_modules(p)]
    assert offenders == []


def test_ui_package_really_is_the_streamlit_layer():
    ui_files = list((ROOT / "core" / "ui").glob("*.py"))
    assert any("streamlit" in _imported_modules(p) for p in ui_files)


def test_pages_stay_short():
    lengths = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in (ROOT / "pages").glob("*.py")}
    assert len(lengths) == 8
    assert {name: n for name, n in lengths.items() if n > PAGE_LINE_LIMIT} == {}


def test_top_level_layout_is_the_agreed_one():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    top_level = {line.split("/")[0] for line in tracked.splitlines() if line}
    assert "core" in top_level and "pages" in top_level
    assert top_level - ALLOWED_TOP_LEVEL == set()

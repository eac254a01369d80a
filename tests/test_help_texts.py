"""Every setting a user can change carries a one-line help text (the "?" next to its label).

The source is parsed with ``ast`` instead of run, so widgets in rarely reached branches
(a running job, a conversation example, a cost above the confirmation limit) are checked too.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

INPUT_WIDGETS = frozenset(
    {
        "text_input",
        "text_area",
        "number_input",
        "selectbox",
        "multiselect",
        "radio",
        "checkbox",
        "toggle",
        "slider",
        "select_slider",
        "segmented_control",
        "pills",
        "file_uploader",
        "date_input",
        "time_input",
        "color_picker",
    }
)
# Widgets whose empty state shows Streamlit's built-in English prompt ("Choose options").
PLACEHOLDER_WIDGETS = frozenset({"multiselect"})
SOURCES = [
    ROOT / "streamlit_app.py",
    *sorted((ROOT / "pages").glob("*.py")),
    *sorted((ROOT / "core" / "ui").glob("*.py")),
]
MIN_EXPECTED_WIDGETS = 30  # fewer found means the scan no longer sees the calls, not that the app shrank


def _helpers_giving(tree: ast.Module, keyword: str) -> set[str]:
    """Functions in the module that return a dict literal with ``keyword``: ``**bind(...)`` passes it on."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for ret in ast.walk(node):
                if (
                    isinstance(ret, ast.Return)
                    and isinstance(ret.value, ast.Dict)
                    and any(isinstance(k, ast.Constant) and k.value == keyword for k in ret.value.keys)
                ):
                    names.add(node.name)
    return names


def _passes(call: ast.Call, keyword: str, helpers: set[str]) -> bool:
    for kw in call.keywords:
        if kw.arg == keyword:
            return True
        if (
            kw.arg is None
            and isinstance(kw.value, ast.Call)
            and isinstance(kw.value.func, ast.Name)
            and kw.value.func.id in helpers
        ):
            return True
    return False


def widget_calls(path: Path) -> list[tuple[str, ast.Call, ast.Module]]:
    """Every ``st.X(...)`` / ``<container>.X(...)`` call of an input widget in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        (node.func.attr, node, tree)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in INPUT_WIDGETS
    ]


def _missing(keyword: str, widgets: frozenset[str]) -> tuple[int, list[str]]:
    found, missing = 0, []
    for path in SOURCES:
        calls = widget_calls(path)
        helpers = _helpers_giving(calls[0][2], keyword) if calls else set()
        for name, call, _ in calls:
            if name not in widgets:
                continue
            found += 1
            if not _passes(call, keyword, helpers):
                missing.append(f"{path.relative_to(ROOT)}:{call.lineno} {name}")
    return found, missing


def test_the_scan_finds_the_widgets():
    found, _ = _missing("help", INPUT_WIDGETS)
    assert found > MIN_EXPECTED_WIDGETS


def test_every_input_widget_has_help():
    _, missing = _missing("help", INPUT_WIDGETS)
    assert missing == [], "add help=ui.tr('<feature>.…_help') to: " + ", ".join(missing)


def test_every_multiselect_has_a_translated_placeholder():
    found, missing = _missing("placeholder", PLACEHOLDER_WIDGETS)
    assert found >= 3
    assert missing == [], "add placeholder=ui.tr(...) (else Korean users see 'Choose options'): " + ", ".join(missing)


def test_the_check_catches_a_widget_without_help(tmp_path):
    sample = tmp_path / "page.py"
    sample.write_text(
        "import streamlit as st\n"
        "def bind(name):\n    return {'key': name, 'help': 'h'}\n"
        "left, right = st.columns(2)\n"
        "left.slider('a', **bind('a'))\n"
        "st.checkbox('b', help='h')\n"
        "right.selectbox('c', [1, 2])\n",
        encoding="utf-8",
    )
    calls = widget_calls(sample)
    helpers = _helpers_giving(calls[0][2], "help")
    assert [(name, _passes(call, "help", helpers)) for name, call, _ in calls] == [
        ("slider", True),
        ("checkbox", True),
        ("selectbox", False),
    ]

"""Every session-state key is named once, in ``core.ui.state``: pages and ``core.ui`` never spell one out.

A key spelled as a string literal in two files drifts (one page renames it,
the other keeps reading the old one, silently). The scan reads the source with
``ast``, so it sees keys split over lines and keys built with f-strings.
"""

from __future__ import annotations

import ast

import pytest

from core.ui import state
from tests.conftest import ROOT

# Modules still allowed to spell their own keys (none now: every page and core.ui module uses core.ui.state).
# A file may sit here only while it is being switched over; the check below fails once it is clean.
NOT_YET_CONVERTED: frozenset[str] = frozenset()
STATE_MODULE = "core/ui/state.py"
SESSION_METHODS = frozenset({"get", "pop", "setdefault"})


def _sources() -> list[str]:
    files = [
        ROOT / "streamlit_app.py",
        *sorted((ROOT / "pages").glob("*.py")),
        *sorted((ROOT / "core/ui").glob("*.py")),
    ]
    return [path.relative_to(ROOT).as_posix() for path in files]


def _is_session_state(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "session_state"


def _spelled_out(node: ast.AST) -> bool:
    """A key written as text: "x", f"x_{n}" (text first), "x" + n, or choice_key("x")."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return bool(node.values) and isinstance(node.values[0], ast.Constant)
    if isinstance(node, ast.BinOp):
        return _spelled_out(node.left)
    if isinstance(node, ast.Call) and node.args:
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        return name == "choice_key" and _spelled_out(node.args[0])
    return False


def literal_keys(source: str) -> list[tuple[int, str]]:
    """(line, code) of every session-state or widget key spelled out as text in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        keys: list[ast.AST] = []
        if isinstance(node, ast.Subscript) and _is_session_state(node.value):
            keys.append(node.slice)
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in SESSION_METHODS and _is_session_state(func.value):
                keys.extend(node.args[:1])
            keys.extend(keyword.value for keyword in node.keywords if keyword.arg == "key")
        elif isinstance(node, ast.Compare) and any(_is_session_state(c) for c in node.comparators):
            keys.append(node.left)
        found.extend((key.lineno, ast.unparse(key)) for key in keys if _spelled_out(key))
    return found


@pytest.mark.parametrize("relative", [p for p in _sources() if p != STATE_MODULE and p not in NOT_YET_CONVERTED])
def test_no_session_key_is_spelled_out(relative: str) -> None:
    spelled = literal_keys((ROOT / relative).read_text(encoding="utf-8"))
    assert not spelled, f"{relative}: use a name from core/ui/state.py for " + ", ".join(
        f"line {line}: {code}" for line, code in spelled
    )


def key_definitions(source: str) -> list[str]:
    """Names like ``SS_X = "x"`` or ``W_A, W_B = "a", "b"`` defined in ``source`` itself."""
    defined = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            pairs = (
                zip(target.elts, node.value.elts, strict=False)
                if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple)
                else [(target, node.value)]
            )
            defined.extend(
                name.id
                for name, value in pairs
                if isinstance(name, ast.Name)
                and name.id.startswith(("SS_", "W_"))
                and isinstance(value, ast.Constant)
                and isinstance(value.value, str)
            )
    return defined


@pytest.mark.parametrize("relative", [p for p in _sources() if p != STATE_MODULE and p not in NOT_YET_CONVERTED])
def test_session_keys_are_defined_only_in_the_state_module(relative: str) -> None:
    defined = key_definitions((ROOT / relative).read_text(encoding="utf-8"))
    assert not defined, f"{relative}: move {defined} to core/ui/state.py"


def test_the_allow_list_only_holds_files_that_still_need_it() -> None:
    def converted(relative: str) -> bool:
        source = (ROOT / relative).read_text(encoding="utf-8")
        return not literal_keys(source) and not key_definitions(source)

    clean = [p for p in sorted(NOT_YET_CONVERTED) if not (ROOT / p).exists() or converted(p)]
    assert not clean, f"take these off NOT_YET_CONVERTED in {__file__}: {clean}"


def test_the_scan_finds_every_way_of_spelling_a_key() -> None:
    source = """
st.session_state["a"] = 1
st.session_state.get("b")
st.session_state.pop(f"c_{n}", None)
"d" in st.session_state
st.button("x", key="e")
st.radio("x", key=ui.choice_key("f" + n))
"""
    assert [code for _, code in literal_keys(source)] == [
        "'a'",
        "'b'",
        "f'c_{n}'",
        "'d'",
        "'e'",
        "ui.choice_key('f' + n)",
    ]
    named = "st.session_state[SS_A] = 1\nst.button('x', key=f'{W_B}{n}')\nst.session_state.get(W_C + name)\n"
    assert literal_keys(named) == []
    assert key_definitions('SS_A = "a"\nW_B, W_C = "b", "c"\nW_D = W_E\nLIMIT = "x"\n') == ["SS_A", "W_B", "W_C"]


def test_every_key_in_the_state_module_is_distinct() -> None:
    values = {name: value for name, value in vars(state).items() if name.startswith(("SS_", "W_"))}
    assert all(isinstance(value, str) and value for value in values.values())
    seen: dict[str, str] = {}
    for name, value in values.items():
        assert value not in seen, f"{name} and {seen[value]} are the same key {value!r}"
        seen[value] = name

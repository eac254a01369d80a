"""A write the store refuses inside a widget callback is a plain message, never a traceback.

Streamlit runs ``on_click`` / ``on_change`` callbacks before the page script, so
outside the page's own "is the database there?" check. The AST test below finds
every callback in ``core/ui``, ``pages/`` and ``streamlit_app.py`` and fails when
one that reaches the store (it opens one, or is handed the page's ``store``,
directly or through the functions it calls) is not wrapped in
``refusable_write``. A callable handed to a drawing helper as ``on_…=`` is a
callback site too; one handed over positionally (Curate's picker gets
``open_example``, which only touches the session) is not followed. The AppTests
then take the database away under a few of them and look at what the user sees
and what was written.
"""

from __future__ import annotations

import ast
import socket
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.data.connection import Conn, DatabaseBusy, DatabaseUnavailable, configure_database
from core.data.engine import redacted
from core.data.store import NewExample, Store
from core.i18n import t
from core.ui.state import W_CURATE_OPEN, W_GENERATION_PROMPT, W_NEW_NAME, W_PREVIEW_EPOCHS
from tests.conftest import ROOT, app_at

CALLBACK_KEYWORDS = ("on_click", "on_change")
GUARD = "refusable_write"
# A call of one of these in a callback reaches the store.
STORE_OPENERS = frozenset({"open_store", "Store", "open_checked"})
CALLBACK_FILES = sorted(
    [*(ROOT / "core" / "ui").glob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "streamlit_app.py"]
)


# ------------------------------------------------------------------ the AST check
@dataclass
class Module:
    path: Path
    tree: ast.Module
    defs: dict[str, list[ast.FunctionDef]]
    imports: dict[str, str]  # local name → "module" or "module:name"


_MODULES: dict[Path, Module | None] = {}


def _module_path(dotted: str) -> Path | None:
    base = ROOT.joinpath(*dotted.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _load(path: Path) -> Module:
    if path not in _MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defs: dict[str, list[ast.FunctionDef]] = {}
        imports: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                defs.setdefault(node.name, []).append(node)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    whole = f"{node.module}.{alias.name}"
                    imports[alias.asname or alias.name] = (
                        whole if _module_path(whole) else f"{node.module}:{alias.name}"
                    )
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    imports[alias.asname or alias.name.split(".")[0]] = alias.name
        _MODULES[path] = Module(path, tree, defs, imports)
    module = _MODULES[path]
    assert module is not None
    return module


def _resolve(module: Module, name: str, depth: int = 0) -> tuple[Module, list[ast.FunctionDef]]:
    """The definitions ``name`` stands for in ``module`` (following ``from x import name``), if in this repo."""
    if name in module.defs:
        return module, module.defs[name]
    target = module.imports.get(name, "")
    if ":" in target and depth < 5 and (path := _module_path(target.split(":")[0])) is not None:
        return _resolve(_load(path), target.split(":")[1], depth + 1)
    return module, []


def _resolve_expr(module: Module, node: ast.AST) -> tuple[Module, list[ast.FunctionDef]]:
    """``f`` or ``module.f`` (``ui.open_store``, ``connection_panels.copy_text``) → its definitions."""
    if isinstance(node, ast.Name):
        return _resolve(module, node.id)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        target = module.imports.get(node.value.id, "")
        if target and ":" not in target and (path := _module_path(target)) is not None:
            return _resolve(_load(path), node.attr)
    return module, []


def _is_guard(node: ast.AST) -> bool:
    return (isinstance(node, ast.Name) and node.id == GUARD) or (isinstance(node, ast.Attribute) and node.attr == GUARD)


def _guarded(function: ast.FunctionDef) -> bool:
    return any(_is_guard(decorator) for decorator in function.decorator_list)


def _reaches_store(module: Module, body: ast.AST, seen: set[int]) -> bool:
    """Does running ``body`` reach the store without passing through a ``refusable_write``?"""
    if isinstance(body, ast.FunctionDef):
        if any("Store" in ast.unparse(a.annotation) for a in body.args.args if a.annotation is not None):
            return True
        nodes = [node for statement in body.body for node in ast.walk(statement)]
    else:
        nodes = list(ast.walk(body))
    for node in nodes:
        if isinstance(node, ast.Name) and node.id == "store":  # the page's store, handed over in ``args``
            return True
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if name in STORE_OPENERS:
            return True
        if name == GUARD:
            continue
        where, functions = _resolve_expr(module, node.func)
        for function in functions:
            if id(function) in seen or _guarded(function):
                continue
            seen.add(id(function))
            if _reaches_store(where, function, seen):
                return True
    return False


def _callback_sites(module: Module) -> list[tuple[int, ast.AST]]:
    sites: list[tuple[int, ast.AST]] = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Call):
            # Also ``on_close=…`` and the like: a callable handed to a drawing helper becomes a widget callback.
            sites += [(kw.value.lineno, kw.value) for kw in node.keywords if kw.arg and kw.arg.startswith("on_")]
        elif isinstance(node, ast.Dict):  # ``**bind(…)``: widget kwargs built in a helper
            sites += [
                (value.lineno, value)
                for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant) and key.value in CALLBACK_KEYWORDS
            ]
    return sites


def _callback_problems(files: list[Path]) -> tuple[list[str], int, int]:
    """Unguarded store-reaching callbacks as ``file:line callback``; how many callbacks, how many reach the store."""
    problems, total, reaching = [], 0, 0
    for path in files:
        module = _load(path)
        for line, callback in _callback_sites(module):
            if isinstance(callback, ast.Constant):  # "ignore", "rerun": no Python runs
                continue
            total += 1
            shown = (
                f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}:{line} {ast.unparse(callback)}"
            )
            if isinstance(callback, ast.Call) and _is_guard(callback.func):
                reaching += 1
                continue
            if isinstance(callback, ast.Lambda):
                if _reaches_store(module, callback.body, set()):
                    reaching += 1
                    problems.append(f"{shown}: a lambda that reaches the store (make it a refusable_write function)")
                continue
            where, functions = _resolve_expr(module, callback)
            if not functions:
                continue  # a parameter (``on_close``): what is handed in is checked where it is passed, as ``on_…=``
            if any(_guarded(f) for f in functions):
                reaching += 1
            elif any(_reaches_store(where, f, {id(f)}) for f in functions):
                reaching += 1
                problems.append(f"{shown}: reaches the store without {GUARD}")
    return problems, total, reaching


def test_every_callback_that_reaches_the_store_is_a_refusable_write():
    problems, total, reaching = _callback_problems(CALLBACK_FILES)
    assert problems == []
    # The check looked at the real thing: the app has dozens of callbacks, many of them saving.
    assert total >= 55 and reaching >= 25, (total, reaching)


def test_the_callback_check_sees_an_unguarded_write(tmp_path, monkeypatch):
    """A new page whose callback saves without the guard is reported, through a helper and in a lambda too."""
    page = tmp_path / "pages" / "9_New.py"
    page.parent.mkdir()
    page.write_text(
        "import streamlit as st\nfrom core import ui\n\n"
        "def _write(name):\n    with ui.open_store() as store:\n        store.create_project(name)\n\n"
        "def _save():\n    _write('x')\n\n"
        "@ui.refusable_write\ndef _fine():\n    _write('y')\n\n"
        "st.button('a', on_click=_save)\n"
        "st.button('b', on_click=lambda: _write('z'))\n"
        "st.button('c', on_click=_fine)\n"
        "st.button('d', on_click=ui.refusable_write(_write), args=('w',))\n"
        "st.button('e', on_click=lambda: st.session_state.pop('k', None))\n",
        encoding="utf-8",
    )
    problems, total, reaching = _callback_problems([page])
    assert [problem.split(":")[1].split()[0] for problem in problems] == ["15", "16"]
    assert (total, reaching) == (5, 4)


# ------------------------------------------------------------------ in the app, the database taken away
def _refused_kinds():
    return [
        pytest.param(
            DatabaseUnavailable("database_unavailable", where="db.example:5432", reason="connection refused"),
            "database.save_refused",
            id="database-away",
        ),
        pytest.param(DatabaseBusy("UPDATE", {}, Exception("database is locked")), "curate.save_failed", id="busy"),
    ]


def _refuse(monkeypatch, method: str, error: Exception, owner: type = Store) -> list[str]:
    """Make ``owner.<method>`` refuse the way the database does; the calls that tried are counted."""
    tried: list[str] = []

    def refused(self, *args, **kwargs):
        tried.append(method)
        raise error

    monkeypatch.setattr(owner, method, refused)
    return tried


def _errors(at) -> list[str]:
    return [e.value for e in at.error]


@pytest.mark.parametrize(("error", "message"), _refused_kinds())
def test_home_open_sample_refused_is_a_message_and_makes_nothing(monkeypatch, workspace, error, message):
    at = app_at().run()
    # Refused in the middle: the project row is already written in the transaction, its questions are not.
    tried = _refuse(monkeypatch, "insert_returning_ids", error, owner=Conn)
    at.button(key="home_open_sample").click().run()
    assert tried and not at.exception
    assert t(message, "en") in _errors(at)
    with Store(workspace) as store:
        assert store.list_projects() == []  # the project and its questions land together or not at all


@pytest.mark.parametrize(("error", "message"), _refused_kinds())
def test_sidebar_create_project_refused_is_a_message(monkeypatch, workspace, error, message):
    at = app_at().run()
    tried = _refuse(monkeypatch, "create_project", error)
    at.sidebar.text_input(key=W_NEW_NAME).input("Bakery")
    at.sidebar.button(key="_w_create_project").click().run()
    assert tried and not at.exception
    assert t(message, "en") in _errors(at)
    with Store(workspace) as store:
        assert store.list_projects() == []


@pytest.mark.parametrize(("error", "message"), _refused_kinds())
def test_curate_answer_edit_refused_is_a_message_and_keeps_the_old_answer(monkeypatch, workspace, error, message):
    with Store(workspace) as store:
        project_id = store.create_project("Bakery")
        [example_id] = store.add_examples(project_id, [NewExample(question="Open on Sunday?", answer="Yes, 9 to 1.")])
    at = app_at("pages/3_Curate.py")
    at.query_params["project"] = str(project_id)
    at.run()
    at.selectbox(key=next(s.key for s in at.selectbox if s.key.startswith(W_CURATE_OPEN))).set_value(example_id).run()
    tried = _refuse(monkeypatch, "update_example", error)
    answer = next(a for a in at.text_area if a.value == "Yes, 9 to 1.")
    answer.input("Closed on Sundays.").run()
    assert tried and not at.exception
    assert t(message, "en") in _errors(at)
    with Store(workspace) as store:
        assert store.get_example(example_id).answer == "Yes, 9 to 1."


@pytest.mark.parametrize(("error", "message"), _refused_kinds())
def test_preview_setting_refused_is_a_message(monkeypatch, workspace, error, message):
    with Store(workspace) as store:
        project_id = store.create_project("Bakery")
        store.add_examples(project_id, [NewExample(question="Open on Sunday?", answer="Yes, 9 to 1.")])
    at = app_at("pages/4_Preview.py")
    at.query_params["project"] = str(project_id)
    at.run()
    tried = _refuse(monkeypatch, "set_setting", error)
    at.number_input(key=W_PREVIEW_EPOCHS).set_value(3).run()
    assert tried and not at.exception
    assert t(message, "en") in _errors(at)
    with Store(workspace) as store:
        assert "epochs" not in store.get_settings(project_id)


@pytest.fixture
def back_to_the_local_file():
    """Whatever the test does to the configured database, the next test starts on its local file."""
    yield
    configure_database(None)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_generate_setting_with_the_team_database_gone_says_not_saved_then_carries_on(workspace, back_to_the_local_file):
    """A real outage: the server stops answering between two runs; the callback's refusal is shown with the outage."""
    with Store(workspace) as store:
        project_id = store.create_project("Bakery")
        store.add_examples(project_id, [NewExample(question="Open on Sunday?")])
    at = app_at("pages/2_Generate.py")
    at.query_params["project"] = str(project_id)
    at.run()
    assert not at.exception
    prompt = next(a for a in at.text_area if a.key == W_GENERATION_PROMPT)
    away = f"postgresql+psycopg://x:y@127.0.0.1:{_closed_port()}/db"
    at.secrets["connections"] = {"sql": {"url": away}}
    prompt.input("Answer like a baker.").run()
    assert not at.exception
    # Both said at once: this change was not saved, and the database is away (the page retries by itself).
    assert _errors(at) == [t("database.save_refused", "en"), t("database.unreachable", "en", where=redacted(away))]
    del at.secrets["connections"]
    at.run()
    assert not at.exception
    with Store(workspace) as store:
        assert "Answer like a baker." not in store.get_settings(project_id).values()

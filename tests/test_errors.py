"""core/errors.py: every user-facing error is a StudioError whose code has a message in both languages."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from core.data.store import StoreError
from core.dataset.project_file import ProjectFileError
from core.dataset.validate import UnreadableFile
from core.errors import StudioError
from core.i18n import LANGUAGES, tables
from core.workflows.compare import CompareError
from core.workflows.finetune import LaunchError

ROOT = Path(__file__).resolve().parent.parent
ERROR_CLASSES = (StoreError, CompareError, ProjectFileError, LaunchError, UnreadableFile)


def raised_codes(cls: type[StudioError]) -> set[tuple[str, tuple[str, ...]]]:
    """(code, detail names) of every ``raise <cls>("code", ...)`` in core/ (a conditional code counts both ways)."""
    found: set[tuple[str, tuple[str, ...]]] = set()
    for path in (ROOT / "core").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == cls.__name__
                and node.args
            ):
                continue
            names = tuple(sorted(k.arg for k in node.keywords if k.arg))
            first = node.args[0]
            options = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
            found.update((o.value, names) for o in options if isinstance(o, ast.Constant))
    return found


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_each_area_error_is_a_studio_error_with_code_and_details(cls):
    error = cls("some_code", name="Bakery")
    assert isinstance(error, StudioError) and isinstance(error, Exception)
    assert (error.code, error.details) == ("some_code", {"name": "Bakery"})
    assert error.key == cls.KEY_PREFIX + "some_code"
    with pytest.raises(StudioError):
        raise error


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_every_code_the_app_raises_has_a_message_in_both_languages(cls):
    codes = raised_codes(cls)
    assert codes, f"no raise {cls.__name__}(...) found: the scan no longer matches the code"
    known = tables()
    for code, names in codes:
        error = cls(code, **{name: "X" for name in names})
        assert error.key in known, error.key
        for lang in LANGUAGES:
            text = error.message(lang)
            assert text.strip() and text != error.key and "{" not in text, (error.key, lang, text)


def test_a_store_problem_is_caught_as_a_store_error_and_as_a_studio_error(tmp_path):
    from core.data.store import Store

    with Store(tmp_path / "ws.sqlite3") as store:
        store.create_project("Bakery")
        with pytest.raises(StoreError) as caught:
            store.create_project("Bakery")
    assert isinstance(caught.value, StudioError)
    assert "Bakery" in caught.value.message("ko") and "Bakery" in caught.value.message("en")

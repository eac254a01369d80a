"""One translation helper for every visible string, with English and Korean tables.

Each feature keeps its strings in ``core/strings/<feature>.py`` as
``STRINGS = {"key": {"en": "...", "ko": "..."}}`` so that the two languages of
one string sit side by side and a missing translation is obvious in review.
``tests/test_i18n.py`` fails when a key lacks either language, when two
modules define the same key, or when code calls ``t()`` with an unknown key.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from typing import Any

LANGUAGES: tuple[str, ...] = ("en", "ko")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "ko": "한국어"}


@lru_cache(maxsize=1)
def tables() -> dict[str, dict[str, str]]:
    """Every key → {language → text}, merged from all modules in ``core.strings``."""
    import core.strings as package

    merged: dict[str, dict[str, str]] = {}
    for module_info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"core.strings.{module_info.name}")
        for key, texts in getattr(module, "STRINGS", {}).items():
            if key in merged:
                raise KeyError(f"translation key {key!r} is defined twice (core/strings/{module_info.name}.py)")
            merged[key] = texts
    return merged


def language_from_locale(locale: str | None) -> str:
    """'ko-KR' → 'ko'; anything we have no table for → English."""
    if not locale:
        return DEFAULT_LANGUAGE
    code = locale.replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: Any) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled in.

    A missing key never crashes the page: it shows the key itself, which the
    i18n test turns into a failure long before a user could see it.
    """
    texts = tables().get(key)
    if texts is None:
        return key
    text = texts.get(lang) or texts.get(DEFAULT_LANGUAGE) or key
    if values:
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return text
    return text

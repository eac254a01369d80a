"""Every visible string has English and Korean text, and every key the code uses exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from core.i18n import LANGUAGES, language_from_locale, t, tables
from tests.conftest import ROOT

# tr("key") / t("key", ...) / ui.tr("key") with a literal key; f-strings are checked by prefix.
LITERAL_CALL = re.compile(r"""\b(?:tr|t)\(\s*(f?)(["'])([a-z0-9_]+\.[a-zA-Z0-9_.{}\[\]'"]+?)\2""")
SOURCES = [ROOT / "streamlit_app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "core").rglob("*.py"))]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def used_keys() -> list[tuple[Path, str, bool]]:
    found = []
    for source in SOURCES:
        for match in LITERAL_CALL.finditer(source.read_text(encoding="utf-8")):
            found.append((source, match.group(3), bool(match.group(1))))
    return found


def test_every_key_has_every_language():
    missing = [
        (key, lang) for key, texts in tables().items() for lang in LANGUAGES if not str(texts.get(lang, "")).strip()
    ]
    assert missing == []


def test_placeholders_match_between_languages():
    mismatched = [key for key, texts in tables().items() if _placeholders(texts["en"]) != _placeholders(texts["ko"])]
    assert mismatched == []


def test_every_key_used_in_code_exists():
    assert used_keys(), "the scan found no t()/tr() calls at all; the pattern is broken"
    keys = tables()
    missing = []
    for source, key, is_fstring in used_keys():
        if is_fstring:
            prefix = key.split("{", 1)[0]
            if not any(existing.startswith(prefix) for existing in keys):
                missing.append((source.name, key))
        elif key not in keys:
            missing.append((source.name, key))
    assert missing == []


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("ko-KR", "ko"), ("ko", "ko"), ("en-US", "en"), ("fr-FR", "en"), (None, "en"), ("ko_KR", "ko")],
)
def test_language_from_browser_locale(locale, expected):
    assert language_from_locale(locale) == expected


def test_missing_key_falls_back_to_the_key_and_formats_values():
    assert t("no.such.key", "ko") == "no.such.key"
    assert "Demo" in t("sidebar.created", "en", name="Demo")
    assert "Demo" in t("sidebar.created", "ko", name="Demo")

"""One translation helper for every visible string, with English and Korean tables.

Each feature keeps its strings in ``core/i18n/strings/<feature>.py`` as
``STRINGS = {"key": {"en": "...", "ko": "..."}}`` so that the two languages of
one string sit side by side and a missing translation is obvious in review.
``tests/test_i18n.py`` fails when a key lacks either language, when two
modules define the same key, or when code calls ``t()`` with an unknown key.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import lru_cache
from typing import Any

LANGUAGES: tuple[str, ...] = ("en", "ko")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "ko": "한국어"}


@lru_cache(maxsize=1)
def tables() -> dict[str, dict[str, str]]:
    """Every key → {language → text}, merged from all modules in ``core.i18n.strings``."""
    import core.i18n.strings as package

    merged: dict[str, dict[str, str]] = {}
    for module_info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"core.i18n.strings.{module_info.name}")
        for key, texts in getattr(module, "STRINGS", {}).items():
            if key in merged:
                raise KeyError(f"translation key {key!r} is defined twice (core/i18n/strings/{module_info.name}.py)")
            merged[key] = texts
    return merged


def language_from_locale(locale: str | None) -> str:
    """'ko-KR' → 'ko'; anything we have no table for → English."""
    if not locale:
        return DEFAULT_LANGUAGE
    code = locale.replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


# Korean particles: the form after a syllable with a final consonant (batchim) first.
PARTICLE_PAIRS: dict[str, tuple[str, str]] = {
    "을(를)": ("을", "를"),
    "를(을)": ("을", "를"),
    "이(가)": ("이", "가"),
    "가(이)": ("이", "가"),
    "은(는)": ("은", "는"),
    "는(은)": ("은", "는"),
    "과(와)": ("과", "와"),
    "와(과)": ("과", "와"),
    "(으)로": ("으로", "로"),
}
# How a Latin letter or a digit at the end of a name is read aloud in Korean, as
# (has a final consonant, that consonant is ㄹ): L 엘, M 엠, N 엔, R 알; 0 영, 1 일,
# 3 삼, 6 육, 7 칠, 8 팔; % 퍼센트. Every other letter/digit ends on a vowel (A 에이, 2 이…).
_BATCHIM_READINGS: dict[str, tuple[bool, bool]] = {
    **{c: (True, False) for c in "MN036"},
    **{c: (True, True) for c in "LR178"},
}
_SPOKEN_AS_VOWEL = set("ABCDEFGHIJKOPQSTUVWXYZ2459%")
_HANGUL_FIRST, _HANGUL_LAST, _RIEUL = 0xAC00, 0xD7A3, 8
# Closing quotes, brackets and spaces after a name don't change its particle.
_TRAILING = " \t\"'”’)]}」』>》"
# A {placeholder}, optional closing quotes/brackets, then a particle written in the "을(를)" style.
_PARTICLE_AFTER_PLACEHOLDER = re.compile(
    r"\{(\w+)\}([\"'”’)\]」』]*)(" + "|".join(re.escape(p) for p in PARTICLE_PAIRS) + ")"
)


def final_consonant(word: str) -> tuple[bool, bool] | None:
    """(has a final consonant, it is ㄹ) for the last sound of ``word``; None when we can't tell.

    Hangul syllables are read from their jongseong; Latin letters and digits by
    their Korean reading (``_BATCHIM_READINGS``). Other scripts and symbols: None.
    """
    clean = str(word).rstrip(_TRAILING)
    if not clean:
        return None
    last = clean[-1]
    code = ord(last)
    if _HANGUL_FIRST <= code <= _HANGUL_LAST:
        jongseong = (code - _HANGUL_FIRST) % 28
        return jongseong != 0, jongseong == _RIEUL
    upper = last.upper()
    if upper in _BATCHIM_READINGS:
        return _BATCHIM_READINGS[upper]
    if upper in _SPOKEN_AS_VOWEL:
        return False, False
    return None


def particle(word: str, pair: str) -> str:
    """The right Korean particle after ``word``: ``particle("엑셀 카페 질문", "을(를)") == "을"``.

    ``pair`` is written as in the templates ("을(를)", "이(가)", "은(는)", "과(와)",
    "(으)로"); when the last sound can't be told, the pair itself is returned.
    """
    with_batchim, without = PARTICLE_PAIRS[pair]
    sound = final_consonant(word)
    if sound is None:
        return pair
    has_batchim, is_rieul = sound
    if with_batchim == "으로":  # ㄹ takes 로, like a vowel: 서울로, 파일로
        return with_batchim if has_batchim and not is_rieul else without
    return with_batchim if has_batchim else without


def resolve_particles(text: str, values: dict[str, Any]) -> str:
    """Replace each "{name}을(를)"-style particle in a template by the one that fits ``values[name]``."""

    def fix(match: re.Match[str]) -> str:
        name, closing, pair = match.groups()
        if name not in values:
            return match.group(0)
        return "{" + name + "}" + closing + particle(str(values[name]), pair)

    return _PARTICLE_AFTER_PLACEHOLDER.sub(fix, text)


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
        if lang == "ko":
            text = resolve_particles(text, values)
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return text
    return text

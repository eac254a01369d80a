"""The one user-facing error type: a translation code and the details its message needs.

Every problem a person can fix (a taken project name, a file that isn't a
project, too few examples to launch…) is a ``StudioError``. Each area keeps
its own subclass, whose ``KEY_PREFIX`` says where its messages live in the
string tables, so ``except StoreError`` still catches only store problems
while ``except StudioError`` catches them all.
"""

from __future__ import annotations

from typing import Any, ClassVar

from core.i18n import t


class StudioError(Exception):
    """A problem the person can fix; ``message(lang)`` says what it is and what to do, in their language."""

    KEY_PREFIX: ClassVar[str] = "errors."

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details

    @property
    def key(self) -> str:
        """The translation key of this error's message."""
        return self.KEY_PREFIX + self.code

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.details)

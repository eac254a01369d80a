"""One uploaded file → Markdown text, or a ``DocumentError`` that names the file and says what to do.

markitdown does the converting (PDF through ``pdf_text``, Word through
mammoth, PowerPoint, Excel, HTML, Markdown and text through its own
converters). Before it runs, the bytes are checked, so that each common
problem gets its own plain message instead of a library's exception: too
large, empty, cut short, not the type its name says, password-protected, a
scan with no text layer. A file that converts to no text is an error too.

HWP and HWPX (Hangul) are refused with a message that says how to save them as
PDF or DOCX: the only HWP reader with a long record, pyhwp, has had no release
since 2020 and is AGPL-licensed (it would bind this app's licence), and the
newer readers on PyPI are one-person projects months old. Hangul itself saves
PDF and DOCX, which read well here.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath
from typing import TYPE_CHECKING, ClassVar

import pypdf

from core.dataset.documents.kinds import (
    KIND_HWP,
    KIND_HWPX,
    KIND_NAMES,
    KIND_PDF,
    SUPPORTED_EXTENSIONS,
    TEXT_KINDS,
    content_kind,
    expected_kind,
    is_truncated_pdf,
)
from core.errors import StudioError

if TYPE_CHECKING:
    from markitdown import MarkItDown

MAX_DOCUMENT_MB = 50
MAX_DOCUMENT_BYTES = MAX_DOCUMENT_MB * 1024 * 1024
# Ahead of markitdown's own PDF converter (priority 0; lower runs first).
_PDF_PRIORITY = -1.0
_BLANK = re.compile(rb"[ \t\r\n\x00\xef\xbb\xbf\xff\xfe]*")
# Markdown that markitdown writes for pictures ("![](a.png)") and link targets: markup, not text to learn from.
_PICTURES_AND_LINK_TARGETS = re.compile(r"!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)")


class DocumentError(StudioError):
    """A file that can't be turned into text; ``details["file"]`` is its name."""

    KEY_PREFIX: ClassVar[str] = "documents.problem."


@dataclass(frozen=True)
class ConvertedDocument:
    name: str
    kind: str
    markdown: str
    size_bytes: int


@lru_cache(maxsize=1)
def _converter() -> MarkItDown:
    """One converter per process: it holds no file and no key, only the list of converters.

    Imported here, not at the top: markitdown brings a file-type model (magika, onnxruntime) of
    about 150 MB, which the app and the other commands never need unless a document is converted.
    """
    from markitdown import MarkItDown

    from core.dataset.documents.pdf_text import PdfTextConverter

    markitdown = MarkItDown(enable_plugins=False)
    markitdown.register_converter(PdfTextConverter(), priority=_PDF_PRIORITY)
    return markitdown


def _check_pdf(file_name: str, data: bytes) -> None:
    if is_truncated_pdf(data):
        raise DocumentError("truncated", file=file_name)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        # A PDF locked only against printing or copying opens with an empty password, and reads fine.
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError("encrypted", file=file_name)
        pages = len(reader.pages)
    except DocumentError:
        raise
    except (pypdf.errors.PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise DocumentError("damaged", file=file_name) from error
    if pages == 0:
        raise DocumentError("no_text", file=file_name)


def check_file(file_name: str, data: bytes, max_bytes: int = MAX_DOCUMENT_BYTES) -> str:
    """The file's kind when it can be converted; otherwise the ``DocumentError`` that says why not."""
    if len(data) > max_bytes:
        raise DocumentError(
            "too_large", file=file_name, size_mb=f"{len(data) / 1024 / 1024:.0f}", limit_mb=max_bytes // 1024 // 1024
        )
    if _BLANK.fullmatch(data):
        raise DocumentError("empty", file=file_name)
    expected = expected_kind(file_name)
    if expected is None:
        raise DocumentError(
            "unsupported",
            file=file_name,
            extension=PurePath(file_name).suffix or "-",
            kinds=" ".join(SUPPORTED_EXTENSIONS),
        )
    actual = content_kind(data, expected)
    if actual is None:
        raise DocumentError("truncated", file=file_name)
    if actual != expected and not (actual in TEXT_KINDS and expected in TEXT_KINDS):
        raise DocumentError("wrong_type", file=file_name, named=KIND_NAMES[expected], actual=KIND_NAMES[actual])
    if actual in (KIND_HWP, KIND_HWPX):
        raise DocumentError("hwp", file=file_name)
    if actual == KIND_PDF:
        _check_pdf(file_name, data)
    return actual


def convert_document(file_name: str, data: bytes, max_bytes: int = MAX_DOCUMENT_BYTES) -> ConvertedDocument:
    """The file's text as Markdown (headings kept); raises ``DocumentError`` with a plain reason."""
    kind = check_file(file_name, data, max_bytes)
    from markitdown import StreamInfo

    try:
        result = _converter().convert_stream(
            io.BytesIO(data), stream_info=StreamInfo(extension=PurePath(file_name).suffix.lower(), filename=file_name)
        )
    except Exception as error:  # noqa: BLE001 - any converter failure is this file's problem, said plainly
        raise DocumentError("damaged", file=file_name) from error
    markdown = (result.markdown or "").strip()
    if not re.search(r"\w", _PICTURES_AND_LINK_TARGETS.sub(" ", markdown)):
        raise DocumentError("image_only" if kind == KIND_PDF else "no_text", file=file_name)
    return ConvertedDocument(name=file_name, kind=kind, markdown=markdown, size_bytes=len(data))

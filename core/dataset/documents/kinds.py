"""What a document file is, judged by its bytes, and what its name says it should be.

A file whose content and name disagree (a PDF renamed ``.docx``, a web page
saved as ``.pdf``) is refused with both named, instead of being fed to the
wrong converter and failing with a cryptic message.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

KIND_PDF = "pdf"
KIND_DOCX = "docx"
KIND_PPTX = "pptx"
KIND_XLSX = "xlsx"
KIND_HTML = "html"
KIND_MARKDOWN = "markdown"
KIND_TEXT = "txt"
KIND_HWP = "hwp"
KIND_HWPX = "hwpx"
# Old binary Office files (.doc, .ppt, .xls) share the OLE2 container with HWP.
KIND_OLD_OFFICE = "old_office"
KIND_ZIP = "zip"
KIND_BINARY = "binary"

EXTENSION_KINDS: dict[str, str] = {
    ".pdf": KIND_PDF,
    ".docx": KIND_DOCX,
    ".pptx": KIND_PPTX,
    ".xlsx": KIND_XLSX,
    ".html": KIND_HTML,
    ".htm": KIND_HTML,
    ".md": KIND_MARKDOWN,
    ".markdown": KIND_MARKDOWN,
    ".txt": KIND_TEXT,
    ".hwp": KIND_HWP,
    ".hwpx": KIND_HWPX,
}
# What people call each kind in a message (the same in both languages).
KIND_NAMES: dict[str, str] = {
    KIND_PDF: "PDF",
    KIND_DOCX: "Word (.docx)",
    KIND_PPTX: "PowerPoint (.pptx)",
    KIND_XLSX: "Excel (.xlsx)",
    KIND_HTML: "HTML",
    KIND_MARKDOWN: "Markdown",
    KIND_TEXT: "text",
    KIND_HWP: "HWP",
    KIND_HWPX: "HWPX",
    KIND_OLD_OFFICE: "old Office (.doc/.ppt/.xls)",
    KIND_ZIP: "zip",
    KIND_BINARY: "binary",
}
TEXT_KINDS = frozenset({KIND_HTML, KIND_MARKDOWN, KIND_TEXT})
SUPPORTED_EXTENSIONS: tuple[str, ...] = (".pdf", ".docx", ".pptx", ".xlsx", ".html", ".htm", ".md", ".markdown", ".txt")

PDF_SIGNATURE_WINDOW = 1024
# The end-of-file marker of a PDF sits in its last bytes (a few trailing bytes are allowed).
PDF_TAIL_WINDOW = 2048
ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_SNIFF_BYTES = 1 << 20
HWP_MARKER = b"HWP Document File"
ZIP_MEMBERS: tuple[tuple[str, str], ...] = (
    ("word/document.xml", KIND_DOCX),
    ("ppt/presentation.xml", KIND_PPTX),
    ("xl/workbook.xml", KIND_XLSX),
    ("Contents/content.hpf", KIND_HWPX),
)
# Control bytes other than tab/newline/carriage return/form feed mean the file isn't text.
_CONTROL_BYTES = frozenset(range(0, 9)) | {11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31}
TEXT_SNIFF_BYTES = 8192


def expected_kind(file_name: str) -> str | None:
    """The kind the file's extension promises; None for an extension we don't know."""
    return EXTENSION_KINDS.get(PurePath(file_name).suffix.lower())


def is_truncated_pdf(data: bytes) -> bool:
    """A PDF ends with ``%%EOF``; a download or copy cut short doesn't."""
    return data[-PDF_TAIL_WINDOW:].find(b"%%EOF") == -1


def content_kind(data: bytes, expected: str | None) -> str | None:
    """The kind the bytes show, or None for a zip that can't be opened (cut short or damaged).

    Text is told apart only as "text": whether it is HTML, Markdown or plain
    text is what its extension says (all three convert from text).
    """
    if data[:PDF_SIGNATURE_WINDOW].find(b"%PDF-") != -1:
        return KIND_PDF
    if data.startswith(ZIP_SIGNATURE):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        return next((kind for member, kind in ZIP_MEMBERS if member in names), KIND_ZIP)
    if data.startswith(OLE_SIGNATURE):
        return KIND_HWP if HWP_MARKER in data[:OLE_SNIFF_BYTES] else KIND_OLD_OFFICE
    if _CONTROL_BYTES.intersection(data[:TEXT_SNIFF_BYTES]):
        return KIND_BINARY
    return expected if expected in TEXT_KINDS else KIND_TEXT

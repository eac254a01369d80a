"""What kind of file this is, by its content: CSV, Excel, JSONL, or a document (PDF, Word, HWP…) we can't read."""

from __future__ import annotations

import io
import re
import zipfile

from core.dataset.importers.text import _looks_binary
from core.dataset.importers.values import (
    JSONL_EXTENSIONS,
    KIND_CSV,
    KIND_JSONL,
    KIND_XLSX,
    MAX_IMPORT_BYTES,
    MAX_IMPORT_MB,
    SNIFF_BYTES,
    TABLE_EXTENSIONS,
    ImportProblem,
    make_problem,
)

# Documents are told apart by their content, not their name: the member that
# makes a zip a Word/PowerPoint/HWPX file, and the stream names (UTF-16 in the
# directory) or header text of the OLE2 formats (HWP 5, .doc, .ppt).
PDF_SIGNATURE_WINDOW = 1024
ZIP_DOCUMENT_MEMBERS: tuple[tuple[str, str], ...] = (
    ("word/document.xml", "Word"),
    ("ppt/presentation.xml", "PowerPoint"),
    ("Contents/content.hpf", "HWPX"),
)
OLE_SNIFF_BYTES = 1 << 20
OLE_DOCUMENT_MARKERS: tuple[tuple[bytes, str], ...] = (
    (b"HWP Document File", "HWP"),
    ("WordDocument".encode("utf-16-le"), "Word"),
    ("PowerPoint Document".encode("utf-16-le"), "PowerPoint"),
)
_BLANK = re.compile(rb"[ \t\r\n\x00\xef\xbb\xbf\xff\xfe]*")
_FIRST_VISIBLE = re.compile(rb"[ \t\r\n\xef\xbb\xbf]*(.)", re.DOTALL)


def check_size(file_name: str, size: int) -> ImportProblem | None:
    """A friendly refusal for files over ``MAX_IMPORT_MB``."""
    if size > MAX_IMPORT_BYTES:
        return make_problem("too_large", file_name, size_mb=f"{size / 1024 / 1024:.0f}", limit_mb=MAX_IMPORT_MB)
    return None


def detect_kind(file_name: str, data: bytes) -> str | ImportProblem:
    """``KIND_XLSX``, ``KIND_JSONL`` or ``KIND_CSV`` from the content first, the name second."""
    too_large = check_size(file_name, len(data))
    if too_large:
        return too_large
    if _BLANK.fullmatch(data):  # a regex, not data.strip(): no copy of a big file
        return make_problem("empty_file", file_name)
    head = data[:8]
    if data[:PDF_SIGNATURE_WINDOW].find(b"%PDF-") != -1:  # a PDF may have a few bytes before its header
        return make_problem("document_file", file_name, kind="PDF")
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file_name, data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # OLE2: an HWP or old Word/PowerPoint document, an old .xls workbook, or a password-protected .xlsx.
        for marker, kind in OLE_DOCUMENT_MARKERS:
            if marker in data[:OLE_SNIFF_BYTES]:
                return make_problem("document_file", file_name, kind=kind)
        return make_problem("old_excel", file_name)
    if _looks_binary(data[:SNIFF_BYTES]):
        return make_problem("binary_file", file_name)
    lower = file_name.lower()
    if lower.endswith(JSONL_EXTENSIONS):
        return KIND_JSONL
    if not lower.endswith(TABLE_EXTENSIONS):
        first = _FIRST_VISIBLE.match(data)
        if first and first.group(1) in (b"{", b"["):
            return KIND_JSONL
    return KIND_CSV


def _zip_kind(file_name: str, data: bytes) -> str | ImportProblem:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return make_problem("xlsx_unreadable", file_name)
    if "xl/workbook.xml" in names:
        return KIND_XLSX
    for member, kind in ZIP_DOCUMENT_MEMBERS:
        if member in names:
            return make_problem("document_file", file_name, kind=kind)
    if "mimetype" in names or "content.xml" in names:
        return make_problem("ods_file", file_name)
    return make_problem("zip_file", file_name)

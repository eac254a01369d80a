"""A PDF's text layer as Markdown, for markitdown: pdfminer's text, its bookmarks as headings, lines rejoined.

markitdown's own PDF converter reads any line whose words stand far apart as a
table row, and a heading in large type ("카페  운영  매뉴얼") is such a line, so
headings came out as broken tables. This converter, registered ahead of it,
uses the same pdfminer text extraction markitdown uses for prose, then:
- marks lines that match the PDF's bookmarks (its outline, which Word, Hangul
  and Chromium write from the document's headings) as Markdown headings, so that
  chunks keep their heading path;
- joins lines broken inside sentences (``line_breaks``).
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any, BinaryIO

import pdfminer.high_level
import pypdf
from markitdown import DocumentConverter, DocumentConverterResult, StreamInfo

from core.dataset.documents.line_breaks import repair_line_breaks

# pdfminer logs a warning for every glyph of many Korean fonts ("Could not get FontBBox…"): noise, not news.
logging.getLogger("pdfminer").setLevel(logging.ERROR)
logging.getLogger("pypdf").setLevel(logging.ERROR)
MAX_HEADING_LEVEL = 6


def outline_titles(reader: pypdf.PdfReader) -> dict[str, int]:
    """Each bookmark's title (spaces normalised) → its depth (1 = top level)."""
    titles: dict[str, int] = {}

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                title = " ".join(str(getattr(item, "title", "") or "").split())
                if title:
                    titles.setdefault(title, min(depth, MAX_HEADING_LEVEL))

    try:
        walk(list(reader.outline), 1)
    except (pypdf.errors.PyPdfError, KeyError, TypeError, ValueError):
        return {}
    return titles


def mark_headings(text: str, titles: dict[str, int]) -> str:
    """Lines that are a bookmark's title become ``#`` headings (each title once, the first time it appears)."""
    if not titles:
        return text
    remaining = dict(titles)
    lines = []
    for line in text.split("\n"):
        key = " ".join(line.split())
        depth = remaining.pop(key, None)
        lines.append(f"\n{'#' * depth} {key}\n" if depth else line)
    return "\n".join(lines)


def pdf_markdown(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = pdfminer.high_level.extract_text(io.BytesIO(data))
    joined = repair_line_breaks(mark_headings(text, outline_titles(reader)))
    return re.sub(r"\n{3,}", "\n\n", joined).strip()


class PdfTextConverter(DocumentConverter):
    def accepts(self, file_stream: BinaryIO, stream_info: StreamInfo, **kwargs: Any) -> bool:
        return (stream_info.extension or "").lower() == ".pdf"

    def convert(self, file_stream: BinaryIO, stream_info: StreamInfo, **kwargs: Any) -> DocumentConverterResult:
        return DocumentConverterResult(markdown=pdf_markdown(file_stream.read()))

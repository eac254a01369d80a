"""Text split into chunks that follow the document's headings, with a size and an overlap.

langchain-text-splitters does both steps (maintained, pure Python, and its
Markdown splitter returns each section's heading path, which is what a chunk
must keep): ``ExperimentalMarkdownSyntaxTextSplitter`` cuts the Markdown that
markitdown made at its headings (unlike ``MarkdownHeaderTextSplitter`` it keeps
blank lines, so paragraphs stay paragraphs), then ``RecursiveCharacterTextSplitter`` cuts a section
longer than the size at paragraph, line, sentence and word boundaries, in that
order. (semantic-text-splitter is faster but gives chunks without their headings.)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

DEFAULT_SIZE = 1000
DEFAULT_OVERLAP = 100
MIN_SIZE = 100
MAX_SIZE = 8000
HEADING_SEPARATOR = " > "
_HEADING_LEVELS: list[tuple[str, str]] = [("#" * level, f"Header {level}") for level in range(1, 7)]
# Paragraph, line, sentence (Korean sentences end in "다." / "요." too, followed by a space), then words.
_SEPARATORS = ["\n\n", "\n", ". ", "? ", "! ", " ", ""]


@dataclass(frozen=True)
class Chunk:
    """A piece of a document: its text, the headings above it ("A > B"), and its place (0, 1, 2…)."""

    text: str
    heading: str
    position: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def clamp_settings(size: int, overlap: int) -> tuple[int, int]:
    """A size within [MIN_SIZE, MAX_SIZE] and an overlap of at most half of it (never negative)."""
    size = max(MIN_SIZE, min(MAX_SIZE, int(size)))
    return size, max(0, min(int(overlap), size // 2))


def chunk_text(markdown: str, size: int = DEFAULT_SIZE, overlap: int = DEFAULT_OVERLAP) -> list[Chunk]:
    """The chunks of a converted document, in reading order; sizes are in characters."""
    # Imported here: langchain's core package takes most of a second to import, which the app and the
    # other commands shouldn't pay unless a document is chunked.
    from langchain_text_splitters import ExperimentalMarkdownSyntaxTextSplitter, RecursiveCharacterTextSplitter

    size, overlap = clamp_settings(size, overlap)
    sections = ExperimentalMarkdownSyntaxTextSplitter(_HEADING_LEVELS, strip_headers=True).split_text(markdown)
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=size, chunk_overlap=overlap, separators=_SEPARATORS, keep_separator="end"
    )
    chunks: list[Chunk] = []
    for section in sections:
        heading = HEADING_SEPARATOR.join(
            str(section.metadata[key]) for _, key in _HEADING_LEVELS if section.metadata.get(key)
        )
        for piece in splitter.split_text(section.page_content):
            if piece.strip():
                chunks.append(Chunk(text=piece.strip(), heading=heading, position=len(chunks)))
    return chunks

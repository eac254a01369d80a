"""Documents a person uploads (a manual, a PDF, a web page) turned into text and then into chunks.

``convert`` reads a file with markitdown and says plainly, naming the file, why
one can't be read; ``chunking`` splits the text along its headings.
"""

from core.dataset.documents.chunking import DEFAULT_OVERLAP, DEFAULT_SIZE, Chunk, chunk_text
from core.dataset.documents.convert import MAX_DOCUMENT_MB, ConvertedDocument, DocumentError, convert_document

__all__ = [
    "DEFAULT_OVERLAP",
    "DEFAULT_SIZE",
    "MAX_DOCUMENT_MB",
    "Chunk",
    "ConvertedDocument",
    "DocumentError",
    "chunk_text",
    "convert_document",
]

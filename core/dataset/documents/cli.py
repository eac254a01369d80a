"""``python -m core chunk FILE [--size N] [--overlap N] [--json]``: a document's chunks, for scripts.

Exit 0 when chunks were made; exit 2 with one plain line on stderr (no
traceback) when the file can't be read or holds no text.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.dataset.documents.chunking import DEFAULT_OVERLAP, DEFAULT_SIZE, chunk_text, clamp_settings
from core.dataset.documents.convert import DocumentError, convert_document
from core.i18n import t

EXIT_CHUNKED = 0
EXIT_UNREADABLE = 2


def add_chunk_command(commands: argparse._SubParsersAction, languages: tuple[str, ...]) -> None:
    chunk = commands.add_parser("chunk", help=t("documents.cli_help"), description=t("documents.cli_help"))
    chunk.add_argument("file", help="PDF, DOCX, PPTX, XLSX, HTML, Markdown or text file")
    chunk.add_argument("--size", type=int, default=DEFAULT_SIZE, help=f"chunk size in characters ({DEFAULT_SIZE})")
    chunk.add_argument(
        "--overlap", type=int, default=DEFAULT_OVERLAP, help=f"overlap in characters ({DEFAULT_OVERLAP})"
    )
    chunk.add_argument("--json", action="store_true", help="print one JSON object")
    chunk.add_argument("--lang", choices=languages, default="en", help="language of messages")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise DocumentError("not_found", file=str(path)) from error


def run_chunk(args: argparse.Namespace) -> int:
    path = Path(args.file)
    size, overlap = clamp_settings(args.size, args.overlap)
    try:
        document = convert_document(path.name, _read(path))
    except DocumentError as error:
        print(error.message(args.lang), file=sys.stderr)
        return EXIT_UNREADABLE
    chunks = chunk_text(document.markdown, size, overlap)
    if not chunks:
        print(t("documents.problem.no_text", args.lang, file=path.name), file=sys.stderr)
        return EXIT_UNREADABLE
    if args.json:
        described = {"name": document.name, "kind": document.kind, "characters": len(document.markdown)}
        payload = {"document": described, "size": size, "overlap": overlap, "chunks": [c.to_json() for c in chunks]}
        print(json.dumps(payload, ensure_ascii=False))
    else:
        for chunk in chunks:
            print(f"── {chunk.position + 1}. {chunk.heading or '-'}\n{chunk.text}\n")
    return EXIT_CHUNKED

"""Benchmark: a 300-page text PDF converted and chunked, seconds and peak memory.

Builds the Korean café manual's sections (tests/document_fixtures.py) into a
PAGES-page document, each section repeated with its number so no two pages are
alike, and prints it to PDF with Chromium (so its text layer, bookmarks and line
breaks are what a real printed manual has). Then, in a fresh Python process so
that its peak RSS (``ru_maxrss``) is the conversion's alone, it runs exactly what
the Documents step and ``python -m core chunk`` run: ``convert_document`` then
``chunk_text`` at the default size and overlap.

Goal: under 60 s and under 500 MB. Last line: one JSON object, e.g.
{"pages": 300, "pdf_mb": …, "convert_s": …, "chunk_s": …, "seconds": …, "peak_rss_mb": …, "chunks": …,
"sentences_whole": …, "sentences": …, "goal_met": …}
Run: python bench/documents.py
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import document_fixtures as fx  # noqa: E402

PAGES = 300
GOAL_S = 60
GOAL_MB = 500
# Sections (a heading and its paragraph) on each printed page; each page ends with a page break.
SECTIONS_PER_PAGE = 3

MEASURE = r"""
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
started = time.perf_counter()
from core.dataset.documents import chunk_text, convert_document
imported = time.perf_counter()
document = convert_document("manual.pdf", Path(sys.argv[1]).read_bytes())
converted = time.perf_counter()
chunks = chunk_text(document.markdown)
done = time.perf_counter()
Path(sys.argv[3]).write_text("\n".join(c.text for c in chunks), encoding="utf-8")
print(json.dumps({"import_s": imported - started, "convert_s": converted - imported, "chunk_s": done - converted,
                  "characters": len(document.markdown), "chunks": len(chunks),
                  "headed_chunks": sum(1 for c in chunks if c.heading),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def page_sentences(pages: int) -> list[tuple[int, str]]:
    """(page, sentence) for every sentence printed, in order."""
    return [
        (page, sentence)
        for page in range(1, pages + 1)
        for index in range(SECTIONS_PER_PAGE)
        for sentence in fx.SECTIONS[(page + index) % len(fx.SECTIONS)][2]
    ]


def long_manual_html(pages: int) -> str:
    """``pages`` A4 pages: each a chapter heading and SECTIONS_PER_PAGE sections of the manual, numbered."""
    body = [f"<h1>{html.escape(fx.TITLE)}</h1>"]
    for page in range(1, pages + 1):
        body.append(f"<div style='break-after: page'><h2>{page}장. 매장 운영 {page}</h2>")
        for index in range(SECTIONS_PER_PAGE):
            _level, heading, sentences = fx.SECTIONS[(page + index) % len(fx.SECTIONS)]
            body.append(f"<h3>{page}-{html.escape(heading)}</h3>")
            body.append(f"<p>{html.escape(' '.join(f'({page}) {s}' for s in sentences))}</p>")
        body.append("</div>")
    return fx.manual_html().split("<body>")[0] + "<body>" + "".join(body) + "</body></html>"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "manual.pdf"
        pdf.write_bytes(fx.print_pdf(long_manual_html(PAGES)))
        import pypdf

        pages = len(pypdf.PdfReader(pdf).pages)
        measured = subprocess.run(
            [sys.executable, "-c", MEASURE, str(pdf), str(ROOT), str(Path(folder) / "chunks.txt")],
            capture_output=True,
            text=True,
            check=True,
        )
        chunked = " ".join((Path(folder) / "chunks.txt").read_text(encoding="utf-8").split())
        expected = [f"({page}) {sentence}" for page, sentence in page_sentences(PAGES)]
        whole = sum(1 for sentence in expected if sentence in chunked)
        result = json.loads(measured.stdout.strip().splitlines()[-1])
        seconds = result["convert_s"] + result["chunk_s"]
        print(f"{pages} pages, {pdf.stat().st_size / 1e6:.1f} MB PDF")
        print(
            f"convert {result['convert_s']:.1f} s + chunk {result['chunk_s']:.2f} s = {seconds:.1f} s"
            f" (goal < {GOAL_S} s)"
        )
        print(
            f"{result['chunks']} chunks ({result['headed_chunks']} under a heading),"
            f" {result['characters']:,} characters"
        )
        print(f"{whole} of {len(expected)} sentences found whole in the chunks (Korean line breaks repaired)")
        print(f"peak memory (whole process, imports included) {result['peak_rss_mb']:.0f} MB (goal < {GOAL_MB} MB)")
        print(
            json.dumps(
                {
                    "pages": pages,
                    "pdf_mb": round(pdf.stat().st_size / 1e6, 2),
                    "convert_s": round(result["convert_s"], 2),
                    "chunk_s": round(result["chunk_s"], 3),
                    "seconds": round(seconds, 2),
                    "peak_rss_mb": round(result["peak_rss_mb"], 1),
                    "chunks": result["chunks"],
                    "sentences_whole": whole,
                    "sentences": len(expected),
                    "goal_met": seconds < GOAL_S and result["peak_rss_mb"] < GOAL_MB,
                }
            )
        )


if __name__ == "__main__":
    main()

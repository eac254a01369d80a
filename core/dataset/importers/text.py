"""Text files: which encoding a file is in (BOM, UTF-16 without one, UTF-8, CP949…), and pasted questions."""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterator

from core.data.store import NewExample
from core.dataset.importers.preview import MAX_CELL_CHARS, REASON_TOO_LONG, ImportPreview, _build_preview, _Candidate
from core.dataset.importers.values import (
    DECODE_CHUNK,
    KIND_TEXT,
    MAX_DAMAGED_SPOTS,
    SNIFF_BYTES,
    ImportProblem,
    make_problem,
)


def _looks_binary(sample: bytes) -> bool:
    """Many NULs or control bytes, and not UTF-16 text."""
    if not sample or _utf16_encoding(sample):
        return False
    control = sum(1 for byte in sample if byte < 9 or 13 < byte < 32 and byte != 27)
    return control / len(sample) > 0.10


def _utf16_encoding(sample: bytes) -> str | None:
    """'utf-16' with a BOM (Excel's "Unicode text"), or a BOM-less guess from the NUL pattern."""
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    window = sample[:4096]
    if len(window) < 4:
        return None
    window = window[: len(window) // 2 * 2]
    even_nul = window[0::2].count(0) / len(window[0::2])
    odd_nul = window[1::2].count(0) / len(window[1::2])
    # ASCII characters (digits, commas, line breaks) put a NUL on one side only;
    # Korean characters put none, so a small share already tells.
    for encoding, nul_side, other_side in (("utf-16-le", odd_nul, even_nul), ("utf-16-be", even_nul, odd_nul)):
        if nul_side >= 0.15 and other_side <= 0.01 and _plain_text(window, encoding):
            return encoding
    return None


def _plain_text(sample: bytes, encoding: str) -> bool:
    """Decodes without errors and without control characters other than tab and line breaks."""
    try:
        text = sample.decode(encoding)
    except UnicodeDecodeError:
        return False
    return not any(ord(char) < 32 and char not in "\t\r\n" for char in text)


def _decodes(data: bytes, encoding: str) -> bool:
    """Whether all of ``data`` decodes strictly, checked in chunks (no giant string)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    view = memoryview(data)
    try:
        for start in range(0, len(view), DECODE_CHUNK):
            decoder.decode(view[start : start + DECODE_CHUNK], final=False)
        decoder.decode(b"", final=True)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def detect_encoding(data: bytes) -> str | None:
    """The text encoding of a CSV, or None when no candidate reads it.

    Order matters: the BOMs first (Excel's "CSV UTF-8" and "Unicode text"),
    then strict UTF-8, then CP949 (a superset of EUC-KR: what Korean Excel
    writes), and only then charset-normalizer's statistical guess.
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    utf16 = _utf16_encoding(data[:SNIFF_BYTES])
    if utf16:
        return utf16 if _decodes(data, utf16) else None
    for encoding in ("utf-8", "cp949"):
        if _decodes(data, encoding):
            return encoding
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:SNIFF_BYTES]).best()
    except Exception:  # noqa: BLE001 - a guessing library must never break an import
        best = None
    if best is not None and best.encoding and _decodes(data, best.encoding):
        return best.encoding
    return None


def damaged_text_encoding(data: bytes) -> tuple[str, int, int] | None:
    """For text that no encoding reads cleanly: (encoding, bad spots, line of the first one), when rare.

    A UTF-8 or CP949 file with a few broken bytes (a bad copy, two files
    glued together) is still worth importing, with those characters replaced
    by "�" and the user told where; a file full of errors is not.
    """
    best: tuple[str, int, int] | None = None
    for encoding in ("utf-8", "cp949"):
        errors, first_error = _decode_errors(data, encoding)
        if errors <= max(MAX_DAMAGED_SPOTS, len(data) // 10_000) and (best is None or errors < best[1]):
            best = (encoding, errors, data.count(b"\n", 0, first_error) + 1)
    return best


def _decode_errors(data: bytes, encoding: str) -> tuple[int, int]:
    """How many undecodable byte sequences ``data`` has, and where the first one starts."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    genuine = data.count("\ufffd".encode(encoding)) if encoding == "utf-8" else 0
    replaced, first, view = 0, -1, memoryview(data)
    for start in range(0, len(view), DECODE_CHUNK):
        text = decoder.decode(view[start : start + DECODE_CHUNK], final=start + DECODE_CHUNK >= len(view))
        count = text.count("\ufffd")
        if count and first < 0:
            first = start
        replaced += count
    if first >= 0:
        try:  # the exact position, within the first damaged chunk
            bytes(view[first : first + DECODE_CHUNK]).decode(encoding)
        except UnicodeDecodeError as error:
            first += error.start
    return replaced - genuine, max(first, 0)


def looks_like_spreadsheet_paste(text: str) -> bool:
    """Every non-empty line has a tab: cells copied from Excel or Google Sheets, not a list of questions."""
    lines = [line for line in text.splitlines() if line.strip()]
    return bool(lines) and all("\t" in line for line in lines)


def content_id(data: bytes) -> str:
    """A short, stable name for some content (what the page caches a paste's preview under)."""
    return "paste-" + hashlib.sha1(data).hexdigest()[:16]


def preview_pasted(
    text: str, existing: tuple[set[str], set[str]] | None = None, source_name: str = "paste"
) -> ImportPreview:
    """Pasted text: one question per line; blank lines are ignored."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").split("\n")

    def candidates() -> Iterator[_Candidate]:
        for number, raw in enumerate(lines, start=1):
            question = raw.strip()
            if not question:
                continue
            candidate = _Candidate(number)
            if len(question) > MAX_CELL_CHARS:
                candidate.reason = REASON_TOO_LONG
                candidate.display = {"question": question[:500]}
            else:
                candidate.example = NewExample(
                    question=question, extra={"import": {"file": source_name, "line": number}}
                )
            yield candidate

    problems: list[ImportProblem] = []
    if not text.strip():
        problems.append(make_problem("empty_paste", source_name))
    return _build_preview(source_name, KIND_TEXT, candidates, existing, problems)

"""Which sentences of a source chunk support an answer, so a reviewer sees the passage at a glance.

Pure text work, no Streamlit and no model: the chunk is cut into sentences
(keeping every character, so the pieces join back into the chunk), and each
sentence is scored against the answer's sentences with rapidfuzz. The ones
close enough are marked; a reviewer who sees nothing marked knows the answer
does not come from this passage word for word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

# A sentence ends at ., !, ? or 。 followed by a space, or at a line break. Line breaks are
# separate pieces so a marked sentence never spans lines (Markdown highlights stay on one line).
_SENTENCE_END = re.compile(r"(?<=[.!?。])[ \t]+|\n+")
# A chunk sentence this similar (0–100) to one of the answer's sentences supports it.
# WRatio scales partial matches by length, so a short shared phrase alone doesn't reach it.
SUPPORT_THRESHOLD = 75.0
# Shorter pieces (a bullet, "1.", a heading mark) carry no meaning of their own.
MIN_SENTENCE_CHARS = 8


@dataclass(frozen=True)
class Piece:
    """A run of the chunk's text: a sentence (``supports`` when it backs the answer) or the gap after it."""

    text: str
    supports: bool = False
    score: float = 0.0


def split_keeping_gaps(text: str) -> list[tuple[str, str]]:
    """``(sentence, gap)`` pairs whose concatenation is exactly ``text``."""
    pairs: list[tuple[str, str]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        pairs.append((text[start : match.start()], match.group()))
        start = match.end()
    if start < len(text):
        pairs.append((text[start:], ""))
    return pairs


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` that are long enough to compare."""
    return [s.strip() for s, _ in split_keeping_gaps(text) if len(s.strip()) >= MIN_SENTENCE_CHARS]


def support_score(sentence: str, answer_sentences: list[str]) -> float:
    """How closely (0–100) the chunk sentence matches its best answer sentence."""
    if len(sentence.strip()) < MIN_SENTENCE_CHARS or not answer_sentences:
        return 0.0
    return max(fuzz.WRatio(sentence, said, processor=utils.default_process) for said in answer_sentences)


def supporting_pieces(chunk: str, answer: str, threshold: float = SUPPORT_THRESHOLD) -> list[Piece]:
    """The chunk cut into pieces, each sentence marked when it supports the answer.

    ``"".join(p.text for p in pieces) == chunk`` always holds, so nothing of the chunk is lost in the view.
    """
    said = sentences(answer)
    pieces: list[Piece] = []
    for sentence, gap in split_keeping_gaps(chunk):
        score = support_score(sentence, said)
        pieces.append(Piece(sentence, supports=score >= threshold, score=score))
        if gap:
            pieces.append(Piece(gap))
    return pieces

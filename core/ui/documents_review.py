"""Curate: the source chunk of a row written from a document, beside its answer, the supporting sentences highlighted.

Drawing only; which sentences support the answer is decided in
``core.dataset.documents.support``. Every piece of the chunk is escaped, so its
characters never turn into Markdown (headings, links, colours) of their own.
"""

from __future__ import annotations

import streamlit as st

from core import ui
from core.data import grounding
from core.data.store import Example, Store
from core.dataset import review
from core.dataset.documents.sources import source_of
from core.dataset.documents.support import Piece, supporting_pieces
from core.ui.curate_example import plain
from core.ui.documents_grounding import check_line

HIGHLIGHT = ":orange-background[{}]"


def highlighted_markdown(pieces: list[Piece]) -> str:
    """The chunk as Markdown: every piece escaped, the supporting sentences on an orange background."""
    parts = []
    for piece in pieces:
        if piece.supports and piece.text.strip():
            parts.append(HIGHLIGHT.format(plain(piece.text)))
        elif piece.text.strip():
            parts.append(plain(piece.text))
        else:  # the gap between sentences: a space, or line breaks Markdown keeps
            parts.append(piece.text.replace("\n", "  \n"))
    return "".join(parts)


def has_source(example: Example) -> bool:
    """Whether the row carries a passage to show beside its answer."""
    return source_of(example.extra) is not None or review.source_passage(example) is not None


def source_panel(store: Store, example: Example, answer: str | None = None) -> None:
    """The row's source chunk with what supports ``answer`` (default: the stored one) highlighted.

    A row without a chunk gets one plain sentence instead, so the reviewer knows nothing is missing.
    """
    tr = ui.tr
    answer = example.answer if answer is None else answer
    st.markdown(f"**{tr('docreview.source_title')}**")
    source = source_of(example.extra)
    if source is None:
        passage = review.source_passage(example)  # rows imported with a passage of their own
        if passage is None:
            st.caption(tr("docreview.no_source"))
        else:
            st.markdown(plain(passage))
        return
    where = "docreview.source_where" if source.heading else "docreview.source_where_no_heading"
    st.caption(tr(where, document=plain(source.document), position=source.position + 1, heading=plain(source.heading)))
    pieces = supporting_pieces(source.text, answer)
    with st.container(border=True, height=360):
        st.markdown(highlighted_markdown(pieces))
    if not answer.strip():
        st.caption(tr("docreview.no_answer"))
    elif any(piece.supports for piece in pieces):
        st.caption(tr("docreview.marked"))
    else:
        st.caption(tr("docreview.none_marked"))
    check_line(grounding.checks_for(store, [example.id]).get(example.id), answer)

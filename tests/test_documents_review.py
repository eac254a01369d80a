"""Reviewing a row written from a document: its chunk beside the answer, the supporting sentences highlighted."""

from __future__ import annotations

import pytest

from core.data.store import NewExample, Store
from core.dataset.documents.sources import EXTRA_SOURCE, SourceChunk
from core.dataset.documents.support import sentences, split_keeping_gaps, supporting_pieces
from core.i18n import t
from core.ui.documents_review import highlighted_markdown
from tests.conftest import app_at

CHUNK = (
    "## 영업 시간\n"
    "매장은 오전 10시에 문을 열고 오후 9시에 닫습니다. 주말에는 오전 11시에 엽니다.\n"
    "환불은 구매 후 14일 이내에 영수증이 있을 때만 가능합니다. 포인트는 1년 뒤 사라집니다."
)
REFUND = "환불은 구매 후 14일 이내에 영수증이 있을 때만 가능합니다."


def marked(chunk: str, answer: str) -> list[str]:
    return [p.text for p in supporting_pieces(chunk, answer) if p.supports]


def test_pieces_join_back_into_the_chunk_exactly():
    for text in (CHUNK, "", "One. Two!  Three?\n\n\nFour", "no end mark", "끝。다음"):
        assert "".join(p.text for p in supporting_pieces(text, "One. Two")) == text
        assert "".join(s + gap for s, gap in split_keeping_gaps(text)) == text


def test_the_sentence_the_answer_restates_is_marked_and_no_other():
    assert marked(CHUNK, "환불은 구매 후 14일 이내에 영수증이 있으면 가능해요.") == [REFUND]
    assert marked(CHUNK, "주말에는 11시에 엽니다. 평일은 10시입니다.") == ["주말에는 오전 11시에 엽니다."]
    assert marked(CHUNK, "Refunds are possible within 14 days with a receipt.") == []


def test_a_refusal_or_an_empty_answer_marks_nothing():
    assert marked(CHUNK, "죄송하지만 문서에 없는 내용입니다. 매장 관리자에게 문의하세요.") == []
    assert marked(CHUNK, "") == []
    assert sentences("네. 1. 2.") == []  # too short to mean anything on their own


def test_markdown_of_the_chunk_is_escaped_and_the_support_highlighted():
    chunk = "# Title [link](http://x) *bold*\nRefunds need a receipt within 14 days. Other text here."
    shown = highlighted_markdown(supporting_pieces(chunk, "Refunds need a receipt within 14 days."))
    assert ":orange-background[Refunds need a receipt within 14 days\\.]" in shown
    assert shown.startswith("\\# Title \\[link\\]\\(http://x\\) \\*bold\\*")
    assert ":orange-background" not in shown.splitlines()[0]
    assert "Other text here\\." in shown and "  \n" in shown


@pytest.fixture
def sourced(workspace):
    source = SourceChunk("카페 매뉴얼.pdf", 2, "운영 > 영업 시간", CHUNK, chunk_id=7, document_id=3)
    with Store(workspace) as store:
        project_id = store.create_project("Manual")
        ids = store.add_examples(
            project_id,
            [
                NewExample("환불 되나요?", REFUND, extra={EXTRA_SOURCE: source.to_json()}),
                NewExample("typed by hand", "an answer"),
            ],
        )
    return workspace, ids


def open_curate(query: dict[str, str], lang: str = "en"):
    at = app_at("pages/3_Curate.py")
    at.query_params.update({"lang": lang, **query})
    return at.run()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_review_shows_the_chunk_beside_the_answer_with_the_support_highlighted(sourced, lang):
    _, ids = sourced
    at = open_curate({"review": str(ids[0])}, lang)
    assert not at.exception
    shown = [m.value for m in at.markdown]
    assert any(":orange-background[" + REFUND.replace(".", "\\.") + "]" in m for m in shown)
    captions = [c.value for c in at.caption]
    assert t("docreview.marked", lang) in captions
    assert any("카페 매뉴얼\\.pdf" in c and "3" in c for c in captions)


def test_review_of_a_row_without_a_source_says_so_in_plain_words(sourced):
    _, ids = sourced
    at = open_curate({"review": str(ids[1])})
    assert not at.exception
    assert t("docreview.no_source", "en") in [c.value for c in at.caption]
    assert not any("orange-background" in m.value for m in at.markdown)


def test_the_one_example_editor_shows_the_source_too(sourced):
    _, ids = sourced
    at = open_curate({"example": str(ids[0])})
    assert not at.exception
    assert any("orange-background" in m.value for m in at.markdown)

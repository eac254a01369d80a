"""A document (PDF, Word, PowerPoint, HWP) uploaded on Questions is named as such, never read as a table."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from core.dataset import importers
from core.i18n import t
from tests.test_page_questions import make_project, open_page, questions_in, upload

PDF = Path(__file__).resolve().parent / "fixtures" / "documents" / "questions.pdf"  # printed by Chromium


def _office_zip(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("questions.pdf", PDF.read_bytes(), "PDF"),
        ("questions.csv", PDF.read_bytes(), "PDF"),  # by content, whatever the name says
        ("questions.docx", _office_zip("word/document.xml"), "Word"),
        ("slides.pptx", _office_zip("ppt/presentation.xml"), "PowerPoint"),
        ("문서.hwp", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + b"HWP Document File" + bytes(100), "HWP"),
    ],
)
def test_documents_are_recognised_by_their_content(name, data, kind):
    problem = importers.detect_kind(name, data)
    assert isinstance(problem, importers.ImportProblem)
    assert problem.key == "questions.problem.document_file" and problem.details["kind"] == kind


def test_a_real_pdf_on_questions_says_what_it_is_and_imports_nothing(workspace):
    project = make_project(workspace)
    at = upload(open_page(), "카페 질문.pdf", PDF.read_bytes())
    assert not at.exception
    assert [e.value for e in at.error] == [t("questions.problem.document_file", "en", file="카페 질문.pdf", kind="PDF")]
    assert not any("%PDF" in str(e.value) for e in [*at.markdown, *at.caption, *at.info])
    assert questions_in(workspace, project) == []
    # …and it says where documents go.
    assert t("documents.go_documents", "en") in [link.label for link in at.get("page_link")]


def test_the_korean_message_uses_the_right_particle(workspace):
    make_project(workspace)
    at = upload(open_page("ko"), "카페 질문.pdf", PDF.read_bytes())
    assert "“카페 질문.pdf”는 PDF 문서입니다" in at.error[0].value  # f is read 에프: no final consonant

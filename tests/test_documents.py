"""Documents become text and chunks: every known sentence of a Korean manual survives every format, and
each file that can't be read gets its own plain message naming it."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from core.dataset.documents import DocumentError, chunk_text, convert_document
from core.dataset.documents.chunking import HEADING_SEPARATOR, MAX_SIZE, MIN_SIZE
from core.dataset.documents.line_breaks import repair_line_breaks
from core.i18n import t
from tests import document_fixtures as fx
from tests.conftest import ROOT

MANUAL_FORMATS = ("카페 매뉴얼.pdf", "카페 매뉴얼.docx", "카페 매뉴얼.html", "카페 매뉴얼.md")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return fx.write_all(tmp_path_factory.mktemp("documents"))


def _problem(name: str, data: bytes, **kwargs) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        convert_document(name, data, **kwargs)
    return caught.value


@pytest.mark.parametrize("name", MANUAL_FORMATS)
@pytest.mark.parametrize("size", [200, 1000])
def test_every_known_sentence_is_found_whole_in_the_chunks(files, name, size):
    document = convert_document(name, files[name].read_bytes())
    chunks = chunk_text(document.markdown, size=size, overlap=40)
    assert chunks and [c.position for c in chunks] == list(range(len(chunks)))
    assert all(len(c.text) <= size for c in chunks)
    found = "\n".join(c.text for c in chunks)
    assert [s for s in fx.KNOWN_SENTENCES if s not in found] == []


@pytest.mark.parametrize("name", MANUAL_FORMATS)
def test_chunks_keep_their_heading_path(files, name):
    chunks = chunk_text(convert_document(name, files[name].read_bytes()).markdown, size=1000, overlap=0)
    by_heading = {c.heading: c.text for c in chunks}
    americano = HEADING_SEPARATOR.join([fx.TITLE, "2. 음료 제조", "2.1 아메리카노"])
    assert fx.SECTIONS[2][2][0] in by_heading[americano]
    assert fx.SECTIONS[3][2][0] in by_heading[HEADING_SEPARATOR.join([fx.TITLE, "3. 환불과 교환"])]


def test_korean_pdf_lines_are_rejoined_into_sentences(files):
    """Chromium's printed page breaks lines mid-word; the text must read as written, not "켜\\n고"."""
    markdown = convert_document("m.pdf", files["카페 매뉴얼.pdf"].read_bytes()).markdown
    for sentence in fx.KNOWN_SENTENCES:
        assert sentence in markdown


# As a printed page has them: the broken line is a full one, the next goes on mid-sentence.
@pytest.mark.parametrize(
    ("broken", "joined"),
    [
        ("매장 오픈 30분 전에 출근하여 에스프레소 머신의 전원을 켜\n고 예열이 끝날 때까지 기다립니다.", "켜고 예열이"),
        ("매장 오픈 30분 전에 출근하여 그라인더의 원두 호퍼가\n절반 이상 채워져 있는지 봅니다.", "호퍼가 절반"),
        ("모든 에스프레소는 원두 18그램으로 25초에서 30초 사이에 추출합니\n다. 우유는 데웁니다.", "추출합니다. 우유"),
        ("결제 후 10분이 지나지 않았고 음료에 손대지 않았다면 전액 환불해\n드립니다.", "환불해 드립니다."),
        ("아이스 아메리카노는 얼음을 컵의 끝까지 채운 뒤 찬물 200밀리\n리터를 붓습니다.", "200밀리리터를"),
        (
            "냉장고 온도가 영상 2도에서 5도 사이인지 점검표에 기록하고 냉동고는 영하 18도 이하인지 봅니다."
            " 온도는 5\n도 단위로 적습니다.",
            "5도 단위",
        ),
        ("Steam the milk to sixty degrees and never let it go\nabove seventy.", "go above"),
    ],
)
def test_line_breaks_inside_sentences_are_repaired(broken, joined):
    repaired = repair_line_breaks(broken)
    assert "\n" not in repaired and joined in repaired


def test_breaks_between_sentences_headings_and_items_stay():
    text = "1. 오픈 준비\n매장 오픈 30분 전에 출근합니다.\n결제는 카드로 받습니다.\n- 우유\n- 원두"
    assert repair_line_breaks(text) == text


@pytest.mark.parametrize(
    ("name", "make", "code"),
    [
        ("스캔본.pdf", lambda files: files["스캔본.pdf"].read_bytes(), "image_only"),
        ("암호.pdf", lambda files: files["암호.pdf"].read_bytes(), "encrypted"),
        ("깨진 문서.docx", lambda files: files["깨진 문서.docx"].read_bytes(), "damaged"),
        ("빈 파일.txt", lambda files: b"", "empty"),
        ("빈 파일.md", lambda files: b"\xef\xbb\xbf \n\n", "empty"),
        ("잘린.pdf", lambda files: (d := files["카페 매뉴얼.pdf"].read_bytes())[: len(d) // 2], "truncated"),
        ("잘린.docx", lambda files: (d := files["카페 매뉴얼.docx"].read_bytes())[: len(d) // 2], "truncated"),
        ("사실은 PDF.docx", lambda files: files["카페 매뉴얼.pdf"].read_bytes(), "wrong_type"),
        ("사실은 웹페이지.pdf", lambda files: files["카페 매뉴얼.html"].read_bytes(), "wrong_type"),
        ("사실은 워드.pptx", lambda files: files["카페 매뉴얼.docx"].read_bytes(), "wrong_type"),
        ("그림.png", lambda files: b"\x89PNG\r\n\x1a\n" + bytes(100), "unsupported"),
        ("매뉴얼.hwp", lambda files: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + b"HWP Document File", "hwp"),
        (
            "표만.html",
            lambda files: b"<html><body><img src='a.png'><table><tr><td></td></tr></table></body></html>",
            "no_text",
        ),
    ],
)
def test_each_unreadable_file_gets_its_own_plain_message(files, name, make, code):
    problem = _problem(name, make(files))
    assert problem.code == code
    for lang in ("en", "ko"):
        message = problem.message(lang)
        assert name in message and "Traceback" not in message and "{" not in message


def test_an_oversized_file_is_refused_before_it_is_read(files):
    problem = _problem("큰 매뉴얼.pdf", files["카페 매뉴얼.pdf"].read_bytes(), max_bytes=1024)
    assert problem.code == "too_large" and problem.details["limit_mb"] == 0
    big = _problem("큰 매뉴얼.pdf", b"%PDF-1.7\n" + bytes(3 * 1024 * 1024), max_bytes=2 * 1024 * 1024)
    assert "3 MB" in big.message("en") and "2MB" in big.message("ko")


def test_a_pdf_locked_only_against_copying_still_reads(files):
    """An owner password without a user password opens with an empty one, as every PDF viewer does."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(files["카페 매뉴얼.pdf"].read_bytes()))
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.encrypt(user_password="", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    markdown = convert_document("잠금.pdf", buffer.getvalue()).markdown
    assert fx.KNOWN_SENTENCES[0] in markdown


def test_messages_use_the_right_korean_particle():
    assert t("documents.problem.empty", "ko", file="매뉴얼.pdf").startswith("“매뉴얼.pdf”는 ")
    assert t("documents.problem.empty", "ko", file="카페 안내문").startswith("“카페 안내문”은 ")
    assert "“오픈 준비”가 손상" in t("documents.problem.damaged", "ko", file="오픈 준비")
    assert "“매장 안내”이 " not in t("documents.problem.damaged", "ko", file="매장 안내")


def test_xlsx_and_pptx_convert_with_their_text(tmp_path):
    import openpyxl
    from pptx import Presentation

    workbook = openpyxl.Workbook()
    workbook.active.append(["메뉴", "가격"])
    workbook.active.append(["아메리카노", "4500원"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert "4500원" in convert_document("가격표.xlsx", buffer.getvalue()).markdown
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "신메뉴 교육"
    slide.placeholders[1].text = "딸기 라떼는 3월부터 판매합니다."
    buffer = io.BytesIO()
    deck.save(buffer)
    markdown = convert_document("교육.pptx", buffer.getvalue()).markdown
    assert "딸기 라떼는 3월부터 판매합니다." in markdown


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("안내.txt", "# 카페 안내\n\n영업시간은 오전 8시부터 오후 10시까지입니다.\n".encode("cp949")),
        (
            "안내.html",
            "<html><body><h1>카페 안내</h1><p>영업시간은 오전 8시부터 오후 10시까지입니다.</p></body></html>".encode(
                "cp949"
            ),
        ),
    ],
)
def test_korean_text_saved_by_old_windows_programs_reads_right(name, data):
    """Notepad and old web pages save Korean as CP949/EUC-KR, often without saying so."""
    [chunk] = chunk_text(convert_document(name, data).markdown)
    assert (chunk.heading, chunk.text) == ("카페 안내", "영업시간은 오전 8시부터 오후 10시까지입니다.")


def test_hwpx_gets_the_hangul_message():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/hwp+zip")
        archive.writestr("Contents/content.hpf", "<opf/>")
    problem = _problem("매뉴얼.hwpx", buffer.getvalue())
    assert problem.code == "hwp" and "PDF" in problem.message("ko")


def test_a_zip_that_is_not_an_office_file_is_named_as_such():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    problem = _problem("매뉴얼.docx", buffer.getvalue())
    assert problem.code == "wrong_type" and "zip" in problem.message("en")


def test_chunk_settings_are_kept_in_range():
    text = "# 제목\n\n" + "문장입니다. " * 400
    assert all(len(c.text) <= MIN_SIZE for c in chunk_text(text, size=1, overlap=500))
    assert len(chunk_text(text, size=10**6, overlap=0)) == -(-len("문장입니다. " * 400) // MAX_SIZE)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "core", "chunk", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_cli_prints_the_chunks_as_json(files):
    done = _cli(str(files["카페 매뉴얼.pdf"]), "--size", "300", "--overlap", "30", "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["document"]["name"] == "카페 매뉴얼.pdf"
    assert set(payload["chunks"][0]) == {"text", "heading", "position"}
    assert all(fx.TITLE in c["heading"] for c in payload["chunks"])
    assert fx.KNOWN_SENTENCES[-1] in "\n".join(c["text"] for c in payload["chunks"])


@pytest.mark.parametrize("name", ["스캔본.pdf", "암호.pdf", "깨진 문서.docx", "missing.pdf"])
def test_cli_exits_2_with_one_plain_line(files, name):
    done = _cli(str(files.get(name, Path("/nonexistent") / name)), "--json", "--lang", "ko")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and "Traceback" not in done.stderr

"""A Korean café manual made in every format the Documents step reads, plus the broken files it must refuse.

Made in the tests, not stored: the PDF is printed by Chromium (so its text
layer is real, with the line breaks a printed page has), the DOCX by
python-docx, the image-only PDF by Pillow from a picture of text, the
encrypted PDF by pypdf.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from functools import cache
from pathlib import Path

import pypdf
from PIL import Image, ImageDraw

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TITLE = "카페 운영 매뉴얼"
# (heading level, heading, sentences): every sentence must come back whole, whatever the format.
SECTIONS: list[tuple[int, str, list[str]]] = [
    (
        2,
        "1. 오픈 준비",
        [
            "매장 오픈 30분 전에 출근하여 에스프레소 머신의 전원을 켜고 예열이 끝날 때까지 기다립니다.",
            "그라인더의 원두 호퍼가 절반 이상 채워져 있는지 확인합니다.",
            "냉장고 온도가 영상 2도에서 5도 사이인지 점검표에 기록합니다.",
        ],
    ),
    (
        2,
        "2. 음료 제조",
        [
            "모든 에스프레소는 원두 18그램으로 25초에서 30초 사이에 추출합니다.",
            "우유는 섭씨 60도에서 65도 사이로 스팀하며 70도를 넘기지 않습니다.",
        ],
    ),
    (
        3,
        "2.1 아메리카노",
        [
            "아메리카노는 에스프레소 2샷에 뜨거운 물 250밀리리터를 넣어 만듭니다.",
            "아이스 아메리카노는 얼음을 컵의 끝까지 채운 뒤 찬물 200밀리리터를 붓습니다.",
        ],
    ),
    (
        2,
        "3. 환불과 교환",
        [
            "음료가 잘못 나온 경우 영수증이 없어도 즉시 다시 만들어 드립니다.",
            "결제 후 10분이 지나지 않았고 음료에 손대지 않았다면 전액 환불해 드립니다.",
            "기프티콘으로 결제한 주문은 환불 대신 같은 금액의 다른 메뉴로 교환해 드립니다.",
        ],
    ),
    (
        2,
        "4. 마감",
        [
            "마감 30분 전부터 새 디저트는 굽지 않고 진열대에 남은 수량을 기록합니다.",
            "스팀 피처와 포터필터는 세제로 씻은 뒤 뒤집어서 말립니다.",
            "마지막 근무자는 가스 밸브와 출입문 잠금을 확인하고 관리자에게 메시지를 보냅니다.",
        ],
    ),
]
KNOWN_SENTENCES: list[str] = [sentence for _, _, sentences in SECTIONS for sentence in sentences]


def manual_markdown() -> str:
    parts = [f"# {TITLE}"]
    for level, heading, sentences in SECTIONS:
        parts.append(f"{'#' * level} {heading}")
        parts.append(" ".join(sentences))
    return "\n\n".join(parts) + "\n"


def manual_html() -> str:
    body = [f"<h1>{html.escape(TITLE)}</h1>"]
    for level, heading, sentences in SECTIONS:
        body.append(f"<h{level}>{html.escape(heading)}</h{level}>")
        body.append(f"<p>{html.escape(' '.join(sentences))}</p>")
    # A narrow column so that the printed PDF breaks lines inside sentences, as real manuals do.
    style = "body{font-family:'Noto Sans CJK KR',sans-serif;font-size:15px;max-width:430px;margin:40px}"
    return (
        f"<!doctype html><html lang='ko'><head><meta charset='utf-8'><title>{TITLE}</title>"
        f"<style>{style}</style></head><body>{''.join(body)}</body></html>"
    )


def manual_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(TITLE, level=1)
    for level, heading, sentences in SECTIONS:
        document.add_heading(heading, level=level)
        document.add_paragraph(" ".join(sentences))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def print_pdf(page_html: str) -> bytes:
    """``page_html`` printed to PDF by Chromium, with bookmarks from its headings (as Word and Hangul write)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_content(page_html)
            return page.pdf(format="A4", outline=True, tagged=True)
        finally:
            browser.close()


@cache
def manual_pdf() -> bytes:
    """Printed once per test session (a Chromium start each time otherwise); bytes can't be changed by a test."""
    return print_pdf(manual_html())


def image_only_pdf() -> bytes:
    """A "scan": the manual's first lines drawn as a picture, saved as a PDF with no text layer."""
    picture = Image.new("RGB", (800, 400), "white")
    draw = ImageDraw.Draw(picture)
    for row, sentence in enumerate(["Cafe manual (scanned)", *KNOWN_SENTENCES[:3]]):
        draw.text((40, 40 + row * 40), re.sub(r"[^\x20-\x7e]", "#", sentence), fill="black")
    buffer = io.BytesIO()
    picture.save(buffer, format="PDF")
    return buffer.getvalue()


def encrypted_pdf(pdf: bytes, password: str = "secret") -> bytes:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password=password, owner_password=password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def broken_docx() -> bytes:
    """A Word file whose zip is intact but whose document part is not XML (a failed save)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(manual_docx())) as original, zipfile.ZipFile(buffer, "w") as broken:
        for item in original.infolist():
            data = original.read(item)
            broken.writestr(item, b"<w:document><w:body><w:p>" if item.filename == "word/document.xml" else data)
    return buffer.getvalue()


def write_all(folder: Path) -> dict[str, Path]:
    """Every fixture as a file in ``folder``: name → path."""
    folder.mkdir(parents=True, exist_ok=True)
    pdf = manual_pdf()
    files = {
        "카페 매뉴얼.pdf": pdf,
        "카페 매뉴얼.docx": manual_docx(),
        "카페 매뉴얼.html": manual_html().encode(),
        "카페 매뉴얼.md": manual_markdown().encode(),
        "스캔본.pdf": image_only_pdf(),
        "암호.pdf": encrypted_pdf(pdf),
        "깨진 문서.docx": broken_docx(),
    }
    paths = {}
    for name, data in files.items():
        (folder / name).write_bytes(data)
        paths[name] = folder / name
    return paths

"""Benchmark: the server's peak memory with a 10,000-example project and a 50 MB upload.

Community Cloud gives an app roughly 690 MB–2.7 GB; the goal is a peak below
1 GB. This script:

1. fills a throw-away workspace with a 10,000-example project (long Korean
   answers, some multi-turn);
2. starts the app exactly as the browser tests do (``streamlit run``, cold);
3. in Chromium, uploads a 50 MB CSV on the Questions page, waits for the
   preview, clicks Import, then opens Curate (the project now holds 10,000 +
   the imported rows) and the Preview page;
4. samples the server process's RSS (children included) every 50 ms with
   psutil, from start to end, and reports the peak.

Last line: one JSON object, e.g.
{"upload_mb": 50, "examples": 10000, "peak_rss_mb": 612.3, ...}
Run: python bench/memory.py   (about a minute)
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EXAMPLES = 10_000
UPLOAD_MB = 50
GOAL_MB = 1024
SAMPLE_EVERY_S = 0.05
STEP_TIMEOUT_MS = 300_000


def fill(workspace: Path) -> int:
    """The 10,000-example project (shared with the other bench scripts); returns its id."""
    from bench.sample_project import fill_large_project

    return fill_large_project(workspace, "Memory bench (10k)", EXAMPLES)


def write_csv(path: Path, megabytes: int) -> int:
    """A ``question,answer`` CSV of about ``megabytes`` MB with unique rows; returns the row count."""
    target = megabytes * 1024 * 1024
    answer = "이 질문에 대한 답변입니다. 상권 분석과 원가 계산을 먼저 하세요. " * 20
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("question,answer\n")
        while handle.tell() < target:
            handle.write(f'"업로드 질문 {rows}: 메뉴 가격은 어떻게 정할까요?","{answer}{rows}"\n')
            rows += 1
    return rows


class RssSampler:
    """Peak resident memory of a process and all its children, sampled in a thread."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak_bytes = 0
        self.marks: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def current(self) -> int:
        total = 0
        for process in [self.process, *self.process.children(recursive=True)]:
            try:
                total += process.memory_info().rss
            except psutil.Error:
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, self.current())
            time.sleep(SAMPLE_EVERY_S)

    def mark(self, name: str) -> None:
        """Remember the peak so far under ``name`` (to see which step costs what)."""
        self.marks[name] = round(max(self.peak_bytes, self.current()) / 1024 / 1024, 1)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def main() -> None:
    from playwright.sync_api import sync_playwright

    from core.data.store import Store
    from core.i18n import t
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_app, wait_for_app

    folder = Path(tempfile.mkdtemp(prefix="memory-bench-"))
    workspace = folder / "studio.sqlite3"
    project_id = fill(workspace)
    upload = folder / "upload_50mb.csv"
    upload_rows = write_csv(upload, UPLOAD_MB)
    upload_mb = upload.stat().st_size / 1024 / 1024
    print(f"workspace ready: {EXAMPLES} examples; upload {upload_mb:.1f} MB, {upload_rows} rows", flush=True)

    server = start_app(workspace, folder / "server.log")
    steps: dict[str, float] = {}
    try:
        with RssSampler(server.process.pid) as sampler, sync_playwright() as playwright:
            sampler.mark("started")
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(locale="en-US", viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(STEP_TIMEOUT_MS)

            page.goto(f"{server.url}/Curate")
            wait_for_app(page, timeout=STEP_TIMEOUT_MS)
            sampler.mark("curate_10k")

            began = time.monotonic()
            page.goto(f"{server.url}/Questions")
            wait_for_app(page, timeout=STEP_TIMEOUT_MS)
            page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(upload))
            label = re.escape(t("questions.import_button", "en", count="COUNT")).replace("COUNT", r"[\d,]+")
            import_button = page.get_by_role("button", name=re.compile(f"^{label}$"))
            import_button.wait_for(timeout=STEP_TIMEOUT_MS)
            wait_for_app(page, timeout=STEP_TIMEOUT_MS)
            steps["upload_and_preview_s"] = round(time.monotonic() - began, 1)
            sampler.mark("upload_preview")

            began = time.monotonic()
            import_button.click()
            page.get_by_text(t("questions.go_curate", "en")).wait_for(timeout=STEP_TIMEOUT_MS)
            steps["import_s"] = round(time.monotonic() - began, 1)
            sampler.mark("import")

            for name in ("Curate", "Preview"):
                began = time.monotonic()
                page.goto(f"{server.url}/{name}")
                wait_for_app(page, timeout=STEP_TIMEOUT_MS)
                page.wait_for_timeout(1000)
                steps[f"open_{name.lower()}_s"] = round(time.monotonic() - began, 1)
                sampler.mark(name.lower())
            exceptions = page.locator("[data-testid='stException']").count()
            browser.close()
            peak_mb = round(sampler.peak_bytes / 1024 / 1024, 1)
            marks = dict(sampler.marks)
    finally:
        server.stop()
    with Store(workspace) as store:
        total = store.count_examples(project_id)
    print(f"peak so far after each step (MB): {marks}", flush=True)
    print(f"step times (s): {steps}", flush=True)
    print(
        json.dumps(
            {
                "upload_mb": round(upload_mb),
                "examples": EXAMPLES,
                "upload_rows": upload_rows,
                "examples_after_import": total,
                "peak_rss_mb": peak_mb,
                "goal_mb": GOAL_MB,
                "peak_to_goal": round(peak_mb / GOAL_MB, 3),
                "baseline_rss_mb": marks.get("started"),
                "page_exceptions": exceptions,
                **steps,
            }
        )
    )


if __name__ == "__main__":
    main()

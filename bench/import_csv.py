"""Benchmark: importing a 50 MB CP949 CSV.

Builds a Korean-Excel-style CSV (CP949, 번호/질문/답변, quoted questions with
commas) of at least FILE_MB megabytes, then times the three steps the
Questions page runs: open (encoding, delimiter, header), preview (every row
judged, duplicates counted) and commit (one transaction into a fresh
workspace). Memory is the process's peak resident size during those steps
above what it was just before them (the file's bytes are already in memory,
as Streamlit holds an upload), as a ratio of the file size. The goal is a
ratio of at most 0.5: the import streams the file and never copies it whole.

Last line: one JSON object, e.g. {"file_mb": 50.3, "rows": 44000, "preview_s": …, "peak_ratio": …}.
Run: python bench/import_csv.py
"""

from __future__ import annotations

import gc
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.data.store import Store  # noqa: E402
from core.dataset import importers  # noqa: E402

FILE_MB = 50
ROW_TEXT = "카페 창업 질문 {i}: 임대료, 인테리어, 원두 " + "자세한 설명 " * 90
GOAL_PEAK_RATIO = 0.5


def build_csv() -> tuple[bytes, int]:
    chunks = ["번호,질문,답변\r\n".encode("cp949")]
    size, rows = len(chunks[0]), 0
    while size < FILE_MB * 1024 * 1024:
        rows += 1
        line = f'{rows},"{ROW_TEXT.format(i=rows)}",답변 {rows}\r\n'.encode("cp949")
        chunks.append(line)
        size += len(line)
    return b"".join(chunks), rows


class PeakRss:
    """Samples this process's resident memory every few milliseconds."""

    def __init__(self) -> None:
        self.process = psutil.Process()
        self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.005)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def main() -> None:
    data, rows = build_csv()
    file_mb = len(data) / 1024 / 1024
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "bench.sqlite3") as store:
        project = store.create_project("Bench")
        gc.collect()
        baseline = psutil.Process().memory_info().rss
        with PeakRss() as memory:
            started = time.perf_counter()
            table = importers.open_table("big.csv", data)
            opened = time.perf_counter()
            preview = importers.preview_table(table, importers.guess_table_mapping(table), store.existing_keys(project))
            previewed = time.perf_counter()
            result = importers.commit_import(store, project, preview)
            committed = time.perf_counter()
        assert preview.to_add == rows == result.added == store.count_examples(project), "rows were lost"
    peak_ratio = (memory.peak - baseline) / len(data)
    figures = {
        "file_mb": round(file_mb, 1),
        "rows": rows,
        "encoding": table.encoding,
        "open_s": round(opened - started, 2),
        "preview_s": round(previewed - opened, 2),
        "commit_s": round(committed - previewed, 2),
        "preview_mb_per_s": round(file_mb / (previewed - opened), 1),
        "peak_extra_mb": round((memory.peak - baseline) / 1024 / 1024, 1),
        "peak_ratio": round(peak_ratio, 2),
        "goal_peak_ratio": GOAL_PEAK_RATIO,
        "meets_goal": peak_ratio <= GOAL_PEAK_RATIO,
    }
    print(
        f"{file_mb:.1f} MB, {rows} rows ({table.encoding}): open {figures['open_s']} s, "
        f"preview {figures['preview_s']} s, commit {figures['commit_s']} s; "
        f"peak +{figures['peak_extra_mb']} MB = {figures['peak_ratio']}× the file"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

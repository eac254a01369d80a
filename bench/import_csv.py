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
With ``--database postgres`` the same import also goes into a throwaway local
PostgreSQL server, and its time is printed as a ratio of SQLite's (goal ≤ 2×).

Run: python bench/import_csv.py [--database postgres]
"""

from __future__ import annotations

import argparse
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
# The whole import into PostgreSQL at most this many times SQLite's (batched inserts, not a round trip per row).
GOAL_POSTGRES_RATIO = 2.0


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


def import_into(location: str | Path, data: bytes, rows: int) -> dict[str, float]:
    """Open, preview and commit the CSV into a fresh workspace at ``location``; seconds and peak memory."""
    with Store(location) as store:
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
    return {
        "encoding": table.encoding,  # type: ignore[dict-item]
        "open_s": opened - started,
        "preview_s": previewed - opened,
        "commit_s": committed - previewed,
        "peak_extra": memory.peak - baseline,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        choices=("sqlite", "postgres"),
        default="sqlite",
        help="postgres: import into a throwaway local PostgreSQL server too, and print its time against SQLite's",
    )
    args = parser.parse_args()
    data, rows = build_csv()
    file_mb = len(data) / 1024 / 1024
    with tempfile.TemporaryDirectory() as folder:
        sqlite = import_into(Path(folder) / "bench.sqlite3", data, rows)
    peak_ratio = sqlite["peak_extra"] / len(data)
    figures: dict[str, object] = {
        "file_mb": round(file_mb, 1),
        "rows": rows,
        "encoding": sqlite["encoding"],
        "open_s": round(sqlite["open_s"], 2),
        "preview_s": round(sqlite["preview_s"], 2),
        "commit_s": round(sqlite["commit_s"], 2),
        "preview_mb_per_s": round(file_mb / sqlite["preview_s"], 1),
        "peak_extra_mb": round(sqlite["peak_extra"] / 1024 / 1024, 1),
        "peak_ratio": round(peak_ratio, 2),
        "goal_peak_ratio": GOAL_PEAK_RATIO,
        "meets_goal": peak_ratio <= GOAL_PEAK_RATIO,
    }
    print(
        f"{file_mb:.1f} MB, {rows} rows ({sqlite['encoding']}): open {figures['open_s']} s, "
        f"preview {figures['preview_s']} s, commit {figures['commit_s']} s; "
        f"peak +{figures['peak_extra_mb']} MB = {figures['peak_ratio']}× the file"
    )
    if args.database == "postgres":
        from tests.postgres import PostgresServer

        with PostgresServer.started() as server:
            postgres = import_into(server.url(server.create_database()), data, rows)
        sqlite_total = sqlite["open_s"] + sqlite["preview_s"] + sqlite["commit_s"]
        postgres_total = postgres["open_s"] + postgres["preview_s"] + postgres["commit_s"]
        figures.update(
            {
                "postgres_commit_s": round(postgres["commit_s"], 2),
                "postgres_total_s": round(postgres_total, 2),
                "sqlite_total_s": round(sqlite_total, 2),
                "postgres_vs_sqlite": round(postgres_total / sqlite_total, 2),
                "postgres_commit_vs_sqlite": round(postgres["commit_s"] / sqlite["commit_s"], 2),
                "goal_postgres_vs_sqlite": GOAL_POSTGRES_RATIO,
            }
        )
        print(
            f"PostgreSQL: commit {postgres['commit_s']:.2f} s, whole import {postgres_total:.2f} s "
            f"= {figures['postgres_vs_sqlite']}× SQLite's {sqlite_total:.2f} s"
        )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

"""Benchmark: one rerun of the Curate page with 10,000 examples in the project.

Fills a throw-away workspace with EXAMPLES examples (some multi-turn, tags,
mixed statuses, long answers), opens the Curate page in Streamlit's AppTest,
and times reruns: the median of RUNS reruns on page 1, plus the median with a
text filter and on the last page (OFFSET at its deepest). Goal: rerun_s ≤ 0.3.

With ``--database postgres`` the same is measured on a throwaway local
PostgreSQL server (Debian's binaries, as the tests use) in the same run, and
the ratio of the two worst cases is printed.

Last line: one JSON object, e.g. {"examples": 10000, "rerun_s": 0.12, ...}.
Run: python bench/curate_rerun.py [--database postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EXAMPLES = 10_000
RUNS = 7
GOAL_S = 0.3


def fill(workspace: Path | str) -> int:
    """The 10,000-example project (shared with the other bench scripts); returns its id."""
    from bench.sample_project import fill_large_project

    return fill_large_project(workspace, "Bench", EXAMPLES)


def median_rerun(at, runs: int = RUNS) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        timings.append(time.perf_counter() - start)
        if at.exception:
            raise SystemExit(f"the page failed: {at.exception[0].value}")
    return statistics.median(timings)


def measure(location: str | Path) -> dict[str, float | int]:
    """Fill the workspace at ``location`` (a SQLite file or a database URL) and time the Curate reruns."""
    if isinstance(location, Path):
        os.environ["FINETUNE_STUDIO_WORKSPACE"] = str(location)
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = location
    start = time.perf_counter()
    fill(location)
    fill_s = time.perf_counter() - start
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.switch_page("pages/3_Curate.py")
    at.run()  # warm-up: imports, migrations check, first render
    rows_sent = len(at.data_editor[0].value)
    page_one = median_rerun(at)
    last_page = at.pagination[0].num_pages
    at.pagination[0].set_value(last_page).run()
    last = median_rerun(at)
    at.text_input(key="_w_curate_text").input("question 99").run()
    searched = median_rerun(at)
    print(f"filled {EXAMPLES} examples in {fill_s:.1f} s; rows sent to the browser per page: {rows_sent}")
    print(f"rerun median: page 1 {page_one:.3f} s, last page ({last_page}) {last:.3f} s, text search {searched:.3f} s")
    return {
        "rerun_s": round(page_one, 4),
        "last_page_rerun_s": round(last, 4),
        "search_rerun_s": round(searched, 4),
        "rows_sent": rows_sent,
        "worst_s": round(max(page_one, last, searched), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        choices=("sqlite", "postgres"),
        default="sqlite",
        help="postgres: also on a throwaway local PostgreSQL server, next to SQLite in the same run",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print("SQLite:")
        sqlite = measure(Path(tmp) / "studio.sqlite3")
        figures: dict[str, object] = {"examples": EXAMPLES, **sqlite, "goal_s": GOAL_S}
        if args.database == "postgres":
            from tests.postgres import PostgresServer

            with PostgresServer.started() as server:
                print("PostgreSQL:")
                postgres = measure(server.url(server.create_database()))
            figures["postgres"] = postgres
            figures["postgres_vs_sqlite"] = round(float(postgres["worst_s"]) / float(sqlite["worst_s"]), 2)
            worst = max(float(sqlite["worst_s"]), float(postgres["worst_s"]))
        else:
            worst = float(sqlite["worst_s"])
        figures["worst_vs_goal"] = round(worst / GOAL_S, 3)
        print(json.dumps(figures))


if __name__ == "__main__":
    main()

"""Benchmark: one rerun of the Curate page with 10,000 examples in the project.

Fills a throw-away workspace with EXAMPLES examples (some multi-turn, tags,
mixed statuses, long answers), opens the Curate page in Streamlit's AppTest,
and times reruns: the median of RUNS reruns on page 1, plus the median with a
text filter and on the last page (OFFSET at its deepest). Goal: rerun_s ≤ 0.3.

Last line: one JSON object, e.g. {"examples": 10000, "rerun_s": 0.12, ...}.
Run: python bench/curate_rerun.py
"""

from __future__ import annotations

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


def fill(workspace: Path) -> int:
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


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp) / "studio.sqlite3"
        os.environ["FINETUNE_STUDIO_WORKSPACE"] = str(workspace)
        start = time.perf_counter()
        fill(workspace)
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
        print(
            f"rerun median: page 1 {page_one:.3f} s, last page ({last_page}) {last:.3f} s, text search {searched:.3f} s"
        )
        worst = max(page_one, last, searched)
        print(
            json.dumps(
                {
                    "examples": EXAMPLES,
                    "rerun_s": round(page_one, 4),
                    "last_page_rerun_s": round(last, 4),
                    "search_rerun_s": round(searched, 4),
                    "rows_sent": rows_sent,
                    "goal_s": GOAL_S,
                    "worst_vs_goal": round(worst / GOAL_S, 3),
                }
            )
        )


if __name__ == "__main__":
    main()

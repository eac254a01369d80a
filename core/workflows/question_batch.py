"""Questions from documents in Batch mode: the same requests as a live run, answered within 24 hours at half price.

A batch of question writing is a ``gen_runs`` row of kind "document_questions"
and mode "batch" (no items: its settings keep the model, the style, the number
per chunk and a copy of each chunk, so the rows keep their chunk even if the
document is removed meanwhile). Submitting, polling, the key that started it
(its fingerprint in ``job_keys``), a restart and cancelling are
``core.workflows.batch``'s, with the lines and the join given here: one line per
chunk, and on completion each chunk's reply is parsed, flagged for
near-duplicates and saved as rows that keep the chunk, exactly as a live run
saves them. Chunks that failed are counted, with the first reason, in the run's
batch detail; they are not done, so a later run asks them again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

from core.data import runs
from core.data.store import Store
from core.providers.client import ConnectionSettings
from core.workflows import batch, generation, grounded, runner, synthetic
from core.workflows.grounded import SourceChunk

KIND: Final = grounded.KIND_DOCUMENT_QUESTIONS
# Keys of the run's batch detail (next to the batch's own request counts) written by the join.
DETAIL_QUESTIONS = "questions"
DETAIL_FLAGGED = "flagged"
DETAIL_CHUNKS_FAILED = "chunks_failed"
DETAIL_FIRST_STATUS = "first_status"  # the HTTP status of the first chunk that failed
DETAIL_FIRST_ERROR = "first_error"  # OpenAI's reason for it (shown in the reader's language by the page)


@dataclass(frozen=True)
class QuestionRun:
    """What a question-writing batch asks: the model, the style, how many per chunk, and the chunks."""

    model: str
    style: str
    per_chunk: int
    lang: str
    chunks: list[SourceChunk]


def _settings_json(settings: QuestionRun) -> str:
    return json.dumps(
        {
            "kind": KIND,
            "mode": generation.MODE_BATCH,
            "model": settings.model,
            "style": settings.style,
            "per_chunk": settings.per_chunk,
            "lang": settings.lang,
            "chunks": [chunk.to_json() for chunk in settings.chunks],
        },
        ensure_ascii=False,
    )


def question_run(store: Store, run_id: int) -> QuestionRun | None:
    """The settings of a question-writing run (None for another kind of run, or none)."""
    row = runs.get_run(store, run_id)
    if row is None or row["kind"] != KIND:
        return None
    data = json.loads(row["settings"] or "{}")
    chunks = [grounded.source_of({grounded.EXTRA_SOURCE: raw}) for raw in data.get("chunks", [])]
    return QuestionRun(
        model=str(data.get("model", "")),
        style=str(data.get("style", grounded.STYLE_FACTS)),
        per_chunk=int(data.get("per_chunk", 1)),
        lang=str(data.get("lang", "en")),
        chunks=[chunk for chunk in chunks if chunk is not None],
    )


def custom_id(run_id: int, index: int) -> str:
    return f"run{run_id}-chunk{index}"


def parse_custom_id(value: str, run_id: int) -> int | None:
    """'run3-chunk2' → 2 for run 3; None for anything else."""
    prefix = f"run{run_id}-chunk"
    if not value.startswith(prefix) or not value.removeprefix(prefix).isdigit():
        return None
    return int(value.removeprefix(prefix))


def question_lines(store: Store, run_id: int, connection: ConnectionSettings | None = None) -> Iterator[str]:
    """One JSONL line per chunk: the same request a live run sends for it."""
    settings = question_run(store, run_id)
    if settings is None:
        return
    requests = grounded.question_requests(settings.model, settings.chunks, settings.style, settings.per_chunk)
    for request in requests:
        yield batch.request_line(custom_id(run_id, int(request.key)), request, connection)


def join_questions(store: Store, run_id: int, output_text: str, error_text: str = "") -> batch.JoinCounts:
    """Save each chunk's questions as rows keeping their chunk; count the chunks that failed, with the first reason.

    A chunk already done in the run's style (a join repeated after a restart) is not saved twice.
    """
    settings, run = question_run(store, run_id), generation.get_run(store, run_id)
    if settings is None or run is None:
        return batch.JoinCounts(0, 0, 0)
    overrides = generation.price_overrides(store, run.project_id)
    done = grounded.done_chunk_ids(store, run.project_id, settings.style)
    seen: list[tuple[int | None, str]] = list(synthetic.existing_questions(store, run.project_id))
    answered = failed = ignored = questions = flagged = 0
    first_failure: tuple[int | str, str] | None = None

    def save(chunk: SourceChunk, found: list[synthetic.Candidate]) -> list[int]:
        rows = [(chunk, candidate) for candidate in found]
        return grounded.add_questions(store, run.project_id, rows, settings.style)

    for index, row in sorted(_lines(run_id, output_text, error_text), key=lambda pair: pair[0]):
        if index >= len(settings.chunks):
            ignored += 1
            continue
        result = batch.line_result(row, str(index), settings.model, settings.lang, overrides)
        runs.add_cost(store, run_id, result.cost_usd)
        chunk = settings.chunks[index]
        if not result.ok:
            failed += 1
            first_failure = first_failure or batch.line_failure(row)
            continue
        if chunk.chunk_id is not None and chunk.chunk_id in done:
            ignored += 1
            continue
        written = grounded.take_questions(chunk, result.text or "", settings.per_chunk, seen, save)
        answered, questions = answered + 1, questions + len(written)
        flagged += sum(candidate.near_duplicate for candidate in written)
    _, detail = batch.batch_state(store, run_id)
    detail.update(
        {
            DETAIL_QUESTIONS: questions,
            DETAIL_FLAGGED: flagged,
            DETAIL_CHUNKS_FAILED: failed,
            DETAIL_FIRST_STATUS: first_failure[0] if first_failure else None,
            DETAIL_FIRST_ERROR: first_failure[1] if first_failure else None,
        }
    )
    runs.set_external(store, run_id, external_detail=json.dumps(detail, ensure_ascii=False))
    return batch.JoinCounts(answered, failed, ignored)


def _lines(run_id: int, output_text: str, error_text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for line in [*output_text.splitlines(), *error_text.splitlines()]:
        try:
            row = json.loads(line) if line.strip() else None
        except ValueError:
            row = None
        index = parse_custom_id(str(row.get("custom_id", "")), run_id) if isinstance(row, dict) else None
        if row is not None and index is not None:
            yield index, row


# What a question-writing batch sends and how its results land.
QUESTIONS: Final = batch.BatchWork(lines=question_lines, join=join_questions)


def start(
    store: Store,
    project_id: int,
    connection: ConnectionSettings,
    model: str,
    chunks: Sequence[SourceChunk],
    *,
    style: str,
    per_chunk: int,
    lang: str,
) -> int | None:
    """Record a question-writing batch for the chunks not done yet in ``style``, then submit and poll it.

    Returns the run id (None when every chunk is done already).
    """
    remaining, _done = grounded.still_to_ask(store, project_id, chunks, style)
    if not remaining:
        return None
    settings = QuestionRun(model=model, style=style, per_chunk=per_chunk, lang=lang, chunks=remaining)
    run_id = runs.insert_run(
        store,
        project_id,
        kind=KIND,
        mode=generation.MODE_BATCH,
        status=generation.STATUS_RUNNING,
        settings_json=_settings_json(settings),
        owner=runner.PROCESS_TOKEN,
        example_ids=[],
        variants=1,
    )
    batch.start(store, run_id, connection, work=QUESTIONS)
    return run_id


def latest(store: Store, project_id: int) -> generation.GenRun | None:
    """The project's most recent question-writing batch."""
    return generation.latest_run(store, project_id, kind=KIND)


def resume_polling(store: Store, project_id: int, connection: ConnectionSettings) -> list[int]:
    """Poll again the project's open question batches that this key started (after a restart)."""
    return batch.resume_polling(store, project_id, connection, kinds=(KIND,), work=QUESTIONS)


def cancel(store: Store, run_id: int, connection: ConnectionSettings, owner_unlocked: bool = False) -> bool:
    """Cancel the batch (best effort) and close the run; False when another key started it."""
    return batch.cancel(store, run_id, connection, owner_unlocked)

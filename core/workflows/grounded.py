"""Questions written from a document's chunks, and answers grounded in the chunk each question came from.

Questions: one request per chosen chunk, asking for N questions in a style
(facts, how-to, or what a customer would ask) that the chunk answers. They go
through the same engine as answers (``run_requests``: the key's rate limits,
retries, a plain stop on a bad key); each reply is parsed, checked for
near-duplicates (``synthetic.flag_candidates``, rapidfuzz) against the
project's questions and everything written before it, and saved as rows the
moment it arrives. Each new row keeps its source chunk in ``extra["source"]``
(document, position, heading, text), so answers can be grounded in it and
reviewers can see it, even if the document is later removed, and the style it
was written in (``extra["question_style"]``).

Resume: a stored chunk that has live rows written from it in a style is done
in that style and is not asked again in it (another style asks it anew; rows
moved to the trash don't count, so trashing a chunk's questions is how to have
them written again). A run that stops midway keeps every chunk that answered,
and running it again sends only the rest. Batch mode is
``core.workflows.question_batch``.

Grounded answers: for a row with a source, the generation request shows the
model the chunk and tells it to answer only from it and to say so when it
doesn't. The training data keeps only the question and the answer: the
training system prompt stays what the person wrote, separate from this.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.data import documents
from core.data.documents import SOURCE_DOCUMENT as SOURCE_DOCUMENT
from core.data.store import NewExample, Store
from core.dataset.documents.sources import EXTRA_SOURCE as EXTRA_SOURCE
from core.dataset.documents.sources import SourceChunk as SourceChunk
from core.dataset.documents.sources import source_of as source_of
from core.pricing import chat_cost_usd
from core.providers.client import ConnectionSettings
from core.providers.request_runner import ChatRequest, ChatResult, Limits, run_requests
from core.tokens import TokenCounter
from core.workflows import runner, synthetic

if TYPE_CHECKING:
    from openai import AsyncOpenAI

STYLE_FACTS = "facts"
STYLE_HOW_TO = "how_to"
STYLE_CUSTOMER = "customer"
STYLES: tuple[str, ...] = (STYLE_FACTS, STYLE_HOW_TO, STYLE_CUSTOMER)
MAX_PER_CHUNK = 10
KIND_DOCUMENT_QUESTIONS = "document_questions"  # the runner job kind
TAG_DOCUMENT = "document"
EXTRA_STYLE = "question_style"  # the style a row's question was written in (what "done" is judged by)
# Sent to the model, not shown to users.
STYLE_INSTRUCTIONS: dict[str, str] = {
    STYLE_FACTS: "factual questions about what the passage states (numbers, rules, names, conditions)",
    STYLE_HOW_TO: "how-to questions asking how to do something the passage explains, step by step",
    STYLE_CUSTOMER: "questions a customer or a new employee would really ask, in their own everyday words",
}
QUESTIONS_PROMPT = (
    "Write {n} {style} that can be answered from the passage below, and only from it.\n"
    "Each question must stand on its own (do not say 'the passage' or 'the text'). "
    "Write them in the language of the passage. Reply with a JSON array of {n} strings only.\n\n"
    '<passage heading="{heading}">\n{text}\n</passage>'
)
GROUNDING_RULES = (
    "Answer the question using only the passage from the user's documents below. "
    "If the passage does not contain the answer, say that the document does not cover it, and do not guess. "
    "Answer in the language of the question."
)
GROUNDED_QUESTION = '<passage heading="{heading}">\n{text}\n</passage>\n\nQuestion: {question}'
# About 60 tokens a question, plus room for the JSON around them.
TOKENS_PER_QUESTION = 60


def question_messages(chunk: SourceChunk, style: str, per_chunk: int) -> list[dict[str, str]]:
    prompt = QUESTIONS_PROMPT.format(
        n=per_chunk, style=STYLE_INSTRUCTIONS[style], heading=chunk.heading or chunk.document, text=chunk.text
    )
    return [{"role": "user", "content": prompt}]


def grounded_messages(system_prompt: str, question: str, source: SourceChunk) -> list[dict[str, str]]:
    """The generation request for a row written from a chunk: the rules, the person's prompt, the chunk."""
    system = "\n\n".join(part for part in (GROUNDING_RULES, system_prompt.strip()) if part)
    user = GROUNDED_QUESTION.format(heading=source.heading or source.document, text=source.text, question=question)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _clamp(per_chunk: int) -> int:
    return max(1, min(MAX_PER_CHUNK, int(per_chunk)))


def max_tokens_for(per_chunk: int) -> int:
    return TOKENS_PER_QUESTION * _clamp(per_chunk) + 100


def question_requests(model: str, chunks: Sequence[SourceChunk], style: str, per_chunk: int) -> list[ChatRequest]:
    per_chunk = _clamp(per_chunk)
    return [
        ChatRequest(
            key=str(index),
            model=model,
            messages=question_messages(chunk, style, per_chunk),
            temperature=0.7,
            max_tokens=max_tokens_for(per_chunk),
        )
        for index, chunk in enumerate(chunks)
    ]


def highest_cost_usd(
    model: str,
    chunks: Sequence[SourceChunk],
    style: str,
    per_chunk: int,
    overrides: dict[str, dict[str, Any]] | None = None,
    batch: bool = False,
) -> float | None:
    """What writing these questions can cost at most: every prompt plus the longest reply allowed, per chunk
    (``batch``: at the Batch API's price)."""
    requests = question_requests(model, chunks, style, per_chunk)
    if not requests:
        return 0.0
    prompt = sum(count.total for count in TokenCounter(model).count_many([r.messages for r in requests]))
    return chat_cost_usd(model, prompt, max_tokens_for(per_chunk) * len(requests), batch=batch, overrides=overrides)


@dataclass
class ChunkQuestions:
    """What one run wrote: each new question with its chunk, and the chunks that failed."""

    candidates: list[tuple[SourceChunk, synthetic.Candidate]] = field(default_factory=list)
    failed: int = 0
    error: str | None = None
    cost_usd: float = 0.0
    # Chunks already done in this style before the run (not asked again), and whether it was stopped.
    skipped: int = 0
    stopped: bool = False


# Saves one chunk's questions as rows the moment they arrive; returns the new rows' ids.
SaveChunk = Callable[[SourceChunk, list[synthetic.Candidate]], list[int]]


def done_chunk_ids(store: Store, project_id: int, style: str) -> set[int]:
    """The stored chunks with live rows written from them in ``style``: done, so not asked again in it."""
    done = set()
    for chunk_id, extra in documents.chunk_row_extras(store, project_id):
        try:
            written_in = json.loads(extra).get(EXTRA_STYLE)
        except (ValueError, AttributeError):
            continue
        if written_in == style:
            done.add(chunk_id)
    return done


def still_to_ask(
    store: Store, project_id: int, chunks: Sequence[SourceChunk], style: str
) -> tuple[list[SourceChunk], int]:
    """(the chosen chunks not yet done in ``style``, how many of the chosen are done already)."""
    done = done_chunk_ids(store, project_id, style)
    remaining = [chunk for chunk in chunks if chunk.chunk_id is None or chunk.chunk_id not in done]
    return remaining, len(chunks) - len(remaining)


async def write_questions(
    connection: ConnectionSettings,
    model: str,
    chunks: Sequence[SourceChunk],
    *,
    style: str,
    per_chunk: int,
    existing: Sequence[tuple[int, str]],
    lang: str = "en",
    client: AsyncOpenAI | None = None,
    save: SaveChunk | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> ChunkQuestions:
    """Ask for ``per_chunk`` questions on each chunk; flag near-duplicates as each reply arrives.

    Each reply is compared with ``existing`` and everything written before it. With ``save``,
    each chunk's questions are saved at once (so a stop or a crash keeps them) and the saved
    rows' ids stand for them in the comparisons that follow.
    """
    outcome = ChunkQuestions()
    seen: list[tuple[int | None, str]] = list(existing)

    def arrived(result: ChatResult) -> None:
        outcome.cost_usd += result.cost_usd
        if not result.ok:
            outcome.failed += 1
            return
        chunk = chunks[int(result.key)]
        outcome.candidates.extend(
            (chunk, candidate) for candidate in take_questions(chunk, result.text or "", per_chunk, seen, save)
        )

    summary = await run_requests(
        connection,
        question_requests(model, chunks, style, per_chunk),
        limits=Limits(lang=lang),
        on_result=arrived,
        should_stop=should_stop,
        client=client,
    )
    outcome.error, outcome.stopped = summary.fatal_message, summary.stopped
    return outcome


def take_questions(
    chunk: SourceChunk, reply: str, per_chunk: int, seen: list[tuple[int | None, str]], save: SaveChunk | None
) -> list[synthetic.Candidate]:
    """One chunk's reply: its questions, flagged against ``seen`` (which they then join), saved if asked."""
    questions = synthetic.parse_questions(reply)[: _clamp(per_chunk)]
    flagged = synthetic.flag_candidates(questions, seen)
    ids: Sequence[int | None] = save(chunk, flagged) if save is not None and flagged else [None] * len(flagged)
    seen.extend(zip(ids, questions, strict=True))
    return flagged


def add_questions(
    store: Store,
    project_id: int,
    candidates: Sequence[tuple[SourceChunk, synthetic.Candidate]],
    style: str | None = None,
) -> list[int]:
    """New draft rows, each keeping its chunk (and the style it was written in, when given);
    near-duplicates are tagged and point at their look-alike."""
    rows = []
    for chunk, candidate in candidates:
        extra: dict[str, Any] = {EXTRA_SOURCE: chunk.to_json()}
        if style is not None:
            extra[EXTRA_STYLE] = style
        tags: tuple[str, ...] = (TAG_DOCUMENT,)
        if candidate.near_duplicate:
            tags = (TAG_DOCUMENT, synthetic.TAG_NEAR_DUPLICATE)
            extra.update(
                near_duplicate_of=candidate.similar_id,
                similar_question=candidate.similar_to,
                similarity=candidate.score,
            )
        rows.append(
            NewExample(
                question=candidate.question,
                tags=tags,
                extra=extra,
                document_id=chunk.document_id,
                chunk_id=chunk.chunk_id,
            )
        )
    return store.add_examples(project_id, rows, source=SOURCE_DOCUMENT)


def job_name(project_id: int, session_id: str) -> str:
    """One "questions from documents" job per project and browser session at a time."""
    return f"document-questions-{project_id}-{session_id}"


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
    session_id: str,
) -> bool:
    """Write the questions in the background runner; the page polls ``runner.outcome(job_name(…))``.

    Chunks already done in ``style`` are left out; each chunk's questions are saved as they arrive.
    """
    name = job_name(project_id, session_id)
    path = store.path

    async def work() -> ChunkQuestions:
        with Store(path) as own:
            chosen, skipped = still_to_ask(own, project_id, chunks, style)

            def save(chunk: SourceChunk, flagged: list[synthetic.Candidate]) -> list[int]:
                return add_questions(own, project_id, [(chunk, candidate) for candidate in flagged], style)

            outcome = await write_questions(
                connection,
                model,
                chosen,
                style=style,
                per_chunk=per_chunk,
                existing=synthetic.existing_questions(own, project_id),
                lang=lang,
                save=save,
                should_stop=lambda: runner.stop_requested(name),
            )
        outcome.skipped = skipped
        return outcome

    return runner.start_background(name, work, kind=KIND_DOCUMENT_QUESTIONS, project_id=project_id)


def stop(project_id: int, session_id: str) -> None:
    """Stop sending: replies on their way still land, and what arrived stays."""
    runner.request_stop(job_name(project_id, session_id))

"""Questions written from a document's chunks, and answers grounded in the chunk each question came from.

Questions: one request per chosen chunk, asking for N questions in a style
(facts, how-to, or what a customer would ask) that the chunk answers. They go
through the same engine as answers (``run_requests``: the key's rate limits,
retries, a plain stop on a bad key); the replies are parsed and checked for
near-duplicates (``synthetic.flag_candidates``, rapidfuzz) against the
project's questions and each other before they are added. Each new row keeps
its source chunk in ``extra["source"]`` (document, position, heading, text), so
answers can be grounded in it and reviewers can see it, even if the document
is later removed.

Grounded answers: for a row with a source, the generation request shows the
model the chunk and tells it to answer only from it and to say so when it
doesn't. The training data keeps only the question and the answer: the
training system prompt stays what the person wrote, separate from this.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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
) -> float | None:
    """What writing these questions can cost at most: every prompt plus the longest reply allowed, per chunk."""
    requests = question_requests(model, chunks, style, per_chunk)
    if not requests:
        return 0.0
    prompt = sum(count.total for count in TokenCounter(model).count_many([r.messages for r in requests]))
    return chat_cost_usd(model, prompt, max_tokens_for(per_chunk) * len(requests), overrides=overrides)


@dataclass
class ChunkQuestions:
    """What one run wrote: each new question with its chunk, and the chunks that failed."""

    candidates: list[tuple[SourceChunk, synthetic.Candidate]] = field(default_factory=list)
    failed: int = 0
    error: str | None = None
    cost_usd: float = 0.0


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
) -> ChunkQuestions:
    """Ask for ``per_chunk`` questions on each chunk, then flag near-duplicates across all of them."""
    results: list[ChatResult] = []
    summary = await run_requests(
        connection,
        question_requests(model, chunks, style, per_chunk),
        limits=Limits(lang=lang),
        on_result=results.append,
        client=client,
    )
    outcome = ChunkQuestions(error=summary.fatal_message)
    written: list[tuple[SourceChunk, str]] = []
    for result in sorted(results, key=lambda r: int(r.key)):
        outcome.cost_usd += result.cost_usd
        if not result.ok:
            outcome.failed += 1
            continue
        chunk = chunks[int(result.key)]
        written.extend((chunk, q) for q in synthetic.parse_questions(result.text or "")[: _clamp(per_chunk)])
    flagged = synthetic.flag_candidates([q for _, q in written], existing)
    outcome.candidates = [(chunk, candidate) for (chunk, _), candidate in zip(written, flagged, strict=True)]
    return outcome


def add_questions(
    store: Store, project_id: int, candidates: Sequence[tuple[SourceChunk, synthetic.Candidate]]
) -> list[int]:
    """New draft rows, each keeping its chunk; near-duplicates are tagged and point at their look-alike."""
    rows = []
    for chunk, candidate in candidates:
        extra: dict[str, Any] = {EXTRA_SOURCE: chunk.to_json()}
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
    """Write the questions in the background runner; the page polls ``runner.outcome(job_name(…))``."""
    existing, path = synthetic.existing_questions(store, project_id), store.path
    chosen = list(chunks)

    async def work() -> ChunkQuestions:
        outcome = await write_questions(
            connection, model, chosen, style=style, per_chunk=per_chunk, existing=existing, lang=lang
        )
        if outcome.candidates:
            with Store(path) as own:
                add_questions(own, project_id, outcome.candidates)
        return outcome

    return runner.start_background(
        job_name(project_id, session_id), work, kind=KIND_DOCUMENT_QUESTIONS, project_id=project_id
    )

"""The groundedness check: a judge model reads a row's source chunk and its answer, and says whether the chunk
supports the answer.

One request per row through the same engine as answers (``run_requests``: the
key's rate limits, retries, a plain stop on a bad key); the highest cost is
shown through the spend gate before anything is sent. Each row gets its newest
check stored (``core.data.grounding``): supported, unsupported (with the
judge's reason), or failed (with why), so a reviewer sees it on Curate and can
filter the unsupported ones.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.data import grounding
from core.data.connection import now_iso
from core.data.store import Example, Store
from core.dataset.documents.sources import source_of
from core.pricing import chat_cost_usd
from core.providers.client import ConnectionSettings
from core.providers.request_runner import ChatRequest, ChatResult, Limits, run_requests
from core.tokens import TokenCounter
from core.workflows import runner

if TYPE_CHECKING:
    from openai import AsyncOpenAI

KIND_GROUNDEDNESS = "groundedness"  # the runner job kind
MAX_REPLY_TOKENS = 200
# Sent to the model, not shown to users.
JUDGE_RULES = (
    "You check answers written from a passage of the user's documents. "
    "An answer is supported when everything it states is stated in the passage, or when it says that the passage "
    "does not cover the question and the passage indeed does not answer it. Anything else is unsupported."
)
JUDGE_REQUEST = (
    '<passage heading="{heading}">\n{text}\n</passage>\n\n'
    "Question: {question}\n\n"
    "Answer to check:\n{answer}\n\n"
    'Is the answer supported by the passage? Reply with JSON only: {{"verdict": "supported" or "unsupported", '
    '"reason": "one short sentence, in the language of the answer"}}'
)
_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)


def checkable(example: Example) -> bool:
    """A row can be checked when it was written from a chunk and has an answer."""
    return source_of(example.extra) is not None and bool(example.answer.strip())


def judge_messages(example: Example) -> list[dict[str, str]]:
    source = source_of(example.extra)
    assert source is not None, "only rows written from a chunk are checked"
    request = JUDGE_REQUEST.format(
        heading=source.heading or source.document, text=source.text, question=example.question, answer=example.answer
    )
    return [{"role": "system", "content": JUDGE_RULES}, {"role": "user", "content": request}]


def judge_requests(model: str, examples: Sequence[Example]) -> list[ChatRequest]:
    return [
        ChatRequest(
            key=str(example.id),
            model=model,
            messages=judge_messages(example),
            temperature=0.0,
            max_tokens=MAX_REPLY_TOKENS,
        )
        for example in examples
        if checkable(example)
    ]


def highest_cost_usd(
    model: str, examples: Sequence[Example], overrides: dict[str, dict[str, Any]] | None = None
) -> float | None:
    """What checking these rows can cost at most: every prompt plus the longest reply allowed."""
    requests = judge_requests(model, examples)
    if not requests:
        return 0.0
    prompt = sum(count.total for count in TokenCounter(model).count_many([r.messages for r in requests]))
    return chat_cost_usd(model, prompt, MAX_REPLY_TOKENS * len(requests), overrides=overrides)


def parse_verdict(text: str) -> tuple[str, str] | None:
    """``(verdict, reason)`` from the judge's reply (JSON, perhaps in a code fence); None when it isn't one."""
    found = _JSON_OBJECT.search(text or "")
    if found is None:
        return None
    try:
        reply = json.loads(found.group())
    except json.JSONDecodeError:
        return None
    verdict = str(reply.get("verdict", "")).strip().lower() if isinstance(reply, dict) else ""
    if verdict not in (grounding.VERDICT_SUPPORTED, grounding.VERDICT_UNSUPPORTED):
        return None
    return verdict, str(reply.get("reason", "")).strip()


@dataclass
class CheckOutcome:
    """What one run found: how many rows it checked, how many the chunk doesn't support, how many failed."""

    checked: int = 0
    unsupported: int = 0
    failed: int = 0
    error: str | None = None
    cost_usd: float = 0.0
    checks: list[grounding.GroundingCheck] = field(default_factory=list)


# Stored as the reason of a failed check whose reply was no verdict (not shown as is: the UI translates it).
REASON_UNREADABLE = "unreadable_reply"


def _check_from(example: Example, model: str, result: ChatResult | None, fatal: str | None) -> grounding.GroundingCheck:
    if result is None or not result.ok:
        why = (result.error if result is not None else None) or fatal or ""
        return grounding.GroundingCheck(example.id, grounding.VERDICT_FAILED, why, model, example.answer, now_iso())
    parsed = parse_verdict(result.text or "")
    if parsed is None:
        return grounding.GroundingCheck(
            example.id, grounding.VERDICT_FAILED, REASON_UNREADABLE, model, example.answer, now_iso()
        )
    verdict, reason = parsed
    return grounding.GroundingCheck(example.id, verdict, reason, model, example.answer, now_iso())


async def check_examples(
    connection: ConnectionSettings,
    model: str,
    examples: Sequence[Example],
    *,
    lang: str = "en",
    client: AsyncOpenAI | None = None,
) -> CheckOutcome:
    """Ask the judge about each checkable row; every row asked about gets a check, a failed one included."""
    results: dict[str, ChatResult] = {}
    summary = await run_requests(
        connection,
        judge_requests(model, examples),
        limits=Limits(lang=lang),
        on_result=lambda result: results.__setitem__(result.key, result),
        client=client,
    )
    outcome = CheckOutcome(error=summary.fatal_message)
    for example in examples:
        if not checkable(example):
            continue
        result = results.get(str(example.id))
        outcome.cost_usd += result.cost_usd if result is not None else 0.0
        check = _check_from(example, model, result, summary.fatal_message)
        outcome.checks.append(check)
        outcome.checked += check.verdict != grounding.VERDICT_FAILED
        outcome.unsupported += check.verdict == grounding.VERDICT_UNSUPPORTED
        outcome.failed += check.verdict == grounding.VERDICT_FAILED
    return outcome


def job_name(project_id: int, session_id: str) -> str:
    """One groundedness check per project and browser session at a time."""
    return f"groundedness-{project_id}-{session_id}"


def start(
    store: Store,
    project_id: int,
    connection: ConnectionSettings,
    model: str,
    examples: Sequence[Example],
    *,
    lang: str,
    session_id: str,
) -> bool:
    """Check the rows in the background runner and store each check; the page polls ``runner.outcome``."""
    chosen, path = [e for e in examples if checkable(e)], store.path

    async def work() -> CheckOutcome:
        outcome = await check_examples(connection, model, chosen, lang=lang)
        with Store(path) as own:
            grounding.save_checks(own, outcome.checks)
        return outcome

    return runner.start_background(
        job_name(project_id, session_id), work, kind=KIND_GROUNDEDNESS, project_id=project_id
    )

"""Comparison sets: the frozen items and contenders, their stored answers and progress, and what a run costs.

A *comparison* is a frozen list of contenders (model + system prompt + price,
optionally on another OpenAI-compatible endpoint) and a frozen list of items
(questions, with the reference answer and tags they had when the comparison
was made). Answers are written to the store as they arrive, so a reload never
loses any of it. The SQL is in ``core.data.comparisons``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from core.data import comparisons as db
from core.data.store import Example, Store, now_iso
from core.pricing import RequestCostEstimate, chat_cost_usd, encoding_for
from core.workflows.compare.contenders import KIND_CUSTOM, CompareError, Contender

EXPECTED_OUTPUT_TOKENS = 300  # used for the estimate when an item has no reference answer


# ---------------------------------------------------------------------- items
@dataclass(frozen=True)
class Item:
    """One question in a comparison, frozen when the comparison was made."""

    key: str
    question: str
    reference: str = ""
    tags: tuple[str, ...] = ()
    example_id: int | None = None
    # For a multi-turn example: the conversation before the last answer (no system message).
    history: tuple[dict[str, Any], ...] = ()

    def prompt(self, system_prompt: str) -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = [{"role": "system", "content": system_prompt}] if system_prompt else []
        if self.history:
            return messages + [dict(m) for m in self.history]
        return messages + [{"role": "user", "content": self.question}]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["tags"] = list(self.tags)
        data["history"] = list(self.history)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Item:
        return cls(
            key=str(data["key"]),
            question=str(data.get("question") or ""),
            reference=str(data.get("reference") or ""),
            tags=tuple(data.get("tags") or ()),
            example_id=data.get("example_id"),
            history=tuple(data.get("history") or ()),
        )


def item_from_example(example: Example) -> Item:
    """An example as a comparison item; its current answer becomes the reference."""
    history: tuple[dict[str, Any], ...] = ()
    if example.messages:
        turns = [dict(m) for m in example.messages if m.get("role") != "system"]
        while turns and turns[-1].get("role") == "assistant":
            turns.pop()
        history = tuple(turns)
    return Item(
        key=f"ex{example.id}",
        question=example.question,
        reference=example.answer or "",
        tags=tuple(example.tags),
        example_id=example.id,
        history=history,
    )


def items_from_examples(examples: Iterable[Example]) -> list[Item]:
    return [item_from_example(e) for e in examples if e.question.strip()]


def validation_split_ids(store: Store, project_id: int) -> list[int]:
    """The examples a fine-tune really holds out (its validation file); empty when it trains on all of them.

    Not simply the split's validation side: a part too small for a validation
    file is trained on (``core.dataset.upload_plan``), so it would not be unseen.
    """
    from core.dataset.upload_plan import plan_upload

    return list(plan_upload(store, project_id).valid_ids)


@dataclass
class Comparison:
    id: int
    project_id: int
    name: str
    contenders: list[Contender]
    items: list[Item]
    salt: str = field(repr=False)
    created_at: str
    judge: dict[str, Any] = field(default_factory=dict)

    def item(self, key: str) -> Item | None:
        return next((i for i in self.items if i.key == key), None)


def create_comparison(
    store: Store, project_id: int, name: str, contenders: Sequence[Contender], items: Sequence[Item]
) -> int:
    """Store a new comparison and one pending answer row per (item, contender)."""
    if len(contenders) < 2:
        raise CompareError("need_two")
    if not items:
        raise CompareError("no_items")
    # The salt keeps left/right placement unguessable; it is never shown.
    settings = {"salt": secrets.token_hex(16), "items": [i.to_dict() for i in items]}
    stamp = now_iso()
    return db.insert_comparison(
        store,
        project_id,
        name.strip() or stamp[:16],
        [c.to_dict() for c in contenders],
        settings,
        [(item.key, index, item.question) for item in items for index in range(len(contenders))],
        stamp,
    )


def load_comparison(store: Store, comparison_id: int) -> Comparison | None:
    row = db.comparison_row(store, comparison_id)
    if row is None:
        return None
    settings = row["settings"]
    return Comparison(
        id=row["id"],
        project_id=row["project_id"],
        name=row["name"],
        contenders=[Contender.from_dict(c) for c in row["contenders"]],
        items=[Item.from_dict(i) for i in settings.get("items", [])],
        salt=str(settings.get("salt", "")),
        created_at=row["created_at"],
        judge=dict(settings.get("judge") or {}),
    )


def list_comparisons(store: Store, project_id: int) -> list[tuple[int, str, str]]:
    """(id, name, created_at) of the project's comparisons, newest first."""
    return db.comparison_listing(store, project_id)


def comparison_label(comparison_id: int, name: str, created_at: str, timezone: str | None = None) -> str:
    """ "#3 name · 2026-11-29 19:47" in the browser's time zone (UTC when unknown or unreadable).

    The id keeps labels apart: a selectbox sends its label back, and two runs can share a name and a minute.
    """
    from datetime import datetime
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        when = datetime.fromisoformat(created_at)
        shown = when.astimezone(ZoneInfo(timezone)) if timezone and when.tzinfo else when
        stamp = shown.strftime("%Y-%m-%d %H:%M")
    except (ValueError, ZoneInfoNotFoundError):
        stamp = created_at[:16].replace("T", " ")
    return f"#{comparison_id} {name} · {stamp}"


def delete_comparison(store: Store, comparison_id: int) -> None:
    db.delete_comparison(store, comparison_id)


def update_comparison_settings(store: Store, comparison_id: int, **changes: Any) -> None:
    """Merge ``changes`` into the comparison's settings (judge rubric, last run's error…) in one transaction."""
    db.merge_comparison_settings(store, comparison_id, changes)


def comparison_setting(store: Store, comparison_id: int, key: str, default: Any = None) -> Any:
    """One value from the comparison's settings (e.g. ``run_problem``, ``judge_problem``)."""
    settings = db.comparison_settings(store, comparison_id)
    return settings.get(key, default) if settings is not None else default


def run_problem(store: Store, comparison_id: int) -> str | None:
    """The plain-language reason the last run stopped early, if it did."""
    return comparison_setting(store, comparison_id, "run_problem")


# -------------------------------------------------------------------- answers
@dataclass(frozen=True)
class StoredAnswer:
    item_key: str
    contender: int
    answer: str | None
    error: str | None
    prompt_tokens: int | None
    completion_tokens: int | None
    latency_s: float | None
    cost_usd: float | None


def stored_answers(store: Store, comparison_id: int) -> dict[tuple[str, int], StoredAnswer]:
    return {
        (r["item_key"], r["contender"]): StoredAnswer(
            r["item_key"],
            r["contender"],
            r["answer"],
            r["error"],
            r["prompt_tokens"],
            r["completion_tokens"],
            r["latency_s"],
            r["cost_usd"],
        )
        for r in db.answer_rows(store, comparison_id)
    }


def save_answer(
    store: Store,
    comparison_id: int,
    item_key: str,
    contender: int,
    *,
    answer: str | None,
    error: str | None = None,
    prompt_tokens: int | None = None,
    completion_tokens: int | None = None,
    latency_s: float | None = None,
    cost: float | None = None,
) -> None:
    """Write one answer (or its error) as soon as it arrives; an error never overwrites an answer."""
    db.save_answer(
        store,
        comparison_id,
        item_key,
        contender,
        answer=answer,
        error=error,
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        latency_s=latency_s,
        cost=cost,
    )


@dataclass(frozen=True)
class Progress:
    total: int
    answered: int
    failed: int

    @property
    def pending(self) -> int:
        return self.total - self.answered


def progress(store: Store, comparison_id: int) -> Progress:
    return Progress(*db.answer_counts(store, comparison_id))


def spent_usd(store: Store, comparison_id: int) -> float:
    return db.spent_usd(store, comparison_id)


# ----------------------------------------------------------------- estimate
TOKENS_PER_MESSAGE = 4  # role and separators around each message, as the engine counts them


def token_lengths(texts: Sequence[str], model: str) -> list[int]:
    """Tokens in each text for ``model``: one shared counter, each distinct text encoded once."""
    from core.tokens import TokenCounter

    return TokenCounter(model).text_lengths(list(texts))


def count_tokens(text: str, model: str) -> int:
    """Tokens in one text for ``model`` (an estimate when the encoding can't be loaded)."""
    return token_lengths([text], model)[0]


def estimate_run_cost(
    contenders: Sequence[Contender], items: Sequence[Item], done: Iterable[tuple[str, int]] = (), highest: bool = False
) -> RequestCostEstimate:
    """What answering every not-yet-answered (item, contender) will cost, before the run.

    Output is estimated from the reference answer's length (the model was
    trained to answer like it), else ``EXPECTED_OUTPUT_TOKENS``, capped at max_tokens;
    with ``highest``, every answer is priced at max_tokens (what the spend gate charges).
    Each distinct text is encoded once per tokenizer, however many contenders share it.
    """
    skip = set(done)
    work = [
        (index, contender, [item for item in items if (item.key, index) not in skip])
        for index, contender in enumerate(contenders)
    ]
    texts_by_encoding: dict[str, set[str]] = {}
    for _index, contender, todo in work:
        texts = texts_by_encoding.setdefault(encoding_for(contender.model), set())
        texts.update(str(m.get("content") or "") for item in todo for m in item.prompt(contender.system_prompt))
        texts.update(item.reference for item in todo)
    length_of: dict[str, dict[str, int]] = {}
    for encoding, texts in texts_by_encoding.items():
        ordered = sorted(texts)
        model = next(c.model for _i, c, _t in work if encoding_for(c.model) == encoding)
        length_of[encoding] = dict(zip(ordered, token_lengths(ordered, model), strict=True))
    requests = input_tokens = output_tokens = 0
    usd = 0.0
    unknown: list[str] = []
    for _index, contender, todo in work:
        lengths = length_of.get(encoding_for(contender.model), {})
        tokens_in = sum(
            lengths[str(m.get("content") or "")] + TOKENS_PER_MESSAGE
            for item in todo
            for m in item.prompt(contender.system_prompt)
        )
        tokens_out = (
            contender.max_tokens * len(todo)
            if highest
            else sum(
                min(contender.max_tokens, lengths[item.reference] if item.reference else EXPECTED_OUTPUT_TOKENS)
                for item in todo
            )
        )
        requests += len(todo)
        input_tokens += tokens_in
        output_tokens += tokens_out
        cost = chat_cost_usd(contender.prices, tokens_in, tokens_out)
        if cost is None:
            if todo:
                unknown.append(contender.name)
        else:
            usd += cost
    return RequestCostEstimate(requests, input_tokens, output_tokens, usd, highest, tuple(unknown))


def session_key_cost(
    contenders: Sequence[Contender], items: Sequence[Item], done: Iterable[tuple[str, int]] = ()
) -> tuple[float | None, float | None]:
    """Highest cost of a run in all, and of the part on the session's key (other endpoints bring their own).

    None where a price is unknown.
    """
    done = list(done)
    total = mine = 0.0
    total_unknown = mine_unknown = False
    for index, contender in enumerate(contenders):
        part = estimate_run_cost([contender], items, [(key, 0) for key, i in done if i == index], highest=True)
        unknown = bool(part.unknown_price)
        total, total_unknown = total + part.usd, total_unknown or unknown
        if contender.kind != KIND_CUSTOM:
            mine, mine_unknown = mine + part.usd, mine_unknown or unknown
    return (None if total_unknown else total), (None if mine_unknown else mine)

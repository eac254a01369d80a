"""Compare models on the user's own questions: contenders, stored answers, runs, verdicts back into the data.

A *comparison* is a frozen list of contenders (model + system prompt + price,
optionally on another OpenAI-compatible endpoint) and a frozen list of items
(questions, with the reference answer and tags they had when the comparison
was made). Answers, human votes and judge verdicts are written to the store as
they arrive (tables ``comparisons``, ``comparison_answers``, ``votes``), so a
reload never loses any of it. Blind placement, votes, win rates and the judge's
verdict maths live in ``core.workflows.blind_votes``.

Keys never enter this module's storage: a custom endpoint is stored with its
base URL and an ``endpoint_id``; the page keeps that endpoint's key in session
memory and hands a ``ConnectionSettings`` to the run.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import secrets
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field, replace
from itertools import combinations
from typing import Any

from core.workflows.blind_votes import (CHOICE_NO_VERDICT, CHOICE_TIE, JUDGE_TIE, VOTER_HUMAN, VOTER_JUDGE, BlindPair, Vote,
                     aggregate_judge, get_vote, judge_messages, list_votes, no_verdict_reason, parse_verdict,
                     record_vote, review_queue)
from core.providers.client import PROVIDER_COMPATIBLE, ConnectionSettings, make_client
from core.pricing import ChatPrices, RequestCostEstimate, chat_cost_usd, chat_prices
from core.errors import StudioError
from core.dataset.export import neutralise_cell
from core.pricing import SETTING_OVERRIDES, encoding_for
from core.dataset.sample import SETTING_GENERATION_PROMPT, SETTING_TRAINING_PROMPT
from core.data.store import Example, NewExample, Store, now_iso

KIND_BASE = "base"
KIND_FINE_TUNED = "fine_tuned"
KIND_CHECKPOINT = "checkpoint"
KIND_CUSTOM = "custom"
KINDS: tuple[str, ...] = (KIND_BASE, KIND_FINE_TUNED, KIND_CHECKPOINT, KIND_CUSTOM)

DEFAULT_MAX_TOKENS = 800
DEFAULT_TEMPERATURE = 0.0     # comparisons are about the model, not the dice
EXPECTED_OUTPUT_TOKENS = 300  # used for the estimate when an item has no reference answer
JUDGE_OUTPUT_TOKENS = 5
SOURCE_COMPARE = "compare"
COMPARE_TAG = "compare"  # marks rows that came from a comparison in Curate
_KEY_SEPARATOR = "|"


class CompareError(StudioError):
    """A problem the user can fix; ``code`` is a ``compare.error.*`` translation key suffix."""

    KEY_PREFIX = "compare.error."


# --------------------------------------------------------------- contenders
@dataclass(frozen=True)
class Contender:
    """One model in a comparison, with the system prompt and price it runs with."""

    model: str
    kind: str = KIND_BASE
    system_prompt: str = ""
    label: str = ""
    base_url: str | None = None      # only for a custom endpoint
    endpoint_id: str | None = None   # names the session-only key of a custom endpoint
    input_price_per_1m: float | None = None
    output_price_per_1m: float | None = None
    temperature: float = DEFAULT_TEMPERATURE
    max_tokens: int = DEFAULT_MAX_TOKENS

    @property
    def name(self) -> str:
        return self.label.strip() or self.model

    @property
    def prices(self) -> ChatPrices | None:
        """The price this contender runs at; None when it is unknown (e.g. a custom endpoint)."""
        if self.input_price_per_1m is None or self.output_price_per_1m is None:
            return None
        return ChatPrices(self.input_price_per_1m, self.output_price_per_1m)

    @property
    def uid(self) -> str:
        """Stable within a project: the model, or the custom endpoint's id."""
        return self.endpoint_id or self.model

    @property
    def endpoint(self) -> str:
        """Contenders with the same endpoint share one client and one rate limit."""
        return (self.endpoint_id or "") if self.kind == KIND_CUSTOM else ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Contender:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def kind_of_model(model: str) -> str:
    """'ft:…:ckpt-step-88' → checkpoint, 'ft:…' → fine-tuned, anything else → base."""
    if model.startswith("ft:"):
        return KIND_CHECKPOINT if ":ckpt-step-" in model else KIND_FINE_TUNED
    return KIND_BASE


def default_prices(model: str, kind: str, overrides: Mapping[str, Any] | None = None
                   ) -> tuple[float | None, float | None]:
    """(input, output) US$ per 1M tokens from ``core.pricing``; fine-tunes bill their own rate."""
    if kind == KIND_CUSTOM:
        return None, None
    prices = chat_prices(model, dict(overrides or {}), fine_tuned=kind in (KIND_FINE_TUNED, KIND_CHECKPOINT))
    if prices is None:
        return None, None
    return prices.input_per_1m, prices.output_per_1m


def default_system_prompt(store: Store, project_id: int, kind: str) -> str:
    """A fine-tune runs with the short training prompt; other models with the long generation prompt."""
    settings = store.get_settings(project_id)
    training = str(settings.get(SETTING_TRAINING_PROMPT) or "")
    generation = str(settings.get(SETTING_GENERATION_PROMPT) or "")
    if kind in (KIND_FINE_TUNED, KIND_CHECKPOINT):
        return training or generation
    return generation or training


def make_contender(store: Store, project_id: int, model: str, *, kind: str | None = None,
                   base_url: str | None = None, endpoint_id: str | None = None, label: str = "",
                   system_prompt: str | None = None) -> Contender:
    """A contender with the project's default prompt and the table's price for ``model``."""
    chosen_kind = kind or kind_of_model(model)
    prices = default_prices(model, chosen_kind, store.get_setting(project_id, SETTING_OVERRIDES, {}))
    prompt = default_system_prompt(store, project_id, chosen_kind) if system_prompt is None else system_prompt
    return Contender(model=model.strip(), kind=chosen_kind, system_prompt=prompt, label=label,
                     base_url=base_url, endpoint_id=endpoint_id,
                     input_price_per_1m=prices[0], output_price_per_1m=prices[1])


def connection_for(contender: Contender, session: ConnectionSettings,
                   endpoint_keys: Mapping[str, str]) -> ConnectionSettings:
    """The connection a contender runs on: the session's, or its own endpoint with its own key."""
    if contender.kind != KIND_CUSTOM:
        return session
    return ConnectionSettings(provider=PROVIDER_COMPATIBLE, api_key=endpoint_keys.get(contender.endpoint_id or ""),
                              base_url=contender.base_url, timeout_s=session.timeout_s)


# Project setting: the picked contenders (no keys in them).
SETTING_CONTENDERS = "compare_contenders"
EDITABLE_CONTENDER_FIELDS = frozenset({"system_prompt", "input_price_per_1m", "output_price_per_1m", "label",
                                       "temperature", "max_tokens"})


def saved_contenders(store: Store, project_id: int) -> list[Contender]:
    """The contenders picked for this project, as last saved (survives reloads and restarts)."""
    return [Contender.from_dict(c) for c in store.get_setting(project_id, SETTING_CONTENDERS, []) or []]


def save_contenders(store: Store, project_id: int, contenders: Sequence[Contender]) -> None:
    store.set_setting(project_id, SETTING_CONTENDERS, [c.to_dict() for c in contenders])


def choose_models(store: Store, project_id: int, models: Sequence[str]) -> list[Contender]:
    """Make ``models`` the picked (non-custom) contenders, keeping the edits of ones already picked."""
    current = saved_contenders(store, project_id)
    by_model = {c.model: c for c in current if c.kind != KIND_CUSTOM}
    chosen = [by_model.get(m) or make_contender(store, project_id, m) for m in dict.fromkeys(models) if m.strip()]
    chosen += [c for c in current if c.kind == KIND_CUSTOM]
    save_contenders(store, project_id, chosen)
    return chosen


def add_custom_contender(store: Store, project_id: int, model: str, base_url: str, label: str = "") -> Contender:
    """Add a model on another OpenAI-compatible endpoint (vLLM, Ollama…); its key stays with the caller."""
    clean_url = base_url.strip().rstrip("/")
    if not model.strip():
        raise CompareError("no_model")
    if not re.match(r"^https?://[^\s/]+", clean_url):
        raise CompareError("bad_base_url", url=clean_url)
    contender = make_contender(store, project_id, model, kind=KIND_CUSTOM, base_url=clean_url,
                               endpoint_id="ep-" + secrets.token_hex(4), label=label.strip())
    save_contenders(store, project_id, [*saved_contenders(store, project_id), contender])
    return contender


def remove_contender(store: Store, project_id: int, uid: str) -> None:
    save_contenders(store, project_id, [c for c in saved_contenders(store, project_id) if c.uid != uid])


def edit_contender(store: Store, project_id: int, uid: str, **changes: Any) -> None:
    """Change a picked contender's prompt, price or label (written at once)."""
    unknown = set(changes) - EDITABLE_CONTENDER_FIELDS
    if unknown:
        raise CompareError("unknown_fields", fields=sorted(unknown))
    save_contenders(store, project_id, [replace(c, **changes) if c.uid == uid else c
                                        for c in saved_contenders(store, project_id)])


SETTING_PRESELECTED = "compare_preselected"  # [fine-tune, base] the picker was last given by itself
JOB_SUCCEEDED = "succeeded"


def preselect_newest_fine_tune(store: Store, project_id: int) -> list[str] | None:
    """Pick the newest finished fine-tune against its base model, both with the training prompt.

    Only when nothing is picked yet, or the picks are still the previous pair this put there
    untouched (a newer fine-tune then takes its place). Returns the models picked, else None.
    """
    try:
        from core.workflows.finetune import list_project_jobs
    except ImportError:
        return None
    job = next((j for j in list_project_jobs(store, project_id)
                if j.status == JOB_SUCCEEDED and j.fine_tuned_model), None)
    if job is None:
        return None
    pair = [str(job.fine_tuned_model), job.base_model]
    previous = store.get_setting(project_id, SETTING_PRESELECTED)
    current = saved_contenders(store, project_id)
    picked = [c.model for c in current if c.kind != KIND_CUSTOM]
    if previous == pair or (picked and picked != previous):
        return None
    # The same prompt on both sides: the comparison is about what training changed, not the prompt.
    prompt = default_system_prompt(store, project_id, KIND_FINE_TUNED)
    chosen = [make_contender(store, project_id, model, system_prompt=prompt) for model in pair]
    save_contenders(store, project_id, [*chosen, *(c for c in current if c.kind == KIND_CUSTOM)])
    store.set_setting(project_id, SETTING_PRESELECTED, pair)
    return pair


def model_choices(store: Store, project_id: int, listed_models: Sequence[str]) -> list[str]:
    """What the picker offers: this project's fine-tunes and checkpoints, then the models the server lists.

    Only models that exist: nothing typed in. A model on another server is a custom contender.
    """
    return list(dict.fromkeys([*project_fine_tuned_models(store, project_id), *listed_models]))


def project_fine_tuned_models(store: Store, project_id: int) -> list[str]:
    """Fine-tuned and checkpoint models from this project's jobs (the fine-tune slice owns the table)."""
    try:
        from core.workflows.finetune import fine_tuned_models
    except ImportError:
        rows = store.conn.execute(
            "SELECT fine_tuned_model FROM ft_jobs WHERE project_id = ? AND fine_tuned_model IS NOT NULL"
            " ORDER BY id DESC", (project_id,))
        return list(dict.fromkeys(str(r[0]) for r in rows if r[0]))
    return list(fine_tuned_models(store, project_id))


# -------------------------------------------------------------- comparisons
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
        return cls(key=str(data["key"]), question=str(data.get("question") or ""),
                   reference=str(data.get("reference") or ""), tags=tuple(data.get("tags") or ()),
                   example_id=data.get("example_id"), history=tuple(data.get("history") or ()))


def item_from_example(example: Example) -> Item:
    """An example as a comparison item; its current answer becomes the reference."""
    history: tuple[dict[str, Any], ...] = ()
    if example.messages:
        turns = [dict(m) for m in example.messages if m.get("role") != "system"]
        while turns and turns[-1].get("role") == "assistant":
            turns.pop()
        history = tuple(turns)
    return Item(key=f"ex{example.id}", question=example.question, reference=example.answer or "",
                tags=tuple(example.tags), example_id=example.id, history=history)


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


def create_comparison(store: Store, project_id: int, name: str, contenders: Sequence[Contender],
                      items: Sequence[Item]) -> int:
    """Store a new comparison and one pending answer row per (item, contender)."""
    if len(contenders) < 2:
        raise CompareError("need_two")
    if not items:
        raise CompareError("no_items")
    # The salt keeps left/right placement unguessable; it is never shown.
    settings = {"salt": secrets.token_hex(16), "items": [i.to_dict() for i in items]}
    stamp = now_iso()
    with store.tx() as conn:
        comparison_id = int(conn.execute(
            "INSERT INTO comparisons (project_id, name, contenders, settings, created_at) VALUES (?, ?, ?, ?, ?)",
            (project_id, name.strip() or stamp[:16], json.dumps([c.to_dict() for c in contenders], ensure_ascii=False),
             json.dumps(settings, ensure_ascii=False), stamp)).lastrowid)
        conn.executemany(
            "INSERT INTO comparison_answers (comparison_id, item_key, contender, question, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [(comparison_id, item.key, index, item.question, stamp)
             for item in items for index in range(len(contenders))])
    return comparison_id


def _comparison_from_row(row: Any) -> Comparison:
    settings = json.loads(row["settings"])
    return Comparison(id=row["id"], project_id=row["project_id"], name=row["name"],
                      contenders=[Contender.from_dict(c) for c in json.loads(row["contenders"])],
                      items=[Item.from_dict(i) for i in settings.get("items", [])],
                      salt=str(settings.get("salt", "")), created_at=row["created_at"],
                      judge=dict(settings.get("judge") or {}))


def load_comparison(store: Store, comparison_id: int) -> Comparison | None:
    row = store.conn.execute("SELECT * FROM comparisons WHERE id = ?", (comparison_id,)).fetchone()
    return _comparison_from_row(row) if row else None


def list_comparisons(store: Store, project_id: int) -> list[tuple[int, str, str]]:
    """(id, name, created_at) of the project's comparisons, newest first."""
    rows = store.conn.execute("SELECT id, name, created_at FROM comparisons WHERE project_id = ? ORDER BY id DESC",
                              (project_id,))
    return [(r["id"], r["name"], r["created_at"]) for r in rows]


def comparison_label(comparison_id: int, name: str, created_at: str, timezone: str | None = None) -> str:
    """"#3 name · 2026-11-29 19:47" in the browser's time zone (UTC when unknown or unreadable).

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
    with store.tx() as conn:
        conn.execute("DELETE FROM comparisons WHERE id = ?", (comparison_id,))


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
    rows = store.conn.execute("SELECT * FROM comparison_answers WHERE comparison_id = ?", (comparison_id,))
    return {(r["item_key"], r["contender"]): StoredAnswer(
        r["item_key"], r["contender"], r["answer"], r["error"], r["prompt_tokens"], r["completion_tokens"],
        r["latency_s"], r["cost_usd"]) for r in rows}


def save_answer(store: Store, comparison_id: int, item_key: str, contender: int, *, answer: str | None,
                error: str | None = None, prompt_tokens: int | None = None, completion_tokens: int | None = None,
                latency_s: float | None = None, cost: float | None = None) -> None:
    """Write one answer (or its error) as soon as it arrives; an error never overwrites an answer."""
    with store.tx() as conn:
        conn.execute(
            "UPDATE comparison_answers SET answer = COALESCE(?, answer), error = ?, prompt_tokens = ?,"
            " completion_tokens = ?, latency_s = ?, cost_usd = ?, created_at = ?"
            " WHERE comparison_id = ? AND item_key = ? AND contender = ?",
            (answer, None if answer is not None else error, prompt_tokens, completion_tokens, latency_s, cost,
             now_iso(), comparison_id, item_key, contender))


@dataclass(frozen=True)
class Progress:
    total: int
    answered: int
    failed: int

    @property
    def pending(self) -> int:
        return self.total - self.answered


def progress(store: Store, comparison_id: int) -> Progress:
    r = store.conn.execute(
        "SELECT COUNT(*) AS total, SUM(answer IS NOT NULL) AS answered,"
        " SUM(answer IS NULL AND error IS NOT NULL) AS failed FROM comparison_answers WHERE comparison_id = ?",
        (comparison_id,)).fetchone()
    return Progress(int(r["total"] or 0), int(r["answered"] or 0), int(r["failed"] or 0))


def spent_usd(store: Store, comparison_id: int) -> float:
    r = store.conn.execute("SELECT SUM(cost_usd) FROM comparison_answers WHERE comparison_id = ?",
                           (comparison_id,)).fetchone()
    return float(r[0] or 0.0)


# ----------------------------------------------------------------- estimate
TOKENS_PER_MESSAGE = 4  # role and separators around each message, as the engine counts them


def token_lengths(texts: Sequence[str], model: str) -> list[int]:
    """Tokens in each text for ``model``: one shared counter, each distinct text encoded once."""
    from core.tokens import TokenCounter

    return TokenCounter(model).text_lengths(list(texts))


def count_tokens(text: str, model: str) -> int:
    """Tokens in one text for ``model`` (an estimate when the encoding can't be loaded)."""
    return token_lengths([text], model)[0]


def estimate_run_cost(contenders: Sequence[Contender], items: Sequence[Item],
                      done: Iterable[tuple[str, int]] = (), highest: bool = False) -> RequestCostEstimate:
    """What answering every not-yet-answered (item, contender) will cost, before the run.

    Output is estimated from the reference answer's length (the model was
    trained to answer like it), else ``EXPECTED_OUTPUT_TOKENS``, capped at max_tokens;
    with ``highest``, every answer is priced at max_tokens (what the spend gate charges).
    Each distinct text is encoded once per tokenizer, however many contenders share it.
    """
    skip = set(done)
    work = [(index, contender, [item for item in items if (item.key, index) not in skip])
            for index, contender in enumerate(contenders)]
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
        tokens_in = sum(lengths[str(m.get("content") or "")] + TOKENS_PER_MESSAGE
                        for item in todo for m in item.prompt(contender.system_prompt))
        tokens_out = contender.max_tokens * len(todo) if highest else sum(
            min(contender.max_tokens, lengths[item.reference] if item.reference else EXPECTED_OUTPUT_TOKENS)
            for item in todo)
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


# ---------------------------------------------------------------- running a set
def request_key(item_key: str, contender: int) -> str:
    return f"{contender}{_KEY_SEPARATOR}{item_key}"


def parse_request_key(key: str) -> tuple[str, int]:
    contender, item_key = key.split(_KEY_SEPARATOR, 1)
    return item_key, int(contender)


def pending_requests(comparison: Comparison, answers: Mapping[tuple[str, int], StoredAnswer]
                     ) -> dict[str, list[Any]]:
    """Engine requests for every answer still missing, grouped by endpoint (resume = run this again)."""
    from core.providers.request_runner import ChatRequest

    groups: dict[str, list[Any]] = {}
    for index, contender in enumerate(comparison.contenders):
        for item in comparison.items:
            stored = answers.get((item.key, index))
            if stored is not None and stored.answer is not None:
                continue
            groups.setdefault(contender.endpoint, []).append(ChatRequest(
                key=request_key(item.key, index), model=contender.model,
                messages=item.prompt(contender.system_prompt), temperature=contender.temperature,
                max_tokens=contender.max_tokens))
    return groups


def _engine_limits(store: Store, project_id: int, lang: str) -> Any:
    """The engine's default limits, with this project's price edits and the user's language for errors."""
    from core.providers.request_runner import Limits

    return Limits(lang=lang, price_overrides=store.get_setting(project_id, SETTING_OVERRIDES, None) or None)


def update_comparison_settings(store: Store, comparison_id: int, **changes: Any) -> None:
    """Merge ``changes`` into the comparison's settings (judge rubric, last run's error…)."""
    with store.tx() as conn:
        row = conn.execute("SELECT settings FROM comparisons WHERE id = ?", (comparison_id,)).fetchone()
        if row is None:
            return
        settings = {**json.loads(row["settings"]), **changes}
        conn.execute("UPDATE comparisons SET settings = ? WHERE id = ?",
                     (json.dumps(settings, ensure_ascii=False), comparison_id))


def comparison_setting(store: Store, comparison_id: int, key: str, default: Any = None) -> Any:
    """One value from the comparison's settings (e.g. ``run_problem``, ``judge_problem``)."""
    row = store.conn.execute("SELECT settings FROM comparisons WHERE id = ?", (comparison_id,)).fetchone()
    return json.loads(row["settings"]).get(key, default) if row else default


def run_problem(store: Store, comparison_id: int) -> str | None:
    """The plain-language reason the last run stopped early, if it did."""
    return comparison_setting(store, comparison_id, "run_problem")


async def run_comparison(store_path: str, comparison_id: int,
                         settings_for: Callable[[Contender], ConnectionSettings],
                         should_stop: Callable[[], bool] = lambda: False, lang: str = "en") -> None:
    """Answer every missing (item, contender) through the engine, each endpoint concurrently.

    Every result is written to the store as it arrives, so stopping, a reload
    or a crash loses at most the requests in flight; running again resumes.
    """
    from core.providers.request_runner import run_requests

    with Store(store_path) as store:
        comparison = load_comparison(store, comparison_id)
        if comparison is None:
            return
        groups = pending_requests(comparison, stored_answers(store, comparison_id))

        def on_result(result: Any) -> None:
            item_key, index = parse_request_key(result.key)
            contender = comparison.contenders[index]
            # The contender's own price (the user may have edited it, or it is a custom endpoint).
            cost = chat_cost_usd(contender.prices, result.prompt_tokens, result.completion_tokens)
            save_answer(store, comparison_id, item_key, index,
                        answer=None if result.error else (result.text or ""), error=result.error,
                        prompt_tokens=result.prompt_tokens, completion_tokens=result.completion_tokens,
                        latency_s=result.latency_s, cost=cost)

        update_comparison_settings(store, comparison_id, run_problem=None)
        limits = _engine_limits(store, comparison.project_id, lang)
        runs = []
        for requests in groups.values():
            first = comparison.contenders[parse_request_key(requests[0].key)[1]]
            runs.append(run_requests(settings_for(first), requests, limits=limits,
                                     on_result=on_result, should_stop=should_stop))
        summaries = await asyncio.gather(*runs)
        problems = [s.fatal_message for s in summaries if getattr(s, "fatal_message", None)]
        if problems:
            update_comparison_settings(store, comparison_id, run_problem=problems[0])


def worker_name(comparison_id: int, what: str = "answers") -> str:
    return f"compare-{what}-{comparison_id}"


def claim(store_path: str, name: str, kind: str, key_fingerprint: str | None, owner_unlocked: bool) -> bool:
    """Record that job ``name`` goes on with this key; False when it was started with another one."""
    from core.workflows import job_keys

    with Store(store_path) as store:
        if not job_keys.may_control(store, name, key_fingerprint, owner_unlocked):
            return False
        job_keys.record(store, name, kind, None, key_fingerprint)
    return True


def start_run(store_path: str, comparison_id: int,
              settings_for: Callable[[Contender], ConnectionSettings], lang: str = "en",
              key_fingerprint: str | None = None, owner_unlocked: bool = False) -> bool:
    """Run the comparison in the background worker; False when it is already running or isn't this key's."""
    from core.workflows import job_keys
    from core.workflows import runner

    name = worker_name(comparison_id)
    if runner.is_running(name):
        return False
    if key_fingerprint is not None and not claim(store_path, name, job_keys.KIND_COMPARE, key_fingerprint,
                                                 owner_unlocked):
        return False
    runner.start_background(name, lambda: run_comparison(
        store_path, comparison_id, settings_for, should_stop=lambda: runner.stop_requested(name), lang=lang))
    return True


def is_running(comparison_id: int, what: str = "answers") -> bool:
    try:
        from core.workflows import runner
    except ImportError:
        return False
    return bool(runner.is_running(worker_name(comparison_id, what)))


# ----------------------------------------------------------- ad-hoc (streamed)
@dataclass
class AnswerStats:
    """Filled in while an ad-hoc answer streams: tokens, latency and cost."""

    text: str = ""
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    latency_s: float | None = None
    first_token_s: float | None = None
    cost_usd: float | None = None
    error: BaseException | None = None


def stream_answer(settings: ConnectionSettings, contender: Contender, question: str,
                  stats: AnswerStats) -> Iterator[str]:
    """Yield the contender's answer as it is generated (for ``st.write_stream``); ``stats`` fills in.

    Errors are caught into ``stats.error`` so the page can explain them; the
    stream then simply ends.
    """
    started = time.monotonic()
    messages = Item(key="adhoc", question=question).prompt(contender.system_prompt)
    try:
        stream = make_client(settings).chat.completions.create(
            model=settings.deployment_for(contender.model), messages=messages, stream=True,
            stream_options={"include_usage": True}, temperature=contender.temperature,
            max_tokens=contender.max_tokens)
        for chunk in stream:
            if getattr(chunk, "usage", None):
                stats.prompt_tokens = chunk.usage.prompt_tokens
                stats.completion_tokens = chunk.usage.completion_tokens
            for choice in chunk.choices or []:
                piece = getattr(choice.delta, "content", None)
                if piece:
                    if stats.first_token_s is None:
                        stats.first_token_s = time.monotonic() - started
                    stats.text += piece
                    yield piece
    except Exception as error:  # noqa: BLE001 - shown to the user as a plain sentence
        stats.error = error
    stats.latency_s = time.monotonic() - started
    if stats.error is None:
        if stats.prompt_tokens is None:  # the endpoint sent no usage: count it ourselves
            stats.prompt_tokens = count_tokens("\n".join(m["content"] for m in messages), contender.model)
            stats.completion_tokens = count_tokens(stats.text, contender.model)
        stats.cost_usd = chat_cost_usd(contender.prices, stats.prompt_tokens, stats.completion_tokens)

def stream_side_by_side(runs: Sequence[tuple[ConnectionSettings, Contender]], question: str,
                        refresh_s: float = 0.1) -> Iterator[list[AnswerStats]]:
    """Stream every contender's answer at the same time (one thread each).

    Yields the list of ``AnswerStats`` (one per run, growing as text arrives)
    every ``refresh_s`` until all are done, then once more with the final
    figures, so the page can redraw the answers side by side as they come.
    """
    stats = [AnswerStats() for _ in runs]

    def consume(index: int) -> None:
        settings, contender = runs[index]
        for _piece in stream_answer(settings, contender, question, stats[index]):
            pass

    with ThreadPoolExecutor(max_workers=max(1, len(runs)), thread_name_prefix="compare-adhoc") as pool:
        pending = {pool.submit(consume, index) for index in range(len(runs))}
        while pending:
            _done, pending = wait(pending, timeout=refresh_s)
            yield stats
    yield stats


# ------------------------------------------------------------------ blind review
def pairs_to_review(store: Store, comparison: Comparison, voter: str = VOTER_HUMAN) -> list[BlindPair]:
    """Pairs with both answers present and no vote yet from ``voter``, in the salted review order."""
    answers = stored_answers(store, comparison.id)
    voted = {(v.item_key, frozenset((v.contender_a, v.contender_b))) for v in list_votes(store, comparison.id, voter)}
    waiting = []
    for pair in review_queue(comparison.salt, [i.key for i in comparison.items], len(comparison.contenders)):
        if (pair.item_key, frozenset((pair.left, pair.right))) in voted:
            continue
        left, right = answers.get((pair.item_key, pair.left)), answers.get((pair.item_key, pair.right))
        if left and right and left.answer is not None and right.answer is not None:
            waiting.append(pair)
    return waiting


def next_blind_pair(store: Store, comparison: Comparison, voter: str = VOTER_HUMAN) -> BlindPair | None:
    """The next pair to review; None when every answered pair has a vote from ``voter``."""
    waiting = pairs_to_review(store, comparison, voter)
    return waiting[0] if waiting else None


def session_key_cost(contenders: Sequence[Contender], items: Sequence[Item],
                     done: Iterable[tuple[str, int]] = ()) -> tuple[float | None, float | None]:
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


def judge_pairs(store: Store, comparison: Comparison) -> list[BlindPair]:
    """Pairs (in canonical order: A = lower index) with both answers and no judge verdict yet.

    A pair the judge gave no verdict on is asked again (perhaps with another judge model).
    """
    answers = stored_answers(store, comparison.id)
    judged = {(v.item_key, frozenset((v.contender_a, v.contender_b)))
              for v in list_votes(store, comparison.id, VOTER_JUDGE) if v.choice != CHOICE_NO_VERDICT}
    pairs = []
    for item in comparison.items:
        for a, b in combinations(range(len(comparison.contenders)), 2):
            if (item.key, frozenset((a, b))) in judged:
                continue
            left, right = answers.get((item.key, a)), answers.get((item.key, b))
            if left and right and left.answer is not None and right.answer is not None:
                pairs.append(BlindPair(item.key, a, b))
    return pairs


def estimate_judge_cost(store: Store, comparison: Comparison, rubric: str,
                        judge: Contender) -> RequestCostEstimate:
    """Both orderings of every pair still to judge, at the judge model's price."""
    answers = stored_answers(store, comparison.id)
    requests = tokens_in = 0
    for pair in judge_pairs(store, comparison):
        item = comparison.item(pair.item_key)
        if item is None:
            continue
        text = "\n".join(m["content"] for m in judge_messages(
            rubric, item.question, item.reference, answers[(pair.item_key, pair.left)].answer or "", answers[(pair.item_key, pair.right)].answer or ""))
        tokens_in += 2 * (count_tokens(text, judge.model) + 8)
        requests += 2
    tokens_out = requests * JUDGE_OUTPUT_TOKENS
    cost = chat_cost_usd(judge.prices, tokens_in, tokens_out)
    return RequestCostEstimate(requests, tokens_in, tokens_out, cost or 0.0, highest=True,
                               unknown_price=() if cost is not None else (judge.name,))


def save_judge_settings(store: Store, comparison_id: int, rubric: str, judge: Contender) -> None:
    update_comparison_settings(store, comparison_id, judge={"rubric": rubric, "contender": judge.to_dict()})


async def run_judge(store_path: str, comparison_id: int, rubric: str, judge: Contender,
                    settings: ConnectionSettings, should_stop: Callable[[], bool] = lambda: False,
                    lang: str = "en") -> None:
    """Ask the judge about every pair in both orders; store one aggregated verdict per pair (voter "judge")."""
    from core.providers.request_runner import ChatRequest, run_requests

    with Store(store_path) as store:
        comparison = load_comparison(store, comparison_id)
        if comparison is None:
            return
        answers = stored_answers(store, comparison_id)
        requests, halves = [], {}
        for pair in judge_pairs(store, comparison):
            item = comparison.item(pair.item_key)
            a_text, b_text = answers[(pair.item_key, pair.left)].answer, answers[(pair.item_key, pair.right)].answer
            for order, (first, second) in (("ab", (a_text, b_text)), ("ba", (b_text, a_text))):
                key = f"{order}{_KEY_SEPARATOR}{pair.left}{_KEY_SEPARATOR}{pair.right}{_KEY_SEPARATOR}{pair.item_key}"
                requests.append(ChatRequest(key=key, model=judge.model, temperature=0.0, max_tokens=JUDGE_OUTPUT_TOKENS,
                                            messages=judge_messages(rubric, item.question, item.reference, first or "", second or "")))

        def on_result(result: Any) -> None:
            order, left, right, item_key = result.key.split(_KEY_SEPARATOR, 3)
            slot = halves.setdefault((item_key, int(left), int(right)), {})
            slot[order] = None if result.error else (result.text or "")
            slot["cost"] = slot.get("cost", 0.0) + (chat_cost_usd(judge.prices, result.prompt_tokens, result.completion_tokens) or 0.0)
            if "ab" in slot and "ba" in slot and slot["ab"] is not None and slot["ba"] is not None:
                record_judge_verdict(store, comparison_id, BlindPair(item_key, int(left), int(right)),
                                     slot["ab"], slot["ba"], judge.model, slot["cost"])

        if requests:
            summary = await run_requests(settings, requests, limits=_engine_limits(store, comparison.project_id, lang),
                                         on_result=on_result, should_stop=should_stop)
            update_comparison_settings(store, comparison_id, judge_problem=summary.fatal_message)


def record_judge_verdict(store: Store, comparison_id: int, pair: BlindPair, raw_ab: str, raw_ba: str,
                         model: str, cost: float | None = None) -> int:
    """Store the judge's aggregated verdict with both raw answers (kept apart from human votes).

    An unreadable reply is stored as "no verdict" with its reason; it replaces an earlier
    no-verdict on the same pair, so asking again never counts a pair twice.
    """
    verdict_ab, verdict_ba = parse_verdict(raw_ab), parse_verdict(raw_ba)
    choice = aggregate_judge(verdict_ab, verdict_ba)
    with store.tx() as conn:
        conn.execute("DELETE FROM votes WHERE comparison_id = ? AND item_key = ? AND voter = ? AND choice = ? AND"
                     " ((contender_a = ? AND contender_b = ?) OR (contender_a = ? AND contender_b = ?))",
                     (comparison_id, pair.item_key, VOTER_JUDGE, CHOICE_NO_VERDICT, pair.left, pair.right,
                      pair.right, pair.left))
    consistent = None if choice == CHOICE_NO_VERDICT else choice != CHOICE_TIE or verdict_ab == JUDGE_TIE
    return record_vote(store, comparison_id, pair, choice, voter=VOTER_JUDGE,
                       data={"model": model, "ab": raw_ab, "ba": raw_ba, "verdict_ab": verdict_ab,
                             "verdict_ba": verdict_ba, "consistent": consistent, "cost_usd": cost,
                             "reason": no_verdict_reason(raw_ab, raw_ba)})


def start_judge(store_path: str, comparison_id: int, rubric: str, judge: Contender,
                settings: ConnectionSettings, lang: str = "en", owner_unlocked: bool = False) -> bool:
    """Let the judge vote in the background with this key; False when it runs already or isn't this key's."""
    from core.workflows import job_keys
    from core.workflows import runner

    name = worker_name(comparison_id, "judge")
    if runner.is_running(name):
        return False
    with Store(store_path) as store:
        fingerprint = job_keys.fingerprint(store, settings.api_key)
    if not claim(store_path, name, job_keys.KIND_JUDGE, fingerprint, owner_unlocked):
        return False
    runner.start_background(name, lambda: run_judge(store_path, comparison_id, rubric, judge, settings,
                                                     should_stop=lambda: runner.stop_requested(name), lang=lang))
    return True


# ---------------------------------------------------------- back into the data
def _decisive(store: Store, vote_id: int) -> tuple[Vote, Comparison, Item, str, str]:
    vote = get_vote(store, vote_id)
    if vote is None or vote.winner is None or vote.loser is None:
        raise CompareError("not_decisive")
    comparison = load_comparison(store, vote.comparison_id)
    item = comparison.item(vote.item_key) if comparison else None
    if comparison is None or item is None:
        raise CompareError("not_decisive")
    answers = stored_answers(store, comparison.id)
    return (vote, comparison, item, answers[(item.key, vote.winner)].answer or "",
            answers[(item.key, vote.loser)].answer or "")


def _link(vote: Vote, comparison: Comparison) -> dict[str, Any]:
    return {"comparison_id": comparison.id, "vote_id": vote.id, "item_key": vote.item_key,
            "winner": comparison.contenders[vote.winner].model,  # type: ignore[index]
            "loser": comparison.contenders[vote.loser].model}   # type: ignore[index]


def _mark_vote(store: Store, vote: Vote, what: str, new_id: int) -> None:
    data = {**vote.data, what: new_id}
    with store.tx() as conn:
        conn.execute("UPDATE votes SET data = ? WHERE id = ?", (json.dumps(data, ensure_ascii=False), vote.id))


# Answers a machine wrote; any other source (typed, imported, a chosen variant) is a person's.
MACHINE_SOURCES = frozenset({"generated", "repair", "synthetic", SOURCE_COMPARE})
ROW_ADD = "add"          # the question is not in the project: a new draft row
ROW_UPDATE = "update"    # its row has no answer or a machine's draft: the answer is replaced (history keeps it)
ROW_CONFIRM = "confirm"  # its row's answer was approved or written by a person: ask first
ROW_SAME = "same"        # its row already has exactly the winning answer


@dataclass(frozen=True)
class RowPlan:
    """What "add the winning answer as a training row" would do, decided before anything changes."""

    action: str
    example_id: int | None = None
    current_answer: str = ""
    winner_answer: str = ""


def existing_row(store: Store, project_id: int, item: Item) -> Example | None:
    """The project's row for this question: the example it came from, else one with the same question."""
    if item.example_id is not None:
        example = store.get_example(int(item.example_id))
        if example is not None and example.project_id == project_id:
            return example
    row = store.conn.execute("SELECT id FROM examples WHERE project_id = ? AND TRIM(question) = ? ORDER BY id LIMIT 1",
                             (project_id, item.question.strip())).fetchone()
    return store.get_example(int(row["id"])) if row else None


def person_owns_answer(store: Store, example: Example) -> bool:
    """True when the answer was approved, or its last version was typed or imported by a person."""
    if not example.answer.strip():
        return False
    if example.status == "approved":
        return True
    history = store.answer_history(example.id)
    return not history or history[-1].source not in MACHINE_SOURCES


def training_row_plan(store: Store, vote_id: int) -> RowPlan:
    """Add a row, update the existing one, or ask first (the question is there with a person's answer)."""
    vote, comparison, item, winner, _loser = _decisive(store, vote_id)
    example = existing_row(store, comparison.project_id, item)
    if example is None:
        return RowPlan(ROW_ADD, winner_answer=winner)
    if example.answer.strip() == winner.strip():
        action = ROW_SAME
    else:
        action = ROW_CONFIRM if person_owns_answer(store, example) else ROW_UPDATE
    return RowPlan(action, example.id, example.answer, winner)


def vote_to_training_row(store: Store, vote_id: int, *, replace_persons_answer: bool = False) -> int:
    """The winning answer into the data: a new draft row, or the answer of the row with this question.

    An answer a person approved or wrote is replaced only with ``replace_persons_answer`` (the page
    asks first); it stays in the row's history, and an approved row goes back to draft for review.
    """
    vote, comparison, item, winner, _loser = _decisive(store, vote_id)
    existing = vote.data.get("example_id")
    if existing and store.get_example(int(existing)) is not None:
        return int(existing)
    plan = training_row_plan(store, vote_id)
    winner_model = comparison.contenders[vote.winner].model  # type: ignore[index]
    if plan.action == ROW_CONFIRM and not replace_persons_answer:
        raise CompareError("confirm_replace", id=plan.example_id)
    if plan.example_id is not None:
        example = store.get_example(plan.example_id)
        assert example is not None
        changes: dict[str, Any] = {"tags": [*example.tags, COMPARE_TAG],
                                   "extra": {**example.extra, "compare": _link(vote, comparison)}}
        if plan.action != ROW_SAME:
            changes["answer"] = winner
            if example.status == "approved":
                changes["status"] = "draft"
        store.update_example(plan.example_id, source=SOURCE_COMPARE, model=winner_model, **changes)
        _mark_vote(store, vote, "example_id", plan.example_id)
        return plan.example_id
    messages = None
    if item.history:
        messages = (*(dict(m) for m in item.history), {"role": "assistant", "content": winner})
    [example_id] = store.add_examples(comparison.project_id, [NewExample(
        question=item.question, answer=winner, tags=(*item.tags, COMPARE_TAG), messages=messages,
        extra={"compare": _link(vote, comparison)})], source=SOURCE_COMPARE, model=winner_model)
    _mark_vote(store, vote, "example_id", example_id)
    return example_id


def vote_to_preference_pair(store: Store, vote_id: int) -> tuple[int, int]:
    """A DPO pair (winner preferred, loser not) on the training prompt; returns (example id, pair id).

    The pair hangs on the question's row in the project (its answer untouched), or on a new
    draft row when the question isn't there, because the DPO file is built from reviewed rows:
    the user sees it in Curate and it is exported once approved there.
    """
    vote, comparison, item, winner, loser = _decisive(store, vote_id)
    if vote.data.get("pair_id"):
        return int(vote.data.get("pair_example_id") or vote.data.get("example_id") or 0), int(vote.data["pair_id"])
    example = existing_row(store, comparison.project_id, item)
    example_id = example.id if example is not None else vote_to_training_row(store, vote_id)
    vote = get_vote(store, vote_id) or vote
    training_prompt = str(store.get_setting(comparison.project_id, SETTING_TRAINING_PROMPT) or "")
    pair_id = store.add_preference_pair(
        comparison.project_id, item.prompt(training_prompt), preferred=winner, non_preferred=loser,
        source=SOURCE_COMPARE, example_id=example_id, ref=f"comparison:{comparison.id}/vote:{vote.id}")
    _mark_vote(store, vote, "pair_example_id", example_id)
    _mark_vote(store, get_vote(store, vote_id) or vote, "pair_id", pair_id)
    return example_id, pair_id


# ---------------------------------------------------------------------- export
def results_rows(store: Store, comparison: Comparison, lang: str = "en") -> list[dict[str, Any]]:
    """One row per item: question, reference, tags, each contender's answer and cost, and the verdicts.

    Column names are in ``lang`` (the downloaded files are read by the user).
    """
    from core.i18n import t

    answers = stored_answers(store, comparison.id)
    votes = list_votes(store, comparison.id)
    names = [c.name for c in comparison.contenders]
    rows = []
    for item in comparison.items:
        row: dict[str, Any] = {t("compare.col_question", lang): item.question,
                               t("compare.col_reference", lang): item.reference,
                               t("compare.col_tags", lang): ", ".join(item.tags)}
        for index, name in enumerate(names):
            stored = answers.get((item.key, index))
            row[t("compare.col_answer", lang, name=name)] = (
                stored.answer if stored and stored.answer is not None
                else (f"[{t('compare.col_error', lang)}] {stored.error}" if stored and stored.error else ""))
            row[t("compare.col_cost", lang, name=name)] = stored.cost_usd if stored else None
        for voter in (VOTER_HUMAN, VOTER_JUDGE):
            outcomes = []
            for vote in (v for v in votes if v.item_key == item.key and v.voter == voter):
                verdict = names[vote.winner] if vote.winner is not None else t(f"compare.choice.{vote.choice}", lang)
                outcomes.append(f"{names[vote.contender_a]} vs {names[vote.contender_b]}: {verdict}"
                                + (f" ({vote.comment})" if vote.comment else ""))
            row[t(f"compare.col_{voter}_verdicts", lang)] = "; ".join(outcomes)
        rows.append(row)
    return rows


def results_csv(rows: Sequence[Mapping[str, Any]]) -> bytes:
    """CSV with a BOM so Excel opens Korean text correctly; formula-like cells neutralised."""
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: neutralise_cell(v) for k, v in row.items()})
    return buffer.getvalue().encode("utf-8-sig")


def results_xlsx(rows: Sequence[Mapping[str, Any]]) -> bytes:
    """An Excel workbook of the same rows; every text cell is stored as text, never as a formula."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "comparison"
    if rows:
        headers = list(rows[0].keys())
        sheet.append([neutralise_cell(h) for h in headers])
        for row in rows:
            sheet.append([neutralise_cell(row.get(h)) for h in headers])
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # belt and braces: openpyxl must not treat "=…" as a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

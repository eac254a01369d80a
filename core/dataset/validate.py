"""Is the dataset ready to upload? Every check OpenAI would reject a file for, and the warnings.

A superset of the OpenAI cookbook's ``Chat_finetuning_data_prep`` checks. The
cookbook's seven categories keep their names (``data_type``,
``missing_messages_list``, ``message_missing_key``,
``message_unrecognized_key``, ``unrecognized_role``, ``missing_content``,
``example_missing_assistant_message``) and are counted the same way (message
categories once per message); on top of them this module knows today's format
(``developer`` and ``tool`` roles, ``tool_calls`` with JSON-string arguments,
``tools``, ``parallel_tool_calls``, ``weight`` 0/1 on assistant messages,
``name``), DPO lines, special tokens, blank content, duplicates and
train/validation leakage.

Everything works as a stream: ``Validator.add`` takes one record at a time and
keeps only small per-example numbers (tokens, message counts, an 8-byte hash),
so a 500 MB file is validated without being held in memory.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.data import projects
from core.data.store import Store
from core.dataset import message_format
from core.dataset.export import chat_record, training_system_prompt
from core.dataset.split import Split, eligible_ids
from core.dataset.upload_plan import PROVIDER_OPENAI, minimum_examples
from core.errors import StudioError
from core.i18n import t
from core.pricing import (
    DEFAULT_MODEL,
    MAX_UPLOAD_BYTES,
    TrainingCostEstimate,
    estimate_cost,
    model_info,
    project_overrides,
)
from core.tokens import BATCH_EXAMPLES, MEMO_LIMIT, TokenCounter

# A file checked on its own (the CLI) is held to OpenAI's rules for supervised fine-tuning.
MIN_TRAINING_EXAMPLES = minimum_examples(PROVIDER_OPENAI)

COOKBOOK_CATEGORIES: tuple[str, ...] = (
    "data_type", "missing_messages_list", "message_missing_key", "message_unrecognized_key",
    "unrecognized_role", "missing_content", "example_missing_assistant_message")
# Blocking problems beyond the cookbook's (OpenAI rejects the file or the job fails).
EXTRA_ERROR_CATEGORIES: tuple[str, ...] = (
    "invalid_json", "invalid_tool_calls", "tool_call_arguments_not_json", "invalid_tools",
    "invalid_parallel_tool_calls", "invalid_weight", "invalid_name", "dpo_missing_input",
    "dpo_invalid_output", "mixed_formats", "special_tokens", "too_few_examples", "file_too_large")
ERROR_CATEGORIES: tuple[str, ...] = COOKBOOK_CATEGORIES + EXTRA_ERROR_CATEGORIES
ALWAYS_REPORTED_WARNINGS: tuple[str, ...] = ("missing_system", "missing_user")
WARNING_CATEGORIES: tuple[str, ...] = ALWAYS_REPORTED_WARNINGS + (
    "over_token_limit", "duplicate_examples", "leakage", "unrecognized_example_key", "blank_lines")

ROLES = message_format.ROLES
MESSAGE_KEYS = message_format.MESSAGE_KEYS
SFT_KEYS = message_format.SFT_KEYS
DPO_KEYS = message_format.DPO_KEYS
# Token strings tiktoken treats as special; a training job fails on text that contains them.
SPECIAL_TOKEN_RE = re.compile(r"<\|(?:endoftext|fim_prefix|fim_middle|fim_suffix|endofprompt|im_start|im_end|im_sep)\|>")
MAX_REFS_PER_PROBLEM = 200
_SPACE = re.compile(r"\s+")


class UnreadableFile(StudioError):
    """The file is not JSONL we can read at all (CLI exit code 2); ``code`` names why."""

    KEY_PREFIX = "validate.unreadable."


@dataclass(frozen=True)
class ExampleRef:
    """Where a problem is: 0-based example index, 1-based file line, store id (when store-backed)."""

    index: int
    line: int | None = None
    example_id: int | None = None


@dataclass
class Problem:
    code: str
    severity: str  # "error" or "warning"
    count: int = 0
    refs: list[ExampleRef] = field(default_factory=list)

    def add(self, ref: ExampleRef | None) -> None:
        self.count += 1
        if ref is not None and len(self.refs) < MAX_REFS_PER_PROBLEM and (not self.refs or self.refs[-1] != ref):
            self.refs.append(ref)


@dataclass
class Report:
    """Everything the Preview page and the CLI show."""

    model: str
    n_examples: int
    kind: str  # "chat", "dpo" or "empty"
    problems: dict[str, Problem]
    tokens_per_example: array
    assistant_tokens_per_example: array
    messages_per_example: array
    encoding: str
    exact: bool
    example_token_limit: int
    cost: TrainingCostEstimate

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems.values() if p.severity == "error" and p.count]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems.values() if p.severity == "warning" and p.count]

    @property
    def ready(self) -> bool:
        return not self.errors

    @property
    def n_errors(self) -> int:
        return sum(p.count for p in self.errors)

    @property
    def n_warnings(self) -> int:
        return sum(p.count for p in self.warnings)

    def to_json(self) -> dict[str, Any]:
        """The CLI's ``--json`` object, with exactly the fields issue #3 lists."""
        format_errors = {c: self.problems[c].count if c in self.problems else 0 for c in COOKBOOK_CATEGORIES}
        format_errors.update({p.code: p.count for p in self.errors if p.code not in format_errors})
        warnings = {c: self.problems[c].count if c in self.problems else 0 for c in ALWAYS_REPORTED_WARNINGS}
        warnings.update({p.code: p.count for p in self.warnings if p.code not in warnings})
        return {
            "n_examples": self.n_examples,
            "format_errors": format_errors,
            "warnings": warnings,
            "tokens": {"per_example": list(self.tokens_per_example), "total": sum(self.tokens_per_example),
                       "assistant_per_example": list(self.assistant_tokens_per_example),
                       "encoding": self.encoding, "exact": self.exact},
            "n_epochs": self.cost.n_epochs,
            "billed_tokens": self.cost.billed_tokens,
            "estimated_cost_usd": self.cost.cost_usd,
            "ready": self.ready,
        }


def question_key(text: str) -> str:
    """A user question as leakage sees it: case and spacing ignored."""
    return _SPACE.sub(" ", text.strip()).casefold()


def first_user_text(record: Any) -> str | None:
    """The first user message's text of a chat or DPO record, if any."""
    if not isinstance(record, dict):
        return None
    messages = record.get("messages")
    if messages is None and isinstance(record.get("input"), dict):
        messages = record["input"].get("messages")
    if not isinstance(messages, list):
        return None
    for message in messages:
        if isinstance(message, dict) and message.get("role") == "user" and isinstance(message.get("content"), str):
            return message["content"]
    return None


def _content_text(content: Any) -> str | None:
    """Text of a message's content: a string, or the text parts of a content-part list."""
    if isinstance(content, str):
        return content
    if isinstance(content, list) and all(isinstance(p, dict) and "type" in p for p in content):
        texts = [p.get("text") for p in content if p.get("type") == "text"]
        if not all(isinstance(t, str) for t in texts):
            return None
        return "".join(texts) if texts else " "  # image-only parts still count as content
    return None


def _has_special_tokens(value: Any) -> bool:
    if isinstance(value, str):
        return "<|" in value and SPECIAL_TOKEN_RE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_special_tokens(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_special_tokens(v) for v in value)
    return False


class Validator:
    """Feed records one by one (``add``), then ``finish()`` for the report."""

    def __init__(self, model: str = DEFAULT_MODEL, overrides: dict[str, Any] | None = None,
                 valid_questions: dict[str, ExampleRef] | None = None,
                 min_examples: int = MIN_TRAINING_EXAMPLES) -> None:
        info = model_info(model, overrides) or model_info(DEFAULT_MODEL, overrides)
        assert info is not None
        self.model = model
        self.overrides = overrides
        self.limit = info.max_example_tokens
        self.min_examples = min_examples
        self.counter = TokenCounter(model)
        self.problems: dict[str, Problem] = {}
        self.n_examples = 0
        self.kinds: set[str] = set()
        self.tokens = array("l")
        self.assistant_tokens = array("l")
        self.messages = array("l")
        self.billed_mask = array("b")
        self._pending: list[list[dict[str, Any]]] = []
        self._seen_hashes: set[int] = set()
        self._memo: dict[str, int] = {}  # text → tokens, shared by batches (roles, system prompts)
        self.billed_bytes = 0  # size of the training file these records make (one JSON line each)
        self._valid_questions = valid_questions or {}
        self._pending_refs: list[ExampleRef] = []

    # ------------------------------------------------------------------ problems
    def flag(self, code: str, ref: ExampleRef | None) -> None:
        severity = "error" if code in ERROR_CATEGORIES else "warning"
        self.problems.setdefault(code, Problem(code, severity)).add(ref)

    # ------------------------------------------------------------------ records
    def add_invalid_line(self, line: int) -> None:
        """A line that is not JSON: counted as an example with an error, so line numbers stay honest."""
        ref = ExampleRef(self.n_examples, line)
        self.n_examples += 1
        self.flag("invalid_json", ref)
        self._append_counts([], ref, billed=True)

    def add(self, record: Any, line: int | None = None, example_id: int | None = None, billed: bool = True) -> None:
        """Check one example; ``billed`` False for validation-split examples (not trained on)."""
        ref = ExampleRef(self.n_examples, line, example_id)
        self.n_examples += 1
        if not isinstance(record, dict):
            self.flag("data_type", ref)
            self._append_counts([], ref, billed)
            return
        if "input" in record or "preferred_output" in record or "non_preferred_output" in record:
            self.kinds.add("dpo")
            counted = self._check_dpo(record, ref)
        else:
            self.kinds.add("chat")
            counted = self._check_chat(record, ref)
        if len(self.kinds) > 1:
            self.flag("mixed_formats", ref)
        if _has_special_tokens(record):
            self.flag("special_tokens", ref)
        self._check_duplicate(record, ref, billed)
        if billed:  # leakage is a training example whose question is also in validation
            self._check_leakage(record, ref)
        self._append_counts(counted, ref, billed)

    def _check_messages(self, messages: Any, ref: ExampleRef, *, need_assistant: bool) -> list[dict[str, Any]]:
        """The cookbook's message checks plus today's keys; returns the messages fit to count."""
        if not messages or not isinstance(messages, list):
            self.flag("missing_messages_list", ref)
            return []
        usable = []
        for message in messages:
            if not isinstance(message, dict):
                self.flag("message_missing_key", ref)
                continue
            usable.append(message)
            self._check_message(message, ref)
        roles = [m.get("role") for m in usable]
        if need_assistant and "assistant" not in roles:
            self.flag("example_missing_assistant_message", ref)
        if not message_format.INSTRUCTION_ROLES.intersection(roles):
            self.flag("missing_system", ref)
        if "user" not in roles:
            self.flag("missing_user", ref)
        return usable

    def _check_message(self, message: dict[str, Any], ref: ExampleRef) -> None:
        role = message.get("role")
        tool_calls = message.get("tool_calls")
        has_call = bool(tool_calls) or bool(message.get("function_call"))
        if "role" not in message or ("content" not in message and not has_call):
            self.flag("message_missing_key", ref)
        if role == "tool" and "tool_call_id" not in message:
            self.flag("message_missing_key", ref)
        if any(key not in MESSAGE_KEYS for key in message):
            self.flag("message_unrecognized_key", ref)
        if role not in ROLES:
            self.flag("unrecognized_role", ref)
        content = message.get("content")
        text = _content_text(content)
        if not has_call and (text is None or not text.strip()):
            self.flag("missing_content", ref)
        elif content is not None and text is None:
            self.flag("missing_content", ref)
        if "weight" in message:
            weight = message["weight"]
            if role != "assistant" or isinstance(weight, bool) or weight not in (0, 1):
                self.flag("invalid_weight", ref)
        if "name" in message and (not isinstance(message["name"], str) or not message["name"].strip()):
            self.flag("invalid_name", ref)
        if tool_calls is not None:
            self._check_tool_calls(tool_calls, role, ref)

    def _check_tool_calls(self, tool_calls: Any, role: Any, ref: ExampleRef) -> None:
        if role != "assistant" or not isinstance(tool_calls, list):
            self.flag("invalid_tool_calls", ref)
            return
        for call in tool_calls:
            function = call.get("function") if isinstance(call, dict) else None
            if not isinstance(function, dict) or not isinstance(function.get("name"), str) or "id" not in call:
                self.flag("invalid_tool_calls", ref)
                continue
            arguments = function.get("arguments")
            try:
                if not isinstance(arguments, str):
                    raise TypeError
                json.loads(arguments)
            except (TypeError, ValueError):
                self.flag("tool_call_arguments_not_json", ref)

    def _check_tools(self, record: dict[str, Any], ref: ExampleRef) -> None:
        tools = record.get("tools")
        if tools is not None:
            ok = isinstance(tools, list) and all(
                isinstance(t, dict) and t.get("type") == "function" and isinstance(t.get("function"), dict)
                and isinstance(t["function"].get("name"), str) for t in tools)
            if not ok:
                self.flag("invalid_tools", ref)
        if "parallel_tool_calls" in record and not isinstance(record["parallel_tool_calls"], bool):
            self.flag("invalid_parallel_tool_calls", ref)

    def _check_chat(self, record: dict[str, Any], ref: ExampleRef) -> list[dict[str, Any]]:
        if any(key not in SFT_KEYS for key in record):
            self.flag("unrecognized_example_key", ref)
        self._check_tools(record, ref)
        return self._check_messages(record.get("messages"), ref, need_assistant=True)

    def _check_dpo(self, record: dict[str, Any], ref: ExampleRef) -> list[dict[str, Any]]:
        if any(key not in DPO_KEYS for key in record):
            self.flag("unrecognized_example_key", ref)
        source = record.get("input")
        if not isinstance(source, dict) or "messages" not in source:
            self.flag("dpo_missing_input", ref)
            usable: list[dict[str, Any]] = []
        else:
            self._check_tools(source, ref)
            usable = self._check_messages(source.get("messages"), ref, need_assistant=False)
        for side in ("preferred_output", "non_preferred_output"):
            output = record.get(side)
            if (not isinstance(output, list) or len(output) != 1 or not isinstance(output[0], dict)
                    or output[0].get("role") != "assistant"):
                self.flag("dpo_invalid_output", ref)
                continue
            self._check_message(output[0], ref)
            usable = usable + [output[0]]
        return usable

    def _check_duplicate(self, record: dict[str, Any], ref: ExampleRef, billed: bool) -> None:
        canonical = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
        if billed:  # same length as the exported line: key order doesn't change the size
            self.billed_bytes += len(canonical) + 1
        digest = int.from_bytes(hashlib.blake2b(canonical, digest_size=8).digest(), "big")
        if digest in self._seen_hashes:
            self.flag("duplicate_examples", ref)
        else:
            self._seen_hashes.add(digest)

    def _check_leakage(self, record: dict[str, Any], ref: ExampleRef) -> None:
        if not self._valid_questions:
            return
        question = first_user_text(record)
        if question is not None and question_key(question) in self._valid_questions:
            self.flag("leakage", ref)

    # ------------------------------------------------------------------ tokens
    def _append_counts(self, messages: list[dict[str, Any]], ref: ExampleRef, billed: bool) -> None:
        self.messages.append(len(messages))
        self.billed_mask.append(1 if billed else 0)
        self._pending.append(messages)
        self._pending_refs.append(ref)
        if len(self._pending) >= BATCH_EXAMPLES:
            self._flush()

    def _flush(self) -> None:
        for messages, ref, count in zip(self._pending, self._pending_refs,
                                        self.counter.count_batch(self._pending, self._memo), strict=True):
            total = count.total if messages else 0
            self.tokens.append(total)
            self.assistant_tokens.append(count.assistant if messages else 0)
            if total > self.limit:
                self.flag("over_token_limit", ref)
        self._pending, self._pending_refs = [], []
        if len(self._memo) > MEMO_LIMIT:
            self._memo.clear()

    # ------------------------------------------------------------------ report
    def finish(self, epochs: int | None = None, file_bytes: int | None = None) -> Report:
        """Close the stream: dataset-level checks, token totals and the cost."""
        self._flush()
        n_billed = sum(self.billed_mask)
        if n_billed < self.min_examples:
            self.flag("too_few_examples", None)
        if file_bytes is not None and file_bytes > MAX_UPLOAD_BYTES:
            self.flag("file_too_large", None)
        billed = [t for t, keep in zip(self.tokens, self.billed_mask, strict=True) if keep]
        cost = estimate_cost(billed, self.model, self.overrides, epochs)
        kind = "empty" if not self.kinds else ("dpo" if self.kinds == {"dpo"} else "chat")
        return Report(self.model, self.n_examples, kind, self.problems, self.tokens, self.assistant_tokens,
                      self.messages, self.counter.encoding_name, self.counter.exact, self.limit, cost)


# ---------------------------------------------------------------------- files
def iter_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed object or ``INVALID``) for every non-blank line, streamed.

    Raises ``UnreadableFile`` for a missing file or text that isn't UTF-8.
    """
    try:
        handle = path.open("rb")
    except OSError as error:
        raise UnreadableFile("not_found", path=str(path), reason=error.strerror or str(error)) from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                raise UnreadableFile("not_utf8", path=str(path), line=number) from None
            stripped = text.strip()
            if not stripped:
                yield number, BLANK
                continue
            try:
                yield number, json.loads(stripped)
            except ValueError:
                yield number, INVALID


INVALID = object()
BLANK = object()


def validate_file(path: str | Path, model: str = DEFAULT_MODEL, overrides: dict[str, Any] | None = None,
                  epochs: int | None = None, valid_path: str | Path | None = None) -> Report:
    """Validate a JSONL file as a stream; ``valid_path`` adds the leakage check against it."""
    path = Path(path)
    valid_questions: dict[str, ExampleRef] = {}
    if valid_path is not None:
        for index, (number, record) in enumerate(iter_jsonl(Path(valid_path))):
            question = first_user_text(record) if record is not INVALID and record is not BLANK else None
            if question is not None:
                valid_questions.setdefault(question_key(question), ExampleRef(index, number))
    validator = Validator(model, overrides, valid_questions)
    n_records = 0
    for number, record in iter_jsonl(path):
        if record is BLANK:
            validator.flag("blank_lines", ExampleRef(validator.n_examples, number))
        elif record is INVALID:
            validator.add_invalid_line(number)
        else:
            n_records += 1
            validator.add(record, line=number)
    if validator.n_examples and not n_records:
        raise UnreadableFile(_why_not_jsonl(path), path=str(path))
    return validator.finish(epochs, file_bytes=path.stat().st_size)


def _why_not_jsonl(path: Path) -> str:
    """No line parsed: a pretty-printed JSON document (one object over many lines), or not JSON at all."""
    with path.open("rb") as handle:
        for raw in handle:
            stripped = raw.decode("utf-8-sig", "replace").strip()
            if stripped:
                return "pretty_json" if stripped[0] in "{[" else "not_jsonl"
    return "not_jsonl"


# ---------------------------------------------------------------------- store
def validate_examples(records: Iterable[tuple[dict[str, Any], int, bool]], model: str = DEFAULT_MODEL,
                      overrides: dict[str, Any] | None = None, epochs: int | None = None,
                      valid_questions: dict[str, ExampleRef] | None = None) -> Report:
    """Validate (record, example id, billed) triples, e.g. a project's examples from the store."""
    validator = Validator(model, overrides, valid_questions)
    for record, example_id, billed in records:
        validator.add(record, example_id=example_id, billed=billed)
    return validator.finish(epochs, file_bytes=validator.billed_bytes)


def project_records(store: Store, project_id: int, ids: Iterable[int],
                    billed: bool = True) -> Iterator[tuple[dict[str, Any], int, bool]]:
    """(chat record, example id, billed) for the given examples, streamed from the store."""
    system = training_system_prompt(store, project_id)
    for example in store.iter_examples(project_id, ids=ids):
        yield chat_record(example, system), example.id, billed


def validate_project(store: Store, project_id: int, model: str = DEFAULT_MODEL, split: Split | None = None,
                     approved_only: bool = True, epochs: int | None = None) -> Report:
    """Validate what would be uploaded: the split's train and validation examples, else the eligible ones."""
    if split is None:
        return validate_ids(store, project_id, eligible_ids(store, project_id, approved_only), [], model, epochs)
    return validate_ids(store, project_id, split.train_ids, split.valid_ids, model, epochs)


def validate_ids(store: Store, project_id: int, train_ids: list[int], valid_ids: list[int],
                 model: str = DEFAULT_MODEL, epochs: int | None = None,
                 min_examples: int = MIN_TRAINING_EXAMPLES) -> Report:
    """Validate a training file's and a validation file's examples (``core.dataset.upload_plan`` says which).

    Validation examples are checked too, but only training examples are billed
    and counted towards the minimum; the leakage check compares the two sides.
    """
    overrides = project_overrides(store, project_id)
    valid_questions: dict[str, ExampleRef] = {}
    for index, (record, example_id, _billed) in enumerate(project_records(store, project_id, valid_ids)):
        question = first_user_text(record)
        if question is not None:
            valid_questions.setdefault(question_key(question), ExampleRef(index, None, example_id))
    records = itertools.chain(project_records(store, project_id, train_ids),
                              project_records(store, project_id, valid_ids, billed=False))
    validator = Validator(model, overrides, valid_questions, min_examples)
    for record, example_id, billed in records:
        validator.add(record, example_id=example_id, billed=billed)
    return validator.finish(epochs, file_bytes=validator.billed_bytes)


def dataset_fingerprint(store: Store, project_id: int) -> str:
    """Changes whenever an example, a setting or a split of the project changes (a cache key for the page)."""
    return projects.dataset_fingerprint(store, project_id)


# ---------------------------------------------------------------------- text
def problem_text(problem: Problem, lang: str, limit: int) -> str:
    """One plain sentence for a problem: what is wrong and how to fix it."""
    return t(f"validate.{problem.code}", lang, minimum=MIN_TRAINING_EXAMPLES, limit=limit)


def where_text(problem: Problem, lang: str, shown: int = 10) -> str:
    """'lines 3, 7, 9 …' (file) or 'examples #12, #40' (store), empty for dataset-level problems."""
    if not problem.refs:
        return ""
    by_line = problem.refs[0].line is not None
    marks = [str(r.line) if by_line else (f"#{r.example_id}" if r.example_id is not None else str(r.index + 1))
             for r in problem.refs[:shown]]
    where = ", ".join(marks) + (" …" if problem.count > shown and len(problem.refs) > shown else "")
    return t("validate.where_lines" if by_line else "validate.where_examples", lang, where=where)


def headline(report: Report, lang: str) -> str:
    """"Ready to upload …" or "Not ready: N blocking errors …"."""
    if report.ready:
        return t("validate.ready", lang, n=report.n_examples, warnings=report.n_warnings)
    return t("validate.not_ready", lang, n=report.n_examples, errors=report.n_errors, warnings=report.n_warnings)


def cost_text(report: Report, lang: str) -> str:
    """Epochs × billed tokens → dollars, with the price and its date."""
    cost = report.cost
    return t("validate.cost_line", lang, epochs=cost.n_epochs, billed=f"{cost.billed_tokens:,}",
             cost=f"{cost.cost_usd:,.2f}", price=f"{cost.price_per_1m:g}", model=cost.model, date=cost.price_date)


def render_text(report: Report, lang: str = "en") -> str:
    """The report as the CLI prints it (the page shows the same facts)."""
    lines = [headline(report, lang)]
    for heading, problems in (("validate.errors_heading", report.errors), ("validate.warnings_heading", report.warnings)):
        if problems:
            lines += ["", t(heading, lang)]
            for problem in problems:
                where = where_text(problem, lang)
                lines.append(f"- [{problem.code}] {t('validate.count', lang, count=problem.count)} "
                             f"{problem_text(problem, lang, report.example_token_limit)}" + (f" ({where})" if where else ""))
    tokens = sorted(report.tokens_per_example)
    if tokens:
        lines += ["", t("validate.tokens_line", lang, encoding=report.encoding, total=sum(tokens), min=tokens[0],
                        median=tokens[len(tokens) // 2], max=tokens[-1], assistant=sum(report.assistant_tokens_per_example))]
    if not report.exact:
        lines.append(t("validate.estimate_flag", lang))
    lines.append(cost_text(report, lang))
    return "\n".join(lines)


def unreadable_text(error: UnreadableFile, lang: str = "en") -> str:
    """The message for a file that can't be read at all."""
    return t(f"validate.unreadable.{error.code}", lang, **error.details)

"""Where the records come from: a JSONL file read as a stream, or a project's rows in the store; its fingerprint."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from core.data import projects
from core.data.store import Store
from core.dataset.export import chat_record, training_system_prompt
from core.dataset.split import Split, eligible_ids
from core.dataset.upload_plan import PROVIDER_OPENAI
from core.dataset.validate.checks import Validator
from core.dataset.validate.report import (
    MIN_TRAINING_EXAMPLES,
    ExampleRef,
    Report,
    UnreadableFile,
    first_user_text,
    question_key,
)
from core.pricing import (
    DEFAULT_MODEL,
    project_overrides,
)


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


def validate_file(
    path: str | Path,
    model: str = DEFAULT_MODEL,
    overrides: dict[str, Any] | None = None,
    epochs: int | None = None,
    valid_path: str | Path | None = None,
    provider: str = PROVIDER_OPENAI,
) -> Report:
    """Validate a JSONL file as a stream by ``provider``'s rules; ``valid_path`` adds the leakage check."""
    path = Path(path)
    valid_questions: dict[str, ExampleRef] = {}
    if valid_path is not None:
        for index, (number, record) in enumerate(iter_jsonl(Path(valid_path))):
            question = first_user_text(record) if record is not INVALID and record is not BLANK else None
            if question is not None:
                valid_questions.setdefault(question_key(question), ExampleRef(index, number))
    validator = Validator(model, overrides, valid_questions, provider=provider)
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


def validate_examples(
    records: Iterable[tuple[dict[str, Any], int, bool]],
    model: str = DEFAULT_MODEL,
    overrides: dict[str, Any] | None = None,
    epochs: int | None = None,
    valid_questions: dict[str, ExampleRef] | None = None,
) -> Report:
    """Validate (record, example id, billed) triples, e.g. a project's examples from the store."""
    validator = Validator(model, overrides, valid_questions)
    for record, example_id, billed in records:
        validator.add(record, example_id=example_id, billed=billed)
    return validator.finish(epochs, file_bytes=validator.billed_bytes)


def project_records(
    store: Store, project_id: int, ids: Iterable[int], billed: bool = True
) -> Iterator[tuple[dict[str, Any], int, bool]]:
    """(chat record, example id, billed) for the given examples, streamed from the store."""
    system = training_system_prompt(store, project_id)
    for example in store.iter_examples(project_id, ids=ids):
        yield chat_record(example, system), example.id, billed


def validate_project(
    store: Store,
    project_id: int,
    model: str = DEFAULT_MODEL,
    split: Split | None = None,
    approved_only: bool = True,
    epochs: int | None = None,
) -> Report:
    """Validate what would be uploaded: the split's train and validation examples, else the eligible ones."""
    if split is None:
        return validate_ids(store, project_id, eligible_ids(store, project_id, approved_only), [], model, epochs)
    return validate_ids(store, project_id, split.train_ids, split.valid_ids, model, epochs)


def validate_ids(
    store: Store,
    project_id: int,
    train_ids: list[int],
    valid_ids: list[int],
    model: str = DEFAULT_MODEL,
    epochs: int | None = None,
    min_examples: int = MIN_TRAINING_EXAMPLES,
    provider: str = PROVIDER_OPENAI,
) -> Report:
    """Validate a training file's and a validation file's examples (``core.dataset.upload_plan`` says which)
    by ``provider``'s rules (Together adds its message order and its models' context lengths).

    Validation examples are checked too, but only training examples are billed
    and counted towards the minimum; the leakage check compares the two sides.
    """
    overrides = project_overrides(store, project_id)
    valid_questions: dict[str, ExampleRef] = {}
    for index, (record, example_id, _billed) in enumerate(project_records(store, project_id, valid_ids)):
        question = first_user_text(record)
        if question is not None:
            valid_questions.setdefault(question_key(question), ExampleRef(index, None, example_id))
    records = itertools.chain(
        project_records(store, project_id, train_ids), project_records(store, project_id, valid_ids, billed=False)
    )
    validator = Validator(model, overrides, valid_questions, min_examples, provider)
    for record, example_id, billed in records:
        validator.add(record, example_id=example_id, billed=billed)
    return validator.finish(epochs, file_bytes=validator.billed_bytes)


def dataset_fingerprint(store: Store, project_id: int) -> str:
    """Changes whenever an example, a setting or a split of the project changes (a cache key for the page)."""
    return projects.dataset_fingerprint(store, project_id)
